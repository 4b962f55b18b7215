#!/bin/sh
# In a real kernel tree: the kernel-side C kapic generates (the KAPI block
# and the validator in kernel mode) builds as an out-of-tree module with
# W=1 and sparse (C=2) without one warning, and checkpatch.pl finds in it
# only what docs/kernel-tooling.md lists: the SPLIT_STRING the kernel
# series' own block has, the validators' joined rule messages.  The test program and the runtime are held to
# the checkpatch findings that document lists, so a new one fails.
#
# The tree: $KAPI_KERNEL_TREE, else the first linux-source-* under
# ../kernel beside the source tree (`./build.sh kernel` puts Debian's
# linux-source there, configured and prepared).  Without one, or without
# sparse, every point is SKIPped with the reason.
set -u
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${KAPIC:=kapic}"
tree=${KAPI_KERNEL_TREE:-}
if [ -z "$tree" ]; then
	for t in "$srcdir"/../kernel/linux-source-*; do
		[ -d "$t" ] && tree=$t && break
	done
fi
# Specs with each kind of parameter the validator declares: mlock2's
# integers, getrandom's user buffer, conditions' pointer arithmetic.
specs="$(ls "$srcdir"/specs/*.kapi) $srcdir/tests/consumer/getrandom.kapi
$srcdir/tests/validators/conditions.kapi"
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; }
npoints=6
skip_all() { echo "1..$npoints"; i=0; while [ $i -lt $npoints ]; do i=$((i + 1)); echo "ok $i # SKIP $1"; done; exit 0; }

if [ -z "$tree" ] || [ ! -f "$tree/include/generated/autoconf.h" ]; then
	skip_all "no prepared kernel tree (set KAPI_KERNEL_TREE, or run ./build.sh kernel)"
fi
command -v sparse >/dev/null || skip_all "sparse is not installed (apt-get install sparse)"
echo "1..$npoints"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mod=$tmp/mod
mkdir -p "$mod"
cp "$srcdir/tests/kapi/kernel_api_spec.h" "$mod/"
objs=
for spec in $specs; do
	"$KAPIC" -Wno-untested-error --emit=kernel,c,h,test,runtime,json -d "$mod" "$spec" || not_ok "kapic $spec"
done
for json in "$mod"/*.json; do
	name=$(basename "$json" .json)
	# The kernel defines the constants a block names; here the spec does.
	{
		echo '// SPDX-License-Identifier: GPL-2.0-only'
		echo '#include "kernel_api_spec.h"'
		"${JQ:-jq}" -r '.constants[] | "#ifndef \(.name)\n#define \(.name) (\(.value.text))\n#endif"' "$json"
		echo "#include \"$name.kapi.c\""
	} >"$mod/block-$name.c"
	objs="$objs block-$name.o $name-check.o"
done
{
	echo 'obj-m := kapitest.o'
	echo "kapitest-y := main.o$objs"
	# The 2025 header presets .size_param_idx = -1, which a block's
	# size parameter overrides, as on the real header (W=1 warns).
	echo 'ccflags-y := -I$(src) -Wno-override-init'
} >"$mod/Kbuild"
printf '%s\n' '// SPDX-License-Identifier: GPL-2.0-only' '#include <linux/module.h>' \
	'MODULE_LICENSE("GPL");' >"$mod/main.c"

# Objects only: linking a module needs the vmlinux of a full build.
targets=
for o in main.o $objs; do targets="$targets $o"; done
# shellcheck disable=SC2086
# A make of its own: not the jobserver of the make check that runs us.
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL nice -n 10 \
	make -s -C "$tree" M="$mod" W=1 C=2 $targets >"$tmp/build.log" 2>&1
rc=$?
# gcc's and sparse's diagnostics: FILE:LINE:COL: warning|error:
nw=$(grep -Ec '^[^ :]+:[0-9]+:([0-9]+:)? (warning|error):' "$tmp/build.log")
if [ $rc -eq 0 ] && [ "$nw" -eq 0 ]; then
	ok "the blocks and validators of $(echo $specs | wc -w) specs build in $(basename "$tree") with W=1 and sparse, no warning"
else
	not_ok "W=1 C=2 build: exit $rc, $nw warnings"
	sed 's/^/# /' "$tmp/build.log" | head -40
fi
grep -q '__user \*buf' "$mod/getrandom-check.h" && grep -q 'rule = NULL' "$mod/mlock2-check.c" &&
	ok "user pointers are __user, null pointers NULL" || not_ok "user pointers are __user, null pointers NULL"

# checkpatch: the types of its findings, one line a finding.
checkpatch() {
	perl "$tree/scripts/checkpatch.pl" --no-tree --terse --show-types -f "$1" |
		sed -n 's/^[^:]*:[0-9]*: \(WARNING\|ERROR\|CHECK\):\([A-Z_]*\):.*/\2/p'
}
bad=
for f in "$mod"/*.kapi.c; do
	checkpatch "$f" | grep -v '^SPLIT_STRING$' | sed "s|^|$(basename "$f"): |" >>"$tmp/kblock"
done
if [ ! -s "$tmp/kblock" ]; then
	ok "checkpatch: the kernel blocks have no finding but SPLIT_STRING"
else
	not_ok "checkpatch: the kernel blocks"; sed 's/^/# /' "$tmp/kblock"
fi
# The reference block's own split strings, and no more, in the faithful one.
"$KAPIC" -Wno-untested-error -Wno-duplicate-property --emit=kernel -o "$tmp/faithful.kapi.c" \
	"$srcdir/tests/kernel/mlock2-faithful.kapi"
a=$(checkpatch "$tmp/faithful.kapi.c" | sort | uniq -c | tr -s ' ')
b=$(checkpatch "$srcdir/tests/kapi/mlock2-reference-block.c" | grep -v SPDX_LICENSE_TAG | sort | uniq -c | tr -s ' ')
[ "$a" = "$b" ] && ok "checkpatch: the faithful block has the reference block's findings, SPDX aside ($a)" ||
	{ not_ok "checkpatch: faithful block ($a) vs reference ($b)"; }
# The validators' rule messages join the spec's strings with fixed parts
# ("EINVAL" ": " ...): STRING_FRAGMENTS and SPLIT_STRING in the .c stay.
for f in "$mod"/*-check.c "$mod"/*-check.h; do
	checkpatch "$f" | grep -v '^STRING_FRAGMENTS$\|^SPLIT_STRING$' |
		sed "s|^|$(basename "$f"): |" >>"$tmp/valid"
done
if [ ! -s "$tmp/valid" ]; then
	ok "checkpatch: the validators have no finding but the rule messages' STRING_FRAGMENTS and SPLIT_STRING"
else
	not_ok "checkpatch: the validators"; sed 's/^/# /' "$tmp/valid"
fi
# The test program and runtime: only the finding types docs/kernel-tooling.md
# lists with their reasons.
allowed=$(sed -n 's/^| \(`[^|]*\) |.*/\1/p' "$srcdir/docs/kernel-tooling.md" | grep -o '[A-Z][A-Z_]*')
for f in "$mod"/mlock2-test.c "$mod"/kapi-runtime.h; do
	checkpatch "$f" | sort -u
done | sort -u >"$tmp/types"
extra=$(for t in $(cat "$tmp/types"); do echo "$allowed" | grep -qx "$t" || echo "$t"; done)
if [ -z "$extra" ]; then
	ok "checkpatch: the test program and runtime have only the documented findings ($(echo $(cat "$tmp/types")))"
else
	not_ok "checkpatch: undocumented findings in the test program or runtime: $extra"
fi
exit $failed
