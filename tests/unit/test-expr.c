/*
 * Unit tests for constant expressions, through the real pipeline (parse,
 * resolve, check): values over mathematical integers in [-2^63, 2^64),
 * the expr-eval errors, the source text kept for outputs and the C text.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>
#include "check.h"
#include "diag.h"
#include "expr.h"
#include "parse.h"
#include "source.h"
#include "strbuf.h"

#include "tap.h"

static void show_diag(const char *diag)
{
	for (const char *p = diag; *p; ) {
		const char *nl = strchr(p, '\n');
		int len = nl ? (int)(nl - p) : (int)strlen(p);
		printf("#   | %.*s\n", len, p);
		p += len + (nl ? 1 : 0);
	}
}

struct run {
	struct kapi_file *file;
	char *diag;
	unsigned errors;
	bool parsed;
};

/* Parse and check TEXT as "t.kapi"; diagnostics captured. */
static struct run *run(const char *text)
{
	struct run *r = talloc_zero(NULL, struct run);
	char *buf = NULL;
	size_t bufsz = 0;
	FILE *f = open_memstream(&buf, &bufsz);
	struct diag *d = diag_new(r, f, false);
	struct source *src = source_from_buffer(r, "t.kapi", text, strlen(text));

	r->file = kapi_file_new(r, 0);
	r->parsed = parse_source(r->file, src, d, NULL);
	if (r->parsed)
		check_file(r->file, check_config_new(r), d);
	r->errors = diag_errors(d);
	fclose(f);
	r->diag = talloc_strndup(r, buf ? buf : "", bufsz);
	free(buf);
	return r;
}

static const struct constant *constant(const struct run *r, const char *name)
{
	for (size_t i = 0; i < r->file->nconstants; i++)
		if (strcmp(r->file->constants[i]->name, name) == 0)
			return r->file->constants[i];
	return NULL;
}

static char *i128_text(TALLOC_CTX *ctx, __int128 v)
{
	char digits[48];
	size_t n = 0;
	bool neg = v < 0;
	unsigned __int128 u = neg ? -(unsigned __int128)v : (unsigned __int128)v;

	do {
		digits[n++] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u);
	char *out = talloc_array(ctx, char, n + 2);
	size_t k = 0;
	if (neg)
		out[k++] = '-';
	while (n)
		out[k++] = digits[--n];
	out[k] = '\0';
	return out;
}

/* `const X = EXPR;` evaluates to WANT without a diagnostic. */
static void value_is(const char *expr, __int128 want)
{
	char *text = talloc_asprintf(NULL, "const X = %s;\n", expr);
	char *what = talloc_asprintf(text, "%s = %s", expr, i128_text(text, want));
	struct run *r = run(text);
	const struct constant *c = constant(r, "X");
	bool ok = c && c->value->has_value && c->value->value == want && r->errors == 0;

	report(ok, what);
	if (!ok) {
		if (c && c->value->has_value)
			printf("#   got %s\n", i128_text(text, c->value->value));
		else
			printf("#   no value\n");
		show_diag(r->diag);
	}
	talloc_free(r);
	talloc_free(text);
}

/* `const X = EXPR;` is one expr-eval error, MSG at column COL of line 1. */
static void eval_error(const char *expr, const char *msg, int col)
{
	char *text = talloc_asprintf(NULL, "const X = %s;\n", expr);
	char *want = talloc_asprintf(text, "t.kapi:1:%d: error: %s [expr-eval]\n", col, msg);
	char *what = talloc_asprintf(text, "%s: error '%s'", expr, msg);
	struct run *r = run(text);
	const struct constant *c = constant(r, "X");
	bool ok = c && !c->value->has_value && r->errors == 1 && strstr(r->diag, want);

	report(ok, what);
	if (!ok) {
		printf("#   expected %s#   %u errors, got:\n", want, r->errors);
		show_diag(r->diag);
	}
	talloc_free(r);
	talloc_free(text);
}

