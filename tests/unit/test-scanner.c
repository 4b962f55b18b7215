/*
 * Unit tests for the scanner (grammar/lexer.l), driven through kapi_lex(),
 * the entry the parser uses: token kinds, values, escapes, locations and
 * the contextual keywords, which no parser error would reveal precisely.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>
#include "diag.h"
#include "parse.h"
#include "parser.h"
#include "source.h"

#include "tap.h"

struct tok {
	int kind;
	KAPI_STYPE val;
	struct loc loc;
};

/* One scan of a whole buffer, diagnostics captured in memory. */
struct scan {
	TALLOC_CTX *ctx;
	struct tok *toks;
	size_t n;
	char *diag;
	unsigned errors;
	struct loc eof;         /* what the scanner said with the end of input */
};

enum { MAX_TOKENS = 512 };

static struct scan *scan_buf(const char *text, size_t len)
{
	struct scan *s = talloc_zero(NULL, struct scan);
	char *buf = NULL;
	size_t bufsz = 0;
	FILE *f = open_memstream(&buf, &bufsz);
	struct parse_state ps = { 0 };
	KAPI_LTYPE loc;

	s->ctx = s;
	s->toks = talloc_array(s, struct tok, MAX_TOKENS);
	ps.file = kapi_file_new(s, 0);
	ps.src = source_from_buffer(s, "t.kapi", text, len);
	ps.diag = diag_new(s, f, false);
	/* As the parser's %initial-action does. */
	memset(&loc, 0, sizeof loc);
	loc.src = ps.src;
	if (scanner_open(&ps) != 0) {
		fclose(f);
		free(buf);
		return s;
	}
	while (s->n < MAX_TOKENS) {
		KAPI_STYPE val;
		int kind;

		memset(&val, 0, sizeof val);
		kind = kapi_lex(&val, &loc, &ps);
		if (kind == 0) {
			s->eof = loc;
			break;
		}
		s->toks[s->n].kind = kind;
		s->toks[s->n].val = val;
		s->toks[s->n].loc = loc;
		s->n++;
	}
	scanner_close(&ps);
	s->errors = diag_errors(ps.diag);
	fclose(f);
	s->diag = talloc_strndup(s, buf ? buf : "", bufsz);
	free(buf);
	return s;
}

static struct scan *scan(const char *text)
{
	return scan_buf(text, strlen(text));
}

/* Diagnostics span lines; keep each one a TAP comment. */
static void show_diag(const char *diag)
{
	for (const char *p = diag; *p; ) {
		const char *nl = strchr(p, '\n');
		int len = nl ? (int)(nl - p) : (int)strlen(p);
		printf("#   | %.*s\n", len, p);
		p += len + (nl ? 1 : 0);
	}
}

static const char *kind_name(int kind, char *buf, size_t len)
{
	if (kind > 0 && kind < 256)
		snprintf(buf, len, "'%c'", kind);
	else
		snprintf(buf, len, "token %d", kind);
	return buf;
}

/* The kinds of S are exactly KINDS (terminated by 0), with NERRORS
 * errors reported. */
static bool kinds_err(const struct scan *s, const int *kinds, unsigned nerrors,
		      const char *what)
{
	size_t i;
	char a[32], b[32];

	for (i = 0; kinds[i]; i++) {
		if (i >= s->n) {
			report(false, what);
			printf("#   only %zu tokens\n", s->n);
			return false;
		}
		if (s->toks[i].kind != kinds[i]) {
			report(false, what);
			printf("#   token %zu is %s, expected %s\n", i,
			       kind_name(s->toks[i].kind, a, sizeof a),
			       kind_name(kinds[i], b, sizeof b));
			return false;
		}
	}
	if (i != s->n || s->errors != nerrors) {
		report(false, what);
		printf("#   %zu tokens (expected %zu), %u errors\n", s->n, i, s->errors);
		show_diag(s->diag);
		return false;
	}
	return report(true, what);
}

static bool kinds_are(const struct scan *s, const int *kinds, const char *what)
{
	return kinds_err(s, kinds, 0, what);
}

#define KINDS(...) ((const int[]){ __VA_ARGS__, 0 })

static bool loc_is(const struct tok *t, int fl, int fc, int ll, int lc,
		   size_t fo, size_t lo, const char *what)
{
	const struct loc *l = &t->loc;
	int first_line, first_column, last_line, last_column;

	/* Locations are byte ranges; lines and columns are what a
	 * diagnostic prints for them. */
	source_position(l->src, l->first_offset, &first_line, &first_column);
	source_position(l->src, l->last_offset, &last_line, &last_column);
	bool ok = first_line == fl && first_column == fc &&
		  last_line == ll && last_column == lc &&
		  l->first_offset == fo && l->last_offset == lo;

	report(ok, what);
	if (!ok)
		printf("#   got %d:%d-%d:%d [%zu,%zu), expected %d:%d-%d:%d [%zu,%zu)\n",
		       first_line, first_column, last_line, last_column,
		       (size_t)l->first_offset, (size_t)l->last_offset, fl, fc, ll, lc, fo, lo);
	return ok;
}

