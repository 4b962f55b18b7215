#define _GNU_SOURCE   /* memrchr */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "escape.h"
#include "strbuf.h"
#include "template-ops.h"
#include "template.h"

#define CHECK_NAME "template"

/* ======================================================================
 * The arena
 * ====================================================================== */

struct arena_block {
	struct arena_block *next;
	size_t size;
	/* then the data, aligned like max_align_t */
};

struct tv_arena {
	struct arena_block *blocks;   /* newest first; the last is kept on reset */
	char *cur, *end;
};

enum { ARENA_BLOCK = 64u << 10, ARENA_ALIGN = 16 };

#define BLOCK_HEAD ((sizeof(struct arena_block) + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1))

struct tv_arena *tv_arena_new(TALLOC_CTX *ctx)
{
	struct tv_arena *a = talloc_zero(ctx, struct tv_arena);

	if (!a)
		abort();
	return a;
}

static void arena_grow(struct tv_arena *a, size_t size)
{
	size_t want = size + BLOCK_HEAD > ARENA_BLOCK ? size + BLOCK_HEAD : ARENA_BLOCK;
	struct arena_block *b = talloc_size(a, want);

	if (!b)
		abort();
	b->size = want;
	b->next = a->blocks;
	a->blocks = b;
	a->cur = (char *)b + BLOCK_HEAD;
	a->end = (char *)b + want;
}

/* Inline: a view is tens of thousands of small values, and a call cost
 * more than the bump. */
static inline __attribute__((always_inline)) void *
arena_alloc(struct tv_arena *a, size_t size)
{
	void *p;

	size = (size + 7) & ~(size_t)7;
	if (size > (size_t)(a->end - a->cur))
		arena_grow(a, size);
	p = a->cur;
	a->cur += size;
	return p;
}

void tv_arena_reset(struct tv_arena *a)
{
	struct arena_block *b = a->blocks, *first;

	if (!b)
		return;
	while (b->next) {
		struct arena_block *next = b->next;

		talloc_free(b);
		b = next;
	}
	first = b;
	a->blocks = first;
	a->cur = (char *)first + BLOCK_HEAD;
	a->end = (char *)first + first->size;
}

/* ======================================================================
 * Canonical keys
 * ====================================================================== */

const struct tv_keys tv_keys = {
#define K(n) .k_##n = #n,
#include "keys.h"
#undef K
};

static bool is_canonical(const char *key)
{
	return key >= (const char *)&tv_keys && key < (const char *)(&tv_keys + 1);
}

enum { NKEYS = 0
#define K(n) + 1
#include "keys.h"
#undef K
};

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;   /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The canonical key spelt like KEY, or NULL.  The table is built once and
 * is static storage, so nothing is left to free at exit. */
static const char *canonical_slow(const char *key)
{
	enum { NSLOTS = 1024 };   /* a power of two, over four times NKEYS */
	static const char *slots[NSLOTS];
	static bool ready;
	uint32_t i;

	if (!ready) {
		const char *p = (const char *)&tv_keys;

		for (size_t k = 0; k < NKEYS; k++) {
			for (i = hash_str(p) & (NSLOTS - 1); slots[i]; i = (i + 1) & (NSLOTS - 1))
				;
			slots[i] = p;
			p += strlen(p) + 1;
		}
		ready = true;
	}
	for (i = hash_str(key) & (NSLOTS - 1); slots[i]; i = (i + 1) & (NSLOTS - 1))
		if (strcmp(slots[i], key) == 0)
			return slots[i];
	return NULL;
}

/* Inline: views pass canonical keys (TV_KEY) some 400 times a spec, and
 * the call cost more than the test. */
static inline const char *canonical(const char *key)
{
	return is_canonical(key) ? key : canonical_slow(key);
}

/* A map's bloom filter bit for a canonical key: most lookups of a name in
 * a map that lacks it (the outer scopes of a section) stop here. */
static uint64_t key_bit(const char *key)
{
	return (uint64_t)1 << (((uintptr_t)key * 0x9e3779b97f4a7c15u) >> 58);
}

/* ======================================================================
 * View-model values
 * ====================================================================== */

struct tval {
	enum tval_kind kind;
	bool b;
	/* TV_MAP: every key is canonical, so keys compare as pointers. */
	bool canon;
	/* TV_STR from tv_rendered: a list item that is its section's body,
	 * rendered already. */
	bool rendered;

	/* TV_STR.  PIECES point into S; NPIECES is 0 unless the string was
	 * built from pieces. */
	const char *s;
	size_t len;
	const char *const *pieces;
	const size_t *lens;
	size_t npieces;

	/* TV_LIST uses ITEMS; TV_MAP uses KEYS and ITEMS in insertion order.
	 * A canonical map is scanned behind a bloom filter; another map gets
	 * an open-addressing index once it is large, so building and reading
	 * it stay linear however many keys it grows. */
	struct tval **items;
	const char **keys;  /* not copied: the caller's keys outlive the map */
	uint32_t n, cap;
	uint64_t bloom;
	uint32_t *slots;    /* entry index + 1; 0 marks an empty slot */
	uint32_t nslots;    /* power of two, at least twice N; 0: no index */
	struct tv_arena *arena;   /* containers grow from it */
	tv_item_fn lazy;    /* a lazy list's items */
	void *lazy_arg;
};

static struct tval *tv_new(struct tv_arena *a, enum tval_kind kind)
{
	struct tval *v = arena_alloc(a, sizeof *v);

	memset(v, 0, sizeof *v);
	v->kind = kind;
	return v;
}

/* Nulls and booleans are a third of a view's values and all alike: they
 * are shared, never made.  Never written: no function changes a value
 * once made but a container, and these are not ones. */
static struct tval shared_null = { .kind = TV_NULL };
static struct tval shared_false = { .kind = TV_BOOL, .b = false };
static struct tval shared_true = { .kind = TV_BOOL, .b = true };

struct tval *tv_null(struct tv_arena *a)
{
	(void)a;
	return &shared_null;
}

struct tval *tv_skipped(void)
{
	return &shared_null;
}

struct tval *tv_bool(struct tv_arena *a, bool b)
{
	(void)a;
	return b ? &shared_true : &shared_false;
}

struct tval *tv_strn(struct tv_arena *a, const char *s, size_t len)
{
	struct tval *v = tv_new(a, TV_STR);
	char *copy = arena_alloc(a, len + 1);

	if (len)
		memcpy(copy, s, len);
	copy[len] = '\0';
	v->s = copy;
	v->len = len;
	return v;
}

struct tval *tv_rendered(struct tv_arena *a, const char *text, size_t len)
{
	struct tval *v = tv_new(a, TV_STR);

	v->s = text;
	v->len = len;
	v->rendered = true;
	return v;
}

struct tval *tv_str_ref(struct tv_arena *a, const char *const *pieces,
			const size_t *lens, size_t n, const char *text, size_t len)
{
	struct tval *v = tv_new(a, TV_STR);

	/* The view model lives inside the model's lifetime: point, don't copy. */
	v->s = text;
	v->len = len;
	v->pieces = pieces;
	v->lens = lens;
	v->npieces = n;
	return v;
}

struct tval *tv_str(struct tv_arena *a, const char *s)
{
	return tv_strn(a, s, strlen(s));
}

struct tval *tv_cat(struct tv_arena *a, const char *s1, const char *s2)
{
	size_t l1 = strlen(s1), l2 = strlen(s2);
	struct tval *v = tv_new(a, TV_STR);
	char *s = arena_alloc(a, l1 + l2 + 1);

