/*
 * `kapic import`'s reader of 2026 kernel-doc API comments: the comment
 * `--emit=kerneldoc` writes (templates/kerneldoc.tmpl) becomes the .kapi
 * that states the same facts, section for statement, in the comment's
 * order.
 */
#include "config.h"
#include <string.h>
#include "escape.h"
#include "import.h"
#include "vocab.h"

enum { KDOC_WIDTH = 80 };       /* as --emit=kerneldoc wraps */

struct kline {
	uint32_t off, len;      /* the text after ` * ` and its indentation */
	uint32_t col;           /* the whole line's length */
	size_t indent;
	bool blank;
	bool bare;              /* no ` * ` before the text */
};

struct kfield {
	int level;              /* 0: the name line, an @arg or a section; 1: a subfield */
	const char *key;        /* "" for the name line, "@NAME" for an argument */
	uint32_t off, len;      /* where the key is */
	uint32_t voff;          /* where the value starts */
	struct strbuf *value;
	size_t indent;
	uint32_t last_col;      /* the length of the value's last line */
};

struct kdoc {
	struct importer *im;
	struct kfield *f;
	size_t n;
	const char *section;    /* the open section's key */
	bool open;              /* whether it wrote a `{` */
};

/* What a section or subfield becomes.  FMT's %s takes the value as a
 * string, %e as an expression, %w as words of V (split at `, ` or `|`),
 * %r as it is, %y wants `yes` and writes nothing. */
struct krule {
	const char *section;    /* "" at top level */
	const char *key;
	const char *fmt;
	const struct vocab *v;
};

static const struct krule krules[] = {
	{ "", "long-desc", "\tdescription %s;\n", NULL },
	{ "", "contexts", "\tcontext %w;\n", &vocab_context },
	{ "", "api-type", "\tapi-type %w;\n", &vocab_api_type },
	{ "", "notes", "\tnotes %s;\n", NULL },
	{ "", "examples", "\texamples %s;\n", NULL },
	{ "", "signal", "\n\tsignal %r {\n", NULL },
	{ "", "state-trans", "\n\ttransition %s {\n", NULL },
	{ "", "capability", "\n\tcapability %r {\n", NULL },
	{ "", "constraint", "\n\tconstraint %s {\n", NULL },
	{ "param", "arch-mask", "\t\tarch-mask %r;\n", NULL },
	{ "param", "constraint", "\t\tconstraint %s;\n", NULL },
	{ "param", "size", "\t\tsize %e;\n", NULL },
	{ "param", "alignment", "\t\talign %e;\n", NULL },
	{ "return", "type", "\t\ttype %w;\n", &vocab_param_type },
	{ "return", "success", "\t\tsuccess %e;\n", NULL },
	{ "return", "error-values", "\t\terrors %r;\n", NULL },
	{ "error", "desc", "\t\tdescription %s;\n", NULL },
	{ "signal", "number", "\t\tsignum %r;\n", NULL },
	{ "signal", "direction", "\t\tdirection %w;\n", &vocab_signal_direction },
	{ "signal", "action", "\t\taction %w;\n", &vocab_signal_action },
	{ "signal", "condition", "\t\tcondition %s;\n", NULL },
	{ "signal", "desc", "\t\tdescription %s;\n", NULL },
	{ "signal", "errno", "\t\terror %r;\n", NULL },
	{ "signal", "timing", "\t\ttiming %w;\n", &vocab_signal_timing },
	{ "signal", "priority", "\t\tpriority %e;\n", NULL },
	{ "signal", "restartable", "\t\trestartable;%y\n", NULL },
	{ "signal", "interruptible", "\t\tinterruptible;%y\n", NULL },
	{ "signal", "target", "\t\ttarget %s;\n", NULL },
	{ "signal", "queue", "\t\tqueue %s;\n", NULL },
	{ "signal", "transform-to", "\t\ttransform %r;\n", NULL },
	{ "signal", "sa-flags-required", "\t\tsa-flags-required %e;\n", NULL },
	{ "signal", "sa-flags-forbidden", "\t\tsa-flags-forbidden %e;\n", NULL },
	{ "signal", "state-required", "\t\tstate-required %e;\n", NULL },
	{ "signal", "state-forbidden", "\t\tstate-forbidden %e;\n", NULL },
	{ "lock", "acquired", "\t\tacquired;%y\n", NULL },
	{ "lock", "released", "\t\treleased;%y\n", NULL },
	{ "lock", "held-on-entry", "\t\theld-on-entry;%y\n", NULL },
	{ "lock", "held-on-exit", "\t\theld-on-exit;%y\n", NULL },
	{ "lock", "desc", "\t\tdescription %s;\n", NULL },
	{ "side-effect", "desc", "\t\tdescription %s;\n", NULL },
	{ "side-effect", "condition", "\t\tcondition %s;\n", NULL },
	{ "side-effect", "reversible", "\t\treversible;%y\n", NULL },
	{ "state-trans", "from", "\t\tfrom %s;\n", NULL },
	{ "state-trans", "to", "\t\tto %s;\n", NULL },
	{ "state-trans", "condition", "\t\tcondition %s;\n", NULL },
	{ "state-trans", "desc", "\t\tdescription %s;\n", NULL },
	{ "capability", "type", "\t\taction %w;\n", &vocab_cap_action },
	{ "capability", "allows", "\t\tallows %s;\n", NULL },
	{ "capability", "without", "\t\twithout %s;\n", NULL },
	{ "capability", "condition", "\t\tcondition %s;\n", NULL },
	{ "capability", "priority", "\t\tpriority %e;\n", NULL },
	{ "constraint", "desc", "\t\tdescription %s;\n", NULL },
	{ "constraint", "expr", "\t\texpr %s;\n", NULL },
};

