/*
 * Unit tests for the escapers.  Exact-output checks pin the format; the C
 * output is also fed to a real compiler (with trigraphs enabled) and the
 * man(7) output to mandoc, because "looks escaped" is not the same as
 * "the consumer reads back what we meant".
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <talloc.h>
#include "escape.h"

#include "tap.h"

#define CHECK(cond, what) report((cond), (what))

/* Printable rendering of bytes for failure messages. */
static void show(const char *label, const char *s, size_t len)
{
	printf("#   %s: \"", label);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\\' || c == '"')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	printf("\"\n");
}

static void check_bytes(const char *got, size_t glen, const char *want,
			size_t wlen, const char *what)
{
	bool ok = glen == wlen && memcmp(got, want, wlen) == 0;

	report(ok, what);
	if (!ok) {
		show("got ", got, glen);
		show("want", want, wlen);
	}
}

#define CHECK_SB(sb, want, what) \
	check_bytes((sb)->data, (sb)->len, (want), strlen(want), (what))

typedef void (*escfn)(struct strbuf *, const char *, size_t);

/* Run ESC on IN (LEN bytes) after PREFIX and compare what was appended. */
static void check_esc(escfn esc, const char *prefix, const char *in,
		      size_t len, const char *want, const char *what)
{
	struct strbuf *sb = strbuf_new(NULL);
	size_t plen = strlen(prefix);

	strbuf_adds(sb, prefix);
	esc(sb, in, len);
	check_bytes(sb->data + plen, sb->len - plen, want, strlen(want), what);
	talloc_free(sb);
}

#define ESC(fn, in, want, what) \
	check_esc(fn, "", in, sizeof(in) - 1, want, what)

static void check_c_string1(const char *in, size_t len, const char *want,
			    const char *what)
{
	struct strbuf *sb = strbuf_new(NULL);

	esc_c_string(sb, &in, &len, 1);
	CHECK_SB(sb, want, what);
	talloc_free(sb);
}

#define CSTR(in, want, what) check_c_string1(in, sizeof(in) - 1, want, what)

/* --- exact output ------------------------------------------------------- */

/* ESC on a 21-byte string with one byte that needs a look at each offset
 * (plain text around it is scanned 8 bytes at a time) must give what ESC
 * gives for each byte alone, put together: the escapers below escape a
 * lone byte the same wherever it is.  QUOTED: ESC wraps its output in
 * double quotes, to be taken off each byte's. */
static void check_words(void (*esc)(struct strbuf *, const char *, size_t),
			bool quoted, const char *what)
{
	static const unsigned char specials[] = {
		0x00, 0x01, 0x1f, '\n', '\t', '"', '\\', '?', 0x7f, 0x80, 0xc3,
		0xff, 0x20, 0x7e, '!', '@',
	};
	struct strbuf *whole = strbuf_new(NULL), *one = strbuf_new(NULL),
		      *want = strbuf_new(NULL);
	bool all_same = true;

	for (size_t k = 0; k < sizeof specials; k++) {
		for (size_t at = 0; at < 21; at++) {
			char in[21];

			memset(in, 'a', sizeof in);
			in[at] = (char)specials[k];
			strbuf_reset(want);
			if (quoted)
				strbuf_addc(want, '"');
			for (size_t i = 0; i < sizeof in; i++) {
				strbuf_reset(one);
				esc(one, in + i, 1);
				strbuf_add(want, one->data + quoted, one->len - 2 * quoted);
			}
			if (quoted)
				strbuf_addc(want, '"');
			strbuf_reset(whole);
			esc(whole, in, sizeof in);
			if (strcmp(whole->data, want->data) != 0) {
				all_same = false;
				printf("# byte 0x%02x at %zu: got %s, want %s\n",
				       specials[k], at, whole->data, want->data);
			}
		}
	}
	CHECK(all_same, what);
	talloc_free(whole);
	talloc_free(one);
	talloc_free(want);
}

