/*
 * The view model: the checked model as template values.  One binding
 * serves every template, so an output (or a user's --templates override)
 * can use any fact; docs/templates.md lists the names.
 */
#ifndef KAPIC_VIEW_H
#define KAPIC_VIEW_H

#include "model.h"
#include "template.h"

struct view_options {
	const char *generator;      /* "kapic 0.1.0" */
	const char *source_name;    /* as given on the command line */
	const char *runtime;        /* test runtime text, inlined by tests */
	const char *date;           /* man page date (YYYY-MM-DD) */
};

/* Root for whole-file outputs (JSON): generator, source, constants, specs. */
struct tval *view_file(TALLOC_CTX *ctx, const struct kapi_file *file,
		       const struct view_options *opt);

/* Root for per-spec outputs: the file's keys plus `spec`. */
struct tval *view_spec(TALLOC_CTX *ctx, const struct kapi_file *file,
		       const struct spec *spec, const struct view_options *opt);

#endif
