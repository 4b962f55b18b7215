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
	/* The header the tests include instead, written beside them; NULL
	 * when each test inlines the runtime. */
	const char *runtime_include;
	const char *date;           /* man page date (YYYY-MM-DD) */
	/* The keys the templates in use name (template_keys); the views
	 * leave out what none names.  NULL: build everything. */
	const struct tv_keyset *want;
};

/* What all roots of one file share (its constants), built once. */
struct view_shared;
struct view_shared *view_shared_new(TALLOC_CTX *ctx, const struct kapi_file *file,
				    const struct view_options *opt);

/* Root for whole-file outputs (JSON): generator, source, constants, specs.
 * SPEC_VIEWS, when not NULL, holds roots view_spec made already (NULL for
 * a spec not made yet), indexed like file->specs, so they are reused; they
 * must live as long as the result.  Values are made from A. */
struct tval *view_file(struct tv_arena *a, const struct view_shared *vs,
		       struct tval *const *spec_views);

/* Root for per-spec outputs: the file's keys plus `spec`. */
struct tval *view_spec(struct tv_arena *a, const struct view_shared *vs,
		       const struct spec *spec);

#endif
