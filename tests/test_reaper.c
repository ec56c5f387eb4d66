/* SPDX-License-Identifier: MIT */
/* Includes reaper.c, so its static pieces (the drain, the exec search) can
 * be tested on their own; linked with --wrap for syscall and INIT_FORK
 * (fork or _Fork, as meson found). */
#include "unit.h"

#include "../reaper.c"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static bool fail_fork;
static bool no_pidfd;

#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)

pid_t CAT(__real_, INIT_FORK)(void);
pid_t CAT(__wrap_, INIT_FORK)(void)
{
	if (fail_fork) {
		errno = EAGAIN;
		return -1;
	}
	return CAT(__real_, INIT_FORK)();
}

/* As a seccomp profile or a kernel before 5.3 would answer. */
long __real_syscall(long n, long a, long b, long c, long d, long e, long f);
long __wrap_syscall(long n, long a, long b, long c, long d, long e, long f)
{
	if (no_pidfd && (n == SYS_pidfd_open || n == SYS_pidfd_send_signal)) {
		errno = ENOSYS;
		return -1;
	}
	return __real_syscall(n, a, b, c, d, e, f);
}

struct seen {
	int exec_err;
	int orphans;
	int orphan_status_sum;
	int children;
	pid_t child;
	int forwarded;
};

static void record(const struct reaper_event *ev, void *ctx)
{
	struct seen *s = ctx;

	switch (ev->kind) {
	case REAPER_ORPHAN:
		s->orphans++;
		s->orphan_status_sum += ev->status;
		break;
	case REAPER_CHILD:
		s->children++;
		s->child = ev->pid;
		break;
	case REAPER_FORWARD:
		s->forwarded++;
		break;
	case REAPER_EXEC_FAILED:
		s->exec_err = -ev->err;
		break;
	case REAPER_WARNING:
		fail_msg("warning: %s: %s", ev->what, strerror(-ev->err));
	}
}

static void start(struct reaper *r, struct seen *s)
{
	*r = (struct reaper){ .cfg = { .event = record, .ctx = s } };
	*s = (struct seen){ 0 };
	assert_int_equal(reaper_setup(r), 0);
}

static int teardown(void **state)
{
	(void)state;
	fail_fork = no_pidfd = false;
	return 0;
}

static void exit_codes(void **state)
{
	(void)state;
	for (int i = 0; i < 256; i++)
		assert_int_equal(reaper_exit_code(CLD_EXITED, i), i);
	assert_int_equal(reaper_exit_code(CLD_KILLED, SIGKILL), 137);
	assert_int_equal(reaper_exit_code(CLD_KILLED, SIGTERM), 143);
	assert_int_equal(reaper_exit_code(CLD_DUMPED, SIGSEGV), 139);
}

