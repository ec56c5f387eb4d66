# shellcheck shell=bash
# SPDX-License-Identifier: MIT
#
# The runtimes suite's shared library, sourced by tests/runtimes/run before
# the runtimes' own files: reporting, the cleanup, the packages, the root
# filesystem and its test programs, the release image, the drivers that
# start, signal, exec into and remove a container whatever its runtime,
# and the checks that every runtime gets (suite).  Sourcing it only
# defines; its functions need INIT, SRC and WORK, and the state that the
# runtimes' files set (RUNC, CRUN, PODMAN, DOCKER...).

# ------------------------------------------------------------- reporting

pass=0 fail=0 skipped=0
ok() { pass=$((pass + 1)); echo "ok - $*"; }
skip() { skipped=$((skipped + 1)); echo "skip - $*"; }
bad() {
	fail=$((fail + 1))
	echo "not ok - $1"
	shift
	local line
	for line in "$@"; do echo "#   $line"; done
}
finish() {
	echo "$pass passed, $fail failed, $skipped skipped"
	[ "$fail" -eq 0 ] || exit 1
	[ "$pass" -gt 0 ] || exit 77
	exit 0
}

# What a failed check shows.
why() {
	echo "exit $RC after ${TOOK[$1]-?}ms"
	sed 's/^/out: /' "$WORK/$1.out" | head -n 20
	sed 's/^/probe: /' "$WORK/$1.res" 2>/dev/null | head -n 20
	sed 's/^/err: /' "$WORK/$1.err" | head -n 20
}

# expect NAME WHAT CONDITION...: a check on container NAME's run.
expect() {
	local name=$1 what=$2 lines
	shift 2
	if "$@"; then
		ok "$RT: $what (${TOOK[$name]-?}ms)"
	else
		mapfile -t lines < <(why "$name")
		bad "$RT: $what" "${lines[@]}"
	fi
}
# has NAME LINE: NAME printed LINE (or a probe of it found it, NAME.res).
has() {
	{ cat "$WORK/$1.out"; echo; cat "$WORK/$1.res"; } 2>/dev/null |
		tr -d '\r' | grep -qx -- "$2"
}
says() { grep -q -- "$2" "$WORK/$1.out"; }
lacks() { ! says "$@"; }

# ----------------------------------------------------------------- state

ID=initrt$$		# prefix of every container name
declare -A BG T0 TOOK JSON	# per container: runner PID, start and run time
				# (ms), bwrap's status file
CONTAINERS=()		# "runtime id" of every container ever started

now_us() { echo "${EPOCHREALTIME/./}"; }

# is PID COMM: PID is alive and is COMM (not a process that reused the PID).
is() {
	[ -n "$1" ] && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] &&
		! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

# await_end PID NAME SECS: waits up to SECS for PID, running NAME, to end.
await_end() {
	local _
	for _ in $(seq $(($3 * 10))); do
		is "$1" "$2" || return 0
		sleep 0.1
	done
	return 1
}

# --------------------------------------------------------------- cleanup

# The exit trap's: every container, dockerd, containerd and podman's pods
# and images, each stopped by PID or by its runtime, then the folder.
cleanup() {
	local c pid
	# A second signal must not cut the cleanup short: timeout(1) sends its
	# TERM to the suite and again to the suite's process group.
	trap '' INT TERM HUP
	for pid in "${BG[@]}"; do kill -KILL "$pid" 2>/dev/null; done
	for c in "${CONTAINERS[@]}"; do
		set -- $c
		case $1 in
		runc) timeout -k 2 10 "${RUNC[@]}" delete -f "$2" ;;
		crun) timeout -k 2 10 "${CRUN[@]}" delete -f "$2" ;;
		podman) timeout -k 2 20 "${PODMAN[@]}" rm -f -t 0 "$2" ;;
		esac >/dev/null 2>&1
	done
	stop_dockerd
	stop_containerd
	podman_clean
	rm -rf "$WORK"
}

