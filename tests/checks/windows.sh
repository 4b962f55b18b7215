#!/bin/sh
# A file of 64 specs or more is checked a window of specs at a time with
# the reports counted, not printed, and checked again the usual way when
# anything was reported (compiler/check.c, check_windows_clean).  So a
# check that the windowed pass missed would lose its diagnostics.  Each
# fixture of tests/checks is put after 70 clean specs (-j1: one thread),
# and after 256 and 272 (threads from 64 specs: with two, each takes every
# other window, so the fixture is in the first's and in the second's); the
# checks that fire, with their severities and in their order, must be
# those of the fixture alone.  (Fixtures that include
# files are left out: once copied they include something else.)
set -u
: "${srcdir:?srcdir must name the source tree}"
: "${KAPIC:?KAPIC must name the kapic binary}"
dir="$srcdir/tests/checks"
t_name=checks-windows
. "$srcdir/tests/tools/testlib.sh"
tmp=$out
NO_COLOR=1; export NO_COLOR

# The severity and check of each diagnostic, one a line.
fired() { sed -n 's/^[^ ]*: \(error\|warning\|note\): .* \[\([a-z-]*\)\]$/\1 \2/p' "$1"; }

for count in 70 256 272; do
jobs=
[ "$count" != 70 ] || jobs=-j1
sh "$srcdir/bench/gen-corpus" "$count" "$tmp/clean.kapi"
"$KAPIC" --check "$tmp/clean.kapi" 2>"$tmp/clean.err"
rc=$?
if [ "$rc" = 0 ] && [ ! -s "$tmp/clean.err" ]; then
	ok "$count generated specs are clean"
else
	not_ok "$count generated specs are clean"
fi

for f in "$dir"/*.kapi; do
	name=${f##*/}
	# Includes are found beside the including file: not the same
	# file once copied, so the include fixtures test the parser only.
	grep -q '^include ' "$f" && continue
	opts=$(sed -n '1s|^// kapic-options: ||p' "$f")
	cat "$tmp/clean.kapi" "$f" >"$tmp/big-$name"
	# shellcheck disable=SC2086
	"$KAPIC" $opts --check "$f" 2>"$tmp/alone.err"; rc_alone=$?
	# shellcheck disable=SC2086
	"$KAPIC" $opts $jobs -I "$dir" --check "$tmp/big-$name" 2>"$tmp/big.err"; rc_big=$?
	fired "$tmp/alone.err" >"$tmp/alone.fired"
	fired "$tmp/big.err" >"$tmp/big.fired"
		if [ "$rc_alone" = "$rc_big" ] && cmp -s "$tmp/alone.fired" "$tmp/big.fired"; then
		ok "$name after $count specs: the same checks fire (exit $rc_big)"
	else
		not_ok "$name after $count specs: the same checks fire"
		echo "# exit $rc_alone alone, $rc_big after $count specs"
		diff "$tmp/alone.fired" "$tmp/big.fired" | sed 's/^/# /'
	fi
done
done
# Whole-file checks compare specs and constants across windows: a spec
# named as the first one, and a constant defined twice, both at the end.
cat "$tmp/clean.kapi" - >"$tmp/dups.kapi" <<'KAPI'
const MLOCK_ONFAULT_0 = 0x01 "Again.";
syscall mlock2_00001 {
	summary "Again";
	return long { summary "R"; type int; check error; success 0; }
}
KAPI
"$KAPIC" --check "$tmp/dups.kapi" 2>"$tmp/dups.err"; rc=$?
fired "$tmp/dups.err" >"$tmp/dups.fired"
printf 'error duplicate-constant\nerror duplicate-spec\n' >"$tmp/dups.want"
if [ "$rc" = 1 ] && grep -v '^note' "$tmp/dups.fired" | cmp -s - "$tmp/dups.want"; then
	ok "a spec and a constant defined again $count specs later are reported"
else
	not_ok "a spec and a constant defined again $count specs later are reported"
	sed 's/^/# /' "$tmp/dups.err"
fi

finish
