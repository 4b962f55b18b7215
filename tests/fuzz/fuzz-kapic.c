/*
 * libFuzzer harness: one input is one .kapi file, taken through every phase
 * the driver runs (parse, checks, all emitters) without touching the disk.
 * Build and run: `make fuzz` (see tests/fuzz/README.md).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <talloc.h>
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* One context per input so a leak in any phase shows up in
	 * LeakSanitizer as soon as the input is done. */
	TALLOC_CTX *ctx = talloc_new(NULL);
	struct diag *d = diag_new(ctx, sink(), false);
	struct include_path none = { 0 };
	struct source *src = source_from_buffer(ctx, "fuzz.kapi",
						(const char *)data, size);
	struct kapi_file *file = kapi_file_new(ctx, size);

	/* Same gating as compile_one() in compiler/main.c: later phases may
	 * assume the earlier ones accepted the file. */
	if (parse_source(file, src, d, &none) &&
	    check_file(file, check_config_new(ctx), d) && diag_errors(d) == 0) {
		struct emit_options opt = {
			.kinds = (1u << EMIT_NKINDS) - 1,
			.out_dir = "/nonexistent",
			.source_name = "fuzz.kapi",
			.date = "2000-01-01",
		};
		/* Rendered and staged in memory; nothing is committed. */
		emit_render(ctx, file, &opt, d, output_set_new(ctx));
	}
	talloc_free(ctx);
	return 0;
}
