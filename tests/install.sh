#!/bin/sh
# SPDX-License-Identifier: MIT
# `meson install` puts in place the binary, the man page, the library, its
# headers and a pkg-config file with which a program builds and runs.
# Usage: install.sh BUILD-DIR SCRATCH-DIR [CFLAG]...
set -eu
build=$1 dest=$2
shift 2
top=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$dest"
meson install -C "$build" --no-rebuild --destdir "$dest" >/dev/null
for f in bin/init share/man/man1/init.1 include/init/reaper.h include/init/signals.h; do
	[ -f "$dest/usr/local/$f" ] || { echo "not installed: $f"; exit 1; }
done
pc=$(dirname "$(find "$dest" -name init.pc)")
[ -n "$pc" ] || { echo "not installed: init.pc"; exit 1; }
flags=$(PKG_CONFIG_PATH=$pc PKG_CONFIG_SYSROOT_DIR=$dest pkg-config --cflags --libs init)
cc "$@" -o "$dest/runtime" "$top/tests/consumer/runtime.c" $flags
"$dest/runtime" sh -c 'exit 4' && rc=0 || rc=$?
[ "$rc" = 4 ] || { echo "runtime built from the installed files exited $rc, want 4"; exit 1; }
echo ok
