#include <stdlib.h>
#include <string.h>
#include "expr.h"
#include "fixtures.h"
#include "strbuf.h"
#include "view.h"
#include "vocab.h"

static const struct c_style c_plain = { "", "", NULL };
static const struct c_style c_test = { "p_", "kapi_fx_", "env" };

static struct tval *str_or_null(TALLOC_CTX *ctx, const struct kstr *s)
{
	if (!s)
		return tv_null(ctx);
	return tv_str_ref(ctx, (const char *const *)s->pieces, s->piece_lens,
			  s->npieces, s->text, s->len);
}

static struct tval *cstr_or_null(TALLOC_CTX *ctx, const char *s)
{
	return s ? tv_str(ctx, s) : tv_null(ctx);
}

/* Strings of the options (the runtime is 50 KB) outlive every view. */
static struct tval *option_str(TALLOC_CTX *ctx, const char *s)
{
	return s ? tv_str_ref(ctx, NULL, NULL, 0, s, strlen(s)) : tv_null(ctx);
}

static struct tval *count(TALLOC_CTX *ctx, size_t n)
{
	return tv_fmt(ctx, "%zu", n);
}

/* An expression: as written, as C, and its value when constant. */
static struct tval *expr_view(TALLOC_CTX *ctx, const struct expr *e,
			      const struct c_style *style)
{
	struct tval *m;
	struct strbuf *sb;

	if (!e)
		return tv_null(ctx);
	m = tv_map(ctx);
	sb = strbuf_new(m);
	expr_to_c(sb, e, style);
	/* The text as written; a tree made up by kapic has none, so its C
	 * form stands in. */
	char *text = expr_source_text(m, e);
	tv_set(m, "text", tv_str(m, *text ? text : sb->data));
	talloc_free(text);
	tv_set(m, "c", tv_str(m, sb->data));
	talloc_free(sb);
	if (e->has_value) {
		char *v = expr_value_text(m, e->value);
		tv_set(m, "value", tv_str(m, v));
		/* Masks and flags read better in hex. */
		tv_set(m, "hex", e->value >= 0 ? tv_fmt(m, "0x%llx", (unsigned long long)e->value)
					       : tv_str(m, v));
	} else {
		tv_set(m, "value", tv_null(m));
		tv_set(m, "hex", tv_null(m));
	}
	tv_set(m, "is_const", tv_bool(m, e->has_value));
	return m;
}

static struct tval *word_view(TALLOC_CTX *ctx, const struct word *w)
{
	struct tval *m;

	if (!w->name)
		return tv_null(ctx);
	m = tv_map(ctx);
	tv_set(m, "word", tv_str(m, w->name));
	tv_set(m, "macro", cstr_or_null(m, w->entry ? w->entry->macro : NULL));
	tv_set(m, "doc", cstr_or_null(m, w->entry ? w->entry->doc : NULL));
	return m;
}

/* Bit sets: each word, and the macros or-ed as C writes them. */
static struct tval *words_view(TALLOC_CTX *ctx, const struct wordlist *wl)
{
	struct tval *m = tv_map(ctx), *list = tv_list(m);
	struct strbuf *sb = strbuf_new(m);

	for (size_t i = 0; i < wl->count; i++) {
		tv_push(list, word_view(list, &wl->items[i]));
		strbuf_addf(sb, "%s%s", i ? " | " : "",
			    wl->items[i].entry ? wl->items[i].entry->macro : wl->items[i].name);
	}
	tv_set(m, "items", list);
	tv_set(m, "c", wl->count ? tv_str(m, sb->data) : tv_null(m));
	tv_set(m, "any", tv_bool(m, wl->count > 0));
	talloc_free(sb);
	return m;
}

static struct tval *range_view(TALLOC_CTX *ctx, const struct range *r)
{
	struct tval *m;

