/* SPDX-License-Identifier: MIT */
/* The main child's side, between fork and exec. */
#include "child.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

extern char **environ;

/* What a container image expects when PATH is unset (Docker's default). */
#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* Whether path names something (flags: O_DIRECTORY for a directory). */
static bool exists(const char *path, int flags)
{
	int fd = util_open(path, O_PATH | O_CLOEXEC | flags);

	if (fd < 0)
		return false;
	(void)close(fd); /* only probed */
	return true;
}

/* exec's ENOENT for path: ELIBACC when path is there, so that what is
 * missing is its interpreter (the #! line's, or an ELF's loader). */
static int not_found(const char *path)
{
	return exists(path, 0) ? ELIBACC : ENOENT;
}

/* execvp without glibc's retry through /bin/sh on ENOEXEC, which musl does
 * not do: both builds then agree that such a file cannot be executed. */
static int exec_search(char *const argv[])
{
	const char *file = argv[0], *path = util_getenv("PATH"), *p, *end;
	size_t flen = strlen(file);
	char buf[PATH_MAX];
	int missing = ENOENT;
	bool denied = false;

	if (!flen)
		return ENOENT;
	if (*util_find(file, '/')) {
		execve(file, argv, environ);
		if (errno == ENOENT)
			return not_found(file);
		if (errno != EACCES)
			return errno;
		/* say why a directory cannot be executed */
		return exists(file, O_DIRECTORY) ? EISDIR : EACCES;
	}
	for (p = path ? path : DEFAULT_PATH;; p = end + 1) {
		size_t dlen;

		end = util_find(p, ':');
		dlen = (size_t)(end - p);
		if (dlen + flen + 2 <= sizeof(buf)) {
			memcpy(buf, p, dlen);
			buf[dlen] = '/';
			memcpy(buf + dlen + !!dlen, file, flen + 1);
			execve(buf, argv, environ);
			if (errno == EACCES)
				denied = true;
			else if (errno == ENOENT && missing == ENOENT)
				missing = not_found(buf);
			else if (errno != ENOENT && errno != ENOTDIR)
				return errno;
		}
		/* as execvp: a file denied anywhere wins, as env(1) reports */
		if (!*end)
			return denied ? EACCES : missing;
	}
}

/* Socket activation: LISTEN_PID named init, so it must now name the program
 * (sd_listen_fds() ignores fds meant for another PID).  LISTEN_PIDFDID would
 * name init's pidfd and is dropped for the same reason. */
static void listen_pid_to_self(char *buf)
{
	char **src, **dst;

	util_utoa(util_cat(buf, "LISTEN_PID="), (unsigned long)getpid());
	for (src = dst = environ; *src; src++) {
		if (util_skip(*src, "LISTEN_PIDFDID=", false))
			continue;
		*dst++ = util_skip(*src, "LISTEN_PID=", false) ? buf : *src;
	}
	*dst = NULL;
}

_Noreturn void child_exec(const struct sig_state *sig, char *const argv[], int errfd,
			  bool foreground, bool listen)
{
	/* environ points here until exec: it must live as long as the function */
	char listen_buf[32]; // cppcheck-suppress variableScope
	int err;

	/* A group of its own: -g and the terminal's job control then address
	 * the program and its children, never init. */
	(void)setpgid(0, 0);
	if (foreground) {
		pid_t self = getpid();

		/* tcsetpgrp() itself: SIGTTOU is still blocked */
		(void)ioctl(STDIN_FILENO, TIOCSPGRP, &self);
	}
	if (listen)
		listen_pid_to_self(listen_buf);
	sig_restore(sig);
	err = exec_search(argv);
	(void)!write(errfd, &err, sizeof(err)); /* the exit code still tells */
	_exit(err == ENOENT || err == ENOTDIR || err == ELIBACC ? 127 : 126);
}
