/*
 * Unit tests for the template engine: rendering rules, escaper routing and
 * the exact text of every diagnostic (file:line:col plus check name), since
 * template authors rely on those to find their mistakes.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>
#include "diag.h"
#include "embedded.h"
#include "escape.h"
#include "source.h"
#include "strbuf.h"
#include "template.h"
#include "template-program.h"

#include "tap.h"

#define CHECK(cond, what) report((cond), (what))

static void show(const char *label, const char *s, size_t len)
{
	printf("#   %s: \"", label);
	for (size_t i = 0; s && i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n')
			printf("\\n\"\n#          \"");
		else if (c == '\\' || c == '"')
			printf("\\%c", c);
		else if (c == '\t')
			printf("\\t");
		else if (c < 0x20 || c >= 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	printf("\"%s\n", s ? "" : " (NULL)");
}

/* One parse+render with diagnostics captured in memory. */
struct run {
	TALLOC_CTX *ctx;
	char *out;          /* NULL when parse or render failed */
	size_t len;
	char *diag;         /* everything the diag printed */
	unsigned errors;
	bool parsed;
};

static struct run *run_tpl(const char *tpl, size_t tlen, const struct tval *root)
{
	struct run *r = talloc_zero(NULL, struct run);
	char *buf = NULL;
	size_t bufsz = 0;
	FILE *f = open_memstream(&buf, &bufsz);
	struct diag *d;
	struct source *src;
	struct template *t;

	r->ctx = r;
	d = diag_new(r, f, false);
	src = source_from_buffer(r, "t.tpl", tpl, tlen);
	t = template_parse(r, src, d);
	r->parsed = t != NULL;
	if (t)
		r->out = template_render(r, t, root, d, &r->len);
	r->errors = diag_errors(d);
	fclose(f);
	r->diag = talloc_strndup(r, buf, bufsz);
	free(buf);
	return r;
}

static void check_render(const char *tpl, const struct tval *root,
			 const char *want, size_t wlen, const char *what)
{
	struct run *r = run_tpl(tpl, strlen(tpl), root);
	bool ok = r->out && r->len == wlen && memcmp(r->out, want, wlen) == 0 &&
		  r->out[r->len] == '\0' && r->errors == 0;

	report(ok, what);
	if (!ok) {
		show("got ", r->out, r->len);
		show("want", want, wlen);
		if (*r->diag)
			printf("# diag:\n%s", r->diag);
	}
	talloc_free(r);
}

#define RENDER(tpl, root, want, what) \
	check_render(tpl, root, want, strlen(want), what)

/* Expect failure and every line of WANT among the diagnostics. */
static void check_error(const char *tpl, const struct tval *root,
			const char *want, const char *what)
{
	struct run *r = run_tpl(tpl, strlen(tpl), root);
	bool ok = !r->out && r->errors > 0 && strstr(r->diag, want) != NULL;

	report(ok, what);
	if (!ok) {
		show("output", r->out, r->len);
		printf("# want in diag: %s\n# diag:\n%s", want, r->diag);
	}
	talloc_free(r);
}

/* --- fixtures ----------------------------------------------------------- */

/* Values of every test come from one context, freed before the leak check. */
static TALLOC_CTX *A;

static struct tval *strs(const char *const *v, size_t n)
{
	struct tval *l = tv_list(A);

	for (size_t i = 0; i < n; i++)
		tv_push(l, tv_str(A, v[i]));
	return l;
}

/* A string of adjacent literals, as the view makes one from a kstr. */
static struct tval *pieces_str(char *const *pieces, size_t n)
{
	size_t *lens = talloc_array(A, size_t, n);
	char *text = talloc_strdup(A, "");

	for (size_t i = 0; i < n; i++) {
		lens[i] = strlen(pieces[i]);
		text = talloc_strdup_append(text, pieces[i]);
	}
	return tv_str_ref(A, (const char *const *)pieces, lens, n, text, strlen(text));
}

