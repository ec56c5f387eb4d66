# shellcheck shell=bash
# SPDX-License-Identifier: MIT
#
# podman, rootful, with runc: the checks every runtime gets on the image of
# examples/Containerfile (podman) and with --init --init-path (podman-init),
# the COPY --from pattern, a PID-sharing pod with `init --pause` as its
# infra, and the release image.  Sourced by tests/runtimes/run.

# Podman keeps all it makes under $WORK.  Here crun cannot run on this
# host's hybrid cgroups, and the default file limit cannot be raised: runc
# and these limits can.  `pod create` has no --ulimit, hence the
# containers.conf, which says the same for a pod's infra container.
PODMAN=(env CONTAINERS_CONF="$WORK/containers.conf" podman
	--root "$WORK/podman/root" --runroot "$WORK/podman/run"
	--tmpdir "$WORK/podman/tmp" --storage-driver vfs
	--runtime-flag "root=$WORK/podman/runc")
PODMAN_RUN=(--runtime runc --network none
	--ulimit nofile=1024:1024 --ulimit nproc=4096:4096)
PODS=()			# podman pods ever created

# podman_cmd PROG [ARG]...: podman run's command line (for ct_start), for
# podman and podman-init.
podman_cmd() {
	local e
	# The image's ENTRYPOINT is init; --init injects it, and then
	# options can only reach init through its environment.
	cmd=("${PODMAN[@]}" run --name "$id" "${PODMAN_RUN[@]}")
	if [ ${#opts[@]} -gt 0 ]; then
		[ $rt = podman ] || { echo "$rt: use -e, not -o" >&2; return 1; }
		cmd+=(--entrypoint "$(json_array /init "${opts[@]}" --)")
	fi
	[ -z "${TTY-}" ] || cmd+=(-it)
	[ -z "${POD-}" ] || cmd+=(--pod "$POD")
	for e in "${ENVS[@]}"; do cmd+=(-e "$e"); done
	if [ $mode != init ]; then
		cmd+=("localhost/initrt-$mode")	# bare, copy-from
	elif [ $rt = podman ]; then
		cmd+=(localhost/initrt-init)
	else
		cmd+=(--init --init-path="$INIT" localhost/initrt-bare)
	fi
	cmd+=("$@")
	CONTAINERS+=("podman $id")
}

# Builds the image of examples/Containerfile (init as ENTRYPOINT), the same
# rootfs without init, and the COPY --from pattern on top of the latter.
podman_images() {
	local log=$WORK/podman-build.log
	mkdir -p "$WORK/podman" || return 1
	cat >"$WORK/bare.Containerfile" <<-'EOF'
		FROM scratch
		COPY rootfs/bin /bin
		COPY rootfs/t /t
		COPY rootfs/tmp /tmp
	EOF
	cat >"$WORK/copy-from.Containerfile" <<-'EOF'
		FROM localhost/initrt-init AS init
		FROM localhost/initrt-bare
		COPY --from=init /init /init
		ENTRYPOINT ["/init", "--"]
	EOF
	cat >"$WORK/pause.Containerfile" <<-'EOF'
		FROM localhost/initrt-init
		ENTRYPOINT ["/init", "--pause"]
	EOF
	cat >"$WORK/containers.conf" <<-'EOF'
		[containers]
		default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
		[engine]
		runtime = "runc"
	EOF
	timeout -k 2 120 "${PODMAN[@]}" build -q --pull=never -t localhost/initrt-init \
		-f "$SRC/examples/Containerfile" "$WORK/ctx" >"$log" 2>&1 &&
	timeout -k 2 120 "${PODMAN[@]}" build -q --pull=never -t localhost/initrt-bare \
		-f "$WORK/bare.Containerfile" "$WORK/ctx" >>"$log" 2>&1 &&
	timeout -k 2 120 "${PODMAN[@]}" build -q --pull=never -t localhost/initrt-copy-from \
		-f "$WORK/copy-from.Containerfile" "$WORK/ctx" >>"$log" 2>&1 &&
	timeout -k 2 120 "${PODMAN[@]}" build -q --pull=never -t localhost/initrt-pause \
		-f "$WORK/pause.Containerfile" "$WORK/ctx" >>"$log" 2>&1 &&
	return 0
	REASON=$(tail -n 1 "$log")
	return 1
}

run_podman() {
	command -v podman >/dev/null || { skip "podman: not installed"; return; }
	command -v runc >/dev/null || { skip "podman: needs runc here, not installed"; return; }
	podman_images || { skip "podman: cannot build the images: $REASON"; return; }
	probe podman || { skip "podman: cannot run a container: $REASON"; return; }
	CONTROL=1 suite podman

	ct_run podman copy-from copy-from 30 -- /t/pid1
	expect copy-from "COPY --from adds init to an existing image (ENTRYPOINT /init)" \
		eval '[ $RC = 0 ] && has copy-from exe=/init'
	t_pod
	t_release podman timeout -k 2 60 "${PODMAN[@]}" load -q -i "$RELEASE_TAR" -- \
		timeout -k 2 60 "${PODMAN[@]}" run --rm "${PODMAN_RUN[@]}" localhost/init:test /init --version

	suite podman-init
}

# A pod that shares its PID namespace (Kubernetes' shareProcessNamespace)
# with `init --pause` as its infra container: PID 1 of every container in
# it.  An app container without init leaves an orphan: the infra reaps it,
# and stops with 0.
t_pod() {
	local pod=$ID-pod code
	PODS+=("$pod")
	if ! timeout -k 2 30 "${PODMAN[@]}" pod create --name "$pod" \
		--infra-name "$pod-infra" --infra-image localhost/initrt-pause \
		--network none --share pid,ipc,uts >"$WORK/pod.err" 2>&1 ||
		! timeout -k 2 30 "${PODMAN[@]}" pod start "$pod" >>"$WORK/pod.err" 2>&1; then
		bad "podman pod: cannot start a pod with init --pause as infra" \
			"$(tail -n 1 "$WORK/pod.err")"
		return
	fi
	POD=$pod ct_run podman pod-app bare 30 -- sh -c '/t/pid1; /t/orphan'
	timeout -k 2 30 "${PODMAN[@]}" pod stop -t 10 "$pod" >>"$WORK/pod-app.err" 2>&1
	code=$(timeout -k 2 30 "${PODMAN[@]}" inspect -f '{{.State.ExitCode}}' "$pod-infra" 2>>"$WORK/pod-app.err")
	echo "infra-exit=$code" >>"$WORK/pod-app.res"
	timeout -k 2 30 "${PODMAN[@]}" pod rm -f -t 0 "$pod" >/dev/null 2>&1
	expect pod-app "pod infra /init --pause is PID 1 of a PID-sharing pod, reaps an app's orphan, stops with 0" \
		eval '[ $RC = 0 ] && has pod-app "cmdline=/init --pause " &&
		lacks pod-app me=1 && has pod-app orphan-ppid=1 &&
		has pod-app zombies=0 && has pod-app infra-exit=0'
}

# podman_clean: what the exit trap removes once the containers are: the
# pods, and every container and image in the suite's own storage.
podman_clean() {
	local c
	for c in "${PODS[@]}"; do
		timeout -k 2 30 "${PODMAN[@]}" pod rm -f -t 0 "$c" >/dev/null 2>&1
	done
	if [ -d "$WORK/podman/root" ]; then
		timeout -k 2 30 "${PODMAN[@]}" rm -a -f -t 0 >/dev/null 2>&1
		timeout -k 2 30 "${PODMAN[@]}" rmi -a -f >/dev/null 2>&1
	fi
}
