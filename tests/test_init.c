/* SPDX-License-Identifier: MIT */
/* The command line and environment parser, and the log writer, reached by
 * including init.c. */
#include "unit.h"

#define main init_main
#include "../init.c"
#undef main

#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>

static struct opts o;
static struct parse_error e;

static int parse(char **argv)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	e = (struct parse_error){ 0 };
	return opts_parse(&o, argc, argv, &e);
}

#define PARSE(...) parse((char *[]){ "init", __VA_ARGS__, NULL })

static int clear_env(void **state)
{
	static const char *const vars[] = {
		"INIT_SUBREAPER", "INIT_PGROUP", "INIT_WAIT_ALL", "INIT_VERBOSITY", "INIT_GRACE", "INIT_REMAP_EXIT",
		"TINI_SUBREAPER", "TINI_KILL_PROCESS_GROUP", "TINI_VERBOSITY",
	};

	(void)state;
	for (size_t i = 0; i < LEN(vars); i++)
		unsetenv(vars[i]);
	return 0;
}

static bool remapped(int code)
{
	return remap(&o, code) == 0;
}

static void program_and_options(void **state)
{
	(void)state;
	assert_int_equal(PARSE("-g", "-w", "-t", "5", "--", "app", "-x"), PARSE_RUN);
	assert_true(o.pgroup);
	assert_true(o.warn_reap);
	assert_int_equal(o.grace, 5);
	assert_string_equal(o.argv[0], "app");
	assert_string_equal(o.argv[1], "-x");
	assert_null(o.argv[2]);
	/* options end at the program's name: -g belongs to app */
	assert_int_equal(PARSE("app", "-g"), PARSE_RUN);
	assert_false(o.pgroup);
	assert_string_equal(o.argv[1], "-g");
	assert_int_equal(PARSE("--grace=7", "--pgroup", "app"), PARSE_RUN);
	assert_int_equal(o.grace, 7);
	assert_true(o.pgroup);
}

/* getopt_long's reading, without getopt_long: clusters, values joined or
 * apart, --name=value, unique prefixes of long names. */
static void getopt_long_forms(void **state)
{
	(void)state;
	assert_int_equal(PARSE("-gwt5", "app"), PARSE_RUN);
	assert_true(o.pgroup && o.warn_reap);
	assert_int_equal(o.grace, 5);
	assert_int_equal(PARSE("-gt", "6", "app"), PARSE_RUN);
	assert_int_equal(o.grace, 6);
	assert_int_equal(PARSE("--gr=7", "--pg", "--wait", "app"), PARSE_RUN);
	assert_int_equal(o.grace, 7);
	assert_true(o.pgroup && o.wait_all);
	assert_int_equal(PARSE("--grace", "-P", "app"), PARSE_ERROR);	/* -P is the value */
	assert_string_equal(e.where, "-t/--grace");
	assert_string_equal(e.value, "-P");
	assert_int_equal(PARSE("-", "x"), PARSE_RUN);			/* a program named - */
	assert_string_equal(o.argv[0], "-");
	assert_int_equal(PARSE("-W", "--", "--", "x"), PARSE_RUN);
	assert_true(o.wait_all);
	assert_string_equal(o.argv[0], "--");
	/* --p is pgroup, pdeathsig or pause: ambiguous */
	assert_int_equal(PARSE("--p", "app"), PARSE_ERROR);
	assert_string_equal(e.where, "--p");
	assert_string_equal(e.why, "unknown option");
	assert_int_equal(PARSE("--pause=1"), PARSE_ERROR);
	assert_string_equal(e.where, "--pause=1");
	assert_string_equal(e.why, "takes no value");
	assert_int_equal(PARSE("-gx", "app"), PARSE_ERROR);
	assert_string_equal(e.where, "-x");
	assert_int_equal(PARSE("--rewrite"), PARSE_ERROR);
	assert_string_equal(e.where, "-r/--rewrite");
	assert_string_equal(e.why, "needs a value");
	assert_int_equal(PARSE("-vh", "app"), PARSE_HELP);
	assert_int_equal(PARSE("--vers"), PARSE_VERSION);
}

static void verbosity(void **state)
{
	(void)state;
	assert_int_equal(PARSE("app"), PARSE_RUN);
	assert_int_equal(o.verbosity, 1);
	assert_int_equal(PARSE("-v", "app"), PARSE_RUN);
	assert_int_equal(o.verbosity, 2);
	assert_int_equal(PARSE("-vv", "app"), PARSE_RUN);
	assert_int_equal(o.verbosity, 3);
	assert_int_equal(PARSE("-q", "app"), PARSE_RUN);
	assert_int_equal(o.verbosity, 0);
	/* found by the fuzzer: -v past -vv went past the top level */
	assert_int_equal(PARSE("-vvvvvv", "-v", "app"), PARSE_RUN);
	assert_int_equal(o.verbosity, 3);
}

