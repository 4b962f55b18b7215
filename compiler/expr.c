#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "expr.h"
#include "strbuf.h"
#include "vocab.h"

static const char *const op_text[] = {
	[OP_NEG] = "-", [OP_NOT] = "~", [OP_LNOT] = "!",
	[OP_MUL] = "*", [OP_DIV] = "/", [OP_MOD] = "%", [OP_ADD] = "+",
	[OP_SUB] = "-", [OP_SHL] = "<<", [OP_SHR] = ">>", [OP_LT] = "<",
	[OP_LE] = "<=", [OP_GT] = ">", [OP_GE] = ">=", [OP_EQ] = "==",
	[OP_NE] = "!=", [OP_AND] = "&", [OP_XOR] = "^", [OP_OR] = "|",
	[OP_LAND] = "&&", [OP_LOR] = "||",
};

static bool in_range(__int128 v)
{
	return v >= EXPR_VALUE_MIN && v <= EXPR_VALUE_MAX;
}

static enum expr_status fail(const struct expr *e, struct diag *d,
			     const char *msg)
{
	if (d)
		diag_report(d, DIAG_ERROR, &e->loc, "expr-eval", "%s", msg);
	return EXPR_FAILED;
}

/* Bitwise operators work on the 64-bit two's complement pattern; the
 * result is read back as unsigned unless it came from negative operands. */
static __int128 from_bits(uint64_t bits, bool negative)
{
	return negative ? (__int128)(int64_t)bits : (__int128)bits;
}

static enum expr_status eval_name(const struct expr *e, __int128 *out)
{
	switch (e->ref) {
	case REF_CONST:
		/* Constants are evaluated once, in dependency order, by
		 * resolution; here only their value is read. */
		if (!e->constant->value->has_value)
			return EXPR_UNRESOLVED;
		*out = e->constant->value->value;
		return EXPR_OK;
	case REF_BUILTIN:
		*out = e->builtin->negative ? -(__int128)e->builtin->value
					    : (__int128)e->builtin->value;
		return EXPR_OK;
	case REF_PARAM: case REF_FIXTURE:
		return EXPR_NOT_CONST;
	case REF_UNRESOLVED:
		break;
	}
	return EXPR_UNRESOLVED;
}

static enum expr_status eval_unary(const struct expr *e, __int128 *out,
				   struct diag *d)
{
	__int128 l = 0;
	enum expr_status st = expr_eval(e->lhs, &l, d);

	if (st != EXPR_OK)
		return st;
	switch (e->op) {
	case OP_NEG: *out = -l; break;
	case OP_NOT: *out = -l - 1; break;
	case OP_LNOT: *out = !l; break;
	default: return fail(e, d, "bad unary operator");
	}
	return in_range(*out) ? EXPR_OK : fail(e, d, "value does not fit in 64 bits");
}

/* L op R, both in range. */
static enum expr_status apply_binary(const struct expr *e, __int128 l,
				     __int128 r, __int128 *out, struct diag *d)
{
	/* |l|, |r| < 2^64, but a product may still pass 2^127. */
	bool wide = false;

	switch (e->op) {
	case OP_MUL: wide = __builtin_mul_overflow(l, r, out); break;
	case OP_DIV: case OP_MOD:
		if (r == 0)
			return fail(e, d, "division by zero");
		*out = e->op == OP_DIV ? l / r : l % r;
		break;
	case OP_ADD: *out = l + r; break;
	case OP_SUB: *out = l - r; break;
	case OP_SHL: case OP_SHR:
		if (r < 0 || r > 63)
			return fail(e, d, "shift count out of range 0..63");
		if (e->op == OP_SHL)
			wide = __builtin_mul_overflow(l, (__int128)1 << (int)r, out);
		else
			*out = l >= 0 ? l >> (int)r : -((-l - 1) >> (int)r) - 1;
		break;
	case OP_LT: *out = l < r; break;
	case OP_LE: *out = l <= r; break;
	case OP_GT: *out = l > r; break;
	case OP_GE: *out = l >= r; break;
	case OP_EQ: *out = l == r; break;
	case OP_NE: *out = l != r; break;
	case OP_AND: *out = from_bits((uint64_t)l & (uint64_t)r, l < 0 && r < 0); break;
	case OP_OR: *out = from_bits((uint64_t)l | (uint64_t)r, l < 0 || r < 0); break;
	case OP_XOR: *out = from_bits((uint64_t)l ^ (uint64_t)r, (l < 0) != (r < 0)); break;
	case OP_LAND: *out = l && r; break;
	case OP_LOR: *out = l || r; break;
	default:
		return fail(e, d, "bad binary operator");
	}
	return !wide && in_range(*out) ? EXPR_OK : fail(e, d, "value does not fit in 64 bits");
}

