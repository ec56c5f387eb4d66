/* SPDX-License-Identifier: MIT */
#include "proc.h"
#include "util.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

bool proc_is_ours(pid_t self)
{
	char link[24], want[24];
	ssize_t n = readlink("/proc/self", link, sizeof(link) - 1);

	if (n < 0)
		return false;
	link[n] = '\0';
	util_utoa(want, (unsigned long)self);
	return !strcmp(link, want);
}

int proc_open(pid_t pid, bool task, const char *name)
{
	char path[64], *p = util_utoa(util_cat(path, "/proc/"), (unsigned long)pid);

	if (task)
		p = util_utoa(util_cat(p, "/task/"), (unsigned long)pid);
	util_cat(p, name);
	return util_open(path, O_RDONLY | O_CLOEXEC);
}

/* "PID (NAME) S PPID ...": NAME may hold any byte, ')' too, but nothing
 * after it does. */
pid_t proc_ppid(pid_t pid)
{
	char buf[128], *p = buf, *end = buf;
	int fd = proc_open(pid, false, "/stat");
	ssize_t n = -1;
	unsigned long id = 0;

	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		(void)close(fd); /* read-only */
	}
	buf[n > 0 ? n : 0] = '\0';
	for (; *p; p++)
		if (*p == ')')
			end = p;
	/* past ") S " */
	for (p = end; *p && p < end + 4; p++)
		;
	for (; *p >= '0' && *p <= '9'; p++)
		id = id * 10 + (unsigned long)(*p - '0');
	return (pid_t)id;
}

void proc_comm(pid_t self, pid_t pid, char comm[17])
{
	ssize_t n = -1;
	int fd;

	if (proc_is_ours(self) && (fd = proc_open(pid, false, "/comm")) >= 0) {
		n = read(fd, comm, 16);
		(void)close(fd); /* read-only */
	}
	if (n <= 0)
		n = 1, comm[0] = '?';
	/* only the newline the kernel adds: a name may hold one of its own */
	comm[n - (comm[n - 1] == '\n')] = '\0';
}

void proc_each_listed(int fd, void (*fn)(void *ctx, pid_t pid), void *ctx)
{
	unsigned long cur = 0;
	char buf[256];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] >= '0' && buf[i] <= '9') {
				cur = cur * 10 + (unsigned long)(buf[i] - '0');
				continue;
			}
			if (cur)
				fn(ctx, (pid_t)cur);
			cur = 0;
		}
	if (cur)
		fn(ctx, (pid_t)cur);
}

bool proc_each_child(pid_t self, void (*fn)(void *ctx, pid_t pid), void *ctx)
{
	int fd = proc_is_ours(self) ? proc_open(self, true, "/children") : -1;

	if (fd < 0)
		return false;
	proc_each_listed(fd, fn, ctx);
	(void)close(fd); /* read-only */
	return true;
}
