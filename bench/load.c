/* SPDX-License-Identifier: MIT */
/*
 * The bench's load: runs as the main child of the init under test, inside
 * its PID namespace (or alone there, for the limit).
 *
 *   load orphans N     N orphans, one at a time, for init to reap; prints
 *                      "ELAPSED_NS INIT_CPU_NS" once init has reaped them all
 *   load self N        the same load, each parent reaping its own child (the
 *                      limit); prints "ELAPSED_NS 0"
 *   load lone N        prints "PID PPID" (host PIDs), waits for a line on
 *                      stdin, then makes N orphans one at a time, each once
 *                      init has reaped the last and is back in its wait;
 *                      prints "done" and exits at the end of stdin
 *   load respond FIFO  writes "PID PPID\n" (host PIDs) to FIFO, then one byte
 *                      to it for each SIGUSR1 it gets
 *   load pause         sleeps until killed (an idle container)
 *
 * /proc is the host's (`unshare --pid --fork` without --mount-proc), so
 * /proc/self and the PIDs in /proc/self/stat are host PIDs: that is how the
 * load finds init and tells the bench where to send signals.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "load: unable to %s: %s\n", what, strerror(errno));
	exit(1);
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static ssize_t slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

/* Our host PID and our parent's, from the host's /proc. */
static void host_pids(long *self, long *parent)
{
	char buf[512], *p;

	if (slurp("/proc/self/stat", buf, sizeof(buf)) <= 0)
		die("read /proc/self/stat");
	/* "PID (comm) S PPID ...": comm may hold anything, so from the last ')' */
	p = strrchr(buf, ')');
	if (!p || sscanf(buf, "%ld", self) != 1 || sscanf(p + 2, "%*c %ld", parent) != 1)
		die("parse /proc/self/stat");
}

/* Nanoseconds the task has run, finer than utime+stime's clock tick. */
static long long cpu_ns(long pid)
{
	char path[64], buf[128];

	snprintf(path, sizeof(path), "/proc/%ld/schedstat", pid);
	if (slurp(path, buf, sizeof(buf)) <= 0)
		die("read init's schedstat");
	return atoll(buf);
}

/* True once init's only child left is us: every orphan is reaped. */
static int only_child(long init, long self)
{
	char path[64], buf[256], want[32];

	snprintf(path, sizeof(path), "/proc/%ld/task/%ld/children", init, init);
	snprintf(want, sizeof(want), "%ld ", self);
	if (slurp(path, buf, sizeof(buf)) < 0)
		die("read init's children");
	return !strcmp(buf, want);
}

/* Stacks for the vfork-style clones below: the parent sleeps while the
 * child runs, so one stack each is enough. */
static char mid_stack[1 << 16] __attribute__((aligned(16)));
static char leaf_stack[1 << 16] __attribute__((aligned(16)));

static int leaf(void *arg)
{
	(void)arg;
	return 0;
}

/* The middle of a double fork, as every daemon and every `cmd &` of an
 * exiting shell does it: it exits, and its child is re-parented to init.
 * With own_reap it reaps its child first instead (the limit). */
static int middle(void *own_reap)
{
	pid_t pid = clone(leaf, leaf_stack + sizeof(leaf_stack), CLONE_VM | CLONE_VFORK | SIGCHLD, NULL);

	if (pid < 0)
		return 1;
	if (*(int *)own_reap && waitpid(pid, NULL, 0) != pid)
		return 1;
	return 0;
}

/* One orphan: the middle is reaped here, its child left to init (or, with
 * *own_reap, reaped by the middle).  CLONE_VM spares the copy of the address
 * space, so what is left is mostly the reaping being measured.  With
 * CLONE_VFORK the grandchild has exited by the time the middle exits, so
 * init gets it as a zombie, one SIGCHLD each. */
static void make_orphan(int *own_reap)
{
	int st;
	pid_t mid = clone(middle, mid_stack + sizeof(mid_stack), CLONE_VM | CLONE_VFORK | SIGCHLD, own_reap);

	if (mid < 0 || waitpid(mid, &st, 0) != mid || st != 0)
		die("make an orphan");
}

/* n orphans, one after the other, as fast as they can be made.  Same clones,
 * same exits either way: only who reaps the grandchild differs. */
static void orphans(long n, int own_reap)
{
	const struct timespec nap = { .tv_nsec = 20000 };
	long self, init;
	long long t0, c0 = 0, c1 = 0, t1;

	host_pids(&self, &init);
	if (!own_reap)
		c0 = cpu_ns(init);
	t0 = now_ns();
	for (long i = 0; i < n; i++)
		make_orphan(&own_reap);
	/* The nap gives the CPU to init, which may have the rest to reap. */
	while (!own_reap && !only_child(init, self))
		nanosleep(&nap, NULL);
	t1 = now_ns();
	if (!own_reap)
		c1 = cpu_ns(init);
	printf("%lld %lld\n", t1 - t0, c1 - c0);
}

/* True while init sleeps ('S' in /proc/PID/stat): in its wait, the one
 * call of its loop that blocks.  Between a reap and that wait it runs, or
 * under strace stops ('t'). */
static int asleep(long init)
{
	char path[64], buf[512], *p;

	snprintf(path, sizeof(path), "/proc/%ld/stat", init);
	if (slurp(path, buf, sizeof(buf)) <= 0)
		die("read init's stat");
	p = strrchr(buf, ')');
	return p && p[1] == ' ' && p[2] == 'S';
}

/* n orphans that each come alone: the next is made only once init has
 * reaped the last and gone back to its wait, so no two SIGCHLDs merge and
 * strace, attached between the two lines, counts what one orphan costs. */
static void lone(long n)
{
	const struct timespec nap = { .tv_nsec = 20000 };
	int own_reap = 0;
	long self, init;
	char line[64];

	host_pids(&self, &init);
	printf("%ld %ld\n", self, init);
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return;
	for (long i = 0; i < n; i++) {
		make_orphan(&own_reap);
		while (!only_child(init, self) || !asleep(init))
			nanosleep(&nap, NULL);
	}
	puts("done");
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin))
		;	/* until the bench has detached strace and closes stdin */
}

static void respond(const char *fifo)
{
	sigset_t set;
	long self, parent;
	char hdr[64];
	int fd, len;

	/* Taken by sigwaitinfo, the cheapest way to wake on a signal. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	host_pids(&self, &parent);
	fd = open(fifo, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		die("open the FIFO");
	len = snprintf(hdr, sizeof(hdr), "%ld %ld\n", self, parent);
	if (write(fd, hdr, (size_t)len) != len)
		die("write the FIFO");
	for (;;) {
		if (sigwaitinfo(&set, NULL) < 0) {
			if (errno == EINTR)
				continue;
			die("wait for a signal");
		}
		if (write(fd, "x", 1) != 1)
			exit(0);	/* the bench is gone */
	}
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "orphans"))
		orphans(atol(argv[2]), 0);
	else if (argc == 3 && !strcmp(argv[1], "self"))
		orphans(atol(argv[2]), 1);
	else if (argc == 3 && !strcmp(argv[1], "lone"))
		lone(atol(argv[2]));
	else if (argc == 3 && !strcmp(argv[1], "respond"))
		respond(argv[2]);
	else if (argc == 2 && !strcmp(argv[1], "pause"))
		for (;;)
			pause();
	else {
		fputs("usage: load orphans N | self N | lone N | respond FIFO | pause\n", stderr);
		return 2;
	}
	return 0;
}
