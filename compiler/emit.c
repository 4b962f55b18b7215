#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "embedded.h"
#include "emit.h"
#include "escape.h"
#include "output.h"
#include "template.h"
#include "template-program.h"
#include "view.h"

struct kind_info {
	const char *name;
	const char *template;       /* below templates/; NULL: kapic's text */
	const char *file_format;    /* %s: spec name (or file base for JSON) */
	bool per_file;
};

static const struct kind_info kinds[EMIT_NKINDS] = {
	[EMIT_JSON] = { "json", "json.tmpl", "%s.json", true },
	[EMIT_KERNEL] = { "kernel", "kernel.tmpl", "%s.kapi.c", false },
	[EMIT_C] = { "c", "c.tmpl", "%s-check.c", false },
	[EMIT_H] = { "h", "h.tmpl", "%s-check.h", false },
	[EMIT_MAN] = { "man", "man.tmpl", "%s.%s", false },
	[EMIT_TEST] = { "test", "test.tmpl", "%s-test.c", false },
	[EMIT_RUNTIME] = { "runtime", NULL, "kapi-runtime.h", true },
	[EMIT_KERNELDOC] = { "kerneldoc", "kerneldoc.tmpl", "%s.kdoc", false },
	[EMIT_KAPI_JSON] = { "kapi-json", "kapi-json.tmpl", "%s.kapi.json", false },
};

const char *emit_kind_name(enum emit_kind kind)
{
	return kinds[kind].name;
}

size_t emit_count_outputs(const struct emit_options *opt,
			  const struct kapi_file *file)
{
	size_t own = 0, n = 0;

	for (size_t i = 0; i < file->nspecs; i++)
		own += file->specs[i]->loc.src == file->main;
	for (int k = 0; k < EMIT_NKINDS; k++)
		if (opt->kinds & (1u << k))
			n += kinds[k].per_file ? 1 : own;
	return n;
}

bool emit_parse_kinds(const char *list, unsigned *out, FILE *err)
{
	char *copy = strdup(list), *save = NULL;
	bool ok = true;

	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int found = -1;

		if (strcmp(tok, "all") == 0) {
			*out |= (1u << EMIT_NKINDS) - 1;
			continue;
		}
		for (int k = 0; k < EMIT_NKINDS; k++)
			if (strcmp(tok, kinds[k].name) == 0)
				found = k;
		if (found < 0) {
			fprintf(err, "kapic: unknown output kind '%s' (one of: json, kernel, c, h, man, test, runtime, kerneldoc, kapi-json, all)\n", tok);
			ok = false;
			continue;
		}
		*out |= 1u << found;
	}
	free(copy);
	if (ok && !*out) {
		fprintf(err, "kapic: --emit needs at least one output kind\n");
		ok = false;
	}
	return ok;
}

static const struct embedded_file *embedded_find(const char *name)
{
	for (size_t i = 0; i < embedded_count; i++)
		if (strcmp(embedded_files[i].name, name) == 0)
			return &embedded_files[i];
	return NULL;
}

/* A template from --templates DIR when it has one, else the built-in. */
static struct template *load_template(TALLOC_CTX *ctx, const char *name,
				      const struct emit_options *opt,
				      struct diag *d, bool *io_failed)
{
	struct source *src = NULL;
	const struct embedded_file *builtin;

	if (opt->template_dir) {
		char *path = talloc_asprintf(ctx, "%s/%s", opt->template_dir, name);
		src = source_read_file(ctx, path, path);
		if (!src && errno != ENOENT) {
			diag_report(d, DIAG_ERROR, NULL, "io", "%s: %s", path, source_strerror(errno));
			*io_failed = true;
			return NULL;
		}
	}
	if (!src && (builtin = embedded_find(name))) {
		src = source_from_static(ctx, builtin->name, builtin->data, builtin->len);
		for (const struct template_program *p = builtin_programs; p->name; p++)
			if (strcmp(p->name, name) == 0)
				return template_from_program(ctx, src, p);
	}
	if (src)
		return template_parse(ctx, src, d);
	diag_report(d, DIAG_ERROR, NULL, "io", "no template '%s'", name);
	return NULL;
}

/* The runtime beside the tests: kapic's text, under the licence the spec
 * gives its outputs (README, "Licence"), which its first lines state as
 * h.tmpl's do; the text itself is written from the binary, not copied. */
