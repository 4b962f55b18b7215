#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "escape.h"
#include "strbuf.h"
#include "template.h"
#include "template-program.h"
#include "util.h"

#define CHECK_NAME "template"

enum tval_kind { TV_NULL, TV_BOOL, TV_STR, TV_LIST, TV_MAP };

/* ======================================================================
 * View-model values
 * ====================================================================== */

struct map_entry {
	const char *key;            /* not copied: it outlives the map */
	struct tval *val;
};

/* A view holds a thousand values a spec, and a file's JSON keeps every
 * spec's: a string's fields and a container's share their room. */
struct tval {
	enum tval_kind kind;
	bool b;
	union {
		/* TV_STR.  PIECES point into S; NPIECES is 0 unless the
		 * string was built from pieces. */
		struct {
			const char *s;
			size_t len;
			const char *const *pieces;
			const size_t *lens;
			size_t npieces;
		};
		/* TV_LIST: ITEMS; TV_MAP: ENTRIES in insertion order, the
		 * order "did you mean" weighs them in.  A view's maps hold a
		 * few dozen keys at most, so a lookup is a scan. */
		struct {
			struct tval **items;
			struct map_entry *entries;
			size_t n;
		};
	};
};

static struct tval *tv_new(TALLOC_CTX *ctx, enum tval_kind kind)
{
	struct tval *v = talloc_zero(ctx, struct tval);

	if (!v)
		abort();
	v->kind = kind;
	return v;
}

/* Nulls and booleans are a third of a view's values and all alike: they
 * are shared, never made.  Never written: only containers change once
 * made, and these are not ones. */
static struct tval shared_null = { .kind = TV_NULL };
static struct tval shared_false = { .kind = TV_BOOL, .b = false };
static struct tval shared_true = { .kind = TV_BOOL, .b = true };

struct tval *tv_null(TALLOC_CTX *ctx)
{
	(void)ctx;
	return &shared_null;
}

struct tval *tv_bool(TALLOC_CTX *ctx, bool b)
{
	(void)ctx;
	return b ? &shared_true : &shared_false;
}

/* A copy of the LEN bytes at S, after the value in one block. */
struct tval *tv_strn(TALLOC_CTX *ctx, const char *s, size_t len)
{
	struct tval *v = talloc_size(ctx, sizeof *v + len + 1);
	char *copy;

	if (!v)
		abort();
	copy = (char *)(v + 1);
	*v = (struct tval){ .kind = TV_STR, .s = copy, .len = len };
	if (len)
		memcpy(copy, s, len);
	copy[len] = '\0';
	return v;
}

struct tval *tv_str_ref(TALLOC_CTX *ctx, const char *const *pieces,
			const size_t *lens, size_t n, const char *text, size_t len)
{
	struct tval *v = tv_new(ctx, TV_STR);

	v->s = text;
	v->len = len;
	v->pieces = pieces;
	v->lens = lens;
	v->npieces = n;
	return v;
}

struct tval *tv_str(TALLOC_CTX *ctx, const char *s)
{
	return tv_strn(ctx, s, strlen(s));
}

/* Most are numbers and short names: formatted on the stack, then one
 * block with the value. */
struct tval *tv_fmt(TALLOC_CTX *ctx, const char *fmt, ...)
{
	char small[64], *s;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	if ((size_t)n < sizeof small)
		return tv_strn(ctx, small, (size_t)n);
	va_start(ap, fmt);
	s = talloc_vasprintf(ctx, fmt, ap);
	va_end(ap);
	if (!s)
		abort();
	return tv_str_ref(ctx, NULL, NULL, 0, s, (size_t)n);
}

struct tval *tv_int(TALLOC_CTX *ctx, long long v)
{
	return tv_fmt(ctx, "%lld", v);
}

struct tval *tv_list(TALLOC_CTX *ctx)
{
	return tv_new(ctx, TV_LIST);
}

struct tval *tv_map(TALLOC_CTX *ctx)
{
	return tv_new(ctx, TV_MAP);
}

void tv_push(struct tval *list, struct tval *item)
{
	if (list->kind != TV_LIST || !item)
		abort();   /* a view-model bug, not a user error */
	list->items = util_grow(list, list->items, list->n, sizeof *list->items);
	list->items[list->n++] = item;
}

/* The entry of KEY in MAP, or NULL. */
static struct map_entry *map_entry(const struct tval *map, const char *key)
{
	if (!map || map->kind != TV_MAP)
		return NULL;
	for (size_t e = 0; e < map->n; e++)   /* the first byte rules most out */
		if (map->entries[e].key[0] == key[0] && strcmp(map->entries[e].key, key) == 0)
			return &map->entries[e];
	return NULL;
}

void tv_add(struct tval *map, const char *key, struct tval *val)
{
	if (map->kind != TV_MAP || !val)
		abort();   /* a view-model bug, not a user error */
	map->entries = util_grow(map, map->entries, map->n, sizeof *map->entries);
	map->entries[map->n++] = (struct map_entry){ key, val };
}

