/* SPDX-License-Identifier: MIT */
/*
 * init: the command line, the environment and where log lines go.  The
 * work itself (spawn, forward, reap) is reaper.c's and signals.c's.
 */
#include "commit.h"
#include "reaper.h"
#include "signals.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef INIT_VERSION
#define INIT_VERSION "unknown"
#endif
#ifndef RWF_NOWAIT	/* musl has no pwritev2(), and not its flags */
#define RWF_NOWAIT 0x00000008
#endif

extern char **environ;

/* The longest grace period, so that it fits the reaper's milliseconds. */
#define GRACE_MAX 1000000u

struct opts {
	bool pgroup;
	bool pause;
	bool warn_reap;
	bool unshare;
	bool wait_all;
	int verbosity;		/* 0 errors only, 1 warnings, 2 -v, 3 -vv */
	int pdeathsig;		/* 0: none */
	unsigned grace;		/* seconds */
	uint8_t exit_zero[256 / 8];	/* -e: exit statuses reported as 0 */
	sig_map rewrite;	/* -r */
	char **argv;		/* the program and its arguments */
};

/* What a bad command line or environment is reported as: one line,
 * "init: WHERE: VALUE: WHY" (VALUE may be NULL). */
struct parse_error {
	const char *where;
	const char *value;
	const char *why;
	char opt[16];	/* where, when it is an option made up here: "-x",
			 * "-t/--grace" */
};

enum { PARSE_RUN, PARSE_HELP, PARSE_VERSION, PARSE_ERROR };

/* Tabs align the descriptions at column 24, in fewer bytes than spaces. */
static const char usage[] =
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
static const struct option {
	char c;
	bool value;
	char name[11];
} options[] = {
	{ 's', false, "subreaper" }, { 'g', false, "pgroup" }, { 'p', true, "pdeathsig" },
	{ 'e', true, "remap-exit" }, { 'r', true, "rewrite" }, { 't', true, "grace" },
	{ 'W', false, "wait-all" }, { 'P', false, "pause" }, { 'u', false, "unshare" },
	{ 'w', false, "warn-reap" }, { 'v', false, "verbose" }, { 'q', false, "quiet" },
	{ 'h', false, "help" }, { 'V', false, "version" },
};

/* Where log lines go: stderr, without ever waiting for it (SPEC.md, "What
 * init keeps for itself").  A line that cannot go at once is dropped and
 * counted. */
static struct {
	enum { LOG_UNKNOWN, LOG_NOWAIT, LOG_PLAIN } how;
	int fd;			/* 2, or init's own non-blocking opening of it */
	unsigned long dropped;
} log_out;

/* Writes a line to stderr if it can take it now: a file (or anything
 * seekable) takes plain writes, which never wait long; a pipe or socket is
 * written with RWF_NOWAIT.  A terminal refuses that flag: it gets an open
 * file description of init's own, non-blocking, so the program's stays as
 * it is.  The first line decides, once the reaper has let go of inherited
 * descriptors, so that this one is never among them. */
