#!/bin/sh
# build-rev.sh REV [DIR] -- build kapic as it was at git revision REV, in
# DIR (default: a new temporary directory), and print the binary's path:
# the OLD of compare-outputs.sh, e.g.
#   sh tests/tools/compare-outputs.sh "$(sh tests/tools/build-rev.sh main~1)" build/kapic
set -eu
rev=${1:?usage: build-rev.sh REV [DIR]}
dir=${2:-$(mktemp -d "${TMPDIR:-/tmp}/kapic-rev.XXXXXX")}
mkdir -p "$dir/src"
git archive "$rev" | tar -x -C "$dir/src"
cd "$dir/src"
autoreconf -fi >/dev/null 2>&1
mkdir -p build && cd build
../configure -q >/dev/null
make -j2 >/dev/null 2>&1
echo "$dir/src/build/kapic"
