/*
 * A parsed template as a program of ops, and the image of one that tmplc
 * writes into kapic for each built-in template (parsed when kapic is
 * built).  Private to the engine (template.c), tmplc, the C it writes
 * and the unit test that compares the two.
 */
#ifndef KAPIC_TEMPLATE_OPS_H
#define KAPIC_TEMPLATE_OPS_H

#include <stdint.h>
#include "source.h"
#include "template.h"

/* Each list once, as X(ENUMERATOR, NAME): the engine needs the names
 * templates use, tmplc the enumerators' own to write them out. */
#define TEMPLATE_ESCAPERS(X)                                                  \
	X(ESC_NONE, NULL)          /* not given: use the default */           \
	X(ESC_RAW, "raw")                                                     \
	X(ESC_C_STRING, "c_string")                                           \
	X(ESC_C_COMMENT, "c_comment")                                         \
	X(ESC_C_IDENT, "c_ident")                                             \
	X(ESC_ROFF_TEXT, "roff_text")                                         \
	X(ESC_ROFF_ARG, "roff_arg")                                           \
	X(ESC_JSON, "json")
#define TEMPLATE_SPECIALS(X)                                                  \
	X(SP_NONE, NULL)                                                      \
	X(SP_INDEX, "@index")                                                 \
	X(SP_NUMBER, "@number")                                               \
	X(SP_FIRST, "@first")                                                 \
	X(SP_LAST, "@last")
#define TEMPLATE_OP_KINDS(X)                                                  \
	X(OP_TEXT, NULL) X(OP_VAR, NULL) X(OP_SECTION, NULL)                  \
	X(OP_INVERTED, NULL) X(OP_END, NULL)

#define TEMPLATE_ENUMERATOR(e, name) e,
enum escaper { TEMPLATE_ESCAPERS(TEMPLATE_ENUMERATOR) ESC_COUNT };
enum special { TEMPLATE_SPECIALS(TEMPLATE_ENUMERATOR) SP_COUNT };
enum op_kind { TEMPLATE_OP_KINDS(TEMPLATE_ENUMERATOR) };
#undef TEMPLATE_ENUMERATOR

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

struct template {
	const struct source *src;
	const struct op *ops;
	size_t nops;
};

/*
 * A template as tmplc writes it into kapic: offsets instead of pointers,
 * so the image needs no relocation when kapic starts (as pointers, the
 * six templates were 9,700 relocations, 60 pages of them touched by every
 * run, --check included) and template_from_image makes the ops of only
 * the templates a run uses.
 */
#define IMAGE_NO_NAME UINT32_MAX
struct op_image {
	uint32_t text;        /* OP_TEXT: offset in the template's text */
	uint32_t len, match, first_offset, last_offset;
	uint32_t name;        /* offset of the name as written in POOL, or IMAGE_NO_NAME */
	uint32_t parts;       /* index of the name's first part in PARTS */
	uint32_t nparts;
	uint8_t kind, esc, special;
};

struct part_image {
	uint32_t text;        /* offset in POOL */
	uint32_t key;         /* offset of its canonical key in tv_keys, plus 1; 0: none */
};

#endif
