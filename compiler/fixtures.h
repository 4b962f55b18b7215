/* The test runtime's fixtures, as the compiler knows them.  The list is
 * read from templates/runtime/kapi-runtime.h at build time, so a new
 * fixture is a new function there and nothing here. */
#ifndef KAPIC_FIXTURES_H
#define KAPIC_FIXTURES_H

#include <stddef.h>
#include <stdio.h>

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

const struct fixture *fixture_find(const char *name);
const char *const *fixture_names(size_t *count);
const char *fixture_kind_name(enum fixture_kind kind);
void fixture_print_list(FILE *out);

#endif