	if (!r)
		return tv_null(ctx);
	m = tv_map(ctx);
	tv_set(m, "min", expr_view(m, r->min, &c_plain));
	tv_set(m, "max", expr_view(m, r->max, &c_plain));
	return m;
}

static struct tval *exprs_view(TALLOC_CTX *ctx, struct expr *const *v, size_t n)
{
	struct tval *list = tv_list(ctx);

	for (size_t i = 0; i < n; i++)
		tv_push(list, expr_view(list, v[i], &c_plain));
	return list;
}

static struct tval *constant_view(TALLOC_CTX *ctx, const struct constant *c);

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
	cc->found = talloc_realloc(cc->ctx, cc->found, const struct constant *, cc->count + 1);
	cc->found[cc->count++] = e->constant;
}

/* The constants a mask is made of, so a man page can describe each flag. */
static struct tval *mask_constants(TALLOC_CTX *ctx, struct expr *mask)
{
	struct tval *list = tv_list(ctx);
	struct const_collect cc = { NULL, 0, list };

	expr_walk(mask, collect_constant, &cc);
	for (size_t i = 0; i < cc.count; i++)
		tv_push(list, constant_view(list, cc.found[i]));
	talloc_free(cc.found);
	return list;
}

static struct tval *param_view(TALLOC_CTX *ctx, const struct param *p)
{
	struct tval *m = tv_map(ctx);
	const struct vocab_entry *kind = vocab_find(&vocab_constraint_kind, p->check_kind);

	tv_set(m, "index", tv_fmt(m, "%d", p->index));
	tv_set(m, "name", tv_str(m, p->name));
	tv_set(m, "ctype", tv_str(m, p->ctype));
	tv_set(m, "summary", str_or_null(m, p->summary));
	tv_set(m, "constraint", str_or_null(m, p->constraint_text));
	tv_set(m, "flags", words_view(m, &p->flags));
	tv_set(m, "type", word_view(m, &p->type));
	tv_set(m, "constraint_kind", tv_str(m, p->check_kind));
	tv_set(m, "constraint_kind_macro", cstr_or_null(m, kind ? kind->macro : NULL));
	tv_set(m, "range", range_view(m, p->range));
	tv_set(m, "mask", expr_view(m, p->mask, &c_plain));
	tv_set(m, "mask_constants", mask_constants(m, p->mask));
	tv_set(m, "values", exprs_view(m, p->values, p->nvalues));
	tv_set(m, "value_count", count(m, p->nvalues));
	tv_set(m, "has_values", tv_bool(m, p->nvalues > 0));
	tv_set(m, "size", expr_view(m, p->size, &c_plain));
	tv_set(m, "alignment", expr_view(m, p->alignment, &c_plain));
	if (p->size_param_ref) {
		struct tval *sp = tv_map(m);
		tv_set(sp, "name", tv_str(sp, p->size_param_ref->name));
		tv_set(sp, "index", tv_fmt(sp, "%d", p->size_param_ref->index));
		tv_set(m, "size_param", sp);
	} else {
		tv_set(m, "size_param", tv_null(m));
	}
	tv_set(m, "size_multiplier", expr_view(m, p->size_multiplier, &c_plain));
	tv_set(m, "is_checked", tv_bool(m, p->range || p->mask || p->nvalues));
	return m;
}

static struct tval *return_view(TALLOC_CTX *ctx, const struct ret *r)
{
	struct tval *m;

	if (!r)
		return tv_null(ctx);
	m = tv_map(ctx);
	tv_set(m, "ctype", tv_str(m, r->ctype));
	tv_set(m, "summary", str_or_null(m, r->summary));
	tv_set(m, "type", word_view(m, &r->type));
	tv_set(m, "check", word_view(m, &r->check));
	tv_set(m, "success", expr_view(m, r->success, &c_plain));
	tv_set(m, "success_range", range_view(m, r->success_range));
	struct tval *errs = tv_list(m);
	for (size_t i = 0; i < r->nerror_values; i++)
		tv_push(errs, tv_str(errs, r->error_values[i].name));
	tv_set(m, "error_values", errs);
	tv_set(m, "error_value_count", count(m, r->nerror_values));
	tv_set(m, "has_error_values", tv_bool(m, r->nerror_values > 0));
	return m;
}

