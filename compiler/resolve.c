#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "expr.h"
#include "fixtures.h"
#include "resolve.h"
#include "strbuf.h"
#include "util.h"

/* --- Which field takes which words. --- */

#define ONE(type, field) offsetof(type, field), NO_COUNT
#define LIST(type, field) offsetof(type, field.items), offsetof(type, field.count)
#define VOCAB(v) &vocab_##v, NULL, WORDS_VOCAB, NULL, NULL
#define ERRNO(msg) NULL, &errno_table, WORDS_ERRNO, msg, NULL
#define SIGNAL(msg, hint) NULL, &signal_table, WORDS_SIGNAL, msg, hint
#define CAPABILITY NULL, &capability_table, WORDS_CAPABILITY, \
	"unknown capability '%s'%s", NULL

/* A node's fields in the order of its block; a node kind may come back
 * later, so that each check meets its words in the order it reports them
 * (a return's type before the signals, its errno names after). */
static const struct word_slot slots[] = {
	{ NODE_SPEC, LIST(struct spec, context), VOCAB(context) },
	{ NODE_SPEC, ONE(struct spec, api_type), VOCAB(api_type) },
	{ NODE_PARAM, LIST(struct param, flags), VOCAB(param_flag) },
	{ NODE_PARAM, ONE(struct param, type), VOCAB(param_type) },
	{ NODE_PARAM, ONE(struct param, check), VOCAB(constraint_kind) },
	{ NODE_PARAM, LIST(struct param, arch_masks), VOCAB(arch) },
	{ NODE_RET, ONE(struct ret, type), VOCAB(param_type) },
	{ NODE_RET, ONE(struct ret, check), VOCAB(return_check) },
	{ NODE_ERROR, ONE(struct error, code), ERRNO("unknown errno name '%s'%s") },
	{ NODE_ERROR, LIST(struct error, after), ERRNO("unknown errno name '%s'%s") },
	{ NODE_SIGNAL, ONE(struct signal, error), ERRNO("unknown errno name '%s'%s") },
	{ NODE_SIGNAL, ONE(struct signal, name_word),
	  SIGNAL("'%s' is not a signal name%s",
		 "a group of signals needs an explicit number: signum 0;") },
	{ NODE_SIGNAL, ONE(struct signal, transform), SIGNAL("unknown signal '%s'%s", NULL) },
	{ NODE_SIGNAL, LIST(struct signal, direction), VOCAB(signal_direction) },
	{ NODE_SIGNAL, ONE(struct signal, action), VOCAB(signal_action) },
	{ NODE_SIGNAL, ONE(struct signal, timing), VOCAB(signal_timing) },
	/* Listed return errors get no suggestion: the list is the spec's. */
	{ NODE_RET, offsetof(struct ret, error_values), offsetof(struct ret, nerror_values),
	  NULL, &errno_table, WORDS_ERRNO, "unknown errno name '%s'", NULL },
	{ NODE_MASK, LIST(struct signal_mask, signals), SIGNAL("unknown signal '%s'%s", NULL) },
	{ NODE_LOCK, ONE(struct lock, kind), VOCAB(lock_kind) },
	{ NODE_LOCK, ONE(struct lock, scope), VOCAB(lock_scope) },
	{ NODE_EFFECT, LIST(struct effect, kind), VOCAB(effect) },
	{ NODE_CAP, ONE(struct capability, cap), CAPABILITY },
	{ NODE_CAP, LIST(struct capability, alternatives), CAPABILITY },
	{ NODE_CAP, ONE(struct capability, action), VOCAB(cap_action) },
	{ NODE_FIELD, ONE(struct field, type), VOCAB(param_type) },
	{ NODE_FIELD, LIST(struct field, flags), VOCAB(param_flag) },
};
#define NSLOTS (sizeof slots / sizeof slots[0])

