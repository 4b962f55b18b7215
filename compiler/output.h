/*
 * Writing outputs: every file of a run appears at once or not at all, an
 * unchanged one keeps its mtime, and a make depfile names them.
 */
#ifndef KAPIC_OUTPUT_H
#define KAPIC_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>
#include <talloc.h>
#include "model.h"

/* A rendered output on its way to PATH.  output_commit stages it: its
 * text written to TEMP beside PATH, or found the same as the file in
 * place (DATA and TEMP NULL then); DATA is kept for standard output and
 * for a device or FIFO, which are written in place. */
struct output {
	char *path;                     /* NULL: standard output */
	char *data;
	size_t len;
	char *temp;
};

struct output_set {
	struct output *items;
	size_t count;
};

/* A set whose staged files are removed when it is freed uncommitted. */
struct output_set *output_set_new(TALLOC_CTX *ctx);

/* Add the output DATA (LEN bytes) for PATH (NULL: standard output); SET
 * takes both talloc blocks. */
void output_add(struct output_set *set, char *path, char *data, size_t len);

/* Put every output of SET in place, in order; a failure leaves every file
 * not yet renamed as it was, and returns false after a message on ERR. */
bool output_commit(struct output_set *set, FILE *err);

/* Write a make rule to PATH: every output of SET (and TARGET) depends on
 * every source FILE read; PHONY adds an empty rule for each include. */
bool output_depfile(const char *path, const struct output_set *set,
		    const struct kapi_file *file, const char *target,
		    bool phony, FILE *err);

#endif