static void signals_and_codes(void **state)
{
	(void)state;
	assert_int_equal(PARSE("-p", "SIGKILL", "-r", "TERM:QUIT", "-r", "WINCH:0", "-e", "143",
			       "-e", "3", "app"), PARSE_RUN);
	assert_int_equal(o.pdeathsig, SIGKILL);
	assert_int_equal(o.rewrite[SIGTERM], SIGQUIT);
	assert_int_equal(o.rewrite[SIGWINCH], -1);
	assert_true(remapped(143));
	assert_true(remapped(3));
	assert_false(remapped(4));
	assert_false(remapped(142));
	assert_false(remapped(144));
	assert_int_equal(remap(&o, 4), 4);
}

static void bad_values(void **state)
{
	static const char *const cases[][2] = {
		{ "-p", "NOPE" }, { "-r", "TERM" }, { "-r", "TERM:" }, { "-r", ":TERM" },
		{ "-r", "KILL:TERM" }, { "-r", "TERM:99" }, { "-t", "-1" }, { "-t", "abc" },
		{ "-t", "1000001" }, { "-t", "" }, { "-e", "300" }, { "-e", "-1" }, { "-e", "1x" },
	};

	(void)state;
	for (size_t i = 0; i < LEN(cases); i++) {
		assert_int_equal(PARSE((char *)cases[i][0], (char *)cases[i][1], "app"), PARSE_ERROR);
		assert_string_equal(e.value, cases[i][1]);
		assert_non_null(strstr(e.where, cases[i][0]));
	}
	assert_int_equal(PARSE("-x", "app"), PARSE_ERROR);
	assert_string_equal(e.where, "-x");
	assert_int_equal(PARSE("--bogus", "app"), PARSE_ERROR);
	assert_string_equal(e.where, "--bogus");
	assert_int_equal(PARSE("-t"), PARSE_ERROR);
	assert_string_equal(e.why, "needs a value");
	assert_int_equal(parse((char *[]){ "init", NULL }), PARSE_ERROR);
	assert_int_equal(PARSE("-P", "app"), PARSE_ERROR);
	assert_int_equal(PARSE("-P"), PARSE_RUN);
	assert_true(o.pause);
	assert_int_equal(PARSE("-h", "app"), PARSE_HELP);
	assert_int_equal(PARSE("--version"), PARSE_VERSION);
}

static void environment(void **state)
{
	(void)state;
	setenv("INIT_PGROUP", "yes", 1);
	setenv("INIT_GRACE", "9", 1);
	setenv("INIT_REMAP_EXIT", "3,4,143", 1);
	setenv("INIT_VERBOSITY", "2", 1);
	setenv("INIT_WAIT_ALL", "TRUE", 1);
	assert_int_equal(PARSE("app"), PARSE_RUN);
	assert_true(o.pgroup);
	assert_true(o.wait_all);
	assert_int_equal(o.grace, 9);
	assert_int_equal(o.verbosity, 2);
	assert_true(remapped(3) && remapped(4) && remapped(143));
	assert_false(remapped(5));
	/* a flag beats its variable */
	assert_int_equal(PARSE("-t", "1", "-e", "5", "-q", "app"), PARSE_RUN);
	assert_int_equal(o.grace, 1);
	assert_int_equal(o.verbosity, 0);
	assert_true(remapped(5));
	assert_false(remapped(3));
}

static void bad_environment(void **state)
{
	static const char *const cases[][2] = {
		{ "INIT_PGROUP", "2" }, { "INIT_PGROUP", "" }, { "INIT_SUBREAPER", "on" },
		{ "INIT_WAIT_ALL", "all" },
		{ "INIT_VERBOSITY", "x" }, { "INIT_GRACE", "-3" }, { "INIT_REMAP_EXIT", "3,,4" },
		{ "INIT_REMAP_EXIT", "256" }, { "INIT_REMAP_EXIT", "3," },
	};

	(void)state;
	for (size_t i = 0; i < LEN(cases); i++) {
		setenv(cases[i][0], cases[i][1], 1);
		assert_int_equal(PARSE("-t", "1", "app"), PARSE_ERROR);
		assert_string_equal(e.where, cases[i][0]);
		assert_string_equal(e.value, cases[i][1]);
		unsetenv(cases[i][0]);
	}
}

