#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "escape.h"
#include "expr.h"
#include "fixtures.h"
#include "strbuf.h"
#include "view.h"
#include "vocab.h"

static const struct c_style c_plain = { "", "", NULL, false };
static const struct c_style c_test = { "p_", "kapi_fx_", "env", false };
static const struct c_style c_cond = { "", "", NULL, true };

/* What building one view needs: where values go and scratch space. */
struct vb {
	TALLOC_CTX *a;              /* the values' context */
	struct strbuf *sb;          /* for one value at a time */
	TALLOC_CTX *tmp;
	/* The spec's list of every test: an error's test views go in its
	 * own list and in this one, made once. */
	struct tval *tests;
	bool syscall;               /* the spec's pointers are user pointers */
	int gen;                    /* the file's --kapi generation, 0 the default */
};

/* Each key once a map.  The key as written: #key is never macro-expanded,
 * and errno is a macro. */
#define SET(m, key, expr) tv_add((m), #key, (expr))

/* Model strings outlive every view: point at them, don't copy. */
static struct tval *ref(struct vb *b, const char *s)
{
	return tv_str_ref(b->a, NULL, NULL, 0, s, strlen(s));
}

static struct tval *str_or_null(struct vb *b, const struct kstr *s)
{
	if (!s)
		return tv_null(b->a);
	return tv_str_ref(b->a, (const char *const *)s->pieces, s->piece_lens,
			  s->npieces, s->text, s->len);
}

static struct tval *cstr_or_null(struct vb *b, const char *s)
{
	return s ? ref(b, s) : tv_null(b->a);
}

static struct tval *count(struct vb *b, size_t n)
{
	return tv_int(b->a, (long long)n);
}

/* The text of the strbuf, copied into the view. */
static struct tval *sb_str(struct vb *b, const struct strbuf *sb)
{
	return tv_strn(b->a, sb->data, sb->len);
}

/* E as C: in B's scratch buffer, and copied into the view. */
static struct tval *c_view(struct vb *b, const struct expr *e,
			   const struct c_style *style)
{
	strbuf_reset(b->sb);
	expr_to_c(b->sb, e, style);
	return sb_str(b, b->sb);
}

/* A value in [INT64_MIN, UINT64_MAX] in decimal, or with HEX in hex. */
static struct tval *value_text(struct vb *b, __int128 v, bool hex)
{
	uint64_t magnitude = (uint64_t)(v < 0 ? -v : v);

	if (hex)
		return tv_fmt(b->a, "%s0x%" PRIx64, v < 0 ? "-" : "", magnitude);
	return tv_fmt(b->a, "%s%" PRIu64, v < 0 ? "-" : "", magnitude);
}

/* The text of E as written; a tree made up by kapic has none, and
 * FALLBACK (its C form) stands in when given. */
static struct tval *source_text(struct vb *b, const struct expr *e,
				const struct strbuf *fallback)
{
	const char *text = e->text ? e->text : "";

	return *text || !fallback ? tv_str(b->a, text) : sb_str(b, fallback);
}

/* An expression: as written, as C, and its value when constant. */
static struct tval *expr_view(struct vb *b, const struct expr *e,
			      const struct c_style *style)
{
	struct tval *m, *c;

	if (!e)
		return tv_null(b->a);
	m = tv_map(b->a);
	c = c_view(b, e, style);
	SET(m, text, source_text(b, e, b->sb));
	SET(m, c, c);
	if (e->has_value) {
		SET(m, value, value_text(b, e->value, false));
		/* Masks and flags read better in hex. */
		SET(m, hex, value_text(b, e->value, e->value >= 0));
	} else {
		SET(m, value, tv_null(b->a));
		SET(m, hex, tv_null(b->a));
	}
	SET(m, is_const, tv_bool(b->a, e->has_value));
	return m;
}

static struct tval *entry_view(struct vb *b, const struct vocab_entry *e)
{
	struct tval *m = tv_map(b->a);

	SET(m, word, ref(b, e->word));
	SET(m, macro, ref(b, e->macro));
	SET(m, doc, ref(b, e->doc));
	SET(m, number, tv_int(b->a, (long long)vocab_number(e, b->gen)));
	return m;
}

static struct tval *word_view(struct vb *b, const struct word *w)
{
	struct tval *m;

	if (!w->name)
		return tv_null(b->a);
	m = tv_map(b->a);
	SET(m, word, ref(b, w->name));
	SET(m, macro, cstr_or_null(b, w->entry ? w->entry->macro : NULL));
	SET(m, doc, cstr_or_null(b, w->entry ? w->entry->doc : NULL));
	SET(m, number, w->entry ? tv_int(b->a, (long long)vocab_number(w->entry, b->gen))
			       : tv_null(b->a));
	return m;
}

/* The words of WL joined by SEP, with MACROS each word's macro where it
 * has one; null for no words. */
static struct tval *joined(struct vb *b, const struct wordlist *wl,
			   const char *sep, bool macros)
{
	if (!wl->count)
		return tv_null(b->a);
	strbuf_reset(b->sb);
	for (size_t i = 0; i < wl->count; i++) {
		const struct word *w = &wl->items[i];

		if (i)
			strbuf_adds(b->sb, sep);
		strbuf_adds(b->sb, macros && w->entry ? w->entry->macro : w->name);
	}
	return sb_str(b, b->sb);
}

/* Bit sets: each word, and the macros or-ed as C writes them. */
static struct tval *words_view(struct vb *b, const struct wordlist *wl)
{
	struct tval *m = tv_map(b->a), *list = tv_list(b->a);

	for (size_t i = 0; i < wl->count; i++)
		tv_push(list, word_view(b, &wl->items[i]));
	uint64_t bits = 0;
	for (size_t i = 0; i < wl->count; i++)
		bits |= wl->items[i].entry ? vocab_number(wl->items[i].entry, b->gen) : 0;
	SET(m, items, list);
	SET(m, number, tv_int(b->a, (long long)bits));
	SET(m, c, joined(b, wl, " | ", true));
	SET(m, any, tv_bool(b->a, wl->count > 0));
	return m;
}

