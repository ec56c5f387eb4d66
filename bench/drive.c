/* SPDX-License-Identifier: MIT */
/*
 * The bench's host side: times what `run` asks for, in C so that the
 * measuring costs the same few system calls for every init.
 *
 *   drive spawn N CMD...     runs CMD N times, one after the other; prints
 *                            each run's wall time in ns, one a line
 *   drive rtt FIFO CMD...    starts CMD (an init running `load respond FIFO`),
 *                            prints "ready CHILD INIT" and obeys stdin:
 *                              rtt N    N pairs "VIA_INIT_NS DIRECT_NS", "end"
 *                              count K  K round trips through init, "done"
 *                              quit     SIGKILL to init, reap, exit
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* No answer within this: the init under test dropped the signal. */
#define ANSWER_MS 5000

static void die(const char *what)
{
	fprintf(stderr, "drive: unable to %s: %s\n", what, errno ? strerror(errno) : "failed");
	exit(1);
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Forks CMD with stdin from /dev/null and stdout onto stderr, so that only
 * the bench's own lines reach our stdout. */
static pid_t start(char **cmd, int quiet)
{
	pid_t pid = fork();

	if (pid < 0)
		die("fork");
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		if (null >= 0)
			dup2(null, 0);
		dup2(quiet && null >= 0 ? null : 2, 1);
		execvp(cmd[0], cmd);
		_exit(127);
	}
	return pid;
}

static void spawn(long n, char **cmd)
{
	for (long i = 0; i < n; i++) {
		long long t0 = now_ns(), t1;
		int st;

		if (waitpid(start(cmd, 1), &st, 0) < 0)
			die("wait for the command");
		t1 = now_ns();
		if (!WIFEXITED(st) || WEXITSTATUS(st)) {
			errno = 0;
			die("run the command (it did not exit 0)");
		}
		printf("%lld\n", t1 - t0);
	}
}

struct rtt {
	int fifo;
	pid_t cmd;
	long child, init;
};

static void wait_byte(const struct rtt *r)
{
	struct pollfd pfd = { .fd = r->fifo, .events = POLLIN };
	char c;

	if (poll(&pfd, 1, ANSWER_MS) != 1 || read(r->fifo, &c, 1) != 1) {
		kill((pid_t)r->init, SIGKILL);
		errno = ETIMEDOUT;
		die("get an answer from the child");
	}
}

/* One round trip: SIGUSR1 to pid, the child's byte back. */
static long long trip(const struct rtt *r, long pid)
{
	long long t0 = now_ns();

	if (kill((pid_t)pid, SIGUSR1) < 0)
		die("send a signal");
	wait_byte(r);
	return now_ns() - t0;
}

static void rtt_open(struct rtt *r, const char *fifo, char **cmd)
{
	struct pollfd pfd;
	char hdr[64];
	size_t len = 0;

	/* Non-blocking, so that an init that never starts the child cannot
	 * hang us: poll sees no hang-up before a first writer came. */
	r->fifo = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (r->fifo < 0)
		die("open the FIFO");
	r->cmd = start(cmd, 0);
	pfd = (struct pollfd){ .fd = r->fifo, .events = POLLIN };
	while (!memchr(hdr, '\n', len)) {
		ssize_t n;

		if (poll(&pfd, 1, 10000) != 1 || len == sizeof(hdr) - 1)
			die("hear from the child");
		n = read(r->fifo, hdr + len, sizeof(hdr) - 1 - len);
		if (n <= 0)
			die("hear from the child");
		len += (size_t)n;
	}
	hdr[len] = '\0';
	if (sscanf(hdr, "%ld %ld", &r->child, &r->init) != 2)
		die("parse the child's PIDs");
	if (fcntl(r->fifo, F_SETFL, 0) < 0)
		die("make the FIFO blocking");
}

static void rtt(const char *fifo, char **cmd)
{
	struct rtt r;
	char line[64];
	long n;

	rtt_open(&r, fifo, cmd);
	printf("ready %ld %ld\n", r.child, r.init);
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin)) {
		if (sscanf(line, "rtt %ld", &n) == 1) {
			for (long i = 0; i < n; i++) {
				long long via, direct;

				/* Alternate which goes first, so neither
				 * always finds the caches warmed by the other. */
				if (i & 1) {
					direct = trip(&r, r.child);
					via = trip(&r, r.init);
				} else {
					via = trip(&r, r.init);
					direct = trip(&r, r.child);
				}
				printf("%lld %lld\n", via, direct);
			}
			puts("end");
		} else if (sscanf(line, "count %ld", &n) == 1) {
			for (long i = 0; i < n; i++)
				(void)trip(&r, r.init);
			puts("done");
		} else {
			break;
		}
		fflush(stdout);
	}
	kill((pid_t)r.init, SIGKILL);
	waitpid(r.cmd, NULL, 0);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	if (argc > 3 && !strcmp(argv[1], "spawn"))
		spawn(atol(argv[2]), argv + 3);
	else if (argc > 3 && !strcmp(argv[1], "rtt"))
		rtt(argv[2], argv + 3);
	else {
		fputs("usage: drive spawn N CMD... | rtt FIFO CMD...\n", stderr);
		return 2;
	}
	return 0;
}
