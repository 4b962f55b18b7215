#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "arena.h"

enum {
	ARENA_MAX_ALIGN = 16,             /* __int128 in struct expr */
	ARENA_MIN_CHUNK = 64 << 10,
	ARENA_MAX_CHUNK = 64 << 20,       /* talloc refuses blocks over 256 MB */
	HUGE_PAGE = 2 << 20,
};

static uintptr_t align_up(uintptr_t p, size_t align)
{
	return (p + align - 1) & ~(uintptr_t)(align - 1);
}

struct arena *arena_new(TALLOC_CTX *ctx, size_t expect)
{
	struct arena *a = talloc_zero(ctx, struct arena);

	if (!a)
		abort();
	a->chunk_size = ARENA_MIN_CHUNK;
	a->expect = expect;
	while (a->chunk_size < expect && a->chunk_size < ARENA_MAX_CHUNK)
		a->chunk_size *= 2;
	return a;
}

void advise_huge(void *p, size_t len)
{
#ifdef MADV_HUGEPAGE
	uintptr_t start = align_up((uintptr_t)p, HUGE_PAGE);
	uintptr_t end = ((uintptr_t)p + len) & ~(uintptr_t)(HUGE_PAGE - 1);

	if (len >= 2 * HUGE_PAGE && end > start)
		(void)madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
	(void)p;
	(void)len;
#endif
}

/* WANT bytes starting on a 2 MB boundary, the first SURE of them advised
 * for huge pages, as a talloc child of CTX. */
static char *huge_chunk(TALLOC_CTX *ctx, size_t want, size_t sure)
{
	char *chunk = talloc_size(ctx, want + HUGE_PAGE);

	if (!chunk)
		abort();
	chunk = (char *)align_up((uintptr_t)chunk, HUGE_PAGE);
#ifdef MADV_HUGEPAGE
	(void)madvise(chunk, (sure < want ? sure : want) & ~(size_t)(HUGE_PAGE - 1),
		      MADV_HUGEPAGE);
#else
	(void)sure;
#endif
	return chunk;
}

/* A chunk of WANT bytes of which the first SURE will be filled: those
 * whole 2 MB blocks start on one and are huge pages, a fault each instead
 * of 512 (a tenth of a --check of 100 specs).  Only blocks sure to be
 * filled: a huge page counts whole in peak RSS, however little of it is
 * used.  A large chunk is advised whole: filled from its start, only its
 * last huge page may be mostly unused. */
static char *new_chunk(TALLOC_CTX *ctx, size_t want, size_t sure)
{
	if (sure >= HUGE_PAGE && want < 8 * HUGE_PAGE)
		return huge_chunk(ctx, want, sure);

	char *chunk = talloc_size(ctx, want);

	if (!chunk)
		abort();
	if (want >= 8 * HUGE_PAGE)
		advise_huge(chunk, want);
	return chunk;
}

void *arena_block(TALLOC_CTX *ctx, size_t len)
{
	return new_chunk(ctx, len, len / 5 * 4);
}

struct arena *arena_new_within(TALLOC_CTX *ctx, void *block, size_t len)
{
	struct arena *a = arena_new(ctx, len);
	uintptr_t start = align_up((uintptr_t)block, ARENA_MAX_ALIGN);

	a->next = start;
	a->end = start <= (uintptr_t)block + len ? (uintptr_t)block + len : start;
	/* Its first refill is not its first chunk: no huge pages there. */
	a->expect = 0;
	return a;
}

void *arena_refill(struct arena *a, size_t size, size_t align)
{
	size_t want = a->chunk_size;
	char *chunk;

	/* An oversized request gets a chunk of its own, so the current
	 * chunk's tail is not wasted for it. */
	if (size + ARENA_MAX_ALIGN > want / 4) {
		chunk = talloc_size(a, size + ARENA_MAX_ALIGN);
		if (!chunk)
			abort();
		return (void *)align_up((uintptr_t)chunk, ARENA_MAX_ALIGN);
	}
	/* An arena's first chunk is sure to get four fifths of what the
	 * arena expects; a later one, nothing. */
	chunk = new_chunk(a, want, a->used == size ? a->expect / 5 * 4 : 0);
	a->next = align_up((uintptr_t)chunk, align) + size;
	a->end = (uintptr_t)chunk + want;
	if (a->chunk_size < ARENA_MAX_CHUNK)
		a->chunk_size *= 2;
	return (void *)(a->next - size);
}

void *arena_zalloc(struct arena *a, size_t size)
{
	return memset(arena_alloc(a, size, ARENA_MAX_ALIGN), 0, size);
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, len + 1, 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void *arena_grow(struct arena *a, void *old, size_t old_size, size_t new_size)
{
	void *p = arena_alloc(a, new_size, ARENA_MAX_ALIGN);

	if (old_size)
		memcpy(p, old, old_size < new_size ? old_size : new_size);
	return p;
}

size_t arena_used(const struct arena *a)
{
	return a->used;
}
