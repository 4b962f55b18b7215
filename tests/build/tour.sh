#!/bin/sh
# README's "A five-minute tour", run as written: its spec checks clean,
# its misspelt form gives exactly the diagnostic shown, its commands
# emit, build and run the test, and out/ holds each file it describes.
t_name=tour
. "$(dirname "$0")/../tools/testlib.sh"
: "${KAPIC:=${builddir:-.}/kapic}"
kapic_abs=$(cd "$(dirname "$KAPIC")" && pwd)/$(basename "$KAPIC")
out=$(cd "$out" && pwd) srcdir=$(cd "$srcdir" && pwd)
echo "TAP version 13"

# block LANG: the first fenced LANG block of the tour.
block() {
	awk -v lang="$1" '
		/^## A five-minute tour$/ { in_sec = 1; next }
		in_sec && /^## / { exit }
		in_sec && !inblk && $0 == "```" lang { inblk = 1; next }
		in_sec && inblk && /^```/ { exit }
		in_sec && inblk { print }' "$srcdir/README.md"
}

cd "$out" || exit 99
block kapi >getppid.kapi
check "the tour's spec is in the README" test -s getppid.kapi
"$kapic_abs" getppid.kapi >check.out 2>&1
rc=$?
check "it checks clean: exit 0, nothing printed" test "$rc" = 0 -a ! -s check.out
sed 's/1 \.\. INT_MAX;/1 .. INT_MAXX;/' getppid.kapi >misspelt.kapi
block text >want.err
"$kapic_abs" --color=never --stdin-name=getppid.kapi - <misspelt.kapi >got.err 2>&1
rc=$?
check "the misspelt spec exits 1" test "$rc" = 1
same "the misspelt spec gives the diagnostic the README shows" want.err got.err

# The commands, with build/kapic the kapic under test.
block sh | sed "s|^build/kapic|$kapic_abs|" >commands.sh
sh -e commands.sh >run.log 2>&1
rc=$?
check "the tour's commands run: emit, build, run the test" test "$rc" = 0 -a "$(wc -l <commands.sh)" = 4
check "the test passed its success case" grep -qx 'ok 1 - success: ask for the parent' run.log
for f in getppid.kapi.c getppid-check.h getppid-check.c getppid.2 getppid-test.c kapi-runtime.h getppid.json; do
	check "out/$f is written, as the tour says" test -s "out/$f"
	grep -q "^- .*\`$f\`" "$srcdir/README.md" || not_ok "the README does not describe out/$f"
done
check "the kernel block has what the tour quotes" \
	grep -q 'KAPI_RETURN_SUCCESS_RANGE(1, INT_MAX)' out/getppid.kapi.c
finish