/* One SIGCHLD can stand for all of them: a single drain takes every one. */
static void one_drain_reaps_a_thousand(void **state)
{
	struct reaper r;
	struct seen s;
	int sum = 0;

	(void)state;
	start(&r, &s);
	for (int i = 0; i < 1000; i++) {
		pid_t pid = fork();
		siginfo_t si;

		assert_true(pid >= 0);
		if (!pid)
			_exit(i % 7);
		sum += i % 7;
		/* exited, left unreaped */
		assert_int_equal(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT), 0);
	}
	assert_false(drain(&r));
	assert_int_equal(s.orphans, 1000);
	assert_int_equal(s.orphan_status_sum, sum);
	assert_int_equal(waitid(P_ALL, 0, &(siginfo_t){ 0 }, WEXITED | WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
	reaper_close(&r);
}

static int run_program(struct seen *s, char *const argv[], int *exec_err, bool *had_pidfd)
{
	struct reaper r;
	int code;

	start(&r, s);
	assert_int_equal(reaper_spawn(&r, argv), 0);
	*had_pidfd = r.pidfd >= 0;
	code = reaper_run(&r);
	assert_int_equal(s->child, r.child);
	*exec_err = s->exec_err;
	reaper_close(&r);
	return code;
}

/* The pidfd path and the PID-only fallback report the same. */
static void pidfd_and_fallback_agree(void **state)
{
	char *argv[] = { "/bin/sh", "-c", "exit 42", NULL };
	struct seen s;
	bool had_pidfd;
	int err;

	(void)state;
	assert_int_equal(run_program(&s, argv, &err, &had_pidfd), 42);
	assert_true(had_pidfd);
	assert_int_equal(err, 0);
	assert_int_equal(s.children, 1);
	no_pidfd = true;
	assert_int_equal(run_program(&s, argv, &err, &had_pidfd), 42);
	assert_false(had_pidfd);
	assert_int_equal(s.children, 1);
}

static void forwards_term(bool pidfd, bool pgroup)
{
	char *argv[] = { "/bin/sleep", "10", NULL };
	struct reaper r;
	struct seen s;

	no_pidfd = !pidfd;
	start(&r, &s);
	r.cfg.pgroup = pgroup;
	assert_int_equal(reaper_spawn(&r, argv), 0);
	assert_int_equal(kill(getpid(), SIGTERM), 0);	/* queued on the signalfd */
	assert_int_equal(reaper_run(&r), 143);
	assert_int_equal(s.forwarded, 1);
	reaper_close(&r);
}

static void forwards_through_pidfd(void **state) { (void)state; forwards_term(true, false); }
static void forwards_through_pid(void **state) { (void)state; forwards_term(false, false); }
static void forwards_to_group(void **state) { (void)state; forwards_term(true, true); }

/* A rewrite to 0 drops the signal: TERM never reaches the child. */
static void dropped_signal_is_not_forwarded(void **state)
{
	char *argv[] = { "/bin/sh", "-c", "sleep 0.3; exit 3", NULL };
	struct reaper r;
	struct seen s;

	(void)state;
	start(&r, &s);
	assert_int_equal(sig_rewrite(r.cfg.rewrite, SIGTERM, 0), 0);
	assert_int_equal(reaper_spawn(&r, argv), 0);
	assert_int_equal(kill(getpid(), SIGTERM), 0);
	assert_int_equal(reaper_run(&r), 3);
	assert_int_equal(s.forwarded, 0);
	reaper_close(&r);
}

/* The one call a runtime needs. */
static void exec_in_one_call(void **state)
{
	char *argv[] = { "/bin/sh", "-c", "(sleep 0.1 &); exit 9", NULL };
	struct seen s = { 0 };
	struct reaper r = { .cfg = { .event = record, .ctx = &s } };

	(void)state;
	assert_int_equal(reaper_exec(&r, argv), 9);
	assert_int_equal(s.children, 1);
	fail_fork = true;
	assert_int_equal(reaper_exec(&r, argv), -EAGAIN);
}

static void fork_failure_is_an_error(void **state)
{
	char *argv[] = { "/bin/true", NULL };
	struct reaper r;
	struct seen s;

	(void)state;
	start(&r, &s);
	fail_fork = true;
	assert_int_equal(reaper_spawn(&r, argv), -EAGAIN);
	reaper_close(&r);
}

static void exec_failures(void **state)
{
	char script[] = "/tmp/init-test-XXXXXX";
	char *missing[] = { "/nonexistent/prog", NULL }, *dir[] = { "/", NULL };
	char *unknown[] = { "init-test-no-such-program", NULL }, *noexec[] = { script, NULL };
	struct seen s;
	bool pidfd;
	int err, fd;

	(void)state;
	assert_int_equal(run_program(&s, missing, &err, &pidfd), 127);
	assert_int_equal(err, ENOENT);
	assert_int_equal(run_program(&s, unknown, &err, &pidfd), 127);
	assert_int_equal(err, ENOENT);
	assert_int_equal(run_program(&s, dir, &err, &pidfd), 126);
	assert_int_equal(err, EISDIR);
	/* No #! line: glibc's execvp would hand it to /bin/sh, init does not. */
	fd = mkstemp(script);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "exit 0\n", 7), 7);
	assert_int_equal(fchmod(fd, 0755), 0);
	close(fd);
	assert_int_equal(run_program(&s, noexec, &err, &pidfd), 126);
	assert_int_equal(err, ENOEXEC);
	unlink(script);
}

static void listen_pid_names_the_program(void **state)
{
	char *env[] = { "A=1", "LISTEN_PID=1", "LISTEN_PIDFDID=77", "LISTEN_FDS=2", NULL };
	char **saved = environ, buf[32], want[32];

	(void)state;
	environ = env;
	listen_pid_to_self(buf);
	environ = saved;
	snprintf(want, sizeof(want), "LISTEN_PID=%d", (int)getpid());
	assert_string_equal(env[0], "A=1");
	assert_string_equal(env[1], want);
	assert_string_equal(env[2], "LISTEN_FDS=2");
	assert_null(env[3]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exit_codes),
		cmocka_unit_test_teardown(one_drain_reaps_a_thousand, teardown),
		cmocka_unit_test_teardown(pidfd_and_fallback_agree, teardown),
		cmocka_unit_test_teardown(forwards_through_pidfd, teardown),
		cmocka_unit_test_teardown(forwards_through_pid, teardown),
		cmocka_unit_test_teardown(forwards_to_group, teardown),
		cmocka_unit_test_teardown(dropped_signal_is_not_forwarded, teardown),
		cmocka_unit_test_teardown(exec_in_one_call, teardown),
		cmocka_unit_test_teardown(fork_failure_is_an_error, teardown),
		cmocka_unit_test_teardown(exec_failures, teardown),
		cmocka_unit_test(listen_pid_names_the_program),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
