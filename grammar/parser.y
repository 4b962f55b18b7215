/*
 * The .kapi grammar.  A pure parser with locations; it builds the model
 * (compiler/model.h) directly and leaves every judgement that is not about
 * syntax to the checks (compiler/check.c).
 *
 * Error recovery synchronises on each construct's closing token (`;` for a
 * statement, `}` for a block), so one mistake gives one error.
 */
%require "3.8"
%define api.pure full
%define api.prefix {kapi_}
%define api.location.type {struct loc}
%define parse.error custom
%define parse.trace false
%define parse.lac full
%locations
%expect 0
%param {struct parse_state *ps}

%code requires {
#include <stdint.h>
#include "parse.h"
}

%code provides {
int kapi_lex(KAPI_STYPE *val, KAPI_LTYPE *loc, struct parse_state *ps);
int kapi_parse(struct parse_state *ps);
/* KEYWORDS filled with each keyword's token by its spelling; its slots
 * are CTX's. */
void parse_keywords(struct nameset *keywords, TALLOC_CTX *ctx);
}

%code {
#include <string.h>
#include "strbuf.h"

/* Bison keeps the stack on the heap; a bound turns hostile nesting into
 * an error instead of a long allocation spree. */
#define YYMAXDEPTH 2000

#define YYLLOC_DEFAULT(Cur, Rhs, N) do {                                     \
	if (N) {                                                             \
		(Cur).src = YYRHSLOC(Rhs, 1).src;                            \
		(Cur).first_offset = YYRHSLOC(Rhs, 1).first_offset;          \
		(Cur).last_offset = YYRHSLOC(Rhs, N).last_offset;            \
	} else {                                                             \
		(Cur) = YYRHSLOC(Rhs, 0);                                    \
		(Cur).first_offset = (Cur).last_offset;                      \
	}                                                                    \
} while (0)

static void kapi_error(const struct loc *loc, struct parse_state *ps,
		       const char *msg)
{
	if (strcmp(msg, "memory exhausted") == 0)
		diag_report(ps->diag, DIAG_ERROR, loc, "syntax",
			    "nesting too deep (more than %d levels)", YYMAXDEPTH / 2);
	else
		diag_report(ps->diag, DIAG_ERROR, loc, "syntax", "%s", msg);
}

static void duplicate(struct parse_state *ps, const char *prop,
		      const struct loc *first, const struct loc *second)
{
	struct kapi_file *f = ps->file;

	f->dups = util_grow(f->pool, f->dups, f->ndups, sizeof *f->dups);
	f->dups[f->ndups++] = (struct duplicate){ prop, *first, *second };
}

/* The string of the adjacent literals just read, joined as C joins them;
 * each literal is one of its pieces. */
static struct kstr *kstr_new(struct parse_state *ps, const struct loc *loc)
{
	size_t n = ps->nliterals;

	if (n == 1) {
		ps->literals[0]->loc = *loc;
		return ps->literals[0];
	}
	struct kstr *s = kstr_join(ps->file->pool, ps->literals, n, loc);

	for (size_t i = 0; i < n; i++)
		talloc_free(ps->literals[i]);
	return s;
}

static struct expr *expr_new(struct parse_state *ps, enum expr_kind kind,
			     enum expr_op op, const struct loc *loc)
{
	struct expr *e = talloc_zero(ps->file->pool, struct expr);

	e->kind = kind;
	e->op = op;
	e->loc = *loc;
	e->depth = 1;
	return e;
}

/* Left-associative chains (1+1+...+1) never grow bison's stack, yet every
 * walk of an expression (evaluation, printing, the checks) recurses: a
 * chain deeper than PARSE_MAX_NESTING is reported once and cut short. */
static struct expr *expr_bin(struct parse_state *ps, enum expr_op op,
			     struct expr *l, struct expr *r,
			     const struct loc *loc)
{
	struct expr *e = expr_new(ps, r ? EXPR_BINARY : EXPR_UNARY, op, loc);
	unsigned dl = l ? l->depth : 0, dr = r ? r->depth : 0;

	e->depth = 1 + (dl > dr ? dl : dr);
	if (e->depth > PARSE_MAX_NESTING) {
		if (dl <= PARSE_MAX_NESTING && dr <= PARSE_MAX_NESTING)
			diag_report(ps->diag, DIAG_ERROR, loc, "syntax",
				    "expression nested too deep (more than %d levels)",
				    PARSE_MAX_NESTING);
		e->kind = EXPR_UNARY;
		e->op = OP_NEG;
		l = expr_new(ps, EXPR_INT, OP_NONE, loc);
		r = NULL;
	}
	e->lhs = l;
	e->rhs = r;
	return e;
}

static void word_push(struct parse_state *ps, struct wordlist *l, char *name,
		      const struct loc *loc)
{
	l->items = util_grow(ps->file->pool, l->items, l->count, sizeof *l->items);
	l->items[l->count++] = (struct word){ .name = name, .loc = *loc };
}

/* Each setter keeps the last value, as C's designated initializers do, and
 * records the repetition for the duplicate-property check. */
static void set_kstr(struct parse_state *ps, struct kstr **slot,
		     struct kstr *val, const char *prop, const struct loc *loc)
{
	if (*slot)
		duplicate(ps, prop, &(*slot)->loc, loc);
	*slot = val;
}

static void set_expr(struct parse_state *ps, struct expr **slot,
		     struct expr *val, const char *prop, const struct loc *loc)
{
	if (*slot)
		duplicate(ps, prop, &(*slot)->loc, loc);
	*slot = val;
}

