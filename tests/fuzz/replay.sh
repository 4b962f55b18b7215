#!/bin/sh
# The committed fuzz corpus (tests/fuzz/corpus/), the fuzz regressions and
# the hostile cases through the fuzz harness, which renders and writes
# every output: no crash, no sanitizer report (in the ASan build), no leak
# under talloc's per-input context.
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${builddir:=.}"
exec "$builddir/tests/fuzz/replay" "$srcdir"/tests/fuzz/corpus/* \
	"$srcdir"/tests/hostile/fuzz-regressions/*.kapi \
	"$srcdir"/tests/hostile/cases/*.kapi "$srcdir"/specs/*.kapi
