/*
 * `kapic import FILE.c`: reads the DEFINE_KERNEL_API_SPEC blocks of a
 * kernel C file (2025 form) and writes the .kapi that states the same
 * facts, statement for macro, in the block's order.
 */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "diag.h"
#include "escape.h"
#include "import.h"
#include "output.h"
#include "strbuf.h"
#include "vocab.h"

#define MAX_ARGS 64

struct arg {
	struct ctok *toks;
	size_t n;
};

/* A parameter named by index before the block declares it. */
struct fixup {
	struct ctok at;
	unsigned long index;
};

/* A C array the blocks name (enum values, a return's error values). */
struct carray {
	const char *name;
	struct arg *items;
	size_t n;
};


static const char *text(struct importer *im, const struct ctok *t)
{
	return talloc_strndup(im->ctx, im->src->text + t->offset, t->len);
}

void import_error(struct importer *im, uint32_t offset, uint32_t len,
		  const char *fmt, const char *s)
{
	struct loc loc = { im->src, offset, offset + (len ? len : 1) };

	diag_report(im->diag, DIAG_ERROR, &loc, "import", fmt, s);
	im->failed = true;
}

static void error_at(struct importer *im, const struct ctok *t, const char *fmt, const char *s)
{
	import_error(im, t->offset, t->len, fmt, s);
}

static void advance(struct importer *im)
{
	cscan_next(im->scan, &im->tok);
	if (im->tok.kind == CT_ERROR)
		error_at(im, &im->tok, "%s", "no C token here (a stray byte or an unterminated comment)");
}

static bool is(struct importer *im, const char *s)
{
	return im->tok.len == strlen(s) && memcmp(im->src->text + im->tok.offset, s, im->tok.len) == 0;
}

static bool is_open(struct importer *im)
{
	return is(im, "(") || is(im, "{") || is(im, "[");
}

static bool is_close(struct importer *im)
{
	return is(im, ")") || is(im, "}") || is(im, "]");
}

/* `( a, b, ... )` (or braced) into ARGS; false (reported) when
 * unbalanced. */
static bool read_args(struct importer *im, struct arg *args, size_t *nargs)
{
	struct ctok open = im->tok;
	int depth = 0;

	*nargs = 0;
	advance(im);
	if (is_close(im)) {
		advance(im);
		return true;
	}
	args[0] = (struct arg){ NULL, 0 };
	*nargs = 1;
	for (;;) {
		if (im->tok.kind == CT_EOF || im->tok.kind == CT_ERROR) {
			error_at(im, &open, "unbalanced parenthesis: this '%s' is never closed",
				 text(im, &open));
			return false;
		}
		if (is_open(im)) {
			depth++;
		} else if (is_close(im) && depth-- == 0) {
			advance(im);
			return true;
		} else if (is(im, ",") && depth == 0) {
			if (*nargs == MAX_ARGS) {
				error_at(im, &im->tok, "%s", "too many arguments");
				return false;
			}
			args[(*nargs)++] = (struct arg){ NULL, 0 };
			advance(im);
			continue;
		}
		struct arg *a = &args[*nargs - 1];
		a->toks = talloc_realloc(im->ctx, a->toks, struct ctok, a->n + 1);
		a->toks[a->n++] = im->tok;
		advance(im);
	}
}

/* A C string literal's bytes, escapes decoded. */
static void decode_c_string(struct strbuf *sb, const char *s, size_t len)
{
	for (size_t i = 1; i + 1 < len; i++) {
		char c = s[i];
		if (c != '\\') {
			strbuf_addc(sb, c);
			continue;
		}
		c = s[++i];
		const char *simple = strchr("n\nt\tr\ra\ab\bf\fv\v", c);
		if (simple && c && (simple - "n\nt\tr\ra\ab\bf\fv\v") % 2 == 0) {
			strbuf_addc(sb, simple[1]);
		} else if (c >= '0' && c <= '7') {
			unsigned v = 0;
			for (int k = 0; k < 3 && i < len - 1 && s[i] >= '0' && s[i] <= '7'; k++)
				v = v * 8 + (unsigned)(s[i++] - '0');
			i--;
			strbuf_addc(sb, (char)v);
		} else if (c == 'x') {
			unsigned v = 0;
			while (i + 2 < len && strchr("0123456789abcdefABCDEF", s[i + 1]) && s[i + 1])
				v = v * 16 + (unsigned)strtoul((char[]){ s[++i], 0 }, NULL, 16);
			strbuf_addc(sb, (char)v);
		} else {
			strbuf_addc(sb, c);
		}
	}
}

/* The argument as .kapi string literals, one a C literal, continued on
 * lines of their own. */
static bool put_string(struct importer *im, const struct arg *a)
{
	if (a->n == 0) {
		error_at(im, &im->tok, "%s", "a string is missing here");
		return false;
	}
	for (size_t i = 0; i < a->n; i++) {
		if (a->toks[i].kind != CT_STRING) {
			error_at(im, &a->toks[i], "%s", "a string literal is expected here");
			return false;
		}
		struct strbuf *sb = strbuf_new(im->ctx);
		decode_c_string(sb, im->src->text + a->toks[i].offset, a->toks[i].len);
		if (i)
			strbuf_adds(im->out, "\n\t\t    ");
		esc_kapi_string(im->out, sb->data, sb->len);
	}
	return true;
}

void import_put_text(struct importer *im, const char *s, size_t len, int indent)
{
	size_t start = 0;

	do {
		size_t cut = len;
		/* A literal ends after a newline, or at a blank once it is long
		 * enough to read as a line of its own. */
		for (size_t i = start; i < len; i++)
			if (s[i] == '\n' || (s[i] == ' ' && i - start >= 64)) {
				cut = i + 1;
				break;
			}
		if (start) {
			strbuf_addc(im->out, '\n');
			for (int t = 0; t < indent; t++)
				strbuf_addc(im->out, '\t');
			strbuf_adds(im->out, "    ");
		}
		esc_kapi_string(im->out, s + start, cut - start);
		start = cut;
	} while (start < len);
}

