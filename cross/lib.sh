# SPDX-License-Identifier: MIT
# shellcheck shell=bash disable=SC2034  # sourced: names used by the scripts
# Sourced by cross/run, cross/repro and release/make: the architectures we
# ship, installing their cross compilers, unpacking Debian's musl for them,
# and building one of them.  Needs root (apt-get) on Debian 12.

cross_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Downloaded packages and the unpacked musl trees live here, shared by the
# scripts (gitignored as build*/).
CROSS_CACHE=${CROSS_CACHE:-$cross_top/build-cross}

# Debian architecture, GNU triplet of Debian's cross compiler, libc, and the
# qemu-user that runs it.  Debian 12 has musl-dev for every one of them but
# riscv64, which gets static glibc.
cross_table='
arm64    aarch64-linux-gnu        musl   aarch64
armel    arm-linux-gnueabi        musl   arm
armhf    arm-linux-gnueabihf      musl   arm
i386     i686-linux-gnu           musl   i386
mips64el mips64el-linux-gnuabi64  musl   mips64el
ppc64el  powerpc64le-linux-gnu    musl   ppc64le
s390x    s390x-linux-gnu          musl   s390x
riscv64  riscv64-linux-gnu        glibc  riscv64
'
CROSS_ARCHES=(arm64 armel armhf i386 mips64el ppc64el s390x riscv64)

cross_field() {	# arch, column (2 triplet, 3 libc, 4 qemu)
	local row
	row=$(awk -v a="$1" '$1 == a' <<<"$cross_table")
	[ -n "$row" ] || { echo "cross: unknown architecture $1" >&2; return 1; }
	awk -v n="$2" '{ print $n }' <<<"$row"
}

# apt-get install what is missing, with one apt-get update first.  A failed
# update is only a warning: a mirror caught mid-sync fails one index while
# the rest still serves; the install says if a package is really missing.
cross_apt_install() {	# package...
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "cross: installing ${missing[*]}"
	apt-get update -qq || echo 'cross: warning: apt-get update failed in part; going on' >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null
}

# The cross compilers (and their glibc where that is the libc) for arch...,
# the native musl-gcc for amd64, and meson.
cross_install() {	# arch...
	local pkgs=(meson ninja-build musl-tools binutils) a t
	for a in "$@"; do
		t=$(cross_field "$a" 2)
		pkgs+=("gcc-$t" "binutils-$t")
		[ "$(cross_field "$a" 3)" = glibc ] && pkgs+=("libc6-dev-$a-cross")
	done
	cross_apt_install "${pkgs[@]}"
}

# How this machine runs arch's binaries, given one of them (static) to try:
# prints the qemu-user it goes through (binfmt_misc), or nothing when the
# kernel runs them itself.  Registers qemu-user-static with binfmt_misc when
# needed, so that init can exec the (cross-built) helper and the helper
# init, as the end-to-end tests do.  That is host-wide, until reboot, as
# installing qemu-user-static on a machine with systemd does by itself.
cross_runner() {	# arch, binary
	local arch=$1 probe=$2 q bin=/proc/sys/fs/binfmt_misc
	q=$(cross_field "$arch" 4)
	if [ "$(head -n1 "$bin/qemu-$q" 2>/dev/null)" = enabled ]; then
		echo "qemu-$q"
		return 0
	fi
	"$probe" --version >/dev/null 2>&1 && return 0
	cross_apt_install qemu-user-static binfmt-support
	[ -e "$bin/register" ] || mount -t binfmt_misc binfmt_misc "$bin"
	if [ -e "/usr/share/binfmts/qemu-$q" ]; then
		update-binfmts --enable "qemu-$q" >&2
	elif [ "$q" = i386 ]; then
		# Debian registers no qemu-i386 on amd64, whose kernels mostly run
		# i386 themselves; not all do (ia32_emulation=0).  A name ending in
		# -binfmt-P makes Debian's qemu keep argv[0], as for the others.
		local magic='\x7fELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x03\x00'
		local mask='\xff\xff\xff\xff\xff\xfe\xfe\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'
		mkdir -p "$CROSS_CACHE/qemu"
		ln -sf "$(command -v qemu-i386-static)" "$CROSS_CACHE/qemu/i386-binfmt-P"
		printf ':qemu-i386:M::%s:%s:%s:PF\n' "$magic" "$mask" \
			"$CROSS_CACHE/qemu/i386-binfmt-P" >"$bin/register"
	fi
	"$probe" --version >/dev/null 2>&1 || {
		echo "cross: $arch binaries do not run here, even through qemu-$q" >&2
		return 1
	}
	echo "qemu-$q"
}