/* tini's variables: set to anything, even 0, means on. */
static void tini_environment(void **state)
{
	(void)state;
	setenv("TINI_KILL_PROCESS_GROUP", "0", 1);
	setenv("TINI_SUBREAPER", "", 1);
	setenv("TINI_VERBOSITY", "3", 1);
	assert_int_equal(PARSE("app"), PARSE_RUN);
	assert_true(o.pgroup);
	assert_int_equal(o.verbosity, 2);
	setenv("TINI_VERBOSITY", "0", 1);
	assert_int_equal(PARSE("app"), PARSE_RUN);
	assert_int_equal(o.verbosity, 2);
	setenv("TINI_VERBOSITY", "4", 1);
	assert_int_equal(PARSE("app"), PARSE_RUN);
	assert_int_equal(o.verbosity, 3);
	setenv("INIT_VERBOSITY", "0", 1);
	assert_int_equal(PARSE("app"), PARSE_RUN);
	assert_int_equal(o.verbosity, 0);
	/* INIT_PGROUP beats TINI_KILL_PROCESS_GROUP */
	setenv("INIT_PGROUP", "0", 1);
	assert_int_equal(PARSE("app"), PARSE_RUN);
	assert_false(o.pgroup);
}

/* As a kernel before 6.4 answers pwritev2(RWF_NOWAIT) on a pipe, and any
 * on a terminal. */
static bool refuse_nowait;
static bool cut_short;	/* a socket taking part of a line */

long __real_syscall(long n, long a, long b, long c, long d, long e, long f);
long __wrap_syscall(long n, long a, long b, long c, long d, long e, long f)
{
	if (refuse_nowait && n == SYS_pwritev2) {
		errno = EOPNOTSUPP;
		return -1;
	}
	if (cut_short && n == SYS_pwritev2)
		return 3;
	return __real_syscall(n, a, b, c, d, e, f);
}

/* stderr on fd, and the log writer made to look at it afresh. */
static int stderr_to(int fd)
{
	int saved = dup(STDERR_FILENO);

	assert_true(saved >= 0);
	assert_int_equal(dup2(fd, STDERR_FILENO), STDERR_FILENO);
	log_out.how = LOG_UNKNOWN;
	log_out.dropped = 0;
	return saved;
}

/* What fd (non-blocking) holds now. */
static size_t drain(int fd, char *buf, size_t size)
{
	ssize_t n, got = 0;

	while ((n = read(fd, buf + got, size - 1 - (size_t)got)) > 0)
		got += n;
	buf[got] = '\0';
	return (size_t)got;
}

/* A full pipe never blocks a log line: it is dropped and counted, and the
 * next line that gets through says how many were.  Where RWF_NOWAIT is
 * refused, through a non-blocking opening of init's own. */
static void full_stderr_drops_and_counts(bool refused)
{
	static char buf[1 << 17];
	unsigned long dropped;
	int p[2], saved, kept_errno;

	refuse_nowait = refused;
	assert_int_equal(pipe2(p, O_NONBLOCK), 0);
	while (write(p[1], buf, 4096) > 0)	/* full */
		;
	assert_int_equal(fcntl(p[1], F_SETFL, 0), 0);	/* as a stalled reader's pipe: blocking */
	/* no assertion while stderr is the full pipe: cmocka would block
	 * on it to say that one failed */
	saved = stderr_to(p[1]);
	errno = EDOM;
	say("one");
	say("two");
	say("three");
	kept_errno = errno;
	dropped = log_out.dropped;
	drain(p[0], buf, sizeof(buf));
	say("four");
	say("five");
	assert_int_equal(dup2(saved, STDERR_FILENO), STDERR_FILENO);
	assert_int_equal(kept_errno, EDOM);
	assert_int_equal(dropped, 3);
	drain(p[0], buf, sizeof(buf));
	assert_string_equal(buf, "init: 3 log lines dropped\ninit: four\ninit: five\n");
	assert_int_equal(log_out.dropped, 0);
	/* the program's open file description stays blocking */
	assert_int_equal(fcntl(p[1], F_GETFL) & O_NONBLOCK, 0);
	assert_int_equal(log_out.fd != STDERR_FILENO, refused);
	if (log_out.fd != STDERR_FILENO)
		close(log_out.fd);
	refuse_nowait = false;
	close(saved);
	close(p[0]);
	close(p[1]);
}

static void full_pipe_with_nowait(void **state) { (void)state; full_stderr_drops_and_counts(false); }
static void full_pipe_reopened(void **state) { (void)state; full_stderr_drops_and_counts(true); }

