#define _GNU_SOURCE   /* O_TMPFILE, O_PATH */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <stdio.h>
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

size_t emit_count_outputs(const struct emit_options *opt,
			  const struct kapi_file *file)
{
	size_t own = 0, n = 0;

	for (size_t i = 0; i < file->nspecs; i++)
		own += file->specs[i]->loc.src == file->main;
	for (int k = 0; k < EMIT_NKINDS; k++)
		if (opt->kinds & (1u << k))
			n += kinds[k].per_file ? 1 : own;
	return n;
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

static const struct embedded_file *embedded_find(const char *name)
{
	for (size_t i = 0; i < embedded_count; i++)
		if (strcmp(embedded_files[i].name, name) == 0)
			return &embedded_files[i];
	return NULL;
}

/* A template from --templates DIR when it has one, else the built-in. */
static struct template *load_template(TALLOC_CTX *ctx, const char *name,
				      const struct emit_options *opt,
				      struct diag *d)
{
	struct source *src = NULL;
	const struct embedded_file *builtin;

	if (opt->template_dir) {
		char *path = talloc_asprintf(ctx, "%s/%s", opt->template_dir, name);
		src = source_read_file(ctx, path, path);
		if (!src && errno != ENOENT) {
			diag_report(d, DIAG_ERROR, NULL, "io", "%s: %s", path, strerror(errno));
			return NULL;
		}
	}
	if (!src && (builtin = embedded_find(name)))
		src = source_from_static(ctx, builtin->name, builtin->data, builtin->len);
	if (src)
		return template_parse(ctx, src, d);
	diag_report(d, DIAG_ERROR, NULL, "io", "no template '%s'", name);
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

/* Room doubles when the count reaches a power of two: thousands of
 * outputs are not copied once per output. */
static void ahead_push(struct ahead *a, char *temp)
{
	if ((a->count & (a->count - 1)) == 0) {
		a->temps = talloc_realloc(a, a->temps, char *, a->count ? 2 * a->count : 1);
		if (!a->temps)
			abort();
	}
	a->temps[a->count++] = talloc_steal(a, temp);
}

static void set_push(TALLOC_CTX *ctx, struct output_set *set, struct output o)
{
	if ((set->count & (set->count - 1)) == 0) {
		set->items = talloc_realloc(ctx, set->items, struct output,
					    set->count ? 2 * set->count : 1);
		if (!set->items)
			abort();
	}
	set->items[set->count++] = o;
}

static int ahead_destroy(struct ahead *a)
{
	for (size_t i = 0; i < a->count; i++)
		if (a->temps[i][0])
			unlink(a->temps[i]);
	return 0;
}

static bool same_content(const char *path, const struct stat *st,
			 const char *data, size_t len);
static bool write_all(int fd, const char *data, size_t len);
static char *write_temp(const char *path, const char *data, size_t len,
			FILE *err);

/*
 * Settle output O now, so its text need not be kept until every output is
 * rendered (all of them are ten times the input): compare it with the
 * file in place, or write it to a temporary file.  Anything unusual (a
 * device, an error) is left to emit_write, which reports it.  OWNED: the
 * text is a talloc block that can be freed.
 */
/*
 * The names in the output directory when rendering starts, read with one
 * listing: an output whose name is not there is new, and needs no stat of
 * its own to say so (a stat a file was a third of writing thousands of
 * them into an empty directory).  Read-only while workers run.
 */
struct dir_names {
	const char **slots;
	size_t nslots;                  /* a power of two; 0: not listed */
	int fd;                         /* the directory, for O_TMPFILE; or -1 */
};

static size_t name_hash(const char *s)
{
	size_t h = 1469598103934665603u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

static void dir_names_read(TALLOC_CTX *ctx, struct dir_names *dn, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	dn->nslots = 0;
	dn->fd = -1;
	if (!d)
		return;
#ifdef O_TMPFILE
	dn->fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
#endif
	dn->nslots = 64;
	dn->slots = talloc_zero_array(ctx, const char *, dn->nslots);
	while (dn->slots && (e = readdir(d))) {
		if ((n + 1) * 2 > dn->nslots) {
			const char **old = dn->slots;
			size_t old_n = dn->nslots;

			dn->nslots *= 2;
			dn->slots = talloc_zero_array(ctx, const char *, dn->nslots);
			for (size_t i = 0; dn->slots && i < old_n; i++) {
				if (!old[i])
					continue;
				size_t j = name_hash(old[i]) & (dn->nslots - 1);
				while (dn->slots[j])
					j = (j + 1) & (dn->nslots - 1);
				dn->slots[j] = old[i];
			}
			talloc_free(old);
			if (!dn->slots)
				break;
		}
		size_t j = name_hash(e->d_name) & (dn->nslots - 1);
		while (dn->slots[j])
			j = (j + 1) & (dn->nslots - 1);
		/* On CTX, not on the array: growing the table frees the old
		 * array, and with it anything it owns. */
		dn->slots[j] = talloc_strdup(ctx, e->d_name);
		n++;
	}
	closedir(d);
	if (!dn->slots)
		dn->nslots = 0;         /* out of memory: stat every output */
}

/* False only when PATH's file name was not in the directory listed. */
static bool may_exist(const struct dir_names *dn, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;

	if (!dn || !dn->nslots)
		return true;
	for (size_t j = name_hash(name) & (dn->nslots - 1); dn->slots[j];
	     j = (j + 1) & (dn->nslots - 1))
		if (strcmp(dn->slots[j], name) == 0)
			return true;
	return false;
}

/*
 * A new output is written to an unnamed file in its directory (O_TMPFILE)
 * and linked under its name once complete: a reader, or a run killed
 * half way, never sees half a file, and there is no temporary name to
 * create now and rename at the end (renaming 5000 outputs one after the
 * other was a seventh of --emit=all).  The file is ours to remove if the
 * run fails, as it was not there before.  -1 or false when the system
 * cannot (no O_TMPFILE on this file system, or the name was taken
 * meanwhile): the caller writes a temporary file instead.
 */
static int open_unnamed(const struct dir_names *dn)
{
#ifdef O_TMPFILE
	if (dn && dn->fd >= 0)
		return openat(dn->fd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
#else
	(void)dn;
#endif
	return -1;
}

/* Link the unnamed file FD as PATH, and close FD: its file is gone unless
 * this returns true. */
static bool link_unnamed(int fd, const char *path)
{
	bool ok = true;
#ifdef AT_EMPTY_PATH
	char proc[32];

	/* Linking by descriptor needs CAP_DAC_READ_SEARCH before Linux
	 * 6.10; through /proc it needs only /proc. */
	if (linkat(fd, "", AT_FDCWD, path, AT_EMPTY_PATH) != 0) {
		snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
		ok = errno != EEXIST &&
		     linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0;
	}
#else
	(void)path;
	ok = false;
#endif
	/* A close error after the link would leave a short file in place. */
	if (close(fd) != 0 && ok) {
		unlink(path);
		ok = false;
	}
	return ok;
}

static bool write_linked(const struct dir_names *dn, const char *path,
			 const char *data, size_t len)
{
	int fd = open_unnamed(dn);

	if (fd < 0)
		return false;
	if (!write_all(fd, data, len)) {
		close(fd);
		return false;
	}
	return link_unnamed(fd, path);
}

/* O, written to its PATH just now: settled, and removed if the run
 * fails. */
static void settle_linked(struct ahead *a, struct output *o)
{
	char *temp = talloc_strdup(NULL, o->path);

	if (!temp)
		abort();
	ahead_push(a, temp);
	o->temp = temp;
	o->linked = true;
	o->settled = true;
}

static void write_ahead(struct ahead *a, const struct dir_names *dn,
			struct output *o, bool owned)
{
	struct stat st;
	char *temp;

	if (!o->path)
		return;
	if (!may_exist(dn, o->path)) {
		/* New: linked in place now, or written as when stat says
		 * ENOENT. */
		if (write_linked(dn, o->path, o->data, o->len)) {
			settle_linked(a, o);
			goto settled;
		}
	} else if (stat(o->path, &st) == 0) {
		if (!S_ISREG(st.st_mode))
			return;
		if (same_content(o->path, &st, o->data, o->len))
			goto settled;
	} else if (errno != ENOENT) {
		return;
	}
	if (!(temp = write_temp(o->path, o->data, o->len, NULL)))
		return;
	ahead_push(a, temp);
	o->temp = temp;
settled:
	o->settled = true;
	if (owned)
		talloc_free(o->data);
	o->data = NULL;
}

/* Where the output named FILE_NAME goes; NULL: standard output. */
static char *output_path(TALLOC_CTX *ctx, const struct emit_options *opt,
			 const char *file_name)
{
	if (opt->out_file && strcmp(opt->out_file, "-") == 0)
		return NULL;
	if (opt->out_file)
		return talloc_strdup(ctx, opt->out_file);
	return talloc_asprintf(ctx, "%s/%s", opt->out_dir ? opt->out_dir : ".", file_name);
}

static void add_output(TALLOC_CTX *ctx, struct output_set *set,
		       const struct emit_options *opt, const char *file_name,
		       char *data, size_t len)
{
	struct output o = { .data = data, .len = len };

	o.path = output_path(ctx, opt, file_name);
	set_push(ctx, set, o);
}

/* What rendering one file's outputs needs. */
struct render_run {
	TALLOC_CTX *ctx;                /* the outputs' */
	const struct kapi_file *file;
	const struct emit_options *opt;
	struct template *tmpl[EMIT_NKINDS];
	const struct view *view;
	struct diag *d;
	struct output_set *set;
	struct ahead *ahead;            /* outputs written ahead (write_ahead) */
	struct dir_names names;         /* of the output directory */
	size_t ntests;
};

/* Add an output of RUN, and write it ahead of emit_write: its text need
 * not be held until every output is made.  OWNED: DATA is a talloc block
 * that can be freed then. */
static void put_output(struct render_run *run, const char *name, char *data,
		       size_t len, bool owned)
{
	add_output(run->ctx, run->set, run->opt, name, data, len);
	write_ahead(run->ahead, &run->names, &run->set->items[run->set->count - 1],
		    owned);
}

/* Render the validator's header and source into the spec's root, as
 * validator_h and validator_c, for the test template to paste in. */
static bool inline_validator(struct render_run *run, TALLOC_CTX *pool,
			     struct tval *root)
{
	static const enum emit_kind parts[] = { EMIT_H, EMIT_C };
	static const char *const keys[] = { "validator_h", "validator_c" };

	for (int i = 0; i < 2; i++) {
		size_t len;

		if (tv_get(root, keys[i]))
			continue;   /* rendered as an output already */
		char *text = template_render(pool, run->tmpl[parts[i]], root, run->d, &len);
		if (!text)
			return false;
		tv_set(root, keys[i], tv_strn(pool, text, len));
		talloc_free(text);
	}
	return true;
}

static bool per_spec_kind(const struct render_run *run, int k)
{
	return run->tmpl[k] && (run->opt->kinds & (1u << k)) && !kinds[k].per_file;
}

/* The per-spec outputs of S, from ROOT, its root made in POOL. */
static bool render_spec(struct render_run *run, TALLOC_CTX *pool,
			const struct spec *s, struct tval *root)
{
	const struct emit_options *opt = run->opt;

	for (int k = 0; k < EMIT_NKINDS; k++) {
		size_t len;

		if (!per_spec_kind(run, k))
			continue;
		if (k == EMIT_TEST && !inline_validator(run, pool, root))
			return false;
		char *text = template_render(run->ctx, run->tmpl[k], root, run->d, &len);
		if (!text)
			return false;
		char *name = k == EMIT_MAN ?
			talloc_asprintf(pool, kinds[k].file_format, s->name,
					strcmp(s->kind, "syscall") == 0 ? "2" : "9") :
			talloc_asprintf(pool, kinds[k].file_format, s->name);
		/* The test pastes in the validator's header and source:
		 * the texts just rendered, not a second rendering. */
		if ((k == EMIT_H || k == EMIT_C) && (opt->kinds & (1u << EMIT_TEST)))
			tv_set(root, k == EMIT_H ? "validator_h" : "validator_c",
			       tv_strn(pool, text, len));
		put_output(run, name, text, len, true);
		run->ntests += k == EMIT_TEST;
	}
	return true;
}

/* A spec's view is some 100 KB of small values, made together and freed
 * together. */
enum { VIEW_POOL = 256u << 10 };

/*
 * The per-spec outputs of every spec of the main file, one spec at a
 * time, up to the first failure; SPECS, when not NULL, keeps each spec's
 * map for JSON, which lists them all.
 */
static bool render_specs(struct render_run *run, TALLOC_CTX *tmp,
			 struct tval *specs)
{
	bool any = false;

	for (int k = 0; k < EMIT_NKINDS; k++)
		any |= per_spec_kind(run, k);
	for (size_t i = 0; i < run->file->nspecs; i++) {
		const struct spec *s = run->file->specs[i];
		TALLOC_CTX *pool;

		if (s->loc.src != run->file->main)
			continue;
		if (!(pool = talloc_pool(tmp, VIEW_POOL)))
			abort();
		struct tval *map = view_spec(pool, run->view, s);
		if (any && !render_spec(run, pool, s,
					view_spec_root(pool, run->view, s, map)))
			return false;
		if (specs)
			tv_push(specs, map);
		else
			talloc_free(pool);
	}
	return true;
}

/* JSON, of every spec's map in SPECS, first in the set as its kind
 * comes first. */
static bool render_json(struct render_run *run, TALLOC_CTX *tmp,
			struct tval *specs)
{
	struct tval *root = view_file_root(tmp, run->view, specs);
	size_t len, n = run->set->count;
	char *text = template_render(run->ctx, run->tmpl[EMIT_JSON], root, run->d, &len);

	if (!text)
		return false;
	put_output(run, talloc_asprintf(tmp, kinds[EMIT_JSON].file_format,
					file_base(tmp, run->opt->source_name)),
		   text, len, true);
	struct output json = run->set->items[n];
	memmove(run->set->items + 1, run->set->items, n * sizeof json);
	run->set->items[0] = json;
	return true;
}

/* The templates RUN uses; the test inlines the validator, so it needs
 * the C and header templates too. */
static bool load_templates(struct render_run *run, TALLOC_CTX *tmp)
{
	unsigned want = run->opt->kinds;
	bool ok = true;

	if (want & (1u << EMIT_TEST))
		want |= (1u << EMIT_C) | (1u << EMIT_H);
	for (int k = 0; k < EMIT_NKINDS; k++)
		if (want & (1u << k))
			if (!(run->tmpl[k] = load_template(tmp, kinds[k].template,
							   run->opt, run->d)))
				ok = false;
	return ok;
}

bool emit_render(TALLOC_CTX *ctx, const struct kapi_file *file,
		 const struct emit_options *opt, struct diag *d,
		 struct output_set *set)
{
	TALLOC_CTX *tmp = talloc_new(NULL);
	const struct embedded_file *runtime = embedded_find("runtime/kapi-runtime.h");
	struct view_options vo = {
		.generator = "kapic " PACKAGE_VERSION,
		.source_name = opt->source_name,
		.runtime = runtime ? runtime->data : NULL,
		.date = opt->date,
	};
	struct render_run run = {
		.ctx = ctx, .file = file, .opt = opt, .d = d, .set = set,
		.ahead = talloc_zero(ctx, struct ahead), .names = { .fd = -1 },
	};
	bool json = opt->kinds & (1u << EMIT_JSON);

	if (!run.ahead || !tmp)
		abort();
	talloc_set_destructor(run.ahead, ahead_destroy);
	/* Tests written into a directory include the runtime, written there
	 * once, instead of carrying 50 KB of it each; one output (-o) stays a
	 * self-contained program. */
	bool runtime_beside = !opt->out_file && (opt->kinds & (1u << EMIT_TEST));
	if (runtime_beside)
		vo.runtime_include = RUNTIME_HEADER;
	bool ok = load_templates(&run, tmp);
	if (ok) {
		if (!opt->out_file)
			dir_names_read(tmp, &run.names, opt->out_dir ? opt->out_dir : ".");
		run.view = view_new(tmp, file, &vo);
		struct tval *specs = json ? tv_list(tmp) : NULL;
		ok = render_specs(&run, tmp, specs);
		if (ok && runtime_beside && run.ntests && runtime)
			put_output(&run, RUNTIME_HEADER, (char *)runtime->data,
				   runtime->len, false);
		if (ok && json)
			ok = render_json(&run, tmp, specs);
		if (run.names.fd >= 0)
			close(run.names.fd);
	}
	talloc_free(tmp);
	if (!ok)
		talloc_free(run.ahead);   /* removes what was written ahead */
	return ok;
}

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

	/* Rendering threads write temporaries too: the cached pid is atomic. */
	static atomic_uint cached_pid;
	unsigned pid = atomic_load_explicit(&cached_pid, memory_order_relaxed);

	if (!pid) {
		pid = (unsigned)getpid();
		atomic_store_explicit(&cached_pid, pid, memory_order_relaxed);
	}
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
		if (o->linked) {
			/* In place already; it goes if the run failed. */
			if (!ok)
				unlink(temps[i]);
			temps[i][0] = '\0';
			continue;
		}
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
