#define _GNU_SOURCE   /* O_TMPFILE, O_PATH */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cpus.h"
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
	if (src)
		return template_parse(ctx, src, d);
	for (size_t i = 0; i < template_image_count; i++)
		if (strcmp(template_images[i].name, name) == 0)
			return template_from_image(ctx, &template_images[i]);
	diag_report(d, DIAG_ERROR, NULL, "io", "no template '%s'", name);
	return NULL;
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

/* Render the validator's header and source into the spec's view, as
 * validator_h and validator_c, for the test template to paste in. */
static bool inline_validator(TALLOC_CTX *ctx, struct tv_arena *a,
			     struct template **tmpl, struct tval *root,
			     struct diag *d)
{
	static const enum emit_kind parts[] = { EMIT_H, EMIT_C };
	const char *const keys[] = { TV_KEY(validator_h), TV_KEY(validator_c) };

	for (int i = 0; i < 2; i++) {
		size_t len;

		if (tv_get(root, keys[i]))
			continue;   /* rendered as an output already */
		char *text = template_render(ctx, tmpl[parts[i]], root, d, &len);
		if (!text)
			return false;
		tv_set(root, keys[i], tv_strn(a, text, len));
		talloc_free(text);
	}
	return true;
}

/*
 * Rendering is split into jobs -- the whole-file outputs, and the per-spec
 * outputs of runs of consecutive specs -- that worker threads take in
 * turn.  A job keeps what it made (outputs, temporary files, diagnostics)
 * in a talloc context of its own; the main thread then takes them in job
 * order, so the outputs, their order and the diagnostics are the same
 * whatever the number of threads and however they were scheduled.
 */
struct emit_job {
	size_t first, last;             /* specs [first, last) of the file */
	bool per_file;                  /* the whole-file outputs instead */
	TALLOC_CTX *ctx;                /* owns all below */
	struct output_set set;
	struct ahead *ahead;
	struct diag *d;                 /* deferred: replayed in job order */
	size_t ntests;
	bool ok;
	bool done;                      /* under emit_run's LOCK */
};

/*
 * JSON lists every spec's view, which the per-spec outputs build too: so
 * the jobs that render a spec's outputs render its entry of JSON's
 * `specs` as well, from the same view, and the whole-file job pastes the
 * entries in.  That job is taken last and waits for each entry's job as
 * it reaches the entry, so it runs beside the last per-spec jobs, not
 * after them.  An entry that failed is left out by its job and rendered
 * again by JSON's, which reports it as a whole-file render would.
 */
struct json_entry {
	char *text;                     /* NULL: render it in the JSON job */
	size_t len;
	size_t job;                     /* that renders it */
};

/* What the workers share: read-only while they run, but for NEXT and the
 * JSON entries, each written by the job of its spec. */
struct emit_run {
	const struct kapi_file *file;
	const struct emit_options *opt;
	struct template *const *tmpl;
	const struct view_options *vo;
	const struct dir_names *names;  /* of the output directory */
	struct emit_job *jobs;
	size_t njobs;
	atomic_size_t next;             /* the next job to take */
	bool json_last;                 /* job 0, JSON's, is taken last */
	pthread_mutex_t lock;
	pthread_cond_t job_done;        /* a job is DONE */
	struct json_entry *json;        /* by main-file spec, or NULL */
	long json_section;              /* JSON's `specs`, for template_render_item */
	size_t *json_index;             /* of each of the file's specs */
	size_t json_count;
};

/* The JSON template's list whose entries the per-spec jobs render. */
#define JSON_SPECS "specs"

/* The outputs of the file's INDEX-th spec, and its JSON entry with
 * JSON_ROOT (the file's root) outside it.  SIZES: the size of each kind
 * of output of the worker's last spec, to size the next one's buffer at
 * once: grown by doubling, an output was copied twice over on average,
 * and its growing buffer faulted in fresh pages. */