static void set_range(struct parse_state *ps, struct range **slot,
		      struct expr *min, struct expr *max,
		      const struct loc *range_loc, const char *prop,
		      const struct loc *loc)
{
	struct range *r = talloc_zero(ps->file->pool, struct range);

	r->min = min;
	r->max = max;
	r->loc = *range_loc;
	if (*slot)
		duplicate(ps, prop, &(*slot)->loc, loc);
	*slot = r;
}

static void set_word(struct parse_state *ps, struct word *slot, char *name,
		     const struct loc *nloc, const char *prop,
		     const struct loc *loc)
{
	if (slot->name)
		duplicate(ps, prop, &slot->loc, loc);
	slot->name = name;
	slot->loc = *nloc;
}

static void set_words(struct parse_state *ps, struct wordlist *slot,
		      const struct wordlist *val, const char *prop,
		      const struct loc *loc)
{
	if (slot->count)
		duplicate(ps, prop, &slot->loc, loc);
	*slot = *val;
}

static void set_flag(struct parse_state *ps, bool *slot, const char *prop,
		     const struct loc *loc)
{
	if (*slot)
		duplicate(ps, prop, loc, loc);
	*slot = true;
}

static void spec_begin(struct parse_state *ps, enum spec_kind kind)
{
	parse_pool_refill(ps);
	ps->spec = talloc_zero(ps->file->pool, struct spec);
	ps->spec->kind = kind;
	ps->spec->kind_name = kind == SPEC_SYSCALL ? "syscall" : "function";
}

static void spec_done(struct parse_state *ps)
{
	model_push(ps->file->pool, &ps->file->specs, &ps->file->nspecs, ps->spec);
	ps->spec = NULL;
}

/* NODE appended, in the file's pool, to the array of pointers at ITEMS
 * (a T ***), which holds *COUNT; returns NODE. */
static void *push(struct parse_state *ps, void *items, size_t *count, void *node)
{
	return model_push(ps->file->pool, items, count, node);
}

/* The expressions of LIST appended to *ITEMS: the first list of a
 * statement that may repeat becomes the array, rather than a copy. */
static void append(struct parse_state *ps, struct expr ***items, size_t *count,
		   struct expr_list list)
{
	if (*count == 0) {
		*items = list.items;
		*count = list.count;
		return;
	}
	for (size_t i = 0; i < list.count; i++)
		push(ps, items, count, list.items[i]);
	talloc_free(list.items);
}
}

%union {
	char *str;
	uint64_t num;
	struct kstr *kstr;
	struct expr *expr;
	struct wordlist words;
	struct expr_list { struct expr **items; size_t count; } exprs;
}

%initial-action {
	memset(&@$, 0, sizeof @$);
	@$.src = ps->src;
}

%token <str> TOK_IDENT "identifier"
%token <str> TOK_UNKNOWN_KEYWORD "unknown keyword"
%token <num> TOK_INT "integer"
%token <kstr> TOK_STRING "string"
%token TOK_LEXERROR "invalid token"
%token TOK_DOTDOT ".." TOK_SHL "<<" TOK_SHR ">>" TOK_LE "<=" TOK_GE ">="
%token TOK_EQ "==" TOK_NE "!=" TOK_LAND "&&" TOK_LOR "||"

/* Keywords, sorted, between KW_ACQUIRED and KW_WITHOUT. */
%token KW_ACQUIRED "acquired" KW_ACTION "action" KW_AFTER "after" KW_ALIGN "align"
%token KW_ALLOWS "allows" KW_ALTERNATIVES "alternatives" KW_ARGS "args"
%token KW_BASE "base"
%token KW_CAPABILITY "capability" KW_CHECK "check" KW_CONDITION "condition"
%token KW_CONST "const" KW_CONSTRAINT "constraint" KW_CONTEXT "context"
%token KW_COPYRIGHT "copyright"
%token KW_DATE "date" KW_DEPRECATED "deprecated" KW_DESCRIPTION "description"
%token KW_DIRECTION "direction" KW_DOCUMENTING "documenting"
%token KW_EFFECT "effect" KW_ERROR "error"
%token KW_ERRORS "errors" KW_EXAMPLES "examples" KW_EXPR "expr"
%token KW_FIELD "field" KW_FLAGS "flags" KW_FROM "from"
%token KW_FUNCTION "function" KW_GLIBC "glibc" KW_HEADER "header"
%token KW_HELD_ENTRY "held-on-entry"
%token KW_HELD_EXIT "held-on-exit" KW_INCLUDE "include"
%token KW_INTERRUPTIBLE "interruptible" KW_KIND "kind" KW_LIBC "libc"
%token KW_LICENSE "license" KW_LOCK "lock"
%token KW_MASK "mask" KW_NOTES "notes" KW_OFFSET "offset" KW_PARAM "param"
%token KW_PRIORITY "priority" KW_QUEUE "queue" KW_RANGE "range"
%token KW_RELEASED "released" KW_REPLACEMENT "replacement"
%token KW_RESTARTABLE "restartable" KW_RETURN "return"
%token KW_REVERSIBLE "reversible" KW_SA_FORBID "sa-flags-forbidden"
%token KW_SA_REQUIRED "sa-flags-required" KW_SETUP "setup"
%token KW_SEE_ALSO "see-also" KW_MAN_PAGE "man-page"
%token KW_SIGNAL "signal" KW_SIGNAL_MASK "signal-mask" KW_SIGNALS "signals"
%token KW_SIGNUM "signum" KW_SINCE "since" KW_SIZE "size"
%token KW_SIZE_MULT "size-multiplier" KW_SIZE_PARAM "size-param"
%token KW_STATE_FORBID "state-forbidden" KW_STATE_REQUIRED "state-required"
%token KW_STRUCT "struct" KW_SUCCESS "success" KW_SUMMARY "summary"
%token KW_SYSCALL "syscall" KW_TARGET "target" KW_TEST "test"
%token KW_TIMING "timing" KW_TO "to" KW_TRANSFORM "transform"
%token KW_TRANSITION "transition" KW_TYPE "type" KW_UNTESTABLE "untestable"
%token KW_VALUES "values" KW_VERIFY "verify" KW_WHEN "when"
%token KW_API_TYPE "api-type" KW_SCOPE "scope" KW_ARCH_MASK "arch-mask"
%token KW_WITHOUT "without"