static char *runtime_license(TALLOC_CTX *ctx, const struct kapi_file *file,
			     size_t *len)
{
	struct strbuf *sb = strbuf_new(ctx);
	const char *l = file->license ? file->license->text : KAPI_DEFAULT_LICENSE;

	strbuf_adds(sb, "/* SPDX-License-Identifier: ");
	esc_c_comment(sb, l, file->license ? file->license->len : strlen(l));
	strbuf_adds(sb, " */\n");
	for (size_t i = 0; i < file->ncopyrights; i++) {
		strbuf_adds(sb, "/* Copyright ");
		esc_c_comment(sb, file->copyrights[i]->text, file->copyrights[i]->len);
		strbuf_adds(sb, " */\n");
	}
	*len = sb->len;
	return sb->data;
}

static char *file_base(TALLOC_CTX *ctx, const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *base = slash ? slash + 1 : name;
	size_t len = strlen(base);

	if (len > 5 && strcmp(base + len - 5, ".kapi") == 0)
		len -= 5;
	/* Standard input without --stdin-name is "<stdin>". */
	if (len == 0 || base[0] == '<')
		return talloc_strdup(ctx, "stdin");
	return talloc_strndup(ctx, base, len);
}

/* Where the output named FILE_NAME goes; NULL: standard output. */
static char *output_path(TALLOC_CTX *ctx, const struct emit_options *opt,
			 const char *file_name)
{
	if (opt->out_file && strcmp(opt->out_file, "-") == 0)
		return NULL;
	if (opt->out_file)
		return talloc_strdup(ctx, opt->out_file);
	return talloc_asprintf(ctx, "%s/%s", opt->out_dir ? opt->out_dir : ".", file_name);
}

/* What rendering one file's outputs needs. */
struct render_run {
	TALLOC_CTX *ctx;                /* the outputs' */
	const struct kapi_file *file;
	const struct emit_options *opt;
	struct template *tmpl[EMIT_NKINDS];
	const struct view *view;
	struct diag *d;
	struct output_set *set;
	size_t first;                   /* the file's first output in SET */
	bool io_failed;                 /* reading a template */
};

/* Add the output NAME of RUN; the set takes DATA, a talloc block. */
static void put_output(struct render_run *run, const char *name, char *data,
		       size_t len)
{
	output_add(run->set, output_path(run->set, run->opt, name), data, len);
}

/* Render the validator's header and source into the spec's root, as
 * validator_h and validator_c, for the test template to paste in. */
static bool inline_validator(struct render_run *run, TALLOC_CTX *pool,
			     struct tval *root)
{
	static const enum emit_kind parts[] = { EMIT_H, EMIT_C };
	static const char *const keys[] = { "validator_h", "validator_c" };

	for (int i = 0; i < 2; i++) {
		size_t len;

		if (tv_get(root, keys[i]))
			continue;   /* rendered as an output already */
		char *text = template_render(pool, run->tmpl[parts[i]], root, run->d, &len);
		if (!text)
			return false;
		tv_set(root, keys[i], tv_strn(pool, text, len));
		talloc_free(text);
	}
	return true;
}

static bool per_spec_kind(const struct render_run *run, int k)
{
	return run->tmpl[k] && (run->opt->kinds & (1u << k)) && !kinds[k].per_file;
}

/* The per-spec outputs of S, from ROOT, its root made in POOL. */
static bool render_spec(struct render_run *run, TALLOC_CTX *pool,
			const struct spec *s, struct tval *root)
{
	const struct emit_options *opt = run->opt;

	for (int k = 0; k < EMIT_NKINDS; k++) {
		size_t len;

		if (!per_spec_kind(run, k))
			continue;
		if (k == EMIT_TEST && !inline_validator(run, pool, root))
			return false;
		char *text = template_render(run->ctx, run->tmpl[k], root, run->d, &len);
		if (!text)
			return false;
		char *name = k == EMIT_MAN ?
			talloc_asprintf(pool, kinds[k].file_format, s->name,
					s->kind == SPEC_SYSCALL ? "2" : "9") :
			talloc_asprintf(pool, kinds[k].file_format, s->name);
		/* The test pastes in the validator's header and source:
		 * the texts just rendered, not a second rendering. */
		if ((k == EMIT_H || k == EMIT_C) && (opt->kinds & (1u << EMIT_TEST)))
			tv_set(root, k == EMIT_H ? "validator_h" : "validator_c",
			       tv_strn(pool, text, len));
		put_output(run, name, text, len);
	}
	return true;
}

/* A spec's view is some 100 KB of small values, made together and freed
 * together. */
enum { VIEW_POOL = 256u << 10 };

/*
 * The per-spec outputs of every spec of the main file, one spec at a
 * time, up to the first failure; SPECS, when not NULL, keeps each spec's
 * map for JSON, which lists them all.
 */
