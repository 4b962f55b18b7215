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

# A second run over the 203 outputs: the listing of the output directory,
# which says which outputs are new, grows its table past 32 names.  Every
# output is unchanged, so none is rewritten (all keep their mtime) and
# nothing is reported.  (Growing the table once freed the names read so
# far; AddressSanitizer reports that here.)
find "$tmp/j2/out" -type f -exec touch -d '2000-01-01 00:00:00 UTC' {} +
(cd "$tmp/j2" && "$KAPIC" -j2 --emit=all -d out ../c40.kapi) 2>"$tmp/again.err"
check "a second run over 203 outputs: exit 0, nothing on stderr" \
	test $? = 0 -a ! -s "$tmp/again.err"
check "a second run over 203 outputs: none rewritten (all keep their mtime)" \
	test -z "$(find "$tmp/j2/out" -type f -newermt '2000-01-02' | head -n 1)"

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

# JSON's entries are rendered by the per-spec jobs and pasted in; an entry
# that fails is rendered again by the JSON job, so a broken tag inside
# `specs` is reported once, as by one rendering of the whole file.
mkdir -p "$tmp/jtmpl"
sed 's/"kind": {{kind}},/"kind": {{kind}}{{nosuch}},/' "$srcdir/templates/json.tmpl" >"$tmp/jtmpl/json.tmpl"
for j in 1 4; do
	mkdir -p "$tmp/g$j"
	(cd "$tmp/g$j" && "$KAPIC" -j$j --templates ../jtmpl --emit=json,kernel -d out \
		../c40.kapi) 2>"$tmp/g$j.err"
	rc=$?
	if [ "$rc" = 1 ] && [ "$(grep -c "unknown variable 'nosuch'" "$tmp/g$j.err")" = 1 ] &&
	   [ -z "$(ls -A "$tmp/g$j/out")" ]; then
		ok "a JSON entry that fails, -j $j: reported once, nothing left"
	else
		nok "a JSON entry that fails, -j $j: reported once, nothing left (rc $rc)"
		head -n 8 "$tmp/g$j.err" | show
	fi
done
check "a JSON entry that fails: the same diagnostics with -j 1 and -j 4" \
	cmp -s "$tmp/g1.err" "$tmp/g4.err"
# A new JSON file is written as it is rendered; one replacing an old file
# is rendered whole and renamed over it.  Both ways give the same bytes
# (the 570 KB of 40 specs go out in several pieces).
mkdir -p "$tmp/stream"
(cd "$tmp/stream" && "$KAPIC" --emit=json -d out ../c40.kapi &&
 cp out/c40.json streamed.json && echo stale >out/c40.json &&
 "$KAPIC" --emit=json -d out ../c40.kapi) 2>"$tmp/stream.err"
check "JSON written as rendered, and rendered whole over an old file: the same bytes" \
	sh -c "test -s '$tmp/stream/streamed.json' && cmp -s '$tmp/stream/streamed.json' '$tmp/stream/out/c40.json'"

# A template naming the list twice gets each section's own bodies: the
# entries rendered apart are for one section only.
mkdir -p "$tmp/twice/tpl"
printf '{{%%escape raw}}{{#specs}}A {{name}}\n{{/specs}}{{#specs}}B {{name}}\n{{/specs}}' \
	>"$tmp/twice/tpl/json.tmpl"
(cd "$tmp/twice" && "$KAPIC" --templates tpl --emit=json,kernel -d out ../c40.kapi) 2>"$tmp/twice.err"
if [ "$(grep -c '^A mlock2_' "$tmp/twice/out/c40.json")" = 40 ] &&
   [ "$(grep -c '^B mlock2_' "$tmp/twice/out/c40.json")" = 40 ]; then
	ok "a JSON template naming the specs twice: each section renders its own body"
else
	nok "a JSON template naming the specs twice: each section renders its own body"
	head -n 4 "$tmp/twice/out/c40.json" "$tmp/twice.err" 2>&1 | show
fi
for j in 1 4; do
	mkdir -p "$tmp/json$j"
	(cd "$tmp/json$j" && "$KAPIC" -j$j --emit=json -d out ../c40.kapi)
done
check "--emit=json alone: the same file with -j 1 and -j 4, as with --emit=all" \
	sh -c "cmp -s '$tmp/json1/out/c40.json' '$tmp/json4/out/c40.json' &&
	       cmp -s '$tmp/json1/out/c40.json' '$tmp/j1/out/c40.json'"

# Files of 256 KB and more are parsed in pieces on several threads, split at
# blank lines before lines that start with `syscall `; the model and the
# diagnostics must be those of one parse.  A 200-spec corpus (1.3 MB, in 8
# pieces with -j2), clean; with errors in two pieces; with a split point
# inside a block comment; with an include.
sh "$srcdir/bench/gen-corpus" 200 "$tmp/c200.kapi"
mkdir -p "$tmp/p1" "$tmp/p2"
(cd "$tmp/p1" && "$KAPIC" -j1 --emit=all -d out ../c200.kapi) &&
(cd "$tmp/p2" && "$KAPIC" -j2 --emit=all -d out ../c200.kapi)
check "a 1.3 MB file parsed in pieces: exit 0" test $? = 0
check "parsed in pieces or in one: the same outputs" diff -r "$tmp/p1" "$tmp/p2"

