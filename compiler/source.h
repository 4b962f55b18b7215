/* Source buffers and locations shared by every phase. */
#ifndef KAPIC_SOURCE_H
#define KAPIC_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <talloc.h>

struct source {
	const char *name;      /* as given on the command line or in include */
	const char *path;      /* where it was read from */
	const char *text;      /* may hold NULs; a NUL follows unless static */
	size_t len;
	size_t *line_starts;   /* byte offset of each line, built lazily */
	size_t nlines;
	dev_t dev;             /* of a regular file read, else 0 */
	ino_t ino;
	const struct source *included_from;
	uint32_t include_offset;        /* where the include is in INCLUDED_FROM */
};

/* A byte range of a source.  Lines and columns are worked out from the
 * offsets only when a diagnostic is printed (source_position).  32 bits: a
 * source is at most 256 MB (talloc's limit). */
struct loc {
	const struct source *src;
	uint32_t first_offset, last_offset;
};

struct source *source_from_buffer(TALLOC_CTX *ctx, const char *name,
				  const char *text, size_t len);
/* TEXT and NAME are used in place and must outlive the source (text built
 * into the binary). */
struct source *source_from_static(TALLOC_CTX *ctx, const char *name,
				  const char *text, size_t len);
/* A regular file (an include, a template); NULL and errno set on
 * failure, SOURCE_NOT_REGULAR for a FIFO, a device or a socket. */
struct source *source_read_file(TALLOC_CTX *ctx, const char *name,
				const char *path);
/* An input named on the command line: a FIFO or a device too (<(cmd),
 * /dev/stdin), but not a directory. */
struct source *source_read_input(TALLOC_CTX *ctx, const char *path);
/* Past every errno value of Linux (4095 at most). */
#define SOURCE_NOT_REGULAR 4096
/* strerror, and a message for SOURCE_NOT_REGULAR. */
const char *source_strerror(int err);
struct source *source_read_stream(TALLOC_CTX *ctx, const char *name, int fd);

/* The line and byte column (both 1-based) of byte OFFSET of SRC. */
void source_position(const struct source *src, size_t offset, int *line,
		     int *column);

/* The text of line LINE (1-based), without its newline. */
const char *source_line(const struct source *src, int line, size_t *len);

#endif