static bool render_spec(struct emit_run *run, struct emit_job *job,
			struct view_shared *vs, struct tv_arena *arena,
			TALLOC_CTX *tmp, size_t index,
			const struct tval *json_root, size_t *sizes)
{
	struct template *const *tmpl = run->tmpl;
	const struct emit_options *opt = run->opt;
	const struct spec *s = run->file->specs[index];
	struct tval *view = view_spec(arena, vs, s);

	for (int k = 0; k < EMIT_NKINDS; k++) {
		if (!tmpl[k] || !(opt->kinds & (1u << k)) || kinds[k].per_file)
			continue;
		if (k == EMIT_TEST && !inline_validator(tmp, arena, (struct template **)tmpl,
							view, job->d))
			return false;
		size_t len;
		char *text = template_render_expect(job->ctx, tmpl[k], view, job->d, &len,
						    sizes[k] ? sizes[k] + sizes[k] / 8 : 0);
		if (!text)
			return false;
		sizes[k] = len;
		char *name = k == EMIT_MAN ?
			talloc_asprintf(tmp, kinds[k].file_format, s->name,
					strcmp(s->kind, "syscall") == 0 ? "2" : "9") :
			talloc_asprintf(tmp, kinds[k].file_format, s->name);
		/* The test pastes in the validator's header and source:
		 * the texts just rendered, not a second rendering. */
		if ((k == EMIT_H || k == EMIT_C) && (opt->kinds & (1u << EMIT_TEST)))
			tv_set(view, k == EMIT_H ? TV_KEY(validator_h) : TV_KEY(validator_c),
			       tv_strn(arena, text, len));
		add_output(job->ctx, &job->set, opt, name, text, len);
		write_ahead(job->ahead, run->names, &job->set.items[job->set.count - 1], true);
		job->ntests += k == EMIT_TEST;
	}
	if (run->json) {
		/* Quietly: a failure is rendered again, and reported, by
		 * the JSON job. */
		struct diag *quiet = diag_new_deferred(tmp);
		struct json_entry *e = &run->json[run->json_index[index]];

		if (!quiet)
			abort();
		e->text = template_render_item(job->ctx, tmpl[EMIT_JSON], run->json_section,
					       json_root,
					       tv_get(view, TV_KEY(spec)),
					       run->json_index[index],
					       run->json_count, quiet, &e->len);
	}
	return true;
}

struct json_items {
	struct emit_run *run;
	const struct view_shared *vs;
};

/* Until the job that renders JSON's I-th entry is done. */
static void wait_entry(struct emit_run *run, size_t i)
{
	pthread_mutex_lock(&run->lock);
	while (!run->jobs[run->json[i].job].done)
		pthread_cond_wait(&run->job_done, &run->lock);
	pthread_mutex_unlock(&run->lock);
}

/* JSON's I-th spec, once its entry's job is done: the entry, else its
 * view. */
static struct tval *json_item(struct tv_arena *a, size_t i, void *arg)
{
	const struct json_items *items = arg;
	const struct json_entry *e = &items->run->json[i];

	wait_entry(items->run, i);
	if (e->text)
		return tv_rendered(a, e->text, e->len);
	return view_file_spec(a, items->vs, i);
}

struct fd_sink {
	int fd;
	bool failed;
};

static bool fd_sink(void *arg, const char *data, size_t len)
{
	struct fd_sink *sink = arg;

	sink->failed = !write_all(sink->fd, data, len);
	return !sink->failed;
}

/*
 * JSON of thousands of specs is tens of MB, which held whole cost more to
 * fault in than to render (17 of the 19 ms of JSON's job at 1000 specs):
 * a new one goes straight into its unnamed file as it is rendered, and
 * is linked in place at the end.  1: done; 0: not possible here (an old
 * file to compare with, no O_TMPFILE, a write error), render it whole;
 * -1: rendering failed, reported.
 */
