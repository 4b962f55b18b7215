#!/bin/sh
# The generated test of every spec under specs/ on this machine's kernel,
# as the user running the suite and, when that is root, as nobody: each
# builds, exits 0 with no failed point, SKIPs only with a reason, and its
# summary line reports no disagreement between the validator and the
# kernel.  The summary lines are shown, so a run records each spec's
# "errors provoked X/Y".
#
# Environment: KAPIC (default $builddir/kapic), CC, srcdir, builddir.
t_name=gentest-every-spec
. "$(dirname "$0")/../tools/testlib.sh"
: "${KAPIC:=${builddir:-.}/kapic}"

# The nobody runs need a directory nobody may enter.
pub=$(mktemp -d "${TMPDIR:-/tmp}/every-spec.XXXXXX") || exit 99
trap 'rm -rf "$pub"' EXIT
chmod 755 "$pub"

echo "TAP version 13"

# verdict WHAT NAME OUTPUT STATUS
verdict() {
	bare=$(grep -cE '^ok [0-9]+ - .*# SKIP *$' "$3")
	grep "^# $2: errors provoked" "$3" | sed "s/^# /# $1: /"
	if [ "$4" = 0 ] && ! grep -q '^not ok' "$3" && [ "$bare" = 0 ] &&
	   grep -q "^# $2: errors provoked .*, disagreements 0," "$3"; then
		ok "$2 $1: exit 0, no failure, no disagreement"
	else
		not_ok "$2 $1: exit 0, no failure, no disagreement (exit $4)"
		grep -E '^not ok|^# (libc|raw):|disagree' "$3" | sed -n '1,30s/^/# /p'
	fi
}

for spec in "$srcdir"/specs/*.kapi; do
	n=$(basename "$spec" .kapi)
	d=$pub/$n
	mkdir -p "$d" && chmod 755 "$d" || exit 99
	if ! "$KAPIC" --emit=test,runtime -d "$d" "$spec" >"$out/$n.gen.log" 2>&1 ||
	   ! $CC -std=gnu11 -Wall -Wextra -Werror -o "$d/$n-test" "$d/$n-test.c" >"$out/$n.cc.log" 2>&1; then
		not_ok "$n: the generated test builds"
		cat "$out/$n.gen.log" "$out/$n.cc.log" | sed -n '1,20s/^/# /p'
		continue
	fi
	chmod 755 "$d/$n-test"
	(cd "$d" && "./$n-test") >"$out/$n.user.out" 2>&1
	verdict "as uid $(id -u)" "$n" "$out/$n.user.out" $?
	if [ "$(id -u)" = 0 ] && have setpriv; then
		(cd "$d" && setpriv --reuid=65534 --regid=65534 --clear-groups "./$n-test") \
			>"$out/$n.nobody.out" 2>&1
		verdict "as nobody" "$n" "$out/$n.nobody.out" $?
	else
		skip "$n as nobody" "not root, or no setpriv"
	fi
done
finish