static ssize_t put_line(const struct iovec *iov, int n)
{
	if (log_out.how == LOG_UNKNOWN) {
		log_out.fd = STDERR_FILENO;
		log_out.how = lseek(STDERR_FILENO, 0, SEEK_CUR) < 0 && errno == ESPIPE ? LOG_NOWAIT : LOG_PLAIN;
	}
	if (log_out.how == LOG_NOWAIT) {
		/* offset -1: at the file's position, as writev; both halves
		 * of it on 32-bit */
		ssize_t w = syscall(SYS_pwritev2, STDERR_FILENO, iov, n, -1L, -1L, RWF_NOWAIT);
		int fd;

		if (w >= 0 || (errno != EOPNOTSUPP && errno != ENOSYS))
			return w;
		/* a terminal, or a kernel without the flag; a socket cannot be
		 * opened again, and is then written as a file is */
		log_out.how = LOG_PLAIN;
		if ((fd = util_open("/proc/self/fd/2", O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) >= 0)
			log_out.fd = fd;
	}
	return writev(log_out.fd, iov, n);
}

#define IOV(s) ((struct iovec){ .iov_base = (void *)(s), .iov_len = strlen(s) })

/* One line to stderr in one write: lines never interleave mid-way with the
 * program's output, and no stdio is linked in.  Dropped lines are counted
 * in the next that gets through.  Keeps errno. */
static void say_parts(const char *const *parts)
{
	struct iovec iov[16];
	char num[24]; // cppcheck-suppress variableScope
	int n = 0, saved = errno;
	size_t len = 0;

	if (log_out.dropped) {
		util_utoa(num, log_out.dropped);
		iov[n++] = IOV("init: ");
		iov[n++] = IOV(num);
		iov[n++] = IOV(" log lines dropped\n");
	}
	iov[n++] = IOV("init: ");
	for (; *parts && n < (int)LEN(iov) - 1; parts++)
		iov[n++] = IOV(*parts);
	iov[n++] = IOV("\n");
	for (int i = 0; i < n; i++)
		len += iov[i].iov_len;
	/* a line cut short (a socket, a terminal) is as good as dropped */
	if (put_line(iov, n) < (ssize_t)len)
		log_out.dropped++;
	else
		log_out.dropped = 0;
	errno = saved;
}

/* say("a", "b") writes "init: ab\n". */
#define say(...) say_parts((const char *const[]){ __VA_ARGS__, NULL })

/* At exit: lines dropped since the last one that got through are told
 * once more, since no later line will tell them. */
static void say_dropped(void)
{
	char num[24];

	if (!log_out.dropped)
		return;
	util_utoa(num, log_out.dropped);
	log_out.dropped = 0;
	say(num, " log lines dropped");
}

/* Room for log_text() to hold n bytes of text whole, and a cut mark. */
#define TEXT_ROOM(n) (4 * (n) + 5)

/* Text init did not write itself (a process's name, a program's, a value
 * from the command line or the environment) as a log line may carry it:
 * each byte outside printable ASCII as \xHH, a backslash as \\.  No
 * program can then forge an "init:" line or send escape sequences to the
 * operator's terminal, and the text reads back exactly.  What does not fit
 * in buf is cut and marked "\...", which the escaping never writes. */
static const char *log_text(char *buf, size_t size, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	char *p = buf, *stop = buf + size - 5;	/* the mark and a NUL fit */

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char e[4] = { '\\', (char)c, hex[c >> 4], hex[c & 15] };
		size_t len = c == '\\' ? 2 : c < 0x20 || c > 0x7e ? 4 : 1;

		if (len == 1)
			e[0] = (char)c;
		else if (len == 4)
			e[1] = 'x';
		if ((size_t)(stop - p) < len) {
			memcpy(p, "\\...", 4);
			p += 4;
			break;
		}
		memcpy(p, e, len);
		p += len;
	}
	*p = '\0';
	return buf;
}

/* "init: [LEVEL]unable to WHAT[ARG]: why", err being -errno. */
static void unable(const char *level, const char *what, const char *arg, int err)
{
	say(level, "unable to ", what, arg, ": ", strerror(-err));
}

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
static const char *opt_name(struct parse_error *e, const struct option *opt)
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
static int set_value(struct opts *o, const struct option *opt, const char *v, struct parse_error *e)
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
static const struct option *long_option(const char *w)
{
	const struct option *found = NULL;
	size_t len = (size_t)(util_find(w, '=') - w);
	int begun = 0;

	for (size_t i = 0; i < LEN(options); i++) {
		if (strncmp(w, options[i].name, len) != 0)
			continue;
		if (!options[i].name[len])
			return &options[i];
		found = &options[i];
		begun++;
	}
	return begun == 1 ? found : NULL;
}

