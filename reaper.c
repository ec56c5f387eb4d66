/* SPDX-License-Identifier: MIT */
#include "reaper.h"
#include "child.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef INIT_FORK	/* meson picks _Fork where libc has it */
#define INIT_FORK fork
#endif

/* Raw syscalls: musl wraps none of them, and a kernel or a seccomp profile
 * that lacks one answers ENOSYS, which the callers fall back from. */
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

static int sys_close_range(unsigned first, unsigned last)
{
#ifdef SYS_close_range
	return (int)syscall(SYS_close_range, first, last, 0);
#else
	(void)first, (void)last;
	errno = ENOSYS;
	return -1;
#endif
}

static void report(const struct reaper *r, struct reaper_event *ev)
{
	if (r->active->event)
		r->active->event(ev, r->active->ctx);
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
	r->active = &r->cfg;
	r->self = getpid();
	r->child = 0;
	r->pidfd = -1;
	r->pidfd_signal = true;	/* until refused */
	r->phase = REAPER_RUNNING;
	r->stop_sig = 0;
	r->tty = r->job_stopped = false;
	r->code = r->last = 0;
	/* Orphans of our descendants must come to us, not to the host's init.
	 * (prctl through syscall(): libc's varargs wrapper adds 100 bytes.) */
	if (r->self != 1 && syscall(SYS_prctl, PR_SET_CHILD_SUBREAPER, 1UL) < 0)
		return -errno;
	return sig_setup(&r->sig);
}

int reaper_supervise(struct reaper *r, char *const argv[])
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

/* What /proc/self/fd lists, in getdents64's own layout: musl's opendir()
 * would allocate, and init allocates nothing. */
struct dirent64_raw {
	uint64_t ino;		// cppcheck-suppress unusedStructMember
	int64_t off;		// cppcheck-suppress unusedStructMember
	unsigned short reclen;
	unsigned char type;	// cppcheck-suppress unusedStructMember
	char name[];
};

/* Closes each descriptor /proc/self/fd lists above 2, but keep[0..1]. */
static int close_listed(const int keep[2])
{
	_Alignas(struct dirent64_raw) char buf[512];
	int dir = util_open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC), err = 0;
	long n;

	if (dir < 0)
		return -errno;
	while ((n = syscall(SYS_getdents64, dir, buf, sizeof(buf))) > 0)
		for (long off = 0; off < n;) {
			const struct dirent64_raw *d = (const void *)(buf + off);
			int fd = 0;

			for (const char *p = d->name; *p >= '0' && *p <= '9'; p++)
				fd = fd * 10 + (*p - '0');
			if (fd > 2 && fd != dir && fd != keep[0] && fd != keep[1])
				(void)close(fd); /* not ours to flush */
			off += d->reclen;
		}
	if (n < 0)
		err = -errno;
	(void)close(dir); /* read-only */
	return err;
}

/* Closes every descriptor from 3 up but keep[0] < keep[1] (-1: none), in
 * ranges; where close_range is refused (before 5.9, or by a seccomp
 * profile), one by one as /proc/self/fd lists them: never a loop up to
 * RLIMIT_NOFILE, which can be a million. */
static int close_inherited(const int keep[2])
{
	unsigned from = 3;

	for (int i = 0; i < 2; i++) {
		if (keep[i] < (int)from)
			continue;
		if (keep[i] > (int)from && sys_close_range(from, (unsigned)keep[i] - 1) < 0)
			return close_listed(keep);
		from = (unsigned)keep[i] + 1;
	}
	return sys_close_range(from, UINT_MAX) < 0 ? close_listed(keep) : 0;
}

/* Once the program runs, no process of init's uid may ptrace init, or read
 * its memory, unless it has CAP_SYS_PTRACE (Docker's default drops it,
 * root or not).  Not before: an unprivileged -u writes its own uid_map,
 * which an undumpable process's /proc makes root's. */
static void undumpable(const struct reaper *r)
{
	if (r->cfg.release)
		(void)syscall(SYS_prctl, PR_SET_DUMPABLE, 0UL); /* cannot fail for 0 */
}

/* Once the program runs, init holds none of its descriptors (a pipe the
 * program closes is then really closed) and pins no mount. */