/* The nodes of KIND in S: an array of COUNT pointers, or ONE. */
static void **nodes_of(struct spec *s, enum node_kind kind, size_t *count,
		       void *one[1])
{
	switch (kind) {
	case NODE_SPEC: *count = 1; one[0] = s; return one;
	case NODE_RET: *count = !!s->ret; one[0] = s->ret; return one;
	case NODE_PARAM: *count = s->nparams; return (void **)s->params;
	case NODE_ERROR: *count = s->nerrors; return (void **)s->errors;
	case NODE_SIGNAL: *count = s->nsignals; return (void **)s->signals;
	case NODE_MASK: *count = s->nmasks; return (void **)s->masks;
	case NODE_LOCK: *count = s->nlocks; return (void **)s->locks;
	case NODE_EFFECT: *count = s->neffects; return (void **)s->effects;
	case NODE_CAP: *count = s->ncaps; return (void **)s->caps;
	case NODE_FIELD: break;
	}
	*count = 0;
	return NULL;
}

/* FN on each word of NODE in slots [FIRST, LAST) under CHECK. */
static void node_words(char *node, size_t first, size_t last,
		       enum word_check check, word_fn fn, void *arg)
{
	for (size_t i = first; i < last; i++) {
		const struct word_slot *slot = &slots[i];
		struct word *w = (struct word *)(node + slot->words);
		size_t n = 1;

		if (slot->check != check)
			continue;
		if (slot->count != NO_COUNT) {
			w = *(struct word **)(node + slot->words);
			n = *(size_t *)(node + slot->count);
		}
		for (size_t j = 0; j < n; j++)
			if (w[j].name)
				fn(arg, slot, &w[j]);
	}
}

void words_each(struct spec *s, enum word_check check, word_fn fn, void *arg)
{
	for (size_t first = 0, last; first < NSLOTS; first = last) {
		enum node_kind kind = slots[first].node;
		size_t n;
		void *one[1];
		void **nodes = nodes_of(s, kind, &n, one);

		for (last = first + 1; last < NSLOTS && slots[last].node == kind; last++)
			;
		for (size_t i = 0; i < n; i++)
			node_words(nodes[i], first, last, check, fn, arg);
		/* Fields are the nodes of nodes. */
		for (size_t i = 0; kind == NODE_FIELD && i < s->nstructs; i++)
			for (size_t j = 0; j < s->structs[i]->nfields; j++)
				node_words((char *)s->structs[i]->fields[j], first,
					   last, check, fn, arg);
	}
}

static void resolve_word(void *arg, const struct word_slot *slot,
			 struct word *w)
{
	(void)arg;
	if (slot->vocab)
		w->entry = vocab_find(slot->vocab, w->name);
	else
		w->known = named_find(slot->names, w->name);
}

/* --- Expressions and their roles. --- */

bool role_allows_params(enum expr_role role)
{
	return role == ROLE_CONDITION || role == ROLE_TEST_VERIFY ||
	       role == ROLE_EFFECT_VERIFY;
}

bool role_allows_calls(enum expr_role role)
{
	return role == ROLE_TEST_ARG || role == ROLE_TEST_SETUP ||
	       role == ROLE_TEST_VERIFY || role == ROLE_EFFECT_VERIFY;
}

#define VISIT(e, role, what) do { if (e) fn(arg, s, (e), (role), (what)); } while (0)

void exprs_of_constants(struct kapi_file *f, expr_fn fn, void *arg)
{
	struct spec *s = NULL;

	for (size_t i = 0; i < f->nconstants; i++)
		VISIT(f->constants[i]->value, ROLE_CONST, "a constant");
}

static void range_exprs(struct spec *s, struct range *r, const char *what,
			expr_fn fn, void *arg)
{
	if (r) {
		fn(arg, s, r->min, ROLE_CONST, what);
		fn(arg, s, r->max, ROLE_CONST, what);
	}
}

static void test_exprs(struct spec *s, struct testcase *t, expr_fn fn,
		       void *arg)
{
	for (size_t i = 0; i < t->nsetups; i++)
		VISIT(t->setups[i], ROLE_TEST_SETUP, "a test set-up");
	for (size_t i = 0; i < t->nargs; i++)
		VISIT(t->args[i].value, ROLE_TEST_ARG, "a test argument");
	for (size_t i = 0; i < t->nverifies; i++)
		VISIT(t->verifies[i], ROLE_TEST_VERIFY, "a test verification");
}

