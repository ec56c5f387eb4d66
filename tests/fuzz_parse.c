/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target over everything init parses: the command line, the
 * environment forms, signal names and numbers, -r pairs, -t and -e numbers.
 * An input is lines: NAME=VALUE lines of INIT_ and TINI_ variables become
 * the environment, every other line an argument.  The parser must answer
 * every input with a consistent result; the sanitizers watch the rest.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "options.h"

extern char **environ;

static void check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[4096], *argv[64] = { "init" }, *env[64], **saved = environ, sig[12];
	struct parse_error e = { 0 };
	struct opts o;
	int argc = 1, envc = 0, rc;

	if (size >= sizeof(buf))
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (char *line = strtok(buf, "\n"); line && argc < 63 && envc < 63; line = strtok(NULL, "\n")) {
		int n;

		/* an environment of our own: setenv would leak at every run */
		if (strchr(line, '=') && (!strncmp(line, "INIT_", 5) || !strncmp(line, "TINI_", 5))) {
			env[envc++] = line;
			continue;
		}
		argv[argc++] = line;
		n = sig_number(line);
		check(n == -EINVAL || (n >= 1 && n <= SIG_MAX && sig_number(sig_name(n, sig)) == n));
	}
	argv[argc] = NULL;
	env[envc] = NULL;
	environ = env;
	rc = opts_parse(&o, argc, argv, &e);
	environ = saved;
	if (rc == PARSE_RUN) {
		check(o.pause != !!o.argv[0]);
		check(o.verbosity >= 0 && o.verbosity <= 3);
		check(o.grace <= GRACE_MAX);
		check(o.pdeathsig >= 0 && o.pdeathsig <= SIG_MAX);
	} else if (rc == PARSE_ERROR) {
		check(e.where && e.why);
	}
	return 0;
}
