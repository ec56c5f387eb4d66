# shellcheck shell=bash
# SPDX-License-Identifier: MIT
#
# Docker through a private dockerd: the checks every runtime gets with
# `docker run --init` (dockerd --init-path), then Docker's own, each with
# its control where one can fail it; and that stopping dockerd leaves
# nothing.  Sourced by tests/runtimes/run.

# Docker: a private dockerd whose every file is in $WORK/d (the socket path
# kept short: unix socket paths end at 108 bytes), its containers in a cgroup
# and a containerd namespace named $ID.  Debian's client, explicitly: another
# docker may come first in PATH.  A private client config, and the classic
# builder, which takes FROM from local images without asking a registry.
DK=$WORK/d
DOCKER=(env DOCKER_CONFIG="$DK/client" DOCKER_BUILDKIT=0 /usr/bin/docker
	-H "unix://$DK/s")
DOCKERD=		# the timeout(1) that runs dockerd, dockerd, and
DOCKERD_PID=		# the containerd it started (none when it uses one
CONTAINERD_PID=		# that was already running: OTHER_CONTAINERD=1)
OTHER_CONTAINERD=
DOCKER_OPTS=()		# more `docker run` options for the next container
# What dockerd and containerd create outside their own folders, children
# first; those missing before dockerd starts are removed (if empty) after.
HOST_DIRS=(/run/docker/plugins /run/docker /run/containerd/s /run/containerd
	/opt/containerd/bin /opt/containerd/lib /opt/containerd)
NEW_DIRS=()
SYSTEM_CONTAINERD=/run/containerd/containerd.sock	# where dockerd looks first

# dk ARG...: the private dockerd's client, bounded (DK_T seconds, 30).
dk() { timeout -k 2 "${DK_T:-30}" "${DOCKER[@]}" "$@"; }

