/* SPDX-License-Identifier: MIT */
#include "unit.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "signals.h"

static uint64_t kernel_mask(void)
{
	uint64_t old = 0;

	assert_int_equal(syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &old, sizeof(old)), 0);
	return old;
}

#define BIT(sig) ((uint64_t)1 << ((sig) - 1))

static void names_to_numbers(void **state)
{
	(void)state;
	assert_int_equal(sig_number("TERM"), SIGTERM);
	assert_int_equal(sig_number("SIGTERM"), SIGTERM);
	assert_int_equal(sig_number("sigterm"), SIGTERM);
	assert_int_equal(sig_number("15"), SIGTERM);
	assert_int_equal(sig_number("HUP"), SIGHUP);
	assert_int_equal(sig_number("WINCH"), SIGWINCH);
	assert_int_equal(sig_number("PWR"), SIGPWR);
	assert_int_equal(sig_number("STKFLT"), SIGSTKFLT);
	assert_int_equal(sig_number("RTMIN"), SIGRTMIN);
	assert_int_equal(sig_number("SIGRTMIN+2"), SIGRTMIN + 2);
	assert_int_equal(sig_number("RTMAX"), SIGRTMAX);
	assert_int_equal(sig_number("RTMAX-1"), SIGRTMAX - 1);
	assert_int_equal(sig_number("64"), 64);
	assert_int_equal(sig_number("1"), 1);
}

static void bad_names(void **state)
{
	static const char *const bad[] = {
		"", "0", "65", "-1", "+15", "15x", "TERMX", "SIG", "RTMIN+", "RTMIN-1",
		"RTMAX+1", "RTMIN+99", "99999999999999999999", " 15", "SIGSIGTERM",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(sig_number(bad[i]), -EINVAL);
}

static void numbers_to_names_and_back(void **state)
{
	char buf[12];

	(void)state;
	assert_string_equal(sig_name(SIGTERM, buf), "TERM");
	assert_string_equal(sig_name(SIGABRT, buf), "ABRT");
	assert_string_equal(sig_name(SIGRTMIN, buf), "RTMIN");
	assert_string_equal(sig_name(SIGRTMAX, buf), "RTMAX");
	assert_string_equal(sig_name(SIGRTMIN + 3, buf), "RTMIN+3");
	for (int sig = 1; sig <= SIG_MAX; sig++)
		assert_int_equal(sig_number(sig_name(sig, buf)), sig);
}

static void rewrite_table(void **state)
{
	sig_map map = { 0 };

	(void)state;
	assert_int_equal(sig_forward_as(map, SIGTERM), SIGTERM);
	assert_int_equal(sig_forward_as(map, SIGTSTP), SIGTSTP);
	assert_int_equal(sig_forward_as(map, 33), 33);
	assert_int_equal(sig_forward_as(map, SIGCHLD), 0);
	assert_int_equal(sig_forward_as(map, SIGKILL), 0);
	assert_int_equal(sig_forward_as(map, SIGSEGV), 0);
	assert_int_equal(sig_rewrite(map, SIGTERM, SIGQUIT), 0);
	assert_int_equal(sig_rewrite(map, SIGWINCH, 0), 0);
	assert_int_equal(sig_forward_as(map, SIGTERM), SIGQUIT);
	assert_int_equal(sig_forward_as(map, SIGWINCH), 0);
	assert_int_equal(sig_forward_as(map, SIGINT), SIGINT);
	assert_int_equal(sig_rewrite(map, SIGKILL, SIGTERM), -EINVAL);
	assert_int_equal(sig_rewrite(map, SIGCHLD, SIGTERM), -EINVAL);
	assert_int_equal(sig_rewrite(map, SIGSEGV, SIGTERM), -EINVAL);
	assert_int_equal(sig_rewrite(map, SIGTERM, 65), -EINVAL);
	assert_int_equal(sig_rewrite(map, 0, SIGTERM), -EINVAL);
}

/* The reserved real-time signals, invisible to sigfillset, are blocked and
 * read from the signalfd; the faults are not blocked; all is given back. */
static void setup_blocks_everything_forwardable(void **state)
{
	struct sig_state s = { 0 };
	struct signalfd_siginfo si[4];
	uint64_t before = kernel_mask(), during;

	(void)state;
	assert_int_equal(sig_setup(&s), 0);
	during = kernel_mask();
	for (int sig = 1; sig <= SIG_MAX; sig++) {
		bool fault = sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL ||
			     sig == SIGTRAP || sig == SIGSYS || sig == SIGKILL || sig == SIGSTOP;

		assert_int_equal(!!(during & BIT(sig)), !fault);
	}
	assert_int_equal(kill(getpid(), 33), 0);
	assert_int_equal(kill(getpid(), SIGUSR1), 0);
	assert_int_equal(sig_poll(&s, 0), 1);
	assert_int_equal(sig_read(&s, si, 4), 2);
	assert_int_equal(si[0].ssi_signo + si[1].ssi_signo, 33 + SIGUSR1);
	assert_int_equal(sig_poll(&s, 0), 0);
	/* blocking: the loop's one read() is its whole wait */
	assert_int_equal(fcntl(s.fd, F_GETFL) & O_NONBLOCK, 0);
	sig_close(&s);
	assert_int_equal(kernel_mask(), before);
}

/* Started with SIGCHLD ignored, init takes it back for itself, and gives
 * the ignored disposition back to the child. */
static void ignored_sigchld_is_reset_and_restored(void **state)
{
	struct sig_state s = { 0 };
	struct sigaction sa;

	(void)state;
	signal(SIGCHLD, SIG_IGN);
	assert_int_equal(sig_setup(&s), 0);
	assert_true(s.chld_ignored);
	assert_int_equal(sigaction(SIGCHLD, NULL, &sa), 0);
	assert_ptr_equal(sa.sa_handler, SIG_DFL);
	sig_restore(&s);
	assert_int_equal(sigaction(SIGCHLD, NULL, &sa), 0);
	assert_ptr_equal(sa.sa_handler, SIG_IGN);
	sig_close(&s);
	signal(SIGCHLD, SIG_DFL);
}

/* The inherited mask, reserved signals included, is what sig_restore gives
 * back. */
static void inherited_mask_is_restored(void **state)
{
	uint64_t inherited = BIT(SIGUSR2) | BIT(32) | BIT(34), old;
	struct sig_state s = { 0 };

	(void)state;
	assert_int_equal(syscall(SYS_rt_sigprocmask, SIG_SETMASK, &inherited, &old, sizeof(old)), 0);
	assert_int_equal(sig_setup(&s), 0);
	assert_int_not_equal(kernel_mask(), inherited);
	sig_restore(&s);
	assert_int_equal(kernel_mask(), inherited);
	sig_close(&s);
	assert_int_equal(syscall(SYS_rt_sigprocmask, SIG_SETMASK, &old, NULL, sizeof(old)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_to_numbers),
		cmocka_unit_test(bad_names),
		cmocka_unit_test(numbers_to_names_and_back),
		cmocka_unit_test(rewrite_table),
		cmocka_unit_test(setup_blocks_everything_forwardable),
		cmocka_unit_test(ignored_sigchld_is_reset_and_restored),
		cmocka_unit_test(inherited_mask_is_restored),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
