/* Expressions: evaluation (over mathematical integers), source text, C. */
#ifndef KAPIC_EXPR_H
#define KAPIC_EXPR_H

#include "diag.h"
#include "model.h"
#include "strbuf.h"

/* Values a 64-bit kernel can hold: [INT64_MIN, UINT64_MAX]. */
#define EXPR_VALUE_MIN ((__int128)INT64_MIN)
#define EXPR_VALUE_MAX ((__int128)UINT64_MAX)

enum expr_status {
	EXPR_OK,
	EXPR_NOT_CONST,   /* names a parameter or a run-time fixture */
	EXPR_UNRESOLVED,  /* names something unknown (reported elsewhere) */
	EXPR_FAILED,      /* overflow or division by zero: reported */
};

/* Evaluate E, whose names are resolved; report arithmetic errors under the
 * check name "expr-eval" when D is non-NULL. */
enum expr_status expr_eval(const struct expr *e, __int128 *out,
			   struct diag *d);

/* The source text of E with runs of white space folded to one space,
 * added to SB, which is empty. */
struct strbuf;
void expr_source_text(struct strbuf *sb, const struct expr *e);

/* Decimal text of a value. */
char *expr_value_text(TALLOC_CTX *ctx, __int128 v);

/* How an output spells parameters and fixture calls. */
struct c_style {
	const char *param_prefix;   /* before a parameter's name */
	const char *call_prefix;    /* before a fixture's name */
	const char *call_first_arg; /* first argument of every call, or NULL */
	bool condition;             /* comparisons of values, addresses as integers */
};

/* E as a C expression, names printed as written; every operand of a
 * binary or unary operator is parenthesised when it is not an atom, so C's
 * precedence can never reinterpret it.  A constant part is written as
 * written when C computes the model's value from that text, else as its
 * value, a 64-bit literal, with the text in a comment. */
void expr_to_c(struct strbuf *sb, const struct expr *e,
	       const struct c_style *style);

/* The type of E's C form (LP64): 64 bits wide or int, unsigned or not. */
void expr_c_type(const struct expr *e, bool *wide, bool *uns);

/* Visit every node of E, children first. */
void expr_walk(struct expr *e, void (*fn)(struct expr *e, void *arg),
	       void *arg);

#endif
