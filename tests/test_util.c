/* SPDX-License-Identifier: MIT */
#include "unit.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static void utoa_writes_decimal(void **state)
{
	char buf[24];

	(void)state;
	assert_ptr_equal(util_utoa(buf, 0), buf + 1);
	assert_string_equal(buf, "0");
	assert_ptr_equal(util_utoa(buf, 4294967295u), buf + 10);
	assert_string_equal(buf, "4294967295");
}

static void cat_and_find(void **state)
{
	char buf[16];

	(void)state;
	assert_ptr_equal(util_cat(util_cat(buf, "ab"), "cd"), buf + 4);
	assert_string_equal(buf, "abcd");
	assert_ptr_equal(util_find(buf, 'c'), buf + 2);
	assert_ptr_equal(util_find(buf, ':'), buf + 4);	/* none: the end */
	assert_ptr_equal(util_find(buf + 4, 'a'), buf + 4);	/* empty */
}

static void skip_matches_a_prefix(void **state)
{
	const char *s = "SigTerm";

	(void)state;
	assert_ptr_equal(util_skip(s, "sig", true), s + 3);
	assert_null(util_skip(s, "sig", false));
	assert_ptr_equal(util_skip(s, "Sig", false), s + 3);
	assert_ptr_equal(util_skip(s, "", false), s);
	assert_null(util_skip("Si", "Sig", true));	/* s too short */
	/* only letters fold: '@' (0x40) is not '`' (0x60) */
	assert_null(util_skip("@", "`", true));
}

static void getenv_takes_whole_names(void **state)
{
	(void)state;
	assert_int_equal(setenv("INIT_TEST_VARX", "long", 1), 0);
	assert_null(util_getenv("INIT_TEST_VAR"));
	assert_int_equal(setenv("INIT_TEST_VAR", "", 1), 0);
	assert_string_equal(util_getenv("INIT_TEST_VAR"), "");
	assert_string_equal(util_getenv("INIT_TEST_VARX"), "long");
	assert_null(util_getenv("INIT_TEST"));
	unsetenv("INIT_TEST_VAR");
	unsetenv("INIT_TEST_VARX");
	assert_null(util_getenv("INIT_TEST_VARX"));
}

static void open_is_close_on_exec(void **state)
{
	int fd;

	(void)state;
	fd = util_open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(fcntl(fd, F_GETFD), FD_CLOEXEC);
	close(fd);
	assert_int_equal(util_open("/nonexistent/x", O_RDONLY), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utoa_writes_decimal),
		cmocka_unit_test(cat_and_find),
		cmocka_unit_test(skip_matches_a_prefix),
		cmocka_unit_test(getenv_takes_whole_names),
		cmocka_unit_test(open_is_close_on_exec),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
