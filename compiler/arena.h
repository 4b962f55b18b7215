/*
 * A bump allocator for the model.  A spec is some 500 small nodes, names
 * and strings that live exactly as long as the file they were parsed from;
 * as talloc objects each carried a 96-byte header and a link into its
 * parent, which was two thirds of --check's memory and a fifth of its
 * time.  The arena is one talloc object (its chunks are talloc children),
 * so the model is still freed with the context that owns the arena; model
 * nodes themselves are not talloc objects and must never be passed to
 * talloc functions.
 */
#ifndef KAPIC_ARENA_H
#define KAPIC_ARENA_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <talloc.h>

struct arena {
	uintptr_t next, end;            /* free space of the current chunk */
	size_t chunk_size;              /* of the next chunk */
	size_t used;
	size_t expect;                  /* the hint arena_new was given */
};

/* EXPECT is a hint of the total the arena will serve (0 for none): the
 * first chunk is sized from it, and backed by huge pages as far as the
 * arena is sure to fill them. */
struct arena *arena_new(TALLOC_CTX *ctx, size_t expect);

/* A block of LEN bytes for arenas to share, a talloc child of CTX, backed
 * by huge pages as an arena's first chunk would be: threads that each
 * fill a part of what one arena would have held then fault as that one
 * would. */
void *arena_block(TALLOC_CTX *ctx, size_t len);

/* An arena whose first chunk is the LEN bytes at BLOCK, which it does not
 * own (its later chunks it does). */
struct arena *arena_new_within(TALLOC_CTX *ctx, void *block, size_t len);

void *arena_refill(struct arena *a, size_t size, size_t align);

/* SIZE bytes aligned to ALIGN (a power of two), not zeroed.  Aborts when
 * memory runs out, as kapic does wherever talloc fails.  Inline: the
 * parser allocates a few times per token. */
static inline void *arena_alloc(struct arena *a, size_t size, size_t align)
{
	uintptr_t p = (a->next + align - 1) & ~(uintptr_t)(align - 1);

	a->used += size;
	if (p >= a->next && p < a->end && size <= a->end - p) {
		a->next = p + size;
		return (void *)p;
	}
	return arena_refill(a, size, align);
}

/* Zero-filled, aligned for any object of the model. */
void *arena_zalloc(struct arena *a, size_t size);

/* A copy of the LEN bytes at S with a NUL after them. */
char *arena_strndup(struct arena *a, const char *s, size_t len);

/* An array of OLD_SIZE bytes grown to NEW_SIZE, contents kept.  The old
 * block stays in the arena until the arena goes: callers grow by
 * doubling, so that waste is bounded by what is in use. */
void *arena_grow(struct arena *a, void *old, size_t old_size, size_t new_size);

/* Large blocks are mapped fresh by malloc; on a machine where every page
 * fault is expensive (a VM), asking for transparent huge pages over the
 * aligned middle of a block of megabytes turns hundreds of faults into
 * one.  Only a hint, ignored for small blocks and where THP is off. */
void advise_huge(void *p, size_t len);

/* Bytes served, for measurements. */
size_t arena_used(const struct arena *a);

#define ARENA_NEW(a, type) \
	((type *)memset(arena_alloc((a), sizeof(type), _Alignof(type)), 0, sizeof(type)))
#define ARENA_ARRAY(a, type, n) \
	((type *)arena_alloc((a), sizeof(type) * (n), _Alignof(type)))

#endif