static struct tval *model(TALLOC_CTX *ctx)
{
	(void)ctx;   /* values come from A */
	static const char *const abc[] = { "a", "b", "c" };
	struct tval *root = tv_map(A);
	struct tval *m = tv_map(A), *inner = tv_map(A);
	struct tval *items = tv_list(A);

	tv_set(root, "name", tv_str(A, "say \"hi\" \\ */ ?\?/ %n"));
	tv_set(root, "ident", tv_str(A, "mlock2"));
	tv_set(root, "bad_ident", tv_str(A, "1abc"));
	tv_set(root, "kw_ident", tv_str(A, "int"));
	tv_set(root, "prefix", tv_str(A, "P-"));
	tv_set(root, "yes", tv_bool(A, true));
	tv_set(root, "no", tv_bool(A, false));
	tv_set(root, "nothing", tv_null(A));
	tv_set(root, "empty", tv_str(A, ""));
	tv_set(root, "word", tv_str(A, "w"));
	tv_set(root, "none", tv_list(A));
	tv_set(root, "xs", strs(abc, 3));
	tv_set(inner, "c", tv_str(A, "deep"));
	tv_set(m, "b", inner);
	tv_set(m, "k", tv_str(A, "v"));
	tv_set(root, "a", m);
	for (int i = 0; i < 3; i++) {
		struct tval *it = tv_map(A);

		tv_set(it, "name", tv_fmt(A, "item%d", i));
		tv_set(it, "sub", strs(abc, (size_t)i));
		tv_push(items, it);
	}
	tv_set(root, "items", items);
	return root;
}

/* What the escaper itself produces, to compare routing against. */
static char *direct(TALLOC_CTX *ctx, void (*esc)(struct strbuf *, const char *, size_t),
		    const char *s)
{
	struct strbuf *sb = strbuf_new(ctx);

	esc(sb, s, strlen(s));
	return sb->data;
}

/* --- tests -------------------------------------------------------------- */

static void test_values(void)
{
	TALLOC_CTX *ctx = talloc_new(NULL);
	struct tval *m = tv_map(A);
	size_t len;
	char *pieces[] = { "ab", "", "c" };

	CHECK(tv_get(m, "x") == NULL, "tv: missing key in empty map");
	tv_set(m, "x", tv_str(A, "one"));
	tv_set(m, "x", tv_str(A, "two"));
	CHECK(strcmp(tv_text(tv_get(m, "x"), NULL), "two") == 0, "tv: tv_set replaces");
	/* A key is its spelling, wherever the string is. */
	char *name = talloc_strdup(ctx, "name");
	tv_set(m, "name", tv_str(A, "n1"));
	tv_set(m, name, tv_str(A, "n2"));
	CHECK(strcmp(tv_text(tv_get(m, "name"), NULL), "n2") == 0,
	      "tv: one key, however it is passed");
	tv_set(m, "index", tv_int(A, -42));
	CHECK(strcmp(tv_text(tv_get(m, "index"), NULL), "-42") == 0, "tv: tv_int");
	CHECK(strcmp(tv_text(tv_fmt(A, "%s%s", "sys_", "x"), NULL), "sys_x") == 0, "tv: tv_fmt");
	CHECK(tv_get(tv_get(m, "x"), "x") == NULL, "tv: tv_get on a non-map");
	CHECK(tv_get(NULL, "x") == NULL, "tv: tv_get on NULL");

	for (int i = 0; i < 2000; i++)
		tv_set(m, talloc_asprintf(ctx, "k%d", i), tv_fmt(A, "%d", i * 3));
	bool all = true;
	for (int i = 0; i < 2000; i++) {
		const char *t = tv_text(tv_get(m, talloc_asprintf(ctx, "k%d", i)), NULL);

		if (!t || atoi(t) != i * 3)
			all = false;
	}
	CHECK(all, "tv: 2000 keys in one map");

	const struct tval *s = pieces_str(pieces, 3);
	CHECK(strcmp(tv_text(s, &len), "abc") == 0 && len == 3,
	      "tv: pieces concatenate");
	s = tv_strn(A, "a\0b", 3);
	CHECK(tv_text(s, &len) && len == 3 && memcmp(tv_text(s, NULL), "a\0b", 4) == 0,
	      "tv: tv_strn keeps inner NUL");
	CHECK(tv_text(tv_bool(A, true), NULL) == NULL && tv_text(tv_list(A), NULL) == NULL &&
	      tv_text(tv_null(A), NULL) == NULL, "tv: only strings have a text");
	talloc_free(ctx);
}

