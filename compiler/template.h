/*
 * A small logic-less, mustache-style template engine.  Emitters build a
 * view model of tvals and render a template against it; all decisions
 * about *what* to print live in the view model, all layout in the
 * template, and every substitution goes through an escaper for the
 * target language (see escape.h).
 *
 * Syntax:
 *   {{name}} {{a.b}} {{.}}    variable, escaped by the default escaper
 *   {{name|json}}             variable with an explicit escaper: c_string,
 *                             c_comment, c_ident, roff_text, roff_arg,
 *                             json, raw
 *   {{%escape c_string}}      default escaper for the variables after it
 *   {{#name}}...{{/name}}     section: once per list item, once for a map
 *                             (pushed as context), true or non-empty
 *                             string (pushed, so {{.}} works)
 *   {{^name}}...{{/name}}     inverted section: when the section would not
 *   {{! comment }}
 *   @index @number @first @last   position in the innermost list section
 *
 * Lookups are strict: a name missing from every map on the context stack
 * is an error, so view models set absent values to tv_null.  A line
 * holding only section, comment and pragma tags is dropped entirely.
 */
#ifndef KAPIC_TEMPLATE_H
#define KAPIC_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <talloc.h>
#include "diag.h"
#include "source.h"

enum tval_kind { TV_NULL, TV_BOOL, TV_STR, TV_LIST, TV_MAP };

/*
 * View-model values live in an arena: a view is thousands of small values
 * made together and dropped together, so they are bump-allocated and
 * containers own nothing.  A value may therefore sit in any number of
 * containers, and it lives until its arena is reset or freed.
 */
struct tval;
struct tv_arena;

struct tv_arena *tv_arena_new(TALLOC_CTX *ctx);
/* Drops every value made from A; A keeps its first block for the next. */
void tv_arena_reset(struct tv_arena *a);

/*
 * The keys of the view model (compiler/keys.h), each at one address: a
 * map whose keys are all among them is searched by pointer, and a template
 * name is matched to one when the template is parsed.  TV_KEY(name) is
 * the canonical key; a set of keys (struct tv_keyset) has one byte per
 * byte of tv_keys, non-zero at the offset of each key it holds.
 */
struct tv_keys {
#define K(n) char k_##n[sizeof #n];
#include "keys.h"
#undef K
};
extern const struct tv_keys tv_keys;
#define TV_KEY(n) (tv_keys.k_##n)
#define TV_KEY_OFFSET(n) offsetof(struct tv_keys, k_##n)
struct tv_keyset {
	unsigned char has[sizeof(struct tv_keys)];
};

struct tval *tv_null(struct tv_arena *a);
/* One shared null that stands for a value nobody asked for: the key stays
 * (so a misspelt name still gets its "did you mean") and nothing is built. */
struct tval *tv_skipped(void);
struct tval *tv_bool(struct tv_arena *a, bool b);
/* A string that points at TEXT (and PIECES/LENS, N of them) without
 * copying: they must outlive the value. */
struct tval *tv_str_ref(struct tv_arena *a, const char *const *pieces,
			const size_t *lens, size_t n, const char *text, size_t len);
struct tval *tv_str(struct tv_arena *a, const char *s);               /* copies */
struct tval *tv_strn(struct tv_arena *a, const char *s, size_t len);  /* copies; may hold NULs */
/* The concatenation of S1 and S2, copied. */
struct tval *tv_cat(struct tv_arena *a, const char *s1, const char *s2);
/* Decimal digits of V. */
struct tval *tv_int(struct tv_arena *a, long long v);
/* One string made of adjacent literals: its text is the concatenation, and
 * the c_string escaper emits one aligned literal per piece.  LENS may be
 * NULL when the pieces are NUL-terminated. */
struct tval *tv_str_pieces(struct tv_arena *a, char *const *pieces,
			   const size_t *lens, size_t n);