static bool diag_has(const struct scan *s, const char *needle, const char *what)
{
	bool ok = strstr(s->diag, needle) != NULL;

	report(ok, what);
	if (!ok) {
		printf("#   no \"%s\" in:\n", needle);
		show_diag(s->diag);
	}
	return ok;
}

static void test_keywords(void)
{
	static const struct { const char *word; int token; } keywords[] = {
		{ "acquired", KW_ACQUIRED },
		{ "action", KW_ACTION },
		{ "align", KW_ALIGN },
		{ "allows", KW_ALLOWS },
		{ "alternatives", KW_ALTERNATIVES },
		{ "args", KW_ARGS },
		{ "capability", KW_CAPABILITY },
		{ "check", KW_CHECK },
		{ "condition", KW_CONDITION },
		{ "const", KW_CONST },
		{ "constraint", KW_CONSTRAINT },
		{ "context", KW_CONTEXT },
		{ "date", KW_DATE },
		{ "deprecated", KW_DEPRECATED },
		{ "description", KW_DESCRIPTION },
		{ "direction", KW_DIRECTION },
		{ "effect", KW_EFFECT },
		{ "error", KW_ERROR },
		{ "errors", KW_ERRORS },
		{ "examples", KW_EXAMPLES },
		{ "expr", KW_EXPR },
		{ "field", KW_FIELD },
		{ "flags", KW_FLAGS },
		{ "from", KW_FROM },
		{ "function", KW_FUNCTION },
		{ "held-on-entry", KW_HELD_ENTRY },
		{ "held-on-exit", KW_HELD_EXIT },
		{ "include", KW_INCLUDE },
		{ "interruptible", KW_INTERRUPTIBLE },
		{ "kind", KW_KIND },
		{ "lock", KW_LOCK },
		{ "mask", KW_MASK },
		{ "notes", KW_NOTES },
		{ "offset", KW_OFFSET },
		{ "param", KW_PARAM },
		{ "priority", KW_PRIORITY },
		{ "queue", KW_QUEUE },
		{ "range", KW_RANGE },
		{ "released", KW_RELEASED },
		{ "replacement", KW_REPLACEMENT },
		{ "restartable", KW_RESTARTABLE },
		{ "return", KW_RETURN },
		{ "reversible", KW_REVERSIBLE },
		{ "sa-flags-forbidden", KW_SA_FORBID },
		{ "sa-flags-required", KW_SA_REQUIRED },
		{ "setup", KW_SETUP },
		{ "signal", KW_SIGNAL },
		{ "signal-mask", KW_SIGNAL_MASK },
		{ "signals", KW_SIGNALS },
		{ "signum", KW_SIGNUM },
		{ "since", KW_SINCE },
		{ "size", KW_SIZE },
		{ "size-multiplier", KW_SIZE_MULT },
		{ "size-param", KW_SIZE_PARAM },
		{ "state-forbidden", KW_STATE_FORBID },
		{ "state-required", KW_STATE_REQUIRED },
		{ "struct", KW_STRUCT },
		{ "success", KW_SUCCESS },
		{ "summary", KW_SUMMARY },
		{ "syscall", KW_SYSCALL },
		{ "target", KW_TARGET },
		{ "test", KW_TEST },
		{ "timing", KW_TIMING },
		{ "to", KW_TO },
		{ "transform", KW_TRANSFORM },
		{ "transition", KW_TRANSITION },
		{ "type", KW_TYPE },
		{ "untestable", KW_UNTESTABLE },
		{ "values", KW_VALUES },
		{ "verify", KW_VERIFY },
		{ "when", KW_WHEN },
		{ "without", KW_WITHOUT },
	};
	size_t n = sizeof keywords / sizeof keywords[0];
	size_t bad = 0;

	for (size_t i = 0; i < n; i++) {
		/* At a statement start, after ';', the word is the keyword. */
		char *text = talloc_asprintf(NULL, "; %s", keywords[i].word);
		struct scan *s = scan(text);
		if (s->n != 2 || s->toks[1].kind != keywords[i].token || s->errors) {
			printf("#   '%s' is not its keyword\n", keywords[i].word);
			bad++;
		}
		talloc_free(s);
		/* After another word it is an identifier of the same spelling. */
		talloc_free(text);
		text = talloc_asprintf(NULL, "x %s", keywords[i].word);
		s = scan(text);
		size_t want = strchr(keywords[i].word, '-') ? 0 : 2;
		if (want && (s->n != 2 || s->toks[1].kind != TOK_IDENT ||
			     strcmp(s->toks[1].val.str, keywords[i].word) != 0)) {
			printf("#   '%s' after a word is not an identifier\n", keywords[i].word);
			bad++;
		}
		talloc_free(s);
		talloc_free(text);
	}
	report(bad == 0, "every keyword at a statement start, an identifier elsewhere");
	report(n == 72, "the keyword table has 72 entries");
}

