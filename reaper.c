/* SPDX-License-Identifier: MIT */
#include "reaper.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#ifndef INIT_FORK	/* meson picks _Fork where libc has it */
#define INIT_FORK fork
#endif

/* What a container image expects when PATH is unset (Docker's default). */
#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* Raw syscalls: musl wraps neither, and a kernel or a seccomp profile that
 * lacks them answers ENOSYS, which the callers fall back from. */
static int sys_pidfd_open(pid_t pid)
{
#ifdef SYS_pidfd_open
	return (int)syscall(SYS_pidfd_open, pid, 0);
#else
	(void)pid;
	errno = ENOSYS;
	return -1;
#endif
}

static int sys_pidfd_send_signal(int fd, int sig)
{
#ifdef SYS_pidfd_send_signal
	return (int)syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0);
#else
	(void)fd, (void)sig;
	errno = ENOSYS;
	return -1;
#endif
}

static void report(const struct reaper *r, struct reaper_event *ev)
{
	if (r->cfg.event)
		r->cfg.event(ev, r->cfg.ctx);
}

static void warn(const struct reaper *r, const char *what, int err)
{
	struct reaper_event ev = { .kind = REAPER_WARNING, .what = what, .err = err };

	report(r, &ev);
}

int reaper_exit_code(int how, int status)
{
	return how == CLD_EXITED ? status & 0xff : 128 + status;
}

int reaper_setup(struct reaper *r)
{
	r->self = getpid();
	r->child = 0;
	r->pidfd = -1;
	r->pidfd_signal = false;
	r->done = false;
	r->code = 0;
	/* Orphans of our descendants must come to us, not to the host's init.
	 * (prctl through syscall(): libc's varargs wrapper adds 100 bytes.) */
	if (r->self != 1 && syscall(SYS_prctl, PR_SET_CHILD_SUBREAPER, 1UL) < 0)
		return -errno;
	return sig_setup(&r->sig);
}

int reaper_exec(struct reaper *r, char *const argv[])
{
	int rc = reaper_setup(r);

	if (rc)
		return rc;
	rc = reaper_spawn(r, argv);
	if (!rc)
		rc = reaper_run(r);
	reaper_close(r);
	return rc;
}

static int write_file(const char *path, const char *text)
{
	int fd = init_open(path, O_WRONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) < 0)
		err = -errno;
	(void)close(fd); /* the write's error is the one that counts */
	return err;
}

/* Not root: a user namespace in which the caller is root, so that it may
 * make the others. */
static int map_to_root(void)
{
	char map[32];
	int err;

	if (unshare(CLONE_NEWUSER) < 0)
		return -errno;
	/* an unprivileged gid_map needs setgroups denied first */
	err = write_file("/proc/self/setgroups", "deny");
	memcpy(init_utoa(init_cat(map, "0 "), (unsigned long)geteuid()), " 1", 3);
	if (!err)
		err = write_file("/proc/self/uid_map", map);
	memcpy(init_utoa(init_cat(map, "0 "), (unsigned long)getegid()), " 1", 3);
	if (!err)
		err = write_file("/proc/self/gid_map", map);
	return err;
}

int reaper_unshare(struct reaper *r)
{
	pid_t pid;
	int err;

	if (geteuid() != 0 && (err = map_to_root()))
		return err;
	if (unshare(CLONE_NEWPID | CLONE_NEWNS) < 0)
		return -errno;
	pid = INIT_FORK();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		/* The new PID 1 keeps the signalfd and the inherited state
		 * already saved, so nothing is lost between the two. */
		r->self = getpid();
		/* It dies with the relay, as under `unshare --kill-child`. */
		(void)syscall(SYS_prctl, PR_SET_PDEATHSIG, (unsigned long)SIGKILL); /* cannot fail for KILL */
		/* Private first, so the new /proc does not leak out. */
		if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
		    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
			return -errno;
		return 0;
	}
	/* The relay: forward everything as it is, the new PID 1 does the rest. */
	r->child = pid;
	r->pidfd = sys_pidfd_open(pid);
	r->pidfd_signal = r->pidfd >= 0;
	r->cfg.pgroup = false;
	r->cfg.names = false;
	r->cfg.grace_ms = 0;
	memset(r->cfg.rewrite, 0, sizeof(r->cfg.rewrite));
	return 1;
}

void reaper_close(struct reaper *r)
{
	if (r->pidfd >= 0)
		(void)close(r->pidfd); /* nothing to flush */
	r->pidfd = -1;
	sig_close(&r->sig);
}

