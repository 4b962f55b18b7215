/*
 * Links the validator kapic generates from order.kapi: errors are tried
 * in the order `after` gives, and one after an error that depends on
 * state is answered KAPI_CHECK_DEPENDS.  Output as in check-mlock2.c.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "ordered-check.h"

static int failed;

static void expect(int cond, const char *what)
{
	printf("%s %s\n", cond ? "PASS" : "FAIL", what);
	if (!cond)
		failed = 1;
}

int main(void)
{
	const char *why = NULL;

	expect(kapi_check_ordered(0, 0) == 0, "valid arguments pass");
	expect(kapi_check_ordered(0, 500) == -EINVAL, "len over 100 is EINVAL");
	expect(kapi_check_ordered(-1, 0) == -EBADF, "a negative fd is EBADF");
	expect(kapi_check_ordered(-1, 500) == -EBADF,
	       "EINVAL comes after EBADF: both hold, EBADF is predicted");
	expect(kapi_check_ordered_why(7, 0, &why) == KAPI_CHECK_DEPENDS,
	       "E2BIG comes after ENOMEM, which depends on state: KAPI_CHECK_DEPENDS");
	expect(why && strstr(why, "E2BIG") && strstr(why, "ENOMEM"),
	       "the rule names the error and the state error checked first");
	expect(KAPI_CHECK_DEPENDS < -4095, "KAPI_CHECK_DEPENDS is no -errno");
	expect(kapi_spec_ordered.error_count == 4 &&
	       strcmp(kapi_spec_ordered.errors[0].name, "EBADF") == 0 &&
	       strcmp(kapi_spec_ordered.errors[1].name, "EINVAL") == 0,
	       "the spec's C data lists the errors in check order");
	puts("DONE");
	return failed;
}
