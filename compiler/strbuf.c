#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "strbuf.h"

struct strbuf *strbuf_new(TALLOC_CTX *ctx)
{
	struct strbuf *sb = talloc_zero(ctx, struct strbuf);

	sb->cap = 256;
	sb->data = talloc_array(sb, char, sb->cap);
	sb->data[0] = '\0';
	return sb;
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;

	if (need <= sb->cap)
		return;
	if (need > STRBUF_MAX) {
		/* Start over in the room there is: the caller sees
		 * OVERFLOWED and reports, rather than abort on a large
		 * input. */
		sb->overflowed = true;
		sb->len = 0;
		sb->data[0] = '\0';
		need = extra + 1;
		if (need <= sb->cap)
			return;
		if (need > STRBUF_MAX)
			abort();        /* one piece of 256 MB: inputs are smaller */
	}
	while (sb->cap < need)
		sb->cap = sb->cap > STRBUF_MAX / 2 ? STRBUF_MAX : 2 * sb->cap;
	sb->data = talloc_realloc(sb, sb->data, char, sb->cap);
	if (!sb->data)
		abort();
}

/*
 * FMT made only of text, %s, %d, %lu and %%, as nearly every caller's is,
 * without vsnprintf (most of the cost of printing an expression as C).
 * False, with SB as it was, on anything else.
 */
static bool addf_simple(struct strbuf *sb, const char *fmt, va_list ap)
{
	size_t start = sb->len;

	for (const char *f = fmt; *f; f++) {
		const char *pct = strchr(f, '%');
		char digits[24], *p;
		unsigned long u;
		bool neg = false;

		if (!pct) {
			strbuf_adds(sb, f);
			break;
		}
		if (pct > f)
			strbuf_add(sb, f, (size_t)(pct - f));
		f = pct + 1;
		switch (*f) {
		case 's':
			strbuf_adds(sb, va_arg(ap, const char *));
			continue;
		case '%':
			strbuf_addc(sb, '%');
			continue;
		case 'd': {
			int d = va_arg(ap, int);

			neg = d < 0;
			u = neg ? 0ul - (unsigned long)(long)d : (unsigned long)d;
			break;
		}
		case 'l':
			if (f[1] == 'u') {
				f++;
				u = va_arg(ap, unsigned long);
				break;
			}
			/* fall through */
		default:
			sb->len = start;
			sb->data[start] = '\0';
			return false;
		}
		p = digits + sizeof digits;
		do {
			*--p = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		if (neg)
			*--p = '-';
		strbuf_add(sb, p, (size_t)(digits + sizeof digits - p));
	}
	return true;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	if (addf_simple(sb, fmt, ap)) {
		va_end(ap);
		return;
	}
	va_end(ap);
	va_start(ap, fmt);
	n = vsnprintf(sb->data + sb->len, sb->cap - sb->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	if ((size_t)n >= sb->cap - sb->len) {
		strbuf_grow(sb, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(sb->data + sb->len, sb->cap - sb->len, fmt, ap);
		va_end(ap);
	}
	sb->len += (size_t)n;
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	sb->data[0] = '\0';
}

unsigned strbuf_column(const struct strbuf *sb)
{
	size_t start = sb->len;
	unsigned col = 0;

	while (start > 0 && sb->data[start - 1] != '\n')
		start--;
	for (size_t i = start; i < sb->len; i++)
		col = sb->data[i] == '\t' ? (col + 8) & ~7u : col + 1;
	return col;
}