/* execvp without glibc's retry through /bin/sh on ENOEXEC, which musl does
 * not do: both builds then agree that such a file cannot be executed. */
static int exec_search(char *const argv[])
{
	const char *file = argv[0], *path = init_getenv("PATH"), *p, *end;
	size_t flen = strlen(file);
	char buf[PATH_MAX];
	bool denied = false;

	if (!flen)
		return ENOENT;
	if (*init_find(file, '/')) {
		int fd;

		execve(file, argv, environ);
		if (errno != EACCES)
			return errno;
		/* say why a directory cannot be executed */
		fd = init_open(file, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return EACCES;
		(void)close(fd); /* only probed */
		return EISDIR;
	}
	for (p = path ? path : DEFAULT_PATH;; p = end + 1) {
		size_t dlen;

		end = init_find(p, ':');
		dlen = (size_t)(end - p);
		if (dlen + flen + 2 <= sizeof(buf)) {
			memcpy(buf, p, dlen);
			buf[dlen] = '/';
			memcpy(buf + dlen + !!dlen, file, flen + 1);
			execve(buf, argv, environ);
			if (errno == EACCES)
				denied = true;
			else if (errno != ENOENT && errno != ENOTDIR)
				return errno;
		}
		if (!*end)
			return denied ? EACCES : ENOENT;
	}
}

/* Socket activation: LISTEN_PID named init, so it must now name the program
 * (sd_listen_fds() ignores fds meant for another PID).  LISTEN_PIDFDID would
 * name init's pidfd and is dropped for the same reason. */
static void listen_pid_to_self(char *buf)
{
	char **src, **dst;

	init_utoa(init_cat(buf, "LISTEN_PID="), (unsigned long)getpid());
	for (src = dst = environ; *src; src++) {
		if (init_skip(*src, "LISTEN_PIDFDID=", false))
			continue;
		*dst++ = init_skip(*src, "LISTEN_PID=", false) ? buf : *src;
	}
	*dst = NULL;
}

/* Between fork and exec: only async-signal-safe calls, leave by _exit. */
static _Noreturn void child_exec(const struct reaper *r, char *const argv[], int errfd,
				 bool foreground, bool listen)
{
	/* environ points here until exec: it must live as long as the function */
	char listen_buf[32]; // cppcheck-suppress variableScope
	int err;

	/* A group of its own: -g and the terminal's job control then address
	 * the program and its children, never init. */
	(void)setpgid(0, 0);
	if (foreground) {
		pid_t self = getpid();

		/* tcsetpgrp() itself: SIGTTOU is still blocked */
		(void)ioctl(STDIN_FILENO, TIOCSPGRP, &self);
	}
	if (listen)
		listen_pid_to_self(listen_buf);
	sig_restore(&r->sig);
	err = exec_search(argv);
	(void)!write(errfd, &err, sizeof(err)); /* the exit code still tells */
	_exit(err == ENOENT || err == ENOTDIR ? 127 : 126);
}

static bool listen_pid_is_ours(pid_t self)
{
	const char *v = init_getenv("LISTEN_PID");
	char buf[24];

	init_utoa(buf, (unsigned long)self);
	return v && !strcmp(v, buf);
}

int reaper_spawn(struct reaper *r, char *const argv[])
{
	/* Take the terminal for the child only if init holds it now, so
	 * `init -- app &` in a shell leaves the shell in the foreground. */
	pid_t term;	/* tcgetpgrp() itself */
	bool foreground = !ioctl(STDIN_FILENO, TIOCGPGRP, &term) && term == getpgrp();
	bool listen = listen_pid_is_ours(r->self);
	int pipefd[2], err = 0;
	ssize_t n;
	pid_t pid;

	/* the system call: libc's pipe2 adds a fallback for kernels older
	 * than signalfd4, which init needs anyway */
	if (syscall(SYS_pipe2, pipefd, O_CLOEXEC) < 0)
		return -errno;
	pid = INIT_FORK();
	if (pid == 0)
		child_exec(r, argv, pipefd[1], foreground, listen);
	(void)close(pipefd[1]); /* a pipe: nothing to flush */
	if (pid < 0) {
		err = -errno;
		(void)close(pipefd[0]);
		return err;
	}
	r->child = pid;
	/* Fails without pidfds (before 5.3, or a seccomp profile); the PID
	 * then does everything, since only init can reap it. */
	r->pidfd = sys_pidfd_open(pid);
	r->pidfd_signal = r->pidfd >= 0;
	do
		n = read(pipefd[0], &err, sizeof(err));
	while (n < 0 && errno == EINTR);
	(void)close(pipefd[0]);
	if (n == sizeof(err)) {
		struct reaper_event ev = { .kind = REAPER_EXEC_FAILED, .pid = pid, .err = -err, .what = argv[0] };

		report(r, &ev);
	}
	return 0;
}

static void forward(struct reaper *r, int sig)
{
	int to = sig_forward_as(r->cfg.rewrite, sig);
	pid_t target = r->cfg.pgroup ? -r->child : r->child;
	struct reaper_event ev = { .kind = REAPER_FORWARD, .pid = target, .sig = to };

	if (!to)
		return;
	if (r->pidfd_signal && !r->cfg.pgroup) {
		if (!sys_pidfd_send_signal(r->pidfd, to))
			goto sent;
		if (errno != ENOSYS && errno != EPERM) {
			warn(r, "forward a signal", -errno);
			return;
		}
		r->pidfd_signal = false;
	}
	if (kill(target, to) < 0) {
		/* ESRCH: the group is empty, nothing to tell */
		if (errno != ESRCH)
			warn(r, "forward a signal", -errno);
		return;
	}
sent:
	report(r, &ev);
}

/* /proc/self is init only when /proc belongs to init's PID namespace;
 * plain `unshare --pid --fork` leaves the host's, where PIDs mean others. */
static bool proc_is_ours(pid_t self)
{
	char link[24], want[24];
	ssize_t n = readlink("/proc/self", link, sizeof(link) - 1);

	if (n < 0)
		return false;
	link[n] = '\0';
	init_utoa(want, (unsigned long)self);
	return !strcmp(link, want);
}

static void read_comm(const struct reaper *r, pid_t pid, char comm[17])
{
	char path[40];
	ssize_t n = -1;
	int fd;

	memcpy(init_utoa(init_cat(path, "/proc/"), (unsigned long)pid), "/comm", 6);
	if (proc_is_ours(r->self) && (fd = init_open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		n = read(fd, comm, 16);
		(void)close(fd); /* read-only */
	}
	if (n <= 0)
		n = 1, comm[0] = '?';
	comm[n] = '\0';
	*init_find(comm, '\n') = '\0';
}

static void reaped(struct reaper *r, const siginfo_t *si, const char *comm)
{
	struct reaper_event ev = {
		.kind = REAPER_ORPHAN, .pid = si->si_pid, .how = si->si_code,
		.status = si->si_status, .comm = comm,
	};

	if (r->child && si->si_pid == r->child && !r->done) {
		r->done = true;
		r->code = reaper_exit_code(si->si_code, si->si_status);
		ev.kind = REAPER_CHILD;
		ev.comm = NULL;
		if (r->pidfd >= 0)
			(void)close(r->pidfd); /* read-only */
		r->pidfd = -1;
	}
	report(r, &ev);
}

/* The one reaping path.  One SIGCHLD may stand for many exits, so take
 * every exited child there is.  Returns false once init has no child. */
static bool drain(struct reaper *r)
{
	int peek = r->cfg.names ? WNOWAIT : 0;

	for (;;) {
		char comm[17];
		siginfo_t si;

		si.si_pid = 0;
		if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | __WALL | peek) < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ECHILD)
				return false;
			warn(r, "wait for children", -errno);
			return true;
		}
		if (!si.si_pid)
			return true;
		if (peek) {
			/* Named while still a zombie: its PID cannot be reused
			 * before the reap below, so the name is its own. */
			if (si.si_pid != r->child)
				read_comm(r, si.si_pid, comm);
			if (waitid(P_PID, (id_t)si.si_pid, &si, WEXITED | WNOHANG | __WALL) < 0 || !si.si_pid) {
				warn(r, "reap a child", -errno);
				return true;
			}
		}
		reaped(r, &si, peek ? comm : NULL);
	}
}