# docker_cmd PROG [ARG]...: docker run's command line (for ct_start).
docker_cmd() {
	local e
	# `--init` has dockerd inject init (its --init-path); options
	# cannot reach it but through the environment, so a container
	# with -o runs the image's /init instead.
	cmd=("${DOCKER[@]}" run --name "$id" --network none
		${DOCKER_OPTS[@]+"${DOCKER_OPTS[@]}"})
	[ -z "${TTY-}" ] || cmd+=(-it)
	for e in "${ENVS[@]}"; do cmd+=(-e "$e"); done
	if [ $mode != init ]; then
		cmd+=("initrt-$mode")	# bare, image, grace, copy-from
	elif [ ${#opts[@]} -gt 0 ]; then
		cmd+=(--entrypoint /init initrt-image "${opts[@]}" --)
	else
		cmd+=(--init initrt-bare)
	fi
	cmd+=("$@")	# stop_dockerd removes every container
}

# docker_state NAME: "state=S exit=N ran=MSms" as dockerd saw it.
docker_state() {
	local st code t0 t1
	read -r st code t0 t1 < <(dk inspect -f \
		'{{.State.Status}} {{.State.ExitCode}} {{.State.StartedAt}} {{.State.FinishedAt}}' \
		"$ID-$1" 2>/dev/null)
	# ran=-1: not finished, or not known
	if [ -n "$t1" ] && t0=$(date -d "$t0" +%s%3N) && t1=$(date -d "$t1" +%s%3N); then
		t1=$((t1 >= t0 ? t1 - t0 : -1))
	else
		t1=-1
	fi 2>/dev/null
	echo "state=$st exit=$code ran=${t1}ms"
}

# start_dockerd: a private dockerd pointed at a copy of init (--init-path),
# every path of its own under $DK, its own config file (so the host's
# daemon.json cannot change it).  It starts a containerd of its own, or uses
# the one that already runs at containerd's default address (systemd's
# containerd.service): that one is not ours to stop.  Else REASON says why.
start_dockerd() {
	local d _
	if [ ${#DK} -gt 70 ]; then	# x/containerd/containerd.sock.ttrpc: 38 more
		REASON="the temporary folder's path is too long for dockerd's sockets: $DK"
		return 1
	fi
	mkdir -p "$DK/client" "$DK/ctx" && cp "$INIT" "$DK/init" || {
		REASON="cannot set up $DK"
		return 1
	}
	dockerd_config
	NEW_DIRS=()
	for d in "${HOST_DIRS[@]}"; do [ -e "$d" ] || NEW_DIRS+=("$d"); done
	timeout -k 10 1800 dockerd --config-file "$DK/daemon.json" \
		--data-root "$DK/data" --exec-root "$DK/x" --pidfile "$DK/pid" \
		-H "unix://$DK/s" --storage-driver vfs --iptables=false \
		--ip6tables=false --bridge=none --init-path "$DK/init" \
		--exec-opt native.cgroupdriver=cgroupfs --cgroup-parent "/$ID" \
		--containerd-namespace "$ID" \
		--containerd-plugins-namespace "$ID-plugins" \
		</dev/null >"$DK/dockerd.log" 2>&1 &
	DOCKERD=$!
	for _ in $(seq 300); do
		DK_T=5 dk version >/dev/null 2>&1 && break
		is "$DOCKERD" timeout || break
		sleep 0.1
	done
	DOCKERD_PID=$(cat "$DK/pid" 2>/dev/null)
	if ! is "$DOCKERD_PID" dockerd || ! DK_T=5 dk version >/dev/null 2>&1; then
		REASON=$(grep -v 'level=info' "$DK/dockerd.log" | tail -n 1)
		return 1
	fi
	dockerd_containerd
}

# Docker before 23 writes a key.json, by default in /etc/docker.
dockerd_config() {
	local major
	major=$(timeout -k 2 10 dockerd --version 2>/dev/null | sed -n 's/^Docker version \([0-9]*\)\..*/\1/p')
	if [ "${major:-0}" -lt 23 ]; then
		printf '{"deprecated-key-path": "%s"}\n' "$DK/key.json"
	else
		echo '{}'
	fi >"$DK/daemon.json"
}

# dockerd_containerd: the containerd dockerd started, by PID, or else
# OTHER_CONTAINERD=1: one that was already running.
dockerd_containerd() {
	CONTAINERD_PID=$(pgrep -P "$DOCKERD_PID" -x containerd)
	if [ -n "$CONTAINERD_PID" ]; then
		echo "# docker: dockerd $DOCKERD_PID, its containerd $CONTAINERD_PID"
	else
		OTHER_CONTAINERD=1
		echo "# docker: dockerd $DOCKERD_PID uses a containerd that was already running (not ours to stop)"
	fi
}

# stop_dockerd: remove every container, stop dockerd (which stops the
# containerd it started), then make sure, by PID, that neither they nor a
# shim nor a container process outlives the suite, and leave no mount,
# cgroup or folder behind.
stop_dockerd() {
	local ids d
	[ -n "$DOCKERD" ] || return 0
	if is "$DOCKERD_PID" dockerd; then
		ids=$(dk ps -aq 2>/dev/null)
		[ -z "$ids" ] || dk rm -f $ids >/dev/null 2>&1
		kill -TERM "$DOCKERD_PID"
	elif is "$DOCKERD" timeout; then
		kill -TERM "$DOCKERD"	# timeout(1) passes it on
	fi
	await_end "$DOCKERD" timeout 20
	is "$DOCKERD_PID" dockerd && kill -KILL "$DOCKERD_PID"
	wait "$DOCKERD" 2>/dev/null
	await_end "$CONTAINERD_PID" containerd 10 || kill -KILL "$CONTAINERD_PID"
	# The shims that name our containerd's socket, our cgroups, our mounts.
	reap "$DK/x/containerd/containerd.sock" "$ID" "$ID" "$DK"
	for d in ${NEW_DIRS[@]+"${NEW_DIRS[@]}"}; do rmdir "$d" 2>/dev/null; done
	# A containerd that was already running keeps running, without our
	# (empty) namespaces.
	[ -z "$OTHER_CONTAINERD" ] || ! command -v ctr >/dev/null ||
		timeout -k 2 10 ctr --address "$SYSTEM_CONTAINERD" namespaces rm \
			"$ID" "$ID-plugins" >/dev/null 2>&1
	DOCKERD=
}

# The images, built without a registry: the rootfs without init, imported
# (initrt-bare); examples/Containerfile (initrt-image: ENTRYPOINT /init);
# from that, one with a CMD and options in ENV (initrt-grace); and the
# COPY --from pattern on top of initrt-bare (initrt-copy-from).
docker_images() {
	local log=$DK/build.log b
	cat >"$DK/grace.Containerfile" <<-'EOF'
		FROM initrt-image
		ENV INIT_GRACE=3
		CMD ["/t/stragglers"]
	EOF
	cat >"$DK/copy-from.Containerfile" <<-'EOF'
		FROM initrt-image AS init
		FROM initrt-bare
		COPY --from=init /init /init
		ENTRYPOINT ["/init", "--"]
	EOF
	b=(build -q --force-rm --network none)
	tar -C "$WORK/ctx/rootfs" --exclude ./init -c . 2>"$log" |
		dk import - initrt-bare >>"$log" 2>&1 &&
	DK_T=120 dk "${b[@]}" -t initrt-image -f "$SRC/examples/Containerfile" \
		"$WORK/ctx" >>"$log" 2>&1 &&
	DK_T=120 dk "${b[@]}" -t initrt-grace -f "$DK/grace.Containerfile" \
		"$DK/ctx" >>"$log" 2>&1 &&
	DK_T=120 dk "${b[@]}" -t initrt-copy-from -f "$DK/copy-from.Containerfile" \
		"$DK/ctx" >>"$log" 2>&1 &&
	return 0
	REASON=$(tail -n 1 "$log")
	return 1
}

# exec_until NAME PRESENT [ABSENT]: run ps in container NAME (docker exec)
# until a process runs with exactly the command line PRESENT and none with
# ABSENT; 10 s at most.  The last ps is in NAME.exec.
exec_until() {
	local _
	for _ in $(seq 40); do
		if ct_exec "$1" ps -o pid,ppid,stat,args; then
			ps_args "$1" | grep -qxF -- "$2" &&
				{ [ -z "${3-}" ] || ! ps_args "$1" | grep -qxF -- "$3"; } &&
				return 0
		fi
		sleep 0.1
	done
	return 1
}
# The command lines of that ps, one a line; its zombies.
ps_args() { awk 'NR > 1 { sub(/^ *[0-9]+ +[0-9]+ +[^ ]+ +/, ""); print }' "$WORK/$1.exec"; }
zombies() { awk 'NR > 1 && $3 ~ /^Z/' "$WORK/$1.exec"; }

# ran NAME: how long the container ran, as dockerd saw it (ms).
ran() { sed -n 's/^state=.* ran=\(-*[0-9]*\)ms$/\1/p' "$WORK/$1.res" | tail -n 1; }

# f. docker info shows init's commit, docker version its version, and
# dockerd parsed `init --version` without a warning.  The control: an init
# that answers in another form, which dockerd cannot parse (it is put where
# --init-path points, and put back, while no container runs).
t_docker_version() {
	local commit ver name t0 warn='failed to (parse|retrieve) .* version|unknown output format'
	commit=$(sed -n 's/^tini version .* - git\.\([0-9a-f]*\)$/\1/p' <<<"$version")
	ver=$(sed -n 's/^tini version \([^ ]*\).*/\1/p' <<<"$version")
	for name in version version-ctl; do
		t0=$(now_us)
		if [ $name = version-ctl ]; then
			printf '#!/bin/sh\necho "init 0.1.0"\n' >"$DK/init.other" &&
			chmod 755 "$DK/init.other" && mv "$DK/init" "$DK/init.ours" &&
			mv "$DK/init.other" "$DK/init" || return
		fi
		{
			echo "json=$(dk info --format '{{json .InitCommit}}')"
			dk info | sed -n 's/^ *[Ii]nit [Vv]ersion: */text=/p'
			echo "component=$(dk version --format \
				'{{range .Server.Components}}{{if eq .Name "init"}}{{.Version}} {{.Details.GitCommit}}{{end}}{{end}}')"
		} >"$WORK/$name.out" 2>"$WORK/$name.err"
		grep -E "$warn" "$DK/dockerd.log" >"$WORK/$name.res"
		TOOK[$name]=$((($(now_us) - t0) / 1000))
	done
	mv -f "$DK/init.ours" "$DK/init"
	expect version "docker info shows init's commit ($commit), docker version its version ($ver); dockerd warned of nothing" \
		eval '[[ $commit =~ ^[0-9a-f]{7}$ ]] && [ -n "$ver" ] &&
		has version "json={\"ID\":\"$commit\",\"Expected\":\"$commit\"}" &&
		has version "text=$commit" && has version "component=$ver $commit" &&
		[ ! -s "$WORK/version.res" ]'
	expect version-ctl "control: an init that prints \"init 0.1.0\": docker info shows N/A, docker version no init, dockerd warns" \
		eval 'has version-ctl "json={\"ID\":\"N/A\",\"Expected\":\"N/A\"}" &&
		has version-ctl "component=" &&
		grep -q "unknown output format: init 0.1.0" "$WORK/version-ctl.res"'
}

# a. Exit statuses through `docker run --init`, beyond 7 and 137.
t_docker_status() {
	ct_run docker exit0 init 20 -- true
	expect exit0 "exit 0 passes through" test $RC = 0
	ct_run docker exit3 init 20 -- sh -c 'exit 3'
	expect exit3 "exit 3 passes through" test $RC = 3
	ct_run docker int init 20 -- sh -c 'kill -INT $$; sleep 5'
	expect int "a program killed by INT (2) is 130" test $RC = 130
	ct_run docker missing init 20 -- /nonexistent
	expect missing "a missing program is 127, with init's message" eval \
		'[ $RC = 127 ] && grep -qx "init: /nonexistent: not found" "$WORK/missing.err"'
	ct_run docker noexec init 20 -- /t/noexec
	expect noexec "a program without the x bit is 126, with init's message" eval \
		'[ $RC = 126 ] && grep -q "^init: /t/noexec: cannot execute: " "$WORK/noexec.err"'
}

# c. docker kill: HUP and USR1 reach a program that traps them; HUP ends
# one that does not (128 + 1).
t_docker_signals() {
	ct_start docker sigs init 30 -- /t/sigs
	ready sigs && ct_signal sigs HUP && ready sigs "got HUP" && ct_signal sigs USR1
	ct_wait sigs
	expect sigs "docker kill -s HUP, then -s USR1, reach the program (its USR1 trap exits 10)" \
		eval '[ $RC = 10 ] && says sigs "got HUP" && says sigs "got USR1"'
	ct_start docker hup init 30 -- /t/sleeper
	ready hup && ct_signal hup HUP
	ct_wait hup
	expect hup "docker kill -s HUP ends a program that does not trap it (129)" \
		test $RC = 129
}

# c. An orphan, seen from docker exec ps: reaped under init; the control
# (no init: sh execs sleep, which reaps nothing) shows it as a zombie (Z).
# busybox sh reaps while it waits, hence the exec.
t_docker_ps() {
	local name
	for name in ps ps-ctl; do
		ct_start docker $name "$([ $name = ps ] && echo init || echo bare)" 20 \
			-- sh -c '(sleep 0.1 &); exec sleep 5'
		# Once sh has exec'd sleep 5 and sleep 0.1 has ended.
		exec_until $name 'sleep 5' 'sleep 0.1'
		cp "$WORK/$name.exec" "$WORK/$name.res"
		ct_signal $name KILL
		ct_wait $name
		if [ $name = ps ]; then
			expect ps "docker exec ps: the orphan is reaped, no Z" eval \
				'ps_args ps | grep -qxF "sleep 5" && [ -z "$(zombies ps)" ]'
		else
			expect ps-ctl "control: without init the same ps shows the zombie (Z)" eval \
				'[ -n "$(zombies ps-ctl)" ]'
		fi
	done
}

# d. The image of examples/Containerfile, built by docker build: its
# ENTRYPOINT runs the command given; an image FROM it passes an option in
# ENV and runs its CMD; COPY --from puts init into another image.
t_docker_image() {
	local with
	ct_run docker image image 30 -- /t/pid1
	expect image "docker build of examples/Containerfile: ENTRYPOINT [\"/init\", \"--\"] runs the command as its child" \
		eval '[ $RC = 0 ] && has image exe=/init && has image "cmdline=/init -- /t/pid1 " && has image ppid=1'
	ct_run docker image-grace grace 30 --
	expect image-grace "an image FROM it with ENV INIT_GRACE=3 and CMD /t/stragglers: TERM, KILL after 3 s; status 3 (ran ${MS}ms)" \
		eval '[ $RC = 3 ] && has image-grace "straggler: TERM, cleaned up" &&
		[ $MS -ge 3000 ] && [ $MS -lt 13000 ]'
	# shellcheck disable=SC2034 # used in the eval below
	with=$MS
	ct_run docker image-nograce image 30 -- /t/stragglers
	expect image-nograce "the same program in the image without that ENV: init exits at once, no TERM (ran ${MS}ms)" \
		eval '[ $RC = 3 ] && has image-nograce "stragglers ready" &&
		lacks image-nograce "straggler: TERM" && [ $MS -le $((with - 1500)) ]'
	ct_run docker copy-from copy-from 30 -- /t/pid1
	expect copy-from "COPY --from adds init to an existing image (ENTRYPOINT /init)" \
		eval '[ $RC = 0 ] && has copy-from exe=/init && has copy-from ppid=1'
}

# e. docker run -it through script(1): Ctrl-C ends a program that does not
# trap INT (130).  The control: sleep as PID 1 without init has no handler
# for INT, so the kernel drops it and the container runs on.
t_docker_tty() {
	local fd name
	if ! command -v script >/dev/null; then
		skip "docker: -it: no script(1) to make a terminal"
		return
	fi
	for name in tty-int tty-ctl; do
		rm -f "$WORK/tty.in"
		mkfifo "$WORK/tty.in" && exec {fd}<>"$WORK/tty.in" || return
		TTY=$WORK/tty.in ct_start docker $name \
			"$([ $name = tty-int ] && echo init || echo bare)" 30 -- sleep 60
		# Once sleep runs, the client has long made the terminal raw: the
		# Ctrl-C goes to the container, not to the client.
		exec_until $name 'sleep 60' && printf '\003' >&$fd
		if [ $name = tty-ctl ]; then
			sleep 2
			docker_state $name | sed 's/^/2s-later-/' >>"$WORK/$name.res"
			ct_signal $name KILL
		fi
		ct_wait $name
		exec {fd}>&-
		if [ $name = tty-int ]; then
			expect tty-int "docker run -it --init: Ctrl-C on the terminal ends sleep 60 (130)" \
				eval '[ $RC = 130 ] && has tty-int "state=exited exit=130 .*"'
		else
			expect tty-ctl "control: without init (sleep as PID 1) the Ctrl-C is lost: still running 2 s later" \
				has tty-ctl "2s-later-state=running .*"
		fi
	done
}

# g. Least privilege: no capability, no new privileges, a read-only root
# (and a tmpfs /tmp for the orphan's flag file): init needs none.
t_docker_least() {
	DOCKER_OPTS=(--cap-drop ALL --security-opt no-new-privileges --read-only --tmpfs /tmp)
	ct_run docker least init 20 -- sh -c '/t/pid1
		sed -n "s/^CapEff:[[:space:]]*/capeff=/p; s/^NoNewPrivs:[[:space:]]*/nonewprivs=/p" /proc/1/status
		touch /x 2>/dev/null && echo root=rw || echo root=ro
		/t/orphan
		exit 5'
	expect least "--cap-drop ALL --security-opt no-new-privileges --read-only: init, with no capability, reaps an orphan; status 5" \
		eval '[ $RC = 5 ] && has least exe=/sbin/docker-init &&
		has least capeff=0000000000000000 && has least nonewprivs=1 &&
		has least root=ro && has least orphan-ppid=1 && has least zombies=0'
	STOP_MS=
	ct_start docker least-stop init 30 -- /t/sleeper
	ready least-stop && ct_signal least-stop TERM
	ct_wait least-stop
	DOCKER_OPTS=()
	expect least-stop "the same options: docker stop ends the program (143; stop took ${STOP_MS}ms)" \
		eval '[ $RC = 143 ] && [ "${STOP_MS:-1000}" -lt 1000 ]'
}

# h. --pid=host.  Docker adds its init only to a container with a PID
# namespace of its own, so `--init --pid=host` runs the program without
# init; init as the image's ENTRYPOINT is no PID 1 there, but subreaper.
t_docker_pidhost() {
	local parent
	DOCKER_OPTS=(--pid=host)
	ct_run docker pidhost-init init 20 -- sh -c 'echo "parent=$(cat /proc/$PPID/comm)"
		[ -e /sbin/docker-init ] && echo docker-init=mounted || echo docker-init=absent'
	parent=$(sed -n 's/^parent=//p' "$WORK/pidhost-init.out")
	expect pidhost-init "docker run --init --pid=host runs no init: the program's parent is ${parent:-?}" \
		eval '[ $RC = 0 ] && has pidhost-init docker-init=absent && [ -n "$parent" ] &&
		lacks pidhost-init parent=docker-init'
	ct_run docker pidhost image 20 -- /t/subreaper
	DOCKER_OPTS=()
	expect pidhost "--pid=host, ENTRYPOINT /init: init is not PID 1 but the orphan's subreaper; no zombie has init as parent; ps lists the host's processes (dockerd)" \
		eval '[ $RC = 0 ] && has pidhost init-comm=init && has pidhost init-is-not-pid1 &&
		has pidhost orphan-parent=init && has pidhost zombies-of-init=0 &&
		has pidhost "ps: $DOCKERD_PID dockerd"'
}

# -W/--wait-all (INIT_WAIT_ALL=1): the main child leaves a daemon and
# exits 0; init runs on while it lives, and docker stop ends it with the
# daemon's status.  Without it, the container ends with its main child.
t_docker_wait_all() {
	local daemon='sh -c "trap \"exit 7\" TERM; while :; do sleep 0.1; done" & exit 0'
	if ! timeout -k 2 5 "$INIT" --help 2>/dev/null | grep -q -- --wait-all; then
		skip "docker: --wait-all: this init has none (init --help does not mention it)"
		return
	fi
	STOP_MS=
	ct_start docker waitall init 30 -e INIT_WAIT_ALL=1 -- sh -c "$daemon"
	# The daemon runs, its parent (sh ... & exit 0) is gone; a second on.
	exec_until waitall 'sh -c trap "exit 7" TERM; while :; do sleep 0.1; done' \
		"sh -c $daemon" && sleep 1
	cat "$WORK/waitall.exec" >>"$WORK/waitall.res"
	docker_state waitall | sed 's/^/1s-later-/' >>"$WORK/waitall.res"
	ct_signal waitall TERM
	ct_wait waitall
	expect waitall "INIT_WAIT_ALL=1: init outlives a main child that exits 0 while its daemon lives; docker stop ends it with the daemon's 7 (stop took ${STOP_MS}ms)" \
		eval '[ $RC = 7 ] && has waitall "1s-later-state=running .*" &&
		[ "${STOP_MS:-1000}" -lt 1000 ]'
	ct_run docker waitall-ctl init 30 -- sh -c "$daemon"
	expect waitall-ctl "without INIT_WAIT_ALL the same container ends at once (0; ran $(ran waitall-ctl)ms)" \
		eval '[ $RC = 0 ] && [ "$(ran waitall-ctl)" -ge 0 ] && [ "$(ran waitall-ctl)" -lt 1000 ]'
}

# After stop_dockerd: nothing of the private dockerd is left, and its
# folder can be removed.
t_docker_gone() {
	local d left what="docker: once stopped, no dockerd, containerd, shim or container process, mount, cgroup or folder is left"
	mapfile -t left < <(leftovers dk "$DK" "$ID" ${NEW_DIRS[@]+"${NEW_DIRS[@]}"})
	if [ -n "$OTHER_CONTAINERD" ] && command -v ctr >/dev/null; then
		for d in $(timeout -k 2 10 ctr --address "$SYSTEM_CONTAINERD" namespaces ls -q); do
			[ "$d" != "$ID" ] && [ "$d" != "$ID-plugins" ] ||
				left+=("namespace $d in the containerd at $SYSTEM_CONTAINERD")
		done
	fi
	all_gone "$what" "$DK" ${left[@]+"${left[@]}"}
}

run_docker() {
	local t0
	t0=$(now_us)
	if ! command -v dockerd >/dev/null || [ ! -x /usr/bin/docker ]; then
		skip "docker: not installed (docker.io)"
		return
	fi
	if ! start_dockerd; then
		skip "docker: dockerd does not start here: $REASON"
		stop_dockerd
		return
	fi
	RT=docker
	if ! docker_images; then
		bad "docker: cannot build the images" "$REASON"
	elif ! probe docker; then
		bad "docker: cannot run a container" "$REASON"
	else
		t_docker_version
		CONTROL=1 suite docker
		t_docker_status
		t_docker_signals
		t_docker_ps
		t_docker_image
		t_docker_tty
		t_docker_least
		t_docker_pidhost
		t_docker_wait_all
		t_release docker dk load -q -i "$RELEASE_TAR" -- \
			dk run --rm --network none init:test /init --version
	fi
	stop_dockerd
	t_docker_gone
	echo "# docker, with dockerd's start and stop: $((($(now_us) - t0) / 1000)) ms"
}

