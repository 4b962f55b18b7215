#!/bin/sh
# The mlock2 validator's predictions, why-strings and table (see
# check-mlock2.c), with each compiler.
t_name=validators-run-mlock2
. "$(dirname "$0")/lib.sh"

check "kapic --emit=c,h mlock2.kapi" gen "$srcdir/specs/mlock2.kapi" "$out/gen"
for cc in $(compilers); do
	tg=$(tag "$cc")
	if ! have "$cc"; then
		skip "$cc runs check-mlock2" "$cc not installed"
		continue
	fi
	if $cc $V_CFLAGS -I"$out/gen" -o "$out/check-$tg" \
		"$srcdir/tests/validators/check-mlock2.c" "$out/gen/mlock2-check.c" \
		>"$out/build.log" 2>&1; then
		ok "$cc: check-mlock2 builds"
		points "$cc" "$out/check-$tg"
	else
		not_ok "$cc: check-mlock2 builds"
		diag "$out/build.log"
	fi
done
finish
