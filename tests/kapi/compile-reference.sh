#!/bin/sh
# compile-reference.sh - the mlock2 reference block (the upstream patch's
# DEFINE_KERNEL_API_SPEC(sys_mlock2) ... KAPI_END_SPEC; block, copied from
# shared/reference) must compile against tests/kapi/kernel_api_spec.h with
# every compiler we have, and kapi-dump must print the golden summary
# tests/kapi/mlock2-reference.dump from it.
#
# The block has one known defect: its first lock gives KAPI_LOCK_DESC twice
# (and so does its second), so -Wextra reports an overridden initializer.
# And, as on the real header, each KAPI_EFFECT_REVERSIBLE overrides the
# `.reversible = false` that KAPI_SIDE_EFFECT presets.  The test asserts that
# those diagnostics, and nothing else, are what a strict build reports, then
# builds with only that warning switched off.
#
# Environment: srcdir, builddir, CC, KAPI_TEST_COMPILERS (see testlib.sh).

t_name=compile-reference
. "$(dirname "$0")/../tools/testlib.sh"

kapi=$srcdir/tests/kapi
block=$kapi/mlock2-reference-block.c
golden=$kapi/mlock2-reference.dump

printf '#include "kernel_api_spec.h"\n#include "mlock2-reference-block.c"\n' \
	>"$out/reference-tu.c"

# Where the overriding KAPI_LOCK_DESCs are (the 2nd and 4th in the file)
# and the KAPI_EFFECT_REVERSIBLEs.
want_lines=$({ grep -n 'KAPI_LOCK_DESC' "$block" | sed -n '2p;4p'; grep -n 'KAPI_EFFECT_REVERSIBLE' "$block"; } |
	cut -d: -f1 | sort -n | tr '\n' ' ' | sed 's/ $//')

for cc in $(compilers); do
	t=$(tag "$cc")
	if ! have "$cc"; then
		skip "$cc: reference block" "compiler not found"
		continue
	fi
	noover=$(override_flag "$cc")

	# 1. Strict build: fails, with exactly the known override diagnostics.
	if $cc $KAPI_CFLAGS -I"$kapi" -c "$out/reference-tu.c" \
		-o "$out/strict-$t.o" >"$out/strict-$t.log" 2>&1; then
		not_ok "$cc: strict build reports the overriding initializers"
	else
		grep -E '(warning|error):' "$out/strict-$t.log" >"$out/strict-$t.diags"
		got_lines=$(sed -n 's/^[^:]*mlock2-reference-block\.c:\([0-9]*\):.*/\1/p' \
			"$out/strict-$t.diags" | tr '\n' ' ' | sed 's/ $//')
		others=$(grep -Ev 'override-init|initializer-overrides' "$out/strict-$t.diags" \
			| grep -v 'all warnings being treated as errors')
		if [ "$got_lines" = "$want_lines" ] && [ -z "$others" ]; then
			ok "$cc: strict build reports only the overriding KAPI_LOCK_DESC and KAPI_EFFECT_REVERSIBLE (lines $want_lines)"
		else
			not_ok "$cc: strict build reports only the overriding KAPI_LOCK_DESC and KAPI_EFFECT_REVERSIBLE (lines $want_lines)"
			echo "# got lines: $got_lines"
			diag "$out/strict-$t.log"
		fi
	fi

	# 2. The same build with only that warning off is clean.
	check "$cc: reference block compiles with $KAPI_CFLAGS $noover" \
		$cc $KAPI_CFLAGS $noover -I"$kapi" -c "$out/reference-tu.c" -o "$out/ref-$t.o"

	# 3. The spec lands in .kapi_specs, where the kernel's tools look.
	if [ ! -f "$out/ref-$t.o" ]; then
		skip "$cc: object has a .kapi_specs section" "no object"
	elif have readelf; then
		check "$cc: object has a .kapi_specs section" \
			sh -c "readelf -S '$out/ref-$t.o' | grep -q '\.kapi_specs'"
	elif have objdump; then
		check "$cc: object has a .kapi_specs section" \
			sh -c "objdump -h '$out/ref-$t.o' | grep -q '\.kapi_specs'"
	else
		skip "$cc: object has a .kapi_specs section" "no readelf or objdump"
	fi

	# 4. What the compiler built is what the golden dump says.
	check "$cc: kapi-dump builds with the reference block" \
		$cc $KAPI_CFLAGS $noover -I"$kapi" \
		-DKAPI_BLOCK='"mlock2-reference-block.c"' \
		-DKAPI_SPEC_VAR=__kapi_spec_sys_mlock2 \
		"$srcdir/tests/tools/kapi-dump.c" -o "$out/kapi-dump-$t"
	if [ -x "$out/kapi-dump-$t" ] && "$out/kapi-dump-$t" >"$out/reference-$t.dump"; then
		same "$cc: kapi-dump output equals mlock2-reference.dump" \
			"$golden" "$out/reference-$t.dump"
	else
		not_ok "$cc: kapi-dump runs"
	fi
done

finish