static void test_c_string(void)
{
	CSTR("plain text", "\"plain text\"", "c_string: plain text unchanged");
	CSTR("a\"b\\c", "\"a\\\"b\\\\c\"", "c_string: quote and backslash");
	CSTR("\\\"", "\"\\\\\\\"\"", "c_string: backslash-quote input");
	CSTR("l1\nl2\tx", "\"l1\\nl2\\tx\"", "c_string: newline and tab");
	CSTR("?\?/", "\"\\?\\?/\"", "c_string: ?\?/ cannot become a trigraph");
	CSTR("a?b?", "\"a?b?\"", "c_string: lone ? left alone");
	CSTR("?\?\?=", "\"\\?\\?\\?=\"", "c_string: ?\?\? run fully escaped");
	CSTR("\0" "1", "\"\\0001\"", "c_string: NUL then digit, 3-digit octal");
	CSTR("\x01" "7", "\"\\0017\"", "c_string: control then digit");
	CSTR("\r\x7f", "\"\\015\\177\"", "c_string: CR and DEL octal");
	CSTR("\xc3\xa9\xff", "\"\\303\\251\\377\"", "c_string: non-ASCII octal");
	CSTR("%s %n %%", "\"%s %n %%\"", "c_string: printf directives kept as data");
	CSTR("*/ /*", "\"*/ /*\"", "c_string: comment delimiters are fine in strings");
	CSTR("", "\"\"", "c_string: empty piece");

	struct strbuf *sb = strbuf_new(NULL);

	esc_c_string(sb, NULL, NULL, 0);
	CHECK_SB(sb, "\"\"", "c_string: zero pieces");

	/* The kernel example: continuation aligned under the opening quote. */
	const char *k[] = {
		"Enhanced version of mlock() that supports flags. ",
		"MLOCK_ONFAULT flag allows locking pages on fault rather than immediately.",
	};
	strbuf_reset(sb);
	strbuf_adds(sb, "\t\t.doc = ");
	CHECK(strbuf_column(sb) == 23, "c_string: kernel example prefix at column 23");
	esc_c_string(sb, k, NULL, 2);
	CHECK_SB(sb, "\t\t.doc = \"Enhanced version of mlock() that supports flags. \"\n"
		 "\t\t       \"MLOCK_ONFAULT flag allows locking pages on fault rather than immediately.\"",
		 "c_string: pieces aligned with tabs then spaces");

	const char *three[] = { "a", "b\"", "c" };
	size_t lens[] = { 1, 2, 1 };
	strbuf_reset(sb);
	strbuf_adds(sb, "x(");
	esc_c_string(sb, three, lens, 3);
	CHECK_SB(sb, "x(\"a\"\n  \"b\\\"\"\n  \"c\"", "c_string: column < 8 uses spaces only");

	const char *two[] = { "a", "b" };
	strbuf_reset(sb);
	strbuf_adds(sb, "\t\t");
	esc_c_string(sb, two, NULL, 2);
	CHECK_SB(sb, "\t\t\"a\"\n\t\t\"b\"", "c_string: column multiple of 8 uses tabs only");

	/* Long strings are scanned 8 bytes at a time: every byte that needs
	 * a look, at every offset of a word and past it, must give what a
	 * byte-at-a-time reference gives. */
	static const unsigned char specials[] = {
		0x00, 0x01, 0x1f, '\n', '"', '\\', '?', 0x7f, 0x80, 0xc3, 0xff,
		0x20, 0x7e, '!', '>', '@',
	};
	bool all_same = true;
	for (size_t k = 0; k < sizeof specials; k++) {
		for (size_t at = 0; at < 21; at++) {
			unsigned char in[21];
			char want[21 * 4 + 3], *w = want;

			memset(in, 'a', sizeof in);
			in[at] = specials[k];
			*w++ = '"';
			for (size_t i = 0; i < sizeof in; i++) {
				unsigned char c = in[i];
				if (c == '"' || c == '\\')
					w += sprintf(w, "\\%c", c);
				else if (c == '\n')
					w += sprintf(w, "\\n");
				else if (c < 0x20 || c >= 0x7f)
					w += sprintf(w, "\\%03o", c);
				else
					*w++ = (char)c;   /* a lone '?' stays */
			}
			*w++ = '"';
			*w = '\0';
			const char *p = (const char *)in;
			size_t n = sizeof in;
			strbuf_reset(sb);
			esc_c_string(sb, &p, &n, 1);
			if (strcmp(sb->data, want) != 0) {
				all_same = false;
				printf("# byte 0x%02x at %zu: got %s, want %s\n",
				       specials[k], at, sb->data, want);
			}
		}
	}
	CHECK(all_same, "c_string: 8-byte scan agrees with a byte-at-a-time reference");

	const char *qq[] = { "a?", "?b" };
	strbuf_reset(sb);
	esc_c_string(sb, qq, NULL, 2);
	CHECK_SB(sb, "\"a?\"\n\"?b\"", "c_string: ? split across pieces stays unescaped");
	talloc_free(sb);
}

