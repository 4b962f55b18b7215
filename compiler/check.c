#define _GNU_SOURCE   /* cpu_set_t, in cpus.h */
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include "arena.h"
#include "check.h"
#include "cpus.h"
#include "expr.h"
#include "fixtures.h"
#include "vocab.h"

/* Specs are resolved and checked a window at a time (resolve(),
 * check_windows_clean()) from 4 windows up, and the first pass over the
 * windows may then be shared by this many threads: at 100 specs that
 * takes 6% off --check, and costs no memory since the parse's thread
 * left its malloc arena for the checks' to take over. */
enum {
	CHECK_WINDOW = 16,
	CHECK_MAX_THREADS = 8,
	CHECK_THREADED_SPECS = 4 * CHECK_WINDOW,
};

/* --- Name sets: duplicate detection stays linear on hostile inputs. --- */

/* A set of up to 16 names lives inside the struct: most sets are a spec's
 * parameters or errors, made and dropped once per spec, and allocating
 * them cost more than filling them. */
enum { NAMESET_INLINE = 32 };

struct nameset {
	TALLOC_CTX *ctx;               /* for tables that outgrow the struct */
	const char **keys;
	const void **vals;
	size_t cap, count;
	const char *inline_keys[NAMESET_INLINE];
	const void *inline_vals[NAMESET_INLINE];
};

