#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "escape.h"
#include "util.h"

/* --- C ------------------------------------------------------------------ */

static void c_string_literal(struct strbuf *sb, const unsigned char *s,
			     size_t len)
{
	strbuf_addc(sb, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = s[i];
		const char *rep = NULL;

		switch (c) {
		case '"':  rep = "\\\""; break;
		case '\\': rep = "\\\\"; break;
		case '\n': rep = "\\n"; break;
		case '\t': rep = "\\t"; break;
		case '?':
			/* Escaping both members of every ?? pair leaves no
			 * two adjacent '?' for translation phase 1 to see. */
			if ((i > 0 && s[i - 1] == '?') ||
			    (i + 1 < len && s[i + 1] == '?'))
				rep = "\\?";
			break;
		default:
			/* Always three digits: a following digit can then
			 * never extend the escape. */
			if (c < 0x20 || c >= 0x7f) {
				strbuf_addf(sb, "\\%03o", c);
				continue;
			}
			break;
		}
		if (rep)
			strbuf_adds(sb, rep);
		else
			strbuf_addc(sb, (char)c);
	}
	strbuf_addc(sb, '"');
}

void esc_c_string(struct strbuf *sb, const char *const *pieces,
		  const size_t *lens, size_t npieces)
{
	/* The column is only needed to align continuation literals; skipping
	 * it for one piece keeps long single-line outputs linear. */
	unsigned col = npieces > 1 ? strbuf_column(sb) : 0;

	if (npieces == 0) {
		strbuf_adds(sb, "\"\"");
		return;
	}
	for (size_t i = 0; i < npieces; i++) {
		size_t len = lens ? lens[i] : strlen(pieces[i]);

		if (i > 0) {
			strbuf_addc(sb, '\n');
			for (unsigned t = 0; t < col / 8; t++)
				strbuf_addc(sb, '\t');
			for (unsigned sp = 0; sp < col % 8; sp++)
				strbuf_addc(sb, ' ');
		}
		c_string_literal(sb, (const unsigned char *)pieces[i], len);
	}
}

/*
 * Each byte goes through here so that a separating space can be slipped
 * between any two bytes that would otherwise form a comment delimiter or
 * a trigraph prefix -- including pairs made by our own replacements.
 */
static void comment_put(struct strbuf *sb, char *prev, char c)
{
	if ((*prev == '*' && c == '/') || (*prev == '/' && c == '*') ||
	    (*prev == '?' && c == '?'))
		strbuf_addc(sb, ' ');
	strbuf_addc(sb, c);
	*prev = c;
}

void esc_c_comment(struct strbuf *sb, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	/* What the template wrote just before us counts as a neighbour. */
	char prev = sb->len ? sb->data[sb->len - 1] : '\0';

	for (size_t i = 0; i < len; i++) {
		unsigned char c = u[i];
		uint32_t cp;
		size_t n;

		if (c < 0x20 || c == 0x7f) {
			comment_put(sb, &prev, ' ');
		} else if (c >= 0x80) {
			/* One '?' per character, not per byte. */
			n = utf8_seq(u + i, len - i, &cp);
			comment_put(sb, &prev, '?');
			i += n ? n - 1 : 0;
		} else {
			comment_put(sb, &prev, (char)c);
		}
	}
	/* We cannot see what the template writes next: a trailing '*' or '/'
	 * could pair with it into a delimiter, '?' into a trigraph, and '\'
	 * into a line splice. */
	if (len > 0 && (prev == '*' || prev == '/' || prev == '?' ||
			prev == '\\'))
		strbuf_addc(sb, ' ');
}

/* The keywords of C23 and those before it, sorted (bsearch): a name the
 * C escaper must not pass as an identifier. */
static const char *const c_keywords[] = {
	"_Alignas", "_Alignof", "_Atomic", "_BitInt", "_Bool",
	"_Complex", "_Decimal128", "_Decimal32", "_Decimal64",
	"_Generic", "_Imaginary", "_Noreturn", "_Static_assert",
	"_Thread_local",
	"alignas", "alignof", "asm", "auto", "bool", "break", "case",
	"char", "const", "constexpr", "continue", "default", "do",
	"double", "else", "enum", "extern", "false", "float", "for",
	"goto", "if", "inline", "int", "long", "nullptr", "register",
	"restrict", "return", "short", "signed", "sizeof", "static",
	"static_assert", "struct", "switch", "thread_local", "true",
	"typedef", "typeof", "typeof_unqual", "union", "unsigned",
	"void", "volatile", "while",
};

