#!/bin/sh
# The property test: KAPI_RANDOM_COUNT (3000) random constant expressions
# over literals of every base and suffix, the built-ins and every
# operator (seed KAPI_RANDOM_SEED, 16); wherever kapic accepts one, the
# validators built from the generated C agree with the JSON on its value
# and its neighbours (agree.sh).
t_name=validators-run-random
. "$(dirname "$0")/lib.sh"
. "$srcdir/tests/validators/agree.sh"

count=${KAPI_RANDOM_COUNT:-3000}
awk -v n="$count" -v seed="${KAPI_RANDOM_SEED:-16}" '
function pick(s,   a, k) { k = split(s, a, " "); return a[int(rand() * k) + 1] }
function lit(   v) {
	v = pick("0 1 2 7 31 32 63 64 255 65536 2147483647 2147483648 4294967295 4294967296 9223372036854775807 9223372036854775808 18446744073709551615")
	if (rand() < 0.3 && v + 0 < 65536) {
		v = sprintf(pick("0x%x 0%o"), v)
		if (v == "00") v = "0"
	} else if (rand() < 0.1 && v + 0 < 256) {
		b = ""; for (x = v + 0; x > 0; x = int(x / 2)) b = (x % 2) b
		v = "0b" (b == "" ? "0" : b)
	}
	return v (rand() < 0.25 ? pick("u l ul lu ll ull llu U L UL LLU uLL") : "")
}
function expr(d,   r) {
	r = rand()
	if (d <= 0 || r < 0.25)
		return rand() < 0.2 ? pick("INT_MAX UINT_MAX LONG_MAX ULONG_MAX SIZE_MAX INT_MIN LONG_MIN") : lit()
	if (r < 0.4)
		return pick("- ~ !") "(" expr(d - 1) ")"
	return "(" expr(d - 1) " " pick("* / % + - << >> < <= > >= == != & ^ | && ||") " " expr(d - 1) ")"
}
BEGIN { srand(seed); for (i = 0; i < n; i++) print expr(1 + int(rand() * 4)) }
' >"$out/exprs.txt"

agree "$out/exprs.txt"
# Not vacuous: a good share of the expressions is accepted and checked.
if [ "$agreed" -ge $((count / 4)) ]; then
	ok "$agreed of $count random expressions accepted and checked"
else
	not_ok "$agreed of $count random expressions accepted and checked"
fi
finish