	memcpy(s, s1, l1);
	memcpy(s + l1, s2, l2 + 1);
	v->s = s;
	v->len = l1 + l2;
	return v;
}

/* Decimal digits of V, written backwards from END; returns the start. */
static char *digits(char *end, unsigned long long v, bool neg)
{
	char *p = end;

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (neg)
		*--p = '-';
	return p;
}

struct tval *tv_int(struct tv_arena *a, long long v)
{
	char buf[24];
	bool neg = v < 0;
	char *p = digits(buf + sizeof buf, neg ? 0ull - (unsigned long long)v
					  : (unsigned long long)v, neg);

	return tv_strn(a, p, (size_t)(buf + sizeof buf - p));
}

struct tval *tv_str_pieces(struct tv_arena *a, char *const *pieces,
			   const size_t *lens, size_t n)
{
	struct tval *v = tv_new(a, TV_STR);
	size_t total = 0, off = 0;
	size_t *vl = arena_alloc(a, (n ? n : 1) * sizeof *vl);
	const char **vp = arena_alloc(a, (n ? n : 1) * sizeof *vp);
	char *s;

	for (size_t i = 0; i < n; i++) {
		vl[i] = lens ? lens[i] : strlen(pieces[i]);
		total += vl[i];
	}
	s = arena_alloc(a, total + 1);
	for (size_t i = 0; i < n; i++) {
		if (vl[i])
			memcpy(s + off, pieces[i], vl[i]);
		vp[i] = s + off;
		off += vl[i];
	}
	s[total] = '\0';
	v->s = s;
	v->len = total;
	v->pieces = vp;
	v->lens = vl;
	v->npieces = n;
	return v;
}

struct tval *tv_fmt(struct tv_arena *a, const char *fmt, ...)
{
	char buf[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	if ((size_t)n < sizeof buf)
		return tv_strn(a, buf, (size_t)n);

	struct tval *v = tv_new(a, TV_STR);
	char *s = arena_alloc(a, (size_t)n + 1);

	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	v->s = s;
	v->len = (size_t)n;
	return v;
}

struct tval *tv_list(struct tv_arena *a)
{
	struct tval *v = tv_new(a, TV_LIST);

	v->arena = a;
	return v;
}

struct tval *tv_lazy_list(struct tv_arena *a, size_t n, tv_item_fn fn,
			  void *arg)
{
	struct tval *v = tv_new(a, TV_LIST);

	if (n > UINT32_MAX)
		abort();
	v->n = (uint32_t)n;
	v->lazy = fn;
	v->lazy_arg = arg;
	return v;
}

static void tv_grow(struct tval *v, size_t want);

/* The test inline, the growing not: most appends fit. */
static inline __attribute__((always_inline)) void
tv_reserve(struct tval *v, size_t want)
{
	if (want > v->cap)
		tv_grow(v, want);
}

static void tv_grow(struct tval *v, size_t want)
{
	size_t cap;

	if (want > UINT32_MAX / 2)
		abort();
	cap = v->cap ? 2 * (size_t)v->cap : v->kind == TV_MAP ? 16 : 8;
	if (cap < want)
		cap = want;
	/* The old arrays stay in the arena until it is reset: doubling
	 * wastes at most what it keeps. */
	struct tval **items = arena_alloc(v->arena, cap * sizeof *items);
	if (v->n)
		memcpy(items, v->items, v->n * sizeof *items);
	v->items = items;
	if (v->kind == TV_MAP) {
		const char **keys = arena_alloc(v->arena, cap * sizeof *keys);
		if (v->n)
			memcpy(keys, v->keys, v->n * sizeof *keys);
		v->keys = keys;
	}
	v->cap = (uint32_t)cap;
}

void tv_push(struct tval *list, struct tval *item)
{
	if (list->kind != TV_LIST || list->lazy || !item)
		abort();   /* a view-model bug, not a user error */
	tv_reserve(list, (size_t)list->n + 1);
	list->items[list->n++] = item;
}

struct tval *tv_map(struct tv_arena *a)
{
	struct tval *v = tv_new(a, TV_MAP);

