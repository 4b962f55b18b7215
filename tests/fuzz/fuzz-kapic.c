/*
 * libFuzzer harness: one input is one .kapi file, optionally followed by a
 * line "%%NAME" and a template that replaces the built-in NAME
 * (json.tmpl, kernel.tmpl, ...), taken through every phase the driver
 * runs: parse, checks, every emitter, the depfile, and the commit of every
 * file into a scratch directory (removed again after each input).
 * Build and run: `make fuzz`; tests/fuzz/replay runs it over the
 * committed corpus in `make check` (see tests/fuzz/README.md).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE                     /* memmem */
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <talloc.h>
#include <unistd.h>
#include "check.h"
#include "diag.h"
#include "emit.h"
#include "output.h"
#include "parse.h"
#include "source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Opening /dev/null once per process: per input it would leak descriptors
 * over millions of runs, and diagnostics text is not what is under test. */
static FILE *sink(void)
{
	static FILE *null;

	if (!null && !(null = fopen("/dev/null", "w")))
		abort();
	return null;
}

/* The scratch directory (outputs) and its subdirectory t (templates). */
static char out_dir[64], tmpl_dir[80];

static void remove_scratch(void)
{
	rmdir(tmpl_dir);
	rmdir(out_dir);
}

static void make_scratch(void)
{
	if (out_dir[0])
		return;
	snprintf(out_dir, sizeof out_dir, "/tmp/kapic-fuzz.XXXXXX");
	if (!mkdtemp(out_dir))
		abort();
	snprintf(tmpl_dir, sizeof tmpl_dir, "%s/t", out_dir);
	if (mkdir(tmpl_dir, 0700) != 0)
		abort();
	atexit(remove_scratch);
}

/* Write the template after "\n%%NAME\n" to PATH (tmpl_dir/NAME); the
 * length of the .kapi text before it, all of SIZE when there is none. */
static size_t split_template(const uint8_t *data, size_t size, char *path,
			     size_t cap)
{
	const uint8_t *p = memmem(data, size, "\n%%", 3), *nl;

	if (!p || !(nl = memchr(p + 3, '\n', size - (size_t)(p + 3 - data))) ||
	    nl - p - 3 > 32 || memchr(p + 3, '/', (size_t)(nl - p - 3)) ||
	    memchr(p + 3, '\0', (size_t)(nl - p - 3)))
		return size;
	snprintf(path, cap, "%s/%.*s", tmpl_dir, (int)(nl - p - 3), (const char *)p + 3);
	FILE *f = fopen(path, "wb");
	if (!f) {
		path[0] = '\0';
		return size;
	}
	fwrite(nl + 1, 1, size - (size_t)(nl + 1 - data), f);
	fclose(f);
	return (size_t)(p - data) + 1;
}

/* Render, add the depfile, write everything, remove it again. */
static void emit_and_write(TALLOC_CTX *ctx, struct kapi_file *file,
			   struct diag *d, bool templates)
{
	struct emit_options opt = {
		.kinds = (1u << EMIT_NKINDS) - 1,
		.out_dir = out_dir,
		.template_dir = templates ? tmpl_dir : NULL,
		.source_name = "fuzz.kapi",
		.date = "2000-01-01",
	};
	struct output_set *set = output_set_new(ctx);

	if (emit_render(ctx, file, &opt, d, set) == 0) {
		struct strbuf *sb = strbuf_new(set);
		output_depfile(sb, set, 0, file, "fuzz-target", true);
		output_add(set, talloc_asprintf(set, "%s/fuzz.d", out_dir),
			   talloc_steal(set, sb->data), sb->len);
		output_commit(set, sink());
	}
	for (size_t i = 0; i < set->count; i++)
		if (set->items[i].path)
			unlink(set->items[i].path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* One context per input so a leak in any phase shows up in
	 * LeakSanitizer as soon as the input is done. */
	TALLOC_CTX *ctx = talloc_new(NULL);
	struct diag *d = diag_new(ctx, sink(), false);
	struct include_path none = { 0 };
	char tmpl[128] = "";

	make_scratch();
	size_t len = split_template(data, size, tmpl, sizeof tmpl);
	struct source *src = source_from_buffer(ctx, "fuzz.kapi", (const char *)data, len);
	struct kapi_file *file = kapi_file_new(ctx, len);

	/* Same gating as compile_one() in compiler/main.c: later phases may
	 * assume the earlier ones accepted the file. */
	if (parse_source(file, src, d, &none) &&
	    check_file(file, check_config_new(ctx), d) && diag_errors(d) == 0)
		emit_and_write(ctx, file, d, tmpl[0] != '\0');
	if (tmpl[0])
		unlink(tmpl);
	talloc_free(ctx);
	return 0;
}
