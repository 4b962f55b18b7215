#!/bin/sh
# Hostile inputs: every bad input must end in exit 1 (input) or 2 (usage or
# I/O) with a message, never a crash, a sanitizer report or a hang, and
# must leave no output or temporary file behind.  One TAP point per case.
#
# Cases: tests/hostile/cases/*.kapi (first line `// kapic-args: ...` adds
# options), tests/hostile/fuzz-regressions/* (inputs the fuzzer found), and
# generated ones below (binary, huge, or needing a particular file system).
set -u

: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${KAPIC:=${builddir:-.}/kapic}"
here=$srcdir/tests/hostile
spec=$srcdir/specs/mlock2.kapi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kapic-hostile.XXXXXX") || exit 2
# Cases run as nobody must be able to reach their files.
chmod 755 "$tmp"
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() {
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
	shift
	for line; do printf '#   %s\n' "$line"; done
	sed -n '1,6s/^/#   stderr: /p' "$tmp/stderr" 2>/dev/null
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

as_nobody=
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi

# run [ENV=VAL...] -- ARGS...: kapic under timeout, stdin closed, output in
# $tmp/stdout and $tmp/stderr, status in $rc.
run() {
	timeout "${RUN_TIMEOUT:-20}" "$@" </dev/null >"$tmp/stdout" 2>"$tmp/stderr"
	rc=$?
}

# What every failing run must satisfy; prints the first problem found.
failure_problem() {  # WANT_RC LOCATED OUTDIR
	if [ "$rc" = 124 ]; then echo "hung (killed after 20 s)"; return; fi
	if [ "$rc" -ge 128 ]; then echo "crashed (exit $rc)"; return; fi
	if grep -Eq 'Sanitizer|runtime error:|AddressSanitizer' "$tmp/stderr"; then
		echo "sanitizer report"; return
	fi
	if [ "$rc" != "$1" ]; then echo "exit $rc, want $1"; return; fi
	if [ "$2" = located ]; then
		grep -Eq '^[^ :]+:[0-9]+:[0-9]+: (fatal )?error: ' "$tmp/stderr" ||
			{ echo "no file:line:col: error: message"; return; }
	else
		grep -Eq 'error|kapic: ' "$tmp/stderr" || { echo "no message"; return; }
	fi
	if [ -n "$3" ]; then
		left=$(ls -A "$3")
		[ -z "$left" ] || { echo "left in output dir: $left"; return; }
	fi
	tmpfiles=$(find "$tmp" -name '.*.??????' 2>/dev/null)
	[ -z "$tmpfiles" ] || { echo "temporary files left: $tmpfiles"; return; }
}

# expect_input_error NAME FILE [LOCATED] [KAPIC ARGS...]: exit 1, nothing
# written to an empty -d directory.
expect_input_error() {
	name=$1 file=$2 where=${3:-located}
	if [ $# -ge 3 ]; then shift 3; else shift 2; fi
	out=$tmp/out.$n
	rm -rf "$out" && mkdir "$out"
	run "$KAPIC" "$@" --emit=all -d "$out" "$file"
	p=$(failure_problem 1 "$where" "$out")
	if [ -z "$p" ]; then ok "$name"; else notok "$name" "$p"; fi
	rm -rf "$out"
}

# --- The cases inside a large file ----------------------------------------
# The same inputs halfway through a corpus of 200 specs (1.3 MB): each
# must fail located, the same with --emit=all as with --check (same exit
# status, same messages), and write nothing.  Run on its own by
# tests/hostile/large.sh; not part of this script's own run.
if [ "${HOSTILE_ONLY:-}" = large ]; then
g=$tmp/gen
mkdir "$g"
sh "$srcdir/bench/gen-corpus" 200 "$g/c200.kapi"
half=$(awk '/^syscall / && ++n == 100 { print NR - 1; exit }' "$g/c200.kapi")
head -n "$half" "$g/c200.kapi" >"$g/c200-head"
tail -n +"$((half + 1))" "$g/c200.kapi" >"$g/c200-tail"
for f in "$here"/cases/*.kapi; do
	args=$(sed -n '1s,^// kapic-args: ,,p' "$f")
	big=$g/big-$(basename "$f")
	{ cat "$g/c200-head" "$f"; printf '\n\n'; cat "$g/c200-tail"; } >"$big"
	# shellcheck disable=SC2086 # ARGS are words
	run "$KAPIC" $args --check "$big"
	rc1=$rc
	mv "$tmp/stderr" "$g/big.err1"
	out=$tmp/out.$n
	rm -rf "$out" && mkdir "$out"
	# shellcheck disable=SC2086
	run "$KAPIC" $args --emit=all -d "$out" "$big"
	if [ "$rc1" = 0 ]; then
		# Bad only as a whole file (one of nothing but a comment).
		p=
		[ "$rc" = 0 ] || p="exit $rc with --emit=all, 0 with --check"
	else
		p=$(failure_problem 1 located "$out")
		[ -z "$p" ] && [ "$rc1" != "$rc" ] && p="exit $rc1 with --check, $rc with --emit=all"
	fi
	[ -z "$p" ] && ! cmp -s "$g/big.err1" "$tmp/stderr" && p="messages differ from --check"
	name="case $(basename "$f") in a 200-spec file, --emit=all as --check"
	if [ -z "$p" ]; then ok "$name"; else notok "$name" "$p"; fi
	rm -rf "$out" "$big"
done
echo "1..$n"
[ "$failed" = 0 ]
exit
fi

# --- Case files --------------------------------------------------------
for f in "$here"/cases/*.kapi; do
	args=$(sed -n '1s,^// kapic-args: ,,p' "$f")
	# shellcheck disable=SC2086 # ARGS are words
	expect_input_error "case $(basename "$f")" "$f" located $args
done

# Inputs the fuzzer once crashed on (kept verbatim): all bad input, but
# for valid-*.kapi, which must compile.
for f in "$here"/fuzz-regressions/*; do
	[ -f "$f" ] || continue
	[ "${f##*.}" = md ] && continue
	case $(basename "$f") in
	valid-*)
		out=$tmp/out.$n
		mkdir "$out"
		run "$KAPIC" --emit=all -d "$out" "$f"
		if [ "$rc" = 0 ] && [ -n "$(ls -A "$out")" ]; then ok "fuzz regression $(basename "$f")"
		else notok "fuzz regression $(basename "$f")" "exit $rc, want 0 and outputs"; fi
		rm -rf "$out" ;;
	*)
		expect_input_error "fuzz regression $(basename "$f")" "$f" ;;
	esac
done

# --- Generated lexical cases ---------------------------------------------
g=$tmp/gen
mkdir "$g"
printf 'const A = 1;\000\nconst B = 2;\n' >"$g/nul-byte.kapi"
expect_input_error "NUL byte between statements" "$g/nul-byte.kapi"
printf 'syscall x { summary "a\000b"; }\n' >"$g/nul-in-string.kapi"
expect_input_error "raw NUL byte inside a string" "$g/nul-in-string.kapi"
printf 'syscall x { summary "\377\376 bad"; }\n' >"$g/utf8-string.kapi"
expect_input_error "invalid UTF-8 inside a string" "$g/utf8-string.kapi"
printf '\303\050const A = 1;\n' >"$g/utf8-code.kapi"
expect_input_error "invalid UTF-8 outside strings" "$g/utf8-code.kapi"
printf 'syscall x { summary "\340\200\200 overlong"; }\n' >"$g/utf8-overlong.kapi"
expect_input_error "overlong UTF-8 sequence in a string" "$g/utf8-overlong.kapi"
awk 'BEGIN { printf "const "; for (i = 0; i < 1025; i++) printf "a"; print " = 1;" }' >"$g/ident-1025.kapi"
expect_input_error "identifier of 1025 characters" "$g/ident-1025.kapi"
awk 'BEGIN { s = "abcdefghijklmnopqrstuvwxyz0123456789_ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	     while (length(s) < 10485760) s = s s; printf "const %s = 1;\n", s }' >"$g/ident-10m.kapi"
expect_input_error "identifier of 10 MB" "$g/ident-10m.kapi"
awk 'BEGIN { s = "x"; while (length(s) < 70000) s = s s; printf "syscall x { summary \"%s\"; }\n", s }' >"$g/string-128k.kapi"
expect_input_error "string literal of 128 KB" "$g/string-128k.kapi"
awk 'BEGIN { printf "const A = "; for (i = 0; i < 10000; i++) printf "(";
	     printf "1"; for (i = 0; i < 10000; i++) printf ")"; print ";" }' >"$g/parens.kapi"
expect_input_error "10,000 nested parentheses" "$g/parens.kapi"
awk 'BEGIN { printf "syscall x "; for (i = 0; i < 10000; i++) printf "{"; print "" }' >"$g/braces.kapi"
expect_input_error "10,000 nested braces" "$g/braces.kapi"
awk 'BEGIN { printf "const A = "; for (i = 0; i < 100000; i++) printf "-"; print "1;" }' >"$g/unary.kapi"
expect_input_error "100,000 unary minus signs" "$g/unary.kapi"
# A left-associative chain never grows the parser's stack, but every walk
# of the tree recurses: 300,000 terms once overflowed the C stack.
awk 'BEGIN { printf "const A = "; for (i = 0; i < 300000; i++) printf "1+"; print "1;" }' >"$g/chain.kapi"
expect_input_error "300,000-term left-associative chain" "$g/chain.kapi"
awk 'BEGIN { printf "syscall x { summary \"s\"; error EINVAL \"e\" { description \"d\"; untestable \"u\"; when ";
	     for (i = 0; i < 300000; i++) printf "x < "; print "1; } }" }' >"$g/chain-when.kapi"
expect_input_error "300,000-term comparison chain in a condition" "$g/chain-when.kapi"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "const A%d = %d;\n", i, i;
	     print "const A5 = 1;" }' >"$g/many-dups.kapi"
expect_input_error "a duplicate after 100,000 constants" "$g/many-dups.kapi"
awk 'BEGIN { for (i = 0; i < 20000; i++) print "@" }' >"$g/many-errors.kapi"
expect_input_error "20,000 errors in one file" "$g/many-errors.kapi"

# --- Syntactic: binary garbage and truncations ---------------------------
awk 'BEGIN { srand(20260401); for (i = 0; i < 65536; i++) printf "%c", int(rand() * 256) }' \
	>"$g/garbage.kapi" 2>/dev/null
expect_input_error "64 KB of pseudo-random bytes" "$g/garbage.kapi"
expect_input_error "the kapic executable as input" "$KAPIC"
: >"$g/empty.kapi"
expect_input_error "empty file" "$g/empty.kapi" anywhere

# Cut mlock2.kapi after every `{`, after every `;` inside a block and in the
# middle of every string, wherever the prefix is not itself a whole file.
awk '
	{ text = text $0 "\n" }
	END {
		depth = 0; instr = 0; incomment = 0
		for (i = 1; i <= length(text); i++) {
			c = substr(text, i, 1); c2 = substr(text, i, 2)
			if (incomment == 1) { if (c == "\n") incomment = 0; continue }
			if (incomment == 2) { if (c2 == "*/") { incomment = 0; i++ } continue }
			if (instr) {
				if (c == "\\") { i++; continue }
				if (c == "\"") { instr = 0; if (i - start > 2) print int((start + i) / 2) }
				continue
			}
			if (c2 == "//") { incomment = 1; continue }
			if (c2 == "/*") { incomment = 2; continue }
			if (c == "\"") { instr = 1; start = i; continue }
			if (c == "{") { depth++; print i }
			else if (c == "}") depth--
			else if (c == ";" && depth > 0) print i
		}
	}' "$spec" >"$g/cuts"
