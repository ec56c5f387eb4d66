/* SPDX-License-Identifier: MIT */
#ifndef INIT_OPTIONS_H
#define INIT_OPTIONS_H

/* init's command line and environment: read into struct opts, never
 * printing, never exiting; a bad one described in struct parse_error. */

#include <stdbool.h>
#include <stdint.h>

#include "signals.h"

/* The longest grace period, so that it fits the reaper's milliseconds. */
#define GRACE_MAX 1000000u

struct opts {
	bool pgroup;
	bool pause;
	bool warn_reap;
	bool unshare;
	bool wait_all;
	int verbosity;		/* 0 errors only, 1 warnings, 2 -v, 3 -vv */
	int pdeathsig;		/* 0: none */
	unsigned grace;		/* seconds */
	uint8_t exit_zero[256 / 8];	/* -e: exit statuses reported as 0 */
	sig_map rewrite;	/* -r */
	char **argv;		/* the program and its arguments */
};

/* What a bad command line or environment is reported as: one line,
 * "init: WHERE: VALUE: WHY" (VALUE may be NULL). */
struct parse_error {
	const char *where;
	const char *value;
	const char *why;
	char opt[16];	/* where, when it is an option made up here: "-x",
			 * "-t/--grace" */
};

enum { PARSE_RUN, PARSE_HELP, PARSE_VERSION, PARSE_ERROR };

/* The usage text, for --help. */
extern const char opts_usage[];

/* Fills o from argv and the environment: PARSE_RUN, PARSE_HELP,
 * PARSE_VERSION, or PARSE_ERROR with e filled. */
int opts_parse(struct opts *o, int argc, char **argv, struct parse_error *e);

/* The exit status init ends with for code, after -e: 0 for a status named
 * there. */
int opts_remap(const struct opts *o, int code);

#endif
