#!/bin/sh
# The language examples use every construct of the language once.  Every
# output kapic makes of them must be valid: the kernel blocks and the
# validators compile with -Werror, the generated tests compile, the man
# pages lint clean.
set -u
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${KAPIC:=kapic}" "${CC:=cc}" "${JQ:=jq}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0
check() {
	desc=$1
	shift
	n=$((n + 1))
	if "$@" >"$tmp/out" 2>&1; then
		echo "ok $n - $desc"
	else
		failed=1
		echo "not ok $n - $desc"
		sed 's/^/# /' "$tmp/out" | head -30
	fi
}
echo "1..6"
spec=$srcdir/tests/build/lang-examples.kapi
check "kapic --emit=all on the language examples" \
	"$KAPIC" -I "$srcdir/tests/build" --emit=all -d "$tmp/o" "$spec"
{
	echo '#include "kernel_api_spec.h"'
	"$JQ" -r '.constants[] | "#ifndef \(.name)\n#define \(.name) (\(.value.text))\n#endif"' \
		"$tmp/o/lang-examples.json"
	for f in "$tmp"/o/*.kapi.c; do echo "#include \"$f\""; done
} >"$tmp/kernel.c"
# The 2025 header presets .size_param_idx = -1 and .reversible = false,
# which size-param and reversible override, as on the real header.
check "every kernel block compiles with -Wall -Wextra -Werror -Wno-override-init" \
	$CC -std=gnu11 -Wall -Wextra -Werror -Wno-override-init -I"$srcdir/tests/kapi" -c "$tmp/kernel.c" -o "$tmp/kernel.o"
# 2025's signal-mask macro is not valid C and its KAPI_CAP_ALTERNATIVE
# takes no list: both are raw initializers.
check "the kernel blocks use signal masks, struct specs and capability alternatives" \
	sh -c "cat '$tmp'/o/*.kapi.c | grep -q '\.signals = { SIG' && cat '$tmp'/o/*.kapi.c | grep -q KAPI_STRUCT_FIELD && cat '$tmp'/o/*.kapi.c | grep -q '\.alternative = { CAP_'"
check "every validator compiles as C11 with -pedantic -Werror" \
	sh -c "for f in '$tmp'/o/*-check.c; do $CC -std=c11 -Wall -Wextra -Werror -pedantic -c \"\$f\" -o /dev/null || exit 1; done"
check "every generated test compiles with -Werror" \
	sh -c "for f in '$tmp'/o/*-test.c; do $CC -std=gnu11 -Wall -Wextra -Werror -c \"\$f\" -o /dev/null || exit 1; done"
if command -v mandoc >/dev/null 2>&1; then
	check "every man page lints clean" \
		sh -c "for f in '$tmp'/o/*.2 '$tmp'/o/*.9; do test -f \"\$f\" || continue; mandoc -T lint -W warning \"\$f\" || exit 1; done"
else
	n=$((n + 1)); echo "ok $n - # SKIP mandoc not installed"
fi
exit $failed
