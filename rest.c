/* SPDX-License-Identifier: MIT */
/* The rest: what is left once the main child is gone (the grace period,
 * -W), found and signalled so that no signal reaches a process that is not
 * init's own. */
#include "core.h"
#include "proc.h"
#include "sys.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>

/* A walk down init's descendants, sending sig; count: how many got it. */
struct walk {
	struct reaper *r;
	int sig;
	int count;
	pid_t parent;		/* whose children are being listed */
	unsigned depth;		/* theirs: 1 for init's children */
};

/* An event about process pid, with its name. */
static void report_about(const struct reaper *r, enum reaper_event_kind kind, const char *what, pid_t pid,
			 int err)
{
	char comm[17];
	struct reaper_event ev = { .kind = kind, .what = what, .pid = pid, .comm = comm, .err = err };

	proc_comm(r->self, pid, comm);
	reaper_report(r, &ev);
}

/* pid gets the walk's signal, counted; a refusal is named. */
static void send_one(struct walk *w, int fd, pid_t pid)
{
	int err = reaper_send(w->r, fd, pid, w->sig, w->depth == 1);

	if (!err)
		w->count++;
	else if (err != -ESRCH) /* gone meanwhile */
		report_about(w->r, REAPER_WARNING, "signal", pid, err);
}

/* Signals pid, which the walk found among w->parent's children, and its
 * own children.  Through a pidfd opened before pid's parent is checked: if
 * pid was reused meanwhile, the pidfd addresses the process that left,
 * never the one that took the number.  Without pidfds, by PID once checked:
 * a window README names.  A KILL goes to the parent before its children
 * are listed: a killed process can neither fork nor reap, so nothing it
 * does after the list is read escapes (a parent that ran on once its child
 * was killed could restart it, or exit 0 as the last one reaped).  Any
 * other signal goes to the parent after them: one that exits on it has not
 * handed them to init unsignalled.  Deeper than 32 levels, what is left
 * comes back to init re-parented. */
static void signal_one(void *ctx, pid_t pid)
{
	struct walk *w = ctx, below = { .r = w->r, .sig = w->sig, .parent = pid, .depth = w->depth + 1 };
	int fd = sys_pidfd_open(pid), kids;
	bool first = w->sig == SIGKILL;

	if (fd < 0 && errno == ESRCH)
		return; /* gone */
	if (proc_ppid(pid) != w->parent)
		goto done;
	if (first)
		send_one(w, fd, pid);
	kids = w->depth < 32 ? proc_open(pid, true, "/children") : -1;
	if (kids >= 0) {
		/* the list is pid's own if pid was not reaped by the time it
		 * was open */
		if (reaper_send(w->r, fd, pid, 0, false) != -ESRCH)
			proc_each_listed(kids, signal_one, &below);
		(void)close(kids); /* read-only */
	}
	w->count += below.count;
	if (!first)
		send_one(w, fd, pid);
done:
	if (fd >= 0)
		(void)close(fd); /* nothing to flush */
}

/* As PID 1 every process of the namespace; as subreaper init's
 * descendants, found through /proc, each proved its own (signal_one).
 * Never a process group by number: once the main child is reaped, its
 * group's number is free for a stranger's group to take. */
void rest_signal(struct reaper *r, int sig)
{
	struct reaper_event ev = { .kind = REAPER_SIGNALLED, .sig = sig, .count = -1 };
	struct walk w = { .r = r, .sig = sig, .parent = r->self, .depth = 1 };

	if (r->self != 1) {
		(void)proc_each_child(r->self, signal_one, &w);
		ev.count = w.count;
	} else if (kill(-1, sig) < 0) {
		ev.count = 0;
		if (errno != ESRCH) { /* ESRCH: none but init */
			reaper_warn(r, "signal every process", -errno);
			return;
		}
	}
	reaper_report(r, &ev);
}

static void name_stray(void *ctx, pid_t pid)
{
	report_about(ctx, REAPER_STRAY, "end", pid, 0);
}

/* Init's children are what it would still wait for. */
void rest_name(const struct reaper *r)
{
	if (!proc_each_child(r->self, name_stray, (void *)r))
		report_about(r, REAPER_STRAY, "end what is left", 0, 0);
}