/* The C expression a test passes for each parameter, in parameter order. */
static struct tval *test_view(TALLOC_CTX *ctx, const struct spec *s,
			      const struct testcase *t)
{
	struct tval *m = tv_map(ctx), *setups = tv_list(m), *args = tv_list(m),
		    *verifies = tv_list(m);
	struct strbuf *sb = strbuf_new(m);

	tv_set(m, "index", tv_fmt(m, "%d", t->index));
	tv_set(m, "number", tv_fmt(m, "%d", t->index + 1));
	tv_set(m, "name", str_or_null(m, t->name));
	tv_set(m, "error", t->error ? tv_str(m, t->error->code.name) : tv_null(m));
	tv_set(m, "condition", t->error ? str_or_null(m, t->error->condition) : tv_null(m));
	for (size_t i = 0; i < t->nsetups; i++) {
		strbuf_reset(sb);
		expr_to_c(sb, t->setups[i], &c_test);
		tv_push(setups, tv_str(setups, sb->data));
	}
	for (size_t i = 0; i < s->nparams; i++) {
		for (size_t a = 0; a < t->nargs; a++) {
			if (t->args[a].param != s->params[i])
				continue;
			struct tval *am = tv_map(args);
			strbuf_reset(sb);
			expr_to_c(sb, t->args[a].value, &c_test);
			tv_set(am, "name", tv_str(am, s->params[i]->name));
			tv_set(am, "ctype", tv_str(am, s->params[i]->ctype));
			tv_set(am, "index", tv_fmt(am, "%zu", i));
			tv_set(am, "c", tv_str(am, sb->data));
			char *text = expr_source_text(am, t->args[a].value);
			tv_set(am, "text", tv_str(am, text));
			talloc_free(text);
			tv_push(args, am);
		}
	}
	for (size_t i = 0; i < t->nverifies; i++) {
		strbuf_reset(sb);
		expr_to_c(sb, t->verifies[i], &c_test);
		tv_push(verifies, tv_str(verifies, sb->data));
	}
	tv_set(m, "setups", setups);
	tv_set(m, "args", args);
	tv_set(m, "verifies", verifies);
	tv_set(m, "expects_success", tv_bool(m, t->error == NULL));
	/* The validator can predict the outcome from the arguments alone for
	 * a success case and for an error whose condition the spec states;
	 * set-ups only make sure the kernel gets as far as the argument
	 * checks (a lock budget, say). */
	tv_set(m, "argument_only", tv_bool(m, t->error == NULL || t->error->when != NULL));
	talloc_free(sb);
	return m;
}

static struct tval *error_view(TALLOC_CTX *ctx, const struct spec *s,
			       const struct error *e)
{
	struct tval *m = tv_map(ctx), *tests = tv_list(m);

	tv_set(m, "index", tv_fmt(m, "%d", e->index));
	tv_set(m, "name", tv_str(m, e->code.name));
	tv_set(m, "code", tv_fmt(m, "-%s", e->code.name));
	tv_set(m, "errno", tv_fmt(m, "%d", e->errno_value));
	tv_set(m, "negative_errno", tv_fmt(m, "%d", -e->errno_value));
	tv_set(m, "condition", str_or_null(m, e->condition));
	tv_set(m, "description", str_or_null(m, e->description));
	tv_set(m, "when", expr_view(m, e->when, &c_plain));
	tv_set(m, "untestable", str_or_null(m, e->untestable));
	for (size_t i = 0; i < e->ntests; i++)
		tv_push(tests, test_view(tests, s, e->tests[i]));
	tv_set(m, "tests", tests);
	tv_set(m, "tested", tv_bool(m, e->ntests > 0));
	return m;
}