void tv_set(struct tval *map, const char *key, struct tval *val)
{
	struct map_entry *e = map_entry(map, key);

	if (e && val)
		e->val = val;
	else
		tv_add(map, key, val);
}

const struct tval *tv_get(const struct tval *map, const char *key)
{
	const struct map_entry *e = map_entry(map, key);

	return e ? e->val : NULL;
}

const char *tv_text(const struct tval *v, size_t *len)
{
	if (!v || v->kind != TV_STR)
		return NULL;
	if (len)
		*len = v->len;
	return v->s;
}

static const char *kind_name(enum tval_kind k)
{
	switch (k) {
	case TV_NULL: return "null";
	case TV_BOOL: return "a boolean";
	case TV_STR:  return "a string";
	case TV_LIST: return "a list";
	case TV_MAP:  return "a map";
	}
	return "?";
}

/* ======================================================================
 * Templates
 * ====================================================================== */

static const char *const escaper_names[ESC_COUNT] = {
	NULL, "raw", "c_string", "c_comment", "c_ident", "roff_text",
	"roff_arg", "roff_code", "json", "json_text", "kdoc",
};

static const char *const special_names[SP_COUNT] = {
	NULL, "@index", "@number", "@first", "@last",
};

/* A program parsed now or by tmplc, and the text it was parsed from. */
struct template {
	const struct source *src;
	struct template_program prog;
};

static const char *name_text(const struct template *t, const struct name *nm)
{
	return t->prog.names + nm->text;
}

static const char *name_seg(const struct template *t, const struct name *nm,
			    size_t k)
{
	return t->prog.names + t->prog.segs[nm->segs + k];
}

static struct loc op_loc(const struct template *t, const struct op *op)
{
	return (struct loc){ .src = t->src, .first_offset = op->first_offset,
			     .last_offset = op->last_offset };
}

/* --- lexing ------------------------------------------------------------- */

enum tok_kind {
	TK_TEXT,           /* never crosses a newline; ends with one, if any */
	TK_VAR,
	TK_OPEN,
	TK_INVERTED,
	TK_CLOSE,
	TK_COMMENT,
	TK_PRAGMA,
	TK_UNTERMINATED,
};

struct tok {
	enum tok_kind kind;
	uint32_t off, len;    /* text span; for tags, the inside after the sigil */
	struct loc loc;       /* whole tag */
};

struct parser {
	struct template *t;
	TALLOC_CTX *tmp;         /* what the template does not keep */
	const struct source *src;
	struct diag *d;
	unsigned errors;
	struct tok *toks;
	size_t ntoks;
	size_t ntags;            /* of the tokens, those that are tags */
	struct op *ops;          /* the program, handed to T when it is done */
	size_t nops;
	enum escaper def;        /* the default escaper ({{%escape}}) */
	size_t *stack, depth;    /* the sections open */
	char *names;             /* the name table (name_store) */
	uint32_t *segs;          /* the part table */
	size_t names_used, names_room, segs_used, segs_room;
};

static void __attribute__((format(printf, 3, 4)))
perror_at(struct parser *p, const struct loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vreport(p->d, DIAG_ERROR, loc, CHECK_NAME, fmt, ap);
	va_end(ap);
	p->errors++;
}

static struct tok *add_tok(struct parser *p, enum tok_kind kind)
{
	struct tok *tk;

	p->toks = util_grow(p->tmp, p->toks, p->ntoks, sizeof *p->toks);
	tk = &p->toks[p->ntoks++];
	memset(tk, 0, sizeof(*tk));
	tk->kind = kind;
	return tk;
}

/* Offset of the first "ab" pair in [from, to), or TO. */
static size_t find_pair(const char *s, size_t from, size_t to, char a, char b)
{
	while (from + 1 < to) {
		const char *hit = memchr(s + from, a, to - from - 1);

		if (!hit)
			break;
		from = (size_t)(hit - s);
		if (s[from + 1] == b)
			return from;
		from++;
	}
	return to;
}

static void add_text(struct parser *p, size_t from, size_t to)
{
	const char *s = p->src->text;

	while (from < to) {
		const char *nl = memchr(s + from, '\n', to - from);
		size_t end = nl ? (size_t)(nl - s) + 1 : to;
		struct tok *tk = add_tok(p, TK_TEXT);

		tk->off = (uint32_t)from;
		tk->len = (uint32_t)(end - from);
		from = end;
	}
}