/* Keys read by code of their own rather than a krules line. */
static const char *const special_keys[] = {
	"param", "param.type", "param.constraint-type", "param.size-param",
	"return", "return.desc", "return.check-type", "return.success-range", "error", "lock",
	"lock.scope", "side-effect", "side-effect.target",
};

static const struct krule *find_krule(const char *section, const char *key)
{
	for (size_t i = 0; i < sizeof krules / sizeof krules[0]; i++)
		if (strcmp(krules[i].section, section) == 0 && strcmp(krules[i].key, key) == 0)
			return &krules[i];
	return NULL;
}

static bool is_special(TALLOC_CTX *ctx, const char *section, const char *key)
{
	const char *k = section[0] ? talloc_asprintf(ctx, "%s.%s", section, key) : key;

	for (size_t i = 0; i < sizeof special_keys / sizeof special_keys[0]; i++)
		if (strcmp(special_keys[i], k) == 0)
			return true;
	return false;
}

static bool known_key(struct kdoc *kd, const char *section, const char *key)
{
	return find_krule(section, key) || is_special(kd->im->ctx, section, key);
}

/* The length of the `key:` at S (N bytes), colon included, or 0. */
static size_t key_len(const char *s, size_t n)
{
	size_t i = s[0] == '@';

	while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
			 (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_'))
		i++;
	return i > (size_t)(s[0] == '@') && i < n && s[i] == ':' && (i + 1 == n || s[i + 1] == ' ')
	       ? i + 1 : 0;
}

/* The comment's lines after its opening one. */
static void split_lines(struct kdoc *kd, const struct ctok *t, struct kline **lines, size_t *n)
{
	const char *text = kd->im->src->text;
	uint32_t end = t->offset + t->len - 2, pos = t->offset + 3;

	*lines = NULL;
	*n = 0;
	while (pos < end && text[pos] != '\n')
		pos++;
	while (++pos < end) {
		uint32_t ls = pos, le = pos;
		while (le < end && text[le] != '\n')
			le++;
		while (pos < le && (text[pos] == ' ' || text[pos] == '\t'))
			pos++;
		struct kline l = { .col = le - ls, .bare = pos < le && text[pos] != '*' };
		if (pos < le && !l.bare)
			pos++;
		if (pos < le && text[pos] == ' ')
			pos++;
		while (pos < le && text[pos] == ' ') {
			pos++;
			l.indent++;
		}
		while (le > pos && (text[le - 1] == ' ' || text[le - 1] == '\t'))
			le--;
		l.off = pos;
		l.len = le - pos;
		l.blank = l.len == 0;
		*lines = talloc_realloc(kd->im->ctx, *lines, struct kline, *n + 1);
		(*lines)[(*n)++] = l;
		pos = le;
		while (pos < end && text[pos] != '\n')
			pos++;
	}
}

static struct kfield *add_field(struct kdoc *kd, int level, const char *key,
				uint32_t off, uint32_t len, const struct kline *l)
{
	kd->f = talloc_realloc(kd->im->ctx, kd->f, struct kfield, kd->n + 1);
	struct kfield *f = &kd->f[kd->n++];
	*f = (struct kfield){ level, key, off, len, off + len, strbuf_new(kd->im->ctx),
			      l->indent, l->col };
	return f;
}

/* Whether the lines make an API spec: one section at least that only
 * API specs have (a plain kernel-doc comment is left alone). */
static bool is_api_spec(struct kdoc *kd, const struct kline *lines, size_t n)
{
	const char *text = kd->im->src->text;

	for (size_t i = 1; i < n; i++) {
		size_t k = lines[i].indent == 0 ? key_len(text + lines[i].off, lines[i].len) : 0;
		if (k > 1 && text[lines[i].off] != '@' &&
		    known_key(kd, "", talloc_strndup(kd->im->ctx, text + lines[i].off, k - 1)))
			return true;
	}
	return false;
}

/* A continuation line of field F.  Kernel-doc wraps at 80 columns; where
 * the line's first word would have fitted on the line before, the break
 * was the text's own newline. */
static void continue_field(struct kdoc *kd, struct kfield *f, const struct kline *l, bool para)
{
	const char *s = kd->im->src->text + l->off;
	size_t w = strcspn(s, " \n");

	if (w > l->len)
		w = l->len;
	if (para)
		strbuf_adds(f->value, "\n\n");
	else if (f->value->len)
		strbuf_addc(f->value, f->last_col + 1 + w > KDOC_WIDTH ? ' ' : '\n');
	strbuf_add(f->value, s, l->len);
	f->last_col = l->col;
}

/* The lines as fields; false (reported) on a line that is none. */
static bool read_fields(struct kdoc *kd, const struct kline *lines, size_t n)
{
	const char *text = kd->im->src->text;
	bool para = false;

	for (size_t i = 0; i < n; i++) {
		const struct kline *l = &lines[i];
		size_t k = key_len(text + l->off, l->len);
		struct kfield *last = kd->n ? &kd->f[kd->n - 1] : NULL;

		if (l->bare) {
			import_error(kd->im, l->off, l->len, "%s",
				     "a line of a kernel-doc API spec starts with ' * '");
			return false;
		}
		if (l->blank) {
			para = true;
			continue;
		}
		if (i == 0) {
			const char *line = talloc_strndup(kd->im->ctx, text + l->off, l->len);
			const char *dash = strstr(line, " - ");
			if (!dash) {
				import_error(kd->im, l->off, l->len, "%s",
					     "the first line of an API spec is 'NAME - summary'");
				return false;
			}
			uint32_t at = (uint32_t)(dash - line);
			struct kfield *f = add_field(kd, 0, "", l->off, at, l);
			strbuf_adds(f->value, dash + 3);
			f->voff = l->off + at + 3;
		} else if (k && (l->indent == 0 || (l->indent == 2 && text[l->off] != '@'))) {
			struct kfield *f = add_field(kd, l->indent ? 1 : 0,
						     talloc_strndup(kd->im->ctx, text + l->off, k - 1),
						     l->off, (uint32_t)k - 1, l);
			size_t v = k < l->len ? k + 1 : k;
			strbuf_add(f->value, text + l->off + v, l->len - v);
			f->voff = l->off + (uint32_t)v;
		} else if (last && l->indent >= last->indent + 2) {
			continue_field(kd, last, l, para);
		} else {
			import_error(kd->im, l->off, l->len, "%s",
				     "a kernel-doc API spec line is 'key: value' or continues the one before");
			return false;
		}
		para = false;
	}
	return true;
}

static bool ident_like(const char *s)
{
	if (!*s || (*s >= '0' && *s <= '9'))
		return false;
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") == strlen(s);
}

/* The identifiers of expression S as constants the spec uses. */
static void note_expr(struct kdoc *kd, const char *s)
{
	while (*s) {
		size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
		if (n && !(*s >= '0' && *s <= '9'))
			import_note_const(kd->im, talloc_strndup(kd->im->ctx, s, n));
		s += n ? n : 1;
	}
}

/* Words of V separated by `, ` or `|`, as `a, b`; false (reported) when
 * one is not of V. */
static bool put_kwords(struct kdoc *kd, const struct kfield *f, const char *s, const struct vocab *v)
{
	char *copy = talloc_strdup(kd->im->ctx, s), *save = NULL;
	bool first = true;

	for (char *w = strtok_r(copy, ", |", &save); w; w = strtok_r(NULL, ", |", &save)) {
		if (v && !vocab_find(v, w)) {
			import_error(kd->im, f->voff, (uint32_t)f->value->len,
				     "'%s' is not a word this key takes", w);
			return false;
		}
		strbuf_addf(kd->im->out, "%s%s", first ? "" : ", ", w);
		first = false;
	}
	return true;
}

/* A name written bare when it is an identifier, else as a string. */
static void put_name(struct kdoc *kd, const char *s)
{
	if (ident_like(s))
		strbuf_adds(kd->im->out, s);
	else
		esc_kapi_string(kd->im->out, s, strlen(s));
}

/* FMT with the value of F; a line whose string is empty is left out. */
static void put_fmt(struct kdoc *kd, const struct kfield *f, const char *fmt,
		    const struct vocab *v, const char *value)
{
	struct strbuf *whole = kd->im->out;

	if (!strchr(fmt, '{') && strstr(fmt, "%s") && !*value)
		return;
	kd->im->out = strbuf_new(kd->im->ctx);
	for (const char *c = fmt; *c; c++) {
		if (*c != '%') {
			strbuf_addc(kd->im->out, *c);
			continue;
		}
		switch (*++c) {
		case 's':
			import_put_text(kd->im, value, strlen(value), f->level + 2);
			break;
		case 'e':
			note_expr(kd, value);
			/* fall through */
		case 'r':
			strbuf_adds(kd->im->out, value);
			break;
		case 'w':
			put_kwords(kd, f, value, v);
			break;
		case 'n':
			put_name(kd, value);
			break;
		case 'y':
			if (strcmp(value, "yes") != 0)
				import_error(kd->im, f->voff, (uint32_t)strlen(value), "%s",
					     "this key's value is 'yes'");
			break;
		}
	}
	strbuf_add(whole, kd->im->out->data, kd->im->out->len);
	kd->im->out = whole;
}

/* VALUE split at its first (LAST: last) `, `: false when it has none. */
static bool split_pair(struct kdoc *kd, const char *value, bool last, const char **a, const char **b)
{
	const char *comma = strstr(value, ", ");

	if (last)
		for (const char *c = comma; c; c = strstr(c + 1, ", "))
			comma = c;
	if (!comma)
		return false;
	*a = talloc_strndup(kd->im->ctx, value, (size_t)(comma - value));
	*b = comma + 2;
	return true;
}

static const struct kfield *find_arg(struct kdoc *kd, const char *name)
{
	for (size_t i = 0; i < kd->n; i++)
		if (kd->f[i].key[0] == '@' && strcmp(kd->f[i].key + 1, name) == 0)
			return &kd->f[i];
	return NULL;
}

/* The C type of parameter NAME of type class WORD: SYSCALL_DEFINEn's
 * below the comment, else one WORD's values fit (the comment states no C
 * types). */
static const char *ctype_for(struct kdoc *kd, const char *name, const char *word)
{
	for (size_t i = 0; i < kd->im->ndefs; i++)
		if (strcmp(kd->im->def_names[i], name) == 0)
			return kd->im->def_types[i];
	if (strcmp(word, "ptr") == 0 || strcmp(word, "user_ptr") == 0)
		return "void *";
	if (strcmp(word, "string") == 0 || strcmp(word, "path") == 0)
		return "const char *";
	return "long";
}

/* The subfield WANT of the section at I, or NULL. */
static const struct kfield *subfield(struct kdoc *kd, size_t i, const char *want)
{
	for (size_t j = i + 1; j < kd->n && kd->f[j].level == 1; j++)
		if (strcmp(kd->f[j].key, want) == 0)
			return &kd->f[j];
	return NULL;
}

static void open_param(struct kdoc *kd, size_t i)
{
	const struct kfield *f = &kd->f[i];
	const struct kfield *arg = find_arg(kd, f->value->data);
	const struct kfield *type = subfield(kd, i, "type");
	const char *word = type ? talloc_strndup(kd->im->ctx, type->value->data,
						 strcspn(type->value->data, ",")) : "";

	if (!ident_like(f->value->data)) {
		import_error(kd->im, f->voff, (uint32_t)f->value->len, "%s",
			     "a parameter's name is expected here");
		return;
	}
	strbuf_addf(kd->im->out, "\n\tparam %s: %s {\n", f->value->data, ctype_for(kd, f->value->data, word));
	if (arg && arg->value->len) {
		strbuf_adds(kd->im->out, "\t\tsummary ");
		import_put_text(kd->im, arg->value->data, arg->value->len, 2);
		strbuf_adds(kd->im->out, ";\n");
	}
}

static void param_type(struct kdoc *kd, const struct kfield *f)
{
	const char *v = f->value->data, *comma = strchr(v, ',');
	const char *word = talloc_strndup(kd->im->ctx, v, comma ? (size_t)(comma - v) : strlen(v));

	if (!vocab_find(&vocab_param_type, word)) {
		import_error(kd->im, f->voff, (uint32_t)strlen(word), "'%s' is not a parameter type", word);
		return;
	}
	if (comma) {
		strbuf_adds(kd->im->out, "\t\tflags ");
		put_kwords(kd, f, comma + 1, &vocab_param_flag);
		strbuf_adds(kd->im->out, ";\n");
	}
	/* `type: custom, FLAGS` is how the comment says there is no type. */
	if (strcmp(word, "custom") != 0 || !comma)
		strbuf_addf(kd->im->out, "\t\ttype %s;\n", word);
}

/* `range(A, B)`, `mask(M)`, `enum(A, ...)` or a constraint macro. */
static void param_constraint(struct kdoc *kd, const struct kfield *f)
{
	const char *v = f->value->data, *a, *b;
	size_t n = f->value->len;
	const char *inner = n > 1 && v[n - 1] == ')' && strchr(v, '(')
			    ? talloc_strndup(kd->im->ctx, strchr(v, '(') + 1,
					     n - 2 - (size_t)(strchr(v, '(') - v)) : NULL;

	if (inner && strncmp(v, "range(", 6) == 0 && split_pair(kd, inner, false, &a, &b)) {
		note_expr(kd, inner);
		strbuf_addf(kd->im->out, "\t\trange %s .. %s;\n", a, b);
	} else if (inner && strncmp(v, "mask(", 5) == 0) {
		note_expr(kd, inner);
		strbuf_addf(kd->im->out, "\t\tmask %s;\n", inner);
	} else if (inner && strncmp(v, "enum(", 5) == 0) {
		note_expr(kd, inner);
		strbuf_addf(kd->im->out, "\t\tcheck enum;\n\t\tvalues %s;\n", inner);
	} else if (vocab_find_word(&vocab_constraint_kind, v)) {
		strbuf_addf(kd->im->out, "\t\tcheck %s;\n", vocab_find_word(&vocab_constraint_kind, v)->word);
	} else {
		import_error(kd->im, f->voff, (uint32_t)n, "'%s' is not a constraint type", v);
	}
}

static void param_size_param(struct kdoc *kd, const struct kfield *f)
{
	char *end;
	unsigned long idx = strtoul(f->value->data, &end, 10);
	size_t nth = 0;

	for (size_t i = 0; *end == '\0' && f->value->len && i < kd->n; i++)
		if (kd->f[i].key[0] == '@' && nth++ == idx) {
			strbuf_addf(kd->im->out, "\t\tsize-param %s;\n", kd->f[i].key + 1);
			return;
		}
	import_error(kd->im, f->voff, (uint32_t)f->value->len, "%s",
		     "size-param is the index of an @argument");
}

/* kernel-doc's `error_check` is KAPI_RETURN_ERROR_CHECK, .kapi's `error`. */
static void return_check(struct kdoc *kd, const struct kfield *f)
{
	char *macro = talloc_asprintf(kd->im->ctx, "KAPI_RETURN_%s", f->value->data);

	for (char *c = macro; *c; c++)
		if (*c >= 'a' && *c <= 'z')
			*c = (char)(*c - 'a' + 'A');
	const struct vocab_entry *e = vocab_find_word(&vocab_return_check, macro);
	if (e)
		strbuf_addf(kd->im->out, "\t\tcheck %s;\n", e->word);
	else
		import_error(kd->im, f->voff, (uint32_t)f->value->len, "'%s' is not a check type",
			     f->value->data);
}

static bool yes(struct kdoc *kd, size_t i, const char *key)
{
	const struct kfield *f = subfield(kd, i, key);

	return f && strcmp(f->value->data, "yes") == 0;
}

/* A scope the lock's booleans imply is theirs, not a fact of its own. */
static void lock_scope(struct kdoc *kd, size_t section, const struct kfield *f)
{
	int derived = lock_scope_index(yes(kd, section, "acquired"), yes(kd, section, "released"),
				       yes(kd, section, "held-on-entry"), yes(kd, section, "held-on-exit"));
	const struct vocab_entry *e = vocab_find(&vocab_lock_scope, f->value->data);

	if (!e)
		import_error(kd->im, f->voff, (uint32_t)f->value->len, "'%s' is not a lock scope",
			     f->value->data);
	else if (derived < 0 || e != &vocab_lock_scope.entries[derived])
		strbuf_addf(kd->im->out, "\t\tscope %s;\n", e->word);
}

/* A section that needs more than a krules line. */
static void open_special(struct kdoc *kd, size_t i)
{
	const struct kfield *f = &kd->f[i];
	const char *a, *b;

	if (strcmp(f->key, "param") == 0) {
		open_param(kd, i);
	} else if (strcmp(f->key, "return") == 0) {
		/* The summary first, as a .kapi states it. */
		const struct kfield *desc = subfield(kd, i, "desc");
		strbuf_adds(kd->im->out, "\n\treturn long {\n");
		if (desc && desc->value->len)
			put_fmt(kd, desc, "\t\tsummary %s;\n", NULL, desc->value->data);
	} else if (strcmp(f->key, "error") == 0) {
		const char *v = f->value->data;
		size_t c = strcspn(v, ",");
		a = talloc_strndup(kd->im->ctx, v, c);
		b = v[c] ? v + c + 1 + (v[c + 1] == ' ') : "";
		if (!ident_like(a)) {
			import_error(kd->im, f->voff, (uint32_t)f->value->len, "%s",
				     "an error section is 'error: ECODE, condition'");
			return;
		}
		strbuf_addf(kd->im->out, "\n\terror %s ", a);
		import_put_text(kd->im, b, strlen(b), 2);
		strbuf_adds(kd->im->out, " {\n");
	} else if (strcmp(f->key, "lock") == 0) {
		if (!split_pair(kd, f->value->data, true, &a, &b) ||
		    !vocab_find(&vocab_lock_kind, b)) {
			import_error(kd->im, f->voff, (uint32_t)f->value->len, "%s",
				     "a lock section is 'lock: NAME, KIND'");
			return;
		}
		strbuf_adds(kd->im->out, "\n\tlock ");
		put_name(kd, a);
		strbuf_addf(kd->im->out, ": %s {\n", b);
	} else {        /* side-effect: its target names the block */
		const struct kfield *target = subfield(kd, i, "target");
		strbuf_adds(kd->im->out, "\n\teffect ");
		import_put_text(kd->im, target ? target->value->data : "",
				target ? target->value->len : 0, 2);
		strbuf_adds(kd->im->out, " {\n");
		if (strcmp(f->value->data, "none") != 0) {
			strbuf_adds(kd->im->out, "\t\tkind ");
			put_kwords(kd, f, f->value->data, &vocab_effect);
			strbuf_adds(kd->im->out, ";\n");
		}
	}
}

static void sub_special(struct kdoc *kd, size_t section, const struct kfield *f)
{
	const char *a, *b;
	char *k = talloc_asprintf(kd->im->ctx, "%s.%s", kd->section, f->key);

	if (strcmp(k, "param.type") == 0)
		param_type(kd, f);
	else if (strcmp(k, "param.constraint-type") == 0)
		param_constraint(kd, f);
	else if (strcmp(k, "param.size-param") == 0)
		param_size_param(kd, f);
	else if (strcmp(k, "return.check-type") == 0)
		return_check(kd, f);
	else if (strcmp(k, "lock.scope") == 0)
		lock_scope(kd, section, f);
	else if (strcmp(k, "return.success-range") == 0) {
		if (split_pair(kd, f->value->data, false, &a, &b)) {
			note_expr(kd, f->value->data);
			strbuf_addf(kd->im->out, "\t\tsuccess %s .. %s;\n", a, b);
		} else {
			import_error(kd->im, f->voff, (uint32_t)f->value->len, "%s",
				     "success-range is 'MIN, MAX'");
		}
	}
	/* side-effect.target named the block, return.desc is its summary */
}

static void close_section(struct kdoc *kd)
{
	if (kd->open)
		strbuf_adds(kd->im->out, "\t}\n");
	kd->open = false;
}

static void write_field(struct kdoc *kd, size_t i)
{
	const struct kfield *f = &kd->f[i];

	bool after_block = kd->open;

	if (f->level == 0 && f->key[0] != '@') {
		close_section(kd);
		kd->section = f->key;
	}
	if (f->key[0] == '@')
		return;
	if (f->level == 1 && !strcmp(kd->section, "")) {
		import_error(kd->im, f->off, f->len, "'%s' is a subfield outside any section", f->key);
		return;
	}
	const char *section = f->level ? kd->section : "";
	const struct krule *r = find_krule(section, f->key);
	if (!r && !is_special(kd->im->ctx, section, f->key)) {
		if (f->level)
			import_error(kd->im, f->off, f->len, "unknown subfield %s",
				     talloc_asprintf(kd->im->ctx, "'%s' of section '%s'",
						     f->key, kd->section));
		else
			import_error(kd->im, f->off, f->len, "unknown kernel-doc section '%s'", f->key);
		return;
	}
	if (f->level == 0)
		kd->open = r ? strchr(r->fmt, '{') != NULL : true;
	if (f->level == 0 && !kd->open && after_block)
		strbuf_addc(kd->im->out, '\n');
	if (r)
		put_fmt(kd, f, r->fmt, r->v, f->value->data);
	else if (f->level == 0)
		open_special(kd, i);
}

/* The section a subfield at I belongs to. */
static size_t section_of(struct kdoc *kd, size_t i)
{
	while (i > 0 && kd->f[i].level == 1)
		i--;
	return i;
}

static void write_spec(struct kdoc *kd)
{
	struct importer *im = kd->im;
	const char *name = talloc_strndup(im->ctx, im->src->text + kd->f[0].off, kd->f[0].len);

	if (name[0] && name[strlen(name) - 1] == ')' && strstr(name, "()"))
		name = talloc_strndup(im->ctx, name, strlen(name) - 2);
	if (!ident_like(name)) {
		import_error(im, kd->f[0].off, kd->f[0].len, "%s", "a spec's name is expected here");
		return;
	}
	if (strncmp(name, "sys_", 4) == 0)
		strbuf_addf(im->out, "\nsyscall %s {\n", name + 4);
	else
		strbuf_addf(im->out, "\nfunction %s {\n", name);
	put_fmt(kd, &kd->f[0], "\tsummary %s;\n", NULL, kd->f[0].value->data);
	kd->section = "";
	for (size_t i = 1; i < kd->n && !diag_gave_up(im->diag); i++) {
		if (kd->f[i].level == 1 && is_special(im->ctx, kd->section, kd->f[i].key)) {
			sub_special(kd, section_of(kd, i), &kd->f[i]);
			continue;
		}
		write_field(kd, i);
	}
	close_section(kd);
	strbuf_adds(im->out, "}\n");
}

void import_kdoc(struct importer *im, const struct ctok *t)
{
	struct kdoc kd = { .im = im };
	struct kline *lines;
	size_t n;

	split_lines(&kd, t, &lines, &n);
	if (!is_api_spec(&kd, lines, n))
		return;
	size_t first = 0;
	while (first < n && lines[first].blank)
		first++;
	size_t before = im->out->len;
	if (read_fields(&kd, lines + first, n - first))
		write_spec(&kd);
	if (im->failed && im->out->len == before)
		strbuf_adds(im->out, "\n");  /* counted as a spec: its errors say why */
}
