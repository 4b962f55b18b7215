#!/bin/sh
# Accepted means correct (issue 16): every .kapi under specs/ and tests/
# that kapic accepts gives outputs that all compile with every compiler --
# validator C11 -pedantic and as kernel code, test gnu11, kernel block
# against the stand-in header.  The kernel block's constants are the
# kernel's to define; here they come from the JSON model (or from the
# file's `// kernel: TEXT` line).  A file may name one warning flag its
# kernel block needs and why (`// kernel-cflags: FLAG (why)`), or why it
# must not compile (`// not-compiled: WHY`, shown as a SKIP).  Files kapic rejects are counted, not
# built: tests/checks and tests/hostile prove those are rejected.
t_name=validators-compile-every
. "$(dirname "$0")/lib.sh"

accepted=0 rejected=0
for f in $(cd "$srcdir" && find specs tests -name '*.kapi' | LC_ALL=C sort); do
	name=$(echo "$f" | tr '/.' '__')
	d=$out/$name
	mkdir -p "$d"
	if ! "$KAPIC" -w --emit=all -d "$d" "$srcdir/$f" >"$d.log" 2>&1; then
		rejected=$((rejected + 1))
		continue
	fi
	accepted=$((accepted + 1))
	json=$(ls "$d"/*.json)
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
	if build_all "$d" $specs >>"$d.log" 2>&1; then
		ok "$f: accepted, and every output compiles"
	else
		not_ok "$f: accepted, and every output compiles"
		diag "$d.log"
	fi
done
# specs/ holds only accepted specs; at least those are built.
nspecs=$(ls "$srcdir"/specs/*.kapi | wc -l)
check "every spec under specs/ is among the $accepted accepted files ($rejected rejected)" \
	test "$accepted" -ge "$nspecs"
finish