%type <kstr> string opt_string
%type <expr> expr
%type <str> ctype ctype_word name
%type <words> words
%type <exprs> exprs opt_exprs

/* No %destructor: what error recovery discards is the file's and goes
 * with it. */

%left TOK_LOR
%left TOK_LAND
%left '|'
%left '^'
%left '&'
%left TOK_EQ TOK_NE
%left '<' '>' TOK_LE TOK_GE
%left TOK_SHL TOK_SHR
%left '+' '-'
%left '*' '/' '%'
%precedence UNARY

%%

/* file: { include | const | license | copyright | spec } */
file
	: %empty
	| file top_item
	;

top_item
	: KW_INCLUDE string ';'              { parse_include(ps, $2, &@2); }
	| const_head ';'
	| const_head '{' const_items block_end
	/* An included file's licence is its own, not the outputs'. */
	| KW_LICENSE string ';'
		{ if (ps->src == ps->file->main) set_kstr(ps, &ps->file->license, $2, "license", &@1); }
	| KW_COPYRIGHT string ';'
		{ if (ps->src == ps->file->main) push(ps, &ps->file->copyrights, &ps->file->ncopyrights, $2); }
	| spec_head '{' spec_items spec_end
	| error ';'                          { yyerrok; }
	| error '}'                          { yyerrok; }
	;

const_head
	: KW_CONST TOK_IDENT '=' expr opt_string
		{
			struct constant *c = push(ps, &ps->file->constants, &ps->file->nconstants,
						  talloc_zero(ps->file->pool, struct constant));
			c->name = $2;
			c->loc = @2;
			c->value = $4;
			c->description = $5;
		}
	;

/* The constant just read is the file's last. */
const_items: %empty | const_items const_item | const_items error ';' { yyerrok; };

const_item
	: KW_SINCE string ';'
		{
			struct constant *c = ps->file->constants[ps->file->nconstants - 1];
			set_kstr(ps, &c->since, $2, "since", &@1);
		}
	;

spec_head
	: spec_kind TOK_IDENT { ps->spec->name = $2; ps->spec->loc = @2; }
	;

spec_kind
	: KW_SYSCALL     { spec_begin(ps, SPEC_SYSCALL); }
	| KW_FUNCTION    { spec_begin(ps, SPEC_FUNCTION); }
	;

spec_end
	: '}'            { spec_done(ps); }
	| error '}'      { spec_done(ps); yyerrok; }
	;

spec_items: %empty | spec_items spec_item | spec_items error ';' { yyerrok; };

spec_item
	: KW_SUMMARY string ';'       { set_kstr(ps, &ps->spec->summary, $2, "summary", &@1); }
	| KW_DESCRIPTION string ';'   { set_kstr(ps, &ps->spec->description, $2, "description", &@1); }
	| KW_CONTEXT words ';'        { set_words(ps, &ps->spec->context, &$2, "context", &@1); }
	| KW_SINCE string ';'         { set_kstr(ps, &ps->spec->since, $2, "since", &@1); }
	| KW_DATE string ';'          { set_kstr(ps, &ps->spec->date, $2, "date", &@1); }
	| KW_DEPRECATED ';'           { set_flag(ps, &ps->spec->deprecated, "deprecated", &@1); }
	| KW_REPLACEMENT string ';'   { set_kstr(ps, &ps->spec->replacement, $2, "replacement", &@1); }
	| KW_EXAMPLES string ';'      { set_kstr(ps, &ps->spec->examples, $2, "examples", &@1); }
	| KW_NOTES string ';'         { set_kstr(ps, &ps->spec->notes, $2, "notes", &@1); }
	| KW_SEE_ALSO see_also ';'
	| KW_MAN_PAGE TOK_IDENT ';'   { set_word(ps, &ps->spec->man_page, $2, &@2, "man-page", &@1); }
	| KW_BASE string ';'          { set_kstr(ps, &ps->spec->base, $2, "base", &@1); }
	| libc_head ';'
	| libc_head '{' libc_items block_end
	| KW_API_TYPE TOK_IDENT ';'   { set_word(ps, &ps->spec->api_type, $2, &@2, "api-type", &@1); }
	| param_head '{' param_items block_end   { ps->param = NULL; }
	| return_head '{' return_items block_end { ps->ret = NULL; }
	| error_head ';'                         { ps->error = NULL; }
	| error_head '{' error_items block_end   { ps->error = NULL; }
	| signal_head '{' signal_items block_end { ps->signal = NULL; }
	| mask_head '{' mask_items block_end     { ps->mask = NULL; }
	| lock_head '{' lock_items block_end     { ps->lock = NULL; }
	| constraint_head '{' constraint_items block_end { ps->constraint = NULL; }
	| effect_head '{' effect_items block_end { ps->effect = NULL; }
	| transition_head '{' transition_items block_end { ps->transition = NULL; }
	| capability_head '{' capability_items block_end { ps->cap = NULL; }
	| struct_head '{' struct_items block_end { ps->sspec = NULL; }
	| test_head '{' test_items block_end     { ps->test = NULL; }
	;

/* A block closes at its `}`; an error inside resynchronises there. */
block_end
	: '}'
	| error '}'                          { yyerrok; }
	;

