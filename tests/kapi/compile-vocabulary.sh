#!/bin/sh
# compile-vocabulary.sh - every macro of tests/kapi/kernel_api_spec.h, used
# by tests/kapi/vocabulary-block.c, must compile with -Wall -Wextra -Werror
# but for the override-init warnings of the two presets the real header has
# (asserted: exactly the block's two overriding lines), and land in the
# right member: checked by
# vocabulary-check.c for the members kapi-dump does not print, and by the
# golden tests/kapi/vocabulary.dump for the ones it does.  Then the header's
# guard rails: limits that must stop a build.
#
# Environment: srcdir, builddir, CC, KAPI_TEST_COMPILERS (see testlib.sh).

t_name=compile-vocabulary
. "$(dirname "$0")/../tools/testlib.sh"

kapi=$srcdir/tests/kapi

# A spec with one statement in it, for the limit checks.
mini() {
	printf '#include "kernel_api_spec.h"\nDEFINE_KERNEL_API_SPEC(sys_mini)\n%s\nKAPI_END_SPEC;\n' "$1" \
		>"$out/$2.c"
}
repeat() {
	head -c "$1" /dev/zero | tr '\0' x
}

# C lets a string fill a char array exactly, dropping the NUL (gcc 15 warns
# with -Wunterminated-string-initialization; gcc 12 and clang 14 do not),
# so 512 characters fit a 512-byte description and 513 do not.  kapic must
# keep to 511 itself; the header can only stop what C stops.
mini "KAPI_DESCRIPTION(\"$(repeat 511)\")" desc-511
mini "KAPI_DESCRIPTION(\"$(repeat 512)\")" desc-512
mini "KAPI_DESCRIPTION(\"$(repeat 513)\")" desc-513
mini "KAPI_PARAM(0, \"$(repeat 128)\", \"int\", \"d\") KAPI_PARAM_END KAPI_PARAM_COUNT(1)" name-128
mini "KAPI_PARAM(0, \"$(repeat 129)\", \"int\", \"d\") KAPI_PARAM_END" name-129
mini 'KAPI_PARAM(16, "p", "int", "d") KAPI_PARAM_END' param-16
mini 'KAPI_ERROR(32, -EINVAL, "EINVAL", "c", "d")' error-32
# The 2025 signal-mask macro is not valid C, as on the real header; a
# mask's signals are written as its array.
mini 'KAPI_SIGNAL_MASK(0, "m", "d") KAPI_SIGNAL_MASK_ADD(SIGINT) KAPI_SIGNAL_MASK_END' mask-add
mini "KAPI_SIGNAL_MASK(0, \"m\", \"d\") .signals = { $(seq -s, 1 33) }, .signal_count = 33, KAPI_SIGNAL_MASK_END" mask-33
mini "KAPI_SIGNAL_MASK(0, \"m\", \"d\") .signals = { $(seq -s, 1 32) }, .signal_count = 32, KAPI_SIGNAL_MASK_END" mask-32
mini 'KAPI_CAPABILITY(0, CAP_SYS_ADMIN, "CAP_SYS_ADMIN", KAPI_CAP_BYPASS_CHECK) .alternative = { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, .alternative_count = 9, KAPI_CAPABILITY_END' alternatives-9
mini 'KAPI_CAPABILITY(0, CAP_SYS_ADMIN, "CAP_SYS_ADMIN", KAPI_CAP_BYPASS_CHECK) KAPI_CAP_ALTERNATIVE({ 1, 2 }, 2) KAPI_CAPABILITY_END' alternative-list
# 2026 words and KAPI_CONSTRAINT_COUNT (CONFIG_NET only) are not there.
mini 'KAPI_SIDE_EFFECT(0, KAPI_EFFECT_IRREVERSIBLE, "t", "d") KAPI_SIDE_EFFECT_END' irreversible
mini 'KAPI_PARAM(0, "p", "int", "d") KAPI_PARAM_CONSTRAINT_TYPE(KAPI_CONSTRAINT_USER_PATH) KAPI_PARAM_END' user-path
mini 'KAPI_CONSTRAINT(0, "c", "d") KAPI_CONSTRAINT_END KAPI_CONSTRAINT_COUNT(1)' constraint-count

printf '#include "kernel_api_spec.h"\n#include "vocabulary-block.c"\n' >"$out/vocab-tu.c"
want_lines=$(grep -n '^	*\.size_param_idx = 1,\|^	*KAPI_EFFECT_REVERSIBLE' "$kapi/vocabulary-block.c" | cut -d: -f1 | tr '\n' ' ' | sed 's/ $//')

