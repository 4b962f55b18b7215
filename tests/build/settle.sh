#!/bin/sh
# The build snippets of README.md ("Using kapic in a build"), taken from
# the README itself and run: plain make (grouped target, and stamp),
# Kbuild (in a prepared kernel tree, else SKIP), meson, and CMake with
# its Makefile and Ninja generators (SKIP where the tool is missing).
# Each must build, do nothing on a second build, and after an included
# .kapi file is touched run kapic once and settle again.
t_name=settle
. "$(dirname "$0")/../tools/testlib.sh"
: "${KAPIC:=${builddir:-.}/kapic}"
kapic_abs=$(cd "$(dirname "$KAPIC")" && pwd)/$(basename "$KAPIC")
readme=$srcdir/README.md
# The builds run in directories of their own: absolute paths.
out=$(cd "$out" && pwd) srcdir=$(cd "$srcdir" && pwd)
echo "TAP version 13"

# snippet HEADING N: the Nth fenced block under "### HEADING".
snippet() {
	awk -v h="### $1" -v want="$2" '
		$0 == h { in_sec = 1; next }
		in_sec && /^##/ { exit }
		in_sec && /^```/ { if (inblk) { inblk = 0; if (n == want) exit; next }
				   n++; inblk = 1; next }
		in_sec && inblk && n == want { print }' "$readme"
}

# A kapic that logs its runs, found as `kapic` on PATH too.
mkdir -p "$out/bin"
printf '#!/bin/sh\necho run >>"%s/runs"\nexec "%s" "$@"\n' "$out" "$kapic_abs" >"$out/bin/kapic"
chmod +x "$out/bin/kapic"
PATH=$out/bin:$PATH
runs() { cat "$out/runs" 2>/dev/null | wc -l; }

# project DIR: a spec that includes another, and a program using the validator.
project() {
	mkdir -p "$1/specs"
	echo '// shared by the specs' >"$1/specs/shared.kapi"
	{ echo 'include "shared.kapi";'; cat "$srcdir/specs/mlock2.kapi"; } >"$1/specs/mlock2.kapi"
	printf '%s\n' '#include "mlock2-check.h"' \
		'int main(void) { return kapi_check_mlock2(0, 0, 0) != 0; }' >"$1/prog.c"
}

# settles WHAT DIR BUILD...: BUILD builds, a second BUILD runs no kapic,
# touching specs/shared.kapi runs kapic exactly once, then BUILD settles.
settles() {
	what=$1 dir=$2; shift 2
	log=$out/$what.log
	r0=$(runs)
	if ! (cd "$dir" && "$@") >"$log" 2>&1; then
		not_ok "$what: builds"; diag "$log"; return
	fi
	r1=$(runs)
	(cd "$dir" && "$@") >>"$log" 2>&1
	r2=$(runs)
	sleep 1; touch "$dir/specs/shared.kapi"
	(cd "$dir" && "$@") >>"$log" 2>&1
	r3=$(runs)
	(cd "$dir" && "$@") >>"$log" 2>&1
	r4=$(runs)
	if [ $((r1 - r0)) -ge 1 ] && [ "$r2" = "$r1" ] && [ $((r3 - r2)) = 1 ] && [ "$r4" = "$r3" ]; then
		ok "$what: builds, settles, reruns kapic once after an include is touched, settles"
	else
		not_ok "$what: kapic runs per build: $((r1 - r0)) $((r2 - r1)) $((r3 - r2)) $((r4 - r3)) (want >=1 0 1 0)"
		diag "$log"
	fi
}

# --- make: the grouped target, then the stamp ---------------------------------
for n in 1 2; do
	d=$out/make$n
	project "$d"; mkdir -p "$d/gen"
	snippet make $n >"$d/Makefile"
	settles "make, README snippet $n" "$d" env -u MAKEFLAGS -u MAKELEVEL make KAPIC=kapic \
		gen/mlock2-check.c gen/mlock2-check.h gen/mlock2.kapi.c
done

# --- meson -------------------------------------------------------------------
if command -v meson >/dev/null && command -v ninja >/dev/null; then
	d=$out/meson; project "$d"
	{ echo "project('settle', 'c')"; snippet meson 1; } >"$d/meson.build"
	if (cd "$d" && meson setup b) >"$out/meson-setup.log" 2>&1; then
		settles "meson" "$d" ninja -C b
	else
		not_ok "meson: setup"; diag "$out/meson-setup.log"
	fi
else
	skip "meson" "meson or ninja is not installed"
fi

# --- CMake, Makefile and Ninja generators ------------------------------------------
for gen in "Unix Makefiles" Ninja; do
	if ! command -v cmake >/dev/null || { [ "$gen" = Ninja ] && ! command -v ninja >/dev/null; }; then
		skip "CMake ($gen)" "cmake or ninja is not installed"
		continue
	fi
	d=$out/cmake-$(echo "$gen" | tr -dc 'A-Za-z'); project "$d"
	{ echo 'cmake_minimum_required(VERSION 3.20)'; echo 'project(settle C)'; snippet CMake 1; } >"$d/CMakeLists.txt"
	if (cd "$d" && env -u MAKEFLAGS -u MAKELEVEL cmake -G "$gen" -S . -B b) >"$out/cmake-setup.log" 2>&1; then
		settles "CMake ($gen)" "$d" env -u MAKEFLAGS -u MAKELEVEL cmake --build b
	else
		not_ok "CMake ($gen): configure"; diag "$out/cmake-setup.log"
	fi
done

# --- Kbuild, as an out-of-tree module of a prepared kernel tree -------------------
tree=${KAPI_KERNEL_TREE:-}
if [ -z "$tree" ]; then
	for t in "$srcdir"/../kernel/linux-source-*; do [ -d "$t" ] && tree=$t && break; done
fi
if [ -n "$tree" ] && [ -f "$tree/include/generated/autoconf.h" ]; then
	d=$out/kbuild; project "$d"
	mv "$d/specs/mlock2.kapi" "$d/specs/shared.kapi" "$d/"
	sed -i 's|^include "shared.kapi";|include "specs/shared.kapi";|' "$d/mlock2.kapi"
	mv "$d/shared.kapi" "$d/specs/"
	cp "$srcdir/tests/kapi/kernel_api_spec.h" "$d/"
	{ echo 'obj-m := mlock.o'; snippet Kbuild 1 | sed 's/^KAPIC ?= kapic$/KAPIC := kapic/'; } >"$d/Kbuild"
	printf '%s\n' '// SPDX-License-Identifier: GPL-2.0-only' '#include <linux/module.h>' \
		'#include "kernel_api_spec.h"' '#define MLOCK_ONFAULT 0x01' '#include "mlock2.kapi.c"' \
		'MODULE_LICENSE("GPL");' >"$d/mlock.c"
	settles "Kbuild in $(basename "$tree")" "$d" env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		nice -n 10 make -s -C "$tree" M="$d" mlock.o
else
	skip "Kbuild" "no prepared kernel tree (set KAPI_KERNEL_TREE, or run ./build.sh kernel)"
fi
finish
