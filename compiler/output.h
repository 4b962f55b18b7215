/*
 * Writing outputs: every file of a run appears at once or not at all, and
 * a make depfile names them.  Every output is written, unchanged or not,
 * so that make sees it newer than its inputs (as gcc and bison do);
 * --keep-unchanged keeps an unchanged one's mtime for tools that re-stat.
 */
#ifndef KAPIC_OUTPUT_H
#define KAPIC_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>
#include <talloc.h>
#include <sys/types.h>
#include "model.h"
#include "strbuf.h"

/* A rendered output on its way to PATH.  output_commit stages it: its
 * text written to TEMP beside PATH, or found the same as the file in
 * place (DATA and TEMP NULL then); DATA is kept for standard output and
 * for a device or FIFO, which are written in place. */
struct output {
	char *path;                     /* NULL: standard output */
	char *data;
	size_t len;
	char *temp;
	const char *origin;             /* the input it is made from */
	/* Constant text that follows DATA, not copied: the runtime of the
	 * tests is 112 KB of kapic's own text under a licence line. */
	const char *body;
	size_t body_len;
};

/* A regular file read (an st_dev, st_ino), which no output may replace. */
struct output_input {
	dev_t dev;
	ino_t ino;
};

struct output_set {
	struct output *items;
	size_t count;
	const char *origin;             /* of the outputs added next */
	struct output_input *inputs;
	size_t ninputs;
	bool keep_unchanged;              /* --keep-unchanged */
};

/* A set whose staged files are removed when it is freed uncommitted. */
struct output_set *output_set_new(TALLOC_CTX *ctx);

/* Add the output DATA (LEN bytes) for PATH (NULL: standard output); SET
 * takes both talloc blocks. */
void output_add(struct output_set *set, char *path, char *data, size_t len);
/* output_add of DATA followed by BODY_LEN bytes of BODY, which outlives
 * SET and is not copied. */
void output_add_body(struct output_set *set, char *path, char *data,
		     size_t len, const char *body, size_t body_len);

/* Drop the outputs of SET past the first COUNT (a file that failed). */
void output_truncate(struct output_set *set, size_t count);

/* Whether SET has an output for PATH already. */
bool output_has(const struct output_set *set, const char *path);

/* Refuse, at commit, an output that is the file SRC was read from (if any). */
void output_protect(struct output_set *set, const struct source *src);

/* Put every output of SET in place, in order, after removing the
 * temporaries that runs since killed left beside them; nothing is written
 * when two outputs have one path or an output is an input (see
 * output_protect).  A failure leaves every file not yet renamed as it
 * was, and returns false after a message on ERR. */
bool output_commit(struct output_set *set, FILE *err);

/* A make rule into SB: every output of SET from FIRST on (and TARGET)
 * depends on every source FILE read; PHONY adds an empty rule for each
 * include. */
void output_depfile(struct strbuf *sb, const struct output_set *set,
		    size_t first, const struct kapi_file *file,
		    const char *target, bool phony);

#endif