static bool arg_is_empty_string(struct importer *im, const struct arg *a)
{
	return a->n == 1 && a->toks[0].kind == CT_STRING && a->toks[0].len == 2 &&
	       im->src->text[a->toks[0].offset] == '"';
}

void import_note_const(struct importer *im, const char *name)
{
	if (builtin_find(name))
		return;
	for (size_t i = 0; i < im->nconsts; i++)
		if (strcmp(im->consts[i], name) == 0)
			return;
	im->consts = talloc_realloc(im->ctx, im->consts, const char *, im->nconsts + 1);
	im->consts[im->nconsts++] = name;
}

/* A constant expression, its tokens as C wrote them. */
static void put_expr(struct importer *im, const struct arg *a)
{
	for (size_t i = 0; i < a->n; i++) {
		if (i && !(a->toks[i - 1].kind == CT_PUNCT &&
			   strchr("(-~!", im->src->text[a->toks[i - 1].offset]) &&
			   a->toks[i - 1].len == 1) && !(a->toks[i].len == 1 &&
			   im->src->text[a->toks[i].offset] == ')'))
			strbuf_addc(im->out, ' ');
		strbuf_add(im->out, im->src->text + a->toks[i].offset, a->toks[i].len);
		if (a->toks[i].kind == CT_IDENT && !im->in_signum)
			import_note_const(im, text(im, &a->toks[i]));
	}
}

/* `A | B` of vocabulary macros as `a, b`. */
static bool put_words(struct importer *im, const struct arg *a, const struct vocab *v)
{
	for (size_t i = 0; i < a->n; i += 2) {
		const char *m = text(im, &a->toks[i]);
		const struct vocab_entry *e = vocab_find_word(v, m);
		if (!e) {
			error_at(im, &a->toks[i], "'%s' is not a word this field takes", m);
			return false;
		}
		if (i + 1 < a->n && !(a->toks[i + 1].len == 1 && im->src->text[a->toks[i + 1].offset] == '|')) {
			error_at(im, &a->toks[i + 1], "%s", "'|' is expected between the flags");
			return false;
		}
		strbuf_addf(im->out, "%s%s", i ? ", " : "", e->word);
	}
	return true;
}

/* A hand-written number: the index of an entry, or a count. */
static bool arg_number(struct importer *im, const struct arg *a, unsigned long *v)
{
	if (a->n != 1 || a->toks[0].kind != CT_NUMBER)
		return false;
	*v = strtoul(text(im, &a->toks[0]), NULL, 0);
	return true;
}

static bool is_minus(struct importer *im, const struct ctok *t)
{
	return t->kind == CT_PUNCT && t->len == 1 && im->src->text[t->offset] == '-';
}

/* Names of a braced list `{ A, B }` or of a macro's arguments, as
 * `A, B`. */
static void put_names(struct importer *im, const struct arg *args, size_t n)
{
	bool first = true;

	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < args[i].n; k++) {
			const struct ctok *t = &args[i].toks[k];
			if (t->kind == CT_PUNCT && t->len == 1 && strchr("{},", im->src->text[t->offset]))
				continue;
			strbuf_addf(im->out, "%s%s", first ? "" : ", ", text(im, t));
			first = false;
		}
}

/* A lock's name: bare when it is an identifier (`mmap_lock`), else a
 * string (`"demo->lock"`). */
