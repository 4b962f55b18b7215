#define _GNU_SOURCE   /* memmem */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "cpus.h"
#include "parse.h"
#include "parser.h"

struct kapi_file *kapi_file_new(TALLOC_CTX *ctx, size_t input_len)
{
	struct kapi_file *file = talloc_zero(ctx, struct kapi_file);

	if (file)
		file->arena = arena_new(file, MODEL_PER_BYTE * input_len);
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
 * A large file is parsed in pieces on several threads at once.  A piece
 * ends at a blank line before a line that starts with `syscall ` or
 * `function `; the threads take pieces in turn, so one that starts late
 * takes fewer instead of holding the others up.  Each piece is parsed
 * into a model of its own, with its diagnostics kept
 * (diag_new_deferred); when all are clean, the
 * models are appended in order.  When any piece reports anything -- a
 * split inside a comment, or a real error -- all are thrown away and the
 * file is parsed again in one piece, so diagnostics are exactly a
 * sequential parse's.
 *
 * Flex needs two NULs after what it scans: the two newlines of the blank
 * line before each split are NULs while the pieces are parsed, and
 * newlines again before anything else reads the text.  No token holds
 * them, so every piece is scanned in place, nothing copied or moved.
 */
#define SPLIT_GAP 2     /* the blank line's "\n\n" */
_Static_assert(SOURCE_PADDING <= SPLIT_GAP, "the NULs flex needs fit in the gap");

struct piece {
	struct parse_state ps;
	TALLOC_CTX *ctx;
	bool ok;
};

struct pieces {
	struct piece *items;
	size_t count;
	atomic_size_t next;
};

static void *parse_pieces(void *arg)
{
	struct pieces *p = arg;
	size_t i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->count) {
		struct piece *pc = &p->items[i];

		pc->ok = parse_main(&pc->ps) && diag_errors(pc->ps.diag) == 0 &&
			 diag_warnings(pc->ps.diag) == 0;
	}
	return NULL;
}

/* The first offset in [FROM, TO) where a line starting with `syscall ` or
 * `function ` follows a blank line, or 0. */
static size_t split_in(const struct source *src, size_t from, size_t to)
{
	static const char *const starts[] = { "\n\nsyscall ", "\n\nfunction " };
	size_t best = 0;

	for (size_t i = 0; i < 2; i++) {
		size_t n = strlen(starts[i]);
		size_t end = best ? best : to;

		if (end + n > src->len)
			end = src->len >= n ? src->len - n : 0;
		if (end <= from)
			continue;
		/* Up to END, where the pattern may start. */
		const char *at = memmem(src->text + from, end - from + n - 1,
					starts[i], n);
		if (at)
			best = (size_t)(at - src->text) + 2;
	}
	return best;
}

/* The model of a piece goes to its own part of MODELS' block, as one
 * parse would have placed it: an arena a piece would fault in 4 KB pages
 * (7,900 page faults against 1,200 at 1000 specs), and an arena a thread
 * would fill as the thread happens to take pieces, its peak RSS varying
 * with that (4.8 to 5.5 MB over 21 runs at 100 specs). */
static void piece_init(struct piece *pc, struct source *src,
		       const struct include_path *includes, size_t offset,
		       size_t len, TALLOC_CTX *models, char *block)
{
	/* A top-level context each: pieces are parsed on several threads. */
	pc->ctx = talloc_new(NULL);
	if (!pc->ctx)
		abort();
	pc->ps = (struct parse_state){
		.file = talloc_zero(pc->ctx, struct kapi_file),
		.src = src,
		.diag = diag_new_deferred(pc->ctx),
		.includes = includes,
	};
	if (!pc->ps.file || !pc->ps.diag)
		abort();
	pc->ps.file->arena = arena_new_within(models, block + MODEL_PER_BYTE * offset,
					      MODEL_PER_BYTE * len);
	pc->ps.file->main = src;
	pc->ps.chunk.offset = offset;
	pc->ps.chunk.len = len;
	pc->ps.chunk.text = src->text + offset;
}

#define APPEND_ALL(file, from, array, count) do {                             \
	for (size_t i_ = 0; i_ < (from)->count; i_++)                          \
		MODEL_APPEND((file)->arena, (file)->array, (file)->count,      \
			     (from)->array[i_]);                               \
} while (0)