/* man-pages orders SEE ALSO by section, then by name. */
static int by_section(const void *a, const void *b)
{
	const struct kstr *x = *(const struct kstr *const *)a, *y = *(const struct kstr *const *)b;
	const char *sx = strchr(x->text, '('), *sy = strchr(y->text, '(');
	int c = strcmp(sx ? sx : "", sy ? sy : "");

	return c ? c : strcmp(x->text, y->text);
}

/* The spec's see-also pages (checked NAME(SECTION)), each as name and
 * section. */
static struct tval *see_also_view(struct vb *b, const struct spec *s)
{
	struct tval *list = tv_list(b->a);
	const struct kstr **sorted;

	if (!s->nsee_also)
		return list;
	if (!(sorted = talloc_memdup(b->a, s->see_also, s->nsee_also * sizeof *sorted)))
		abort();
	qsort(sorted, s->nsee_also, sizeof *sorted, by_section);
	for (size_t i = 0; i < s->nsee_also; i++) {
		const char *open = strchr(sorted[i]->text, '(');
		struct tval *m = tv_map(b->a);

		if (!open)      /* the see-also check reports it */
			continue;
		SET(m, name, tv_strn(b->a, sorted[i]->text, (size_t)(open - sorted[i]->text)));
		SET(m, section, tv_strn(b->a, open + 1, strlen(open + 1) - 1));
		tv_push(list, m);
	}
	return list;
}

static struct tval *range_view(struct vb *b, const struct range *r)
{
	struct tval *m;

	if (!r)
		return tv_null(b->a);
	m = tv_map(b->a);
	SET(m, min, expr_view(b, r->min, &c_plain));
	SET(m, max, expr_view(b, r->max, &c_plain));
	return m;
}

static struct tval *exprs_view(struct vb *b, struct expr *const *v, size_t n)
{
	struct tval *list = tv_list(b->a);

	for (size_t i = 0; i < n; i++)
		tv_push(list, expr_view(b, v[i], &c_plain));
	return list;
}

static struct tval *constant_view(struct vb *b, const struct constant *c)
{
	struct tval *m = tv_map(b->a);

	SET(m, name, ref(b, c->name));
	SET(m, value, expr_view(b, c->value, &c_plain));
	SET(m, description, str_or_null(b, c->description));
	SET(m, since, str_or_null(b, c->since));
	return m;
}

struct const_collect {
	const struct constant **found;
	size_t count;
	TALLOC_CTX *ctx;
};

static void collect_constant(struct expr *e, void *arg)
{
	struct const_collect *cc = arg;

	if (e->kind != EXPR_NAME || e->ref != REF_CONST)
		return;
	for (size_t i = 0; i < cc->count; i++)
		if (cc->found[i] == e->constant)
			return;
	cc->found = util_grow(cc->ctx, cc->found, cc->count, sizeof *cc->found);
	if (!cc->found)
		abort();
	cc->found[cc->count++] = e->constant;
}

/* The constants a mask is made of, so a man page can describe each flag. */
static struct tval *mask_constants(struct vb *b, struct expr *mask)
{
	struct tval *list = tv_list(b->a);
	struct const_collect cc = { NULL, 0, b->tmp };

	if (!mask)
		return list;
	expr_walk(mask, collect_constant, &cc);
	for (size_t i = 0; i < cc.count; i++)
		tv_push(list, constant_view(b, cc.found[i]));
	talloc_free(cc.found);
	return list;
}

/* P declared in C, as the validator declares it (`void __user *buf`): a
 * system call's pointers point into user space, so the outermost is
 * __user, for sparse (user-space builds define __user away). */
static struct tval *decl(struct vb *b, const struct param *p)
{
	const char *t = p->c_ctype, *star = strrchr(t, '*');
	int n = star ? (int)(star - t) : (int)strlen(t);

	while (n && t[n - 1] == ' ')
		n--;
	return tv_fmt(b->a, "%.*s%s%s%s%s", n, t, !n || t[n - 1] == '*' ? "" : " ",
		      star && b->syscall ? "__user " : "", star ? star : "", p->name);
}

static struct tval *param_view(struct vb *b, const struct param *p)
{
	struct tval *m = tv_map(b->a);
	const struct vocab_entry *kind = vocab_find(&vocab_constraint_kind,
						    p->check_kind);

	SET(m, index, tv_int(b->a, p->index));
	SET(m, name, ref(b, p->name));
	SET(m, ctype, ref(b, p->ctype));
	SET(m, decl, decl(b, p));
	SET(m, c_ctype, ref(b, p->c_ctype));
	SET(m, is_pointer, tv_bool(b->a, strchr(p->c_ctype, '*') != NULL));
	SET(m, summary, str_or_null(b, p->summary));
	SET(m, constraint, str_or_null(b, p->constraint_text));
	SET(m, flags, words_view(b, &p->flags));
	SET(m, type, word_view(b, &p->type));
	SET(m, constraint_kind, ref(b, p->check_kind));
	SET(m, constraint_kind_macro, cstr_or_null(b, kind ? kind->macro : NULL));
	SET(m, constraint_number, tv_int(b->a, kind ? (long long)vocab_number(kind, b->gen) : 0));
	SET(m, is_constrained, tv_bool(b->a, kind && kind != &vocab_constraint_kind.entries[CONSTRAINT_NONE]));
	SET(m, range, range_view(b, p->range));
	SET(m, mask, expr_view(b, p->mask, &c_plain));
	SET(m, mask_constants, mask_constants(b, p->mask));
	SET(m, mask_documenting, tv_bool(b->a, p->mask && p->mask_documenting));
	SET(m, values, exprs_view(b, p->values, p->nvalues));
	SET(m, value_count, count(b, p->nvalues));
	SET(m, has_values, tv_bool(b->a, p->nvalues > 0));
	SET(m, size, expr_view(b, p->size, &c_plain));
	SET(m, alignment, expr_view(b, p->alignment, &c_plain));
	if (p->size_param_ref) {
		struct tval *sp = tv_map(b->a);
		SET(sp, name, ref(b, p->size_param_ref->name));
		SET(sp, index, tv_int(b->a, p->size_param_ref->index));
		SET(m, size_param, sp);
	} else {
		SET(m, size_param, tv_null(b->a));
	}
	SET(m, size_multiplier, expr_view(b, p->size_multiplier, &c_plain));
	SET(m, is_checked, tv_bool(b->a, p->range || (p->mask && !p->mask_documenting) ||
				    p->nvalues));
	struct tval *arch = tv_list(b->a);
	for (size_t i = 0; i < p->arch_masks.count; i++) {
		struct tval *am = tv_map(b->a);
		const struct word *w = &p->arch_masks.items[i];

		SET(am, arch, ref(b, w->name));
		SET(am, config, cstr_or_null(b, w->entry ? w->entry->macro : NULL));
		SET(am, mask, expr_view(b, p->arch_mask_values[i], &c_plain));
		tv_push(arch, am);
	}
	SET(m, arch_masks, arch);
	SET(m, has_arch_masks, tv_bool(b->a, p->arch_masks.count > 0));
	return m;
}

