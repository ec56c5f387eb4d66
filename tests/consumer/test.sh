#!/bin/sh
# SPDX-License-Identifier: MIT
# The embedding runtime as PID 1 of a fresh namespace: an orphan reaped and
# named, and the program's status passed through.
set -u
out=$(timeout -k 2 20 unshare --pid --fork --mount-proc "$1" sh -c '(exec sleep 0.1 &); sleep 0.3; exit 5')
rc=$?
[ "$rc" = 5 ] || { echo "exit status $rc, want 5"; exit 1; }
[ "$out" = "orphan sleep status 0" ] || { echo "output '$out', want 'orphan sleep status 0'"; exit 1; }
echo "ok"
