#!/bin/sh
# The command-line contract of kapic as a build step: depfiles, outputs
# left alone when unchanged, standard input, help, version, exit codes.
: "${srcdir:?}" "${builddir:?}" "${KAPIC:?}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else nok "$desc"; fi; }
show() { sed 's/^/# /' "$@"; }

# --- depfile: names that make must see escaped ----------------------------
main_dir="$tmp/sp ace\$x" inc_dir="$tmp/inc dir\$y" out="$tmp/out dir\$x"
mkdir -p "$main_dir" "$inc_dir" "$out"
cat >"$inc_dir/inc.kapi" <<'KAPI'
const DEMO_ONE = 1 "Shared by an include.";
KAPI
cat >"$main_dir/main.kapi" <<'KAPI'
include "inc.kapi";
syscall demo {
	summary "Demo";
	param flags: int { summary "Flags"; flags in; type int; mask DEMO_ONE; }
	return long { summary "Zero or an error"; type int; check error; success 0; }
}
KAPI
"$KAPIC" --emit=json,kernel -d "$out" -I "$inc_dir" -MF "$out/dep.d" -MT extra -MP \
	"$main_dir/main.kapi" 2>"$tmp/err"
rc=$?
check "kapic --emit with -MF, -MT, -MP and an -I directory exits 0" test "$rc" = 0
[ "$rc" = 0 ] || show "$tmp/err"
# The golden file spells the temporary directory @T@; make doubles '$'.
t_esc=$(printf '%s' "$tmp" | sed 's/\$/$$/g; s/ /\\ /g')
sed "s|@T@|$t_esc|g" "$srcdir/tests/build/depfile.golden" >"$tmp/dep.expected"
if [ -f "$out/dep.d" ] && cmp -s "$tmp/dep.expected" "$out/dep.d"; then
	ok "depfile names every output and every file read, escaped for make"
else
	nok "depfile names every output and every file read, escaped for make"
	diff -u "$tmp/dep.expected" "$out/dep.d" 2>&1 | show
fi
check "make parses the depfile" make -s -f "$out/dep.d" -n extra

# -MD: beside the first output, named after it.
"$KAPIC" --emit=kernel -d "$out" -I "$inc_dir" -MD "$main_dir/main.kapi" 2>"$tmp/err"
check "-MD writes OUTPUT.d beside the first output" test -s "$out/demo.kapi.c.d"

# --- every output is written; --keep-unchanged keeps an unchanged one ----
# By default, as gcc and bison: make then sees each output newer than the
# spec and settles.  --keep-unchanged is for tools that re-stat (ninja).
touch -d '2000-01-01 00:00:00 UTC' "$out/main.json" "$out/dep.d"
"$KAPIC" --emit=json,kernel -d "$out" -I "$inc_dir" -MF "$out/dep.d" -MT extra -MP \
	"$main_dir/main.kapi" 2>"$tmp/err"
check "an unchanged output is written again by default (new mtime)" \
	test "$(stat -c %Y "$out/main.json")" != 946684800
check "an unchanged depfile is written again by default (new mtime)" \
	test "$(stat -c %Y "$out/dep.d")" != 946684800
touch -d '2000-01-01 00:00:00 UTC' "$out/main.json" "$out/dep.d"
"$KAPIC" --keep-unchanged --emit=json,kernel -d "$out" -I "$inc_dir" -MF "$out/dep.d" \
	-MT extra -MP "$main_dir/main.kapi" 2>"$tmp/err"
check "--keep-unchanged: an unchanged output is not rewritten (mtime stays)" \
	test "$(stat -c %Y "$out/main.json")" = 946684800
check "--keep-unchanged: an unchanged depfile is not rewritten (mtime stays)" \
	test "$(stat -c %Y "$out/dep.d")" = 946684800
echo stale >"$out/main.json"
touch -d '2000-01-01 00:00:00 UTC' "$out/main.json"
"$KAPIC" --emit=json -d "$out" -I "$inc_dir" "$main_dir/main.kapi" 2>"$tmp/err"
if [ "$(stat -c %Y "$out/main.json")" != 946684800 ] && ! grep -qx stale "$out/main.json"; then
	ok "a changed output is rewritten"
else
	nok "a changed output is rewritten"
