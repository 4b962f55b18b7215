#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "embedded.h"
#include "emit.h"
#include "template.h"
#include "view.h"

struct kind_info {
	const char *name;
	const char *template;       /* below templates/ */
	const char *file_format;    /* %s: spec name (or file base for JSON) */
	bool per_file;
};

static const struct kind_info kinds[EMIT_NKINDS] = {
	[EMIT_JSON] = { "json", "json.tmpl", "%s.json", true },
	[EMIT_KERNEL] = { "kernel", "kernel.tmpl", "%s.kapi.c", false },
	[EMIT_C] = { "c", "c.tmpl", "%s-check.c", false },
	[EMIT_H] = { "h", "h.tmpl", "%s-check.h", false },
	[EMIT_MAN] = { "man", "man.tmpl", "%s.%s", false },
	[EMIT_TEST] = { "test", "test.tmpl", "%s-test.c", false },
};

const char *emit_kind_name(enum emit_kind kind)
{
	return kinds[kind].name;
}

bool emit_parse_kinds(const char *list, unsigned *out, FILE *err)
{
	char *copy = strdup(list), *save = NULL;
	bool ok = true;

	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int found = -1;

		if (strcmp(tok, "all") == 0) {
			*out |= (1u << EMIT_NKINDS) - 1;
			continue;
		}
		for (int k = 0; k < EMIT_NKINDS; k++)
			if (strcmp(tok, kinds[k].name) == 0)
				found = k;
		if (found < 0) {
			fprintf(err, "kapic: unknown output kind '%s' (one of: json, kernel, c, h, man, test, all)\n", tok);
			ok = false;
			continue;
		}
		*out |= 1u << found;
	}
	free(copy);
	if (ok && !*out) {
		fprintf(err, "kapic: --emit needs at least one output kind\n");
		ok = false;
	}
	return ok;
}

/* A template from --templates DIR when it has one, else the built-in. */
static struct template *load_template(TALLOC_CTX *ctx, const char *name,
				      const struct emit_options *opt,
				      struct diag *d)
{
	struct source *src = NULL;

	if (opt->template_dir) {
		char *path = talloc_asprintf(ctx, "%s/%s", opt->template_dir, name);
		src = source_read_file(ctx, path, path);
		if (!src && errno != ENOENT) {
			diag_report(d, DIAG_ERROR, NULL, "io", "%s: %s", path, strerror(errno));
			return NULL;
		}
	}
	for (size_t i = 0; !src && i < embedded_count; i++)
		if (strcmp(embedded_files[i].name, name) == 0)
			src = source_from_static(ctx, embedded_files[i].name,
						 embedded_files[i].data,
						 embedded_files[i].len);
	if (!src) {
		diag_report(d, DIAG_ERROR, NULL, "io", "no template '%s'", name);
		return NULL;
	}
	return template_parse(ctx, src, d);
}

static const struct embedded_file *runtime_file(void)
{
	for (size_t i = 0; i < embedded_count; i++)
		if (strcmp(embedded_files[i].name, "runtime/kapi-runtime.h") == 0)
			return &embedded_files[i];
	return NULL;
}

/* The name of the runtime header written beside the tests. */
#define RUNTIME_HEADER "kapi-runtime.h"

static char *file_base(TALLOC_CTX *ctx, const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *base = slash ? slash + 1 : name;
	size_t len = strlen(base);

	if (len > 5 && strcmp(base + len - 5, ".kapi") == 0)
		len -= 5;
	/* Standard input without --stdin-name is "<stdin>". */
	if (len == 0 || base[0] == '<')
		return talloc_strdup(ctx, "stdin");
	return talloc_strndup(ctx, base, len);
}

/*
 * Temporary files written ahead of emit_write, removed if the run ends
 * without renaming them; emit_write empties the name of one it renamed
 * or removed.  The names belong to this object, not to the outputs, so
 * the destructor does not depend on the order talloc frees things in.
 */
struct ahead {
	char **temps;
	size_t count;
};

static int ahead_destroy(struct ahead *a)
{
	for (size_t i = 0; i < a->count; i++)
		if (a->temps[i][0])
			unlink(a->temps[i]);
	return 0;
}

static bool same_content(const char *path, const struct stat *st,
			 const char *data, size_t len);
static char *write_temp(const char *path, const char *data, size_t len,
			FILE *err);

