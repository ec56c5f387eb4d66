# shellcheck shell=bash
# SPDX-License-Identifier: MIT
#
# runc, run directly on a bundle of the suite's rootfs: the checks every
# runtime gets, with their controls.  Sourced by tests/runtimes/run.

# runc and crun keep their state in the suite's folder, not /run/runc and
# /run/crun: a run leaves nothing behind, and two runs cannot meet.
RUNC=(runc --root "$WORK/runc")

run_runc() {
	command -v runc >/dev/null || { skip "runc: not installed"; return; }
	probe runc || { skip "runc: cannot run a container: $REASON"; return; }
	RUNNING+=(runc)
	CONTROL=1 suite runc
}