/* A line that got only part of the way counts as dropped. */
static void short_line_counts_as_dropped(void **state)
{
	int p[2], saved;
	unsigned long dropped;

	(void)state;
	assert_int_equal(pipe(p), 0);
	saved = stderr_to(p[1]);
	cut_short = true;
	say("cut");
	cut_short = false;
	dropped = log_out.dropped;
	say("whole");
	assert_int_equal(dup2(saved, STDERR_FILENO), STDERR_FILENO);
	assert_int_equal(dropped, 1);
	assert_int_equal(log_out.dropped, 0);
	close(saved);
	close(p[0]);
	close(p[1]);
}

/* A regular file takes every line with plain writes. */
static void file_stderr_takes_all(void **state)
{
	char path[] = "/tmp/init-test-log-XXXXXX", buf[64];
	int fd = mkstemp(path), saved;

	(void)state;
	assert_true(fd >= 0);
	unlink(path);
	saved = stderr_to(fd);
	say("a", "b");
	assert_int_equal(log_out.how, LOG_PLAIN);
	assert_int_equal(dup2(saved, STDERR_FILENO), STDERR_FILENO);
	assert_int_equal(pread(fd, buf, sizeof(buf), 0), 9);
	assert_memory_equal(buf, "init: ab\n", 9);
	close(saved);
	close(fd);
}

/* Every byte value: printable ASCII as it is, a backslash doubled, the
 * rest as \xHH; the text reads back exactly, and an overlong one is cut
 * with a mark the escaping never writes. */
static void log_text_escapes_every_byte(void **state)
{
	char in[2] = { 0 }, out[TEXT_ROOM(1)], want[8], back[300], big[TEXT_ROOM(300)], cut[12];
	size_t n = 0;

	(void)state;
	for (int c = 1; c < 256; c++) {
		in[0] = (char)c;
		if (c == '\\')
			strcpy(want, "\\\\");
		else if (c >= 0x20 && c < 0x7f)
			snprintf(want, sizeof(want), "%c", c);
		else
			snprintf(want, sizeof(want), "\\x%02x", c);
		assert_string_equal(log_text(out, sizeof(out), in), want);
	}
	/* all of them in one text, read back */
	for (int c = 255; c >= 1; c--)
		back[n++] = (char)c;
	back[n] = '\0';
	log_text(big, sizeof(big), back);
	n = 0;
	for (const char *p = big; *p; n++) {
		assert_true(*p >= 0x20 && *p < 0x7f);
		if (p[0] != '\\') {
			assert_int_equal((unsigned char)*p++, 255 - n);
			continue;
		}
		if (p[1] == '\\') {
			assert_int_equal(255 - n, '\\');
			p += 2;
			continue;
		}
		assert_int_equal(p[1], 'x');
		assert_int_equal(strtoul((char[]){ p[2], p[3], '\0' }, NULL, 16), 255 - n);
		p += 4;
	}
	assert_int_equal(n, 255);
	/* cut after a whole byte, marked */
	assert_string_equal(log_text(cut, sizeof(cut), "abcdefghijk"), "abcdefg\\...");
	assert_string_equal(log_text(cut, sizeof(cut), "abc\033def"), "abc\\x1b\\...");
	assert_string_equal(log_text(cut, sizeof(cut), "abcdefg"), "abcdefg");
}

/* Lines dropped with none after them are told once more at exit. */
static void dropped_lines_told_at_exit(void **state)
{
	char buf[128];
	int p[2], saved;

	(void)state;
	assert_int_equal(pipe2(p, O_NONBLOCK), 0);
	saved = stderr_to(p[1]);
	say_dropped();		/* none: nothing */
	log_out.dropped = 7;
	say_dropped();
	assert_int_equal(dup2(saved, STDERR_FILENO), STDERR_FILENO);
	assert_int_equal(log_out.dropped, 0);
	drain(p[0], buf, sizeof(buf));
	assert_string_equal(buf, "init: 7 log lines dropped\n");
	close(saved);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(program_and_options, clear_env),
		cmocka_unit_test_setup(getopt_long_forms, clear_env),
		cmocka_unit_test_setup(verbosity, clear_env),
		cmocka_unit_test_setup(signals_and_codes, clear_env),
		cmocka_unit_test_setup(bad_values, clear_env),
		cmocka_unit_test_setup_teardown(environment, clear_env, clear_env),
		cmocka_unit_test_setup_teardown(bad_environment, clear_env, clear_env),
		cmocka_unit_test_setup_teardown(tini_environment, clear_env, clear_env),
		cmocka_unit_test(full_pipe_with_nowait),
		cmocka_unit_test(full_pipe_reopened),
		cmocka_unit_test(short_line_counts_as_dropped),
		cmocka_unit_test(file_stderr_takes_all),
		cmocka_unit_test(log_text_escapes_every_byte),
		cmocka_unit_test(dropped_lines_told_at_exit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
