/* SPDX-License-Identifier: MIT */
#ifndef INIT_REAPER_H
#define INIT_REAPER_H

/*
 * libinit-core: the life of one main child.  Spawn it, forward signals to
 * it, reap it and every orphan, report its exit status.
 *
 * What this does to the process is inherent to being an init: it blocks
 * nearly every signal, registers as child subreaper when not PID 1, and
 * reaps every child the process has.  Call it from a single-threaded
 * process, or one whose other threads block every signal init forwards
 * and SIGCHLD too: a SIGCHLD that another thread takes never reaches the
 * signalfd, and nothing else would tell the loop that the main child has
 * exited.  Let it own all of the caller's children.  It keeps no state
 * outside struct reaper, never prints, never exits: errors come back as
 * -errno, and what happens is told through cfg.event.
 *
 * The shortest use, as PID 1 of a container or as a runtime's subreaper:
 *
 *	struct reaper r = { .cfg = { .event = log_it, .ctx = me } };
 *	int code = reaper_supervise(&r, argv);	// 0..255, or -errno
 */

#include <stdbool.h>
#include <sys/types.h>

#include "signals.h"

enum reaper_event_kind {
	REAPER_ORPHAN,		/* an orphan was reaped: pid, how, status, comm */
	REAPER_MAIN,		/* the main child was reaped: pid, how, status */
	REAPER_EXEC_FAILED,	/* the program (what) could not run: err; its
				 * child exits 127 (-ENOENT, -ENOTDIR, or
				 * -ELIBACC: the file is there, its interpreter
				 * is not) or 126 */
	REAPER_FORWARD,		/* sig was forwarded to pid (negative: its
				 * process group) */
	REAPER_SIGNALLED,	/* sig was sent to all that is left (the grace
				 * period, wait_all): to count processes, -1
				 * for every process of the namespace */
	REAPER_WARNING,		/* what failed with err (pid, comm: the process
				 * it failed for, if any); the loop carries on */
	REAPER_STRAY,		/* as a warning: pid (comm), or what (pid 0),
				 * was not reaped 1 s after the grace period's
				 * SIGKILL, and is no longer waited for */
};

struct reaper_event {
	enum reaper_event_kind kind;
	pid_t pid;
	int how;		/* CLD_EXITED, CLD_KILLED or CLD_DUMPED */
	int status;		/* exit code, or the killing signal */
	int sig;
	int count;
	int err;		/* -errno */
	const char *what;	/* a warning's "forward a signal", or the program */
	const char *comm;	/* the process's name, as the program set it
				 * (any bytes); an orphan's "?" when /proc
				 * cannot tell, NULL unless cfg.names */
};

struct reaper_config {
	bool pgroup;		/* forward to the main child's process group */
	bool names;		/* read each orphan's name before reaping it */
	bool wait_all;		/* after the main child, wait for every other
				 * child; signals go to them all */
	bool release;		/* once the program runs, close every inherited
				 * descriptor above 2, move to "/" and become
				 * undumpable, so that init holds none of the
				 * program's pipes, pins no mount, and cannot
				 * be ptraced by a program of its uid; off, an
				 * embedding program is left as it is */
	unsigned grace_ms;	/* after the main child: TERM the rest, KILL
				 * after this (with wait_all: after TERM or INT) */
	sig_map rewrite;	/* see sig_rewrite(); all zero forwards as is */
	void (*event)(const struct reaper_event *ev, void *ctx);
	void *ctx;
};

/* The loop's phases.  Each is a state of one loop with one wait. */
enum reaper_phase {
	REAPER_RUNNING,		/* the main child runs (with none: a pause,
				 * until TERM or INT) */
	REAPER_WAITING,		/* the main child is gone (or a pause asked
				 * to stop); with wait_all, others are not,
				 * and none was asked to stop yet */
	REAPER_STOPPING,	/* the rest were told to stop (TERM, or with
				 * wait_all the TERM or INT init got); a
				 * deadline runs with a grace period */
	REAPER_KILLING,		/* the deadline passed: KILL after each turn,
				 * for 1 s at most */
	REAPER_DONE,
};

struct reaper {
	struct reaper_config cfg;	/* the caller's, filled before reaper_setup */
	/* the rest is the library's */
	const struct reaper_config *active;	/* what the loop follows: cfg, or relay_cfg */
	struct reaper_config relay_cfg;	/* the -u relay's own: forward as is */
	struct sig_state sig;
	pid_t self;		/* getpid(), 1 as PID 1 */
	pid_t child;		/* the main child; 0 with none (pause) */
	int pidfd;		/* addresses the main child; -1 without pidfds */
	bool pidfd_signal;	/* pidfd_send_signal works here */
	enum reaper_phase phase;	/* set by next_phase() alone, from the
					 * facts below */
	bool main_reaped;	/* the main child was reaped: code is its */
	bool lost;		/* something else reaped it: code is -ECHILD */
	bool none_left;		/* the last drain found init with no child */
	bool drained;		/* this turn drained */
	int stop_sig;		/* the TERM or INT (as received) that asked
				 * to stop: with wait_all the rest get it, as
				 * -r makes it, once the main child is gone */
	bool tty;		/* stdin is init's controlling terminal: job
				 * control (the main child's stops) is on */
	bool job_stopped;	/* the main child stopped at the terminal, and
				 * init passed the stop on to its own job */
	long long deadline;	/* when KILL comes (REAPER_STOPPING; 0: none)
				 * or the wait ends (REAPER_KILLING); ms,
				 * monotonic */
	int code;		/* the main child's exit code, once reaped */
	int last;		/* the exit code of the last child reaped */
};

/* Setup, spawn, run, close: one program supervised to its end.  Returns the
 * exit code (the child's, or 128+N for death by signal N), or -errno if
 * setup or fork failed, or the main child's status was lost. */
int reaper_supervise(struct reaper *r, char *const argv[]);

/* Block signals, open the signalfd, become subreaper when not PID 1.
 * 0 or -errno. */
int reaper_setup(struct reaper *r);

/* After reaper_setup: move into a fresh PID namespace and mount namespace
 * with a /proc of its own (and a user namespace mapping the caller to root,
 * when not root), as its PID 1.  Returns 0 in that new PID 1, which goes on
 * as usual (reaper_spawn, reaper_run; it is killed if the caller dies);
 * returns 1 in the caller, which then only relays: its reaper_run forwards
 * signals to the new PID 1, as they are, and returns its exit code.
 * -errno if the namespaces could not be made. */
int reaper_unshare(struct reaper *r);

/* Start the main child (PATH is searched; a file without #! is not handed
 * to /bin/sh).  0 or -errno (fork failed).  An exec failure is reported as
 * REAPER_EXEC_FAILED, and the child's 126 or 127 reaped as any status.
 * With cfg.release, inherited descriptors and the directory are let go
 * before any event is reported. */
int reaper_spawn(struct reaper *r, char *const argv[]);

/* Forward, reap and wait until the main child is gone (with no child:
 * until SIGTERM or SIGINT), then through the grace period or, with
 * wait_all, until no child is left.  Returns the exit code: the child's,
 * 128+N for death by signal N, 0 when a pause ended; with wait_all and a
 * main child that exited 0, the last child's.  -ECHILD if something else
 * reaped the main child, so that its status is lost. */
int reaper_run(struct reaper *r);

/* Close descriptors and give back the signal state. */
void reaper_close(struct reaper *r);

/* The shell's exit code for a waitid() (si_code, si_status) pair. */
int reaper_exit_code(int how, int status);

#endif
