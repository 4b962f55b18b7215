#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include "check.h"
#include "escape.h"
#include "expr.h"
#include "fixtures.h"
#include "resolve.h"
#include "vocab.h"

struct check_config {
	enum diag_severity *severity;  /* per check; DIAG_NOTE = off */
	bool *never_error;             /* per check: -Wno-error=NAME */
	bool all_warnings_are_errors;
};

struct check_ctx {
	struct kapi_file *file;
	struct diag *d;
	const struct check_config *cfg;
	size_t current;                /* index in the table */
	const char *name;              /* of the current check */
	enum word_check words;         /* of the current check, if a word check */
	struct resolution *res;
	TALLOC_CTX *tmp;
};

static void __attribute__((format(printf, 3, 4)))
report(struct check_ctx *cc, const struct loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vreport(cc->d, cc->cfg->severity[cc->current], loc, cc->name, fmt, ap);
	va_end(ap);
}

/* The tail of a message that names the closest candidate, or nothing. */
static const char *did_you_mean(struct check_ctx *cc, const char *name,
				const char *const *cands, size_t n)
{
	const char *best = diag_closest(name, cands, n);

	return best ? talloc_asprintf(cc->tmp, "; did you mean '%s'?", best) : "";
}

/* --- Names given twice. --- */

static void duplicate_constant(struct check_ctx *cc)
{
	for (size_t i = 0; i < cc->file->nconstants; i++) {
		struct constant *c = cc->file->constants[i];
		const struct constant *first = nameset_get(&cc->res->constants, c->name);

		if (first != c) {
			report(cc, &c->loc, "constant '%s' is already defined", c->name);
			diag_report(cc->d, DIAG_NOTE, &first->loc, NULL, "first defined here");
		} else if (builtin_find(c->name)) {
			report(cc, &c->loc, "constant '%s' redefines a built-in", c->name);
		}
	}
}

/* The first of COUNT nodes at NODES to bear each name (at offset NAME;
 * their places at offset LOC): every later one is reported, MESSAGE given
 * the name and EXTRA, and NOTE said at the first. */
static void duplicates(struct check_ctx *cc, void *nodes, size_t count,
		       size_t name, size_t loc, const char *message,
		       const char *extra, const char *note)
{
	struct nameset seen;

	nameset_init(&seen, cc->tmp, count);
	for (size_t i = 0; i < count; i++) {
		char *node = ((char **)nodes)[i];
		const char *n = *(const char **)(node + name);
		const struct loc *at = (const struct loc *)(node + loc);
		const struct loc *prev = n ? nameset_add(&seen, n, at) : NULL;

		if (prev) {
			report(cc, at, message, n, extra);
			diag_report(cc->d, DIAG_NOTE, prev, NULL, "%s", note);
		}
	}
	talloc_free(seen.slots);
}

#define DUPLICATES(array, count, type, name, message, extra, note)          \
	duplicates(cc, array, count, offsetof(type, name), offsetof(type, loc), \
		   message, extra, note)

static void duplicate_spec(struct check_ctx *cc)
{
	DUPLICATES(cc->file->specs, cc->file->nspecs, struct spec, name,
		   "spec '%s' is already defined", NULL, "first defined here");
}

static void duplicate_param(struct check_ctx *cc, struct spec *s)
{
	DUPLICATES(s->params, s->nparams, struct param, name,
		   "parameter '%s' is already declared", NULL, "first declared here");
}

/* An error is its code and its condition. */
static void duplicate_error(struct check_ctx *cc, struct spec *s)
{
	TALLOC_CTX *keys = talloc_new(cc->tmp);
	struct nameset seen;

	nameset_init(&seen, keys, s->nerrors);
	for (size_t i = 0; i < s->nerrors; i++) {
		struct error *e = s->errors[i];
		const char *cond = e->condition ? e->condition->text : "";
		const char *key = talloc_asprintf(keys, "%s\n%s", e->code.name, cond);
		const struct error *prev = nameset_add(&seen, key, e);

		if (prev) {
			report(cc, &e->loc, "error %s \"%s\" is already listed",
			       e->code.name, cond);
			diag_report(cc->d, DIAG_NOTE, &prev->loc, NULL, "first listed here");
		}
	}
	talloc_free(keys);
}

static void duplicate_field(struct check_ctx *cc, struct spec *s)
{
	for (size_t i = 0; i < s->nstructs; i++)
		DUPLICATES(s->structs[i]->fields, s->structs[i]->nfields, struct field,
			   name, "field '%s' of struct %s is already declared",
			   s->structs[i]->name, "first declared here");
}

static void duplicate_entry(struct check_ctx *cc, struct spec *s)
{
	const char *note = "first described here";

	DUPLICATES(s->signals, s->nsignals, struct signal, name,
		   "signal '%s' is already described", NULL, note);
	DUPLICATES(s->locks, s->nlocks, struct lock, name,
		   "lock '%s' is already described", NULL, note);
	DUPLICATES(s->caps, s->ncaps, struct capability, cap.name,
		   "capability '%s' is already described", NULL, note);
	DUPLICATES(s->structs, s->nstructs, struct struct_spec, name,
		   "struct '%s' is already described", NULL, note);
}

static void duplicate_property(struct check_ctx *cc)
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

/* --- Names the generated C uses. --- */

/* Lower-case macros of the headers the outputs include: gnu modes
 * predefine linux and unix, and <signal.h> and <sys/stat.h> define struct
 * members under the prefixes POSIX reserves for them (si_pid, st_mtime). */
static const char *const c_macros[] = {
	"errno", "linux", "unix", "sa_", "si_", "sigev_", "st_",
};

/* Why NAME cannot be a name in the C, or NULL.  A constant is a macro
 * there and a parameter an identifier: macros in capitals, identifiers
 * with a lower-case letter, so that neither replaces the other nor a name
 * of C, the system headers or kapic's own (kapi_, KAPI_). */
static const char *c_name_problem(const char *name, bool constant, bool param)
{
	bool lower = strpbrk(name, "abcdefghijklmnopqrstuvwxyz") != NULL;
	size_t len = strlen(name);

	if (!esc_is_c_ident(name, len))
		return "is a keyword of C";
	if (name[0] == '_' && (name[1] == '_' || (name[1] >= 'A' && name[1] <= 'Z')))
		return "is reserved to the C implementation ('__' or '_' and a capital)";
	if (strncasecmp(name, "kapi_", 5) == 0)
		return "is in the namespace of kapic's generated code (kapi_, KAPI_)";
	if (constant && lower)
		return "has lower-case letters; a constant is a macro in the C, "
		       "and macros are written in capitals";
	if (constant && named_find(&errno_table, name))
		return "is an errno name, which <errno.h> defines";
	if (param && !lower)
		return "has no lower-case letter; names in capitals are macros in C";
	if (param && len > 2 && strcmp(name + len - 2, "_t") == 0)
		return "ends in _t, which POSIX reserves for types";
	for (size_t i = 0; param && i < sizeof c_macros / sizeof c_macros[0]; i++) {
		size_t n = strlen(c_macros[i]);
		if (c_macros[i][n - 1] == '_' ? strncmp(name, c_macros[i], n) == 0
					      : strcmp(name, c_macros[i]) == 0)
			return "is a macro of the system headers, or under a prefix "
			       "POSIX reserves for them";
	}
	return NULL;
}

static void c_name_one(struct check_ctx *cc, const char *what, const char *name,
		       const struct loc *loc, bool constant, bool param)
{
	const char *why = c_name_problem(name, constant, param);

	if (why)
		report(cc, loc, "%s '%s' %s", what, name, why);
}