static void test_punctuation(void)
{
	struct scan *s = scan("x .. << >> <= >= == != && || ( ) < > : , = | & ^ ~ + - * / % ! { } ;");

	kinds_are(s, KINDS(TOK_UNKNOWN_KEYWORD, TOK_DOTDOT, TOK_SHL, TOK_SHR, TOK_LE,
			   TOK_GE, TOK_EQ, TOK_NE, TOK_LAND, TOK_LOR, '(', ')', '<',
			   '>', ':', ',', '=', '|', '&', '^', '~', '+', '-', '*',
			   '/', '%', '!', '{', '}', ';'),
		  "every operator and punctuator");
	talloc_free(s);

	/* Longest match: no space needed between operators. */
	s = scan("x<<=>>..");
	kinds_are(s, KINDS(TOK_UNKNOWN_KEYWORD, TOK_SHL, '=', TOK_SHR, TOK_DOTDOT),
		  "operators without spaces split by longest match");
	talloc_free(s);

	s = scan("x 0..LONG_MAX");
	kinds_are(s, KINDS(TOK_UNKNOWN_KEYWORD, TOK_INT, TOK_DOTDOT, TOK_IDENT),
		  "0..LONG_MAX is INT .. IDENT");
	talloc_free(s);
}

static void test_idents(void)
{
	struct scan *s = scan("param x: summary { summary \"s\"; }");

	if (kinds_are(s, KINDS(KW_PARAM, TOK_IDENT, ':', TOK_IDENT, '{', KW_SUMMARY,
			       TOK_STRING, ';', '}'),
		      "summary is a keyword at a statement start only"))
		report(strcmp(s->toks[3].val.str, "summary") == 0 &&
		       strcmp(s->toks[1].val.str, "x") == 0,
		       "identifiers carry their text");
	talloc_free(s);

	s = scan("summray \"x\";");
	if (kinds_are(s, KINDS(TOK_UNKNOWN_KEYWORD, TOK_STRING, ';'),
		      "an unknown word at a statement start is an unknown keyword"))
		report(strcmp(s->toks[0].val.str, "summray") == 0,
		       "the unknown keyword carries its text");
	talloc_free(s);

	s = scan("; /* comment */ // line comment\n summary");
	kinds_are(s, KINDS(';', KW_SUMMARY), "comments keep the statement start");
	talloc_free(s);

	s = scan("signal-mask m { signals SIGINT; }");
	kinds_are(s, KINDS(KW_SIGNAL_MASK, TOK_IDENT, '{', KW_SIGNALS, TOK_IDENT, ';', '}'),
		  "a hyphenated keyword is one token");
	talloc_free(s);

	s = scan("held-on-entry; sa-flags-required 1; size-param n;");
	kinds_are(s, KINDS(KW_HELD_ENTRY, ';', KW_SA_REQUIRED, TOK_INT, ';',
			   KW_SIZE_PARAM, TOK_IDENT, ';'),
		  "held-on-entry, sa-flags-required, size-param");
	talloc_free(s);

	s = scan("mask a-b;");
	if (kinds_are(s, KINDS(KW_MASK, TOK_IDENT, '-', TOK_IDENT, ';'),
		      "a-b after a keyword is IDENT '-' IDENT")) {
		report(strcmp(s->toks[1].val.str, "a") == 0 &&
		       strcmp(s->toks[3].val.str, "b") == 0, "a-b: the names are a and b");
		loc_is(&s->toks[1], 1, 6, 1, 7, 5, 6, "a-b: location of a");
		loc_is(&s->toks[2], 1, 7, 1, 8, 6, 7, "a-b: location of '-'");
		loc_is(&s->toks[3], 1, 8, 1, 9, 7, 8, "a-b: location of b");
	}
	talloc_free(s);

	/* A word and a dash with no letter after it: the word, then '-'. */
	s = scan("mask len- 1; held-on- x; flags-;");
	if (kinds_are(s, KINDS(KW_MASK, TOK_IDENT, '-', TOK_INT, ';',
			       TOK_UNKNOWN_KEYWORD, '-', TOK_IDENT, ';', KW_FLAGS, '-', ';'),
		      "a trailing dash ends the word before it")) {
		report(strcmp(s->toks[1].val.str, "len") == 0 &&
		       strcmp(s->toks[5].val.str, "held-on") == 0,
		       "a trailing dash: the words are len and held-on");
		loc_is(&s->toks[2], 1, 9, 1, 10, 8, 9, "a trailing dash: its location");
	}
	talloc_free(s);

	s = scan("when len-size-1 > 0;");
	kinds_are(s, KINDS(KW_WHEN, TOK_IDENT, '-', TOK_IDENT, '-', TOK_INT, '>', TOK_INT, ';'),
		  "len-size-1 is a subtraction chain");
	talloc_free(s);

	s = scan("x Foo_bar9 _x");
	kinds_are(s, KINDS(TOK_UNKNOWN_KEYWORD, TOK_IDENT, TOK_IDENT),
		  "identifiers with capitals, digits and underscores");
	talloc_free(s);
}

