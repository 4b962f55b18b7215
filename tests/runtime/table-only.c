/*
 * The compiler's view of the runtime: KAPI_RUNTIME_TABLE_ONLY must expose
 * the fixture X-macro and the kind enum and nothing else (no system
 * header), and the full runtime must still be includable afterwards.
 * Prints the table as "name<TAB>arity<TAB>kind<TAB>description" lines.
 */
#define KAPI_RUNTIME_TABLE_ONLY
#include "kapi-runtime.h"

#if defined(EINVAL) || defined(NULL) || defined(EOF) || defined(SYS_mlock2) || defined(KAPI_RUNTIME_H)
#error "KAPI_RUNTIME_TABLE_ONLY pulled in more than the fixture table"
#endif

struct fx {
	const char *name;
	int arity;
	enum kapi_fx_kind kind;
	const char *desc;
};

#define X(name, arity, kind, desc) { #name, arity, kind, desc },
static const struct fx fixtures[] = { KAPI_FIXTURES(X) };
#undef X

/* Now the whole runtime in the same translation unit. */
#undef KAPI_RUNTIME_TABLE_ONLY
#define _GNU_SOURCE
#include "kapi-runtime.h"

int main(void)
{
	static const char *const kinds[] = { "value", "setup", "verify" };
	size_t i;

	for (i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
		if (fixtures[i].arity > KAPI_FX_MAX_ARITY)
			return 1;
		printf("%s\t%d\t%s\t%s\n", fixtures[i].name, fixtures[i].arity,
		       kinds[fixtures[i].kind], fixtures[i].desc);
	}
	return 0;
}
