#!/bin/sh
# The language documentation against the compiler: its examples must be
# part of a file kapic accepts, and it must mention every keyword and check.
: "${srcdir:?}" "${KAPIC:?}"
doc="$srcdir/docs/kapi-language.md"
ex="$srcdir/tests/build/lang-examples.kapi"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }

if "$KAPIC" --check -Werror "$ex" 2>"$tmp/err"; then
	ok "lang-examples.kapi is clean with -Werror"
else
	nok "lang-examples.kapi is clean with -Werror"
	sed 's/^/# /' "$tmp/err"
fi

# Whitespace-normalised lines, so indentation in the markdown may differ.
norm() { sed 's/^[[:space:]]*//; s/[[:space:]]*$//; s/[[:space:]][[:space:]]*/ /g; /^$/d'; }
cat "$ex" "$srcdir/tests/build/lang-examples-consts.kapi" | norm | sort -u >"$tmp/known"
awk '/^```kapi/ { on = 1; next } /^```/ { on = 0 } on' "$doc" | norm | sort -u >"$tmp/shown"
comm -23 "$tmp/shown" "$tmp/known" >"$tmp/missing"
if [ -s "$tmp/shown" ] && [ ! -s "$tmp/missing" ]; then
	ok "every example line in kapi-language.md is in the checked example file"
else
	nok "every example line in kapi-language.md is in the checked example file"
	sed 's/^/# not in lang-examples.kapi: /' "$tmp/missing"
fi

# The parser's keyword tokens are the list of the language's words.
grep -o 'KW_[A-Z_]* "[a-z-]*"' "$srcdir/grammar/parser.y" | sed 's/.*"\(.*\)"/\1/' >"$tmp/kw"
missing=
for w in $(cat "$tmp/kw"); do
	grep -q "\"$w\"\\|\`$w\\b" "$doc" || missing="$missing $w"
done
if [ -s "$tmp/kw" ] && [ -z "$missing" ]; then
	ok "kapi-language.md documents all $(wc -l <"$tmp/kw") keywords"
else
	nok "kapi-language.md documents every keyword"
	echo "# undocumented:$missing"
fi

missing=
"$KAPIC" --list-checks | awk '{ print $1 }' >"$tmp/checks"
for c in $(cat "$tmp/checks"); do
	grep -q "| \`$c\`" "$doc" || missing="$missing $c"
done
if [ -s "$tmp/checks" ] && [ -z "$missing" ]; then
	ok "kapi-language.md lists every check of --list-checks"
else
	nok "kapi-language.md lists every check of --list-checks"
	echo "# unlisted:$missing"
fi

echo "1..$n"
exit $fail
