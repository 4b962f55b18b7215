#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "diag.h"
#include "parse.h"

int main(int argc, char **argv)
{
	TALLOC_CTX *run = talloc_new(NULL);
	struct diag *d = diag_new(run, stderr, isatty(2));
	struct kapi_file *file = kapi_file_new(run);
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		struct source *src = source_read_file(run, argv[i], argv[i]);
		if (!src) {
			fprintf(stderr, "kapic: %s: %s\n", argv[i], strerror(errno));
			rc = 2;
			continue;
		}
		parse_source(file, src, d, NULL);
	}
	if (diag_errors(d))
		rc = 1;
	printf("%zu specs, %zu constants\n", file->nspecs, file->nconstants);
	talloc_free(run);
	return rc;
}
