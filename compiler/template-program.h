/*
 * A parsed template, as template.c runs it.  Only template.c, tmplc.c,
 * the file tmplc writes, emit.c (which finds a built-in's program) and
 * the unit test see inside: the built-in templates are parsed when kapic
 * is built, and their programs are data in the binary (the README,
 * "Architecture", says why).
 */
#ifndef KAPIC_TEMPLATE_PROGRAM_H
#define KAPIC_TEMPLATE_PROGRAM_H

#include <stddef.h>
#include <stdint.h>

enum escaper {
	ESC_NONE,                   /* not given: use the default */
	ESC_RAW, ESC_C_STRING, ESC_C_COMMENT, ESC_C_IDENT, ESC_ROFF_TEXT,
	ESC_ROFF_ARG, ESC_ROFF_CODE, ESC_JSON, ESC_JSON_TEXT, ESC_KDOC, ESC_COUNT
};

enum special { SP_NONE, SP_INDEX, SP_NUMBER, SP_FIRST, SP_LAST, SP_COUNT };

enum op_kind { OP_TEXT, OP_VAR, OP_SECTION, OP_INVERTED, OP_END };

/* Offsets, not pointers: a program built into kapic is then constant
 * data the loader need not relocate (pointers made every run 0.8 ms
 * slower, most of what tmplc saves). */
struct name {
	uint32_t text;              /* as written, in the name table */
	uint32_t segs;              /* its first dotted part in the part table */
	uint32_t nsegs;             /* none for "." and the @ names */
	enum special special;
};

/*
 * A template is a flat program: a section op knows where its END is, and
 * END where its section starts, so rendering is a loop with an explicit
 * stack and template nesting depth never touches the C stack.
 */
struct op {
	struct name name;
	uint32_t text_offset;       /* OP_TEXT: LEN bytes of the source */
	uint32_t len;
	uint32_t match;             /* the END of a section, or its start */
	/* Where the tag is, in bytes of the template; only an error needs
	 * the rest of a struct loc (op_loc). */
	uint32_t first_offset, last_offset;
	enum op_kind kind;
	enum escaper esc;
};

/* A built-in template's program, by the name of its file (json.tmpl):
 * the ops, the name table (NAMES_LEN bytes of NUL-terminated texts) and
 * the part table (offsets in the name table). */
struct template_program {
	const char *name;
	const struct op *ops;
	size_t nops;
	const char *names;
	size_t names_len;
	const uint32_t *segs;
	size_t nsegs;
};

/* T's program, for tmplc to write (NAME is null for one parsed now). */
struct template;
struct template_program template_program_of(const struct template *t);

/* What tmplc wrote, ended by a null NAME. */
extern const struct template_program builtin_programs[];

#endif