ncuts=0
while read -r cut; do
	head -c "$cut" "$spec" >"$g/cut-$cut.kapi"
	ncuts=$((ncuts + 1))
	expect_input_error "mlock2.kapi cut after byte $cut" "$g/cut-$cut.kapi"
	rm -f "$g/cut-$cut.kapi"
done <"$g/cuts"
if [ "$ncuts" -ge 100 ]; then ok "truncation points found: $ncuts"
else notok "truncation points found: $ncuts" "want at least 100"; fi

# --- Includes -------------------------------------------------------------
mkdir "$g/inc"
i=0
while [ $i -lt 40 ]; do
	printf 'include "chain%d.kapi";\n' $((i + 1)) >"$g/inc/chain$i.kapi"
	i=$((i + 1))
done
echo 'const LAST = 1;' >"$g/inc/chain40.kapi"
expect_input_error "include chain 40 deep (limit 32)" "$g/inc/chain0.kapi"
printf 'include "sub";\n' >"$g/inc/dir.kapi"
mkdir "$g/inc/sub"
expect_input_error "include of a directory" "$g/inc/dir.kapi"
printf 'include "%s";\n' "$g/inc/missing.kapi" >"$g/inc/abs-missing.kapi"
expect_input_error "include of a missing absolute path" "$g/inc/abs-missing.kapi"

