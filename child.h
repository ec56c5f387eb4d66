/* SPDX-License-Identifier: MIT */
#ifndef INIT_CHILD_H
#define INIT_CHILD_H

/* The main child's side, between fork and exec: only async-signal-safe
 * calls, and it leaves by exec or _exit. */

#include <stdbool.h>

#include "signals.h"

/* Make a process group of its own (the terminal's foreground one if
 * foreground), point LISTEN_PID at itself if listen, give back the signal
 * state sig saved, and exec argv, searching PATH.  If exec fails, the
 * error goes to errfd as an int, and the child exits 127 (not found; ELIBACC:
 * found, but its interpreter was not) or 126 (found, cannot execute). */
_Noreturn void child_exec(const struct sig_state *sig, char *const argv[], int errfd,
			  bool foreground, bool listen);

#endif
