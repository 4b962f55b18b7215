#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "output.h"

static int set_destroy(struct output_set *set)
{
	for (size_t i = 0; i < set->count; i++)
		if (set->items[i].temp)
			unlink(set->items[i].temp);
	return 0;
}

struct output_set *output_set_new(TALLOC_CTX *ctx)
{
	struct output_set *set = talloc_zero(ctx, struct output_set);

	if (!set)
		abort();
	talloc_set_destructor(set, set_destroy);
	return set;
}

static bool same_content(const char *path, const struct stat *st,
			 const char *data, size_t len)
{
	char buf[16384];
	size_t got = 0;
	int fd;

	if (!S_ISREG(st->st_mode) || (size_t)st->st_size != len)
		return false;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return false;
	/* A block at a time: the size is known to be LEN. */
	while (got < len) {
		ssize_t n = read(fd, buf, len - got < sizeof buf ? len - got : sizeof buf);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || memcmp(buf, data + got, (size_t)n) != 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	return got == len;
}

static bool write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		data += n;
		len -= (size_t)n;
	}
	return true;
}

static void write_failed(FILE *err, const char *path)
{
	fprintf(err, "kapic: cannot write %s: %s\n", path, strerror(errno));
}

/* Write beside the target, for a rename: a reader never sees half a
 * file, and a failure leaves the old file as it was.  Not mkstemp(): its
 * 0600 would need an fchmod, and an output gets the umask's permissions
 * like any compiler's; O_EXCL makes the name ours. */
static char *write_temp(TALLOC_CTX *ctx, const char *path, const char *data,
			size_t len, FILE *err)
{
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path) : 0;
	const char *base = slash ? slash + 1 : path;
	unsigned pid = (unsigned)getpid();
	char *tmp = NULL;
	int fd = -1;

	for (unsigned attempt = 0; fd < 0 && attempt < 100; attempt++) {
		talloc_free(tmp);
		tmp = talloc_asprintf(ctx, "%.*s%s.%s.%06x", dirlen, path,
				      slash ? "/" : "", base,
				      (pid * 131u + attempt) & 0xffffffu);
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0 || !write_all(fd, data, len) || close(fd) != 0) {
		write_failed(err, path);
		if (fd >= 0)
			unlink(tmp);
		talloc_free(tmp);
		return NULL;
	}
	return tmp;
}

/* Stage O unless it goes to standard output or to something that is not
 * a regular file: renaming over a device would turn -o /dev/null into a
 * regular file (as root), and opening a FIFO to compare would block. */
static bool stage(struct output_set *set, struct output *o, FILE *err)
{
	struct stat st;
	bool exists = stat(o->path, &st) == 0;

	if (exists && !S_ISREG(st.st_mode))
		return true;
	if (exists && same_content(o->path, &st, o->data, o->len)) {
		TALLOC_FREE(o->data);
		return true;
	}
	if (!(o->temp = write_temp(set, o->path, o->data, o->len, err)))
		return false;
	TALLOC_FREE(o->data);
	return true;
}

void output_add(struct output_set *set, char *path, char *data, size_t len)
{
	set->items = util_grow(set, set->items, set->count, sizeof *set->items);
	struct output *o = &set->items[set->count++];
	*o = (struct output){ talloc_steal(set, path), talloc_steal(set, data), len, NULL };
}

static bool write_in_place(const char *path, const char *data, size_t len,
			   FILE *err)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	bool ok = fd >= 0 && write_all(fd, data, len);
	int saved = errno;

	if (fd >= 0 && close(fd) != 0 && ok) {
		ok = false;
		saved = errno;
	}
	errno = saved;
	if (!ok)
		write_failed(err, path);
	return ok;
}

/* Put O in place now that every output is staged. */
static bool put_in_place(struct output *o, FILE *err)
{
	if (!o->path) {
		if (write_all(1, o->data, o->len))
			return true;
		fprintf(err, "kapic: cannot write to standard output: %s\n", strerror(errno));
		return false;
	}
	if (o->data)
		return write_in_place(o->path, o->data, o->len, err);
	if (o->temp && rename(o->temp, o->path) != 0) {
		write_failed(err, o->path);
		return false;
	}
	TALLOC_FREE(o->temp);
	return true;
}

bool output_commit(struct output_set *set, FILE *err)
{
	bool ok = true;

	/* Every file is staged before any is renamed into place, so a full
	 * disk cannot leave a mix of old and new outputs. */
	for (size_t i = 0; i < set->count && ok; i++)
		if (set->items[i].path)
			ok = stage(set, &set->items[i], err);
	for (size_t i = 0; i < set->count && ok; i++)
		ok = put_in_place(&set->items[i], err);
	return ok;
}

/* PATH as make reads it back. */
static void put_escaped(FILE *f, const char *path)
{
	for (const char *p = path; *p; p++) {
		if (*p == '$')
			fputc('$', f);
		else if (*p == ' ' || *p == '#' || *p == '\\' || *p == ':')
			fputc('\\', f);
		fputc(*p, f);
	}
}

/* Standard input (its path is its name, not a file) is nothing make
 * could check: naming it would make every build fail. */
static bool is_file(const struct source *src)
{
	return src->path != src->name;
}

static void put_rule(FILE *f, const struct output_set *set,
		     const struct kapi_file *file, const char *target, bool phony)
{
	bool first = true;

	if (target) {
		put_escaped(f, target);
		first = false;
	}
	for (size_t i = 0; i < set->count; i++) {
		if (!set->items[i].path)
			continue;
		if (!first)
			fputc(' ', f);
		put_escaped(f, set->items[i].path);
		first = false;
	}
	fputs(":", f);
	for (size_t i = 0; i < file->nsources; i++) {
		if (!is_file(file->sources[i]))
			continue;
		fputs(" \\\n  ", f);
		put_escaped(f, file->sources[i]->path);
	}
	fputc('\n', f);
	for (size_t i = 1; phony && i < file->nsources; i++) {
		if (!is_file(file->sources[i]))
			continue;
		fputc('\n', f);
		put_escaped(f, file->sources[i]->path);
		fputs(":\n", f);
	}
}

bool output_depfile(const char *path, const struct output_set *set,
		    const struct kapi_file *file, const char *target,
		    bool phony, FILE *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return false;
	put_rule(f, set, file, target, phony);
	fclose(f);

	struct output_set *one = output_set_new(NULL);
	output_add(one, talloc_strdup(one, path), talloc_memdup(one, buf, len + 1), len);
	free(buf);
	bool ok = output_commit(one, err);
	talloc_free(one);
	return ok;
}