static void release(const struct reaper *r)
{
	int fd = sig_fd(&r->sig), keep[2] = { fd, r->pidfd }, err;

	if (!r->cfg.release)
		return;
	if (keep[1] < keep[0])
		keep[0] = r->pidfd, keep[1] = fd;
	if ((err = close_inherited(keep)))
		warn(r, "close inherited descriptors", err);
	if (chdir("/") < 0)
		warn(r, "change directory to /", -errno);
}

static int write_file(const char *path, const char *text)
{
	int fd = util_open(path, O_WRONLY | O_CLOEXEC), err = 0;

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
	memcpy(util_utoa(util_cat(map, "0 "), (unsigned long)geteuid()), " 1", 3);
	if (!err)
		err = write_file("/proc/self/uid_map", map);
	memcpy(util_utoa(util_cat(map, "0 "), (unsigned long)getegid()), " 1", 3);
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
	/* The relay forwards everything as it is, the new PID 1 does the
	 * rest: a configuration of its own, the caller's left as it was. */
	r->relay = (struct reaper_config){ .event = r->cfg.event, .ctx = r->cfg.ctx };
	r->active = &r->relay;
	r->child = pid;
	r->pidfd = sys_pidfd_open(pid);
	undumpable(r);
	release(r);
	return 1;
}

void reaper_close(struct reaper *r)
{
	if (r->pidfd >= 0)
		(void)close(r->pidfd); /* nothing to flush */
	r->pidfd = -1;
	sig_close(&r->sig);
}

static bool listen_pid_is_ours(pid_t self)
{
	const char *v = util_getenv("LISTEN_PID");
	char buf[24];

	util_utoa(buf, (unsigned long)self);
	return v && !strcmp(v, buf);
}

/* Whether stdin is init's controlling terminal (-1: it is not), and init's
 * process group its foreground one (1) or not (0).  In a PID namespace the
 * ids of groups outside it read 0, so 0 == 0 proves nothing: a read of no
 * bytes settles it, failing (EIO) in a background group while SIGTTIN is
 * blocked, taking nothing in the foreground. */
static int terminal_state(void)
{
	pid_t fg;	/* tcgetpgrp() itself */
	char c;

	if (ioctl(STDIN_FILENO, TIOCGPGRP, &fg) < 0)
		return -1;
	return fg == getpgrp() && read(STDIN_FILENO, &c, 0) == 0;
}

int reaper_spawn(struct reaper *r, char *const argv[])
{
	/* Take the terminal for the child only if init holds it now, so
	 * `init -- app &` in a shell leaves the shell in the foreground. */
	int term = terminal_state(), pipefd[2], err = 0;
	bool listen = listen_pid_is_ours(r->self);
	ssize_t n;
	pid_t pid;

	r->tty = term >= 0;
	/* the system call: libc's pipe2 adds a fallback for kernels older
	 * than signalfd4, which init needs anyway */
	if (syscall(SYS_pipe2, pipefd, O_CLOEXEC) < 0)
		return -errno;
	/* before the fork: the program could ptrace init between its exec
	 * and release() */
	undumpable(r);
	pid = INIT_FORK();
	if (pid == 0)
		child_exec(&r->sig, argv, pipefd[1], term > 0, listen);
	(void)close(pipefd[1]); /* a pipe: nothing to flush */
	if (pid < 0) {
		err = -errno;
		(void)close(pipefd[0]);
		return err;
	}
	r->child = pid;
	r->phase = REAPER_RUNNING;
	/* Fails without pidfds (before 5.3, or a seccomp profile); the PID
	 * then does everything, since only init can reap it. */
	r->pidfd = sys_pidfd_open(pid);
	do
		n = read(pipefd[0], &err, sizeof(err));
	while (n < 0 && errno == EINTR);
	(void)close(pipefd[0]);
	release(r);
	if (n == sizeof(err)) {
		struct reaper_event ev = { .kind = REAPER_EXEC_FAILED, .pid = pid, .err = -err, .what = argv[0] };

		report(r, &ev);
	}
	return 0;
}

/* sig to the process a pidfd addresses (fd; -1: none), else by PID: 0 or
 * -errno.  A seccomp profile may refuse pidfds, with ENOSYS or EPERM: then
 * the PID will do, but EPERM may be a true refusal too, and is tried by PID
 * only where pid is stable (only init can reap it, so it cannot have been
 * reused). */