if [ -n "$as_nobody" ]; then
	echo 'const SECRET = 1;' >"$g/inc/secret.kapi"
	chmod 000 "$g/inc/secret.kapi"
	printf 'include "secret.kapi";\nconst A = SECRET;\n' >"$g/inc/unreadable.kapi"
	chmod 755 "$g" "$g/inc"
	out=$tmp/out.nobody
	mkdir "$out" && chmod 777 "$out"
	run $as_nobody "$KAPIC" --emit=all -d "$out" "$g/inc/unreadable.kapi"
	p=$(failure_problem 1 located "$out")
	grep -q 'Permission denied' "$tmp/stderr" || p=${p:-"no 'Permission denied'"}
	if [ -z "$p" ]; then ok "unreadable include (as nobody)"
	else notok "unreadable include (as nobody)" "$p"; fi
	run $as_nobody "$KAPIC" --emit=all -d "$out" "$g/inc/secret.kapi"
	p=$(failure_problem 2 anywhere "$out")
	if [ -z "$p" ]; then ok "unreadable input file (as nobody)"
	else notok "unreadable input file (as nobody)" "$p"; fi
	rm -rf "$out"
else
	skip "unreadable include" "needs root and setpriv to test as nobody"
	skip "unreadable input file" "needs root and setpriv to test as nobody"
fi