static bool string_is(const struct scan *s, size_t i, const char *want,
		      size_t len, const char *what)
{
	bool ok = i < s->n && s->toks[i].kind == TOK_STRING &&
		  s->toks[i].val.kstr->len == len &&
		  memcmp(s->toks[i].val.kstr->text, want, len) == 0;

	report(ok, what);
	if (!ok)
		show_diag(s->diag);
	return ok;
}

static void test_strings(void)
{
	struct scan *s;
	static const char want[] = "\n\t\r\a\b\f\v\\\"'?" "\0" "AAAAA" "\177";

	s = scan("x \"\\n\\t\\r\\a\\b\\f\\v\\\\\\\"\\'\\?\\0\\101\\x41AA\\x41\\177\"");
	string_is(s, 1, want, sizeof want - 1, "every escape: \\n \\t \\r \\a \\b \\f \\v \\\\ \\\" \\' \\? \\0 \\101 \\x41");
	talloc_free(s);

	s = scan("x \"\\x4a\\x4A\\1234\"");
	string_is(s, 1, "JJS4", 4, "hex takes two digits either case, octal three");
	talloc_free(s);

	s = scan("x \"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
	string_is(s, 1, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14, "valid UTF-8 is kept");
	talloc_free(s);

	s = scan("x \"\"");
	string_is(s, 1, "", 0, "the empty string");
	talloc_free(s);

	s = scan("x \"ab\xff\" ;");
	report(s->n >= 2 && s->toks[1].kind == TOK_LEXERROR && s->errors == 1,
	       "invalid UTF-8 in a string is one error");
	diag_has(s, "t.kapi:1:6: error: invalid UTF-8 byte 0xff in string [syntax]",
		 "invalid UTF-8: message and column of the byte");
	talloc_free(s);

	s = scan("x \"\xc0\x80\"");
	report(s->n >= 2 && s->toks[1].kind == TOK_LEXERROR && s->errors >= 1,
	       "an overlong UTF-8 encoding is an error");
	talloc_free(s);

	s = scan("x \"\xed\xa0\x80\"");
	report(s->n >= 2 && s->toks[1].kind == TOK_LEXERROR && s->errors >= 1,
	       "a UTF-8 surrogate is an error");
	talloc_free(s);

	s = scan("x \"a\\qb\"");
	report(s->n >= 2 && s->toks[1].kind == TOK_LEXERROR, "an unknown escape is an error");
	diag_has(s, "t.kapi:1:5: error: unknown escape sequence '\\q' [syntax]",
		 "unknown escape: message and column of the backslash");
	talloc_free(s);

	s = scan("x \"\\x\"");
	diag_has(s, "\\x used with no following hex digits", "\\x without digits is an error");
	talloc_free(s);

	s = scan("x \"\\777\"");
	diag_has(s, "octal escape out of range", "\\777 is out of range");
	talloc_free(s);

	s = scan("x \"open\n;");
	report(s->n >= 2 && s->toks[1].kind == TOK_LEXERROR, "a string ends at its line: unterminated");
	diag_has(s, "t.kapi:1:3: error: unterminated string [syntax]",
		 "unterminated string: message and column");
	talloc_free(s);

	/* Strings end on their line; a backslash cannot splice lines. */
	s = scan("x \"a\\\nb\"");
	report(s->n == 2 && s->toks[1].kind == TOK_LEXERROR,
	       "a backslash-newline in a string is an error");
	diag_has(s, "t.kapi:1:5: error: unknown escape sequence [syntax]",
		 "backslash-newline: reported at the backslash");
	talloc_free(s);
}

/* Token 1 of S is the string WANT, with no error. */
static bool string_ok(const struct scan *s, const char *want, size_t len)
{
	return s->n >= 2 && s->errors == 0 && s->toks[1].kind == TOK_STRING &&
	       s->toks[1].val.kstr->len == len &&
	       memcmp(s->toks[1].val.kstr->text, want, len) == 0;
}

/* Token 1 of S is an error, reported at column COL of line 1. */
static bool string_bad(const struct scan *s, int col)
{
	char at[32];

	snprintf(at, sizeof at, "t.kapi:1:%d: error:", col);
	return s->n >= 2 && s->toks[1].kind == TOK_LEXERROR && s->errors == 1 &&
	       strstr(s->diag, at) != NULL;
}

/*
 * A quote, backslash, newline or byte >= 0x80 must be found at every
 * offset from the opening quote, in the middle of the input and near its
 * end.
 */
static void test_string_runs(void)
{
	enum { MAX_RUN = 40 };
	static const char *const tails[] = { "", " ;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;" };
	bool quote = true, escape = true, newline = true, utf8 = true,
	     bad_before = true, bad_after_escape = true, bad_after_utf8 = true;

	for (size_t t = 0; t < 2; t++) {
		for (int k = 0; k <= MAX_RUN; k++) {
			char run[MAX_RUN + 1], text[256], want[128];
			struct scan *s;

			memset(run, 'a', (size_t)k);
			run[k] = '\0';
			/* x "aaa" */
			snprintf(text, sizeof text, "x \"%s\"%s", run, tails[t]);
			s = scan(text);
			quote &= string_ok(s, run, (size_t)k);
			talloc_free(s);
			/* x "aaa\tbbb" */
			snprintf(text, sizeof text, "x \"%s\\tbbb\"%s", run, tails[t]);
			snprintf(want, sizeof want, "%s\tbbb", run);
			s = scan(text);
			escape &= string_ok(s, want, strlen(want));
			talloc_free(s);
			/* x "aaa<newline> */
			snprintf(text, sizeof text, "x \"%s\n%s", run, tails[t]);
			s = scan(text);
			newline &= string_bad(s, 3);
			talloc_free(s);
			/* x "aaa\u00e9aaa" */
			snprintf(text, sizeof text, "x \"%s\xc3\xa9%s\"%s", run, run, tails[t]);
			snprintf(want, sizeof want, "%s\xc3\xa9%s", run, run);
			s = scan(text);
			utf8 &= string_ok(s, want, strlen(want));
			talloc_free(s);
			/* x "aaa\xff\tb": the bad byte before an escape */
			snprintf(text, sizeof text, "x \"%s\xff\\tb\"%s", run, tails[t]);
			s = scan(text);
			bad_before &= string_bad(s, 4 + k);
			talloc_free(s);
			/* x "\taaa\xff": after an escape */
			snprintf(text, sizeof text, "x \"\\t%s\xff\"%s", run, tails[t]);
			s = scan(text);
			bad_after_escape &= string_bad(s, 6 + k);
			talloc_free(s);
			/* x "\u00e9aaa\xff": after valid UTF-8 */
			snprintf(text, sizeof text, "x \"\xc3\xa9%s\xff\"%s", run, tails[t]);
			s = scan(text);
			bad_after_utf8 &= string_bad(s, 5 + k);   /* é is one column */
			talloc_free(s);
		}
	}
	report(quote, "a closing quote is found at every offset");
	report(escape, "an escape is found at every offset");
	report(newline, "a newline ends an unterminated string at every offset");
	report(utf8, "UTF-8 at every offset is kept");
	report(bad_before, "invalid UTF-8 at every offset before an escape is an error");
	report(bad_after_escape, "invalid UTF-8 at every offset after an escape is an error");
	report(bad_after_utf8, "invalid UTF-8 at every offset after valid UTF-8 is an error");
}

/* The string the parser makes of `const X = 1 STRING;`, its errors in
 * *ERRORS. */
static const struct kstr *parsed(TALLOC_CTX *ctx, const char *string,
				 unsigned *errors)
{
	char *text = talloc_asprintf(ctx, "const X = 1 %s;", string);
	FILE *f = fopen("/dev/null", "w");
	struct diag *d = diag_new(ctx, f, false);
	struct kapi_file *file = kapi_file_new(ctx, strlen(text));
	struct source *src = source_from_buffer(ctx, "t.kapi", text, strlen(text));

	parse_source(file, src, d, NULL);
	*errors = diag_errors(d);
	fclose(f);
	return file->nconstants == 1 ? file->constants[0]->description : NULL;
}

/* S is the text WANT (LEN bytes) of N pieces of LENS bytes each. */
static bool pieces_are(const struct kstr *s, const char *want, size_t len,
		       const size_t *lens, size_t n, const char *what)
{
	bool ok = s && s->len == len && memcmp(s->text, want, len) == 0 &&
		  s->text[len] == '\0' && s->npieces == n;

	for (size_t i = 0, off = 0; ok && i < n; off += lens[i++])
		ok = s->piece_lens[i] == lens[i] && s->pieces[i] == s->text + off;
	report(ok, what);
	if (!ok && s)
		printf("#   \"%.*s\", %zu pieces\n", (int)s->len, s->text, s->npieces);
	return ok;
}

#define LENS(...) ((const size_t[]){ __VA_ARGS__ })

/* Adjacent literals are tokens of their own, joined by the parser: one
 * text, and each literal a piece of it. */
static void test_joined_strings(void)
{
	TALLOC_CTX *ctx = talloc_new(NULL);
	const struct kstr *k;
	unsigned errors;
	struct scan *s;

	s = scan("x \"ab\" \"cd\"\n\t\"ef\" ;");
	kinds_are(s, KINDS(TOK_UNKNOWN_KEYWORD, TOK_STRING, TOK_STRING, TOK_STRING, ';'),
		  "three literals over two lines are three tokens");
	talloc_free(s);

	k = parsed(ctx, "\"ab\" \"cd\"\n\t\"ef\"", &errors);
	pieces_are(k, "abcdef", 6, LENS(2, 2, 2), 3, "the parser joins them, each a piece");
	report(k && errors == 0 && k->loc.first_offset == 12 && k->loc.last_offset == 27,
	       "the string spans the first opening to the last closing quote");

	k = parsed(ctx, "\"only\"", &errors);
	pieces_are(k, "only", 4, LENS(4), 1, "one literal: one piece");
	report(k && k->pieces == &k->text && k->piece_lens == &k->len,
	       "one literal is its own piece");

	k = parsed(ctx, "\"a\\tb\" \"\" \"c\\x41\"", &errors);
	pieces_are(k, "a\tbcA", 5, LENS(3, 0, 2), 3,
		   "literals with escapes are decoded and joined, an empty one among them");

	k = parsed(ctx, "\"a\" /* c */ \"b\" // d\n\"c\"", &errors);
	pieces_are(k, "abc", 3, LENS(1, 1, 1), 3, "comments between literals are skipped");

	s = scan("x \"ok\" \"b\\qd\" ;");
	kinds_err(s, KINDS(TOK_UNKNOWN_KEYWORD, TOK_STRING, TOK_LEXERROR, ';'), 1,
		  "a bad escape in a later literal: that literal is an error");
	diag_has(s, "t.kapi:1:10: error: unknown escape sequence '\\q' [syntax]",
		 "reported at the escape, in its own literal");
	talloc_free(s);

	s = scan("x \"ok\" \"open\n;");
	kinds_err(s, KINDS(TOK_UNKNOWN_KEYWORD, TOK_STRING, TOK_LEXERROR, ';'), 1,
		  "an unterminated literal is an error of its own");
	string_is(s, 1, "ok", 2, "the literal before it is a string");
	diag_has(s, "t.kapi:1:8: error: unterminated string [syntax]",
		 "unterminated: reported at its own quote");
	talloc_free(s);

	char text[256] = "", want[32];
	size_t lens[20];
	for (int i = 0; i < 20; i++) {
		snprintf(text + strlen(text), sizeof text - strlen(text), " \"%c\"", 'a' + i);
		want[i] = (char)('a' + i);
		lens[i] = 1;
	}
	k = parsed(ctx, text, &errors);
	pieces_are(k, want, 20, lens, 20, "twenty literals are one string of twenty pieces");
	talloc_free(ctx);
}

/* A quote, an escape, a high byte or the end of the input must be seen at
 * every offset of a word, and the token after the string must start where
 * the string ends. */
static void test_string_words(void)
{
	char text[128], want[64];
	bool quotes = true, escapes = true, utf8 = true, unterminated = true;

	for (int n = 0; n < 24; n++) {
		struct scan *s;

		snprintf(text, sizeof text, "x \"%.*s\" y", n, "abcdefghijklmnopqrstuvwxyz");
		s = scan(text);
		if (!(s->n == 3 && s->toks[1].kind == TOK_STRING &&
		      s->toks[1].val.kstr->len == (size_t)n &&
		      memcmp(s->toks[1].val.kstr->text, text + 3, (size_t)n) == 0 &&
		      s->toks[2].loc.last_offset == (size_t)n + 6 &&
		      s->toks[2].loc.first_offset == (size_t)n + 5))
			quotes = false;
		talloc_free(s);

		snprintf(text, sizeof text, "x \"%.*s\\tz\"", n, "abcdefghijklmnopqrstuvwxyz");
		snprintf(want, sizeof want, "%.*s\tz", n, "abcdefghijklmnopqrstuvwxyz");
		s = scan(text);
		if (!(s->n == 2 && s->toks[1].kind == TOK_STRING &&
		      s->toks[1].val.kstr->len == strlen(want) &&
		      strcmp(s->toks[1].val.kstr->text, want) == 0))
			escapes = false;
		talloc_free(s);

		snprintf(text, sizeof text, "x \"%.*s\xc3\xa9z\"", n, "abcdefghijklmnopqrstuvwxyz");
		s = scan(text);
		if (!(s->n == 2 && s->toks[1].kind == TOK_STRING &&
		      s->toks[1].val.kstr->len == (size_t)n + 3 &&
		      memcmp(s->toks[1].val.kstr->text, text + 3, (size_t)n + 3) == 0))
			utf8 = false;
		talloc_free(s);

		snprintf(text, sizeof text, "x \"%.*s\\", n, "abcdefghijklmnopqrstuvwxyz");
		s = scan(text);
		if (!(s->n == 2 && s->toks[1].kind == TOK_LEXERROR && s->errors == 1 &&
		      s->toks[1].loc.last_offset == strlen(text)))
			unterminated = false;
		talloc_free(s);
	}
	report(quotes, "strings of 0 to 23 bytes end at their quote");
	report(escapes, "an escape is decoded at every offset of a word");
	report(utf8, "UTF-8 is kept at every offset of a word");
	report(unterminated, "a string cut by the end of input after a backslash: one error, to the end");

	struct scan *s = scan_buf("x \"a\0b\" y", 9);
	report(s->n == 3 && s->toks[1].kind == TOK_STRING && s->toks[1].val.kstr->len == 3 &&
	       memcmp(s->toks[1].val.kstr->text, "a\0b", 3) == 0,
	       "a NUL byte inside a string is kept");
	talloc_free(s);
}

/* The end of input is placed where the last blank run ends, or over the
 * last skipped line end or comment, as bison reports "unexpected end of
 * file" there. */
static void test_eof_place(void)
{
	struct scan *s = scan("x {\n");

	loc_is(&(struct tok){ .loc = s->eof }, 1, 4, 2, 1, 3, 4, "end of input after a newline: over it");
	talloc_free(s);
	s = scan("x {  ");
	loc_is(&(struct tok){ .loc = s->eof }, 1, 6, 1, 6, 5, 5, "end of input after blanks: where they end");
	talloc_free(s);
	s = scan("x {\n\t");
	loc_is(&(struct tok){ .loc = s->eof }, 2, 2, 2, 2, 5, 5, "end of input after an indented line: where it ends");
	talloc_free(s);
	s = scan("x {");
	loc_is(&(struct tok){ .loc = s->eof }, 1, 3, 1, 4, 2, 3, "end of input right after a token: the token's place");
	talloc_free(s);
	s = scan("x { // note");
	loc_is(&(struct tok){ .loc = s->eof }, 1, 5, 1, 12, 4, 11, "end of input after a comment: over it");
	talloc_free(s);
}

static void test_ints(void)
{
	static const struct { const char *text; uint64_t value; } ok[] = {
		{ "0", 0 }, { "42", 42 }, { "0x2A", 42 }, { "0X2a", 42 },
		{ "052", 42 }, { "0b101010", 42 }, { "0B101010", 42 },
		{ "42u", 42 }, { "42UL", 42 }, { "0x2aull", 42 }, { "42lu", 42 },
		{ "18446744073709551615", UINT64_MAX },
		{ "0xffffffffffffffff", UINT64_MAX },
		{ "01777777777777777777777", UINT64_MAX },
		{ "9223372036854775808", (uint64_t)INT64_MAX + 1 },
	};
	static const struct { const char *text; const char *msg; } bad[] = {
		{ "18446744073709551616", "integer literal '18446744073709551616' does not fit in 64 bits" },
		{ "0x10000000000000000", "does not fit in 64 bits" },
		{ "0b11111111111111111111111111111111111111111111111111111111111111111", "does not fit in 64 bits" },
		{ "99999999999999999999999", "does not fit in 64 bits" },
		{ "08", "invalid digit '8' in octal literal" },
		{ "0b102", "invalid integer literal '0b102'" },
		{ "12abc", "invalid integer literal '12abc'" },
	};
	size_t nbad = 0;

	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		char *text = talloc_asprintf(NULL, "x %s;", ok[i].text);
		struct scan *s = scan(text);
		if (s->n != 3 || s->toks[1].kind != TOK_INT || s->toks[1].val.num != ok[i].value ||
		    s->errors) {
			printf("#   '%s' does not scan as %llu\n", ok[i].text,
			       (unsigned long long)ok[i].value);
			show_diag(s->diag);
			nbad++;
		}
		talloc_free(s);
		talloc_free(text);
	}
	report(nbad == 0, "integers: decimal, hex, octal, binary, suffixes, 2^64-1");
	nbad = 0;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *text = talloc_asprintf(NULL, "x %s;", bad[i].text);
		struct scan *s = scan(text);
		if (s->n != 3 || s->toks[1].kind != TOK_LEXERROR || s->errors != 1 ||
		    !strstr(s->diag, bad[i].msg) || !strstr(s->diag, "t.kapi:1:3: error: ")) {
			printf("#   '%s': %zu tokens, %u errors\n", bad[i].text, s->n,
			       s->errors);
			show_diag(s->diag);
			nbad++;
		}
		talloc_free(s);
		talloc_free(text);
	}
	report(nbad == 0, "bad integers: overflow and bad digits, one error at the literal");

	struct scan *s = scan("x -1");
	kinds_are(s, KINDS(TOK_UNKNOWN_KEYWORD, '-', TOK_INT), "-1 is '-' INT");
	talloc_free(s);
}