# reap SOCK NAMESPACE CGROUP DIR: once the containerd at SOCK is stopped,
# KILL by PID the shims that name its socket (and remove the socket a
# killed shim leaves in /run/containerd/s, named as containerd names it:
# sha256 of ADDRESS/NAMESPACE/ID), then whatever is left in cgroup CGROUP;
# remove that cgroup and unmount what is left under DIR.
reap() {
	local sock=$1 ns=$2 cg=$3 dir=$4 f pid d _
	for f in $(grep -lsaF -- "$sock" /proc/[0-9]*/cmdline); do
		pid=${f#/proc/} pid=${pid%/cmdline}
		case $(cat "/proc/$pid/comm") in containerd-shim*) ;; *) continue ;; esac
		d=$(tr '\0' '\n' <"$f" | sed -n '/^-id$/{n;p;q}')
		kill -KILL "$pid"
		d=/run/containerd/s/$(printf '%s' "$sock/$ns/$d" | sha256sum | cut -d' ' -f1)
		[ ! -S "$d" ] || rm -f "$d"
	done 2>/dev/null
	for f in /sys/fs/cgroup/"$cg"/*/cgroup.procs /sys/fs/cgroup/*/"$cg"/*/cgroup.procs; do
		[ -f "$f" ] || continue
		for pid in $(cat "$f"); do kill -KILL "$pid"; done
	done 2>/dev/null
	for d in /sys/fs/cgroup/"$cg" /sys/fs/cgroup/*/"$cg"; do
		for _ in $(seq 50); do
			[ -d "$d" ] || break
			rmdir "$d"/*/ "$d" 2>/dev/null || sleep 0.1
		done
	done
	findmnt -rn -o TARGET | grep "^$dir/" | sort -r | while read -r d; do
		umount "$d" 2>/dev/null || umount -l "$d"
	done
}

# all_gone WHAT DIR [LEFT]...: the check that a daemon, once stopped, left
# nothing: LEFT (from leftovers) is empty, and its folder DIR goes.
all_gone() {
	local what=$1 dir=$2
	shift 2
	rm -rf "$dir" 2>/dev/null
	[ ! -e "$dir" ] || set -- "$@" "$dir cannot be removed"
	if [ $# -eq 0 ]; then
		ok "$what"
	else
		bad "$what" "$@"
	fi
}

# leftovers TAG DIR CGROUP [FOLDER]...: a line for each process whose
# command line names DIR, each mount under DIR, and cgroup CGROUP and each
# FOLDER if there.  TAG names the pattern file, $WORK/TAG.pattern.
leftovers() {
	local pattern=$WORK/$1.pattern dir=$2 cg=$3 f d
	shift 3
	# The pattern from a file, or grep would find itself.
	echo "$dir/" >"$pattern"
	for f in $(grep -lsaFf "$pattern" /proc/[0-9]*/cmdline); do
		echo "process ${f//[!0-9]/}: $(tr '\0' ' ' 2>/dev/null <"$f")"
	done
	while read -r d; do echo "mount $d"; done < <(findmnt -rn -o TARGET | grep "^$dir/")
	for d in /sys/fs/cgroup/"$cg" /sys/fs/cgroup/*/"$cg" "$@"; do
		[ ! -e "$d" ] || echo "$d"
	done
}

# ---------------------------------------------------------------- install

install_missing() {
	local want=() pair log=$WORK/apt.log
	for pair in runc:runc jq:jq podman:podman bwrap:bubblewrap crun:crun \
		unshare:util-linux nsenter:util-linux findmnt:util-linux \
		pgrep:procps dockerd:docker.io /usr/bin/docker:docker.io \
		containerd:containerd ctr:containerd; do
		command -v "${pair%%:*}" >/dev/null || want+=("${pair#*:}")
	done
	# the CRI client's gRPC, Debian's (for Debian's python3)
	python3 -c 'import grpc' 2>/dev/null || /usr/bin/python3 -c 'import grpc' 2>/dev/null ||
		want+=(python3-grpcio)
	dpkg-query -W -f '${Status}' busybox-static 2>/dev/null |
		grep -q 'ok installed' || want+=(busybox-static)
	[ ${#want[@]} -gt 0 ] || return 0
	mapfile -t want < <(printf '%s\n' "${want[@]}" | sort -u)
	if ! command -v apt-get >/dev/null; then
		echo "# no apt-get: cannot install ${want[*]}"
		return 0
	fi
	echo "# installing: ${want[*]}"
	export DEBIAN_FRONTEND=noninteractive
	timeout -k 5 600 apt-get install -y -q "${want[@]}" </dev/null >"$log" 2>&1 && return 0
	timeout -k 5 300 apt-get update -q </dev/null >>"$log" 2>&1
	timeout -k 5 600 apt-get install -y -q "${want[@]}" </dev/null >>"$log" 2>&1 && return 0
	# One at a time, so that one missing package costs only its runtime.
	for pair in "${want[@]}"; do
		timeout -k 5 600 apt-get install -y -q "$pair" </dev/null >>"$log" 2>&1 ||
			echo "# unable to install $pair: $(tail -n 1 "$log")"
	done
}

# --------------------------------------------------------------- rootfs

# $WORK/ctx is the podman build context: init, and rootfs/ (busybox, its
# applet links, the test programs in /t, and init copied to /init).
make_rootfs() {
	rootfs_tree || return 1
	progs_pid1
	progs_zombies
	progs_orphans
	progs_signals
	# A program that cannot be executed: no x bit.
	echo 'echo should not run' >"$WORK/ctx/rootfs/t/noexec" &&
		chmod 644 "$WORK/ctx/rootfs/t/noexec"
}

# rootfs_tree: busybox, its applet links, init as /init, and init beside
# rootfs/ for podman's COPY.
rootfs_tree() {
	local r=$WORK/ctx/rootfs bb a
	bb=$(dpkg -L busybox-static 2>/dev/null | grep -m1 '/bin/busybox$') || return 1
	mkdir -p "$r"/bin "$r"/t "$r"/proc "$r"/sys "$r"/dev "$r"/tmp "$r"/etc || return 1
	cp "$bb" "$r/bin/busybox" || return 1
	for a in $("$r/bin/busybox" --list); do
		case $a in busybox | init | linuxrc) continue ;; esac
		ln -s busybox "$r/bin/$a"
	done
	cp "$INIT" "$r/init" && cp "$INIT" "$WORK/ctx/init" || return 1
}

# prog NAME: a /bin/sh script from stdin, as /t/NAME of the rootfs.
prog() {
	local f=$WORK/ctx/rootfs/t/$1
	{ echo '#!/bin/sh'; cat; } >"$f" && chmod 755 "$f"
}

# Who PID 1 is, and how a program ends on TERM.
progs_pid1() {
	# Who PID 1 is; whether this program may see its executable (init is
	# not dumpable: only with CAP_SYS_PTRACE, bit 19); after "---", what
	# PID 1's binary says it is.
	prog pid1 <<-'EOF'
		exe=$(tr '\0' '\n' </proc/1/cmdline | head -n 1)
		echo "exe=$exe"
		echo "cmdline=$(tr '\0' ' ' </proc/1/cmdline)"
		echo "ppid=$(sed -n 's/^PPid:[[:space:]]*//p' /proc/$$/status)"
		cap=$(sed -n 's/^CapEff:[[:space:]]*//p' /proc/$$/status)
		if [ $((0x$cap >> 19 & 1)) = 1 ]; then echo ptrace=yes; else echo ptrace=no; fi
		readlink /proc/1/exe >/dev/null 2>&1 && echo pid1-exe=visible || echo pid1-exe=hidden
		echo ---
		"$exe" --version
	EOF
	# Trap TERM and exit with $1.
	prog trap <<-'EOF'
		trap "exit $1" TERM
		sleep 60 &
		echo ready
		wait
	EOF
	# Trap nothing: TERM ends it (143).
	prog sleeper <<-'EOF'
		echo ready
		exec sleep 60
	EOF
}