static void lex(struct parser *p)
{
	const char *s = p->src->text;
	size_t len = p->src->len, pos = 0;

	while (pos < len) {
		size_t open = find_pair(s, pos, len, '{', '{');
		size_t inner, close, limit;
		struct tok *tk;
		enum tok_kind kind;

		add_text(p, pos, open);
		if (open == len)
			break;
		inner = open + 2;
		switch (inner < len ? s[inner] : '\0') {
		case '#': kind = TK_OPEN; inner++; break;
		case '^': kind = TK_INVERTED; inner++; break;
		case '/': kind = TK_CLOSE; inner++; break;
		case '!': kind = TK_COMMENT; inner++; break;
		case '%': kind = TK_PRAGMA; inner++; break;
		default:  kind = TK_VAR; break;
		}
		/* Only comments may span lines; for other tags a missing
		 * close is reported and lexing resumes on the next line, so
		 * one typo does not swallow the rest of the template. */
		limit = len;
		if (kind != TK_COMMENT) {
			const char *nl = memchr(s + inner, '\n', len - inner);

			if (nl)
				limit = (size_t)(nl - s);
		}
		close = find_pair(s, inner, limit, '}', '}');
		tk = add_tok(p, kind);
		p->ntags++;
		tk->loc.src = p->src;
		tk->loc.first_offset = (uint32_t)open;
		if (close == limit) {
			tk->kind = TK_UNTERMINATED;
			tk->off = (uint32_t)open;
			tk->len = kind == TK_COMMENT;   /* for the message */
			tk->loc.last_offset = (uint32_t)open + 2;
			pos = limit;
			continue;
		}
		tk->off = (uint32_t)inner;
		tk->len = (uint32_t)(close - inner);
		tk->loc.last_offset = (uint32_t)close + 2;
		pos = close + 2;
	}
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool standalone_kind(enum tok_kind k)
{
	return k == TK_OPEN || k == TK_INVERTED || k == TK_CLOSE ||
	       k == TK_COMMENT || k == TK_PRAGMA;
}

/*
 * Mustache's standalone rule, generalised to several tags: a line holding
 * only section, comment and pragma tags plus blanks vanishes with its
 * newline, so a template can put control structure on lines of its own
 * without it showing in the output.
 */
static void drop_standalone_lines(struct parser *p)
{
	const char *s = p->src->text;
	size_t first = 0;

	while (first < p->ntoks) {
		size_t last = first;
		bool only_ws = true, has_tag = false;

		for (;; last++) {
			const struct tok *tk = &p->toks[last];

			if (tk->kind == TK_TEXT) {
				/* Up to the first byte that is not a blank. */
				for (size_t i = 0; i < tk->len && only_ws; i++)
					only_ws = is_blank(s[tk->off + i]);
			} else if (standalone_kind(tk->kind)) {
				has_tag = true;
			} else {
				only_ws = false;
			}
			if (last + 1 == p->ntoks ||
			    (tk->kind == TK_TEXT && tk->len &&
			     s[tk->off + tk->len - 1] == '\n'))
				break;
		}
		if (only_ws && has_tag)
			for (size_t i = first; i <= last; i++)
				if (p->toks[i].kind == TK_TEXT)
					p->toks[i].len = 0;
		first = last + 1;
	}
}

/* --- parsing ------------------------------------------------------------ */

static struct op *add_op(struct parser *p, enum op_kind kind,
			 const struct loc *loc)
{
	struct op *op;

	p->ops = util_grow(p->t, p->ops, p->nops, sizeof *p->ops);
	op = &p->ops[p->nops++];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	if (loc) {
		/* Only comments span lines, and they make no op. */
		op->first_offset = loc->first_offset;
		op->last_offset = loc->last_offset;
	}
	return op;
}

/* Trim blanks from the span [*off, *off + *len). */
static void trim(const char *s, size_t *off, size_t *len)
{
	while (*len && is_blank(s[*off])) {
		(*off)++;
		(*len)--;
	}
	while (*len && is_blank(s[*off + *len - 1]))
		(*len)--;
}

/* The location of a span inside a one-line tag. */
static struct loc sub_loc(const struct tok *tk, size_t off, size_t len)
{
	struct loc l = tk->loc;

	l.first_offset = (uint32_t)off;
	l.last_offset = (uint32_t)(off + (len ? len : 1));
	return l;
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* OUT: the name S of LEN bytes, split at its NSEGS - 1 dots, in the
 * template's name table: the text as written, then (for a dotted name)
 * the parts, each NUL-terminated; an undotted name is its own only part.
 * A template holds a thousand names, and a block each was most of its
 * memory. */
static void name_store(struct parser *p, const char *s, size_t len,
		       size_t nsegs, struct name *out)
{
	size_t need = (nsegs > 1 ? 2 : 1) * (len + 1);
	char *text = p->names + p->names_used;
	char *parts = nsegs > 1 ? text + len + 1 : text;

	if (p->names_used + need > p->names_room || p->segs_used + nsegs > p->segs_room)
		abort();   /* template_parse sized the table from the tags */
	p->names_used += need;
	memcpy(text, s, len);
	text[len] = '\0';
	out->text = (uint32_t)(text - p->names);
	out->segs = (uint32_t)p->segs_used;
	p->segs_used += nsegs;
	if (nsegs > 1)
		memcpy(parts, text, len + 1);
	for (char *seg = parts; out->nsegs < nsegs; out->nsegs++) {
		size_t n = nsegs > 1 ? strcspn(seg, ".") : len;

		seg[n] = '\0';
		p->segs[out->segs + out->nsegs] = (uint32_t)(seg - p->names);
		seg += n + 1;
	}
}

static bool parse_name(struct parser *p, const struct tok *tk, size_t off,
		       size_t len, struct name *out)
{
	const char *s = p->src->text + off;
	struct loc loc = sub_loc(tk, off, len);
	int shown = len > INT_MAX ? INT_MAX : (int)len;

	memset(out, 0, sizeof(*out));
	if (len == 0) {
		perror_at(p, &tk->loc, "empty name in tag");
		return false;
	}
	if (len == 1 && s[0] == '.') {
		name_store(p, s, len, 0, out);
		return true;
	}
	if (s[0] == '@') {
		name_store(p, s, len, 0, out);
		for (int sp = SP_NONE + 1; sp < SP_COUNT; sp++) {
			if (strcmp(name_text(p->t, out), special_names[sp]) == 0) {
				out->special = (enum special)sp;
				return true;
			}
		}
		perror_at(p, &loc, "unknown special name '%s'", name_text(p->t, out));
		const char *near = diag_closest(name_text(p->t, out), special_names + 1,
						SP_COUNT - 1);
		if (near)
			diag_hint(p->d, "did you mean '%s'?", near);
		else
			diag_hint(p->d, "list sections define @index, @number, @first and @last");
		return false;
	}
	size_t nsegs = 1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '.') {
			if (i == 0 || i == len - 1 || s[i + 1] == '.') {
				perror_at(p, &loc, "empty part in dotted name '%.*s'",
					  shown, s);
				return false;
			}
			nsegs++;
			continue;
		}
		if (!name_char(s[i])) {
			unsigned char c = (unsigned char)s[i];

			if (c == '|')
				perror_at(p, &loc, "a section tag takes no escaper: '%.*s'",
					  shown, s);
			else if (c > 0x20 && c < 0x7f)
				perror_at(p, &loc, "invalid character '%c' in name '%.*s'",
					  c, shown, s);
			else
				perror_at(p, &loc, "invalid byte 0x%02x in name", c);
			return false;
		}
	}
	name_store(p, s, len, nsegs, out);
	return true;
}