/* libc "PROTOTYPE" [ '{' header "H"; glibc "X.Y"; '}' ] */
libc_head
	: KW_LIBC string
		{
			struct libc_binding *l = talloc_zero(ps->file->pool, struct libc_binding);

			if (ps->spec->libc)
				duplicate(ps, "libc", &ps->spec->libc->loc, &@1);
			l->prototype = $2;
			l->loc = @2;
			ps->spec->libc = l;
		}
	;

libc_items: %empty | libc_items libc_item | libc_items error ';' { yyerrok; };

libc_item
	: KW_HEADER string ';'        { set_kstr(ps, &ps->spec->libc->header, $2, "header", &@1); }
	| KW_GLIBC string ';'         { set_kstr(ps, &ps->spec->libc->glibc, $2, "glibc", &@1); }
	;

/* param NAME ':' CTYPE '{' ... '}' */
param_head
	: KW_PARAM TOK_IDENT ':' ctype
		{
			struct param *p = push(ps, &ps->spec->params, &ps->spec->nparams,
					       talloc_zero(ps->file->pool, struct param));
			p->name = $2;
			p->loc = @2;
			p->ctype = $4;
			p->ctype_loc = @4;
			p->index = -1;
			ps->param = p;
		}
	;

param_items: %empty | param_items param_item | param_items error ';' { yyerrok; };

param_item
	: KW_SUMMARY string ';'      { set_kstr(ps, &ps->param->summary, $2, "summary", &@1); }
	| KW_CONSTRAINT string ';'   { set_kstr(ps, &ps->param->constraint_text, $2, "constraint", &@1); }
	| KW_FLAGS words ';'         { set_words(ps, &ps->param->flags, &$2, "flags", &@1); }
	| KW_TYPE TOK_IDENT ';'      { set_word(ps, &ps->param->type, $2, &@2, "type", &@1); }
	| KW_CHECK TOK_IDENT ';'     { set_word(ps, &ps->param->check, $2, &@2, "check", &@1); }
	| KW_RANGE expr TOK_DOTDOT expr ';' { set_range(ps, &ps->param->range, $2, $4, &@$, "range", &@1); }
	| KW_MASK expr ';'           { set_expr(ps, &ps->param->mask, $2, "mask", &@1); }
	| KW_MASK KW_DOCUMENTING expr ';'
		{
			set_expr(ps, &ps->param->mask, $3, "mask", &@1);
			ps->param->mask_documenting = true;
		}
	| KW_VALUES exprs ';'
		{
			if (ps->param->values)
				duplicate(ps, "values", &ps->param->values_loc, &@1);
			ps->param->values = $2.items;
			ps->param->nvalues = $2.count;
			ps->param->values_loc = @1;
		}
	| KW_SIZE expr ';'           { set_expr(ps, &ps->param->size, $2, "size", &@1); }
	| KW_ALIGN expr ';'          { set_expr(ps, &ps->param->alignment, $2, "align", &@1); }
	| KW_SIZE_PARAM TOK_IDENT ';' { set_word(ps, &ps->param->size_param, $2, &@2, "size-param", &@1); }
	| KW_SIZE_MULT expr ';'      { set_expr(ps, &ps->param->size_multiplier, $2, "size-multiplier", &@1); }
	| KW_ARCH_MASK TOK_IDENT '=' expr ';'
		{
			word_push(ps, &ps->param->arch_masks, $2, &@2);
			push(ps, &ps->param->arch_mask_values, &ps->param->narch_mask_values, $4);
		}
	;

/* return CTYPE '{' ... '}' */
return_head
	: KW_RETURN ctype
		{
			if (ps->spec->ret)
				duplicate(ps, "return", &ps->spec->ret->loc, &@1);
			ps->ret = talloc_zero(ps->file->pool, struct ret);
			ps->ret->loc = @1;
			ps->ret->ctype = $2;
			ps->spec->ret = ps->ret;
		}
	;

return_items: %empty | return_items return_item | return_items error ';' { yyerrok; };

return_item
	: KW_SUMMARY string ';'      { set_kstr(ps, &ps->ret->summary, $2, "summary", &@1); }
	| KW_TYPE TOK_IDENT ';'      { set_word(ps, &ps->ret->type, $2, &@2, "type", &@1); }
	| KW_CHECK TOK_IDENT ';'     { set_word(ps, &ps->ret->check, $2, &@2, "check", &@1); }
	| KW_SUCCESS expr ';'        { set_expr(ps, &ps->ret->success, $2, "success", &@1); }
	| KW_SUCCESS expr TOK_DOTDOT expr ';' { set_range(ps, &ps->ret->success_range, $2, $4, &@$, "success", &@1); }
	| KW_ERRORS words ';'
		{
			if (ps->ret->error_values)
				duplicate(ps, "errors", &ps->ret->error_values[0].loc, &@1);
			ps->ret->error_values = $2.items;
			ps->ret->nerror_values = $2.count;
		}
	;

/* error ECODE "condition" [ '{' ... '}' ] */
error_head
	: KW_ERROR TOK_IDENT string
		{
			struct error *e = push(ps, &ps->spec->errors, &ps->spec->nerrors,
					       talloc_zero(ps->file->pool, struct error));
			e->code.name = $2;
			e->code.loc = @2;
			e->loc = @2;
			e->condition = $3;
			e->index = -1;
			ps->error = e;
		}
	;

error_items: %empty | error_items error_item | error_items error ';' { yyerrok; };

error_item
	: KW_DESCRIPTION string ';'  { set_kstr(ps, &ps->error->description, $2, "description", &@1); }
	| KW_WHEN expr ';'           { set_expr(ps, &ps->error->when, $2, "when", &@1); }
	| KW_UNTESTABLE string ';'   { set_kstr(ps, &ps->error->untestable, $2, "untestable", &@1); }
	| KW_AFTER words ';'         { set_words(ps, &ps->error->after, &$2, "after", &@1); }
	| test_head '{' test_items block_end { ps->test = NULL; }
	;

