/* SPDX-License-Identifier: MIT */
/*
 * The programs the end-to-end tests run under init, and the wrappers they
 * start init through.  One binary, one command per job:
 *
 *   helper catch [twice]    block every signal, print each one received as
 *                           its number, exit 0 when stdin closes; twice:
 *                           in two processes of one group
 *   helper status [FILE]    print pid, ppid, SigBlk, SigIgn, open fds,
 *                           whether it holds the terminal, LISTEN_PID
 *   helper tty              print "fg 1" or "fg 0", then wait for a signal
 *   helper orphans N        leave N orphans that exit at once, print
 *                           "done", exit 0 when stdin closes
 *   helper burst N CODE     exit CODE at the same moment as N orphans
 *   helper churn N          N times in turn: make an orphan that exits;
 *                           exit 1 if fork keeps failing
 *   helper named N          leave N orphans named orph-I, each printing
 *                           "PID NAME STATUS" and ending so (exited K,
 *                           killed by SIGTERM), print "done", exit 0 when
 *                           stdin closes
 *   helper soak WARM N      WARM orphans, print "warm", wait for a line on
 *                           stdin, N more orphans, print "done", exit 0
 *                           when stdin closes
 *   helper scenario N S     the fault-injection scenario: S stragglers
 *                           (TERM ignored; once this process is gone they
 *                           exit one a tenth of a second apart, the last
 *                           never), N orphans held on a pipe; block and
 *                           print every signal; print "pids INIT SELF
 *                           ORPHAN... - STRAGGLER...", then "ready"; a
 *                           line on stdin lets the orphans exit
 *                           ("released"); TERM ends it by TERM (143), the
 *                           end of stdin by exit 3
 *   helper gate -- PROG ARG...
 *                           exec PROG once SIGUSR1 comes: a tracer
 *                           attached before then sees PROG's every call
 *   helper exit CODE
 *   helper comm NAME        name itself NAME (PR_SET_NAME: any bytes), exit 0
 *   helper unkillable       as set-user-ID root, become root through and
 *                           through (setresuid), so that its first user
 *                           may not signal it; ignore TERM, print "ready",
 *                           let go of stdin, stdout and stderr, wait for
 *                           the KILL
 *   helper with [-i SIGS] [-b SIGS] [-c FDS] [-n] -- PROG ARG...
 *                           exec PROG with SIGS ignored / blocked, FDS
 *                           closed, and (-n) pidfd_open and
 *                           pidfd_send_signal failing with ENOSYS
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "signals.h"

static void die(const char *what)
{
	fprintf(stderr, "helper: %s: %s\n", what, strerror(errno));
	exit(99);
}

static uint64_t sig_list(char *list)
{
	uint64_t set = 0;

	for (char *s = strtok(list, ","); s; s = strtok(NULL, ",")) {
		int sig = sig_number(s);

		if (sig < 0) {
			fprintf(stderr, "helper: bad signal %s\n", s);
			exit(99);
		}
		set |= (uint64_t)1 << (sig - 1);
	}
	return set;
}

/* Blocks every signal, and fills fds with a signalfd taking them all and
 * stdin, to poll together. */
static void watch_signals_and_stdin(struct pollfd fds[2])
{
	uint64_t all = ~(uint64_t)0;

	if (syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, NULL, sizeof(all)) < 0)
		die("block");
	fds[0] = (struct pollfd){ .fd = (int)syscall(SYS_signalfd4, -1, &all, sizeof(all), 0), .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = 0, .events = POLLIN };
	if (fds[0].fd < 0)
		die("signalfd");
}

static int catch(bool twice)
{
	struct signalfd_siginfo si;
	struct pollfd fds[2];
	char buf[64];

	if (twice && fork() < 0)
		die("fork");
	watch_signals_and_stdin(fds);
	/* one write a line: two catchers share the pipe */
	if (write(1, "ready\n", 6) != 6)
		die("write");
	for (;;) {
		if (poll(fds, 2, -1) < 0)
			die("poll");
		if (fds[0].revents && read(fds[0].fd, &si, sizeof(si)) == sizeof(si)) {
			int len = snprintf(buf, sizeof(buf), "%u\n", si.ssi_signo);

			if (write(1, buf, (size_t)len) != len)
				die("write");
		}
		if (fds[1].revents && read(0, buf, sizeof(buf)) <= 0)
			return 0;
	}
}