static int send_to(struct reaper *r, int fd, pid_t pid, int sig, bool stable)
{
	if (fd >= 0 && r->pidfd_signal) {
		if (!sys_pidfd_send_signal(fd, sig))
			return 0;
		if (errno != ENOSYS && (errno != EPERM || !stable))
			return -errno;
		if (kill(pid, sig) < 0)
			return -errno;
		r->pidfd_signal = false;
		return 0;
	}
	return kill(pid, sig) < 0 ? -errno : 0;
}

static void forward(struct reaper *r, int sig)
{
	bool group = r->active->pgroup;
	struct reaper_event ev = { .kind = REAPER_FORWARD, .pid = group ? -r->child : r->child, .sig = sig };
	int err = send_to(r, group ? -1 : r->pidfd, ev.pid, sig, true);

	if (err)
		warn(r, "forward a signal", err);
	else
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
	util_utoa(want, (unsigned long)self);
	return !strcmp(link, want);
}

/* Opens /proc/PID/NAME, or with task /proc/PID/task/PID/NAME (the main
 * thread's: see README on what its children file misses). */
static int proc_open(pid_t pid, bool task, const char *name)
{
	char path[64], *p = util_utoa(util_cat(path, "/proc/"), (unsigned long)pid);

	if (task)
		p = util_utoa(util_cat(p, "/task/"), (unsigned long)pid);
	util_cat(p, name);
	return util_open(path, O_RDONLY | O_CLOEXEC);
}

/* pid's parent, as /proc/PID/stat says: "PID (NAME) S PPID ...", where
 * NAME may hold any byte, ')' too, but nothing after it does.  0 when pid
 * is gone. */
static pid_t proc_ppid(pid_t pid)
{
	char buf[128], *p = buf, *end = buf;
	int fd = proc_open(pid, false, "/stat");
	ssize_t n = -1;
	unsigned long id = 0;

	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		(void)close(fd); /* read-only */
	}
	buf[n > 0 ? n : 0] = '\0';
	for (; *p; p++)
		if (*p == ')')
			end = p;
	/* past ") S " */
	for (p = end; *p && p < end + 4; p++)
		;
	for (; *p >= '0' && *p <= '9'; p++)
		id = id * 10 + (unsigned long)(*p - '0');
	return (pid_t)id;
}

/* pid's name, "?" when /proc cannot tell. */
static void read_comm(const struct reaper *r, pid_t pid, char comm[17])
{
	ssize_t n = -1;
	int fd;

	if (proc_is_ours(r->self) && (fd = proc_open(pid, false, "/comm")) >= 0) {
		n = read(fd, comm, 16);
		(void)close(fd); /* read-only */
	}
	if (n <= 0)
		n = 1, comm[0] = '?';
	/* only the newline the kernel adds: a name may hold one of its own */
	comm[n - (comm[n - 1] == '\n')] = '\0';
}

/* Calls fn(ctx, PID) for each PID listed in fd (a /proc children file). */
static void each_listed(int fd, void (*fn)(void *ctx, pid_t pid), void *ctx)
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
				fn(ctx, (pid_t)cur);
			cur = 0;
		}
	if (cur)
		fn(ctx, (pid_t)cur);
}

/* Calls fn(ctx, PID) for each of init's children; false when /proc cannot
 * tell them (not mounted, or another namespace's). */
static bool each_child(const struct reaper *r, void (*fn)(void *ctx, pid_t pid), void *ctx)
{
	int fd = proc_is_ours(r->self) ? proc_open(r->self, true, "/children") : -1;

	if (fd < 0)
		return false;
	each_listed(fd, fn, ctx);
	(void)close(fd); /* read-only */
	return true;
}

/* A walk down init's descendants, sending sig; count: how many got it. */
struct walk {
	struct reaper *r;
	int sig;
	int count;
	pid_t parent;		/* whose children are being listed */
	unsigned depth;		/* theirs: 1 for init's children */
};

/* A warning (or a stray's) about process pid, with its name. */
static void report_about(const struct reaper *r, enum reaper_event_kind kind, const char *what, pid_t pid, int err)
{
	char comm[17];
	struct reaper_event ev = { .kind = kind, .what = what, .pid = pid, .comm = comm, .err = err };

	read_comm(r, pid, comm);
	report(r, &ev);
}

/* Signals pid, which the walk found among w->parent's children, after its
 * own children (a parent is signalled only once its children are found).
 * Through a pidfd opened before pid's parent is checked: if pid was reused
 * meanwhile, the pidfd addresses the process that left, never the one that
 * took the number.  Without pidfds, by PID once checked: a window README
 * names.  Deeper than 32 levels, what is left comes back to init
 * re-parented. */