static uint64_t hash_name(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static void nameset_table(struct nameset *ns, size_t cap)
{
	ns->cap = cap;
	ns->count = 0;
	if (cap == NAMESET_INLINE) {
		memset(ns->inline_keys, 0, sizeof ns->inline_keys);
		ns->keys = ns->inline_keys;
		ns->vals = ns->inline_vals;
	} else {
		ns->keys = talloc_zero_array(ns->ctx, const char *, cap);
		ns->vals = talloc_array(ns->ctx, const void *, cap);
	}
}

static void nameset_init(struct nameset *ns, TALLOC_CTX *ctx, size_t hint)
{
	size_t cap = NAMESET_INLINE;

	while (cap < hint * 2)
		cap *= 2;
	ns->ctx = ctx;
	nameset_table(ns, cap);
}

static void nameset_done(struct nameset *ns)
{
	if (ns->keys != ns->inline_keys) {
		talloc_free(ns->keys);
		talloc_free(ns->vals);
	}
}

/* Returns the value already stored under KEY, or stores VAL and returns
 * NULL. */
static const void *nameset_add(struct nameset *ns, const char *key,
			       const void *val)
{
	size_t i;

	if ((ns->count + 1) * 2 > ns->cap) {
		const char **old_keys = ns->keys;
		const void **old_vals = ns->vals;
		size_t old_cap = ns->cap;
		bool was_inline = old_keys == ns->inline_keys;
		const char *saved_keys[NAMESET_INLINE];
		const void *saved_vals[NAMESET_INLINE];

		if (was_inline) {
			memcpy(saved_keys, old_keys, sizeof saved_keys);
			memcpy(saved_vals, old_vals, sizeof saved_vals);
			old_keys = saved_keys;
			old_vals = saved_vals;
		}
		nameset_table(ns, old_cap * 2);
		for (size_t j = 0; j < old_cap; j++)
			if (old_keys[j])
				nameset_add(ns, old_keys[j], old_vals[j]);
		if (!was_inline) {
			talloc_free(old_keys);
			talloc_free(old_vals);
		}
	}
	for (i = hash_name(key) & (ns->cap - 1); ns->keys[i];
	     i = (i + 1) & (ns->cap - 1))
		if (strcmp(ns->keys[i], key) == 0)
			return ns->vals[i];
	ns->keys[i] = key;
	ns->vals[i] = val;
	ns->count++;
	return NULL;
}

static const void *nameset_get(const struct nameset *ns, const char *key)
{
	for (size_t i = hash_name(key) & (ns->cap - 1); ns->keys[i];
	     i = (i + 1) & (ns->cap - 1))
		if (strcmp(ns->keys[i], key) == 0)
			return ns->vals[i];
	return NULL;
}

/* --- The check table. --- */

struct check_ctx;
typedef void (*check_fn)(struct check_ctx *cc);

struct check {
	const char *name;
	enum diag_severity severity;   /* DIAG_NOTE: off by default */
	check_fn fn;
	const char *help;
};

struct check_config {
	enum diag_severity *severity;  /* per check; DIAG_NOTE = off */
	bool all_warnings_are_errors;
};

struct check_ctx {
	struct kapi_file *file;
	struct diag *d;
	const struct check_config *cfg;
	size_t current;                /* index in the table */
	TALLOC_CTX *tmp;
	struct nameset constants;
	size_t unknown_name_check, unknown_param_check;   /* table indices */
	size_t unresolved_names;       /* left by resolve(): what those two report */
	/* What the checks look at: specs [spec_first, spec_last) and, when
	 * WITH_CONSTANTS, the file's constants.  The whole file but for
	 * check_windows(). */
	size_t spec_first, spec_last;
	bool with_constants;
	/* What resolution allocates from: the file's arena, or a worker's
	 * own (check_windows_clean), as an arena is not shared by threads. */
	struct arena *arena;
};

/* How an expression may be used decides what its names may mean. */
enum expr_role {
	ROLE_CONST,        /* compile-time constant */
	ROLE_SIGNUM,       /* constant; signal names allowed */
	ROLE_CONDITION,    /* over the parameters (when, constraint) */
	ROLE_TEST_ARG,     /* an argument value: constants and value fixtures */
	ROLE_TEST_SETUP,   /* a call of a set-up fixture */
	ROLE_TEST_VERIFY,  /* a call of a verification fixture */
	ROLE_EFFECT_VERIFY,
};

typedef void (*expr_visitor)(struct check_ctx *cc, struct spec *spec,
			     struct expr *e, enum expr_role role,
			     const char *what);

static void report(struct check_ctx *cc, const struct loc *loc,
		   const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#define CHECKS(X)                                                             \
	X(duplicate-constant, ERROR, duplicate_constant,                     \
	  "a constant defined twice")                                         \
	X(duplicate-spec, ERROR, duplicate_spec, "a spec defined twice")     \
	X(duplicate-param, ERROR, duplicate_param,                           \
	  "two parameters of one spec with the same name")                    \
	X(duplicate-error, ERROR, duplicate_error,                           \
	  "the same error code with the same condition listed twice")         \
	X(duplicate-field, ERROR, duplicate_field,                           \
	  "two fields of one struct with the same name")                      \
	X(duplicate-entry, ERROR, duplicate_entry,                           \
	  "two signals, locks, capabilities or structs with one name")        \
	X(duplicate-property, WARNING, duplicate_property,                   \
	  "a property given twice in one block (the last one is used)")       \
	X(unknown-name, ERROR, unknown_name,                                 \
	  "a name in a constant expression that is no constant")              \
	X(unknown-param, ERROR, unknown_param,                               \
	  "a condition or test naming a parameter the spec does not have")    \
	X(unknown-errno, ERROR, unknown_errno, "an errno name Linux does not have") \
	X(unknown-signal, ERROR, unknown_signal,                             \
	  "a signal name Linux does not have, without a signum")              \
	X(unknown-capability, ERROR, unknown_capability,                     \
	  "a capability name Linux does not have")                            \
	X(unknown-word, ERROR, unknown_word,                                 \
	  "a word outside its vocabulary (context, flags, type, kind, ...)")  \
	X(constant-cycle, ERROR, constant_cycle,                             \
	  "constants defined in terms of each other")                         \
	X(expr-eval, ERROR, expr_eval,                                 \
	  "overflow, division by zero or a bad shift in a constant")          \
	X(not-constant, ERROR, not_constant,                                 \
	  "a mask, range, size or value that is not a constant")              \
	X(range-order, ERROR, range_order, "a range whose minimum exceeds its maximum") \
	X(constraint-kind, ERROR, constraint_kind,                           \
	  "constraint data that contradicts the constraint kind")             \
	X(return-check, ERROR, return_check,                                 \
	  "success values that contradict the return check kind")            \
	X(kernel-limits, ERROR, kernel_limits,                               \
	  "more entries than the kernel's spec structs hold")                 \
	X(string-length, ERROR, string_length,                               \
	  "a string longer than its kernel field (128/512 bytes, ...)")       \
	X(string-nul, ERROR, string_nul, "a NUL byte inside a string")       \
	X(date-format, ERROR, date_format,                                   \
	  "a date that is not YYYY-MM-DD (man pages need one)")               \
	X(missing-summary, WARNING, missing_summary,                         \
	  "a spec, parameter or return without a summary, an error without a description") \
	X(fixture, ERROR, fixture,                                     \
	  "an unknown test fixture, the wrong number of arguments or the wrong kind") \
	X(test-args, ERROR, test_args,                                       \
	  "a test that does not give every parameter exactly one value")      \
	X(untested-error, WARNING, untested_error,                           \
	  "an error with neither a test nor an `untestable` reason")          \
	X(unused-constant, NOTE, unused_constant,                            \
	  "a constant no expression uses (off by default)")

#define DECLARE(name_, sev_, fn_, help_) static void check_##fn_(struct check_ctx *cc);
CHECKS(DECLARE)
#undef DECLARE

#define ENTRY(name_, sev_, fn_, help_) { #name_, DIAG_##sev_, check_##fn_, help_ },
static const struct check checks[] = { CHECKS(ENTRY) };
#undef ENTRY

#define NCHECKS (sizeof checks / sizeof checks[0])

static void report(struct check_ctx *cc, const struct loc *loc,
		   const char *fmt, ...)
{
	enum diag_severity sev = cc->cfg->severity[cc->current];
	va_list ap;

	if (sev == DIAG_NOTE)
		return;
	va_start(ap, fmt);
	diag_vreport(cc->d, sev, loc, checks[cc->current].name, fmt, ap);
	va_end(ap);
}

struct check_config *check_config_new(TALLOC_CTX *ctx)
{
	struct check_config *cfg = talloc_zero(ctx, struct check_config);

	cfg->severity = talloc_array(cfg, enum diag_severity, NCHECKS);
	for (size_t i = 0; i < NCHECKS; i++)
		cfg->severity[i] = checks[i].severity;
	return cfg;
}

static int find_check(const char *name)
{
	for (size_t i = 0; i < NCHECKS; i++)
		if (strcmp(checks[i].name, name) == 0)
			return (int)i;
	return -1;
}

static void unknown_check(const char *name, FILE *err)
{
	const char *names[NCHECKS];

	for (size_t i = 0; i < NCHECKS; i++)
		names[i] = checks[i].name;
	const char *best = diag_closest(name, names, NCHECKS);
	if (best)
		fprintf(err, "kapic: unknown check '%s'; did you mean '%s'?\n", name, best);
	else
		fprintf(err, "kapic: unknown check '%s' (kapic --list-checks shows them)\n", name);
}

bool check_config_option(struct check_config *cfg, const char *opt, FILE *err)
{
	int i;

	if (strcmp(opt, "error") == 0) {
		for (size_t j = 0; j < NCHECKS; j++)
			if (cfg->severity[j] == DIAG_WARNING)
				cfg->severity[j] = DIAG_ERROR;
		cfg->all_warnings_are_errors = true;
		return true;
	}
	if (strcmp(opt, "all") == 0) {
		for (size_t j = 0; j < NCHECKS; j++)
			if (cfg->severity[j] == DIAG_NOTE)
				cfg->severity[j] = cfg->all_warnings_are_errors ? DIAG_ERROR : DIAG_WARNING;
		return true;
	}
	if (strncmp(opt, "error=", 6) == 0) {
		if ((i = find_check(opt + 6)) < 0) {
			unknown_check(opt + 6, err);
			return false;
		}
		cfg->severity[i] = DIAG_ERROR;
		return true;
	}
	if (strncmp(opt, "no-", 3) == 0) {
		if ((i = find_check(opt + 3)) < 0) {
			unknown_check(opt + 3, err);
			return false;
		}
		if (checks[i].severity == DIAG_ERROR) {
			fprintf(err, "kapic: -Wno-%s: '%s' finds errors that no output "
				"could represent; it cannot be turned off\n", opt + 3, opt + 3);
			return false;
		}
		cfg->severity[i] = DIAG_NOTE;
		return true;
	}
	if ((i = find_check(opt)) < 0) {
		unknown_check(opt, err);
		return false;
	}
	if (cfg->severity[i] == DIAG_NOTE)
		cfg->severity[i] = cfg->all_warnings_are_errors ? DIAG_ERROR : DIAG_WARNING;
	return true;
}

void check_print_list(FILE *out)
{
	for (size_t i = 0; i < NCHECKS; i++)
		fprintf(out, "  %-20s %-8s %s\n", checks[i].name,
			checks[i].severity == DIAG_ERROR ? "error" :
			checks[i].severity == DIAG_WARNING ? "warning" : "off",
			checks[i].help);
}

/* --- Walking the model. --- */

static void visit_range(struct check_ctx *cc, struct spec *s, struct range *r,
			expr_visitor fn, const char *what)
{
	if (!r)
		return;
	fn(cc, s, r->min, ROLE_CONST, what);
	fn(cc, s, r->max, ROLE_CONST, what);
}

#define VISIT(e, role, what) do { if (e) fn(cc, s, (e), (role), (what)); } while (0)

static void visit_test(struct check_ctx *cc, struct spec *s,
		       struct testcase *t, expr_visitor fn)
{
	for (size_t i = 0; i < t->nsetups; i++)
		VISIT(t->setups[i], ROLE_TEST_SETUP, "a test set-up");
	for (size_t i = 0; i < t->nargs; i++)
		VISIT(t->args[i].value, ROLE_TEST_ARG, "a test argument");
	for (size_t i = 0; i < t->nverifies; i++)
		VISIT(t->verifies[i], ROLE_TEST_VERIFY, "a test verification");
}

static void visit_exprs(struct check_ctx *cc, expr_visitor fn)
{
	struct kapi_file *f = cc->file;
	struct spec *s = NULL;

	for (size_t i = 0; cc->with_constants && i < f->nconstants; i++)
		VISIT(f->constants[i]->value, ROLE_CONST, "a constant");
	for (size_t k = cc->spec_first; k < cc->spec_last; k++) {
		s = f->specs[k];
		for (size_t i = 0; i < s->nparams; i++) {
			struct param *p = s->params[i];
			visit_range(cc, s, p->range, fn, "a range");
			VISIT(p->mask, ROLE_CONST, "a mask");
			for (size_t j = 0; j < p->nvalues; j++)
				VISIT(p->values[j], ROLE_CONST, "an enum value");
			VISIT(p->size, ROLE_CONST, "a size");
			VISIT(p->alignment, ROLE_CONST, "an alignment");
			VISIT(p->size_multiplier, ROLE_CONST, "a size multiplier");
		}
		if (s->ret) {
			VISIT(s->ret->success, ROLE_CONST, "a success value");
			visit_range(cc, s, s->ret->success_range, fn, "a success range");
		}
		for (size_t i = 0; i < s->nerrors; i++) {
			struct error *e = s->errors[i];
			VISIT(e->when, ROLE_CONDITION, "a condition");
			for (size_t j = 0; j < e->ntests; j++)
				visit_test(cc, s, e->tests[j], fn);
		}
		for (size_t i = 0; i < s->ntests; i++)
			visit_test(cc, s, s->tests[i], fn);
		for (size_t i = 0; i < s->nsignals; i++) {
			struct signal *g = s->signals[i];
			VISIT(g->signum, ROLE_SIGNUM, "a signal number");
			VISIT(g->sa_flags_required, ROLE_CONST, "signal action flags");
			VISIT(g->sa_flags_forbidden, ROLE_CONST, "signal action flags");
			VISIT(g->priority, ROLE_CONST, "a priority");
			VISIT(g->state_required, ROLE_CONST, "a state mask");
			VISIT(g->state_forbidden, ROLE_CONST, "a state mask");
		}
		for (size_t i = 0; i < s->nconstraints; i++)
			VISIT(s->constraints[i]->expr, ROLE_CONDITION, "a constraint");
		for (size_t i = 0; i < s->neffects; i++)
			VISIT(s->effects[i]->verify, ROLE_EFFECT_VERIFY, "an effect check");
		for (size_t i = 0; i < s->ncaps; i++)
			VISIT(s->caps[i]->priority, ROLE_CONST, "a priority");
		for (size_t i = 0; i < s->nstructs; i++) {
			struct struct_spec *st = s->structs[i];
			VISIT(st->size, ROLE_CONST, "a struct size");
			VISIT(st->alignment, ROLE_CONST, "a struct alignment");
			for (size_t j = 0; j < st->nfields; j++) {
				struct field *fl = st->fields[j];
				VISIT(fl->offset, ROLE_CONST, "a field offset");
				VISIT(fl->size, ROLE_CONST, "a field size");
				visit_range(cc, s, fl->range, fn, "a range");
				VISIT(fl->mask, ROLE_CONST, "a mask");
				for (size_t m = 0; m < fl->nvalues; m++)
					VISIT(fl->values[m], ROLE_CONST, "an enum value");
			}
		}
	}
}

/* Visit every name and call node below the expression root. */
struct node_visit {
	struct check_ctx *cc;
	struct spec *spec;
	enum expr_role role;
	const char *what;
	const struct expr *root;
	void (*fn)(struct node_visit *v, struct expr *e);
};

static void node_thunk(struct expr *e, void *arg)
{
	struct node_visit *v = arg;
	v->fn(v, e);
}

static void walk_nodes(struct check_ctx *cc, struct spec *spec, struct expr *root,
		       enum expr_role role, const char *what,
		       void (*fn)(struct node_visit *v, struct expr *e))
{
	struct node_visit v = { cc, spec, role, what, root, fn };
	expr_walk(root, node_thunk, &v);
}

static const struct param *find_param(const struct spec *s, const char *name)
{
	for (size_t i = 0; s && i < s->nparams; i++)
		if (strcmp(s->params[i]->name, name) == 0)
			return s->params[i];
	return NULL;
}

static bool role_allows_params(enum expr_role role)
{
	return role == ROLE_CONDITION || role == ROLE_TEST_VERIFY ||
	       role == ROLE_EFFECT_VERIFY;
}

static bool role_allows_calls(enum expr_role role)
{
	return role == ROLE_TEST_ARG || role == ROLE_TEST_SETUP ||
	       role == ROLE_TEST_VERIFY || role == ROLE_EFFECT_VERIFY;
}

static void resolve_node(struct node_visit *v, struct expr *e)
{
	struct check_ctx *cc = v->cc;

	if (e->kind == EXPR_CALL) {
		if (role_allows_calls(v->role) && fixture_find(e->name))
			e->ref = REF_FIXTURE;
		return;
	}
	if (e->kind != EXPR_NAME)
		return;
	/* A parameter where a constant is needed is resolved too, so that
	 * not-constant can say so rather than calling it unknown. */
	if ((role_allows_params(v->role) || v->role == ROLE_CONST) &&
	    (e->param = find_param(v->spec, e->name))) {
		e->ref = REF_PARAM;
		return;
	}
	if ((e->constant = nameset_get(&cc->constants, e->name))) {
		e->ref = REF_CONST;
		/* Window workers resolve specs at once: a relaxed store,
		 * read only after they are joined. */
		__atomic_store_n(&((struct constant *)e->constant)->used, true,
				 __ATOMIC_RELAXED);
		return;
	}
	if ((e->builtin = builtin_find(e->name))) {
		e->ref = REF_BUILTIN;
		return;
	}
	if (v->role == ROLE_SIGNUM) {
		const struct named_value *sig = signal_find(e->name);
		if (sig) {
			struct builtin *b = ARENA_NEW(cc->arena, struct builtin);
			b->name = e->name;
			b->value = (uint64_t)sig->value;
			e->builtin = b;
			e->ref = REF_BUILTIN;
			return;
		}
	}
	cc->unresolved_names++;
}

static void resolve_expr(struct check_ctx *cc, struct spec *s, struct expr *e,
			 enum expr_role role, const char *what)
{
	walk_nodes(cc, s, e, role, what, resolve_node);
}

static void eval_expr(struct check_ctx *cc, struct spec *s, struct expr *e,
		      enum expr_role role, const char *what)
{
	(void)cc; (void)s; (void)role; (void)what;
	e->has_value = expr_eval(e, &e->value, NULL) == EXPR_OK;
	e->is_const = e->has_value;
}

/* Constants may use constants defined later; evaluate depth first and
 * leave a cycle unevaluated for constant-cycle to report. */
static void eval_constant(struct constant *c);

static void eval_deps(struct expr *e, void *arg)
{
	(void)arg;
	if (e->kind == EXPR_NAME && e->ref == REF_CONST) {
		struct constant *dep = (struct constant *)e->constant;
		/* Reached again while it is being evaluated: it is on a cycle,
		 * which constant-cycle reports even through operators. */
		if (dep->eval_state == 1)
			dep->eval_state = 3;
		eval_constant(dep);
	}
}

static void eval_constant(struct constant *c)
{
	if (c->eval_state != 0)
		return;
	c->eval_state = 1;
	expr_walk(c->value, eval_deps, NULL);
	c->value->has_value = expr_eval(c->value, &c->value->value, NULL) == EXPR_OK;
	if (c->eval_state == 1)
		c->eval_state = 2;
}

static const char *derive_check_kind(const struct param *p)
{
	if (p->check.name)
		return p->check.name;
	if (p->range)
		return "range";
	if (p->mask)
		return "mask";
	if (p->nvalues)
		return "enum";
	return "none";
}

static void resolve_words(struct wordlist *wl, const struct vocab *v)
{
	for (size_t i = 0; i < wl->count; i++)
		wl->items[i].entry = vocab_find(v, wl->items[i].name);
}

static void resolve_word(struct word *w, const struct vocab *v)
{
	if (w->name)
		w->entry = vocab_find(v, w->name);
}

/* A test's place among the spec's tests, and the parameters it names. */
static void resolve_test(const struct spec *s, struct testcase *t, int index)
{
	t->index = index;
	for (size_t a = 0; a < t->nargs; a++)
		t->args[a].param = find_param(s, t->args[a].param_name);
}

/* What the checks need of one spec besides its expressions: indices,
 * vocabulary words, parameters named by tests, errno values. */
static void resolve_spec(struct spec *s)
{
	resolve_words(&s->context, &vocab_context);
	for (size_t i = 0; i < s->nparams; i++) {
		struct param *p = s->params[i];
		p->index = (int)i;
		resolve_words(&p->flags, &vocab_param_flag);
		resolve_word(&p->type, &vocab_param_type);
		resolve_word(&p->check, &vocab_constraint_kind);
		p->check_kind = derive_check_kind(p);
		if (p->size_param.name)
			p->size_param_ref = find_param(s, p->size_param.name);
	}
	if (s->ret) {
		resolve_word(&s->ret->type, &vocab_param_type);
		resolve_word(&s->ret->check, &vocab_return_check);
	}
	int test_index = 0;
	for (size_t i = 0; i < s->ntests; i++)
		resolve_test(s, s->tests[i], test_index++);
	for (size_t i = 0; i < s->nerrors; i++) {
		struct error *e = s->errors[i];
		const struct named_value *nv = errno_find(e->code.name);
		e->index = (int)i;
		e->errno_value = nv ? nv->value : 0;
		for (size_t j = 0; j < e->ntests; j++)
			resolve_test(s, e->tests[j], test_index++);
	}
	for (size_t i = 0; i < s->nsignals; i++) {
		struct signal *g = s->signals[i];
		g->index = (int)i;
		resolve_words(&g->direction, &vocab_signal_direction);
		resolve_word(&g->action, &vocab_signal_action);
		resolve_word(&g->timing, &vocab_signal_timing);
	}
	for (size_t i = 0; i < s->nmasks; i++)
		s->masks[i]->index = (int)i;
	for (size_t i = 0; i < s->nlocks; i++) {
		s->locks[i]->index = (int)i;
		resolve_word(&s->locks[i]->kind, &vocab_lock_kind);
	}
	for (size_t i = 0; i < s->nconstraints; i++)
		s->constraints[i]->index = (int)i;
	for (size_t i = 0; i < s->neffects; i++) {
		s->effects[i]->index = (int)i;
		resolve_words(&s->effects[i]->kind, &vocab_effect);
	}
	for (size_t i = 0; i < s->ntransitions; i++)
		s->transitions[i]->index = (int)i;
	for (size_t i = 0; i < s->ncaps; i++) {
		s->caps[i]->index = (int)i;
		resolve_word(&s->caps[i]->action, &vocab_cap_action);
	}
	for (size_t i = 0; i < s->nstructs; i++) {
		struct struct_spec *st = s->structs[i];
		st->index = (int)i;
		for (size_t j = 0; j < st->nfields; j++) {
			st->fields[j]->index = (int)j;
			resolve_word(&st->fields[j]->type, &vocab_param_type);
			resolve_words(&st->fields[j]->flags, &vocab_param_flag);
		}
	}
}

/*
 * Names, values and indices, before any check.  The constants first, as
 * a spec's expressions may use any of them; then the specs, a window at a
 * time (resolve_window), each walked three times while in cache.
 */
static void resolve_constants(struct check_ctx *cc)
{
	struct kapi_file *f = cc->file;

	nameset_init(&cc->constants, cc->tmp, f->nconstants);
	for (size_t i = 0; i < f->nconstants; i++)
		nameset_add(&cc->constants, f->constants[i]->name, f->constants[i]);
	cc->spec_first = cc->spec_last = 0;
	cc->with_constants = true;
	visit_exprs(cc, resolve_expr);
	for (size_t i = 0; i < f->nconstants; i++)
		eval_constant(f->constants[i]);
	visit_exprs(cc, eval_expr);
}

/* Specs [spec_first, spec_last), once the constants are resolved: each
 * writes only its own nodes, so windows may be resolved at once. */
static void resolve_window(struct check_ctx *cc)
{
	bool with_constants = cc->with_constants;

	cc->with_constants = false;
	visit_exprs(cc, resolve_expr);
	visit_exprs(cc, eval_expr);
	for (size_t k = cc->spec_first; k < cc->spec_last; k++)
		resolve_spec(cc->file->specs[k]);
	cc->with_constants = with_constants;
}

static void resolve(struct check_ctx *cc)
{
	size_t n = cc->file->nspecs;

	resolve_constants(cc);
	for (size_t w = 0; w < n; w += CHECK_WINDOW) {
		cc->spec_first = w;
		cc->spec_last = w + CHECK_WINDOW < n ? w + CHECK_WINDOW : n;
		resolve_window(cc);
	}
	cc->with_constants = true;
	cc->spec_first = 0;
	cc->spec_last = n;
}

/* --- The checks. --- */

static void check_duplicate_constant(struct check_ctx *cc)
{
	struct nameset seen;

	nameset_init(&seen, cc->tmp, cc->file->nconstants);
	for (size_t i = 0; i < cc->file->nconstants; i++) {
		struct constant *c = cc->file->constants[i];
		const struct constant *prev = nameset_add(&seen, c->name, c);

		if (prev) {
			report(cc, &c->loc, "constant '%s' is already defined", c->name);
			diag_report(cc->d, DIAG_NOTE, &prev->loc, NULL, "first defined here");
		} else if (builtin_find(c->name)) {
			report(cc, &c->loc, "constant '%s' redefines a built-in", c->name);
		}
	}
	nameset_done(&seen);
}

static void check_duplicate_spec(struct check_ctx *cc)
{
	struct nameset seen;

	nameset_init(&seen, cc->tmp, cc->file->nspecs);
	for (size_t i = 0; i < cc->file->nspecs; i++) {
		struct spec *s = cc->file->specs[i];
		const struct spec *prev;

		if (!s->name)
			continue;
		if ((prev = nameset_add(&seen, s->name, s))) {
			report(cc, &s->loc, "spec '%s' is already defined", s->name);
			diag_report(cc->d, DIAG_NOTE, &prev->loc, NULL, "first defined here");
		}
	}
	nameset_done(&seen);
}

static void check_duplicate_param(struct check_ctx *cc)
{
	for (size_t k = cc->spec_first; k < cc->spec_last; k++) {
		struct spec *s = cc->file->specs[k];
		struct nameset seen;

		nameset_init(&seen, cc->tmp, s->nparams);
		for (size_t i = 0; i < s->nparams; i++) {
			const struct param *prev = nameset_add(&seen, s->params[i]->name, s->params[i]);
			if (prev) {
				report(cc, &s->params[i]->loc,
				       "parameter '%s' is already declared", prev->name);
				diag_report(cc->d, DIAG_NOTE, &prev->loc, NULL, "first declared here");
			}
		}
		nameset_done(&seen);
	}
}

static void check_duplicate_error(struct check_ctx *cc)
{
	for (size_t k = cc->spec_first; k < cc->spec_last; k++) {
		struct spec *s = cc->file->specs[k];
		struct nameset seen;
		size_t total = 0;

		/* An error is its code and its condition: one block holds
		 * every key, "CODE\ncondition". */
		for (size_t i = 0; i < s->nerrors; i++) {
			struct error *e = s->errors[i];
			total += strlen(e->code.name) + 2 +
				 (e->condition ? strlen(e->condition->text) : 0);
		}
		char *keys = talloc_array(cc->tmp, char, total ? total : 1), *key = keys;

		nameset_init(&seen, cc->tmp, s->nerrors);
		for (size_t i = 0; i < s->nerrors; i++) {
			struct error *e = s->errors[i];
			size_t code_len = strlen(e->code.name);
			const char *cond = e->condition ? e->condition->text : "";
			size_t cond_len = strlen(cond);

			memcpy(key, e->code.name, code_len);
			key[code_len] = '\n';
			memcpy(key + code_len + 1, cond, cond_len + 1);
			const struct error *prev = nameset_add(&seen, key, e);
			key += code_len + cond_len + 2;
			if (prev) {
				report(cc, &e->loc, "error %s \"%s\" is already listed",
				       e->code.name, e->condition ? e->condition->text : "");
				diag_report(cc->d, DIAG_NOTE, &prev->loc, NULL, "first listed here");
			}
		}
		nameset_done(&seen);
		talloc_free(keys);
	}
}

static void check_duplicate_field(struct check_ctx *cc)
{
	for (size_t k = cc->spec_first; k < cc->spec_last; k++) {
		struct spec *s = cc->file->specs[k];
		for (size_t i = 0; i < s->nstructs; i++) {
			struct struct_spec *st = s->structs[i];
			struct nameset seen;

			nameset_init(&seen, cc->tmp, st->nfields);
			for (size_t j = 0; j < st->nfields; j++) {
				const struct field *prev = nameset_add(&seen, st->fields[j]->name, st->fields[j]);
				if (prev) {
					report(cc, &st->fields[j]->loc,
					       "field '%s' of struct %s is already declared",
					       prev->name, st->name);
					diag_report(cc->d, DIAG_NOTE, &prev->loc, NULL, "first declared here");
				}
			}
			nameset_done(&seen);
		}
	}
}

static void dup_named(struct check_ctx *cc, struct nameset *seen,
		      const char *kind, const char *name, const struct loc *loc)
{
	const struct loc *prev = nameset_add(seen, name, loc);

	if (prev) {
		report(cc, loc, "%s '%s' is already described", kind, name);
		diag_report(cc->d, DIAG_NOTE, prev, NULL, "first described here");
	}
}

static void check_duplicate_entry(struct check_ctx *cc)
{
	for (size_t k = cc->spec_first; k < cc->spec_last; k++) {
		struct spec *s = cc->file->specs[k];
		struct nameset seen;

		nameset_init(&seen, cc->tmp, s->nsignals);
		for (size_t i = 0; i < s->nsignals; i++)
			dup_named(cc, &seen, "signal", s->signals[i]->name, &s->signals[i]->loc);
		nameset_done(&seen);
		nameset_init(&seen, cc->tmp, s->nlocks);
		for (size_t i = 0; i < s->nlocks; i++)
			dup_named(cc, &seen, "lock", s->locks[i]->name, &s->locks[i]->loc);
		nameset_done(&seen);
		nameset_init(&seen, cc->tmp, s->ncaps);
		for (size_t i = 0; i < s->ncaps; i++)
			dup_named(cc, &seen, "capability", s->caps[i]->cap.name, &s->caps[i]->loc);
		nameset_done(&seen);
		nameset_init(&seen, cc->tmp, s->nstructs);
		for (size_t i = 0; i < s->nstructs; i++)
			dup_named(cc, &seen, "struct", s->structs[i]->name, &s->structs[i]->loc);
		nameset_done(&seen);
	}
}

static void check_duplicate_property(struct check_ctx *cc)
{
	for (size_t i = 0; i < cc->file->ndups; i++) {
		struct duplicate *d = &cc->file->dups[i];
		report(cc, &d->second, "'%s' is given twice in this block; "
		       "the last one is used", d->property);
		if (d->first.src != d->second.src ||
		    d->first.first_offset != d->second.first_offset)
			diag_report(cc->d, DIAG_NOTE, &d->first, NULL, "first given here");
	}
}

/* Suggestions for a misspelt name: constants, built-ins and, where the
 * role allows them, the spec's parameters. */
static const char *suggest_name(struct check_ctx *cc, const struct spec *s,
				const char *name, bool params)
{
	size_t n = cc->file->nconstants + (params && s ? s->nparams : 0) + 8;
	const char **cands = talloc_array(cc->tmp, const char *, n);
	size_t c = 0;
	static const char *const builtins[] = {
		"INT_MAX", "UINT_MAX", "LONG_MAX", "ULONG_MAX", "SIZE_MAX",
		"INT_MIN", "LONG_MIN",
	};

	for (size_t i = 0; params && s && i < s->nparams; i++)
		cands[c++] = s->params[i]->name;
	for (size_t i = 0; i < cc->file->nconstants; i++)
		cands[c++] = cc->file->constants[i]->name;
	for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
		cands[c++] = builtins[i];
	return diag_closest(name, cands, c);
}

static void unknown_name_node(struct node_visit *v, struct expr *e)
{
	bool params = role_allows_params(v->role);
	bool wanted = v->cc->current == (params ? v->cc->unknown_param_check
					       : v->cc->unknown_name_check);

	if (!wanted || e->kind != EXPR_NAME || e->ref != REF_UNRESOLVED)
		return;
	const char *best = suggest_name(v->cc, v->spec, e->name, params);
	if (params)
		report(v->cc, &e->loc, "'%s' is neither a parameter of %s nor a constant%s%s%s",
		       e->name, v->spec ? v->spec->name : "this spec",
		       best ? "; did you mean '" : "", best ? best : "", best ? "'?" : "");
	else if (role_allows_calls(v->role))
		report(v->cc, &e->loc, "'%s' is not a constant%s%s%s", e->name,
		       best ? "; did you mean '" : "", best ? best : "", best ? "'?" : "");
	else
		report(v->cc, &e->loc, "unknown constant '%s'%s%s%s", e->name,
		       best ? "; did you mean '" : "", best ? best : "", best ? "'?" : "");
	if (!params && v->role != ROLE_SIGNUM && v->spec && find_param(v->spec, e->name))
		diag_hint(v->cc->d, "%s must be a constant; parameters may appear only in conditions", v->what);
}

static void unknown_name_visit(struct check_ctx *cc, struct spec *s,
			       struct expr *e, enum expr_role role,
			       const char *what)
{
	walk_nodes(cc, s, e, role, what, unknown_name_node);
}

static void check_unknown_name(struct check_ctx *cc)
{
	if (cc->unresolved_names)
		visit_exprs(cc, unknown_name_visit);
}

static void check_param_names_in_tests(struct check_ctx *cc, struct spec *s,
				       struct testcase *t)
{
	for (size_t a = 0; a < t->nargs; a++) {
		if (t->args[a].param)
			continue;
		const char *best = suggest_name(cc, s, t->args[a].param_name, true);
		report(cc, &t->args[a].loc, "%s has no parameter '%s'%s%s%s", s->name,
		       t->args[a].param_name, best ? "; did you mean '" : "",
		       best ? best : "", best ? "'?" : "");
	}
}

static void check_unknown_param(struct check_ctx *cc)
{
	if (cc->unresolved_names)
		visit_exprs(cc, unknown_name_visit);
	for (size_t k = cc->spec_first; k < cc->spec_last; k++) {
		struct spec *s = cc->file->specs[k];
		for (size_t i = 0; i < s->nparams; i++) {
			struct param *p = s->params[i];
			if (p->size_param.name && !p->size_param_ref)
				report(cc, &p->size_param.loc, "%s has no parameter '%s'",
				       s->name, p->size_param.name);
		}
		for (size_t i = 0; i < s->ntests; i++)
			check_param_names_in_tests(cc, s, s->tests[i]);
		for (size_t i = 0; i < s->nerrors; i++)
			for (size_t j = 0; j < s->errors[i]->ntests; j++)
				check_param_names_in_tests(cc, s, s->errors[i]->tests[j]);
	}
}

static void check_unknown_errno(struct check_ctx *cc)
{
	size_t n;
	const char *const *names = errno_names(cc->tmp, &n);

	for (size_t k = cc->spec_first; k < cc->spec_last; k++) {
		struct spec *s = cc->file->specs[k];
		for (size_t i = 0; i < s->nerrors; i++) {
			struct word *w = &s->errors[i]->code;
			if (errno_find(w->name))
				continue;
			const char *best = diag_closest(w->name, names, n);
			report(cc, &w->loc, "unknown errno name '%s'%s%s%s", w->name,
			       best ? "; did you mean '" : "", best ? best : "", best ? "'?" : "");
		}
		for (size_t i = 0; i < s->nsignals; i++) {
			struct word *w = &s->signals[i]->error;
			if (w->name && !errno_find(w->name)) {
				const char *best = diag_closest(w->name, names, n);
				report(cc, &w->loc, "unknown errno name '%s'%s%s%s", w->name,
				       best ? "; did you mean '" : "", best ? best : "", best ? "'?" : "");
			}
		}
		for (size_t i = 0; s->ret && i < s->ret->nerror_values; i++) {
			struct word *w = &s->ret->error_values[i];
			if (!errno_find(w->name))
				report(cc, &w->loc, "unknown errno name '%s'", w->name);
		}
	}
}

static void unknown_signal_word(struct check_ctx *cc, const struct word *w)
{
	size_t n;
	const char *const *names = signal_names(cc->tmp, &n);

	if (!w->name || signal_find(w->name))
		return;
	const char *best = diag_closest(w->name, names, n);
	report(cc, &w->loc, "unknown signal '%s'%s%s%s", w->name,
	       best ? "; did you mean '" : "", best ? best : "", best ? "'?" : "");
}

static void check_unknown_signal(struct check_ctx *cc)
{
	size_t n;
	const char *const *names = signal_names(cc->tmp, &n);

	for (size_t k = cc->spec_first; k < cc->spec_last; k++) {
		struct spec *s = cc->file->specs[k];
		for (size_t i = 0; i < s->nsignals; i++) {
			struct signal *g = s->signals[i];
			if (!g->signum && !signal_find(g->name)) {
				const char *best = diag_closest(g->name, names, n);
				report(cc, &g->loc, "'%s' is not a signal name%s%s%s", g->name,
				       best ? "; did you mean '" : "", best ? best : "", best ? "'?" : "");
				diag_hint(cc->d, "a group of signals needs an explicit number: signum 0;");
			}
			unknown_signal_word(cc, &g->transform);
		}
		for (size_t i = 0; i < s->nmasks; i++)
			for (size_t j = 0; j < s->masks[i]->signals.count; j++)
				unknown_signal_word(cc, &s->masks[i]->signals.items[j]);
	}
}

static void unknown_cap_word(struct check_ctx *cc, const struct word *w)
{
	size_t n;
	const char *const *names = capability_names(cc->tmp, &n);

	if (capability_find(w->name))
		return;
	const char *best = diag_closest(w->name, names, n);
	report(cc, &w->loc, "unknown capability '%s'%s%s%s", w->name,
	       best ? "; did you mean '" : "", best ? best : "", best ? "'?" : "");
}

static void check_unknown_capability(struct check_ctx *cc)
{
	for (size_t k = cc->spec_first; k < cc->spec_last; k++) {
		struct spec *s = cc->file->specs[k];
		for (size_t i = 0; i < s->ncaps; i++) {
			unknown_cap_word(cc, &s->caps[i]->cap);
			for (size_t j = 0; j < s->caps[i]->alternatives.count; j++)
				unknown_cap_word(cc, &s->caps[i]->alternatives.items[j]);
		}
	}
}

static void word_in(struct check_ctx *cc, const struct word *w,
		    const struct vocab *v)
{
	const char *cands[64];
	size_t n = 0;

	if (!w->name || w->entry)
		return;
	for (size_t i = 0; i < v->count && n < 64; i++)
		cands[n++] = v->entries[i].word;
	const char *best = diag_closest(w->name, cands, n);
	/* Authors who know the macros write them; point at the word. */
	const struct vocab_entry *macro = vocab_find_word(v, w->name);
	if (macro)
		report(cc, &w->loc, "write the %s '%s' as '%s'", v->what, w->name, macro->word);
	else if (best)
		report(cc, &w->loc, "unknown %s '%s'; did you mean '%s'?", v->what, w->name, best);
	else
		report(cc, &w->loc, "unknown %s '%s'", v->what, w->name);
	if (!macro && !best) {
		char list[1024] = "";
		size_t len = 0;
		for (size_t i = 0; i < n && len < sizeof list - 64; i++)
			len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", cands[i]);
		diag_hint(cc->d, "one of: %s", list);
	}
}

static void words_in(struct check_ctx *cc, const struct wordlist *wl,
		     const struct vocab *v)
{
	for (size_t i = 0; i < wl->count; i++)
		word_in(cc, &wl->items[i], v);
}

static void check_unknown_word(struct check_ctx *cc)
{
	for (size_t k = cc->spec_first; k < cc->spec_last; k++) {
		struct spec *s = cc->file->specs[k];
		words_in(cc, &s->context, &vocab_context);
		for (size_t i = 0; i < s->nparams; i++) {
			words_in(cc, &s->params[i]->flags, &vocab_param_flag);
			word_in(cc, &s->params[i]->type, &vocab_param_type);
			word_in(cc, &s->params[i]->check, &vocab_constraint_kind);
		}
		if (s->ret) {
			word_in(cc, &s->ret->type, &vocab_param_type);
			word_in(cc, &s->ret->check, &vocab_return_check);
		}
		for (size_t i = 0; i < s->nsignals; i++) {
			words_in(cc, &s->signals[i]->direction, &vocab_signal_direction);
			word_in(cc, &s->signals[i]->action, &vocab_signal_action);
			word_in(cc, &s->signals[i]->timing, &vocab_signal_timing);
		}
		for (size_t i = 0; i < s->nlocks; i++)
			word_in(cc, &s->locks[i]->kind, &vocab_lock_kind);
		for (size_t i = 0; i < s->neffects; i++)
			words_in(cc, &s->effects[i]->kind, &vocab_effect);
		for (size_t i = 0; i < s->ncaps; i++)
			word_in(cc, &s->caps[i]->action, &vocab_cap_action);
		for (size_t i = 0; i < s->nstructs; i++)
			for (size_t j = 0; j < s->structs[i]->nfields; j++) {
				word_in(cc, &s->structs[i]->fields[j]->type, &vocab_param_type);
				words_in(cc, &s->structs[i]->fields[j]->flags, &vocab_param_flag);
			}
	}
}

static void check_constant_cycle(struct check_ctx *cc)
{
	/* A constant in a cycle is left unevaluated by resolve(); tell it
	 * apart from one that fails for another reason by walking it. */
	for (size_t i = 0; i < cc->file->nconstants; i++) {
		struct constant *c = cc->file->constants[i];
		struct constant *walk = c;
		size_t steps = 0;

		if (c->value->has_value)
			continue;
		if (c->eval_state == 3) {
			report(cc, &c->loc, "constant '%s' is defined in terms of itself", c->name);
			continue;
		}
		/* Follow single-name chains; report when we come back. */
		while (walk && walk->value->kind == EXPR_NAME &&
		       walk->value->ref == REF_CONST && steps <= cc->file->nconstants) {
			walk = (struct constant *)walk->value->constant;
			steps++;
			if (walk == c) {
				report(cc, &c->loc, "constant '%s' is defined in terms of itself", c->name);
				break;
			}
		}
	}
}

static void expr_eval_visit(struct check_ctx *cc, struct spec *s,
			    struct expr *e, enum expr_role role,
			    const char *what)
{
	__int128 v;
	(void)s; (void)role; (void)what;
	if (cc->cfg->severity[cc->current] != DIAG_NOTE)
		expr_eval(e, &v, cc->d);
}

static void check_expr_eval(struct check_ctx *cc)
{
	visit_exprs(cc, expr_eval_visit);
}

static bool expr_has_unresolved(struct expr *e)
{
	if (!e)
		return false;
	if ((e->kind == EXPR_NAME || e->kind == EXPR_CALL) && e->ref == REF_UNRESOLVED)
		return true;
	if (e->kind == EXPR_CALL) {
		for (size_t i = 0; i < e->nargs; i++)
			if (expr_has_unresolved(e->args[i]))
				return true;
		return false;
	}
	if (e->kind != EXPR_UNARY && e->kind != EXPR_BINARY)
		return false;
	return expr_has_unresolved(e->lhs) || expr_has_unresolved(e->rhs);
}

static void not_constant_visit(struct check_ctx *cc, struct spec *s,
			       struct expr *e, enum expr_role role,
			       const char *what)
{
	__int128 v;
	(void)s;
	if (role != ROLE_CONST && role != ROLE_SIGNUM)
		return;
	if (expr_eval(e, &v, NULL) == EXPR_NOT_CONST && !expr_has_unresolved(e))
		report(cc, &e->loc, "%s must be a constant expression", what);
}

static void check_not_constant(struct check_ctx *cc)
{
	visit_exprs(cc, not_constant_visit);
}

static void range_order_one(struct check_ctx *cc, const struct range *r)
{
	if (r && r->min->has_value && r->max->has_value && r->min->value > r->max->value) {
		char *lo = expr_value_text(cc->tmp, r->min->value);
		char *hi = expr_value_text(cc->tmp, r->max->value);
		report(cc, &r->loc, "range minimum %s is greater than its maximum %s", lo, hi);
	}
}

static void check_range_order(struct check_ctx *cc)
{
	for (size_t k = cc->spec_first; k < cc->spec_last; k++) {
		struct spec *s = cc->file->specs[k];
		for (size_t i = 0; i < s->nparams; i++)
			range_order_one(cc, s->params[i]->range);
		if (s->ret)
			range_order_one(cc, s->ret->success_range);
		for (size_t i = 0; i < s->nstructs; i++)
			for (size_t j = 0; j < s->structs[i]->nfields; j++)
				range_order_one(cc, s->structs[i]->fields[j]->range);
	}
}

static void check_constraint_kind(struct check_ctx *cc)
{
	for (size_t k = cc->spec_first; k < cc->spec_last; k++) {
		struct spec *s = cc->file->specs[k];
		for (size_t i = 0; i < s->nparams; i++) {
			struct param *p = s->params[i];
			const char *kind = p->check_kind;
			const struct loc *at = p->check.name ? &p->check.loc : &p->loc;
			int kinds = !!p->range + !!p->mask + !!p->nvalues;

			if (!p->check.name && kinds > 1) {
				report(cc, &p->loc, "parameter '%s' has more than one of "
				       "range, mask and values; a parameter has one constraint kind",
				       p->name);
				continue;
			}
			if (strcmp(kind, "range") == 0 && !p->range)
				report(cc, at, "parameter '%s' is checked as a range but has no range", p->name);
			if (strcmp(kind, "mask") == 0 && !p->mask)
				report(cc, at, "parameter '%s' is checked as a mask but has no mask", p->name);
			if (strcmp(kind, "enum") == 0 && !p->nvalues)
				report(cc, at, "parameter '%s' is checked as an enum but has no values", p->name);
			if (p->range && strcmp(kind, "range") != 0)
				report(cc, &p->range->loc, "parameter '%s' has a range but its constraint kind is %s", p->name, kind);
			if (p->mask && strcmp(kind, "mask") != 0)
				report(cc, &p->mask->loc, "parameter '%s' has a mask but its constraint kind is %s", p->name, kind);
			if (p->nvalues && strcmp(kind, "enum") != 0)
				report(cc, &p->values_loc, "parameter '%s' has values but its constraint kind is %s", p->name, kind);
			if (p->mask && p->mask->has_value && p->mask->value < 0)
				report(cc, &p->mask->loc, "mask of '%s' is negative", p->name);
			if (strcmp(kind, "buffer") == 0 && !p->size && !p->size_param.name)
				report(cc, at, "parameter '%s' is a buffer without a size or size-param", p->name);
		}
	}
}

static void check_return_check(struct check_ctx *cc)
{
	for (size_t k = cc->spec_first; k < cc->spec_last; k++) {
		struct ret *r = cc->file->specs[k]->ret;
		if (!r || !r->check.entry)
			continue;
		const char *kind = r->check.name;
		if (strcmp(kind, "exact") == 0 && !r->success)
			report(cc, &r->check.loc, "an exact return check needs 'success VALUE;'");
		if (strcmp(kind, "range") == 0 && !r->success_range)
			report(cc, &r->check.loc, "a range return check needs 'success MIN .. MAX;'");
		if (r->success_range && strcmp(kind, "range") != 0)
			report(cc, &r->success_range->loc, "a success range needs 'check range;', not '%s'", kind);
		if (strcmp(kind, "no_return") == 0 && (r->success || r->success_range))
			report(cc, &r->check.loc, "a call that does not return has no success value");
	}
}

#define LIMIT(count, max, loc, what) do {                                        \
	if ((count) > (max))                                                    \
		report(cc, (loc), "%zu %s; the kernel's spec struct holds %d",   \
		       (size_t)(count), (what), (max));                          \
} while (0)

static void check_kernel_limits(struct check_ctx *cc)
{
	for (size_t k = cc->spec_first; k < cc->spec_last; k++) {
		struct spec *s = cc->file->specs[k];
		LIMIT(s->nparams, KAPI_MAX_PARAMS, &s->params[KAPI_MAX_PARAMS < s->nparams ? KAPI_MAX_PARAMS : 0]->loc, "parameters");
		LIMIT(s->nerrors, KAPI_MAX_ERRORS, &s->errors[KAPI_MAX_ERRORS < s->nerrors ? KAPI_MAX_ERRORS : 0]->loc, "errors");
		LIMIT(s->nsignals, KAPI_MAX_SIGNALS, &s->signals[KAPI_MAX_SIGNALS < s->nsignals ? KAPI_MAX_SIGNALS : 0]->loc, "signals");
		LIMIT(s->nmasks, KAPI_MAX_SIGNAL_MASKS, &s->masks[KAPI_MAX_SIGNAL_MASKS < s->nmasks ? KAPI_MAX_SIGNAL_MASKS : 0]->loc, "signal masks");
		LIMIT(s->nlocks, KAPI_MAX_LOCKS, &s->locks[KAPI_MAX_LOCKS < s->nlocks ? KAPI_MAX_LOCKS : 0]->loc, "locks");
		LIMIT(s->nconstraints, KAPI_MAX_CONSTRAINTS, &s->constraints[KAPI_MAX_CONSTRAINTS < s->nconstraints ? KAPI_MAX_CONSTRAINTS : 0]->loc, "constraints");
		LIMIT(s->neffects, KAPI_MAX_SIDE_EFFECTS, &s->effects[KAPI_MAX_SIDE_EFFECTS < s->neffects ? KAPI_MAX_SIDE_EFFECTS : 0]->loc, "side effects");
		LIMIT(s->ntransitions, KAPI_MAX_STATE_TRANS, &s->transitions[KAPI_MAX_STATE_TRANS < s->ntransitions ? KAPI_MAX_STATE_TRANS : 0]->loc, "state transitions");
		LIMIT(s->ncaps, KAPI_MAX_CAPABILITIES, &s->caps[KAPI_MAX_CAPABILITIES < s->ncaps ? KAPI_MAX_CAPABILITIES : 0]->loc, "capabilities");
		LIMIT(s->nstructs, KAPI_MAX_STRUCT_SPECS, &s->structs[KAPI_MAX_STRUCT_SPECS < s->nstructs ? KAPI_MAX_STRUCT_SPECS : 0]->loc, "struct specs");
		for (size_t i = 0; i < s->nstructs; i++)
			LIMIT(s->structs[i]->nfields, KAPI_MAX_STRUCT_FIELDS, &s->structs[i]->loc, "fields");
		for (size_t i = 0; i < s->nparams; i++)
			LIMIT(s->params[i]->nvalues, KAPI_MAX_ENUM_VALUES, &s->params[i]->values_loc, "enum values");
	}
}

static void len_check(struct check_ctx *cc, const struct kstr *s, size_t max,
		      const char *what)
{
	if (s && s->len >= max)
		report(cc, &s->loc, "%s is %zu bytes; the kernel field holds %zu "
		       "including its NUL", what, s->len, max);
}

static void name_check(struct check_ctx *cc, const char *s, const struct loc *loc,
		       const char *what)
{
	size_t len = s ? strlen(s) : 0;
	if (len >= KAPI_MAX_NAME_LEN)
		report(cc, loc, "%s is %zu bytes; the kernel field holds %d "
		       "including its NUL", what, len, KAPI_MAX_NAME_LEN);
}

static void check_string_length(struct check_ctx *cc)
{
	const size_t N = KAPI_MAX_NAME_LEN, D = KAPI_MAX_DESC_LEN;

	for (size_t k = cc->spec_first; k < cc->spec_last; k++) {
		struct spec *s = cc->file->specs[k];
		name_check(cc, s->name, &s->loc, "the spec name");
		len_check(cc, s->summary, D, "the summary");
		len_check(cc, s->description, KAPI_MAX_LONG_DESC_LEN, "the description");
		len_check(cc, s->examples, KAPI_MAX_EXAMPLES_LEN, "the examples");
		len_check(cc, s->notes, KAPI_MAX_NOTES_LEN, "the notes");
		len_check(cc, s->since, N, "the since-version");
		len_check(cc, s->replacement, N, "the replacement");
		for (size_t i = 0; i < s->nparams; i++) {
			struct param *p = s->params[i];
			name_check(cc, p->name, &p->loc, "the parameter name");
			name_check(cc, p->ctype, &p->ctype_loc, "the C type");
			len_check(cc, p->summary, D, "the summary");
			len_check(cc, p->constraint_text, D, "the constraint");
		}
		if (s->ret) {
			name_check(cc, s->ret->ctype, &s->ret->loc, "the C type");
			len_check(cc, s->ret->summary, D, "the summary");
		}
		for (size_t i = 0; i < s->nerrors; i++) {
			len_check(cc, s->errors[i]->condition, D, "the condition");
			len_check(cc, s->errors[i]->description, D, "the description");
		}
		for (size_t i = 0; i < s->nsignals; i++) {
			struct signal *g = s->signals[i];
			name_check(cc, g->name, &g->loc, "the signal name");
			len_check(cc, g->target, D, "the target");
			len_check(cc, g->condition, D, "the condition");
			len_check(cc, g->description, D, "the description");
			len_check(cc, g->queue, N, "the queue behaviour");
		}
		for (size_t i = 0; i < s->nmasks; i++) {
			name_check(cc, s->masks[i]->name, &s->masks[i]->loc, "the mask name");
			len_check(cc, s->masks[i]->description, D, "the description");
		}
		for (size_t i = 0; i < s->nlocks; i++) {
			name_check(cc, s->locks[i]->name, &s->locks[i]->loc, "the lock name");
			for (size_t j = 0; j < s->locks[i]->ndescriptions; j++)
				len_check(cc, s->locks[i]->descriptions[j], D, "the description");
		}
		for (size_t i = 0; i < s->nconstraints; i++) {
			len_check(cc, s->constraints[i]->name, N, "the constraint name");
			len_check(cc, s->constraints[i]->description, D, "the description");
		}
		for (size_t i = 0; i < s->neffects; i++) {
			len_check(cc, s->effects[i]->target, N, "the target");
			len_check(cc, s->effects[i]->description, D, "the description");
			len_check(cc, s->effects[i]->condition, D, "the condition");
		}
		for (size_t i = 0; i < s->ntransitions; i++) {
			struct transition *t = s->transitions[i];
			len_check(cc, t->object, N, "the object");
			len_check(cc, t->from, N, "the from-state");
			len_check(cc, t->to, N, "the to-state");
			len_check(cc, t->description, D, "the description");
			len_check(cc, t->condition, D, "the condition");
		}
		for (size_t i = 0; i < s->ncaps; i++) {
			len_check(cc, s->caps[i]->allows, D, "the allows text");
			len_check(cc, s->caps[i]->without, D, "the without text");
			len_check(cc, s->caps[i]->condition, D, "the condition");
		}
		for (size_t i = 0; i < s->nstructs; i++) {
			struct struct_spec *st = s->structs[i];
			name_check(cc, st->name, &st->loc, "the struct name");
			len_check(cc, st->description, D, "the description");
			for (size_t j = 0; j < st->nfields; j++) {
				name_check(cc, st->fields[j]->name, &st->fields[j]->loc, "the field name");
				name_check(cc, st->fields[j]->ctype, &st->fields[j]->loc, "the C type");
				len_check(cc, st->fields[j]->description, D, "the description");
			}
		}
	}
}

static void nul_check(struct check_ctx *cc, const struct kstr *s)
{
	if (s && memchr(s->text, '\0', s->len))
		report(cc, &s->loc, "string contains a NUL byte; C would cut it there");
}

static void check_string_nul(struct check_ctx *cc)
{
	for (size_t k = cc->spec_first; k < cc->spec_last; k++) {
		struct spec *s = cc->file->specs[k];
		nul_check(cc, s->summary); nul_check(cc, s->description);
		nul_check(cc, s->examples); nul_check(cc, s->notes);
		nul_check(cc, s->since); nul_check(cc, s->replacement);
		for (size_t i = 0; i < s->nparams; i++) {
			nul_check(cc, s->params[i]->summary);
			nul_check(cc, s->params[i]->constraint_text);
		}
		if (s->ret)
			nul_check(cc, s->ret->summary);
		for (size_t i = 0; i < s->nerrors; i++) {
			nul_check(cc, s->errors[i]->condition);
			nul_check(cc, s->errors[i]->description);
			nul_check(cc, s->errors[i]->untestable);
			for (size_t j = 0; j < s->errors[i]->ntests; j++)
				nul_check(cc, s->errors[i]->tests[j]->name);
		}
		for (size_t i = 0; i < s->ntests; i++)
			nul_check(cc, s->tests[i]->name);
		for (size_t i = 0; i < s->nsignals; i++) {
			nul_check(cc, s->signals[i]->target);
			nul_check(cc, s->signals[i]->condition);
			nul_check(cc, s->signals[i]->description);
			nul_check(cc, s->signals[i]->queue);
		}
		for (size_t i = 0; i < s->nmasks; i++)
			nul_check(cc, s->masks[i]->description);
		for (size_t i = 0; i < s->nlocks; i++)
			for (size_t j = 0; j < s->locks[i]->ndescriptions; j++)
				nul_check(cc, s->locks[i]->descriptions[j]);
		for (size_t i = 0; i < s->nconstraints; i++) {
			nul_check(cc, s->constraints[i]->name);
			nul_check(cc, s->constraints[i]->description);
		}
		for (size_t i = 0; i < s->neffects; i++) {
			nul_check(cc, s->effects[i]->target);
			nul_check(cc, s->effects[i]->description);
			nul_check(cc, s->effects[i]->condition);
		}
		for (size_t i = 0; i < s->ntransitions; i++) {
			nul_check(cc, s->transitions[i]->object);
			nul_check(cc, s->transitions[i]->from);
			nul_check(cc, s->transitions[i]->to);
			nul_check(cc, s->transitions[i]->description);
			nul_check(cc, s->transitions[i]->condition);
		}
		for (size_t i = 0; i < s->ncaps; i++) {
			nul_check(cc, s->caps[i]->allows);
			nul_check(cc, s->caps[i]->without);
			nul_check(cc, s->caps[i]->condition);
		}
		for (size_t i = 0; i < s->nstructs; i++) {
			nul_check(cc, s->structs[i]->description);
			for (size_t j = 0; j < s->structs[i]->nfields; j++)
				nul_check(cc, s->structs[i]->fields[j]->description);
		}
	}
	for (size_t i = 0; cc->with_constants && i < cc->file->nconstants; i++)
		nul_check(cc, cc->file->constants[i]->description);
}

static bool is_iso_date(const struct kstr *d)
{
	static const char shape[] = "dddd-dd-dd";
	int month, day;

	if (d->len != sizeof shape - 1)
		return false;
	for (size_t i = 0; i < d->len; i++)
		if (shape[i] == 'd' ? !(d->text[i] >= '0' && d->text[i] <= '9')
				    : d->text[i] != shape[i])
			return false;
	month = (d->text[5] - '0') * 10 + (d->text[6] - '0');
	day = (d->text[8] - '0') * 10 + (d->text[9] - '0');
	return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

static void check_date_format(struct check_ctx *cc)
{
	for (size_t k = cc->spec_first; k < cc->spec_last; k++) {
		const struct kstr *d = cc->file->specs[k]->date;
		if (d && !is_iso_date(d))
			report(cc, &d->loc, "date \"%s\" is not YYYY-MM-DD",
			       memchr(d->text, '\0', d->len) ? "..." : d->text);
	}
}

static void check_missing_summary(struct check_ctx *cc)
{
	for (size_t k = cc->spec_first; k < cc->spec_last; k++) {
		struct spec *s = cc->file->specs[k];
		if (!s->summary)
			report(cc, &s->loc, "%s has no summary", s->name);
		for (size_t i = 0; i < s->nparams; i++)
			if (!s->params[i]->summary)
				report(cc, &s->params[i]->loc, "parameter '%s' has no summary",
				       s->params[i]->name);
		if (s->ret && !s->ret->summary)
			report(cc, &s->ret->loc, "the return value has no summary");
		for (size_t i = 0; i < s->nerrors; i++)
			if (!s->errors[i]->description)
				report(cc, &s->errors[i]->loc, "error %s has no description",
				       s->errors[i]->code.name);
	}
}

static void fixture_node(struct node_visit *v, struct expr *e)
{
	struct check_ctx *cc = v->cc;
	bool top = e == v->root;

	if (e->kind != EXPR_CALL)
		return;
	if (!role_allows_calls(v->role)) {
		report(cc, &e->loc, "'%s(...)' calls a test fixture; %s cannot", e->name, v->what);
		return;
	}
	const struct fixture *fx = fixture_find(e->name);
	if (!fx) {
		size_t n;
		const char *const *names = fixture_names(&n);
		const char *best = diag_closest(e->name, names, n);
		report(cc, &e->loc, "unknown test fixture '%s'%s%s%s", e->name,
		       best ? "; did you mean '" : "", best ? best : "", best ? "'?" : "");
		return;
	}
	if ((int)e->nargs != fx->arity)
		report(cc, &e->loc, "fixture '%s' takes %d argument%s, not %zu",
		       e->name, fx->arity, fx->arity == 1 ? "" : "s", e->nargs);
	/* The outermost call of a set-up or verification is one of those;
	 * every call inside it, and every call in an argument, gives a value. */
	enum fixture_kind want = !top ? FIXTURE_VALUE :
		v->role == ROLE_TEST_SETUP ? FIXTURE_SETUP :
		v->role == ROLE_TEST_VERIFY || v->role == ROLE_EFFECT_VERIFY ?
		FIXTURE_VERIFY : FIXTURE_VALUE;
	if (fx->kind != want)
		report(cc, &e->loc, "'%s' is a %s fixture; %s needs a %s fixture",
		       e->name, fixture_kind_name(fx->kind), top ? v->what : "an argument",
		       fixture_kind_name(want));
}

static void fixture_visit(struct check_ctx *cc, struct spec *s, struct expr *e,
			  enum expr_role role, const char *what)
{
	if ((role == ROLE_TEST_SETUP || role == ROLE_TEST_VERIFY ||
	     role == ROLE_EFFECT_VERIFY) && e->kind != EXPR_CALL) {
		report(cc, &e->loc, "%s must call a fixture, as in name(arguments)", what);
		return;
	}
	walk_nodes(cc, s, e, role, what, fixture_node);
}

static void check_fixture(struct check_ctx *cc)
{
	visit_exprs(cc, fixture_visit);
}

static void test_args_one(struct check_ctx *cc, struct spec *s, struct testcase *t)
{
	for (size_t i = 0; i < s->nparams; i++) {
		size_t found = 0;
		for (size_t a = 0; a < t->nargs; a++)
			if (t->args[a].param == s->params[i] && ++found == 2)
				report(cc, &t->args[a].loc, "parameter '%s' is given twice",
				       s->params[i]->name);
		if (!found)
			report(cc, &t->loc, "the test gives no value for parameter '%s'",
			       s->params[i]->name);
	}
}

static void check_test_args(struct check_ctx *cc)
{
	for (size_t k = cc->spec_first; k < cc->spec_last; k++) {
		struct spec *s = cc->file->specs[k];
		for (size_t i = 0; i < s->ntests; i++)
			test_args_one(cc, s, s->tests[i]);
		for (size_t i = 0; i < s->nerrors; i++) {
			for (size_t j = 0; j < s->errors[i]->ntests; j++)
				test_args_one(cc, s, s->errors[i]->tests[j]);
			if (s->errors[i]->untestable && s->errors[i]->ntests)
				report(cc, &s->errors[i]->untestable->loc,
				       "error %s has tests and is marked untestable",
				       s->errors[i]->code.name);
		}
	}
}

static void check_untested_error(struct check_ctx *cc)
{
	for (size_t k = cc->spec_first; k < cc->spec_last; k++) {
		struct spec *s = cc->file->specs[k];
		for (size_t i = 0; i < s->nerrors; i++)
			if (!s->errors[i]->ntests && !s->errors[i]->untestable)
				report(cc, &s->errors[i]->loc, "error %s has no test; add one, "
				       "or say why there is none with 'untestable \"reason\";'",
				       s->errors[i]->code.name);
	}
}

static void check_unused_constant(struct check_ctx *cc)
{
	for (size_t i = 0; i < cc->file->nconstants; i++)
		if (!cc->file->constants[i]->used)
			report(cc, &cc->file->constants[i]->loc, "constant '%s' is never used",
			       cc->file->constants[i]->name);
}

/* Checks that compare specs or constants with each other: they always
 * look at the whole file. */
static bool whole_file_check(size_t i)
{
	check_fn fn = checks[i].fn;

	return fn == check_duplicate_constant || fn == check_duplicate_spec ||
	       fn == check_duplicate_property || fn == check_constant_cycle ||
	       fn == check_unused_constant;
}

static void run_checks(struct check_ctx *cc, bool whole, bool windowed)
{
	for (cc->current = 0; cc->current < NCHECKS; cc->current++) {
		bool is_whole = whole_file_check(cc->current);

		if (cc->cfg->severity[cc->current] != DIAG_NOTE &&
		    ((is_whole && whole) || (!is_whole && windowed)))
			checks[cc->current].fn(cc);
	}
}

/*
 * Each check walks every spec, so on a large file each walk reads the
 * whole model from memory again: with every check over all of 1000 specs
 * (28 MB), checking took as long as parsing.  Here a window of specs is
 * resolved and then every check runs over it, window after window, while
 * the window is in cache, with reports counted but not printed.  Checks
 * only read the model, so when nothing was reported the file is clean
 * exactly as when each check walks the whole file; when something was,
 * the caller runs the checks that way for the diagnostics, in their usual
 * order.  The windows may be shared by threads: resolving a window writes
 * only its own specs (and marks constants used, by relaxed atomic
 * stores), checks only read, and each thread counts into a diag of its
 * own.
 */

/* One thread's share of the windows: every STEP-th from FIRST, with a
 * check context, a scratch context, an arena and a counting diag of its
 * own.  The context is a copy of the caller's, whose name set of
 * constants it reads in place (the caller's outlives the threads). */
struct window_worker {
	struct check_ctx cc;
	size_t first, step;
	atomic_bool *reported;          /* shared: any worker reported */
};

/* The models of specs [FIRST, LAST) on their way to the cache. */
static void prefetch_specs(const struct kapi_file *f, size_t first, size_t last)
{
	for (size_t k = first; k < last; k++)
		(void)f->specs[k];
}

static void *check_windows(void *arg)
{
	struct window_worker *w = arg;
	struct check_ctx *cc = &w->cc;
	size_t n = cc->file->nspecs;

	for (size_t i = w->first; i * CHECK_WINDOW < n; i += w->step) {
		cc->spec_first = i * CHECK_WINDOW;
		cc->spec_last = (i + 1) * CHECK_WINDOW < n ? (i + 1) * CHECK_WINDOW : n;
		/* Issued together, the window's misses overlap; met one by
		 * one as resolution follows pointers, they did not (the
		 * check phase of 1000 specs took a third longer). */
		prefetch_specs(cc->file, cc->spec_first, cc->spec_last);
		/* Every window is resolved, reports or not: the checks may
		 * have to run again over the whole file. */
		resolve_window(cc);
		if (atomic_load_explicit(w->reported, memory_order_relaxed))
			continue;
		/* The constants once, with the first window. */
		cc->with_constants = i == 0;
		run_checks(cc, false, true);
		if (diag_reports(cc->d))
			atomic_store_explicit(w->reported, true, memory_order_relaxed);
	}
	return NULL;
}

/* Resolves every spec, whatever it returns. */
static bool check_windows_clean(struct check_ctx *cc, unsigned threads)
{
	struct diag *real = cc->d;
	struct diag *quiet = diag_new_deferred(cc->tmp);
	struct window_worker w[CHECK_MAX_THREADS];
	struct cpus_thread tid[CHECK_MAX_THREADS];
	atomic_bool reported;
	unsigned started = 0;
	bool clean;

	if (!quiet)
		abort();
	/* The windows, on THREADS threads: resolving a window writes only
	 * its specs (and relaxed stores of "used"), checks only read. */
	atomic_init(&reported, false);
	if (threads > CHECK_MAX_THREADS)
		threads = CHECK_MAX_THREADS;
	for (unsigned t = 0; t < threads; t++) {
		w[t] = (struct window_worker){
			.cc = *cc, .first = t, .step = threads, .reported = &reported,
		};
		/* Top-level: a worker allocates alone. */
		w[t].cc.tmp = talloc_new(NULL);
		w[t].cc.d = w[t].cc.tmp ? diag_new_deferred(w[t].cc.tmp) : NULL;
		if (!w[t].cc.d)
			abort();
		/* What resolution makes is the model's: the arena belongs to
		 * the file, made here, filled by the worker alone. */
		if (t > 0)
			w[t].cc.arena = arena_new(cc->file, 0);
	}
	for (unsigned t = 1; t < threads; t++) {
		if (!cpus_thread_start(&tid[started], check_windows, &w[t]))
			break;
		started++;
	}
	check_windows(&w[0]);
	for (unsigned t = 0; t < started; t++)
		cpus_thread_join(&tid[t]);
	/* The shares of threads that could not start, here. */
	for (unsigned t = started + 1; t < threads; t++)
		check_windows(&w[t]);
	size_t constants_unresolved = cc->unresolved_names;
	for (unsigned t = 0; t < threads; t++) {
		cc->unresolved_names += w[t].cc.unresolved_names - constants_unresolved;
		talloc_free(w[t].cc.tmp);
	}
	cc->spec_first = 0;
	cc->spec_last = cc->file->nspecs;
	cc->with_constants = true;
	if (atomic_load(&reported))
		return false;

	/* The checks that compare specs with each other, once all are
	 * resolved (unused-constant reads what every window marked). */
	cc->d = quiet;
	run_checks(cc, true, false);
	clean = diag_reports(quiet) == 0;
	cc->d = real;
	return clean;
}

bool check_file(struct kapi_file *file, const struct check_config *cfg,
		struct diag *d)
{
	return check_file_jobs(file, cfg, d, 1);
}

bool check_file_jobs(struct kapi_file *file, const struct check_config *cfg,
		     struct diag *d, unsigned jobs)
{
	struct check_ctx cc = {
		.file = file,
		.d = d,
		.cfg = cfg,
		.tmp = talloc_new(NULL),
		.spec_last = file->nspecs,
		.with_constants = true,
		.arena = arena_new(file, 0),
	};
	unsigned before = diag_errors(d);

	cc.unknown_name_check = (size_t)find_check("unknown-name");
	cc.unknown_param_check = (size_t)find_check("unknown-param");
	/* Threads only for many windows: below that they cost more (a stack
	 * and a malloc arena each) than they share. */
	if (file->nspecs < CHECK_THREADED_SPECS)
		jobs = 1;
	if (jobs == 0)
		jobs = cpus_usable();
	if (file->nspecs < 4 * CHECK_WINDOW) {
		resolve(&cc);
		run_checks(&cc, true, true);
	} else {
		resolve_constants(&cc);
		if (!check_windows_clean(&cc, jobs))
			run_checks(&cc, true, true);
	}
	talloc_free(cc.tmp);
	return diag_errors(d) == before;
}
