/* A growable byte buffer on talloc; the one way phases build text. */
#ifndef KAPIC_STRBUF_H
#define KAPIC_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <talloc.h>

struct strbuf {
	char *data;    /* always NUL-terminated */
	size_t len;
	size_t cap;
};

struct strbuf *strbuf_new(TALLOC_CTX *ctx);
void strbuf_add(struct strbuf *sb, const char *s, size_t n);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addc(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_reset(struct strbuf *sb);
/* Column (0-based, tabs to multiples of 8) where the next byte would go. */
unsigned strbuf_column(const struct strbuf *sb);

#endif