static void test_c_comment(void)
{
	ESC(esc_c_comment, "plain", "plain", "c_comment: plain text");
	ESC(esc_c_comment, "a*/b", "a* /b", "c_comment: */ broken");
	ESC(esc_c_comment, "a/*b", "a/ *b", "c_comment: /* broken");
	ESC(esc_c_comment, "*/*/", "* / * / ", "c_comment: overlapping delimiters");
	ESC(esc_c_comment, "x?\?/y", "x? ?/y", "c_comment: ?\?/ trigraph neutralised");
	ESC(esc_c_comment, "a\nb\tc\r\x01" "d", "a b c  d", "c_comment: controls become spaces");
	ESC(esc_c_comment, "caf\xc3\xa9!", "caf?!", "c_comment: one ? per UTF-8 character");
	ESC(esc_c_comment, "\xff\xfe", "? ? ", "c_comment: invalid bytes, no ?\? formed");
	ESC(esc_c_comment, "\xc3\xa9?", "? ? ", "c_comment: replacement next to real ?");
	ESC(esc_c_comment, "a\0b", "a b", "c_comment: inner NUL");
	ESC(esc_c_comment, "%s %n", "%s %n", "c_comment: printf directives harmless");
	ESC(esc_c_comment, "end*", "end* ", "c_comment: trailing * padded");
	ESC(esc_c_comment, "end/", "end/ ", "c_comment: trailing / padded");
	ESC(esc_c_comment, "end\\", "end\\ ", "c_comment: trailing backslash padded");
	ESC(esc_c_comment, "why?", "why? ", "c_comment: trailing ? padded");
	ESC(esc_c_comment, "", "", "c_comment: empty");
	check_esc(esc_c_comment, "/* x/", "*y", 2, " *y",
		  "c_comment: pairs with the preceding template byte");

	/* Plain runs are scanned 8 bytes at a time: every byte that needs a
	 * look, at every offset of a word and past it, alone among plain
	 * bytes, must come out as a byte-at-a-time reference has it. */
	static const unsigned char specials[] = {
		0x00, 0x01, 0x1f, '\n', '*', '/', '?', 0x7f, 0x80, 0xff,
		0x20, 0x7e, '"', '\\', '@',
	};
	struct strbuf *sb = strbuf_new(NULL);
	bool all_same = true;
	for (size_t k = 0; k < sizeof specials; k++) {
		for (size_t at = 0; at < 21; at++) {
			unsigned char in[21];
			char want[24];
			unsigned char c = specials[k];

			memset(in, 'a', sizeof in);
			in[at] = c;
			memset(want, 'a', sizeof in);
			want[at] = c < 0x20 || c == 0x7f ? ' ' : c >= 0x80 ? '?' : (char)c;
			/* A delimiter half, '?' or '\\' at the very end is
			 * padded, a '?' put for another byte too. */
			size_t n = sizeof in;
			if (at == sizeof in - 1 && strchr("*/?\\", want[at]))
				want[n++] = ' ';
			want[n] = '\0';
			strbuf_reset(sb);
			esc_c_comment(sb, (const char *)in, sizeof in);
			if (strcmp(sb->data, want) != 0) {
				all_same = false;
				printf("# byte 0x%02x at %zu: got %s, want %s\n",
				       c, at, sb->data, want);
			}
		}
	}
	CHECK(all_same, "c_comment: 8-byte scan agrees with a byte-at-a-time reference");
	talloc_free(sb);
}

