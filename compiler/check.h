/*
 * Semantic checks.  The file is resolved first (resolve.h); then each
 * check of a table runs once over the whole file and reports under its own
 * name, which -W switches control.
 * No output is written unless every check passes.
 */
#ifndef KAPIC_CHECK_H
#define KAPIC_CHECK_H

#include <stdbool.h>
#include <stdio.h>
#include "diag.h"
#include "model.h"

struct check_config;

struct check_config *check_config_new(TALLOC_CTX *ctx);

/* Apply one -W option (the text after "-W"): NAME, no-NAME, error,
 * error=NAME.  Returns false and reports on an unknown name. */
bool check_config_option(struct check_config *cfg, const char *opt,
			 FILE *err);

/* Resolve and check FILE.  Returns true when no error was reported. */
bool check_file(struct kapi_file *file, const struct check_config *cfg,
		struct diag *d);

/* One line per check: name, default severity, what it catches. */
void check_print_list(FILE *out);

/* The kernel's spec struct limits (KAPI_MAX_* in its headers). */
enum {
	KAPI_MAX_PARAMS = 16, KAPI_MAX_ERRORS = 32, KAPI_MAX_SIGNALS = 32,
	KAPI_MAX_SIGNAL_MASKS = 16, KAPI_MAX_LOCKS = 16, KAPI_MAX_CONSTRAINTS = 16,
	KAPI_MAX_SIDE_EFFECTS = 16, KAPI_MAX_STATE_TRANS = 8,
	KAPI_MAX_CAPABILITIES = 8, KAPI_MAX_STRUCT_SPECS = 8,
	KAPI_MAX_STRUCT_FIELDS = 32, KAPI_MAX_ENUM_VALUES = 32,
	KAPI_MAX_NAME_LEN = 128, KAPI_MAX_DESC_LEN = 512, KAPI_MAX_SINCE_LEN = 32,
	KAPI_MAX_LONG_DESC_LEN = 4 * 512, KAPI_MAX_EXAMPLES_LEN = 2 * 512,
	KAPI_MAX_NOTES_LEN = 2 * 512,
};

#endif