static void param_exprs(struct spec *s, struct param *p, expr_fn fn, void *arg)
{
	range_exprs(s, p->range, "a range", fn, arg);
	VISIT(p->mask, ROLE_CONST, "a mask");
	for (size_t j = 0; j < p->nvalues; j++)
		VISIT(p->values[j], ROLE_CONST, "an enum value");
	VISIT(p->size, ROLE_CONST, "a size");
	VISIT(p->alignment, ROLE_CONST, "an alignment");
	VISIT(p->size_multiplier, ROLE_CONST, "a size multiplier");
	for (size_t j = 0; j < p->narch_mask_values; j++)
		VISIT(p->arch_mask_values[j], ROLE_CONST, "an architecture's mask");
}

static void signal_exprs(struct spec *s, struct signal *g, expr_fn fn, void *arg)
{
	VISIT(g->signum, ROLE_SIGNUM, "a signal number");
	VISIT(g->sa_flags_required, ROLE_CONST, "signal action flags");
	VISIT(g->sa_flags_forbidden, ROLE_CONST, "signal action flags");
	VISIT(g->priority, ROLE_CONST, "a priority");
	VISIT(g->state_required, ROLE_CONST, "a state mask");
	VISIT(g->state_forbidden, ROLE_CONST, "a state mask");
}

static void struct_exprs(struct spec *s, struct struct_spec *st, expr_fn fn,
			 void *arg)
{
	VISIT(st->size, ROLE_CONST, "a struct size");
	VISIT(st->alignment, ROLE_CONST, "a struct alignment");
	for (size_t j = 0; j < st->nfields; j++) {
		struct field *fl = st->fields[j];
		VISIT(fl->offset, ROLE_CONST, "a field offset");
		VISIT(fl->size, ROLE_CONST, "a field size");
		range_exprs(s, fl->range, "a range", fn, arg);
		VISIT(fl->mask, ROLE_CONST, "a mask");
		for (size_t m = 0; m < fl->nvalues; m++)
			VISIT(fl->values[m], ROLE_CONST, "an enum value");
	}
}

void exprs_of_spec(struct spec *s, expr_fn fn, void *arg)
{
	for (size_t i = 0; i < s->nparams; i++)
		param_exprs(s, s->params[i], fn, arg);
	if (s->ret) {
		VISIT(s->ret->success, ROLE_CONST, "a success value");
		range_exprs(s, s->ret->success_range, "a success range", fn, arg);
	}
	for (size_t i = 0; i < s->nerrors; i++) {
		VISIT(s->errors[i]->when, ROLE_CONDITION, "a condition");
		for (size_t j = 0; j < s->errors[i]->ntests; j++)
			test_exprs(s, s->errors[i]->tests[j], fn, arg);
	}
	for (size_t i = 0; i < s->ntests; i++)
		test_exprs(s, s->tests[i], fn, arg);
	for (size_t i = 0; i < s->nsignals; i++)
		signal_exprs(s, s->signals[i], fn, arg);
	for (size_t i = 0; i < s->nconstraints; i++)
		VISIT(s->constraints[i]->expr, ROLE_CONDITION, "a constraint");
	for (size_t i = 0; i < s->neffects; i++) {
		VISIT(s->effects[i]->verify, ROLE_EFFECT_VERIFY, "an effect check");
		VISIT(s->effects[i]->when, ROLE_CONDITION, "an effect's condition");
	}
	for (size_t i = 0; i < s->ncaps; i++)
		VISIT(s->caps[i]->priority, ROLE_CONST, "a priority");
	for (size_t i = 0; i < s->nstructs; i++)
		struct_exprs(s, s->structs[i], fn, arg);
}

const struct param *find_param(const struct spec *s, const char *name)
{
	for (size_t i = 0; s && i < s->nparams; i++)
		if (strcmp(s->params[i]->name, name) == 0)
			return s->params[i];
	return NULL;
}

/* --- Resolving and evaluating expressions. --- */

struct resolver {
	struct kapi_file *file;
	struct resolution *res;
	struct spec *spec;
	enum expr_role role;
	struct strbuf *text;            /* an expression's, being interned */
	struct nameset spellings;       /* a C type to its c_spelling */
};

/* A signal name where a signal number is wanted: a built-in of its own,
 * so expressions evaluate it like any other. */
