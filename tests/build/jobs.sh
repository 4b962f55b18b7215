#!/bin/sh
# Rendering threads (-j) change nothing but the time: the same files, the
# same bytes, the same depfile and the same diagnostics for any number of
# threads, a failure leaves nothing behind, and -j checks its argument.
: "${srcdir:?}" "${builddir:?}" "${KAPIC:?}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else nok "$desc"; fi; }
show() { sed 's/^/# /' "$@"; }

# A file of 40 specs: past the default's threshold, and more specs than
# jobs, so threads take several jobs each and finish out of order.
sh "$srcdir/bench/gen-corpus" 40 "$tmp/c40.kapi"
cp "$srcdir/specs/mlock2.kapi" "$tmp/mlock2.kapi"

# Each run in a directory of its own, with the same relative names, so
# depfiles compare byte for byte.
for j in 1 2 3 8 default; do
	mkdir -p "$tmp/j$j"
	opt=; [ "$j" = default ] || opt="-j$j"
	(cd "$tmp/j$j" && "$KAPIC" $opt --emit=all -d out -MD ../c40.kapi &&
	 "$KAPIC" $opt --emit=all -d one ../mlock2.kapi) 2>"$tmp/j$j.err"
	check "-j $j: exit 0, nothing on stderr" test $? = 0 -a ! -s "$tmp/j$j.err"
done
check "-j1 writes every output (40 specs x 5, JSON, runtime header, depfile)" \
	test "$(ls "$tmp/j1/out" | wc -l)" = 203
for j in 2 3 8 default; do
	if diff -r "$tmp/j1" "$tmp/j$j" >"$tmp/diff" 2>&1; then
		ok "-j $j: the same files and bytes as -j1, depfile included"
	else
		nok "-j $j: the same files and bytes as -j1, depfile included"
		head -n 20 "$tmp/diff" | show
	fi
done

# A template that fails while rendering: with one thread the first spec
# stops the run; with four, other specs may have been rendered, but the
# diagnostics are the same and no output or temporary file is left.
mkdir -p "$tmp/tmpl"
sed '3s/$/{{spec.nosuch}}/' "$srcdir/templates/kernel.tmpl" >"$tmp/tmpl/kernel.tmpl"
for j in 1 4; do
	mkdir -p "$tmp/f$j"
	(cd "$tmp/f$j" && "$KAPIC" -j$j --templates ../tmpl --emit=kernel,man -d out \
		../c40.kapi) 2>"$tmp/f$j.err"
	check "a render error with -j $j exits 1" test $? = 1
	check "a render error with -j $j leaves the output directory empty" \
		test -z "$(ls -A "$tmp/f$j/out")"
done
if cmp -s "$tmp/f1.err" "$tmp/f4.err" && [ -s "$tmp/f1.err" ]; then
	ok "a render error: the same diagnostics with -j 1 and -j 4"
else
	nok "a render error: the same diagnostics with -j 1 and -j 4"
	diff "$tmp/f1.err" "$tmp/f4.err" | head -n 20 | show
fi

for bad in 0 -1 x 65 ''; do
	"$KAPIC" -j "$bad" --emit=json -d "$tmp/bad" "$tmp/mlock2.kapi" 2>"$tmp/bad.err"
	rc=$?
	check "-j '$bad' is a usage error (exit 2, message)" \
		test "$rc" = 2 -a -n "$(grep -- '-j takes a number of threads' "$tmp/bad.err")"
done

echo "1..$n"
exit $fail