/* test "name" '{' setup ...; args p = v, ...; verify ...; '}' */
test_head
	: KW_TEST string
		{
			struct testcase *t = talloc_zero(ps->file->pool, struct testcase);
			struct error *e = ps->error;

			t->name = $2;
			t->loc = @2;
			t->error = e;
			if (e)
				push(ps, &e->tests, &e->ntests, t);
			else
				push(ps, &ps->spec->tests, &ps->spec->ntests, t);
			ps->test = t;
		}
	;

test_items: %empty | test_items test_item | test_items error ';' { yyerrok; };

test_item
	: KW_SETUP exprs ';'  { append(ps, &ps->test->setups, &ps->test->nsetups, $2); }
	| KW_ARGS bindings ';'
	| KW_VERIFY exprs ';' { append(ps, &ps->test->verifies, &ps->test->nverifies, $2); }
	;

bindings
	: binding
	| bindings ',' binding
	;

binding
	: TOK_IDENT '=' expr
		{
			struct testcase *t = ps->test;

			t->args = util_grow(ps->file->pool, t->args, t->nargs, sizeof *t->args);
			t->args[t->nargs++] = (struct arg_binding){
				.param_name = $1, .loc = @1, .value = $3,
			};
		}
	| TOK_IDENT '=' string
		{
			struct testcase *t = ps->test;

			t->args = util_grow(ps->file->pool, t->args, t->nargs, sizeof *t->args);
			t->args[t->nargs++] = (struct arg_binding){
				.param_name = $1, .loc = @1, .string = $3,
			};
		}
	;

/* signal NAME '{' ... '}' */
signal_head
	: KW_SIGNAL TOK_IDENT
		{
			ps->signal = push(ps, &ps->spec->signals, &ps->spec->nsignals,
					  talloc_zero(ps->file->pool, struct signal));
			ps->signal->name = $2;
			ps->signal->loc = @2;
		}
	;

signal_items: %empty | signal_items signal_item | signal_items error ';' { yyerrok; };

signal_item
	: KW_SIGNUM expr ';'          { set_expr(ps, &ps->signal->signum, $2, "signum", &@1); }
	| KW_DIRECTION words ';'      { set_words(ps, &ps->signal->direction, &$2, "direction", &@1); }
	| KW_ACTION TOK_IDENT ';'     { set_word(ps, &ps->signal->action, $2, &@2, "action", &@1); }
	| KW_TARGET string ';'        { set_kstr(ps, &ps->signal->target, $2, "target", &@1); }
	| KW_CONDITION string ';'     { set_kstr(ps, &ps->signal->condition, $2, "condition", &@1); }
	| KW_DESCRIPTION string ';'   { set_kstr(ps, &ps->signal->description, $2, "description", &@1); }
	| KW_RESTARTABLE ';'          { set_flag(ps, &ps->signal->restartable, "restartable", &@1); }
	| KW_SA_REQUIRED expr ';'     { set_expr(ps, &ps->signal->sa_flags_required, $2, "sa-flags-required", &@1); }
	| KW_SA_FORBID expr ';'       { set_expr(ps, &ps->signal->sa_flags_forbidden, $2, "sa-flags-forbidden", &@1); }
	| KW_ERROR TOK_IDENT ';'      { set_word(ps, &ps->signal->error, $2, &@2, "error", &@1); }
	| KW_TRANSFORM TOK_IDENT ';'  { set_word(ps, &ps->signal->transform, $2, &@2, "transform", &@1); }
	| KW_TIMING TOK_IDENT ';'     { set_word(ps, &ps->signal->timing, $2, &@2, "timing", &@1); }
	| KW_PRIORITY expr ';'        { set_expr(ps, &ps->signal->priority, $2, "priority", &@1); }
	| KW_INTERRUPTIBLE ';'        { set_flag(ps, &ps->signal->interruptible, "interruptible", &@1); }
	| KW_QUEUE string ';'         { set_kstr(ps, &ps->signal->queue, $2, "queue", &@1); }
	| KW_STATE_REQUIRED expr ';'  { set_expr(ps, &ps->signal->state_required, $2, "state-required", &@1); }
	| KW_STATE_FORBID expr ';'    { set_expr(ps, &ps->signal->state_forbidden, $2, "state-forbidden", &@1); }
	;

/* signal-mask NAME '{' description ...; signals A, B; '}' */
mask_head
	: KW_SIGNAL_MASK TOK_IDENT
		{
			ps->mask = push(ps, &ps->spec->masks, &ps->spec->nmasks,
					talloc_zero(ps->file->pool, struct signal_mask));
			ps->mask->name = $2;
			ps->mask->loc = @2;
		}
	;

mask_items: %empty | mask_items mask_item | mask_items error ';' { yyerrok; };

mask_item
	: KW_DESCRIPTION string ';'   { set_kstr(ps, &ps->mask->description, $2, "description", &@1); }
	| KW_SIGNALS words ';'        { set_words(ps, &ps->mask->signals, &$2, "signals", &@1); }
	;

/* lock NAME ':' KIND '{' ... '}' */
lock_head
	: KW_LOCK name ':' TOK_IDENT
		{
			struct lock *l = push(ps, &ps->spec->locks, &ps->spec->nlocks,
					      talloc_zero(ps->file->pool, struct lock));
			l->name = $2;
			l->loc = @2;
			l->kind.name = $4;
			l->kind.loc = @4;
			ps->lock = l;
		}
	;

lock_items: %empty | lock_items lock_item | lock_items error ';' { yyerrok; };