/*
 * Settle output O now, so its text need not be kept until every output is
 * rendered (all of them are ten times the input): compare it with the
 * file in place, or write it to a temporary file.  Anything unusual (a
 * device, an error) is left to emit_write, which reports it.  OWNED: the
 * text is a talloc block that can be freed.
 */
static void write_ahead(struct ahead *a, struct output *o, bool owned)
{
	struct stat st;
	char *temp;

	if (!o->path)
		return;
	if (stat(o->path, &st) == 0) {
		if (!S_ISREG(st.st_mode))
			return;
		if (same_content(o->path, &st, o->data, o->len))
			goto settled;
	} else if (errno != ENOENT) {
		return;
	}
	if (!(temp = write_temp(o->path, o->data, o->len, NULL)))
		return;
	if ((a->count & (a->count - 1)) == 0) {
		a->temps = talloc_realloc(a, a->temps, char *, a->count ? 2 * a->count : 1);
		if (!a->temps)
			abort();
	}
	a->temps[a->count++] = talloc_steal(a, temp);
	o->temp = temp;
settled:
	o->settled = true;
	if (owned)
		talloc_free(o->data);
	o->data = NULL;
}

static void add_output(TALLOC_CTX *ctx, struct output_set *set,
		       const struct emit_options *opt, const char *file_name,
		       char *data, size_t len)
{
	struct output o = { .data = data, .len = len };

	if (opt->out_file && strcmp(opt->out_file, "-") == 0)
		o.path = NULL;
	else if (opt->out_file)
		o.path = talloc_strdup(ctx, opt->out_file);
	else
		o.path = talloc_asprintf(ctx, "%s/%s", opt->out_dir ? opt->out_dir : ".", file_name);
	/* Room doubles when the count reaches a power of two: thousands of
	 * outputs are not copied once per output. */
	if ((set->count & (set->count - 1)) == 0) {
		set->items = talloc_realloc(ctx, set->items, struct output,
					    set->count ? 2 * set->count : 1);
		if (!set->items)
			abort();
	}
	set->items[set->count++] = o;
}

/* Render the validator's header and source into the spec's view, as
 * validator_h and validator_c, for the test template to paste in. */
static bool inline_validator(TALLOC_CTX *ctx, struct tv_arena *a,
			     struct template **tmpl, struct tval *root,
			     struct diag *d)
{
	static const enum emit_kind parts[] = { EMIT_H, EMIT_C };
	const char *const keys[] = { TV_KEY(validator_h), TV_KEY(validator_c) };

	if (tv_get(root, TV_KEY(validator_c)))
		return true;
	for (int i = 0; i < 2; i++) {
		size_t len;
		char *text = template_render(ctx, tmpl[parts[i]], root, d, &len);
		if (!text)
			return false;
		tv_set(root, keys[i], tv_strn(a, text, len));
		talloc_free(text);
	}
	return true;
}

bool emit_render(TALLOC_CTX *ctx, const struct kapi_file *file,
		 const struct emit_options *opt, struct diag *d,
		 struct output_set *set)
{
	/* Templates are thousands of small nodes: a pool parses them without
	 * a malloc each. */
	TALLOC_CTX *tmp = talloc_new(NULL);
	const struct embedded_file *runtime = runtime_file();
	struct view_options vo = {
		.generator = "kapic " PACKAGE_VERSION,
		.source_name = opt->source_name,
		.runtime = runtime ? runtime->data : NULL,
		.date = opt->date,
	};
	struct template *tmpl[EMIT_NKINDS] = { 0 };
	bool ok = true;
	struct ahead *ahead = talloc_zero(ctx, struct ahead);

	if (!ahead)
		abort();
	talloc_set_destructor(ahead, ahead_destroy);

	/* Tests written into a directory include the runtime, written there
	 * once, instead of carrying 50 KB of it each; one output (-o) stays a
	 * self-contained program. */
	bool runtime_beside = !opt->out_file && (opt->kinds & (1u << EMIT_TEST));
	size_t ntests = 0;
	if (runtime_beside)
		vo.runtime_include = RUNTIME_HEADER;