# The zombie count, and the orphan it is run for.
progs_zombies() {
	# Count this PID namespace's zombies: a line for each, then zombies=N.
	prog zombies <<-'EOF'
		n=0
		for s in /proc/[0-9]*/status; do
			name= state= ppid=
			{ while read -r k v rest; do
				case $k in
				Name:) name=$v ;; State:) state=$v ;; PPid:) ppid=$v ;;
				esac
			done <"$s"; } 2>/dev/null
			if [ "$state" = Z ]; then
				n=$((n + 1))
				echo "zombie: ${s%/status} $name, parent $ppid"
			fi
		done
		echo "zombies=$n"
	EOF
	# An orphan-to-be: wait until file $1 exists, then exit.
	prog linger <<-'EOF'
		while [ ! -e "$1" ]; do sleep 0.05; done
	EOF
	# ended PID: wait until PID is gone or a zombie (10 s at most), then
	# give its reaper a moment.
	prog ended <<-'EOF'
		i=0
		while [ $i -lt 200 ]; do
			case $(sed -n 's/^State:[[:space:]]*//p' /proc/$1/status 2>/dev/null) in
			'' | Z*) break ;;
			esac
			sleep 0.05
			i=$((i + 1))
		done
		sleep 0.5
	EOF
	# reaped PID FILE: show PID's parent, tell it to exit (FILE), wait
	# until it ended, count zombies.
	prog reaped <<-'EOF'
		echo "orphan-ppid=$(sed -n 's/^PPid:[[:space:]]*//p' /proc/$1/status)"
		: >"$2"
		/t/ended "$1"
		/t/zombies
	EOF
}