static int keyword_cmp(const void *key, const void *elem)
{
	const char *const *k = key, *word = *(const char *const *)elem;
	size_t len = (size_t)(k[1] - k[0]);
	int c = strncmp(k[0], word, len);

	return c ? c : word[len] ? -1 : 0;
}

/* Every name of every output is asked about: a binary search of the
 * sorted table, not sixty comparisons. */
static bool is_c_keyword(const char *s, size_t len)
{
	const char *key[2] = { s, s + len };

	return bsearch(key, c_keywords, sizeof c_keywords / sizeof c_keywords[0],
		       sizeof c_keywords[0], keyword_cmp) != NULL;
}

bool esc_is_c_ident(const char *s, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     c == '_';

		if (!alpha && !(i > 0 && c >= '0' && c <= '9'))
			return false;
	}
	return !is_c_keyword(s, len);
}

/* --- roff --------------------------------------------------------------- */

/*
 * Non-ASCII as a named Unicode escape: man pages are read by groff (which
 * assumes Latin-1 input) and mandoc alike, and both understand \[uXXXX].
 * Returns the bytes consumed.  Invalid bytes show as U+FFFD; C1 controls
 * become a space like C0 ones do.
 */
static size_t roff_nonascii(struct strbuf *sb, const unsigned char *s,
			    size_t len)
{
	uint32_t cp;
	size_t n = utf8_seq(s, len, &cp);

	if (n == 0) {
		strbuf_adds(sb, "\\[uFFFD]");
		return 1;
	}
	if (cp < 0xa0)
		strbuf_addc(sb, ' ');
	else
		strbuf_addf(sb, "\\[u%04X]", (unsigned)cp);
	return n;
}

static bool roff_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The characters of roff text: a backslash is \e, control characters are
 * spaces, non-ASCII is \[uXXXX]; inside a quoted macro argument a quote is
 * doubled (never \", which starts a comment). */
static void roff_chars(struct strbuf *sb, const unsigned char *u, size_t len,
		       bool in_quotes)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = u[i];

		if (c == '"' && in_quotes)
			strbuf_adds(sb, "\"\"");
		else if (c == '\\')
			strbuf_adds(sb, "\\e");
		else if (c < 0x20 || c == 0x7f)
			strbuf_addc(sb, ' ');
		else if (c >= 0x80)
			i += roff_nonascii(sb, u + i, len - i) - 1;
		else
			strbuf_addc(sb, (char)c);
	}
}

/* man-pages(7) wants text lines of at most 80 bytes, and a new sentence on
 * a new line (semantic newlines); the reader's roff fills them again. */
enum { ROFF_LINE_MAX = 80 };

static bool roff_sentence_end(const unsigned char *w, size_t n)
{
	while (n > 1 && (w[n - 1] == ')' || w[n - 1] == '"'))
		n--;
	return n > 1 && (w[n - 1] == '.' || w[n - 1] == '!' || w[n - 1] == '?');
}

static bool roff_at_bol(const struct strbuf *sb)
{
	return sb->len == 0 || sb->data[sb->len - 1] == '\n';
}

/* One line's words, blanks between them made single: a break before a
 * word that starts a sentence or would pass ROFF_LINE_MAX, and `\&` before
 * a word that starts a line with `.` or `'` (which roff reads as a request). */
static void roff_words(struct strbuf *sb, const unsigned char *u, size_t len)
{
	size_t i = 0;
	bool first = true, sentence = false;

	while (i < len) {
		size_t w = i, space = sb->len;
		bool request = u[i] == '.' || u[i] == '\'';

		while (w < len && !roff_blank(u[w]))
			w++;
		if (!first)
			strbuf_addc(sb, ' ');
		else if (request && roff_at_bol(sb))
			strbuf_adds(sb, "\\&");
		roff_chars(sb, u + i, w - i, false);
		size_t c = i;
		while (c < w - 1 && (u[c] == '(' || u[c] == '"'))
			c++;
		bool up = u[c] >= 'A' && u[c] <= 'Z';
		if (!first && ((sentence && up) || strbuf_column(sb) > ROFF_LINE_MAX)) {
			sb->data[space] = '\n';
			if (request) {
				size_t tail = sb->len - space - 1;

				strbuf_add(sb, "\\&", 2);
				memmove(sb->data + space + 3, sb->data + space + 1, tail);
				memcpy(sb->data + space + 1, "\\&", 2);
			}
		}
		sentence = roff_sentence_end(u + i, w - i);
		first = false;
		for (i = w; i < len && roff_blank(u[i]); i++)
			;
	}
}

