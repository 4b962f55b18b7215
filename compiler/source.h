/* Source buffers and locations shared by every phase. */
#ifndef KAPIC_SOURCE_H
#define KAPIC_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <talloc.h>

/* Every source text ends with this many NUL bytes, so the scanner can
 * work on it in place. */
#define SOURCE_PADDING 2

struct source {
	const char *name;      /* as given on the command line or in include */
	const char *path;      /* where it was read from */
	const char *text;      /* followed by SOURCE_PADDING NULs; may hold inner NULs */
	size_t len;
	size_t *line_starts;   /* byte offset of each line, built lazily */
	size_t nlines;
	const struct source *included_from;
	/* Where the include is in INCLUDED_FROM, as an offset: a line would
	 * mean indexing a source while another thread may be scanning it. */
	uint32_t include_offset;
};

/* A byte range of a source.  Lines and columns are worked out from the
 * offsets only when a diagnostic is printed (source_position): a location
 * is in every node of the model and on every entry of the parser's stack,
 * where two offsets cost half of what lines and columns did.  32 bits: a
 * source is at most 256 MB (talloc's limit). */
struct loc {
	const struct source *src;
	uint32_t first_offset, last_offset;
};

struct source *source_from_buffer(TALLOC_CTX *ctx, const char *name,
				  const char *text, size_t len);
/* TEXT and NAME are used in place and must outlive the source (text built
 * into the binary); such a source has no NUL padding, so the scanner must
 * not read it. */
struct source *source_from_static(TALLOC_CTX *ctx, const char *name,
				  const char *text, size_t len);
/* Returns NULL and sets errno on failure. */
struct source *source_read_file(TALLOC_CTX *ctx, const char *name,
				const char *path);
struct source *source_read_stream(TALLOC_CTX *ctx, const char *name, int fd);

/* The line and byte column (both 1-based) of byte OFFSET of SRC. */
void source_position(const struct source *src, size_t offset, int *line,
		     int *column);

/* The text of line LINE (1-based), without its newline. */
const char *source_line(const struct source *src, int line, size_t *len);

#endif