# Orphans: under init as PID 1, and under init as a subreaper.
progs_orphans() {
	# Leave a double-forked orphan: show that it was re-parented to PID 1,
	# and count zombies once it has exited.
	prog orphan <<-'EOF'
		echo "me=$$"
		o=$(/t/linger /tmp/go.$$ </dev/null >/dev/null 2>&1 & echo $!)
		/t/reaped $o /tmp/go.$$
	EOF
	# Run by init that is not PID 1 (--pid=host): who init is, whether
	# this PID namespace is the host's, then an orphan: was init its
	# subreaper, and is any zombie left whose parent is init?
	prog subreaper <<-'EOF'
		init=$PPID
		echo "init-comm=$(cat /proc/$init/comm)"
		[ "$init" = 1 ] && echo init-is-pid1 || echo init-is-not-pid1
		ps -o pid,comm | sed 's/^ */ps: /'
		o=$(/t/linger /tmp/go.$$ </dev/null >/dev/null 2>&1 & echo $!)
		p=$(sed -n 's/^PPid:[[:space:]]*//p' /proc/$o/status)
		[ "$p" = "$init" ] && echo orphan-parent=init || echo "orphan-parent=$p"
		: >/tmp/go.$$
		/t/ended $o
		ps -o pid,ppid,stat,comm | awk -v p="$init" '$2 == p && $3 ~ /^Z/ { print "zombie: " $0 }'
		echo "zombies-of-init=$(ps -o ppid,stat | awk -v p="$init" '$1 == p && $2 ~ /^Z/' | wc -l)"
	EOF
}

# Signals: from the terminal, in a grace period, from docker kill.
progs_signals() {
	# Say whether this program leads the foreground process group of its
	# terminal, then exit 33 on INT.
	prog tty <<-'EOF'
		set -- $(cut -d' ' -f5,8 /proc/$$/stat)
		[ "$1" = $$ ] && [ "$2" = $$ ] && echo fg=yes || echo "fg=no: pid $$ pgrp $1 tpgid $2"
		trap "echo got INT; exit 33" INT
		sleep 60 &
		echo ready
		wait
	EOF
	# Main child for --grace: leave two stragglers and exit 3.  One cleans
	# up on TERM and says so; one ignores TERM and must be KILLed.
	prog stragglers <<-'EOF'
		sh -c 'trap "echo straggler: TERM, cleaned up; exit 0" TERM
			: >/tmp/r1; while :; do sleep 0.1; done' </dev/null &
		sh -c 'trap "" TERM; : >/tmp/r2; exec sleep 60' </dev/null >/dev/null 2>&1 &
		n=0
		while [ ! -e /tmp/r1 ] || [ ! -e /tmp/r2 ]; do
			n=$((n + 1)); [ $n -lt 200 ] || exit 99
			sleep 0.05
		done
		echo stragglers ready
		exit 3
	EOF
	# Say which of HUP and USR1 arrived; USR1 ends it with 10.
	prog sigs <<-'EOF'
		trap "echo got HUP" HUP
		trap "echo got USR1; exit 10" USR1
		echo ready
		while :; do sleep 0.1; done
	EOF
}

# release_image: init's release image archive (release/image) of this
# init, in $WORK/init-oci.tar, for each runtime to load as a user would;
# else RELEASE_WHY says why there is none (an amd64 static build only).
RELEASE_TAR='' RELEASE_WHY=''
release_image() {
	if [ "$(uname -m)" != x86_64 ]; then
		RELEASE_WHY="the suite makes the amd64 image only"
	elif RELEASE_WHY=$("$SRC/release/image" "$WORK/init-oci.tar" --version test --epoch 0 \
		amd64="$INIT" 2>&1); then
		RELEASE_TAR=$WORK/init-oci.tar
	fi
}

# t_release RUNTIME LOAD... -- RUN...: the release image archive loaded as
# a user would, then run with a command through its ENTRYPOINT ["/init",
# "--"]: init runs `/init --version` as its program, whose line comes out.
t_release() {
	local rt=$1 load=() run=() t0
	shift
	while [ "$1" != -- ]; do load+=("$1"); shift; done
	shift
	run=("$@")
	if [ -z "$RELEASE_TAR" ]; then
		skip "$rt: the release image: $RELEASE_WHY"
		return
	fi
	t0=$(now_us)
	{ "${load[@]}" && "${run[@]}"; } >"$WORK/release-$rt.out" 2>"$WORK/release-$rt.err"
	RC=$? TOOK[release-$rt]=$((($(now_us) - t0) / 1000))
	expect release-$rt "the release image (release/image) loads and runs a command through its ENTRYPOINT" \
		eval '[ $RC = 0 ] && has release-$rt "$version"'
}