static void signal_one(void *ctx, pid_t pid)
{
	struct walk *w = ctx, below = { .r = w->r, .sig = w->sig, .parent = pid, .depth = w->depth + 1 };
	int fd = sys_pidfd_open(pid), kids, err;

	if (fd < 0 && errno == ESRCH)
		return; /* gone */
	if (proc_ppid(pid) != w->parent)
		goto done;
	kids = w->depth < 32 ? proc_open(pid, true, "/children") : -1;
	if (kids >= 0) {
		/* the list is pid's own if pid was not reaped by the time it
		 * was open */
		if (send_to(w->r, fd, pid, 0, false) != -ESRCH)
			each_listed(kids, signal_one, &below);
		(void)close(kids); /* read-only */
	}
	w->count += below.count;
	err = send_to(w->r, fd, pid, w->sig, w->depth == 1);
	if (!err)
		w->count++;
	else if (err != -ESRCH) /* gone meanwhile */
		report_about(w->r, REAPER_WARNING, "signal", pid, err);
done:
	if (fd >= 0)
		(void)close(fd); /* nothing to flush */
}

/* Signals all that is left: as PID 1 every process of the namespace; as
 * subreaper init's descendants, found through /proc, each proved its own
 * (signal_one).  Never a process group by number: once the main child is
 * reaped, its group's number is free for a stranger's group to take. */
static void signal_rest(struct reaper *r, int sig)
{
	struct reaper_event ev = { .kind = REAPER_SIGNALLED, .sig = sig, .count = -1 };
	struct walk w = { .r = r, .sig = sig, .parent = r->self, .depth = 1 };

	if (r->self != 1) {
		(void)each_child(r, signal_one, &w);
		ev.count = w.count;
	} else if (kill(-1, sig) < 0) {
		ev.count = 0;
		if (errno != ESRCH) { /* ESRCH: none but init */
			warn(r, "signal every process", -errno);
			return;
		}
	}
	report(r, &ev);
}

static long long now_ms(void)
{
	struct timespec ts;

	/* the raw call: libc's vDSO lookup is larger than all of this, and it
	 * runs only while a deadline runs */
#ifdef SYS_clock_gettime
	(void)syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts); /* cannot fail */
#else	/* 32-bit musl: time_t is 64 bits and SYS_clock_gettime is gone */
	(void)clock_gettime(CLOCK_MONOTONIC, &ts); /* cannot fail */
#endif
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The main child, while it is one: its PID may be reused once reaped. */
static bool is_main(const struct reaper *r, pid_t pid)
{
	return r->phase == REAPER_RUNNING && r->child && pid == r->child;
}

static void reaped(struct reaper *r, const siginfo_t *si, const char *comm)
{
	struct reaper_event ev = {
		.kind = REAPER_ORPHAN, .pid = si->si_pid, .how = si->si_code,
		.status = si->si_status, .comm = comm,
	};

	r->last = reaper_exit_code(si->si_code, si->si_status);
	if (is_main(r, si->si_pid)) {
		r->code = r->last;
		r->phase = REAPER_WAITING; /* advance() decides what follows */
		ev.kind = REAPER_CHILD;
		ev.comm = NULL;
		if (r->pidfd >= 0)
			(void)close(r->pidfd); /* read-only */
		r->pidfd = -1;
	}
	report(r, &ev);
}

/* waitid() that never waits, but for EINTR, which is no answer: ask
 * again. */
static int wait_child(idtype_t type, id_t id, siginfo_t *si, int flags)
{
	int rc;

	do {
		si->si_pid = 0;
		rc = waitid(type, id, si, WNOHANG | __WALL | flags);
	} while (rc < 0 && errno == EINTR);
	return rc;
}

/* The main child stopped at the terminal (TSTP, TTIN, TTOU): the stop goes
 * on to init's own job, so that the shell sees the job stopped and
 * prompts.  The terminal goes back to init's group (where init can name
 * it), then the group gets SIGSTOP: init stops with it, or as PID 1, which
 * cannot stop itself, the rest of the group does (the -u relay, unshare).
 * A session leader has no job control above it (docker run -it): the
 * child is resumed at once, as a program that is PID 1 itself would not
 * have stopped. */