static void c_name(struct check_ctx *cc, struct spec *s)
{
	c_name_one(cc, "spec name", s->name, &s->loc, false, false);
	for (size_t i = 0; i < s->nparams; i++)
		c_name_one(cc, "parameter", s->params[i]->name, &s->params[i]->loc,
			   false, true);
	/* A struct's name is a tag (the kernel block stringifies it): any
	 * identifier but a keyword, so __kernel_timespec is one. */
	for (size_t i = 0; i < s->nstructs; i++) {
		const char *name = s->structs[i]->name;

		if (!esc_is_c_ident(name, strlen(name)))
			report(cc, &s->structs[i]->loc,
			       "struct '%s' is a keyword of C", name);
	}
}

static void c_name_constants(struct check_ctx *cc)
{
	for (size_t i = 0; i < cc->file->nconstants; i++)
		c_name_one(cc, "constant", cc->file->constants[i]->name,
			   &cc->file->constants[i]->loc, true, false);
}

/* The C names the outputs derive from spec S's names (c.tmpl, h.tmpl,
 * kernel.tmpl), into NAMES; *N of them. */
static const char **derived_c_names(TALLOC_CTX *ctx, const struct spec *s, size_t *n)
{
	const char *k = s->kind == SPEC_SYSCALL ? talloc_asprintf(ctx, "sys_%s", s->name) : s->name;
	const char **names = talloc_array(ctx, const char *, 8 + 2 * s->nparams);

	*n = 0;
	names[(*n)++] = talloc_asprintf(ctx, "kapi_check_%s", s->name);
	names[(*n)++] = talloc_asprintf(ctx, "kapi_check_%s_why", s->name);
	names[(*n)++] = talloc_asprintf(ctx, "kapi_spec_%s", s->name);
	names[(*n)++] = talloc_asprintf(ctx, "kapi_spec_%s_params", s->name);
	names[(*n)++] = talloc_asprintf(ctx, "kapi_spec_%s_errors", s->name);
	names[(*n)++] = talloc_asprintf(ctx, "KAPI_CHECK_%s_H", s->name);
	names[(*n)++] = k;
	names[(*n)++] = talloc_asprintf(ctx, "__kapi_%s_return_errors", k);
	for (size_t i = 0; i < s->nparams; i++) {
		if (!s->params[i]->nvalues)
			continue;
		names[(*n)++] = talloc_asprintf(ctx, "kapi_spec_%s_values_%zu", s->name, i);
		names[(*n)++] = talloc_asprintf(ctx, "__kapi_%s_%s_values", k, s->params[i]->name);
	}
	return names;
}

/* Whether derived names can meet at all: only when a spec's name is
 * another's and '_' more, or a function's starts with "sys_" -- rare,
 * so the names are not made for every spec of every file. */
static bool names_may_collide(struct check_ctx *cc, TALLOC_CTX *tmp)
{
	struct nameset names;

	nameset_init(&names, tmp, cc->file->nspecs);
	for (size_t i = 0; i < cc->file->nspecs; i++)
		nameset_add(&names, cc->file->specs[i]->name, cc->file->specs[i]);
	for (size_t i = 0; i < cc->file->nspecs; i++) {
		const struct spec *s = cc->file->specs[i];

		if (s->kind != SPEC_SYSCALL && strncmp(s->name, "sys_", 4) == 0)
			return true;
		for (const char *u = strchr(s->name, '_'); u; u = strchr(u + 1, '_')) {
			char *prefix = talloc_strndup(tmp, s->name, (size_t)(u - s->name));
			bool found = nameset_get(&names, prefix) != NULL;

			talloc_free(prefix);
			if (found)
				return true;
		}
	}
	return false;
}

/* Two specs of one file whose derived C names meet (`foo` and `foo_why`
 * both give kapi_check_foo_why; a function `sys_foo` is syscall foo's
 * kernel name): their outputs cannot share a translation unit. */
static void c_name_collisions(struct check_ctx *cc)
{
	TALLOC_CTX *tmp = talloc_new(cc->tmp);
	struct nameset seen;

	if (!names_may_collide(cc, tmp)) {
		talloc_free(tmp);
		return;
	}
	nameset_init(&seen, tmp, 8 * cc->file->nspecs);
	for (size_t i = 0; i < cc->file->nspecs; i++) {
		const struct spec *s = cc->file->specs[i];
		size_t n;
		const char **names = derived_c_names(tmp, s, &n);

		for (size_t j = 0; j < n; j++) {
			const struct spec *prev = nameset_add(&seen, names[j], s);
			if (!prev || prev == s)
				continue;
			report(cc, &s->loc, "spec '%s' gives the C name '%s', which spec '%s' gives too",
			       s->name, names[j], prev->name);
			diag_report(cc->d, DIAG_NOTE, &prev->loc, NULL, "'%s' is defined here", prev->name);
			break;
		}
	}
	talloc_free(tmp);
}

static void c_name_file(struct check_ctx *cc)
{
	c_name_constants(cc);
	c_name_collisions(cc);
}

/* --- C types. --- */

/* Why CTYPE is no type the generated C can declare, or NULL.  A type is
 * C's specifiers in a combination C allows, or one type name
 * (ctype_spelling, or struct, union or enum and a tag), with qualifiers
 * and then stars. */
static const char *c_type_problem(struct check_ctx *cc, const char *ctype)
{
	static const char *const kw[] = { "void", "char", "int", "float", "double",
		"_Bool", "short", "long", "signed", "unsigned", "const", "volatile",
		"restrict", "__user", "struct", "union", "enum" };
	unsigned n[17] = { 0 }, names = 0, base, k;
	char *save, *w = strtok_r(talloc_strdup(cc->tmp, ctype), " ", &save);

	for (bool star = false; w; w = strtok_r(NULL, " ", &save)) {
		for (k = 0; k < 17 && strcmp(w, kw[k]) != 0; k++)
			;
		if (w[0] == '*' || (k >= 10 && k < 14))
			star |= w[0] == '*';
		else if (star)
			return talloc_asprintf(cc->tmp, "has '%s' after a '*'", w);
		else if (k < 10)
			n[k]++;
		else if (k < 17 && !((w = strtok_r(NULL, " ", &save)) && esc_is_c_ident(w, strlen(w))))
			return talloc_asprintf(cc->tmp, "needs a tag after '%s'", kw[k]);
		else if (k < 17 || ctype_spelling(w, strlen(w)))
			names++;
		else
			return talloc_asprintf(cc->tmp, "names '%s', which is no C type kapic knows", w);
	}
	base = n[0] + n[1] + n[2] + n[3] + n[4] + n[5];
	if (names + !!(base + n[6] + n[7] + n[8] + n[9]) != 1 || base > 1 ||
	    n[6] > 1 || n[7] > 2 || (n[6] && n[7]) || n[8] + n[9] > 1 ||
	    ((n[6] || n[7]) && base && !n[2] && !(n[4] && n[7] == 1)) ||
	    ((n[8] || n[9]) && base && !n[1] && !n[2]))
		return "is no valid combination of C's type specifiers and names";
	return NULL;
}

static void c_type(struct check_ctx *cc, struct spec *s)
{
	for (size_t i = 0; i < s->nparams; i++) {
		const char *why = c_type_problem(cc, s->params[i]->ctype);
		if (why)
			report(cc, &s->params[i]->ctype_loc, "the C type '%s' %s",
			       s->params[i]->ctype, why);
	}
	const char *why = s->ret ? c_type_problem(cc, s->ret->ctype) : NULL;
	if (why)
		report(cc, &s->ret->loc, "the C type '%s' %s", s->ret->ctype, why);
}

/* --- Flags. --- */

/* A kernel version as man pages cite one: X.Y or X.Y.Z. */
static bool is_kernel_version(const struct kstr *v)
{
	const char *t = v->text;

	for (int part = 0; part < 3; part++) {
		size_t n = strspn(t, "0123456789");

		if (n == 0 || n > 3)
			return false;
		t += n;
		if (!*t)
			return part > 0;
		if (*t++ != '.')
			return false;
	}
	return false;
}