# Debian's musl-dev:ARCH for the musl architectures among arch..., unpacked
# under $CROSS_CACHE/musl rather than installed: multiarch would add foreign
# architectures to dpkg for good, and every later apt-get update of the
# machine would fetch (and can fail on) their indexes.  The packages come
# through apt with indexes of its own (in $CROSS_CACHE/apt), checked against
# Debian's keys as usual, and stay in $CROSS_DEBS.  Prints the machine file
# that points the cross files at the unpacked tree.
cross_musl() {	# arch...
	local root=$CROSS_CACHE/musl debs=${CROSS_DEBS:-$CROSS_CACHE/apt/debs} a mt
	local fetch=() unpack=() opts apt
	for a in "$@"; do
		[ "$(cross_field "$a" 3)" = musl ] || continue
		mt=$(musl_triplet "$a")
		[ -e "$root/usr/lib/$mt/musl-gcc.specs" ] && continue
		unpack+=("$a")
		compgen -G "$debs/musl-dev_*_$a.deb" >/dev/null || fetch+=("$a")
	done
	if [ ${#fetch[@]} -gt 0 ]; then
		echo "cross: fetching musl-dev for ${fetch[*]}" >&2
		apt=$(dirname "$debs")
		mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$debs"
		opts=(-q -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache"
		      -o APT::Sandbox::User=root -o Acquire::Languages=none)
		for a in "${fetch[@]}"; do opts+=(-o "APT::Architectures::=$a"); done
		apt-get "${opts[@]}" update >/dev/null 2>&1 ||
			echo 'cross: warning: apt-get update (musl indexes) failed in part; going on' >&2
		(cd "$debs" && apt-get "${opts[@]}" download "${fetch[@]/#/musl-dev:}" >/dev/null)
	fi
	for a in "${unpack[@]}"; do
		mt=$(musl_triplet "$a")
		mkdir -p "$root"
		dpkg-deb -x "$(compgen -G "$debs/musl-dev_*_$a.deb" | tail -n1)" "$root"
		# Debian's specs name /usr/include/$mt and /usr/lib/$mt
		sed -i "s#\([ L]\)/usr/\(include\|lib\)/$mt#\1$root/usr/\2/$mt#g" \
			"$root/usr/lib/$mt/musl-gcc.specs"
	done
	mkdir -p "$CROSS_CACHE"
	printf "[constants]\nmusl_root = '%s'\n" "$root" >"$CROSS_CACHE/musl.txt"
	echo "$CROSS_CACHE/musl.txt"
}

musl_triplet() {	# arch: the directory Debian's musl-dev uses
	case $1 in
	arm64) echo aarch64-linux-musl ;;
	armel) echo arm-linux-musleabi ;;
	armhf) echo arm-linux-musleabihf ;;
	i386) echo i386-linux-musl ;;
	mips64el) echo mips64el-linux-musl ;;
	ppc64el) echo powerpc64le-linux-musl ;;
	s390x) echo s390x-linux-musl ;;
	*) echo "cross: no musl for $1" >&2; return 1 ;;
	esac
}

# Configure and build arch (amd64: the native musl-gcc build we ship) from
# source tree src into dir, then strip init into dir/init-ARCH, the binary
# we ship.  The end-to-end helper is built too, linked statically as well
# (-Dc_link_args=-static) so that qemu-user runs it with no foreign
# dynamic loader; init itself is static already and comes out byte for byte
# the same with or without it.
# CROSS_COMMIT, when set, is the commit --version names (-Dcommit=), for
# sources that are not a git checkout.
cross_build() {	# arch, src, dir
	local arch=$1 src=$2 dir=$3 strip=strip files=(-Dtests=disabled -Dc_link_args=-static)
	[ -z "${CROSS_COMMIT-}" ] || files+=("-Dcommit=$CROSS_COMMIT")
	rm -rf "$dir"
	mkdir -p "$dir"
	if [ "$arch" = amd64 ]; then
		CC=musl-gcc meson setup "$dir" "$src" "${files[@]}" >"$dir/cross.log" 2>&1 || {
			tail -n 30 "$dir/cross.log" >&2; return 1; }
	else
		files+=(--cross-file "$src/cross/$arch.txt")
		[ "$(cross_field "$arch" 3)" = musl ] && files+=(--cross-file "$CROSS_CACHE/musl.txt")
		meson setup "$dir" "$src" "${files[@]}" >"$dir/cross.log" 2>&1 || {
			tail -n 30 "$dir/cross.log" >&2; return 1; }
		strip=$(cross_field "$arch" 2)-strip
	fi
	meson compile -C "$dir" >>"$dir/cross.log" 2>&1 || { tail -n 30 "$dir/cross.log" >&2; return 1; }
	"$strip" --strip-all -o "$dir/init-$arch" "$dir/init"
}