static int status(const char *path)
{
	FILE *out = path ? fopen(path, "w") : stdout, *in;
	const char *listen = getenv("LISTEN_PID");
	char line[256];
	struct dirent *d;
	DIR *dir;

	if (!out)
		die(path);
	fprintf(out, "pid %d\nppid %d\n", (int)getpid(), (int)getppid());
	if (!(in = fopen("/proc/self/status", "r")))
		die("/proc/self/status");
	while (fgets(line, sizeof(line), in))
		if (!strncmp(line, "SigBlk:", 7) || !strncmp(line, "SigIgn:", 7))
			fputs(line, out);
	fclose(in);
	if (!(dir = opendir("/proc/self/fd")))
		die("/proc/self/fd");
	fputs("fds", out);
	while ((d = readdir(dir)))
		if (d->d_name[0] != '.' && atoi(d->d_name) != dirfd(dir) &&
		    (!path || atoi(d->d_name) != fileno(out)))
			fprintf(out, " %s", d->d_name);
	closedir(dir);
	fprintf(out, "\nfg %d\nlisten %s\n", tcgetpgrp(0) == getpgrp(), listen ? listen : "-");
	return fclose(out) != 0;
}

static int tty(void)
{
	printf("fg %d\n", tcgetpgrp(0) == getpgrp());
	fflush(stdout);
	pause(); /* Ctrl-C's SIGINT ends it */
	return 0;
}

/* Forks, retrying while the pids cgroup is full for a moment (init has
 * not reaped yet); gives up after about 5 s. */
static pid_t fork_patiently(void)
{
	for (int i = 0; i < 5000; i++) {
		pid_t pid = fork();

		if (pid >= 0 || errno != EAGAIN)
			return pid;
		nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL);
	}
	return -1;
}

/* A child that forks n grandchildren and exits: they are orphans.  With a
 * pipe, each waits for the pipe to close before it exits; with out, their
 * PIDs go there. */
static void orphans(int n, const int *hold, pid_t *out)
{
	int report[2];
	pid_t pid;

	if (out && pipe(report) < 0)
		die("pipe");
	if ((pid = fork_patiently()) < 0)
		die("fork");
	if (pid == 0) {
		for (int i = 0; i < n; i++) {
			pid_t g = fork_patiently();

			if (g < 0)
				_exit(1);
			if (g == 0) {
				char c;

				if (hold) {
					close(hold[1]);
					(void)!read(hold[0], &c, 1);
				}
				_exit(0);
			}
			if (out && write(report[1], &g, sizeof(g)) != sizeof(g))
				_exit(1);
		}
		_exit(0);
	}
	if (out) {
		close(report[1]);
		for (int i = 0; i < n; i++)
			if (read(report[0], &out[i], sizeof(out[i])) != sizeof(out[i]))
				die("read orphans");
		close(report[0]);
	}
	if (waitpid(pid, NULL, 0) < 0)
		die("waitpid");
}

static void named(int n)
{
	int p[2];
	pid_t pid;

	if (pipe(p) < 0)
		die("pipe");
	if ((pid = fork()) < 0)
		die("fork");
	if (pid == 0) {
		for (int i = 0; i < n; i++) {
			pid_t g = fork();
			char name[16], c;

			if (g < 0)
				_exit(1);
			if (g)
				continue;
			snprintf(name, sizeof(name), "orph-%d", i);
			prctl(PR_SET_NAME, name);
			close(p[1]);
			if (i % 10 == 9)
				printf("%d %s killed by SIGTERM\n", (int)getpid(), name);
			else
				printf("%d %s exited %d\n", (int)getpid(), name, i % 4);
			fflush(stdout);
			(void)!read(p[0], &c, 1); /* until the parent is gone */
			if (i % 10 == 9)
				raise(SIGTERM);
			_exit(i % 4);
		}
		_exit(0);
	}
	close(p[0]);
	close(p[1]);
	if (waitpid(pid, NULL, 0) < 0)
		die("waitpid");
}

/* A process init must TERM, and KILL after the grace period: TERM
 * ignored; once its parent is gone (USR1, as parent-death signal) it
 * exits after i tenths of a second, or waits for the KILL (last). */