static void test_c_ident(void)
{
	CHECK(esc_is_c_ident("mlock2", 6), "c_ident: mlock2");
	CHECK(esc_is_c_ident("_x1", 3), "c_ident: leading underscore");
	CHECK(esc_is_c_ident("__user", 6), "c_ident: reserved-but-valid __user");
	CHECK(esc_is_c_ident("a_very_long_identifier_name", 27), "c_ident: long name");
	CHECK(!esc_is_c_ident("", 0), "c_ident: empty rejected");
	CHECK(!esc_is_c_ident("1x", 2), "c_ident: leading digit rejected");
	CHECK(!esc_is_c_ident("a-b", 3), "c_ident: dash rejected");
	CHECK(!esc_is_c_ident("a b", 3), "c_ident: space rejected");
	CHECK(!esc_is_c_ident("a\0b", 3), "c_ident: inner NUL rejected");
	CHECK(!esc_is_c_ident("caf\xc3\xa9", 5), "c_ident: non-ASCII rejected");
	CHECK(!esc_is_c_ident("x*/", 3), "c_ident: punctuation rejected");
	CHECK(esc_is_c_ident("intx", 3) == false, "c_ident: prefix 'int' is a keyword");
	CHECK(esc_is_c_ident("intx", 4), "c_ident: 'intx' is not");

	static const char *const kw[] = {
		"_Alignas", "_Alignof", "_Atomic", "_BitInt", "_Bool",
		"_Complex", "_Decimal128", "_Decimal32", "_Decimal64",
		"_Generic", "_Imaginary", "_Noreturn", "_Static_assert",
		"_Thread_local", "alignas", "alignof", "asm", "auto", "bool",
		"break", "case", "char", "const", "constexpr", "continue",
		"default", "do", "double", "else", "enum", "extern", "false",
		"float", "for", "goto", "if", "inline", "int", "long",
		"nullptr", "register", "restrict", "return", "short", "signed",
		"sizeof", "static", "static_assert", "struct", "switch",
		"thread_local", "true", "typedef", "typeof", "typeof_unqual",
		"union", "unsigned", "void", "volatile", "while",
	};
	bool all = true;

	for (size_t i = 0; i < sizeof(kw) / sizeof(kw[0]); i++) {
		if (esc_is_c_ident(kw[i], strlen(kw[i]))) {
			printf("# keyword accepted: %s\n", kw[i]);
			all = false;
		}
	}
	CHECK(all, "c_ident: every C keyword rejected (the list here is the standard's, not escape.c's)");
}

