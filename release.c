/* SPDX-License-Identifier: MIT */
/* What init keeps for itself once the program runs: nothing of the
 * program's.  No descriptor it inherited (a pipe the program closes is
 * then really closed), not the directory (it pins no mount), and no way
 * in for a ptrace of init's uid. */
#include "core.h"
#include "sys.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* What /proc/self/fd lists, in getdents64's own layout: musl's opendir()
 * would allocate, and init allocates nothing. */
struct dirent64_raw {
	uint64_t ino;		// cppcheck-suppress unusedStructMember
	int64_t off;		// cppcheck-suppress unusedStructMember
	unsigned short reclen;
	unsigned char type;	// cppcheck-suppress unusedStructMember
	char name[];
};

/* Closes each descriptor /proc/self/fd lists above 2, but keep[0..1]. */
static int close_listed(const int keep[2])
{
	_Alignas(struct dirent64_raw) char buf[512];
	int dir = util_open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC), err = 0;
	long n;

	if (dir < 0)
		return -errno;
	while ((n = syscall(SYS_getdents64, dir, buf, sizeof(buf))) > 0)
		for (long off = 0; off < n;) {
			const struct dirent64_raw *d = (const void *)(buf + off);
			int fd = 0;

			for (const char *p = d->name; *p >= '0' && *p <= '9'; p++)
				fd = fd * 10 + (*p - '0');
			if (fd > 2 && fd != dir && fd != keep[0] && fd != keep[1])
				(void)close(fd); /* not ours to flush */
			off += d->reclen;
		}
	if (n < 0)
		err = -errno;
	(void)close(dir); /* read-only */
	return err;
}

/* Closes every descriptor from 3 up but keep[0] < keep[1] (-1: none), in
 * ranges; where close_range is refused (before 5.9, or by a seccomp
 * profile), one by one as /proc/self/fd lists them: never a loop up to
 * RLIMIT_NOFILE, which can be a million. */
static int close_inherited(const int keep[2])
{
	unsigned from = 3;

	for (int i = 0; i < 2; i++) {
		if (keep[i] < (int)from)
			continue;
		if (keep[i] > (int)from && sys_close_range(from, (unsigned)keep[i] - 1) < 0)
			return close_listed(keep);
		from = (unsigned)keep[i] + 1;
	}
	return sys_close_range(from, UINT_MAX) < 0 ? close_listed(keep) : 0;
}

/* Every descriptor but 0, 1, 2 and init's own two, and the directory. */
void release_inherited(const struct reaper *r)
{
	int fd = sig_fd(&r->sig), keep[2] = { fd, r->pidfd }, err;

	if (!r->cfg.release)
		return;
	if (keep[1] < keep[0])
		keep[0] = r->pidfd, keep[1] = fd;
	if ((err = close_inherited(keep)))
		reaper_warn(r, "close inherited descriptors", err);
	if (chdir("/") < 0)
		reaper_warn(r, "change directory to /", -errno);
}

/* No process of init's uid may then ptrace init, or read its memory,
 * unless it has CAP_SYS_PTRACE (Docker's default drops it, root or not).
 * Not sooner: an unprivileged -u writes its own uid_map, which an
 * undumpable process's /proc makes root's. */
void release_dumpable(const struct reaper *r)
{
	if (r->cfg.release)
		(void)syscall(SYS_prctl, PR_SET_DUMPABLE, 0UL); /* cannot fail for 0 */
}
