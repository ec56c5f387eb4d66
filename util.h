/* SPDX-License-Identifier: MIT */
#ifndef INIT_UTIL_H
#define INIT_UTIL_H

/* A few libc routines written out, because libc's cost a static musl
 * build many times their size here: its string functions are tuned for
 * long strings, and its open() and getenv() bring along fallbacks and
 * helpers init has no use for.  All are async-signal-safe (the child uses
 * them between fork and exec).  Prefixed: they are in the installed
 * library. */

#include <stdbool.h>
#include <stddef.h>

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Writes n in decimal and a NUL at buf (room for 21 bytes); returns the end,
 * so pieces can be chained without stdio. */
char *util_utoa(char *buf, unsigned long n);

/* stpcpy(): copies src with its NUL to dst; returns the end of dst. */
char *util_cat(char *dst, const char *src);

/* strchrnul(): the first c in s, or its end. */
char *util_find(const char *s, char c);

/* open() as the one system call it is: libc's also sets FD_CLOEXEC again
 * for kernels before 2.6.23, which init does not run on (no signalfd4).
 * No mode, so never with O_CREAT or O_TMPFILE. */
int util_open(const char *path, int flags);

/* The rest of s after word, if s begins with word (in any ASCII case if
 * any_case); else NULL. */
const char *util_skip(const char *s, const char *word, bool any_case);

/* getenv(). */
char *util_getenv(const char *name);

#endif