static void since_format(struct check_ctx *cc)
{
	for (size_t i = 0; i < cc->file->nconstants; i++) {
		const struct kstr *v = cc->file->constants[i]->since;

		if (v && !is_kernel_version(v))
			report(cc, &v->loc, "'%s' is no kernel version; write X.Y or X.Y.Z, as 4.4",
			       v->text);
	}
}

/* --- The order of errors. --- */

static bool lists_error(const struct spec *s, const struct error *self, const char *code)
{
	for (size_t i = 0; i < s->nerrors; i++)
		if (s->errors[i] != self && strcmp(s->errors[i]->code.name, code) == 0)
			return true;
	return false;
}

/* An error on the cycle: one of E's `after` that is left unordered too. */
static const struct error *cycle_next(const struct spec *s, const struct error *e)
{
	for (size_t i = 0; i < e->after.count; i++)
		for (size_t j = 0; j < s->nerrors; j++)
			if (s->errors[j] != e && s->errors[j]->on_cycle &&
			    strcmp(s->errors[j]->code.name, e->after.items[i].name) == 0)
				return s->errors[j];
	return NULL;
}

/* The cycle reached from E, said as "A after B after A". */
static void error_cycle(struct check_ctx *cc, const struct spec *s, const struct error *e)
{
	const struct error *slow = e, *fast = e;

	do {                            /* every unordered error has a next */
		slow = cycle_next(s, slow);
		fast = cycle_next(s, cycle_next(s, fast));
	} while (slow != fast);
	struct strbuf *sb = strbuf_new(cc->tmp);
	const struct error *x = slow;
	do {
		strbuf_addf(sb, "%s after ", x->code.name);
		x = cycle_next(s, x);
	} while (x != slow);
	strbuf_adds(sb, slow->code.name);
	report(cc, &slow->after.loc, "the errors' order has a cycle: %s", sb->data);
}

static void error_order(struct check_ctx *cc, struct spec *s)
{
	for (size_t i = 0; i < s->nerrors; i++) {
		const struct error *e = s->errors[i];

		for (size_t j = 0; j < e->after.count; j++) {
			const struct word *w = &e->after.items[j];

			if (!w->known)
				continue;       /* unknown-errno says it */
			if (lists_error(s, e, w->name))
				continue;
			if (strcmp(w->name, e->code.name) == 0)
				report(cc, &w->loc, "error %s cannot come after itself", w->name);
			else
				report(cc, &w->loc, "%s lists no error %s to come after",
				       s->name, w->name);
		}
	}
	for (size_t i = 0; i < s->nerrors; i++)
		if (s->errors[i]->on_cycle) {
			error_cycle(cc, s, s->errors[i]);
			break;
		}
}

/* --- The C library binding. --- */

/* A header a C program can include as <H>: a relative path of names of
 * letters, digits and `_.+-`, ending in `.h`, with no `..`. */
static bool is_header_name(const struct kstr *h)
{
	size_t n = h->len;

	if (n < 3 || strcmp(h->text + n - 2, ".h") != 0 || h->text[0] == '/' ||
	    strstr(h->text, "..") || strstr(h->text, "//") ||
	    strspn(h->text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		   "0123456789_./+-") != n)
		return false;
	return true;
}

/* "X.Y": a glibc release. */
static bool is_glibc_version(const struct kstr *v)
{
	const char *t = v->text;
	size_t major = strspn(t, "0123456789");

	return major > 0 && major < 4 && t[major] == '.' &&
	       strspn(t + major + 1, "0123456789") == strlen(t + major + 1) &&
	       strlen(t + major + 1) > 0 && strlen(t + major + 1) < 4;
}

/* A type the test can cast a long to: no struct or union by value. */
static bool by_value_aggregate(const char *ctype)
{
	return !strchr(ctype, '*') && (strstr(ctype, "struct ") || strstr(ctype, "union "));
}

static void libc_type(struct check_ctx *cc, const struct libc_binding *l,
		      const char *what, const char *ctype, bool param)
{
	const char *why = c_type_problem(cc, ctype);

	if (!why && param && by_value_aggregate(ctype))
		why = "passes a struct or union by value, which a test cannot make of a number";
	if (!why && param && strcmp(ctype, "void") == 0)
		why = "is no parameter type";
	if (why)
		report(cc, &l->loc, "the C type '%s' of %s %s", ctype, what, why);
}

static void libc_binding(struct check_ctx *cc, struct spec *s)
{
	const struct libc_binding *l = s->libc;

	if (!l)
		return;
	if (s->kind != SPEC_SYSCALL)
		report(cc, &l->loc, "function %s is no system call: it has no C library wrapper",
		       s->name);
	if (l->problem) {
		report(cc, &l->loc, "the prototype '%s' %s", l->prototype->text, l->problem);
		diag_hint(cc->d, "write it as man-pages does: int mlock2(const void *addr, "
			  "size_t len, unsigned int flags)");
	} else {
		libc_type(cc, l, "the return value", l->ret_ctype, false);
		for (size_t i = 0; i < l->nparams; i++)
			libc_type(cc, l, talloc_asprintf(cc->tmp, "parameter '%s'", l->params[i].name),
				  l->params[i].ctype, true);
		if (l->variadic ? l->nparams > s->nparams : l->nparams != s->nparams)
			report(cc, &l->loc, "the prototype of %s takes %s%zu parameter%s; the spec has %zu",
			       l->name, l->variadic ? "at least " : "", l->nparams,
			       l->nparams == 1 ? "" : "s", s->nparams);
	}
	if (!l->header)
		report(cc, &l->loc, "the binding names no header; add one, as in "
		       "'libc \"...\" { header \"sys/mman.h\"; }'");
	else if (!is_header_name(l->header))
		report(cc, &l->header->loc, "'%s' is no header name a program includes, "
		       "as sys/mman.h", l->header->text);
	if (l->glibc && !is_glibc_version(l->glibc))
		report(cc, &l->glibc->loc, "'%s' is no glibc release; write MAJOR.MINOR, as 2.27",
		       l->glibc->text);
}

/* --- Names that name nothing. --- */

/* Suggestions for a misspelt name: constants, built-ins and, where the
 * role allows them, the spec's parameters. */
static const char *suggest_name(struct check_ctx *cc, const struct spec *s,
				const char *name, bool params)
{
	size_t n = cc->file->nconstants + (params && s ? s->nparams : 0) + nbuiltins;
	const char **cands = talloc_array(cc->tmp, const char *, n);
	size_t c = 0;

	for (size_t i = 0; params && s && i < s->nparams; i++)
		cands[c++] = s->params[i]->name;
	for (size_t i = 0; i < cc->file->nconstants; i++)
		cands[c++] = cc->file->constants[i]->name;
	for (size_t i = 0; i < nbuiltins; i++)
		cands[c++] = builtins[i].name;
	return did_you_mean(cc, name, cands, c);
}

/* Every name and call below an expression root, with the root's role. */
struct node_visit {
	struct check_ctx *cc;
	struct spec *spec;
	enum expr_role role;
	const char *what;
	const struct expr *root;
	bool params;                   /* unknown-param, not unknown-name */
};

static void unknown_name_node(struct expr *e, void *arg)
{
	struct node_visit *v = arg;
	bool params = role_allows_params(v->role);

	if (params != v->params || e->kind != EXPR_NAME || e->ref != REF_UNRESOLVED)
		return;
	const char *dym = suggest_name(v->cc, v->spec, e->name, params);
	if (params)
		report(v->cc, &e->loc, "'%s' is neither a parameter of %s nor a constant%s",
		       e->name, v->spec ? v->spec->name : "this spec", dym);
	else if (role_allows_calls(v->role))
		report(v->cc, &e->loc, "'%s' is not a constant%s", e->name, dym);
	else
		report(v->cc, &e->loc, "unknown constant '%s'%s", e->name, dym);
	if (!params && v->role != ROLE_SIGNUM && v->spec && find_param(v->spec, e->name))
		diag_hint(v->cc->d, "%s must be a constant; parameters may appear only in conditions", v->what);
}

