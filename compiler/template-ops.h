/*
 * A parsed template as a program of ops: the private form shared by the
 * engine (template.c) and the C that tmplc writes for the built-in
 * templates, which are parsed once when kapic is built and compiled in
 * as static data.  Nothing else should include this.
 */
#ifndef KAPIC_TEMPLATE_OPS_H
#define KAPIC_TEMPLATE_OPS_H

#include <stdint.h>
#include "source.h"
#include "template.h"

enum escaper {
	ESC_NONE,          /* not given: use the default */
	ESC_RAW,
	ESC_C_STRING,
	ESC_C_COMMENT,
	ESC_C_IDENT,
	ESC_ROFF_TEXT,
	ESC_ROFF_ARG,
	ESC_JSON,
	ESC_COUNT
};

enum special { SP_NONE, SP_INDEX, SP_NUMBER, SP_FIRST, SP_LAST, SP_COUNT };

struct name {
	const char *text;         /* as written, for messages and close matching */
	const char *const *segs;  /* dotted parts; none for "." */
	const char *const *keys;  /* each part's canonical key, or NULL */
	/* Per part: where the last lookup found it.  Written while rendering,
	 * by any thread (relaxed atomics): it is only ever a hint. */
	uint32_t *cache;
	uint32_t nsegs;
	enum special special;
};

enum op_kind { OP_TEXT, OP_VAR, OP_SECTION, OP_INVERTED, OP_END };

/*
 * A template is a flat program: a section op knows where its END is, and
 * END where its section starts, so rendering is a loop with an explicit
 * stack and template nesting depth never touches the C stack.
 */
struct op {
	const char *text;     /* OP_TEXT: points into the source */
	struct name name;
	uint32_t len;
	uint32_t match;
	/* Where the tag is, in bytes of the template; only an error needs
	 * the rest of a struct loc (op_loc). */
	uint32_t first_offset, last_offset;
	enum op_kind kind;
	enum escaper esc;
};

/* Rendering never writes to OPS (only to the names' caches), so a
 * built-in template's ops can be read-only data. */
struct template {
	const struct source *src;
	const struct op *ops;
	size_t nops;
};

#endif
