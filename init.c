/* SPDX-License-Identifier: MIT */
/*
 * init: main, and what happens told as log lines.  The command line is
 * options.c's, the log writer log.c's, the work itself (spawn, forward,
 * reap) the library's.
 */
#include "commit.h"
#include "log.h"
#include "options.h"
#include "reaper.h"
#include "signals.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef INIT_VERSION
#define INIT_VERSION "unknown"
#endif

/* "init: [LEVEL]unable to WHAT[ARG]: why", err being -errno. */
static void unable(const char *level, const char *what, const char *arg, int err)
{
	say(level, "unable to ", what, arg, ": ", strerror(-err));
}

struct init {
	struct opts opt;
	struct reaper reaper;
	char pidns[40];		/* "pid:[4026531836]", for -vv */
};

/* Whether each orphan reaped is logged, and must then be named first. */
static bool logs_orphans(const struct opts *o)
{
	return o->verbosity >= 2 || (o->verbosity && o->warn_reap);
}

static void say_reaped(const struct init *in, const struct reaper_event *ev)
{
	char pid[24], num[24], sig[12];
	const char *what = ev->how == CLD_EXITED ? "exited " : "killed by SIG";
	const char *val = ev->how == CLD_EXITED ? (util_utoa(num, (unsigned long)ev->status), num)
						: sig_name(ev->status, sig);

	util_utoa(pid, (unsigned long)ev->pid);
	if (ev->kind == REAPER_MAIN) {
		say(in->pidns, "main child ", pid, ": ", what, val);
	} else {
		char name[TEXT_ROOM(16)];

		say(in->pidns, "reaped orphan ", pid, " (", log_text(name, sizeof(name), ev->comm ? ev->comm : "?"),
		    "): ", what, val);
	}
}

/* "forwarded SIGX to [group ]PID", "sent SIGX to N processes" (or to
 * every process). */
static void say_forwarded(const struct init *in, const struct reaper_event *ev)
{
	char num[24], sig[12];
	bool fwd = ev->kind == REAPER_FORWARD;
	long n = fwd ? ev->pid : ev->count;	/* < 0: a group, or every process */

	util_utoa(num, (unsigned long)(n < 0 ? -n : n));
	say(in->pidns, fwd ? "forwarded SIG" : "sent SIG", sig_name(ev->sig, sig), fwd && n < 0 ? " to group " : " to ",
	    !fwd && n < 0 ? "every process" : num, fwd || n < 0 ? "" : n == 1 ? " process" : " processes");
}

/* "warning: unable to WHAT[ PID (NAME)]: why". */
static void say_warning(const struct reaper_event *ev)
{
	char pid[24], name[TEXT_ROOM(16)];
	const char *why = ev->kind == REAPER_STRAY ? "not reaped 1 s after SIGKILL; not waited for" : strerror(-ev->err);

	util_utoa(util_cat(pid, " "), (unsigned long)ev->pid);
	log_text(name, sizeof(name), ev->comm ? ev->comm : "?");
	if (ev->pid)
		say("warning: unable to ", ev->what, pid, " (", name, "): ", why);
	else
		say("warning: unable to ", ev->what, ": ", why);
}

static void say_exec_failed(const struct reaper_event *ev)
{
	char prog[TEXT_ROOM(256)];

	log_text(prog, sizeof(prog), ev->what);
	if (ev->err == -ENOENT || ev->err == -ENOTDIR)
		say(prog, ": not found");
	else if (ev->err == -ELIBACC)
		say(prog, ": interpreter not found (the #! line's, or the ELF loader)");
	else
		say(prog, ": cannot execute: ", strerror(-ev->err));
}

static void on_event(const struct reaper_event *ev, void *ctx)
{
	const struct init *in = ctx;
	int v = in->opt.verbosity;

	switch (ev->kind) {
	case REAPER_ORPHAN:
		if (logs_orphans(&in->opt))
			say_reaped(in, ev);
		break;
	case REAPER_MAIN:
		if (v >= 2)
			say_reaped(in, ev);
		break;
	case REAPER_FORWARD:
	case REAPER_SIGNALLED:
		if (v >= 3)
			say_forwarded(in, ev);
		break;
	case REAPER_EXEC_FAILED:
		say_exec_failed(ev);
		break;
	case REAPER_WARNING:
	case REAPER_STRAY:
		if (v)
			say_warning(ev);
		break;
	}
}

/* tini's form, the only one Docker's daemon parses (for `docker info` and
 * `docker version`): "tini version V - git.C", split on " - " and ".". */