static void test_values(void)
{
	value_is("1 + 2 * 3", 7);
	value_is("(1 + 2) * 3", 9);
	value_is("1 << 4 | 1", 17);
	value_is("1 | 2 ^ 3 & 6", 1 | (2 ^ (3 & 6)));
	value_is("10 - 3 - 2", 5);
	value_is("2 * 3 % 4", 2);
	value_is("~0x01", -2);
	value_is("~0", -1);
	value_is("-1", -1);
	value_is("- -1", 1);
	value_is("!0", 1);
	value_is("!7", 0);
	value_is("7 / 2", 3);
	value_is("-7 / 2", -3);
	value_is("-7 % 2", -1);
	value_is("-8 >> 1", -4);
	value_is("-1 >> 63", -1);
	value_is("1 < 2", 1);
	value_is("3 == 3 && 2 != 2", 0);
	value_is("0 || 5 >= 5", 1);
	value_is("LONG_MAX", INT64_MAX);
	value_is("ULONG_MAX", (__int128)UINT64_MAX);
	value_is("SIZE_MAX", (__int128)UINT64_MAX);
	value_is("INT_MAX", 2147483647);
	value_is("UINT_MAX", 4294967295);
	value_is("INT_MIN", -2147483648LL);
	value_is("LONG_MIN", INT64_MIN);
	value_is("0x10", 16);
	value_is("0XfF", 255);
	value_is("010", 8);
	value_is("0b10", 2);
	value_is("18446744073709551615", (__int128)UINT64_MAX);
	value_is("1 << 63", (__int128)1 << 63);
	value_is("-LONG_MIN", (__int128)1 << 63);
	value_is("LONG_MAX + 1", (__int128)1 << 63);
	value_is("ULONG_MAX - 1 + 1", (__int128)UINT64_MAX);
	value_is("LONG_MIN / -1", (__int128)1 << 63);
	value_is("ULONG_MAX & ~1", (__int128)UINT64_MAX - 1);
	value_is("-1 & 0xff", 255);
	value_is("-1 | 0", -1);
	value_is("-2 & -3", -4);
	value_is("ULONG_MAX ^ 1", (__int128)UINT64_MAX - 1);
	value_is("ULONG_MAX / 2", INT64_MAX);
	value_is("UINT_MAX * UINT_MAX", (__int128)UINT32_MAX * UINT32_MAX);
}

static void test_errors(void)
{
	eval_error("ULONG_MAX + 1", "value does not fit in 64 bits", 11);
	eval_error("LONG_MIN - 1", "value does not fit in 64 bits", 11);
	eval_error("-ULONG_MAX", "value does not fit in 64 bits", 11);
	eval_error("ULONG_MAX * 2", "value does not fit in 64 bits", 11);
	eval_error("1 << 64", "shift count out of range 0..63", 11);
	eval_error("1 >> 64", "shift count out of range 0..63", 11);
	eval_error("1 << -1", "shift count out of range 0..63", 11);
	eval_error("1 / 0", "division by zero", 11);
	eval_error("1 % 0", "division by zero", 11);
	eval_error("1 + 1 / (2 - 2)", "division by zero", 15);
	eval_error("(1 << 63) * 4", "value does not fit in 64 bits", 11);

	/* The error is reported once, where it happens, not again in the
	 * constants that use the failed one. */
	struct run *r = run("const A = 1 / 0;\nconst B = A + 1;\nconst C = B;\n");
	report(r->errors == 1 && strstr(r->diag, "t.kapi:1:11: error: division by zero [expr-eval]") &&
	       !constant(r, "B")->value->has_value && !constant(r, "C")->value->has_value,
	       "a failed constant: one error, no value in its users");
	if (r->errors != 1)
		show_diag(r->diag);
	talloc_free(r);
}

