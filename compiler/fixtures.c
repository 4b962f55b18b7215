#include <string.h>
#include "fixtures.h"

#define KAPI_RUNTIME_TABLE_ONLY
#include "../templates/runtime/kapi-runtime.h"

#define KIND(k) ((k) == KAPI_FX_SETUP ? FIXTURE_SETUP :                      \
		 (k) == KAPI_FX_VERIFY ? FIXTURE_VERIFY : FIXTURE_VALUE)

#define X(name_, arity_, kind_, desc_) { #name_, arity_, KIND(kind_), desc_ },
static const struct fixture table[] = { KAPI_FIXTURES(X) };
#undef X

#define X(name_, arity_, kind_, desc_) #name_,
static const char *const names[] = { KAPI_FIXTURES(X) NULL };
#undef X

#define NFIXTURES (sizeof table / sizeof table[0])

const struct fixture *fixture_find(const char *name)
{
	for (size_t i = 0; i < NFIXTURES; i++)
		if (!strcmp(table[i].name, name))
			return &table[i];
	return NULL;
}

const char *const *fixture_names(size_t *count)
{
	*count = NFIXTURES;
	return names;
}

const char *fixture_kind_name(enum fixture_kind kind)
{
	switch (kind) {
	case FIXTURE_SETUP: return "set-up";
	case FIXTURE_VERIFY: return "verification";
	case FIXTURE_VALUE: break;
	}
	return "value";
}

/* kapic --list-fixtures: "NAME<TAB>ARITY<TAB>KIND<TAB>DESCRIPTION", in
 * table order; docs/fixtures.md is made from it. */
void fixture_print_list(FILE *out)
{
	for (size_t i = 0; i < NFIXTURES; i++)
		fprintf(out, "%s\t%d\t%s\t%s\n", table[i].name, table[i].arity,
			fixture_kind_name(table[i].kind), table[i].description);
}