enum expr_status expr_eval(const struct expr *e, __int128 *out,
			   struct diag *d)
{
	__int128 l = 0, r = 0;

	switch (e->kind) {
	case EXPR_INT: *out = e->literal; return EXPR_OK;
	case EXPR_CALL: return EXPR_NOT_CONST;
	case EXPR_NAME: return eval_name(e, out);
	case EXPR_UNARY: return eval_unary(e, out, d);
	case EXPR_BINARY: break;
	}
	/* Both operands are evaluated, so each reports its own failure; a
	 * failure outranks an unknown name, which outranks a run-time value. */
	enum expr_status sl = expr_eval(e->lhs, &l, d);
	enum expr_status sr = expr_eval(e->rhs, &r, d);
	if (sl == EXPR_FAILED || sr == EXPR_FAILED)
		return EXPR_FAILED;
	if (sl == EXPR_UNRESOLVED || sr == EXPR_UNRESOLVED)
		return EXPR_UNRESOLVED;
	if (sl != EXPR_OK || sr != EXPR_OK)
		return EXPR_NOT_CONST;
	return apply_binary(e, l, r, out, d);
}

void expr_source_text(struct strbuf *sb, const struct expr *e)
{
	const struct source *src = e->loc.src;
	bool space = false;

	if (!src || e->loc.last_offset > src->len)
		return;
	for (size_t i = e->loc.first_offset; i < e->loc.last_offset; i++) {
		char c = src->text[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = sb->len > 0;
			continue;
		}
		if (space)
			strbuf_addc(sb, ' ');
		space = false;
		strbuf_addc(sb, c);
	}
}

char *expr_value_text(TALLOC_CTX *ctx, __int128 v)
{
	if (v < 0)
		return talloc_asprintf(ctx, "%" PRId64, (int64_t)v);
	return talloc_asprintf(ctx, "%" PRIu64, (uint64_t)v);
}

/* --- C's meaning of a constant expression (LP64: int 32 bits, long 64). */

/* A value as C computes it, and its type after promotion. */
struct cv {
	__int128 v;
	bool wide, uns;
};

static bool c_fits(__int128 v, bool wide, bool uns)
{
	__int128 top = (__int128)1 << (wide ? 64 : 32);

	return uns ? v >= 0 && v < top : v >= -top / 2 && v < top / 2;
}

/* V converted to T: an unsigned type wraps; a signed one, in the usual
 * conversions, is always wide enough. */
static __int128 c_conv(__int128 v, struct cv t)
{
	__int128 top = (__int128)1 << (t.wide ? 64 : 32);

	return t.uns ? (v % top + top) % top : v;
}

/* The type C gives a literal (C11 6.4.4.1); a decimal literal past
 * LONG_MAX is written with a U (literal_to_c), and binary as hex. */
static struct cv c_literal(const struct expr *e)
{
	const char *t = e->text ? e->text : "";
	const char *sfx = t + strcspn(t, "uUlL");
	bool dec = t[0] != '0', u = strpbrk(sfx, "uU") || e->literal > INT64_MAX;
	struct cv c = { e->literal, strpbrk(sfx, "lL") != NULL, u };