# --- Usage and I/O --------------------------------------------------------
mkdir "$g/empty"
run "$KAPIC" --emit=all -d "$g/empty" "$g/no-such-file.kapi"
p=$(failure_problem 2 anywhere "$g/empty")
if [ -z "$p" ]; then ok "missing input file"; else notok "missing input file" "$p"; fi
run "$KAPIC" --emit=all -d "$g/empty" "$g/inc"
p=$(failure_problem 2 anywhere "$g/empty")
if [ -z "$p" ]; then ok "directory as input"; else notok "directory as input" "$p"; fi
# kapic creates the -d directory itself, but not its parents.
run "$KAPIC" --emit=all -d "$g/no-such-dir/sub" "$spec"
p=$(failure_problem 2 anywhere "")
[ -e "$g/no-such-dir" ] && p=${p:-"created the parent of -d"}
if [ -z "$p" ]; then ok "-d under a missing directory"; else notok "-d under a missing directory" "$p"; fi
: >"$g/plain-file"
run "$KAPIC" --emit=all -d "$g/plain-file" "$spec"
p=$(failure_problem 2 anywhere "")
[ -s "$g/plain-file" ] && p=${p:-"wrote into the file"}
if [ -z "$p" ]; then ok "-d names a regular file"; else notok "-d names a regular file" "$p"; fi
run "$KAPIC" --emit=json -o "$g" "$spec"
p=$(failure_problem 2 anywhere "")
if [ -z "$p" ]; then ok "-o names a directory"; else notok "-o names a directory" "$p"; fi

# Devices are our own nodes, never /dev/full itself: a kapic that renames
# its temporary file over the target would replace the system's device.
if [ "$(id -u)" = 0 ] && mknod "$g/full" c 1 7 2>/dev/null && mknod "$g/null" c 1 3 2>/dev/null; then
	run "$KAPIC" --emit=json -o "$g/full" "$spec"
	p=$(failure_problem 2 anywhere "")
	[ -c "$g/full" ] || p="the device was replaced by a $(stat -c %F "$g/full")"
	if [ -z "$p" ]; then ok "-o on a full device (1,7)"; else notok "-o on a full device (1,7)" "$p"; fi
	run "$KAPIC" --emit=json -o "$g/null" "$spec"
	p=
	[ "$rc" = 0 ] || p="exit $rc"
	[ -c "$g/null" ] || p="the device was replaced by a $(stat -c %F "$g/null")"
	if [ -z "$p" ]; then ok "-o on a null device stays a device"; else notok "-o on a null device stays a device" "$p"; fi
else
	skip "-o on a full device" "needs root to make a device node"
	skip "-o on a null device" "needs root to make a device node"
fi
if mkfifo "$g/fifo" 2>/dev/null; then
	timeout 20 cat "$g/fifo" >"$g/fifo.out" &
	reader=$!
	run "$KAPIC" --emit=json -o "$g/fifo" "$spec"
	wait "$reader"
	p=
	[ "$rc" = 0 ] || p="exit $rc"
	[ -p "$g/fifo" ] || p="the FIFO was replaced"
	grep -q '"generator"' "$g/fifo.out" || p=${p:-"nothing came through the FIFO"}
	if [ -z "$p" ]; then ok "-o on a FIFO writes through it"; else notok "-o on a FIFO writes through it" "$p"; fi
else
	skip "-o on a FIFO" "mkfifo failed"
fi

# The known-good JSON that a failed write must leave alone.
"$KAPIC" --emit=json -o "$g/good.json" "$spec" 2>/dev/null
old=$g/old.json
{ echo '{ "pre-existing": true }'; } >"$old"

if [ -n "$as_nobody" ]; then
	d=$tmp/readonly
	mkdir "$d" && cp "$old" "$d/mlock2.json" && chmod 755 "$d"
	run $as_nobody "$KAPIC" --emit=all -d "$d" "$spec"
	p=$(failure_problem 2 anywhere "")
	cmp -s "$old" "$d/mlock2.json" || p=${p:-"mlock2.json changed"}
	[ "$(ls -A "$d")" = mlock2.json ] || p=${p:-"left: $(ls -A "$d")"}
	if [ -z "$p" ]; then ok "unwritable -d directory (as nobody) keeps mlock2.json"
	else notok "unwritable -d directory (as nobody) keeps mlock2.json" "$p"; fi
else
	skip "unwritable -d directory" "needs root and setpriv to test as nobody"
fi

