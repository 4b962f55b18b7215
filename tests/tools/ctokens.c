/*
 * ctokens - print the tokens of one C source file, one per line, so that two
 * files can be compared for "same program text" with diff, whatever their
 * whitespace, comments, line wrapping or string splitting:
 *
 *   ctokens a.c > a.tok; ctokens b.c > b.tok; diff a.tok b.tok
 *
 * What it does, in the order of the C translation phases it imitates:
 *  - backslash-newline continuations are removed first (phase 2), so they
 *    may split any token, as in C; CR LF counts as a newline;
 *  - comments and whitespace disappear (phase 3);
 *  - a line whose first token is `#` is a preprocessor directive and is
 *    skipped up to its end, but is not executed; a block comment inside a
 *    directive does not end it even if it spans lines;
 *  - adjacent string literals, including across comments, newlines and
 *    skipped directives, are joined into one literal (phase 6): contents
 *    concatenated, escapes kept as written, quotes around the whole.  The
 *    prefix (L, u, U, u8) of the first prefixed piece is kept.  Where
 *    joining the text would change an escape (`"\x4" "1"` is not `"\x41"`),
 *    the boundary is kept as `""` inside the token: `"\x4""1"`;
 *  - tokens are identifiers, pp-numbers (`0x1fUL`, `1e+5`, `1.2.3`),
 *    character constants, string literals and punctuators by longest match
 *    (`...`, `<<=`, `->`, `##`, digraphs); any other character is a token
 *    of its own.  Trigraphs are not replaced (GNU C ignores them too).
 *
 * Exit status: 0 on success; 2, with a message naming file and line, on an
 * unreadable file, an unterminated comment, string or character constant,
 * or a usage error.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *progname = "ctokens";
static const char *filename;

/* The file after line splicing, with the original line of each byte kept
 * so that diagnostics point where the user's editor does. */
struct text {
	char *c;
	unsigned *line;
	size_t len;
};

/* A token under construction or waiting to be joined. */
struct buf {
	char *s;
	size_t len, cap;
};

static void die(unsigned line, const char *msg)
{
	if (line)
		fprintf(stderr, "%s: %s:%u: %s\n", progname, filename, line, msg);
	else
		fprintf(stderr, "%s: %s: %s\n", progname, filename, msg);
	exit(2);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fprintf(stderr, "%s: out of memory\n", progname);
		exit(2);
	}
	return p;
}

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t n = 0, cap = 0;

	if (!f)
		die(0, strerror(errno));
	for (;;) {
		size_t got;

		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 65536;
			data = xrealloc(data, cap);
		}
		got = fread(data + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		die(0, strerror(errno));
	fclose(f);
	*len = n;
	return data;
}

/* Phase 1-2: CR LF to LF, and backslash-newline removed. */
static struct text splice(const char *raw, size_t n)
{
	struct text t = {
		.c = xrealloc(NULL, n + 1),
		.line = xrealloc(NULL, (n + 1) * sizeof(unsigned)),
	};
	unsigned line = 1;

	for (size_t i = 0; i < n; i++) {
		if (raw[i] == '\r' && i + 1 < n && raw[i + 1] == '\n')
			continue;
		if (raw[i] == '\\') {
			size_t j = i + 1;

			if (j < n && raw[j] == '\r' && j + 1 < n && raw[j + 1] == '\n')
				j++;
			if (j < n && raw[j] == '\n') {
				i = j;
				line++;
				continue;
			}
		}
		t.c[t.len] = raw[i];
		t.line[t.len] = line;
		t.len++;
		if (raw[i] == '\n')
			line++;
	}
	t.c[t.len] = '\0';
	t.line[t.len] = line;
	return t;
}

static bool is_ident_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       c == '$' || (unsigned char)c >= 0x80;
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_ident(int c)
{
	return is_ident_start(c) || is_digit(c);
}

static bool is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Longest first within each length, so the first match is the longest. */
static const char *const punctuators[] = {
	"%:%:",
	"...", "<<=", ">>=",
	"->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
	"*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "##",
	"<:", ":>", "<%", "%>", "%:",
};

/* Pending string literal: joined with the next one if it is one too. */
static struct buf pending_prefix, pending_body;
static bool pending;

static void flush_pending(void)
{
	if (!pending)
		return;
	printf("%s\"%s\"\n", pending_prefix.s ? pending_prefix.s : "",
	       pending_body.s ? pending_body.s : "");
	pending = false;
	pending_prefix.len = pending_body.len = 0;
	if (pending_prefix.s)
		pending_prefix.s[0] = '\0';
	if (pending_body.s)
		pending_body.s[0] = '\0';
}

/* Would appending `next` to `body` change what an escape at the end of
 * `body` means?  A hex escape takes every following hex digit; an octal
 * escape takes up to three digits. */
static bool escape_would_grow(const struct buf *body, const char *next,
			      size_t nlen)
{
	size_t i, run = 0;

	if (!body->len || !nlen)
		return false;
	/* Find the last backslash that starts an escape: walk escapes from
	 * the front, since `\\x4` is a backslash escape then "x4". */
	for (i = 0; i < body->len; i++) {
		if (body->s[i] != '\\')
			continue;
		if (i + 1 >= body->len)
			break;
		if (body->s[i + 1] == 'x') {
			size_t j = i + 2;

			while (j < body->len && is_hex(body->s[j]))
				j++;
			if (j == body->len && j > i + 2)
				return is_hex(next[0]);
			i = j - 1;
		} else if (body->s[i + 1] >= '0' && body->s[i + 1] <= '7') {
			size_t j = i + 1;

			run = 0;
			while (j < body->len && run < 3 &&
			       body->s[j] >= '0' && body->s[j] <= '7') {
				j++;
				run++;
			}
			if (j == body->len && run < 3)
				return next[0] >= '0' && next[0] <= '7';
			i = j - 1;
		} else {
			i++;
		}
	}
	return false;
}

