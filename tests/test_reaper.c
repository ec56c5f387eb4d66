/* SPDX-License-Identifier: MIT */
/* Includes reaper.c, child.c and release.c, so their static pieces (the
 * drain, the exec search, the descriptor closing) can be tested on their
 * own; linked with --wrap for syscall, kill and INIT_FORK (fork or _Fork,
 * as meson found). */
#include "unit.h"

#include "../reaper.c"
#include "../child.c"
#include "../release.c"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static bool fail_fork;
static bool no_pidfd;
static int no_close_range;	/* the errno close_range fails with, or 0 */

/* What the reaper sent, and how. */
static struct {
	int pidfd_sends;
	int kills;
	pid_t kill_pid;		/* the last kill's target */
	int group_kills;	/* to a process group, not to all (-1) */
} sent;

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
	if (no_close_range && n == SYS_close_range) {
		errno = no_close_range;
		return -1;
	}
	if (n == SYS_pidfd_send_signal)
		sent.pidfd_sends++;
	return __real_syscall(n, a, b, c, d, e, f);
}

int __real_kill(pid_t pid, int sig);
int __wrap_kill(pid_t pid, int sig)
{
	if (pid != getpid() && sig) {	/* not the test's own, nor a probe */
		sent.kills++;
		sent.kill_pid = pid;
		sent.group_kills += pid < -1;
	}
	return __real_kill(pid, sig);
}

struct seen {
	int exec_err;
	int orphans;
	int orphan_status_sum;
	int children;
	pid_t child;
	int forwarded;
	pid_t forward_pid;
	int signalled;		/* processes the rest's signals reached */
};

