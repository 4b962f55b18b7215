#!/bin/sh
# Every test input through kapic under valgrind: no leak and no memory
# error, whatever the input's verdict.  Also the man page's promise that
# one talloc context per run frees everything at one exit.
set -u
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${KAPIC:=kapic}"
if [ -n "${KAPIC_SANITIZED:-}" ]; then
	echo "1..0 # SKIP kapic is built with sanitizers, which valgrind cannot run"
	exit 0
fi
if ! command -v valgrind >/dev/null 2>&1; then
	echo "1..0 # SKIP valgrind not installed"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
inputs=$(ls "$srcdir"/specs/*.kapi "$srcdir"/tests/kernel/*.kapi \
	"$srcdir"/tests/checks/*.kapi "$srcdir"/tests/hostile/*.kapi 2>/dev/null)
count=$(echo "$inputs" | wc -l)
echo "1..$((count + 11))"
n=0 failed=0
run() {
	desc=$1
	shift
	n=$((n + 1))
	out=$tmp/out.$n
	mkdir -p "$tmp/d$n"
	valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
		${prog:-"$KAPIC"} "$@" >"$out" 2>&1 </dev/null
	rc=$?
	if [ $rc -eq 99 ] || grep -q '^==[0-9]*==' "$out"; then
		failed=1
		echo "not ok $n - $desc: valgrind found a problem"
		grep '^==' "$out" | head -20 | sed 's/^/# /'
	else
		echo "ok $n - $desc (exit $rc)"
	fi
}
for f in $inputs; do
	run "${f#$srcdir/}" -Wall --emit=all -d "$tmp/d$((n + 1))" -I "$(dirname "$f")" "$f"
done
run "usage error" --no-such-option
run "missing file" "$tmp/does-not-exist.kapi"
# Project fixtures: a good table, a bad one, a missing header.
gc=$srcdir/tests/gentest/project
run "--fixtures, a good table" --fixtures="$gc/getcwd-fixtures.h" --emit=all -d "$tmp/gc" "$gc/getcwd.kapi"
sed 's/X(cwd_size, 0,/X(cwd_size 0,/' "$gc/getcwd-fixtures.h" >"$tmp/bad-fixtures.h"
run "--fixtures, a malformed table" --fixtures="$tmp/bad-fixtures.h" --check "$gc/getcwd.kapi"
run "--fixtures, a missing header" --fixtures="$tmp/none.h" --check "$gc/getcwd.kapi"

# A large file: 200 specs (1.3 MB) into an empty directory, then again
# over their own outputs (every one unchanged), then with an error
# halfway, and with more errors than kapic reports.
sh "$srcdir/bench/gen-corpus" 200 "$tmp/c200.kapi"
mkdir -p "$tmp/big"
run "200 specs into an empty directory" --emit=all -d "$tmp/big" "$tmp/c200.kapi"
run "200 specs over their own outputs" --emit=all -d "$tmp/big" "$tmp/c200.kapi"
awk 'NR == 15000 { print "\tflags ind;" } { print }' "$tmp/c200.kapi" >"$tmp/bad200.kapi"
run "200 specs with an error halfway" --check "$tmp/bad200.kapi"
sed 's/flags in;/flags ind;/' "$tmp/c200.kapi" >"$tmp/many200.kapi"
run "200 specs with 600 errors" --check "$tmp/many200.kapi"

# Templates from --templates, parsed at run time: a good one, and a broken
# one, whose errors are reported before the run fails.
mkdir -p "$tmp/tpl-good" "$tmp/tpl-bad"
cp "$srcdir"/templates/kernel.tmpl "$tmp/tpl-good/"
printf '{{#a}}{{b c}}{{x|nosuch}}\n' >"$tmp/tpl-bad/kernel.tmpl"
run "a user template" --templates "$tmp/tpl-good" --emit=kernel -o - "$srcdir"/specs/mlock2.kapi
run "a broken user template" --templates "$tmp/tpl-bad" --emit=kernel -o - "$srcdir"/specs/mlock2.kapi
exit $failed