/* Reads what is pending on the signalfd and forwards it; true if SIGCHLD
 * was among it. */
static bool take_signals(struct reaper *r)
{
	struct signalfd_siginfo buf[16];
	bool chld = false;
	int n;

	do {
		n = sig_read(&r->sig, buf, LEN(buf));
		for (int i = 0; i < n; i++) {
			int sig = (int)buf[i].ssi_signo;

			if (sig == SIGCHLD)
				chld = true;
			/* Nothing after the end, and not init's own write to a
			 * closed pipe or past the file size limit either. */
			else if (r->done || ((sig == SIGPIPE || sig == SIGXFSZ) &&
					     (pid_t)buf[i].ssi_pid == r->self))
				continue;
			else if (r->child)
				forward(r, sig);
			else if (sig == SIGTERM || sig == SIGINT)
				r->done = true; /* a pause ends cleanly, code 0 */
		}
	} while (n == (int)LEN(buf));
	if (n < 0 && n != -EAGAIN && n != -EINTR)
		warn(r, "read signals", n);
	return chld;
}

static void kill_tree(pid_t pid, int sig, unsigned depth);

/* Each PID listed in fd (a /proc children file) and its descendants. */
static void kill_listed(int fd, int sig, unsigned depth)
{
	unsigned long cur = 0;
	char buf[256];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] >= '0' && buf[i] <= '9') {
				cur = cur * 10 + (unsigned long)(buf[i] - '0');
				continue;
			}
			if (cur)
				kill_tree((pid_t)cur, sig, depth);
			cur = 0;
		}
	if (cur)
		kill_tree((pid_t)cur, sig, depth);
}

