/*
 * kapic: the driver.  Reads options, then for each input parses, checks
 * and, only when that input is clean, renders and writes its outputs.
 * Exit status: 0 success, 1 the input has errors, 2 usage or I/O failure.
 */
#include "config.h"
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "check.h"
#include "diag.h"
#include "emit.h"
#include "fixtures.h"
#include "import.h"
#include "output.h"
#include "parse.h"

enum { EXIT_INPUT = 1, EXIT_USAGE = 2 };

enum {
	OPT_CHECK = 256, OPT_EMIT, OPT_TEMPLATES, OPT_STDIN_NAME, OPT_COLOR,
	OPT_LIST_CHECKS, OPT_KEEP_UNCHANGED, OPT_MAN_SOURCE, OPT_MAN_MANUAL,
	OPT_MAN_INTERNALS, OPT_LIST_FIXTURES, OPT_KAPI, OPT_FIXTURES,
};

static const struct option long_options[] = {
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "emit", required_argument, NULL, OPT_EMIT },
	{ "output", required_argument, NULL, 'o' },
	{ "output-dir", required_argument, NULL, 'd' },
	{ "include", required_argument, NULL, 'I' },
	{ "templates", required_argument, NULL, OPT_TEMPLATES },
	{ "stdin-name", required_argument, NULL, OPT_STDIN_NAME },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "list-checks", no_argument, NULL, OPT_LIST_CHECKS },
	{ "list-fixtures", no_argument, NULL, OPT_LIST_FIXTURES },
	{ "keep-unchanged", no_argument, NULL, OPT_KEEP_UNCHANGED },
	{ "man-source", required_argument, NULL, OPT_MAN_SOURCE },
	{ "man-manual", required_argument, NULL, OPT_MAN_MANUAL },
	{ "man-internals", no_argument, NULL, OPT_MAN_INTERNALS },
	{ "kapi", required_argument, NULL, OPT_KAPI },
	{ "fixtures", required_argument, NULL, OPT_FIXTURES },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static const char *const help_lines[] = {
	"Usage: kapic [OPTION]... FILE...",
	"  or:  kapic import FILE.c [-o OUT.kapi]  (the .kapi of a C file's KAPI blocks",
	"                                         and kernel-doc API comments)",
	"Compile Kernel API specifications (.kapi) into kernel spec macros, C",
	"validators, man pages, libc wrapper tests and JSON.",
	"",
	"      --check            parse and check only (the default without --emit)",
	"      --emit=KIND[,KIND] outputs to write: json, kernel, c, h, man, test,",
	"                         runtime (the tests' kapi-runtime.h), kerneldoc,",
	"                         kapi-json (tools/kapi's JSON), all",
	"  -o, --output=FILE      write the single output to FILE ('-' for stdout)",
	"  -d, --output-dir=DIR   write every output of every spec into DIR",
	"      --keep-unchanged   leave an output whose content is unchanged untouched",
	"  -I, --include=DIR      search DIR for include \"file.kapi\"",
	"      --templates=DIR    use templates in DIR instead of the built-in ones",
	"      --stdin-name=NAME  name standard input (FILE '-') in messages",
	"      --man-source=TEXT  the man pages' source (.TH; default Linux)",
	"      --man-manual=TEXT  the man pages' manual title (.TH)",
	"      --man-internals    man pages also say the kernel-side facts (locking, ...)",
	"      --kapi=GEN         the KAPI framework generation: 2025 (macros, the",
	"                         default) or 2026 (kernel-doc)",
	"  -W NAME, -Wno-NAME     enable or disable the check NAME",
	"  -Werror[=NAME]         make all warnings (or NAME) errors",
	"  -Wno-error=NAME        keep NAME a warning under -Werror",
	"  -w                     turn every warning off",
	"      --list-checks      list the checks and their default severities",
	"      --list-fixtures    list the test fixtures: name, arity, kind, description",
	"      --fixtures=FILE.h  the project's own test fixtures, in FILE.h's",
	"                         KAPI_PROJECT_FIXTURES table (docs/fixtures.md)",
	"  -MD, -MMD              write a make depfile beside the first output",
	"  -MF FILE               write the make depfile to FILE",
	"  -MT TARGET             name TARGET in the depfile rule as well",
	"  -MP                    add a phony target for each included file",
	"      --color=WHEN       colour diagnostics: auto, always, never",
	"  -h, --help             show this help and exit",
	"  -V, --version          show the version and exit",
	"",
	"Exit status: 0 success, 1 errors in the input, 2 usage or I/O failure.",
	"Environment: NO_COLOR (not empty) and TERM=dumb disable colour;",
	"SOURCE_DATE_EPOCH dates man pages.",
	NULL,
};