static struct tval *word_names(struct vb *b, const struct word *w, size_t n)
{
	struct tval *list = tv_list(b->a);

	for (size_t i = 0; i < n; i++)
		tv_push(list, ref(b, w[i].name));
	return list;
}

/* The kernel-doc spelling of MACRO: its words after PREFIX, lower case
 * (KAPI_RETURN_ERROR_CHECK is error_check). */
static struct tval *kdoc_word(struct vb *b, const char *macro, const char *prefix)
{
	size_t n = strlen(prefix);

	strbuf_reset(b->sb);
	for (const char *c = strncmp(macro, prefix, n) ? macro : macro + n; *c; c++)
		strbuf_addc(b->sb, (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c));
	return sb_str(b, b->sb);
}

static struct tval *return_view(struct vb *b, const struct ret *r)
{
	struct tval *m;

	if (!r)
		return tv_null(b->a);
	m = tv_map(b->a);
	SET(m, ctype, ref(b, r->ctype));
	SET(m, summary, str_or_null(b, r->summary));
	SET(m, type, word_view(b, &r->type));
	SET(m, check, word_view(b, &r->check));
	SET(m, check_number, tv_int(b->a, r->check.entry ? (long long)vocab_number(r->check.entry, b->gen) : 0));
	SET(m, check_exact, tv_bool(b->a, r->kind == RETURN_EXACT));
	SET(m, check_range, tv_bool(b->a, r->kind == RETURN_RANGE));
	SET(m, check_kdoc, r->check.entry ? kdoc_word(b, r->check.entry->macro, "KAPI_RETURN_")
					  : tv_null(b->a));
	SET(m, success, expr_view(b, r->success, &c_plain));
	SET(m, success_range, range_view(b, r->success_range));
	SET(m, error_values, word_names(b, r->error_values, r->nerror_values));
	struct tval *codes = tv_list(b->a);
	for (size_t i = 0; i < r->nerror_values; i++)
		if (r->error_values[i].known)
			tv_push(codes, tv_int(b->a, -(long long)r->error_values[i].known->value));
	SET(m, error_codes, codes);
	SET(m, error_value_count, count(b, r->nerror_values));
	SET(m, has_error_values, tv_bool(b->a, r->nerror_values > 0));
	return m;
}

/* Expressions of a test as C, one string each. */
static struct tval *calls_c(struct vb *b, struct expr *const *v, size_t n)
{
	struct tval *list = tv_list(b->a);

	for (size_t i = 0; i < n; i++)
		tv_push(list, c_view(b, v[i], &c_test));
	return list;
}

/* A string argument as the test passes it: a C literal (the C escaper's)
 * cast to the parameter's type, then to the long of the argument array. */
static struct tval *string_arg(struct vb *b, const struct param *p,
			       const struct kstr *str)
{
	strbuf_reset(b->sb);
	strbuf_addf(b->sb, "(long)(%s)", p->c_ctype);
	esc_c_string(b->sb, (const char *const *)str->pieces, str->piece_lens, str->npieces);
	return sb_str(b, b->sb);
}

/* The C expression a test passes for each parameter, in parameter order. */
static struct tval *args_view(struct vb *b, const struct spec *s,
			      const struct testcase *t)
{
	struct tval *args = tv_list(b->a);

	for (size_t i = 0; i < s->nparams; i++) {
		for (size_t a = 0; a < t->nargs; a++) {
			if (t->args[a].param != s->params[i])
				continue;
			struct tval *am = tv_map(b->a);
			SET(am, name, ref(b, s->params[i]->name));
			SET(am, ctype, ref(b, s->params[i]->ctype));
			SET(am, c_ctype, ref(b, s->params[i]->c_ctype));
			SET(am, index, tv_int(b->a, (long long)i));
			if (t->args[a].string) {
				SET(am, c, string_arg(b, s->params[i], t->args[a].string));
				SET(am, text, str_or_null(b, t->args[a].string));
			} else {
				SET(am, c, c_view(b, t->args[a].value, &c_test));
				SET(am, text, source_text(b, t->args[a].value, NULL));
			}
			tv_push(args, am);
		}
	}
	return args;
}

static struct tval *test_view(struct vb *b, const struct spec *s,
			      const struct testcase *t)
{
	struct tval *m = tv_map(b->a);

	SET(m, index, tv_int(b->a, t->index));
	SET(m, number, tv_int(b->a, t->index + 1));
	SET(m, name, str_or_null(b, t->name));
	SET(m, error, t->error ? ref(b, t->error->code.name) : tv_null(b->a));
	SET(m, condition, t->error ? str_or_null(b, t->error->condition) : tv_null(b->a));
	SET(m, setups, calls_c(b, t->setups, t->nsetups));
	SET(m, args, args_view(b, s, t));
	SET(m, verifies, calls_c(b, t->verifies, t->nverifies));
	SET(m, expects_success, tv_bool(b->a, t->error == NULL));
	/* The validator can predict the outcome from the arguments alone for
	 * a success case and for an error whose condition the spec states;
	 * set-ups only make sure the kernel gets as far as the argument
	 * checks (a lock budget, say). */
	SET(m, argument_only, tv_bool(b->a, t->error == NULL ||
				       (t->error->when != NULL && !t->error->state_first)));
	return m;
}