/* Signals pid's descendants, then pid itself unless it is init (depth 0).
 * Post-order: a parent is signalled only once its children are found.
 * Deeper than 32 levels, what is left comes back to init re-parented. */
static void kill_tree(pid_t pid, int sig, unsigned depth)
{
	char path[64], *p;
	int fd;

	/* The main thread's children only: see README on what this misses. */
	p = init_utoa(init_cat(path, "/proc/"), (unsigned long)pid);
	p = init_utoa(init_cat(p, "/task/"), (unsigned long)pid);
	memcpy(p, "/children", 10);
	fd = depth < 32 ? init_open(path, O_RDONLY | O_CLOEXEC) : -1;
	if (fd >= 0) {
		kill_listed(fd, sig, depth + 1);
		(void)close(fd); /* read-only */
	}
	if (depth)
		(void)kill(pid, sig); /* ESRCH: gone already */
}

static void kill_rest(const struct reaper *r, int sig)
{
	/* As PID 1 that is everyone else in the namespace. */
	if (r->self == 1) {
		(void)kill(-1, sig); /* ESRCH: nobody is left */
		return;
	}
	if (r->child)
		(void)kill(-r->child, sig); /* ESRCH: the group is empty */
	if (proc_is_ours(r->self))
		kill_tree(r->self, sig, 0);
}

static long long now_ms(void)
{
	struct timespec ts;

	/* the raw call: libc's vDSO lookup is larger than all of this, and it
	 * runs only during a grace period */
#ifdef SYS_clock_gettime
	(void)syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts); /* cannot fail */
#else	/* 32-bit musl: time_t is 64 bits and SYS_clock_gettime is gone */
	(void)clock_gettime(CLOCK_MONOTONIC, &ts); /* cannot fail */
#endif
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* TERM what is left, wait up to grace_ms while reaping, then KILL what is
 * still there, again after every reap, until init has no child. */
static void grace(struct reaper *r)
{
	struct pollfd pfd = { .fd = r->sig.fd, .events = POLLIN };
	long long deadline = now_ms() + r->cfg.grace_ms;
	int sig = SIGTERM;

	if (!drain(r))
		return;
	kill_rest(r, SIGTERM);
	for (;;) {
		long long left = deadline - now_ms();

		if (sig == SIGTERM && left <= 0) {
			sig = SIGKILL;
			kill_rest(r, SIGKILL);
		}
		if (poll(&pfd, 1, sig == SIGKILL ? -1 : (int)left) < 0 && errno != EINTR)
			warn(r, "wait for events", -errno);
		if (pfd.revents)
			(void)take_signals(r); /* nothing is forwarded any more */
		if (!drain(r))
			return;
		if (sig == SIGKILL)
			kill_rest(r, SIGKILL);
	}
}

int reaper_run(struct reaper *r)
{
	struct pollfd fds[2] = {
		{ .fd = r->sig.fd, .events = POLLIN },
		{ .fd = r->pidfd, .events = POLLIN },	/* poll skips -1 */
	};

	while (!r->done) {
		bool reap;

		if (poll(fds, LEN(fds), -1) < 0) {
			if (errno != EINTR)
				warn(r, "wait for events", -errno);
			continue;
		}
		reap = fds[1].revents != 0;
		if (fds[0].revents && take_signals(r))
			reap = true;
		if (reap && !drain(r) && !r->done && r->child) {
			/* Someone else reaped it (an embedding program's
			 * thread): the status is gone, do not wait forever. */
			warn(r, "find the main child's status", -ECHILD);
			r->done = true;
			r->code = 125;
		}
		fds[1].fd = r->pidfd;
	}
	if (r->cfg.grace_ms)
		grace(r);
	return r->code;
}