fi
# The runtime is its licence lines then kapic's own text, written from
# the binary: a change in either part is a change.
"$KAPIC" --emit=runtime -o - "$srcdir/specs/mlock2.kapi" >"$tmp/rt-ref" 2>"$tmp/err"
"$KAPIC" --emit=runtime -d "$out" "$srcdir/specs/mlock2.kapi" 2>"$tmp/err"
check "the runtime on standard output is the file's text" cmp -s "$tmp/rt-ref" "$out/kapi-runtime.h"
for part in '1 s/^./X/' '$ s/.$/X/'; do
	sed -i "$part" "$out/kapi-runtime.h"
	"$KAPIC" --keep-unchanged --emit=runtime -d "$out" "$srcdir/specs/mlock2.kapi" 2>"$tmp/err"
	check "--keep-unchanged rewrites a runtime changed by '$part'" \
		cmp -s "$tmp/rt-ref" "$out/kapi-runtime.h"
done
touch -d '2000-01-01 00:00:00 UTC' "$out/kapi-runtime.h"
"$KAPIC" --keep-unchanged --emit=runtime -d "$out" "$srcdir/specs/mlock2.kapi" 2>"$tmp/err"
check "--keep-unchanged keeps an unchanged runtime" \
	test "$(stat -c %Y "$out/kapi-runtime.h")" = 946684800
leftover=$(find "$out" -name '.*' -type f | wc -l)
check "no temporary files are left behind" test "$leftover" = 0

# --- --emit=test writes the tests only; --emit=runtime the runtime -------
# A build system declares each output of a run once: two specs' tests
# must not both produce kapi-runtime.h, and a depfile names only what its
# own run wrote.
spec=$srcdir/specs/mlock2.kapi
mkdir -p "$tmp/tonly"
"$KAPIC" --emit=test -MD -d "$tmp/tonly" "$spec" 2>"$tmp/err"
check "--emit=test -d writes the test and its depfile, not kapi-runtime.h" \
	test "$(ls "$tmp/tonly" | tr '\n' ' ')" = "mlock2-test.c mlock2-test.c.d "
check "the depfile of --emit=test names only the test" \
	test -z "$(grep -F kapi-runtime.h "$tmp/tonly/mlock2-test.c.d")"
check "the test includes kapi-runtime.h" grep -qx '#include "kapi-runtime.h"' "$tmp/tonly/mlock2-test.c"
"$KAPIC" --emit=runtime -o "$tmp/tonly/kapi-runtime.h" "$spec" 2>"$tmp/err"
check "--emit=runtime -o writes the runtime alone, SPDX line first" \
	sh -c 'head -n 1 "$1" | grep -qx "/\* SPDX-License-Identifier: GPL-2.0-only \*/" &&
	       grep -q "^KAPI_FN int kapi_main(" "$1"' sh "$tmp/tonly/kapi-runtime.h"
check "the test and the runtime written apart compile together" \
	${CC:-cc} -std=gnu11 -Wall -Wextra -Werror -o "$tmp/tonly/t" "$tmp/tonly/mlock2-test.c"

# --- a render that fails after some outputs were written --------------------
# Outputs are written as they are rendered (a new one linked in place, an
# old one's replacement to a temporary file); a later failure must remove
# them and leave no output at all.
mkdir -p "$tmp/tpl" "$tmp/late"
printf '{{%%escape raw}}{{no_such_name}}\n' >"$tmp/tpl/test.tmpl"
"$KAPIC" --emit=kernel,test --templates "$tmp/tpl" -d "$tmp/late" -I "$inc_dir" \
	"$main_dir/main.kapi" 2>"$tmp/err"
rc=$?
if [ "$rc" = 1 ] && [ -z "$(ls -A "$tmp/late")" ] && grep -q "unknown variable 'no_such_name'" "$tmp/err"; then
	ok "a failed render leaves nothing behind, not even what was rendered before it"
else
	nok "a failed render leaves nothing behind, not even what was rendered before it (rc $rc)"
	ls -A "$tmp/late" | show
	show "$tmp/err"
fi

# The same with an old output in place: the new outputs linked before the
# failure go, the old one stays as it was, byte for byte and by mtime.
mkdir -p "$tmp/mixed"
echo "old kernel block" >"$tmp/mixed/demo.kapi.c"
touch -d '2000-01-01 00:00:00 UTC' "$tmp/mixed/demo.kapi.c"
"$KAPIC" --emit=kernel,c,h,test --templates "$tmp/tpl" -d "$tmp/mixed" -I "$inc_dir" \
	"$main_dir/main.kapi" 2>"$tmp/err"
rc=$?
if [ "$rc" = 1 ] && [ "$(ls -A "$tmp/mixed")" = demo.kapi.c ] &&
   grep -qx "old kernel block" "$tmp/mixed/demo.kapi.c" &&
   [ "$(stat -c %Y "$tmp/mixed/demo.kapi.c")" = 946684800 ]; then
	ok "a failed render beside an old output: new outputs removed, the old one untouched"