static void stopped(struct reaper *r, const siginfo_t *si)
{
	pid_t fg, own = getpgrp();
	int sig = si->si_status;

	if (!is_main(r, si->si_pid) || (sig != SIGTSTP && sig != SIGTTIN && sig != SIGTTOU))
		return;
	if (getsid(0) == r->self) {
		(void)kill(-r->child, SIGCONT); /* ESRCH: gone already */
		return;
	}
	if (own && !ioctl(STDIN_FILENO, TIOCGPGRP, &fg) && fg == r->child)
		(void)ioctl(STDIN_FILENO, TIOCSPGRP, &own); /* SIGTTOU is blocked */
	r->job_stopped = true;
	(void)kill(0, SIGSTOP); /* to init's own group: cannot fail */
}

/* The stopped job was continued (the shell's fg or bg).  After fg, init's
 * group holds the terminal: it goes on to the child's.  After bg, the
 * shell keeps it. */
static void job_continue(struct reaper *r)
{
	r->job_stopped = false;
	if (terminal_state() > 0)
		(void)ioctl(STDIN_FILENO, TIOCSPGRP, &r->child);
	(void)kill(-r->child, SIGCONT); /* ESRCH: gone already */
}

/* The one reaping path.  One SIGCHLD may stand for many exits, so it takes
 * every child that has exited; true when that left init with no child.
 * With a terminal it takes stops too, for job control. */
static bool reaped_all(struct reaper *r)
{
	int peek = r->active->names ? WNOWAIT : 0, stops = r->tty ? WSTOPPED : 0;

	for (;;) {
		char comm[17];
		siginfo_t si;

		if (wait_child(P_ALL, 0, &si, WEXITED | stops | peek) < 0) {
			if (errno != ECHILD) {
				warn(r, "wait for children", -errno);
				return false;
			}
			if (r->phase == REAPER_RUNNING && r->child) {
				/* Someone else reaped it (an embedding program's
				 * thread): the status is gone, do not wait forever. */
				warn(r, "find the main child's status", -ECHILD);
				r->code = -ECHILD;
				r->phase = REAPER_DONE;
			}
			return true;
		}
		if (!si.si_pid)
			return false;
		if (si.si_code == CLD_STOPPED) {
			/* after a peek, taken by a wait for stops alone, which
			 * cannot take an exit instead */
			if (!peek || (!wait_child(P_PID, (id_t)si.si_pid, &si, WSTOPPED) && si.si_pid))
				stopped(r, &si);
			continue;
		}
		if (peek) {
			int rc;

			/* Named while still a zombie: its PID cannot be reused
			 * before the reap below, so the name is its own. */
			if (!is_main(r, si.si_pid))
				read_comm(r, si.si_pid, comm);
			/* a zombie: only another thread can have reaped it since */
			if ((rc = wait_child(P_PID, (id_t)si.si_pid, &si, WEXITED)) < 0 || !si.si_pid) {
				warn(r, "reap a child", rc < 0 ? -errno : -ECHILD);
				return false;
			}
		}
		reaped(r, &si, peek ? comm : NULL);
	}
}

/* What a signal does, by phase: while the main child runs it goes to it;
 * after, only with wait_all, to all that is left.  TERM and INT end a pause,
 * and with wait_all ask all that is left to stop, whatever -r makes of them
 * (what they then get is the signal as -r makes it). */
static void take_signal(struct reaper *r, const struct signalfd_siginfo *si)
{
	int sig = (int)si->ssi_signo, to = sig_forward_as(r->active->rewrite, sig);
	bool stop = sig == SIGTERM || sig == SIGINT;

	/* Not the program's: init's own write to a closed pipe or past the
	 * file size limit. */
	if ((sig == SIGPIPE || sig == SIGXFSZ) && (pid_t)si->ssi_pid == r->self)
		return;
	if (r->phase == REAPER_RUNNING && r->child) {
		if (sig == SIGCONT && r->job_stopped)
			job_continue(r);
		else if (to)
			forward(r, to);
		if (stop && r->active->wait_all)
			r->stop_sig = sig;
	} else if (stop && r->phase <= REAPER_WAITING) {
		r->stop_sig = sig;
		r->phase = REAPER_WAITING; /* a pause ends; the rest are told */
	} else if (to && r->active->wait_all) {
		signal_rest(r, to);
	}
}