static struct tval *error_tests(struct vb *b, const struct spec *s,
				const struct error *e)
{
	struct tval *tests = tv_list(b->a);

	for (size_t i = 0; i < e->ntests; i++) {
		struct tval *t = test_view(b, s, e->tests[i]);

		tv_push(tests, t);
		tv_push(b->tests, t);
	}
	return tests;
}

static struct tval *error_view(struct vb *b, const struct spec *s,
			       const struct error *e)
{
	struct tval *m = tv_map(b->a);

	SET(m, index, tv_int(b->a, e->index));
	SET(m, name, ref(b, e->code.name));
	SET(m, code, tv_fmt(b->a, "-%s", e->code.name));
	SET(m, errno, tv_int(b->a, e->errno_value));
	SET(m, negative_errno, tv_int(b->a, -(long long)e->errno_value));
	SET(m, condition, str_or_null(b, e->condition));
	SET(m, description, str_or_null(b, e->description));
	SET(m, when, expr_view(b, e->when, &c_cond));
	SET(m, untestable, str_or_null(b, e->untestable));
	SET(m, after, word_names(b, e->after.items, e->after.count));
	SET(m, state_first, e->state_first ? ref(b, e->state_first->code.name) : tv_null(b->a));
	SET(m, tests, error_tests(b, s, e));
	SET(m, tested, tv_bool(b->a, e->ntests > 0));
	return m;
}

static struct tval *signal_view(struct vb *b, const struct signal *g)
{
	struct tval *m = tv_map(b->a);

	SET(m, index, tv_int(b->a, g->index));
	SET(m, name, ref(b, g->name));
	if (g->signum) {
		SET(m, signum, expr_view(b, g->signum, &c_plain));
	} else {
		struct tval *sn = tv_map(b->a);
		const struct named_value *nv = signal_find(g->name);
		SET(sn, text, ref(b, g->name));
		SET(sn, c, ref(b, g->name));
		SET(sn, value, nv ? tv_int(b->a, nv->value) : tv_null(b->a));
		SET(sn, hex, tv_null(b->a));
		SET(sn, is_const, tv_bool(b->a, nv != NULL));
		SET(m, signum, sn);
	}
	SET(m, direction, words_view(b, &g->direction));
	SET(m, action, word_view(b, &g->action));
	SET(m, target, str_or_null(b, g->target));
	SET(m, condition, str_or_null(b, g->condition));
	SET(m, description, str_or_null(b, g->description));
	SET(m, restartable, tv_bool(b->a, g->restartable));
	SET(m, sa_flags_required, expr_view(b, g->sa_flags_required, &c_plain));
	SET(m, sa_flags_forbidden, expr_view(b, g->sa_flags_forbidden, &c_plain));
	SET(m, error, g->error.name ? ref(b, g->error.name) : tv_null(b->a));
	SET(m, transform, g->transform.name ? ref(b, g->transform.name) : tv_null(b->a));
	SET(m, error_number, g->error.known ? tv_int(b->a, -(long long)g->error.known->value)
					   : tv_null(b->a));
	SET(m, transform_number, g->transform.known ? tv_int(b->a, g->transform.known->value)
						    : tv_null(b->a));
	SET(m, timing, word_view(b, &g->timing));
	SET(m, priority, expr_view(b, g->priority, &c_plain));
	SET(m, interruptible, tv_bool(b->a, g->interruptible));
	SET(m, queue, str_or_null(b, g->queue));
	SET(m, state_required, expr_view(b, g->state_required, &c_plain));
	SET(m, state_forbidden, expr_view(b, g->state_forbidden, &c_plain));
	return m;
}

static struct tval *mask_view(struct vb *b, const struct signal_mask *sm)
{
	struct tval *m = tv_map(b->a);

	SET(m, index, tv_int(b->a, sm->index));
	SET(m, name, ref(b, sm->name));
	SET(m, description, str_or_null(b, sm->description));
	SET(m, signals, word_names(b, sm->signals.items, sm->signals.count));
	SET(m, signals_c, joined(b, &sm->signals, ", ", false));
	struct tval *nums = tv_list(b->a);
	for (size_t i = 0; i < sm->signals.count; i++)
		if (sm->signals.items[i].known)
			tv_push(nums, tv_int(b->a, sm->signals.items[i].known->value));
	SET(m, signal_numbers, nums);
	SET(m, signal_count, count(b, sm->signals.count));
	return m;
}

static struct tval *lock_view(struct vb *b, const struct lock *l)
{
	struct tval *m = tv_map(b->a), *all = tv_list(b->a), *rest = tv_list(b->a);

	SET(m, index, tv_int(b->a, l->index));
	SET(m, name, ref(b, l->name));
	SET(m, kind, word_view(b, &l->kind));
	for (size_t i = 0; i < l->ndescriptions; i++) {
		struct tval *d = str_or_null(b, l->descriptions[i]);

		tv_push(all, d);
		if (i > 0)
			tv_push(rest, d);
	}
	SET(m, descriptions, all);
	/* C keeps the last description; the kernel block may say several,
	 * the first before the flags and the others after. */
	SET(m, description, l->ndescriptions ?
	    str_or_null(b, l->descriptions[l->ndescriptions - 1]) : tv_null(b->a));
	SET(m, description_first, l->ndescriptions ?
	    str_or_null(b, l->descriptions[0]) : tv_null(b->a));
	SET(m, description_rest, rest);
	SET(m, acquired, tv_bool(b->a, l->acquired));
	SET(m, released, tv_bool(b->a, l->released));
	SET(m, held_entry, tv_bool(b->a, l->held_entry));
	SET(m, held_exit, tv_bool(b->a, l->held_exit));
	/* As written, else what the 2025 flags say. */
	int scope = lock_scope_index(l->acquired, l->released, l->held_entry, l->held_exit);
	SET(m, scope, l->scope.entry ? entry_view(b, l->scope.entry) : scope < 0 ?
	    tv_null(b->a) : entry_view(b, &vocab_lock_scope.entries[scope]));
	return m;
}

