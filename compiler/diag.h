/*
 * Diagnostics: `file:line:col: error: message [check-name]`, the source line
 * and a caret.  The one place that formats messages for the user.
 */
#ifndef KAPIC_DIAG_H
#define KAPIC_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <talloc.h>
#include "source.h"

enum diag_severity {
	DIAG_NOTE,
	DIAG_WARNING,
	DIAG_ERROR,
};

struct diag;

struct diag *diag_new(TALLOC_CTX *ctx, FILE *out, bool color);

/* Report at LOC (may be NULL for a message about no place in particular).
 * CHECK names the check; it is printed as ` [check]` unless NULL. */
void diag_report(struct diag *d, enum diag_severity sev, const struct loc *loc,
		 const char *check, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void diag_vreport(struct diag *d, enum diag_severity sev,
		  const struct loc *loc, const char *check, const char *fmt,
		  va_list ap);

/* A `hint:` line under the previous diagnostic. */
void diag_hint(struct diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

unsigned diag_errors(const struct diag *d);
/* True once so many errors were reported that the front end should stop. */
bool diag_gave_up(const struct diag *d);

/* The closest of CANDIDATES (NULL-terminated or COUNT long) to WORD, or NULL
 * when none is close enough to be a plausible misspelling. */
const char *diag_closest(const char *word, const char *const *candidates,
			 size_t count);

#endif
