#!/bin/sh
# Accepted means correct (issue 16): every .kapi under specs/ and tests/
# that kapic accepts gives outputs that all compile with every compiler --
# validator C11 -pedantic and as kernel code, test gnu11, kernel block
# against the stand-in header.  The kernel block's constants are the
# kernel's to define; here they come from the JSON model (or from the
# file's `// kernel: TEXT` line).  A file may name one warning flag its
# kernel block needs and why (`// kernel-cflags: FLAG (why)`), or why it
# must not compile (`// not-compiled: WHY`, shown as a SKIP), and the
# header of its project fixtures (`// kapic-fixtures: FILE.h`, beside
# it).  Files kapic rejects are counted, not
# built: tests/checks and tests/hostile prove those are rejected.
t_name=validators-compile-every
. "$(dirname "$0")/lib.sh"

accepted=0 rejected=0 compiled=0 t_base=$T_CFLAGS
for f in $(cd "$srcdir" && find specs tests -name '*.kapi' | LC_ALL=C sort); do
	name=$(echo "$f" | tr '/.' '__')
	d=$out/$name
	mkdir -p "$d"
	# A spec with project fixtures names their header (beside it), which
	# its test then includes.
	fx=$(sed -n 's|^// kapic-fixtures: ||p' "$srcdir/$f")
	fx_opt= T_CFLAGS=$t_base
	if [ -n "$fx" ]; then
		fx=$(dirname "$srcdir/$f")/$fx
		fx_opt=--fixtures=$fx T_CFLAGS="$T_CFLAGS -I$(dirname "$fx")"
	fi
	if ! "$KAPIC" -w $fx_opt --emit=all -d "$d" "$srcdir/$f" >"$d.log" 2>&1; then
		rejected=$((rejected + 1))
		continue
	fi
	accepted=$((accepted + 1))
	json=$d/$(basename "$f" .kapi).json	# not the per-spec NAME.kapi.json
	specs=$("${JQ:-jq}" -r '.specs[].name' "$json")
	if [ -z "$specs" ]; then
		ok "$f: accepted, no spec of its own (constants or includes only)"
		continue
	fi
	why=$(sed -n 's|^// not-compiled: ||p' "$srcdir/$f")
	if [ -n "$why" ]; then
		skip "$f: accepted, not compiled" "$why"
		continue
	fi
	kb_flags=$(sed -n 's|^// kernel-cflags: \([^ ]*\).*|\1|p' "$srcdir/$f")
	kb_pre=$(sed -n 's|^// kernel: ||p' "$srcdir/$f")
	[ -n "$kb_pre" ] || kb_pre=$("${JQ:-jq}" -r '.constants[] |
		"#ifndef \(.name)\n#define \(.name) (\(.value.text))\n#endif"' "$json")
	compiled=$((compiled + 1))
	if build_all "$d" $specs >>"$d.log" 2>&1; then
		ok "$f: accepted, and every output compiles"
	else
		not_ok "$f: accepted, and every output compiles"
		diag "$d.log"
	fi
done
# specs/ holds only accepted specs; at least those are built (a file
# whose specs this script cannot find would pass as "no spec of its own").
nspecs=$(ls "$srcdir"/specs/*.kapi | wc -l)
check "every spec under specs/ is among the $compiled files built of $accepted accepted ($rejected rejected)" \
	test "$compiled" -ge "$nspecs"
finish
