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
	PARSE_KEYWORD_SLOTS = 251,      /* > 3 times the keywords, prime */
	/* A file of two pieces or more is parsed in pieces of at least
	 * PARSE_PIECE_MIN bytes, up to so many a thread and in all: with
	 * threads started at once and one huge-page block for their models,
	 * that took a fifth off --check of 100 specs (646 KB) and a tenth
	 * off 40 (265 KB), for 3.6% more peak RSS at 100 (bench/RESULTS.md,
	 * eighth round). */
	PARSE_SPLIT_MIN = 256 << 10,
	PARSE_PIECE_MIN = 128 << 10,
	PARSE_PIECES_PER_THREAD = 4,
	PARSE_MAX_PIECES = 64,
	/* The model takes a few times the size of its text: the arena is
	 * sized for this many bytes of model a byte of input. */
	MODEL_PER_BYTE = 4,
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
	const char **open_files;        /* canonical paths being parsed: cycles */
	size_t nopen;

	/* Scanner state. */
	/* A piece of the source to scan instead of all of it: TEXT holds
	 * LEN bytes from OFFSET, and two NULs after them. */
	struct {
		const char *text;
		size_t offset, len;
	} chunk;
	const char *base;               /* where offset 0 would be */
	const char *limit;              /* the end of what is scanned */
	const char *skip_text;          /* last whitespace or comment skipped */
	bool skip_empty;                /* it ended in blanks: an empty place */
	unsigned char keyword_slot[PARSE_KEYWORD_SLOTS];  /* index, 0xff: empty */
	bool at_stmt_start;
	bool lexical_error_pending;     /* the scanner reported; parser stays quiet */
	struct loc comment_loc;         /* where an open comment started */
	const char *last_word;          /* text of an unknown keyword */
	bool prev_value;                /* the last token can end a statement */
	struct loc prev_loc;            /* and where it was */
	/* The literals of the string token being scanned (string_token),
	 * from opening quote to just past the closing one. */
	struct string_piece {
		const char *quote, *end;
		bool plain;             /* no escape or byte >= 0x80 */
	} piece_room[8], *pieces;
	size_t npieces, pieces_cap;

	/* Parser state: the block being filled. */
	struct spec *spec;
	uintptr_t spec_chunk_end;       /* the arena chunk it began in */
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

/* INPUT_LEN, the size of the main source, sizes the model's arena. */
struct kapi_file *kapi_file_new(TALLOC_CTX *ctx, size_t input_len);

/* Parse SRC (and what it includes) into FILE.  Returns false when errors
 * were reported. */
bool parse_source(struct kapi_file *file, struct source *src, struct diag *d,
		  const struct include_path *includes);
/* The same, on JOBS threads (0: one a CPU) for a file of at least
 * PARSE_SPLIT_MIN bytes; the model and the diagnostics are those of
 * parse_source. */
bool parse_source_jobs(struct kapi_file *file, struct source *src,
		       struct diag *d, const struct include_path *includes,
		       unsigned jobs);

/* Called by the parser for `include "NAME";`. */
void parse_include(struct parse_state *ps, const struct kstr *name,
		   const struct loc *loc);

/* Scanner entry points, implemented in grammar/lexer.l. */
int scanner_open(struct parse_state *ps);
void scanner_close(struct parse_state *ps);

#endif
