#!/bin/sh
# The fixture library (templates/runtime/kapi-runtime.h) on this machine's
# kernel: builds tests/runtime/fixtures.c with gcc and clang under the
# strict flags, runs it (as root, then as nobody through setpriv), and
# checks that every case is ok (a SKIP only where fixtures.exp allows it
# for that user) and that nothing is left behind: nothing in its TMPDIR
# (a directory of this script's, so that other tests' runs do not count),
# no file in the working directory, no process.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
rt=$top/templates/runtime
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"	# nobody runs the program from here

n=0
failed=0
ok()    { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; failed=1; }
skip()  { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
diag()  { sed 's/^/# /' "$@"; }

echo "TAP version 13"
for cc in gcc clang; do
	if ! command -v $cc >/dev/null; then skip "build with $cc" "no $cc"; continue; fi
	if $cc -std=gnu11 -Wall -Wextra -Werror -pedantic -I"$rt" -o "$tmp/fixtures-$cc" \
	       "$here/fixtures.c" >"$tmp/build.log" 2>&1; then
		ok "build with $cc -std=gnu11 -Wall -Wextra -Werror -pedantic"
	else
		notok "build with $cc"; diag "$tmp/build.log"
	fi
done
prog=$tmp/fixtures-gcc

# leftovers: what a run may not leave (temporary directories, files in cwd)
mkdir -p "$tmp/tmpdir" && chmod 1777 "$tmp/tmpdir"
leftovers() { ls -A "$tmp/tmpdir" "$tmp/cwd"; }

# run USER: the program as USER (root: as is), judged against fixtures.exp
run() {
	who=$1
	mkdir -p "$tmp/cwd"
	before=$(leftovers)
	if [ "$who" = root ]; then
		(cd "$tmp/cwd" && TMPDIR=$tmp/tmpdir KAPI_TIMEOUT=10 "$prog") >"$tmp/out" 2>&1
	else
		chmod 777 "$tmp/cwd"
		(cd "$tmp/cwd" && TMPDIR=$tmp/tmpdir KAPI_TIMEOUT=10 setpriv --reuid=nobody --regid=nogroup --clear-groups \
			"$prog") >"$tmp/out" 2>&1
	fi
	st=$?
	diag "$tmp/out"
	bad=$(grep '^not ok' "$tmp/out")
	# a SKIP must be allowed for this user: "skip USER|any CASE-NAME" in fixtures.exp
	badskip=$(sed -n 's/^ok [0-9]* - \(.*\) # SKIP .*/\1/p' "$tmp/out" | while read -r name; do
		grep -qxF -e "skip $who $name" -e "skip any $name" "$here/fixtures.exp" || echo "$name"
	done)
	if [ "$st" = 0 ] && [ -z "$bad" ] && [ -z "$badskip" ]; then
		ok "as $who: every case ok, SKIPs only where allowed"
	else
		notok "as $who: every case ok, SKIPs only where allowed (exit $st)"
		printf '%s\n' "$bad" "unexpected SKIP: $badskip" | diag
	fi
	after=$(leftovers)
	if [ "$before" = "$after" ]; then
		ok "as $who: nothing left in its TMPDIR or the working directory"
	else
		notok "as $who: nothing left in its TMPDIR or the working directory"
		printf '%s\n' "$after" | diag
	fi
	sleep 0.2
	if pgrep -f "$tmp/" >/dev/null; then
		notok "as $who: no process left"; pgrep -af "$tmp/" | diag
	else
		ok "as $who: no process left"
	fi
}
run root
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	run nobody
else
	skip "as nobody" "not root, or no setpriv"
fi
echo "1..$n"
exit $failed