static enum escaper parse_escaper(struct parser *p, const struct tok *tk,
				  size_t off, size_t len)
{
	const char *s = p->src->text + off;
	struct loc loc = sub_loc(tk, off, len);
	char *word;
	const char *near;

	if (len == 0) {
		perror_at(p, &loc, "missing escaper name");
		return ESC_NONE;
	}
	for (int e = ESC_NONE + 1; e < ESC_COUNT; e++)
		if (strlen(escaper_names[e]) == len &&
		    memcmp(escaper_names[e], s, len) == 0)
			return (enum escaper)e;
	word = talloc_strndup(p->tmp, s, len);
	perror_at(p, &loc, "unknown escaper '%s'", word);
	near = diag_closest(word, escaper_names + 1, ESC_COUNT - 1);
	if (near)
		diag_hint(p->d, "did you mean '%s'?", near);
	else
		diag_hint(p->d, "escapers are c_string, c_comment, c_ident, "
			  "roff_text, roff_arg, roff_code, json, kdoc and raw");
	talloc_free(word);
	return ESC_NONE;
}

static void parse_var(struct parser *p, const struct tok *tk,
		      enum escaper def)
{
	const char *s = p->src->text;
	size_t off = tk->off, len = tk->len;
	const char *bar = memchr(s + off, '|', len);
	size_t nlen = bar ? (size_t)(bar - (s + off)) : len;
	struct op *op;
	struct name name;
	enum escaper esc = ESC_NONE;
	bool ok;

	trim(s, &off, &nlen);
	ok = parse_name(p, tk, off, nlen, &name);
	if (bar) {
		size_t eoff = (size_t)(bar - s) + 1;
		size_t elen = tk->off + tk->len - eoff;

		trim(s, &eoff, &elen);
		esc = parse_escaper(p, tk, eoff, elen);
		if (esc == ESC_NONE)
			return;
	} else if (ok) {
		esc = def;
		if (esc == ESC_NONE) {
			perror_at(p, &tk->loc, "no escaper for '%s'", name_text(p->t, &name));
			diag_hint(p->d, "write '{{%s|ESCAPER}}' or declare a default "
				  "with '{{%%escape ESCAPER}}' before it", name_text(p->t, &name));
			return;
		}
	}
	if (!ok)
		return;
	op = add_op(p, OP_VAR, &tk->loc);
	op->name = name;
	op->esc = esc;
}

