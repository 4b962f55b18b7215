#!/bin/sh
# --emit=kerneldoc: the 2026 kernel-doc comment of a spec.  mlock2's equals
# the golden tests/kerneldoc/mlock2.kdoc (and out/mlock2.kdoc); its layout
# is what kernel-doc reads (one @arg line a parameter in order, a section a
# fact, no line over 80 bytes); hostile strings cannot leave the comment;
# and, given a kernel tree, scripts/kernel-doc reads it above
# SYSCALL_DEFINE3 without a warning.
#
# Environment: srcdir, builddir, CC, KAPIC, JQ; KAPI_KERNEL_TREE.

t_name=kerneldoc
. "$(dirname "$0")/../tools/testlib.sh"
: "${KAPIC:=kapic}" "${JQ:=jq}"

golden=$srcdir/tests/kerneldoc/mlock2.kdoc
spec=$srcdir/specs/mlock2.kapi
check "mlock2: --emit=kerneldoc writes a comment" \
	"$KAPIC" --emit=kerneldoc,json -d "$out/m" "$spec"
same "mlock2.kdoc equals the golden file" "$golden" "$out/m/mlock2.kdoc"
same "out/mlock2.kdoc is the golden file too" "$golden" "$srcdir/out/mlock2.kdoc"
check "the same input gives the same bytes" \
	sh -c "'$KAPIC' --emit=kerneldoc -o - '$spec' | cmp - '$out/m/mlock2.kdoc'"

# The layout: name line, the @arg lines in parameter order, then a
# section a parameter and an error, as the JSON model has them.
json=$out/m/mlock2.json
"$JQ" -r '.specs[0].parameters[].name' "$json" >"$out/params"
sed -n 's/^ \* @\([a-z_0-9]*\): .*/\1/p' "$out/m/mlock2.kdoc" >"$out/args"
sed -n 's/^ \* param: //p' "$out/m/mlock2.kdoc" >"$out/param-sections"
same "one @arg line a parameter, in order" "$out/params" "$out/args"
same "one param: section a parameter, in order" "$out/params" "$out/param-sections"
check "the name line is 'sys_mlock2 - summary'" \
	sh -c "sed -n '/^\\/\\*\\*\$/{n;p;q}' '$out/m/mlock2.kdoc' | grep -qx ' \\* sys_mlock2 - Lock pages in memory with flags'"
check "one error: section an error (6), signal: with errno-free subfields" \
	sh -c "test \$(grep -c '^ \\* error: ' '$out/m/mlock2.kdoc') -eq \$('$JQ' '.specs[0].errors | length' '$json') &&
		! grep -q '^ \\*   error:' '$out/m/mlock2.kdoc'"
check "sections at the base indentation, subfields two spaces in" \
	sh -c "! grep -v '^// SPDX-License-Identifier: \\|^/\\*\\*\$\\|^ \\*/\$\\|^ \\*\$\\|^ \\* [@a-z]\\|^ \\*   [a-z-]*: \\|^ \\*     [^ ]\\|^ \\*   [^ ]' '$out/m/mlock2.kdoc'"

# The SPDX line comes first, as in every output.
check "the SPDX line comes first" \
	sh -c "head -n 1 '$out/m/mlock2.kdoc' | grep -qx '// SPDX-License-Identifier: GPL-2.0-only'"

# Hostile strings: one comment, closed once at its end, lines of 80 bytes
# at most, and C sees nothing but the comment.
for h in validators man; do
	mkdir -p "$out/h-$h"
	"$KAPIC" -w --emit=kerneldoc -d "$out/h-$h" "$srcdir/tests/$h/hostile.kapi"
	for f in "$out/h-$h"/*.kdoc; do
		b=$h/$(basename "$f")
		check "$b: one comment, closed on its last line only" \
			sh -c "test \$(grep -c '\\*/' '$f') -eq 1 && tail -n 1 '$f' | grep -qx ' \\*/' &&
				test \$(grep -c '/\\*' '$f') -eq 1 && ! grep -q '??' '$f'"
		check "$b: no line over 80 bytes" awk 'length > 80 { exit 1 }' "$f"
		{ cat "$f"; echo 'int kapi_after_the_comment;'; } >"$out/h.c"
		check "$b: C reads it as one comment (-Wall -Wextra -Werror)" \
			$CC -std=c11 -Wall -Wextra -Werror -pedantic -c "$out/h.c" -o "$out/h.o"
	done
done

tree=${KAPI_KERNEL_TREE:-}
if [ -z "$tree" ]; then
	for t in "$srcdir"/../kernel/linux-source-*; do
		[ -d "$t" ] && tree=$t && break
	done
fi
if [ -n "$tree" ] && [ -f "$tree/scripts/kernel-doc" ] && have perl; then
	{ cat "$out/m/mlock2.kdoc"
	  printf 'SYSCALL_DEFINE3(mlock2, unsigned long, start, size_t, len, int, flags)\n{\n\treturn 0;\n}\n'
	} >"$out/mlock2-kdoc.c"
	check "$(basename "$tree")'s scripts/kernel-doc reads it without a warning" \
		sh -c "perl '$tree/scripts/kernel-doc' -none -Werror '$out/mlock2-kdoc.c' 2>'$out/kdoc.err' && test ! -s '$out/kdoc.err'"
	perl "$tree/scripts/kernel-doc" -rst "$out/mlock2-kdoc.c" >"$out/mlock2.rst" 2>/dev/null
	check "... and documents sys_mlock2 with its three parameters" \
		sh -c "grep -q 'c:function:: long sys_mlock2 (unsigned long start, size_t len, int flags)' '$out/mlock2.rst'"
else
	skip "scripts/kernel-doc reads it" "no kernel tree with scripts/kernel-doc (set KAPI_KERNEL_TREE)"
fi

finish
