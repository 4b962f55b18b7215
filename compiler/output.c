#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fixtures.h"
#include "output.h"
#include "util.h"

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

/* Whether the N bytes at BUF are O's text from offset AT. */
static bool text_matches(const struct output *o, size_t at, const char *buf,
			 size_t n)
{
	size_t head = at < o->len ? o->len - at : 0;

	if (head > n)
		head = n;
	if (head && memcmp(buf, o->data + at, head) != 0)
		return false;
	return head == n || memcmp(buf + head, o->body + (at + head - o->len), n - head) == 0;
}

static bool same_content(const char *path, const struct stat *st,
			 const struct output *o)
{
	char buf[16384];
	size_t got = 0, len = o->len + o->body_len;
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
		if (n <= 0 || !text_matches(o, got, buf, (size_t)n))
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

static bool write_output(int fd, const struct output *o)
{
	return write_all(fd, o->data, o->len) && write_all(fd, o->body, o->body_len);
}

static void write_failed(FILE *err, const char *path)
{
	fprintf(err, "kapic: cannot write %s: %s\n", path, strerror(errno));
}

/* Write beside the target, for a rename: a reader never sees half a
 * file, and a failure leaves the old file as it was.  The name is
 * .BASE.PID, PID six hex digits (pid_max is at most 2^22), so that a later
 * run can tell a temporary whose run was killed (see remove_stale).  Not
 * mkstemp(): its 0600 would need an fchmod, and an output gets the
 * umask's permissions like any compiler's; O_EXCL makes the name ours. */
static char *write_temp(TALLOC_CTX *ctx, const char *path,
			const struct output *o, FILE *err)
{
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path + 1) : 0;
	char *tmp = talloc_asprintf(ctx, "%.*s.%s.%06x", dirlen, path, path + dirlen,
				    (unsigned)getpid() & 0xffffffu);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);

	if (fd < 0 || !write_output(fd, o) || close(fd) != 0) {
		write_failed(err, path);
		if (fd >= 0)
			unlink(tmp);
		talloc_free(tmp);
		return NULL;
	}
	return tmp;
}

/* Stage O unless it goes to standard output, to something that is not
 * a regular file, or (--keep-unchanged) to a file that holds it already: renaming over a device would turn -o /dev/null into a
 * regular file (as root), and opening a FIFO to compare would block. */
static bool stage(struct output_set *set, struct output *o, FILE *err)
{
	struct stat st;
	bool exists = stat(o->path, &st) == 0;

	if (exists && !S_ISREG(st.st_mode))
		return true;
	if (exists && set->keep_unchanged && same_content(o->path, &st, o)) {
		TALLOC_FREE(o->data);
		return true;
	}
	if (!(o->temp = write_temp(set, o->path, o, err)))
		return false;
	TALLOC_FREE(o->data);
	return true;
}

void output_add_body(struct output_set *set, char *path, char *data,
		     size_t len, const char *body, size_t body_len)
{
	set->items = util_grow(set, set->items, set->count, sizeof *set->items);
	struct output *o = &set->items[set->count++];
	*o = (struct output){ talloc_steal(set, path), talloc_steal(set, data), len,
			      NULL, set->origin, body, body_len };
}

void output_add(struct output_set *set, char *path, char *data, size_t len)
{
	output_add_body(set, path, data, len, NULL, 0);
}

void output_truncate(struct output_set *set, size_t count)
{
	while (set->count > count) {
		struct output *o = &set->items[--set->count];
		talloc_free(o->path);
		talloc_free(o->data);
	}
}

bool output_has(const struct output_set *set, const char *path)
{
	for (size_t i = 0; i < set->count; i++)
		if (set->items[i].path && strcmp(set->items[i].path, path) == 0)
			return true;
	return false;
}

void output_protect(struct output_set *set, const struct source *src)
{
	set->inputs = util_grow(set, set->inputs, set->ninputs, sizeof *set->inputs);
	set->inputs[set->ninputs++] = (struct output_input){ src->dev, src->ino };
}

static bool is_input(const struct output_set *set, const struct stat *st)
{
	for (size_t i = 0; i < set->ninputs; i++)
		if (set->inputs[i].dev == st->st_dev && set->inputs[i].ino == st->st_ino)
			return true;
	return false;
}

/* By identity, not by name, as gcc does: -o ./x.kapi, a hard link or a
 * symbolic link to an input are all the input.  PATHS gets every path. */
static bool paths_ok(const struct output_set *set, struct nameset *paths, FILE *err)
{
	struct stat st;

	for (size_t i = 0; i < set->count; i++) {
		const struct output *o = &set->items[i], *prev;

		if (!o->path)
			continue;
		if ((prev = nameset_add(paths, o->path, o))) {
			fprintf(err, "kapic: %s would be written for %s and again for %s: nothing written\n",
				o->path, prev->origin, o->origin);
			return false;
		}
		if (stat(o->path, &st) == 0 && is_input(set, &st)) {
			fprintf(err, "kapic: %s: output file is an input file: nothing written\n", o->path);
			return false;
		}
	}
	return true;
}

/* In DIR (its path up to and including the slash), the temporaries of
 * outputs in PATHS whose run is gone: kill -9 leaves them, and nothing
 * else would remove them.  Only our naming pattern (.BASE.PID, PID dead
 * or our own, which no live run can have) and regular files of ours. */
