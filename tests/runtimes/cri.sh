# shellcheck shell=bash
# SPDX-License-Identifier: MIT
#
# cri: Kubernetes' path short of kubelet: a private containerd (Debian's
# 1.6, its CRI plugin built in) driven over the CRI, as kubelet drives it,
# by the project's own client (tests/runtimes/cri.py).  Every file of it is
# under $K; its pods' cgroups under /$ID-cri.  Pods whose containers have
# PID namespaces of their own, pods that share one under init's release
# image as sandbox, and that stopping containerd leaves nothing.  Sourced
# by tests/runtimes/run.

K=$WORK/k		# short: unix socket paths end at 108 bytes
CRI=()			# the client, bound to the private containerd's socket
CONTAINERD=		# the timeout(1) that runs it, and containerd
CONTAINERD_OWN=
CRI_PODS=()		# every pod sandbox run
CRI_DIRS=(/run/containerd/s /run/containerd)	# what containerd 1.6 makes
CRI_NEW_DIRS=()				# whatever its state; removed if new

cri() { timeout -k 2 60 "${CRI[@]}" "$@"; }
ctr_k8s() { timeout -k 2 60 ctr --address "$K/c.sock" -n k8s.io "$@"; }

# start_containerd: the private containerd, its config from
# containerd_config; else REASON says why.
start_containerd() {
	local py _
	for py in python3 /usr/bin/python3 ''; do
		[ -n "$py" ] && "$py" -c 'import grpc' 2>/dev/null && break
	done
	if [ -z "$py" ]; then
		REASON="no python3 with grpc (Debian's python3-grpcio)"
		return 1
	fi
	CRI=("$py" "$SRC/tests/runtimes/cri.py" --socket "$K/c.sock" --timeout 30)
	mkdir -p "$K"/root "$K"/state "$K"/runc "$K"/opt "$K"/logs "$K"/cni/bin "$K"/cni/conf || return 1
	CRI_NEW_DIRS=()
	for _ in "${CRI_DIRS[@]}"; do [ -e "$_" ] || CRI_NEW_DIRS+=("$_"); done
	containerd_config || { REASON=$(head -n 1 "$K/config.err"); return 1; }
	timeout -k 10 1800 containerd --config "$K/config.toml" </dev/null >"$K/containerd.log" 2>&1 &
	CONTAINERD=$!
	for _ in $(seq 100); do
		cri --timeout 2 version >"$K/version" 2>/dev/null && break
		is "$CONTAINERD" timeout || break
		sleep 0.1
	done
	CONTAINERD_OWN=$(pgrep -P "$CONTAINERD" -x containerd)
	if [ ! -s "$K/version" ]; then
		REASON=$(grep -v 'level=info' "$K/containerd.log" | tail -n 1)
		return 1
	fi
	echo "# cri: $(cat "$K/version") (CRI), containerd $CONTAINERD_OWN"
}