static struct tval *signal_view(TALLOC_CTX *ctx, const struct signal *g)
{
	struct tval *m = tv_map(ctx);

	tv_set(m, "index", tv_fmt(m, "%d", g->index));
	tv_set(m, "name", tv_str(m, g->name));
	if (g->signum) {
		tv_set(m, "signum", expr_view(m, g->signum, &c_plain));
	} else {
		struct tval *sn = tv_map(m);
		const struct named_value *nv = signal_find(g->name);
		tv_set(sn, "text", tv_str(sn, g->name));
		tv_set(sn, "c", tv_str(sn, g->name));
		tv_set(sn, "value", nv ? tv_fmt(sn, "%d", nv->value) : tv_null(sn));
		tv_set(sn, "hex", tv_null(sn));
		tv_set(sn, "is_const", tv_bool(sn, nv != NULL));
		tv_set(m, "signum", sn);
	}
	tv_set(m, "direction", words_view(m, &g->direction));
	tv_set(m, "action", word_view(m, &g->action));
	tv_set(m, "target", str_or_null(m, g->target));
	tv_set(m, "condition", str_or_null(m, g->condition));
	tv_set(m, "description", str_or_null(m, g->description));
	tv_set(m, "restartable", tv_bool(m, g->restartable));
	tv_set(m, "sa_flags_required", expr_view(m, g->sa_flags_required, &c_plain));
	tv_set(m, "sa_flags_forbidden", expr_view(m, g->sa_flags_forbidden, &c_plain));
	tv_set(m, "error", g->error.name ? tv_str(m, g->error.name) : tv_null(m));
	tv_set(m, "transform", g->transform.name ? tv_str(m, g->transform.name) : tv_null(m));
	tv_set(m, "timing", word_view(m, &g->timing));
	tv_set(m, "priority", expr_view(m, g->priority, &c_plain));
	tv_set(m, "interruptible", tv_bool(m, g->interruptible));
	tv_set(m, "queue", str_or_null(m, g->queue));
	tv_set(m, "state_required", expr_view(m, g->state_required, &c_plain));
	tv_set(m, "state_forbidden", expr_view(m, g->state_forbidden, &c_plain));
	return m;
}

static struct tval *mask_view(TALLOC_CTX *ctx, const struct signal_mask *sm)
{
	struct tval *m = tv_map(ctx), *sigs = tv_list(m);

	tv_set(m, "index", tv_fmt(m, "%d", sm->index));
	tv_set(m, "name", tv_str(m, sm->name));
	tv_set(m, "description", str_or_null(m, sm->description));
	for (size_t i = 0; i < sm->signals.count; i++)
		tv_push(sigs, tv_str(sigs, sm->signals.items[i].name));
	tv_set(m, "signals", sigs);
	return m;
}

static struct tval *lock_view(TALLOC_CTX *ctx, const struct lock *l)
{
	struct tval *m = tv_map(ctx), *all = tv_list(m), *rest = tv_list(m);

	tv_set(m, "index", tv_fmt(m, "%d", l->index));
	tv_set(m, "name", tv_str(m, l->name));
	tv_set(m, "kind", word_view(m, &l->kind));
	for (size_t i = 0; i < l->ndescriptions; i++) {
		tv_push(all, str_or_null(all, l->descriptions[i]));
		if (i > 0)
			tv_push(rest, str_or_null(rest, l->descriptions[i]));
	}
	tv_set(m, "descriptions", all);
	/* C keeps the last description; the kernel block may say several,
	 * the first before the flags and the others after. */
	tv_set(m, "description", l->ndescriptions ?
	       str_or_null(m, l->descriptions[l->ndescriptions - 1]) : tv_null(m));
	tv_set(m, "description_first", l->ndescriptions ?
	       str_or_null(m, l->descriptions[0]) : tv_null(m));
	tv_set(m, "description_rest", rest);
	tv_set(m, "acquired", tv_bool(m, l->acquired));
	tv_set(m, "released", tv_bool(m, l->released));
	tv_set(m, "held_entry", tv_bool(m, l->held_entry));
	tv_set(m, "held_exit", tv_bool(m, l->held_exit));
	return m;
}

