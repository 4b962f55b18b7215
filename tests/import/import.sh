#!/bin/sh
# kapic import: the reference mlock2 block and kapic's own kernel output of
# every spec come back as the same C tokens, and every spec as the same
# model on the facts a kernel block holds (facts.jq); constants take their
# values from the system headers; hostile C files give located errors, no
# crash.
t_name=import
. "$(dirname "$0")/../tools/testlib.sh"
: "${KAPIC:=kapic}" "${JQ:=jq}"
$CC -std=gnu11 -o "$out/ctokens" "$srcdir/tests/tools/ctokens.c" || exit 99
toks() { "$out/ctokens" "$1"; }
# facts JSON: the model's facts a kernel block holds (facts.jq).
facts() { "$JQ" -S -L "$srcdir/tests/import" 'include "facts"; kernel' "$1"; }

ref=$srcdir/tests/kapi/mlock2-reference-block.c
check "the reference mlock2 block imports" "$KAPIC" import "$ref" -o "$out/mlock2.kapi"
check "MLOCK_ONFAULT's value comes from <sys/mman.h>" \
	grep -q '^const MLOCK_ONFAULT = [0-9]' "$out/mlock2.kapi"
check "the imported spec compiles to a kernel block" \
	"$KAPIC" -w --emit=kernel -o "$out/mlock2.kapi.c" "$out/mlock2.kapi"
toks "$ref" >"$out/ref.tok"
toks "$out/mlock2.kapi.c" >"$out/back.tok"
same "its tokens are the reference block's" "$out/ref.tok" "$out/back.tok"
CC=/nonexistent/cc "$KAPIC" import "$ref" -o "$out/nocc.kapi" 2>"$out/nocc.err"
check "without a compiler the import still works, MLOCK_ONFAULT symbolic" \
	grep -q '^const MLOCK_ONFAULT = 0;  // no system header' "$out/nocc.kapi"