	/* The generated test checks the validator too, so it inlines it. */
	unsigned want = opt->kinds;
	if (want & (1u << EMIT_TEST))
		want |= (1u << EMIT_C) | (1u << EMIT_H);
	for (int k = 0; k < EMIT_NKINDS; k++)
		if (want & (1u << k))
			if (!(tmpl[k] = load_template(tmp, kinds[k].template, opt, d)))
				ok = false;
	if (!ok)
		goto out;
	/* A view holds only what some template in use reads: per-spec roots
	 * what the per-spec templates name, the file's root what JSON does. */
	struct tv_keyset *keys_spec = talloc_zero(tmp, struct tv_keyset);
	struct tv_keyset *keys_file = talloc_zero(tmp, struct tv_keyset);
	if (!keys_spec || !keys_file)
		abort();
	for (int k = 0; k < EMIT_NKINDS; k++)
		if (tmpl[k])
			template_keys(tmpl[k], kinds[k].per_file ? keys_file : keys_spec);
	vo.want = keys_spec;
	vo.want_file = keys_file;

	/* Spec by spec: one view serves every output of a spec and is gone
	 * before the next, so memory does not grow with the number of specs. */
	struct view_shared *vs = view_shared_new(tmp, file, &vo);
	/* A view is thousands of small values made and dropped together: an
	 * arena serves them, and starts over for the next spec. */
	struct tv_arena *arena = tv_arena_new(tmp);

	for (size_t i = 0; i < file->nspecs && ok; i++) {
		const struct spec *s = file->specs[i];
		struct tval *view;

		if (s->loc.src != file->main)
			continue;
		view = view_spec(arena, vs, s);
		for (int k = 0; k < EMIT_NKINDS && ok; k++) {
			if (!tmpl[k] || !(opt->kinds & (1u << k)) || kinds[k].per_file)
				continue;
			if (k == EMIT_TEST && !inline_validator(tmp, arena, tmpl, view, d)) {
				ok = false;
				break;
			}
			size_t len;
			char *text = template_render(ctx, tmpl[k], view, d, &len);
			if (!text) {
				ok = false;
				break;
			}
			char *name = k == EMIT_MAN ?
				talloc_asprintf(tmp, kinds[k].file_format, s->name,
						strcmp(s->kind, "syscall") == 0 ? "2" : "9") :
				talloc_asprintf(tmp, kinds[k].file_format, s->name);
			add_output(ctx, set, opt, name, text, len);
			write_ahead(ahead, &set->items[set->count - 1], true);
			ntests += k == EMIT_TEST;
		}
		tv_arena_reset(arena);
	}

	if (ok && runtime_beside && ntests && runtime) {
		add_output(ctx, set, opt, RUNTIME_HEADER, (char *)runtime->data,
			   runtime->len);
		write_ahead(ahead, &set->items[set->count - 1], false);
	}

	/* Whole-file outputs go first in the set, as their kind comes first. */
	for (int k = 0; k < EMIT_NKINDS && ok; k++) {
		if (!tmpl[k] || !(opt->kinds & (1u << k)) || !kinds[k].per_file)
			continue;
		struct tval *root = view_file(arena, vs);
		size_t len;
		char *text = template_render(ctx, tmpl[k], root, d, &len);
		if (!text) {
			ok = false;
			break;
		}
		char *name = talloc_asprintf(tmp, kinds[k].file_format,
					     file_base(tmp, opt->source_name));
		add_output(ctx, set, opt, name, text, len);
		write_ahead(ahead, &set->items[set->count - 1], true);
		/* Keep the order of outputs by kind, whatever the loop order. */
		struct output o = set->items[set->count - 1];
		memmove(set->items + 1, set->items, (set->count - 1) * sizeof *set->items);
		set->items[0] = o;
	}
out:
	talloc_free(tmp);
	if (!ok)
		talloc_free(ahead);   /* removes what was written ahead */
	return ok;
}

