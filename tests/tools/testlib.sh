# testlib.sh - shared by the shell tests under tests/kapi and tests/tools.
# Source it after setting `t_name` (the test's name); it sets:
#   srcdir  the source tree: $srcdir if set, else the repository root found
#           from the sourcing script's location ($0/../..)
#   out     a directory for this test's outputs: $builddir/$t_name.d if
#           $builddir is set (kept for inspection), else a mktemp directory
#           removed on exit
#   CC      $CC, default cc
# and provides TAP helpers.  TAP output: one `ok N - what` / `not ok N -
# what` line per check, diagnostics as `#` lines, the plan `1..N` last; the
# script's exit status is non-zero iff a check failed.

: "${CC:=cc}"
if [ -z "${srcdir:-}" ]; then
	srcdir=$(cd "$(dirname "$0")/../.." && pwd) || exit 99
fi
if [ -n "${builddir:-}" ]; then
	out=$builddir/$t_name.d
	rm -rf "$out" && mkdir -p "$out" || exit 99
else
	out=$(mktemp -d "${TMPDIR:-/tmp}/$t_name.XXXXXX") || exit 99
	trap 'rm -rf "$out"' EXIT
fi

t_count=0
t_failed=0

ok() {
	t_count=$((t_count + 1))
	echo "ok $t_count - $*"
}

not_ok() {
	t_count=$((t_count + 1))
	t_failed=$((t_failed + 1))
	echo "not ok $t_count - $*"
}

skip() {
	t_count=$((t_count + 1))
	echo "ok $t_count - $1 # SKIP $2"
}

# diag FILE: show a file's lines (capped) as TAP diagnostics.
diag() {
	sed -n '1,40s/^/# /p' "$1"
}

# check WHAT CMD...: one check from a command's exit status; the command's
# output goes to $out/last.log and is shown on failure.
check() {
	t_what=$1
	shift
	if "$@" >"$out/last.log" 2>&1; then
		ok "$t_what"
	else
		not_ok "$t_what"
		diag "$out/last.log"
	fi
}

# same WHAT EXPECTED ACTUAL: compare two files, show the diff on failure.
same() {
	if diff -u "$2" "$3" >"$out/last.diff" 2>&1; then
		ok "$1"
	else
		not_ok "$1"
		diag "$out/last.diff"
	fi
}

finish() {
	echo "1..$t_count"
	[ "$t_failed" -eq 0 ]
}

# The C compilers to try: $KAPI_TEST_COMPILERS if set, else $CC, gcc and
# clang, each once.  A missing compiler is reported by the caller as a skip.
compilers() {
	if [ -n "${KAPI_TEST_COMPILERS:-}" ]; then
		echo "$KAPI_TEST_COMPILERS"
		return
	fi
	printf '%s\n' "$CC" gcc clang | awk '!seen[$0]++' | tr '\n' ' '
}

have() {
	command -v "${1%% *}" >/dev/null 2>&1
}

is_clang() {
	$1 --version 2>/dev/null | grep -q clang
}

# The switch that silences "initializer overrides an earlier one".
override_flag() {
	if is_clang "$1"; then
		echo -Wno-initializer-overrides
	else
		echo -Wno-override-init
	fi
}

# A file-name-safe tag for a compiler command.
tag() {
	echo "$1" | tr -c 'A-Za-z0-9_\n' '_'
}

KAPI_CFLAGS="-std=gnu11 -Wall -Wextra -Werror"

# Who runs the generated tests: the suite's user, and nobody too when that
# is root and setpriv exists (the tests must pass unprivileged as well).
test_users() {
	if [ "$(id -u)" != 0 ]; then
		id -un
	elif command -v setpriv >/dev/null 2>&1; then
		echo root nobody
	else
		echo root
	fi
}

# run_as USER DIR PROGRAM OUTPUT: PROGRAM run in DIR as USER (nobody
# through setpriv), its output into OUTPUT; returns PROGRAM's status.
# DIR and PROGRAM must be reachable by nobody (mode 755 up the tree).
run_as() {
	if [ "$1" = nobody ]; then
		(cd "$2" && setpriv --reuid=nobody --regid=nogroup --clear-groups "$3") >"$4" 2>&1
	else
		(cd "$2" && "$3") >"$4" 2>&1
	fi
}