for spec in "$srcdir"/specs/*.kapi; do
	b=$(basename "$spec" .kapi)
	"$KAPIC" -w --emit=kernel -o "$out/$b.orig.c" "$spec"
	"$KAPIC" import "$out/$b.orig.c" -o "$out/$b.imported.kapi" &&
		"$KAPIC" -w --emit=kernel -o "$out/$b.again.c" "$out/$b.imported.kapi"
	toks "$out/$b.orig.c" >"$out/$b.orig.tok"
	toks "$out/$b.again.c" >"$out/$b.again.tok" 2>/dev/null
	same "specs/$b.kapi: kernel, import, kernel gives the same tokens" \
		"$out/$b.orig.tok" "$out/$b.again.tok"
	"$KAPIC" -w --emit=json -o "$out/$b.orig.json" "$spec"
	"$KAPIC" -w --emit=json -o "$out/$b.again.json" "$out/$b.imported.kapi"
	facts "$out/$b.orig.json" >"$out/$b.orig.facts"
	facts "$out/$b.again.json" >"$out/$b.again.facts" 2>/dev/null
	check "specs/$b.kapi: its facts are there to compare" test -s "$out/$b.orig.facts"
	same "specs/$b.kapi: the imported model is the original's on the facts a kernel block holds" \
		"$out/$b.orig.facts" "$out/$b.again.facts"
done

# lang-examples.kapi: every construct (signal v2 macros, signal masks,
# constraints, structures, enum and error value arrays, capability
# alternatives, api-type, size-param), its three blocks in one C file.
le=$srcdir/tests/build/lang-examples.kapi
"$KAPIC" -w --emit=kernel,json -d "$out/le" "$le"
for s in $("$JQ" -r '.specs[].name' "$out/le/lang-examples.json"); do
	cat "$out/le/$s.kapi.c"
done >"$out/le.c"
check "lang-examples: its kernel blocks import" "$KAPIC" import "$out/le.c" -o "$out/le.kapi"
"$KAPIC" -w --emit=kernel,json -d "$out/le.again" "$out/le.kapi"
for f in "$out/le"/*.kapi.c; do
	toks "$f" >"$out/le.orig.tok"
	toks "$out/le.again/$(basename "$f")" >"$out/le.again.tok" 2>/dev/null
	same "lang-examples: $(basename "$f"): kernel, import, kernel gives the same tokens" \
		"$out/le.orig.tok" "$out/le.again.tok"
done
facts "$out/le/lang-examples.json" >"$out/le.orig.facts"
facts "$out/le.again/le.json" >"$out/le.again.facts" 2>/dev/null
check "lang-examples: its facts are there to compare" test -s "$out/le.orig.facts"
same "lang-examples: the imported model is the original's on the facts a kernel block holds" \
	"$out/le.orig.facts" "$out/le.again.facts"

# The same under --kapi=2026: variadic enum values, signal-mask signals
# and capability alternatives, a lock's scope, KAPI_PARAM_SIZE_PARAM.
"$KAPIC" --kapi=2026 -w --emit=kernel,json -d "$out/le26" "$le"
for s in $("$JQ" -r '.specs[].name' "$out/le26/lang-examples.json"); do
	cat "$out/le26/$s.kapi.c"
done >"$out/le26.c"
check "lang-examples, 2026: its kernel blocks import" "$KAPIC" import "$out/le26.c" -o "$out/le26.kapi"
"$KAPIC" --kapi=2026 -w --emit=json -o "$out/le26.again.json" "$out/le26.kapi"
"$JQ" -S -L "$srcdir/tests/import" 'include "facts"; kernel2026' "$out/le26/lang-examples.json" >"$out/le26.orig.facts"
"$JQ" -S -L "$srcdir/tests/import" 'include "facts"; kernel2026' "$out/le26.again.json" >"$out/le26.again.facts" 2>/dev/null
check "lang-examples, 2026: its facts are there to compare" test -s "$out/le26.orig.facts"
same "lang-examples, 2026: the imported model is the original's on the facts a 2026 block holds" \
	"$out/le26.orig.facts" "$out/le26.again.facts"
"$KAPIC" --kapi=2026 -w --emit=kernel -d "$out/le26.again" "$out/le26.kapi"
for s in $("$JQ" -r '.specs[].name' "$out/le26/lang-examples.json"); do
	toks "$out/le26/$s.kapi.c" >"$out/le26.orig.tok"
	toks "$out/le26.again/$s.kapi.c" >"$out/le26.again.tok" 2>/dev/null
	same "lang-examples, 2026: $s.kapi.c: kernel, import, kernel gives the same tokens" \
		"$out/le26.orig.tok" "$out/le26.again.tok"
done

sed -e 's/KAPI_ERROR(1, -ENOMEM/KAPI_ERROR(7, -ENOMEM/' -e 's/KAPI_LOCK_COUNT(2)/KAPI_LOCK_COUNT(3)/' "$ref" >"$out/miscount.c"
"$KAPIC" import "$out/miscount.c" >"$out/miscount.kapi" 2>"$out/miscount.err"
check "a wrong index: a located warning, the import still written" \
	grep -q "miscount.c:[0-9]*:13: warning: index 7, but this is entry 1 of its kind \[import\]" "$out/miscount.err"
check "a wrong count: a located warning" \
	grep -q "miscount.c:[0-9]*:18: warning: count 3, but the block has 2 \[import\]" "$out/miscount.err"
check "the reference block's indices and counts are right: no warning" \
	test ! -s "$out/nocc.err"

# hostile NAME EXPECTED-DIAGNOSTIC: the import fails with that located error.
hostile() {
	"$KAPIC" import "$out/$1.c" >"$out/$1.kapi" 2>"$out/$1.err"
	rc=$?
	if [ $rc -eq 1 ] && grep -q "$2" "$out/$1.err" && [ ! -s "$out/$1.kapi" ]; then
		ok "$1: exit 1 and $2"
	else
		not_ok "$1: exit 1 and $2 (exit $rc)"
		diag "$out/$1.err"
	fi
}
sed '/KAPI_END_SPEC/d' "$ref" >"$out/truncated.c"
hostile truncated "truncated.c:1:1: error: this spec has no KAPI_END_SPEC \\[import\\]"
sed 's/KAPI_SIGNAL_RESTARTABLE/KAPI_SIGNAL_RESTARTABUL/' "$ref" >"$out/unknown.c"
hostile unknown "unknown.c:[0-9]*:3: error: unknown KAPI macro or key 'KAPI_SIGNAL_RESTARTABUL' \[import\]"
sed 's/KAPI_PARAM_RANGE(0, LONG_MAX)/KAPI_PARAM_RANGE(0, (LONG_MAX)/' "$ref" >"$out/unbalanced.c"
hostile unbalanced "unbalanced.c:[0-9]*:19: error: unbalanced parenthesis"
printf 'DEFINE_KERNEL_API_SPEC(sys_x)\n\tKAPI_DESCRIPTION("a")\0\nKAPI_END_SPEC;\n' >"$out/nul.c"
hostile nul "nul.c:2:23: error: no C token here"
printf 'int x;\n' >"$out/none.c"
hostile none "none.c:2:1: error: no DEFINE_KERNEL_API_SPEC block"
sed '/^static const s64 __kapi_sys_demo_buffer_return_errors/d' "$out/le.c" >"$out/noarray.c"
hostile noarray "noarray.c:[0-9]*:28: error: no array of this name is defined before the block \[import\]"
{ i=0; while [ $i -lt 2000 ]; do sed '1,/^DEFINE/d' "$ref" | sed '/KAPI_END_SPEC/d'; i=$((i + 1)); done; } >"$out/body"
{ echo 'DEFINE_KERNEL_API_SPEC(sys_mlock2)'; cat "$out/body"; } >"$out/huge.c"
"$KAPIC" import "$out/huge.c" >/dev/null 2>"$out/huge.err"
check "a huge truncated block: exit 1, no crash" test $? -eq 1
if command -v valgrind >/dev/null; then
	for f in "$ref" "$out/unbalanced.c" "$out/nul.c" "$out/truncated.c"; do
		valgrind -q --leak-check=full --errors-for-leak-kinds=all --error-exitcode=99 \
			"$KAPIC" import "$f" >/dev/null 2>"$out/vg.err"
		check "valgrind: no error or leak importing $(basename "$f")" test $? -ne 99
	done
else
	skip "valgrind" "not installed"
fi
finish