/* Whether the regular file PATH, whose stat is ST, holds exactly DATA. */
static bool same_content(const char *path, const struct stat *st,
			 const char *data, size_t len)
{
	char buf[16384];
	size_t got = 0;
	bool same = false;
	int fd;

	if (!S_ISREG(st->st_mode) || (size_t)st->st_size != len)
		return false;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return false;
	/* Compared a block at a time, no copy of the whole file; its size
	 * is known to be LEN. */
	for (;;) {
		size_t want = len - got < sizeof buf ? len - got : sizeof buf;
		ssize_t n;

		if (want == 0) {
			same = true;
			break;
		}
		n = read(fd, buf, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || memcmp(buf, data + got, (size_t)n) != 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	return same;
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

/* Write beside the target, then rename: a reader never sees half a file,
 * and a failure leaves the old file as it was.  ERR NULL: quietly. */
static char *write_temp(const char *path, const char *data, size_t len,
			FILE *err)
{
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path) : 0;
	const char *base = slash ? slash + 1 : path;
	char *tmp = NULL;
	int fd = -1;

	static unsigned pid;

	if (!pid)
		pid = (unsigned)getpid();
	/* Not mkstemp(): its 0600 would need an fchmod per file, and an
	 * output should get the umask's permissions like any compiler's.
	 * O_EXCL makes the name ours; a clash just tries the next one. */
	for (unsigned attempt = 0; fd < 0 && attempt < 100; attempt++) {
		unsigned tag = (pid * 131u + attempt) & 0xffffffu;

		talloc_free(tmp);
		tmp = talloc_asprintf(NULL, "%.*s%s.%s.%06x", dirlen, path,
				      slash ? "/" : "", base, tag);
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		if (err)
			fprintf(err, "kapic: cannot write %s: %s\n", path, strerror(errno));
		talloc_free(tmp);
		return NULL;
	}
	if (!write_all(fd, data, len) || close(fd) != 0) {
		if (err)
			fprintf(err, "kapic: cannot write %s: %s\n", path, strerror(errno));
		unlink(tmp);
		talloc_free(tmp);
		return NULL;
	}
	return tmp;
}

/* A device, FIFO or directory is written in place: renaming a temporary
 * file over it would turn -o /dev/null into a regular file (as root), and
 * opening a FIFO to compare its content would block. */
enum target { T_NEW, T_FILE, T_SPECIAL };

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
	if (!ok)
		fprintf(err, "kapic: cannot write %s: %s\n", path, strerror(saved));
	return ok;
}

bool emit_write(const struct output_set *set, FILE *err)
{
	char **temps = calloc(set->count + 1, sizeof *temps);
	unsigned char *target = calloc(set->count + 1, 1);
	bool ok = temps && target;

	/* Every file is written in full before any is renamed into place, so
	 * a full disk cannot leave a mix of old and new outputs.  One stat
	 * per output tells what is there. */
	for (size_t i = 0; i < set->count && ok; i++) {
		const struct output *o = &set->items[i];
		struct stat st;

		if (!o->path)
			continue;
		if (o->settled) {
			temps[i] = o->temp;
			continue;
		}
		if (stat(o->path, &st) != 0) {
			target[i] = T_NEW;
		} else if (!S_ISREG(st.st_mode)) {
			target[i] = T_SPECIAL;
			continue;
		} else {
			target[i] = T_FILE;
			if (same_content(o->path, &st, o->data, o->len))
				continue;
		}
		if (!(temps[i] = write_temp(o->path, o->data, o->len, err)))
			ok = false;
	}
	for (size_t i = 0; i < set->count; i++) {
		const struct output *o = &set->items[i];
		if (ok && !o->path) {
			if (!write_all(1, o->data, o->len)) {
				fprintf(err, "kapic: cannot write to standard output: %s\n", strerror(errno));
				ok = false;
			}
			continue;
		}
		if (ok && !temps[i] && target[i] == T_SPECIAL) {
			ok = write_in_place(o->path, o->data, o->len, err);
			continue;
		}
		if (!temps[i])
			continue;
		if (ok && rename(temps[i], o->path) != 0) {
			fprintf(err, "kapic: cannot write %s: %s\n", o->path, strerror(errno));
			ok = false;
		}
		if (!ok)
			unlink(temps[i]);
		if (o->settled)
			temps[i][0] = '\0';   /* struct ahead need not remove it */
		else
			talloc_free(temps[i]);
	}
	free(temps);
	free(target);
	return ok;
}

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

bool emit_depfile(const char *path, const struct output_set *set,
		  const struct kapi_file *file, const char *target, bool phony,
		  FILE *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	bool first = true;
	struct output_set one = { 0 };
	struct output o;

	if (!f)
		return false;
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
	/* Standard input (its path is its name, not a file) is nothing make
	 * could check: naming it would make every build fail. */
	for (size_t i = 0; i < file->nsources; i++) {
		if (file->sources[i]->path == file->sources[i]->name)
			continue;
		fputs(" \\\n  ", f);
		put_escaped(f, file->sources[i]->path);
	}
	fputc('\n', f);
	for (size_t i = 1; phony && i < file->nsources; i++) {
		if (file->sources[i]->path == file->sources[i]->name)
			continue;
		fputc('\n', f);
		put_escaped(f, file->sources[i]->path);
		fputs(":\n", f);
	}
	fclose(f);
	o = (struct output){ .path = (char *)path, .data = buf, .len = len };
	one.items = &o;
	one.count = 1;
	bool ok = emit_write(&one, err);
	free(buf);
	return ok;
}