static void test_variables(void)
{
	TALLOC_CTX *ctx = talloc_new(NULL);
	struct tval *root = model(ctx);
	const char *name = "say \"hi\" \\ */ ?\?/ %n";
	char *want;
	struct strbuf *sb;

	RENDER("plain {text} } { here\n", root, "plain {text} } { here\n",
	       "text without tags is verbatim");
	RENDER("{{ident|raw}}", root, "mlock2", "raw variable");
	RENDER("{{ ident | raw }}", root, "mlock2", "blanks inside tags");
	RENDER("{{a.k|raw}} {{a.b.c|raw}}", root, "v deep", "dotted names");
	RENDER("{{#xs}}{{.|raw}},{{/xs}}", root, "a,b,c,", "{{.}} is the current item");
	RENDER("{{#a}}{{k|raw}}{{ident|raw}}{{/a}}", root, "vmlock2",
	       "lookup walks outwards from the innermost context");
	RENDER("{{#items}}{{prefix|raw}}{{name|raw}} {{/items}}", root,
	       "P-item0 P-item1 P-item2 ", "inner name shadows outer, outer still visible");

	sb = strbuf_new(ctx);
	esc_c_string(sb, &name, NULL, 1);
	want = talloc_asprintf(ctx, "x = %s;", sb->data);
	RENDER("x = {{name|c_string}};", root, want, "routing: c_string");
	want = talloc_asprintf(ctx, "/* %s */", direct(ctx, esc_c_comment, name));
	RENDER("/* {{name|c_comment}} */", root, want, "routing: c_comment");
	RENDER("int {{ident|c_ident}};", root, "int mlock2;", "routing: c_ident");
	RENDER("{{name|roff_text}}", root, direct(ctx, esc_roff_text, name),
	       "routing: roff_text");
	want = talloc_asprintf(ctx, ".B \"%s\"", direct(ctx, esc_roff_arg, name));
	RENDER(".B \"{{name|roff_arg}}\"", root, want, "routing: roff_arg");
	RENDER("{{name|json}}", root, direct(ctx, esc_json, name), "routing: json");
	RENDER("{{name|raw}}", root, name, "routing: raw");

	RENDER("{{%escape json}}\n{{ident}} {{ident|raw}}\n{{%escape c_string}}\n{{ident}}\n",
	       root, "\"mlock2\" mlock2\n\"mlock2\"\n",
	       "pragma sets the default; explicit escaper wins; pragma may change it");
	RENDER("{{yes|raw}}{{no|raw}} {{yes|json}} {{no|json}}", root, "10 true false",
	       "booleans: raw is 1/0, json is true/false");

	/* Split strings keep their split, aligned under the first quote. */
	struct tval *doc = tv_map(A);
	char *p[] = { "Enhanced version of mlock() that supports flags. ",
		      "MLOCK_ONFAULT flag allows locking pages on fault rather than immediately." };
	tv_set(doc, "doc", pieces_str(p, 2));
	RENDER("\t\t.doc = {{doc|c_string}},\n", doc,
	       "\t\t.doc = \"Enhanced version of mlock() that supports flags. \"\n"
	       "\t\t       \"MLOCK_ONFAULT flag allows locking pages on fault rather than immediately.\",\n",
	       "pieces: one literal each, aligned at column 23");
	RENDER("{{doc|json}}", doc,
	       "\"Enhanced version of mlock() that supports flags. MLOCK_ONFAULT flag "
	       "allows locking pages on fault rather than immediately.\"",
	       "pieces: other escapers see the concatenation");
	RENDER("{{#doc}}{{.|c_string}}{{/doc}}", doc,
	       "\"Enhanced version of mlock() that supports flags. \"\n"
	       "\"MLOCK_ONFAULT flag allows locking pages on fault rather than immediately.\"",
	       "pieces: kept through a string section");

	struct tval *nul = tv_map(A);
	tv_set(nul, "s", tv_strn(A, "a\0b", 3));
	check_render("[{{s|raw}}]", nul, "[a\0b]", 5, "raw output may hold NUL (length-based)");
	RENDER("{{s|c_string}}", nul, "\"a\\000b\"", "NUL reaches the escaper");
	talloc_free(ctx);
}