# containerd_config: $K/config.toml, `containerd config default` with these
# changes (an awk over its sections, which fails if a key is missing, and
# says so in $K/config.err).
containerd_config() {
	local cri_plugin='plugins."io.containerd.grpc.v1.cri"'
	# root, state, sockets and the opt plugin's folder: its own.
	# restrict_oom_score_adj: containerd gives a sandbox oom_score_adj
	# -998; without CAP_SYS_RESOURCE (not in this machine's bounding set)
	# runc then fails with "can't get final child's PID from pipe: EOF".
	# The sandbox image: a name the suite tags to the image each pod needs
	# (containerd 1.6 takes one for all pods, kubelet gives none).
	# netns_mounts_under_state_dir: a pod's network namespace, should one
	# be made, is mounted under state, not /var/run/netns.  CNI folders of
	# its own and empty: the pods use the host's network (with no CNI
	# config the runtime says NetworkReady false, and /etc/cni/net.d may
	# hold podman's).  runc's state under $K, not /run/containerd/runc.
	timeout -k 2 10 containerd config default | awk -v K="$K" -v cri="$cri_plugin" '
	BEGIN {
		v["", "root"] = "\"" K "/root\""; v["", "state"] = "\"" K "/state\""
		v["grpc", "address"] = "\"" K "/c.sock\""
		v["ttrpc", "address"] = "\"" K "/c.sock.ttrpc\""
		v["plugins.\"io.containerd.internal.v1.opt\"", "path"] = "\"" K "/opt\""
		v[cri, "restrict_oom_score_adj"] = "true"
		v[cri, "sandbox_image"] = "\"localhost/initrt-sandbox:1\""
		v[cri, "netns_mounts_under_state_dir"] = "true"
		v[cri ".cni", "bin_dir"] = "\"" K "/cni/bin\""
		v[cri ".cni", "conf_dir"] = "\"" K "/cni/conf\""
		v[cri ".containerd.runtimes.runc.options", "Root"] = "\"" K "/runc\""
	}
	/^[ \t]*\[/ { sec = $0; gsub(/^[ \t]*\[|\][ \t]*$/, "", sec) }
	{ if ($2 == "=" && (sec, $1) in v) { sub(/=.*/, "= " v[sec, $1]); done[sec, $1] = 1 } print }
	END {
		for (k in v) if (!(k in done)) {
			split(k, p, SUBSEP); print "containerd config: no [" p[1] "] " p[2] >"/dev/stderr"; bad = 1
		}
		exit bad
	}' >"$K/config.toml" 2>"$K/config.err"
}

# stop_containerd: every pod, then containerd by PID, then by PID too the
# shims that outlive it and what is left in the pods' cgroups; no mount,
# cgroup or folder of theirs is left.
stop_containerd() {
	local pod d
	[ -n "$CONTAINERD" ] || return 0
	if is "$CONTAINERD_OWN" containerd; then
		for pod in ${CRI_PODS[@]+"${CRI_PODS[@]}"}; do
			cri stop-pod "$pod" && cri remove-pod "$pod"
		done >/dev/null 2>&1
	fi
	is "$CONTAINERD" timeout && kill -TERM "$CONTAINERD"
	await_end "$CONTAINERD" timeout 10
	is "$CONTAINERD_OWN" containerd && kill -KILL "$CONTAINERD_OWN"
	wait "$CONTAINERD" 2>/dev/null
	# The shims that name its socket, the pods' cgroups, its mounts.
	reap "$K/c.sock" k8s.io "$ID-cri" "$K"
	for d in ${CRI_NEW_DIRS[@]+"${CRI_NEW_DIRS[@]}"}; do rmdir "$d" 2>/dev/null; done
	CONTAINERD=
}

# The images, without a registry: the suite's rootfs (init at /init, as
# examples/Containerfile adds it) as the app image, also with STOPSIGNAL
# SIGUSR1, and with `sleep` as its command for a sandbox that reaps
# nothing; init's own release image (release/image, amd64) in the form of
# a pod's sandbox, entrypoint ["/init", "--pause"].  ctr imports each into
# containerd's k8s.io namespace, which the CRI sees as its own.
cri_images() {
	local log=$K/images.log
	"$SRC/tests/runtimes/oci-image" "$K/app.tar" "$WORK/ctx/rootfs" \
		localhost/initrt-app:1 '{"Env": ["PATH=/bin"]}' \
		localhost/initrt-usr1:1 '{"Env": ["PATH=/bin"], "StopSignal": "SIGUSR1"}' \
		localhost/initrt-sleep:1 '{"Env": ["PATH=/bin"], "Cmd": ["/bin/sleep", "3600"]}' \
		>"$log" 2>&1 &&
	"$SRC/release/image" "$K/pause.tar" --version 1 --epoch 0 --name initrt-pause \
		--pause amd64="$INIT" >>"$log" 2>&1 &&
	ctr_k8s images import "$K/app.tar" >>"$log" 2>&1 &&
	ctr_k8s images import "$K/pause.tar" >>"$log" 2>&1 &&
	return 0
	REASON=$(tail -n 1 "$log")
	return 1
}

# sandbox IMAGE: the image the next pods' sandboxes run.
sandbox() {
	ctr_k8s images tag --force "$1" localhost/initrt-sandbox:1 >/dev/null 2>>"$K/images.log"
}

# cri_pod NAME PID: run a pod as kubelet makes it (host network, so no
# hostname of its own; PID namespace POD, shared by its containers, or
# CONTAINER); its id in CRI_POD (not POD, which podman_cmd reads).
cri_pod() {
	local name=$1
	PIDMODE=$2
	jq -n --arg n "$name" --arg uid "$ID-$name" --arg logs "$K/logs/$name" \
		--arg cg "/$ID-cri" --arg pid "$PIDMODE" '
		{metadata: {name: $n, uid: $uid, namespace: "initrt"}, log_directory: $logs,
		 linux: {cgroup_parent: $cg,
			 security_context: {namespace_options: {network: "NODE", pid: $pid}}}}' \
		>"$K/$name.pod.json" || return 1
	CRI_POD=$(cri run-pod "$K/$name.pod.json" 2>"$K/$name.pod.err") || {
		REASON=$(tail -n 1 "$K/$name.pod.err")
		return 1
	}
	CRI_PODS+=("$CRI_POD")
	PODNAME=$name
}

# cri_start NAME MODE [-i IMAGE] [-o OPT]... [-e K=V]... -- PROG ARG...:
# create and start a container in the last pod, "init" (init runs the
# program: the image's /init and -o options), "bare" (the program is the
# container's first process) or "args" (the image's ENTRYPOINT runs, with
# PROG ARG... as args, kubelet's `args` without `command`); its id in
# CIDS[NAME].  The PID namespace mode is set at
# the container's level too: in containerd an unset one means the pod's.
declare -A CIDS
cri_start() {
	local name=$1 mode=$2 image=localhost/initrt-app:1 opts=() envs=()
	shift 2
	while [ $# -gt 0 ]; do
		case $1 in
		-i) image=$2; shift 2 ;;
		-o) opts+=("$2"); shift 2 ;;
		-e) envs+=("$2"); shift 2 ;;
		--) shift; break ;;
		esac
	done
	[ "$mode" != init ] || set -- /init ${opts[@]+"${opts[@]}"} -- "$@"
	jq -n --arg n "$name" --arg image "$image" --arg pid "$PIDMODE" --arg mode "$mode" \
		--argjson cmd "$(json_array "$@")" --argjson env "$(json_array ${envs[@]+"${envs[@]}"})" '
		{metadata: {name: $n}, image: {image: $image},
		 (if $mode == "args" then "args" else "command" end): $cmd,
		 envs: [$env[] | {key: (split("=")[0]), value: (split("=")[1:] | join("="))}],
		 log_path: ($n + ".log"),
		 linux: {security_context: {namespace_options: {network: "NODE", pid: $pid}}}}' \
		>"$K/$name.json" || return 1
	: >"$WORK/$name.out"
	rm -f "$WORK/$name.res"
	T0[$name]=$(now_us)
	CIDS[$name]=$(cri create "$CRI_POD" "$K/$name.json" "$K/$PODNAME.pod.json" 2>>"$WORK/$name.err") &&
		cri start "${CIDS[$name]}" 2>>"$WORK/$name.err"
}

