#!/bin/sh
# test-json-to-dump.sh - tests/tools/json-to-dump.jq must print kapic-shaped
# JSON in exactly kapi-dump's format: its enum tables equal the header's
# (via `kapi-dump --tables`), and the sample JSON files, written in the
# shapes the program accepts, give the same golden dumps that the compiled
# blocks give (tests/kapi/*.dump).
#
# Environment: srcdir, builddir, CC (see testlib.sh); JQ (default jq).

t_name=test-json-to-dump
. "$(dirname "$0")/../tools/testlib.sh"

: "${JQ:=jq}"
tools=$srcdir/tests/tools
kapi=$srcdir/tests/kapi
prog=$tools/json-to-dump.jq

if ! have "$JQ"; then
	skip "json-to-dump.jq" "$JQ not found"
	finish
	exit
fi
if ! have "$CC"; then
	skip "json-to-dump.jq" "$CC not found"
	finish
	exit
fi

# The block overrides the 2025 header's presets, as real blocks do.
check "kapi-dump builds" \
	$CC $KAPI_CFLAGS $(override_flag "$CC") -I"$kapi" -DKAPI_BLOCK='"vocabulary-block.c"' \
	-DKAPI_SPEC_VAR=__kapi_spec_sys_kapi_vocabulary \
	"$tools/kapi-dump.c" -o "$out/kapi-dump"
# The 2026 stand-in's tables, with an empty spec.
printf 'DEFINE_KERNEL_API_SPEC(sys_empty)\nKAPI_END_SPEC;\n' >"$out/empty.c"
check "kapi-dump builds against the 2026 stand-in" \
	$CC $KAPI_CFLAGS -I"$kapi/2026" -I"$out" -DKAPI_BLOCK='"empty.c"' \
	-DKAPI_SPEC_VAR=__kapi_spec_sys_empty "$tools/kapi-dump.c" -o "$out/kapi-dump-2026"

for g in 2025 2026; do
	d=$out/kapi-dump; [ $g = 2025 ] || d=$out/kapi-dump-2026
	if [ -x "$d" ]; then
		"$d" --tables >"$out/tables-$g.c.txt"
		KAPI_GENERATION=$g KAPI_DUMP_TABLES=1 "$JQ" -n -r -f "$prog" >"$out/tables-$g.jq.txt" 2>&1
		same "enum tables in json-to-dump.jq equal the $g stand-in's" \
			"$out/tables-$g.c.txt" "$out/tables-$g.jq.txt"
	else
		not_ok "enum tables in json-to-dump.jq equal the $g stand-in's"
	fi
done

# Raw-text mode (-R -s) is exact, including LONG_MAX and ~0ULL.
"$JQ" -R -s -r -f "$prog" "$tools/mlock2-sample.json" >"$out/mlock2.txt" 2>&1
same "mlock2-sample.json gives mlock2-reference.dump" \
	"$kapi/mlock2-reference.dump" "$out/mlock2.txt"

"$JQ" -R -s -r -f "$prog" "$tools/vocabulary-sample.json" >"$out/vocabulary.txt" 2>&1
same "vocabulary-sample.json (numbers, arrays, unordered flags) gives vocabulary.dump" \
	"$kapi/vocabulary.dump" "$out/vocabulary.txt"

# Parsed mode differs only where a double cannot hold the number.
"$JQ" -r -f "$prog" "$tools/mlock2-sample.json" >"$out/mlock2-parsed.txt" 2>&1
grep -v 'max=9223372036854775807' "$kapi/mlock2-reference.dump" >"$out/a"
grep -v 'max=9223372036854776000' "$out/mlock2-parsed.txt" >"$out/b"
same "parsed (lossy) mode agrees apart from LONG_MAX" "$out/a" "$out/b"

# Selection by dump name, and names the tables do not know stay visible.
KAPI_SPEC=sys_mlock2 "$JQ" -R -s -r -f "$prog" "$tools/mlock2-sample.json" \
	>"$out/selected.txt" 2>&1
same "KAPI_SPEC selects the spec by its dump name" \
	"$kapi/mlock2-reference.dump" "$out/selected.txt"
KAPI_SPEC=sys_other "$JQ" -R -s -r -f "$prog" "$tools/mlock2-sample.json" \
	>"$out/none.txt" 2>&1
check "KAPI_SPEC with another name selects nothing" test ! -s "$out/none.txt"

echo '{"specs":[{"name":"f","kind":"function","parameters":[{"name":"p","flags":"KAPI_PARAM_IN | KAPI_PARAM_BOGUS","param_type":99,"constraint_type":"KAPI_CONSTRAINT_NONE"},{"name":"q","flags":513}]}]}' \
	>"$out/odd.json"
"$JQ" -R -s -r -f "$prog" "$out/odd.json" >"$out/odd.txt" 2>&1
check "a non-syscall keeps its name" grep -qx 'name f' "$out/odd.txt"
check "an unknown flag name is printed, not dropped" \
	grep -q '^param 0 p ctype="" type=99 flags=1|?KAPI_PARAM_BOGUS ' "$out/odd.txt"
check "unknown flag bits are printed as in kapi-dump (name|0xNNN)" \
	grep -q '^param 1 q .* flags=KAPI_PARAM_IN|0x200 ' "$out/odd.txt"

finish
