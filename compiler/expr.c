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
	switch (e->op) {
	case OP_MUL: *out = l * r; break;  /* |l|,|r| < 2^64: fits 128 bits */
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
		*out = e->op == OP_SHL ? l * ((__int128)1 << (int)r)
				       : (l >= 0 ? l >> (int)r : -((-l - 1) >> (int)r) - 1);
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
	return in_range(*out) ? EXPR_OK : fail(e, d, "value does not fit in 64 bits");
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

static void operand_to_c(struct strbuf *sb, const struct expr *e,
			 const struct c_style *prefix)
{
	bool atom = e->kind == EXPR_INT || e->kind == EXPR_NAME || e->kind == EXPR_CALL;

	if (!atom)
		strbuf_addc(sb, '(');
	expr_to_c(sb, e, prefix);
	if (!atom)
		strbuf_addc(sb, ')');
}

void expr_to_c(struct strbuf *sb, const struct expr *e, const struct c_style *prefix)
{
	switch (e->kind) {
	case EXPR_INT:
		/* Keep the author's spelling (0x01 stays 0x01), with a suffix
		 * that C needs for values past LONG_MAX. */
		if (e->text && *e->text)
			strbuf_adds(sb, e->text);
		else
			strbuf_addf(sb, "%" PRIu64, e->literal);
		if (e->literal > INT64_MAX && !strpbrk(sb->data + sb->len - 1, "uUlL"))
			strbuf_adds(sb, "ULL");
		return;
	case EXPR_NAME:
		if (e->ref == REF_PARAM)
			strbuf_adds(sb, prefix->param_prefix);
		strbuf_adds(sb, e->name);
		return;
	case EXPR_CALL:
		strbuf_addf(sb, "%s%s(", prefix->call_prefix, e->name);
		if (prefix->call_first_arg)
			strbuf_addf(sb, "%s%s", prefix->call_first_arg, e->nargs ? ", " : "");
		for (size_t i = 0; i < e->nargs; i++) {
			if (i)
				strbuf_adds(sb, ", ");
			expr_to_c(sb, e->args[i], prefix);
		}
		strbuf_addc(sb, ')');
		return;
	case EXPR_UNARY:
		strbuf_adds(sb, op_text[e->op]);
		operand_to_c(sb, e->lhs, prefix);
		return;
	case EXPR_BINARY:
		operand_to_c(sb, e->lhs, prefix);
		strbuf_addf(sb, " %s ", op_text[e->op]);
		operand_to_c(sb, e->rhs, prefix);
		return;
	}
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
