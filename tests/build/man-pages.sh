#!/bin/sh
# kapic.1 and kapi.5: lint clean, kapic.1 documents every option, and the
# example of kapi.5 is a spec kapic accepts.
: "${srcdir:?}" "${KAPIC:?}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }
pages="$srcdir/docs/kapic.1 $srcdir/docs/kapi.5"

for p in $pages; do
	name=${p##*/}
	if command -v mandoc >/dev/null 2>&1; then
		if mandoc -T lint -W warning "$p" >"$tmp/out" 2>&1; then
			ok "$name: mandoc -T lint -W warning is clean"
		else
			nok "$name: mandoc -T lint -W warning is clean"
			sed 's/^/# /' "$tmp/out"
		fi
	else
		skip "$name: mandoc not installed"
	fi
	if command -v groff >/dev/null 2>&1; then
		groff -man -ww -z "$p" >"$tmp/out" 2>&1
		if [ $? = 0 ] && [ ! -s "$tmp/out" ]; then
			ok "$name: groff -man -ww -z is silent"
		else
			nok "$name: groff -man -ww -z is silent"
			sed 's/^/# /' "$tmp/out"
		fi
	else
		skip "$name: groff not installed"
	fi
done

# Every option of --help, in kapic.1 (where '-' is written '\-').
sed 's/\\-/-/g' "$srcdir/docs/kapic.1" >"$tmp/kapic.1"
"$KAPIC" --help | grep -o -- '--[a-z][a-z-]*\|-M[DFTP]\|-Werror\|-Wno-\|-[odIhVW]\b' | sort -u >"$tmp/opts"
missing=
for o in $(cat "$tmp/opts"); do
	grep -q -- "$o" "$tmp/kapic.1" || missing="$missing $o"
done
if [ -s "$tmp/opts" ] && [ -z "$missing" ]; then
	ok "kapic.1 documents all $(wc -l <"$tmp/opts") options of --help"
else
	nok "kapic.1 documents every option of --help (missing:$missing)"
fi
missing=
for w in SOURCE_DATE_EPOCH NO_COLOR '\.kapi\.c' '-check\.c' '-check\.h' '-test\.c' '\.json' 'EXIT STATUS'; do
	grep -q -- "$w" "$tmp/kapic.1" || missing="$missing $w"
done
if [ -z "$missing" ]; then
	ok "kapic.1 documents the environment, the output names and the exit status"
else
	nok "kapic.1 documents the environment, the output names and the exit status (missing:$missing)"
fi

awk '/^\.SH EXAMPLES/ { e = 1 } e && /^\.EE/ { exit } e && p; e && /^\.EX/ { p = 1 }' \
	"$srcdir/docs/kapi.5" >"$tmp/example.kapi"
if [ -s "$tmp/example.kapi" ] && "$KAPIC" -Werror "$tmp/example.kapi" 2>"$tmp/err"; then
	ok "the example of kapi.5 is a clean spec"
else
	nok "the example of kapi.5 is a clean spec"
	sed 's/^/# /' "$tmp/err"
fi

echo "1..$n"
exit $fail