# cri_state NAME: its ContainerStatus (one JSON line) into $K/NAME.status.
cri_state() { cri status "${CIDS[$1]}" >"$K/$1.status" 2>>"$WORK/$1.err"; }

# cri_wait NAME SECS: wait until it exited, SECS at most (then stop it, 0
# s); RC its exit code, MS how long it ran (the runtime's clock); its log,
# the CRI prefix cut ("stdout LINE", "stderr LINE"), into NAME.out.
cri_wait() {
	local name=$1 end=$(($(date +%s) + $2)) st=
	while :; do
		cri_state "$name" && st=$(jq -r .state "$K/$name.status")
		[ "$st" = CONTAINER_EXITED ] && break
		if [ "$(date +%s)" -ge "$end" ]; then
			echo "still ${st:-unknown} after $2 s: stopped" >>"$WORK/$name.err"
			cri stop "${CIDS[$name]}" 0 2>>"$WORK/$name.err"
			cri_state "$name"
			break
		fi
		sleep 0.05
	done
	RC=$(jq -r '.exit_code // -1' "$K/$name.status" 2>/dev/null)
	MS=$(jq -r 'if .finished_at > 0 then ((.finished_at - .started_at) / 1000000 | floor) else -1 end' \
		"$K/$name.status" 2>/dev/null)
	TOOK[$name]=$MS
	sed -E 's/^[^ ]+ (stdout|stderr) [FP] /\1 /' "$K/logs/$PODNAME/$name.log" >"$WORK/$name.out" 2>/dev/null
}

