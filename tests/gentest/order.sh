#!/bin/sh
# The errors' order on the real kernel: the generated test of
# tests/gentest/order-mlock.kapi, whose EINVAL comes after errors that
# depend on state, passes as root and as nobody with no disagreement, and
# counts the calls the validator answers "depends on state" apart.
t_name=gentest-order
. "$(dirname "$0")/../tools/testlib.sh"
: "${KAPIC:=${builddir:-.}/kapic}"
: "${CC:=cc}"

spec=$srcdir/tests/gentest/order-mlock.kapi
pub=$(mktemp -d "${TMPDIR:-/tmp}/gentest-order.XXXXXX") || exit 99
trap 'rm -rf "$pub"' EXIT
chmod 755 "$pub"

echo "TAP version 13"

# judge WHAT OUTPUT STATUS: exit 0, no not ok, no disagreement, and some
# calls answered by state first.
judge() {
	sum=$(grep '^# mlock: errors provoked' "$2")
	first=$(printf '%s\n' "$sum" | sed -n 's/.*(\([0-9]*\) answered by state first).*/\1/p')
	if [ "$3" = 0 ] && ! grep -q '^not ok' "$2" &&
	   printf '%s\n' "$sum" | grep -q 'disagreements 0,' && [ "${first:-0}" -gt 0 ]; then
		ok "$1: exit 0, no disagreement, $first calls answered by state first"
	else
		not_ok "$1 (exit $3): $sum"
		grep -E '^not ok|disagreement' "$2" | sed -n '1,20s/^/# /p'
	fi
}

# run NAME SPEC: render, build and judge SPEC's test as this user and as
# nobody.
run() {
	mkdir -p "$out/$1"
	if "$KAPIC" --emit=test,runtime -d "$out/$1" "$2" >"$out/$1/gen.log" 2>&1 &&
	   $CC -std=gnu11 -Wall -Wextra -Werror -o "$out/$1/mlock-test" "$out/$1/mlock-test.c" >"$out/$1/cc.log" 2>&1; then
		ok "$1: the test renders and builds"
		"$out/$1/mlock-test" >"$out/$1/run.out" 2>&1
		judge "$1: as $(id -un)" "$out/$1/run.out" $?
		if [ "$(id -u)" = 0 ] && have setpriv; then
			cp "$out/$1/mlock-test" "$pub/" && chmod 755 "$pub/mlock-test"
			(cd "$pub" && setpriv --reuid=65534 --regid=65534 --clear-groups ./mlock-test) \
				>"$out/$1/nobody.out" 2>&1
			judge "$1: as nobody" "$out/$1/nobody.out" $?
		else
			skip "$1: as nobody" "needs root and setpriv"
		fi
	else
		not_ok "$1: the test renders and builds"
		diag "$out/$1/gen.log"
		diag "$out/$1/cc.log"
	fi
}

# The base case as named, and as chosen without the name: the first
# success case needing no privilege (the first one needs CAP_IPC_LOCK).
run named "$spec"
sed '/^\tbase "/d' "$spec" >"$out/default.kapi"
run default "$out/default.kapi"
finish