static void emit_string(const char *prefix, size_t plen, const char *body,
			size_t blen)
{
	if (!pending) {
		pending = true;
		buf_add(&pending_prefix, prefix, plen);
		buf_add(&pending_body, body, blen);
		return;
	}
	if (!pending_prefix.len && plen)
		buf_add(&pending_prefix, prefix, plen);
	if (escape_would_grow(&pending_body, body, blen))
		buf_add(&pending_body, "\"\"", 2);
	buf_add(&pending_body, body, blen);
}

static void emit(const char *s, size_t n)
{
	flush_pending();
	fwrite(s, 1, n, stdout);
	putchar('\n');
}

/* Scan a quoted literal starting at the opening quote; return the index
 * just past the closing quote.  In a directive a lone quote is tolerated
 * (`#error don't`), as it is only text up to the end of the line. */
static size_t scan_quoted(const struct text *t, size_t i, char q, bool lenient)
{
	size_t start = i++;

	while (i < t->len && t->c[i] != q) {
		if (t->c[i] == '\n')
			break;
		if (t->c[i] == '\\' && i + 1 < t->len && t->c[i + 1] != '\n')
			i++;
		i++;
	}
	if (i < t->len && t->c[i] == q)
		return i + 1;
	if (lenient)
		return i;
	die(t->line[start], q == '"' ? "unterminated string literal"
				     : "unterminated character constant");
	return i;
}

static size_t literal_prefix(const struct text *t, size_t i)
{
	const char *p = t->c + i;

	if (p[0] == 'u' && p[1] == '8' && (p[2] == '"' || p[2] == '\''))
		return 2;
	if ((p[0] == 'L' || p[0] == 'u' || p[0] == 'U') &&
	    (p[1] == '"' || p[1] == '\''))
		return 1;
	return 0;
}

static void tokenize(const struct text *t)
{
	bool line_start = true, directive = false;
	size_t i = 0;

	while (i < t->len) {
		char c = t->c[i];
		size_t start = i, plen;

		if (c == '\n') {
			line_start = true;
			directive = false;
			i++;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r') {
			i++;
			continue;
		}
		if (c == '/' && t->c[i + 1] == '*') {
			i += 2;
			while (i < t->len && !(t->c[i] == '*' && t->c[i + 1] == '/'))
				i++;
			if (i >= t->len)
				die(t->line[start], "unterminated comment");
			i += 2;
			continue;
		}
		if (c == '/' && t->c[i + 1] == '/') {
			while (i < t->len && t->c[i] != '\n')
				i++;
			continue;
		}

		/* A token.  Its text is t->c[start, i) once scanned. */
		plen = literal_prefix(t, i);
		if (plen || c == '"' || c == '\'') {
			char q = t->c[i + plen];

			i = scan_quoted(t, i + plen, q, directive);
			if (!directive && q == '"')
				emit_string(t->c + start, plen,
					    t->c + start + plen + 1,
					    i - start - plen - 2);
			else if (!directive)
				emit(t->c + start, i - start);
		} else if (is_ident_start(c)) {
			while (i < t->len && is_ident(t->c[i]))
				i++;
			if (!directive)
				emit(t->c + start, i - start);
		} else if (is_digit(c) || (c == '.' && is_digit(t->c[i + 1]))) {
			/* pp-number: digits, letters, '_', '.', and a sign
			 * right after an exponent letter. */
			i++;
			while (i < t->len) {
				char d = t->c[i];

				if ((d == '+' || d == '-') &&
				    strchr("eEpP", t->c[i - 1]))
					i++;
				else if (is_ident(d) || d == '.')
					i++;
				else
					break;
			}
			if (!directive)
				emit(t->c + start, i - start);
		} else {
			size_t n = 1;

			for (size_t k = 0; k < sizeof(punctuators) / sizeof(punctuators[0]); k++) {
				size_t pl = strlen(punctuators[k]);

				if (strncmp(t->c + i, punctuators[k], pl) == 0) {
					n = pl;
					break;
				}
			}
			i += n;
			/* Only a lone `#` (or `%:`) starts a directive. */
			if (line_start && ((n == 1 && c == '#') ||
					   (n == 2 && c == '%' && t->c[start + 1] == ':')))
				directive = true;
			else if (!directive)
				emit(t->c + start, n);
		}
		line_start = false;
	}
	flush_pending();
}

int main(int argc, char **argv)
{
	struct text t;
	size_t n;
	char *raw;

	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE.c\n", progname);
		return 2;
	}
	filename = argv[1];
	raw = read_file(filename, &n);
	t = splice(raw, n);
	free(raw);
	tokenize(&t);
	free(t.c);
	free(t.line);
	free(pending_prefix.s);
	free(pending_body.s);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s: write error: %s\n", progname, strerror(errno));
		return 2;
	}
	return 0;
}
