/*
 * Unit tests for the model's arena (compiler/arena.c): alignment, chunks
 * and oversized blocks, growth that keeps contents, zeroing, that the
 * whole of it goes with the talloc context that owns it, and where huge
 * pages may back it.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <talloc.h>
#include "arena.h"
#include "model.h"

#include "tap.h"

struct wide {
	char c;
	__int128 v;
};

static void test_alignment(void)
{
	TALLOC_CTX *ctx = talloc_new(NULL);
	struct arena *a = arena_new(ctx, 0);
	bool ok1 = true, ok8 = true, ok16 = true;

	/* Interleave sizes so every alignment follows an odd-sized block. */
	for (int i = 0; i < 10000; i++) {
		char *c = arena_alloc(a, (size_t)(i % 7) + 1, 1);
		uint64_t *q = ARENA_ARRAY(a, uint64_t, 3);
		struct wide *w = ARENA_NEW(a, struct wide);

		c[0] = 'x';
		q[2] = 1;
		ok1 = ok1 && c != NULL;
		ok8 = ok8 && ((uintptr_t)q % _Alignof(uint64_t)) == 0;
		ok16 = ok16 && ((uintptr_t)w % _Alignof(struct wide)) == 0 &&
		       w->c == 0 && w->v == 0;
	}
	report(ok1, "byte blocks are served");
	report(ok8, "ARENA_ARRAY aligns for its type");
	report(ok16, "ARENA_NEW aligns for __int128 and zeroes");
	talloc_free(ctx);
}

static void test_chunks(void)
{
	TALLOC_CTX *ctx = talloc_new(NULL);
	struct arena *a = arena_new(ctx, 0);
	char *small[64];
	bool distinct = true, kept = true;

	/* Blocks past a chunk's end come from a new chunk and never overlap
	 * what was served before. */
	for (int i = 0; i < 64; i++) {
		small[i] = arena_alloc(a, 4000, 1);
		memset(small[i], i, 4000);
	}
	for (int i = 0; i < 64; i++)
		for (int j = 0; j < 4000; j++)
			if (small[i][j] != (char)i)
				distinct = false;
	report(distinct, "blocks over several chunks do not overlap");

	/* A block larger than a chunk gets one of its own, and the current
	 * chunk goes on serving after it. */
	char *before = arena_alloc(a, 16, 1);
	char *big = arena_alloc(a, 10u << 20, 16);
	char *after = arena_alloc(a, 16, 1);
	memset(big, 0xab, 10u << 20);
	memset(before, 1, 16);
	memset(after, 2, 16);
	for (size_t i = 0; i < (10u << 20); i += 4096)
		if ((unsigned char)big[i] != 0xab)
			kept = false;
	report(kept && before[15] == 1 && after[0] == 2,
	       "an oversized block has a chunk of its own");
	report(after == before + 16, "and the chunk before it is not abandoned");
	report(arena_used(a) >= 64 * 4000 + (10u << 20) + 32, "arena_used counts every block");
	talloc_free(ctx);
}

static void test_grow(void)
{
	TALLOC_CTX *ctx = talloc_new(NULL);
	struct arena *a = arena_new(ctx, 0);
	size_t *v = NULL, n = 0;
	bool ok = true;

	for (size_t i = 0; i < 100000; i++)
		v = model_grow(ctx, v, n, sizeof *v), v[n++] = i;
	for (size_t i = 0; i < n; i++)
		if (v[i] != i)
			ok = false;
	report(ok && n == 100000, "growing by doubling keeps every element");

	char *s = arena_strndup(a, "abcdef", 3);
	report(strcmp(s, "abc") == 0, "arena_strndup copies LEN bytes and ends them");
	talloc_free(ctx);
}

/* An arena that expects to fill whole 2 MB blocks starts on one, so that
 * they can be huge pages; one that does not, or expects less, starts
 * anywhere (a huge page it half fills would count whole in peak RSS). */
static void test_huge_start(void)
{
	const uintptr_t huge = 2 << 20;
	TALLOC_CTX *ctx = talloc_new(NULL);
	struct arena *big = arena_new(ctx, 3 << 20);
	char *first = arena_alloc(big, 100, 1);
	char *second = arena_alloc(big, 100, 1);

	report(((uintptr_t)first & (huge - 1)) == 0,
	       "an arena expecting 3 MB starts on a 2 MB boundary");
	report(second == first + 100, "and is filled from there");
	memset(first, 'x', 100);
	report(first[99] == 'x', "its first block is writable");

	bool anywhere = false;
	for (int i = 0; i < 8 && !anywhere; i++) {
		struct arena *small = arena_new(ctx, 2 << 20);

		anywhere = ((uintptr_t)arena_alloc(small, 100, 1) & (huge - 1)) != 0;
	}
	report(anywhere, "an arena expecting 2 MB (less than 4/5 of it sure) is not aligned for huge pages");
	talloc_free(ctx);
}

/* Threads that parse pieces of one file fill shares of one block
 * (arena_block), each through an arena of its own (arena_new_within):
 * the block starts as one arena's first chunk would, each arena serves
 * its share from the start and nothing past it, then takes chunks of its
 * own, and the block goes with its owner, not with the arenas. */
static void test_shared_block(void)
{
	const uintptr_t huge = 2 << 20;
	const size_t share = 3 << 20;
	TALLOC_CTX *owner = talloc_new(NULL);
	TALLOC_CTX *ctx0 = talloc_new(NULL), *ctx1 = talloc_new(NULL);
	char *block = arena_block(owner, 2 * share);
	struct arena *a0 = arena_new_within(ctx0, block, share);
	struct arena *a1 = arena_new_within(ctx1, block + share, share);

	report(((uintptr_t)block & (huge - 1)) == 0,
	       "a block of 6 MB starts on a 2 MB boundary");
	report(arena_alloc(a0, 100, 1) == block && arena_alloc(a1, 100, 1) == block + share,
	       "each arena serves its share from its start");
	memset(block, 'x', 2 * share);
	report(block[2 * share - 1] == 'x', "the whole block is writable");

	bool inside = true;
	char *p = NULL;
	for (size_t served = 100; served + 1000 <= share; served += 1000)
		inside &= (p = arena_alloc(a0, 1000, 1)) >= block && p + 1000 <= block + share;
	report(inside, "an arena serves its share without stepping into the next one");
	p = arena_alloc(a0, 1000, 1);
	report(p < block || p >= block + 2 * share, "past its share, it takes a chunk of its own");
	memset(p, 'y', 1000);

	talloc_free(ctx0);
	talloc_free(ctx1);
	report(block[0] == 'x' && block[2 * share - 1] == 'x',
	       "the block outlives the arenas that served from it");
	talloc_free(owner);

	owner = talloc_new(NULL);
	block = arena_block(owner, 1 << 20);
	memset(block, 'z', 1 << 20);
	report(block[(1 << 20) - 1] == 'z', "a small block is served too");
	talloc_free(owner);
}

int main(void)
{
	test_alignment();
	test_chunks();
	test_grow();
	test_huge_start();
	test_shared_block();
	printf("1..%u\n", ntests);
	return nfailed ? 1 : 0;
}