static ssize_t say_version(void)
{
	static const char head[] = "tini version " INIT_VERSION "_init", commit[] = " - git." INIT_COMMIT;
	struct iovec iov[] = {
		{ .iov_base = (void *)head, .iov_len = sizeof(head) - 1 },
		{ .iov_base = (void *)commit, .iov_len = INIT_COMMIT[0] ? sizeof(commit) - 1 : 0 },
		{ .iov_base = "\n", .iov_len = 1 },
	};

	return writev(STDOUT_FILENO, iov, LEN(iov));
}

/* crun and bubblewrap may start init with 0, 1 or 2 closed.  Hold each
 * closed one with a close-on-exec placeholder, so init's own descriptors
 * and log lines never land there; the program still finds them closed.
 * One poll() tells which are closed (POLLNVAL). */
static void hold_std_fds(void)
{
	struct pollfd fds[3] = { { .fd = 0 }, { .fd = 1 }, { .fd = 2 } };

	if (poll(fds, 3, 0) < 0)
		return;
	for (int fd = 0; fd <= 2; fd++)
		if (fds[fd].revents & POLLNVAL)
			(void)util_open("/", O_PATH | O_CLOEXEC); /* takes the lowest: fd */
}

static void pidns_name(struct init *in)
{
	ssize_t n = readlink("/proc/self/ns/pid", in->pidns, sizeof(in->pidns) - 3);

	if (n <= 0)
		n = 0, in->pidns[n++] = '?';
	memcpy(in->pidns + n, ": ", 3);
}

/* PR_SET_PDEATHSIG is missed if the parent is gone before it is set: then
 * send the signal now, as the kernel would have. */
static int set_pdeathsig(int sig, pid_t parent)
{
	/* prctl through syscall(), as in reaper.c */
	if (syscall(SYS_prctl, PR_SET_PDEATHSIG, (unsigned long)sig) < 0)
		return -errno;
	if (getpid() != 1 && getppid() != parent)
		(void)kill(getpid(), sig); /* to ourselves: cannot fail */
	return 0;
}

static int setup(struct init *in, pid_t parent)
{
	struct reaper *r = &in->reaper;
	int err;

	r->cfg = (struct reaper_config){
		.pgroup = in->opt.pgroup,
		.names = logs_orphans(&in->opt),
		.wait_all = in->opt.wait_all,
		.release = true,
		.grace_ms = in->opt.grace * 1000,
		.event = on_event,
		.ctx = in,
	};
	memcpy(r->cfg.rewrite, in->opt.rewrite, sizeof(r->cfg.rewrite));
	if (in->opt.verbosity >= 3)
		pidns_name(in);
	err = reaper_setup(r);
	if (err) {
		unable("", "set up signals and reaping", "", err);
		return err;
	}
	/* after the signals are blocked, so a parent dying now is not missed */
	if (in->opt.pdeathsig && (err = set_pdeathsig(in->opt.pdeathsig, parent)))
		unable("", "set the parent-death signal", "", err);
	return err;
}

/* reaper_run()'s result as an exit status: a status that was lost (the
 * warning said so) is init's own failure. */
static int exit_status(int code)
{
	return code < 0 ? 125 : code;
}

/* "init: WHERE: 'VALUE': WHY", each piece from outside escaped. */
static void say_parse_error(const struct parse_error *e)
{
	char where[TEXT_ROOM(64)];

	log_text(where, sizeof(where), e->where);
	if (e->value) {
		char value[TEXT_ROOM(256)];

		say(where, ": '", log_text(value, sizeof(value), e->value), "': ", e->why);
	} else {
		say(where, ": ", e->why);
	}
}

int main(int argc, char **argv)
{
	static struct init in;
	struct parse_error e = { .where = "" };	/* set with every PARSE_ERROR */
	pid_t parent = getppid();
	int code;

	hold_std_fds();
	switch (opts_parse(&in.opt, argc, argv, &e)) {
	case PARSE_HELP:
		return write(STDOUT_FILENO, opts_usage, strlen(opts_usage)) < 0;
	case PARSE_VERSION:
		return say_version() < 0;
	case PARSE_ERROR:
		say_parse_error(&e);
		return 125;
	}
	if (setup(&in, parent))
		return 125;
	if (in.opt.unshare) {
		/* 0 in the new PID 1, which goes on; 1 in the relay */
		int rc = reaper_unshare(&in.reaper);

		if (rc < 0) {
			unable("", "make a PID namespace", "", rc);
			return 125;
		}
		if (rc) { /* the new PID 1's status, as it is */
			code = exit_status(reaper_run(&in.reaper));
			log_dropped();
			return code;
		}
	}
	if (!in.opt.pause && (code = reaper_spawn(&in.reaper, in.opt.argv))) {
		char prog[TEXT_ROOM(256)];

		unable("", "start ", log_text(prog, sizeof(prog), in.opt.argv[0]), code);
		return 125;
	}
	code = opts_remap(&in.opt, exit_status(reaper_run(&in.reaper)));
	log_dropped();
	return code;
}