static int stream_new_output(struct emit_run *run, struct emit_job *job,
			     int kind, const struct tval *root, const char *name)
{
	char *path = output_path(job->ctx, run->opt, name);
	struct output o = { .path = path };
	struct fd_sink sink = { .fd = -1 };

	if (!path || may_exist(run->names, path) ||
	    (sink.fd = open_unnamed(run->names)) < 0) {
		talloc_free(path);
		return 0;
	}
	bool rendered = template_render_sink(run->tmpl[kind], root, job->d,
					     fd_sink, &sink, &o.len);
	/* A write that failed is tried again, and reported, the usual way;
	 * the unnamed file goes with its descriptor. */
	if (!rendered || sink.failed) {
		close(sink.fd);
		talloc_free(path);
		return rendered ? 0 : -1;
	}
	if (!link_unnamed(sink.fd, path)) {
		talloc_free(path);
		return 0;
	}
	settle_linked(job->ahead, &o);
	set_push(job->ctx, &job->set, o);
	return 1;
}

static void run_job(struct emit_run *run, struct emit_job *job,
		    struct view_shared *vs, struct tv_arena *arena, size_t *sizes)
{
	const struct kapi_file *file = run->file;
	TALLOC_CTX *tmp = talloc_new(NULL);

	if (!tmp)
		abort();
	job->ok = true;
	if (job->per_file) {
		for (int k = 0; k < EMIT_NKINDS && job->ok; k++) {
			if (!run->tmpl[k] || !(run->opt->kinds & (1u << k)) || !kinds[k].per_file)
				continue;
			struct tval *root = view_file(arena, vs);
			struct json_items items = { run, vs };
			char *name = talloc_asprintf(tmp, kinds[k].file_format,
						     file_base(tmp, run->opt->source_name));
			size_t len, expect = 0;

			if (k == EMIT_JSON && run->json) {
				tv_set(root, TV_KEY(specs),
				       tv_lazy_list(arena, view_file_nspecs(vs),
						    json_item, &items));
				int streamed = stream_new_output(run, job, k, root, name);
				if (streamed < 0) {
					job->ok = false;
					break;
				}
				if (streamed > 0)
					continue;
				/* The entries, once all are made, and some room
				 * for the rest. */
				for (size_t i = 0; i < run->json_count; i++) {
					wait_entry(run, i);
					expect += run->json[i].len;
				}
				expect += expect / 64 + 4096;
			}
			char *text = template_render_expect(job->ctx, run->tmpl[k], root,
							    job->d, &len, expect);
			if (!text) {
				job->ok = false;
				break;
			}
			add_output(job->ctx, &job->set, run->opt, name, text, len);
			write_ahead(job->ahead, run->names, &job->set.items[job->set.count - 1], true);
		}
		tv_arena_reset(arena);
	} else {
		/* The file's root for JSON's entries, made once a job: the
		 * spec arena is emptied after each spec. */
		struct tv_arena *json_arena = run->json ? tv_arena_new(tmp) : NULL;
		const struct tval *json_root = json_arena ? view_file(json_arena, vs) : NULL;

		for (size_t i = job->first; i < job->last && job->ok; i++) {
			const struct spec *s = file->specs[i];

			if (s->loc.src != file->main)
				continue;
			job->ok = render_spec(run, job, vs, arena, tmp, i, json_root, sizes);
			tv_arena_reset(arena);
		}
	}
	talloc_free(tmp);
}

/* A worker: its own view builder and arena (they keep scratch state),
 * then jobs until none is left. */
