#!/bin/sh
# One entry point for a fresh Debian machine and a fresh clone:
#   ./build.sh         install what is missing, build, compile specs/ into out/
#   ./build.sh check   the same, then run the whole test suite
#   ./build.sh asan    the test suite built with -fsanitize=address,undefined
#   ./build.sh kernel  only on request: Debian's linux-source and sparse, a
#                      tree unpacked in ../kernel (KAPI_KERNEL_DIR) and
#                      prepared, for tests/kernel/kernel-tree.sh
set -eu
cd "$(dirname "$0")"
top=$(pwd)

deps="gcc make autoconf automake bison flex libtalloc-dev pkg-config mandoc groff man-db jq valgrind clang libclang-rt-dev cmake meson ninja-build"
missing=""
for p in $deps; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	echo "build.sh: installing$missing"
	$sudo apt-get update -qq
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

if [ "${1:-}" = kernel ]; then
	kdir=${KAPI_KERNEL_DIR:-$(dirname "$top")/kernel}
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-source sparse bc >/dev/null
	tarball=$(ls /usr/src/linux-source-*.tar.xz | tail -n 1)
	tree=$kdir/$(basename "$tarball" .tar.xz)
	mkdir -p "$kdir"
	[ -d "$tree" ] || nice -n 10 tar -xJf "$tarball" -C "$kdir"
	(cd "$tree" && { [ -f .config ] || nice -n 10 make -s defconfig; } && nice -n 10 make -s -j2 prepare)
	echo "build.sh: kernel tree in $tree; tests/kernel/kernel-tree.sh finds it there"
	echo "build.sh: (or set KAPI_KERNEL_TREE=$tree)"
	exit 0
fi

[ -x configure ] && [ configure -nt configure.ac ] && [ Makefile.in -nt Makefile.am ] || autoreconf -fi

# An in-tree ./configure makes every out-of-tree one refuse ("source
# directory already configured"): undo it, as configure itself advises.
if [ -f config.status ]; then
	echo "build.sh: the source tree was configured in place; running make distclean there first"
	make -s distclean >/dev/null
fi

mode=${1:-build}
case $mode in
asan)
	dir=build-asan
	flags="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all"
	mkdir -p "$dir"
	(cd "$dir" && { [ -f Makefile ] || "$top/configure" -q --enable-werror CFLAGS="$flags" LDFLAGS="-fsanitize=address,undefined"; })
	;;
*)
	dir=build
	mkdir -p "$dir"
	(cd "$dir" && { [ -f Makefile ] || "$top/configure" -q --enable-werror; })
	;;
esac

cd "$dir"
make -j2 >/dev/null
case $mode in
check)
	make -j2 check
	;;
asan)
	# ASan holds 256 MB of freed memory back by default: that would count
	# in the peak RSS that tests/hostile bounds, and it is not kapic's.
	KAPIC_SANITIZED=1 ASAN_OPTIONS=detect_leaks=1:quarantine_size_mb=32 \
		UBSAN_OPTIONS=halt_on_error=1 make -j2 check
	;;
*)
	make out
	echo "build.sh: the outputs of the specs under specs/ are in out/"
	;;
esac
