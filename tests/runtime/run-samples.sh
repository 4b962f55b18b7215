#!/bin/sh
# Proves the kapic test runtime (templates/runtime/kapi-runtime.h) on this
# machine's real kernel: builds the hand-written generated-shape programs
# with $CC (default cc) -Wall -Wextra -Werror (plus $CFLAGS), runs them and
# checks their TAP.  Prints TAP itself; exits non-zero if any check fails.
#
#   tests/runtime/run-samples.sh            (from any directory)
#   CC=clang CFLAGS='-std=gnu11 -pedantic' tests/runtime/run-samples.sh
#
# Run as root for the full proof: the EPERM/ENOMEM cases then really drop
# privilege, and the script also runs the sample as nobody (setpriv) to
# check that privileged cases SKIP instead of passing falsely.

set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
rt=$top/templates/runtime
CC=${CC:-cc}
FLAGS="-Wall -Wextra -Werror ${CFLAGS:-}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"	# the non-root runs execute from here

n=0
failed=0
ok()    { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; failed=1; }
skip()  { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
diag()  { sed 's/^/# /' "$@"; }
# check DESC COMMAND...: ok if COMMAND succeeds, else not ok with its output
check() {
	desc=$1; shift
	if out=$("$@" 2>&1); then ok "$desc"; else notok "$desc"; printf '%s\n' "$out" | diag; fi
}

echo "TAP version 13"
echo "# CC=$CC FLAGS=$FLAGS"

build() {	# build NAME SOURCE
	if $CC $FLAGS -I"$rt" -o "$tmp/$1" "$2" >"$tmp/$1.log" 2>&1; then
		ok "build $1 with $CC"
	else
		notok "build $1 with $CC"; diag "$tmp/$1.log"
	fi
}
build sample-mlock2 "$here/sample-mlock2.c"
# The wrong sample is the right one with the EPERM case expecting EINVAL;
# deriving it keeps the two from drifting apart.
sed 's/kapi_expect_errno(env, EPERM, "EPERM");/kapi_expect_errno(env, EINVAL, "EINVAL");/' \
	"$here/sample-mlock2.c" >"$tmp/sample-wrong.c"
if cmp -s "$here/sample-mlock2.c" "$tmp/sample-wrong.c"; then
	notok "sample-wrong differs from sample-mlock2"
else
	ok "sample-wrong differs from sample-mlock2"
fi
build sample-wrong "$tmp/sample-wrong.c"
build selftest "$here/selftest.c"
build table-only "$here/table-only.c"

# run NAME [ARGS]: output in $tmp/NAME.out, status in $st
run() {
	name=$1; shift
	"$tmp/$name" "$@" >"$tmp/$name.out" 2>&1
	st=$?
}

# --- sample-mlock2: every point ok ----------------------------------------
run sample-mlock2
diag "$tmp/sample-mlock2.out"
plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$tmp/sample-mlock2.out")
results=$(grep -cE '^(not )?ok [0-9]+ ' "$tmp/sample-mlock2.out")
if [ "$st" -eq 0 ] && ! grep -q '^not ok' "$tmp/sample-mlock2.out" && [ "$plan" = 14 ] && [ "$results" = 14 ]; then
	ok "sample-mlock2: exit 0, 14 results, no not ok"
else
	notok "sample-mlock2: exit 0, 14 results, no not ok (exit $st, plan '$plan', $results results)"
fi
skips=$(grep -c '^ok [0-9]* - .* # SKIP ' "$tmp/sample-mlock2.out")
if [ "$(id -u)" = 0 ]; then
	if [ "$skips" = 2 ] && grep -q '^ok 13 - EAGAIN.* # SKIP' "$tmp/sample-mlock2.out" &&
	   grep -q '^ok 14 - EINTR.* # SKIP' "$tmp/sample-mlock2.out"; then
		ok "sample-mlock2 as root: only EAGAIN and EINTR skipped"
	else
		notok "sample-mlock2 as root: only EAGAIN and EINTR skipped ($skips skips)"
	fi
else
	skip "sample-mlock2 as root: only EAGAIN and EINTR skipped" "not root"
fi

# --- sample-wrong: exactly the EPERM case fails ---------------------------
run sample-wrong
diag "$tmp/sample-wrong.out"
notoks=$(grep '^not ok' "$tmp/sample-wrong.out")
if [ "$st" -ne 0 ] && [ "$notoks" = "not ok 9 - EPERM: unprivileged and RLIMIT_MEMLOCK 0" ] &&
   [ "$(grep -c 'FAIL: mlock2(.*): expected EINVAL, got EPERM (1)$' "$tmp/sample-wrong.out")" = 2 ]; then
	ok "sample-wrong: exit $st, exactly one not ok, the EPERM case, both variants say why"
else
	notok "sample-wrong: exit $st, exactly one not ok, the EPERM case, both variants say why"
fi

# --- the runtime's own verdicts -------------------------------------------
KAPI_TIMEOUT=1 run selftest
diag "$tmp/selftest.out"
grep -E '^(not )?ok |^1\.\.' "$tmp/selftest.out" >"$tmp/selftest.res"
cat >"$tmp/selftest.exp" <<'EOF'
1..18
ok 1 - value
ok 2 - result as -errno and errno
ok 3 - result 0 is success
not ok 4 - wrong errno
not ok 5 - errno expected, success got
not ok 6 - success expected, errno got
not ok 7 - no judgement
not ok 8 - killed by a signal
not ok 9 - hangs
ok 10 - ENOSYS from the raw syscall # SKIP syscall not implemented by this kernel (ENOSYS)
ok 11 - capability absent # SKIP needs a capability (capability 63) in the effective set
not ok 12 - hole mapped behind the runtime's back
ok 13 - raising RLIMIT_MEMLOCK after dropping privilege # SKIP cannot set RLIMIT_MEMLOCK to 1048576 bytes (hard limit 4096): Operation not permitted
not ok 14 - VmLck did not grow
not ok 15 - pages not resident
ok 16 - fixture geometry
ok 17 - no test \# and no reason # SKIP no test case for it
ok 18 - untestable # SKIP a reason
EOF
if [ "$st" = 1 ] && diff "$tmp/selftest.exp" "$tmp/selftest.res" >"$tmp/selftest.diff"; then
	ok "selftest: verdicts as designed, exit 1"
else
	notok "selftest: verdicts as designed, exit 1 (exit $st)"; diag "$tmp/selftest.diff"
fi
missing=
for msg in 'raw: FAIL: fake(1, 12): expected EINVAL, got ENOMEM (12)' \
	   'raw: FAIL: fake(0, 0): expected EINVAL, got success (returned 0)' \
	   'raw: FAIL: fake(1, 13): expected success, got EACCES (13)' \
	   'raw: FAIL: the case made no judgement' \
	   'raw: FAIL: killed by signal 15' \
	   'raw: FAIL: timed out after 1 s' \
	   'raw: SKIP: syscall not implemented by this kernel' \
	   'raw: FAIL: set-up: the hole at ' \
	   'raw: FAIL: VmLck grew by 0 kB' \
	   'raw: FAIL: only 0 of 2 pages at '; do
	grep -qF "# $msg" "$tmp/selftest.out" || missing="$missing [$msg]"
done
if [ -z "$missing" ]; then ok "selftest: diagnostics name the cause"; else notok "selftest: diagnostics missing:$missing"; fi

run selftest rawonly
if [ "$st" = 0 ] && grep -q '^# fake: no C library wrapper; only the raw syscall is tested$' "$tmp/selftest.out" &&
   ! grep -q '^# libc' "$tmp/selftest.out" && [ "$(grep -c '^ok ' "$tmp/selftest.out")" = 2 ]; then
	ok "selftest rawonly: note printed, only the raw variant runs"
else
	notok "selftest rawonly: note printed, only the raw variant runs (exit $st)"; diag "$tmp/selftest.out"
fi
run selftest empty
if [ "$st" = 4 ] && grep -q '^1\.\.0 # SKIP' "$tmp/selftest.out"; then ok "no cases: 1..0 # SKIP, exit 4"; else notok "no cases: 1..0 # SKIP, exit 4 (exit $st)"; fi
run selftest skipall
if [ "$st" = 4 ]; then ok "all cases skipped: exit 4"; else notok "all cases skipped: exit 4 (exit $st)"; fi

# --- the compiler's view: the fixture table -------------------------------
run table-only
grep -o '^KAPI_FN long kapi_fx_[a-z0-9_]*' "$rt/kapi-runtime.h" | sed 's/.*kapi_fx_//' >"$tmp/fx.defined"
cut -f1 "$tmp/table-only.out" >"$tmp/fx.table"
if [ "$st" = 0 ] && [ -s "$tmp/fx.table" ] && diff "$tmp/fx.defined" "$tmp/fx.table" >"$tmp/fx.diff"; then
	ok "KAPI_RUNTIME_TABLE_ONLY: table lists every kapi_fx_ function, in order"
else
	notok "KAPI_RUNTIME_TABLE_ONLY: table lists every kapi_fx_ function, in order"; diag "$tmp/fx.diff"
fi
diag "$tmp/table-only.out"

mkdir -p "$tmp/bad"
sed 's/X(pages, 1, KAPI_FX_VALUE/X(pages, 2, KAPI_FX_VALUE/' "$rt/kapi-runtime.h" >"$tmp/bad/kapi-runtime.h"
if ! $CC $FLAGS -I"$tmp/bad" -c -o "$tmp/bad/s.o" "$here/sample-mlock2.c" >"$tmp/bad/log" 2>&1 &&
   grep -q 'kapi_fx_pages must take' "$tmp/bad/log"; then
	ok "a fixture whose arity differs from the table does not compile"
else
	notok "a fixture whose arity differs from the table does not compile"; diag "$tmp/bad/log"
fi

# --- the header inlined verbatim ------------------------------------------
awk -v h="$rt/kapi-runtime.h" '/^#include "kapi-runtime.h"/ { while ((getline l < h) > 0) print l; next } { print }' \
	"$here/sample-mlock2.c" >"$tmp/inlined.c"
check "sample-mlock2 with the header inlined verbatim compiles alone" \
	$CC $FLAGS -o "$tmp/inlined" "$tmp/inlined.c"

# --- not root: privileged cases must SKIP, not pass -----------------------
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	setpriv --reuid=65534 --regid=65534 --clear-groups "$tmp/sample-mlock2" >"$tmp/nobody.out" 2>&1
	st=$?
	diag "$tmp/nobody.out"
	if [ "$st" = 0 ] && ! grep -q '^not ok' "$tmp/nobody.out" &&
	   grep -q '^ok 3 - .* # SKIP needs CAP_IPC_LOCK (capability 14) in the effective set$' "$tmp/nobody.out" &&
	   grep -q '^# mlock2: .* uid 65534 euid 65534$' "$tmp/nobody.out"; then
		ok "as nobody: the CAP_IPC_LOCK case SKIPs with its reason, nothing fails"
	else
		notok "as nobody: the CAP_IPC_LOCK case SKIPs with its reason, nothing fails (exit $st)"
	fi
	if setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=+ipc_lock \
		   --ambient-caps=+ipc_lock true >/dev/null 2>&1; then
		setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=+ipc_lock \
			--ambient-caps=+ipc_lock "$tmp/sample-mlock2" >"$tmp/ambient.out" 2>&1
		st=$?
		diag "$tmp/ambient.out"
		if [ "$st" = 0 ] && ! grep -q '^not ok' "$tmp/ambient.out" &&
		   grep -q '^ok 3 - [^#]*$' "$tmp/ambient.out" && grep -q '^ok 9 - [^#]*$' "$tmp/ambient.out"; then
			ok "as nobody holding CAP_IPC_LOCK: unprivileged() drops it (EPERM ok), capable() passes"
		else
			notok "as nobody holding CAP_IPC_LOCK: unprivileged() drops it (EPERM ok), capable() passes (exit $st)"
		fi
	else
		skip "as nobody holding CAP_IPC_LOCK" "setpriv cannot set ambient capabilities here"
	fi
	if command -v prlimit >/dev/null 2>&1; then
		prlimit --memlock=0:0 setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$tmp/sample-mlock2" >"$tmp/nolock.out" 2>&1
		st=$?
		diag "$tmp/nolock.out"
		skipped=$(sed -n 's/^ok \([0-9]*\) - .* # SKIP .*/\1/p' "$tmp/nolock.out" | tr '\n' ' ')
		if [ "$st" = 0 ] && ! grep -q '^not ok' "$tmp/nolock.out" &&
		   [ "$skipped" = "1 2 3 6 7 8 10 12 13 14 " ] &&
		   grep -q '^ok 1 - .* # SKIP may not lock 4096 bytes: cannot raise RLIMIT_MEMLOCK' "$tmp/nolock.out"; then
			ok "as nobody with RLIMIT_MEMLOCK 0:0: cases needing a lock budget SKIP, not FAIL"
		else
			notok "as nobody with RLIMIT_MEMLOCK 0:0: cases needing a lock budget SKIP, not FAIL (exit $st, skipped $skipped)"
		fi
	else
		skip "as nobody with RLIMIT_MEMLOCK 0:0" "no prlimit"
	fi
else
	skip "as nobody: privileged cases SKIP" "needs root and setpriv"
	skip "as nobody holding CAP_IPC_LOCK" "needs root and setpriv"
	skip "as nobody with RLIMIT_MEMLOCK 0:0" "needs root and setpriv"
fi

echo "1..$n"
exit $failed
