#!/bin/sh
# tmplc, the build-time template precompiler: a good template becomes C
# that compiles warning-free and is linked into kapic; a broken one fails
# the build with kapic's own diagnostics and leaves no output behind.
t_name=tmplc
. "${srcdir:-$(dirname "$0")/../..}/tests/tools/testlib.sh"

tmplc=${builddir:?run from make check}/compiler/tmplc
inc="-I$srcdir/compiler -I$builddir"

mkdir -p "$out/templates/sub"
printf '{{%%escape raw}}{{#items}}{{name}}{{^@last}}, {{/@last}}{{/items}}\n' \
	>"$out/templates/good.tmpl"
printf 'a {{x|c_string}} b\n' >"$out/templates/sub/two.tmpl"

"$tmplc" "$out/good.c" "$out/templates/good.tmpl" "$out/templates/sub/two.tmpl" \
	>"$out/good.log" 2>&1
rc=$?
check "a good template is compiled (exit 0, nothing printed)" \
	sh -c "test $rc -eq 0 && test ! -s '$out/good.log'"
check "the output compiles with -Wall -Wextra -Werror" \
	$CC -std=c11 -Wall -Wextra -Werror $inc $(pkg-config --cflags talloc) -c "$out/good.c" \
	-o "$out/good.o"
check "templates are named by their path below templates/" \
	grep -q '{ "sub/two.tmpl", text_1, ' "$out/good.c"
check "the count of images is written" \
	grep -qx 'const size_t template_image_count = 2;' "$out/good.c"

"$tmplc" "$out/again.c" "$out/templates/good.tmpl" "$out/templates/sub/two.tmpl"
same "the output is deterministic" "$out/good.c" "$out/again.c"

printf 'line one\n{{#open}}\n{{bad name|json}}\n{{x|nosuch}}\n' \
	>"$out/templates/broken.tmpl"
"$tmplc" "$out/broken.c" "$out/templates/good.tmpl" "$out/templates/broken.tmpl" \
	>"$out/broken.log" 2>&1
rc=$?
check "a broken template fails (exit 1)" test "$rc" -eq 1
check "no output file is left" test ! -e "$out/broken.c" -a ! -e "$out/broken.c.tmp"
check "every error is reported, located, with its check name" \
	grep -q 'broken.tmpl:3:3: error: invalid byte 0x20 in name \[template\]' \
	"$out/broken.log"
check "the unknown escaper is reported too, with a hint" \
	sh -c "grep -q \"broken.tmpl:4:.*unknown escaper 'nosuch'\" '$out/broken.log' &&
	       grep -q 'hint:' '$out/broken.log'"
check "the unclosed section is reported" \
	grep -q "broken.tmpl:2:1: error: section 'open' is never closed" "$out/broken.log"

"$tmplc" "$out/missing.c" "$out/templates/nosuch.tmpl" >"$out/missing.log" 2>&1
rc=$?
check "a missing template fails with its name and the reason" \
	sh -c "test $rc -eq 1 && grep -q 'nosuch.tmpl: No such file' '$out/missing.log' &&
	       test ! -e '$out/missing.c'"

"$tmplc" >"$out/usage.log" 2>&1
rc=$?
check "no arguments: usage, exit 2" \
	sh -c "test $rc -eq 2 && grep -q '^usage: tmplc' '$out/usage.log'"

finish
