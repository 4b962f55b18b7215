#!/bin/sh
# The main spec must check clean: exit 0 and not one byte of output, so a
# new warning in it cannot go unnoticed.
set -u
: "${srcdir:?srcdir must name the source tree}"
: "${KAPIC:?KAPIC must name the kapic binary}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kapic-mlock2.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

echo "1..3"
"$KAPIC" --check "$srcdir/specs/mlock2.kapi" >"$tmp/out" 2>"$tmp/err"
status=$?
fail=0
if [ "$status" -eq 0 ]; then echo "ok 1 - kapic --check specs/mlock2.kapi exits 0"
else echo "not ok 1 - kapic --check specs/mlock2.kapi exits 0 (got $status)"; fail=1; fi
if [ ! -s "$tmp/out" ]; then echo "ok 2 - nothing on standard output"
else echo "not ok 2 - nothing on standard output"; sed 's/^/# /' "$tmp/out"; fail=1; fi
if [ ! -s "$tmp/err" ]; then echo "ok 3 - nothing on standard error"
else echo "not ok 3 - nothing on standard error"; sed 's/^/# /' "$tmp/err"; fail=1; fi
exit "$fail"