static void test_sections(void)
{
	TALLOC_CTX *ctx = talloc_new(NULL);
	struct tval *root = model(ctx);

	RENDER("{{#items}}{{name|raw}}{{^@last}}, {{/@last}}{{/items}}", root,
	       "item0, item1, item2", "list section with {{^@last}} separator");
	RENDER("{{#a}}[{{k|raw}}]{{/a}}", root, "[v]", "map section pushes the map once");
	RENDER("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}", root, "Y", "bool sections");
	RENDER("{{#nothing}}X{{/nothing}}|{{#none}}X{{/none}}|{{#empty}}X{{/empty}}", root,
	       "||", "null, empty list and empty string are false");
	RENDER("{{#word}}<{{.|raw}}>{{/word}}", root, "<w>",
	       "non-empty string section pushes the string");
	RENDER("{{^nothing}}1{{/nothing}}{{^no}}2{{/no}}{{^none}}3{{/none}}"
	       "{{^empty}}4{{/empty}}{{^yes}}5{{/yes}}{{^xs}}6{{/xs}}{{^a}}7{{/a}}"
	       "{{^word}}8{{/word}}", root, "1234", "inverted sections");
	RENDER("{{^nothing}}{{ident|raw}}{{/nothing}}", root, "mlock2",
	       "inverted section keeps the outer context");
	RENDER("{{#xs}}{{@index|raw}}/{{@number|raw}}{{#@first}}F{{/@first}}"
	       "{{#@last}}L{{/@last}} {{/xs}}", root, "0/1F 1/2 2/3L ",
	       "@index, @number, @first, @last");
	RENDER("{{#items}}{{@index|raw}}:{{#sub}}{{@index|raw}}{{/sub}}"
	       "{{#a}}{{@number|raw}}{{/a}} {{/items}}", root, "0:1 1:02 2:013 ",
	       "@-names refer to the innermost list, through a map section");
	RENDER("{{#items}}{{#@first}}{{#xs}}{{.|raw}}{{/xs}}{{/@first}}{{/items}}", root,
	       "abc", "nested list sections");
	RENDER("{{#yes}}{{#a}}{{#a.b}}{{c|raw}}{{/a.b}}{{/a}}{{/yes}}", root, "deep",
	       "dotted section names");

	/* Nesting far beyond any real template: no recursion involved. */
	struct strbuf *deep = strbuf_new(ctx);
	for (int i = 0; i < 5000; i++)
		strbuf_adds(deep, "{{#yes}}");
	strbuf_adds(deep, "{{ident|raw}}");
	for (int i = 0; i < 5000; i++)
		strbuf_adds(deep, "{{/yes}}");
	RENDER(deep->data, root, "mlock2", "5000 nested sections");

	/* A long list: output grows linearly. */
	struct tval *big = tv_map(A), *l = tv_list(A);
	for (int i = 0; i < 100000; i++)
		tv_push(l, tv_fmt(A, "%d", i % 10));
	tv_set(big, "l", l);
	struct run *r = run_tpl("{{#l}}{{.|raw}}{{/l}}", 21, big);
	bool ok = r->out && r->len == 100000;
	for (size_t i = 0; ok && i < r->len; i++)
		ok = r->out[i] == (char)('0' + i % 10);
	CHECK(ok, "100000-item list");
	talloc_free(r);
	talloc_free(ctx);
}

