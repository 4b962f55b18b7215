#!/bin/sh
# A spec constant the system headers define with another value
# (shadowed.kapi) stops the build of the validator with a static
# assertion naming it, never silently taking the system's value; the test
# builds, calls with the spec's value and fails the constant's point,
# naming both values; a header's 4294967295U is not the spec's -1 although
# C's == says so.  A constant that agrees (NAME_MAX) is not reported.
t_name=validators-run-shadowed
. "$(dirname "$0")/lib.sh"

check "kapic accepts shadowed.kapi" "$KAPIC" --emit=all -d "$out/gen" "$srcdir/tests/validators/shadowed.kapi"
# fails WHAT LOG NAME... / passes: the build failed, by an #error naming
# each NAME, and named no other constant.
fails() {
	f_what=$1 f_log=$2
	shift 2
	for n in "$@"; do
		grep -q "$n: the system headers define another value" "$f_log" ||
			{ not_ok "$f_what: #error names $n"; diag "$f_log"; return; }
	done
	if grep -q 'NAME_MAX: the system' "$f_log"; then
		not_ok "$f_what: NAME_MAX, which agrees, is not reported"
	else
		ok "$f_what: stops with an error naming $*"
	fi
}
for cc in $(compilers); do
	have "$cc" || continue
	if $cc $V_CFLAGS -I"$out/gen" -c "$out/gen/shadowed-check.c" -o "$out/v.o" >"$out/v.log" 2>&1; then
		not_ok "$cc: the validator builds although CHAR_BIT differs"
	else
		fails "$cc: the validator" "$out/v.log" CHAR_BIT UINT32_MAX
	fi
	if $cc $T_CFLAGS -I"$out/gen" -o "$out/t.bin" "$out/gen/shadowed-test.c" >"$out/t.log" 2>&1; then
		"$out/t.bin" >"$out/t.out" 2>&1
		st=$?
		if [ "$st" = 1 ] &&
		   grep -q '^not ok [0-9]* - constant CHAR_BIT: ' "$out/t.out" &&
		   grep -q '^# raw: FAIL: constant CHAR_BIT: the system headers say 8 (0x8), the spec 16 (0x10)$' "$out/t.out" &&
		   grep -q '^not ok [0-9]* - constant MAP_ANONYMOUS: ' "$out/t.out" &&
		   grep -q '^# raw: FAIL: constant MAP_ANONYMOUS: the system headers say 32 (0x20), the spec 16 (0x10)$' "$out/t.out" &&
		   grep -q '^# raw: FAIL: constant UINT32_MAX: the system headers say 4294967295 (0xffffffff), the spec -1 (0xffffffffffffffff)$' "$out/t.out" &&
		   grep -q '^ok [0-9]* - constant NAME_MAX: ' "$out/t.out"; then
			ok "$cc: the test fails the points of CHAR_BIT, MAP_ANONYMOUS and UINT32_MAX with both values, NAME_MAX passes"
		else
			not_ok "$cc: the test fails the points of CHAR_BIT and MAP_ANONYMOUS with both values (exit $st)"
			diag "$out/t.out"
		fi
	else
		not_ok "$cc: the test builds"
		diag "$out/t.log"
	fi
done
finish
