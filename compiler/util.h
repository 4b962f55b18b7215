/*
 * The small utilities every phase shares, one copy each: a string hash
 * and the one UTF-8 decoder (the lexer, the escapers and the diagnostics
 * must agree on what is valid text).
 */
#ifndef KAPIC_UTIL_H
#define KAPIC_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <talloc.h>

/* FNV-1a over the LEN bytes at S. */
uint64_t util_hash(const char *s, size_t len);

/* ARRAY (a talloc child of CTX, or NULL) of COUNT items of SIZE bytes,
 * with room for one more.  The room is a power of two of items, at least
 * 4, doubled when full; it is read from the block's talloc size only when
 * COUNT is 0 or a power of two, so an array needs no capacity field and
 * may be emptied (its count set to 0) and filled again without
 * reallocation.  An array allocated elsewhere and grown here must have
 * room for util_room(N) items. */
void *util_grow(const void *ctx, void *array, size_t count, size_t size);
/* The room of an array for COUNT items, as util_grow keeps it. */
size_t util_room(size_t count);

/* A table from names to values, on util_hash; it grows as it fills. */
struct nameset {
	struct nameset_slot { const char *key; const void *val; } *slots;
	size_t mask, count;
	TALLOC_CTX *ctx;                /* the slots' parent */
};
/* Room for COUNT names before the first growth; the slots are CTX's. */
void nameset_init(struct nameset *ns, TALLOC_CTX *ctx, size_t count);
/* The value already stored under KEY, or NULL after storing VAL. */
const void *nameset_add(struct nameset *ns, const char *key, const void *val);
const void *nameset_get(const struct nameset *ns, const char *key);

/*
 * Length of the well-formed UTF-8 sequence at S (1 to 4, at most LEN
 * bytes), its code point in *CP; 0 when S does not start one.  Overlong
 * forms, surrogates and code points past U+10FFFF are rejected, so what
 * passes is exactly what JSON parsers and roff's \[u...] accept.
 */
size_t utf8_seq(const unsigned char *s, size_t len, uint32_t *cp);

#endif
