# shellcheck shell=bash
# SPDX-License-Identifier: MIT
#
# crun, run directly on a bundle of the suite's rootfs (or, where this
# host's hybrid cgroups stop it, from a private mount namespace): the
# checks every runtime gets, with their controls.  Sourced by
# tests/runtimes/run.

# Its state in the suite's folder, as runc's (runc.sh).
CRUN=(crun --root "$WORK/crun")

run_crun() {
	command -v crun >/dev/null || { skip "crun: not installed"; return; }
	local direct=(crun --root "$WORK/crun")
	CRUN=("${direct[@]}")
	if ! probe crun; then
		local plain=$REASON
		# crun refuses hybrid cgroups (v1 with a cgroup2 "unified"
		# mount); without that mount, in a private mount namespace, it
		# runs them as v1.
		CRUN=(unshare -m --propagation private sh -c
			'umount /sys/fs/cgroup/unified && exec crun --root "$0" "$@"' "$WORK/crun")
		if ! mountpoint -q /sys/fs/cgroup/unified || ! probe crun; then
			CRUN=("${direct[@]}")
			skip "crun: cannot run a container: $plain"
			return
		fi
		echo "# crun: runs in a private mount namespace without /sys/fs/cgroup/unified"
	fi
	RUNNING+=(crun)
	CONTROL=1 suite crun
}
