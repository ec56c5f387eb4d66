/* SPDX-License-Identifier: MIT */
/* The command line and the environment, as getopt_long("+...") and tini
 * read them, without their stdio. */
#include "options.h"
#include "util.h"

#include <string.h>

/* Tabs align the descriptions at column 24, in fewer bytes than spaces. */
const char opts_usage[] =
	"Usage: init [OPTION]... [--] PROGRAM [ARG]...\n"
	"       init -P [OPTION]...\n"
	"Run PROGRAM, forward signals to it, reap every orphan, exit with its\n"
	"status (128+N if killed by signal N).\n"
	"\n"
	"  -g, --pgroup\t\tsignal the child's whole process group\n"
	"  -p, --pdeathsig SIG\tget SIG when init's parent dies\n"
	"  -e, --remap-exit CODE\texit 0 for CODE (repeatable)\n"
	"  -r, --rewrite FROM:TO\tforward FROM as TO; TO=0 drops it (repeatable)\n"
	"  -t, --grace SECS\tafter the child, TERM the rest, KILL after SECS\n"
	"  -W, --wait-all\t\tafter the child, wait for all the rest; signals,\n"
	"\t\t\tTERM or INT to stop, go to all; exit: the child's\n"
	"\t\t\tif it failed, else the last one's\n"
	"  -P, --pause\t\tno program: reap until TERM or INT, exit 0\n"
	"  -u, --unshare\t\tbe PID 1 of a new PID namespace with its /proc\n"
	"  -w, --warn-reap\tlog each orphan reaped\n"
	"  -v, --verbose\t\tlog more (-vv: more still)\n"
	"  -q, --quiet\t\terrors only\n"
	"  -s, --subreaper\ttini's; on anyway when not PID 1\n"
	"  -h, --help, -V, --version\n"
	"SIG: TERM, SIGTERM, 15, RTMIN+2.  Environment, beaten by flags:\n"
	"INIT_PGROUP, INIT_SUBREAPER, INIT_WAIT_ALL=1|0|true|false|yes|no,\n"
	"INIT_VERBOSITY=0-3, INIT_GRACE=SECS, INIT_REMAP_EXIT=C,C; tini's\n"
	"TINI_SUBREAPER, TINI_KILL_PROCESS_GROUP, TINI_VERBOSITY.\n"
	"Exit: the program's; 125 init failed, 126 cannot execute, 127 not found.\n";

/* Each option: its letter, whether it takes a value, its long name. */
static const struct opt_spec {
	char c;
	bool value;
	char name[11];
} specs[] = {
	{ 's', false, "subreaper" }, { 'g', false, "pgroup" }, { 'p', true, "pdeathsig" },
	{ 'e', true, "remap-exit" }, { 'r', true, "rewrite" }, { 't', true, "grace" },
	{ 'W', false, "wait-all" }, { 'P', false, "pause" }, { 'u', false, "unshare" },
	{ 'w', false, "warn-reap" }, { 'v', false, "verbose" }, { 'q', false, "quiet" },
	{ 'h', false, "help" }, { 'V', false, "version" },
};

/* The digits s starts with (no sign) as a number of at most max; returns
 * where they end, or NULL if there are none or the number is too big. */
static const char *scan_uint(const char *s, unsigned max, unsigned *out)
{
	const char *p = s;
	unsigned long n = 0;

	for (; *p >= '0' && *p <= '9'; p++) {
		n = n * 10 + (unsigned long)(*p - '0');
		if (n > max)
			return NULL;
	}
	*out = (unsigned)n;
	return p > s ? p : NULL;
}

/* Digits only, no sign, at most max. */
static bool parse_uint(const char *s, unsigned max, unsigned *out)
{
	const char *end = scan_uint(s, max, out);

	return end && !*end;
}

static int parse_bool(const char *s)
{
	static const char *const yes[] = { "1", "true", "yes" }, *const no[] = { "0", "false", "no" };

	for (size_t i = 0; i < LEN(yes); i++) {
		const char *y = util_skip(s, yes[i], true), *n = util_skip(s, no[i], true);

		if (y && !*y)
			return 1;
		if (n && !*n)
			return 0;
	}
	return -1;
}

/* Exit status s into the set: "C" (-e), or "C,C,C" if list
 * (INIT_REMAP_EXIT). */
static bool parse_exit_zero(uint8_t *set, const char *s, bool list)
{
	for (;;) {
		unsigned code;
		const char *end = scan_uint(s, 255, &code);

		if (!end)
			return false;
		set[code / 8] |= (uint8_t)(1u << (code % 8));
		if (!*end)
			return true;
		if (!list || *end != ',')
			return false;
		s = end + 1;
	}
}