static void test_roff_text(void)
{
	ESC(esc_roff_text, "plain words", "plain words", "roff_text: plain");
	ESC(esc_roff_text, ".TH evil", "\\&.TH evil", "roff_text: leading . guarded");
	ESC(esc_roff_text, "'br", "\\&'br", "roff_text: leading ' guarded");
	ESC(esc_roff_text, "a.b 'c'", "a.b 'c'", "roff_text: inner . and ' left alone");
	ESC(esc_roff_text, "a\\fBb", "a\\efBb", "roff_text: backslash printed");
	ESC(esc_roff_text, "\\\"not a comment", "\\e\"not a comment",
	    "roff_text: \\\" cannot start a comment");
	ESC(esc_roff_text, "x-y --z", "x-y --z", "roff_text: dashes stay");
	ESC(esc_roff_text, "%s %n", "%s %n", "roff_text: printf directives");
	ESC(esc_roff_text, "  indented\n\n\t.next\n'x\n\n",
	    "indented\n\\&.next\n\\&'x",
	    "roff_text: per-line rules, blank lines and trailing newline dropped");
	ESC(esc_roff_text, "trail  \nx", "trail\nx", "roff_text: trailing blanks dropped");
	ESC(esc_roff_text, "a\0b\tc", "a b c", "roff_text: NUL and tab become spaces");
	ESC(esc_roff_text, "caf\xc3\xa9 \xf0\x9f\x98\x80",
	    "caf\\[u00E9] \\[u1F600]", "roff_text: UTF-8 as \\[u...]");
	ESC(esc_roff_text, "\xff" "x\xc2\x85", "\\[uFFFD]x ",
	    "roff_text: invalid UTF-8 and C1 control");
	ESC(esc_roff_text, "\n\n  \n", "", "roff_text: only blank lines");
	ESC(esc_roff_text, "", "", "roff_text: empty");
	/* man-pages(7): a sentence on a new line, no line over 80 bytes. */
	ESC(esc_roff_text, "One.  Two? (Three!) four. e.g. five",
	    "One.\nTwo?\n(Three!) four. e.g. five", "roff_text: semantic newlines");
	ESC(esc_roff_text, "aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa bbb",
	    "aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa\nbbb",
	    "roff_text: broken before 80 bytes");
	ESC(esc_roff_text, "aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa .b",
	    "aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa\n\\&.b",
	    "roff_text: a word a break puts first is guarded");
	ESC(esc_roff_text, "x. 'y", "x. 'y", "roff_text: no sentence break before a lower-case word");
	ESC(esc_roff_code, "int a;\n\tif (a)\n.x   ", "int a;\n if (a)\n\\&.x",
	    "roff_code: lines kept, indentation kept (a tab as a space), a leading . guarded");
	check_esc(esc_roff_text, "see ", ".profile", 8, ".profile",
		  "roff_text: mid-line . needs no guard");
	check_esc(esc_roff_text, "x\n", ".a\n.b", 5, "\\&.a\n\\&.b",
		  "roff_text: after a template newline");
}

static void test_roff_arg(void)
{
	check_words(esc_roff_arg, false, "roff_arg: 8-byte scan agrees with each byte escaped alone");
	ESC(esc_roff_arg, "plain", "plain", "roff_arg: plain");
	ESC(esc_roff_arg, "say \"hi\"", "say \"\"hi\"\"", "roff_arg: quotes doubled");
	ESC(esc_roff_arg, "a\\b", "a\\eb", "roff_arg: backslash printed");
	ESC(esc_roff_arg, "\\\"", "\\e\"\"", "roff_arg: \\\" input");
	ESC(esc_roff_arg, "l1\nl2\tx\r", "l1 l2 x ", "roff_arg: newline/tab/CR to space");
	ESC(esc_roff_arg, ".x 'y", ".x 'y", "roff_arg: control chars harmless inside quotes");
	ESC(esc_roff_arg, "a\0b", "a b", "roff_arg: inner NUL");
	ESC(esc_roff_arg, "\xc3\xa9\xff", "\\[u00E9]\\[uFFFD]", "roff_arg: non-ASCII");

	static const char *const hostile[] = {
		"\\\"", "\"\\", "\\\\\"", "x\\", "\"\"\\\"\\",
	};
	bool clean = true;

	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		struct strbuf *sb = strbuf_new(NULL);

		esc_roff_arg(sb, hostile[i], strlen(hostile[i]));
		/* An escaped backslash is \e, so any \" would be real. */
		for (size_t j = 0; j + 1 < sb->len; j++)
			if (sb->data[j] == '\\' && sb->data[j + 1] == '"')
				clean = false;
		talloc_free(sb);
	}
	CHECK(clean, "roff_arg: never emits \\\"");
}

#define KDOC(prefix, in, want, what) \
	check_esc(esc_kdoc, prefix, in, sizeof(in) - 1, want, what)

