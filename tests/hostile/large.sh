#!/bin/sh
# The hostile cases inside a 200-spec file, --emit=all against --check
# (the section of run.sh that only this runs): on its own so that the two
# halves of the hostile suite run in parallel under make -j.
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
HOSTILE_ONLY=large exec sh "$srcdir/tests/hostile/run.sh"