static struct tval *constraint_view(TALLOC_CTX *ctx, const struct constraint *c)
{
	struct tval *m = tv_map(ctx);

	tv_set(m, "index", tv_fmt(m, "%d", c->index));
	tv_set(m, "name", str_or_null(m, c->name));
	tv_set(m, "description", str_or_null(m, c->description));
	tv_set(m, "expr", expr_view(m, c->expr, &c_plain));
	return m;
}

static struct tval *effect_view(TALLOC_CTX *ctx, const struct effect *e)
{
	struct tval *m = tv_map(ctx);

	tv_set(m, "index", tv_fmt(m, "%d", e->index));
	tv_set(m, "target", str_or_null(m, e->target));
	tv_set(m, "kind", words_view(m, &e->kind));
	tv_set(m, "description", str_or_null(m, e->description));
	tv_set(m, "condition", str_or_null(m, e->condition));
	tv_set(m, "reversible", tv_bool(m, e->reversible));
	tv_set(m, "verify", expr_view(m, e->verify, &c_test));
	return m;
}

static struct tval *transition_view(TALLOC_CTX *ctx, const struct transition *t)
{
	struct tval *m = tv_map(ctx);

	tv_set(m, "index", tv_fmt(m, "%d", t->index));
	tv_set(m, "object", str_or_null(m, t->object));
	tv_set(m, "from", str_or_null(m, t->from));
	tv_set(m, "to", str_or_null(m, t->to));
	tv_set(m, "description", str_or_null(m, t->description));
	tv_set(m, "condition", str_or_null(m, t->condition));
	return m;
}

static struct tval *cap_view(TALLOC_CTX *ctx, const struct capability *c)
{
	struct tval *m = tv_map(ctx), *alts = tv_list(m);
	struct strbuf *sb = strbuf_new(m);

	tv_set(m, "index", tv_fmt(m, "%d", c->index));
	tv_set(m, "name", tv_str(m, c->cap.name));
	tv_set(m, "action", word_view(m, &c->action));
	tv_set(m, "allows", str_or_null(m, c->allows));
	tv_set(m, "without", str_or_null(m, c->without));
	tv_set(m, "condition", str_or_null(m, c->condition));
	tv_set(m, "priority", expr_view(m, c->priority, &c_plain));
	for (size_t i = 0; i < c->alternatives.count; i++) {
		tv_push(alts, tv_str(alts, c->alternatives.items[i].name));
		strbuf_addf(sb, "%s%s", i ? ", " : "", c->alternatives.items[i].name);
	}
	tv_set(m, "alternatives", alts);
	tv_set(m, "alternatives_c", c->alternatives.count ? tv_str(m, sb->data) : tv_null(m));
	tv_set(m, "alternative_count", count(m, c->alternatives.count));
	talloc_free(sb);
	return m;
}

static struct tval *field_view(TALLOC_CTX *ctx, const struct field *f)
{
	struct tval *m = tv_map(ctx);

	tv_set(m, "index", tv_fmt(m, "%d", f->index));
	tv_set(m, "name", tv_str(m, f->name));
	tv_set(m, "ctype", tv_str(m, f->ctype));
	tv_set(m, "type", word_view(m, &f->type));
	tv_set(m, "description", str_or_null(m, f->description));
	tv_set(m, "offset", expr_view(m, f->offset, &c_plain));
	tv_set(m, "size", expr_view(m, f->size, &c_plain));
	tv_set(m, "flags", words_view(m, &f->flags));
	tv_set(m, "range", range_view(m, f->range));
	tv_set(m, "mask", expr_view(m, f->mask, &c_plain));
	tv_set(m, "values", exprs_view(m, f->values, f->nvalues));
	tv_set(m, "has_values", tv_bool(m, f->nvalues > 0));
	tv_set(m, "value_count", count(m, f->nvalues));
	return m;
}