static void test_order(void)
{
	struct run *r = run("const A = B * 2;\nconst B = C + 1;\nconst C = 0x20;\n");
	const struct constant *a = constant(r, "A"), *b = constant(r, "B");

	report(r->errors == 0 && a && b && a->value->has_value && a->value->value == 66 &&
	       b->value->has_value && b->value->value == 33,
	       "constants may use constants defined later");
	talloc_free(r);

	r = run("const A = B + 1;\nconst B = A * 2;\n");
	report(r->errors >= 1 && strstr(r->diag, "[constant-cycle]") &&
	       !constant(r, "A")->value->has_value && !constant(r, "B")->value->has_value,
	       "a cycle through operators is reported, without a value");
	if (r->errors < 1)
		show_diag(r->diag);
	talloc_free(r);
}

static char *source_text(TALLOC_CTX *ctx, const struct expr *e)
{
	struct strbuf *sb = strbuf_new(ctx);

	expr_source_text(sb, e);
	return sb->data;
}

static void test_source_text(void)
{
	struct run *r = run("const A = LONG_MAX;\nconst B = ( 1 +\n\t0x2 )  *  3;\n"
			    "const C = -  LONG_MAX / 2;\n");
	const struct constant *a = constant(r, "A"), *b = constant(r, "B"),
			      *c = constant(r, "C");
	char *ta = a ? source_text(r, a->value) : NULL;
	char *tb = b ? source_text(r, b->value) : NULL;
	char *tc = c ? source_text(r, c->value) : NULL;

	report(ta && strcmp(ta, "LONG_MAX") == 0, "expr_source_text keeps LONG_MAX");
	report(a && a->value->loc.last_offset - a->value->loc.first_offset == strlen("LONG_MAX"),
	       "the expression's location spans exactly its source text");
	report(tb && strcmp(tb, "( 1 + 0x2 ) * 3") == 0,
	       "expr_source_text folds white space and keeps the spelling");
	if (tb && strcmp(tb, "( 1 + 0x2 ) * 3") != 0)
		printf("#   got '%s'\n", tb);
	report(tc && strcmp(tc, "- LONG_MAX / 2") == 0, "expr_source_text of a unary operator");
	if (tc && strcmp(tc, "- LONG_MAX / 2") != 0)
		printf("#   got '%s'\n", tc);
	report(b && b->value->has_value && b->value->value == 9 && r->errors == 0,
	       "the parenthesised constant evaluates to 9");
	if (r->errors)
		show_diag(r->diag);
	talloc_free(r);
}

static const struct c_style style = {
	.param_prefix = "p->",
	.call_prefix = "kapi_",
	.call_first_arg = "t",
};

static bool c_is(const struct expr *e, const char *want, const char *what)
{
	struct strbuf *sb = strbuf_new(NULL);
	bool ok;

	if (e)
		expr_to_c(sb, e, &style);
	ok = e && strcmp(sb->data, want) == 0;
	report(ok, what);
	if (!ok)
		printf("#   got '%s', expected '%s'\n", e ? sb->data : "(no expression)", want);
	talloc_free(sb);
	return ok;
}