# A full disk: a 4 KB tmpfs in a private mount namespace, so nothing is
# left mounted if the test dies.  The existing mlock2.json must survive.
full_disk() {
	d=$tmp/full
	mkdir -p "$d"
	# shellcheck disable=SC2016 # expanded by the inner shell
	timeout 20 unshare -m sh -c '
		mount -t tmpfs -o size=4k kapic-hostile "$1" || exit 99
		cp "$2" "$1/mlock2.json" || exit 99
		"$3" --emit=all -d "$1" "$4" </dev/null >"$5/stdout" 2>"$5/stderr"
		rc=$?
		cmp -s "$2" "$1/mlock2.json" || rc=98
		[ "$(ls -A "$1")" = mlock2.json ] || { ls -A "$1" >&2; rc=97; }
		exit $rc' sh "$d" "$old" "$KAPIC" "$spec" "$tmp" 2>>"$tmp/stderr"
}
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1 &&
   unshare -m sh -c "mount -t tmpfs -o size=4k t '$tmp/gen/empty'" 2>/dev/null; then
	full_disk
	rc=$?
	case $rc in
	98) notok "full disk (4 KB tmpfs)" "mlock2.json was changed" ;;
	97) notok "full disk (4 KB tmpfs)" "files left behind" ;;
	*)  p=$(failure_problem 2 anywhere "")
	    if [ -z "$p" ]; then ok "full disk (4 KB tmpfs) keeps mlock2.json"
	    else notok "full disk (4 KB tmpfs) keeps mlock2.json" "$p"; fi ;;
	esac
else
	skip "full disk (4 KB tmpfs)" "needs root and unshare -m to mount a tmpfs"
fi

# --- Data kept, runs that end (issue 17) -----------------------------------
# refused NAME FILE: the last run was refused with exit 2 and a message,
# FILE (an input) is as FILE.orig, and nothing but FILE's own is in $g/rf.
refused() {
	p=$(failure_problem 2 anywhere "$g/rf")
	cmp -s "$2" "$2.orig" || p=${p:-"$(basename "$2") was changed"}
	if [ -z "$p" ]; then ok "$1"; else notok "$1" "$p"; fi
	rm -rf "$g/rf" && mkdir "$g/rf"
}
mkdir "$g/rf" "$g/dd"
cp "$spec" "$g/same.kapi" && cp "$spec" "$g/same.kapi.orig"
run "$KAPIC" --emit=json -o "$g/same.kapi" "$g/same.kapi"
refused "-o names the input" "$g/same.kapi"
ln "$g/same.kapi" "$g/hard.kapi"
run "$KAPIC" --emit=json -o "$g/hard.kapi" "$g/same.kapi"
refused "-o names a hard link to the input (identity, not name)" "$g/same.kapi"
run "$KAPIC" --emit=json -d "$g/rf" -MF "$g/same.kapi" "$g/same.kapi"
refused "-MF names the input" "$g/same.kapi"
cp "$spec" "$g/dd/mlock2.kapi.c" && cp "$spec" "$g/dd/mlock2.kapi.c.orig"
run "$KAPIC" --emit=kernel -d "$g/dd" "$g/dd/mlock2.kapi.c"
refused "-d output is the input (dd/mlock2.kapi.c)" "$g/dd/mlock2.kapi.c"
echo 'const K = 1;' >"$g/kinc.kapi" && cp "$g/kinc.kapi" "$g/kinc.kapi.orig"
printf 'include "kinc.kapi";\nconst L = K;\n' >"$g/kmain.kapi"
run "$KAPIC" --emit=json -o "$g/kinc.kapi" "$g/kmain.kapi"
refused "-o names an included file" "$g/kinc.kapi"
timeout 20 "$KAPIC" --emit=json -o "$g/same.kapi" - <"$g/same.kapi" >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
refused "-o names the file on standard input" "$g/same.kapi"

# Two files with a spec of one name: the second's would replace the first's.
mkdir "$g/tw" "$g/tw/a" "$g/tw/b" "$g/tw/o"
cp "$spec" "$g/tw/a/x.kapi"
{ cat "$spec"; echo 'const ONLY_B = 1;'; } >"$g/tw/b/x.kapi"
run "$KAPIC" --emit=all -d "$g/tw/o" "$g/tw/a/x.kapi" "$g/tw/b/x.kapi"
p=$(failure_problem 2 anywhere "$g/tw/o")
grep -q 'again for' "$tmp/stderr" || p=${p:-"no message naming both"}
if [ -z "$p" ]; then ok "one spec name in two files: refused, nothing written"
else notok "one spec name in two files: refused, nothing written" "$p"; fi
sed 's/\bmlock2\b/mlock9/g' "$spec" >"$g/tw/b/m9.kapi"
run "$KAPIC" --emit=all -d "$g/tw/o" "$g/tw/a/x.kapi" "$g/tw/b/m9.kapi"
p=
[ "$rc" = 0 ] || p="exit $rc"
[ "$(ls "$g/tw/o" | grep -c -e '^kapi-runtime.h$' -e '^mlock[29]-test.c$')" = 3 ] ||
	p=${p:-"want one kapi-runtime.h and both tests: $(ls "$g/tw/o" | tr '\n' ' ')"}