static enum escaper parse_pragma(struct parser *p, const struct tok *tk)
{
	static const char kw[] = "escape";
	const char *s = p->src->text;
	size_t off = tk->off, len = tk->len, wlen = 0;

	trim(s, &off, &len);
	while (wlen < len && !is_blank(s[off + wlen]))
		wlen++;
	if (wlen != sizeof(kw) - 1 || memcmp(s + off, kw, wlen) != 0) {
		struct loc loc = sub_loc(tk, off, wlen);

		perror_at(p, &loc, "unknown pragma '%.*s'", (int)wlen, s + off);
		diag_hint(p->d, "the only pragma is '{{%%escape ESCAPER}}'");
		return ESC_NONE;
	}
	off += wlen;
	len -= wlen;
	trim(s, &off, &len);
	if (len == 0) {
		perror_at(p, &tk->loc, "'{{%%escape}}' needs an escaper name");
		return ESC_NONE;
	}
	return parse_escaper(p, tk, off, len);
}

static void close_section(struct parser *p, const struct tok *tk)
{
	size_t *stack = p->stack, *depth = &p->depth;
	const char *s = p->src->text;
	size_t off = tk->off, len = tk->len;
	struct op *open, *end;
	const char *open_name;

	trim(s, &off, &len);
	if (len == 0) {
		perror_at(p, &tk->loc, "empty name in tag");
		return;
	}
	if (*depth == 0) {
		perror_at(p, &tk->loc, "'{{/%.*s}}' closes no open section",
			  (int)len, s + off);
		return;
	}
	open = &p->ops[stack[*depth - 1]];
	open_name = name_text(p->t, &open->name);
	if (strlen(open_name) != len || memcmp(open_name, s + off, len) != 0) {
		int open_line, open_column;

		source_position(p->t->src, open->first_offset, &open_line, &open_column);
		perror_at(p, &tk->loc,
			  "'{{/%.*s}}' does not match '{{%c%s}}' opened at %d:%d",
			  (int)len, s + off,
			  open->kind == OP_INVERTED ? '^' : '#',
			  open_name, open_line, open_column);
		struct loc open_at = op_loc(p->t, open);
		diag_report(p->d, DIAG_NOTE, &open_at, CHECK_NAME,
			    "section '%s' opened here", open_name);
		/* Recover so later errors still make sense: if an outer
		 * section has this name, the inner closes were forgotten and
		 * we unwind to it; otherwise take it as a misspelt close of
		 * the innermost section. */
		for (size_t i = *depth - 1; i-- > 0;) {
			const char *n = name_text(p->t, &p->ops[stack[i]].name);

			if (strlen(n) == len && memcmp(n, s + off, len) == 0) {
				*depth = i;
				return;
			}
		}
		(*depth)--;
		return;
	}
	end = add_op(p, OP_END, &tk->loc);
	end->match = stack[*depth - 1];
	p->ops[end->match].match = p->nops - 1;
	(*depth)--;
}

static void add_text_op(struct parser *p, const struct tok *tk)
{
	struct op *op = p->nops ? &p->ops[p->nops - 1] : NULL;

	if (tk->len == 0)
		return;
	if (op && op->kind == OP_TEXT && op->text_offset + op->len == tk->off) {
		op->len += tk->len;
		return;
	}
	op = add_op(p, OP_TEXT, NULL);
	op->text_offset = tk->off;
	op->len = tk->len;
}

static void open_section(struct parser *p, const struct tok *tk)
{
	size_t off = tk->off, len = tk->len;
	struct name name;
	struct op *op;

	trim(p->src->text, &off, &len);
	if (!parse_name(p, tk, off, len, &name))
		return;
	if (name.special == SP_INDEX || name.special == SP_NUMBER) {
		perror_at(p, &tk->loc, "'%s' is a number and cannot open a section",
			  name_text(p->t, &name));
		return;
	}
	op = add_op(p, tk->kind == TK_OPEN ? OP_SECTION : OP_INVERTED, &tk->loc);
	op->name = name;
	p->stack[p->depth++] = p->nops - 1;
}

static void parse_token(struct parser *p, const struct tok *tk)
{
	enum escaper e;

	switch (tk->kind) {
	case TK_TEXT:
		add_text_op(p, tk);
		break;
	case TK_VAR:
		parse_var(p, tk, p->def);
		break;
	case TK_OPEN:
	case TK_INVERTED:
		open_section(p, tk);
		break;
	case TK_CLOSE:
		close_section(p, tk);
		break;
	case TK_COMMENT:
		break;
	case TK_PRAGMA:
		if ((e = parse_pragma(p, tk)) != ESC_NONE)
			p->def = e;
		break;
	case TK_UNTERMINATED:
		perror_at(p, &tk->loc, "unterminated tag: '{{' without '}}'%s",
			  tk->len ? "" : " on the same line");
		break;
	}
}

