/* A growable byte buffer on talloc; the one way phases build text. */
#ifndef KAPIC_STRBUF_H
#define KAPIC_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <talloc.h>

struct strbuf {
	char *data;    /* always NUL-terminated */
	size_t len;
	size_t cap;
	/* The text outgrew STRBUF_MAX: what was added is lost, and the
	 * buffer takes more text only so that writers need not check. */
	bool overflowed;
};

/* talloc refuses a block of 256 MB or more. */
#define STRBUF_MAX ((size_t)0x10000000 - 1)

struct strbuf *strbuf_new(TALLOC_CTX *ctx);
/* Room for EXTRA more bytes and the NUL. */
void strbuf_grow(struct strbuf *sb, size_t extra);

/* Inline: outputs are written a few bytes at a time, and a call per byte
 * cost more than the copying. */
static inline void strbuf_add(struct strbuf *sb, const char *s, size_t n)
{
	if (sb->len + n >= sb->cap)
		strbuf_grow(sb, n);
	memcpy(sb->data + sb->len, s, n);
	sb->len += n;
	sb->data[sb->len] = '\0';
}

static inline void strbuf_adds(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

static inline void strbuf_addc(struct strbuf *sb, char c)
{
	if (sb->len + 1 >= sb->cap)
		strbuf_grow(sb, 1);
	sb->data[sb->len++] = c;
	sb->data[sb->len] = '\0';
}
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_reset(struct strbuf *sb);
/* Column (0-based, tabs to multiples of 8) where the next byte would go. */
unsigned strbuf_column(const struct strbuf *sb);

#endif