static void unknown_names(struct check_ctx *cc, struct spec *s, struct expr *e,
			  enum expr_role role, const char *what, bool params)
{
	struct node_visit v = { cc, s, role, what, e, params };

	if (cc->res->unresolved)
		expr_walk(e, unknown_name_node, &v);
}

static void unknown_name(void *cc, struct spec *s, struct expr *e,
			 enum expr_role role, const char *what)
{
	unknown_names(cc, s, e, role, what, false);
}

static void unknown_param_expr(void *cc, struct spec *s, struct expr *e,
			       enum expr_role role, const char *what)
{
	unknown_names(cc, s, e, role, what, true);
}

static void unknown_test_params(struct check_ctx *cc, struct spec *s,
				struct testcase *t)
{
	for (size_t a = 0; a < t->nargs; a++)
		if (!t->args[a].param)
			report(cc, &t->args[a].loc, "%s has no parameter '%s'%s", s->name,
			       t->args[a].param_name,
			       suggest_name(cc, s, t->args[a].param_name, true));
}

static void unknown_param(struct check_ctx *cc, struct spec *s)
{
	for (size_t i = 0; i < s->nparams; i++) {
		struct param *p = s->params[i];
		if (p->size_param.name && !p->size_param_ref)
			report(cc, &p->size_param.loc, "%s has no parameter '%s'",
			       s->name, p->size_param.name);
	}
	for (size_t i = 0; i < s->ntests; i++)
		unknown_test_params(cc, s, s->tests[i]);
	for (size_t i = 0; i < s->nerrors; i++)
		for (size_t j = 0; j < s->errors[i]->ntests; j++)
			unknown_test_params(cc, s, s->errors[i]->tests[j]);
}

/* A word outside its vocabulary: authors who know the macros write them,
 * so point at the word; else the closest word, else them all. */
static void unknown_vocab_word(struct check_ctx *cc, const struct word *w,
			       const struct vocab *v)
{
	const char *cands[64];
	size_t n = 0;

	for (size_t i = 0; i < v->count && n < 64; i++)
		cands[n++] = v->entries[i].word;
	const char *dym = did_you_mean(cc, w->name, cands, n);
	const struct vocab_entry *macro = vocab_find_word(v, w->name);
	if (macro)
		report(cc, &w->loc, "write the %s '%s' as '%s'", v->what, w->name, macro->word);
	else
		report(cc, &w->loc, "unknown %s '%s'%s", v->what, w->name, dym);
	if (!macro && !*dym) {
		char *list = talloc_strdup(cc->tmp, cands[0]);
		for (size_t i = 1; i < n; i++)
			list = talloc_asprintf_append(list, ", %s", cands[i]);
		diag_hint(cc->d, "one of: %s", list);
	}
}

static void unknown_word(void *arg, const struct word_slot *slot, struct word *w)
{
	struct check_ctx *cc = arg;

	if (w->entry || w->known)
		return;
	if (slot->vocab) {
		unknown_vocab_word(cc, w, slot->vocab);
		return;
	}
	report(cc, &w->loc, slot->unknown, w->name,
	       did_you_mean(cc, w->name, named_list(cc->tmp, slot->names),
			    slot->names->count));
	if (slot->hint)
		diag_hint(cc->d, "%s", slot->hint);
}

static void unknown_words(struct check_ctx *cc, struct spec *s)
{
	words_each(s, cc->words, unknown_word, cc);
}

/* --- Values. --- */

static void constant_cycle(struct check_ctx *cc)
{
	/* A constant in a cycle is left unevaluated by resolution, which
	 * marks it; tell it apart from one that fails for another reason. */
	for (size_t i = 0; i < cc->file->nconstants; i++) {
		struct constant *c = cc->file->constants[i];

		if (c->eval_state == EVAL_CYCLE && !c->value->has_value)
			report(cc, &c->loc, "constant '%s' is defined in terms of itself", c->name);
	}
}

/* Resolution evaluated every expression; what failed is evaluated again
 * here, for the messages. */
static void eval_failure(void *arg, struct spec *s, struct expr *e,
			 enum expr_role role, const char *what)
{
	struct check_ctx *cc = arg;
	__int128 v;

	(void)s; (void)role; (void)what;
	if (e->is_const && !e->has_value)
		expr_eval(e, &v, cc->d);
}

static void find_unresolved(struct expr *e, void *arg)
{
	if ((e->kind == EXPR_NAME || e->kind == EXPR_CALL) && e->ref == REF_UNRESOLVED)
		*(bool *)arg = true;
}

/* A name that names nothing is reported once, as unknown. */
static void not_constant(void *cc, struct spec *s, struct expr *e,
			 enum expr_role role, const char *what)
{
	bool unresolved = false;

	(void)s;
	if ((role != ROLE_CONST && role != ROLE_SIGNUM) || e->is_const)
		return;
	expr_walk(e, find_unresolved, &unresolved);
	if (!unresolved)
		report(cc, &e->loc, "%s must be a constant expression", what);
}

static void range_order_one(struct check_ctx *cc, const struct range *r)
{
	if (r && r->min->has_value && r->max->has_value && r->min->value > r->max->value) {
		char *lo = expr_value_text(cc->tmp, r->min->value);
		char *hi = expr_value_text(cc->tmp, r->max->value);
		report(cc, &r->loc, "range minimum %s is greater than its maximum %s", lo, hi);
	}
}

static void range_order(struct check_ctx *cc, struct spec *s)
{
	for (size_t i = 0; i < s->nparams; i++)
		range_order_one(cc, s->params[i]->range);
	if (s->ret)
		range_order_one(cc, s->ret->success_range);
	for (size_t i = 0; i < s->nstructs; i++)
		for (size_t j = 0; j < s->structs[i]->nfields; j++)
			range_order_one(cc, s->structs[i]->fields[j]->range);
}

static void param_constraint(struct check_ctx *cc, const struct param *p)
{
	enum constraint_kind kind = p->constraint;
	const char *name = p->check_kind;
	const struct loc *at = p->check.name ? &p->check.loc : &p->loc;

	if (!p->check.name && !!p->range + !!p->mask + !!p->nvalues > 1) {
		report(cc, &p->loc, "parameter '%s' has more than one of "
		       "range, mask and values; a parameter has one constraint kind",
		       p->name);
		return;
	}
	if (kind == CONSTRAINT_RANGE && !p->range)
		report(cc, at, "parameter '%s' is checked as a range but has no range", p->name);
	if (kind == CONSTRAINT_MASK && !p->mask)
		report(cc, at, "parameter '%s' is checked as a mask but has no mask", p->name);
	if (kind == CONSTRAINT_ENUM && !p->nvalues)
		report(cc, at, "parameter '%s' is checked as an enum but has no values", p->name);
	if (p->range && kind != CONSTRAINT_RANGE)
		report(cc, &p->range->loc, "parameter '%s' has a range but its constraint kind is %s", p->name, name);
	if (p->mask && p->mask_documenting && kind != CONSTRAINT_NONE)
		report(cc, &p->mask->loc, "parameter '%s' has a documenting mask, which rejects "
		       "no bit, but its constraint kind is %s, not none", p->name, name);
	else if (p->mask && !p->mask_documenting && kind != CONSTRAINT_MASK)
		report(cc, &p->mask->loc, "parameter '%s' has a mask but its constraint kind is %s", p->name, name);
	if (p->nvalues && kind != CONSTRAINT_ENUM)
		report(cc, &p->values_loc, "parameter '%s' has values but its constraint kind is %s", p->name, name);
	if (p->mask && p->mask->has_value && p->mask->value < 0)
		report(cc, &p->mask->loc, "mask of '%s' is negative", p->name);
	if (kind == CONSTRAINT_BUFFER && !p->size && !p->size_param.name)
		report(cc, at, "parameter '%s' is a buffer without a size or size-param", p->name);
}

