/*
 * The front end's entry point.  The scanner (grammar/lexer.l) and parser
 * (grammar/parser.y) are private to it; yyscan_t never leaves the scanner.
 */
#ifndef KAPIC_PARSE_H
#define KAPIC_PARSE_H

#include <stdbool.h>
#include "diag.h"
#include "model.h"

/* Limits that keep hostile input from exhausting the stack or memory. */
enum {
	PARSE_MAX_INCLUDE_DEPTH = 32,
	PARSE_MAX_NESTING = 256,
	PARSE_MAX_IDENT = 1024,
	PARSE_MAX_STRING = 65536,
};

struct include_path {
	const char **dirs;
	size_t count;
};

/* Everything one parse of one source needs; shared with the scanner. */
struct parse_state {
	void *scanner;
	struct kapi_file *file;
	struct source *src;
	struct diag *diag;
	const struct include_path *includes;
	int include_depth;
	const struct parse_state *includer;     /* the chain of includes: cycles */
	char *canon;                    /* canonical path of SRC, or NULL */

	/* Scanner state; offsets count bytes from the start of SRC. */
	uint32_t offset;                /* where the next rule matches */
	size_t fed;                     /* how much of SRC flex has read */
	uint32_t pool_mark;             /* where the file's pool was last sized */
	uint32_t rule_offset;           /* where the current rule matched */
	bool skipped;                   /* whitespace or a comment was skipped */
	bool skip_empty;                /* the last one ended in blanks */
	uint32_t skip_offset;           /* and where it started */
	bool at_stmt_start;
	bool lexical_error_pending;     /* the scanner reported; parser stays quiet */
	struct loc comment_loc;         /* where an open comment started */
	const char *last_word;          /* text of an unknown keyword */
	bool prev_value;                /* the last token can end a statement */
	int prev_token;                 /* the last token */
	struct loc prev_loc;            /* and where it was */
	struct nameset keywords;        /* spelling to token, the literal's */
	struct strbuf *literal;         /* the literal being decoded */
	struct loc literal_loc;         /* and where it is, quotes included */
	bool literal_bad;               /* an error was reported in it */

	/* Parser state: the literals of the string being read, and the
	 * block being filled. */
	struct kstr **literals;
	size_t nliterals;
	struct spec *spec;
	struct param *param;
	struct ret *ret;
	struct error *error;
	struct testcase *test;
	struct signal *signal;
	struct signal_mask *mask;
	struct lock *lock;
	struct constraint *constraint;
	struct effect *effect;
	struct transition *transition;
	struct capability *cap;
	struct struct_spec *sspec;
	struct field *field;
};

/* INPUT_LEN, the size of the main source, sizes the model's pool. */
struct kapi_file *kapi_file_new(TALLOC_CTX *ctx, size_t input_len);
/* Called by the parser as a spec starts: a pool more for a large input. */
void parse_pool_refill(struct parse_state *ps);

/* Parse SRC (and what it includes) into FILE.  Returns false when errors
 * were reported. */
bool parse_source(struct kapi_file *file, struct source *src, struct diag *d,
		  const struct include_path *includes);

/* Called by the parser for `include "NAME";`. */
void parse_include(struct parse_state *ps, const struct kstr *name,
		   const struct loc *loc);

/* Scanner entry points, implemented in grammar/lexer.l. */
int scanner_open(struct parse_state *ps);
void scanner_close(struct parse_state *ps);

#endif