struct template *template_parse(TALLOC_CTX *ctx, const struct source *src,
				struct diag *d)
{
	struct parser p = { .src = src, .d = d, .def = ESC_NONE };
	struct template *t;

	/* The tokens' array starts with room for the built-in templates'
	 * (a token every 8 bytes, or fewer), so that it is not copied as it
	 * grows; util_grow takes over past that. */
	if (!(p.tmp = talloc_new(NULL)) ||
	    !(p.toks = talloc_array(p.tmp, struct tok, util_room(src->len / 8 + 16))))
		abort();
	lex(&p);
	drop_standalone_lines(&p);
	/* A tag's name takes at most twice its bytes and a part every two
	 * of them; the program is an op a tag and one for the text after
	 * it, at most.  All three come from one pool. */
	for (size_t i = 0; i < p.ntoks; i++)
		if (p.toks[i].kind != TK_TEXT) {
			p.names_room += 2 * (p.toks[i].len + 1);
			p.segs_room += p.toks[i].len / 2 + 1;
		}
	t = talloc_pooled_object(ctx, struct template, 3,
				 util_room(2 * p.ntags + 1) * sizeof(struct op) +
				 p.names_room + p.segs_room * sizeof(uint32_t));
	if (!t)
		abort();
	*t = (struct template){ .src = src };
	p.t = t;
	p.ops = talloc_array(t, struct op, util_room(2 * p.ntags + 1));
	p.names = talloc_array(t, char, p.names_room);
	p.segs = talloc_array(t, uint32_t, p.segs_room);
	p.stack = talloc_array(p.tmp, size_t, p.ntags + 1);
	if (!p.ops || !p.names || !p.segs || !p.stack)
		abort();
	t->prog.names = p.names;   /* for the messages, as names are stored */
	for (size_t i = 0; i < p.ntoks; i++)
		parse_token(&p, &p.toks[i]);
	for (size_t i = 0; i < p.depth; i++) {
		const struct op *open = &p.ops[p.stack[i]];
		struct loc open_at = op_loc(t, open);

		perror_at(&p, &open_at, "section '%s' is never closed",
			  name_text(t, &open->name));
	}
	talloc_free(p.tmp);
	if (p.errors) {
		talloc_free(t);
		return NULL;
	}
	t->prog = (struct template_program){ NULL, p.ops, p.nops, p.names,
					     p.names_used, p.segs, p.segs_used };
	return t;
}

struct template *template_from_program(TALLOC_CTX *ctx, const struct source *src,
				       const struct template_program *prog)
{
	struct template *t = talloc(ctx, struct template);

	if (!t)
		abort();
	*t = (struct template){ src, *prog };
	return t;
}

struct template_program template_program_of(const struct template *t)
{
	return t->prog;
}

/* --- rendering ---------------------------------------------------------- */

struct frame {
	const struct tval *ctx;    /* what the section pushed, or NULL */
	const struct tval *list;   /* set while iterating a list */
	size_t index;
	size_t op;                 /* the section op */
};

struct render {
	const struct template *t;
	struct diag *d;
	struct strbuf *out;
	struct frame *frames;
	size_t nframes;
	bool *reported;            /* per op: each broken tag is told once */
	bool failed;
};

/* Reports unless this op already did (a bad tag in a loop would otherwise
 * repeat per item); returns whether a report was printed. */
static bool __attribute__((format(printf, 3, 4)))
rerror(struct render *r, size_t opi, const char *fmt, ...)
{
	va_list ap;

	r->failed = true;
	if (r->reported[opi])
		return false;
	r->reported[opi] = true;
	va_start(ap, fmt);
	struct loc at = op_loc(r->t, &r->t->prog.ops[opi]);
	diag_vreport(r->d, DIAG_ERROR, &at, CHECK_NAME, fmt, ap);
	va_end(ap);
	return true;
}

static void push_frame(struct render *r, const struct tval *ctx,
		       const struct tval *list, size_t op)
{
	r->frames = util_grow(r, r->frames, r->nframes, sizeof *r->frames);
	r->frames[r->nframes++] = (struct frame){ ctx, list, 0, op };
}

/* What a name stands for: a value, or a position in a list section. */
enum rkind { R_VAL, R_BOOL, R_NUM };

struct rval {
	enum rkind kind;
	const struct tval *v;
	bool b;
	size_t num;
};

/* Suggest a key visible from here for a misspelt part: from ONLY, or from
 * every frame, the innermost first. */
static void hint_unknown(struct render *r, const char *word,
			 const struct tval *only)
{
	const char **cands = NULL;
	size_t n = 0;
	const char *near;

	for (size_t f = r->nframes; f-- > 0;) {
		const struct tval *c = only ? only : r->frames[f].ctx;

		if (c && c->kind == TV_MAP) {
			cands = talloc_realloc(r, cands, const char *, n + c->n + 1);
			if (!cands)
				abort();
			for (size_t i = 0; i < c->n; i++)
				cands[n++] = c->entries[i].key;
		}
		if (only)
			break;
	}
	near = diag_closest(word, cands, n);
	if (near)
		diag_hint(r->d, "did you mean '%s'?", near);
	talloc_free(cands);
}

