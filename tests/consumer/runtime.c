/* SPDX-License-Identifier: MIT */
/* runtime PROGRAM [ARG]...: be PID 1 for PROGRAM through libinit-core. */
#include <stdio.h>
#include <string.h>

#include "reaper.h"

static void on_event(const struct reaper_event *ev, void *ctx)
{
	(void)ctx;
	if (ev->kind == REAPER_ORPHAN)
		printf("orphan %s status %d\n", ev->comm, ev->status);
	else if (ev->kind == REAPER_WARNING || ev->kind == REAPER_EXEC_FAILED)
		fprintf(stderr, "runtime: %s: %s\n", ev->what, strerror(-ev->err));
}

int main(int argc, char **argv)
{
	struct reaper r = { .cfg = { .names = true, .event = on_event } };
	int code;

	if (argc < 2)
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	code = reaper_supervise(&r, argv + 1);
	if (code < 0) {
		fprintf(stderr, "runtime: %s\n", strerror(-code));
		return 125;
	}
	return code;
}