static struct tval *constraint_view(struct vb *b, const struct constraint *c)
{
	struct tval *m = tv_map(b->a);

	SET(m, index, tv_int(b->a, c->index));
	SET(m, name, str_or_null(b, c->name));
	SET(m, description, str_or_null(b, c->description));
	SET(m, expr, expr_view(b, c->expr, &c_plain));
	SET(m, expr_text, str_or_null(b, c->expr_text));
	return m;
}

static struct tval *effect_view(struct vb *b, const struct effect *e)
{
	struct tval *m = tv_map(b->a);

	SET(m, index, tv_int(b->a, e->index));
	SET(m, target, str_or_null(b, e->target));
	SET(m, kind, words_view(b, &e->kind));
	SET(m, description, str_or_null(b, e->description));
	SET(m, condition, str_or_null(b, e->condition));
	SET(m, reversible, tv_bool(b->a, e->reversible));
	SET(m, verify, expr_view(b, e->verify, &c_test));
	SET(m, when, expr_view(b, e->when, &c_cond));
	return m;
}

static struct tval *transition_view(struct vb *b, const struct transition *t)
{
	struct tval *m = tv_map(b->a);

	SET(m, index, tv_int(b->a, t->index));
	SET(m, object, str_or_null(b, t->object));
	SET(m, from, str_or_null(b, t->from));
	SET(m, to, str_or_null(b, t->to));
	SET(m, description, str_or_null(b, t->description));
	SET(m, condition, str_or_null(b, t->condition));
	return m;
}

static struct tval *cap_view(struct vb *b, const struct capability *c)
{
	struct tval *m = tv_map(b->a);

	SET(m, index, tv_int(b->a, c->index));
	SET(m, name, ref(b, c->cap.name));
	SET(m, number, c->cap.known ? tv_int(b->a, c->cap.known->value) : tv_null(b->a));
	SET(m, action, word_view(b, &c->action));
	SET(m, allows, str_or_null(b, c->allows));
	SET(m, without, str_or_null(b, c->without));
	SET(m, condition, str_or_null(b, c->condition));
	SET(m, priority, expr_view(b, c->priority, &c_plain));
	SET(m, alternatives, word_names(b, c->alternatives.items,
					c->alternatives.count));
	SET(m, alternatives_c, joined(b, &c->alternatives, ", ", false));
	SET(m, alternative_count, count(b, c->alternatives.count));
	struct tval *alts = tv_list(b->a);
	for (size_t i = 0; i < c->alternatives.count; i++)
		if (c->alternatives.items[i].known)
			tv_push(alts, tv_int(b->a, c->alternatives.items[i].known->value));
	SET(m, alternative_numbers, alts);
	return m;
}

static struct tval *field_view(struct vb *b, const struct field *f)
{
	struct tval *m = tv_map(b->a);

	SET(m, index, tv_int(b->a, f->index));
	SET(m, name, ref(b, f->name));
	SET(m, ctype, ref(b, f->ctype));
	SET(m, type, word_view(b, &f->type));
	SET(m, description, str_or_null(b, f->description));
	SET(m, offset, expr_view(b, f->offset, &c_plain));
	SET(m, size, expr_view(b, f->size, &c_plain));
	SET(m, flags, words_view(b, &f->flags));
	SET(m, range, range_view(b, f->range));
	SET(m, mask, expr_view(b, f->mask, &c_plain));
	SET(m, values, exprs_view(b, f->values, f->nvalues));
	SET(m, has_values, tv_bool(b->a, f->nvalues > 0));
	SET(m, value_count, count(b, f->nvalues));
	/* A field's kind follows from its data (KAPI_FIELD_CONSTRAINT_*). */
	enum constraint_kind k = f->range ? CONSTRAINT_RANGE : f->mask ? CONSTRAINT_MASK :
				 f->nvalues ? CONSTRAINT_ENUM : CONSTRAINT_NONE;
	SET(m, constraint_number, tv_int(b->a, (long long)vocab_number(
		&vocab_constraint_kind.entries[k], b->gen)));
	return m;
}

static struct tval *struct_view(struct vb *b, const struct struct_spec *st)
{
	struct tval *m = tv_map(b->a), *fields = tv_list(b->a);

	SET(m, index, tv_int(b->a, st->index));
	SET(m, name, ref(b, st->name));
	SET(m, description, str_or_null(b, st->description));
	SET(m, size, expr_view(b, st->size, &c_plain));
	SET(m, alignment, expr_view(b, st->alignment, &c_plain));
	for (size_t i = 0; i < st->nfields; i++)
		tv_push(fields, field_view(b, st->fields[i]));
	SET(m, fields, fields);
	SET(m, field_count, count(b, st->nfields));
	return m;
}

/* --- The C library binding. --- */

/* The prototype as man-pages sets it in a SYNOPSIS: `.BI` lines of
 * segments, bold and italic in turn from a bold one (the types bold, the
 * names italic), no line over 80 bytes where a break after a comma
 * helps, continuation lines aligned after the `(`. */
struct synopsis {
	struct vb *b;
	struct tval *lines, *segs;
	size_t nsegs, col, indent;
	struct strbuf *bold;
};

enum { SYNOPSIS_WIDTH = 80 };

static void syn_segment(struct synopsis *y, const char *text, size_t len)
{
	struct tval *m = tv_map(y->b->a);

	SET(m, text, tv_strn(y->b->a, text, len));
	tv_push(y->segs, m);
	y->nsegs++;
}

static void syn_italic(struct synopsis *y, const char *name)
{
	syn_segment(y, y->bold->data, y->bold->len);
	strbuf_reset(y->bold);
	syn_segment(y, name, strlen(name));
	y->col += strlen(name);
}

static void syn_bold(struct synopsis *y, const char *text)
{
	strbuf_adds(y->bold, text);
	y->col += strlen(text);
}