lock_item
	: KW_DESCRIPTION string ';'
		{
			/* Kept in order: C lets the last one win, and a faithful
			 * transcription must be able to say both. */
			if (ps->lock->ndescriptions)
				duplicate(ps, "description",
					  &ps->lock->descriptions[0]->loc, &@1);
			push(ps, &ps->lock->descriptions, &ps->lock->ndescriptions, $2);
		}
	| KW_ACQUIRED ';'             { set_flag(ps, &ps->lock->acquired, "acquired", &@1); }
	| KW_RELEASED ';'             { set_flag(ps, &ps->lock->released, "released", &@1); }
	| KW_HELD_ENTRY ';'           { set_flag(ps, &ps->lock->held_entry, "held-on-entry", &@1); }
	| KW_HELD_EXIT ';'            { set_flag(ps, &ps->lock->held_exit, "held-on-exit", &@1); }
	| KW_SCOPE TOK_IDENT ';'      { set_word(ps, &ps->lock->scope, $2, &@2, "scope", &@1); }
	;

/* constraint NAME '{' description ...; expr EXPR; '}' */
constraint_head
	: KW_CONSTRAINT string
		{
			ps->constraint = push(ps, &ps->spec->constraints, &ps->spec->nconstraints,
					      talloc_zero(ps->file->pool, struct constraint));
			ps->constraint->name = $2;
			ps->constraint->loc = @2;
		}
	;

constraint_items: %empty | constraint_items constraint_item | constraint_items error ';' { yyerrok; };

constraint_item
	: KW_DESCRIPTION string ';'   { set_kstr(ps, &ps->constraint->description, $2, "description", &@1); }
	| KW_EXPR expr ';'            { set_expr(ps, &ps->constraint->expr, $2, "expr", &@1); }
	| KW_EXPR string ';'          { set_kstr(ps, &ps->constraint->expr_text, $2, "expr", &@1); }
	;

/* effect "target" '{' kind ...; description ...; ... '}' */
effect_head
	: KW_EFFECT string
		{
			ps->effect = push(ps, &ps->spec->effects, &ps->spec->neffects,
					  talloc_zero(ps->file->pool, struct effect));
			ps->effect->target = $2;
			ps->effect->loc = @2;
		}
	;

effect_items: %empty | effect_items effect_item | effect_items error ';' { yyerrok; };

effect_item
	: KW_KIND words ';'           { set_words(ps, &ps->effect->kind, &$2, "kind", &@1); }
	| KW_DESCRIPTION string ';'   { set_kstr(ps, &ps->effect->description, $2, "description", &@1); }
	| KW_CONDITION string ';'     { set_kstr(ps, &ps->effect->condition, $2, "condition", &@1); }
	| KW_REVERSIBLE ';'           { set_flag(ps, &ps->effect->reversible, "reversible", &@1); }
	| KW_VERIFY expr ';'          { set_expr(ps, &ps->effect->verify, $2, "verify", &@1); }
	| KW_WHEN expr ';'            { set_expr(ps, &ps->effect->when, $2, "when", &@1); }
	;

/* transition "object" '{' from ...; to ...; ... '}' */
transition_head
	: KW_TRANSITION string
		{
			ps->transition = push(ps, &ps->spec->transitions, &ps->spec->ntransitions,
					      talloc_zero(ps->file->pool, struct transition));
			ps->transition->object = $2;
			ps->transition->loc = @2;
		}
	;

transition_items: %empty | transition_items transition_item | transition_items error ';' { yyerrok; };

transition_item
	: KW_FROM string ';'          { set_kstr(ps, &ps->transition->from, $2, "from", &@1); }
	| KW_TO string ';'            { set_kstr(ps, &ps->transition->to, $2, "to", &@1); }
	| KW_DESCRIPTION string ';'   { set_kstr(ps, &ps->transition->description, $2, "description", &@1); }
	| KW_CONDITION string ';'     { set_kstr(ps, &ps->transition->condition, $2, "condition", &@1); }
	;

/* capability CAP_X '{' action ...; allows ...; ... '}' */
capability_head
	: KW_CAPABILITY TOK_IDENT
		{
			ps->cap = push(ps, &ps->spec->caps, &ps->spec->ncaps,
				       talloc_zero(ps->file->pool, struct capability));
			ps->cap->cap.name = $2;
			ps->cap->cap.loc = @2;
			ps->cap->loc = @2;
		}
	;

capability_items: %empty | capability_items capability_item | capability_items error ';' { yyerrok; };

capability_item
	: KW_ACTION TOK_IDENT ';'     { set_word(ps, &ps->cap->action, $2, &@2, "action", &@1); }
	| KW_ALLOWS string ';'        { set_kstr(ps, &ps->cap->allows, $2, "allows", &@1); }
	| KW_WITHOUT string ';'       { set_kstr(ps, &ps->cap->without, $2, "without", &@1); }
	| KW_CONDITION string ';'     { set_kstr(ps, &ps->cap->condition, $2, "condition", &@1); }
	| KW_PRIORITY expr ';'        { set_expr(ps, &ps->cap->priority, $2, "priority", &@1); }
	| KW_ALTERNATIVES words ';'   { set_words(ps, &ps->cap->alternatives, &$2, "alternatives", &@1); }
	;

/* struct NAME '{' description ...; size ...; align ...; field ... '}' */
struct_head
	: KW_STRUCT TOK_IDENT
		{
			ps->sspec = push(ps, &ps->spec->structs, &ps->spec->nstructs,
					 talloc_zero(ps->file->pool, struct struct_spec));
			ps->sspec->name = $2;
			ps->sspec->loc = @2;
		}
	;

struct_items: %empty | struct_items struct_item | struct_items error ';' { yyerrok; };

