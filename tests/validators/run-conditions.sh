#!/bin/sh
# The conditions validator: comparisons of values and pointer
# arithmetic on addresses (see check-conditions.c), with each compiler.
t_name=validators-run-conditions
. "$(dirname "$0")/lib.sh"

check "kapic --emit=c,h conditions.kapi" gen "$srcdir/tests/validators/conditions.kapi" "$out/gen"
for cc in $(compilers); do
	tg=$(tag "$cc")
	if ! have "$cc"; then
		skip "$cc runs check-conditions" "$cc not installed"
		continue
	fi
	if $cc $V_CFLAGS -I"$out/gen" -o "$out/check-$tg" \
		"$srcdir/tests/validators/check-conditions.c" "$out/gen/conditions-check.c" \
		>"$out/build.log" 2>&1; then
		ok "$cc: check-conditions builds"
		points "$cc" "$out/check-$tg"
	else
		not_ok "$cc: check-conditions builds"
		diag "$out/build.log"
	fi
done
finish
