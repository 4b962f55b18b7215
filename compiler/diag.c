#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "diag.h"
#include "strbuf.h"
#include "util.h"

/* Garbage input can hold a million stray bytes; after this many errors
 * nothing new is learnt, so the front end stops. */
enum { DIAG_MAX_ERRORS = 50 };

struct diag {
	FILE *out;
	bool color;
	unsigned errors;
	bool last_printed;
	bool gave_up;
};

static const char *const severity_name[] = {
	[DIAG_NOTE] = "note", [DIAG_WARNING] = "warning", [DIAG_ERROR] = "error",
};
static const char *const severity_color[] = {
	[DIAG_NOTE] = "\033[1;36m", [DIAG_WARNING] = "\033[1;35m",
	[DIAG_ERROR] = "\033[1;31m",
};

#define BOLD "\033[1m"
#define GREEN "\033[1;32m"
#define RESET "\033[0m"

/* A diagnostic line must stay one line of text: show control bytes and
 * broken UTF-8 as escapes. */
static void put_sanitised(struct strbuf *sb, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		const unsigned char *c = (const unsigned char *)s + i;
		size_t n;
		uint32_t cp;

		if (*c == '\t' || (*c >= 0x20 && *c < 0x7f)) {
			strbuf_addc(sb, (char)*c);
		} else if (*c >= 0x80 && (n = utf8_seq(c, len - i, &cp)) > 0) {
			strbuf_add(sb, (const char *)c, n);
			i += n - 1;
		} else {
			strbuf_addf(sb, "\\x%02x", *c);
		}
	}
}

/* Where a location is, in lines and byte columns. */
struct place {
	int first_line, first_column;
	int last_line, last_column;
};

static struct place place_of(const struct loc *loc)
{
	struct place p;
	size_t last = loc->last_offset > loc->first_offset ?
		      loc->last_offset : loc->first_offset;

	source_position(loc->src, loc->first_offset, &p.first_line, &p.first_column);
	source_position(loc->src, last, &p.last_line, &p.last_column);
	return p;
}

/* Locations count bytes; people count characters. */
static int display_column(const struct loc *loc, const struct place *at)
{
	size_t len, upto;
	const char *line;
	int col = 1;

	line = source_line(loc->src, at->first_line, &len);
	upto = (size_t)at->first_column - 1;
	for (size_t i = 0; i < upto && i < len; i++)
		col += ((unsigned char)line[i] & 0xc0) != 0x80;
	if (upto > len)
		col += (int)(upto - len);
	return col;
}

struct diag *diag_new(TALLOC_CTX *ctx, FILE *out, bool color)
{
	struct diag *d = talloc_zero(ctx, struct diag);

	d->out = out;
	d->color = color;
	return d;
}

/* Lines longer than this are shown around the error only. */
enum { SHOW_MAX = 200 };

static void show_source_line(struct diag *d, struct strbuf *sb,
			     const struct loc *loc, const struct place *at)
{
	size_t len, from = 0;
	const char *line = source_line(loc->src, at->first_line, &len);
	int col = at->first_column;
	size_t caret_at = (size_t)col - 1, caret_len = 1;

	if (caret_at > len)
		caret_at = len;
	if (at->last_line == at->first_line && at->last_column > col)
		caret_len = (size_t)(at->last_column - col);
	if (caret_at + caret_len > len + 1)
		caret_len = len + 1 - caret_at;
	if (len > SHOW_MAX) {
		from = caret_at > SHOW_MAX / 2 ? caret_at - SHOW_MAX / 2 : 0;
		if (caret_len > SHOW_MAX / 2)
			caret_len = SHOW_MAX / 2;
		len = from + SHOW_MAX < len ? from + SHOW_MAX : len;
	}
	strbuf_adds(sb, " ");
	put_sanitised(sb, line + from, len - from);
	strbuf_adds(sb, "\n ");
	/* Reproduce tabs so the caret lines up in any tab setting. */
	for (size_t i = from; i < caret_at; i++) {
		unsigned char c = (unsigned char)line[i];
		uint32_t cp;

		if (c == '\t')
			strbuf_addc(sb, '\t');
		else if (c < 0x20 || c == 0x7f || (c >= 0x80 && utf8_seq((const unsigned char *)line + i, len - i, &cp) == 0))
			strbuf_adds(sb, "    ");
		else if ((c & 0xc0) != 0x80)
			strbuf_addc(sb, ' ');
	}
	if (d->color)
		strbuf_adds(sb, GREEN);
	strbuf_addc(sb, '^');
	for (size_t i = 1; i < caret_len; i++)
		strbuf_addc(sb, '~');
	if (d->color)
		strbuf_adds(sb, RESET);
	strbuf_addc(sb, '\n');
}

