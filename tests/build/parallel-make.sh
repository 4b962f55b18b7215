#!/bin/sh
# kapic under make -j4: kapic.mk's rules (grouped target plus stamps) and
# a hand-written grouped rule run kapic once per spec and kind, rebuild
# when an included spec changes, and settle (a second make does nothing).
: "${srcdir:?}" "${KAPIC:?}"
tmp=$(mktemp -d) || exit 1
trap '[ -n "$KEEP" ] || rm -rf "$tmp"' EXIT
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else nok "$desc"; fi; }

MAKE=${MAKE:-make}
# The makefiles here are this test's, not the caller's: no inherited
# variables (make check TESTS=...) or job server.
unset MAKEFLAGS MFLAGS MAKEOVERRIDES MAKELEVEL
ver=$($MAKE --version 2>/dev/null | sed -n '1s/^GNU Make \([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
set -- $ver
if [ -z "$ver" ] || [ "$1" -lt 4 ] || { [ "$1" = 4 ] && [ "$2" -lt 3 ]; }; then
	echo "1..0 # SKIP GNU make 4.3 or newer needed for grouped targets"
	exit 0
fi

# Every run of kapic leaves a line in runs.log.
cat >"$tmp/kapic-log" <<EOF2
#!/bin/sh
echo "\$*" >>"$tmp/runs.log"
exec "$KAPIC" "\$@"
EOF2
chmod +x "$tmp/kapic-log"

mkdir "$tmp/w" && cd "$tmp/w" || exit 1
cat >shared.kapi <<'KAPI'
const DEMO_ONE = 1;
KAPI
cat >demo.kapi <<'KAPI'
include "shared.kapi";
syscall demo {
	summary "Demo";
	param flags: int { summary "Flags"; flags in; type int; mask DEMO_ONE; }
	return long { summary "Zero or an error"; type int; check error; success 0; }
	test "no flags" { args flags = 0; }
	error EINVAL "Unknown flags" {
		description "A flag other than DEMO_ONE.";
		when flags & ~DEMO_ONE;
		test "bit 1" { args flags = 2; }
	}
}
KAPI
cat >Makefile <<EOF2
KAPIC = $tmp/kapic-log
include $srcdir/kapic.mk
OUTPUTS = demo-check.c demo-check.h demo.kapi.c demo-test.c demo.2 demo.json
all: \$(OUTPUTS)
EOF2

runs() { if [ -f "$tmp/runs.log" ]; then wc -l <"$tmp/runs.log"; else echo 0; fi; }
$MAKE -j4 >"$tmp/make.out" 2>&1
rc=$?
check "make -j4 with kapic.mk builds every output" \
	test "$rc" = 0 -a -s demo-check.c -a -s demo-check.h -a -s demo.kapi.c -a -s demo-test.c -a -s demo.2 -a -s demo.json
[ "$rc" = 0 ] || sed 's/^/# /' "$tmp/make.out"
c_runs=$(grep -c -- '--emit=c,h' "$tmp/runs.log" 2>/dev/null)
check "one kapic run writes both validator files (grouped target), 5 runs in all" \
	test "$c_runs" = 1 -a "$(runs)" = 5
check "the runs wrote depfiles" test -s demo-check.c.d -a -s demo.kapi.c.d
check "make sees no circular dependency" test -z "$(grep -i circular "$tmp/make.out")"
before=$(runs)
$MAKE -j4 >"$tmp/make.out" 2>&1
check "a second make runs nothing" test "$(runs)" = "$before"

# An edit of the included spec, with no effect on the outputs: kapic runs
# again (the depfile knows the include) but leaves the outputs alone.
touch -d '2000-01-01 00:00:00 UTC' demo-check.c
sleep 1; touch shared.kapi
$MAKE -j4 >"$tmp/make.out" 2>&1
check "touching the included spec reruns kapic for every kind" test "$(runs)" = $((before + 5))
check "an unchanged output keeps its mtime" test "$(stat -c %Y demo-check.c)" = 946684800
before=$(runs)
$MAKE -j4 >"$tmp/make.out" 2>&1
check "make settles: the next make runs nothing" test "$(runs)" = "$before"
echo 'const DEMO_TWO = 2;' >>shared.kapi
sleep 1; sed -i 's/mask DEMO_ONE;/mask DEMO_ONE | DEMO_TWO;/' demo.kapi
$MAKE -j4 >"$tmp/make.out" 2>&1
check "a real change rewrites the output" test "$(stat -c %Y demo-check.c)" != 946684800
rm demo-check.h
$MAKE -j4 >"$tmp/make.out" 2>&1
check "a deleted output is regenerated" test -s demo-check.h

# The plain rule a project writes by hand: a grouped target, one run.
mkdir "$tmp/h" && cd "$tmp/h" && cp ../w/demo.kapi ../w/shared.kapi . || exit 1
: >"$tmp/runs.log"
cat >Makefile <<EOF2
all: demo-check.c demo-check.h demo.kapi.c demo.json
%.kapi: ;
demo-check.c demo-check.h demo.kapi.c demo.json &: demo.kapi
	$tmp/kapic-log --emit=c,h,kernel,json -MD -MP -d . demo.kapi
-include demo.json.d
EOF2
$MAKE -j4 >"$tmp/make.out" 2>&1
check "a hand-written grouped target: make -j4 runs kapic once for four outputs" \
	test "$?" = 0 -a "$(runs)" = 1 -a -s demo-check.h -a -s demo.kapi.c

echo "1..$n"
exit $fail