static bool parse_rewrite(struct opts *o, const char *s)
{
	const char *colon = util_find(s, ':');
	char from[16];
	int f, t;

	if (!*colon || (size_t)(colon - s) >= sizeof(from))
		return false;
	memcpy(from, s, (size_t)(colon - s));
	from[colon - s] = '\0';
	f = sig_number(from);
	t = strcmp(colon + 1, "0") ? sig_number(colon + 1) : 0;
	return f > 0 && t >= 0 && sig_rewrite(o->rewrite, f, t) == 0;
}

static int bad(struct parse_error *e, const char *where, const char *value, const char *why)
{
	e->where = where;
	e->value = value;
	e->why = why;
	return PARSE_ERROR;
}

/* An option that takes a value, for messages: "-t/--grace". */
static const char *opt_name(struct parse_error *e, const struct opt_spec *opt)
{
	char *p = e->opt;

	*p++ = '-';
	*p++ = opt->c;
	util_cat(util_cat(p, "/--"), opt->name);
	return e->opt;
}

/* atoi()'s reading, as tini reads its variables: leading blanks, a sign,
 * digits, and whatever follows ignored. */
static long lenient_number(const char *s)
{
	long n = 0;
	bool minus;

	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	minus = *s == '-';
	if (*s == '-' || *s == '+')
		s++;
	for (; *s >= '0' && *s <= '9' && n < 1000; s++)
		n = n * 10 + (*s - '0');
	return minus ? -n : n;
}

/* Applies option c, one that takes no value.  -s has nothing to do: init
 * is a subreaper whenever it is not PID 1. */
static int set_flag(struct opts *o, char c)
{
	switch (c) {
	case 'g': o->pgroup = true; break;
	case 'W': o->wait_all = true; break;
	case 'P': o->pause = true; break;
	case 'u': o->unshare = true; break;
	case 'w': o->warn_reap = true; break;
	case 'v': o->verbosity = o->verbosity < 1 ? 2 : o->verbosity < 3 ? o->verbosity + 1 : 3; break;
	case 'q': o->verbosity = 0; break;
	case 'h': return PARSE_HELP;
	case 'V': return PARSE_VERSION;
	}
	return PARSE_RUN;
}

/* Applies option opt, one that takes a value, with its value v. */
static int set_value(struct opts *o, const struct opt_spec *opt, const char *v, struct parse_error *e)
{
	unsigned u;

	switch (opt->c) {
	case 'p':
		if ((o->pdeathsig = sig_number(v)) < 0)
			return bad(e, opt_name(e, opt), v, "no such signal");
		break;
	case 'e':
		if (!parse_exit_zero(o->exit_zero, v, false))
			return bad(e, opt_name(e, opt), v, "want an exit status from 0 to 255");
		break;
	case 'r':
		if (!parse_rewrite(o, v))
			return bad(e, opt_name(e, opt), v, "want FROM:TO, two signals (TO may be 0), FROM one that init forwards");
		break;
	case 't':
		if (!parse_uint(v, GRACE_MAX, &u))
			return bad(e, opt_name(e, opt), v, "want whole seconds, at most 1000000");
		o->grace = u;
		break;
	}
	return PARSE_RUN;
}

/* The long option word w names (after "--", up to any "="): the exact name
 * or the only one it begins, as getopt_long takes them; NULL if none or
 * more than one. */
static const struct opt_spec *long_option(const char *w)
{
	const struct opt_spec *found = NULL;
	size_t len = (size_t)(util_find(w, '=') - w);
	int begun = 0;

	for (size_t i = 0; i < LEN(specs); i++) {
		if (strncmp(w, specs[i].name, len) != 0)
			continue;
		if (!specs[i].name[len])
			return &specs[i];
		found = &specs[i];
		begun++;
	}
	return begun == 1 ? found : NULL;
}

/* Option opt given, with its value v (NULL if none came). */
static int apply(struct opts *o, const struct opt_spec *opt, const char *v, bool set[128],
		 struct parse_error *e)
{
	set[(unsigned char)opt->c] = true;
	if (!opt->value)
		return set_flag(o, opt->c);
	if (!v)
		return bad(e, opt_name(e, opt), NULL, "needs a value");
	return set_value(o, opt, v, e);
}

/* argv[*i] is "--name", "--name=VALUE" or "--name VALUE": then *i moves on
 * to the value. */
static int long_word(struct opts *o, char **argv, int *i, bool set[128], struct parse_error *e)
{
	const char *w = argv[*i], *eq = util_find(w, '=');
	const struct opt_spec *opt = long_option(w + 2);

	if (!opt)
		return bad(e, w, NULL, "unknown option");
	if (*eq && !opt->value)
		return bad(e, w, NULL, "takes no value");
	return apply(o, opt, *eq ? eq + 1 : opt->value ? argv[++*i] : NULL, set, e);
}