static void test_standalone(void)
{
	TALLOC_CTX *ctx = talloc_new(NULL);
	struct tval *root = model(ctx);

	RENDER("begin\n  {{#xs}}\n  - {{.|raw}}\n  {{/xs}}\nend\n", root,
	       "begin\n  - a\n  - b\n  - c\nend\n", "standalone section lines vanish");
	RENDER("a\n{{! a comment }}\nb\n", root, "a\nb\n", "standalone comment");
	RENDER("a\n  {{! a\n  multi-line\n  comment }}  \nb\n", root, "a\nb\n",
	       "standalone multi-line comment");
	RENDER("{{%escape raw}}\n{{ident}}\n", root, "mlock2\n", "standalone pragma");
	RENDER("a\r\n{{#yes}}\r\nb\r\n{{/yes}}\r\n", root, "a\r\nb\r\n", "CRLF lines");
	RENDER("a\n{{#yes}}{{/yes}}  {{! x }}\nb", root, "a\nb",
	       "several control tags on one line");
	talloc_free(ctx);
}

static void test_standalone2(void)
{
	TALLOC_CTX *ctx = talloc_new(NULL);
	struct tval *root = model(ctx);

	RENDER("{{#yes}}\nx\n  {{/yes}}", root, "x\n", "standalone at end of input");
	RENDER("x {{#yes}}y{{/yes}}\n", root, "x y\n", "inline sections keep the line");
	RENDER("  {{#yes}}y\n{{/yes}}\n", root, "  y\n", "tag plus text is not standalone");
	RENDER("  {{ident|raw}}\n", root, "  mlock2\n", "variables are never standalone");
	RENDER("{{#none}}\nx\n{{/none}}\n{{^none}}\nempty\n{{/none}}\n", root,
	       "empty\n", "skipped and inverted blocks");
	talloc_free(ctx);
}

