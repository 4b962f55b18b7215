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
	/* The keys the templates in use name (template_keys), for per-spec
	 * roots and for the file's root; a view leaves out what none names.
	 * NULL: build everything. */
	const struct tv_keyset *want;
	const struct tv_keyset *want_file;
};

/* What all roots of one file share (its constants), built once. */
struct view_shared;
struct view_shared *view_shared_new(TALLOC_CTX *ctx, const struct kapi_file *file,
				    const struct view_options *opt);

/* Root for whole-file outputs (JSON): generator, source, constants, specs.
 * Values are made from A; each of `specs' is made when a section reaches
 * it (tv_lazy_list), so the file's views are never all in memory. */
struct tval *view_file(struct tv_arena *a, const struct view_shared *vs);
/* The I-th of the file root's `specs`, of view_file_nspecs. */
struct tval *view_file_spec(struct tv_arena *a, const struct view_shared *vs,
			    size_t i);
size_t view_file_nspecs(const struct view_shared *vs);

/* Root for per-spec outputs: the file's keys plus `spec`. */
struct tval *view_spec(struct tv_arena *a, const struct view_shared *vs,
		       const struct spec *spec);

#endif
