/* SPDX-License-Identifier: MIT */
/* Where log lines go, and what they may carry. */
#include "log.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#ifndef RWF_NOWAIT	/* musl has no pwritev2(), and not its flags */
#define RWF_NOWAIT 0x00000008
#endif

/* Where log lines go: stderr, without ever waiting for it (SPEC.md, "What
 * init keeps for itself").  A line that cannot go at once is dropped and
 * counted. */
static struct {
	enum { LOG_UNKNOWN, LOG_NOWAIT, LOG_PLAIN } how;
	int fd;			/* 2, or init's own non-blocking opening of it */
	unsigned long dropped;
} log_out;

/* Writes a line to stderr if it can take it now: a file (or anything
 * seekable) takes plain writes, which never wait long; a pipe or socket is
 * written with RWF_NOWAIT.  A terminal refuses that flag: it gets an open
 * file description of init's own, non-blocking, so the program's stays as
 * it is.  The first line decides, once the reaper has let go of inherited
 * descriptors, so that this one is never among them. */
static ssize_t put_line(const struct iovec *iov, int n)
{
	if (log_out.how == LOG_UNKNOWN) {
		log_out.fd = STDERR_FILENO;
		log_out.how = lseek(STDERR_FILENO, 0, SEEK_CUR) < 0 && errno == ESPIPE ? LOG_NOWAIT : LOG_PLAIN;
	}
	if (log_out.how == LOG_NOWAIT) {
		/* offset -1: at the file's position, as writev; both halves
		 * of it on 32-bit */
		ssize_t w = syscall(SYS_pwritev2, STDERR_FILENO, iov, n, -1L, -1L, RWF_NOWAIT);
		int fd;

		if (w >= 0 || (errno != EOPNOTSUPP && errno != ENOSYS))
			return w;
		/* a terminal, or a kernel without the flag; a socket cannot be
		 * opened again, and is then written as a file is */
		log_out.how = LOG_PLAIN;
		if ((fd = util_open("/proc/self/fd/2", O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) >= 0)
			log_out.fd = fd;
	}
	return writev(log_out.fd, iov, n);
}

#define IOV(s) ((struct iovec){ .iov_base = (void *)(s), .iov_len = strlen(s) })

/* One line to stderr in one write: lines never interleave mid-way with the
 * program's output, and no stdio is linked in.  Dropped lines are counted
 * in the next that gets through.  Keeps errno. */
void log_line(const char *const *parts)
{
	struct iovec iov[16];
	char num[24]; // cppcheck-suppress variableScope
	int n = 0, saved = errno;
	size_t len = 0;

	if (log_out.dropped) {
		util_utoa(num, log_out.dropped);
		iov[n++] = IOV("init: ");
		iov[n++] = IOV(num);
		iov[n++] = IOV(" log lines dropped\n");
	}
	iov[n++] = IOV("init: ");
	for (; *parts && n < (int)LEN(iov) - 1; parts++)
		iov[n++] = IOV(*parts);
	iov[n++] = IOV("\n");
	for (int i = 0; i < n; i++)
		len += iov[i].iov_len;
	/* a line cut short (a socket, a terminal) is as good as dropped */
	if (put_line(iov, n) < (ssize_t)len)
		log_out.dropped++;
	else
		log_out.dropped = 0;
	errno = saved;
}

void log_dropped(void)
{
	char num[24];

	if (!log_out.dropped)
		return;
	util_utoa(num, log_out.dropped);
	log_out.dropped = 0;
	say(num, " log lines dropped");
}

/* No program can forge an "init:" line or send escape sequences to the
 * operator's terminal, and the text reads back exactly.  The cut mark
 * "\..." is one the escaping never writes: a backslash is always followed
 * by another or by x. */
const char *log_text(char *buf, size_t size, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	char *p = buf, *stop = buf + size - 5;	/* the mark and a NUL fit */

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char e[4] = { '\\', (char)c, hex[c >> 4], hex[c & 15] };
		size_t len = c == '\\' ? 2 : c < 0x20 || c > 0x7e ? 4 : 1;

		if (len == 1)
			e[0] = (char)c;
		else if (len == 4)
			e[1] = 'x';
		if ((size_t)(stop - p) < len) {
			memcpy(p, "\\...", 4);
			p += 4;
			break;
		}
		memcpy(p, e, len);
		p += len;
	}
	*p = '\0';
	return buf;
}