	for (;; c.wide = true) {
		if (!u && c_fits(c.v, c.wide, false))
			return c;
		if ((u || !dec) && c_fits(c.v, c.wide, true))
			return c.uns = true, c;
	}
}

static bool c_name(const struct expr *e, struct cv *out)
{
	const struct builtin *b = e->builtin;

	if (e->ref == REF_CONST)
		*out = (struct cv){ e->constant->value->value, e->constant->c_wide,
				    e->constant->c_uns };
	else if (e->ref == REF_BUILTIN)
		*out = (struct cv){ b->negative ? -(__int128)b->value : b->value,
				    b->value > UINT32_MAX, b->name[0] == 'U' ||
				    !strcmp(b->name, "SIZE_MAX") };
	return e->ref == REF_CONST || e->ref == REF_BUILTIN;
}

/* OUT's value in its type: false on signed overflow, which C leaves
 * undefined. */
static bool c_wrap(struct cv *out)
{
	if (out->uns)
		out->v = c_conv(out->v, *out);
	return c_fits(out->v, out->wide, out->uns);
}

static bool c_unary(enum expr_op op, struct cv l, struct cv *out)
{
	*out = l;
	if (op == OP_LNOT)
		*out = (struct cv){ !l.v, false, false };
	else
		out->v = op == OP_NEG ? -l.v : -l.v - 1;
	return c_wrap(out);
}

/* Shifts C leaves undefined or implementation-defined: a count outside
 * the type, a negative operand. */
static bool c_shift(enum expr_op op, struct cv l, __int128 r, struct cv *out)
{
	*out = l;
	if (r < 0 || r >= (l.wide ? 64 : 32) || l.v < 0)
		return false;
	out->v = op == OP_SHL ? l.v * ((__int128)1 << (int)r) : l.v >> (int)r;
	return c_wrap(out);
}

static bool c_binary(enum expr_op op, struct cv l, struct cv r, struct cv *out)
{
	/* The usual arithmetic conversions: the wider type, else unsigned
	 * if either is (long holds every unsigned int). */
	struct cv t = l.wide != r.wide ? (l.wide ? l : r)
		: (struct cv){ 0, l.wide, l.uns || r.uns };
	__int128 a = c_conv(l.v, t), b = c_conv(r.v, t), v;

	if (op == OP_SHL || op == OP_SHR)
		return c_shift(op, l, r.v, out);
	switch (op) {
	case OP_MUL: v = t.uns && t.wide ? (__int128)((uint64_t)a * (uint64_t)b) : a * b; break;
	case OP_DIV: case OP_MOD:  /* C11 6.5.5: % is undefined where / is */
		if (b == 0 || !c_fits(a / b, t.wide, t.uns))
			return false;
		v = op == OP_DIV ? a / b : a % b;
		break;
	case OP_ADD: v = a + b; break;
	case OP_SUB: v = a - b; break;
	case OP_AND: v = a & b; break;
	case OP_OR: v = a | b; break;
	case OP_XOR: v = a ^ b; break;
	default:
		/* -Wsign-compare, even where the value comes out right */
		if (op <= OP_NE && l.uns != r.uns)
			return false;
		t = (struct cv){ 0, false, false };
		v = op == OP_LT ? a < b : op == OP_LE ? a <= b : op == OP_GT ? a > b
			: op == OP_GE ? a >= b : op == OP_EQ ? a == b
			: op == OP_NE ? a != b : op == OP_LAND ? a && b : a || b;
	}
	*out = (struct cv){ v, t.wide, t.uns };
	return c_wrap(out);
}

/* A product or shift as a truth value: -Wint-in-bool-context. */
static bool bool_suspect(const struct expr *e)
{
	return e->kind == EXPR_BINARY && (e->op == OP_MUL || e->op == OP_SHL);
}

/* A truth value under ~: clang's -Wbool-operation (its
 * isKnownToHaveBooleanValue). */