# -------------------------------------------------------------- drivers
#
# A container is started by name in a mode: "init" runs the program under
# init as PID 1, "bare" runs it as PID 1 itself (the controls); podman has
# "copy-from" too, the image that examples/Containerfile's comment makes.
#   ct_start RT NAME MODE SECS [-o INITOPT]... [-e K=V]... -- PROG [ARG]...
# starts it in the background, its stdout/stderr in $WORK/NAME.out/.err;
# ct_wait NAME sets RC and MS (milliseconds it ran); ct_run does both.

# json_array WORD...: a JSON array of the words.  jq 1.6 takes words after
# --args that look like its options (-c, --), so each goes in behind an "x".
json_array() {
	jq -n -c '$ARGS.positional | map(.[1:])' --args "${@/#/x}"
}

# bundle NAME ARGS...: a runc/crun bundle in $WORK/b/NAME running ARGS.
bundle() {
	local name=$1
	shift
	mkdir -p "$WORK/b/$name" || return 1
	jq --arg root "$WORK/ctx/rootfs" \
		--argjson args "$(json_array "$@")" \
		--argjson env "$(json_array "${ENVS[@]}")" '
		.root = {path: $root, readonly: true}
		| .process.terminal = false
		| .process.args = $args
		| .process.env += $env
		| .mounts += [{destination: "/tmp", type: "tmpfs", source: "tmpfs",
			options: ["nosuid", "nodev", "mode=1777"]}]' \
		"$WORK/spec.json" >"$WORK/b/$name/config.json"
}

# oci_cmd: runc's or crun's command line (for ct_start), on a bundle of
# its own.
oci_cmd() {
	bundle "$name" "${argv[@]}" || return 1
	if [ $rt = runc ]; then cmd=("${RUNC[@]}"); else cmd=("${CRUN[@]}"); fi
	cmd+=(run -b "$WORK/b/$name" "$id")
	CONTAINERS+=("$rt $id")
}

# The runtime's command line is its RT_cmd's (oci_cmd for runc and crun),
# which sees these locals (rt name mode id opts argv, and ENVS), has PROG
# ARG... as its arguments and sets cmd.
ct_start() {
	local rt=$1 name=$2 mode=$3 secs=$4 id=$ID-$2
	local opts=() argv=() cmd=()
	ENVS=()
	shift 4
	while [ $# -gt 0 ]; do
		case $1 in
		-o) opts+=("$2"); shift 2 ;;
		-e) ENVS+=("$2"); shift 2 ;;
		--) shift; break ;;
		esac
	done
	if [ "$mode" = init ]; then
		argv=(/init "${opts[@]}" -- "$@")
	else
		argv=("$@")
	fi
	case $rt in
	runc | crun) oci_cmd ;;
	bwrap) bwrap_cmd ;;
	unshare) unshare_cmd ;;
	podman | podman-init) podman_cmd "$@" ;;
	docker) docker_cmd "$@" ;;
	esac || return 1
	ct_launch "$rt" "$name" "$secs" "${cmd[@]}"
}

# ct_launch RT NAME SECS CMD...: CMD in the background, bounded by SECS.
ct_launch() {
	local rt=$1 name=$2 secs=$3 e
	shift 3
	local cmd=("$@")
	# TTY names the runner's input: script(1) gives it a terminal.
	[ -z "${TTY-}" ] || cmd=(env SHELL="$BASH" script -qec "$(printf '%q ' "${cmd[@]}")" /dev/null)
	JSON[$name]=$WORK/$name.json
	: >"$WORK/$name.out"
	rm -f "$WORK/$name.res"
	T0[$name]=$(now_us)
	# fd 3 is bwrap's --json-status-fd; CLOSE lists the standard streams
	# that the runtime (and through it PID 1) is to start without.
	(
		[ $rt = bwrap ] || exec 3>&-
		for e in ${CLOSE-}; do eval "exec $e>&-"; done
		exec timeout -k 2 "$secs" "${cmd[@]}"
	) <"${TTY:-/dev/null}" >"$WORK/$name.out" 2>"$WORK/$name.err" \
		3>"${JSON[$name]}" &
	BG[$name]=$!
}

