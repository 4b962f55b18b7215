/*
 * template-parse [RUNS] -- what parsing the built-in templates at run time
 * would cost, as a user's --templates are parsed: the median of RUNS
 * parses of all of them, in microseconds.  kapic's own are parsed when it
 * is built (compiler/tmplc.c); this is the figure that decided it (the
 * README, "Architecture").  Built and run by `make bench`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <talloc.h>
#include "diag.h"
#include "embedded.h"
#include "template.h"

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* One parse of every built-in template; false if one fails. */
static bool parse_all(TALLOC_CTX *ctx, struct diag *d)
{
	for (size_t i = 0; i < embedded_count; i++) {
		const struct embedded_file *f = &embedded_files[i];
		size_t n = strlen(f->name);

		if (n < 5 || strcmp(f->name + n - 5, ".tmpl") != 0)
			continue;
		if (!template_parse(ctx, source_from_static(ctx, f->name, f->data, f->len), d))
			return false;
	}
	return true;
}

static int by_value(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 101;
	long long *t = calloc((size_t)(runs > 0 ? runs : 1), sizeof *t);
	TALLOC_CTX *ctx = talloc_new(NULL);
	struct diag *d = diag_new(ctx, stderr, false);

	for (int r = 0; r < runs; r++) {
		TALLOC_CTX *one = talloc_new(ctx);
		long long t0 = now_ns();

		if (!parse_all(one, d))
			return 1;
		t[r] = now_ns() - t0;
		talloc_free(one);
	}
	qsort(t, (size_t)runs, sizeof *t, by_value);
	printf("%.0f\n", runs > 0 ? t[runs / 2] / 1e3 : 0.0);
	free(t);
	talloc_free(ctx);
	return 0;
}