if [ -z "$p" ]; then ok "two specs of different names in one -d"; else notok "two specs of different names in one -d" "$p"; fi

for v in 99999999999999999 253402300800; do
	run env SOURCE_DATE_EPOCH=$v "$KAPIC" --check "$spec"
	p=$(failure_problem 2 anywhere "")
	grep -q 'SOURCE_DATE_EPOCH.*'"$v" "$tmp/stderr" || p=${p:-"no message about the value"}
	if [ -z "$p" ]; then ok "SOURCE_DATE_EPOCH=$v is explained"; else notok "SOURCE_DATE_EPOCH=$v is explained" "$p"; fi
done

# Only regular files are read for include and --templates, within 2 s.
RUN_TIMEOUT=2
if mkfifo "$g/inc/fifo.kapi" 2>/dev/null; then
	printf 'include "fifo.kapi";\n' >"$g/inc/inc-fifo.kapi"
	expect_input_error "include of a FIFO: located, at once" "$g/inc/inc-fifo.kapi"
	grep -q 'not a regular file' "$tmp/stderr" || notok "include of a FIFO says why" "no 'not a regular file'"
	mkdir "$g/tpl" && mkfifo "$g/tpl/kernel.tmpl"
	run "$KAPIC" --templates "$g/tpl" --emit=kernel -d "$g/rf" "$spec"
	p=$(failure_problem 2 anywhere "$g/rf")
	if [ -z "$p" ]; then ok "--templates with a FIFO: usage error, at once"
	else notok "--templates with a FIFO: usage error, at once" "$p"; fi
else
	skip "include of a FIFO" "mkfifo failed"
	skip "--templates with a FIFO" "mkfifo failed"
fi
mkdir -p "$g/tpl2/kernel.tmpl"
run "$KAPIC" --templates "$g/tpl2" --emit=kernel -d "$g/rf" "$spec"
p=$(failure_problem 2 anywhere "$g/rf")
if [ -z "$p" ]; then ok "--templates with a directory: usage error"
else notok "--templates with a directory: usage error" "$p"; fi
RUN_TIMEOUT=20

# Depfiles as make reads them: a space, #, $ and a backslash in a path.
dd="dep dir/a\\b#c\$d"
mkdir -p "$g/$dd"
cp "$spec" "$g/$dd/x.kapi"
(cd "$g" && "$KAPIC" --emit=json -d deps -MF deps.d "$dd/x.kapi") 2>"$tmp/stderr"
printf 'include deps.d\ndeps/x.json:\n\t@printf "[%%s]\\n" '"'"'$^'"'"'\n' >"$g/deps.mk"
got=$(cd "$g" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -B -f deps.mk deps/x.json 2>&1)
if [ "$got" = "[$dd/x.kapi]" ]; then ok "depfile: make reads back a path with space, #, \$ and \\"
else notok "depfile: make reads back a path with space, #, \$ and \\" "make says: $got" "$(cat "$g/deps.d")"; fi
run "$KAPIC" --emit=json -o - -MD "$spec"
p=$(failure_problem 2 anywhere "")
if [ -z "$p" ]; then ok "-MD with -o -: usage error"; else notok "-MD with -o -: usage error" "$p"; fi
run "$KAPIC" --emit=json -o - -MF "$g/rf/o.d" "$spec"
p=$(failure_problem 2 anywhere "$g/rf")
if [ -z "$p" ]; then ok "-MF with -o - and no -MT: usage error"; else notok "-MF with -o - and no -MT: usage error" "$p"; fi
run "$KAPIC" --emit=json -o - -MF "$g/o.d" -MT gen.json "$spec"
p=
[ "$rc" = 0 ] || p="exit $rc"
head -n 1 "$g/o.d" 2>/dev/null | grep -qx 'gen.json: \\' || p=${p:-"rule: $(head -n 1 "$g/o.d")"}
if [ -z "$p" ]; then ok "-MF -MT with -o -: the rule names the -MT target"; else notok "-MF -MT with -o -: the rule names the -MT target" "$p"; fi

# A name goes through the JSON escaper, in the "generator" string too.
name='x", "injected": true, "y": "a\b'
timeout 20 "$KAPIC" --emit=json -o - --stdin-name="$name" - <"$spec" >"$tmp/stdout" 2>"$tmp/stderr"
p=
if ! command -v "${JQ:-jq}" >/dev/null; then p=skip
elif ! "${JQ:-jq}" -e 'has("injected") | not' "$tmp/stdout" >/dev/null 2>&1; then p="a key was injected, or invalid JSON"
elif [ "$("${JQ:-jq}" -r .source "$tmp/stdout")" != "$name" ]; then p="source is not the name"
elif ! "${JQ:-jq}" -r .generator "$tmp/stdout" | grep -qF "from $name;"; then p="generator does not hold the name"
fi
case $p in
'') ok "--stdin-name cannot inject into JSON" ;;
skip) skip "--stdin-name cannot inject into JSON" "no jq" ;;
*) notok "--stdin-name cannot inject into JSON" "$p" ;;
esac

