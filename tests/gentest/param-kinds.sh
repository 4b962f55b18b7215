#!/bin/sh
# Parameters of the struct and array kinds (tests/gentest/param-kinds.kapi:
# nanosleep's struct timespec, pipe2's int[2]) given by fixtures: each
# generated test builds strictly, calls the C library wrapper and the raw
# syscall, and passes on the kernel as root and as nobody with no
# disagreement; a success case given a structure of out-of-range fields
# fails, so the structure's contents reach the kernel.
#
# Environment: KAPIC (default $builddir/kapic), CC, srcdir, builddir.
t_name=gentest-param-kinds
. "$(dirname "$0")/../tools/testlib.sh"
: "${KAPIC:=${builddir:-.}/kapic}"
spec=$srcdir/tests/gentest/param-kinds.kapi
chmod 755 "$out"	# nobody runs the programs from here
echo "TAP version 13"

"$KAPIC" --emit=test,runtime -d "$out" "$spec" >"$out/gen.log" 2>&1 ||
	{ not_ok "kapic emits the tests"; diag "$out/gen.log"; finish; exit 1; }
for name in nanosleep pipe2; do
	if ! $CC $KAPI_CFLAGS -o "$out/$name" "$out/$name-test.c" >"$out/$name.cc" 2>&1; then
		not_ok "$name: the generated test builds with $KAPI_CFLAGS"
		diag "$out/$name.cc"
		continue
	fi
	for u in $(test_users); do
		run_as "$u" "$out" "./$name" "$out/$name.$u"
		st=$?
		if [ "$st" = 0 ] && ! grep -q '^not ok' "$out/$name.$u" &&
		   ! grep -q 'no C library wrapper' "$out/$name.$u" &&
		   grep -q "^# $name: errors provoked .*, disagreements 0," "$out/$name.$u"; then
			ok "$name as $u: wrapper and raw syscall, no failure, no disagreement"
		else
			not_ok "$name as $u: wrapper and raw syscall, no failure, no disagreement (exit $st)"
			grep -E -B3 '^not ok|wrapper' "$out/$name.$u" | sed 's/^/# /' | head -20
		fi
	done
done

sed 's/args req = buffer(16), rem = null_ptr();/args req = pattern_buf(16), rem = null_ptr();/' "$spec" >"$out/wrong.kapi"
mkdir -p "$out/wrong"
"$KAPIC" --emit=test,runtime -d "$out/wrong" "$out/wrong.kapi" >/dev/null 2>&1 &&
	$CC $KAPI_CFLAGS -o "$out/wrong/t" "$out/wrong/nanosleep-test.c" >/dev/null 2>&1
"$out/wrong/t" >"$out/wrong.tap" 2>&1
check "a success case given a timespec of pattern bytes fails with the kernel's EINVAL" \
	sh -c "grep -B3 '^not ok .*success: zero seconds' '$out/wrong.tap' | grep -q EINVAL"
finish
