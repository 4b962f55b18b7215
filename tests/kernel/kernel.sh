#!/bin/sh
# --emit=kernel: the faithful transcription reproduces the reference block
# token for token; the mlock2 block compiles with gcc and clang against the
# project's own KAPI header, and what C makes of it matches the JSON model.
set -u
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${KAPIC:=kapic}" "${CC:=cc}" "${JQ:=jq}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; }
check() { desc=$1; shift; if "$@" >"$tmp/out" 2>&1; then ok "$desc"; else not_ok "$desc"; sed 's/^/# /' "$tmp/out"; fi; }

echo "1..16"
cc -std=gnu11 -o "$tmp/ctokens" "$srcdir/tests/tools/ctokens.c" || exit 1

"$KAPIC" -Wno-untested-error --emit=kernel -o "$tmp/faithful.kapi.c" \
	"$srcdir/tests/kernel/mlock2-faithful.kapi" 2>"$tmp/faithful.err"
check "the faithful transcription compiles to a kernel block" test -s "$tmp/faithful.kapi.c"
check "its only diagnostics are the two repeated lock descriptions" \
	test "$(grep -c 'warning: .*\[duplicate-property\]' "$tmp/faithful.err")" -eq 2 -a \
	"$(grep -c 'warning:\|error:' "$tmp/faithful.err")" -eq 2
"$tmp/ctokens" "$tmp/faithful.kapi.c" >"$tmp/a.tok"
"$tmp/ctokens" "$srcdir/tests/kapi/mlock2-reference-block.c" >"$tmp/b.tok"
check "token sequence equals the reference block's ($(wc -l <"$tmp/b.tok") tokens)" \
	diff "$tmp/a.tok" "$tmp/b.tok"
# The SPDX line is a comment: it comes first, and the tokens above stay.
check "the block starts with its SPDX line, which adds no token" \
	test "$(head -n 1 "$tmp/faithful.kapi.c")" = "// SPDX-License-Identifier: GPL-2.0-only"

"$KAPIC" --emit=kernel,json -d "$tmp" "$srcdir/specs/mlock2.kapi"
check "kernel style: the block is indented with tabs" \
	sh -c "grep -q '^	KAPI_PARAM(' '$tmp/mlock2.kapi.c' && ! grep -q '^  *KAPI' '$tmp/mlock2.kapi.c'"
check "indices and counts are derived: 6 errors, ERROR_COUNT(6)" \
	sh -c "grep -c '^	KAPI_ERROR(' '$tmp/mlock2.kapi.c' | grep -qx 6 && grep -q 'KAPI_ERROR_COUNT(6)' '$tmp/mlock2.kapi.c'"

for compiler in gcc clang; do
	if ! command -v $compiler >/dev/null; then
		ok "# SKIP $compiler not installed"
		continue
	fi
	printf '#include "kernel_api_spec.h"\n#include "%s"\n' "$tmp/mlock2.kapi.c" >"$tmp/tu.c"
	# The 2025 header presets .reversible = false, which each
	# KAPI_EFFECT_REVERSIBLE overrides, as on the real header: -Wextra's
	# override-init at exactly those lines is the one warning allowed.
	want=$(grep -n 'KAPI_EFFECT_REVERSIBLE' "$tmp/mlock2.kapi.c" | cut -d: -f1 | tr '\n' ' ')
	$compiler -std=gnu11 -Wall -Wextra -Werror -I"$srcdir/tests/kapi" -c "$tmp/tu.c" -o "$tmp/strict.o" 2>"$tmp/strict.err"
	got=$(sed -n 's/^[^:]*mlock2\.kapi\.c:\([0-9]*\):[0-9]*: error: .*\(override-init\|initializer-overrides\).*/\1/p' "$tmp/strict.err" | tr '\n' ' ')
	check "$compiler accepts the mlock2 block with -Wall -Wextra -Werror but for override-init at its KAPI_EFFECT_REVERSIBLEs ($want)" \
		sh -c "test -n '$want' && test '$got' = '$want' && test \$(grep -c 'error:' '$tmp/strict.err') -eq \$(echo $want | wc -w) && \
			$compiler -std=gnu11 -Wall -Wextra -Werror -Wno-override-init -I'$srcdir/tests/kapi' -c '$tmp/tu.c' -o '$tmp/tu-$compiler.o'"