# cri_ready NAME [WORD]: wait up to 10 s until its log has WORD.
cri_ready() {
	local _
	for _ in $(seq 200); do
		grep -q "${2:-ready}" "$K/logs/$PODNAME/$1.log" 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

cri_run() {
	local name=$1 secs=$3
	cri_start "$1" "$2" "${@:4}"
	cri_wait "$name" "$secs"
}

# cri_stop NAME SECS: StopContainer with that timeout (the image's
# STOPSIGNAL, then KILL); STOP_MS how long the call took.
cri_stop() {
	local t
	t=$(now_us)
	cri stop "${CIDS[$1]}" "$2" >>"$WORK/$1.err" 2>&1
	STOP_MS=$((($(now_us) - t) / 1000))
}

# cri_exec NAME PROG ARG...: ExecSync, its stdout in NAME.exec.
cri_exec() {
	local name=$1
	shift
	cri exec "${CIDS[$name]}" 20 -- "$@" >"$WORK/$name.exec" 2>>"$WORK/$name.err"
}

# cri_orphan NAME: through ExecSync, what an exec probe leaves: a process
# that exits at once, leaving an orphan; who its parent was and what the
# zombie check saw once it had exited, into NAME.res.
cri_orphan() {
	local pid
	cri_exec "$1" sh -c '/t/linger /tmp/go </dev/null >/dev/null 2>&1 & echo $!'
	pid=$(cat "$WORK/$1.exec")
	cri_exec "$1" /t/reaped "$pid" /tmp/go
	cat "$WORK/$1.exec" >>"$WORK/$1.res"
}

# A pod whose containers have PID namespaces of their own (Kubernetes'
# default, shareProcessNamespace: false): init is each one's PID 1.
t_cri_own() {
	cri_pod own CONTAINER || { bad "cri: cannot run a pod" "$REASON"; return; }
	t_cri_status
	t_cri_stop
	t_cri_orphans
	t_cri_grace
	t_cri_release
	cri stop-pod "$CRI_POD" >/dev/null && cri remove-pod "$CRI_POD" >/dev/null
}

# In the pod of t_cri_own: PID 1, and exit statuses.
t_cri_status() {
	cri_run pid1 init 20 -- /t/pid1
	expect pid1 "PID 1 is init (/init -- /t/pid1), the program its child" eval \
		'[ $RC = 0 ] && has pid1 "stdout exe=/init" && has pid1 "stdout ppid=1" &&
		has pid1 "stdout cmdline=/init -- /t/pid1 " && has pid1 "stdout $version"'
	cri_run exit0 init 20 -- sh -c 'exit 0'
	cri_run exit3 init 20 -- sh -c 'exit 3'
	cri_run kill9 init 20 -- sh -c 'kill -KILL $$'
	expect kill9 "exit statuses pass through: 0, 3, and 137 for KILL" eval \
		'[ "$(jq -r .exit_code "$K/exit0.status" "$K/exit3.status" "$K/kill9.status" | tr "\n" " ")" = "0 3 137 " ]'
}

# StopContainer: TERM, the image's STOPSIGNAL, and KILL once its timeout
# is over (the control).
t_cri_stop() {
	cri_start trap init -- /t/trap 42
	cri_ready trap && cri_stop trap 10
	cri_wait trap 20
	expect trap "StopContainer (timeout 10 s) reaches a program that traps TERM: its code 42, in ${STOP_MS}ms" \
		eval '[ $RC = 42 ] && [ $STOP_MS -lt 2000 ]'
	cri_start sleeper init -- /t/sleeper
	cri_ready sleeper && cri_stop sleeper 10
	cri_wait sleeper 20
	expect sleeper "StopContainer ends a program that does not trap it: 143, in ${STOP_MS}ms" \
		eval '[ $RC = 143 ] && [ $STOP_MS -lt 2000 ]'
	cri_start usr1 init -i localhost/initrt-usr1:1 -- /t/sigs
	cri_ready usr1 && cri_stop usr1 10
	cri_wait usr1 20
	expect usr1 "the image's STOPSIGNAL (SIGUSR1) is what StopContainer sends, and init passes it on: the program's USR1 trap exits 10, in ${STOP_MS}ms" \
		eval '[ $RC = 10 ] && has usr1 "stdout got USR1" && [ $STOP_MS -lt 2000 ]'
	cri_start stop-ctl bare -- sh -c '/t/orphan & exec sleep 60'
	cri_ready stop-ctl zombies= && cri_stop stop-ctl 3
	cri_wait stop-ctl 20
	expect stop-ctl "control: a shell that execs sleep as PID 1 leaves a zombie, and StopContainer (timeout 3 s) takes it all, then KILLs: 137, in ${STOP_MS}ms" \
		eval '[ $RC = 137 ] && [ $STOP_MS -ge 3000 ] && grep -q "^stdout zombies=[1-9]" "$WORK/stop-ctl.out"'
}

# Orphans: of the program (-w says so), and of an exec probe.
t_cri_orphans() {
	local where
	cri_run orphan init 20 -o -w -- /t/orphan
	expect orphan "an orphan of the program is re-parented to init and reaped; -w's line is in the container's CRI log" \
		eval '[ $RC = 0 ] && has orphan "stdout orphan-ppid=1" && has orphan "stdout zombies=0" &&
		grep -Eq "^stderr init: reaped orphan [0-9]+ \\(linger\\): exited 0$" "$WORK/orphan.out"'
	cri_start exec init -- /t/sleeper
	cri_ready exec && cri_orphan exec
	where=$([ ! -e "$K/runc/k8s.io/${CIDS[exec]}" ] || echo inside
		[ ! -e "/run/containerd/runc/k8s.io/${CIDS[exec]}" ] || echo outside)
	cri_stop exec 10
	cri_wait exec 20
	expect exec "ExecSync of a process that leaves an orphan (an exec probe) leaves no zombie" \
		eval 'has exec orphan-ppid=1 && has exec zombies=0'
	echo "state: ${where:-nowhere}" >>"$WORK/exec.res"
	expect exec "containerd's runc keeps a running container's state in the suite's folder" \
		test "$where" = inside
}

# A grace period from -t or INIT_GRACE, and none.
t_cri_grace() {
	local with
	cri_run grace init 30 -o -t -o 3 -- /t/stragglers
	# shellcheck disable=SC2034 # used in the eval below
	with=$MS
	expect grace "-t 3: stragglers get TERM, a TERM-ignoring one KILL after 3 s; status 3" \
		eval '[ $RC = 3 ] && has grace "stdout straggler: TERM, cleaned up" &&
		[ $MS -ge 3000 ] && [ $MS -lt 13000 ]'
	cri_run env-grace init 30 -e INIT_GRACE=3 -- /t/stragglers
	expect env-grace "INIT_GRACE=3 does the same" \
		eval '[ $RC = 3 ] && has env-grace "stdout straggler: TERM, cleaned up" &&
		[ $MS -ge 3000 ] && [ $MS -lt 13000 ]'
	cri_run nograce init 30 -- /t/stragglers
	expect nograce "without either, init exits at once and the stragglers get no TERM" \
		eval '[ $RC = 3 ] && lacks nograce "straggler: TERM" && [ $MS -le $((with - 1500)) ]'
}

# The release image imported with ctr, a container of it given args only.
t_cri_release() {
	if [ -n "$RELEASE_TAR" ] && ctr_k8s images import "$RELEASE_TAR" >>"$K/images.log" 2>&1; then
		cri_run release args 20 -i localhost/init:test -- /init --version
		expect release "the release image imported with ctr: a container of it with args only runs them through its ENTRYPOINT" \
			eval '[ $RC = 0 ] && has release "stdout $version"'
	else
		skip "cri: the release image: ${RELEASE_WHY:-ctr cannot import it: $(tail -n 1 "$K/images.log")}"
	fi
}

# cri_ps NAME: ps through ExecSync into NAME.exec; its zombies after.
cri_ps() { cri_exec "$1" ps -o pid,ppid,stat,args; }

# A pod that shares its PID namespace (shareProcessNamespace: true), whose
# sandbox runs init's release image with --pause: PID 1 of every container.
t_cri_shared() {
	cri_pod shared POD || { bad "cri: cannot run a pod with init --pause as its sandbox" "$REASON"; return; }
	t_cri_sandbox
	t_cri_pod_gone
	t_cri_shared_ctl
}

# In the pod of t_cri_shared: init --pause as every container's PID 1, and
# init as an app's entrypoint, no PID 1 there.
t_cri_sandbox() {
	cri_run spid1 bare 20 -- /t/pid1
	expect spid1 "the sandbox's init --pause is PID 1 of the pod's containers" \
		eval '[ $RC = 0 ] && has spid1 "stdout cmdline=/init --pause " && has spid1 "stdout $version"'
	cri_run sorphan bare 20 -- /t/orphan
	expect sorphan "an app container's orphan is re-parented to the sandbox's init and reaped" \
		eval '[ $RC = 0 ] && has sorphan "stdout orphan-ppid=1" && has sorphan "stdout zombies=0"'
	cri_start sexec bare -- /t/sleeper
	cri_ready sexec && cri_orphan sexec && cri_ps sexec
	cp "$WORK/sexec.exec" "$WORK/sexec.ps"
	cri_stop sexec 10
	cri_wait sexec 20
	expect sexec "an ExecSync's orphan is reaped too; ps through ExecSync shows no zombie" \
		eval 'has sexec orphan-ppid=1 && has sexec zombies=0 && ! awk "NR > 1 && \$3 ~ /^Z/" "$WORK/sexec.ps" | grep -q .'
	cri_run ssub init 20 -- /t/subreaper
	expect ssub "init as an app's entrypoint there is no PID 1 but a subreaper, reaps its program's orphan, and says nothing of it" \
		eval '[ $RC = 0 ] && has ssub "stdout init-is-not-pid1" && has ssub "stdout orphan-parent=init" &&
		has ssub "stdout zombies-of-init=0" && ! grep -q "^stderr" "$WORK/ssub.out"'
}

# The pod of t_cri_shared stopped and removed: nothing of it is left.
t_cri_pod_gone() {
	local before after
	before=$(pod_traces "$CRI_POD")
	T0[sgone]=$(now_us)
	cri stop-pod "$CRI_POD" >>"$WORK/sgone.err" 2>&1 && cri remove-pod "$CRI_POD" >>"$WORK/sgone.err" 2>&1
	RC=$? TOOK[sgone]=$((($(now_us) - T0[sgone]) / 1000))
	after=$(pod_traces "$CRI_POD")
	echo "before: $before" >"$WORK/sgone.out"
	echo "after: ${after:-nothing}" >>"$WORK/sgone.out"
	expect sgone "StopPodSandbox and RemovePodSandbox leave nothing of the pod (before them: $(wc -w <<<"$before" | awk '{print $1 / 2}') processes, mounts and state)" \
		eval '[ $RC = 0 ] && [ -n "$before" ] && [ -z "$after" ]'
}

# The control: a pod whose sandbox does not reap.
t_cri_shared_ctl() {
	sandbox localhost/initrt-sleep:1
	cri_pod shared-ctl POD || { bad "cri: cannot run the control pod" "$REASON"; return; }
	cri_run sctl bare 20 -- /t/orphan
	expect sctl "control: under a sandbox that does not reap (sleep), the same orphan stays a zombie" \
		eval 'has sctl "stdout orphan-ppid=1" && grep -q "^stdout zombies=[1-9]" "$WORK/sctl.out"'
	cri stop-pod "$CRI_POD" >/dev/null && cri remove-pod "$CRI_POD" >/dev/null
}

# pod_traces ID: what of pod ID is there: processes of its cgroup or naming
# it, mounts, the runtime's state.  (The ID from a file, or grep would find
# itself.)
pod_traces() {
	echo "$1" >"$K/pod.pattern"
	{
		grep -lsaFf "$K/pod.pattern" /proc/[0-9]*/cmdline /proc/[0-9]*/cgroup |
			sed 's|^/proc/\([0-9]*\)/.*|process \1|'
		findmnt -rn -o TARGET | grep -Ff "$K/pod.pattern" | sed 's/^/mount /'
		find "$K/state" "$K/root" "$K/runc" -name "$1*" 2>/dev/null | sed 's/^/state /'
	} | sort -u | tr '\n' ' '
}

# After stop_containerd: nothing of it left.
t_cri_gone() {
	local left what="cri: once stopped, no containerd, shim or container process, mount, cgroup or folder is left"
	mapfile -t left < <(leftovers k "$K" "$ID-cri" ${CRI_NEW_DIRS[@]+"${CRI_NEW_DIRS[@]}"})
	all_gone "$what" "$K" ${left[@]+"${left[@]}"}
}

run_cri() {
	local t0
	t0=$(now_us)
	if ! command -v containerd >/dev/null || ! command -v ctr >/dev/null; then
		skip "cri: no containerd (docker.io's)"
		return
	fi
	RT=cri
	if ! start_containerd; then
		skip "cri: the private containerd does not start here: $REASON"
		stop_containerd
		return
	fi
	if ! cri_images || ! sandbox localhost/initrt-pause:1; then
		bad "cri: cannot make or import the images" "$REASON"
	else
		t_cri_own
		t_cri_shared
	fi
	stop_containerd
	t_cri_gone
	echo "# cri, with containerd's start and stop: $((($(now_us) - t0) / 1000)) ms"
}

