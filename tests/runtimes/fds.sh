# shellcheck shell=bash
# SPDX-License-Identifier: MIT
#
# Closed standard streams, last: under unshare (init on the host's root,
# in a PID namespace of its own) and under each runtime that could run a
# container here (RUNNING).  Sourced by tests/runtimes/run.

# The program that reports which of fds 0, 1, 2 it has open: exit 10 + mask
# (host /bin/sh for unshare, busybox sh elsewhere).
FDS_PROG='m=0; for f in 0 1 2; do [ -e /proc/$$/fd/$f ] && m=$((m | 1 << f)); done; exit $((10 + m))'

# unshare_cmd: the "unshare" runtime's command line (for ct_start): the
# host's root, so init by its own path.
unshare_cmd() {
	argv=("${argv[@]/#\/init/$INIT}")
	cmd=(unshare --pid --fork --mount-proc "${argv[@]}")
}

# Closed standard streams.  The same program runs once without init (does
# the runtime pass the closed descriptor through?) and once under init,
# which must hand it on as it got it: closed.
run_closed_fds() {
	local rt set want base why
	for rt in unshare ${RUNNING[@]+"${RUNNING[@]}"}; do
		selected $rt || continue
		RT=$rt
		for set in 0 1 2 "0 1 2"; do
			want=7
			case $set in *0*) want=$((want & ~1)) ;; esac
			case $set in *1*) want=$((want & ~2)) ;; esac
			case $set in *2*) want=$((want & ~4)) ;; esac
			fds_run fds-bare bare "$set"
			base=$RC why=$(tail -n 1 "$WORK/fds-bare.err")
			if [ "$base" -lt 10 ] || [ "$base" -gt 17 ]; then
				skip "$rt: fd ${set// /,} closed: the runtime itself fails so (exit $base${why:+: $why})"
				continue
			fi
			if [ "$base" != $((10 + want)) ]; then
				skip "$rt: fd ${set// /,} closed: the runtime gives the container fds 0-2 of its own (program saw mask $((base - 10)))"
				continue
			fi
			fds_run fds init "$set"
			expect fds "init runs with fd ${set// /,} closed; the program gets it closed too" \
				test "$RC" = $((10 + want))
		done
	done
}

# fds_run NAME MODE FDS: the fd-mask program, the runtime started with FDS
# closed.
fds_run() {
	local prog=sh
	[ $RT = unshare ] && prog=/bin/sh
	CLOSE=$3 ct_run $RT "$1" "$2" 20 -- "$prog" -c "$FDS_PROG"
}

