/* SPDX-License-Identifier: MIT */
/* The log writer and the escaping (log.c), reached by including log.c for
 * its state; linked with --wrap=syscall to refuse or cut pwritev2. */
#include "unit.h"

#include "../log.c"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

/* As a kernel before 6.4 answers pwritev2(RWF_NOWAIT) on a pipe, and any
 * on a terminal. */
static bool refuse_nowait;
static bool cut_short;	/* a socket taking part of a line */

long __real_syscall(long n, long a, long b, long c, long d, long e, long f);
long __wrap_syscall(long n, long a, long b, long c, long d, long e, long f)
{
	if (refuse_nowait && n == SYS_pwritev2) {
		errno = EOPNOTSUPP;
		return -1;
	}
	if (cut_short && n == SYS_pwritev2)
		return 3;
	return __real_syscall(n, a, b, c, d, e, f);
}

/* stderr on fd, and the log writer made to look at it afresh. */
static int stderr_to(int fd)
{
	int saved = dup(STDERR_FILENO);

	assert_true(saved >= 0);
	assert_int_equal(dup2(fd, STDERR_FILENO), STDERR_FILENO);
	log_out.how = LOG_UNKNOWN;
	log_out.dropped = 0;
	return saved;
}

/* What fd (non-blocking) holds now. */
static size_t drain(int fd, char *buf, size_t size)
{
	ssize_t n, got = 0;

	while ((n = read(fd, buf + got, size - 1 - (size_t)got)) > 0)
		got += n;
	buf[got] = '\0';
	return (size_t)got;
}

/* A full pipe never blocks a log line: it is dropped and counted, and the
 * next line that gets through says how many were.  Where RWF_NOWAIT is
 * refused, through a non-blocking opening of init's own. */
static void full_stderr_drops_and_counts(bool refused)
{
	static char buf[1 << 17];
	unsigned long dropped;
	int p[2], saved, kept_errno;

	refuse_nowait = refused;
	assert_int_equal(pipe2(p, O_NONBLOCK), 0);
	while (write(p[1], buf, 4096) > 0)	/* full */
		;
	assert_int_equal(fcntl(p[1], F_SETFL, 0), 0);	/* as a stalled reader's pipe: blocking */
	/* no assertion while stderr is the full pipe: cmocka would block
	 * on it to say that one failed */
	saved = stderr_to(p[1]);
	errno = EDOM;
	say("one");
	say("two");
	say("three");
	kept_errno = errno;
	dropped = log_out.dropped;
	drain(p[0], buf, sizeof(buf));
	say("four");
	say("five");
	assert_int_equal(dup2(saved, STDERR_FILENO), STDERR_FILENO);
	assert_int_equal(kept_errno, EDOM);
	assert_int_equal(dropped, 3);
	drain(p[0], buf, sizeof(buf));
	assert_string_equal(buf, "init: 3 log lines dropped\ninit: four\ninit: five\n");
	assert_int_equal(log_out.dropped, 0);
	/* the program's open file description stays blocking */
	assert_int_equal(fcntl(p[1], F_GETFL) & O_NONBLOCK, 0);
	assert_int_equal(log_out.fd != STDERR_FILENO, refused);
	if (log_out.fd != STDERR_FILENO)
		close(log_out.fd);
	refuse_nowait = false;
	close(saved);
	close(p[0]);
	close(p[1]);
}

static void full_pipe_with_nowait(void **state) { (void)state; full_stderr_drops_and_counts(false); }
static void full_pipe_reopened(void **state) { (void)state; full_stderr_drops_and_counts(true); }

/* A line that got only part of the way counts as dropped. */
static void short_line_counts_as_dropped(void **state)
{
	int p[2], saved;
	unsigned long dropped;

	(void)state;
	assert_int_equal(pipe(p), 0);
	saved = stderr_to(p[1]);
	cut_short = true;
	say("cut");
	cut_short = false;
	dropped = log_out.dropped;
	say("whole");
	assert_int_equal(dup2(saved, STDERR_FILENO), STDERR_FILENO);
	assert_int_equal(dropped, 1);
	assert_int_equal(log_out.dropped, 0);
	close(saved);
	close(p[0]);
	close(p[1]);
}