static const struct builtin *signal_builtin(struct resolver *r, const char *name)
{
	const struct named_value *sig = signal_find(name);
	struct builtin *b;

	if (!sig || !(b = talloc_zero(r->file, struct builtin)))
		return NULL;
	b->name = name;
	b->value = (uint64_t)sig->value;
	return b;
}

static void resolve_name(struct expr *e, void *arg)
{
	struct resolver *r = arg;

	if (e->kind == EXPR_CALL) {
		if (role_allows_calls(r->role) && (e->fixture = fixture_find(r->file->fixtures, e->name)))
			e->ref = REF_FIXTURE;
		return;
	}
	if (e->kind != EXPR_NAME)
		return;
	/* A parameter where a constant is needed is resolved too, so that
	 * not-constant can say so rather than calling it unknown. */
	if ((role_allows_params(r->role) || r->role == ROLE_CONST) &&
	    (e->param = find_param(r->spec, e->name)))
		e->ref = REF_PARAM;
	else if ((e->constant = nameset_get(&r->res->constants, e->name))) {
		e->ref = REF_CONST;
		((struct constant *)e->constant)->used = true;
	} else if ((e->builtin = builtin_find(e->name)))
		e->ref = REF_BUILTIN;
	else if (r->role == ROLE_SIGNUM && (e->builtin = signal_builtin(r, e->name)))
		e->ref = REF_BUILTIN;
	else
		r->res->unresolved++;
}

static void evaluate(struct expr *e)
{
	enum expr_status st = expr_eval(e, &e->value, NULL);

	e->has_value = st == EXPR_OK;
	e->is_const = st != EXPR_NOT_CONST;
}

/* E's text as written, blanks squeezed, interned. */
static char *intern_text(struct resolver *r, const struct expr *e)
{
	strbuf_reset(r->text);
	expr_source_text(r->text, e);
	return model_intern(r->file, r->text->data);
}

/* The token of the literal E, which the span of a parenthesised one
 * surrounds with parentheses, blanks and maybe comments. */
static const char *literal_token(const struct expr *e, size_t *len)
{
	const char *s = e->loc.src->text + e->loc.first_offset;
	const char *end = e->loc.src->text + e->loc.last_offset;

	while (s < end && !isalnum((unsigned char)*s)) {
		if (s + 1 < end && s[0] == '/' && s[1] == '*') {
			for (s += 2; s + 1 < end && !(s[0] == '*' && s[1] == '/'); s++)
				;
			s += 2;
		} else if (s + 1 < end && s[0] == '/' && s[1] == '/') {
			while (s < end && *s != '\n')
				s++;
		} else {
			s++;
		}
	}
	for (*len = 0; s + *len < end && isalnum((unsigned char)s[*len]); ++*len)
		;
	return s;
}

/* An integer's spelling, which its C keeps (0x01 stays 0x01), unless it
 * is plain decimal, as C would print it anyway. */
static void keep_spelling(struct expr *e, void *arg)
{
	struct resolver *r = arg;
	size_t len, digits = 0;
	const char *s;

	if (e->kind != EXPR_INT || e->text)
		return;
	s = literal_token(e, &len);
	while (digits < len && s[digits] >= '0' && s[digits] <= '9')
		digits++;
	if (digits < len || (s[0] == '0' && len > 1)) {
		strbuf_reset(r->text);
		strbuf_add(r->text, s, len);
		e->text = model_intern(r->file, r->text->data);
	}
}

/* A root's names, then its value (a constant's waits for every constant
 * to be resolved: see evaluate_constant), then its text as written, for
 * the views, one copy of each text a file: the same few expressions recur
 * in every spec. */
static void resolve_root(void *arg, struct spec *s, struct expr *e,
			 enum expr_role role, const char *what)
{
	struct resolver *r = arg;

	(void)what;
	r->spec = s;
	r->role = role;
	expr_walk(e, resolve_name, r);
	if (s)
		evaluate(e);
	if (e->kind == EXPR_NAME) {     /* the most common, and interned */
		e->text = e->name;
		return;
	}
	e->text = intern_text(r, e);
	expr_walk(e, keep_spelling, r);
}

