/* SPDX-License-Identifier: MIT */
/* The main child's life: spawn it, forward signals to it, reap it and
 * every orphan in one loop with one wait, and the phases that loop goes
 * through until init is done. */
#include "core.h"
#include "child.h"
#include "proc.h"
#include "sys.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* How long a process may outlive the grace period's SIGKILL. */
#define STRAY_MS 1000

void reaper_report(const struct reaper *r, struct reaper_event *ev)
{
	if (r->active->event)
		r->active->event(ev, r->active->ctx);
}

void reaper_warn(const struct reaper *r, const char *what, int err)
{
	struct reaper_event ev = { .kind = REAPER_WARNING, .what = what, .err = err };

	reaper_report(r, &ev);
}

int reaper_send(struct reaper *r, int fd, pid_t pid, int sig, bool stable)
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
	r->tty = r->job_stopped = false;
	r->phase = REAPER_RUNNING;
	r->main_reaped = r->lost = r->none_left = r->drained = false;
	r->stop_sig = 0;
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

int reaper_spawn(struct reaper *r, char *const argv[])
{
	/* Take the terminal for the child only if init holds it now, so
	 * `init -- app &` in a shell leaves the shell in the foreground. */
	int term = job_terminal(), pipefd[2], err = 0;
	bool listen = listen_pid_is_ours(r->self);
	ssize_t n;
	pid_t pid;

	r->tty = term >= 0;
	/* the system call: libc's pipe2 adds a fallback for kernels older
	 * than signalfd4, which init needs anyway */
	if (syscall(SYS_pipe2, pipefd, O_CLOEXEC) < 0)
		return -errno;
	/* before the fork: the program could ptrace init between its exec
	 * and release_inherited() */
	release_dumpable(r);
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
	/* Fails without pidfds (before 5.3, or a seccomp profile); the PID
	 * then does everything, since only init can reap it. */
	r->pidfd = sys_pidfd_open(pid);
	do
		n = read(pipefd[0], &err, sizeof(err));
	while (n < 0 && errno == EINTR);
	(void)close(pipefd[0]);
	release_inherited(r);
	if (n == sizeof(err)) {
		struct reaper_event ev = { .kind = REAPER_EXEC_FAILED, .pid = pid, .err = -err, .what = argv[0] };

		reaper_report(r, &ev);
	}
	return 0;
}