/* @index, @number, @first, @last: of the innermost list section. */
static bool resolve_special(struct render *r, size_t opi, struct rval *out)
{
	const struct name *nm = &r->t->prog.ops[opi].name;
	const struct frame *f = NULL;

	for (size_t i = r->nframes; i-- > 0 && !f;)
		if (r->frames[i].list)
			f = &r->frames[i];
	if (!f) {
		rerror(r, opi, "'%s' is only defined inside a list section",
		       name_text(r->t, nm));
		return false;
	}
	switch (nm->special) {
	case SP_INDEX:  out->kind = R_NUM; out->num = f->index; break;
	case SP_NUMBER: out->kind = R_NUM; out->num = f->index + 1; break;
	case SP_FIRST:  out->kind = R_BOOL; out->b = f->index == 0; break;
	default:        out->kind = R_BOOL; out->b = f->index + 1 == f->list->n; break;
	}
	return true;
}

/* The rest of a dotted name, strictly inside V, what its first part found. */
static const struct tval *resolve_rest(struct render *r, size_t opi,
				       const struct tval *v)
{
	const struct name *nm = &r->t->prog.ops[opi].name;

	for (size_t s = 1; s < nm->nsegs; s++) {
		const struct tval *next;

		if (v->kind != TV_MAP) {
			size_t prefix = s - 1;   /* the dots */

			for (size_t k = 0; k < s; k++)
				prefix += strlen(name_seg(r->t, nm, k));
			rerror(r, opi, "cannot look up '%s' in '%.*s': it is %s",
			       name_seg(r->t, nm, s), (int)prefix,
			       name_text(r->t, nm), kind_name(v->kind));
			return NULL;
		}
		if (!(next = tv_get(v, name_seg(r->t, nm, s)))) {
			if (rerror(r, opi, "unknown variable '%s': no '%s' in '%s'",
				   name_text(r->t, nm), name_seg(r->t, nm, s),
				   name_seg(r->t, nm, s - 1)))
				hint_unknown(r, name_seg(r->t, nm, s), v);
			return NULL;
		}
		v = next;
	}
	return v;
}

/* Mustache scoping: the first part of a name is looked up from the
 * innermost context outwards, the rest strictly inside what it found. */
static bool resolve(struct render *r, size_t opi, struct rval *out)
{
	const struct name *nm = &r->t->prog.ops[opi].name;
	const struct tval *v = NULL;

	memset(out, 0, sizeof(*out));
	if (nm->special != SP_NONE)
		return resolve_special(r, opi, out);
	if (nm->nsegs == 0) {
		for (size_t i = r->nframes; i-- > 0 && !v;)
			v = r->frames[i].ctx;
		if (!v)
			rerror(r, opi, "'.' has no value here");
	} else {
		for (size_t i = r->nframes; i-- > 0 && !v;)
			v = tv_get(r->frames[i].ctx, name_seg(r->t, nm, 0));
		if (!v && rerror(r, opi, "unknown variable '%s'",
				 name_seg(r->t, nm, 0)))
			hint_unknown(r, name_seg(r->t, nm, 0), NULL);
		if (v)
			v = resolve_rest(r, opi, v);
	}
	out->kind = R_VAL;
	out->v = v;
	return v != NULL;
}

static void emit_string(struct render *r, size_t opi, const struct tval *v,
			const char *s, size_t len)
{
	const struct op *op = &r->t->prog.ops[opi];

	switch (op->esc) {
	case ESC_RAW:
		strbuf_add(r->out, s, len);
		break;
	case ESC_C_STRING:
		/* Straight into the output so the escaper sees the column
		 * its continuation literals must align to. */
		if (v && v->npieces > 1)
			esc_c_string(r->out, v->pieces, v->lens, v->npieces);
		else
			esc_c_string(r->out, &s, &len, 1);
		break;
	case ESC_C_COMMENT:
		esc_c_comment(r->out, s, len);
		break;
	case ESC_C_IDENT:
		if (esc_is_c_ident(s, len)) {
			strbuf_add(r->out, s, len);
		} else {
			struct strbuf *shown = strbuf_new(r);

			esc_json(shown, s, len > 64 ? 64 : len);
			rerror(r, opi, "'%s' is not a valid C identifier: %s%s",
			       name_text(r->t, &op->name), shown->data,
			       len > 64 ? "..." : "");
			talloc_free(shown);
		}
		break;
	case ESC_ROFF_TEXT:
		esc_roff_text(r->out, s, len);
		break;
	case ESC_ROFF_ARG:
		esc_roff_arg(r->out, s, len);
		break;
	case ESC_ROFF_CODE:
		esc_roff_code(r->out, s, len);
		break;
	case ESC_JSON:
		esc_json(r->out, s, len);
		break;
	case ESC_JSON_TEXT:
		esc_json_text(r->out, s, len);
		break;
	case ESC_KDOC:
		/* Into the output: the escaper reads the key's column. */
		esc_kdoc(r->out, s, len);
		break;
	case ESC_NONE:
	case ESC_COUNT:
		abort();   /* the parser resolved every escaper */
	}
}