static void test_to_c(void)
{
	struct run *r = run(
		"const A = 1 + 2 * 3;\n"
		"const B = (1 + 2) * 3;\n"
		"const C = ~0x01;\n"
		"const D = -(1 << 4 | 1);\n"
		"const E = 18446744073709551615;\n"
		"const F = 0xffffffffffffffffu;\n"
		"const G = ULONG_MAX - LONG_MAX;\n"
		"const H = 1 - 2 - 3;\n"
		"const I = 1 - (2 - 3);\n"
		"syscall s {\n"
		"\tsummary \"S\";\n"
		"\tparam flags: int { summary \"F\"; type int; }\n"
		"\treturn long { summary \"R\"; type int; check error; success 0; }\n"
		"\terror EINVAL \"Bad\" {\n"
		"\t\tdescription \"D\";\n"
		"\t\twhen flags & ~C;\n"
		"\t\ttest \"t\" { args flags = mapped(A); }\n"
		"\t}\n"
		"}\n");

	if (r->errors) {
		report(false, "expr_to_c: the spec checks clean");
		show_diag(r->diag);
		talloc_free(r);
		return;
	}
	c_is(constant(r, "A")->value, "1 + (2 * 3)", "expr_to_c parenthesises a nested product");
	c_is(constant(r, "B")->value, "(1 + 2) * 3", "expr_to_c keeps needed parentheses");
	c_is(constant(r, "C")->value, "~0x01", "expr_to_c keeps the literal's spelling");
	c_is(constant(r, "D")->value, "-((1 << 4) | 1)", "expr_to_c parenthesises under unary minus");
	c_is(constant(r, "E")->value, "18446744073709551615ULL",
	     "expr_to_c suffixes a literal past LONG_MAX");
	c_is(constant(r, "F")->value, "0xffffffffffffffffu",
	     "expr_to_c keeps an existing suffix");
	c_is(constant(r, "G")->value, "ULONG_MAX - LONG_MAX", "expr_to_c writes names as written");
	c_is(constant(r, "H")->value, "(1 - 2) - 3", "expr_to_c: left associativity made explicit");
	c_is(constant(r, "I")->value, "1 - (2 - 3)", "expr_to_c: right grouping kept");
	const struct error *e = r->file->specs[0]->errors[0];
	c_is(e->when, "p->flags & (~C)", "expr_to_c prefixes parameters");
	c_is(e->tests[0]->args[0].value, "kapi_mapped(t, A)",
	     "expr_to_c prefixes fixture calls and passes the first argument");
	report(constant(r, "G")->value->value == ((__int128)1 << 63),
	       "ULONG_MAX - LONG_MAX = 2^63");
	talloc_free(r);
}

/* What resolution stores on the model, so no later phase looks it up:
 * the constraint kind in force and the return check as enums, the values
 * of errno, signal and capability names. */
static void test_resolved(void)
{
	struct run *r = run(
		"syscall foo {\n summary \"F\";\n"
		" param a: int { summary \"A\"; type int; mask 3; }\n"
		" param b: int { summary \"B\"; type int; check custom; size 8; }\n"
		" return long { summary \"R\"; type int; check fd; }\n"
		" error EBADF \"C\" { description \"D\"; untestable \"U\"; }\n"
		" signal SIGINT { direction receive; action return; error EINTR; }\n"
		" capability CAP_IPC_LOCK { action bypass_check; }\n}\n");
	const struct spec *s = r->file->nspecs ? r->file->specs[0] : NULL;
	bool ok = s && s->nparams == 2 && s->ret && s->nerrors == 1 &&
		  s->nsignals == 1 && s->ncaps == 1;

	report(ok && r->errors == 0, "a clean spec resolves");
	if (r->errors)
		show_diag(r->diag);
	report(ok && s->params[0]->constraint == CONSTRAINT_MASK &&
	       s->params[1]->constraint == CONSTRAINT_CUSTOM,
	       "the constraint kind in force, derived or given, is an enum");
	report(ok && s->ret->kind == RETURN_FD, "the return check is an enum");
	report(ok && s->errors[0]->code.known && s->errors[0]->code.known->value == 9 &&
	       s->errors[0]->errno_value == 9, "an errno name resolves to its value");
	report(ok && s->signals[0]->name_word.known &&
	       s->signals[0]->name_word.known->value == 2 &&
	       s->signals[0]->error.known && s->signals[0]->error.known->value == 4,
	       "a signal's name and its errno resolve");
	report(ok && s->caps[0]->cap.known && s->caps[0]->cap.known->value == 14 &&
	       s->caps[0]->action.entry, "a capability and its action resolve");
	talloc_free(r);
}

int main(void)
{
	test_values();
	test_errors();
	test_order();
	test_source_text();
	test_to_c();
	test_resolved();
	printf("1..%u\n", ntests);
	return nfailed ? 1 : 0;
}