static struct tval *struct_view(TALLOC_CTX *ctx, const struct struct_spec *st)
{
	struct tval *m = tv_map(ctx), *fields = tv_list(m);

	tv_set(m, "index", tv_fmt(m, "%d", st->index));
	tv_set(m, "name", tv_str(m, st->name));
	tv_set(m, "description", str_or_null(m, st->description));
	tv_set(m, "size", expr_view(m, st->size, &c_plain));
	tv_set(m, "alignment", expr_view(m, st->alignment, &c_plain));
	for (size_t i = 0; i < st->nfields; i++)
		tv_push(fields, field_view(fields, st->fields[i]));
	tv_set(m, "fields", fields);
	tv_set(m, "field_count", count(m, st->nfields));
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
	struct tval *l_ = tv_list(m);                                         \
	for (size_t i_ = 0; i_ < (n); i_++)                                   \
		tv_push(l_, fn(l_, (arr)[i_]));                               \
	tv_set(m, key, l_);                                                   \
	tv_set(m, key "_count", count(m, (n)));                               \
	tv_set(m, "has_" key, tv_bool(m, (n) > 0));                           \
} while (0)

static struct tval *spec_view(TALLOC_CTX *ctx, const struct spec *s)
{
	struct tval *m = tv_map(ctx);
	bool syscall = strcmp(s->kind, "syscall") == 0;

	tv_set(m, "name", tv_str(m, s->name));
	tv_set(m, "kind", tv_str(m, s->kind));
	tv_set(m, "is_syscall", tv_bool(m, syscall));
	tv_set(m, "kernel_name", tv_fmt(m, "%s%s", syscall ? "sys_" : "", s->name));
	tv_set(m, "man_section", tv_str(m, syscall ? "2" : "9"));
	tv_set(m, "summary", str_or_null(m, s->summary));
	tv_set(m, "description", str_or_null(m, s->description));
	tv_set(m, "context", words_view(m, &s->context));
	tv_set(m, "since", str_or_null(m, s->since));
	tv_set(m, "spec_date", str_or_null(m, s->date));
	tv_set(m, "deprecated", tv_bool(m, s->deprecated));
	tv_set(m, "replacement", str_or_null(m, s->replacement));
	tv_set(m, "examples", str_or_null(m, s->examples));
	tv_set(m, "notes", str_or_null(m, s->notes));

	{
		struct tval *l = tv_list(m);
		for (size_t i = 0; i < s->nparams; i++)
			tv_push(l, param_view(l, s->params[i]));
		tv_set(m, "params", l);
		tv_set(m, "params_count", count(m, s->nparams));
		tv_set(m, "has_params", tv_bool(m, s->nparams > 0));
	}
	tv_set(m, "return", return_view(m, s->ret));
	{
		struct tval *l = tv_list(m), *sorted = tv_list(m), *tests = tv_list(m);
		const struct error **order = talloc_array(m, const struct error *, s->nerrors);
		for (size_t i = 0; i < s->nerrors; i++) {
			tv_push(l, error_view(l, s, s->errors[i]));
			order[i] = s->errors[i];
		}
		qsort(order, s->nerrors, sizeof *order, error_cmp);
		for (size_t i = 0; i < s->nerrors; i++)
			tv_push(sorted, error_view(sorted, s, order[i]));
		talloc_free(order);
		tv_set(m, "errors", l);
		tv_set(m, "errors_sorted", sorted);
		tv_set(m, "errors_count", count(m, s->nerrors));
		tv_set(m, "has_errors", tv_bool(m, s->nerrors > 0));

		/* Every test case, success cases first, in spec order. */
		size_t ntests = s->ntests;
		for (size_t i = 0; i < s->ntests; i++)
			tv_push(tests, test_view(tests, s, s->tests[i]));
		for (size_t i = 0; i < s->nerrors; i++)
			for (size_t j = 0; j < s->errors[i]->ntests; j++, ntests++)
				tv_push(tests, test_view(tests, s, s->errors[i]->tests[j]));
		tv_set(m, "tests", tests);
		tv_set(m, "tests_count", count(m, ntests));
		struct tval *unt = tv_list(m);
		for (size_t i = 0; i < s->nerrors; i++)
			if (s->errors[i]->untestable)
				tv_push(unt, error_view(unt, s, s->errors[i]));
		tv_set(m, "untestable_errors", unt);
	}
	LIST("signals", s->signals, s->nsignals, signal_view);
	LIST("signal_masks", s->masks, s->nmasks, mask_view);
	LIST("locks", s->locks, s->nlocks, lock_view);
	LIST("constraints", s->constraints, s->nconstraints, constraint_view);
	LIST("side_effects", s->effects, s->neffects, effect_view);
	LIST("state_transitions", s->transitions, s->ntransitions, transition_view);
	LIST("capabilities", s->caps, s->ncaps, cap_view);
	LIST("structs", s->structs, s->nstructs, struct_view);
	return m;
}

