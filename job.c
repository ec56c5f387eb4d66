/* SPDX-License-Identifier: MIT */
/* The terminal: whether init holds it, and job control, so that Ctrl-Z,
 * fg and bg work on a program under init as they would without it. */
#include "core.h"

#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* In a PID namespace the ids of groups outside it read 0, so 0 == 0
 * proves nothing: a read of no bytes settles it, failing (EIO) in a
 * background group while SIGTTIN is blocked, taking nothing in the
 * foreground. */
int job_terminal(void)
{
	pid_t fg;	/* tcgetpgrp() itself */
	char c;

	if (ioctl(STDIN_FILENO, TIOCGPGRP, &fg) < 0)
		return -1;
	return fg == getpgrp() && read(STDIN_FILENO, &c, 0) == 0;
}

/* The stop goes on to init's own job, so that the shell sees the job
 * stopped and prompts.  The terminal goes back to init's group (where init
 * can name it), then the group gets SIGSTOP: init stops with it, or as
 * PID 1, which cannot stop itself, the rest of the group does (the -u
 * relay, unshare).  A session leader has no job control above it (docker
 * run -it): the child is resumed at once, as a program that is PID 1
 * itself would not have stopped. */
void job_stop(struct reaper *r)
{
	pid_t fg, own = getpgrp();

	if (getsid(0) == r->self) {
		(void)kill(-r->child, SIGCONT); /* ESRCH: gone already */
		return;
	}
	if (own && !ioctl(STDIN_FILENO, TIOCGPGRP, &fg) && fg == r->child)
		(void)ioctl(STDIN_FILENO, TIOCSPGRP, &own); /* SIGTTOU is blocked */
	r->job_stopped = true;
	(void)kill(0, SIGSTOP); /* to init's own group: cannot fail */
}

/* After fg, init's group holds the terminal: it goes on to the child's.
 * After bg, the shell keeps it. */
void job_continue(struct reaper *r)
{
	r->job_stopped = false;
	if (job_terminal() > 0)
		(void)ioctl(STDIN_FILENO, TIOCSPGRP, &r->child);
	(void)kill(-r->child, SIGCONT); /* ESRCH: gone already */
}
