#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "diag.h"
#include "escape.h"
#include "fixtures.h"
#include "import.h"
#include "source.h"

#define KAPI_RUNTIME_TABLE_ONLY
#include "../templates/runtime/kapi-runtime.h"

#define KIND(k) ((k) == KAPI_FX_SETUP ? FIXTURE_SETUP :                      \
		 (k) == KAPI_FX_VERIFY ? FIXTURE_VERIFY : FIXTURE_VALUE)

#define X(name_, arity_, kind_, desc_) { #name_, arity_, KIND(kind_), desc_ },
static const struct fixture table[] = { KAPI_FIXTURES(X) };
#undef X

#define NFIXTURES (sizeof table / sizeof table[0])
/* The runtime checks arities 0..4 (its KAPI_FX_Tn). */
#define MAX_ARITY 4

static const struct fixture *find_in(const struct fixture *items, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(items[i].name, name))
			return &items[i];
	return NULL;
}

const struct fixture *fixture_find(const struct fixture_set *project, const char *name)
{
	const struct fixture *fx = find_in(table, NFIXTURES, name);

	if (!fx && project)
		fx = find_in(project->items, project->count, name);
	return fx;
}

const char **fixture_names(TALLOC_CTX *ctx, const struct fixture_set *project, size_t *count)
{
	size_t extra = project ? project->count : 0;
	const char **names = talloc_array(ctx, const char *, NFIXTURES + extra + 1);

	for (size_t i = 0; i < NFIXTURES; i++)
		names[i] = table[i].name;
	for (size_t i = 0; i < extra; i++)
		names[NFIXTURES + i] = project->items[i].name;
	names[NFIXTURES + extra] = NULL;
	*count = NFIXTURES + extra;
	return names;
}

const char *fixture_kind_name(enum fixture_kind kind)
{
	switch (kind) {
	case FIXTURE_SETUP: return "set-up";
	case FIXTURE_VERIFY: return "verification";
	case FIXTURE_VALUE: break;
	}
	return "value";
}

static void print_one(FILE *out, const struct fixture *fx)
{
	fprintf(out, "%s\t%d\t%s\t%s\n", fx->name, fx->arity,
		fixture_kind_name(fx->kind), fx->description);
}

/* kapic --list-fixtures: "NAME<TAB>ARITY<TAB>KIND<TAB>DESCRIPTION", in
 * table order, the project's after; docs/fixtures.md is made from it. */
void fixture_print_list(FILE *out, const struct fixture_set *project)
{
	for (size_t i = 0; i < NFIXTURES; i++)
		print_one(out, &table[i]);
	for (size_t i = 0; project && i < project->count; i++)
		print_one(out, &project->items[i]);
}

/* --- A project's table: the tokens of `#define KAPI_PROJECT_FIXTURES(X)
 * X(name, arity, KAPI_FX_KIND, "description") ...`, read with the C
 * scanner of kapic import. --- */

struct table_reader {
	struct cscan *scan;
	const struct source *src;
	struct diag *diag;
	struct ctok tok;
	bool failed;
};

static void advance(struct table_reader *tr)
{
	cscan_next(tr->scan, &tr->tok);
}

static bool tok_is(const struct table_reader *tr, enum ctok_kind kind, const char *text)
{
	return tr->tok.kind == kind && (!text || (strlen(text) == tr->tok.len &&
		!memcmp(tr->src->text + tr->tok.offset, text, tr->tok.len)));
}

static char *tok_text(TALLOC_CTX *ctx, const struct table_reader *tr)
{
	return talloc_strndup(ctx, tr->src->text + tr->tok.offset, tr->tok.len);
}

static void table_error(struct table_reader *tr, const char *fmt, const char *arg)
{
	struct loc loc = { tr->src, tr->tok.offset, tr->tok.offset + (tr->tok.len ? tr->tok.len - 1 : 0) };

	diag_report(tr->diag, DIAG_ERROR, &loc, "fixture", fmt, arg);
	tr->failed = true;
}

/* The token is TEXT (a punctuator), taken; else an error naming WHAT. */
static bool expect(struct table_reader *tr, const char *text, const char *what)
{
	if (!tok_is(tr, CT_PUNCT, text)) {
		table_error(tr, "expected %s in the fixture table", what);
		return false;
	}
	advance(tr);
	return true;
}

/* Moves to just after `#define KAPI_PROJECT_FIXTURES(X)`. */
static bool find_table(struct table_reader *tr)
{
	static const char *const head[] = { "#", "define", "KAPI_PROJECT_FIXTURES", "(", "X", ")" };
	size_t matched = 0;

	for (advance(tr); tr->tok.kind != CT_EOF && matched < 6; advance(tr)) {
		if (tok_is(tr, tr->tok.kind, head[matched]))
			matched++;
		else
			matched = tok_is(tr, CT_PUNCT, "#") ? 1 : 0;
	}
	return matched == 6;
}