# Temporaries of runs killed with -9 (their pid gone): the next run into
# the directory removes those of its own outputs, and only those.
st=$g/stale
mkdir "$st" "$st/.mlock2.2.fffffe"
live=$(printf '%06x' $$)
for f in .mlock2.json.fffffe .mlock2.kapi.c.ffffff .mlock2.kapi.c.$live \
	 .other.json.fffffe .mlock2.json.fffffz .mlock2.json.fffff; do
	echo stale >"$st/$f"
done
ln -s "$g/same.kapi" "$st/.mlock2-check.c.fffffe"
run "$KAPIC" --emit=all -d "$st" "$spec"
got=$(ls -A "$st" | sort | tr '\n' ' ')
want=$(printf '%s\n' .mlock2-check.c.fffffe .mlock2.2.fffffe .mlock2.json.fffff \
	.mlock2.json.fffffz .mlock2.kapi.c.$live .other.json.fffffe kapi-runtime.h \
	mlock2-check.c mlock2-check.h mlock2-test.c mlock2.2 mlock2.json mlock2.kapi.c \
	mlock2.kapi.json mlock2.kdoc |
	sort | tr '\n' ' ')
if [ "$rc" = 0 ] && [ "$got" = "$want" ]; then ok "stale temporaries of dead runs removed, nothing else"
else notok "stale temporaries of dead runs removed, nothing else" "exit $rc" "got:  $got" "want: $want"; fi
rm -rf "$st"

# Constant chains: evaluated without recursion, under a 1 MB stack; a
# cycle of as many plain names is found in linear time.
awk 'BEGIN { n = 300000; for (i = 0; i < n; i++) printf "const C%d = C%d + 1;\n", i, i + 1
	     printf "const C%d = 1;\n", n }' >"$g/chain-const.kapi"
run sh -c 'ulimit -s 1024 && exec "$0" --emit=json -o - "$1"' "$KAPIC" "$g/chain-const.kapi"
p=
[ "$rc" = 0 ] || p="exit $rc"
grep -q '"name": "C0", "value": { "text": "C1 + 1", "value": 300001 }' "$tmp/stdout" ||
	grep -A1 '"C0"' "$tmp/stdout" | grep -q 300001 || p=${p:-"C0 is not 300001"}
if [ -z "$p" ]; then ok "300,000 constants each defined by the next (1 MB stack)"
else notok "300,000 constants each defined by the next (1 MB stack)" "$p"; fi
awk 'BEGIN { n = 300000; for (i = 0; i < n; i++) printf "const C%d = C%d;\n", i, (i + 1) % n }' >"$g/cycle-const.kapi"
RUN_TIMEOUT=10
expect_input_error "a cycle of 300,000 constants" "$g/cycle-const.kapi"
RUN_TIMEOUT=20
rm -f "$g/chain-const.kapi" "$g/cycle-const.kapi"

# --- Scale ------------------------------------------------------------------
# Peak RSS bounds, as multiples of the input size.  A comment costs only
# the buffer it is read into (20x leaves room for the doubling reads);
# each constant costs a tree of talloc nodes, measured at about 40x its
# text on x86-64 (Nov 2026), so its bound is 64x and the input only 10 MB.
scale() {  # NAME FILE BOUND ARGS...
	name=$1 file=$2 bound=$3
	shift 3
	size_kb=$(( $(wc -c <"$file") / 1024 ))
	if ! [ -x /usr/bin/time ]; then
		skip "$name" "/usr/bin/time missing (apt-get install time)"
		return
	fi
	rm -rf "$g/bigout" && mkdir "$g/bigout"
	timeout 300 /usr/bin/time -f 'maxrss %M' -o "$tmp/time" \
		"$KAPIC" "$@" "$file" </dev/null >"$tmp/stdout" 2>"$tmp/stderr"
	rc=$?
	rss=$(sed -n 's/^maxrss //p' "$tmp/time")
	p=
	case $rc in
	0) ;;
	1|2) [ -s "$tmp/stderr" ] || p="exit $rc without a message" ;;
	*) p="exit $rc" ;;
	esac
	[ -n "$rss" ] && [ "$rss" -le $((size_kb * bound)) ] ||
		p=${p:-"peak RSS ${rss:-?} KB > $bound x $size_kb KB"}
	# kapic holds the whole text: less RSS than that means it never read it.
	[ -n "$rss" ] && [ "$rss" -ge "$size_kb" ] || p=${p:-"peak RSS ${rss:-?} KB: input not read"}
	[ "$rc" != 0 ] || [ "$1" = --check ] || [ -n "$(ls -A "$g/bigout")" ] ||
		p=${p:-"exit 0 but no output"}
	if [ -z "$p" ]; then ok "$name (exit $rc, peak RSS $rss KB for $size_kb KB, bound ${bound}x)"
	else notok "$name" "$p"; fi
}
big=$g/big.kapi
{ echo 'const BIG = 1;'; yes '// a comment line of some sixty bytes, repeated to 100 MB.' |
	head -c 104857600; echo; } >"$big"
