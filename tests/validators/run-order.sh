#!/bin/sh
# The errors' order of checking (check-order.c, order.kapi) with each
# compiler, and the kernel block's KAPI_ERROR entries in that order.
t_name=validators-run-order
. "$(dirname "$0")/lib.sh"

check "kapic --emit=c,h order.kapi" gen "$srcdir/tests/validators/order.kapi" "$out/gen"
for cc in $(compilers); do
	tg=$(tag "$cc")
	if ! have "$cc"; then
		skip "$cc runs check-order" "$cc not installed"
		continue
	fi
	if $cc $V_CFLAGS -I"$out/gen" -o "$out/check-$tg" \
		"$srcdir/tests/validators/check-order.c" "$out/gen/ordered-check.c" \
		>"$out/build.log" 2>&1; then
		ok "$cc: check-order builds"
		points "$cc" "$out/check-$tg"
	else
		not_ok "$cc: check-order builds"
		diag "$out/build.log"
	fi
done
"$KAPIC" --emit=kernel -o "$out/ordered.kapi.c" "$srcdir/tests/validators/order.kapi"
order=$(sed -n 's/.*KAPI_ERROR(\([0-9]*\), -\([A-Z0-9]*\),.*/\1 \2/p' "$out/ordered.kapi.c" | tr '\n' ' ')
if [ "$order" = "0 EBADF 1 EINVAL 2 ENOMEM 3 E2BIG " ]; then
	ok "the kernel block's KAPI_ERRORs are in check order"
else
	not_ok "the kernel block's KAPI_ERRORs are in check order (got: $order)"
fi
finish
