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
echo "1..$((count + 2))"
n=0 failed=0
run() {
	desc=$1
	shift
	n=$((n + 1))
	out=$tmp/out.$n
	mkdir -p "$tmp/d$n"
	valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
		"$KAPIC" "$@" >"$out" 2>&1 </dev/null
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
exit $failed