static void syn_line_end(struct synopsis *y)
{
	struct tval *m = tv_map(y->b->a);

	syn_segment(y, y->bold->data, y->bold->len);
	SET(m, segments, y->segs);
	SET(m, single, tv_bool(y->b->a, y->nsegs == 1));
	tv_push(y->lines, m);
	y->segs = tv_list(y->b->a);
	y->nsegs = 0;
	strbuf_reset(y->bold);
	for (y->col = 0; y->col < y->indent; y->col++)
		strbuf_addc(y->bold, ' ');
}

static size_t libc_param_width(const struct libc_param *p)
{
	size_t t = strlen(p->written);

	return t + (p->written[t - 1] != '*') + strlen(p->name) + strlen(p->suffix);
}

static struct tval *synopsis(struct vb *b, const struct libc_binding *l)
{
	struct synopsis y = { b, tv_list(b->a), tv_list(b->a), 0, 0, 0, strbuf_new(b->tmp) };
	const char *rt = l->ret_ctype;

	syn_bold(&y, rt);
	syn_bold(&y, rt[strlen(rt) - 1] == '*' ? "" : " ");
	syn_bold(&y, l->name);
	syn_bold(&y, "(");
	y.indent = y.col;
	if (!l->nparams)
		syn_bold(&y, "void");
	for (size_t i = 0; i < l->nparams + l->variadic; i++) {
		bool last = i + 1 == l->nparams + l->variadic;
		size_t w = i < l->nparams ? libc_param_width(&l->params[i]) : 3;

		if (i && y.col + 2 + w + (last ? 2 : 1) > SYNOPSIS_WIDTH) {
			syn_bold(&y, ",");
			syn_line_end(&y);
		} else if (i) {
			syn_bold(&y, ", ");
		}
		if (i == l->nparams) {
			syn_bold(&y, "...");
			continue;
		}
		const struct libc_param *p = &l->params[i];
		syn_bold(&y, p->written);
		syn_bold(&y, p->written[strlen(p->written) - 1] == '*' ? "" : " ");
		syn_italic(&y, p->name);
		syn_bold(&y, p->suffix);
	}
	syn_bold(&y, ");");
	syn_line_end(&y);
	talloc_free(y.bold);
	return y.lines;
}

/* The release of glibc as __GLIBC__ * 1000 + __GLIBC_MINOR__. */
static struct tval *glibc_code(struct vb *b, const struct kstr *v)
{
	if (!v)
		return tv_null(b->a);
	char *dot;
	long major = strtol(v->text, &dot, 10);

	return tv_int(b->a, major * 1000 + strtol(dot + 1, NULL, 10));
}

static struct tval *libc_view(struct vb *b, const struct spec *s)
{
	const struct libc_binding *l = s->libc;
	struct tval *m, *args;

	if (!l || l->problem)
		return tv_null(b->a);
	m = tv_map(b->a);
	args = tv_list(b->a);
	for (size_t i = 0; i < s->nparams; i++) {
		struct tval *a = tv_map(b->a);

		SET(a, index, tv_int(b->a, (long long)i));
		SET(a, c_ctype, ref(b, i < l->nparams ? l->params[i].c_ctype
					  : s->params[i]->c_ctype));
		tv_push(args, a);
	}
	SET(m, name, ref(b, l->name));
	SET(m, prototype, str_or_null(b, l->prototype));
	SET(m, header, str_or_null(b, l->header));
	/* The check let only letters, digits and _./+- through. */
	SET(m, header_c, tv_fmt(b->a, "<%s>", l->header ? l->header->text : "stddef.h"));
	SET(m, glibc, str_or_null(b, l->glibc));
	SET(m, glibc_code, glibc_code(b, l->glibc));
	SET(m, returns_void, tv_bool(b->a, strcmp(l->ret_c_ctype, "void") == 0));
	SET(m, call_args, args);
	SET(m, synopsis, synopsis(b, l));
	return m;
}

static int error_cmp(const void *a, const void *b)
{
	const struct error *ea = *(const struct error *const *)a;
	const struct error *eb = *(const struct error *const *)b;
	int c = strcmp(ea->code.name, eb->code.name);

	return c ? c : ea->index - eb->index;
}