void diag_vreport(struct diag *d, enum diag_severity sev,
		  const struct loc *loc, const char *check, const char *fmt,
		  va_list ap)
{
	struct strbuf *sb;
	struct place at;
	char *msg;

	if (sev == DIAG_ERROR)
		d->errors++;
	if (d->errors > DIAG_MAX_ERRORS) {
		if (!d->gave_up)
			fprintf(d->out, "kapic: too many errors (more than %d); stopping\n",
				DIAG_MAX_ERRORS);
		d->gave_up = true;
		d->last_printed = false;
		return;
	}
	sb = strbuf_new(d);
	msg = talloc_vasprintf(sb, fmt, ap);

	if (d->color)
		strbuf_adds(sb, BOLD);
	if (loc && loc->src) {
		at = place_of(loc);
		put_sanitised(sb, loc->src->name, strlen(loc->src->name));
		strbuf_addf(sb, ":%d:%d: ", at.first_line, display_column(loc, &at));
	} else {
		strbuf_adds(sb, "kapic: ");
	}
	if (d->color)
		strbuf_addf(sb, RESET "%s", severity_color[sev]);
	strbuf_addf(sb, "%s:", severity_name[sev]);
	if (d->color)
		strbuf_adds(sb, RESET);
	strbuf_addc(sb, ' ');
	put_sanitised(sb, msg, strlen(msg));
	if (check)
		strbuf_addf(sb, " [%s]", check);
	strbuf_addc(sb, '\n');
	if (loc && loc->src)
		show_source_line(d, sb, loc, &at);
	fwrite(sb->data, 1, sb->len, d->out);
	talloc_free(sb);
	d->last_printed = true;
}

void diag_report(struct diag *d, enum diag_severity sev, const struct loc *loc,
		 const char *check, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vreport(d, sev, loc, check, fmt, ap);
	va_end(ap);
}

void diag_hint(struct diag *d, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (!d->last_printed)
		return;
	va_start(ap, fmt);
	msg = talloc_vasprintf(d, fmt, ap);
	va_end(ap);
	fprintf(d->out, "%shint:%s %s\n", d->color ? severity_color[DIAG_NOTE] : "",
		d->color ? RESET : "", msg);
	talloc_free(msg);
}

bool diag_gave_up(const struct diag *d)
{
	return d->gave_up;
}

unsigned diag_errors(const struct diag *d)
{
	return d->errors;
}

/* Case-blind Levenshtein distance; SIZE_MAX for long words. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[64];

	/* Long words are never misspellings of our short vocabulary. */
	if (la >= 63 || lb >= 63)
		return SIZE_MAX;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag_prev = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = (a[i - 1] | 0x20) == (b[j - 1] | 0x20) ? 0 : 1;
			size_t v = diag_prev + cost;

			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			if (up + 1 < v)
				v = up + 1;
			row[j] = v;
			diag_prev = up;
		}
	}
	return row[lb];
}

const char *diag_closest(const char *word, const char *const *candidates,
			 size_t count)
{
	const char *best = NULL;
	size_t best_d = SIZE_MAX, len = strlen(word);
	/* Allow about one typo in three letters, at least one. */
	size_t limit = len / 3 + 1;

	for (size_t i = 0; i < count && candidates[i]; i++) {
		size_t dist = edit_distance(word, candidates[i]);

		if (dist <= limit && dist < best_d) {
			best_d = dist;
			best = candidates[i];
		}
	}
	return best;
}
