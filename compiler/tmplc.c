/*
 * tmplc: the template precompiler, run when kapic is built.
 *
 *   tmplc OUT.c FILE...
 *
 * Parses each built-in template with the engine's own parser and writes
 * its program of ops as an image (struct op_image, template-ops.h:
 * offsets, not pointers, so nothing to relocate), with the template's
 * text for diagnostics, into OUT.c: a table of struct template_image
 * that kapic uses instead of parsing the templates on every run.  A template with an error fails the build, with the same
 * diagnostics kapic would print.  OUT.c appears whole or not at all.
 */
#include "config.h"
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>
#include "diag.h"
#include "escape.h"
#include "source.h"
#include "strbuf.h"
#include "template-ops.h"
#include "template.h"

/* The enumerators as written, for the C this writes. */
#define ENUMERATOR_OF(e, name) [e] = #e,
static const char *const op_kind_names[] = { TEMPLATE_OP_KINDS(ENUMERATOR_OF) };
static const char *const escaper_enum_names[ESC_COUNT] = { TEMPLATE_ESCAPERS(ENUMERATOR_OF) };
static const char *const special_enum_names[SP_COUNT] = { TEMPLATE_SPECIALS(ENUMERATOR_OF) };
#undef ENUMERATOR_OF

/* S as a C string literal, through the compiler's own escaper. */
static void put_literal(FILE *out, struct strbuf *sb, const char *s)
{
	strbuf_reset(sb);
	esc_c_string(sb, &s, NULL, 1);
	fwrite(sb->data, 1, sb->len, out);
}

static void put_bytes(FILE *out, const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++)
		fprintf(out, "%s0x%02x,", i % 12 ? " " : "\n\t",
			(unsigned char)data[i]);
	fputs("\n\t0\n", out);
}

/* A part's canonical key as the offset of that member of tv_keys, plus
 * 1, written by name.  Only identifiers can be keys (keys.h names them),
 * so the member is named by the part itself.  False if the parser's
 * names changed in a way this writer does not know. */
static bool put_key(FILE *out, const char *key, const char *seg)
{
	if (!key) {
		fputs("0", out);
		return true;
	}
	if (strcmp(key, seg) != 0) {
		fprintf(stderr, "tmplc: key '%s' is not spelt like part '%s'\n",
			key, seg);
		return false;
	}
	fprintf(out, "TV_KEY_OFFSET(%s) + 1", seg);
	return true;
}

/* Offset in POOL of S, appended with its NUL. */
static uint32_t pool_add(struct strbuf *pool, const char *s)
{
	uint32_t at = (uint32_t)pool->len;

	strbuf_add(pool, s, strlen(s) + 1);
	return at;
}

/* Template T as image number TI, with the count of its parts in
 * *NPARTS_OUT.  False after saying why, if T is not as this writer
 * expects. */
static bool put_template(FILE *out, struct strbuf *sb,
			 const struct template *t, size_t ti, uint32_t *nparts_out)
{
	const struct source *src = t->src;
	struct strbuf *pool = strbuf_new(sb);
	uint32_t nparts = 0;
	bool ok = true;

	if (!pool)
		abort();
	strbuf_reset(sb);
	esc_c_comment(sb, src->name, strlen(src->name));
	fprintf(out, "\n/* %.*s */\nstatic const char text_%zu[] = {",
		(int)sb->len, sb->data, ti);
	put_bytes(out, src->text, src->len);
	fputs("};\n", out);

	fprintf(out, "static const struct op_image ops_%zu[] = {\n", ti);
	for (size_t i = 0; i < t->nops; i++) {
		const struct op *op = &t->ops[i];
		const struct name *nm = &op->name;
		size_t off = 0;

		if (op->text) {
			if (op->text < src->text || op->text + op->len > src->text + src->len) {
				fprintf(stderr, "tmplc: op %zu of %s is not in its text\n",
					i, src->name);
				ok = false;
				break;
			}
			off = (size_t)(op->text - src->text);
		}
		fprintf(out, "\t{ .kind = %s, .text = %zu, .len = %u, .match = %u, "
			".first_offset = %u, .last_offset = %u, .esc = %s, ",
			op_kind_names[op->kind], off, op->len, op->match,
			op->first_offset, op->last_offset, escaper_enum_names[op->esc]);
		if (!nm->text) {
			fputs(".name = IMAGE_NO_NAME },\n", out);
			continue;
		}
		fprintf(out, ".name = %u, .parts = %u, .nparts = %u, .special = %s },\n",
			pool_add(pool, nm->text), nparts, nm->nsegs,
			special_enum_names[nm->special]);
		nparts += nm->nsegs;
	}
	fputs("};\n", out);

	fprintf(out, "static const struct part_image parts_%zu[] = {\n", ti);
	for (size_t i = 0; i < t->nops; i++) {
		const struct name *nm = &t->ops[i].name;

		for (uint32_t s = 0; s < nm->nsegs; s++) {
			fprintf(out, "\t{ %u, ", pool_add(pool, nm->segs[s]));
			ok &= put_key(out, nm->keys[s], nm->segs[s]);
			fputs(" },\n", out);
		}
	}
	fputs("\t{ 0, 0 }\n};\n", out);

	fprintf(out, "static const char pool_%zu[] = {", ti);
	put_bytes(out, pool->data, pool->len);
	fputs("};\n", out);
	talloc_free(pool);
	*nparts_out = nparts;
	return ok;
}

