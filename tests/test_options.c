/* SPDX-License-Identifier: MIT */
/* The command line and environment parser (options.c). */
#include "unit.h"

#include "options.h"
#include "util.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

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
	return opts_remap(&o, code) == 0;
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
	assert_int_equal(opts_remap(&o, 4), 4);
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
