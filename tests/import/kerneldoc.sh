#!/bin/sh
# kapic import of 2026 kernel-doc API comments: for every spec under specs/
# and tests/build/lang-examples.kapi, --emit=kerneldoc, import and
# --emit=kerneldoc again give the same bytes, and the imported spec's JSON
# model is the original's on the facts kernel-doc holds (facts.jq); a
# comment mixed with a 2025 block and C code imports too; a wrong section,
# subfield or word is a located error, nothing written.
#
# Environment: srcdir, builddir, KAPIC, JQ.
t_name=import-kerneldoc
. "$(dirname "$0")/../tools/testlib.sh"
: "${KAPIC:=kapic}" "${JQ:=jq}"

# facts JSON OUT: the model's facts a kernel-doc comment holds.
facts() {
	"$JQ" -S -L "$srcdir/tests/import" 'include "facts"; kerneldoc' "$1" >"$2"
}

# round NAME SPEC: the round trip of every spec of SPEC, whose comments
# are read from one file, one after the other.
round() {
	mkdir -p "$out/$1.kd" "$out/$1.again"
	"$KAPIC" -w --emit=kerneldoc -d "$out/$1.kd" "$2"
	"$KAPIC" -w --emit=json -o "$out/$1.json" "$2"
	for s in $("$JQ" -r '.specs[].name' "$out/$1.json"); do
		cat "$out/$1.kd/$s.kdoc"
	done >"$out/$1.c"
	check "$1: the kernel-doc comments import" "$KAPIC" import "$out/$1.c" -o "$out/$1.kapi"
	"$KAPIC" -w --emit=kerneldoc,json -d "$out/$1.again" "$out/$1.kapi"
	for f in "$out/$1.kd"/*.kdoc; do
		same "$1: $(basename "$f"): kerneldoc, import, kerneldoc gives the same bytes" \
			"$f" "$out/$1.again/$(basename "$f")"
	done
	facts "$out/$1.json" "$out/$1.facts"
	facts "$out/$1.again/$(basename "$out/$1.kapi" .kapi).json" "$out/$1.again.facts" 2>/dev/null ||
		facts "$out/$1.again/$1.json" "$out/$1.again.facts"
	check "$1: the facts are there to compare" test -s "$out/$1.facts"
	same "$1: the imported model is the original's on the facts kernel-doc holds" \
		"$out/$1.facts" "$out/$1.again.facts"
}

for spec in "$srcdir"/specs/*.kapi; do
	round "$(basename "$spec" .kapi)" "$spec"
done
round lang-examples "$srcdir/tests/build/lang-examples.kapi"

# Mixed: a 2025 block, C code and a kernel-doc comment above its
# SYSCALL_DEFINE in one file.
{
	cat "$srcdir/tests/kapi/mlock2-reference-block.c"
	printf '\nstatic int helper(void) { return 0; }\n\n'
	cat "$out/read.kd/read.kdoc"
	printf 'SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)\n{\n\treturn 0;\n}\n'
} >"$out/mixed.c"
check "a file with a 2025 block and a kernel-doc comment imports" \
	"$KAPIC" import "$out/mixed.c" -o "$out/mixed.kapi"
check "... to both specs, in the file's order" \
	sh -c "grep '^syscall ' '$out/mixed.kapi' | tr '\\n' ' ' | grep -qx 'syscall mlock2 { syscall read { '"
check "... which check and compile" "$KAPIC" -w --emit=kernel -d "$out/mixed.out" "$out/mixed.kapi"
check "... read's parameters with SYSCALL_DEFINE3's C types, __user dropped" \
	sh -c "grep '^	param ' '$out/mixed.kapi' | tail -n 3 | tr '\\n' ' ' |
		grep -qx '	param fd: unsigned int { 	param buf: char \\* { 	param count: size_t { '"

# A plain kernel-doc comment is not an API spec and is left alone.
printf '/**\n * helper - does nothing\n * @x: ignored\n *\n * Return: 0\n */\nint helper(int x);\n' >"$out/plain.c"
"$KAPIC" import "$out/plain.c" >"$out/plain.kapi" 2>"$out/plain.err"
check "a plain kernel-doc comment is no spec" grep -q "no DEFINE_KERNEL_API_SPEC block or kernel-doc API spec" "$out/plain.err"

# hostile NAME SED EXPECTED: mlock2's comment edited by SED fails to import
# with that located error, nothing written.
hostile() {
	sed "$2" "$out/mlock2.c" >"$out/$1.c"
	"$KAPIC" import "$out/$1.c" >"$out/$1.kapi" 2>"$out/$1.err"
	rc=$?
	if [ $rc -eq 1 ] && grep -q "$3" "$out/$1.err" && [ ! -s "$out/$1.kapi" ]; then
		ok "$1: exit 1 and $3"
	else
		not_ok "$1: exit 1 and $3 (exit $rc)"
		diag "$out/$1.err"
	fi
}
hostile section 's/^ \* notes:/ * notez:/' \
	"section.c:[0-9]*:4: error: unknown kernel-doc section 'notez' \[import\]"
hostile subfield 's/^ \*   scope: internal/ *   scop: internal/' \
	"subfield.c:[0-9]*:6: error: unknown subfield 'scop' of section 'lock' \[import\]"
hostile word 's/^ \* contexts: process, sleepable/ * contexts: process, sleepy/' \
	"word.c:[0-9]*:14: error: 'sleepy' is not a word this key takes \[import\]"
hostile yes 's/^ \*   reversible: yes/ *   reversible: maybe/' \
	"yes.c:[0-9]*:18: error: this key's value is 'yes' \[import\]"
hostile stray 's/^ \*   type: uint, in/type: uint, in/' \
	"stray.c:[0-9]*:1: error: a line of a kernel-doc API spec starts with ' \* ' \[import\]"
hostile orphan '/^ \* long-desc:/,$d' \
	"orphan.c:[0-9]*:1: error: no C token here (a stray byte or an unterminated comment) \[import\]"
hostile check 's/check-type: error_check/check-type: errror_check/' \
	"check.c:[0-9]*:18: error: 'errror_check' is not a check type \[import\]"

if command -v valgrind >/dev/null; then
	for f in "$out/lang-examples.c" "$out/mixed.c" "$out/section.c" "$out/orphan.c"; do
		valgrind -q --leak-check=full --errors-for-leak-kinds=all --error-exitcode=99 \
			"$KAPIC" import "$f" >/dev/null 2>"$out/vg.err"
		check "valgrind: no error or leak importing $(basename "$f")" test $? -ne 99
	done
else
	skip "valgrind" "not installed"
fi
finish