static void constraint_kind(struct check_ctx *cc, struct spec *s)
{
	for (size_t i = 0; i < s->nparams; i++)
		param_constraint(cc, s->params[i]);
}

static void return_check(struct check_ctx *cc, struct spec *s)
{
	const struct ret *r = s->ret;

	if (!r || r->kind == RETURN_UNKNOWN)
		return;
	if (r->kind == RETURN_EXACT && !r->success)
		report(cc, &r->check.loc, "an exact return check needs 'success VALUE;'");
	if (r->kind == RETURN_RANGE && !r->success_range)
		report(cc, &r->check.loc, "a range return check needs 'success MIN .. MAX;'");
	if (r->success_range && r->kind != RETURN_RANGE)
		report(cc, &r->success_range->loc, "a success range needs 'check range;', not '%s'", r->check.name);
	if (r->kind == RETURN_NO_RETURN && (r->success || r->success_range))
		report(cc, &r->check.loc, "a call that does not return has no success value");
}

/* --- What the kernel's structs hold. --- */

/* COUNT entries at ARRAY, of which the kernel holds MAX: report at the
 * first one too many. */
#define LIMIT(array, count, max, what) do {                                   \
	if (s->count > (max))                                                 \
		report(cc, &s->array[(max)]->loc, "%zu %s; the kernel's spec struct holds %d", \
		       s->count, (what), (max));                              \
} while (0)

static void kernel_limits(struct check_ctx *cc, struct spec *s)
{
	LIMIT(params, nparams, KAPI_MAX_PARAMS, "parameters");
	LIMIT(errors, nerrors, KAPI_MAX_ERRORS, "errors");
	LIMIT(signals, nsignals, KAPI_MAX_SIGNALS, "signals");
	LIMIT(masks, nmasks, KAPI_MAX_SIGNAL_MASKS, "signal masks");
	LIMIT(locks, nlocks, KAPI_MAX_LOCKS, "locks");
	LIMIT(constraints, nconstraints, KAPI_MAX_CONSTRAINTS, "constraints");
	LIMIT(effects, neffects, KAPI_MAX_SIDE_EFFECTS, "side effects");
	LIMIT(transitions, ntransitions, KAPI_MAX_STATE_TRANS, "state transitions");
	LIMIT(caps, ncaps, KAPI_MAX_CAPABILITIES, "capabilities");
	LIMIT(structs, nstructs, KAPI_MAX_STRUCT_SPECS, "struct specs");
	for (size_t i = 0; i < s->nstructs; i++)
		if (s->structs[i]->nfields > KAPI_MAX_STRUCT_FIELDS)
			report(cc, &s->structs[i]->loc, "%zu fields; the kernel's spec struct holds %d",
			       s->structs[i]->nfields, KAPI_MAX_STRUCT_FIELDS);
	for (size_t i = 0; i < s->nparams; i++)
		if (s->params[i]->nvalues > KAPI_MAX_ENUM_VALUES)
			report(cc, &s->params[i]->values_loc, "%zu enum values; the kernel's spec struct holds %d",
			       s->params[i]->nvalues, KAPI_MAX_ENUM_VALUES);
}

/* Every string of a spec that has a kernel field (MAX bytes with its
 * NUL; 0: none), with what it is for messages: a written string KS, or a
 * C string NAME at LOC.  Both string checks walk them in this order. */
typedef void (*string_fn)(struct check_ctx *cc, const struct kstr *ks,
			  const char *name, const struct loc *loc, size_t max,
			  const char *what);

enum { N = KAPI_MAX_NAME_LEN, D = KAPI_MAX_DESC_LEN };
#define STR(ks, max, what) do { if (ks) fn(cc, (ks), NULL, NULL, (max), (what)); } while (0)
#define NAME(name, loc, what) fn(cc, NULL, (name), (loc), N, (what))

static void strings_of_entries(struct check_ctx *cc, struct spec *s, string_fn fn)
{
	for (size_t i = 0; i < s->nsignals; i++) {
		struct signal *g = s->signals[i];
		NAME(g->name, &g->loc, "the signal name");
		STR(g->target, N, "the target");
		STR(g->condition, D, "the condition");
		STR(g->description, D, "the description");
		STR(g->queue, N, "the queue behaviour");
	}
	for (size_t i = 0; i < s->nmasks; i++) {
		NAME(s->masks[i]->name, &s->masks[i]->loc, "the mask name");
		STR(s->masks[i]->description, D, "the description");
	}
	for (size_t i = 0; i < s->nlocks; i++) {
		NAME(s->locks[i]->name, &s->locks[i]->loc, "the lock name");
		for (size_t j = 0; j < s->locks[i]->ndescriptions; j++)
			STR(s->locks[i]->descriptions[j], D, "the description");
	}
	for (size_t i = 0; i < s->nconstraints; i++) {
		const struct expr *e = s->constraints[i]->expr;

		STR(s->constraints[i]->name, N, "the constraint name");
		STR(s->constraints[i]->description, D, "the description");
		if (s->constraints[i]->expr_text)
			STR(s->constraints[i]->expr_text, D, "the constraint expression");
		else if (e)  /* KAPI_CONSTRAINT_EXPR holds its text as written */
			fn(cc, NULL, e->text, &e->loc, D, "the constraint expression");
	}
	for (size_t i = 0; i < s->neffects; i++) {
		STR(s->effects[i]->target, N, "the target");
		STR(s->effects[i]->description, D, "the description");
		STR(s->effects[i]->condition, D, "the condition");
	}
	for (size_t i = 0; i < s->ntransitions; i++) {
		struct transition *t = s->transitions[i];
		STR(t->object, N, "the object");
		STR(t->from, N, "the from-state");
		STR(t->to, N, "the to-state");
		STR(t->description, D, "the description");
		STR(t->condition, D, "the condition");
	}
	for (size_t i = 0; i < s->ncaps; i++) {
		STR(s->caps[i]->allows, D, "the allows text");
		STR(s->caps[i]->without, D, "the without text");
		STR(s->caps[i]->condition, D, "the condition");
	}
}

static void test_strings(struct check_ctx *cc, const struct testcase *t, string_fn fn)
{
	STR(t->name, 0, "the test name");
	for (size_t a = 0; a < t->nargs; a++)
		STR(t->args[a].string, 0, "the argument");
}

static void strings_of_spec(struct check_ctx *cc, struct spec *s, string_fn fn)
{
	NAME(s->name, &s->loc, "the spec name");
	STR(s->summary, D, "the summary");
	STR(s->description, KAPI_MAX_LONG_DESC_LEN, "the description");
	STR(s->examples, KAPI_MAX_EXAMPLES_LEN, "the examples");
	STR(s->notes, KAPI_MAX_NOTES_LEN, "the notes");
	STR(s->since, KAPI_MAX_SINCE_LEN, "the since-version");
	STR(s->replacement, N, "the replacement");
	for (size_t i = 0; i < s->nparams; i++) {
		struct param *p = s->params[i];
		NAME(p->name, &p->loc, "the parameter name");
		NAME(p->ctype, &p->ctype_loc, "the C type");
		STR(p->summary, D, "the summary");
		STR(p->constraint_text, D, "the constraint");
	}
	if (s->ret) {
		NAME(s->ret->ctype, &s->ret->loc, "the C type");
		STR(s->ret->summary, D, "the summary");
	}
	for (size_t i = 0; i < s->nerrors; i++) {
		STR(s->errors[i]->condition, D, "the condition");
		STR(s->errors[i]->description, D, "the description");
		STR(s->errors[i]->untestable, 0, "the reason");
		for (size_t j = 0; j < s->errors[i]->ntests; j++)
			test_strings(cc, s->errors[i]->tests[j], fn);
	}
	for (size_t i = 0; i < s->ntests; i++)
		test_strings(cc, s->tests[i], fn);
	if (s->libc) {
		STR(s->libc->prototype, 0, "the prototype");
		STR(s->libc->header, 0, "the header");
		STR(s->libc->glibc, 0, "the glibc release");
	}
	strings_of_entries(cc, s, fn);
	for (size_t i = 0; i < s->nstructs; i++) {
		struct struct_spec *st = s->structs[i];
		NAME(st->name, &st->loc, "the struct name");
		STR(st->description, D, "the description");
		for (size_t j = 0; j < st->nfields; j++) {
			NAME(st->fields[j]->name, &st->fields[j]->loc, "the field name");
			NAME(st->fields[j]->ctype, &st->fields[j]->loc, "the C type");
			STR(st->fields[j]->description, D, "the description");
		}
	}
}