static void test_positions(void)
{
	/* Tabs count as one column; offsets count bytes. */
	const char *text = "const A = 1;\n\tsummary \"x\";\n\n  mask\tB ..C;";
	struct scan *s = scan(text);

	if (!kinds_are(s, KINDS(KW_CONST, TOK_IDENT, '=', TOK_INT, ';',
				KW_SUMMARY, TOK_STRING, ';',
				KW_MASK, TOK_IDENT, TOK_DOTDOT, TOK_IDENT, ';'),
		       "positions: the tokens")) {
		talloc_free(s);
		return;
	}
	loc_is(&s->toks[0], 1, 1, 1, 6, 0, 5, "const at 1:1");
	loc_is(&s->toks[1], 1, 7, 1, 8, 6, 7, "A at 1:7");
	loc_is(&s->toks[3], 1, 11, 1, 12, 10, 11, "1 at 1:11");
	loc_is(&s->toks[4], 1, 12, 1, 13, 11, 12, "; at 1:12");
	loc_is(&s->toks[5], 2, 2, 2, 9, 14, 21, "summary after a tab at 2:2");
	loc_is(&s->toks[6], 2, 10, 2, 13, 22, 25, "string at 2:10, quotes included");
	loc_is(&s->toks[8], 4, 3, 4, 7, 30, 34, "mask after a blank line at 4:3");
	loc_is(&s->toks[9], 4, 8, 4, 9, 35, 36, "B after a tab at 4:8");
	loc_is(&s->toks[10], 4, 10, 4, 12, 37, 39, ".. at 4:10");
	loc_is(&s->toks[11], 4, 12, 4, 13, 39, 40, "C at 4:12");
	talloc_free(s);

	/* Locations count bytes (a UTF-8 letter is two here); diagnostics
	 * show characters. */
	s = scan("x \"\xc3\xa9\" y");
	if (s->n == 3)
		loc_is(&s->toks[2], 1, 8, 1, 9, 7, 8, "locations count bytes after UTF-8");
	else
		report(false, "locations count bytes after UTF-8");
	talloc_free(s);
	s = scan("x \"\xc3\xa9\" @");
	diag_has(s, "t.kapi:1:7: error: stray '@' in input [syntax]",
		 "diagnostics count characters after UTF-8");
	talloc_free(s);

	/* An erroneous string over a backslash-newline spans two lines. */
	s = scan("x \"a\\\nb\" y");
	if (s->n == 3) {
		loc_is(&s->toks[1], 1, 3, 2, 3, 2, 8, "a token over two lines");
		loc_is(&s->toks[2], 2, 4, 2, 5, 9, 10, "the token after it");
	} else {
		report(false, "a token over two lines");
	}
	talloc_free(s);

	s = scan("x\r\n y");
	if (s->n == 2)
		loc_is(&s->toks[1], 2, 2, 2, 3, 4, 5, "CR LF line ends");
	else
		report(false, "CR LF line ends");
	talloc_free(s);
}

