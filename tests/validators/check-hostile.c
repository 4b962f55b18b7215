/*
 * Links the validator kapic generates from hostile.kapi: signed, unsigned
 * and negative-only ranges, an enum on a signed parameter, a mask built
 * from constants, and strings full of C's special characters that must
 * come back byte for byte.  Output as in check-mlock2.c.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "hostile-check.h"

static int failed;

static void expect(int cond, const char *what)
{
	printf("%s %s\n", cond ? "PASS" : "FAIL", what);
	if (!cond)
		failed = 1;
}

static int str_is(const char *s, const char *want)
{
	if (s && strcmp(s, want) == 0)
		return 1;
	printf("# got \"%s\", want \"%s\"\n", s ? s : "(null)", want);
	return 0;
}

/* Every argument valid but the one a check varies. */
static long call(int sval, unsigned int uval, int mode, unsigned long bits,
		 unsigned long whole, long neg)
{
	return kapi_check_hostile(sval, uval, mode, bits, whole, neg);
}

#define VALID 0, 0, 1, 0, 0, -1

int main(void)
{
	const struct kapi_check_spec *s = &kapi_spec_hostile;
	const char *why = "unset";

	expect(kapi_check_hostile(VALID) == 0, "valid arguments pass");
	expect(call(-5, 0, 1, 0, 0, -1) == 0 && call(5, 0, 1, 0, 0, -1) == 0,
	       "signed range: -5 and 5 pass");
	expect(call(-6, 0, 1, 0, 0, -1) == -EINVAL && call(6, 0, 1, 0, 0, -1) == -EINVAL &&
	       call(INT_MIN, 0, 1, 0, 0, -1) == -EINVAL && call(INT_MAX, 0, 1, 0, 0, -1) == -EINVAL,
	       "signed range: -6, 6, INT_MIN, INT_MAX fail");
	expect(call(0, 10, 1, 0, 0, -1) == 0 && call(0, 11, 1, 0, 0, -1) == -EINVAL &&
	       call(0, UINT_MAX, 1, 0, 0, -1) == -EINVAL,
	       "unsigned range: 10 passes, 11 and UINT_MAX fail");
	expect(call(0, 0, 2, 0, 0, -1) == 0 && call(0, 0, 4, 0, 0, -1) == 0,
	       "enum: 2 and 4 pass");
	expect(call(0, 0, 0, 0, 0, -1) == -EINVAL && call(0, 0, 3, 0, 0, -1) == -EINVAL &&
	       call(0, 0, -1, 0, 0, -1) == -EINVAL && call(0, 0, 5, 0, 0, -1) == -EINVAL,
	       "enum: 0, 3, -1 and 5 fail");
	expect(call(0, 0, 1, 5, 0, -1) == 0 && call(0, 0, 1, 2, 0, -1) == -EINVAL &&
	       call(0, 0, 1, ULONG_MAX, 0, -1) == -EINVAL &&
	       call(0, 0, 1, 1UL << 31, 0, -1) == -EINVAL,
	       "mask HOSTILE_MASK: 5 passes, 2, 1<<31 and ULONG_MAX fail");
	expect(call(0, 0, 1, 0, ULONG_MAX, -1) == 0, "range 0 .. ULONG_MAX takes ULONG_MAX");
	expect(call(0, 0, 1, 0, 0, LONG_MIN) == 0 && call(0, 0, 1, 0, 0, 0) == -EINVAL &&
	       call(0, 0, 1, 0, 0, LONG_MAX) == -EINVAL,
	       "range LONG_MIN .. -1: LONG_MIN passes, 0 and LONG_MAX fail");
	expect(call(3, 7, 3, 2, 0, 0) == -EBADF, "a when comes before every param rule");
	expect(call(3, 8, 1, 0, 0, -1) == 0, "the when needs both of its terms");
	expect(call(0, 9, 4, 0, 0, -1) == -ERANGE && call(0, 9, 2, 0, 0, -1) == 0,
	       "the second when, in spec order");
	expect(call(3, 7, 4, 0, 0, -1) == -EBADF, "the first when wins over the second");

	expect(kapi_check_hostile_why(3, 7, 1, 0, 0, -1, &why) == -EBADF &&
	       str_is(why, "EBADF: sval 3 with uval 7: \"*/\" \?\?/ \\ %n (sval == 3 && uval == 7)"),
	       "why of a when keeps the hostile condition byte for byte");
	expect(kapi_check_hostile_why(0, 0, 3, 0, 0, -1, &why) == -EINVAL &&
	       str_is(why, "mode: values 1, 2, 4"), "why of an enum");
	expect(kapi_check_hostile_why(-6, 0, 1, 0, 0, -1, &why) == -EINVAL &&
	       str_is(why, "sval: range -5 .. 5"), "why of a signed range");
	expect(kapi_check_hostile_why(0, 0, 1, 2, 0, -1, &why) == -EINVAL &&
	       str_is(why, "bits: mask HOSTILE_MASK"), "why of a mask");

	expect(HOSTILE_MASK == 5 && HOSTILE_BIT == 4, "constants are defined");
	expect(str_is(s->summary, "quote \" backslash \\ comment */ /* trigraph "
			  "\?\?/ \?\?= \?\?' %s %n"), "summary survives");
	expect(s->param_count == 6 && str_is(s->params[0].constraint, "-5 .. 5 */ \\") &&
	       str_is(s->params[2].summary, "enum /* 1, 2, 4 */") &&
	       str_is(s->params[3].summary, "mask %s%s%s%n"),
	       "param strings survive");
	expect(s->error_count == 3 &&
	       str_is(s->errors[0].description, "a when before the ranges:\n it wins over them */") &&
	       str_is(s->errors[2].untestable, "no trigger \"*/\" \?\?/") &&
	       s->errors[2].when == NULL && s->errors[1].code == -ERANGE,
	       "error strings survive");
	expect(s->param_count == 6 && s->params[0].has_range &&
	       s->params[0].min.negative && s->params[0].min.bits == (unsigned long long)-5 &&
	       !s->params[0].max.negative && s->params[0].max.bits == 5 &&
	       s->params[5].min.negative && s->params[5].max.negative &&
	       !s->params[4].max.negative && s->params[4].max.bits == ULONG_MAX,
	       "table: signed bounds");
	expect(s->param_count == 6 && s->params[2].value_count == 3 &&
	       s->params[2].values[0].bits == 1 && s->params[2].values[1].bits == 2 &&
	       s->params[2].values[2].bits == 4 && str_is(s->params[2].values[2].text, "4") &&
	       s->params[1].values == NULL,
	       "table: enum values 1, 2, 4");
	puts("DONE");
	return failed;
}