static void too_long(struct check_ctx *cc, const struct kstr *ks,
		     const char *name, const struct loc *loc, size_t max,
		     const char *what)
{
	size_t len = ks ? ks->len : name ? strlen(name) : 0;

	if (max && len >= max)
		report(cc, ks ? &ks->loc : loc, "%s is %zu bytes; the kernel field "
		       "holds %zu including its NUL", what, len, max);
}

/* 2026's strings are pointers: only 2025's fixed arrays limit them. */
static void string_length(struct check_ctx *cc, struct spec *s)
{
	if (cc->file->generation != KAPI_2026)
		strings_of_spec(cc, s, too_long);
}

static void has_nul(struct check_ctx *cc, const struct kstr *ks,
		    const char *name, const struct loc *loc, size_t max,
		    const char *what)
{
	(void)name; (void)loc; (void)max; (void)what;
	if (ks && memchr(ks->text, '\0', ks->len))
		report(cc, &ks->loc, "string contains a NUL byte; C would cut it there");
}

static void string_nul(struct check_ctx *cc, struct spec *s)
{
	strings_of_spec(cc, s, has_nul);
}

static void string_nul_constants(struct check_ctx *cc)
{
	for (size_t i = 0; i < cc->file->nconstants; i++)
		has_nul(cc, cc->file->constants[i]->description, NULL, NULL, 0, NULL);
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

static void date_format(struct check_ctx *cc, struct spec *s)
{
	const struct kstr *d = s->date;

	if (d && !is_iso_date(d))
		report(cc, &d->loc, "date \"%s\" is not YYYY-MM-DD",
		       memchr(d->text, '\0', d->len) ? "..." : d->text);
}

/* NAME(SECTION), as man pages cite each other: a section is a digit and
 * maybe letters (3p, 3type). */
static bool is_man_ref(const struct kstr *r)
{
	const char *open = memchr(r->text, '(', r->len);
	size_t name = open ? (size_t)(open - r->text) : 0;

	if (!name || r->len < name + 3 || r->text[r->len - 1] != ')' ||
	    strspn(r->text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.+-:") != name)
		return false;
	return r->text[name + 1] >= '1' && r->text[name + 1] <= '9' &&
	       strspn(r->text + name + 2, "abcdefghijklmnopqrstuvwxyz") == r->len - name - 3;
}

static void see_also_format(struct check_ctx *cc, struct spec *s)
{
	for (size_t i = 0; i < s->nsee_also; i++)
		if (!is_man_ref(s->see_also[i]))
			report(cc, &s->see_also[i]->loc, "see-also \"%s\" is not a page as NAME(SECTION)",
			       memchr(s->see_also[i]->text, '\0', s->see_also[i]->len) ? "..." : s->see_also[i]->text);
}

/* The licence goes verbatim into every output's SPDX line, so it must be
 * an SPDX expression: ids, WITH/AND/OR, parentheses, LicenseRef-x:y. */
static void license_expr(struct check_ctx *cc)
{
	const struct kstr *l = cc->file->license;

	if (l && (!l->len || strspn(l->text, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "abcdefghijklmnopqrstuvwxyz0123456789.+-:() ") != l->len))
		report(cc, &l->loc, "license \"%s\" is not an SPDX license expression",
		       memchr(l->text, '\0', l->len) ? "..." : l->text);
}

static void missing_summary(struct check_ctx *cc, struct spec *s)
{
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

/* --- Tests. --- */

static void fixture_node(struct expr *e, void *arg)
{
	struct node_visit *v = arg;
	struct check_ctx *cc = v->cc;
	bool top = e == v->root;
	size_t n;

	if (e->kind != EXPR_CALL)
		return;
	if (!role_allows_calls(v->role)) {
		report(cc, &e->loc, "'%s(...)' calls a test fixture; %s cannot", e->name, v->what);
		return;
	}
	const struct fixture *fx = e->ref == REF_FIXTURE ? e->fixture : NULL;
	if (!fx) {
		const char **names = fixture_names(cc->tmp, cc->file->fixtures, &n);

		report(cc, &e->loc, "unknown test fixture '%s'%s", e->name,
		       did_you_mean(cc, e->name, names, n));
		talloc_free(names);
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

static void fixture(void *cc, struct spec *s, struct expr *e,
		    enum expr_role role, const char *what)
{
	struct node_visit v = { cc, s, role, what, e, false };

	if ((role == ROLE_TEST_SETUP || role == ROLE_TEST_VERIFY ||
	     role == ROLE_EFFECT_VERIFY) && e->kind != EXPR_CALL)
		report(cc, &e->loc, "%s must call a fixture, as in name(arguments)", what);
	else
		expr_walk(e, fixture_node, &v);
}

static void test_args_one(struct check_ctx *cc, struct spec *s, struct testcase *t)
{
	for (size_t i = 0; i < s->nparams; i++) {
		size_t found = 0;
		for (size_t a = 0; a < t->nargs; a++) {
			if (t->args[a].param != s->params[i])
				continue;
			if (++found == 2)
				report(cc, &t->args[a].loc, "parameter '%s' is given twice",
				       s->params[i]->name);
			if (t->args[a].string && !strchr(s->params[i]->c_ctype, '*'))
				report(cc, &t->args[a].string->loc, "parameter '%s' is no pointer "
				       "(%s): a string is an argument for a pointer only",
				       s->params[i]->name, s->params[i]->ctype);
		}
		if (!found)
			report(cc, &t->loc, "the test gives no value for parameter '%s'",
			       s->params[i]->name);
	}
}

static void test_args(struct check_ctx *cc, struct spec *s)
{
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

/* Every test of S in order, success cases first, to FN. */
static void each_test(struct check_ctx *cc, struct spec *s,
		      void (*fn)(struct check_ctx *, struct spec *, const struct testcase *))
{
	for (size_t i = 0; i < s->ntests; i++)
		fn(cc, s, s->tests[i]);
	for (size_t i = 0; i < s->nerrors; i++)
		for (size_t j = 0; j < s->errors[i]->ntests; j++)
			fn(cc, s, s->errors[i]->tests[j]);
}

/* A later test of the same name: the outputs name each case by it. */
static void duplicate_test_one(struct check_ctx *cc, struct spec *s, const struct testcase *t)
{
	const struct testcase *first = NULL;

	for (size_t i = 0; i < s->ntests && !first; i++)
		if (s->tests[i]->index < t->index && strcmp(s->tests[i]->name->text, t->name->text) == 0)
			first = s->tests[i];
	for (size_t i = 0; i < s->nerrors && !first; i++)
		for (size_t j = 0; j < s->errors[i]->ntests && !first; j++) {
			const struct testcase *u = s->errors[i]->tests[j];
			if (u->index < t->index && strcmp(u->name->text, t->name->text) == 0)
				first = u;
		}
	if (!first)
		return;
	report(cc, &t->name->loc, "%s has two tests named \"%s\"", s->name, t->name->text);
	diag_report(cc->d, DIAG_NOTE, &first->name->loc, NULL, "the first is here");
}

static void duplicate_test(struct check_ctx *cc, struct spec *s)
{
	each_test(cc, s, duplicate_test_one);
}

static void verify_in_error_one(struct check_ctx *cc, struct spec *s, const struct testcase *t)
{
	(void)s;
	if (t->error && t->nverifies)
		report(cc, &t->verifies[0]->loc, "a test of error %s verifies; a failing call "
		       "has no effect to verify", t->error->code.name);
}

static void verify_in_error(struct check_ctx *cc, struct spec *s)
{
	each_test(cc, s, verify_in_error_one);
}

static void base_case(struct check_ctx *cc, struct spec *s)
{
	if (!s->base || s->base_test)
		return;
	for (size_t i = 0; i < s->nerrors; i++)
		for (size_t j = 0; j < s->errors[i]->ntests; j++)
			if (strcmp(s->errors[i]->tests[j]->name->text, s->base->text) == 0) {
				report(cc, &s->base->loc, "the base case \"%s\" is a test of error %s; "
				       "the sweeps start from a success case", s->base->text,
				       s->errors[i]->code.name);
				return;
			}
	report(cc, &s->base->loc, "%s has no success case named \"%s\"", s->name, s->base->text);
}

static void untested_error(struct check_ctx *cc, struct spec *s)
{
	for (size_t i = 0; i < s->nerrors; i++)
		if (!s->errors[i]->ntests && !s->errors[i]->untestable)
			report(cc, &s->errors[i]->loc, "error %s has no test; add one, "
			       "or say why there is none with 'untestable \"reason\";'",
			       s->errors[i]->code.name);
}

static void unused_constant(struct check_ctx *cc)
{
	for (size_t i = 0; i < cc->file->nconstants; i++)
		if (!cc->file->constants[i]->used)
			report(cc, &cc->file->constants[i]->loc, "constant '%s' is never used",
			       cc->file->constants[i]->name);
}

/* --- What the selected generation's header cannot hold (--kapi). --- */

static int generation(const struct check_ctx *cc)
{
	return cc->file->generation ? cc->file->generation : KAPI_DEFAULT_GENERATION;
}

static void generation_word(void *arg, const struct word_slot *slot, struct word *w)
{
	struct check_ctx *cc = arg;

	if (w->entry && slot->vocab == &vocab_arch && !vocab_in_generation(w->entry, cc->file->generation))
		report(cc, &w->loc, "arch-mask is KAPI 2026's: the %d header has no "
		       "per-architecture mask (--kapi=2026 selects that generation)", generation(cc));
	else if (w->entry && slot->vocab && !vocab_in_generation(w->entry, cc->file->generation))
		report(cc, &w->loc, "the %s '%s' is KAPI %d's: the %d header has no %s "
		       "(--kapi=%d selects that generation)", slot->vocab->what, w->name,
		       w->entry->only, generation(cc), w->entry->macro, w->entry->only);
}

/* 2026 turned a lock's four booleans into one scope.  It also dropped the
 * version facts, but since, deprecated and replacement stay valid: the man
 * page and the JSON state them, and the 2026 block leaves them out. */
static void generation_2026(struct check_ctx *cc, struct spec *s)
{
	for (size_t i = 0; i < s->nparams; i++)
		if (s->params[i]->arch_masks.count && !s->params[i]->mask)
			report(cc, &s->params[i]->arch_masks.items[0].loc, "parameter '%s': "
			       "arch-mask refines mask, which the other architectures use: "
			       "give it", s->params[i]->name);
	for (size_t i = 0; i < s->nlocks; i++) {
		const struct lock *l = s->locks[i];
		int derived = lock_scope_index(l->acquired, l->released, l->held_entry,
					       l->held_exit);

		if (l->scope.entry && derived != -1 &&
		    (derived == -2 || l->scope.entry != &vocab_lock_scope.entries[derived]))
			report(cc, &l->scope.loc, "lock '%s': scope %s contradicts its acquired, "
			       "released and held flags", l->name, l->scope.name);
		else if (!l->scope.entry && derived == -2)
			report(cc, &l->loc, "lock '%s': no 2026 lock scope (internal, acquires, "
			       "releases, caller_held) says what its acquired, released and "
			       "held flags say", l->name);
	}
}

static void generation_check(struct check_ctx *cc, struct spec *s)
{
	words_each(s, WORDS_VOCAB, generation_word, cc);
	if (generation(cc) == KAPI_2026)
		generation_2026(cc, s);
}

/* --- The check table. --- */

/* A check reports under its name, which -W switches control.  Its scope
 * is which of its functions are set: each expression root of the file
 * (constants first), then each spec, then the file once. */
struct check {
	const char *name;
	enum diag_severity severity;   /* DIAG_NOTE: off by default */
	expr_fn each_expr;
	void (*each_spec)(struct check_ctx *cc, struct spec *s);
	void (*file)(struct check_ctx *cc);
	enum word_check words;         /* for unknown_words */
	const char *help;
};

#define CHECK(name_, sev_, ...) { .name = name_, .severity = DIAG_##sev_, __VA_ARGS__ }

static const struct check checks[] = {
	CHECK("duplicate-constant", ERROR, .file = duplicate_constant,
	      .help = "a constant defined twice"),
	CHECK("duplicate-spec", ERROR, .file = duplicate_spec,
	      .help = "a spec defined twice"),
	CHECK("duplicate-param", ERROR, .each_spec = duplicate_param,
	      .help = "two parameters of one spec with the same name"),
	CHECK("duplicate-error", ERROR, .each_spec = duplicate_error,
	      .help = "the same error code with the same condition listed twice"),
	CHECK("duplicate-field", ERROR, .each_spec = duplicate_field,
	      .help = "two fields of one struct with the same name"),
	CHECK("duplicate-entry", ERROR, .each_spec = duplicate_entry,
	      .help = "two signals, locks, capabilities or structs with one name"),
	CHECK("duplicate-property", WARNING, .file = duplicate_property,
	      .help = "a property given twice in one block (the last one is used)"),
	CHECK("c-name", ERROR, .each_spec = c_name, .file = c_name_file,
	      .help = "a name the generated C cannot use (keyword, reserved, a macro's)"),
	CHECK("c-type", ERROR, .each_spec = c_type,
	      .help = "a C type that is no C, or names a type the C does not declare"),
	CHECK("since-format", ERROR, .file = since_format,
	      .help = "a constant's since that is no kernel version X.Y or X.Y.Z"),
	CHECK("error-order", ERROR, .each_spec = error_order,
	      .help = "an error's after names no other error of the spec, or the order has a cycle"),
	CHECK("libc", ERROR, .each_spec = libc_binding,
	      .help = "a C library binding whose prototype, header or glibc release is wrong"),
	CHECK("unknown-name", ERROR, .each_expr = unknown_name,
	      .help = "a name in a constant expression that is no constant"),
	CHECK("unknown-param", ERROR, .each_expr = unknown_param_expr,
	      .each_spec = unknown_param,
	      .help = "a condition or test naming a parameter the spec does not have"),
	CHECK("unknown-errno", ERROR, .each_spec = unknown_words, .words = WORDS_ERRNO,
	      .help = "an errno name Linux does not have"),
	CHECK("unknown-signal", ERROR, .each_spec = unknown_words, .words = WORDS_SIGNAL,
	      .help = "a signal name Linux does not have, without a signum"),
	CHECK("unknown-capability", ERROR, .each_spec = unknown_words,
	      .words = WORDS_CAPABILITY, .help = "a capability name Linux does not have"),
	CHECK("unknown-word", ERROR, .each_spec = unknown_words, .words = WORDS_VOCAB,
	      .help = "a word outside its vocabulary (context, flags, type, kind, ...)"),
	CHECK("constant-cycle", ERROR, .file = constant_cycle,
	      .help = "constants defined in terms of each other"),
	CHECK("expr-eval", ERROR, .each_expr = eval_failure,
	      .help = "overflow, division by zero or a bad shift in a constant"),
	CHECK("not-constant", ERROR, .each_expr = not_constant,
	      .help = "a mask, range, size or value that is not a constant"),
	CHECK("range-order", ERROR, .each_spec = range_order,
	      .help = "a range whose minimum exceeds its maximum"),
	CHECK("constraint-kind", ERROR, .each_spec = constraint_kind,
	      .help = "constraint data that contradicts the constraint kind"),
	CHECK("return-check", ERROR, .each_spec = return_check,
	      .help = "success values that contradict the return check kind"),
	CHECK("generation", ERROR, .each_spec = generation_check,
	      .help = "a word or fact the selected KAPI generation (--kapi) cannot hold"),
	CHECK("kernel-limits", ERROR, .each_spec = kernel_limits,
	      .help = "more entries than the kernel's spec structs hold"),
	CHECK("string-length", ERROR, .each_spec = string_length,
	      .help = "a string longer than its 2025 kernel field (128, 512 or 32 bytes, ...)"),
	CHECK("string-nul", ERROR, .each_spec = string_nul, .file = string_nul_constants,
	      .help = "a NUL byte inside a string"),
	CHECK("date-format", ERROR, .each_spec = date_format,
	      .help = "a date that is not YYYY-MM-DD (man pages need one)"),
	CHECK("see-also", ERROR, .each_spec = see_also_format,
	      .help = "a see-also entry that is not NAME(SECTION), as mlock(2)"),
	CHECK("license", ERROR, .file = license_expr,
	      .help = "a license that is not an SPDX license expression"),
	CHECK("missing-summary", WARNING, .each_spec = missing_summary,
	      .help = "a spec, parameter or return without a summary, an error without a description"),
	CHECK("fixture", ERROR, .each_expr = fixture,
	      .help = "an unknown test fixture, the wrong number of arguments or the wrong kind"),
	CHECK("test-args", ERROR, .each_spec = test_args,
	      .help = "a test that does not give every parameter exactly one value"),
	CHECK("duplicate-test", ERROR, .each_spec = duplicate_test,
	      .help = "two tests of one spec with the same name"),
	CHECK("verify-in-error", ERROR, .each_spec = verify_in_error,
	      .help = "a verify in the test of an error (a failing call has no effect)"),
	CHECK("base", ERROR, .each_spec = base_case,
	      .help = "a base naming no success case of the spec"),
	CHECK("untested-error", WARNING, .each_spec = untested_error,
	      .help = "an error with neither a test nor an `untestable` reason"),
	CHECK("unused-constant", NOTE, .file = unused_constant,
	      .help = "a constant no expression uses (off by default)"),
};

#define NCHECKS (sizeof checks / sizeof checks[0])

struct check_config *check_config_new(TALLOC_CTX *ctx)
{
	struct check_config *cfg = talloc_zero(ctx, struct check_config);

	cfg->severity = talloc_array(cfg, enum diag_severity, NCHECKS);
	cfg->never_error = talloc_zero_array(cfg, bool, NCHECKS);
	for (size_t i = 0; i < NCHECKS; i++)
		cfg->severity[i] = checks[i].severity;
	return cfg;
}

/* The index of the check NAME; -1, reported on ERR, if there is none. */
static int find_check(const char *name, FILE *err)
{
	const char *names[NCHECKS];

	for (size_t i = 0; i < NCHECKS; i++)
		if (strcmp(names[i] = checks[i].name, name) == 0)
			return (int)i;
	const char *best = diag_closest(name, names, NCHECKS);
	if (best)
		fprintf(err, "kapic: unknown check '%s'; did you mean '%s'?\n", name, best);
	else
		fprintf(err, "kapic: unknown check '%s' (kapic --list-checks shows them)\n", name);
	return -1;
}

/* Set every check of severity FROM to TO, but for errors those that
 * -Wno-error= keeps warnings. */
static void set_all(struct check_config *cfg, enum diag_severity from,
		    enum diag_severity to)
{
	for (size_t j = 0; j < NCHECKS; j++)
		if (cfg->severity[j] == from && !(to == DIAG_ERROR && cfg->never_error[j]))
			cfg->severity[j] = to;
}

/* The check NAME of -W OPT, unless it finds errors of its own (they stay
 * errors and on): its index, or -1 said on ERR. */
static int demotable_check(const char *opt, const char *name, FILE *err)
{
	int i = find_check(name, err);

	if (i >= 0 && checks[i].severity == DIAG_ERROR) {
		fprintf(err, "kapic: -W%s: '%s' finds errors that no output could "
			"represent; it cannot be turned off or made a warning\n", opt, name);
		return -1;
	}
	return i;
}

bool check_config_option(struct check_config *cfg, const char *opt, FILE *err)
{
	enum diag_severity on = cfg->all_warnings_are_errors ? DIAG_ERROR : DIAG_WARNING;
	int i;

	if (strcmp(opt, "error") == 0) {
		set_all(cfg, DIAG_WARNING, DIAG_ERROR);
		cfg->all_warnings_are_errors = true;
	} else if (strcmp(opt, "all") == 0) {
		set_all(cfg, DIAG_NOTE, on);
	} else if (strcmp(opt, "-w") == 0) {      /* -w: every warning off */
		for (size_t j = 0; j < NCHECKS; j++)
			if (checks[j].severity != DIAG_ERROR)
				cfg->severity[j] = DIAG_NOTE;
	} else if (strncmp(opt, "error=", 6) == 0) {
		if ((i = find_check(opt + 6, err)) < 0)
			return false;
		cfg->severity[i] = DIAG_ERROR;
		cfg->never_error[i] = false;
	} else if (strncmp(opt, "no-error=", 9) == 0) {
		if ((i = demotable_check(opt, opt + 9, err)) < 0)
			return false;
		cfg->never_error[i] = true;
		if (cfg->severity[i] == DIAG_ERROR)
			cfg->severity[i] = DIAG_WARNING;
	} else if (strncmp(opt, "no-", 3) == 0) {
		if ((i = demotable_check(opt, opt + 3, err)) < 0)
			return false;
		cfg->severity[i] = DIAG_NOTE;
	} else {
		if ((i = find_check(opt, err)) < 0)
			return false;
		if (cfg->severity[i] == DIAG_NOTE)
			cfg->severity[i] = cfg->never_error[i] ? DIAG_WARNING : on;
	}
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

/* The enabled checks over the whole file (S NULL: the constants'
 * expressions and each file-wide part) or over spec S.  Every check of one
 * spec runs while its model is in the cache: spec after spec, a file of
 * thousands is read from memory once. */
static void run_checks(struct check_ctx *cc, struct spec *s)
{
	for (size_t i = 0; i < NCHECKS; i++) {
		if (cc->cfg->severity[i] == DIAG_NOTE)
			continue;
		cc->current = i;
		cc->name = checks[i].name;
		cc->words = checks[i].words;
		if (checks[i].each_expr && s)
			exprs_of_spec(s, checks[i].each_expr, cc);
		else if (checks[i].each_expr)
			exprs_of_constants(cc->file, checks[i].each_expr, cc);
		if (checks[i].each_spec && s)
			checks[i].each_spec(cc, s);
		else if (checks[i].file && !s)
			checks[i].file(cc);
	}
}

bool check_file(struct kapi_file *file, const struct check_config *cfg,
		struct diag *d)
{
	struct check_ctx cc = { .file = file, .d = d, .cfg = cfg, .tmp = talloc_new(NULL) };
	unsigned before = diag_errors(d);

	cc.res = resolve_file(cc.tmp, file);
	run_checks(&cc, NULL);
	for (size_t i = 0; i < file->nspecs; i++)
		run_checks(&cc, file->specs[i]);
	talloc_free(cc.tmp);
	return diag_errors(d) == before;
}