struct_item
	: KW_DESCRIPTION string ';'   { set_kstr(ps, &ps->sspec->description, $2, "description", &@1); }
	| KW_SIZE expr ';'            { set_expr(ps, &ps->sspec->size, $2, "size", &@1); }
	| KW_ALIGN expr ';'           { set_expr(ps, &ps->sspec->alignment, $2, "align", &@1); }
	| field_head '{' field_items block_end { ps->field = NULL; }
	;

field_head
	: KW_FIELD TOK_IDENT ':' ctype
		{
			ps->field = push(ps, &ps->sspec->fields, &ps->sspec->nfields,
					 talloc_zero(ps->file->pool, struct field));
			ps->field->name = $2;
			ps->field->loc = @2;
			ps->field->ctype = $4;
		}
	;

field_items: %empty | field_items field_item | field_items error ';' { yyerrok; };

field_item
	: KW_TYPE TOK_IDENT ';'       { set_word(ps, &ps->field->type, $2, &@2, "type", &@1); }
	| KW_DESCRIPTION string ';'   { set_kstr(ps, &ps->field->description, $2, "description", &@1); }
	| KW_OFFSET expr ';'          { set_expr(ps, &ps->field->offset, $2, "offset", &@1); }
	| KW_SIZE expr ';'            { set_expr(ps, &ps->field->size, $2, "size", &@1); }
	| KW_FLAGS words ';'          { set_words(ps, &ps->field->flags, &$2, "flags", &@1); }
	| KW_RANGE expr TOK_DOTDOT expr ';' { set_range(ps, &ps->field->range, $2, $4, &@$, "range", &@1); }
	| KW_MASK expr ';'            { set_expr(ps, &ps->field->mask, $2, "mask", &@1); }
	| KW_VALUES exprs ';'
		{
			if (ps->field->values)
				duplicate(ps, "values", &ps->field->loc, &@1);
			ps->field->values = $2.items;
			ps->field->nvalues = $2.count;
		}
	;

/* A lock or constraint name: an identifier or, for names that are not
 * identifiers (mm->mmap_lock), a string. */
name
	: TOK_IDENT                   { $$ = $1; }
	| string                      { $$ = $1->text; }
	;

/* C type as written: words and stars, normalised to `const char *`. */
ctype
	: ctype_word                  { $$ = $1; }
	| ctype ctype_word
		{
			bool glue = strcmp($2, "*") == 0 && $1[strlen($1) - 1] == '*';
			$$ = talloc_asprintf(ps->file->pool, "%s%s%s", $1, glue ? "" : " ", $2);
		}
	;

ctype_word
	: TOK_IDENT                   { $$ = $1; }
	| '*'                         { $$ = talloc_strdup(ps->file->pool, "*"); }
	;

words
	: TOK_IDENT
		{
			$$ = (struct wordlist){ .loc = @1 };
			word_push(ps, &$$, $1, &@1);
		}
	| words ',' TOK_IDENT
		{
			$$ = $1;
			word_push(ps, &$$, $3, &@3);
			$$.loc.last_offset = @3.last_offset;
		}
	;

see_also
	: string                      { push(ps, &ps->spec->see_also, &ps->spec->nsee_also, $1); }
	| see_also ',' string         { push(ps, &ps->spec->see_also, &ps->spec->nsee_also, $3); }
	;

/* Adjacent literals concatenate, as in C. */
string
	: literals                    { $$ = kstr_new(ps, &@$); }
	;

literals
	: TOK_STRING                  { ps->nliterals = 0; model_push(NULL, &ps->literals, &ps->nliterals, $1); }
	| literals TOK_STRING         { model_push(NULL, &ps->literals, &ps->nliterals, $2); }
	;

opt_string
	: %empty                      { $$ = NULL; }
	| string                      { $$ = $1; }
	;

exprs
	: expr                        { $$ = (struct expr_list){ 0 }; push(ps, &$$.items, &$$.count, $1); }
	| exprs ',' expr              { $$ = $1; push(ps, &$$.items, &$$.count, $3); }
	;

opt_exprs
	: %empty                      { $$ = (struct expr_list){ 0 }; }
	| exprs                       { $$ = $1; }
	;