static void test_kdoc(void)
{
	KDOC(" * desc: ", "short", "short", "kdoc: a short value as it is");
	KDOC(" *   desc: ", "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll "
	     "mmmm nnnn oooo", "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk "
	     "llll mmmm nnnn\n *     oooo",
	     "kdoc: lines of at most 80 bytes, continued two spaces past the key");
	KDOC(" * notes: ", "one\n\ntwo\n- three", "one\n *\n *   two\n *   - three",
	     "kdoc: a blank line is a bare ' *', line breaks and bullets kept");
	KDOC(" * notes: ", "a\ndesc: b", "a desc: b",
	     "kdoc: a line that would read as a subfield joins the one before");
	KDOC(" * desc: ", "end */ and /* and ?" "?/", "end * / and / * and ? ?/",
	     "kdoc: cannot close the comment, open one or form a trigraph");
	KDOC(" * desc: ", "tab\there \x01 bad \xff ok \xc3\xa9", "tab here   bad   ok \xc3\xa9",
	     "kdoc: control bytes and invalid UTF-8 as spaces, UTF-8 kept");
}

static void test_json(void)
{
	check_words(esc_json, true, "json: 8-byte scan agrees with each byte escaped alone");
	ESC(esc_json, "plain", "\"plain\"", "json: plain");
	ESC(esc_json, "a\"b\\c/", "\"a\\\"b\\\\c/\"", "json: quote and backslash");
	ESC(esc_json, "\n\t\r\b\f\x01\x1f\x7f", "\"\\n\\t\\r\\b\\f\\u0001\\u001f\x7f\"",
	    "json: control characters");
	ESC(esc_json, "a\0b", "\"a\\u0000b\"", "json: inner NUL");
	ESC(esc_json, "caf\xc3\xa9 \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"",
	    "json: valid UTF-8 passes through");
	ESC(esc_json, "\xff", "\"\\ufffd\"", "json: invalid byte");
	ESC(esc_json, "x\xc3", "\"x\\ufffd\"", "json: truncated sequence");
	ESC(esc_json, "\xc0\xaf", "\"\\ufffd\\ufffd\"", "json: overlong");
	ESC(esc_json, "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"", "json: surrogate");
	ESC(esc_json, "\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"",
	    "json: beyond U+10FFFF");
	ESC(esc_json, "\xe2\x82", "\"\\ufffd\\ufffd\"", "json: cut 3-byte sequence");
	ESC(esc_json, "%s %n", "\"%s %n\"", "json: printf directives");
	ESC(esc_json, "", "\"\"", "json: empty");
}

/* --- through the real consumers ----------------------------------------- */

struct sample {
	const char *s;
	size_t len;
};

#define SAMPLE(lit) { lit, sizeof(lit) - 1 }

static const struct sample samples[] = {
	SAMPLE("plain"),
	SAMPLE("\"quoted\" \\back\\slash\\"),
	SAMPLE("\\\""),
	SAMPLE("tri ?\?/ ?\?= ?\?( ?\?) ?\?' ?\?< ?\?> ?\?! ?\?- ?\?\?/ ?\? ?"),
	SAMPLE("nl\ntab\tcr\rbell\a\x01" "7"),
	SAMPLE("nul\0" "0 in the middle"),
	SAMPLE("%s %n %% %d"),
	SAMPLE("*/ /* // */"),
	SAMPLE("utf8 caf\xc3\xa9 bad \xff\xfe\xc3"),
	SAMPLE("\x7f\x80\x9f\xa0"),
	SAMPLE(""),
	SAMPLE("?"),
	SAMPLE("trailing?"),
	SAMPLE("trailing*"),
	SAMPLE("trailing/"),
	SAMPLE("trailing\\"),
};
#define NSAMPLES (sizeof(samples) / sizeof(samples[0]))

static int run(const char *cmd)
{
	int st = system(cmd);

	return st == -1 || !WIFEXITED(st) ? -1 : WEXITSTATUS(st);
}

static bool write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "w");
	bool ok;

	if (!f)
		return false;
	ok = fwrite(data, 1, len, f) == len;
	return fclose(f) == 0 && ok;
}

static char *read_all(TALLOC_CTX *ctx, FILE *f, size_t *len)
{
	struct strbuf *sb = strbuf_new(ctx);
	char buf[4096];
	size_t n;

	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(sb, buf, n);
	*len = sb->len;
	return sb->data;
}