struct tval *tv_fmt(struct tv_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
struct tval *tv_list(struct tv_arena *a);
/* A list of N items made only when a section reaches each, by FN(A2, I,
 * ARG), from an arena A2 that is reset for the next item and freed with
 * the section: a list of whole views (JSON's specs) then needs the memory
 * of one at a time.  Only sections see its items. */
typedef struct tval *(*tv_item_fn)(struct tv_arena *a, size_t i, void *arg);
struct tval *tv_lazy_list(struct tv_arena *a, size_t n, tv_item_fn fn,
			  void *arg);
/* A list item that is its section's body rendered already (by
 * template_render_item, perhaps on another thread): the section pastes
 * TEXT, which must outlive the value, instead of rendering the body. */
struct tval *tv_rendered(struct tv_arena *a, const char *text, size_t len);
/* LIST and MAP grow from the arena they were made from. */
void tv_push(struct tval *list, struct tval *item);
struct tval *tv_map(struct tv_arena *a);
/* KEY is not copied: it must outlive MAP (the view model uses TV_KEY).
 * An existing value under KEY is replaced. */
void tv_set(struct tval *map, const char *key, struct tval *val);
/* tv_set for a KEY the map does not hold yet: no search. */
void tv_add(struct tval *map, const char *key, struct tval *val);
/* NULL when MAP is not a map or has no KEY. */
const struct tval *tv_get(const struct tval *map, const char *key);

enum tval_kind tv_kind(const struct tval *v);
/* The text of a TV_STR (NUL-terminated, LEN may be NULL), else NULL. */
const char *tv_text(const struct tval *v, size_t *len);
/* Items of a TV_LIST, else 0. */
size_t tv_count(const struct tval *v);

struct template;
struct op_image;
struct part_image;

/* SRC must outlive the template: diagnostics from rendering point into it.
 * Returns NULL after reporting every error found. */
struct template *template_parse(TALLOC_CTX *ctx, const struct source *src,
				struct diag *d);

/*
 * A template parsed when kapic was built: compiler/tmplc.c runs
 * template_parse on each built-in template and writes its program as C
 * (compiler/templates-compiled.c), so a run spends nothing on parsing
 * them; for a one-spec --emit=all that was half of all the work.
 */
struct template_image {
	const char *name;      /* path below templates/ */
	const char *text;      /* the template as written, for diagnostics */
	size_t len;
	const struct op_image *ops;
	size_t nops;
	const struct part_image *parts;   /* of the names, in order */
	size_t nparts;
	const char *pool;      /* names and parts, each NUL-terminated */
};
extern const struct template_image template_images[];
extern const size_t template_image_count;

/* The template IMG holds, made without parsing. */
struct template *template_from_image(TALLOC_CTX *ctx,
				     const struct template_image *img);

/* The output, NUL-terminated, with its length in *LEN_OUT (may be NULL).
 * Returns NULL after reporting every error found (each tag at most once). */
/* Add to SET every view key T names anywhere (any segment of any name),
 * so a view builder can leave out what no template reads. */
void template_keys(const struct template *t, struct tv_keyset *set);

char *template_render(TALLOC_CTX *ctx, const struct template *t,
		      const struct tval *root, struct diag *d,
		      size_t *len_out);
/* EXPECT, the output's likely size or 0, sizes its buffer at once: a
 * large output doubling its buffer as it grows may hold twice its size. */
char *template_render_expect(TALLOC_CTX *ctx, const struct template *t,
			     const struct tval *root, struct diag *d,
			     size_t *len_out, size_t expect);

/* Like template_render, but the output goes to SINK as it is made, a few
 * hundred KB of whole lines at a time, and is not kept: an output of
 * hundreds of MB needs no buffer of its size (nor the page faults of
 * one).  SINK returns false to stop the rendering (a write error; the
 * caller knows what it was).  False after reporting a rendering error;
 * *LEN_OUT: the bytes SINK took. */
typedef bool (*template_sink)(void *arg, const char *data, size_t len);
bool template_render_sink(const struct template *t, const struct tval *root,
			  struct diag *d, template_sink sink, void *arg,
			  size_t *len_out);

/* The section of T named NAME whose items may be rendered apart, or -1:
 * a top-level section, NAME named nowhere else in T (its items are pasted
 * wherever the list is reached), no c_string escaper in its body (which
 * aligns to the output's column). */
long template_item_section(const struct template *t, const char *name);
/* The body of section SEC of T (template_item_section) as template_render
 * renders it for ITEM, the INDEX-th of COUNT items of a list, with ROOT
 * outside it: a list's items rendered apart, to be pasted in with
 * tv_rendered.  NULL after reporting, or quietly for a SEC of -1. */
char *template_render_item(TALLOC_CTX *ctx, const struct template *t,
			   long sec, const struct tval *root,
			   const struct tval *item, size_t index, size_t count,
			   struct diag *d, size_t *len_out);

#endif