ct_wait() {
	local name=$1 r
	wait "${BG[$name]}"
	RC=$?
	MS=$((($(now_us) - T0[$name]) / 1000))
	TOOK[$name]=$MS
	unset "BG[$name]"
	remove "$name"
	# Docker: MS is how long the container ran, as dockerd saw it; the
	# client's own work (create, attach, start) varies by a second and
	# more on a busy machine.
	[ $RT != docker ] || { r=$(ran "$name") && [ "${r:--1}" -lt 0 ] || MS=$r; }
}

ct_run() {
	ct_start "$@" && ct_wait "$2"
}

# remove NAME: delete the container now, not only at exit.  Docker's is
# first asked how it ended (state, exit code, how long it ran), into NAME.res.
remove() {
	local id=$ID-$1
	[ $RT != docker ] || docker_state "$1" >>"$WORK/$1.res"
	case $RT in
	runc) timeout -k 2 10 "${RUNC[@]}" delete -f "$id" ;;
	crun) timeout -k 2 10 "${CRUN[@]}" delete -f "$id" ;;
	podman*) timeout -k 2 20 "${PODMAN[@]}" rm -f -t 0 "$id" ;;
	docker) dk rm -f "$id" ;;
	esac >/dev/null 2>&1
}

# ct_signal NAME SIG: TERM the runtime's way (podman, docker: stop), or
# send SIG.
ct_signal() {
	local id=$ID-$1 pid t
	case $RT in
	runc) timeout -k 2 10 "${RUNC[@]}" kill "$id" "$2" ;;
	crun) timeout -k 2 10 "${CRUN[@]}" kill "$id" "$2" ;;
	bwrap) pid=$(bwrap_pid "$1") && kill -s "$2" "$pid" ;;
	podman*)
		if [ "$2" = TERM ]; then
			timeout -k 2 20 "${PODMAN[@]}" stop -t 10 "$id"
		else
			timeout -k 2 20 "${PODMAN[@]}" kill -s "$2" "$id"
		fi ;;
	docker)
		# docker stop: TERM, KILL after STOP_T seconds (Docker's 10);
		# STOP_MS is how long it took.
		if [ "$2" = TERM ]; then
			t=$(now_us)
			dk stop -t "${STOP_T:-10}" "$id"
			STOP_MS=$((($(now_us) - t) / 1000))
		else
			dk kill -s "$2" "$id"
		fi ;;
	esac >>"$WORK/$1.err" 2>&1
}

# ct_exec NAME PROG [ARG]...: run PROG inside, stdout in $WORK/NAME.exec.
ct_exec() {
	local name=$1 id=$ID-$1 pid
	shift
	case $RT in
	runc) timeout -k 2 10 "${RUNC[@]}" exec "$id" "$@" ;;
	crun) timeout -k 2 10 "${CRUN[@]}" exec "$id" "$@" ;;
	bwrap) pid=$(bwrap_pid "$name") &&
		timeout -k 2 10 nsenter -t "$pid" -p -m "$@" ;;
	podman*) timeout -k 2 20 "${PODMAN[@]}" exec "$id" "$@" ;;
	docker) dk exec "$id" "$@" ;;
	esac </dev/null >"$WORK/$name.exec" 2>>"$WORK/$name.err"
}

# ready NAME [WORD]: wait up to 10 s until the container printed WORD.
ready() {
	local _
	for _ in $(seq 200); do
		grep -q "${2:-ready}" "$WORK/$1.out" && return 0
		kill -0 "${BG[$1]}" 2>/dev/null || break
		sleep 0.05
	done
	grep -q "${2:-ready}" "$WORK/$1.out"
}

# ---------------------------------------------------------------- checks

t_pid1() {
	local exe=/init
	case $RT in
	podman-init) exe=/run/podman-init ;;
	docker) exe=/sbin/docker-init ;;
	esac
	ct_run $RT pid1 init 20 -- /t/pid1
	expect pid1 "PID 1 is init ($exe -- /t/pid1), the program its child; without CAP_SYS_PTRACE it cannot see PID 1's executable" eval \
		'[ $RC = 0 ] && has pid1 "exe=$exe" && has pid1 ppid=1 &&
		has pid1 "cmdline=$exe -- /t/pid1 " &&
		{ has pid1 ptrace=yes || has pid1 pid1-exe=hidden; } &&
		[ "$(sed "1,/^---\$/d" "$WORK/pid1.out")" = "$version" ]'
}

