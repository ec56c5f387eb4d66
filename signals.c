/* SPDX-License-Identifier: MIT */
#include "signals.h"
#include "util.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define WORD(sig) (((sig) - 1) / 64)
#define BIT(sig) ((uint64_t)1 << (((sig) - 1) % 64))

/* Never blocked: KILL and STOP cannot be, and a fault blocked while it
 * happens kills init outright instead of reaching a handler. */
static const unsigned char never_blocked[] = {
	SIGKILL, SIGSTOP, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS,
};

/* Every signal's name, as "TERM" for SIGTERM, listed once and laid out as
 * one string of names and a table of numbers, which is half the size of
 * an array of fixed-size names. */
#ifdef SIGSTKFLT /* not on MIPS */
#define STKFLT(X) X(STKFLT, SIGSTKFLT)
#else
#define STKFLT(X)
#endif
#define SIGNALS(X) \
	X(HUP, SIGHUP) X(INT, SIGINT) X(QUIT, SIGQUIT) X(ILL, SIGILL) \
	X(TRAP, SIGTRAP) X(ABRT, SIGABRT) X(IOT, SIGIOT) X(BUS, SIGBUS) \
	X(FPE, SIGFPE) X(KILL, SIGKILL) X(USR1, SIGUSR1) X(SEGV, SIGSEGV) \
	X(USR2, SIGUSR2) X(PIPE, SIGPIPE) X(ALRM, SIGALRM) X(TERM, SIGTERM) \
	STKFLT(X) X(CHLD, SIGCHLD) X(CLD, SIGCHLD) X(CONT, SIGCONT) \
	X(STOP, SIGSTOP) X(TSTP, SIGTSTP) X(TTIN, SIGTTIN) X(TTOU, SIGTTOU) \
	X(URG, SIGURG) X(XCPU, SIGXCPU) X(XFSZ, SIGXFSZ) X(VTALRM, SIGVTALRM) \
	X(PROF, SIGPROF) X(WINCH, SIGWINCH) X(IO, SIGIO) X(POLL, SIGPOLL) \
	X(PWR, SIGPWR) X(SYS, SIGSYS)
#define NAME(name, sig) #name "\0"
#define NUMBER(name, sig) sig,
static const char names[] = SIGNALS(NAME);
static const unsigned char numbers[] = { SIGNALS(NUMBER) };

static struct sig_set blocked_set(void)
{
	struct sig_set set;

	memset(&set, 0xff, sizeof(set));
	for (size_t i = 0; i < LEN(never_blocked); i++)
		set.w[WORD(never_blocked[i])] &= ~BIT(never_blocked[i]);
	return set;
}

/* libc's sigprocmask and sigaddset refuse the real-time signals libc keeps
 * for itself (32-33 with glibc, 32-34 with musl), so talk to the kernel. */
static int raw_sigmask(int how, const struct sig_set *set, struct sig_set *old)
{
	return syscall(SYS_rt_sigprocmask, how, set, old, sizeof(*set)) < 0 ? -errno : 0;
}

/* The kernel's struct sigaction: the handler, then flags, restorer and
 * mask; on MIPS the flags come first.  Init only ever sets SIG_DFL or
 * SIG_IGN, which need no flags and no restorer, so the one system call does
 * what libc's sigaction() would, without its 800 bytes in a static build. */
struct ksigaction {
	unsigned long w[4];
	struct sig_set mask;
};
#ifdef __mips__
#define KSA_HANDLER 1
#else
#define KSA_HANDLER 0
#endif
#ifdef __sparc__
#error "sparc's rt_sigaction takes a restorer before the set size"
#endif

static unsigned long chld_handler(void)
{
	struct ksigaction old = { .w = { 0 } };

	(void)syscall(SYS_rt_sigaction, SIGCHLD, NULL, &old, sizeof(old.mask)); /* cannot fail */
	return old.w[KSA_HANDLER];
}

static void set_chld_handler(void (*handler)(int))
{
	struct ksigaction act = { .w[KSA_HANDLER] = (unsigned long)handler };

	(void)syscall(SYS_rt_sigaction, SIGCHLD, &act, NULL, sizeof(act.mask)); /* cannot fail */
}

int sig_setup(struct sig_state *s)
{
	struct sig_set set = blocked_set();
	int err;

	s->fd = -1;
	err = raw_sigmask(SIG_BLOCK, &set, &s->saved_mask);
	if (err)
		return err;
	/* An ignored SIGCHLD makes the kernel reap children by itself, and the
	 * main child's status would be lost. */
	s->chld_ignored = chld_handler() == (unsigned long)SIG_IGN;
	if (s->chld_ignored)
		set_chld_handler(SIG_DFL);
	s->fd = (int)syscall(SYS_signalfd4, -1, &set, sizeof(set), SFD_CLOEXEC);
	if (s->fd < 0) {
		err = -errno;
		sig_restore(s);
		return err;
	}
	return 0;
}

