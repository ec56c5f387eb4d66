#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs a libFuzzer target for SECONDS from the checked-in seeds; new inputs
# go to a scratch corpus, never into the tree.  A crash fails the test and
# its input is printed (add it to the seeds and to a unit test).
# Usage: fuzz.sh FUZZER SEEDS SECONDS
set -u
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$1" -max_total_time="$3" -print_final_stats=1 -artifact_prefix="$scratch/" \
	"$scratch" "$2" >"$scratch/log" 2>&1
rc=$?
tail -n 30 "$scratch/log"
exit $rc