/* Option opt given, with its value v (NULL if none came). */
static int apply(struct opts *o, const struct option *opt, const char *v, bool set[128],
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
	const struct option *opt = long_option(w + 2);

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
		const struct option *opt = options;
		int rc;

		while (opt < options + LEN(options) && opt->c != *w)
			opt++;
		if (opt == options + LEN(options)) {
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

/* Fills o from argv and the environment; never exits, never prints. */
static int opts_parse(struct opts *o, int argc, char **argv, struct parse_error *e)
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

struct init {
	struct opts opt;
	struct reaper reaper;
	char pidns[40];		/* "pid:[4026531836]", for -vv */
};

/* Whether each orphan reaped is logged, and must then be named first. */
static bool logs_orphans(const struct opts *o)
{
	return o->verbosity >= 2 || (o->verbosity && o->warn_reap);
}

static void say_reaped(const struct init *in, const struct reaper_event *ev)
{
	char pid[24], num[24], sig[12];
	const char *what = ev->how == CLD_EXITED ? "exited " : "killed by SIG";
	const char *val = ev->how == CLD_EXITED ? (util_utoa(num, (unsigned long)ev->status), num)
						: sig_name(ev->status, sig);

	util_utoa(pid, (unsigned long)ev->pid);
	if (ev->kind == REAPER_CHILD) {
		say(in->pidns, "main child ", pid, ": ", what, val);
	} else {
		char name[TEXT_ROOM(16)];

		say(in->pidns, "reaped orphan ", pid, " (", log_text(name, sizeof(name), ev->comm ? ev->comm : "?"),
		    "): ", what, val);
	}
}

/* "forwarded SIGX to [group ]PID", "sent SIGX to N processes" (or to
 * every process). */
static void say_forwarded(const struct init *in, const struct reaper_event *ev)
{
	char num[24], sig[12];
	bool fwd = ev->kind == REAPER_FORWARD;
	long n = fwd ? ev->pid : ev->count;	/* < 0: a group, or every process */

	util_utoa(num, (unsigned long)(n < 0 ? -n : n));
	say(in->pidns, fwd ? "forwarded SIG" : "sent SIG", sig_name(ev->sig, sig), fwd && n < 0 ? " to group " : " to ",
	    !fwd && n < 0 ? "every process" : num, fwd || n < 0 ? "" : n == 1 ? " process" : " processes");
}

/* "warning: unable to WHAT[ PID (NAME)]: why". */
static void say_warning(const struct reaper_event *ev)
{
	char pid[24], name[TEXT_ROOM(16)];
	const char *why = ev->kind == REAPER_STRAY ? "not reaped 1 s after SIGKILL; not waited for" : strerror(-ev->err);

	util_utoa(util_cat(pid, " "), (unsigned long)ev->pid);
	log_text(name, sizeof(name), ev->comm ? ev->comm : "?");
	if (ev->pid)
		say("warning: unable to ", ev->what, pid, " (", name, "): ", why);
	else
		say("warning: unable to ", ev->what, ": ", why);
}

static void say_exec_failed(const struct reaper_event *ev)
{
	char prog[TEXT_ROOM(256)];

	log_text(prog, sizeof(prog), ev->what);
	if (ev->err == -ENOENT || ev->err == -ENOTDIR)
		say(prog, ": not found");
	else if (ev->err == -ELIBACC)
		say(prog, ": interpreter not found (the #! line's, or the ELF loader)");
	else
		say(prog, ": cannot execute: ", strerror(-ev->err));
}

static void on_event(const struct reaper_event *ev, void *ctx)
{
	const struct init *in = ctx;
	int v = in->opt.verbosity;

	switch (ev->kind) {
	case REAPER_ORPHAN:
		if (logs_orphans(&in->opt))
			say_reaped(in, ev);
		break;
	case REAPER_CHILD:
		if (v >= 2)
			say_reaped(in, ev);
		break;
	case REAPER_FORWARD:
	case REAPER_SIGNALLED:
		if (v >= 3)
			say_forwarded(in, ev);
		break;
	case REAPER_EXEC_FAILED:
		say_exec_failed(ev);
		break;
	case REAPER_WARNING:
	case REAPER_STRAY:
		if (v)
			say_warning(ev);
		break;
	}
}

/* tini's form, the only one Docker's daemon parses (for `docker info` and
 * `docker version`): "tini version V - git.C", split on " - " and ".". */
static ssize_t say_version(void)
{
	static const char head[] = "tini version " INIT_VERSION "_init", commit[] = " - git." INIT_COMMIT;
	struct iovec iov[] = {
		{ .iov_base = (void *)head, .iov_len = sizeof(head) - 1 },
		{ .iov_base = (void *)commit, .iov_len = INIT_COMMIT[0] ? sizeof(commit) - 1 : 0 },
		{ .iov_base = "\n", .iov_len = 1 },
	};

	return writev(STDOUT_FILENO, iov, LEN(iov));
}

/* crun and bubblewrap may start init with 0, 1 or 2 closed.  Hold each
 * closed one with a close-on-exec placeholder, so init's own descriptors
 * and log lines never land there; the program still finds them closed.
 * One poll() tells which are closed (POLLNVAL). */
static void hold_std_fds(void)
{
	struct pollfd fds[3] = { { .fd = 0 }, { .fd = 1 }, { .fd = 2 } };

	if (poll(fds, 3, 0) < 0)
		return;
	for (int fd = 0; fd <= 2; fd++)
		if (fds[fd].revents & POLLNVAL)
			(void)util_open("/", O_PATH | O_CLOEXEC); /* takes the lowest: fd */
}

static void pidns_name(struct init *in)
{
	ssize_t n = readlink("/proc/self/ns/pid", in->pidns, sizeof(in->pidns) - 3);

	if (n <= 0)
		n = 0, in->pidns[n++] = '?';
	memcpy(in->pidns + n, ": ", 3);
}

/* PR_SET_PDEATHSIG is missed if the parent is gone before it is set: then
 * send the signal now, as the kernel would have. */
static int set_pdeathsig(int sig, pid_t parent)
{
	/* prctl through syscall(), as in reaper.c */
	if (syscall(SYS_prctl, PR_SET_PDEATHSIG, (unsigned long)sig) < 0)
		return -errno;
	if (getpid() != 1 && getppid() != parent)
		(void)kill(getpid(), sig); /* to ourselves: cannot fail */
	return 0;
}

static int setup(struct init *in, pid_t parent)
{
	struct reaper *r = &in->reaper;
	int err;

	r->cfg = (struct reaper_config){
		.pgroup = in->opt.pgroup,
		.names = logs_orphans(&in->opt),
		.wait_all = in->opt.wait_all,
		.release = true,
		.grace_ms = in->opt.grace * 1000,
		.event = on_event,
		.ctx = in,
	};
	memcpy(r->cfg.rewrite, in->opt.rewrite, sizeof(r->cfg.rewrite));
	if (in->opt.verbosity >= 3)
		pidns_name(in);
	err = reaper_setup(r);
	if (err) {
		unable("", "set up signals and reaping", "", err);
		return err;
	}
	/* after the signals are blocked, so a parent dying now is not missed */
	if (in->opt.pdeathsig && (err = set_pdeathsig(in->opt.pdeathsig, parent)))
		unable("", "set the parent-death signal", "", err);
	return err;
}

/* reaper_run()'s result as an exit status: a status that was lost (the
 * warning said so) is init's own failure. */
static int exit_status(int code)
{
	return code < 0 ? 125 : code;
}

static int remap(const struct opts *o, int code)
{
	return (o->exit_zero[code / 8] & (1u << (code % 8))) ? 0 : code;
}

/* "init: WHERE: 'VALUE': WHY", each piece from outside escaped. */
static void say_parse_error(const struct parse_error *e)
{
	char where[TEXT_ROOM(64)];

	log_text(where, sizeof(where), e->where);
	if (e->value) {
		char value[TEXT_ROOM(256)];

		say(where, ": '", log_text(value, sizeof(value), e->value), "': ", e->why);
	} else {
		say(where, ": ", e->why);
	}
}

int main(int argc, char **argv)
{
	static struct init in;
	struct parse_error e = { .where = "" };	/* set with every PARSE_ERROR */
	pid_t parent = getppid();
	int code;

	hold_std_fds();
	switch (opts_parse(&in.opt, argc, argv, &e)) {
	case PARSE_HELP:
		return write(STDOUT_FILENO, usage, sizeof(usage) - 1) < 0;
	case PARSE_VERSION:
		return say_version() < 0;
	case PARSE_ERROR:
		say_parse_error(&e);
		return 125;
	}
	if (setup(&in, parent))
		return 125;
	if (in.opt.unshare) {
		/* 0 in the new PID 1, which goes on; 1 in the relay */
		int rc = reaper_unshare(&in.reaper);

		if (rc < 0) {
			unable("", "make a PID namespace", "", rc);
			return 125;
		}
		if (rc) { /* the new PID 1's status, as it is */
			code = exit_status(reaper_run(&in.reaper));
			say_dropped();
			return code;
		}
	}
	if (!in.opt.pause && (code = reaper_spawn(&in.reaper, in.opt.argv))) {
		char prog[TEXT_ROOM(256)];

		unable("", "start ", log_text(prog, sizeof(prog), in.opt.argv[0]), code);
		return 125;
	}
	code = remap(&in.opt, exit_status(reaper_run(&in.reaper)));
	say_dropped();
	return code;
}
