#!/bin/sh
# docs/fixtures.md lists every fixture of the runtime's table: its table,
# between the "generated" markers, must be what `kapic --list-fixtures`
# gives, and name each fixture.  `tests/runtime/fixtures-doc.sh --write`
# regenerates the table in place.
#
# Environment: KAPIC (default $builddir/kapic), srcdir.
set -u
: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${KAPIC:=${builddir:-.}/kapic}"
doc=$srcdir/docs/fixtures.md
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
begin='<!-- generated from KAPI_FIXTURES by tests/runtime/fixtures-doc.sh --write -->'
end='<!-- end of the generated table -->'

if ! "$KAPIC" --list-fixtures >"$tmp/list" || [ ! -s "$tmp/list" ]; then
	echo "1..0 # SKIP kapic --list-fixtures failed"
	exit 1
fi
# One row a fixture; '|' escaped for Markdown.
{
	echo '| fixture | arity | kind | what it sets up, gives or checks |'
	echo '|---------|-------|------|-----------------------------------|'
	awk -F '\t' '{ d = $4; gsub(/\|/, "\\|", d); printf "| `%s` | %s | %s | %s |\n", $1, $2, $3, d }' "$tmp/list"
} >"$tmp/table"

if [ "${1:-}" = --write ]; then
	awk -v b="$begin" -v e="$end" -v t="$tmp/table" '
		$0 == b { print; while ((getline l < t) > 0) print l; skip = 1; next }
		$0 == e { skip = 0 }
		!skip' "$doc" >"$tmp/doc" && cp "$tmp/doc" "$doc"
	exit 0
fi

echo "1..2"
awk -v b="$begin" -v e="$end" '$0 == e { f = 0 } f; $0 == b { f = 1 }' "$doc" >"$tmp/section"
if diff "$tmp/table" "$tmp/section" >"$tmp/diff"; then
	echo "ok 1 - docs/fixtures.md's table is kapic --list-fixtures"
else
	echo "not ok 1 - docs/fixtures.md's table is kapic --list-fixtures (run tests/runtime/fixtures-doc.sh --write)"
	sed 's/^/# /' "$tmp/diff" | head -40
	fail=1
fi
missing=$(cut -f1 "$tmp/list" | while read -r name; do
	grep -qF "| \`$name\` |" "$doc" || echo "$name"
done)
if [ -z "$missing" ]; then
	echo "ok 2 - docs/fixtures.md names all $(wc -l <"$tmp/list") fixtures"
else
	echo "not ok 2 - docs/fixtures.md misses fixtures:" $missing
	fail=1
fi
exit ${fail:-0}
