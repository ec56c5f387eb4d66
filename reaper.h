/* SPDX-License-Identifier: MIT */
#ifndef INIT_REAPER_H
#define INIT_REAPER_H

/*
 * The life of one main child: spawn it, forward signals to it, reap it and
 * every orphan, report its exit status.
 *
 * What this does to the process is inherent to being an init: it blocks
 * nearly every signal, registers as child subreaper when not PID 1, and reaps
 * every child the process has.  Use it from a single-threaded process (or
 * one whose other threads block all signals), and let it own all children.
 * It keeps no state outside struct reaper, never prints and never exits.
 */

#include <stdbool.h>
#include <sys/types.h>

#include "signals.h"

enum reaper_event_kind {
	REAPER_ORPHAN,		/* an orphan was reaped: pid, how, status, comm */
	REAPER_CHILD,		/* the main child was reaped: pid, how, status */
	REAPER_FORWARD,		/* sig was forwarded to pid (negative: a group) */
	REAPER_WARNING,		/* what failed with err; init carries on */
};

struct reaper_event {
	enum reaper_event_kind kind;
	pid_t pid;
	int how;		/* CLD_EXITED, CLD_KILLED or CLD_DUMPED */
	int status;		/* exit code, or the killing signal */
	int sig;
	int err;		/* -errno */
	const char *what;	/* for warnings: "forward a signal" */
	const char *comm;	/* orphan's name, "?" when /proc cannot tell; NULL unless asked for */
};

struct reaper_config {
	bool pgroup;		/* forward to the main child's process group */
	bool names;		/* read each orphan's name before reaping it */
	unsigned grace_ms;	/* after the main child: TERM the rest, KILL after this */
	void (*event)(const struct reaper_event *ev, void *ctx);
	void *ctx;
};

struct reaper {
	struct reaper_config cfg;
	struct sig_state sig;
	pid_t self;		/* getpid(), 1 as PID 1 */
	pid_t child;		/* the main child; 0 with none (pause) */
	int pidfd;		/* watches the main child; -1 without pidfds */
	bool pidfd_signal;	/* pidfd_send_signal works here */
	bool done;		/* the main child is reaped, or pause was ended */
	int code;		/* the exit code to report, once done */
};

/* Block signals, open the signalfd, become subreaper when not PID 1.
 * cfg and sig.map are the caller's to fill before.  0 or -errno. */
int reaper_setup(struct reaper *r);

/* Start the main child.  0 or -errno (fork failed).  When the program could
 * not be executed, *exec_err is its errno and the child exits 126 or 127, to
 * be reaped by reaper_run like any other status. */
int reaper_spawn(struct reaper *r, char *const argv[], int *exec_err);

/* Forward, reap and wait until the main child is gone (with no child: until
 * SIGTERM or SIGINT), then the grace period.  Returns the exit code: the
 * child's, 128+N for death by signal N, 0 when a pause ended. */
int reaper_run(struct reaper *r);

/* Close descriptors and give back the signal state. */
void reaper_close(struct reaper *r);

/* The shell's exit code for a waitid() (si_code, si_status) pair. */
int reaper_exit_code(int how, int status);

#endif
