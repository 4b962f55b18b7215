#!/bin/sh
# The mutation check: every spec under specs/ with single-fact mutations
# (tests/gentest/mutate.pl: an errno swapped, a constant's value changed,
# a range narrowed or widened, a mask bit added or removed, a condition
# weakened or dropped).  Each mutation of a fact the kernel can show must
# make the spec's generated test fail (exit 1); a mutation the kernel
# cannot show (an untestable error's errno) is listed as a known survivor
# with its reason.  One point per spec, with its mutation score.
#
# Environment: KAPIC (default $builddir/kapic), CC, srcdir, builddir.
t_name=gentest-mutate
. "$(dirname "$0")/../tools/testlib.sh"
: "${KAPIC:=${builddir:-.}/kapic}"

# Survivors the kernel could show but that change no prediction, one
# "SPEC<TAB>WHAT<TAB>REASON" a line (WHAT as mutate.pl prints it).
known='mlock2.kapi	line 46: mask bit 30 added	the error "Invalid flags" (when flags & ~MLOCK_ONFAULT) still predicts EINVAL for bit 30: the same fact is stated twice
mlock2.kapi	line 74: condition dropped	the mask of flags still predicts EINVAL for the bits the condition named: the same fact is stated twice'

echo "TAP version 13"
if ! have perl; then
	skip "mutation check" "no perl"
	finish
fi
for spec in "$srcdir"/specs/*.kapi; do
	base=$(basename "$spec")
	d=$out/${base%.kapi}
	rm -rf "$d" && mkdir -p "$d" || exit 99
	perl "$srcdir/tests/gentest/mutate.pl" "$spec" "$d" >"$d/list" 2>"$d/mutate.err" || {
		not_ok "$base: mutations"
		diag "$d/mutate.err"
		continue
	}
	visible=0 killed=0 survivors= invalid=0 expected=0
	while IFS='	' read -r n what vis; do
		# -I: a mutant lives in $d, the files its spec includes in specs/.
		if ! "$KAPIC" -w -I "$srcdir/specs" --emit=test -o "$d/$n.c" "$d/$n.kapi" >"$d/$n.gen.log" 2>&1; then
			invalid=$((invalid + 1))	# kapic refuses it: not a spec
			continue
		fi
		if ! $CC $KAPI_CFLAGS -o "$d/$n.bin" "$d/$n.c" >"$d/$n.cc.log" 2>&1; then
			survivors="$survivors
$what: the generated test does not build"
			continue
		fi
		KAPI_SEED=1 KAPI_RANDOM_CASES=100 "$d/$n.bin" >"$d/$n.out" 2>&1
		st=$?
		if [ "$vis" != yes ]; then
			expected=$((expected + 1))
			echo "# $base: known survivor, $what: $vis (exit $st)"
			continue
		fi
		visible=$((visible + 1))
		if [ "$st" = 1 ]; then
			killed=$((killed + 1))
		elif reason=$(printf '%s\n' "$known" |
			awk -F '\t' -v s="$base" -v w="$what" '$1 == s && $2 == w { print $3 }') &&
		     [ -n "$reason" ]; then
			# The fact is stated twice: the mutant means what the spec
			# means, so it is no kernel-visible change after all.
			visible=$((visible - 1)) expected=$((expected + 1))
			echo "# $base: known survivor, $what: $reason"
		else
			survivors="$survivors
$what (exit $st)"
		fi
	done <"$d/list"
	score="$killed/$visible kernel-visible mutations killed, $expected known survivors, $invalid refused by kapic"
	# No kernel-visible mutant is fine only when kapic refused none (a
	# spec that states no such fact, as munlockall's, whose one error is
	# untestable), not when every mutant failed to compile.
	if [ -z "$survivors" ] && { [ "$visible" -gt 0 ] || [ "$invalid" = 0 ]; }; then
		ok "$base: mutation score $score"
	else
		not_ok "$base: mutation score $score"
		printf '%s\n' "$survivors" | sed '/^$/d; s/^/# survived: /'
	fi
done
finish