#define LIST(key, arr, n, fn) do {                                            \
	struct tval *l_ = tv_list(b->a);                                      \
	for (size_t i_ = 0; i_ < (n); i_++)                                   \
		tv_push(l_, fn(b, (arr)[i_]));                                \
	SET(m, key, l_);                                                      \
	SET(m, key##_count, count(b, (n)));                                   \
	SET(m, has_##key, tv_bool(b->a, (n) > 0));                            \
} while (0)

static struct tval *errors_sorted(struct vb *b, const struct spec *s,
				  struct tval *const *views)
{
	struct tval *sorted = tv_list(b->a);
	const struct error **order = talloc_array(b->tmp, const struct error *,
						  s->nerrors ? s->nerrors : 1);

	if (!order)
		abort();
	for (size_t i = 0; i < s->nerrors; i++)
		order[i] = s->errors[i];
	qsort(order, s->nerrors, sizeof *order, error_cmp);
	/* The same errors' views in another order: values can be shared. */
	for (size_t i = 0; i < s->nerrors; i++) {
		size_t at = 0;

		while (s->errors[at] != order[i])
			at++;
		tv_push(sorted, views[at]);
	}
	talloc_free(order);
	return sorted;
}

/* The `struct TAG` and `union TAG` the parameters' types name, each once:
 * a validator's prototype may name a type no header it includes
 * declares (struct timespec), and C scopes a tag first met in a parameter
 * list to that list, so the header declares each at file scope first. */
static struct tval *record_tags(struct vb *b, const struct spec *s)
{
	struct tval *list = tv_list(b->a);
	struct strbuf *seen = strbuf_new(b->a);

	for (size_t i = 0; i < s->nparams; i++)
		for (const char *t = s->params[i]->c_ctype; *t; t++) {
			size_t kw = !strncmp(t, "struct ", 7) ? 7 : !strncmp(t, "union ", 6) ? 6 : 0;
			bool word_start = t == s->params[i]->c_ctype || !(isalnum((unsigned char)t[-1]) || t[-1] == '_');

			if (!kw || !word_start)
				continue;
			size_t n = kw + strspn(t + kw, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
			char *tag = talloc_asprintf(b->a, "|%.*s|", (int)n, t);

			if (n > kw && !strstr(seen->data ? seen->data : "", tag)) {
				strbuf_adds(seen, tag);
				tv_push(list, tv_fmt(b->a, "%.*s", (int)n, t));
			}
			talloc_free(tag);
		}
	talloc_free(seen);
	return list;
}

static struct tval *spec_view(struct vb *b, const struct spec *s)
{
	struct tval *m = tv_map(b->a);
	bool syscall = s->kind == SPEC_SYSCALL;

	b->syscall = syscall;
	SET(m, name, ref(b, s->name));
	SET(m, kind, ref(b, s->kind_name));
	SET(m, is_syscall, tv_bool(b->a, syscall));
	SET(m, kernel_name, tv_fmt(b->a, "%s%s", syscall ? "sys_" : "", s->name));
	SET(m, man_section, ref(b, syscall ? "2" : "9"));
	SET(m, summary, str_or_null(b, s->summary));
	SET(m, description, str_or_null(b, s->description));
	SET(m, context, words_view(b, &s->context));
	SET(m, since, str_or_null(b, s->since));
	SET(m, spec_date, str_or_null(b, s->date));
	SET(m, deprecated, tv_bool(b->a, s->deprecated));
	SET(m, replacement, str_or_null(b, s->replacement));
	SET(m, examples, str_or_null(b, s->examples));
	SET(m, notes, str_or_null(b, s->notes));
	SET(m, see_also, see_also_view(b, s));
	SET(m, man_link, s->man_page.name && strcmp(s->man_page.name, s->name) != 0
			 ? ref(b, s->man_page.name) : tv_null(b->a));
	SET(m, has_see_also, tv_bool(b->a, s->nsee_also > 0));
	SET(m, record_tags, record_tags(b, s));
	SET(m, api_type, word_view(b, &s->api_type));

	LIST(params, s->params, s->nparams, param_view);
	SET(m, return, return_view(b, s->ret));
	SET(m, libc, libc_view(b, s));

	/* Every test case, success cases first, in spec order: each error's
	 * view adds its own. */
	size_t ntests = s->ntests;
	b->tests = tv_list(b->a);
	for (size_t i = 0; i < s->ntests; i++)
		tv_push(b->tests, test_view(b, s, s->tests[i]));

	/* One view per error serves the errors in spec order, sorted, and
	 * the untestable ones. */
	struct tval **errs = talloc_array(b->tmp, struct tval *,
					  s->nerrors ? s->nerrors : 1);
	struct tval *l = tv_list(b->a), *unt = tv_list(b->a);
	if (!errs)
		abort();
	for (size_t i = 0; i < s->nerrors; i++) {
		errs[i] = error_view(b, s, s->errors[i]);
		tv_push(l, errs[i]);
		ntests += s->errors[i]->ntests;
		if (s->errors[i]->untestable)
			tv_push(unt, errs[i]);
	}
	SET(m, errors, l);
	SET(m, errors_sorted, errors_sorted(b, s, errs));
	SET(m, errors_count, count(b, s->nerrors));
	SET(m, has_errors, tv_bool(b->a, s->nerrors > 0));
	SET(m, tests, b->tests);
	SET(m, tests_count, count(b, ntests));
	SET(m, base, s->base_test ? test_view(b, s, s->base_test) : tv_null(b->a));
	SET(m, untestable_errors, unt);
	talloc_free(errs);

	LIST(signals, s->signals, s->nsignals, signal_view);
	LIST(signal_masks, s->masks, s->nmasks, mask_view);
	LIST(locks, s->locks, s->nlocks, lock_view);
	LIST(constraints, s->constraints, s->nconstraints, constraint_view);
	LIST(side_effects, s->effects, s->neffects, effect_view);
	LIST(state_transitions, s->transitions, s->ntransitions, transition_view);
	LIST(capabilities, s->caps, s->ncaps, cap_view);
	LIST(structs, s->structs, s->nstructs, struct_view);
	return m;
}

/* What every root of one file shares, built once: each spec's root lists
 * all of the file's constants, and building them per spec made --emit
 * quadratic in the number of specs. */
struct view {
	const struct kapi_file *file;
	const struct view_options *opt;
	struct vb b;
	struct tval *constants;
	struct tval *copyright;
	/* Some spec is documented on another's page: only then do the pages
	 * need a look at every spec of the file (for each output of each). */
	bool shared_pages;
};

struct view *view_new(TALLOC_CTX *ctx, const struct kapi_file *file,
		      const struct view_options *opt)
{
	struct view *v = talloc_zero(ctx, struct view);

	if (!v)
		abort();
	v->file = file;
	v->opt = opt;
	v->b.a = v;
	v->b.sb = strbuf_new(v);
	v->b.tmp = talloc_new(v);
	if (!v->b.tmp)
		abort();
	v->b.gen = file->generation;
	v->constants = tv_list(v);
	for (size_t i = 0; i < file->nconstants; i++)
		tv_push(v->constants, constant_view(&v->b, file->constants[i]));
	v->copyright = tv_list(v);
	for (size_t i = 0; i < file->ncopyrights; i++)
		tv_push(v->copyright, str_or_null(&v->b, file->copyrights[i]));
	for (size_t i = 0; i < file->nspecs; i++)
		v->shared_pages |= file->specs[i]->man_page.name &&
			strcmp(file->specs[i]->man_page.name, file->specs[i]->name) != 0;
	return v;
}

/* A root in CTX with the keys every root has; DATE, when not NULL, the
 * spec's. */
static struct tval *root_view(TALLOC_CTX *ctx, const struct view *v,
			      const struct kstr *date)
{
	const struct view_options *opt = v->opt;
	struct vb b = v->b;
	struct tval *m;

	b.a = ctx;
	m = tv_map(b.a);
	SET(m, generator, cstr_or_null(&b, opt->generator));
	SET(m, source, cstr_or_null(&b, opt->source_name));
	SET(m, runtime, cstr_or_null(&b, opt->runtime));
	SET(m, runtime_include, cstr_or_null(&b, opt->runtime_include));
	SET(m, date, date ? str_or_null(&b, date) : cstr_or_null(&b, opt->date));
	SET(m, man_source, ref(&b, opt->man_source ? opt->man_source : "Linux"));
	SET(m, man_manual, cstr_or_null(&b, opt->man_manual));
	SET(m, man_internals, tv_bool(b.a, opt->man_internals));
	SET(m, license, v->file->license ? str_or_null(&b, v->file->license)
				       : ref(&b, KAPI_DEFAULT_LICENSE));
	SET(m, copyright, v->copyright);
	SET(m, constants, v->constants);
	SET(m, has_constants, tv_bool(b.a, v->file->nconstants > 0));
	int gen = v->file->generation ? v->file->generation : KAPI_DEFAULT_GENERATION;
	SET(m, kapi_generation, tv_int(b.a, gen));
	SET(m, kapi2025, tv_bool(b.a, gen == KAPI_2025));
	SET(m, kapi2026, tv_bool(b.a, gen == KAPI_2026));
	SET(m, project_fixtures, cstr_or_null(&b, v->file->fixtures ?
					       fixture_header_name(v->file->fixtures) : NULL));
	return m;
}

struct tval *view_spec(TALLOC_CTX *ctx, const struct view *v,
		       const struct spec *spec)
{
	struct vb b = v->b;

	b.a = ctx;
	return spec_view(&b, spec);
}

/* Whether S is on SPEC's page (man-page statement), other than SPEC. */
static bool on_page_of(const struct spec *s, const struct spec *spec)
{
	return s != spec && s->man_page.name && strcmp(s->man_page.name, spec->name) == 0;
}

/* One entry of a page's ERRORS: an errno with one description. */
struct page_error {
	const char *name;
	const struct kstr *text;
	struct tval *calls;             /* the calls it applies to */
	size_t ncalls;
	const struct spec *last;        /* the call counted last */
	bool tested;
};

/* Error ERR of CALL into the entries E (N of them), by name and text. */
static struct page_error *page_error_add(struct vb *b, TALLOC_CTX *tmp, struct nameset *seen,
					 struct page_error *e, size_t *n,
					 const struct spec *call, const struct error *err)
{
	const struct kstr *text = err->description ? err->description : err->condition;
	char *key = talloc_asprintf(tmp, "%s\n%.*s", err->code.name,
				    text ? (int)text->len : 0, text ? text->text : "");
	const size_t *at = nameset_get(seen, key);

	if (!at) {
		size_t *slot = talloc(tmp, size_t);

		*slot = *n;
		nameset_add(seen, key, slot);
		e = talloc_realloc(tmp, e, struct page_error, *n + 1);
		e[(*n)++] = (struct page_error){ err->code.name, text, tv_list(b->a), 0, NULL, false };
		at = slot;
	}
	if (e[*at].last != call) {
		tv_push(e[*at].calls, ref(b, call->name));
		e[*at].ncalls++;
		e[*at].last = call;
	}
	e[*at].tested |= err->ntests > 0;
	return e;
}

/* The errors of a page's calls as man-pages lists them: by name (then in
 * order of appearance), an entry a distinct description, with the calls
 * it applies to (`calls`, null when it applies to every call). */
static struct tval *page_errors(struct vb *b, const struct spec *const *calls, size_t ncalls)
{
	TALLOC_CTX *tmp = talloc_new(NULL);
	struct tval *list = tv_list(b->a);
	struct page_error *e = NULL;
	struct nameset seen;
	size_t n = 0;

	nameset_init(&seen, tmp, 16);
	for (size_t c = 0; c < ncalls; c++)
		for (size_t i = 0; i < calls[c]->nerrors; i++)
			e = page_error_add(b, tmp, &seen, e, &n, calls[c], calls[c]->errors[i]);
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(e[j - 1].name, e[j].name) > 0; j--) {
			struct page_error t = e[j];

			e[j] = e[j - 1];
			e[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++) {
		struct tval *m = tv_map(b->a);

		SET(m, name, ref(b, e[i].name));
		SET(m, description, str_or_null(b, e[i].text));
		SET(m, calls, e[i].ncalls < ncalls ? e[i].calls : tv_null(b->a));
		SET(m, tested, tv_bool(b->a, e[i].tested));
		tv_push(list, m);
	}
	talloc_free(tmp);
	return list;
}

struct tval *view_spec_root(TALLOC_CTX *ctx, const struct view *v,
			    const struct spec *spec, struct tval *spec_map)
{
	struct tval *m = root_view(ctx, v, spec->date);
	struct tval *page = tv_list(ctx);
	size_t ncalls = 0, members = 0;
	struct vb b = v->b;

	/* Sized to the page, not the file: a root is made for each output
	 * of each spec, and a file may hold thousands of specs. */
	for (size_t i = 0; v->shared_pages && i < v->file->nspecs; i++)
		members += on_page_of(v->file->specs[i], spec);
	const struct spec **calls = talloc_array(ctx, const struct spec *, members + 1);

	b.a = ctx;
	calls[ncalls++] = spec;
	tv_push(page, spec_map);
	for (size_t i = 0; v->shared_pages && i < v->file->nspecs; i++)
		if (on_page_of(v->file->specs[i], spec)) {
			calls[ncalls++] = v->file->specs[i];
			tv_push(page, view_spec(ctx, v, v->file->specs[i]));
		}
	SET(m, spec, spec_map);
	SET(m, page_specs, page);
	SET(m, page_several, tv_bool(ctx, ncalls > 1));
	struct tval *errors = page_errors(&b, calls, ncalls);
	bool any = false;
	for (size_t i = 0; i < ncalls; i++)
		any |= calls[i]->nerrors > 0;
	SET(m, page_errors, errors);
	SET(m, has_page_errors, tv_bool(ctx, any));
	talloc_free(calls);
	return m;
}

struct tval *view_file_root(TALLOC_CTX *ctx, const struct view *v,
			    struct tval *specs)
{
	struct tval *m = root_view(ctx, v, NULL);

	SET(m, specs, specs);
	return m;
}