/*
 * One program holding every sample as a string literal (some split into
 * pieces) and as a comment; it prints each literal's bytes back.  Built
 * with -std=c11 so trigraphs are live, which is what a kernel build or an
 * old compiler would do to an unescaped trigraph.
 */
static void test_c_compiles(const char *dir, const char *cc)
{
	TALLOC_CTX *tmp = talloc_new(NULL);
	struct strbuf *prog = strbuf_new(tmp);
	char *src = talloc_asprintf(tmp, "%s/lit.c", dir);
	char *bin = talloc_asprintf(tmp, "%s/lit", dir);
	char *cmd;

	strbuf_adds(prog, "#include <stdio.h>\n\n");
	for (size_t i = 0; i < NSAMPLES; i++) {
		const char *p[3];
		size_t l[3];
		size_t n = 1;

		strbuf_adds(prog, "/* sample ");
		esc_c_comment(prog, samples[i].s, samples[i].len);
		strbuf_adds(prog, "*/\n");
		strbuf_adds(prog, "/*");
		esc_c_comment(prog, samples[i].s, samples[i].len);
		strbuf_adds(prog, "*/\n");

		/* Split in three so the multi-literal path is compiled too. */
		p[0] = samples[i].s;
		l[0] = samples[i].len;
		if (i % 2 && samples[i].len >= 3) {
			l[0] = samples[i].len / 3;
			p[1] = p[0] + l[0];
			l[1] = samples[i].len / 3;
			p[2] = p[1] + l[1];
			l[2] = samples[i].len - l[0] - l[1];
			n = 3;
		}
		strbuf_addf(prog, "static const char s%zu[] =\t  ", i);
		esc_c_string(prog, p, l, n);
		strbuf_adds(prog, ";\n");
	}
	strbuf_adds(prog, "\nint main(void)\n{\n");
	for (size_t i = 0; i < NSAMPLES; i++)
		strbuf_addf(prog, "\tprintf(\"%%zu:\", sizeof(s%zu) - 1);\n"
			    "\tfwrite(s%zu, 1, sizeof(s%zu) - 1, stdout);\n",
			    i, i, i);
	strbuf_adds(prog, "\treturn 0;\n}\n");

	CHECK(write_file(src, prog->data, prog->len), "c: wrote generated program");
	cmd = talloc_asprintf(tmp, "%s -std=c11 -pedantic -Wall -Wextra -Werror "
			      "-Wtrigraphs -Wcomment -fsyntax-only %s",
			      cc, src);
	CHECK(run(cmd) == 0, "c: literals and comments compile with -Werror");
	cmd = talloc_asprintf(tmp, "%s -std=c11 -o %s %s", cc, bin, src);
	CHECK(run(cmd) == 0, "c: program builds");

	FILE *f = popen(bin, "r");
	size_t len = 0, pos = 0;
	char *out = f ? read_all(tmp, f, &len) : NULL;
	bool ok = f && pclose(f) == 0;

	for (size_t i = 0; ok && i < NSAMPLES; i++) {
		char *end;
		unsigned long n = strtoul(out + pos, &end, 10);

		if (*end != ':' || n != samples[i].len ||
		    (size_t)(end + 1 - out) + n > len ||
		    memcmp(end + 1, samples[i].s, n) != 0) {
			printf("# sample %zu decoded differently\n", i);
			ok = false;
			break;
		}
		pos = (size_t)(end + 1 - out) + n;
	}
	CHECK(ok && pos == len, "c: every literal decodes to the input bytes");
	unlink(src);
	unlink(bin);
	talloc_free(tmp);
}