static void sweep_dir(TALLOC_CTX *ctx, const char *dir, const struct output_set *set,
		      const struct nameset *paths)
{
	DIR *d = opendir(*dir ? dir : ".");
	struct dirent *e;
	struct stat st;

	while (d && (e = readdir(d))) {
		const char *name = e->d_name, *hex = name + strlen(name);
		if (name[0] != '.' || hex - name < 9 || (hex -= 6)[-1] != '.' ||
		    strspn(hex, "0123456789abcdef") != 6)
			continue;
		pid_t pid = (pid_t)strtol(hex, NULL, 16);
		char *out = talloc_asprintf(ctx, "%s%.*s", dir, (int)(hex - name - 2), name + 1);
		char *temp = talloc_asprintf(ctx, "%s%s", dir, name);
		if (nameset_get(paths, out) && (pid == getpid() || (kill(pid, 0) && errno == ESRCH)) &&
		    lstat(temp, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
		    !is_input(set, &st))
			unlink(temp);
	}
	if (d)
		closedir(d);
}

/* Each directory of SET's outputs swept once. */
static void remove_stale(TALLOC_CTX *ctx, const struct output_set *set,
			 const struct nameset *paths)
{
	struct nameset dirs;

	nameset_init(&dirs, ctx, 4);
	for (size_t i = 0; i < set->count; i++) {
		const char *path = set->items[i].path, *slash;
		if (!path)
			continue;
		slash = strrchr(path, '/');
		char *dir = talloc_strndup(ctx, path, slash ? (size_t)(slash - path + 1) : 0);
		if (!nameset_add(&dirs, dir, dir))
			sweep_dir(ctx, dir, set, paths);
	}
}

static bool write_in_place(const char *path, const struct output *o,
			   FILE *err)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	bool ok = fd >= 0 && write_output(fd, o);
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
		if (write_output(1, o))
			return true;
		fprintf(err, "kapic: cannot write to standard output: %s\n", strerror(errno));
		return false;
	}
	if (o->data)
		return write_in_place(o->path, o, err);
	if (o->temp && rename(o->temp, o->path) != 0) {
		write_failed(err, o->path);
		return false;
	}
	TALLOC_FREE(o->temp);
	return true;
}

bool output_commit(struct output_set *set, FILE *err)
{
	TALLOC_CTX *tmp = talloc_new(NULL);
	struct nameset paths;

	nameset_init(&paths, tmp, set->count);
	bool ok = paths_ok(set, &paths, err);
	if (ok)
		remove_stale(tmp, set, &paths);
	talloc_free(tmp);

	/* Every file is staged before any is renamed into place, so a full
	 * disk cannot leave a mix of old and new outputs. */
	for (size_t i = 0; i < set->count && ok; i++)
		if (set->items[i].path)
			ok = stage(set, &set->items[i], err);
	for (size_t i = 0; i < set->count && ok; i++)
		ok = put_in_place(&set->items[i], err);
	return ok;
}

/* PATH as make reads it back, escaped as gcc does: a space or # gets a
 * backslash (one before a space doubles the backslashes before it), $ is
 * doubled; another backslash stays, which make reads literally. */
static void put_escaped(struct strbuf *sb, const char *path)
{
	for (const char *p = path; *p; p++) {
		if (*p == ' ' || *p == '\t')
			for (const char *q = p; q > path && q[-1] == '\\'; q--)
				strbuf_addc(sb, '\\');
		if (*p == ' ' || *p == '\t' || *p == '#' || *p == ':')
			strbuf_addc(sb, '\\');
		else if (*p == '$')
			strbuf_addc(sb, '$');
		strbuf_addc(sb, *p);
	}
}

/* Standard input (its path is its name, not a file) is nothing make
 * could check: naming it would make every build fail. */
static bool is_file(const struct source *src)
{
	return src->path != src->name;
}

void output_depfile(struct strbuf *sb, const struct output_set *set,
		    size_t first, const struct kapi_file *file,
		    const char *target, bool phony)
{
	bool any = target != NULL;

	if (target)
		put_escaped(sb, target);
	for (size_t i = first; i < set->count; i++) {
		if (!set->items[i].path)
			continue;
		if (any)
			strbuf_addc(sb, ' ');
		put_escaped(sb, set->items[i].path);
		any = true;
	}
	strbuf_addc(sb, ':');
	for (size_t i = 0; i < file->nsources; i++) {
		if (!is_file(file->sources[i]))
			continue;
		strbuf_adds(sb, " \\\n  ");
		put_escaped(sb, file->sources[i]->path);
	}
	/* The project's fixture table decides what the outputs check. */
	if (file->fixtures) {
		strbuf_adds(sb, " \\\n  ");
		put_escaped(sb, file->fixtures->path);
	}
	strbuf_addc(sb, '\n');
	for (size_t i = 1; phony && i < file->nsources; i++) {
		if (!is_file(file->sources[i]))
			continue;
		strbuf_addc(sb, '\n');
		put_escaped(sb, file->sources[i]->path);
		strbuf_adds(sb, ":\n");
	}
	if (phony && file->fixtures) {
		strbuf_addc(sb, '\n');
		put_escaped(sb, file->fixtures->path);
		strbuf_adds(sb, ":\n");
	}
}