struct run {
	TALLOC_CTX *ctx;
	struct diag *diag;
	struct check_config *checks;
	struct include_path includes;
	struct emit_options emit;
	bool check_only, keep_unchanged;
	const char *stdin_name;
	const char *depfile, *dep_target;
	bool depfile_beside, dep_phony;
	int generation;                 /* --kapi */
	const char *fixtures_path;      /* --fixtures */
	struct fixture_set *fixtures;   /* its table, read once for every file */
	bool list_fixtures;
	int color;                      /* -1 auto, 0 never, 1 always */
	/* Every output of every file, written at the end: nothing is
	 * written if two would have one path or one would replace an
	 * input.  DEPS: the rules of -MF's depfile, one a file. */
	struct output_set *outputs;
	struct strbuf *deps;
};

static void __attribute__((format(printf, 1, 2))) usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("kapic: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see kapic --help)\n", stderr);
}

static void suggest_option(const char *arg)
{
	const char *names[sizeof long_options / sizeof long_options[0]];
	size_t n = 0;
	const char *word = arg;

	while (*word == '-')
		word++;
	char *bare = strndup(word, strcspn(word, "="));
	for (size_t i = 0; long_options[i].name; i++)
		names[n++] = long_options[i].name;
	const char *best = diag_closest(bare, names, n);
	if (best)
		usage_error("unknown option '%s'; did you mean '--%s'?", arg, best);
	else
		usage_error("unknown option '%s'", arg);
	free(bare);
}

/* The date for man pages from SOURCE_DATE_EPOCH, if set; false if bad. */
static bool date_from_epoch(struct run *r)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end, buf[32];
	struct tm tm;
	time_t t;

	if (!s || !*s)
		return true;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < 0) {
		fprintf(stderr, "kapic: SOURCE_DATE_EPOCH is not a number of seconds: '%s'\n", s);
		return false;
	}
	t = (time_t)v;
	if (!gmtime_r(&t, &tm) || tm.tm_year > 9999 - 1900) {
		fprintf(stderr, "kapic: SOURCE_DATE_EPOCH is past the year 9999: '%s'\n", s);
		return false;
	}
	strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
	r->emit.date = talloc_strdup(r->ctx, buf);
	return true;
}

/* One GCC-style option taking an attached or the next argument (-W, -M),
 * which getopt_long would mistake for a long option; ARGV[*I] and what it
 * used become "".  Returns 1 if taken, 0 if not ours, -1 on an error. */
static int take_gcc_option(struct run *r, int argc, char **argv, int *i)
{
	char *a = argv[*i];

	if (strncmp(a, "-W", 2) == 0 || strcmp(a, "-w") == 0) {
		const char *opt = a[1] == 'w' ? a : a[2] ? a + 2 : *i + 1 < argc ? argv[*i + 1] : NULL;
		if (!opt) {
			usage_error("-W needs a check name");
			return -1;
		}
		if (!check_config_option(r->checks, opt, stderr))
			return -1;
		if (a[1] == 'W' && !a[2])
			argv[(*i)++] = "";      /* -W NAME: both words taken */
	} else if (strcmp(a, "-MD") == 0 || strcmp(a, "-MMD") == 0) {
		r->depfile_beside = true;
	} else if (strcmp(a, "-MP") == 0) {
		r->dep_phony = true;
	} else if (strcmp(a, "-MF") == 0 || strcmp(a, "-MT") == 0) {
		if (*i + 1 >= argc) {
			usage_error("%s needs an argument", a);
			return -1;
		}
		if (a[2] == 'F')
			r->depfile = argv[*i + 1];
		else
			r->dep_target = argv[*i + 1];
		argv[(*i)++] = "";
	} else {
		return 0;
	}
	argv[*i] = "";
	return 1;
}