else
	nok "a failed render beside an old output: new outputs removed, the old one untouched (rc $rc)"
	ls -A "$tmp/mixed" | show
fi

# --- a full disk -------------------------------------------------------------
# A JSON file written as it is rendered runs out of room half way: the
# error is told, the exit status is 2 and no part of the file is left.
if [ "$(id -u)" = 0 ] && mkdir -p "$tmp/full" &&
   mount -t tmpfs -o size=256k tmpfs "$tmp/full" 2>/dev/null; then
	sh "$srcdir/bench/gen-corpus" 40 "$tmp/c40.kapi"
	"$KAPIC" --emit=json -d "$tmp/full/out" "$tmp/c40.kapi" 2>"$tmp/err"
	rc=$?
	left=$(ls -A "$tmp/full/out" 2>/dev/null)
	used=$(df -k "$tmp/full" | awk 'NR == 2 { print $3 }')
	umount "$tmp/full"
	if [ "$rc" = 2 ] && [ -z "$left" ] && [ "$used" = 0 ] &&
	   grep -q "cannot write .*c40.json: No space left on device" "$tmp/err"; then
		ok "a full disk: exit 2, the error told, nothing left, no space held"
	else
		nok "a full disk: exit 2, the error told, nothing left, no space held (rc $rc, used $used KB)"
		show "$tmp/err"
	fi
else
	n=$((n + 1)); echo "ok $n # SKIP a full disk: needs root to mount a small tmpfs"
fi

# --- -o and a file of several specs ----------------------------------------
# Each spec's output would overwrite the one before in the one file.
cat "$main_dir/main.kapi" >"$tmp/two.kapi"
sed 's/^syscall demo /syscall demo2 /' "$main_dir/main.kapi" | grep -v '^include' >>"$tmp/two.kapi"
"$KAPIC" --emit=kernel -o "$tmp/two.c" -I "$inc_dir" "$tmp/two.kapi" 2>"$tmp/err"
rc=$?
if [ "$rc" = 2 ] && [ ! -e "$tmp/two.c" ] &&
   grep -q "^kapic: -o writes one output, but --emit=kernel makes one a spec and .*two.kapi has 2: use -d" "$tmp/err"; then
	ok "-o with a per-spec kind and two specs: exit 2, nothing written, use -d"
else
	nok "-o with a per-spec kind and two specs: exit 2, nothing written, use -d (rc $rc)"
	show "$tmp/err"
fi
"$KAPIC" --emit=json -o "$tmp/two.json" -I "$inc_dir" "$tmp/two.kapi" 2>"$tmp/err"
check "-o with JSON and two specs: one output, written" test $? = 0 -a -s "$tmp/two.json"

