/* SPDX-License-Identifier: MIT */
#ifndef INIT_SYS_H
#define INIT_SYS_H

/* System calls that musl wraps not at all, as the one call each is: -1 and
 * errno on failure, ENOSYS where the kernel or a seccomp profile lacks the
 * call, which the callers fall back from. */

#include <sys/types.h>

int sys_pidfd_open(pid_t pid);
int sys_pidfd_send_signal(int fd, int sig);
int sys_close_range(unsigned first, unsigned last);

#endif