t_status() {
	ct_run $RT exit7 init 20 -- sh -c 'exit 7'
	expect exit7 "exit 7 is the runtime's exit status 7" test $RC = 7
	ct_run $RT kill9 init 20 -- sh -c 'kill -KILL $$'
	expect kill9 "a program killed by KILL is 137" test $RC = 137
}

# Docker's stop is timed: it must end in under a second, where a PID 1
# that ignores TERM (the control: a shell, without init) takes the whole
# stop timeout and is KILLed.
t_term() {
	local how="$RT kill TERM" took=
	case $RT in
	bwrap) how="kill -TERM (PID from --json-status-fd)" ;;
	podman*) how="podman stop" ;;
	docker) how="docker stop" took=1 ;;
	esac
	STOP_MS=
	ct_start $RT trap init 30 -- /t/trap 42
	ready trap && ct_signal trap TERM
	ct_wait trap
	expect trap "$how reaches a program that traps TERM (its code 42${took:+; stop took ${STOP_MS}ms})" \
		eval '[ $RC = 42 ] && { [ -z "$took" ] || [ "${STOP_MS:-1000}" -lt 1000 ]; }'
	STOP_MS=
	ct_start $RT sleeper init 30 -- /t/sleeper
	ready sleeper && ct_signal sleeper TERM
	ct_wait sleeper
	expect sleeper "$how ends a program that does not trap it (143${took:+; stop took ${STOP_MS}ms})" \
		eval '[ $RC = 143 ] && { [ -z "$took" ] || [ "${STOP_MS:-1000}" -lt 1000 ]; }'
	[ $RT = docker ] || return 0
	STOP_MS=
	ct_start $RT stop-ctl bare 30 -- sh -c 'echo ready; sleep 60; exit 0'
	ready stop-ctl && STOP_T=2 ct_signal stop-ctl TERM
	ct_wait stop-ctl
	expect stop-ctl "control: a shell as PID 1 without init ignores TERM: docker stop -t 2 waits and KILLs (137; stop took ${STOP_MS}ms)" \
		eval '[ $RC = 137 ] && [ "${STOP_MS:-0}" -ge 2000 ]'
}

t_orphan() {
	ct_run $RT orphan init 20 -- /t/orphan
	# me=1 would be the program as PID 1, reaping its own orphans.
	expect orphan "a double-forked orphan is re-parented to init and reaped" \
		eval '[ $RC = 0 ] && lacks orphan me=1 && has orphan orphan-ppid=1 &&
		has orphan zombies=0'
	[ -n "${CONTROL-}" ] || return 0
	ct_start $RT orphan-ctl bare 20 -- sh -c '/t/orphan & exec sleep 15'
	ready orphan-ctl zombies=
	ct_signal orphan-ctl KILL
	ct_wait orphan-ctl
	expect orphan-ctl "control: under a non-reaping PID 1 (exec sleep) the same check finds a zombie" \
		eval 'has orphan-ctl orphan-ppid=1 && grep -q "^zombies=[1-9]" "$WORK/orphan-ctl.out"'
}

# leave_orphan NAME: with the runtime's exec, run a process that exits at
# once, leaving an orphan behind; record in NAME.res who its parent was
# and what the zombie check saw after it exited.
leave_orphan() {
	local name=$1 pid
	ct_exec "$name" sh -c '/t/linger /tmp/go </dev/null >/dev/null 2>&1 & echo $!'
	pid=$(cat "$WORK/$name.exec")
	ct_exec "$name" /t/reaped "$pid" /tmp/go
	cat "$WORK/$name.exec" >>"$WORK/$name.res"
}

exec_how() {
	case $RT in
	bwrap) echo nsenter ;;
	podman*) echo "podman exec" ;;
	*) echo "$RT exec" ;;
	esac
}

# state_where NAME: where the runtime keeps running container NAME's
# state: "inside" ($WORK) and "outside" (/run/runc, /run/crun) if found
# there.  runc, crun and podman's runc only: dockerd keeps runc's under its
# own exec root, bwrap keeps none.
state_where() {
	local id=$ID-$1 root
	case $RT in
	runc | crun) root=$WORK/$RT ;;
	podman*) root=$WORK/podman/runc
		id=$(timeout -k 2 20 "${PODMAN[@]}" inspect -f '{{.Id}}' "$id" 2>/dev/null) ;;
	*) return ;;
	esac
	[ -n "$id" ] || return
	[ ! -e "$root/$id" ] || echo inside
	[ ! -e "/run/runc/$id" ] && [ ! -e "/run/crun/$id" ] || echo outside
}

