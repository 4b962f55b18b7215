#include <errno.h>
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

bool parse_source(struct kapi_file *file, struct source *src, struct diag *d,
		  const struct include_path *includes)
{
	struct parse_state ps = {
		.file = file,
		.src = src,
		.diag = d,
		.includes = includes,
	};
	char *canon = realpath(src->path, NULL);
	bool ok;

	if (!file->main)
		file->main = src;
	talloc_steal(file, src);
	if (canon) {
		ps.open_files = talloc_array(file, const char *, 1);
		ps.open_files[0] = talloc_strdup(ps.open_files, canon);
		ps.nopen = 1;
		free(canon);
	}
	ok = parse_with(&ps);
	talloc_free(ps.open_files);
	return ok;
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
	int column;
	source_position(loc->src, loc->first_offset, &src->include_line, &column);

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