static void test_errors(void)
{
	TALLOC_CTX *ctx = talloc_new(NULL);
	struct tval *root = model(ctx);
	struct run *r;

	check_error("line1\n  {{nope|raw}}\n", root,
		    "t.tpl:2:3: error: unknown variable 'nope' [template]\n"
		    "   {{nope|raw}}\n"
		    "   ^~~~~~~~~~~~\n",
		    "unknown variable, with source line and caret");
	check_error("{{identt|raw}}", root,
		    "error: unknown variable 'identt' [template]\n"
		    " {{identt|raw}}\n ^~~~~~~~~~~~~~\nhint: did you mean 'ident'?\n",
		    "unknown variable suggests a close name");
	check_error("x\n{{#nope}}x{{/nope}}", root,
		    "t.tpl:2:1: error: unknown variable 'nope' [template]",
		    "unknown variable in a section condition");
	check_error("{{^nope}}x{{/nope}}", root,
		    "t.tpl:1:1: error: unknown variable 'nope' [template]",
		    "unknown variable in an inverted section");
	check_error("{{a.zz|raw}}", root,
		    "t.tpl:1:1: error: unknown variable 'a.zz': no 'zz' in 'a' [template]",
		    "unknown dotted part");
	check_error("{{a.k.x|raw}}", root,
		    "t.tpl:1:1: error: cannot look up 'x' in 'a.k': it is a string [template]",
		    "dotted lookup through a string");
	check_error("{{#items}}{{nope|raw}}{{/items}}", root,
		    "t.tpl:1:11: error: unknown variable 'nope' [template]",
		    "unknown variable inside a list");
	r = run_tpl("{{#items}}{{nope|raw}}{{/items}}", 32, root);
	CHECK(r->errors == 1, "a broken tag in a loop is reported once");
	talloc_free(r);

	check_error("{{nothing|raw}}", root,
		    "t.tpl:1:1: error: 'nothing' is null [template]", "null variable");
	check_error("{{xs|raw}}", root,
		    "t.tpl:1:1: error: 'xs' is a list, not a string [template]", "list variable");
	check_error("{{a|json}}", root,
		    "t.tpl:1:1: error: 'a' is a map, not a string [template]", "map variable");
	check_error("{{yes|c_string}}", root,
		    "t.tpl:1:1: error: 'yes' is a boolean; only the raw and json escapers "
		    "can print one [template]", "boolean through c_string");
	check_error("{{bad_ident|c_ident}}", root,
		    "t.tpl:1:1: error: 'bad_ident' is not a valid C identifier: \"1abc\" [template]",
		    "c_ident rejects a non-identifier");
	check_error("{{kw_ident|c_ident}}", root,
		    "error: 'kw_ident' is not a valid C identifier: \"int\" [template]",
		    "c_ident rejects a keyword");
	check_error("{{@first|raw}}", root,
		    "t.tpl:1:1: error: '@first' is only defined inside a list section [template]",
		    "@first outside a list");
	check_error("{{#a}}{{#@last}}x{{/@last}}{{/a}}", root,
		    "t.tpl:1:7: error: '@last' is only defined inside a list section [template]",
		    "@last in a map section outside any list");

	/* Parse errors. */
	check_error("{{#a}}\nx\n{{/b}}\n", root,
		    "t.tpl:3:1: error: '{{/b}}' does not match '{{#a}}' opened at 1:1 [template]\n"
		    " {{/b}}\n ^~~~~~\n"
		    "t.tpl:1:1: note: section 'a' opened here [template]\n",
		    "mismatched close names both sections");
	check_error("{{#a}}x", root,
		    "t.tpl:1:1: error: section 'a' is never closed [template]",
		    "unclosed section");
	check_error("x{{/a}}", root,
		    "t.tpl:1:2: error: '{{/a}}' closes no open section [template]",
		    "close without open");
	check_error("{{x|jsn}}", root,
		    "t.tpl:1:5: error: unknown escaper 'jsn' [template]\n"
		    " {{x|jsn}}\n     ^~~\nhint: did you mean 'json'?\n",
		    "unknown escaper");
	check_error("{{x|}}", root, "t.tpl:1:5: error: missing escaper name [template]",
		    "missing escaper");
	check_error("ab {{x|raw\nmore\n", root,
		    "t.tpl:1:4: error: unterminated tag: '{{' without '}}' on the same line [template]",
		    "unterminated tag");
	check_error("ab\n{{! never closed\n", root,
		    "t.tpl:2:1: error: unterminated tag: '{{' without '}}' [template]",
		    "unterminated comment");
	check_error("x{{}}", root, "t.tpl:1:2: error: empty name in tag [template]",
		    "empty name");
	check_error("{{ |raw}}", root, "t.tpl:1:1: error: empty name in tag [template]",
		    "empty name before escaper");
	check_error("{{a..b|raw}}", root,
		    "t.tpl:1:3: error: empty part in dotted name 'a..b' [template]",
		    "empty dotted part");
	check_error("{{{x}}}", root,
		    "t.tpl:1:3: error: invalid character '{' in name '{x' [template]",
		    "no triple mustache");
	check_error("{{#a|raw}}{{/a}}", root,
		    "t.tpl:1:4: error: a section tag takes no escaper: 'a|raw' [template]",
		    "escaper on a section");
	check_error("{{%escaper json}}", root,
		    "t.tpl:1:4: error: unknown pragma 'escaper' [template]",
		    "unknown pragma");
	check_error("{{%escape}}", root,
		    "t.tpl:1:1: error: '{{%escape}}' needs an escaper name [template]",
		    "pragma without argument");
	check_error("{{ident}}", root,
		    "t.tpl:1:1: error: no escaper for 'ident' [template]",
		    "variable without escaper or default");
	check_error("{{ident}}\n{{%escape raw}}\n", root,
		    "t.tpl:1:1: error: no escaper for 'ident' [template]",
		    "default must come before the variables using it");
	check_error("{{@idx|raw}}", root,
		    "t.tpl:1:3: error: unknown special name '@idx' [template]",
		    "unknown @-name");
	check_error("{{#@index}}x{{/@index}}", root,
		    "t.tpl:1:1: error: '@index' is a number and cannot open a section [template]",
		    "@index cannot open a section");

	r = run_tpl("{{#a}}{{x|bad}}\n{{/b}}{{y|raw\n{{#c}}", 35, root);
	CHECK(!r->parsed && r->errors == 4, "several parse errors in one pass");
	if (r->errors != 4)
		printf("# diag:\n%s", r->diag);
	talloc_free(r);

	r = run_tpl("{{nope|raw}} {{nothing|raw}} {{xs|raw}}", 39, root);
	CHECK(!r->out && r->errors == 3, "several render errors in one pass");
	talloc_free(r);

	r = run_tpl("{{#a}}{{#b}}x{{/a}}{{/a}}", 25, root);
	CHECK(!r->parsed && strstr(r->diag, "'{{/a}}' does not match '{{#b}}' opened at 1:7") &&
	      strstr(r->diag, "'{{/a}}' closes no open section"),
	      "forgotten inner close: unwinds to the outer section");
	talloc_free(r);
	talloc_free(ctx);
}