static void record(const struct reaper_event *ev, void *ctx)
{
	struct seen *s = ctx;

	switch (ev->kind) {
	case REAPER_ORPHAN:
		s->orphans++;
		s->orphan_status_sum += ev->status;
		break;
	case REAPER_MAIN:
		s->children++;
		s->child = ev->pid;
		break;
	case REAPER_FORWARD:
		s->forwarded++;
		s->forward_pid = ev->pid;
		break;
	case REAPER_EXEC_FAILED:
		s->exec_err = -ev->err;
		break;
	case REAPER_SIGNALLED:
		s->signalled += ev->count;
		break;
	case REAPER_WARNING:
		fail_msg("warning: %s: %s", ev->what, strerror(-ev->err));
		break;
	case REAPER_STRAY:
		fail_msg("stray: %d", (int)ev->pid);
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
	no_close_range = 0;
	sent.pidfd_sends = sent.kills = sent.kill_pid = sent.group_kills = 0;
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
	reap_exited(&r);
	assert_true(r.none_left);
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

/* TERM reaches the main child by the path asked for: its pidfd, its PID
 * (without pidfds), or its process group (-g), never two of them. */
static void forwards_term(bool pidfd, bool pgroup)
{
	char *argv[] = { "/bin/sleep", "10", NULL };
	struct reaper r;
	struct seen s;
	pid_t child;

	no_pidfd = !pidfd;
	start(&r, &s);
	r.cfg.pgroup = pgroup;
	assert_int_equal(reaper_spawn(&r, argv), 0);
	child = r.child;
	assert_int_equal(kill(getpid(), SIGTERM), 0);	/* queued on the signalfd */
	assert_int_equal(reaper_run(&r), 143);
	assert_int_equal(s.forwarded, 1);
	assert_int_equal(s.forward_pid, pgroup ? -child : child);
	assert_int_equal(sent.pidfd_sends, pidfd && !pgroup);
	assert_int_equal(sent.kills, !pidfd || pgroup);
	if (sent.kills)
		assert_int_equal(sent.kill_pid, pgroup ? -child : child);
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
	assert_int_equal(reaper_supervise(&r, argv), 9);
	assert_int_equal(s.children, 1);
	fail_fork = true;
	assert_int_equal(reaper_supervise(&r, argv), -EAGAIN);
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

/* fds[0..n) open on /dev/null; how many of them are still open. */
static int still_open(const int *fds, int n)
{
	int open = 0;

	for (int i = 0; i < n; i++)
		open += fcntl(fds[i], F_GETFD) >= 0;
	return open;
}

/* Every inherited descriptor above 2 is closed, but the two kept: with
 * close_range, and where it is refused, from /proc/self/fd's list. */
static void closes_inherited_descriptors(void **state)
{
	static const int refusals[] = { 0, ENOSYS, EPERM };

	(void)state;
	for (size_t i = 0; i < LEN(refusals); i++) {
		int fds[6], keep[2];

		for (int j = 0; j < 6; j++)
			assert_true((fds[j] = open("/dev/null", O_RDONLY)) > 2);
		keep[0] = fds[1];
		keep[1] = fds[4];
		no_close_range = refusals[i];
		assert_int_equal(close_inherited(keep), 0);
		assert_int_equal(still_open(fds, 6), 2);
		assert_int_equal(still_open(keep, 2), 2);
		assert_true(fcntl(0, F_GETFD) >= 0 && fcntl(1, F_GETFD) >= 0 && fcntl(2, F_GETFD) >= 0);
		close(keep[0]);
		close(keep[1]);
	}
}

/* With cfg.release, the program keeps what init had; init keeps its own. */
static void release_keeps_the_programs_and_its_own(void **state)
{
	char *argv[] = { "/bin/sh", "-c", "[ -e /proc/$$/fd/$0 ] && [ \"$(pwd)\" = \"$1\" ]", NULL, NULL, NULL };
	char fdnum[12], cwd[PATH_MAX];
	struct reaper r;
	struct seen s;
	int fd = open("/dev/null", O_RDONLY);

	(void)state;
	assert_true(fd > 2);
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	snprintf(fdnum, sizeof(fdnum), "%d", fd);
	argv[3] = fdnum;
	argv[4] = cwd;
	start(&r, &s);
	r.cfg.release = true;
	assert_int_equal(reaper_spawn(&r, argv), 0);
	assert_int_equal(fcntl(fd, F_GETFD), -1);	/* closed in init */
	assert_true(fcntl(sig_fd(&r.sig), F_GETFD) >= 0);
	assert_true(fcntl(r.pidfd, F_GETFD) >= 0);
	assert_int_equal(reaper_run(&r), 0);		/* open in the program */
	assert_non_null(getcwd(fdnum, sizeof(fdnum)));
	assert_string_equal(fdnum, "/");
	reaper_close(&r);
	assert_int_equal(chdir(cwd), 0);
}

/* wait_all: the main child's 0 gives way to the last child's status; a
 * failure of the main child does not. */
static void wait_all_reports_the_last(void **state)
{
	char *last[] = { "/bin/sh", "-c", "(sleep 0.2; exit 7) & exit 0", NULL };
	char *failed[] = { "/bin/sh", "-c", "(sleep 0.2; exit 7) & exit 3", NULL };
	struct seen s = { 0 };
	struct reaper r = { .cfg = { .event = record, .ctx = &s, .wait_all = true } };

	(void)state;
	while (wait(NULL) > 0)	/* earlier tests' orphans, not to be counted */
		;
	assert_int_equal(reaper_supervise(&r, last), 7);
	assert_int_equal(s.orphans, 1);
	assert_int_equal(reaper_supervise(&r, failed), 3);
	assert_int_equal(s.orphans, 2);
	r.cfg.wait_all = false;
	assert_int_equal(reaper_supervise(&r, last), 0);
}

/* Once the main child is reaped, its group's number may be reused by a
 * stranger: the rest are found by the walk, never signalled by group. */
static void wait_all_signals_no_group(void **state)
{
	/* exits once the sleep leads a session of its own (field 6 of stat) */
	char *argv[] = { "/bin/sh", "-c", "setsid sleep 5 & "
			 "until [ \"$(cut -d' ' -f6 /proc/$!/stat)\" = $! ]; do :; done", NULL };
	struct reaper r;
	struct seen s;
	siginfo_t si;

	(void)state;
	while (wait(NULL) > 0)	/* earlier tests' orphans */
		;
	start(&r, &s);
	r.cfg.wait_all = true;
	assert_int_equal(reaper_spawn(&r, argv), 0);
	/* the main child has exited (setsid: the sleep is in a group of its
	 * own), unreaped; USR1 comes with its SIGCHLD */
	assert_int_equal(waitid(P_PID, (id_t)r.child, &si, WEXITED | WNOWAIT), 0);
	assert_int_equal(kill(getpid(), SIGUSR1), 0);
	assert_int_equal(reaper_run(&r), 128 + SIGUSR1);	/* the walk reached the sleep */
	assert_int_equal(s.signalled, 1);
	assert_int_equal(sent.group_kills, 0);
	reaper_close(&r);
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
		cmocka_unit_test_teardown(closes_inherited_descriptors, teardown),
		cmocka_unit_test_teardown(release_keeps_the_programs_and_its_own, teardown),
		cmocka_unit_test_teardown(wait_all_reports_the_last, teardown),
		cmocka_unit_test_teardown(wait_all_signals_no_group, teardown),
		cmocka_unit_test(listen_pid_names_the_program),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