/* Each non-empty line of S through LINE (no leading or trailing blanks),
 * newlines only between them. */
static void roff_lines(struct strbuf *sb, const char *s, size_t len, bool fill)
{
	const unsigned char *u = (const unsigned char *)s;
	bool emitted = false;
	size_t pos = 0;

	while (pos <= len) {
		/* Guarded so an empty input may come with a NULL pointer. */
		const unsigned char *nl =
			pos < len ? memchr(u + pos, '\n', len - pos) : NULL;
		size_t end = nl ? (size_t)(nl - u) : len;
		size_t b = pos, e = end;

		/* Leading blanks would make roff break a filled line, trailing
		 * ones draw lint warnings, and a blank line is a paragraph
		 * break. */
		while (e > b && roff_blank(u[e - 1]))
			e--;
		/* No-fill text keeps its indentation. */
		while (fill && b < e && roff_blank(u[b]))
			b++;
		if (b < e) {
			if (emitted)
				strbuf_addc(sb, '\n');
			if (fill) {
				roff_words(sb, u + b, e - b);
			} else {
				if ((u[b] == '.' || u[b] == '\'') && roff_at_bol(sb))
					strbuf_adds(sb, "\\&");
				roff_chars(sb, u + b, e - b, false);
			}
			emitted = true;
		}
		pos = end + 1;
	}
}

void esc_roff_text(struct strbuf *sb, const char *s, size_t len)
{
	roff_lines(sb, s, len, true);
}

void esc_roff_code(struct strbuf *sb, const char *s, size_t len)
{
	roff_lines(sb, s, len, false);
}

void esc_roff_arg(struct strbuf *sb, const char *s, size_t len)
{
	roff_chars(sb, (const unsigned char *)s, len, true);
}

/* --- kernel-doc --------------------------------------------------------- */

enum { KDOC_WIDTH = 80 };

/* The continuation prefix of the ` * ` line SB ends in: its ` * `, its
 * indentation and two more spaces. */
static size_t kdoc_line_start(const struct strbuf *sb)
{
	size_t i = sb->len;

	while (i > 0 && sb->data[i - 1] != '\n')
		i--;
	return i;
}

static void kdoc_newline(struct strbuf *sb, size_t indent, bool blank)
{
	strbuf_adds(sb, blank ? "\n *" : "\n * ");
	for (size_t i = 0; !blank && i < indent + 2; i++)
		strbuf_addc(sb, ' ');
}

/* Whether the word W of N bytes would read as a `sub:` key at a line's
 * start. */
static bool kdoc_keyish(const unsigned char *w, size_t n)
{
	if (n < 2 || w[n - 1] != ':')
		return false;
	for (size_t i = w[0] == '@'; i + 1 < n; i++)
		if (!((w[i] >= 'a' && w[i] <= 'z') || (w[i] >= 'A' && w[i] <= 'Z') ||
		      (w[i] >= '0' && w[i] <= '9') || w[i] == '-' || w[i] == '_'))
			return false;
	return true;
}

/* One word, made safe: the comment stays open, bytes stay text. */
static void kdoc_word(struct strbuf *sb, const unsigned char *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char prev = sb->len ? sb->data[sb->len - 1] : 0;
		uint32_t cp;
		size_t k;

		/* Neither close the comment, seem to open one inside it,
		 * nor form a trigraph. */
		if ((w[i] == '/' && prev == '*') || (w[i] == '*' && prev == '/') ||
		    (w[i] == '?' && prev == '?'))
			strbuf_addc(sb, ' ');
		if (w[i] >= 0x20 && w[i] < 0x7f)
			strbuf_addc(sb, (char)w[i]);
		else if (w[i] >= 0x80 && (k = utf8_seq(w + i, n - i, &cp)) != 0) {
			strbuf_add(sb, (const char *)w + i, k);
			i += k - 1;
		} else
			strbuf_addc(sb, ' ');
	}
}

