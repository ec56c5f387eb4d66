/* SPDX-License-Identifier: MIT */
#ifndef INIT_CORE_H
#define INIT_CORE_H

/* The library's files to one another (not installed): what each offers
 * the loop in reaper.c, and what reaper.c offers them. */

#include <stdbool.h>
#include <sys/types.h>

#include "reaper.h"

#ifndef INIT_FORK	/* meson picks _Fork where libc has it */
#define INIT_FORK fork
#endif

/* reaper.c: events go to the caller's callback, through the configuration
 * the loop follows (the caller's, or the -u relay's own). */
void reaper_report(const struct reaper *r, struct reaper_event *ev);
void reaper_warn(const struct reaper *r, const char *what, int err);

/* reaper.c: sig to the process a pidfd addresses (fd; -1: none), else by
 * PID; 0 or -errno.  A seccomp profile may refuse pidfds, with ENOSYS or
 * EPERM: then the PID will do, but EPERM may be a true refusal too, and is
 * tried by PID only where pid is stable (only init can reap it, so it
 * cannot have been reused). */
int reaper_send(struct reaper *r, int fd, pid_t pid, int sig, bool stable);

/* release.c: what init keeps for itself once the program runs (nothing of
 * the program's), when cfg.release asks for it. */
void release_inherited(const struct reaper *r);
void release_dumpable(const struct reaper *r);

/* job.c: the terminal.  job_terminal: -1 when stdin is not init's
 * controlling terminal, else whether init's process group is its
 * foreground one (1) or not (0).  job_stop: the main child stopped at the
 * terminal (TSTP, TTIN, TTOU); job_continue: init's stopped job was
 * continued (the shell's fg or bg). */
int job_terminal(void);
void job_stop(struct reaper *r);
void job_continue(struct reaper *r);

/* rest.c: the processes left once the main child is gone.  rest_signal
 * sends them sig; rest_name names them in REAPER_STRAY events. */
void rest_signal(struct reaper *r, int sig);
void rest_name(const struct reaper *r);

#endif