# --- new outputs: written unnamed, then linked in place ----------------------
# A new output is linked under its name only once complete (O_TMPFILE),
# with the permissions the umask gives, like any compiler's output.
mkdir -p "$tmp/mode"
(umask 027 && "$KAPIC" --emit=kernel,json -d "$tmp/mode" -I "$inc_dir" "$main_dir/main.kapi") 2>"$tmp/err"
modes=$(stat -c %a "$tmp/mode/demo.kapi.c" "$tmp/mode/main.json" 2>/dev/null | sort -u)
check "new outputs get the umask's permissions (umask 027: 640, got '$modes')" test "$modes" = 640
check "new outputs leave no temporary file" test -z "$(find "$tmp/mode" -name '.*' -type f)"
# Linking a descriptor needed a privilege before Linux 6.10, so there an
# ordinary user goes through /proc: the outputs must appear all the same.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	mkdir -p "$tmp/user/out"
	cp "$main_dir/main.kapi" "$inc_dir/inc.kapi" "$tmp/user/"
	chmod -R a+rwX "$tmp/user"
	chmod a+x "$tmp"
	(cd "$tmp/user" && setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$KAPIC" --emit=kernel,json -d out main.kapi) 2>"$tmp/err"
	rc=$?
	owner=$(stat -c %u "$tmp/user/out/demo.kapi.c" 2>/dev/null)
	if [ "$rc" = 0 ] && [ "$owner" = 65534 ] && cmp -s "$tmp/user/out/demo.kapi.c" "$out/demo.kapi.c"; then
		ok "an unprivileged user's new outputs are linked in place"
	else
		nok "an unprivileged user's new outputs are linked in place (rc $rc, owner '$owner')"
		show "$tmp/err"
	fi
else
	n=$((n + 1)); echo "ok $n # SKIP an unprivileged user's outputs: needs root and setpriv"
fi

# --- standard input ---------------------------------------------------------
printf 'syscall x {\n\tsumary "s";\n}\n' >"$tmp/bad.kapi"
"$KAPIC" --stdin-name=virtual.kapi - <"$tmp/bad.kapi" >/dev/null 2>"$tmp/err"
rc=$?
if [ "$rc" = 1 ] && grep -q '^virtual\.kapi:2:' "$tmp/err"; then
	ok "--stdin-name names standard input in diagnostics"
else
	nok "--stdin-name names standard input in diagnostics (rc $rc)"
	show "$tmp/err"
fi
"$KAPIC" - <"$tmp/bad.kapi" >/dev/null 2>"$tmp/err"
check "standard input without --stdin-name is <stdin>" grep -q '^<stdin>:2:' "$tmp/err"
(cd "$tmp" && "$KAPIC" --stdin-name=piped.kapi --emit=json -d "$tmp" - <"$main_dir/main.kapi" \
	-I "$inc_dir") 2>"$tmp/err"
check "--stdin-name names per-file outputs (piped.json)" test -s "$tmp/piped.json"
"$KAPIC" --emit=json -d "$tmp" -MF "$tmp/stdin.d" - <"$main_dir/main.kapi" -I "$inc_dir" 2>"$tmp/err"
# Prerequisites only: the rule's targets are the outputs.
if [ -s "$tmp/stdin.d" ] && ! sed 's/^[^:]*://' "$tmp/stdin.d" | grep -q '<stdin>' &&
   grep -q 'inc\.kapi' "$tmp/stdin.d"; then
	ok "a depfile names no prerequisite for standard input, but its includes"
else
	nok "a depfile names no prerequisite for standard input, but its includes"
	show "$tmp/stdin.d" "$tmp/err"
fi

# --- help and version -------------------------------------------------------
"$KAPIC" --help >"$tmp/help" 2>&1
rc=$?
sed -n '/long_options\[\] = {/,/^};/s/.*{ "\([a-z-]*\)".*/\1/p' "$srcdir/compiler/main.c" >"$tmp/longopts"
missing=
for o in $(cat "$tmp/longopts"); do
	grep -q -- "--$o\\b" "$tmp/help" || missing="$missing --$o"
done
for o in -MD -MF -MT -MP -Werror -Wno- -o -d -I -h -V; do
	grep -q -- "$o" "$tmp/help" || missing="$missing $o"
done
if [ "$rc" = 0 ] && [ -s "$tmp/longopts" ] && [ -z "$missing" ]; then
	ok "--help lists all $(wc -l <"$tmp/longopts") long options of the option table and the -M/-W options"
else
	nok "--help lists every option (rc $rc; missing:$missing)"
fi
version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"/\1/p' "$builddir/config.h")
out_v=$("$KAPIC" --version)
check "--version prints 'kapic $version'" test "$out_v" = "kapic $version" -a -n "$version"
check "-V is --version" test "$("$KAPIC" -V)" = "$out_v"

# --- usage errors -----------------------------------------------------------
"$KAPIC" --emti=json "$main_dir/main.kapi" >/dev/null 2>"$tmp/err"
rc=$?
if [ "$rc" = 2 ] && grep -q "did you mean '--emit'" "$tmp/err"; then
	ok "an unknown option suggests the closest (--emti -> --emit), exit 2"
else
	nok "an unknown option suggests the closest (--emti -> --emit), exit 2 (rc $rc)"
	show "$tmp/err"
fi

# -j went with the threads: a Makefile that still passes it is told so,
# and the option named is -j, not the program.
"$KAPIC" -j2 "$main_dir/main.kapi" >/dev/null 2>"$tmp/err"
rc=$?
if [ "$rc" = 2 ] && grep -q "unknown option '-j'" "$tmp/err"; then
	ok "-j2 is an unknown option '-j', exit 2"
else
	nok "-j2 is an unknown option '-j', exit 2 (rc $rc)"
	show "$tmp/err"
fi

# --- warning options as gcc spells them -----------------------------------
cat >"$tmp/warn.kapi" <<'KAPI'
syscall demo {
	summary "Demo";
	param flags: int { flags in; type int; }
	return long { summary "Zero or an error"; type int; check error; success 0; }
}
KAPI
w() { "$KAPIC" "$@" "$tmp/warn.kapi" >/dev/null 2>"$tmp/err"; rc=$?; }
w -W all; check "-W NAME with a space is taken (-W all: exit 0)" test "$rc" = 0
w -Werror; check "-Werror makes the missing summary an error (exit 1)" test "$rc" = 1
w -Werror -Wno-error=missing-summary
check "-Wno-error=NAME after -Werror keeps it a warning (exit 0, said)" \
	test "$rc" = 0 -a -n "$(grep 'warning: .*\[missing-summary\]' "$tmp/err")"
w -Wno-error=missing-summary -Werror
check "-Wno-error=NAME before -Werror keeps it a warning too" test "$rc" = 0
w -Wno-error=duplicate-spec
check "-Wno-error= of a check that finds errors is refused (exit 2)" test "$rc" = 2
w -w -Werror; check "-w turns every warning off (exit 0, silent)" test "$rc" = 0 -a ! -s "$tmp/err"
"$KAPIC" -MMD --emit=json -d "$tmp/mmd" "$tmp/warn.kapi" 2>"$tmp/err"
check "-MMD writes the depfile as -MD does" test -f "$tmp/mmd/warn.json.d"
# Colour: NO_COLOR by no-color.org's rule (set and not empty), TERM=dumb.
if command -v script >/dev/null 2>&1; then
	tty_err() { env "$@" script -qec "'$KAPIC' '$tmp/warn.kapi'" /dev/null 2>/dev/null; }
	esc=$(printf '\033')
	case $(tty_err NO_COLOR= TERM=xterm) in *"$esc["*) ok "an empty NO_COLOR leaves colour on" ;;
		*) nok "an empty NO_COLOR leaves colour on" ;; esac
	case $(tty_err NO_COLOR=1 TERM=xterm) in *"$esc["*) nok "NO_COLOR=1 turns colour off" ;;
		*) ok "NO_COLOR=1 turns colour off" ;; esac
	case $(tty_err TERM=dumb) in *"$esc["*) nok "TERM=dumb turns colour off" ;;
		*) ok "TERM=dumb turns colour off" ;; esac
