#define _GNU_SOURCE   /* memmem */
#include <errno.h>
#include <pthread.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "parse.h"
#include "parser.h"

struct kapi_file *kapi_file_new(TALLOC_CTX *ctx, size_t input_len)
{
	struct kapi_file *file = talloc_zero(ctx, struct kapi_file);

	/* The model takes a few times the size of its text. */
	if (file)
		file->arena = arena_new(file, 4 * input_len);
	return file;
}

static bool parse_with(struct parse_state *ps)
{
	unsigned before = diag_errors(ps->diag);
	int rc;

	MODEL_APPEND(ps->file->arena, ps->file->sources, ps->file->nsources, ps->src);
	if (scanner_open(ps) != 0) {
		diag_report(ps->diag, DIAG_ERROR, NULL, "io",
			    "%s: cannot start the scanner", ps->src->name);
		return false;
	}
	rc = kapi_parse(ps);
	scanner_close(ps);
	return rc == 0 && diag_errors(ps->diag) == before;
}

/* Parse SRC, or the piece of it PS->chunk names, into PS->file. */
static bool parse_main(struct parse_state *ps)
{
	char *canon = realpath(ps->src->path, NULL);
	bool ok;

	if (canon) {
		ps->open_files = talloc_array(ps->file, const char *, 1);
		ps->open_files[0] = talloc_strdup(ps->open_files, canon);
		ps->nopen = 1;
		free(canon);
	}
	ok = parse_with(ps);
	talloc_free(ps->open_files);
	ps->open_files = NULL;
	return ok;
}

/*
 * A large file is parsed in two halves at once, split where a line starts
 * with `syscall ` or `function ` past the middle.  Each half is parsed
 * into a model of its own, with its diagnostics kept (diag_new_deferred);
 * when both are clean, the second model is appended to the first.  When
 * either half reports anything -- a split inside a comment, or a real
 * error -- both are thrown away and the file is parsed again in one
 * piece, so diagnostics are exactly a sequential parse's.
 */
struct half {
	struct parse_state ps;
	TALLOC_CTX *ctx;
	bool ok;
};

static void *parse_half(void *arg)
{
	struct half *h = arg;

	h->ok = parse_main(&h->ps) && diag_errors(h->ps.diag) == 0 &&
		diag_warnings(h->ps.diag) == 0;
	return NULL;
}

static size_t split_point(const struct source *src)
{
	static const char *const starts[] = { "\nsyscall ", "\nfunction " };
	size_t best = 0;

	for (size_t i = 0; i < 2; i++) {
		const char *from = src->text + src->len / 2;
		const char *at = memmem(from, src->len - src->len / 2, starts[i],
					strlen(starts[i]));
		size_t off = at ? (size_t)(at - src->text) + 1 : 0;

		if (off && (!best || off < best))
			best = off;
	}
	return best;
}

/* The half of SRC at OFFSET, LEN bytes, to be scanned at TEXT (followed
 * by two NULs), or from a copy when TEXT is NULL. */
static void half_init(struct half *h, const struct source *src,
		      const struct include_path *includes, size_t offset,
		      size_t len, const char *text)
{
	/* A top-level context each: the halves are parsed on two threads. */
	h->ctx = talloc_new(NULL);
	if (!h->ctx)
		abort();
	h->ps = (struct parse_state){
		.file = kapi_file_new(h->ctx, len),
		.src = (struct source *)src,
		.diag = diag_new_deferred(h->ctx),
		.includes = includes,
	};
	if (!h->ps.file || !h->ps.diag)
		abort();
	h->ps.file->main = (struct source *)src;
	h->ps.chunk.offset = offset;
	h->ps.chunk.len = len;
	if (!text) {
		char *copy = talloc_array(h->ctx, char, len + SOURCE_PADDING);
		if (!copy)
			abort();
		memcpy(copy, src->text + offset, len);
		memset(copy + len, 0, SOURCE_PADDING);
		text = copy;
	}
	h->ps.chunk.text = text;
}

#define APPEND_ALL(file, from, array, count) do {                             \
	for (size_t i_ = 0; i_ < (from)->count; i_++)                          \
		MODEL_APPEND((file)->arena, (file)->array, (file)->count,      \
			     (from)->array[i_]);                               \
} while (0)

/* Move the models of both halves into FILE, the first half first. */
static void take_half(struct kapi_file *file, struct half *h)
{
	struct kapi_file *from = h->ps.file;

	/* The main source is FILE's already; what the half included is
	 * not. */
	for (size_t i = 0; i < from->nsources; i++) {
		if (from->sources[i] != file->main) {
			talloc_steal(file, from->sources[i]);
			MODEL_APPEND(file->arena, file->sources, file->nsources,
				     from->sources[i]);
		}
	}
	APPEND_ALL(file, from, constants, nconstants);
	APPEND_ALL(file, from, specs, nspecs);
	APPEND_ALL(file, from, dups, ndups);
	talloc_steal(file, from->arena);
}

