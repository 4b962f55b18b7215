#!/bin/sh
# The hostile cases inside a 200-spec file, -j2 against -j1 (the section
# of run.sh that only this runs): on its own so that ./build.sh tsan can
# run it under ThreadSanitizer without the rest of the hostile suite.
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
HOSTILE_ONLY=large exec sh "$srcdir/tests/hostile/run.sh"