static bool is_bool(const struct expr *e)
{
	if (e->op == OP_AND || e->op == OP_OR || e->op == OP_XOR)
		return is_bool(e->lhs) && is_bool(e->rhs);
	return e->op == OP_LNOT || (e->op >= OP_LT && e->op <= OP_NE) ||
	       e->op == OP_LAND || e->op == OP_LOR;
}

/* E as C evaluates its text: false where C's evaluation is undefined or
 * draws a warning. */
static bool c_sim(const struct expr *e, struct cv *out)
{
	struct cv l, r;

	if ((e->op == OP_LNOT || e->op == OP_LAND || e->op == OP_LOR) &&
	    (bool_suspect(e->lhs) || (e->rhs && bool_suspect(e->rhs))))
		return false;
	if (e->op == OP_NOT && is_bool(e->lhs))
		return false;
	switch (e->kind) {
	case EXPR_INT: *out = c_literal(e); return true;
	case EXPR_NAME: return c_name(e, out);
	case EXPR_CALL: return false;
	case EXPR_UNARY: return c_sim(e->lhs, &l) && c_unary(e->op, l, out);
	case EXPR_BINARY:
		return c_sim(e->lhs, &l) && c_sim(e->rhs, &r) &&
		       c_binary(e->op, l, r, out);
	}
	return false;
}

/* Whether E's text, as C computes it, means V, the model's value; the
 * type it has in C in *C either way (a typed literal's when not). */
static bool c_exact(const struct expr *e, __int128 v, struct cv *c)
{
	if (c_sim(e, c) && c->v == v)
		return true;
	*c = (struct cv){ v, true, v > INT64_MAX };
	return false;
}

void expr_c_type(const struct expr *e, bool *wide, bool *uns)
{
	struct cv c = { 0, false, false };

	if (e->has_value)
		c_exact(e, e->value, &c);
	*wide = c.wide;
	*uns = c.uns;
}

/* A literal as C reads it: binary (no C11) in hex, and a decimal past
 * LONG_MAX with a U, which C would otherwise make signed or reject. */
static void literal_to_c(struct strbuf *sb, const struct expr *e)
{
	const char *t = e->text && *e->text ? e->text : "";
	const char *sfx = t + strcspn(t, "uUlL");

	if (t[0] == '0' && (t[1] == 'b' || t[1] == 'B'))
		strbuf_addf(sb, "0x%" PRIx64 "%s", e->literal, sfx);
	else if (*t)
		strbuf_adds(sb, t);
	else
		strbuf_addf(sb, "%" PRIu64, e->literal);
	if (e->literal > INT64_MAX && !strpbrk(sfx, "uU"))
		strbuf_adds(sb, *sfx ? "U" : "ULL");
}

/* V as a literal of a 64-bit type, which means V in any context. */
static void value_to_c(struct strbuf *sb, __int128 v)
{
	if (v == INT64_MIN)
		strbuf_adds(sb, "(-9223372036854775807LL - 1");
	else if (v < 0)
		strbuf_addf(sb, "(%" PRId64 "LL", (int64_t)v);
	else
		strbuf_addf(sb, "(%" PRIu64 "%s", (uint64_t)v, v > INT64_MAX ? "ULL" : "LL");
}

static void to_c(struct strbuf *sb, const struct expr *e,
		 const struct c_style *style, bool text);

static void operand_to_c(struct strbuf *sb, const struct expr *e,
			 const struct c_style *style, bool text)
{
	bool atom = e->kind == EXPR_INT || e->kind == EXPR_NAME || e->kind == EXPR_CALL;

	if (!atom)
		strbuf_addc(sb, '(');
	to_c(sb, e, style, text);
	if (!atom)
		strbuf_addc(sb, ')');
}

/* A comparison in a condition: of the values, whatever their types (the
 * header's KAPI_CHECK__ macros), as ranges are checked. */