static bool render_specs(struct render_run *run, TALLOC_CTX *tmp,
			 struct tval *specs)
{
	bool any = false;

	for (int k = 0; k < EMIT_NKINDS; k++)
		any |= per_spec_kind(run, k);
	if (!any && !specs)
		return true;   /* --emit=runtime alone: no view is read */
	for (size_t i = 0; i < run->file->nspecs; i++) {
		const struct spec *s = run->file->specs[i];
		TALLOC_CTX *pool;

		if (s->loc.src != run->file->main)
			continue;
		if (!(pool = talloc_pool(tmp, VIEW_POOL)))
			abort();
		struct tval *map = view_spec(pool, run->view, s);
		if (any && !render_spec(run, pool, s,
					view_spec_root(pool, run->view, s, map)))
			return false;
		if (specs)
			tv_push(specs, map);
		else
			talloc_free(pool);
	}
	return true;
}

/* JSON, of every spec's map in SPECS, first in the set as its kind
 * comes first. */
static bool render_json(struct render_run *run, TALLOC_CTX *tmp,
			struct tval *specs)
{
	struct tval *root = view_file_root(tmp, run->view, specs);
	size_t len, n = run->set->count;
	char *text = template_render(run->ctx, run->tmpl[EMIT_JSON], root, run->d, &len);

	if (!text)
		return false;
	put_output(run, talloc_asprintf(tmp, kinds[EMIT_JSON].file_format,
					file_base(tmp, run->opt->source_name)),
		   text, len);
	struct output json = run->set->items[n];
	memmove(run->set->items + run->first + 1, run->set->items + run->first,
		(n - run->first) * sizeof json);
	run->set->items[run->first] = json;
	return true;
}

/* The templates RUN uses; the test inlines the validator, so it needs
 * the C and header templates too. */
static bool load_templates(struct render_run *run, TALLOC_CTX *tmp)
{
	unsigned want = run->opt->kinds;
	bool ok = true;

	if (want & (1u << EMIT_TEST))
		want |= (1u << EMIT_C) | (1u << EMIT_H);
	for (int k = 0; k < EMIT_NKINDS; k++)
		if ((want & (1u << k)) && kinds[k].template)
			if (!(run->tmpl[k] = load_template(tmp, kinds[k].template, run->opt,
							   run->d, &run->io_failed)))
				ok = false;
	return ok;
}

int emit_render(TALLOC_CTX *ctx, const struct kapi_file *file,
		const struct emit_options *opt, struct diag *d,
		struct output_set *set)
{
	TALLOC_CTX *tmp = talloc_new(NULL);
	const struct embedded_file *runtime = embedded_find("runtime/kapi-runtime.h");
	struct view_options vo = {
		.generator = "kapic " PACKAGE_VERSION,
		.source_name = opt->source_name,
		.runtime = runtime ? runtime->data : NULL,
		.date = opt->date,
		.man_source = opt->man_source,
		.man_manual = opt->man_manual,
		.man_internals = opt->man_internals,
	};
	struct render_run run = {
		.ctx = ctx, .file = file, .opt = opt, .d = d, .set = set,
		.first = set->count,
	};
	bool json = opt->kinds & (1u << EMIT_JSON);

	if (!tmp)
		abort();
	/* Tests written into a directory include the runtime, which
	 * --emit=runtime writes once (a build system declares it once, not
	 * one producer a spec); one output (-o) stays a self-contained
	 * program. */
	if (!opt->out_file && (opt->kinds & (1u << EMIT_TEST)))
		vo.runtime_include = kinds[EMIT_RUNTIME].file_format;
	bool ok = load_templates(&run, tmp);
	if (ok) {
		run.view = view_new(tmp, file, &vo);
		struct tval *specs = json ? tv_list(tmp) : NULL;
		ok = render_specs(&run, tmp, specs);
		/* Once a run, whatever number of files it compiles. */
		const char *rt_name = kinds[EMIT_RUNTIME].file_format;
		if (ok && (opt->kinds & (1u << EMIT_RUNTIME)) && runtime &&
		    !output_has(set, output_path(tmp, opt, rt_name))) {
			size_t len;
			char *text = runtime_license(tmp, file, &len);

			output_add_body(set, output_path(set, opt, rt_name), text, len,
					runtime->data, runtime->len);
		}
		if (ok && json)
			ok = render_json(&run, tmp, specs);
	}
	talloc_free(tmp);
	return ok ? 0 : run.io_failed ? 2 : 1;
}
