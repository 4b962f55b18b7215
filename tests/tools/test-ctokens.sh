#!/bin/sh
# test-ctokens.sh - tests/tools/ctokens: small cases for each rule it
# implements, its errors, and a recorded token count for the mlock2
# reference block (a change in that count means the tokenizer changed how
# it reads real spec text).
#
# Environment: srcdir, builddir, CC (see testlib.sh).

t_name=test-ctokens
. "$(dirname "$0")/../tools/testlib.sh"

# Tokens in tests/kapi/mlock2-reference-block.c, counted when this test was
# written (adjacent literals joined, so e.g. KAPI_NOTES' six pieces are one).
reference_tokens=502

ctokens=$out/ctokens
if ! $CC -std=c11 -Wall -Wextra -Werror -o "$ctokens" "$srcdir/tests/tools/ctokens.c" \
	>"$out/build.log" 2>&1; then
	not_ok "ctokens builds with $CC -std=c11 -Wall -Wextra -Werror"
	diag "$out/build.log"
	finish
	exit
fi
ok "ctokens builds with $CC -std=c11 -Wall -Wextra -Werror"

n=0
# tokens WHAT INPUT EXPECTED: INPUT (printf format) tokenizes to EXPECTED
# (printf format, one token per line).
tokens() {
	n=$((n + 1))
	printf "$2" >"$out/case$n.c"
	printf "$3" >"$out/case$n.want"
	if "$ctokens" "$out/case$n.c" >"$out/case$n.got" 2>"$out/case$n.err"; then
		same "$1" "$out/case$n.want" "$out/case$n.got"
	else
		not_ok "$1"
		diag "$out/case$n.err"
	fi
}

# fails WHAT INPUT MESSAGE: exit status 2 and MESSAGE on stderr.
fails() {
	n=$((n + 1))
	printf "$2" >"$out/case$n.c"
	"$ctokens" "$out/case$n.c" >"$out/case$n.got" 2>"$out/case$n.err"
	st=$?
	if [ "$st" -eq 2 ] && grep -q "$3" "$out/case$n.err"; then
		ok "$1"
	else
		not_ok "$1 (exit $st)"
		diag "$out/case$n.err"
	fi
}

tokens 'adjacent literals join' \
	'"a" "b"\n' '"ab"\n'
tokens 'a joined literal equals the single literal' \
	'"ab"\n' '"ab"\n'
tokens 'adjacent literals join across newlines and comments' \
	'x("a" /* c */\n  // line\n\t"b"\n "c");\n' 'x\n(\n"abc"\n)\n;\n'
tokens 'adjacent literals join across a skipped directive' \
	'"a"\n#if 1\n"b"\n' '"ab"\n'
tokens 'a non-literal between literals keeps them apart' \
	'"a" x "b"\n' '"a"\nx\n"b"\n'
tokens 'escapes are kept as written' \
	'"tab\\t" "q\\"uote" "back\\\\"\n' '"tab\\tq\\"uoteback\\\\"\n'
tokens 'joining never extends a hex or octal escape' \
	'"\\x4" "1" "\\12" "3" "\\123" "4"\n' '"\\x4""1\\12""3\\1234"\n'
tokens 'a prefix is kept on the joined literal' \
	'"a" L"b" "c"\n' 'L"abc"\n'
tokens 'comments vanish, // inside a string does not start one' \
	'int /* x */ a; // y\nchar *s = "// not /* a comment";\n' \
	'int\na\n;\nchar\n*\ns\n=\n"// not /* a comment"\n;\n'
tokens 'multi-character punctuators are one token' \
	'a->b <<= c >>= d ... ## ++ -- && || != == <= >= *= /= %%= += -= &= ^= |= << >>\n' \
	'a\n->\nb\n<<=\nc\n>>=\nd\n...\n##\n++\n--\n&&\n||\n!=\n==\n<=\n>=\n*=\n/=\n%%=\n+=\n-=\n&=\n^=\n|=\n<<\n>>\n'
tokens 'longest match: x+++++y' \
	'x+++++y\n' 'x\n++\n++\n+\ny\n'
tokens 'digraphs' \
	'<: :> <%% %%> a %%:%%: b\n' '<:\n:>\n<%%\n%%>\na\n%%:%%:\nb\n'
tokens 'pp-numbers' \
	'0x1fUL 1e+5 .5 1.2.3 0x1e+5 1-2\n' '0x1fUL\n1e+5\n.5\n1.2.3\n0x1e+5\n1\n-\n2\n'
tokens 'character constants, with escaped quotes' \
	"'x' '\\\\'' '\"' L'a'\\n" "'x'\\n'\\\\''\\n'\"'\\nL'a'\\n"
tokens 'directives are skipped, continuation lines included' \
	'#include <stdio.h>\n  #  define X \\\n   "y" 1\nint x;\n#error don'"'"'t\n' 'int\nx\n;\n'
tokens 'a block comment does not end a directive' \
	'#define X /* spans\n lines */ 1\ny\n' 'y\n'
tokens '# not at line start is a token' \
	'a # b ## c\n' 'a\n#\nb\n##\nc\n'
tokens 'backslash-newline splices inside tokens and literals' \
	'in\\\nt s = "ab\\\nc";\n' 'int\ns\n=\n"abc"\n;\n'
tokens 'CR LF line ends' \
	'a\r\n#define X\r\nb "x"\r\n "y"\r\n' 'a\nb\n"xy"\n'

fails 'unterminated comment exits 2' '/* no end\n' 'case.*\.c:1: unterminated comment'
fails 'unterminated string exits 2' 'x = "abc\n;\n' 'unterminated string literal'
fails 'unterminated character constant exits 2' "c = 'a;\\n" 'unterminated character constant'
fails 'escaped quote at end of line is still unterminated' 'x = "a\\"\n' 'unterminated string literal'

"$ctokens" "$out/does-not-exist.c" >/dev/null 2>"$out/missing.err"
st=$?
if [ "$st" -eq 2 ] && grep -q 'does-not-exist.c' "$out/missing.err"; then
	ok "unreadable input exits 2 naming the file"
else
	not_ok "unreadable input exits 2 naming the file (exit $st)"
fi

"$ctokens" >/dev/null 2>&1
check "no argument is a usage error (exit 2)" test $? -eq 2

# The same program text in a different layout gives the same tokens.
ref=$srcdir/tests/kapi/mlock2-reference-block.c
"$ctokens" "$ref" >"$out/ref.tok"
count=$(wc -l <"$out/ref.tok" | tr -d ' ')
check "mlock2 reference block has $reference_tokens tokens (got $count)" \
	test "$count" -eq "$reference_tokens"
# Re-layout: all on one line, comments added, a literal split in two.
tr '\n\t' '  ' <"$ref" | sed \
	-e 's/KAPI_PARAM_END/KAPI_PARAM_END \/* end *\/ /g' \
	-e 's/"Lock pages in memory with flags"/"Lock pages " \/* split *\/ "in memory with flags"/' \
	>"$out/relayout.c"
"$ctokens" "$out/relayout.c" >"$out/relayout.tok"
same "re-laid-out reference block has the same tokens" "$out/ref.tok" "$out/relayout.tok"

finish