static void put_name(struct importer *im, const struct arg *a)
{
	struct strbuf *sb = strbuf_new(im->ctx);

	if (a->n != 1 || a->toks[0].kind != CT_STRING) {
		put_expr(im, a);
		return;
	}
	decode_c_string(sb, im->src->text + a->toks[0].offset, a->toks[0].len);
	if (sb->len && strspn(sb->data, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == sb->len &&
	    !(sb->data[0] >= '0' && sb->data[0] <= '9'))
		strbuf_add(im->out, sb->data, sb->len);
	else
		esc_kapi_string(im->out, sb->data, sb->len);
}

/* The array A names, if the file defines it before the block. */
static const struct carray *find_array(struct importer *im, const struct arg *a)
{
	for (size_t i = 0; a->n == 1 && a->toks[0].kind == CT_IDENT && i < im->narrays; i++)
		if (strcmp(im->arrays[i].name, text(im, &a->toks[0])) == 0)
			return &im->arrays[i];
	return NULL;
}

/* Values: the elements of the array the one argument names, or the
 * arguments themselves (the 2026 header's variadic form). */
static void put_values(struct importer *im, const struct arg *args, size_t n, bool codes)
{
	const struct carray *arr = n == 1 ? find_array(im, &args[0]) : NULL;

	/* Error values are always an array; enum values may be one value. */
	if (codes && !arr) {
		error_at(im, n && args[0].n ? &args[0].toks[0] : &im->tok, "%s",
			 "no array of this name is defined before the block");
		return;
	}
	if (arr) {
		args = arr->items;
		n = arr->n;
	}
	for (size_t i = 0; i < n; i++) {
		struct arg a = args[i];
		if (i)
			strbuf_adds(im->out, ", ");
		/* an error value is written -ECODE */
		if (codes && a.n == 2 && is_minus(im, &a.toks[0])) {
			a.toks++;
			a.n--;
		}
		im->in_signum = codes;  /* error codes are names, not constants */
		put_expr(im, &a);
		im->in_signum = false;
	}
}

/* The name of the parameter at index A (BASE: the first one's).  A
 * parameter the block declares later is written as a \1N\1 mark, which
 * no escaped string can hold, and named at the block's end. */
static void put_param_index(struct importer *im, const struct ctok *at, const struct arg *a, unsigned long base)
{
	unsigned long v;

	if (!arg_number(im, a, &v) || v < base) {
		error_at(im, at, "%s", "this is not the index of a parameter of the spec");
	} else if (v - base < im->nparams) {
		strbuf_adds(im->out, im->params[v - base]);
	} else {
		im->fixups = talloc_realloc(im->ctx, im->fixups, struct fixup, im->nfixups + 1);
		im->fixups[im->nfixups] = (struct fixup){ *at, v - base };
		strbuf_addf(im->out, "\1%zu\1", im->nfixups++);
	}
}

/* The marks put_param_index left in the block that starts at FROM. */
static void resolve_fixups(struct importer *im, size_t from)
{
	struct strbuf *sb = strbuf_new(im->ctx);
	const char *d = im->out->data;

	if (!im->nfixups)
		return;
	strbuf_add(sb, d, from);
	for (size_t i = from; i < im->out->len; i++) {
		if (d[i] != '\1') {
			strbuf_addc(sb, d[i]);
			continue;
		}
		const struct fixup *f = &im->fixups[strtoul(d + i + 1, NULL, 10)];
		if (f->index < im->nparams)
			strbuf_adds(sb, im->params[f->index]);
		else
			error_at(im, &f->at, "%s", "this is not the index of a parameter of the spec");
		i = (size_t)(strchr(d + i + 1, '\1') - d);
	}
	im->out = sb;
	im->nfixups = 0;
}

/* A macro (or `.key =`) and the statement it becomes.  FMT's %s takes a
 * string argument, %e an expression, %w flags of V, %c a string written
 * bare (a C type), %n an identifier, %N a name (a string unless it is an
 * identifier), %- an error's code, %i (%I) the
 * parameter at a 0-based (1-based) index, %L the names of a braced list
 * or of all the remaining arguments, %V (%E) values (error codes) from an
 * array or the remaining arguments; a macro IN a block opens it, END
 * closes it. */
struct rule {
	const char *macro;
	const char *in;         /* the open block's macro, "" at top level */
	const char *fmt;
	const struct vocab *v;
};

static const struct rule rules[] = {
	{ "KAPI_DESCRIPTION", "", "\tsummary %s;\n", NULL },
	{ "KAPI_LONG_DESC", "", "\tdescription %s;\n", NULL },
	{ "KAPI_CONTEXT", "", "\tcontext %w;\n", &vocab_context },
	{ "KAPI_EXAMPLES", "", "\texamples %s;\n", NULL },
	{ "KAPI_NOTES", "", "\tnotes %s;\n", NULL },
	{ "KAPI_SINCE_VERSION", "", "\tsince %s;\n", NULL },
	{ "KAPI_DEPRECATED", "", "\tdeprecated;\n", NULL },
	{ "KAPI_REPLACEMENT", "", "\treplacement %s;\n", NULL },
	{ "KAPI_PARAM", "", "\n\tparam %n: %c {\n\t\tsummary %s;\n", NULL },
	{ "KAPI_PARAM_FLAGS", "KAPI_PARAM", "\t\tflags %w;\n", &vocab_param_flag },
	{ "KAPI_PARAM_TYPE", "KAPI_PARAM", "\t\ttype %w;\n", &vocab_param_type },
	{ "KAPI_PARAM_CONSTRAINT_TYPE", "KAPI_PARAM", "\t\tcheck %w;\n", &vocab_constraint_kind },
	{ "KAPI_PARAM_RANGE", "KAPI_PARAM", "\t\trange %e .. %e;\n", NULL },
	{ "KAPI_PARAM_VALID_MASK", "KAPI_PARAM", "\t\tmask %e;\n", NULL },
	{ "KAPI_PARAM_SIZE", "KAPI_PARAM", "\t\tsize %e;\n", NULL },
	{ ".alignment", "KAPI_PARAM", "\t\talign %e;\n", NULL },
	{ ".size_multiplier", "KAPI_PARAM", "\t\tsize-multiplier %e;\n", NULL },
	{ "KAPI_PARAM_CONSTRAINT", "KAPI_PARAM", "\t\tconstraint %s;\n", NULL },
	{ "KAPI_PARAM_END", "KAPI_PARAM", "\t}\n", NULL },
	{ "KAPI_RETURN", "", "\n\treturn %c {\n\t\tsummary %s;\n", NULL },
	{ "KAPI_RETURN_TYPE", "KAPI_RETURN", "\t\ttype %w;\n", &vocab_param_type },
	{ "KAPI_RETURN_CHECK_TYPE", "KAPI_RETURN", "\t\tcheck %w;\n", &vocab_return_check },
	{ ".check_type", "KAPI_RETURN", "\t\tcheck %w;\n", &vocab_return_check },
	{ "KAPI_RETURN_SUCCESS", "KAPI_RETURN", "\t\tsuccess %e;\n", NULL },
	{ ".success_value", "KAPI_RETURN", "\t\tsuccess %e;\n", NULL },
	{ "KAPI_RETURN_SUCCESS_RANGE", "KAPI_RETURN", "\t\tsuccess %e .. %e;\n", NULL },
	{ "KAPI_RETURN_END", "KAPI_RETURN", "\t}\n", NULL },
	{ "KAPI_ERROR", "", "\terror %- %s {\n\t\tdescription %s;\n\t}\n", NULL },
	{ "KAPI_SIGNAL", "", "\n\tsignal %2n {\n\t\tsignum %1e;\n\t\tdirection %3w;\n\t\taction %4w;\n", NULL },
	{ "KAPI_SIGNAL_TARGET", "KAPI_SIGNAL", "\t\ttarget %s;\n", NULL },
	{ "KAPI_SIGNAL_CONDITION", "KAPI_SIGNAL", "\t\tcondition %s;\n", NULL },
	{ "KAPI_SIGNAL_DESC", "KAPI_SIGNAL", "\t\tdescription %s;\n", NULL },
	{ "KAPI_SIGNAL_RESTARTABLE", "KAPI_SIGNAL", "\t\trestartable;\n", NULL },
	{ "KAPI_SIGNAL_INTERRUPTIBLE", "KAPI_SIGNAL", "\t\tinterruptible;\n", NULL },
	{ "KAPI_SIGNAL_PRIORITY", "KAPI_SIGNAL", "\t\tpriority %e;\n", NULL },
	{ "KAPI_SIGNAL_QUEUE", "KAPI_SIGNAL", "\t\tqueue %s;\n", NULL },
	{ "KAPI_SIGNAL_END", "KAPI_SIGNAL", "\t}\n", NULL },
	{ "KAPI_SIDE_EFFECT", "", "\n\teffect %2s {\n\t\tkind %1w;\n\t\tdescription %3s;\n", &vocab_effect },
	{ "KAPI_EFFECT_REVERSIBLE", "KAPI_SIDE_EFFECT", "\t\treversible;\n", NULL },
	{ "KAPI_EFFECT_CONDITION", "KAPI_SIDE_EFFECT", "\t\tcondition %s;\n", NULL },
	{ "KAPI_SIDE_EFFECT_END", "KAPI_SIDE_EFFECT", "\t}\n", NULL },
	{ "KAPI_STATE_TRANS", "", "\n\ttransition %s {\n\t\tfrom %s; to %s;\n\t\tdescription %s;\n", NULL },
	{ "KAPI_STATE_TRANS_COND", "KAPI_STATE_TRANS", "\t\tcondition %s;\n", NULL },
	{ "KAPI_STATE_TRANS_END", "KAPI_STATE_TRANS", "\t}\n", NULL },
	{ "KAPI_LOCK", "", "\n\tlock %N: %w {\n", &vocab_lock_kind },
	{ "KAPI_LOCK_DESC", "KAPI_LOCK", "\t\tdescription %s;\n", NULL },
	{ "KAPI_LOCK_ACQUIRED", "KAPI_LOCK", "\t\tacquired;\n", NULL },
	{ "KAPI_LOCK_RELEASED", "KAPI_LOCK", "\t\treleased;\n", NULL },
	{ "KAPI_LOCK_HELD_ENTRY", "KAPI_LOCK", "\t\theld-on-entry;\n", NULL },
	{ "KAPI_LOCK_HELD_EXIT", "KAPI_LOCK", "\t\theld-on-exit;\n", NULL },
	{ "KAPI_LOCK_END", "KAPI_LOCK", "\t}\n", NULL },
	{ ".scope", "KAPI_LOCK", "\t\tscope %w;\n", &vocab_lock_scope },
	{ "KAPI_CAPABILITY", "", "\n\tcapability %n {\n\t\taction %3w;\n", &vocab_cap_action },
	{ "KAPI_CAP_ALLOWS", "KAPI_CAPABILITY", "\t\tallows %s;\n", NULL },
	{ "KAPI_CAP_WITHOUT", "KAPI_CAPABILITY", "\t\twithout %s;\n", NULL },
	{ "KAPI_CAP_CONDITION", "KAPI_CAPABILITY", "\t\tcondition %s;\n", NULL },
	{ "KAPI_CAP_PRIORITY", "KAPI_CAPABILITY", "\t\tpriority %e;\n", NULL },
	{ "KAPI_CAPABILITY_END", "KAPI_CAPABILITY", "\t}\n", NULL },
	{ ".alternative", "KAPI_CAPABILITY", "\t\talternatives %L;\n", NULL },
	{ "KAPI_CAP_ALTERNATIVE", "KAPI_CAPABILITY", "\t\talternatives %L;\n", NULL },
	{ ".api_type", "", "\tapi-type %w;\n", &vocab_api_type },
	{ ".size_param_idx", "KAPI_PARAM", "\t\tsize-param %i;\n", NULL },
	/* The macro takes the parameter's index; the 2026 header stores it
	 * plus one (0: no size parameter). */
	{ "KAPI_PARAM_SIZE_PARAM", "KAPI_PARAM", "\t\tsize-param %i;\n", NULL },
	{ "KAPI_PARAM_ENUM_VALUES", "KAPI_PARAM", "\t\tvalues %V;\n", NULL },
	{ "KAPI_RETURN_ERROR_VALUES", "KAPI_RETURN", "\t\terrors %E;\n", NULL },
	{ "KAPI_SIGNAL_SA_FLAGS_REQ", "KAPI_SIGNAL", "\t\tsa-flags-required %e;\n", NULL },
	{ "KAPI_SIGNAL_SA_FLAGS_FORBID", "KAPI_SIGNAL", "\t\tsa-flags-forbidden %e;\n", NULL },
	{ "KAPI_SIGNAL_ERROR", "KAPI_SIGNAL", "\t\terror %-;\n", NULL },
	{ "KAPI_SIGNAL_TRANSFORM", "KAPI_SIGNAL", "\t\ttransform %n;\n", NULL },
	{ "KAPI_SIGNAL_TIMING", "KAPI_SIGNAL", "\t\ttiming %w;\n", &vocab_signal_timing },
	{ "KAPI_SIGNAL_STATE_REQ", "KAPI_SIGNAL", "\t\tstate-required %e;\n", NULL },
	{ "KAPI_SIGNAL_STATE_FORBID", "KAPI_SIGNAL", "\t\tstate-forbidden %e;\n", NULL },
	{ "KAPI_SIGNAL_MASK", "", "\n\tsignal-mask %n {\n\t\tdescription %s;\n", NULL },
	{ ".signals", "KAPI_SIGNAL_MASK", "\t\tsignals %L;\n", NULL },
	{ "KAPI_SIGNAL_MASK_SIGNALS", "KAPI_SIGNAL_MASK", "\t\tsignals %L;\n", NULL },
	{ "KAPI_SIGNAL_MASK_END", "KAPI_SIGNAL_MASK", "\t}\n", NULL },
	{ "KAPI_CONSTRAINT", "", "\n\tconstraint %s {\n\t\tdescription %s;\n", NULL },
	{ "KAPI_CONSTRAINT_EXPR", "KAPI_CONSTRAINT", "\t\texpr %s;\n", NULL },
	{ "KAPI_CONSTRAINT_END", "KAPI_CONSTRAINT", "\t}\n", NULL },
	{ "KAPI_STRUCT_SPEC", "", "\n\tstruct %n {\n\t\tdescription %s;\n", NULL },
	{ "KAPI_STRUCT_SIZE", "KAPI_STRUCT_SPEC", "\t\tsize %e;\n\t\talign %e;\n", NULL },
	{ "KAPI_STRUCT_FIELD", "KAPI_STRUCT_SPEC",
	  "\t\tfield %1n: %3c {\n\t\t\ttype %2w;\n\t\t\tdescription %4s;\n", &vocab_param_type },
	{ "KAPI_FIELD_OFFSET", "KAPI_STRUCT_FIELD", "\t\t\toffset %e;\n", NULL },
	{ "KAPI_FIELD_SIZE", "KAPI_STRUCT_FIELD", "\t\t\tsize %e;\n", NULL },
	{ "KAPI_FIELD_FLAGS", "KAPI_STRUCT_FIELD", "\t\t\tflags %w;\n", &vocab_param_flag },
	{ "KAPI_FIELD_CONSTRAINT_RANGE", "KAPI_STRUCT_FIELD", "\t\t\trange %e .. %e;\n", NULL },
	{ "KAPI_FIELD_CONSTRAINT_MASK", "KAPI_STRUCT_FIELD", "\t\t\tmask %e;\n", NULL },
	{ "KAPI_STRUCT_FIELD_END", "KAPI_STRUCT_FIELD", "\t\t}\n", NULL },
	{ "KAPI_STRUCT_SPEC_END", "KAPI_STRUCT_SPEC", "\t}\n", NULL },
};

/* Counts are derived by kapic: the hand-written ones are read and dropped. */
static const char *const count_macros[] = {
	"KAPI_PARAM_COUNT", "KAPI_ERROR_COUNT", "KAPI_SIGNAL_COUNT",
	"KAPI_SIGNAL_MASK_COUNT", "KAPI_LOCK_COUNT", "KAPI_CONSTRAINT_COUNT",
	"KAPI_SIDE_EFFECT_COUNT", "KAPI_STATE_TRANS_COUNT",
	"KAPI_STRUCT_SPEC_COUNT", "KAPI_CAPABILITY_COUNT",
};

/* The count_macros kind of an entry macro, or -1. */
static int entry_kind(const char *macro)
{
	char *count = talloc_asprintf(NULL, "%s_COUNT", macro);
	int kind = -1;

	for (size_t i = 0; i < sizeof count_macros / sizeof count_macros[0]; i++)
		if (strcmp(count, count_macros[i]) == 0)
			kind = (int)i;
	talloc_free(count);
	return kind;
}

static void warn_at(struct importer *im, const struct ctok *t, const char *fmt,
		    unsigned long got, unsigned long want)
{
	struct loc loc = { im->src, t->offset, t->offset + (t->len ? t->len : 1) };

	diag_report(im->diag, DIAG_WARNING, &loc, "import", fmt, got, want);
}


/* Indices and counts are derived by kapic; what the block wrote is
 * checked against its entries, and a mismatch told where it was written. */
static void check_index(struct importer *im, const char *macro, struct arg *args, size_t nargs)
{
	int kind = entry_kind(macro);
	unsigned long v;

	if (kind < 0 || nargs == 0)
		return;
	if (arg_number(im, &args[0], &v) && v != im->seen[kind])
		warn_at(im, &args[0].toks[0], "index %lu, but this is entry %lu of its kind",
			v, im->seen[kind]);
	im->seen[kind]++;
}

static void check_counts(struct importer *im)
{
	for (size_t i = 0; i < sizeof count_macros / sizeof count_macros[0]; i++)
		if (im->count_at[i].len && im->count[i] != im->seen[i])
			warn_at(im, &im->count_at[i], "count %lu, but the block has %lu",
				im->count[i], im->seen[i]);
}

static const struct rule *find_rule(const char *name)
{
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (strcmp(rules[i].macro, name) == 0)
			return &rules[i];
	return NULL;
}

/* The vocabulary of the Nth %w of R (a signal's direction, then action). */
static const struct vocab *words_vocab(const struct rule *r, int nth)
{
	if (strcmp(r->macro, "KAPI_SIGNAL") == 0)
		return nth ? &vocab_signal_action : &vocab_signal_direction;
	return r->v;
}

/* Where apply_rule is in a rule's arguments. */
struct rule_cursor {
	size_t ai;              /* the next argument */
	size_t used;            /* how many were taken */
	int nwords;             /* word lists written so far */
	bool empty;             /* this line's string is "" */
};

/* The conversion CONV of R's format (see struct rule) for argument A. */
static void put_conversion(struct importer *im, const struct rule *r, const struct ctok *at,
			   char conv, struct arg *a, size_t nargs, struct rule_cursor *rc)
{
	switch (conv) {
	case 's':
		rc->empty |= arg_is_empty_string(im, a);
		put_string(im, a);
		break;
	case 'e':
		im->in_signum = strcmp(r->macro, "KAPI_SIGNAL") == 0;
		put_expr(im, a);
		im->in_signum = false;
		break;
	case 'w':
		put_words(im, a, words_vocab(r, rc->nwords++));
		break;
	case 'i':
	case 'I':
		put_param_index(im, at, a, conv == 'I');
		break;
	case 'L':
		put_names(im, a, nargs - rc->ai + 1);
		rc->ai = rc->used = nargs;
		break;
	case 'V':
	case 'E':
		put_values(im, a, nargs - rc->ai + 1, conv == 'E');
		rc->ai = rc->used = nargs;
		break;
	case 'N':
		put_name(im, a);
		break;
	case '-':
		if (a->n == 2 && a->toks[1].kind == CT_IDENT)
			strbuf_add(im->out, im->src->text + a->toks[1].offset, a->toks[1].len);
		else
			error_at(im, at, "%s", "an error code is written -ECODE");
		rc->used = ++rc->ai;    /* the name, a string, repeats the code */
		break;
	default:        /* c, n: names, not constants */
		im->in_signum = true;
		if (a->n == 1 && a->toks[0].kind == CT_STRING)
			decode_c_string(im->out, im->src->text + a->toks[0].offset, a->toks[0].len);
		else
			put_expr(im, a);
		im->in_signum = false;
	}
}

/* One line of R's format (N bytes at F) into im->out; false after an
 * error. */
static bool put_rule_line(struct importer *im, const struct rule *r, const struct ctok *at,
			  const char *f, size_t n, struct arg *args, size_t nargs,
			  struct rule_cursor *rc)
{
	for (const char *c = f; c < f + n; c++) {
		if (*c != '%') {
			strbuf_addc(im->out, *c);
			continue;
		}
		if (c[1] >= '0' && c[1] <= '9')
			rc->ai = (size_t)(*++c - '0');
		if (rc->ai >= nargs) {
			error_at(im, at, "%s has too few arguments", r->macro);
			return false;
		}
		struct arg *a = &args[rc->ai++];

		rc->used = rc->ai > rc->used ? rc->ai : rc->used;
		put_conversion(im, r, at, *++c, a, nargs, rc);
	}
	return true;
}

/* One statement of R from ARGS, a line of FMT at a time: a line with no
 * `{` whose string the block left empty ("") is left out. */
static void apply_rule(struct importer *im, const struct rule *r, const struct ctok *at,
		       struct arg *args, size_t nargs)
{
	struct strbuf *whole = im->out;
	struct rule_cursor rc = { 0 };

	rc.ai = r->fmt[0] == '\n' || strcmp(r->macro, "KAPI_ERROR") == 0 ? 1 : 0;
	if (strcmp(r->macro, "KAPI_RETURN") == 0)
		rc.ai = 0;
	for (const char *f = r->fmt; *f; ) {
		const char *eol = strchr(f, '\n');
		size_t n = eol ? (size_t)(eol - f) + 1 : strlen(f);

		rc.empty = false;
		im->out = strbuf_new(im->ctx);
		if (!put_rule_line(im, r, at, f, n, args, nargs, &rc)) {
			im->out = whole;
			return;
		}
		if (!(rc.empty && !memchr(f, '{', n)))
			strbuf_add(whole, im->out->data, im->out->len);
		f += n;
	}
	im->out = whole;
	if (rc.used < nargs)
		error_at(im, at, "%s has too many arguments", r->macro);
}

/* A mask under constraint kind none documents the flags the call knows:
 * `mask documenting`, in place of `check none`. */
static const struct rule *mask_rule(struct importer *im, const struct rule *r)
{
	static const struct rule documenting = {
		"KAPI_PARAM_VALID_MASK", "KAPI_PARAM", "\t\tmask documenting %e;\n", NULL
	};
	static const char none[] = "\t\tcheck none;\n";
	char *at = im->param_at < im->out->len ? strstr(im->out->data + im->param_at, none) : NULL;

	if (!at)
		return r;
	size_t off = (size_t)(at - im->out->data), n = sizeof none - 1;
	memmove(at, at + n, im->out->len - off - n + 1);
	im->out->len -= n;
	return &documenting;
}

/* `.key = value,` after the dot: the key as ".key" into *NAME and its
 * value as one argument; false after an error. */
static bool read_key(struct importer *im, const char **name, struct arg *arg)
{
	int depth = 0;

	*name = talloc_asprintf(im->ctx, ".%s", text(im, &im->tok));
	advance(im);
	if (!is(im, "=")) {
		error_at(im, &im->tok, "%s", "'=' is expected after the key");
		return false;
	}
	*arg = (struct arg){ NULL, 0 };
	for (advance(im); !(depth == 0 && is(im, ",")) && im->tok.kind != CT_EOF &&
			  im->tok.kind != CT_ERROR; advance(im)) {
		depth += is_open(im) - is_close(im);
		arg->toks = talloc_realloc(im->ctx, arg->toks, struct ctok, arg->n + 1);
		arg->toks[arg->n++] = im->tok;
	}
	advance(im);
	return true;
}

/* Whether NAME is a hand-written count: those of the block's entries are
 * kept to check against the entries; those of what an entry lists itself
 * are dropped. */
static bool take_count(struct importer *im, const char *name, struct arg *args, size_t nargs)
{
	static const char *const unchecked[] = {
		"KAPI_RETURN_ERROR_COUNT", ".param_count", ".signal_count",
		".alternative_count", "KAPI_STRUCT_FIELD_COUNT",
	};

	if (strcmp(name, ".constraint_count") == 0)
		name = "KAPI_CONSTRAINT_COUNT";
	for (size_t i = 0; i < sizeof count_macros / sizeof count_macros[0]; i++)
		if (strcmp(name, count_macros[i]) == 0) {
			if (nargs == 1 && arg_number(im, &args[0], &im->count[i]))
				im->count_at[i] = args[0].toks[0];
			return true;
		}
	for (size_t i = 0; i < sizeof unchecked / sizeof unchecked[0]; i++)
		if (strcmp(name, unchecked[i]) == 0)
			return true;
	return false;
}

/* One item of a block: a macro with its arguments, or `.key = value,`. */
static void read_item(struct importer *im)
{
	struct ctok at = im->tok;
	struct arg args[MAX_ARGS];
	size_t nargs = 0;
	const char *name;

	if (is(im, ".")) {
		advance(im);
		if (!read_key(im, &name, &args[0]))
			return;
		nargs = 1;
	} else if (im->tok.kind == CT_IDENT) {
		name = text(im, &im->tok);
		advance(im);
		if (is(im, "(") && !read_args(im, args, &nargs))
			return;
	} else {
		error_at(im, &at, "%s", "a KAPI macro or `.key = value,` is expected here");
		advance(im);
		return;
	}
	if (take_count(im, name, args, nargs))
		return;
	const struct rule *r = find_rule(name);
	if (!r) {
		error_at(im, &at, "unknown KAPI macro or key '%s'", name);
		return;
	}
	const char *want = im->block ? im->block : "";
	if (strcmp(r->in, want) != 0) {
		error_at(im, &at, "'%s' is out of place here", name);
		return;
	}
	check_index(im, name, args, nargs);
	if (strcmp(name, "KAPI_PARAM") == 0)
		im->param_at = im->out->len;
	if (strcmp(name, "KAPI_PARAM_VALID_MASK") == 0)
		r = mask_rule(im, r);
	apply_rule(im, r, &at, args, nargs);
	if (strcmp(name, "KAPI_PARAM") == 0 && nargs > 1 && args[1].n == 1 &&
	    args[1].toks[0].kind == CT_STRING) {
		struct strbuf *pn = strbuf_new(im->ctx);
		decode_c_string(pn, im->src->text + args[1].toks[0].offset, args[1].toks[0].len);
		im->params = talloc_realloc(im->ctx, im->params, const char *, im->nparams + 1);
		im->params[im->nparams++] = pn->data;
	}
	if (strcmp(r->fmt + strlen(r->fmt) - 3, "\t}\n") == 0 && r->in[0]) {
		im->block = im->outer;
		im->outer = NULL;
	} else if (strchr(r->fmt, '{') && !strstr(r->fmt, "}")) {
		im->outer = im->block;
		im->block = r->macro;
	}
}

/* DEFINE_KERNEL_API_SPEC(NAME) ... KAPI_END_SPEC; the current token is
 * the DEFINE. */
static void read_block(struct importer *im)
{
	struct ctok at = im->tok;
	size_t from = im->out->len;

	advance(im);
	if (!is(im, "("))
		return;
	advance(im);
	const char *name = text(im, &im->tok);
	advance(im);
	if (!is(im, ")")) {
		error_at(im, &im->tok, "%s", "')' is expected after the spec's name");
		return;
	}
	advance(im);
	if (strncmp(name, "sys_", 4) == 0)
		strbuf_addf(im->out, "\nsyscall %s {\n", name + 4);
	else
		strbuf_addf(im->out, "\nfunction %s {\n", name);
	im->block = im->outer = NULL;
	im->nparams = im->nfixups = 0;
	memset(im->seen, 0, sizeof im->seen);
	memset(im->count_at, 0, sizeof im->count_at);
	while (!is(im, "KAPI_END_SPEC")) {
		if (im->tok.kind == CT_EOF || im->tok.kind == CT_ERROR || diag_gave_up(im->diag)) {
			error_at(im, &at, "%s", "this spec has no KAPI_END_SPEC");
			return;
		}
		read_item(im);
	}
	if (im->block)
		error_at(im, &im->tok, "the spec ends inside %s", im->block);
	check_counts(im);
	resolve_fixups(im, from);
	advance(im);
	strbuf_adds(im->out, "}\n");
}

/* The C types of `SYSCALL_DEFINEn(name, TYPE, ARG, ...)`, if that comes
 * next, for the parameters of the kernel-doc comment above it; `__user`
 * is the kernel's annotation, not the type. */
static void read_syscall_define(struct importer *im)
{
	struct arg args[MAX_ARGS];
	size_t nargs;

	if (im->tok.kind != CT_IDENT || im->tok.len < 14 ||
	    strncmp(im->src->text + im->tok.offset, "SYSCALL_DEFINE", 14) != 0)
		return;
	advance(im);
	if (!is(im, "(") || !read_args(im, args, &nargs))
		return;
	im->def_names = talloc_zero_array(im->ctx, const char *, nargs);
	im->def_types = talloc_zero_array(im->ctx, const char *, nargs);
	for (size_t i = 1; i + 1 < nargs; i += 2) {
		struct strbuf *type = strbuf_new(im->ctx);
		for (size_t k = 0; k < args[i].n; k++) {
			const char *w = text(im, &args[i].toks[k]);
			if (strcmp(w, "__user") != 0)
				strbuf_addf(type, "%s%s", type->len ? " " : "", w);
		}
		if (args[i + 1].n != 1 || !type->len)
			continue;
		im->def_names[im->ndefs] = text(im, &args[i + 1].toks[0]);
		im->def_types[im->ndefs++] = type->data;
	}
}

/* `NAME[] = { ... };`: an array a block may name. */
static void read_array(struct importer *im, const struct ctok *name)
{
	struct arg *items = talloc_array(im->ctx, struct arg, MAX_ARGS);
	size_t n;

	advance(im);
	if (!is(im, "]"))
		return;
	advance(im);
	if (!is(im, "="))
		return;
	advance(im);
	if (!is(im, "{") || !read_args(im, items, &n))
		return;
	im->arrays = talloc_realloc(im->ctx, im->arrays, struct carray, im->narrays + 1);
	im->arrays[im->narrays++] = (struct carray){ text(im, name), items, n };
}

static void import_source(struct importer *im)
{
	unsigned nspecs = 0;

	for (advance(im); im->tok.kind != CT_EOF && im->tok.kind != CT_ERROR; )
		if (is(im, "DEFINE_KERNEL_API_SPEC")) {
			read_block(im);
			nspecs++;
		} else if (im->tok.kind == CT_IDENT) {
			struct ctok name = im->tok;
			advance(im);
			if (is(im, "["))
				read_array(im, &name);
		} else if (im->tok.kind == CT_KDOC) {
			size_t before = im->out->len;
			struct ctok t = im->tok;
			advance(im);
			read_syscall_define(im);
			import_kdoc(im, &t);
			im->ndefs = 0;
			nspecs += im->out->len != before;
		} else {
			advance(im);
		}
	if (!nspecs && !im->failed) {
		struct ctok end = im->tok;
		error_at(im, &end, "%s", "no DEFINE_KERNEL_API_SPEC block or kernel-doc API spec in this file");
	}
}

/* The headers whose macros give the constants a block names. */
static const char *const system_headers =
	"#include <sys/types.h>\\n#include <sys/mman.h>\\n#include <sys/stat.h>\\n"
	"#include <fcntl.h>\\n#include <signal.h>\\n#include <limits.h>\\n";

/* `const NAME = VALUE;` for each name the expressions use, VALUE as the
 * system headers define it (asking ${CC:-cc} -E, for at most 10 s), or 0
 * with a comment where none does. */
static void put_consts(struct importer *im, struct strbuf *sb)
{
	if (!im->nconsts)
		return;
	struct strbuf *cmd = strbuf_new(im->ctx);
	strbuf_addf(cmd, "printf '%s", system_headers);
	for (size_t i = 0; i < im->nconsts; i++)
		strbuf_addf(cmd, "__kapic_v %s\\n", im->consts[i]);
	strbuf_adds(cmd, "' | timeout 10 ${CC:-cc} -D_GNU_SOURCE -E -P -x c - 2>/dev/null");
	FILE *p = popen(cmd->data, "r");
	char line[512];
	size_t n = 0;
	const char **values = talloc_zero_array(im->ctx, const char *, im->nconsts);
	while (p && fgets(line, sizeof line, p))
		if (strncmp(line, "__kapic_v ", 10) == 0 && n < im->nconsts) {
			line[strcspn(line, "\n")] = '\0';
			if (strcmp(line + 10, im->consts[n]) != 0 &&
			    strspn(line + 10, "0123456789abcdefxXuUlL()<>|&~+- ") == strlen(line + 10))
				values[n] = talloc_strdup(im->ctx, line + 10);
			n++;
		}
	if (p)
		pclose(p);
	for (size_t i = 0; i < im->nconsts; i++)
		if (values[i])
			strbuf_addf(sb, "const %s = %s;  // from the system headers\n",
				    im->consts[i], values[i]);
		else
			strbuf_addf(sb, "const %s = 0;  // no system header defines it: give its value\n",
				    im->consts[i]);
}

/* The file's SPDX line and copyright comments, which every kapic output
 * writes first, as `license` and `copyright`. */
static void put_file_facts(struct importer *im, struct strbuf *sb)
{
	static const char spdx[] = "// SPDX-License-Identifier: ", copy[] = "/* Copyright ";
	bool licensed = false;

	for (size_t at = 0; at < im->src->len; ) {
		const char *line = im->src->text + at;
		const char *nl = memchr(line, '\n', im->src->len - at);
		size_t n = nl ? (size_t)(nl - line) : im->src->len - at;

		if (!licensed && n > sizeof spdx - 1 && strncmp(line, spdx, sizeof spdx - 1) == 0) {
			strbuf_adds(sb, "license ");
			esc_kapi_string(sb, line + sizeof spdx - 1, n - (sizeof spdx - 1));
			strbuf_adds(sb, ";\n");
			licensed = true;
		} else if (n > sizeof copy + 2 && strncmp(line, copy, sizeof copy - 1) == 0 &&
			   strncmp(line + n - 3, " */", 3) == 0) {
			struct strbuf *c = strbuf_new(im->ctx);
			strbuf_adds(c, "copyright ");
			esc_kapi_string(c, line + sizeof copy - 1, n - 3 - (sizeof copy - 1));
			strbuf_adds(c, ";\n");
			/* A file of several specs repeats each output's header. */
			if (!strstr(sb->data, c->data))
				strbuf_add(sb, c->data, c->len);
		}
		at += n + 1;
	}
}

int import_main(int argc, char **argv)
{
	const char *out_file = NULL, *in = NULL;
	TALLOC_CTX *ctx = talloc_new(NULL);
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out_file = argv[++i];
		else if (!in && (argv[i][0] != '-' || !argv[i][1]))
			in = argv[i];
		else {
			fprintf(stderr, "kapic: usage: kapic import FILE.c [-o OUT.kapi]\n");
			talloc_free(ctx);
			return 2;
		}
	}
	if (!in) {
		fprintf(stderr, "kapic: usage: kapic import FILE.c [-o OUT.kapi]\n");
		talloc_free(ctx);
		return 2;
	}
	struct importer im = { .ctx = ctx, .diag = diag_new(ctx, stderr, false) };
	struct source *src = source_read_input(ctx, in);
	if (!src) {
		fprintf(stderr, "kapic: %s: %s\n", in, source_strerror(errno));
		talloc_free(ctx);
		return 2;
	}
	im.src = src;
	im.scan = cscan_new(ctx, src, false);
	im.out = strbuf_new(ctx);
	import_source(&im);
	struct strbuf *body = im.out;
	im.out = strbuf_new(ctx);
	strbuf_addf(im.out, "// Imported by kapic from %s.\n", src->name);
	put_file_facts(&im, im.out);
	put_consts(&im, im.out);
	strbuf_add(im.out, body->data, body->len);
	if (im.failed || im.out->overflowed) {
		rc = 1;
	} else {
		struct output_set *set = output_set_new(ctx);
		output_protect(set, src);
		set->origin = src->name;
		bool to_stdout = !out_file || strcmp(out_file, "-") == 0;
		output_add(set, to_stdout ? NULL : talloc_strdup(set, out_file),
			   talloc_steal(set, im.out->data), im.out->len);
		if (!output_commit(set, stderr))
			rc = 2;
	}
	talloc_free(ctx);
	return rc;
}