static void *emit_worker(void *arg)
{
	struct emit_run *run = arg;
	TALLOC_CTX *mine = talloc_new(NULL);
	struct view_shared *vs;
	struct tv_arena *arena;
	size_t j, sizes[EMIT_NKINDS] = { 0 };

	if (!mine)
		abort();
	vs = view_shared_new(mine, run->file, run->vo);
	arena = tv_arena_new(mine);
	while ((j = atomic_fetch_add(&run->next, 1)) < run->njobs) {
		/* JSON's job last: every job it waits for is taken (being
		 * done by another worker) by the time it is. */
		struct emit_job *job = !run->json_last ? &run->jobs[j] :
				       j + 1 < run->njobs ? &run->jobs[j + 1] :
				       &run->jobs[0];

		run_job(run, job, vs, arena, sizes);
		pthread_mutex_lock(&run->lock);
		job->done = true;
		pthread_cond_broadcast(&run->job_done);
		pthread_mutex_unlock(&run->lock);
	}
	talloc_free(mine);
	return NULL;
}

/* Take job J's outputs and temporary files into SET and AHEAD. */
static void take_job(TALLOC_CTX *ctx, struct output_set *set, struct ahead *ahead,
		     struct emit_job *job)
{
	for (size_t i = 0; i < job->set.count; i++) {
		struct output o = job->set.items[i];

		talloc_steal(ctx, o.path);
		talloc_steal(ctx, o.data);
		set_push(ctx, set, o);
	}
	for (size_t i = 0; i < job->ahead->count; i++)
		ahead_push(ahead, job->ahead->temps[i]);
	job->ahead->count = 0;          /* they are AHEAD's to remove now */
}

bool emit_render(TALLOC_CTX *ctx, const struct kapi_file *file,
		 const struct emit_options *opt, struct diag *d,
		 struct output_set *set)
{
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

	if (!ahead || !tmp)
		abort();
	talloc_set_destructor(ahead, ahead_destroy);

	/* Tests written into a directory include the runtime, written there
	 * once, instead of carrying 50 KB of it each; one output (-o) stays a
	 * self-contained program. */
	bool runtime_beside = !opt->out_file && (opt->kinds & (1u << EMIT_TEST));
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
	bool any_per_file = false, any_per_spec = false;
	for (int k = 0; k < EMIT_NKINDS; k++) {
		if (!tmpl[k])
			continue;
		template_keys(tmpl[k], kinds[k].per_file ? keys_file : keys_spec);
		if (opt->kinds & (1u << k)) {
			any_per_file |= kinds[k].per_file;
			any_per_spec |= !kinds[k].per_file;
		}
	}
	/* JSON's entries from the per-spec views, which then hold what
	 * JSON reads too. */
	long json_section = tmpl[EMIT_JSON] ?
			    template_item_section(tmpl[EMIT_JSON], JSON_SPECS) : -1;
	bool json_apart = json_section >= 0 && file->nspecs > 0;
	if (json_apart)
		template_keys(tmpl[EMIT_JSON], keys_spec);
	vo.want = keys_spec;
	vo.want_file = keys_file;

