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

/*
 * View-model values come from talloc, from the context a constructor is
 * given (a view makes them all in one talloc_pool and frees it whole).
 * Containers own nothing: a value may sit in any number of containers,
 * and lives as long as its context.  Nulls and booleans are shared
 * constants, never freed.
 */
struct tval;

struct tval *tv_null(TALLOC_CTX *ctx);
struct tval *tv_bool(TALLOC_CTX *ctx, bool b);
/* A string that points at TEXT (and PIECES/LENS, N of them) without
 * copying: they must outlive the value.  PIECES, when N > 1, are the
 * adjacent literals TEXT joins: the c_string escaper emits one aligned
 * literal per piece, other escapers see TEXT. */
struct tval *tv_str_ref(TALLOC_CTX *ctx, const char *const *pieces,
			const size_t *lens, size_t n, const char *text, size_t len);
struct tval *tv_str(TALLOC_CTX *ctx, const char *s);               /* copies */
struct tval *tv_strn(TALLOC_CTX *ctx, const char *s, size_t len);  /* copies; may hold NULs */
struct tval *tv_fmt(TALLOC_CTX *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Decimal digits of V (tv_fmt's). */
struct tval *tv_int(TALLOC_CTX *ctx, long long v);
struct tval *tv_list(TALLOC_CTX *ctx);
void tv_push(struct tval *list, struct tval *item);
struct tval *tv_map(TALLOC_CTX *ctx);
/* KEY is not copied: it must outlive MAP.  An existing value under KEY is
 * replaced. */
void tv_set(struct tval *map, const char *key, struct tval *val);
/* tv_set for a KEY that MAP does not hold yet: no search. */
void tv_add(struct tval *map, const char *key, struct tval *val);
/* NULL when MAP is not a map or has no KEY. */
const struct tval *tv_get(const struct tval *map, const char *key);

/* The text of a TV_STR (NUL-terminated, LEN may be NULL), else NULL. */
const char *tv_text(const struct tval *v, size_t *len);

struct template;

/* SRC must outlive the template: diagnostics from rendering point into it.
 * Returns NULL after reporting every error found. */
struct template *template_parse(TALLOC_CTX *ctx, const struct source *src,
				struct diag *d);

/* A built-in template as tmplc parsed it when kapic was built (SRC its
 * text, for the messages of rendering). */
struct template_program;
struct template *template_from_program(TALLOC_CTX *ctx, const struct source *src,
				       const struct template_program *prog);

/* The output, NUL-terminated, with its length in *LEN_OUT (may be NULL).
 * Returns NULL after reporting every error found (each tag at most once). */
char *template_render(TALLOC_CTX *ctx, const struct template *t,
		      const struct tval *root, struct diag *d,
		      size_t *len_out);

#endif
