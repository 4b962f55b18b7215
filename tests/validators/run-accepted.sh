#!/bin/sh
# Specs kapic accepts, each made to trip the generated C once
# (tests/validators/accepted/*.kapi): every output of each compiles with
# every compiler -- validator C11 -pedantic and as kernel code, test gnu11,
# kernel block against the stand-in header, after the fixture's
# `// kernel: TEXT` line (the kernel's own definitions, if it needs some).
t_name=validators-run-accepted
. "$(dirname "$0")/lib.sh"

for f in "$srcdir"/tests/validators/accepted/*.kapi; do
	name=$(basename "$f" .kapi)
	specs=$(sed -n 's/^\(syscall\|function\) \([A-Za-z0-9_]*\).*/\2/p' "$f")
	kb_pre=$(sed -n 's|^// kernel: ||p' "$f")
	if "$KAPIC" --emit=all -d "$out/$name" "$f" >"$out/$name.log" 2>&1 &&
	   build_all "$out/$name" $specs >>"$out/$name.log" 2>&1; then
		ok "$name: accepted, and every output compiles"
	else
		not_ok "$name: accepted, and every output compiles"
		diag "$out/$name.log"
	fi
done
finish