void sig_restore(const struct sig_state *s)
{
	if (s->chld_ignored)
		set_chld_handler(SIG_IGN);
	(void)raw_sigmask(SIG_SETMASK, &s->saved_mask, NULL); /* cannot fail: valid set */
}

void sig_close(struct sig_state *s)
{
	if (s->fd >= 0)
		(void)close(s->fd); /* nothing to flush */
	s->fd = -1;
	sig_restore(s);
}

int sig_read(const struct sig_state *s, struct signalfd_siginfo *buf, size_t n)
{
	ssize_t got = read(s->fd, buf, n * sizeof(*buf));

	return got < 0 ? -errno : (int)((size_t)got / sizeof(*buf));
}

int sig_fd(const struct sig_state *s)
{
	return s->fd;
}

int sig_poll(const struct sig_state *s, int ms)
{
	struct pollfd pfd = { .fd = s->fd, .events = POLLIN };
	int n = poll(&pfd, 1, ms);

	return n < 0 ? -errno : n;
}

static bool forwardable(int sig)
{
	return sig >= 1 && sig <= SIG_MAX && sig != SIGCHLD &&
	       (blocked_set().w[WORD(sig)] & BIT(sig));
}

int sig_rewrite(sig_map map, int from, int to)
{
	if (!forwardable(from) || to < 0 || to > SIG_MAX)
		return -EINVAL;
	map[from] = (short)(to ? to : -1);
	return 0;
}

int sig_forward_as(const sig_map map, int sig)
{
	if (!forwardable(sig) || map[sig] < 0)
		return 0;
	return map[sig] ? map[sig] : sig;
}

/* Decimal 1..SIG_MAX, no sign, no junk. */
static int sig_decimal(const char *p)
{
	int n = 0;

	if (!*p)
		return -EINVAL;
	for (; *p; p++) {
		if (*p < '0' || *p > '9' || n > SIG_MAX)
			return -EINVAL;
		n = n * 10 + (*p - '0');
	}
	return n >= 1 && n <= SIG_MAX ? n : -EINVAL;
}

/* RTMIN, RTMIN+N, RTMAX, RTMAX-N, named as libc names them to programs. */
static int sig_rt(const char *p)
{
	const char *rest;
	int base, off = 0, sig;

	if ((rest = util_skip(p, "RTMIN", true)))
		base = SIGRTMIN;
	else if ((rest = util_skip(p, "RTMAX", true)))
		base = SIGRTMAX;
	else
		return -EINVAL;
	p = rest;
	if (*p) {
		if (*p != (base == SIGRTMIN ? '+' : '-') || !p[1])
			return -EINVAL;
		off = p[1] == '0' && !p[2] ? 0 : sig_decimal(p + 1);
		if (off < 0)
			return -EINVAL;
	}
	sig = base == SIGRTMIN ? base + off : base - off;
	return sig >= SIGRTMIN && sig <= SIGRTMAX ? sig : -EINVAL;
}

int sig_number(const char *name)
{
	const char *p = name, *n = names;

	if (*p >= '0' && *p <= '9')
		return sig_decimal(p);
	if (util_skip(p, "SIG", true))
		p += 3;
	for (size_t i = 0; i < LEN(numbers); i++, n += strlen(n) + 1) {
		const char *rest = util_skip(p, n, true);

		if (rest && !*rest)
			return numbers[i];
	}
	return sig_rt(p);
}

const char *sig_name(int sig, char *buf)
{
	const char *n = names;

	for (size_t i = 0; i < LEN(numbers); i++, n += strlen(n) + 1)
		if (numbers[i] == sig)
			return n;
	if (sig >= SIGRTMIN && sig <= SIGRTMAX) {
		int mid = (SIGRTMIN + SIGRTMAX) / 2;

		memcpy(buf, sig <= mid ? "RTMIN+" : "RTMAX-", 6);
		util_utoa(buf + 6, (unsigned long)(sig <= mid ? sig - SIGRTMIN : SIGRTMAX - sig));
		if (sig == SIGRTMIN || sig == SIGRTMAX)
			buf[5] = '\0';
		return buf;
	}
	util_utoa(buf, (unsigned long)sig);
	return buf;
}