done

$CC -std=gnu11 -I"$srcdir/tests/kapi" -DKAPI_BLOCK="\"$tmp/mlock2.kapi.c\"" \
	-DKAPI_SPEC_VAR=__kapi_spec_sys_mlock2 -o "$tmp/dump" "$srcdir/tests/tools/kapi-dump.c"
"$tmp/dump" >"$tmp/from-c.dump"
"$JQ" -R -s -r -f "$srcdir/tests/tools/json-to-dump.jq" "$tmp/mlock2.json" >"$tmp/from-json.dump"
check "the compiled struct matches the JSON model (counts, error codes, masks)" \
	diff "$tmp/from-c.dump" "$tmp/from-json.dump"
check "the compiled struct has 3 params, valid mask 1 and -EINVAL first" \
	sh -c "grep -qx 'param_count 3' '$tmp/from-c.dump' && grep -q 'valid_mask=1' '$tmp/from-c.dump' && grep -qx 'error 0 -22 EINVAL' '$tmp/from-c.dump'"
"$KAPIC" --emit=kernel -o "$tmp/again.kapi.c" "$srcdir/specs/mlock2.kapi"
check "the same input gives the same bytes" cmp "$tmp/mlock2.kapi.c" "$tmp/again.kapi.c"
# Hostile strings (quotes, backslashes, */, ??/, newlines, %n, roff
# requests) stay inside their literals: the blocks still compile cleanly.
for spec in tests/validators/hostile.kapi tests/man/hostile.kapi; do
	name=$(basename "$(dirname "$spec")")
	mkdir -p "$tmp/h-$name"
	"$KAPIC" -Wno-untested-error --emit=kernel,json -d "$tmp/h-$name" "$srcdir/$spec" 2>"$tmp/h-$name.err"
	# The kernel defines the constants a block names; here the spec does.
	{
		echo '#include "kernel_api_spec.h"'
		"$JQ" -r '.constants[] | "#define \(.name) (\(.value.text))"' "$tmp/h-$name/hostile.json"
		for f in "$tmp/h-$name"/*.kapi.c; do echo "#include \"$f\""; done
	} >"$tmp/h-$name.c"
	check "the kernel blocks of $spec compile with -Werror" \
		sh -c "ls '$tmp/h-$name'/*.kapi.c >/dev/null 2>&1 && $CC -std=gnu11 -Wall -Wextra -Werror -Wno-override-init -I'$srcdir/tests/kapi' -c '$tmp/h-$name.c' -o '$tmp/h-$name.o'"
done

# --templates DIR replaces one template and keeps the built-in others.
mkdir -p "$tmp/tpl" "$tmp/o1" "$tmp/o2"
printf '%s\n' '{{%escape c_comment}}' '/* house style for {{spec.name}} */' >"$tmp/tpl/kernel.tmpl"
"$KAPIC" --templates "$tmp/tpl" --emit=kernel,json -d "$tmp/o1" "$srcdir/specs/mlock2.kapi"
check "--templates overrides the kernel template" grep -qx '/\* house style for mlock2 \*/' "$tmp/o1/mlock2.kapi.c"
check "... and the JSON template stays built in" cmp "$tmp/o1/mlock2.json" "$tmp/mlock2.json"
# A broken template is an error at its own file:line:col, and writes nothing.
printf '%s\n' '{{%escape c_string}}' 'line two' '{{#spec}}{{nosuchkey}}{{/spec}}' >"$tmp/tpl/kernel.tmpl"
"$KAPIC" --templates "$tmp/tpl" --emit=kernel -d "$tmp/o2" "$srcdir/specs/mlock2.kapi" 2>"$tmp/tpl.err"
rc=$?
check "an unknown template variable: exit 1, located error, no output" \
	sh -c "test $rc -eq 1 && grep -q 'kernel.tmpl:3:10: error: .*nosuchkey.*\[template\]' '$tmp/tpl.err' && test -z \"\$(ls '$tmp/o2')\""
exit $failed