/* The built-in templates are parsed when a run uses them: each must
 * parse, and be named by its path below templates/ for diagnostics. */
/* The program tmplc built into kapic is, array for array, what parsing
 * the embedded text gives now: the two cannot drift apart. */
static bool same_program(const struct template_program *a,
			 const struct template_program *b)
{
	return a->nops == b->nops && a->names_len == b->names_len &&
	       a->nsegs == b->nsegs &&
	       memcmp(a->ops, b->ops, a->nops * sizeof *a->ops) == 0 &&
	       memcmp(a->names, b->names, a->names_len) == 0 &&
	       memcmp(a->segs, b->segs, a->nsegs * sizeof *a->segs) == 0;
}

static void test_builtin(void)
{
	size_t programs = 0;

	for (size_t i = 0; i < embedded_count; i++) {
		const struct embedded_file *f = &embedded_files[i];
		size_t n = strlen(f->name);
		const struct template_program *prog = builtin_programs;

		if (n < 5 || strcmp(f->name + n - 5, ".tmpl") != 0)
			continue;
		TALLOC_CTX *ctx = talloc_new(NULL);
		struct diag *d = diag_new(ctx, stdout, false);
		struct source *src = source_from_static(ctx, f->name, f->data, f->len);
		struct template *t = template_parse(ctx, src, d);
		struct template_program parsed;

		CHECK(t && diag_errors(d) == 0 && f->data[f->len] == '\0',
		      talloc_asprintf(ctx, "the built-in %s is embedded and parses", f->name));
		while (prog->name && strcmp(prog->name, f->name) != 0)
			prog++;
		programs += prog->name != NULL;
		if (t)
			parsed = template_program_of(t);
		CHECK(t && prog->name && same_program(prog, &parsed),
		      talloc_asprintf(ctx, "tmplc's program of %s is its parse", f->name));
		talloc_free(ctx);
	}
	CHECK(programs == 8 && builtin_programs[programs].name == NULL,
	      "tmplc compiled the eight built-in templates, and only those");
}

/* A text past what talloc can hold (256 MB) is not an abort: the buffer
 * starts over, says it overflowed, and template_render reports it.  The
 * big block is only reserved; a few pages of it are touched. */
static void test_overflow(void)
{
	struct strbuf *sb = strbuf_new(NULL);

	strbuf_grow(sb, STRBUF_MAX - 1);
	CHECK(sb->cap == STRBUF_MAX && !sb->overflowed, "a buffer grows to the largest talloc block");
	sb->len = STRBUF_MAX - 3;
	sb->data[sb->len] = '\0';
	strbuf_add(sb, "hello", 5);
	CHECK(sb->overflowed && sb->len == 5 && strcmp(sb->data, "hello") == 0,
	      "past the largest block the buffer overflows and starts over");
	talloc_free(sb);
}

int main(void)
{
	talloc_enable_null_tracking();
	A = talloc_new(NULL);
	test_values();
	test_variables();
	test_sections();
	test_standalone();
	test_standalone2();
	test_errors();
	test_builtin();
	test_overflow();
	talloc_free(A);
	CHECK(talloc_total_blocks(NULL) == 1, "no talloc memory left behind");
	talloc_disable_null_tracking();   /* frees the tracking context */
	printf("1..%u\n", ntests);
	return nfailed ? 1 : 0;
}
