/* The TAP lines every unit test prints: "ok N - what" or "not ok N -
 * what", then the plan from main ("1..N"), failing when any failed. */
#ifndef KAPIC_TESTS_TAP_H
#define KAPIC_TESTS_TAP_H

#include <stdbool.h>
#include <stdio.h>

static unsigned ntests, nfailed;

/* OK, as a TAP line saying WHAT; returns OK for callers that explain a
 * failure. */
static inline bool report(bool ok, const char *what)
{
	ntests++;
	if (!ok)
		nfailed++;
	printf("%sok %u - %s\n", ok ? "" : "not ", ntests, what);
	return ok;
}

#endif
