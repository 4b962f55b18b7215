#!/bin/sh
# Flag sets on the real kernel: open(2)'s flags are a documenting mask
# (tests/gentest/flags-open.kapi), so the validator predicts no EINVAL
# from unknown bits and the generated test agrees with the kernel; the
# same spec with a rejecting mask must disagree (the kernel ignores them).
t_name=gentest-flags
. "$(dirname "$0")/../tools/testlib.sh"
: "${KAPIC:=${builddir:-.}/kapic}"
: "${CC:=cc}"

spec=$srcdir/tests/gentest/flags-open.kapi
# The sweeps open /dev/null with any flags: run where nothing may be left.
run=$(mktemp -d "${TMPDIR:-/tmp}/gentest-flags.XXXXXX") || exit 99
trap 'rm -rf "$run"' EXIT

echo "TAP version 13"

# build NAME SPEC: the test program of SPEC as $out/NAME/open-test.
build() {
	mkdir -p "$out/$1" &&
	"$KAPIC" --emit=test,runtime -d "$out/$1" "$2" >"$out/$1.log" 2>&1 &&
	$CC -std=gnu11 -Wall -Wextra -Werror -o "$out/$1/open-test" "$out/$1/open-test.c" >>"$out/$1.log" 2>&1
}

if build doc "$spec"; then
	(cd "$run" && "$out/doc/open-test") >"$out/doc.out" 2>&1
	st=$?
	if [ "$st" = 0 ] && ! grep -q '^not ok' "$out/doc.out" &&
	   grep -q '^# open: .*predictions swept 0 .*disagreements 0,' "$out/doc.out"; then
		ok "documenting mask: no prediction from the flags, no disagreement, exit 0"
	else
		not_ok "documenting mask: no prediction from the flags, no disagreement, exit 0 (exit $st)"
		grep -E '^not ok|^# open:' "$out/doc.out" | sed 's/^/# /'
	fi
else
	not_ok "documenting mask: the test renders and builds"
	diag "$out/doc.log"
fi

sed 's/mask documenting /mask /' "$spec" >"$out/rejecting.kapi"
if build rej "$out/rejecting.kapi"; then
	(cd "$run" && "$out/rej/open-test") >"$out/rej.out" 2>&1
	st=$?
	if [ "$st" = 1 ] && grep -q '^not ok .* - boundaries of flags' "$out/rej.out" &&
	   grep -q '^# \(raw\|libc\): disagreement: open(.*: the validator predicts EINVAL (22) (flags: mask' "$out/rej.out"; then
		ok "rejecting mask: the flags' sweep disagrees with the kernel, exit 1"
	else
		not_ok "rejecting mask: the flags' sweep disagrees with the kernel, exit 1 (exit $st)"
		grep -E '^not ok|disagreement' "$out/rej.out" | sed -n '1,10s/^/# /p'
	fi
else
	not_ok "rejecting mask: the test renders and builds"
	diag "$out/rej.log"
fi
if [ -z "$(ls -A "$run")" ]; then
	ok "the runs leave no file behind"
else
	not_ok "the runs leave no file behind: $(ls -A "$run" | head -5 | tr '\n' ' ')"
fi
finish
