#!/bin/sh
# docs/tutorial.md, run as written: the draft spec checks clean, its test
# builds and shows the disagreement the page quotes; the finished spec of
# tests/gentest/project/ with its fixtures gives the summary line the page
# quotes, as root and as nobody; and the mutation the page ends with
# fails the test.
t_name=tutorial
. "$(dirname "$0")/../tools/testlib.sh"
: "${KAPIC:=${builddir:-.}/kapic}"
kapic_abs=$(cd "$(dirname "$KAPIC")" && pwd)/$(basename "$KAPIC")
out=$(cd "$out" && pwd) srcdir=$(cd "$srcdir" && pwd)
doc=$srcdir/docs/tutorial.md
echo "TAP version 13"

# block NAME: the fenced block after the marker <!-- tutorial: NAME -->.
block() {
	awk -v m="<!-- tutorial: $1 -->" '
		$0 == m { want = 1; next }
		want && /^```/ && !inblk { inblk = 1; next }
		inblk && /^```/ { exit }
		inblk { print }' "$doc"
}
# commands NAME: a sh block, with kapic the one under test.
commands() {
	block "$1" | sed "s|^kapic |$kapic_abs |"
}

cd "$out" || exit 99
chmod 755 "$out"	# nobody runs the finished test from here
block getcwd-draft.kapi >getcwd-draft.kapi
check "the draft spec is on the page" test -s getcwd-draft.kapi
commands run-draft >draft.sh
sh -e draft.sh >draft.log 2>&1
check "the draft's commands run: check, emit, build, run" test $? = 0 -a "$(wc -l <draft.sh)" = 4
sed 's/0x[0-9a-f]*, 0x1)/ADDR, 0x1)/' draft.log >draft.norm
block draft-output >draft.want
check "the draft's test shows the disagreement the page quotes" \
	sh -c 'while IFS= read -r l; do grep -qxF -- "$l" draft.norm || exit 1; done <draft.want'
check "... and passes its listed cases" sh -c "grep -q '^ok .* - ERANGE: .*size 0' draft.log &&
	grep -q '^ok .* - EFAULT: .*an unmapped buffer' draft.log"

cp "$srcdir/tests/gentest/project/getcwd.kapi" "$srcdir/tests/gentest/project/getcwd-fixtures.h" .
for quoted in "after ENOENT;" "setup cwd_removed();" "args buf = buffer(4096), size = cwd_size();" \
	      "no user-space set-up makes it fail without fault injection"; do
	grep -qF -- "$quoted" getcwd.kapi && grep -qF -- "$quoted" "$doc" ||
		not_ok "the page and the finished spec both say: $quoted"
done
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
	commands run-final | sed '/setpriv/d' >final.sh
else
	commands run-final >final.sh
fi
sh -e final.sh >final.log 2>&1
check "the finished spec's commands run" test $? = 0
sed 's/seed [0-9]*$/seed SEED/' final.log >final.norm
want=$(block final-output)
n=$(grep -cxF -- "$want" final.norm)
runs=$(grep -c 'out/getcwd-test$' final.sh)
check "each run ends with the summary line the page quotes ($runs runs)" test "$n" = "$runs"
check "no case failed" sh -c "! grep -q '^not ok' final.log"

sed 's/ENOENT/ESTALE/g' getcwd.kapi >estale.kapi
"$kapic_abs" --fixtures=getcwd-fixtures.h --emit=test,runtime -d estale estale.kapi >/dev/null 2>&1 &&
	$CC $KAPI_CFLAGS -I. -o estale/t estale/getcwd-test.c >/dev/null 2>&1
estale/t >estale.log 2>&1
check "ENOENT written ESTALE: the removed-directory case fails, naming both" \
	sh -c "grep -B3 '^not ok .*a removed working directory' estale.log |
	       grep -q 'expected ESTALE, got ENOENT'"
finish