/* The rest are told to stop: with wait_all, by the TERM or INT that asked
 * for it; else by TERM, and a grace period runs. */
static void stop_rest(struct reaper *r)
{
	int sig = r->active->wait_all ? sig_forward_as(r->active->rewrite, r->stop_sig) : SIGTERM;

	if (sig)
		signal_rest(r, sig);
	r->deadline = r->active->grace_ms ? now_ms() + r->active->grace_ms : 0;
	r->phase = REAPER_STOPPING;
}

/* How long a process may outlive the grace period's SIGKILL. */
#define STRAY_MS 1000

/* A process left 1 s after the SIGKILL. */
static void name_stray(void *ctx, pid_t pid)
{
	report_about(ctx, REAPER_STRAY, "end", pid, 0);
}

/* After each turn: the next phase, from what the turn did.  none_left is
 * only true after a reap found no child; untold, children remain, since a
 * reap that found none would have ended the loop. */
static void advance(struct reaper *r, bool none_left)
{
	const struct reaper_config *c = r->active;

	switch (r->phase) {
	case REAPER_RUNNING:
	case REAPER_DONE:
		return;
	case REAPER_WAITING:
		if (none_left || (!c->wait_all && !c->grace_ms))
			break;
		if (r->stop_sig || !c->wait_all)
			stop_rest(r);
		return;
	case REAPER_STOPPING:
		if (none_left)
			break;
		if (r->deadline && now_ms() >= r->deadline) {
			signal_rest(r, SIGKILL);
			r->phase = REAPER_KILLING;
			r->deadline = now_ms() + STRAY_MS;
		}
		return;
	case REAPER_KILLING:
		if (none_left)
			break;
		/* A stop always ends: what KILL has not ended by now (a process
		 * init may not signal, one stuck in the kernel) is named, and
		 * left to the kernel (PID 1) or to the parent above. */
		if (now_ms() >= r->deadline) {
			if (!each_child(r, name_stray, r))
				report_about(r, REAPER_STRAY, "end what is left", 0, 0);
			break;
		}
		/* what was forked since the last round */
		signal_rest(r, SIGKILL);
		return;
	}
	r->phase = REAPER_DONE;
	/* wait_all: a main child that failed says so; else the last one */
	if (c->wait_all && r->child && !r->code)
		r->code = r->last;
}

/* The loop's one wait: a blocking read of up to n signals, or while a
 * deadline runs, a poll that ends at it, then that same read.  Returns how
 * many were read: none when the deadline came first, or on an error. */
static int next_signals(struct reaper *r, struct signalfd_siginfo *buf, size_t n)
{
	int got;

	if (r->phase >= REAPER_STOPPING && r->deadline) {
		long long left = r->deadline - now_ms();

		got = left > 0 ? sig_wait(&r->sig, (int)left) : 0;
		if (got < 0 && got != -EINTR)
			warn(r, "wait for signals", got);
		if (got <= 0)
			return 0;
	}
	got = sig_read(&r->sig, buf, n);
	if (got < 0 && got != -EINTR)
		warn(r, "read signals", got);
	return got < 0 ? 0 : got;
}

/* One turn: one wait, one read of up to 16 signals, the reaping, what the
 * signals ask for, the next phase.  Reaping first: a signal that came with
 * the main child's SIGCHLD then goes where the phase after it sends it.  A
 * second read after a full batch could block while a SIGCHLD of the first
 * waits to be drained. */
static void turn(struct reaper *r)
{
	struct signalfd_siginfo buf[16];
	enum reaper_phase before;
	bool chld = false, none_left = false;
	int n = next_signals(r, buf, LEN(buf));

	for (int i = 0; i < n; i++)
		chld |= buf[i].ssi_signo == SIGCHLD;
	if (chld)
		none_left = reaped_all(r);
	before = r->phase;
	for (int i = 0; i < n && r->phase != REAPER_DONE; i++)
		if (buf[i].ssi_signo != SIGCHLD)
			take_signal(r, &buf[i]);
	/* A pause that ends must know, as after a SIGCHLD, if a child is left. */
	if (r->phase != before)
		none_left = reaped_all(r);
	advance(r, none_left);
}

int reaper_run(struct reaper *r)
{
	if (!r->child) { /* a pause: nothing to start first */
		undumpable(r);
		release(r);
	}
	while (r->phase != REAPER_DONE)
		turn(r);
	return r->code;
}