static void emit_var(struct render *r, size_t opi)
{
	const struct op *op = &r->t->prog.ops[opi];
	struct rval rv;
	char num[24];

	if (!resolve(r, opi, &rv))
		return;
	if (rv.kind == R_VAL && rv.v->kind == TV_BOOL) {
		rv.kind = R_BOOL;
		rv.b = rv.v->b;
	}
	if (rv.kind == R_NUM) {
		int n = snprintf(num, sizeof num, "%zu", rv.num);

		emit_string(r, opi, NULL, num, (size_t)n);
	} else if (rv.kind == R_BOOL) {
		if (op->esc == ESC_RAW)
			strbuf_addc(r->out, rv.b ? '1' : '0');
		else if (op->esc == ESC_JSON)
			strbuf_adds(r->out, rv.b ? "true" : "false");
		else
			rerror(r, opi, "'%s' is a boolean; only the raw and json "
			       "escapers can print one", name_text(r->t, &op->name));
	} else if (rv.v->kind == TV_STR) {
		emit_string(r, opi, rv.v, rv.v->s, rv.v->len);
	} else if (rv.v->kind == TV_NULL) {
		rerror(r, opi, "'%s' is null", name_text(r->t, &op->name));
	} else {
		rerror(r, opi, "'%s' is %s, not a string", name_text(r->t, &op->name),
		       kind_name(rv.v->kind));
	}
}

/* Enter the section at PC, or skip it; returns the next op. */
static size_t section_start(struct render *r, size_t pc)
{
	const struct op *op = &r->t->prog.ops[pc];
	const struct tval *push = NULL, *list = NULL;
	struct rval rv;
	bool truthy = false;

	if (!resolve(r, pc, &rv))
		return op->match + 1;
	if (rv.kind == R_BOOL) {
		truthy = rv.b;
	} else if (rv.v->kind == TV_BOOL) {
		truthy = rv.v->b;
	} else if (rv.v->kind == TV_STR || rv.v->kind == TV_MAP) {
		truthy = rv.v->kind == TV_MAP || rv.v->len > 0;
		push = rv.v;
	} else if (rv.v->kind == TV_LIST && rv.v->n > 0) {
		truthy = true;
		list = rv.v;
		push = list->items[0];
	}
	if (op->kind == OP_INVERTED) {
		truthy = !truthy;
		push = list = NULL;
	}
	if (!truthy)
		return op->match + 1;
	push_frame(r, push, list, pc);
	return pc + 1;
}

/* At a section's END: its next list item, or out of it. */
static size_t section_end(struct render *r, size_t pc)
{
	struct frame *f = &r->frames[r->nframes - 1];

	if (f->list && ++f->index < f->list->n) {
		f->ctx = f->list->items[f->index];
		return f->op + 1;
	}
	r->nframes--;
	return pc + 1;
}

static void render_ops(struct render *r)
{
	const struct template *t = r->t;

	for (size_t pc = 0; pc < t->prog.nops;) {
		const struct op *op = &t->prog.ops[pc];

		switch (op->kind) {
		case OP_TEXT:
			strbuf_add(r->out, t->src->text + op->text_offset, op->len);
			pc++;
			break;
		case OP_VAR:
			emit_var(r, pc);
			pc++;
			break;
		case OP_END:
			pc = section_end(r, pc);
			break;
		case OP_SECTION:
		case OP_INVERTED:
			pc = section_start(r, pc);
			break;
		}
	}
}

char *template_render(TALLOC_CTX *ctx, const struct template *t,
		      const struct tval *root, struct diag *d,
		      size_t *len_out)
{
	struct render *r = talloc_zero(NULL, struct render);
	char *result = NULL;

	if (!r)
		abort();
	r->t = t;
	r->d = d;
	r->out = strbuf_new(r);
	r->reported = talloc_zero_array(r, bool, t->prog.nops ? t->prog.nops : 1);
	if (!r->reported)
		abort();
	push_frame(r, root, NULL, SIZE_MAX);
	render_ops(r);
	if (r->out->overflowed && !r->failed) {
		diag_report(d, DIAG_ERROR, NULL, CHECK_NAME,
			    "%s: the output is larger than %zu MB; split the input",
			    t->src->name, STRBUF_MAX >> 20);
		r->failed = true;
	}
	if (!r->failed) {
		if (len_out)
			*len_out = r->out->len;
		result = talloc_steal(ctx, r->out->data);
	}
	talloc_free(r);
	return result;
}
