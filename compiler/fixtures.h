/* The test runtime's fixtures, as the compiler knows them.  The built-in
 * list is read from templates/runtime/kapi-runtime.h at build time, so a
 * new fixture is a new function there and nothing here; a project adds
 * its own in a header of the same table form (--fixtures=FILE.h). */
#ifndef KAPIC_FIXTURES_H
#define KAPIC_FIXTURES_H

#include <stddef.h>
#include <stdio.h>
#include <talloc.h>

struct diag;

enum fixture_kind {
	FIXTURE_VALUE,    /* returns an argument value */
	FIXTURE_SETUP,    /* changes the environment before the call */
	FIXTURE_VERIFY,   /* checks an effect after a successful call */
};

struct fixture {
	const char *name;
	int arity;
	enum fixture_kind kind;
	const char *description;
};

/* A project's fixtures: the table of one header. */
struct fixture_set {
	const char *path;               /* as given to --fixtures */
	struct fixture *items;
	size_t count;
};

/* NAME among the built-in fixtures, then PROJECT's (which may be NULL). */
const struct fixture *fixture_find(const struct fixture_set *project, const char *name);
/* Every fixture name, built-in first, in an array allocated on CTX. */
const char **fixture_names(TALLOC_CTX *ctx, const struct fixture_set *project, size_t *count);
const char *fixture_kind_name(enum fixture_kind kind);
void fixture_print_list(FILE *out, const struct fixture_set *project);
/* The name a generated test includes the header by: its file name, found
 * on the compiler's include path (-I its directory). */
const char *fixture_header_name(const struct fixture_set *project);
/* The KAPI_PROJECT_FIXTURES table of the header at PATH, or NULL after
 * reporting to DIAG what is wrong with it (located in the header). */
struct fixture_set *fixture_read_project(TALLOC_CTX *ctx, const char *path, struct diag *diag);

#endif
