#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "source.h"

struct source *source_from_buffer(TALLOC_CTX *ctx, const char *name,
				  const char *text, size_t len)
{
	struct source *src = talloc_zero(ctx, struct source);
	char *copy;

	src->name = talloc_strdup(src, name);
	src->path = src->name;
	copy = talloc_array(src, char, len + 1);
	memcpy(copy, text, len);
	copy[len] = '\0';
	src->text = copy;
	src->len = len;
	return src;
}

static struct source *read_stream(TALLOC_CTX *ctx, const char *name, int fd,
				  size_t expected)
{
	/* A regular file's size is known: one read into a buffer of the
	 * right size, not a doubling series of copies. */
	const size_t tail = 1;          /* the NUL */
	size_t cap = expected ? expected + tail + 1 : 65536, len = 0;
	char *buf = talloc_array(ctx, char, cap);
	struct source *src;

	for (;;) {
		ssize_t n;

		if (len + tail >= cap) {
			/* talloc refuses blocks over 256 MB: an endless input
			 * (include "/dev/zero") must end here, not in read()
			 * into a NULL buffer. */
			char *grown = talloc_realloc(ctx, buf, char, cap * 2);
			if (!grown) {
				talloc_free(buf);
				errno = EFBIG;
				return NULL;
			}
			buf = grown;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - tail);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int saved = errno;
			talloc_free(buf);
			errno = saved;
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	src = talloc_zero(ctx, struct source);
	src->name = talloc_strdup(src, name);
	src->path = src->name;
	src->text = talloc_steal(src, buf);
	src->len = len;
	return src;
}

struct source *source_from_static(TALLOC_CTX *ctx, const char *name,
				  const char *text, size_t len)
{
	struct source *src = talloc_zero(ctx, struct source);

	src->name = name;
	src->path = name;
	src->text = text;
	src->len = len;
	return src;
}

/* The file an output must never replace (output_protect). */
static void set_identity(struct source *src, int fd)
{
	struct stat st;

	if (src && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		src->dev = st.st_dev;
		src->ino = st.st_ino;
	}
}

struct source *source_read_stream(TALLOC_CTX *ctx, const char *name, int fd)
{
	struct source *src = read_stream(ctx, name, fd, 0);

	set_identity(src, fd);
	return src;
}

/* Only a regular file when REGULAR: a FIFO would block and a device
 * never end.  O_NONBLOCK then, so that opening a FIFO does not wait for a
 * writer before fstat refuses it; a regular file reads the same. */
static struct source *read_path(TALLOC_CTX *ctx, const char *name,
				const char *path, bool regular)
{
	struct source *src;
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | (regular ? O_NONBLOCK : 0));

	if (fd < 0)
		return NULL;
	int bad = fstat(fd, &st) < 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR :
		  regular && !S_ISREG(st.st_mode) ? SOURCE_NOT_REGULAR : 0;
	if (bad) {
		close(fd);
		errno = bad;
		return NULL;
	}
	src = read_stream(ctx, name, fd,
			  S_ISREG(st.st_mode) && st.st_size < (1 << 28) ? (size_t)st.st_size : 0);
	set_identity(src, fd);
	close(fd);
	if (src)
		src->path = talloc_strdup(src, path);
	return src;
}

struct source *source_read_file(TALLOC_CTX *ctx, const char *name,
				const char *path)
{
	return read_path(ctx, name, path, true);
}

struct source *source_read_input(TALLOC_CTX *ctx, const char *path)
{
	return read_path(ctx, path, path, false);
}

const char *source_strerror(int err)
{
	return err == SOURCE_NOT_REGULAR ? "not a regular file" : strerror(err);
}

static void source_index_lines(const struct source *src)
{
	/* Diagnostics are rare; index lazily so clean runs never pay for it. */
	struct source *mut = (struct source *)src;
	size_t n = 1;

	for (size_t i = 0; i < src->len; i++)
		if (src->text[i] == '\n')
			n++;
	mut->line_starts = talloc_array(mut, size_t, n);
	mut->nlines = 0;
	mut->line_starts[mut->nlines++] = 0;
	for (size_t i = 0; i < src->len; i++)
		if (src->text[i] == '\n')
			mut->line_starts[mut->nlines++] = i + 1;
}

const char *source_line(const struct source *src, int line, size_t *len)
{
	size_t start, end;

	if (!src->line_starts)
		source_index_lines(src);
	if (line < 1 || (size_t)line > src->nlines) {
		*len = 0;
		return "";
	}
	start = src->line_starts[line - 1];
	end = start;
	while (end < src->len && src->text[end] != '\n')
		end++;
	*len = end - start;
	return src->text + start;
}

void source_position(const struct source *src, size_t offset, int *line,
		     int *column)
{
	size_t lo = 0, hi;

	if (!src->line_starts)
		source_index_lines(src);
	/* The last line starting at or before OFFSET. */
	hi = src->nlines;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (src->line_starts[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	*line = (int)lo + 1;
	*column = (int)(offset - src->line_starts[lo]) + 1;
}
