/* SPDX-License-Identifier: MIT */
#ifndef INIT_LOG_H
#define INIT_LOG_H

/* init's log: lines "init: ..." on stderr, each in one write, never
 * waited for (SPEC.md, "What init keeps for itself"): a line stderr cannot
 * take at once is dropped and counted, and the next that gets through
 * says how many were.  errno is kept. */

#include <stddef.h>

/* parts, up to a NULL, as one line. */
void log_line(const char *const *parts);

/* say("a", "b") writes "init: ab\n". */
#define say(...) log_line((const char *const[]){ __VA_ARGS__, NULL })

/* At exit: lines dropped since the last one that got through are told
 * once more, since no later line will tell them. */
void log_dropped(void);

/* Room for log_text() to hold n bytes of text whole, and a cut mark. */
#define TEXT_ROOM(n) (4 * (n) + 5)

/* Text init did not write itself (a process's name, a program's, a value
 * from the command line or the environment) as a log line may carry it:
 * each byte outside printable ASCII as \xHH, a backslash as \\.  What
 * does not fit in buf (size at least 5) is cut after a whole byte and
 * marked "\...".  Returns buf. */
const char *log_text(char *buf, size_t size, const char *s);

#endif
