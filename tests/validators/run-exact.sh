#!/bin/sh
# Constant expressions whose text C would compute otherwise than kapic
# (int overflow, unsigned conversions, shifts, division, binary and
# suffixed literals; exact-exprs.txt): every one is accepted, and the
# generated validators agree with the JSON on its value and neighbours.
t_name=validators-run-exact
. "$(dirname "$0")/lib.sh"
. "$srcdir/tests/validators/agree.sh"

agree "$srcdir/tests/validators/exact-exprs.txt"
if [ -s "$out/rejected.err" ]; then
	not_ok "kapic accepts every expression"
	diag "$out/rejected.err"
else
	ok "kapic accepts every expression"
fi
finish