static bool parse_halves(struct kapi_file *file, struct source *src,
			 const struct include_path *includes, bool *ok)
{
	size_t split = split_point(src);
	struct half h[2];
	pthread_t thread;
	bool both;

	if (!split)
		return false;
	/* Flex needs two NULs after what it scans.  With room after the
	 * text, the second half moves up two bytes to make them for the
	 * first, and both are scanned in place (each thread writes only its
	 * half); they move back before anything reads the text.  Otherwise
	 * the first half is scanned from a copy, 3 MB of a 6 MB file. */
	char *text = (char *)src->text;
	bool gap = src->has_room;
	if (gap) {
		memmove(text + split + SOURCE_PADDING, text + split, src->len - split);
		memset(text + split, 0, SOURCE_PADDING);
	}
	half_init(&h[0], src, includes, 0, split, gap ? text : NULL);
	half_init(&h[1], src, includes, split, src->len - split,
		  text + split + (gap ? SOURCE_PADDING : 0));
	bool started = pthread_create(&thread, NULL, parse_half, &h[1]) == 0;
	if (started) {
		parse_half(&h[0]);
		pthread_join(thread, NULL);
	}
	if (gap) {
		memmove(text + split, text + split + SOURCE_PADDING, src->len - split);
		memset(text + src->len, 0, SOURCE_PADDING);
	}
	if (!started) {
		talloc_free(h[0].ctx);
		talloc_free(h[1].ctx);
		return false;
	}
	both = h[0].ok && h[1].ok;
	if (both) {
		MODEL_APPEND(file->arena, file->sources, file->nsources, src);
		take_half(file, &h[0]);
		take_half(file, &h[1]);
		*ok = true;
	}
	talloc_free(h[0].ctx);
	talloc_free(h[1].ctx);
	return both;
}

bool parse_source_jobs(struct kapi_file *file, struct source *src,
		       struct diag *d, const struct include_path *includes,
		       unsigned jobs)
{
	struct parse_state ps = {
		.file = file,
		.src = src,
		.diag = d,
		.includes = includes,
	};
	bool ok = false;

	if (!file->main)
		file->main = src;
	talloc_steal(file, src);
	if (jobs != 1 && src->len >= PARSE_SPLIT_MIN && file->nsources == 0 &&
	    parse_halves(file, src, includes, &ok))
		return ok;
	return parse_main(&ps);
}

bool parse_source(struct kapi_file *file, struct source *src, struct diag *d,
		  const struct include_path *includes)
{
	return parse_source_jobs(file, src, d, includes, 1);
}

/* Directory part of PATH, or "." */
static char *dir_of(TALLOC_CTX *ctx, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return talloc_strdup(ctx, ".");
	if (slash == path)
		return talloc_strdup(ctx, "/");
	return talloc_strndup(ctx, path, (size_t)(slash - path));
}

/* An include is looked up beside the including file, then in each -I
 * directory in order, as a C compiler does for "quoted" includes. */
static struct source *find_include(struct parse_state *ps, const char *name,
				   int *err)
{
	TALLOC_CTX *tmp = talloc_new(NULL);
	struct source *found = NULL;
	const char *dirs_first = dir_of(tmp, ps->src->path);
	size_t ndirs = ps->includes ? ps->includes->count : 0;

	*err = ENOENT;
	for (size_t i = 0; i <= ndirs && !found; i++) {
		const char *dir = i == 0 ? dirs_first : ps->includes->dirs[i - 1];
		const char *path = name[0] == '/' ? name :
			talloc_asprintf(tmp, "%s/%s", dir, name);

		found = source_read_file(ps->file, name, path);
		if (!found && errno != ENOENT) {
			*err = errno;
			break;
		}
		if (name[0] == '/')
			break;
	}
	talloc_free(tmp);
	return found;
}

void parse_include(struct parse_state *ps, const struct kstr *name,
		   const struct loc *loc)
{
	struct parse_state child;
	struct source *src;
	char *canon;
	int err;

	if (memchr(name->text, '\0', name->len) || name->len == 0) {
		diag_report(ps->diag, DIAG_ERROR, loc, "include",
			    "invalid include file name");
		return;
	}
	if (ps->include_depth + 1 > PARSE_MAX_INCLUDE_DEPTH) {
		diag_report(ps->diag, DIAG_ERROR, loc, "include",
			    "includes nested deeper than %d levels",
			    PARSE_MAX_INCLUDE_DEPTH);
		return;
	}
	src = find_include(ps, name->text, &err);
	if (!src) {
		diag_report(ps->diag, DIAG_ERROR, loc, "include",
			    "cannot include '%s': %s", name->text, strerror(err));
		if (err == ENOENT)
			diag_hint(ps->diag, "includes are searched beside the including file, then in each -I directory");
		return;
	}
	canon = realpath(src->path, NULL);
	for (size_t i = 0; canon && i < ps->nopen; i++) {
		if (strcmp(ps->open_files[i], canon) == 0) {
			diag_report(ps->diag, DIAG_ERROR, loc, "include",
				    "'%s' includes itself (include cycle)", name->text);
			free(canon);
			talloc_free(src);
			return;
		}
	}
	src->included_from = ps->src;
	src->include_offset = loc->first_offset;

	child = (struct parse_state){
		.file = ps->file,
		.src = src,
		.diag = ps->diag,
		.includes = ps->includes,
		.include_depth = ps->include_depth + 1,
	};
	child.open_files = talloc_array(ps->file, const char *, ps->nopen + 1);
	for (size_t i = 0; i < ps->nopen; i++)
		child.open_files[i] = ps->open_files[i];
	child.open_files[ps->nopen] = canon ? talloc_strdup(child.open_files, canon) : "";
	child.nopen = ps->nopen + 1;
	free(canon);
	parse_with(&child);
	talloc_free(child.open_files);
}
