/*
 * Links the validator kapic generates from conditions.kapi: comparisons
 * are of values (an unsigned parameter is never -1), and pointer
 * arithmetic is on the address as an unsigned integer, so a wrapping
 * buffer is caught however the compiler optimises.  Output as in
 * check-mlock2.c.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include "conditions-check.h"

static int failed;

static void expect(int cond, const char *what)
{
	printf("%s %s\n", cond ? "PASS" : "FAIL", what);
	if (!cond)
		failed = 1;
}

int main(void)
{
	const char *low = (const char *)(uintptr_t)0x1000;
	const char *high = (const char *)(UINTPTR_MAX - 0xff);

	expect(kapi_check_conditions(5, low, 16) == 0, "valid arguments pass");
	expect(kapi_check_conditions(ULONG_MAX, low, 16) == -EINVAL,
	       "p == ~0 is false for ULONG_MAX (~0 is -1); p == ULONG_MAX holds");
	expect(kapi_check_conditions(0, low, 16) == 0 &&
	       kapi_check_conditions((unsigned long)LONG_MAX + 1, low, 16) == 0,
	       "p < LONG_MIN and p <= -1 >> 1 never hold for an unsigned p");
	expect(kapi_check_conditions(5, high, 0x100) == -EFAULT,
	       "buf + count < buf: a wrapping buffer is EFAULT");
	expect(kapi_check_conditions(5, high, 0xff) == -E2BIG,
	       "buf + count >= TOP: a buffer ending at the top is E2BIG");
	expect(kapi_check_conditions(5, (const char *)(uintptr_t)0xfffe0000, 0x10000) == -E2BIG &&
	       kapi_check_conditions(5, (const char *)(uintptr_t)0xfffe0000, 0xffff) == 0,
	       "buf + count >= TOP at the boundary");
	puts("DONE");
	return failed;
}