/* Take the GCC-style options out of ARGV; the new argc, or -1. */
static int take_gcc_options(struct run *r, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (take_gcc_option(r, argc, argv, &i) < 0)
			return -1;
	}
	/* Drop the blanks left by the options taken. */
	int w = 1;
	for (int i = 1; i < argc; i++)
		if (argv[i][0] != '\0' || (i > 0 && strcmp(argv[i - 1], "--") == 0))
			argv[w++] = argv[i];
	return w;
}

/* NAME is set and not empty (no-color.org's rule for NO_COLOR). */
static bool env_set(const char *name)
{
	const char *v = getenv(name);

	return v && *v;
}

static bool set_color(struct run *r, const char *when)
{
	if (strcmp(when, "auto") == 0)
		r->color = -1;
	else if (strcmp(when, "always") == 0)
		r->color = 1;
	else if (strcmp(when, "never") == 0)
		r->color = 0;
	else {
		usage_error("--color takes auto, always or never, not '%s'", when);
		return false;
	}
	return true;
}

/* Options that end the run at once. */
static __attribute__((noreturn)) void exit_option(int c)
{
	if (c == OPT_LIST_CHECKS)
		check_print_list(stdout);
	else if (c == 'h')
		for (size_t i = 0; help_lines[i]; i++)
			puts(help_lines[i]);
	else
		puts("kapic " PACKAGE_VERSION);
	exit(0);
}

/* One option from getopt_long; false after a usage error. */
static bool apply_option(struct run *r, int c, char **argv)
{
	switch (c) {
	case OPT_CHECK:
		r->check_only = true;
		return true;
	case OPT_EMIT:
		return emit_parse_kinds(optarg, &r->emit.kinds, stderr);
	case 'o':
		r->emit.out_file = optarg;
		return true;
	case 'd':
		r->emit.out_dir = optarg;
		return true;
	case 'I':
		r->includes.dirs = talloc_realloc(r->ctx, r->includes.dirs, const char *,
						  r->includes.count + 1);
		r->includes.dirs[r->includes.count++] = optarg;
		return true;
	case OPT_TEMPLATES:
		r->emit.template_dir = optarg;
		return true;
	case OPT_STDIN_NAME:
		r->stdin_name = optarg;
		return true;
	case OPT_COLOR:
		return set_color(r, optarg);
	case OPT_KEEP_UNCHANGED:
		r->keep_unchanged = true;
		return true;
	case OPT_MAN_SOURCE:
		r->emit.man_source = optarg;
		return true;
	case OPT_MAN_MANUAL:
		r->emit.man_manual = optarg;
		return true;
	case OPT_MAN_INTERNALS:
		r->emit.man_internals = true;
		return true;
	case OPT_KAPI:
		if (strcmp(optarg, "2025") && strcmp(optarg, "2026")) {
			usage_error("--kapi takes 2025 or 2026, not '%s'", optarg);
			return false;
		}
		r->generation = atoi(optarg);
		return true;
	case OPT_FIXTURES:
		r->fixtures_path = optarg;
		return true;
	case OPT_LIST_FIXTURES:
		r->list_fixtures = true;
		return true;
	case OPT_LIST_CHECKS: case 'h': case 'V':
		exit_option(c);
	case ':':
		usage_error("option '%s' needs an argument", argv[optind - 1]);
		return false;
	default:
		/* A short option may be one of a cluster (-j2): ARGV's
		 * element is not the option then. */
		if (optopt)
			usage_error("unknown option '-%c'", optopt);
		else
			suggest_option(argv[optind - 1]);
		return false;
	}
}