scale "100 MB of comments" "$big" 20 --emit=all -d "$g/bigout"
awk 'BEGIN { for (i = 0; i < 300000; i++)
	printf "const BIG_%07d = 0x%x + %d;\n", i, i, i % 977 }' >"$big"
scale "10 MB of constants" "$big" 64 --check
rm -rf "$big" "$g/bigout"

# --- Determinism ------------------------------------------------------------
# The "Generated by" line names the spec as given: compare runs that give
# the same relative path, and check absolute paths are cut to a base name.
mkdir "$g/w" "$g/det"
cp "$spec" "$g/w/mlock2.kapi"
det() {  # DIR ENV...
	dir=$1; shift
	mkdir -p "$g/det/$dir"
	(cd "$g/w" && env "$@" "$KAPIC" --emit=all -d "$g/det/$dir" mlock2.kapi) 2>>"$tmp/stderr"
}
: >"$tmp/stderr"
det c LC_ALL=C && det utf8 LC_ALL=C.UTF-8 && det again LC_ALL=C &&
	det lang LANG=de_DE.UTF-8 LC_ALL= TZ=Pacific/Kiritimati
p=
for d in utf8 again lang; do
	diff -r "$g/det/c" "$g/det/$d" >/dev/null || p=${p:-"$d differs from LC_ALL=C"}
done
[ -n "$(ls -A "$g/det/c")" ] || p="no outputs"
if [ -z "$p" ]; then ok "identical outputs across locales, time zones and runs"
else notok "identical outputs across locales, time zones and runs" "$p"; fi

# From another working directory, with an absolute path: same outputs but
# for the "Generated by" line, which must hold the base name only.
mkdir "$g/det/abs"
(cd / && "$KAPIC" --emit=all -d "$g/det/abs" "$g/w/mlock2.kapi") 2>>"$tmp/stderr"
p=
if grep -rlF "$g" "$g/det/abs" >/dev/null 2>&1; then
	p="an absolute path in: $(grep -rlF "$g" "$g/det/abs" | tr '\n' ' ')"
fi
diff -r "$g/det/c" "$g/det/abs" >/dev/null || p=${p:-"outputs differ with an absolute path"}
[ -n "$(ls -A "$g/det/abs")" ] || p=${p:-"no outputs"}
if [ -z "$p" ]; then ok "absolute spec path from / gives the same outputs, no absolute path"
else notok "absolute spec path from / gives the same outputs, no absolute path" "$p"; fi

mkdir "$g/det/rel"
(cd "$g" && "$KAPIC" --emit=all -d "$g/det/rel" w/mlock2.kapi) 2>>"$tmp/stderr"
p=
for f in "$g"/det/c/*; do
	b=$(basename "$f")
	[ -f "$g/det/rel/$b" ] || { p="missing $b"; break; }
	# Only the "Generated by" line may differ, by the path as given.
	sed 's,w/mlock2\.kapi,mlock2.kapi,' "$g/det/rel/$b" | cmp -s - "$f" ||
		{ p="$b differs beyond the source name"; break; }
done
if [ -z "$p" ]; then ok "relative path from another directory differs only in the source name"
else notok "relative path from another directory differs only in the source name" "$p"; fi

# The generated test is hostile ground too: a report it cannot write (a
# full disk, a closed stdout, a reader gone with SIGPIPE ignored) must fail
# it (KSFT_FAIL), never pass silently.
mkdir "$g/report"
if "$KAPIC" --emit=test -o "$g/report/t.c" "$spec" 2>>"$tmp/stderr" &&
   ${CC:-cc} -std=gnu11 -o "$g/report/t" "$g/report/t.c" 2>>"$tmp/stderr"; then
	"$g/report/t" >/dev/full 2>/dev/null; full=$?
	"$g/report/t" >&- 2>/dev/null; closed=$?
	# The reader is gone (true) before the test writes (sleep 1).
	st=$( { (trap '' PIPE; sleep 1; "$g/report/t" 2>/dev/null; echo $? >&3) | true; } 3>&1)
	if [ "$full" = 1 ] && [ "$closed" = 1 ] && [ "$st" = 1 ]; then
		ok "the generated test fails when its report cannot be written"
	else
		notok "the generated test fails when its report cannot be written" \
		      "/dev/full: $full, stdout closed: $closed, broken pipe: $st (want 1 each)"
	fi
else
	notok "the generated test fails when its report cannot be written" "cannot build it"
fi

echo "1..$n"
[ "$failed" = 0 ]