fi
# kapic.mk's silent rules: V=0 one line a run, V=1 the command.
if command -v make >/dev/null 2>&1; then
	mkdir "$tmp/mk" && sed 's/{ flags in;/{ summary "Flags"; flags in;/' "$tmp/warn.kapi" >"$tmp/mk/demo.kapi"
	printf 'KAPIC = %s\ninclude %s/kapic.mk\nall: demo.json\n' "$KAPIC" "$srcdir" >"$tmp/mk/Makefile"
	env -u MAKEFLAGS -u MFLAGS make -s -C "$tmp/mk" V=0 >"$tmp/o" 2>&1
	check "kapic.mk with V=0 prints one line, '  KAPIC    demo.kapic-json'" \
		test "$(cat "$tmp/o")" = "  KAPIC    demo.kapic-json"
	rm -f "$tmp/mk"/demo.json* "$tmp/mk"/demo.kapic-*
	env -u MAKEFLAGS -u MFLAGS make -C "$tmp/mk" V=1 >"$tmp/o" 2>&1
	check "kapic.mk with V=1 prints the command" grep -q -- "--emit=json demo.kapi" "$tmp/o"
fi

"$KAPIC" -I "$inc_dir" "$main_dir/main.kapi" >"$tmp/o" 2>&1
rc=$?
check "exit 0 for a clean spec, silently" test "$rc" = 0 -a ! -s "$tmp/o"
"$KAPIC" "$tmp/bad.kapi" >/dev/null 2>&1
check "exit 1 for a spec with errors" test "$?" = 1
"$KAPIC" >/dev/null 2>&1
check "exit 2 without input files" test "$?" = 2
"$KAPIC" --check --emit=json "$srcdir/specs/mlock2.kapi" >/dev/null 2>&1
check "exit 2 for --check with --emit" test "$?" = 2
"$KAPIC" --emit=bogus "$srcdir/specs/mlock2.kapi" >/dev/null 2>&1
check "exit 2 for an unknown output kind" test "$?" = 2
"$KAPIC" --emit=json,kernel -o "$tmp/x" "$srcdir/specs/mlock2.kapi" >/dev/null 2>&1
check "exit 2 for -o with two output kinds" test "$?" = 2

"$KAPIC" "$tmp/no such file.kapi" >"$tmp/o" 2>"$tmp/err"
rc=$?
lines=$(wc -l <"$tmp/err")
if [ "$rc" = 2 ] && [ "$lines" = 1 ] && grep -q 'no such file\.kapi' "$tmp/err" && [ ! -s "$tmp/o" ]; then
	ok "a missing file gives one line naming it, exit 2"
else
	nok "a missing file gives one line naming it, exit 2 (rc $rc, $lines lines)"
	show "$tmp/err"
fi

echo "1..$n"
exit $fail