/* Parse the options; returns the index of the first file or -1. */
static int parse_options(struct run *r, int *argcp, char **argv)
{
	int c, argc = take_gcc_options(r, *argcp, argv);

	if (argc < 0)
		return -1;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":o:d:I:hV", long_options, NULL)) != -1)
		if (!apply_option(r, c, argv))
			return -1;
	if (optind >= argc && !r->list_fixtures) {
		usage_error("no input files");
		return -1;
	}
	*argcp = argc;
	return optind;
}

static bool validate_outputs(struct run *r, int nfiles)
{
	if (r->check_only && r->emit.kinds) {
		usage_error("--check and --emit exclude each other");
		return false;
	}
	if (!r->emit.kinds) {
		if (r->emit.out_file || r->emit.out_dir || r->depfile || r->depfile_beside) {
			usage_error("-o, -d and -M options need --emit");
			return false;
		}
		r->check_only = true;
		return true;
	}
	if (r->emit.out_file && r->emit.out_dir) {
		usage_error("-o and -d exclude each other");
		return false;
	}
	if (r->emit.out_file && (__builtin_popcount(r->emit.kinds) != 1 || nfiles != 1)) {
		usage_error("-o writes one output: give one --emit kind and one file, or use -d");
		return false;
	}
	/* Standard output is no file for a rule to name or to put one beside. */
	if (r->emit.out_file && strcmp(r->emit.out_file, "-") == 0 &&
	    (r->depfile || r->depfile_beside) && (!r->depfile || !r->dep_target)) {
		usage_error("-o - has no file name for a depfile: give -MF FILE and -MT TARGET");
		return false;
	}
	return true;
}

/* A name for messages and the "Generated by" line: never an absolute path,
 * so outputs do not depend on where the tree is. */
static const char *display_name(const char *path)
{
	if (path[0] == '/') {
		const char *slash = strrchr(path, '/');
		return slash[1] ? slash + 1 : path;
	}
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	return path;
}

/* ARG ("-" for standard input) read, parsed and checked into *FILE; 0,
 * or the exit status. */
static int read_and_check(struct run *r, TALLOC_CTX *tmp, const char *arg,
			  struct kapi_file **filep)
{
	struct source *src;
	struct kapi_file *file;

	if (strcmp(arg, "-") == 0)
		src = source_read_stream(tmp, r->stdin_name ? r->stdin_name : "<stdin>", 0);
	else
		src = source_read_input(tmp, arg);
	if (!src) {
		fprintf(stderr, "kapic: %s: %s\n", arg, source_strerror(errno));
		return EXIT_USAGE;
	}
	struct loc start = { src, 0, 0 };
	*filep = file = kapi_file_new(tmp, src->len);
	file->generation = r->generation;
	file->fixtures = r->fixtures;
	if (src->len == 0) {
		diag_report(r->diag, DIAG_ERROR, &start, "syntax",
			    "empty input: a .kapi file holds at least one spec or constant");
		return EXIT_INPUT;
	}
	if (!parse_source(file, src, r->diag, &r->includes) ||
	    !check_file(file, r->checks, r->diag) ||
	    diag_errors(r->diag))
		return EXIT_INPUT;
	if (file->nspecs == 0 && file->nconstants == 0) {
		diag_report(r->diag, DIAG_ERROR, &start, "syntax",
			    "no spec or constant in this file");
		return EXIT_INPUT;
	}
	return 0;
}

/* The depfile rule of FILE, whose outputs are those from FIRST on: into
 * -MF's, or a depfile of its own beside its first output (-MD). */
static void add_depfile(struct run *r, size_t first, const struct kapi_file *file)
{
	struct output_set *set = r->outputs;
	const char *beside = NULL;

	if (r->depfile) {
		output_depfile(r->deps, set, first, file, r->dep_target, r->dep_phony);
		return;
	}
	for (size_t i = first; i < set->count && !beside; i++)
		beside = set->items[i].path;
	if (!r->depfile_beside || !beside)
		return;
	struct strbuf *sb = strbuf_new(set);
	output_depfile(sb, set, first, file, r->dep_target, r->dep_phony);
	output_add(set, talloc_asprintf(set, "%s.d", beside), talloc_steal(set, sb->data), sb->len);
	talloc_free(sb);
}

