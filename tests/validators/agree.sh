# agree.sh - sourced by run-exact.sh and run-random.sh, after lib.sh.
#
# agree LIST: each line of LIST is a constant expression.  Every one kapic
# accepts becomes constant X<i> and spec e<i> with one parameter p (long
# for a negative value, else unsigned long) whose range is X<i> .. EXPR
# and an error EDOM when p == (EXPR).  A generated driver then checks,
# with each compiler, that the C means the value the JSON gives: X<i>
# equals it, the validator answers -EDOM for it and -EINVAL for each
# neighbour.  Sets $agreed to the number of expressions checked.

# kapic's verdict on each line: the accepted ones into $out/ok.txt.  kapic
# stops after 50 errors, so the rejected lines go until it accepts the rest.
agree_accepted() {
	cp "$1" "$out/ok.txt"
	while :; do
		awk '{ printf "const X%d = %s;\n", NR, $0 }' "$out/ok.txt" >"$out/consts.kapi"
		"$KAPIC" "$out/consts.kapi" 2>"$out/consts.err" && return 0
		sed -n 's/^[^:]*consts\.kapi:\([0-9]*\):[0-9]*: error: .*/\1/p' \
			"$out/consts.err" | sort -un >"$out/bad.txt"
		[ -s "$out/bad.txt" ] || return 1
		cat "$out/consts.err" >>"$out/rejected.err"
		awk 'FILENAME == ARGV[1] { bad[$1] = 1; next } !bad[FNR]' \
			"$out/bad.txt" "$out/ok.txt" >"$out/ok.next"
		mv "$out/ok.next" "$out/ok.txt"
	done
}

# The values of the constants of FILE, in order, as the JSON prints them.
agree_values() {
	"$KAPIC" --emit=json -o - "$1" |
		sed -n 's/^ *"value": { "text": ".*", "value": \(-\{0,1\}[0-9]*\) },\{0,1\}$/\1/p'
}

# The specs, 40 a file so each header holds few constants.
agree_specs() {
	paste "$out/ok.txt" "$out/values.txt" | awk -F'\t' -v dir="$out" '{
		e = $1; v = $2; f = sprintf("%s/agree-%d.kapi", dir, int((NR - 1) / 40))
		printf "const X%d = %s;\n", NR, e >f
		printf "syscall e%d {\n\tsummary \"E\";\n", NR >f
		printf "\tparam p: %s { summary \"P\"; type int; range X%d .. %s; }\n",
			v ~ /^-/ ? "long" : "unsigned long", NR, e >f
		printf "\treturn long { summary \"R\"; type int; check error; success 0; }\n" >f
		printf "\terror EDOM \"equal\" { description \"D\"; when p == (%s); untestable \"u\"; }\n}\n", e >f
	}'
	for f in "$out"/agree-*.kapi; do
		"$KAPIC" --emit=c,h,kernel,json -d "$out/gen" "$f" || return 1
	done
}

# The driver: every validator pasted in (KAPI_CHECK_INLINE: one
# translation unit, one compiler run), then one line a value; V - 1 and
# V + 1 where they exist.
agree_driver() {
	echo '#define KAPI_CHECK_INLINE'
	awk '{ printf "%s/gen/e%d-check.h\n%s/gen/e%d-check.c\n", dir, NR, dir, NR }' \
		dir="$out" "$out/values.txt" | xargs cat
	cat <<'EOC'
#include <stdio.h>
static int failed;
#define T(i, fn, x, v, lo, hi) do { \
	if (!KAPI_CHECK__EQ(x, v) || fn(v) != -EDOM || (lo && fn(v - 1) != -EINVAL) || \
	    (hi && fn(v + 1) != -EINVAL)) { \
		printf("FAIL e%d: %s, the JSON says %s\n", i, #x, #v); \
		failed = 1; \
	} \
} while (0)
int main(void)
{
EOC
	awk '{
		v = $1
		if (v == "-9223372036854775808") lit = "(-9223372036854775807LL - 1)"
		else lit = "(" v (v ~ /^-/ ? "LL" : "ULL") ")"
		printf "\tT(%d, kapi_check_e%d, X%d, %s, %d, %d);\n", NR, NR, NR, lit,
			v != "0" && v != "-9223372036854775808", v != "18446744073709551615"
	}' "$out/values.txt"
	printf '\tprintf("%%s\\n", failed ? "FAIL some value" : "PASS every value");\n'
	printf '\tputs("DONE");\n\treturn failed;\n}\n'
}

agree() {
	: >"$out/rejected.err"
	check "kapic accepts what it does not reject on a line" agree_accepted "$1"
	agree_values "$out/consts.kapi" >"$out/values.txt"
	agreed=$(wc -l <"$out/values.txt")
	if [ "$agreed" -eq "$(wc -l <"$out/ok.txt")" ]; then
		ok "the JSON gives a value for each of the $agreed accepted expressions"
	else
		not_ok "the JSON gives a value for each of the $agreed accepted expressions"
	fi
	check "kapic --emit=c,h,kernel,json of the $agreed specs" agree_specs
	agree_driver >"$out/driver.c"
	for cc in $(compilers); do
		if ! have "$cc"; then
			skip "$cc builds the driver" "$cc not installed"
			continue
		fi
		tg=$(tag "$cc")
		if $cc $V_CFLAGS -o "$out/driver-$tg" "$out/driver.c" \
			>"$out/build.log" 2>&1; then
			ok "$cc: the validators build, C11 -pedantic -Werror"
			points "$cc" "$out/driver-$tg"
		else
			not_ok "$cc: the validators build, C11 -pedantic -Werror"
			diag "$out/build.log"
		fi
	done
}