t_exec_orphan() {
	local name where
	for name in exec exec-ctl; do
		[ $name = exec ] || [ -n "${CONTROL-}" ] || break
		ct_start $RT $name "$([ $name = exec ] && echo init || echo bare)" 30 -- /t/sleeper
		ready $name && leave_orphan $name
		[ $name = exec ] && where=$(state_where $name)
		ct_signal $name KILL
		ct_wait $name
	done
	expect exec "$(exec_how) of a process that leaves an orphan leaves no zombie" \
		eval 'has exec orphan-ppid=1 && has exec zombies=0'
	case $RT in runc | crun | podman*)
		echo "state: ${where:-nowhere}" >>"$WORK/exec.res"
		expect exec "$RT keeps a running container's state in the suite's folder, none in /run/runc or /run/crun" \
			test "$where" = inside ;;
	esac
	[ -n "${CONTROL-}" ] || return 0
	expect exec-ctl "control: the same under a non-reaping PID 1 (exec sleep) leaves a zombie" \
		eval 'has exec-ctl orphan-ppid=1 && grep -q "^zombies=[1-9]" "$WORK/exec-ctl.res"'
}

# --pause, as a pod's infra process: no program, reaps what is re-parented
# to it, exits 0 on TERM.
t_pause() {
	local _
	if [ $RT = podman-init ]; then
		skip "$RT: --pause: podman --init gives init no options"
		return
	fi
	ct_start $RT pause init 30 -o --pause --
	for _ in $(seq 50); do
		ct_exec pause true && break
		sleep 0.1
	done
	leave_orphan pause
	ct_signal pause TERM
	ct_wait pause
	expect pause "--pause reaps an orphan left by $(exec_how) and exits 0 on TERM" \
		eval '[ $RC = 0 ] && has pause orphan-ppid=1 && has pause zombies=0'
}

# With a terminal, the program leads the foreground process group, so the
# terminal's Ctrl-C reaches it (docker run -it img /init -- bash).
t_tty() {
	local fd
	case $RT in
	runc | crun)
		skip "$RT: terminal: needs a --console-socket receiver; podman has one"
		return ;;
	esac
	if ! command -v script >/dev/null; then
		skip "$RT: terminal: no script(1) to make one"
		return
	fi
	rm -f "$WORK/tty.in"
	mkfifo "$WORK/tty.in" && exec {fd}<>"$WORK/tty.in" || return
	TTY=$WORK/tty.in ct_start $RT tty init 30 -- /t/tty
	ready tty && printf '\003' >&$fd
	ct_wait tty
	exec {fd}>&-
	expect tty "on a terminal the program is the foreground group and gets its Ctrl-C" \
		eval '[ $RC = 33 ] && has tty fg=yes && says tty "got INT"'
}

t_grace() {
	local grace=(-o -t -o 3) how="-t 3"
	case $RT in podman* | docker) grace=(-e INIT_GRACE=3) how="INIT_GRACE=3" ;; esac
	ct_run $RT grace init 30 "${grace[@]}" -- /t/stragglers
	expect grace "$how: stragglers get TERM, a TERM-ignoring one KILL after 3 s; status 3 kept" \
		eval '[ $RC = 3 ] && has grace "straggler: TERM, cleaned up" &&
		[ $MS -ge 3000 ] && [ $MS -lt 13000 ]'
	# shellcheck disable=SC2034 # used in the eval below
	local with=$MS
	ct_run $RT nograce init 30 -- /t/stragglers
	expect nograce "without a grace period init exits at once and the stragglers get no TERM" \
		eval '[ $RC = 3 ] && has nograce "stragglers ready" &&
		lacks nograce "straggler: TERM" && [ $MS -le $((with - 1500)) ]'
}

suite() {
	local t0
	t0=$(now_us)
	RT=$1
	t_pid1
	t_status
	t_term
	t_orphan
	t_exec_orphan
	t_pause
	t_grace
	t_tty
	echo "# $RT: $((($(now_us) - t0) / 1000)) ms"
}

# probe RT: can RT run a container at all?  Else print why not.
probe() {
	RT=$1
	ct_run $RT probe bare 30 -- /bin/true
	[ $RC = 0 ] && return 0
	REASON="$(tail -n 1 "$WORK/probe.err") (exit $RC)"
	return 1
}