/* Render FILE's outputs into the run's; 0 or the exit status. */
static int emit_outputs(struct run *r, TALLOC_CTX *tmp, struct kapi_file *file)
{
	const struct source *src = file->main;
	size_t first = r->outputs->count;

	/* -o with a kind made per spec: one spec's output would overwrite
	 * another's in the one file. */
	size_t noutputs = emit_count_outputs(&r->emit, file);
	if (r->emit.out_file && noutputs > 1) {
		usage_error("-o writes one output, but --emit=%s makes one a spec and %s has %zu: use -d",
			    emit_kind_name((enum emit_kind)__builtin_ctz(r->emit.kinds)),
			    src->name, noutputs);
		return EXIT_USAGE;
	}
	r->emit.source_name = display_name(src->name);
	if (r->emit.out_dir && mkdir(r->emit.out_dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "kapic: cannot create %s: %s\n", r->emit.out_dir, strerror(errno));
		return EXIT_USAGE;
	}
	r->outputs->origin = talloc_strdup(r->outputs, src->name);
	int rc = emit_render(tmp, file, &r->emit, r->diag, r->outputs);
	if (rc)
		output_truncate(r->outputs, first);
	else
		add_depfile(r, first, file);
	return rc;
}

static int compile_one(struct run *r, const char *arg)
{
	TALLOC_CTX *tmp = talloc_new(r->ctx);
	struct kapi_file *file = NULL;
	int rc = read_and_check(r, tmp, arg, &file);

	for (size_t i = 0; file && i < file->nsources; i++)
		output_protect(r->outputs, file->sources[i]);
	if (rc == 0 && !r->check_only)
		rc = emit_outputs(r, tmp, file);
	talloc_free(tmp);
	return rc;
}

int main(int argc, char **argv)
{
	struct run r = { .color = -1 };
	int first, rc = 0;

	if (argc > 1 && strcmp(argv[1], "import") == 0)
		return import_main(argc - 1, argv + 1);
	r.ctx = talloc_new(NULL);
	r.checks = check_config_new(r.ctx);
	first = parse_options(&r, &argc, argv);
	if (first < 0) {
		talloc_free(r.ctx);
		return EXIT_USAGE;
	}
	if (r.color < 0)
		r.color = isatty(2) && !env_set("NO_COLOR") && !(env_set("TERM") &&
				strcmp(getenv("TERM"), "dumb") == 0);
	r.diag = diag_new(r.ctx, stderr, r.color == 1);
	if (r.fixtures_path &&
	    !(r.fixtures = fixture_read_project(r.ctx, r.fixtures_path, r.diag))) {
		rc = diag_errors(r.diag) ? EXIT_INPUT : EXIT_USAGE;
		talloc_free(r.ctx);	/* r.diag with it */
		return rc;
	}
	if (r.list_fixtures) {
		fixture_print_list(stdout, r.fixtures);
		talloc_free(r.ctx);
		return 0;
	}
	if (!validate_outputs(&r, argc - first) || !date_from_epoch(&r)) {
		talloc_free(r.ctx);
		return EXIT_USAGE;
	}

	r.outputs = output_set_new(r.ctx);
	r.outputs->keep_unchanged = r.keep_unchanged;
	r.deps = strbuf_new(r.ctx);
	for (int i = first; i < argc; i++) {
		int one = compile_one(&r, argv[i]);
		if (one > rc)
			rc = one;
	}
	/* Every output at once, -MF's depfile the last. */
	if (r.deps->len) {
		r.outputs->origin = "-MF";
		output_add(r.outputs, talloc_strdup(r.outputs, r.depfile),
			   talloc_steal(r.outputs, r.deps->data), r.deps->len);
	}
	if (!output_commit(r.outputs, stderr))
		rc = EXIT_USAGE;
	talloc_free(r.ctx);
	return rc;
}
