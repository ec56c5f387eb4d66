#!/bin/sh
# SPDX-License-Identifier: MIT
# No heap allocation at all: valgrind's heap summary over init as PID 1
# reaping named orphans.  It needs a dynamic build (valgrind sees nothing of
# a static one's heap).  Usage: valgrind.sh INIT
set -u
init=$1
command -v valgrind >/dev/null || { echo "SKIP: valgrind is not installed"; exit 77; }
readelf -l "$init" | grep -q INTERP || { echo "SKIP: $init is static"; exit 77; }
readelf -d "$init" | grep -q 'lib[a-z]*san' && { echo "SKIP: $init is sanitized"; exit 77; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
timeout -k 2 60 unshare --pid --fork --mount-proc --kill-child \
	valgrind --log-file="$log" "$init" -w -- \
	sh -c 'for i in 1 2 3 4 5; do (sleep 0.1 &); done; sleep 0.5; kill -USR1 $$' 2>/dev/null
rc=$?
[ "$rc" = 138 ] || { echo "init exited $rc under valgrind, want 138"; cat "$log"; exit 1; }
grep -q "total heap usage: 0 allocs, 0 frees" "$log" || { echo "init allocated:"; cat "$log"; exit 1; }
grep -q "ERROR SUMMARY: 0 errors" "$log" || { cat "$log"; exit 1; }
echo "ok: no allocation, no error"
