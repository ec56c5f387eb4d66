/* SPDX-License-Identifier: MIT */
#ifndef INIT_SIGNALS_H
#define INIT_SIGNALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/signalfd.h>

/* The kernel's signals: 1..64, and 1..128 on MIPS. */
#ifdef __mips__
#define SIG_MAX 128
#else
#define SIG_MAX 64
#endif

/* A signal set as the kernel takes it: bit N-1 is signal N. */
struct sig_set {
	uint64_t w[SIG_MAX / 64];
};

struct sig_state {
	struct sig_set saved_mask;	/* the inherited mask */
	int fd;			/* signalfd, -1 when closed */
	bool chld_ignored;	/* SIGCHLD was SIG_IGN when init started */
};

/* The forwarding table: map[sig] is 0 to forward sig as it is, -1 to drop
 * it, else the signal to send instead.  All zero: forward everything.
 * (short: MIPS has a signal 128.) */
typedef short sig_map[SIG_MAX + 1];

/* Block every signal init forwards (libc's reserved ones too) and open the
 * signalfd.  Returns 0 or -errno; on failure nothing is left changed. */
int sig_setup(struct sig_state *s);

/* Give back the signal state init started with.  Async-signal-safe: the
 * child calls it between fork and exec. */
void sig_restore(const struct sig_state *s);

/* Close the signalfd and give back the inherited signal state. */
void sig_close(struct sig_state *s);

/* Read up to n signals, waiting for the first if none is pending; returns
 * how many, or -errno.  The signalfd blocks, and its flags are never
 * changed: with -u two processes share its open file description. */
int sig_read(const struct sig_state *s, struct signalfd_siginfo *buf, size_t n);

/* The signalfd's number, for a caller that closes descriptors but its own
 * (-1 when closed). */
int sig_fd(const struct sig_state *s);

/* Poll the signalfd up to ms milliseconds, taking nothing (sig_read takes):
 * 1 when a signal is pending, 0 when none came in time, or -errno. */
int sig_poll(const struct sig_state *s, int ms);

/* In map, forward FROM as TO; TO = 0 drops FROM.  -EINVAL if FROM never
 * reaches init to be forwarded, or TO is no signal. */
int sig_rewrite(sig_map map, int from, int to);

/* The signal to forward for sig, or 0 when it is not forwarded. */
int sig_forward_as(const sig_map map, int sig);

/* "TERM", "SIGTERM", "sigterm", "15", "RTMIN+2" -> number; -EINVAL if none. */
int sig_number(const char *name);

/* "TERM", "RTMIN+2", or the number in decimal; buf holds at least 12 bytes. */
const char *sig_name(int sig, char *buf);

#endif