static void test_errors(void)
{
	struct scan *s = scan_buf("a\0b", 3);

	kinds_err(s, KINDS(TOK_UNKNOWN_KEYWORD, TOK_LEXERROR, TOK_IDENT), 1,
		  "a NUL byte is one error, and scanning goes on");
	diag_has(s, "t.kapi:1:2: error: stray byte 0x00 in input [syntax]",
		 "NUL: a stray byte at its column");
	talloc_free(s);

	s = scan("x @ $ #");
	report(s->n == 4 && s->toks[1].kind == TOK_LEXERROR && s->errors == 3,
	       "stray characters: one error each");
	diag_has(s, "t.kapi:1:3: error: stray '@' in input [syntax]", "stray '@' at its column");
	talloc_free(s);

	s = scan("x \x80");
	diag_has(s, "stray byte 0x80 in input", "a stray high byte");
	talloc_free(s);

	s = scan("x; /* not closed\n\n");
	report(s->n == 2 && s->errors == 1, "an unterminated comment ends the input with one error");
	diag_has(s, "t.kapi:1:4: error: unterminated comment [syntax]",
		 "unterminated comment: where it started");
	talloc_free(s);

	char *word = talloc_array(NULL, char, PARSE_MAX_IDENT + 4);
	memset(word, 'a', PARSE_MAX_IDENT + 1);
	word[0] = 'x'; word[1] = ' ';
	memset(word + 2, 'A', PARSE_MAX_IDENT + 1);
	word[PARSE_MAX_IDENT + 3] = '\0';
	s = scan(word);
	report(s->n == 2 && s->toks[1].kind == TOK_LEXERROR, "an identifier over the limit is an error");
	diag_has(s, "identifier longer than", "identifier limit: message");
	talloc_free(s);
	talloc_free(word);

	s = scan("");
	report(s->n == 0 && s->errors == 0, "empty input: end of file at once");
	talloc_free(s);
}

int main(void)
{
	test_keywords();
	test_punctuation();
	test_idents();
	test_strings();
	test_string_runs();
	test_joined_strings();
	test_string_words();
	test_eof_place();
	test_ints();
	test_positions();
	test_errors();
	printf("1..%u\n", ntests);
	return nfailed ? 1 : 0;
}