static void forward(struct reaper *r, int sig)
{
	bool group = r->active->pgroup;
	struct reaper_event ev = { .kind = REAPER_FORWARD, .pid = group ? -r->child : r->child, .sig = sig };
	int err = reaper_send(r, group ? -1 : r->pidfd, ev.pid, sig, true);

	if (err)
		reaper_warn(r, "forward a signal", err);
	else
		reaper_report(r, &ev);
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

/* A main child to forward to: none in a pause, none once reaped (or its
 * status lost: its PID is no longer its own). */
static bool main_alive(const struct reaper *r)
{
	return r->child && !r->main_reaped && !r->lost;
}

/* pid is the main child: its PID may be reused once it is reaped. */
static bool is_main(const struct reaper *r, pid_t pid)
{
	return main_alive(r) && pid == r->child;
}

/* An exit the drain took: reported; the main child's status kept. */
static void record_exit(struct reaper *r, const siginfo_t *si, const char *comm)
{
	struct reaper_event ev = {
		.kind = REAPER_ORPHAN, .pid = si->si_pid, .how = si->si_code,
		.status = si->si_status, .comm = comm,
	};

	r->last = reaper_exit_code(si->si_code, si->si_status);
	if (is_main(r, si->si_pid)) {
		r->code = r->last;
		r->main_reaped = true;
		ev.kind = REAPER_MAIN;
		ev.comm = NULL;
		if (r->pidfd >= 0)
			(void)close(r->pidfd); /* read-only */
		r->pidfd = -1;
	}
	reaper_report(r, &ev);
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

/* A stop the drain took (with a terminal only): after a peek, taken by a
 * wait for stops alone, which cannot take an exit instead.  The main
 * child's stop at the terminal stops init's job. */
static void record_stop(struct reaper *r, siginfo_t *si, int peek)
{
	int sig = si->si_status;

	if (peek && (wait_child(P_PID, (id_t)si->si_pid, si, WSTOPPED) < 0 || !si->si_pid))
		return;
	if (is_main(r, si->si_pid) && (sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU))
		job_stop(r);
}

/* No child: the drain's end.  With the main child unreaped, something else
 * reaped it (an embedding program's thread): its status is lost, and the
 * loop must not wait for it forever. */
static void record_none_left(struct reaper *r)
{
	r->none_left = true;
	if (main_alive(r)) {
		reaper_warn(r, "find the main child's status", -ECHILD);
		r->code = -ECHILD;
		r->lost = true;
	}
}

/* The one reaping path.  One SIGCHLD may stand for many exits, so it takes
 * every child that has exited, and records whether any is left.  With a
 * terminal it takes stops too, for job control. */
static void reap_exited(struct reaper *r)
{
	int peek = r->active->names ? WNOWAIT : 0, stops = r->tty ? WSTOPPED : 0;

	r->drained = true;
	for (;;) {
		char comm[17];
		siginfo_t si;

		if (wait_child(P_ALL, 0, &si, WEXITED | stops | peek) < 0) {
			if (errno == ECHILD)
				record_none_left(r);
			else
				reaper_warn(r, "wait for children", -errno);
			return;
		}
		r->none_left = false;
		if (!si.si_pid)
			return;
		if (si.si_code == CLD_STOPPED) {
			record_stop(r, &si, peek);
			continue;
		}
		if (peek) {
			int rc;

			/* Named while still a zombie: its PID cannot be reused
			 * before the reap below, so the name is its own. */
			if (!is_main(r, si.si_pid))
				proc_comm(r->self, si.si_pid, comm);
			/* a zombie: only another thread can have reaped it since */
			if ((rc = wait_child(P_PID, (id_t)si.si_pid, &si, WEXITED)) < 0 || !si.si_pid) {
				reaper_warn(r, "reap a child", rc < 0 ? -errno : -ECHILD);
				return;
			}
		}
		record_exit(r, &si, peek ? comm : NULL);
	}
}

/* What a signal does: while the main child lives it goes to it (a CONT
 * continues init's stopped job); else, with wait_all, to all that is
 * left.  TERM and INT also ask to stop, whatever -r makes of them: a pause
 * ends, and with wait_all all that is left gets the signal once the main
 * child is gone. */
static void take_signal(struct reaper *r, const struct signalfd_siginfo *si)
{
	int sig = (int)si->ssi_signo, to = sig_forward_as(r->active->rewrite, sig);
	bool stop = sig == SIGTERM || sig == SIGINT;

	/* Not the program's: init's own write to a closed pipe or past the
	 * file size limit. */
	if ((sig == SIGPIPE || sig == SIGXFSZ) && (pid_t)si->ssi_pid == r->self)
		return;
	if (main_alive(r)) {
		if (sig == SIGCONT && r->job_stopped)
			job_continue(r);
		else if (to)
			forward(r, to);
		if (stop && r->active->wait_all)
			r->stop_sig = sig;
	} else if (stop && r->phase <= REAPER_WAITING) {
		r->stop_sig = sig;
	} else if (to && r->active->wait_all) {
		rest_signal(r, to);
	}
}

/* The rest are told to stop: with wait_all, by the TERM or INT that asked
 * for it, as -r makes it; else by TERM, and a grace period runs. */
static void stop_rest(struct reaper *r)
{
	int sig = r->active->wait_all ? sig_forward_as(r->active->rewrite, r->stop_sig) : SIGTERM;

	if (sig)
		rest_signal(r, sig);
	r->deadline = r->active->grace_ms ? now_ms() + r->active->grace_ms : 0;
}

/* The whole state machine: what the turn found (the facts that reaping and
 * signals recorded, the clock) decides the next phase.
 *
 *   phase     when                                   next      and
 *   RUNNING   the main child's status is lost        DONE      code -ECHILD
 *   RUNNING   the main child was reaped              WAITING   then at once as below
 *   RUNNING   a pause was asked to stop              WAITING   a drain says if a child is left
 *   (later)   none is left                           DONE
 *   WAITING   neither wait_all nor a grace           DONE
 *   WAITING   a grace, or wait_all and a stop asked  STOPPING  the rest told to stop; the grace's deadline
 *   STOPPING  the deadline passed                    KILLING   KILL to the rest; 1 s more
 *   KILLING   that second passed                     DONE      what is left named: a stop always ends
 *   KILLING   any other turn                         KILLING   KILL to what was forked since
 *
 * "None is left" is the last drain's word: past RUNNING no child can go
 * without a SIGCHLD, whose drain tells. */
static void next_phase(struct reaper *r)
{
	const struct reaper_config *c = r->active;

	if (r->phase == REAPER_RUNNING) {
		if (r->lost)
			goto done;
		if (!r->main_reaped && (r->child || !r->stop_sig))
			return;
		if (!r->drained) /* a pause: no SIGCHLD told whether a child is left */
			reap_exited(r);
		r->phase = REAPER_WAITING;
	}
	if (r->none_left)
		goto done;
	switch (r->phase) {
	case REAPER_WAITING:
		if (!c->wait_all && !c->grace_ms)
			goto done;
		if (r->stop_sig || !c->wait_all) {
			stop_rest(r);
			r->phase = REAPER_STOPPING;
		}
		return;
	case REAPER_STOPPING:
		if (r->deadline && now_ms() >= r->deadline) {
			rest_signal(r, SIGKILL);
			r->phase = REAPER_KILLING;
			r->deadline = now_ms() + STRAY_MS;
		}
		return;
	case REAPER_KILLING:
		if (now_ms() < r->deadline) {
			rest_signal(r, SIGKILL);
			return;
		}
		rest_name(r);
		goto done;
	default:
		return;
	}
done:
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

		got = left > 0 ? sig_poll(&r->sig, (int)left) : 0;
		if (got < 0 && got != -EINTR)
			reaper_warn(r, "wait for signals", got);
		if (got <= 0)
			return 0;
	}
	got = sig_read(&r->sig, buf, n);
	if (got < 0 && got != -EINTR)
		reaper_warn(r, "read signals", got);
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
	int n = next_signals(r, buf, LEN(buf));

	r->drained = false;
	for (int i = 0; i < n && !r->drained; i++)
		if (buf[i].ssi_signo == SIGCHLD)
			reap_exited(r);
	for (int i = 0; i < n; i++)
		if (buf[i].ssi_signo != SIGCHLD)
			take_signal(r, &buf[i]);
	next_phase(r);
}

int reaper_run(struct reaper *r)
{
	if (!r->child) { /* a pause: nothing to start first */
		release_dumpable(r);
		release_inherited(r);
	}
	while (r->phase != REAPER_DONE)
		turn(r);
	return r->code;
}