/* Move the model of a piece into FILE, after those of earlier pieces. */
static void take_piece(struct kapi_file *file, struct piece *pc)
{
	struct kapi_file *from = pc->ps.file;

	/* The main source is FILE's already; what the piece included is
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
}

/* Parse SRC in pieces on up to THREADS threads; false when it was not
 * split or a piece reported anything, and FILE is untouched. */
static bool parse_in_pieces(struct kapi_file *file, struct source *src,
			    const struct include_path *includes,
			    unsigned threads)
{
	size_t want = src->len / PARSE_PIECE_MIN;
	size_t splits[PARSE_MAX_PIECES];
	size_t nsplits = 0;

	if (want > PARSE_PIECES_PER_THREAD * (size_t)threads)
		want = PARSE_PIECES_PER_THREAD * (size_t)threads;
	if (want > PARSE_MAX_PIECES)
		want = PARSE_MAX_PIECES;
	/* As many pieces a thread: five for two threads kept one of them
	 * idle for a piece's time at the end. */
	if (want > threads)
		want -= want % threads;
	/* A split near each Kth of the file, where there is one before the
	 * next Kth. */
	for (size_t k = 1; k < want; k++) {
		size_t from = k * src->len / want;
		size_t to = (k + 1) * src->len / want;

		if (nsplits && from < splits[nsplits - 1])
			from = splits[nsplits - 1];
		size_t at = split_in(src, from, to);
		if (at)
			splits[nsplits++] = at;
	}
	if (!nsplits)
		return false;

	TALLOC_CTX *tmp = talloc_new(NULL);
	struct pieces p = { .count = nsplits + 1 };
	char *text = (char *)src->text;
	/* The models' block: FILE's on success, freed otherwise. */
	TALLOC_CTX *models = talloc_new(NULL);
	char *block = models ? arena_block(models, MODEL_PER_BYTE * src->len) : NULL;

	p.items = talloc_zero_array(tmp, struct piece, p.count);
	if (!tmp || !p.items || !block)
		abort();
	for (size_t i = 0, start = 0; i < p.count; i++) {
		size_t end = i < nsplits ? splits[i] - SPLIT_GAP : src->len;

		piece_init(&p.items[i], src, includes, start, end - start,
			   models, block);
		memset(text + end, 0, SOURCE_PADDING);
		start = i < nsplits ? splits[i] : src->len;
	}
	atomic_init(&p.next, 0);

	if (threads > p.count)
		threads = (unsigned)p.count;
	struct cpus_thread workers[PARSE_MAX_PIECES];
	size_t nworkers = 0;
	for (unsigned t = 1; t < threads; t++) {
		if (!cpus_thread_start(&workers[nworkers], parse_pieces, &p))
			break;          /* fewer threads, same result */
		nworkers++;
	}
	parse_pieces(&p);
	for (size_t t = 0; t < nworkers; t++)
		cpus_thread_join(&workers[t]);
	for (size_t i = 0; i < nsplits; i++)
		memset(text + splits[i] - SPLIT_GAP, '\n', SPLIT_GAP);

	bool all = true;
	for (size_t i = 0; i < p.count; i++)
		all &= p.items[i].ok;
	if (all) {
		/* The models are in MODELS' block: FILE's arena, unused so
		 * far, is sized for the lists of them only, not four times
		 * the input. */
		talloc_free(file->arena);
		file->arena = arena_new(file, 0);
		MODEL_APPEND(file->arena, file->sources, file->nsources, src);
		for (size_t i = 0; i < p.count; i++)
			take_piece(file, &p.items[i]);
		talloc_steal(file, models);
	} else {
		talloc_free(models);
	}
	for (size_t i = 0; i < p.count; i++) {
		/* The arena is MODELS', now FILE's or freed. */
		p.items[i].ps.file->arena = NULL;
		talloc_free(p.items[i].ctx);
	}
	talloc_free(tmp);
	return all;
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
	if (!file->main)
		file->main = src;
	talloc_steal(file, src);
	if (jobs != 1 && src->len >= PARSE_SPLIT_MIN && file->nsources == 0) {
		unsigned threads = jobs ? jobs : cpus_usable();

		if (threads > 1 && parse_in_pieces(file, src, includes, threads))
			return true;
	}
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
