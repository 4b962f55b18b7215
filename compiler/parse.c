#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "parse.h"
#include "parser.h"

/* The model takes some MODEL_PER_BYTE bytes a byte of input, in nodes of
 * some NODE_BYTES, each with a talloc header of TALLOC_HEADER besides.
 * talloc allocates at most 256 MB at once, so a pool holds the model of at
 * most POOL_INPUT bytes of input, and a larger input takes a pool more
 * each time that much has been read. */
enum {
	MODEL_PER_BYTE = 4, NODE_BYTES = 48, TALLOC_HEADER = 96,
	POOL_INPUT = 16 << 20,
};

/* The model is thousands of small nodes that all go with the file: they
 * come from a pool, not from a malloc each.  A pool is the file's child,
 * not the file itself, so that what others hang on the file stays out of
 * it. */
static bool pool_for(struct kapi_file *file, size_t input_len)
{
	size_t bytes = MODEL_PER_BYTE * (input_len < POOL_INPUT ? input_len : POOL_INPUT);
	void *pool = talloc_pool(file, bytes + bytes / NODE_BYTES * TALLOC_HEADER);

	if (pool)
		file->pool = pool;
	return pool != NULL;
}

struct kapi_file *kapi_file_new(TALLOC_CTX *ctx, size_t input_len)
{
	struct kapi_file *file = talloc_zero(ctx, struct kapi_file);

	if (file && !pool_for(file, input_len))
		TALLOC_FREE(file);
	return file;
}

void parse_pool_refill(struct parse_state *ps)
{
	if (ps->offset - ps->pool_mark > POOL_INPUT &&
	    pool_for(ps->file, ps->src->len - ps->offset))
		ps->pool_mark = ps->offset;
}

void *model_push(const void *ctx, void *items, size_t *count, void *node)
{
	void ***array = items;

	*array = util_grow(ctx, *array, *count, sizeof **array);
	(*array)[(*count)++] = node;
	return node;
}

/* The N literals PARTS joined as C joins adjacent literals, in one block:
 * the node, then (for more than one) the pieces' pointers and lengths,
 * then the text. */
struct kstr *kstr_join(TALLOC_CTX *pool, struct kstr *const *parts, size_t n,
		       const struct loc *loc)
{
	size_t len = 0, index = n > 1 ? n * (sizeof(char *) + sizeof(size_t)) : 0;

	for (size_t i = 0; i < n; i++)
		len += parts[i]->len;
	struct kstr *s = talloc_named_const(pool, sizeof *s + index + len + 1,
					    "struct kstr");
	if (!s)
		abort();
	*s = (struct kstr){ .len = len, .npieces = n, .loc = *loc };
	s->pieces = n > 1 ? (char **)(s + 1) : &s->text;
	s->piece_lens = n > 1 ? (size_t *)(s->pieces + n) : &s->len;
	s->text = (char *)(s + 1) + index;
	for (size_t i = 0, off = 0; i < n; off += parts[i++]->len) {
		s->pieces[i] = s->text + off;
		s->piece_lens[i] = parts[i]->len;
		memcpy(s->pieces[i], parts[i]->text, parts[i]->len);
	}
	s->text[len] = '\0';
	return s;
}

char *model_intern(struct kapi_file *file, const char *text)
{
	struct nameset *names = &file->names;
	const char *known;

	if (!names->slots)
		nameset_init(names, file->pool, 256);
	if ((known = nameset_get(names, text)))
		return (char *)known;
	char *copy = talloc_strdup(file->pool, text);
	if (!copy)
		abort();
	nameset_add(names, copy, copy);
	return copy;
}

static bool parse_with(struct parse_state *ps)
{
	struct kapi_file *f = ps->file;
	unsigned before = diag_errors(ps->diag);
	int rc;

	model_push(f->pool, &f->sources, &f->nsources, ps->src);
	ps->canon = realpath(ps->src->path, NULL);
	if (scanner_open(ps) != 0) {
		diag_report(ps->diag, DIAG_ERROR, NULL, "io",
			    "%s: cannot start the scanner", ps->src->name);
		free(ps->canon);
		return false;
	}
	rc = kapi_parse(ps);
	scanner_close(ps);
	talloc_free(ps->literals);
	free(ps->canon);
	return rc == 0 && diag_errors(ps->diag) == before;
}

bool parse_source(struct kapi_file *file, struct source *src, struct diag *d,
		  const struct include_path *includes)
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
	return parse_with(&ps);
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

/* Whether SRC is being parsed already, by PS or a file that includes it. */
static bool include_cycle(const struct parse_state *ps, const struct source *src)
{
	char *canon = realpath(src->path, NULL);
	bool found = false;

	for (; canon && ps && !found; ps = ps->includer)
		found = ps->canon && strcmp(ps->canon, canon) == 0;
	free(canon);
	return found;
}

void parse_include(struct parse_state *ps, const struct kstr *name,
		   const struct loc *loc)
{
	struct source *src;
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
			    "cannot include '%s': %s", name->text, source_strerror(err));
		if (err == ENOENT)
			diag_hint(ps->diag, "includes are searched beside the including file, then in each -I directory");
		return;
	}
	if (include_cycle(ps, src)) {
		diag_report(ps->diag, DIAG_ERROR, loc, "include",
			    "'%s' includes itself (include cycle)", name->text);
		talloc_free(src);
		return;
	}
	src->included_from = ps->src;
	src->include_offset = loc->first_offset;

	struct parse_state child = {
		.file = ps->file,
		.src = src,
		.diag = ps->diag,
		.includes = ps->includes,
		.include_depth = ps->include_depth + 1,
		.includer = ps,
	};
	parse_with(&child);
}
