#!/bin/sh
# Adjacent string literals are one string, as in C, and the outputs keep
# the literals the author wrote: joined by the scanner when only blanks
# and line ends separate them, by the parser when a comment does, with
# escapes and empty literals among them.
t_name=strings
. "${srcdir:-$(dirname "$0")/../..}/tests/tools/testlib.sh"
: "${KAPIC:=kapic}" "${JQ:=jq}"

cat >"$out/s.kapi" <<'EOF'
syscall strs {
	summary "one "
		"two";
	description "a\tb " /* between */ "" // and after
		"c\x41 " "end";
	since "6.1";
	context process;
	return long { summary "R"; type int; check error; success 0; }
}
EOF

"$KAPIC" --emit=json -o "$out/s.json" "$out/s.kapi" >"$out/log" 2>&1
rc=$?
check "a spec of joined literals compiles cleanly" sh -c "test $rc -eq 0 && test ! -s '$out/log'"
check "literals on two lines: one string" \
	sh -c "test \"\$($JQ -r '.specs[0].description' '$out/s.json')\" = 'one two'"
printf 'a\tb cA end' >"$out/want"
$JQ -j '.specs[0].long_description' "$out/s.json" >"$out/got"
same "literals around a comment, with escapes and an empty one: one string" \
	"$out/want" "$out/got"

"$KAPIC" --emit=kernel -o "$out/s.c" "$out/s.kapi" >"$out/log" 2>&1
cat >"$out/want" <<'EOF'
	KAPI_DESCRIPTION("one "
			 "two")
	KAPI_LONG_DESC("a\tb "
		       ""
		       "cA "
		       "end")
EOF
grep -A5 'KAPI_DESCRIPTION' "$out/s.c" | sed -n 1,6p >"$out/got"
same "the kernel block keeps each literal as written (escapes decoded)" \
	"$out/want" "$out/got"

finish