static bool compare_to_c(struct strbuf *sb, const struct expr *e,
			 const struct c_style *style)
{
	static const struct { const char *macro; bool swap; } form[] = {
		[OP_LT] = { "KAPI_CHECK__LT(", false }, [OP_GT] = { "KAPI_CHECK__LT(", true },
		[OP_LE] = { "!KAPI_CHECK__LT(", true }, [OP_GE] = { "!KAPI_CHECK__LT(", false },
		[OP_EQ] = { "KAPI_CHECK__EQ(", false }, [OP_NE] = { "!KAPI_CHECK__EQ(", false },
	};

	if (!style->condition || (size_t)e->op >= sizeof form / sizeof *form ||
	    !form[e->op].macro)
		return false;
	strbuf_adds(sb, form[e->op].macro);
	to_c(sb, form[e->op].swap ? e->rhs : e->lhs, style, false);
	strbuf_adds(sb, ", ");
	to_c(sb, form[e->op].swap ? e->lhs : e->rhs, style, false);
	strbuf_addc(sb, ')');
	return true;
}

static void name_to_c(struct strbuf *sb, const struct expr *e,
		      const struct c_style *style)
{
	bool addr = style->condition && e->ref == REF_PARAM &&
		    strchr(e->param->ctype, '*');

	if (addr)       /* an address, as an integer: C's pointer order and
			 * arithmetic are undefined past the object */
		strbuf_adds(sb, "(uintptr_t)");
	if (e->ref == REF_PARAM)
		strbuf_adds(sb, style->param_prefix);
	strbuf_adds(sb, e->name);
}

/* E as C; TEXT: as written, which the caller knows C computes exactly. */
static void to_c(struct strbuf *sb, const struct expr *e,
		 const struct c_style *style, bool text)
{
	__int128 v;
	struct cv c;

	if (!text && (e->kind == EXPR_UNARY || e->kind == EXPR_BINARY) &&
	    expr_eval(e, &v, NULL) == EXPR_OK) {
		if (c_exact(e, v, &c))
			return to_c(sb, e, style, true);
		value_to_c(sb, v);
		strbuf_adds(sb, " /* ");
		to_c(sb, e, style, true);
		strbuf_adds(sb, " */)");
		return;
	}
	switch (e->kind) {
	case EXPR_INT:
		literal_to_c(sb, e);
		return;
	case EXPR_NAME:
		name_to_c(sb, e, style);
		return;
	case EXPR_CALL:
		strbuf_addf(sb, "%s%s(", style->call_prefix, e->name);
		if (style->call_first_arg)
			strbuf_addf(sb, "%s%s", style->call_first_arg, e->nargs ? ", " : "");
		for (size_t i = 0; i < e->nargs; i++) {
			if (i)
				strbuf_adds(sb, ", ");
			to_c(sb, e->args[i], style, text);
		}
		strbuf_addc(sb, ')');
		return;
	case EXPR_UNARY:
		strbuf_adds(sb, op_text[e->op]);
		operand_to_c(sb, e->lhs, style, text);
		return;
	case EXPR_BINARY:
		if (text || !compare_to_c(sb, e, style)) {
			operand_to_c(sb, e->lhs, style, text);
			strbuf_addf(sb, " %s ", op_text[e->op]);
			operand_to_c(sb, e->rhs, style, text);
		}
		return;
	}
}

void expr_to_c(struct strbuf *sb, const struct expr *e, const struct c_style *style)
{
	to_c(sb, e, style, false);
}

void expr_walk(struct expr *e, void (*fn)(struct expr *e, void *arg),
	       void *arg)
{
	if (!e)
		return;
	if (e->kind == EXPR_CALL) {
		for (size_t i = 0; i < e->nargs; i++)
			expr_walk(e->args[i], fn, arg);
	} else if (e->kind == EXPR_UNARY || e->kind == EXPR_BINARY) {
		expr_walk(e->lhs, fn, arg);
		expr_walk(e->rhs, fn, arg);
	}
	fn(e, arg);
}
