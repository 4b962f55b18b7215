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
			abort();        /* a text of 256 MB: inputs are far smaller */
	}
	while (sb->cap < need)
		sb->cap = sb->cap > STRBUF_MAX / 2 ? STRBUF_MAX : 2 * sb->cap;
	sb->data = talloc_realloc(sb, sb->data, char, sb->cap);
	if (!sb->data)
		abort();
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

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