	/* The jobs: the whole-file outputs first (the largest job, so it
	 * starts early), then runs of specs, several a worker so that the
	 * workers finish together. */
	/* By default a thread a CPU, for files of many specs only: for a few
	 * specs a second thread costs more than it shares (2.2 ms against
	 * 2.3 ms for mlock2, bench/RESULTS.md). */
	unsigned workers = opt->jobs ? opt->jobs :
			   file->nspecs >= EMIT_THREADED_SPECS ? cpus_usable() : 1;
	if (workers > EMIT_MAX_JOBS)
		workers = EMIT_MAX_JOBS;
	size_t per_job = file->nspecs / (8 * (size_t)workers);
	if (per_job < 1)
		per_job = 1;
	size_t nspec_jobs = any_per_spec || json_apart ?
			    (file->nspecs + per_job - 1) / per_job : 0;
	struct dir_names names = { .fd = -1 };
	if (!opt->out_file)
		dir_names_read(tmp, &names, opt->out_dir ? opt->out_dir : ".");
	struct emit_run run = {
		.file = file,
		.opt = opt,
		.tmpl = tmpl,
		.vo = &vo,
		.names = &names,
		.njobs = nspec_jobs + any_per_file,
		.json_section = json_section,
	};
	run.jobs = talloc_zero_array(tmp, struct emit_job, run.njobs ? run.njobs : 1);
	if (!run.jobs)
		abort();
	if (json_apart) {
		run.json = talloc_zero_array(tmp, struct json_entry, file->nspecs);
		run.json_index = talloc_array(tmp, size_t, file->nspecs);
		if (!run.json || !run.json_index)
			abort();
		for (size_t i = 0; i < file->nspecs; i++) {
			if (file->specs[i]->loc.src != file->main)
				continue;
			run.json[run.json_count].job = any_per_file + i / per_job;
			run.json_index[i] = run.json_count++;
		}
	}
	pthread_mutex_init(&run.lock, NULL);
	pthread_cond_init(&run.job_done, NULL);
	for (size_t j = 0; j < run.njobs; j++) {
		struct emit_job *job = &run.jobs[j];

		job->per_file = any_per_file && j == 0;
		if (!job->per_file) {
			size_t n = j - any_per_file;
			job->first = n * per_job;
			job->last = job->first + per_job < file->nspecs ?
				    job->first + per_job : file->nspecs;
		}
		/* Top-level: a worker thread fills it, alone. */
		job->ctx = talloc_new(NULL);
		job->ahead = talloc_zero(job->ctx, struct ahead);
		job->d = diag_new_deferred(job->ctx);
		if (!job->ctx || !job->ahead || !job->d)
			abort();
		talloc_set_destructor(job->ahead, ahead_destroy);
	}
	run.json_last = json_apart;
	atomic_init(&run.next, 0);

	/* Two threads and up only when there is work to share; a worker
	 * costs a view builder of its own. */
	if (workers > run.njobs)
		workers = (unsigned)run.njobs;
	struct cpus_thread threads[EMIT_MAX_JOBS];
	unsigned started = 0;
	for (unsigned w = 1; w < workers; w++) {
		if (!cpus_thread_start(&threads[started], emit_worker, &run))
			break;          /* fewer threads, same result */
		started++;
	}
	emit_worker(&run);
	for (unsigned w = 0; w < started; w++)
		cpus_thread_join(&threads[w]);
	pthread_cond_destroy(&run.job_done);
	pthread_mutex_destroy(&run.lock);

	/* In job order, as one thread would have: the per-spec outputs up to
	 * the first failure, the runtime header, then the whole-file ones,
	 * which go first in the set as their kind comes first. */
	size_t ntests = 0;
	for (size_t j = any_per_file; j < run.njobs && ok; j++) {
		struct emit_job *job = &run.jobs[j];

		diag_replay(job->d, d);
		ok = job->ok;
		if (ok) {
			take_job(ctx, set, ahead, job);
			ntests += job->ntests;
		}
	}
	if (ok && runtime_beside && ntests && runtime) {
		add_output(ctx, set, opt, RUNTIME_HEADER, (char *)runtime->data,
			   runtime->len);
		write_ahead(ahead, &names, &set->items[set->count - 1], false);
	}
	if (ok && any_per_file) {
		struct emit_job *job = &run.jobs[0];
		size_t before = set->count;

		diag_replay(job->d, d);
		ok = job->ok;
		if (ok) {
			take_job(ctx, set, ahead, job);
			/* Rotate the whole-file outputs to the front. */
			size_t n = set->count - before;
			struct output *moved = talloc_array(tmp, struct output, n ? n : 1);
			if (!moved)
				abort();
			memcpy(moved, set->items + before, n * sizeof *moved);
			memmove(set->items + n, set->items, before * sizeof *set->items);
			memcpy(set->items, moved, n * sizeof *moved);
		}
	}
	for (size_t j = 0; j < run.njobs; j++)
		talloc_free(run.jobs[j].ctx);   /* removes temporaries not taken */
	if (names.fd >= 0)
		close(names.fd);
out:
	talloc_free(tmp);
	if (!ok)
		talloc_free(ahead);   /* removes what was written ahead */
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