static void test_mandoc(const char *dir)
{
	TALLOC_CTX *tmp = talloc_new(NULL);
	struct strbuf *page = strbuf_new(tmp);
	char *path = talloc_asprintf(tmp, "%s/t.7", dir);
	const char *hostile = ".TH evil\n'br\n  lead";
	char *cmd;

	if (run("command -v mandoc >/dev/null 2>&1") != 0) {
		printf("ok %u - mandoc lint # SKIP mandoc not installed\n", ++ntests);
		talloc_free(tmp);
		return;
	}
	strbuf_adds(page, ".TH T 7 2024-01-01 kapic\n.SH NAME\nt \\- t\n"
		    ".SH DESCRIPTION\nSamples follow.\n");
	for (size_t i = 0; i < NSAMPLES; i++) {
		size_t before;

		strbuf_adds(page, ".PP\n");
		before = page->len;
		esc_roff_text(page, samples[i].s, samples[i].len);
		/* Nothing to say is the template's case to handle (with a
		 * section), as it is here. */
		strbuf_adds(page, page->len == before ? "empty\n" : "\n");
		strbuf_adds(page, ".PP\n");
		esc_roff_text(page, hostile, strlen(hostile));
		strbuf_adds(page, "\n.B \"");
		esc_roff_arg(page, samples[i].s, samples[i].len);
		strbuf_adds(page, "\"\n");
	}
	/* An empty sample must not leave an empty text line behind. */
	CHECK(!strstr(page->data, "\n\n"), "roff: no blank lines produced");
	CHECK(write_file(path, page->data, page->len), "roff: wrote page");
	cmd = talloc_asprintf(tmp, "mandoc -Tlint -W warning %s", path);
	CHECK(run(cmd) == 0, "roff: mandoc -Tlint -W warning is silent");

	/* And the text reaches the reader literally. */
	cmd = talloc_asprintf(tmp, "mandoc -Tascii %s | col -b", path);
	FILE *f = popen(cmd, "r");
	size_t len = 0;
	char *out = f ? read_all(tmp, f, &len) : NULL;

	if (f)
		pclose(f);
	CHECK(out && strstr(out, ".TH evil") && strstr(out, "'br") &&
	      strstr(out, "\"quoted\" \\back\\slash\\") &&
	      strstr(out, "%s %n %% %d") && strstr(out, "\\\""),
	      "roff: hostile text renders literally");
	unlink(path);
	talloc_free(tmp);
}

static void test_json_parses(const char *dir)
{
	TALLOC_CTX *tmp = talloc_new(NULL);
	struct strbuf *doc = strbuf_new(tmp);
	char *path = talloc_asprintf(tmp, "%s/t.json", dir);
	char *cmd;

	if (run("command -v python3 >/dev/null 2>&1") != 0) {
		printf("ok %u - json parse # SKIP python3 not installed\n", ++ntests);
		talloc_free(tmp);
		return;
	}
	strbuf_addc(doc, '[');
	for (size_t i = 0; i < NSAMPLES; i++) {
		if (i)
			strbuf_addc(doc, ',');
		esc_json(doc, samples[i].s, samples[i].len);
	}
	strbuf_adds(doc, "]\n");
	CHECK(write_file(path, doc->data, doc->len), "json: wrote document");
	/* strict=True rejects raw control characters inside strings. */
	cmd = talloc_asprintf(tmp, "python3 -c 'import json,sys; "
			      "json.loads(open(sys.argv[1], encoding=\"utf-8\").read(), strict=True)' %s",
			      path);
	CHECK(run(cmd) == 0, "json: python json module accepts the output");
	unlink(path);
	talloc_free(tmp);
}

int main(void)
{
	char dir[] = "/tmp/kapic-escape-XXXXXX";
	const char *cc = getenv("CC");

	/* Failure output must not interleave with children's output. */
	setvbuf(stdout, NULL, _IONBF, 0);
	talloc_enable_null_tracking();
	test_c_string();
	test_c_comment();
	test_c_ident();
	test_roff_text();
	test_roff_arg();
	test_json();
	test_kdoc();

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_c_compiles(dir, cc && *cc ? cc : "cc");
	test_mandoc(dir);
	test_json_parses(dir);
	rmdir(dir);

	CHECK(talloc_total_blocks(NULL) == 1, "no talloc memory left behind");
	talloc_disable_null_tracking();   /* frees the tracking context */
	printf("1..%u\n", ntests);
	return nfailed ? 1 : 0;
}
