/* SPDX-License-Identifier: MIT */
/* -u: fresh PID and mount namespaces (and a user namespace when not root),
 * the new PID 1 inside them, and outside the init that made them, left to
 * relay signals in and the exit status out. */
#include "core.h"
#include "sys.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int write_file(const char *path, const char *text)
{
	int fd = util_open(path, O_WRONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) < 0)
		err = -errno;
	(void)close(fd); /* the write's error is the one that counts */
	return err;
}

/* Not root: a user namespace in which the caller is root, so that it may
 * make the others. */
static int map_to_root(void)
{
	char map[32];
	int err;

	if (unshare(CLONE_NEWUSER) < 0)
		return -errno;
	/* an unprivileged gid_map needs setgroups denied first */
	err = write_file("/proc/self/setgroups", "deny");
	memcpy(util_utoa(util_cat(map, "0 "), (unsigned long)geteuid()), " 1", 3);
	if (!err)
		err = write_file("/proc/self/uid_map", map);
	memcpy(util_utoa(util_cat(map, "0 "), (unsigned long)getegid()), " 1", 3);
	if (!err)
		err = write_file("/proc/self/gid_map", map);
	return err;
}

int reaper_unshare(struct reaper *r)
{
	pid_t pid;
	int err;

	if (geteuid() != 0 && (err = map_to_root()))
		return err;
	if (unshare(CLONE_NEWPID | CLONE_NEWNS) < 0)
		return -errno;
	pid = INIT_FORK();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		/* The new PID 1 keeps the signalfd and the inherited state
		 * already saved, so nothing is lost between the two. */
		r->self = getpid();
		/* It dies with the relay, as under `unshare --kill-child`. */
		(void)syscall(SYS_prctl, PR_SET_PDEATHSIG, (unsigned long)SIGKILL); /* cannot fail for KILL */
		/* Private first, so the new /proc does not leak out. */
		if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
		    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
			return -errno;
		return 0;
	}
	/* The relay forwards everything as it is, the new PID 1 does the
	 * rest: a configuration of its own, the caller's left as it was. */
	r->relay_cfg = (struct reaper_config){ .event = r->cfg.event, .ctx = r->cfg.ctx };
	r->active = &r->relay_cfg;
	r->child = pid;
	r->pidfd = sys_pidfd_open(pid);
	release_dumpable(r);
	release_inherited(r);
	return 1;
}
