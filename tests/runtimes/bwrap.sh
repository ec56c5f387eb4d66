# shellcheck shell=bash
# SPDX-License-Identifier: MIT
#
# bubblewrap as the runtime: init as its --as-pid-1, the suite's rootfs
# bound read-only as /.  The checks every runtime gets, with their
# controls.  Sourced by tests/runtimes/run.

# bwrap_cmd: bubblewrap's command line (for ct_start).  fd 3 takes
# --json-status-fd, which tells PID 1's host PID (bwrap_pid).
bwrap_cmd() {
	local e
	cmd=(bwrap --as-pid-1 --unshare-pid --die-with-parent
		--ro-bind "$WORK/ctx/rootfs" / --proc /proc --dev /dev
		--tmpfs /tmp --clearenv --setenv PATH /bin
		--json-status-fd 3)
	for e in "${ENVS[@]}"; do cmd+=(--setenv "${e%%=*}" "${e#*=}"); done
	cmd+=("${argv[@]}")
}

# The host PID of bwrap's PID 1, from --json-status-fd.
bwrap_pid() {
	local _
	for _ in $(seq 50); do
		jq -r '."child-pid" // empty' "${JSON[$1]}" 2>/dev/null | grep . && return
		sleep 0.1
	done
	return 1
}

run_bwrap() {
	command -v bwrap >/dev/null || { skip "bwrap: not installed"; return; }
	probe bwrap || { skip "bwrap: cannot run a sandbox: $REASON"; return; }
	RUNNING+=(bwrap)
	CONTROL=1 suite bwrap
}