/* Constants may use constants defined later: evaluate depth first, and
 * leave a cycle unevaluated for constant-cycle to report.  The walk keeps
 * its own stack: by recursion, a chain of 300,000 constants, each defined
 * by the next, overflowed the C stack. */
struct const_stack {
	struct constant **items;
	size_t count;
};

static void push_dependency(struct expr *e, void *arg)
{
	struct const_stack *st = arg;

	if (e->kind != EXPR_NAME || e->ref != REF_CONST)
		return;
	struct constant *dep = (struct constant *)e->constant;
	/* BUSY is on the path being evaluated: a cycle, which
	 * constant-cycle reports even through operators. */
	if (dep->eval_state == EVAL_BUSY)
		dep->eval_state = EVAL_CYCLE;
	else if (dep->eval_state == EVAL_NEW) {
		st->items = util_grow(NULL, st->items, st->count, sizeof *st->items);
		st->items[st->count++] = dep;
	}
}

/* A constant is on the stack until what it uses is evaluated: found on
 * top NEW, it pushes them; found there again, it is evaluated. */
static void evaluate_constant(struct constant *root)
{
	struct const_stack st = { util_grow(NULL, NULL, 0, sizeof *st.items), 1 };

	st.items[0] = root;
	while (st.count) {
		struct constant *c = st.items[st.count - 1];

		if (c->eval_state == EVAL_NEW) {
			c->eval_state = EVAL_BUSY;
			expr_walk(c->value, push_dependency, &st);
			continue;
		}
		st.count--;
		if (c->eval_state == EVAL_DONE)
			continue;       /* used twice, evaluated once */
		evaluate(c->value);
		expr_c_type(c->value, &c->c_wide, &c->c_uns);
		if (c->eval_state == EVAL_BUSY)
			c->eval_state = EVAL_DONE;
	}
	talloc_free(st.items);
}

static bool plain_name_unevaluated(const struct constant *c)
{
	return !c->value->has_value && c->value->kind == EXPR_NAME &&
	       c->value->ref == REF_CONST;
}

#define NEXT(c) ((struct constant *)(c)->value->constant)

/* Every constant of a cycle of plain names (A = B; B = A;) is EVAL_CYCLE,
 * and each chain is walked once: walking it for each of its constants
 * took quadratic time on a cycle of 300,000. */
static void mark_name_cycles(struct kapi_file *file)
{
	enum { ON_WALK = 8, WALKED = 16 };
	struct constant *x;

	for (size_t i = 0; i < file->nconstants; i++) {
		struct constant *c = file->constants[i];

		for (x = c; plain_name_unevaluated(x) && !(x->eval_state & (ON_WALK | WALKED)); x = NEXT(x))
			x->eval_state |= ON_WALK;
		for (; x->eval_state & ON_WALK; x = NEXT(x))     /* back on this walk */
			x->eval_state = EVAL_CYCLE | WALKED;
		for (x = c; x->eval_state & ON_WALK; x = NEXT(x))
			x->eval_state ^= ON_WALK | WALKED;
	}
	for (size_t i = 0; i < file->nconstants; i++)
		file->constants[i]->eval_state &= ~WALKED;
}

/* --- Everything else of a spec: kinds in force, indices, tests. --- */

static enum constraint_kind constraint_in_force(const struct param *p)
{
	if (p->check.name)
		return p->check.entry ? (enum constraint_kind)(p->check.entry -
				vocab_constraint_kind.entries) : CONSTRAINT_UNKNOWN;
	if (p->range)
		return CONSTRAINT_RANGE;
	if (p->mask)        /* a documenting one rejects nothing */
		return p->mask_documenting ? CONSTRAINT_NONE : CONSTRAINT_MASK;
	return p->nvalues ? CONSTRAINT_ENUM : CONSTRAINT_NONE;
}

/* CTYPE as the generated C spells it: each word by ctype_spelling
 * (umode_t is unsigned short there), the rest as written. */
