#!/bin/sh
# Project fixtures (kapic --fixtures=FILE.h): the getcwd example of
# tests/gentest/project/ checks clean only with its header, lists its
# fixtures, and its generated test builds with the header and passes on
# the kernel as root and as nobody; kapic checks the table (names, arity,
# kind) with errors located in the header, and the C compiler checks each
# function against its entry.
#
# Environment: KAPIC (default $builddir/kapic), CC, srcdir, builddir.
t_name=gentest-project-fixtures
. "$(dirname "$0")/../tools/testlib.sh"
: "${KAPIC:=${builddir:-.}/kapic}"
dir=$srcdir/tests/gentest/project
fx=$dir/getcwd-fixtures.h
spec=$dir/getcwd.kapi
echo "TAP version 13"

"$KAPIC" --check "$spec" >"$out/none.out" 2>&1
check "without --fixtures the project's fixtures are unknown, located" \
	grep -q "getcwd.kapi:[0-9]*:[0-9]*: error: unknown test fixture 'cwd_removed' \[fixture\]" "$out/none.out"
check "with --fixtures the spec checks clean" "$KAPIC" --check --fixtures="$fx" "$spec"
"$KAPIC" --list-fixtures --fixtures="$fx" >"$out/list" 2>&1
check "--list-fixtures lists the project's after the built-in ones" \
	sh -c "tail -n 3 '$out/list' | cut -f1-3 | tr '\t' ' ' | tr '\n' ';' |
	       grep -qx 'cwd_size 0 value;cwd_removed 0 set-up;holds_cwd 1 verification;' &&
	       grep -q '^mapped	' '$out/list'"

mkdir -p "$out/gen"
chmod 755 "$out" "$out/gen"	# nobody runs the program from here
if "$KAPIC" --fixtures="$fx" --emit=test,runtime -d "$out/gen" "$spec" >"$out/gen.log" 2>&1 &&
   $CC $KAPI_CFLAGS -I"$dir" -o "$out/gen/getcwd-test" "$out/gen/getcwd-test.c" >"$out/cc.log" 2>&1; then
	ok "the generated test includes the header and builds with $KAPI_CFLAGS"
	for u in $(test_users); do
		run_as "$u" "$out/gen" ./getcwd-test "$out/$u.tap"
		st=$?
		if [ "$st" = 0 ] && ! grep -q '^not ok' "$out/$u.tap" &&
		   grep -q '^# getcwd: errors provoked 3/5,.* disagreements 0,' "$out/$u.tap"; then
			ok "getcwd as $u: ENOENT (cwd_removed), ERANGE (cwd_size) and EFAULT provoked, 0 disagreements"
		else
			not_ok "getcwd as $u: exit 0, errors provoked 3/5, 0 disagreements (exit $st)"
			grep -E -B2 '^not ok|errors provoked' "$out/$u.tap" | sed 's/^/# /' | head -30
		fi
	done
else
	not_ok "the generated test includes the header and builds with $KAPI_CFLAGS"
	diag "$out/gen.log"
	diag "$out/cc.log"
fi

"$KAPIC" --fixtures="$fx" --emit=test -MD -d "$out/dep" "$spec" >/dev/null 2>&1
check "the depfile names the header: a changed table reruns kapic" \
	grep -q "getcwd-fixtures.h" "$out/dep/getcwd-test.c.d"

# The verification is the project's own: a holds_cwd that always fails
# must fail the success cases.
sed 's/if (strcmp((const char \*)buf, path) != 0)/if (strcmp((const char *)buf, path) == 0)/' "$fx" >"$out/gen/getcwd-fixtures.h"
$CC $KAPI_CFLAGS -I"$out/gen" -o "$out/gen/broken" "$out/gen/getcwd-test.c" 2>"$out/broken.log"
(cd "$out/gen" && ./broken) >"$out/broken.tap" 2>&1
check "a holds_cwd that rejects the right path fails both success cases" \
	sh -c "[ \$(grep -c '^not ok [0-9]* - success' '$out/broken.tap') = 2 ]"

# bad NAME SED-SCRIPT EXPECTED: the header edited by SED-SCRIPT is refused
# with the located error EXPECTED and exit 1.
bad() {
	sed "$2" "$fx" >"$out/$1.h"
	"$KAPIC" --check --fixtures="$out/$1.h" "$spec" >"$out/$1.err" 2>&1
	rc=$?
	if [ $rc = 1 ] && grep -q "$3" "$out/$1.err"; then
		ok "$1: exit 1, $3"
	else
		not_ok "$1: exit 1, $3 (exit $rc)"
		diag "$out/$1.err"
	fi
}
bad builtin 's/X(cwd_size, 0/X(mapped, 0/' \
	"builtin.h:14:4: error: fixture 'mapped' is built in: give the project's another name \[fixture\]"
bad twice 's/X(holds_cwd, 1/X(cwd_size, 1/' "twice.h:18:4: error: fixture 'cwd_size' is in the table twice"
bad arity 's/X(holds_cwd, 1/X(holds_cwd, 5/' "arity.h:18:15: error: a fixture's arity is a number from 0 to 4, not '5'"
bad kind 's/KAPI_FX_SETUP/KAPI_FX_SET_UP/' "kind.h:16:20: error: a fixture's kind is KAPI_FX_VALUE, KAPI_FX_SETUP or KAPI_FX_VERIFY"
bad comma 's/X(cwd_size, 0,/X(cwd_size 0,/' "comma.h:14:13: error: expected ',' after the name in the fixture table"
bad notable 's/KAPI_PROJECT_FIXTURES(X)/MY_FIXTURES(X)/' "notable.h:1:1: error: no '#define KAPI_PROJECT_FIXTURES(X)' table"
# What kapic checks of a use: the table's arity and kind.
sed 's/setup cwd_removed();/setup cwd_removed(1);/; s/verify ret_equals(cwd_size()), holds_cwd(buf);/verify cwd_size();/' \
	"$spec" >"$out/misuse.kapi"
"$KAPIC" --check --fixtures="$fx" "$out/misuse.kapi" >"$out/misuse.err" 2>&1
check "a project fixture used with the wrong arity or kind: located errors" \
	sh -c "grep -q \"misuse.kapi:[0-9]*:[0-9]*: error: fixture 'cwd_removed' takes 0 arguments, not 1\" '$out/misuse.err' &&
	       grep -q \"'cwd_size' is a value fixture; a test verification needs a verification fixture\" '$out/misuse.err'"
"$KAPIC" --check --fixtures="$out/none.h" "$spec" >"$out/missing.err" 2>&1
check "a missing header: exit 2, named" sh -c "[ $? = 2 ] && grep -q 'none.h' '$out/missing.err'"
# The C compiler holds the function to its entry.
sed 's/kapi_fx_holds_cwd(struct kapi_env \*env, long buf)/kapi_fx_holds_cwd(struct kapi_env *env, int buf)/' \
	"$fx" >"$out/gen/getcwd-fixtures.h"
if $CC $KAPI_CFLAGS -I"$out/gen" -o "$out/gen/arity" "$out/gen/getcwd-test.c" >"$out/arity-cc.log" 2>&1; then
	not_ok "a function whose parameters differ from its entry does not compile"
else
	check "a function whose parameters differ from its entry does not compile" \
		grep -q "kapi_fx_holds_cwd must take struct kapi_env \\* and 1 long(s)" "$out/arity-cc.log"
fi
finish
