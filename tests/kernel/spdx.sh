#!/bin/sh
# Every output of every spec under specs/ starts with its SPDX line, in
# the output's comment syntax (JSON: the first key), GPL-2.0-only by
# default; a spec's `license` and `copyright` reach every output.
set -u
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${KAPIC:=kapic}" "${JQ:=jq}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; }
# The first line OUTPUT must have, for licence L.
first_line() {
	case $1 in
	*.json) echo '{' ;;
	*.h) echo "/* SPDX-License-Identifier: $2 */" ;;
	*.c|*.kdoc) echo "// SPDX-License-Identifier: $2" ;;
	*.[29]) echo ".\\\" SPDX-License-Identifier: $2" ;;
	*) echo "unknown output $1" ;;
	esac
}
# Every file in DIR starts as it should for licence L.
check_dir() {
	dir=$1 lic=$2 what=$3 bad=
	for f in "$dir"/*; do
		[ "$(head -n 1 "$f")" = "$(first_line "$f" "$lic")" ] || bad="$bad $(basename "$f")"
		case $f in *.json)
			[ "$(sed -n 2p "$f")" = "  \"SPDX-License-Identifier\": \"$lic\"," ] || bad="$bad $(basename "$f")(key)" ;;
		esac
	done
	count=$(ls "$dir" | wc -l)
	if [ -z "$bad" ] && [ "$count" -ge 7 ]; then
		ok "$what: all $count outputs start with the SPDX line ($lic)"
	else
		not_ok "$what: $count outputs, wrong first line in:$bad"
	fi
}
for spec in "$srcdir"/specs/*.kapi; do
	name=$(basename "$spec" .kapi)
	mkdir -p "$tmp/$name"
	"$KAPIC" --emit=all -d "$tmp/$name" "$spec" || not_ok "kapic $name"
	check_dir "$tmp/$name" GPL-2.0-only "specs/$name.kapi"
done

lic='GPL-2.0-or-later OR MIT'
mkdir -p "$tmp/lic"
"$KAPIC" --emit=all -d "$tmp/lic" "$srcdir/tests/kernel/licensed.kapi" || not_ok "kapic licensed.kapi"
check_dir "$tmp/lic" "$lic" "licensed.kapi"
# Line 2 and 3: the holders, in order, escaped for each comment syntax.
bad=
for f in "$tmp/lic"/*; do
	case $f in
	*.json) continue ;;
	*.[29]) pre='.\" Copyright ' post= ;;
	*) pre='/* Copyright ' post=' */' ;;
	esac
	[ "$(sed -n 2p "$f")" = "${pre}(C) 2026 Jane Doe <jane@example.org>$post" ] || bad="$bad $(basename "$f")"
	sed -n 3p "$f" | grep -Fq "Copyright 2025 \"Quoted\" Corp." || bad="$bad $(basename "$f"):3"
done
[ -z "$bad" ] && ok "licensed.kapi: both copyright lines follow, in order" || not_ok "copyright lines in:$bad"
# The second holder's '*/' must not close a C comment early: the outputs compile.
cc -std=gnu11 -Wall -Wextra -Werror -fsyntax-only -I"$tmp/lic" "$tmp/lic/licensed-test.c" 2>"$tmp/cc.err" &&
	ok "a holder's '*/' stays inside the comment: the test program compiles" ||
	{ not_ok "the test program compiles"; sed 's/^/# /' "$tmp/cc.err"; }
got=$("$JQ" -c '[."SPDX-License-Identifier", .copyright]' "$tmp/lic/licensed.json")
want='["GPL-2.0-or-later OR MIT",["(C) 2026 Jane Doe <jane@example.org>","2025 \"Quoted\" Corp. */ \\ not a comment end"]]'
[ "$got" = "$want" ] && ok "JSON: the licence and the holders as keys" || not_ok "JSON keys: $got"
# One self-contained test (-o): the SPDX line first, the runtime inlined after it.
"$KAPIC" --emit=test -o "$tmp/one.c" "$srcdir/tests/kernel/licensed.kapi"
[ "$(head -n 1 "$tmp/one.c")" = "// SPDX-License-Identifier: $lic" ] && grep -q 'kapi-runtime.h - the test runtime' "$tmp/one.c" &&
	ok "-o: the inlined test starts with the SPDX line" || not_ok "-o: the inlined test starts with the SPDX line"
echo "1..$n"
exit $failed