static char *c_spelling(struct resolver *r, const char *ctype)
{
	char *known = (char *)nameset_get(&r->spellings, ctype);

	if (known)
		return known;
	strbuf_reset(r->text);
	for (const char *w = ctype; *w; w += *w == ' ') {
		size_t n = strcspn(w, " ");
		const char *spelt = ctype_spelling(w, n);

		if (w != ctype)
			strbuf_addc(r->text, ' ');
		if (spelt)
			strbuf_adds(r->text, spelt);
		else
			strbuf_add(r->text, w, n);
		w += n;
	}
	known = model_intern(r->file, r->text->data);
	nameset_add(&r->spellings, ctype, known);
	return known;
}

static void resolve_params(struct resolver *r, struct spec *s)
{
	for (size_t i = 0; i < s->nparams; i++) {
		struct param *p = s->params[i];

		p->index = (int)i;
		p->c_ctype = c_spelling(r, p->ctype);
		p->constraint = constraint_in_force(p);
		p->check_kind = p->constraint == CONSTRAINT_UNKNOWN ? p->check.name
			: vocab_constraint_kind.entries[p->constraint].word;
		if (p->size_param.name)
			p->size_param_ref = find_param(s, p->size_param.name);
	}
	if (s->ret)
		s->ret->kind = s->ret->check.entry ? (enum return_kind)(s->ret->check.entry -
				vocab_return_check.entries) : RETURN_UNKNOWN;
}

/* --- The C library binding: its prototype read into types and names. --- */

/* A prototype's tokens: words, `*`, `(`, `)`, `,`, `...` and a `[...]`
 * suffix, each as a string in CTX; NULL and *WHY set at anything else. */
static char **proto_tokens(TALLOC_CTX *ctx, const char *p, size_t *n,
			   const char **why)
{
	char **tok = NULL;

	for (*n = 0; *p; ) {
		size_t len;

		if (isspace((unsigned char)*p)) {
			p++;
			continue;
		}
		if (isalpha((unsigned char)*p) || *p == '_')
			for (len = 1; isalnum((unsigned char)p[len]) || p[len] == '_'; len++)
				;
		else if (strncmp(p, "...", 3) == 0)
			len = 3;
		else if (*p == '[' && strchr(p, ']'))
			len = (size_t)(strchr(p, ']') - p) + 1;
		else if (strchr("*(),;", *p))
			len = 1;
		else {
			*why = talloc_asprintf(ctx, "has '%c', which is no part of a prototype kapic reads", *p);
			return NULL;
		}
		tok = util_grow(ctx, tok, *n, sizeof *tok);
		tok[(*n)++] = talloc_strndup(ctx, p, len);
		p += len;
	}
	return tok;
}

static bool is_word(const char *t)
{
	return isalpha((unsigned char)*t) || *t == '_';
}

/* TOK[FROM, TO) as a C type, spelt as the parser spells one: words apart,
 * stars glued to stars. */
static char *proto_type(TALLOC_CTX *ctx, char **tok, size_t from, size_t to)
{
	char *t = talloc_strdup(ctx, "");

	for (size_t i = from; i < to; i++) {
		bool glue = !*t || (strcmp(tok[i], "*") == 0 && t[strlen(t) - 1] == '*');
		t = talloc_asprintf_append(t, "%s%s", glue ? "" : " ", tok[i]);
	}
	return t;
}

/* One parameter, TOK[FROM, TO): a type, a name and maybe `[...]`. */
static const char *proto_param(struct resolver *r, struct libc_binding *l,
			       char **tok, size_t from, size_t to)
{
	TALLOC_CTX *pool = r->file->pool;
	bool array = to > from && tok[to - 1][0] == '[';
	size_t extra = array ? 1 : 0, name = to - extra - 1;

	if (to - from < 2 + extra || !is_word(tok[name]))
		return talloc_asprintf(pool, "gives parameter %zu no type and name", l->nparams + 1);
	struct libc_param *p = util_grow(pool, l->params, l->nparams, sizeof *p);
	l->params = p;
	p += l->nparams++;
	p->written = proto_type(pool, tok, from, name);
	p->name = tok[name];
	p->suffix = array ? tok[to - 1] : "";
	p->ctype = array ? talloc_asprintf(pool, "%s%s*", p->written,
					   p->written[strlen(p->written) - 1] == '*' ? "" : " ")
			 : p->written;
	p->c_ctype = c_spelling(r, p->ctype);
	return NULL;
}