/* A regular file takes every line with plain writes. */
static void file_stderr_takes_all(void **state)
{
	char path[] = "/tmp/init-test-log-XXXXXX", buf[64];
	int fd = mkstemp(path), saved;

	(void)state;
	assert_true(fd >= 0);
	unlink(path);
	saved = stderr_to(fd);
	say("a", "b");
	assert_int_equal(log_out.how, LOG_PLAIN);
	assert_int_equal(dup2(saved, STDERR_FILENO), STDERR_FILENO);
	assert_int_equal(pread(fd, buf, sizeof(buf), 0), 9);
	assert_memory_equal(buf, "init: ab\n", 9);
	close(saved);
	close(fd);
}

/* Every byte value: printable ASCII as it is, a backslash doubled, the
 * rest as \xHH; the text reads back exactly, and an overlong one is cut
 * with a mark the escaping never writes. */
static void log_text_escapes_every_byte(void **state)
{
	char in[2] = { 0 }, out[TEXT_ROOM(1)], want[8], back[300], big[TEXT_ROOM(300)], cut[12];
	size_t n = 0;

	(void)state;
	for (int c = 1; c < 256; c++) {
		in[0] = (char)c;
		if (c == '\\')
			strcpy(want, "\\\\");
		else if (c >= 0x20 && c < 0x7f)
			snprintf(want, sizeof(want), "%c", c);
		else
			snprintf(want, sizeof(want), "\\x%02x", c);
		assert_string_equal(log_text(out, sizeof(out), in), want);
	}
	/* all of them in one text, read back */
	for (int c = 255; c >= 1; c--)
		back[n++] = (char)c;
	back[n] = '\0';
	log_text(big, sizeof(big), back);
	n = 0;
	for (const char *p = big; *p; n++) {
		assert_true(*p >= 0x20 && *p < 0x7f);
		if (p[0] != '\\') {
			assert_int_equal((unsigned char)*p++, 255 - n);
			continue;
		}
		if (p[1] == '\\') {
			assert_int_equal(255 - n, '\\');
			p += 2;
			continue;
		}
		assert_int_equal(p[1], 'x');
		assert_int_equal(strtoul((char[]){ p[2], p[3], '\0' }, NULL, 16), 255 - n);
		p += 4;
	}
	assert_int_equal(n, 255);
	/* cut after a whole byte, marked */
	assert_string_equal(log_text(cut, sizeof(cut), "abcdefghijk"), "abcdefg\\...");
	assert_string_equal(log_text(cut, sizeof(cut), "abc\033def"), "abc\\x1b\\...");
	assert_string_equal(log_text(cut, sizeof(cut), "abcdefg"), "abcdefg");
}

/* Lines dropped with none after them are told once more at exit. */
static void dropped_lines_told_at_exit(void **state)
{
	char buf[128];
	int p[2], saved;

	(void)state;
	assert_int_equal(pipe2(p, O_NONBLOCK), 0);
	saved = stderr_to(p[1]);
	log_dropped();		/* none: nothing */
	log_out.dropped = 7;
	log_dropped();
	assert_int_equal(dup2(saved, STDERR_FILENO), STDERR_FILENO);
	assert_int_equal(log_out.dropped, 0);
	drain(p[0], buf, sizeof(buf));
	assert_string_equal(buf, "init: 7 log lines dropped\n");
	close(saved);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_pipe_with_nowait),
		cmocka_unit_test(full_pipe_reopened),
		cmocka_unit_test(short_line_counts_as_dropped),
		cmocka_unit_test(file_stderr_takes_all),
		cmocka_unit_test(log_text_escapes_every_byte),
		cmocka_unit_test(dropped_lines_told_at_exit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