static void straggler(int i, bool last, pid_t parent)
{
	sigset_t usr1;
	int null = open("/dev/null", O_RDWR);

	if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
		_exit(1);
	signal(SIGTERM, SIG_IGN);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	if (sigprocmask(SIG_SETMASK, &usr1, NULL) < 0 || prctl(PR_SET_PDEATHSIG, SIGUSR1) < 0)
		_exit(1);
	if (getppid() == parent)	/* else it is gone already */
		while (sigwaitinfo(&usr1, NULL) < 0)
			;
	if (last)
		for (;;)
			pause();
	nanosleep(&(struct timespec){ .tv_nsec = 100000000L * i }, NULL);
	_exit(0);
}

static void say_line(const char *line)
{
	size_t len = strlen(line);

	if (write(1, line, len) != (ssize_t)len)
		die("write");
}

static int scenario(int n, int stragglers)
{
	pid_t self = getpid(), orphan[256], strag[16];
	struct pollfd fds[2];
	char line[4096];
	int hold[2], len;

	if (n < 0 || n > 256 || stragglers < 0 || stragglers > 16)
		return 99;
	for (int i = 0; i < stragglers; i++) {
		if ((strag[i] = fork()) < 0)
			die("fork");
		if (strag[i] == 0)
			straggler(i + 1, i == stragglers - 1, self);
	}
	watch_signals_and_stdin(fds);
	if (pipe(hold) < 0)
		die("pipe");
	orphans(n, hold, orphan);
	len = snprintf(line, sizeof(line), "pids %d %d", (int)getppid(), (int)self);
	for (int i = 0; i < n; i++)
		len += snprintf(line + len, sizeof(line) - (size_t)len, " %d", (int)orphan[i]);
	len += snprintf(line + len, sizeof(line) - (size_t)len, " -");
	for (int i = 0; i < stragglers; i++)
		len += snprintf(line + len, sizeof(line) - (size_t)len, " %d", (int)strag[i]);
	snprintf(line + len, sizeof(line) - (size_t)len, "\nready\n");
	say_line(line);
	for (;;) {
		if (poll(fds, 2, -1) < 0)
			die("poll");
		if (fds[0].revents) {
			struct signalfd_siginfo si;

			if (read(fds[0].fd, &si, sizeof(si)) != sizeof(si))
				die("read signal");
			if (si.ssi_signo == SIGCHLD)	/* its own orphan-maker's */
				continue;
			snprintf(line, sizeof(line), "%u\n", si.ssi_signo);
			say_line(line);
			if (si.ssi_signo == SIGTERM) {
				uint64_t none = 0;

				signal(SIGTERM, SIG_DFL);
				raise(SIGTERM);	/* pending until unblocked */
				syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, sizeof(none));
				die("raise");
			}
		}
		if (fds[1].revents) {
			ssize_t got = read(0, line, sizeof(line));

			if (got <= 0)
				return 3;
			if (hold[1] >= 0) {
				close(hold[1]);
				hold[1] = -1;
				say_line("released\n");
			}
		}
	}
}

/* Waits for SIGUSR1 with the rest of the signal state untouched, then
 * execs argv: whatever traces this process from before sees the program
 * from its first call, with the same PID (PID 1 stays PID 1). */
static int gate(char **argv)
{
	sigset_t usr1, old;

	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	if (sigprocmask(SIG_BLOCK, &usr1, &old) < 0)
		die("block");
	while (sigwaitinfo(&usr1, NULL) < 0)
		if (errno != EINTR)
			die("sigwaitinfo");
	if (sigprocmask(SIG_SETMASK, &old, NULL) < 0)
		die("mask");
	execvp(argv[0], argv);
	die(argv[0]);
	return 99;
}

static int churn(int n)
{
	for (int i = 0; i < n; i++) {
		pid_t pid = fork_patiently();
		int st;

		if (pid < 0)
			die("fork");
		if (pid == 0) {
			pid_t g = fork_patiently();

			_exit(g < 0);
		}
		if (waitpid(pid, &st, 0) < 0 || st != 0) {
			fprintf(stderr, "helper: fork failed at orphan %d\n", i);
			return 1;
		}
	}
	return 0;
}

struct sock_insn { uint16_t code; uint8_t jt, jf; uint32_t k; };
struct sock_prog { unsigned short len; struct sock_insn *filter; };

/* seccomp: pidfd_open and pidfd_send_signal answer ENOSYS, as on a kernel
 * before 5.3 or under a container profile that lacks them.  Spelt out so
 * that it builds against musl, which has no kernel headers. */