/* `RET NAME(TYPE NAME, ...)`, an optional `;` after it; why not, or NULL. */
static const char *proto_read(struct resolver *r, struct libc_binding *l,
			      char **tok, size_t n)
{
	size_t open = 0, at;

	while (open < n && strcmp(tok[open], "(") != 0)
		open++;
	if (open < 2 || open == n || !is_word(tok[open - 1]))
		return "is not 'TYPE NAME(PARAMETERS)'";
	l->name = tok[open - 1];
	l->ret_ctype = proto_type(r->file->pool, tok, 0, open - 1);
	l->ret_c_ctype = c_spelling(r, l->ret_ctype);
	at = open + 1;
	if (at + 1 < n && strcmp(tok[at], "void") == 0 && strcmp(tok[at + 1], ")") == 0)
		at++;                   /* (void): no parameters */
	else if (at < n && strcmp(tok[at], ")") != 0)
		for (;;) {
			size_t end = at;

			while (end < n && strcmp(tok[end], ",") != 0 && strcmp(tok[end], ")") != 0)
				end++;
			if (end == n)
				return "has no ')'";
			if (end == at + 1 && strcmp(tok[at], "...") == 0 &&
			    strcmp(tok[end], ")") == 0 && l->nparams) {
				l->variadic = true;
			} else {
				const char *why = proto_param(r, l, tok, at, end);
				if (why)
					return why;
			}
			at = end;
			if (strcmp(tok[at], ")") == 0)
				break;
			at++;
		}
	if (at >= n || n - at - 1 > (strcmp(tok[n - 1], ";") == 0 ? 1u : 0u))
		return "is not 'TYPE NAME(PARAMETERS)' alone";
	return NULL;
}

static void resolve_libc(struct resolver *r, struct spec *s)
{
	struct libc_binding *l = s->libc;
	char **tok;
	size_t n;

	if (!l)
		return;
	tok = proto_tokens(r->file->pool, l->prototype->text, &n, &l->problem);
	if (tok)
		l->problem = proto_read(r, l, tok, n);
	else if (!l->problem)
		l->problem = "is empty";
	if (l->problem) {
		l->nparams = 0;
		l->variadic = false;
	}
}

/* A test's place among the spec's tests, and the parameters it names. */
static void resolve_test(const struct spec *s, struct testcase *t, int index)
{
	t->index = index;
	for (size_t a = 0; a < t->nargs; a++)
		t->args[a].param = find_param(s, t->args[a].param_name);
}

/* Whether error F is one E names in its `after`. */
static bool comes_after(const struct error *e, const struct error *f)
{
	for (size_t i = 0; i < e->after.count; i++)
		if (f != e && strcmp(e->after.items[i].name, f->code.name) == 0)
			return true;
	return false;
}

/* The errors in the order the kernel checks them: spec order, but each
 * after those its `after` names (the first free one in spec order goes
 * next).  Those left when none is free are on a cycle or after one: they
 * keep spec order, and the check error-order reports them. */
static void order_errors(struct spec *s)
{
	size_t n = s->nerrors, done = 0;

	if (n == 0)
		return;	/* s->errors is NULL: memcpy may not take it */
	bool *placed = talloc_zero_array(NULL, bool, n + 1);
	struct error **order = talloc_array(placed, struct error *, n + 1);

	while (done < n) {
		size_t pick = n;

		for (size_t i = 0; i < n && pick == n; i++) {
			bool free = !placed[i];

			for (size_t j = 0; j < n && free; j++)
				free = placed[j] || !comes_after(s->errors[i], s->errors[j]);
			if (free)
				pick = i;
		}
		if (pick == n)
			break;
		placed[pick] = true;
		order[done++] = s->errors[pick];
	}
	for (size_t i = 0; i < n; i++)
		if (!placed[i]) {
			s->errors[i]->on_cycle = true;
			order[done++] = s->errors[i];
		}
	memcpy(s->errors, order, n * sizeof *order);
	talloc_free(placed);
}

/* For each error, one without a `when` that comes before it, directly or
 * through others: the kernel's answer then depends on state. */
