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
	const char *man_source;     /* .TH's source (--man-source), else "Linux" */
	const char *man_manual;     /* .TH's manual (--man-manual), or NULL */
	bool man_internals;         /* --man-internals: kernel-side sections too */
};

/* What all roots of one file share (its constants), built once. */
struct view;
struct view *view_new(TALLOC_CTX *ctx, const struct kapi_file *file,
		      const struct view_options *opt);

/* The map of SPEC, with values made in CTX: a spec root's `spec` and an
 * item of the file root's `specs`. */
struct tval *view_spec(TALLOC_CTX *ctx, const struct view *v,
		       const struct spec *spec);
/* Root for per-spec outputs: the file's keys plus `spec`, SPEC_MAP. */
struct tval *view_spec_root(TALLOC_CTX *ctx, const struct view *v,
			    const struct spec *spec, struct tval *spec_map);
/* Root for whole-file outputs (JSON): the file's keys plus `specs`, a list
 * of view_spec maps. */
struct tval *view_file_root(TALLOC_CTX *ctx, const struct view *v,
			    struct tval *specs);

#endif