static bool kdoc_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* The words of one line of the value, wrapped. */
static void kdoc_fill(struct strbuf *sb, const unsigned char *u, size_t len,
		      size_t indent)
{
	bool first = true;
	size_t ls = kdoc_line_start(sb);   /* words hold no newline */

	for (size_t i = 0; i < len;) {
		size_t b = i, e;

		while (b < len && kdoc_blank(u[b]))
			b++;
		for (e = b; e < len && !kdoc_blank(u[e]); e++)
			;
		if (b == e)
			break;
		size_t col = sb->len - ls;
		if (!first && col + 1 + (e - b) > KDOC_WIDTH && !kdoc_keyish(u + b, e - b)) {
			ls = sb->len + 1;
			kdoc_newline(sb, indent, false);
		} else if (!first)
			strbuf_addc(sb, ' ');
		kdoc_word(sb, u + b, e - b);
		first = false;
		i = e;
	}
}

void esc_kdoc(struct strbuf *sb, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t ls = kdoc_line_start(sb), indent = 0;
	bool any = false, pending_blank = false;

	/* The key's indentation: the blanks after the line's ` * `. */
	for (size_t i = ls + 3; i < sb->len && sb->data[i] == ' '; i++)
		indent++;
	for (size_t pos = 0; pos <= len;) {
		const unsigned char *nl = pos < len ? memchr(u + pos, '\n', len - pos) : NULL;
		size_t end = nl ? (size_t)(nl - u) : len, b = pos;

		while (b < end && kdoc_blank(u[b]))
			b++;
		if (b == end) {
			pending_blank = any;
		} else {
			/* A line that would read as a key joins the one
			 * before it. */
			size_t e = b;
			while (e < end && !kdoc_blank(u[e]))
				e++;
			if (any && !pending_blank && kdoc_keyish(u + b, e - b)) {
				strbuf_addc(sb, ' ');
			} else {
				if (pending_blank)
					kdoc_newline(sb, indent, true);
				if (any)
					kdoc_newline(sb, indent, false);
			}
			kdoc_fill(sb, u + b, end - b, indent);
			any = true;
			pending_blank = false;
		}
		pos = end + 1;
	}
}

/* --- JSON --------------------------------------------------------------- */

void esc_json(struct strbuf *sb, const char *s, size_t len)
{
	strbuf_addc(sb, '"');
	esc_json_text(sb, s, len);
	strbuf_addc(sb, '"');
}

void esc_json_text(struct strbuf *sb, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = u[i];
		uint32_t cp;
		size_t n = i;

		/* Most of a text is printable ASCII: copied a run at a time. */
		while (n < len && u[n] >= 0x20 && u[n] < 0x80 && u[n] != '"' && u[n] != '\\')
			n++;
		if (n > i) {
			strbuf_add(sb, s + i, n - i);
			i = n - 1;
			continue;
		}
		switch (c) {
		case '"':  strbuf_adds(sb, "\\\""); continue;
		case '\\': strbuf_adds(sb, "\\\\"); continue;
		case '\n': strbuf_adds(sb, "\\n"); continue;
		case '\t': strbuf_adds(sb, "\\t"); continue;
		case '\r': strbuf_adds(sb, "\\r"); continue;
		case '\b': strbuf_adds(sb, "\\b"); continue;
		case '\f': strbuf_adds(sb, "\\f"); continue;
		default: break;
		}
		if (c < 0x20) {
			strbuf_addf(sb, "\\u%04x", c);
		} else if (c < 0x80) {
			strbuf_addc(sb, (char)c);
		} else if ((n = utf8_seq(u + i, len - i, &cp)) != 0) {
			strbuf_add(sb, s + i, n);
			i += n - 1;
		} else {
			strbuf_adds(sb, "\\ufffd");
		}
	}
}

/* --- .kapi -------------------------------------------------------------- */

void esc_kapi_string(struct strbuf *sb, const char *s, size_t len)
{
	strbuf_addc(sb, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			strbuf_addf(sb, "\\%c", c);
		else if (c == '\n')
			strbuf_adds(sb, "\\n");
		else if (c == '\t')
			strbuf_adds(sb, "\\t");
		else if (c < 0x20 || c >= 0x7f)
			strbuf_addf(sb, "\\%03o", c);
		else
			strbuf_addc(sb, (char)c);
	}
	strbuf_addc(sb, '"');
}