for cc in $(compilers); do
	t=$(tag "$cc")
	if ! have "$cc"; then
		skip "$cc: vocabulary" "compiler not found"
		continue
	fi

	noover=$(override_flag "$cc")

	$cc $KAPI_CFLAGS -I"$kapi" -c "$out/vocab-tu.c" -o "$out/vocab-$t.o" >"$out/vocab-$t.log" 2>&1
	got_lines=$(sed -n 's/^[^:]*vocabulary-block\.c:\([0-9]*\):[0-9]*: \(warning\|error\):.*/\1/p' \
		"$out/vocab-$t.log" | tr '\n' ' ' | sed 's/ $//')
	others=$(grep -E '(warning|error):' "$out/vocab-$t.log" | grep -Ev 'override-init|initializer-overrides' \
		| grep -v 'all warnings being treated as errors')
	if [ "$got_lines" = "$want_lines" ] && [ -z "$others" ]; then
		ok "$cc: strict build warns only where the block overrides a preset (lines $want_lines)"
	else
		not_ok "$cc: strict build warns only where the block overrides a preset (lines $want_lines)"
		echo "# got lines: $got_lines"
		diag "$out/vocab-$t.log"
	fi

	check "$cc: vocabulary-check builds with $KAPI_CFLAGS $noover" \
		$cc $KAPI_CFLAGS $noover -I"$kapi" "$kapi/vocabulary-check.c" -o "$out/check-$t"
	if [ -x "$out/check-$t" ]; then
		check "$cc: every macro sets its member (vocabulary-check)" "$out/check-$t"
	else
		not_ok "$cc: every macro sets its member (vocabulary-check)"
	fi

	check "$cc: kapi-dump builds with the vocabulary block" \
		$cc $KAPI_CFLAGS $noover -I"$kapi" \
		-DKAPI_BLOCK='"vocabulary-block.c"' \
		-DKAPI_SPEC_VAR=__kapi_spec_sys_kapi_vocabulary \
		"$srcdir/tests/tools/kapi-dump.c" -o "$out/kapi-dump-$t"
	if [ -x "$out/kapi-dump-$t" ] && "$out/kapi-dump-$t" >"$out/vocabulary-$t.dump"; then
		same "$cc: kapi-dump output equals vocabulary.dump" \
			"$kapi/vocabulary.dump" "$out/vocabulary-$t.dump"
	else
		not_ok "$cc: kapi-dump runs on the vocabulary block"
	fi

	for c in desc-511 desc-512 mask-32; do
		check "$cc: $c compiles (at the limit)" \
			$cc $KAPI_CFLAGS -I"$kapi" -c "$out/$c.c" -o "$out/$c-$t.o"
	done

	# A name that fills its array has no NUL; kapi-dump must stop at the
	# array's end and print all 128 characters.
	if $cc $KAPI_CFLAGS -I"$kapi" -I"$out" -DKAPI_BLOCK='"name-128.c"' \
		-DKAPI_SPEC_VAR=__kapi_spec_sys_mini "$srcdir/tests/tools/kapi-dump.c" \
		-o "$out/dump-name-128-$t" >"$out/name-128-$t.log" 2>&1 &&
	   "$out/dump-name-128-$t" >"$out/name-128-$t.dump" &&
	   grep -q "^param 0 $(repeat 128) ctype=int " "$out/name-128-$t.dump"; then
		ok "$cc: kapi-dump prints a name that fills its array"
	else
		not_ok "$cc: kapi-dump prints a name that fills its array"
		diag "$out/name-128-$t.log"
	fi

	for c in desc-513 name-129 param-16 error-32 mask-add mask-33 alternatives-9 alternative-list \
		irreversible user-path constraint-count; do
		if $cc $KAPI_CFLAGS -I"$kapi" -c "$out/$c.c" -o "$out/$c-$t.o" \
			>"$out/$c-$t.log" 2>&1; then
			not_ok "$cc: $c is rejected (over a limit or set twice)"
		elif grep -q "$c\.c:3:" "$out/$c-$t.log"; then
			# Line 3 holds the offending statement: the build
			# failed for it, not for some unrelated reason.
			ok "$cc: $c is rejected (over a limit or set twice)"
		else
			not_ok "$cc: $c is rejected at its statement"
			diag "$out/$c-$t.log"
		fi
	done
done

finish