# One error early, one late: two pieces each report one; what is printed
# must be the one parse's two, in order.
awk 'NR == 60 { print "\tsumary \"typo\";" } NR == 15000 { print "\tflags ind;" } { print }' \
	"$tmp/c200.kapi" >"$tmp/bad200.kapi"
"$KAPIC" -j1 --check "$tmp/bad200.kapi" 2>"$tmp/bad1.err"; rc1=$?
"$KAPIC" -j2 --check "$tmp/bad200.kapi" 2>"$tmp/bad2.err"; rc2=$?
check "errors in two pieces: exit 1 either way" test "$rc1" = 1 -a "$rc2" = 1
if [ -s "$tmp/bad1.err" ] && cmp -s "$tmp/bad1.err" "$tmp/bad2.err"; then
	ok "errors in two pieces: the diagnostics of one parse"
else
	nok "errors in two pieces: the diagnostics of one parse"
	diff "$tmp/bad1.err" "$tmp/bad2.err" | head -n 20 | show
fi

# More than 50 errors found by the checks that go window by window (files
# of 64 specs and more): each window's diagnostics are held, and the run
# stops at the 51st as a check of the whole file would (this crashed,
# writing "too many errors" to the held diagnostics' absent stream).
sh "$srcdir/bench/gen-corpus" 70 "$tmp/c70.kapi"
sed 's/flags in;/flags ind;/' "$tmp/c70.kapi" >"$tmp/many70.kapi"
"$KAPIC" -j1 --check "$tmp/many70.kapi" >"$tmp/many1.err" 2>&1; rc1=$?
"$KAPIC" -j2 --check "$tmp/many70.kapi" >"$tmp/many2.err" 2>&1; rc2=$?
check "over 50 errors in windows: exit 1 with -j1 and -j2" test "$rc1" = 1 -a "$rc2" = 1
check "over 50 errors in windows: 50 errors, then it stops" \
	test "$(grep -c ': error: ' "$tmp/many2.err")" = 50 -a \
	"$(grep -c '^kapic: too many errors (more than 50); stopping$' "$tmp/many2.err")" = 1
if cmp -s "$tmp/many1.err" "$tmp/many2.err"; then
	ok "over 50 errors in windows: the same diagnostics with -j1 and -j2"
else
	nok "over 50 errors in windows: the same diagnostics with -j1 and -j2"
	diff "$tmp/many1.err" "$tmp/many2.err" | head -n 20 | show
fi

# A block comment over the middle of the file, of lines that start with
# `syscall ` after blank lines: the split near the middle lands in it, two
# pieces fail, the file is parsed again in one piece -- cleanly.  The
# comment goes at the line start where the middle of the new file falls
# inside it.
total=$(wc -c <"$tmp/c200.kapi")
awk -v total="$total" '
	BEGIN { c = "/* not specs:\n"; for (i = 0; i < 20; i++) c = c "\nsyscall commented_out {\n"; c = c "*/\n"
		mid = int((total + length(c)) / 2); at = mid - int(length(c) / 2) }
	!done && off >= at { printf "%s", c; done = 1 }
	{ print; off += length($0) + 1 }' "$tmp/c200.kapi" >"$tmp/comment200.kapi"
mkdir -p "$tmp/c1" "$tmp/c2"
(cd "$tmp/c1" && "$KAPIC" -j1 --emit=kernel,json -d out ../comment200.kapi) 2>"$tmp/c1.err" &&
(cd "$tmp/c2" && "$KAPIC" -j2 --emit=kernel,json -d out ../comment200.kapi) 2>"$tmp/c2.err"
check "a split inside a comment: exit 0, no message" test $? = 0 -a ! -s "$tmp/c1.err" -a ! -s "$tmp/c2.err"
check "a split inside a comment: the same outputs" diff -r "$tmp/c1" "$tmp/c2"

# An include in the second half, so not in the first piece: its constants
# and its place in the depfile are the same.
half=$(($(wc -l <"$tmp/c200.kapi") / 2))
printf 'const EXTRA_FLAG = 0x100 "From an include.";\n' >"$tmp/extra.kapi"
awk -v h="$half" 'NR > h && !done && /^syscall / { print "include \"extra.kapi\";"; done = 1 } { print }' \
	"$tmp/c200.kapi" >"$tmp/inc200.kapi"
mkdir -p "$tmp/i1" "$tmp/i2"
(cd "$tmp/i1" && "$KAPIC" -j1 --emit=json -d out -MD ../inc200.kapi) &&
(cd "$tmp/i2" && "$KAPIC" -j2 --emit=json -d out -MD ../inc200.kapi)
check "an include in the second half: exit 0" test $? = 0
check "an include in the second half: the same JSON and depfile" diff -r "$tmp/i1" "$tmp/i2"
check "an include in the second half: its constant is in the JSON" \
	grep -q EXTRA_FLAG "$tmp/i2/out/inc200.json"

for bad in 0 -1 x 65 ''; do
	"$KAPIC" -j "$bad" --emit=json -d "$tmp/bad" "$tmp/mlock2.kapi" 2>"$tmp/bad.err"
	rc=$?
	check "-j '$bad' is a usage error (exit 2, message)" \
		test "$rc" = 2 -a -n "$(grep -- '-j takes a number of threads' "$tmp/bad.err")"
done

echo "1..$n"
exit $fail