static void find_state_first(struct spec *s)
{
	for (size_t i = 0; i < s->nerrors; i++) {
		struct error *e = s->errors[i];

		for (size_t j = 0; j < i && !e->state_first && !e->on_cycle; j++) {
			struct error *f = s->errors[j];

			if (!comes_after(e, f))
				continue;
			e->state_first = f->when ? f->state_first : f;
		}
	}
}

/* Whether T sets up with capable(): it SKIPs for an unprivileged user,
 * and sweeps from it would too. */
static bool needs_privilege(const struct testcase *t)
{
	for (size_t i = 0; i < t->nsetups; i++)
		if (t->setups[i]->kind == EXPR_CALL && strcmp(t->setups[i]->name, "capable") == 0)
			return true;
	return false;
}

/* The success case the oracle's sweeps start from: the one `base`
 * names, else the first that needs no privilege, else the first; NULL
 * when there is none (or no such name). */
static const struct testcase *base_test(const struct spec *s)
{
	if (!s->base) {
		for (size_t i = 0; i < s->ntests; i++)
			if (!needs_privilege(s->tests[i]))
				return s->tests[i];
		return s->ntests ? s->tests[0] : NULL;
	}
	for (size_t i = 0; i < s->ntests; i++)
		if (strcmp(s->tests[i]->name->text, s->base->text) == 0)
			return s->tests[i];
	return NULL;
}

static void resolve_tests(struct spec *s)
{
	int index = 0;

	for (size_t i = 0; i < s->ntests; i++)
		resolve_test(s, s->tests[i], index++);
	for (size_t i = 0; i < s->nerrors; i++) {
		struct error *e = s->errors[i];

		e->index = (int)i;
		e->errno_value = e->code.known ? e->code.known->value : 0;
		for (size_t j = 0; j < e->ntests; j++)
			resolve_test(s, e->tests[j], index++);
	}
}

static void number_entries(struct spec *s)
{
#define NUMBER(array, count) \
	for (size_t i = 0; i < s->count; i++) s->array[i]->index = (int)i
	NUMBER(signals, nsignals);
	NUMBER(masks, nmasks);
	NUMBER(locks, nlocks);
	NUMBER(constraints, nconstraints);
	NUMBER(effects, neffects);
	NUMBER(transitions, ntransitions);
	NUMBER(caps, ncaps);
	NUMBER(structs, nstructs);
	for (size_t i = 0; i < s->nstructs; i++)
		for (size_t j = 0; j < s->structs[i]->nfields; j++)
			s->structs[i]->fields[j]->index = (int)j;
#undef NUMBER
}

static void resolve_spec(struct resolver *r, struct spec *s)
{
	for (size_t i = 0; i < s->nsignals; i++) {
		struct signal *g = s->signals[i];
		if (!g->signum)
			g->name_word = (struct word){ .name = g->name, .loc = g->loc };
	}
	for (enum word_check c = WORDS_VOCAB; c <= WORDS_CAPABILITY; c++)
		words_each(s, c, resolve_word, NULL);
	exprs_of_spec(s, resolve_root, r);
	resolve_params(r, s);
	resolve_libc(r, s);
	order_errors(s);
	find_state_first(s);
	resolve_tests(s);
	s->base_test = base_test(s);
	number_entries(s);
}

/* The constants first, as a spec's expressions may use any of them. */
struct resolution *resolve_file(TALLOC_CTX *ctx, struct kapi_file *file)
{
	struct resolution *res = talloc_zero(ctx, struct resolution);
	struct resolver r = { .file = file, .res = res, .role = ROLE_CONST,
			      .text = strbuf_new(res) };

	if (!res || !r.text)
		abort();
	nameset_init(&r.spellings, r.text, 16);
	nameset_init(&res->constants, res, file->nconstants);
	for (size_t i = 0; i < file->nconstants; i++)
		nameset_add(&res->constants, file->constants[i]->name, file->constants[i]);
	exprs_of_constants(file, resolve_root, &r);
	for (size_t i = 0; i < file->nconstants; i++)
		evaluate_constant(file->constants[i]);
	mark_name_cycles(file);
	for (size_t i = 0; i < file->nspecs; i++)
		resolve_spec(&r, file->specs[i]);
	talloc_free(r.text);
	return res;
}