static void no_pidfd(void)
{
	struct sock_insn f[] = {
		{ 0x20, 0, 0, 0 },				/* ld nr */
		{ 0x15, 2, 0, SYS_pidfd_open },			/* jeq -> errno */
		{ 0x15, 1, 0, SYS_pidfd_send_signal },
		{ 0x06, 0, 0, 0x7fff0000u },			/* allow */
		{ 0x06, 0, 0, 0x00050000u | ENOSYS },		/* errno */
	};
	struct sock_prog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };

	/* Root needs no "no new privileges", which would keep a set-user-ID
	 * program (helper unkillable) from gaining any. */
	if (prctl(PR_SET_SECCOMP, 2, &prog) < 0 &&
	    (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || prctl(PR_SET_SECCOMP, 2, &prog) < 0))
		die("seccomp");
}

static int with(int argc, char **argv)
{
	uint64_t mask = 0;
	int c;

	while ((c = getopt(argc, argv, "+i:b:c:n")) != -1) {
		switch (c) {
		case 'i': {
			uint64_t ign = sig_list(optarg);

			for (int sig = 1; sig <= 64; sig++)
				if (ign >> (sig - 1) & 1 && sig != SIGKILL && sig != SIGSTOP)
					signal(sig, SIG_IGN);
			break;
		}
		case 'b':
			mask |= sig_list(optarg);
			break;
		case 'c':
			for (char *s = strtok(optarg, ","); s; s = strtok(NULL, ","))
				close(atoi(s));
			break;
		case 'n':
			no_pidfd();
			break;
		default:
			return 99;
		}
	}
	if (syscall(SYS_rt_sigprocmask, SIG_SETMASK, &mask, NULL, sizeof(mask)) < 0)
		die("mask");
	execvp(argv[optind], argv + optind);
	die(argv[optind]);
	return 99;
}

static int wait_stdin(void)
{
	char buf[64];

	while (read(0, buf, sizeof(buf)) > 0)
		;
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	int n = argc > 2 ? atoi(argv[2]) : 0;

	if (!strcmp(cmd, "catch"))
		return catch(argc > 2 && !strcmp(argv[2], "twice"));
	if (!strcmp(cmd, "status"))
		return status(argc > 2 ? argv[2] : NULL);
	if (!strcmp(cmd, "tty"))
		return tty();
	if (!strcmp(cmd, "orphans")) {
		orphans(n, NULL, NULL);
		printf("done\n");
		fflush(stdout);
		return wait_stdin();
	}
	if (!strcmp(cmd, "named")) {
		named(n);
		printf("done\n");
		fflush(stdout);
		return wait_stdin();
	}
	if (!strcmp(cmd, "soak")) {
		char line[16];
		int total = argc > 3 ? atoi(argv[3]) : 0;

		for (int done = 0; done < n; done += 100)
			orphans(100, NULL, NULL);
		printf("warm\n");
		fflush(stdout);
		if (!fgets(line, sizeof(line), stdin))
			return 1;
		for (int done = 0; done < total; done += 100)
			orphans(100, NULL, NULL);
		printf("done\n");
		fflush(stdout);
		return wait_stdin();
	}
	if (!strcmp(cmd, "burst")) {
		int p[2];

		if (pipe(p) < 0)
			die("pipe");
		orphans(n, p, NULL);
		return argc > 3 ? atoi(argv[3]) : 0; /* p[1] closes: all exit */
	}
	if (!strcmp(cmd, "churn"))
		return churn(n);
	if (!strcmp(cmd, "scenario"))
		return scenario(n, argc > 3 ? atoi(argv[3]) : 0);
	if (!strcmp(cmd, "gate") && argc > 3 && !strcmp(argv[2], "--"))
		return gate(argv + 3);
	if (!strcmp(cmd, "exit"))
		return n;
	if (!strcmp(cmd, "comm") && argc > 2)
		return prctl(PR_SET_NAME, argv[2]) != 0;
	if (!strcmp(cmd, "unkillable")) {
		int null;

		if (setresuid(0, 0, 0) < 0)
			die("setresuid");
		signal(SIGTERM, SIG_IGN);
		say_line("ready\n");
		null = open("/dev/null", O_RDWR);
		if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
			die("/dev/null");
		for (;;)
			pause();
	}
	if (!strcmp(cmd, "with"))
		return with(argc - 1, argv + 1);
	fprintf(stderr, "helper: unknown command %s\n", cmd);
	return 99;
}