/* argv[*i] is letters, "-gw"; one that takes a value takes the rest of the
 * word, "-t5", or the next word, "-t 5": then *i moves on to it. */
static int short_word(struct opts *o, char **argv, int *i, bool set[128], struct parse_error *e)
{
	for (const char *w = argv[*i] + 1; *w; w++) {
		const struct opt_spec *opt = specs;
		int rc;

		while (opt < specs + LEN(specs) && opt->c != *w)
			opt++;
		if (opt == specs + LEN(specs)) {
			memcpy(e->opt, (char[]){ '-', *w, '\0' }, 3);
			return bad(e, e->opt, NULL, "unknown option");
		}
		if (opt->value)
			return apply(o, opt, w[1] ? w + 1 : argv[++*i], set, e);
		if ((rc = apply(o, opt, NULL, set, e)) != PARSE_RUN)
			return rc;
	}
	return PARSE_RUN;
}

/* The command line, as getopt_long("+...") reads it, without its stdio:
 * options end at the first word that is not one (the program's name), or
 * after "--". */
static int parse_flags(struct opts *o, int argc, char **argv, bool set[128], struct parse_error *e)
{
	int i = 1;

	while (i < argc && argv[i][0] == '-' && argv[i][1]) {
		int rc;

		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		rc = argv[i][1] == '-' ? long_word(o, argv, &i, set, e) : short_word(o, argv, &i, set, e);
		if (rc != PARSE_RUN)
			return rc;
		i++;
	}
	o->argv = argv + i;
	return PARSE_RUN;
}

/* The environment form, for images that cannot pass flags.  INIT_* values
 * are strict; TINI_* keep tini's meaning (set at all means on).  Variables
 * are checked even when a flag beats them, so a typo never goes unseen. */
static int parse_env(struct opts *o, const bool set[128], struct parse_error *e)
{
	static const char *const bools[] = { "INIT_SUBREAPER", "INIT_PGROUP", "INIT_WAIT_ALL" };
	bool *const flags[] = { NULL, &o->pgroup, &o->wait_all };
	const char *v;
	unsigned u;
	int b;

	for (size_t i = 0; i < LEN(bools); i++) {
		if (!(v = util_getenv(bools[i])))
			continue;
		if ((b = parse_bool(v)) < 0)
			return bad(e, bools[i], v, "want 1/0, true/false or yes/no");
		if (flags[i])
			*flags[i] |= b;
	}
	if (!util_getenv("INIT_PGROUP") && util_getenv("TINI_KILL_PROCESS_GROUP"))
		o->pgroup = true;
	if ((v = util_getenv("INIT_VERBOSITY"))) {
		if (!parse_uint(v, 1000, &u))
			return bad(e, "INIT_VERBOSITY", v, "want a number: 0 errors only, 1 warnings, 2 or 3 more");
		if (!set['v'] && !set['q'])
			o->verbosity = u > 3 ? 3 : (int)u;
	} else if ((v = util_getenv("TINI_VERBOSITY")) && !set['v'] && !set['q']) {
		/* Set at all, it means verbose (-v); tini's debug levels, 4
		 * and up (read as atoi() does), mean -vv. */
		o->verbosity = lenient_number(v) >= 4 ? 3 : 2;
	}
	if ((v = util_getenv("INIT_GRACE"))) {
		if (!parse_uint(v, GRACE_MAX, &u))
			return bad(e, "INIT_GRACE", v, "want whole seconds, at most 1000000");
		if (!set['t'])
			o->grace = u;
	}
	if ((v = util_getenv("INIT_REMAP_EXIT"))) {
		uint8_t scratch[sizeof(o->exit_zero)] = { 0 };

		if (!parse_exit_zero(scratch, v, true))
			return bad(e, "INIT_REMAP_EXIT", v, "want exit statuses from 0 to 255, comma-separated");
		if (!set['e'])
			memcpy(o->exit_zero, scratch, sizeof(o->exit_zero));
	}
	return PARSE_RUN;
}

int opts_parse(struct opts *o, int argc, char **argv, struct parse_error *e)
{
	bool set[128] = { false };
	int rc;

	*o = (struct opts){ .verbosity = 1 };
	rc = parse_flags(o, argc, argv, set, e);
	if (rc != PARSE_RUN)
		return rc;
	rc = parse_env(o, set, e);
	if (rc != PARSE_RUN)
		return rc;
	if (o->pause && o->argv[0])
		return bad(e, "-P/--pause", o->argv[0], "runs no program");
	if (!o->pause && !o->argv[0])
		return bad(e, "usage", NULL, "no program given (try 'init --help')");
	return PARSE_RUN;
}

int opts_remap(const struct opts *o, int code)
{
	return (o->exit_zero[code / 8] & (1u << (code % 8))) ? 0 : code;
}