/* The name a template is looked up by: its path below templates/. */
static const char *template_name(const char *path)
{
	const char *name = path;

	for (const char *p = strstr(path, "templates/"); p;
	     p = strstr(p + 1, "templates/"))
		name = p + strlen("templates/");
	return name;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: tmplc OUT.c TEMPLATE...\n");
		return 2;
	}

	TALLOC_CTX *ctx = talloc_new(NULL);
	struct diag *d = diag_new(ctx, stderr, false);
	const char *out_path = argv[1];
	char *tmp_path = talloc_asprintf(ctx, "%s.tmp", out_path);
	struct template **tmpl = talloc_zero_array(ctx, struct template *,
						   (size_t)argc);
	uint32_t *nparts = talloc_zero_array(ctx, uint32_t, (size_t)argc);
	struct strbuf *sb = strbuf_new(ctx);
	int status = EXIT_FAILURE;
	FILE *out = NULL;

	if (!d || !tmp_path || !tmpl || !nparts || !sb)
		abort();
	for (int i = 2; i < argc; i++) {
		struct source *src = source_read_file(ctx, template_name(argv[i]),
						      argv[i]);

		if (!src) {
			fprintf(stderr, "tmplc: %s: %s\n", argv[i], strerror(errno));
			goto done;
		}
		tmpl[i] = template_parse(ctx, src, d);
	}
	if (diag_errors(d))
		goto done;

	out = fopen(tmp_path, "w");
	if (!out) {
		fprintf(stderr, "tmplc: %s: %s\n", tmp_path, strerror(errno));
		goto done;
	}
	fputs("/* Generated by compiler/tmplc from templates/; do not edit. */\n"
	      "#include <stddef.h>\n"
	      "#include <stdint.h>\n"
	      "#include \"template-ops.h\"\n", out);
	for (int i = 2; i < argc; i++)
		if (!put_template(out, sb, tmpl[i], (size_t)(i - 2), &nparts[i]))
			goto done;
	fputs("\nconst struct template_image template_images[] = {\n", out);
	for (int i = 2; i < argc; i++) {
		fputs("\t{ ", out);
		put_literal(out, sb, tmpl[i]->src->name);
		fprintf(out, ", text_%d, sizeof text_%d - 1,\n\t  ops_%d, "
			"sizeof ops_%d / sizeof ops_%d[0], parts_%d, %u, pool_%d },\n",
			i - 2, i - 2, i - 2, i - 2, i - 2, i - 2, nparts[i], i - 2);
	}
	fprintf(out, "};\nconst size_t template_image_count = %d;\n", argc - 2);
	bool written = !ferror(out);

	written &= fclose(out) == 0;
	out = NULL;
	if (!written) {
		fprintf(stderr, "tmplc: %s: write error\n", tmp_path);
		goto done;
	}
	if (rename(tmp_path, out_path) != 0) {
		fprintf(stderr, "tmplc: %s: %s\n", out_path, strerror(errno));
		goto done;
	}
	status = EXIT_SUCCESS;
done:
	if (out)
		fclose(out);
	if (status != EXIT_SUCCESS)
		remove(tmp_path);
	talloc_free(ctx);
	return status;
}