/* Integer constant expressions with C's operators and precedence. */
expr
	: TOK_INT
		{
			$$ = expr_new(ps, EXPR_INT, OP_NONE, &@$);
			$$->literal = $1;
		}
	| TOK_IDENT
		{
			$$ = expr_new(ps, EXPR_NAME, OP_NONE, &@$);
			$$->name = $1;
		}
	| TOK_IDENT '(' opt_exprs ')'
		{
			$$ = expr_new(ps, EXPR_CALL, OP_NONE, &@$);
			$$->name = $1;
			$$->args = $3.items;
			$$->nargs = $3.count;
			for (size_t i = 0; i < $$->nargs; i++)
				if ($$->args[i]->depth >= $$->depth)
					$$->depth = $$->args[i]->depth + 1;
		}
	| '(' expr ')'
		{
			$$ = $2;
			$$->loc = @$;
		}
	| '-' expr %prec UNARY        { $$ = expr_bin(ps, OP_NEG, $2, NULL, &@$); }
	| '~' expr %prec UNARY        { $$ = expr_bin(ps, OP_NOT, $2, NULL, &@$); }
	| '!' expr %prec UNARY        { $$ = expr_bin(ps, OP_LNOT, $2, NULL, &@$); }
	| expr '*' expr               { $$ = expr_bin(ps, OP_MUL, $1, $3, &@$); }
	| expr '/' expr               { $$ = expr_bin(ps, OP_DIV, $1, $3, &@$); }
	| expr '%' expr               { $$ = expr_bin(ps, OP_MOD, $1, $3, &@$); }
	| expr '+' expr               { $$ = expr_bin(ps, OP_ADD, $1, $3, &@$); }
	| expr '-' expr               { $$ = expr_bin(ps, OP_SUB, $1, $3, &@$); }
	| expr TOK_SHL expr           { $$ = expr_bin(ps, OP_SHL, $1, $3, &@$); }
	| expr TOK_SHR expr           { $$ = expr_bin(ps, OP_SHR, $1, $3, &@$); }
	| expr '<' expr               { $$ = expr_bin(ps, OP_LT, $1, $3, &@$); }
	| expr TOK_LE expr            { $$ = expr_bin(ps, OP_LE, $1, $3, &@$); }
	| expr '>' expr               { $$ = expr_bin(ps, OP_GT, $1, $3, &@$); }
	| expr TOK_GE expr            { $$ = expr_bin(ps, OP_GE, $1, $3, &@$); }
	| expr TOK_EQ expr            { $$ = expr_bin(ps, OP_EQ, $1, $3, &@$); }
	| expr TOK_NE expr            { $$ = expr_bin(ps, OP_NE, $1, $3, &@$); }
	| expr '&' expr               { $$ = expr_bin(ps, OP_AND, $1, $3, &@$); }
	| expr '^' expr               { $$ = expr_bin(ps, OP_XOR, $1, $3, &@$); }
	| expr '|' expr               { $$ = expr_bin(ps, OP_OR, $1, $3, &@$); }
	| expr TOK_LAND expr          { $$ = expr_bin(ps, OP_LAND, $1, $3, &@$); }
	| expr TOK_LOR expr           { $$ = expr_bin(ps, OP_LOR, $1, $3, &@$); }
	;

%%

/* The names of the KW_ tokens are the one table of keywords; they are
 * declared in order, so a binary search finds them. */
void parse_keywords(struct nameset *keywords, TALLOC_CTX *ctx)
{
	_Static_assert(KW_WITHOUT - KW_ACQUIRED == YYSYMBOL_KW_WITHOUT - YYSYMBOL_KW_ACQUIRED,
		       "keyword tokens and their symbols are in the same order");
	nameset_init(keywords, ctx, KW_WITHOUT - KW_ACQUIRED + 1);
	for (int sym = YYSYMBOL_KW_ACQUIRED; sym <= YYSYMBOL_KW_WITHOUT; sym++)
		nameset_add(keywords, yysymbol_name((yysymbol_kind_t)sym),
			    (void *)(intptr_t)(KW_ACQUIRED + (sym - YYSYMBOL_KW_ACQUIRED)));
}

/* A token's name for messages: keywords and punctuators quoted. */
static const char *token_name(yysymbol_kind_t sym, char *buf, size_t len)
{
	const char *name = yysymbol_name(sym);

	if (sym >= YYSYMBOL_TOK_DOTDOT && sym <= YYSYMBOL_KW_WITHOUT) {
		snprintf(buf, len, "'%s'", name);
		return buf;
	}
	return name;
}

enum { MAX_EXPECTED = 64 };

/* An unknown word where a statement starts, said with the keywords that
 * could have been there. */
static void unknown_keyword(struct parse_state *ps, const struct loc *loc,
			    const yysymbol_kind_t *expected, int n)
{
	const char *words[MAX_EXPECTED];
	size_t nwords = 0;
	const char *word = ps->last_word;

	for (int i = 0; i < n; i++)
		if (expected[i] >= YYSYMBOL_KW_ACQUIRED && expected[i] <= YYSYMBOL_KW_WITHOUT)
			words[nwords++] = yysymbol_name(expected[i]);
	const char *best = word ? diag_closest(word, words, nwords) : NULL;
	if (best)
		diag_report(ps->diag, DIAG_ERROR, loc, "syntax",
			    "unknown keyword '%s'; did you mean '%s'?", word, best);
	else
		diag_report(ps->diag, DIAG_ERROR, loc, "syntax",
			    "unknown keyword '%s'", word ? word : "?");
	if (!best && nwords) {
		struct strbuf *sb = strbuf_new(ps->file);

		for (size_t i = 0; i < nwords; i++)
			strbuf_addf(sb, "%s%s", i ? ", " : "", words[i]);
		diag_hint(ps->diag, "expected one of: %s", sb->data);
		talloc_free(sb);
	}
}

static int yyreport_syntax_error(const yypcontext_t *ctx,
				 struct parse_state *ps)
{
	yysymbol_kind_t expected[MAX_EXPECTED];
	yysymbol_kind_t look = yypcontext_token(ctx);
	const struct loc *loc = yypcontext_location(ctx);
	int n = yypcontext_expected_tokens(ctx, expected, MAX_EXPECTED);
	char buf[64];

	if (look == YYSYMBOL_TOK_LEXERROR || ps->lexical_error_pending) {
		/* The scanner has said what is wrong already. */
		ps->lexical_error_pending = false;
		return 0;
	}
	if (look == YYSYMBOL_TOK_UNKNOWN_KEYWORD) {
		unknown_keyword(ps, loc, expected, n);
		return 0;
	}
	struct strbuf *sb = strbuf_new(ps->file);
	strbuf_addf(sb, "unexpected %s", token_name(look, buf, sizeof buf));
	for (int i = 0; n <= 5 && i < n; i++)
		strbuf_addf(sb, "%s%s", i == 0 ? ", expected " : i == n - 1 ? " or " : ", ",
			    token_name(expected[i], buf, sizeof buf));
	diag_report(ps->diag, DIAG_ERROR, loc, "syntax", "%s", sb->data);
	if (look == YYSYMBOL_YYEOF)
		diag_hint(ps->diag, "the input ends inside a block; is a '}' missing?");
	talloc_free(sb);
	return 0;
}