static bool read_kind(struct table_reader *tr, enum fixture_kind *kind)
{
	static const struct { const char *name; enum fixture_kind kind; } kinds[] = {
		{ "KAPI_FX_VALUE", FIXTURE_VALUE }, { "KAPI_FX_SETUP", FIXTURE_SETUP },
		{ "KAPI_FX_VERIFY", FIXTURE_VERIFY },
	};

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (tok_is(tr, CT_IDENT, kinds[i].name)) {
			*kind = kinds[i].kind;
			advance(tr);
			return true;
		}
	table_error(tr, "a fixture's kind is KAPI_FX_VALUE, KAPI_FX_SETUP or KAPI_FX_VERIFY%s", "");
	return false;
}

/* One or more adjacent literals, their text between the quotes as
 * written (escapes kept: --list-fixtures shows them so). */
static bool read_description(struct table_reader *tr, TALLOC_CTX *ctx, const char **out)
{
	char *text = talloc_strdup(ctx, "");

	if (tr->tok.kind != CT_STRING) {
		table_error(tr, "expected a fixture's description, a string%s", "");
		return false;
	}
	for (; tr->tok.kind == CT_STRING; advance(tr))
		text = talloc_strndup_append(text, tr->src->text + tr->tok.offset + 1, tr->tok.len - 2);
	*out = text;
	return true;
}

static bool read_arity(struct table_reader *tr, int *arity)
{
	char *end, *text = tok_text(tr->scan, tr);
	long n = strtol(text, &end, 10);

	if (tr->tok.kind != CT_NUMBER || *end || n < 0 || n > MAX_ARITY) {
		table_error(tr, "a fixture's arity is a number from 0 to 4, not '%s'", text);
		return false;
	}
	*arity = (int)n;
	advance(tr);
	return true;
}

static bool read_name(struct table_reader *tr, struct fixture_set *set, const char **name)
{
	char *text = tok_text(set, tr);

	if (tr->tok.kind != CT_IDENT) {
		table_error(tr, "expected a fixture's name, not '%s'", text);
		return false;
	}
	if (fixture_find(set, text)) {
		table_error(tr, find_in(table, NFIXTURES, text) ?
			    "fixture '%s' is built in: give the project's another name" :
			    "fixture '%s' is in the table twice", text);
		return false;
	}
	*name = text;
	advance(tr);
	return true;
}

/* X(name, arity, kind, "description"), appended to SET. */
static bool read_entry(struct table_reader *tr, struct fixture_set *set)
{
	struct fixture fx;

	advance(tr);
	if (!expect(tr, "(", "'(' after X") || !read_name(tr, set, &fx.name) ||
	    !expect(tr, ",", "',' after the name") || !read_arity(tr, &fx.arity) ||
	    !expect(tr, ",", "',' after the arity") || !read_kind(tr, &fx.kind) ||
	    !expect(tr, ",", "',' after the kind") || !read_description(tr, set, &fx.description) ||
	    !expect(tr, ")", "')' closing the entry"))
		return false;
	set->items = talloc_realloc(set, set->items, struct fixture, set->count + 1);
	set->items[set->count++] = fx;
	return true;
}

const char *fixture_header_name(const struct fixture_set *project)
{
	const char *slash = strrchr(project->path, '/');

	return slash ? slash + 1 : project->path;
}

/* The header's file name goes into an #include "..." as it is, where C
 * has no escapes: a plain name, ending in .h. */
static bool plain_header_name(const char *name)
{
	size_t n = strlen(name);

	return n > 2 && !strcmp(name + n - 2, ".h") &&
		strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.+-") == n;
}

struct fixture_set *fixture_read_project(TALLOC_CTX *ctx, const char *path, struct diag *diag)
{
	struct fixture_set *set = talloc_zero(ctx, struct fixture_set);
	struct table_reader tr = { .diag = diag };

	set->path = talloc_strdup(set, path);
	if (!plain_header_name(fixture_header_name(set))) {
		fprintf(stderr, "kapic: --fixtures: '%s' is not a header name a test can include "
			"(letters, digits, '_', '.', '+', '-', ending in .h)\n", fixture_header_name(set));
		goto fail;
	}
	tr.src = source_read_input(set, path);
	if (!tr.src) {
		fprintf(stderr, "kapic: %s: %s\n", path, source_strerror(errno));
		goto fail;
	}
	tr.scan = cscan_new(set, tr.src, true);
	if (!find_table(&tr)) {
		struct loc start = { tr.src, 0, 0 };

		diag_report(diag, DIAG_ERROR, &start, "fixture",
			    "no '#define KAPI_PROJECT_FIXTURES(X)' table of fixtures in this header");
		goto fail;
	}
	while (tok_is(&tr, CT_IDENT, "X"))
		if (!read_entry(&tr, set))
			goto fail;
	if (set->count == 0) {
		table_error(&tr, "KAPI_PROJECT_FIXTURES lists no fixture: expected X(...)%s", "");
		goto fail;
	}
	return set;
fail:
	talloc_free(set);
	return NULL;
}
