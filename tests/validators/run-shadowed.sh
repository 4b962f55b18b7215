#!/bin/sh
# A spec constant the system headers define with another value
# (shadowed.kapi) stops the build of the validator and of the test with a
# static assertion naming it, never silently taking the system's value; a constant
# that agrees (NAME_MAX) is not reported.
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
		fails "$cc: the validator" "$out/v.log" CHAR_BIT
	fi
	if $cc $T_CFLAGS -I"$out/gen" -c "$out/gen/shadowed-test.c" -o "$out/t.o" >"$out/t.log" 2>&1; then
		not_ok "$cc: the test builds although CHAR_BIT and MAP_ANONYMOUS differ"
	else
		fails "$cc: the test" "$out/t.log" CHAR_BIT MAP_ANONYMOUS
	fi
done
finish
