#!/bin/sh
# The hostile validator: ranges of both signs, an enum, a mask and strings
# that must survive byte for byte (see check-hostile.c), with each compiler.
t_name=validators-run-hostile
. "$(dirname "$0")/lib.sh"

check "kapic --emit=c,h hostile.kapi" gen "$srcdir/tests/validators/hostile.kapi" "$out/gen"
for cc in $(compilers); do
	tg=$(tag "$cc")
	if ! have "$cc"; then
		skip "$cc runs check-hostile" "$cc not installed"
		continue
	fi
	if $cc $V_CFLAGS -I"$out/gen" -o "$out/check-$tg" \
		"$srcdir/tests/validators/check-hostile.c" "$out/gen/hostile-check.c" \
		>"$out/build.log" 2>&1; then
		ok "$cc: check-hostile builds"
		points "$cc" "$out/check-$tg"
	else
		not_ok "$cc: check-hostile builds"
		diag "$out/build.log"
	fi
done
finish
