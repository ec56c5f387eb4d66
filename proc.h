/* SPDX-License-Identifier: MIT */
#ifndef INIT_PROC_H
#define INIT_PROC_H

/* What /proc tells of processes: names, parents, children.  Nothing here
 * allocates, and every file is read with one or a few read() calls. */

#include <stdbool.h>
#include <sys/types.h>

/* Whether /proc is of the PID namespace in which init is self: plain
 * `unshare --pid --fork` leaves the host's, where PIDs mean others. */
bool proc_is_ours(pid_t self);

/* Opens /proc/PID/NAME read-only, or with task /proc/PID/task/PID/NAME
 * (the main thread's: see README on what its children file misses). */
int proc_open(pid_t pid, bool task, const char *name);

/* pid's parent, from /proc/PID/stat; 0 when pid is gone. */
pid_t proc_ppid(pid_t pid);

/* pid's name as the program set it (any bytes), "?" when /proc is not
 * self's or cannot tell. */
void proc_comm(pid_t self, pid_t pid, char comm[17]);

/* fn(ctx, PID) for each PID listed in fd, a /proc children file. */
void proc_each_listed(int fd, void (*fn)(void *ctx, pid_t pid), void *ctx);

/* fn(ctx, PID) for each child of self; false when /proc cannot tell them. */
bool proc_each_child(pid_t self, void (*fn)(void *ctx, pid_t pid), void *ctx);

#endif