static struct tval *constant_view(TALLOC_CTX *ctx, const struct constant *c)
{
	struct tval *m = tv_map(ctx);

	tv_set(m, "name", tv_str(m, c->name));
	tv_set(m, "value", expr_view(m, c->value, &c_plain));
	tv_set(m, "description", str_or_null(m, c->description));
	return m;
}

/* What every root of one file shares, built once: each spec's root lists
 * all of the file's constants, and building them per spec made --emit
 * quadratic in the number of specs. */
struct view_shared {
	const struct kapi_file *file;
	const struct view_options *opt;
	struct tval *constants;
};

struct view_shared *view_shared_new(TALLOC_CTX *ctx, const struct kapi_file *file,
				    const struct view_options *opt)
{
	struct view_shared *vs = talloc_zero(ctx, struct view_shared);

	vs->file = file;
	vs->opt = opt;
	vs->constants = tv_list(vs);
	for (size_t i = 0; i < file->nconstants; i++)
		tv_push(vs->constants, constant_view(vs->constants, file->constants[i]));
	return vs;
}

static void file_keys(struct tval *m, const struct view_shared *vs)
{
	const struct view_options *opt = vs->opt;

	tv_set(m, "generator", option_str(m, opt->generator));
	tv_set(m, "source", option_str(m, opt->source_name));
	tv_set(m, "runtime", option_str(m, opt->runtime));
	tv_set(m, "date", option_str(m, opt->date));
	tv_set(m, "constants", tv_borrow(m, vs->constants));
	tv_set(m, "has_constants", tv_bool(m, vs->file->nconstants > 0));
}

struct tval *view_file(TALLOC_CTX *ctx, const struct view_shared *vs,
		       struct tval *const *spec_views)
{
	const struct kapi_file *file = vs->file;
	struct tval *m = tv_map(ctx), *specs = tv_list(m);

	file_keys(m, vs);
	for (size_t i = 0; i < file->nspecs; i++) {
		if (file->specs[i]->loc.src != file->main)
			continue;
		if (spec_views && spec_views[i])
			tv_push(specs, tv_borrow(specs, tv_get(spec_views[i], "spec")));
		else
			tv_push(specs, spec_view(specs, file->specs[i]));
	}
	tv_set(m, "specs", specs);
	return m;
}

struct tval *view_spec(TALLOC_CTX *ctx, const struct view_shared *vs,
		       const struct spec *spec)
{
	struct tval *m = tv_map(ctx);

	file_keys(m, vs);
	if (spec->date)
		tv_set(m, "date", str_or_null(m, spec->date));
	tv_set(m, "spec", spec_view(m, spec));
	return m;
}