	v->arena = a;
	v->canon = true;
	return v;
}

static size_t hash_key(const char *key)
{
	uint64_t h = 0xcbf29ce484222325u;   /* FNV-1a */

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 0x100000001b3u;
	return (size_t)h;
}

/* The slot holding KEY, or the empty slot where it would go. */
static size_t map_slot(const struct tval *map, const char *key)
{
	size_t mask = map->nslots - 1;
	size_t i = hash_key(key) & mask;

	while (map->slots[i] && strcmp(map->keys[map->slots[i] - 1], key) != 0)
		i = (i + 1) & mask;
	return i;
}

static void map_rehash(struct tval *map, size_t nslots)
{
	map->slots = arena_alloc(map->arena, nslots * sizeof *map->slots);
	memset(map->slots, 0, nslots * sizeof *map->slots);
	map->nslots = (uint32_t)nslots;
	for (size_t e = 0; e < map->n; e++)
		map->slots[map_slot(map, map->keys[e])] = (uint32_t)e + 1;
}

/* Most maps of a view hold a dozen keys: a scan of those beats hashing,
 * and only larger maps get an index. */
enum { MAP_SCAN_MAX = 16 };

/* The entry of KEY (spelt TEXT; KEY is its canonical address or NULL) in
 * MAP, or -1.  CACHE, when not NULL, remembers where the last hit was:
 * maps built by the same code hold their keys in the same order. */
static long map_lookup(const struct tval *map, const char *key,
		       const char *text, uint32_t *cache)
{
	if (map->canon) {
		if (!key || !(map->bloom & key_bit(key)))
			return -1;
		/* Templates are shared by the rendering threads, and with
		 * them this hint: relaxed atomics, plain moves on x86.  A
		 * stale hint is only a miss, as it is checked. */
		uint32_t hint = cache ? __atomic_load_n(cache, __ATOMIC_RELAXED) : 0;

		if (cache && hint < map->n && map->keys[hint] == key)
			return hint;
		for (uint32_t e = 0; e < map->n; e++) {
			if (map->keys[e] == key) {
				if (cache)
					__atomic_store_n(cache, e, __ATOMIC_RELAXED);
				return e;
			}
		}
		return -1;
	}
	if (!map->nslots) {
		for (size_t e = 0; e < map->n; e++)
			if (strcmp(map->keys[e], text) == 0)
				return (long)e;
		return -1;
	}
	size_t slot = map_slot(map, text);
	return map->slots[slot] ? (long)map->slots[slot] - 1 : -1;
}

static void map_append(struct tval *map, const char *key, struct tval *val)
{
	const char *canon = canonical(key);

	tv_reserve(map, (size_t)map->n + 1);
	map->keys[map->n] = canon ? canon : key;
	map->items[map->n] = val;
	map->n++;
	if (canon && map->canon) {
		map->bloom |= key_bit(canon);
		return;
	}
	/* From now on the map is searched by string. */
	map->canon = false;
	if (map->nslots) {
		if (map->nslots < 2 * map->n)
			map_rehash(map, 2 * (size_t)map->nslots);
		else
			map->slots[map_slot(map, map->keys[map->n - 1])] = map->n;
	} else if (map->n > MAP_SCAN_MAX) {
		map_rehash(map, 64);
		while (map->nslots < 2 * map->n)
			map_rehash(map, 2 * (size_t)map->nslots);
	}
}

void tv_set(struct tval *map, const char *key, struct tval *val)
{
	long e;

	if (map->kind != TV_MAP || !val)
		abort();   /* a view-model bug, not a user error */
	if ((e = map_lookup(map, canonical(key), key, NULL)) >= 0) {
		map->items[e] = val;
		return;
	}
	map_append(map, key, val);
}

void tv_add(struct tval *map, const char *key, struct tval *val)
{
	if (map->kind != TV_MAP || !val)
		abort();   /* a view-model bug, not a user error */
	map_append(map, key, val);
}

const struct tval *tv_get(const struct tval *map, const char *key)
{
	long e;

	if (!map || map->kind != TV_MAP || map->n == 0)
		return NULL;
	e = map_lookup(map, canonical(key), key, NULL);
	return e >= 0 ? map->items[e] : NULL;
}

enum tval_kind tv_kind(const struct tval *v)
{
	return v->kind;
}

const char *tv_text(const struct tval *v, size_t *len)
{
	if (!v || v->kind != TV_STR)
		return NULL;
	if (len)
		*len = v->len;
	return v->s;
}

size_t tv_count(const struct tval *v)
{
	return v && v->kind == TV_LIST ? v->n : 0;
}

static const char *kind_name(enum tval_kind k)
{
	switch (k) {
	case TV_NULL: return "null";
	case TV_BOOL: return "a boolean";
	case TV_STR:  return "a string";
	case TV_LIST: return "a list";
	case TV_MAP:  return "a map";
	}
	return "?";
}

/* ======================================================================
 * Templates
 * ====================================================================== */

#define NAME_OF(e, name) [e] = name,
static const char *const escaper_names[ESC_COUNT] = { TEMPLATE_ESCAPERS(NAME_OF) };
static const char *const special_names[SP_COUNT] = { TEMPLATE_SPECIALS(NAME_OF) };
#undef NAME_OF

static struct loc op_loc(const struct template *t, const struct op *op)
{
	struct loc l = {
		.src = t->src,
		.first_offset = op->first_offset,
		.last_offset = op->last_offset,
	};
	return l;
}

/* --- lexing ------------------------------------------------------------- */

enum tok_kind {
	TK_TEXT,           /* never crosses a newline; ends with one, if any */
	TK_VAR,
	TK_OPEN,
	TK_INVERTED,
	TK_CLOSE,
	TK_COMMENT,
	TK_PRAGMA,
	TK_UNTERMINATED,
};

struct tok {
	enum tok_kind kind;
	size_t off, len;      /* text span; for tags, the inside after the sigil */
	size_t bol;           /* offset of the line the tag starts on */
	struct loc loc;       /* whole tag */
};

struct parser {
	struct template *t;
	const struct source *src;
	struct diag *d;
	unsigned errors;
	struct tok *toks;
	size_t ntoks, cap;
	struct op *ops;          /* the program, handed to T when it is done */
	size_t nops, ops_cap;
	char *bump, *bump_end;   /* where names are carved from */
};

/* Templates hold thousands of small names that live exactly as long as
 * the template: carve them from larger blocks, not a talloc object each. */
static void *parser_alloc(struct parser *p, size_t size)
{
	enum { BLOCK = 16u << 10 };
	void *mem;

	size = (size + 7) & ~(size_t)7;
	if (size > BLOCK / 4) {
		mem = talloc_size(p->t, size);
		if (!mem)
			abort();
		return mem;
	}
	if (size > (size_t)(p->bump_end - p->bump)) {
		p->bump = talloc_size(p->t, BLOCK);
		if (!p->bump)
			abort();
		p->bump_end = p->bump + BLOCK;
	}
	mem = p->bump;
	p->bump += size;
	return mem;
}

static void perror_at(struct parser *p, const struct loc *loc,
		      const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void perror_at(struct parser *p, const struct loc *loc,
		      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vreport(p->d, DIAG_ERROR, loc, CHECK_NAME, fmt, ap);
	va_end(ap);
	p->errors++;
}

static struct tok *add_tok(struct parser *p, enum tok_kind kind)
{
	struct tok *tk;

	if (p->ntoks == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->toks = talloc_realloc(p->t, p->toks, struct tok, p->cap);
		if (!p->toks)
			abort();
	}
	tk = &p->toks[p->ntoks++];
	memset(tk, 0, sizeof(*tk));
	tk->kind = kind;
	return tk;
}

/* Offset of the first "ab" pair in [from, to), or TO. */
static size_t find_pair(const char *s, size_t from, size_t to, char a, char b)
{
	while (from + 1 < to) {
		const char *hit = memchr(s + from, a, to - from - 1);

		if (!hit)
			break;
		from = (size_t)(hit - s);
		if (s[from + 1] == b)
			return from;
		from++;
	}
	return to;
}

static void add_text(struct parser *p, size_t from, size_t to,
		     int *line, size_t *bol)
{
	const char *s = p->src->text;

	while (from < to) {
		const char *nl = memchr(s + from, '\n', to - from);
		size_t end = nl ? (size_t)(nl - s) + 1 : to;
		struct tok *tk = add_tok(p, TK_TEXT);

		tk->off = from;
		tk->len = end - from;
		if (nl) {
			(*line)++;
			*bol = end;
		}
		from = end;
	}
}

static void lex(struct parser *p)
{
	const char *s = p->src->text;
	size_t len = p->src->len, pos = 0, bol = 0;
	int line = 1;

	while (pos < len) {
		size_t open = find_pair(s, pos, len, '{', '{');
		size_t inner, close, limit;
		struct tok *tk;
		enum tok_kind kind;

		add_text(p, pos, open, &line, &bol);
		if (open == len)
			break;
		inner = open + 2;
		switch (inner < len ? s[inner] : '\0') {
		case '#': kind = TK_OPEN; inner++; break;
		case '^': kind = TK_INVERTED; inner++; break;
		case '/': kind = TK_CLOSE; inner++; break;
		case '!': kind = TK_COMMENT; inner++; break;
		case '%': kind = TK_PRAGMA; inner++; break;
		default:  kind = TK_VAR; break;
		}
		/* Only comments may span lines; for other tags a missing
		 * close is reported and lexing resumes on the next line, so
		 * one typo does not swallow the rest of the template. */
		limit = len;
		if (kind != TK_COMMENT) {
			const char *nl = memchr(s + inner, '\n', len - inner);

			if (nl)
				limit = (size_t)(nl - s);
		}
		close = find_pair(s, inner, limit, '}', '}');
		tk = add_tok(p, kind);
		tk->bol = bol;
		tk->loc.src = p->src;
		tk->loc.first_offset = (uint32_t)open;
		if (close == limit) {
			tk->kind = TK_UNTERMINATED;
			tk->off = open;
			tk->len = kind == TK_COMMENT;   /* for the message */
			tk->loc.last_offset = (uint32_t)open + 2;
			pos = limit;
			continue;
		}
		tk->off = inner;
		tk->len = close - inner;
		for (size_t i = inner; i < close; i++) {
			if (s[i] == '\n') {
				line++;
				bol = i + 1;
			}
		}
		tk->loc.last_offset = (uint32_t)close + 2;
		pos = close + 2;
	}
}

static bool standalone_kind(enum tok_kind k)
{
	return k == TK_OPEN || k == TK_INVERTED || k == TK_CLOSE ||
	       k == TK_COMMENT || k == TK_PRAGMA;
}

/*
 * Mustache's standalone rule, generalised to several tags: a line holding
 * only section, comment and pragma tags plus blanks vanishes with its
 * newline, so a template can put control structure on lines of its own
 * without it showing in the output.
 */
static void drop_standalone_lines(struct parser *p)
{
	const char *s = p->src->text;
	size_t first = 0;

	while (first < p->ntoks) {
		size_t last = first;
		bool only_ws = true, has_tag = false;

		for (;; last++) {
			const struct tok *tk = &p->toks[last];

			if (tk->kind == TK_TEXT) {
				/* Up to the first byte that is not a blank. */
				for (size_t i = 0; i < tk->len && only_ws; i++) {
					char c = s[tk->off + i];

					if (c != ' ' && c != '\t' && c != '\r' &&
					    c != '\n')
						only_ws = false;
				}
			} else if (standalone_kind(tk->kind)) {
				has_tag = true;
			} else {
				only_ws = false;
			}
			if (last + 1 == p->ntoks ||
			    (tk->kind == TK_TEXT && tk->len &&
			     s[tk->off + tk->len - 1] == '\n'))
				break;
		}
		if (only_ws && has_tag)
			for (size_t i = first; i <= last; i++)
				if (p->toks[i].kind == TK_TEXT)
					p->toks[i].len = 0;
		first = last + 1;
	}
}

/* --- parsing ------------------------------------------------------------ */

static struct op *add_op(struct parser *p, enum op_kind kind,
			 const struct loc *loc)
{
	struct op *op;

	if (p->nops == p->ops_cap) {
		p->ops_cap = p->ops_cap ? p->ops_cap * 2 : 32;
		p->ops = talloc_realloc(p->t, p->ops, struct op, p->ops_cap);
		if (!p->ops)
			abort();
	}
	op = &p->ops[p->nops++];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	if (loc) {
		/* A tag over several lines is marked at its start only. */
		bool one_line = !memchr(p->src->text + loc->first_offset, '\n',
					loc->last_offset - loc->first_offset);

		op->first_offset = loc->first_offset;
		op->last_offset = one_line ? loc->last_offset : loc->first_offset + 1;
	}
	return op;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Trim blanks from the span [*off, *off + *len). */
static void trim(const char *s, size_t *off, size_t *len)
{
	while (*len && is_blank(s[*off])) {
		(*off)++;
		(*len)--;
	}
	while (*len && is_blank(s[*off + *len - 1]))
		(*len)--;
}

/* The location of a span inside a one-line tag. */
static struct loc sub_loc(const struct tok *tk, size_t off, size_t len)
{
	struct loc l = tk->loc;

	l.first_offset = (uint32_t)off;
	l.last_offset = (uint32_t)(off + (len ? len : 1));
	return l;
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* A name and its dotted parts live in one block: the part pointers, their
 * keys and lookup caches, the text as written, then the parts, each
 * NUL-terminated. */
static void name_store(struct parser *p, const char *s, size_t len,
		       size_t nsegs, struct name *out)
{
	size_t ptrs = nsegs * (2 * sizeof(char *) + sizeof(uint32_t));
	char *block = parser_alloc(p, ptrs + 2 * (len + 1));
	char *text, *parts;

	text = block + ptrs;
	parts = text + len + 1;
	memcpy(text, s, len);
	text[len] = '\0';
	out->text = text;
	if (!nsegs)
		return;
	char **segs = (char **)(void *)block;
	const char **keys = (const char **)(void *)(block + nsegs * sizeof(char *));
	out->cache = (uint32_t *)(void *)(block + 2 * nsegs * sizeof(char *));
	memcpy(parts, s, len + 1);
	parts[len] = '\0';
	segs[out->nsegs++] = parts;
	for (size_t i = 0; i < len; i++) {
		if (parts[i] == '.') {
			parts[i] = '\0';
			segs[out->nsegs++] = parts + i + 1;
		}
	}
	for (size_t i = 0; i < nsegs; i++) {
		keys[i] = canonical(segs[i]);
		out->cache[i] = 0;
	}
	out->segs = (const char *const *)segs;
	out->keys = keys;
}

static bool parse_name(struct parser *p, const struct tok *tk, size_t off,
		       size_t len, struct name *out)
{
	const char *s = p->src->text + off;
	struct loc loc = sub_loc(tk, off, len);
	int shown = len > INT_MAX ? INT_MAX : (int)len;

	memset(out, 0, sizeof(*out));
	if (len == 0) {
		perror_at(p, &tk->loc, "empty name in tag");
		return false;
	}
	if (len == 1 && s[0] == '.') {
		name_store(p, s, len, 0, out);
		return true;
	}
	if (s[0] == '@') {
		name_store(p, s, len, 0, out);
		for (int sp = SP_NONE + 1; sp < SP_COUNT; sp++) {
			if (strcmp(out->text, special_names[sp]) == 0) {
				out->special = (enum special)sp;
				return true;
			}
		}
		perror_at(p, &loc, "unknown special name '%s'", out->text);
		const char *near = diag_closest(out->text, special_names + 1,
						SP_COUNT - 1);
		if (near)
			diag_hint(p->d, "did you mean '%s'?", near);
		else
			diag_hint(p->d, "list sections define @index, @number, @first and @last");
		return false;
	}
	size_t nsegs = 1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '.') {
			if (i == 0 || i == len - 1 || s[i + 1] == '.') {
				perror_at(p, &loc, "empty part in dotted name '%.*s'",
					  shown, s);
				return false;
			}
			nsegs++;
			continue;
		}
		if (!name_char(s[i])) {
			unsigned char c = (unsigned char)s[i];

			if (c == '|')
				perror_at(p, &loc, "a section tag takes no escaper: '%.*s'",
					  shown, s);
			else if (c > 0x20 && c < 0x7f)
				perror_at(p, &loc, "invalid character '%c' in name '%.*s'",
					  c, shown, s);
			else
				perror_at(p, &loc, "invalid byte 0x%02x in name", c);
			return false;
		}
	}
	name_store(p, s, len, nsegs, out);
	return true;
}

static enum escaper parse_escaper(struct parser *p, const struct tok *tk,
				  size_t off, size_t len)
{
	const char *s = p->src->text + off;
	struct loc loc = sub_loc(tk, off, len);
	char *word;
	const char *near;

	if (len == 0) {
		perror_at(p, &loc, "missing escaper name");
		return ESC_NONE;
	}
	for (int e = ESC_NONE + 1; e < ESC_COUNT; e++)
		if (strlen(escaper_names[e]) == len &&
		    memcmp(escaper_names[e], s, len) == 0)
			return (enum escaper)e;
	word = talloc_strndup(p->t, s, len);
	perror_at(p, &loc, "unknown escaper '%s'", word);
	near = diag_closest(word, escaper_names + 1, ESC_COUNT - 1);
	if (near)
		diag_hint(p->d, "did you mean '%s'?", near);
	else
		diag_hint(p->d, "escapers are c_string, c_comment, c_ident, "
			  "roff_text, roff_arg, json and raw");
	talloc_free(word);
	return ESC_NONE;
}

static void parse_var(struct parser *p, const struct tok *tk,
		      enum escaper def)
{
	const char *s = p->src->text;
	size_t off = tk->off, len = tk->len;
	const char *bar = memchr(s + off, '|', len);
	size_t nlen = bar ? (size_t)(bar - (s + off)) : len;
	struct op *op;
	struct name name;
	enum escaper esc = ESC_NONE;
	bool ok;

	trim(s, &off, &nlen);
	ok = parse_name(p, tk, off, nlen, &name);
	if (bar) {
		size_t eoff = (size_t)(bar - s) + 1;
		size_t elen = tk->off + tk->len - eoff;

		trim(s, &eoff, &elen);
		esc = parse_escaper(p, tk, eoff, elen);
		if (esc == ESC_NONE)
			return;
	} else if (ok) {
		esc = def;
		if (esc == ESC_NONE) {
			perror_at(p, &tk->loc, "no escaper for '%s'", name.text);
			diag_hint(p->d, "write '{{%s|ESCAPER}}' or declare a default "
				  "with '{{%%escape ESCAPER}}' before it", name.text);
			return;
		}
	}
	if (!ok)
		return;
	op = add_op(p, OP_VAR, &tk->loc);
	op->name = name;
	op->esc = esc;
}

static enum escaper parse_pragma(struct parser *p, const struct tok *tk)
{
	static const char kw[] = "escape";
	const char *s = p->src->text;
	size_t off = tk->off, len = tk->len, wlen = 0;

	trim(s, &off, &len);
	while (wlen < len && !is_blank(s[off + wlen]))
		wlen++;
	if (wlen != sizeof(kw) - 1 || memcmp(s + off, kw, wlen) != 0) {
		struct loc loc = sub_loc(tk, off, wlen);

		perror_at(p, &loc, "unknown pragma '%.*s'", (int)wlen, s + off);
		diag_hint(p->d, "the only pragma is '{{%%escape ESCAPER}}'");
		return ESC_NONE;
	}
	off += wlen;
	len -= wlen;
	trim(s, &off, &len);
	if (len == 0) {
		perror_at(p, &tk->loc, "'{{%%escape}}' needs an escaper name");
		return ESC_NONE;
	}
	return parse_escaper(p, tk, off, len);
}

static void close_section(struct parser *p, const struct tok *tk,
			  size_t *stack, size_t *depth)
{
	const char *s = p->src->text;
	size_t off = tk->off, len = tk->len;
	struct op *open, *end;

	trim(s, &off, &len);
	if (len == 0) {
		perror_at(p, &tk->loc, "empty name in tag");
		return;
	}
	if (*depth == 0) {
		perror_at(p, &tk->loc, "'{{/%.*s}}' closes no open section",
			  (int)len, s + off);
		return;
	}
	open = &p->ops[stack[*depth - 1]];
	if (strlen(open->name.text) != len ||
	    memcmp(open->name.text, s + off, len) != 0) {
		int open_line, open_column;

		source_position(p->t->src, open->first_offset, &open_line, &open_column);
		perror_at(p, &tk->loc,
			  "'{{/%.*s}}' does not match '{{%c%s}}' opened at %d:%d",
			  (int)len, s + off,
			  open->kind == OP_INVERTED ? '^' : '#',
			  open->name.text, open_line, open_column);
		struct loc open_at = op_loc(p->t, open);
		diag_report(p->d, DIAG_NOTE, &open_at, CHECK_NAME,
			    "section '%s' opened here", open->name.text);
		/* Recover so later errors still make sense: if an outer
		 * section has this name, the inner closes were forgotten and
		 * we unwind to it; otherwise take it as a misspelt close of
		 * the innermost section. */
		for (size_t i = *depth - 1; i-- > 0;) {
			const char *n = p->ops[stack[i]].name.text;

			if (strlen(n) == len && memcmp(n, s + off, len) == 0) {
				*depth = i;
				return;
			}
		}
		(*depth)--;
		return;
	}
	end = add_op(p, OP_END, &tk->loc);
	end->match = stack[*depth - 1];
	p->ops[end->match].match = (uint32_t)(p->nops - 1);
	(*depth)--;
}

struct template *template_parse(TALLOC_CTX *ctx, const struct source *src,
				struct diag *d)
{
	struct template *t = talloc_zero(ctx, struct template);
	struct parser p = { .t = t, .src = src, .d = d };
	enum escaper def = ESC_NONE;
	size_t *stack, depth = 0;

	if (!t)
		abort();
	t->src = src;
	lex(&p);
	drop_standalone_lines(&p);
	stack = talloc_array(t, size_t, p.ntoks ? p.ntoks : 1);
	if (!stack)
		abort();
	/* A token makes at most one op, plus the final one: size the array
	 * once rather than growing it through a series of copies. */
	p.ops_cap = p.ntoks + 1;
	p.ops = talloc_array(t, struct op, p.ops_cap);
	if (!p.ops)
		abort();

	for (size_t i = 0; i < p.ntoks; i++) {
		const struct tok *tk = &p.toks[i];
		struct op *op;
		struct name name;
		size_t off = tk->off, len = tk->len;

		switch (tk->kind) {
		case TK_TEXT:
			if (tk->len == 0)
				break;
			op = p.nops ? &p.ops[p.nops - 1] : NULL;
			if (op && op->kind == OP_TEXT &&
			    op->text + op->len == src->text + tk->off) {
				op->len += tk->len;
				break;
			}
			op = add_op(&p, OP_TEXT, NULL);
			op->text = src->text + tk->off;
			op->len = tk->len;
			break;
		case TK_VAR:
			parse_var(&p, tk, def);
			break;
		case TK_OPEN:
		case TK_INVERTED:
			trim(src->text, &off, &len);
			if (!parse_name(&p, tk, off, len, &name))
				break;
			if (name.special == SP_INDEX || name.special == SP_NUMBER) {
				perror_at(&p, &tk->loc, "'%s' is a number and cannot "
					  "open a section", name.text);
				break;
			}
			op = add_op(&p, tk->kind == TK_OPEN ? OP_SECTION
				    : OP_INVERTED, &tk->loc);
			op->name = name;
			stack[depth++] = p.nops - 1;
			break;
		case TK_CLOSE:
			close_section(&p, tk, stack, &depth);
			break;
		case TK_COMMENT:
			break;
		case TK_PRAGMA: {
			enum escaper e = parse_pragma(&p, tk);

			if (e != ESC_NONE)
				def = e;
			break;
		}
		case TK_UNTERMINATED:
			perror_at(&p, &tk->loc, "unterminated tag: '{{' without '}}'%s",
				  tk->len ? "" : " on the same line");
			break;
		}
	}
	for (size_t i = 0; i < depth; i++) {
		const struct op *open = &p.ops[stack[i]];

		struct loc open_at = op_loc(t, open);
		perror_at(&p, &open_at, "section '%s' is never closed",
			  open->name.text);
	}
	talloc_free(stack);
	talloc_free(p.toks);
	if (p.errors) {
		talloc_free(t);
		return NULL;
	}
	t->ops = p.ops;
	t->nops = p.nops;
	return t;
}

struct template *template_from_image(TALLOC_CTX *ctx,
				     const struct template_image *img)
{
	struct template *t = talloc_zero(ctx, struct template);

	if (!t)
		abort();
	t->src = source_from_static(t, img->name, img->text, img->len);

	/* The ops, then the parts of all their names in one array each. */
	size_t nparts = img->nparts ? img->nparts : 1;
	struct op *ops = talloc_array(t, struct op, img->nops ? img->nops : 1);
	const char **segs = talloc_array(t, const char *, 2 * nparts);
	uint32_t *cache = talloc_zero_array(t, uint32_t, nparts);

	if (!ops || !segs || !cache)
		abort();
	const char **keys = segs + nparts;
	for (size_t i = 0; i < img->nparts; i++) {
		const struct part_image *pi = &img->parts[i];

		segs[i] = img->pool + pi->text;
		keys[i] = pi->key ? (const char *)&tv_keys + pi->key - 1 : NULL;
	}
	for (size_t i = 0; i < img->nops; i++) {
		const struct op_image *oi = &img->ops[i];
		struct op *op = &ops[i];

		*op = (struct op){
			.text = oi->kind == OP_TEXT ? img->text + oi->text : NULL,
			.len = oi->len,
			.match = oi->match,
			.first_offset = oi->first_offset,
			.last_offset = oi->last_offset,
			.kind = (enum op_kind)oi->kind,
			.esc = (enum escaper)oi->esc,
		};
		if (oi->name == IMAGE_NO_NAME)
			continue;
		op->name = (struct name){
			.text = img->pool + oi->name,
			.special = (enum special)oi->special,
		};
		if (oi->nparts) {
			op->name.segs = segs + oi->parts;
			op->name.keys = keys + oi->parts;
			op->name.cache = cache + oi->parts;
			op->name.nsegs = oi->nparts;
		}
	}
	t->ops = ops;
	t->nops = img->nops;
	return t;
}

void template_keys(const struct template *t, struct tv_keyset *set)
{
	for (size_t i = 0; i < t->nops; i++) {
		const struct name *nm = &t->ops[i].name;

		for (uint32_t s = 0; s < nm->nsegs; s++)
			if (nm->keys[s])
				set->has[nm->keys[s] - (const char *)&tv_keys] = 1;
	}
}

/* --- rendering ---------------------------------------------------------- */

struct frame {
	const struct tval *ctx;    /* what the section pushed, or NULL */
	const struct tval *list;   /* set while iterating a list */
	size_t index;
	size_t op;                 /* the section op */
	struct tv_arena *items;    /* a lazy list's current item lives here */
};

struct render {
	const struct template *t;
	struct diag *d;
	struct strbuf *out;
	struct frame *frames;
	size_t nframes, cap;
	bool *reported;            /* per op: each broken tag is told once */
	bool failed;
	/* The last value c_ident passed: templates print one identifier many
	 * times over (40 times a mask sweep), and values do not change. */
	const struct tval *ident;
	/* template_render_sink: where whole lines go once OUT holds
	 * RENDER_FLUSH bytes, and what they add up to. */
	template_sink sink;
	void *sink_arg;
	size_t sunk;
	bool stopped;              /* the sink refused: render no further */
};

enum { RENDER_FLUSH = 256 << 10 };

/* Give the sink the complete lines of OUT: what is left of the last line
 * stays, as c_string reads the column it is at. */
static void render_flush(struct render *r, bool all)
{
	struct strbuf *out = r->out;
	const char *nl = all ? NULL : memrchr(out->data, '\n', out->len);
	size_t cut = all ? out->len : nl ? (size_t)(nl - out->data) + 1 : 0;

	if (cut == 0)
		return;
	if (!r->sink(r->sink_arg, out->data, cut)) {
		r->stopped = true;
		return;
	}
	r->sunk += cut;
	memmove(out->data, out->data + cut, out->len - cut + 1);
	out->len -= cut;
}

/* Reports unless this op already did (a bad tag in a loop would otherwise
 * repeat per item); returns whether a report was printed. */
static bool rerror(struct render *r, size_t opi, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool rerror(struct render *r, size_t opi, const char *fmt, ...)
{
	va_list ap;

	r->failed = true;
	if (r->reported[opi])
		return false;
	r->reported[opi] = true;
	va_start(ap, fmt);
	struct loc at = op_loc(r->t, &r->t->ops[opi]);
	diag_vreport(r->d, DIAG_ERROR, &at, CHECK_NAME, fmt, ap);
	va_end(ap);
	return true;
}

/* Inline, as emit_string: called once an op, entering it cost more than
 * the work (2.7% of --emit=all for the two). */
static inline __attribute__((always_inline)) void
push_frame(struct render *r, const struct tval *ctx, const struct tval *list,
	   size_t op)
{
	if (r->nframes == r->cap) {
		r->cap *= 2;
		r->frames = talloc_realloc(r->out, r->frames, struct frame, r->cap);
		if (!r->frames)
			abort();
	}
	r->frames[r->nframes++] = (struct frame){ ctx, list, 0, op, NULL };
}

enum rkind { R_VAL, R_BOOL, R_NUM };

struct rval {
	enum rkind kind;
	const struct tval *v;
	bool b;
	size_t num;
};

/* Suggest a key visible from here for a misspelt first segment. */
static void hint_unknown(struct render *r, const char *word,
			 const struct tval *only)
{
	const char **cands;
	size_t n = 0, cap = 0;
	const char *near;

	for (size_t f = 0; f < r->nframes; f++) {
		const struct tval *c = only ? only : r->frames[f].ctx;

		if (c && c->kind == TV_MAP)
			cap += c->n;
		if (only)
			break;
	}
	cands = talloc_array(r->out, const char *, cap ? cap : 1);
	if (!cands)
		abort();
	for (size_t f = r->nframes; f-- > 0;) {
		const struct tval *c = only ? only : r->frames[f].ctx;

		if (c && c->kind == TV_MAP)
			for (size_t i = 0; i < c->n; i++)
				cands[n++] = c->keys[i];
		if (only)
			break;
	}
	near = diag_closest(word, cands, n);
	if (near)
		diag_hint(r->d, "did you mean '%s'?", near);
	talloc_free(cands);
}

static const struct tval *lookup(const struct tval *map, const struct name *nm,
				 size_t seg)
{
	long e;

	if (!map || map->kind != TV_MAP || map->n == 0)
		return NULL;
	e = map_lookup(map, nm->keys[seg], nm->segs[seg], &nm->cache[seg]);
	return e >= 0 ? map->items[e] : NULL;
}

static bool resolve_slow(struct render *r, size_t opi, struct rval *out)
{
	const struct name *nm = &r->t->ops[opi].name;
	const struct tval *v = NULL;

	memset(out, 0, sizeof(*out));
	if (nm->special != SP_NONE) {
		const struct frame *f = NULL;

		for (size_t i = r->nframes; i-- > 0;) {
			if (r->frames[i].list) {
				f = &r->frames[i];
				break;
			}
		}
		if (!f) {
			rerror(r, opi, "'%s' is only defined inside a list section",
			       nm->text);
			return false;
		}
		switch (nm->special) {
		case SP_INDEX:  out->kind = R_NUM; out->num = f->index; break;
		case SP_NUMBER: out->kind = R_NUM; out->num = f->index + 1; break;
		case SP_FIRST:  out->kind = R_BOOL; out->b = f->index == 0; break;
		default:        out->kind = R_BOOL; out->b = f->index + 1 == f->list->n; break;
		}
		return true;
	}
	if (nm->nsegs == 0) {
		for (size_t i = r->nframes; i-- > 0 && !v;)
			v = r->frames[i].ctx;
		if (!v) {
			rerror(r, opi, "'.' has no value here");
			return false;
		}
		out->kind = R_VAL;
		out->v = v;
		return true;
	}
	/* Mustache scoping: the first part is looked up from the innermost
	 * context outwards, the rest strictly inside what it found. */
	if (nm->keys[0]) {
		/* Most frames a name passes on its way out lack it: their
		 * bloom filter says so without a call. */
		const char *key = nm->keys[0];
		uint64_t bit = key_bit(key);
		uint32_t hint = __atomic_load_n(&nm->cache[0], __ATOMIC_RELAXED);

		for (size_t i = r->nframes; i-- > 0;) {
			const struct tval *c = r->frames[i].ctx;
			long e;

			if (!c || c->kind != TV_MAP || (c->canon && !(c->bloom & bit)))
				continue;
			/* Where the name was last found, without a call: maps
			 * built by the same code keep their keys in order. */
			if (c->canon && hint < c->n && c->keys[hint] == key) {
				v = c->items[hint];
				break;
			}
			if ((e = map_lookup(c, key, nm->segs[0], &nm->cache[0])) >= 0) {
				v = c->items[e];
				break;
			}
		}
	} else {
		for (size_t i = r->nframes; i-- > 0 && !v;)
			v = lookup(r->frames[i].ctx, nm, 0);
	}
	if (!v) {
		if (rerror(r, opi, "unknown variable '%s'", nm->segs[0]))
			hint_unknown(r, nm->segs[0], NULL);
		return false;
	}
	for (size_t s = 1; s < nm->nsegs; s++) {
		const struct tval *next;

		if (v->kind != TV_MAP) {
			size_t prefix = s - 1;   /* the dots */

			for (size_t k = 0; k < s; k++)
				prefix += strlen(nm->segs[k]);
			rerror(r, opi, "cannot look up '%s' in '%.*s': it is %s",
			       nm->segs[s], (int)prefix, nm->text,
			       kind_name(v->kind));
			return false;
		}
		next = lookup(v, nm, s);
		if (!next) {
			if (rerror(r, opi, "unknown variable '%s': no '%s' in '%s'",
				   nm->text, nm->segs[s], nm->segs[s - 1]))
				hint_unknown(r, nm->segs[s], v);
			return false;
		}
		v = next;
	}
	out->kind = R_VAL;
	out->v = v;
	return true;
}

/*
 * Most references are one plain name, found in the innermost frame that
 * may hold it at the place it was found last time: that case inline, the
 * rest (and any doubt) the whole way, which gives the same answer.  A
 * fifth of the instructions of --emit=all went to resolve(), a third of
 * them to entering and leaving it.
 */
static inline __attribute__((always_inline)) bool
resolve(struct render *r, size_t opi, struct rval *out)
{
	const struct name *nm = &r->t->ops[opi].name;

	if (nm->special == SP_NONE && nm->nsegs == 1 && nm->keys[0]) {
		const char *key = nm->keys[0];
		uint64_t bit = key_bit(key);
		uint32_t hint = __atomic_load_n(&nm->cache[0], __ATOMIC_RELAXED);

		for (size_t i = r->nframes; i-- > 0;) {
			const struct tval *c = r->frames[i].ctx;

			if (!c || c->kind != TV_MAP || (c->canon && !(c->bloom & bit)))
				continue;
			if (c->canon && hint < c->n && c->keys[hint] == key) {
				*out = (struct rval){ .kind = R_VAL, .v = c->items[hint] };
				return true;
			}
			break;
		}
	}
	return resolve_slow(r, opi, out);
}

static inline __attribute__((always_inline)) void
emit_string(struct render *r, size_t opi, const struct tval *v, const char *s,
	    size_t len)
{
	const struct op *op = &r->t->ops[opi];

	switch (op->esc) {
	case ESC_RAW:
		strbuf_add(r->out, s, len);
		break;
	case ESC_C_STRING:
		/* Straight into the output so the escaper sees the column
		 * its continuation literals must align to. */
		if (v && v->npieces > 1)
			esc_c_string(r->out, v->pieces, v->lens, v->npieces);
		else
			esc_c_string(r->out, &s, &len, 1);
		break;
	case ESC_C_COMMENT:
		esc_c_comment(r->out, s, len);
		break;
	case ESC_C_IDENT:
		if ((v && v == r->ident) || esc_is_c_ident(s, len)) {
			r->ident = v;
			strbuf_add(r->out, s, len);
		} else {
			struct strbuf *shown = strbuf_new(r->out);

			esc_json(shown, s, len > 64 ? 64 : len);
			rerror(r, opi, "'%s' is not a valid C identifier: %s%s",
			       op->name.text, shown->data, len > 64 ? "..." : "");
			talloc_free(shown);
		}
		break;
	case ESC_ROFF_TEXT:
		esc_roff_text(r->out, s, len);
		break;
	case ESC_ROFF_ARG:
		esc_roff_arg(r->out, s, len);
		break;
	case ESC_JSON:
		esc_json(r->out, s, len);
		break;
	case ESC_NONE:
	case ESC_COUNT:
		abort();   /* the parser resolved every escaper */
	}
}

static void emit_var(struct render *r, size_t opi)
{
	const struct op *op = &r->t->ops[opi];
	struct rval rv;
	char num[24];

	if (!resolve(r, opi, &rv))
		return;
	if (rv.kind == R_VAL && rv.v->kind == TV_BOOL) {
		rv.kind = R_BOOL;
		rv.b = rv.v->b;
	}
	switch (rv.kind) {
	case R_NUM: {
		const char *p = digits(num + sizeof num, rv.num, false);

		emit_string(r, opi, NULL, p, (size_t)(num + sizeof num - p));
		return;
	}
	case R_BOOL:
		if (op->esc == ESC_RAW)
			strbuf_addc(r->out, rv.b ? '1' : '0');
		else if (op->esc == ESC_JSON)
			strbuf_adds(r->out, rv.b ? "true" : "false");
		else
			rerror(r, opi, "'%s' is a boolean; only the raw and json "
			       "escapers can print one", op->name.text);
		return;
	case R_VAL:
		break;
	}
	switch (rv.v->kind) {
	case TV_STR:
		emit_string(r, opi, rv.v, rv.v->s, rv.v->len);
		break;
	case TV_NULL:
		rerror(r, opi, "'%s' is null", op->name.text);
		break;
	default:
		rerror(r, opi, "'%s' is %s, not a string", op->name.text,
		       kind_name(rv.v->kind));
		break;
	}
}

/* A lazy list's item that was rendered apart goes out as it is. */
static bool paste_rendered(struct render *r, const struct tval *item)
{
	if (!item || !item->rendered)
		return false;
	strbuf_add(r->out, item->s, item->len);
	return true;
}

/* Run ops [PC, END) against the frames pushed. */
static void render_ops(struct render *r, TALLOC_CTX *tmp, size_t pc, size_t end)
{
	const struct template *t = r->t;

	while (pc < end && !r->stopped) {
		const struct op *op = &t->ops[pc];
		struct rval rv;
		bool truthy;
		const struct tval *push = NULL, *list = NULL;

		if (r->sink && r->out->len >= RENDER_FLUSH)
			render_flush(r, false);

		switch (op->kind) {
		case OP_TEXT:
			strbuf_add(r->out, op->text, op->len);
			pc++;
			continue;
		case OP_VAR:
			emit_var(r, pc);
			pc++;
			continue;
		case OP_END: {
			struct frame *f = &r->frames[r->nframes - 1];

			if (f->list && ++f->index < f->list->n) {
				if (f->items) {
					tv_arena_reset(f->items);
					r->ident = NULL;   /* it may point into the item */
					f->ctx = f->list->lazy(f->items, f->index,
							       f->list->lazy_arg);
					if (paste_rendered(r, f->ctx))
						continue;   /* to this END again: the next item */
				} else {
					f->ctx = f->list->items[f->index];
				}
				pc = f->op + 1;
			} else {
				if (f->items) {
					talloc_free(f->items);
					r->ident = NULL;
				}
				r->nframes--;
				pc++;
			}
			continue;
		}
		case OP_SECTION:
		case OP_INVERTED:
			break;
		}
		if (!resolve(r, pc, &rv)) {
			pc = op->match + 1;
			continue;
		}
		if (rv.kind == R_BOOL) {
			truthy = rv.b;
		} else {
			switch (rv.v->kind) {
			case TV_NULL: truthy = false; break;
			case TV_BOOL: truthy = rv.v->b; break;
			case TV_STR:  truthy = rv.v->len > 0; push = rv.v; break;
			case TV_MAP:  truthy = true; push = rv.v; break;
			case TV_LIST:
				truthy = rv.v->n > 0;
				if (truthy) {
					list = rv.v;
					push = list->lazy ? NULL : rv.v->items[0];
				}
				break;
			default: truthy = false; break;
			}
		}
		if (op->kind == OP_INVERTED) {
			truthy = !truthy;
			push = list = NULL;
		}
		if (truthy) {
			push_frame(r, push, list, pc);
			if (list && list->lazy) {
				struct frame *f = &r->frames[r->nframes - 1];

				f->items = tv_arena_new(tmp);
				f->ctx = list->lazy(f->items, 0, list->lazy_arg);
				if (paste_rendered(r, f->ctx)) {
					pc = op->match;   /* its END takes the next item */
					continue;
				}
			}
			pc++;
		} else {
			pc = op->match + 1;
		}
	}
}

static struct render *render_start(TALLOC_CTX *tmp, const struct template *t,
				   const struct tval *root, struct diag *d)
{
	struct render *r = talloc_zero(tmp, struct render);

	if (!r)
		abort();
	r->t = t;
	r->d = d;
	r->out = strbuf_new(tmp);
	r->reported = talloc_zero_array(tmp, bool, t->nops ? t->nops : 1);
	r->cap = 8;
	r->frames = talloc_array(r->out, struct frame, r->cap);
	if (!r->reported || !r->frames)
		abort();
	push_frame(r, root, NULL, SIZE_MAX);
	return r;
}

/* R failed, reported, if its output outgrew what a buffer holds (with a
 * sink, one line of it). */
static void report_overflow(struct render *r)
{
	if (!r->out->overflowed || r->failed)
		return;
	diag_report(r->d, DIAG_ERROR, NULL, CHECK_NAME,
		    "%s: %s larger than %zu MB; split the input",
		    r->t->src->name, r->sink ? "a line of the output is" :
		    "the output is", STRBUF_MAX >> 20);
	r->failed = true;
}

/* The output of R into CTX, or NULL after its failure; frees TMP. */
static char *render_finish(TALLOC_CTX *ctx, TALLOC_CTX *tmp, struct render *r,
			   size_t *len_out)
{
	char *result;

	report_overflow(r);
	if (r->failed) {
		talloc_free(tmp);
		return NULL;
	}
	if (len_out)
		*len_out = r->out->len;
	result = talloc_realloc(r->out, r->out->data, char, r->out->len + 1);
	if (!result)
		abort();
	talloc_steal(ctx, result);
	talloc_free(tmp);
	return result;
}

char *template_render(TALLOC_CTX *ctx, const struct template *t,
		      const struct tval *root, struct diag *d,
		      size_t *len_out)
{
	return template_render_expect(ctx, t, root, d, len_out, 0);
}

char *template_render_expect(TALLOC_CTX *ctx, const struct template *t,
			     const struct tval *root, struct diag *d,
			     size_t *len_out, size_t expect)
{
	TALLOC_CTX *tmp = talloc_new(NULL);

	if (!tmp)
		abort();
	struct render *r = render_start(tmp, t, root, d);
	if (expect && expect < STRBUF_MAX)
		strbuf_grow(r->out, expect);
	render_ops(r, tmp, 0, t->nops);
	return render_finish(ctx, tmp, r, len_out);
}

/* Whether op OP names NAME, or something inside it (NAME.x). */
static bool op_names(const struct op *op, const char *name)
{
	return op->kind != OP_TEXT && op->kind != OP_END && op->name.nsegs > 0 &&
	       strcmp(op->name.segs[0], name) == 0;
}

bool template_render_sink(const struct template *t, const struct tval *root,
			  struct diag *d, template_sink sink, void *arg,
			  size_t *len_out)
{
	TALLOC_CTX *tmp = talloc_new(NULL);
	bool ok;

	if (!tmp)
		abort();
	struct render *r = render_start(tmp, t, root, d);
	r->sink = sink;
	r->sink_arg = arg;
	render_ops(r, tmp, 0, t->nops);
	if (!r->failed && !r->stopped && !r->out->overflowed)
		render_flush(r, true);
	report_overflow(r);
	ok = !r->failed;
	if (len_out)
		*len_out = r->sunk;
	talloc_free(tmp);
	return ok;
}

/* The top-level section NAME whose body may be rendered apart, or -1.
 * Its items are pasted wherever the list is reached, so NAME must be
 * named nowhere else; and the c_string escaper aligns to the output's
 * column, which a body rendered apart does not know. */
static long item_section(const struct template *t, const char *name)
{
	long found = -1;

	for (size_t pc = 0; pc < t->nops; pc++)
		if (op_names(&t->ops[pc], name) && found >= 0)
			return -1;
		else if (op_names(&t->ops[pc], name))
			found = (long)pc;
	if (found < 0 || t->ops[found].kind != OP_SECTION ||
	    t->ops[found].name.nsegs != 1)
		return -1;
	for (size_t pc = 0; pc < (size_t)found; pc++)
		if (t->ops[pc].kind == OP_SECTION || t->ops[pc].kind == OP_INVERTED)
			if (t->ops[pc].match > (size_t)found)
				return -1;   /* not at the top level */
	for (size_t i = (size_t)found + 1; i < t->ops[found].match; i++)
		if (t->ops[i].kind == OP_VAR && t->ops[i].esc == ESC_C_STRING)
			return -1;
	return found;
}

long template_item_section(const struct template *t, const char *name)
{
	return item_section(t, name);
}

char *template_render_item(TALLOC_CTX *ctx, const struct template *t,
			   long sec, const struct tval *root,
			   const struct tval *item, size_t index, size_t count,
			   struct diag *d, size_t *len_out)
{
	TALLOC_CTX *tmp;

	if (sec < 0 || (size_t)sec >= t->nops || t->ops[sec].kind != OP_SECTION ||
	    index >= count)
		return NULL;
	if (!(tmp = talloc_new(NULL)))
		abort();
	/* The list frame as the section would push it: @index, @first and
	 * @last read only its position and length. */
	struct tval *positions = talloc_zero(tmp, struct tval);
	if (!positions)
		abort();
	positions->kind = TV_LIST;
	positions->n = (uint32_t)count;
	struct render *r = render_start(tmp, t, root, d);
	push_frame(r, item, positions, (size_t)sec);
	r->frames[r->nframes - 1].index = index;
	render_ops(r, tmp, (size_t)sec + 1, t->ops[sec].match);
	return render_finish(ctx, tmp, r, len_out);
}
