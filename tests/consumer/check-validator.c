/* The generated validator predicts the kernel's answer from the
 * arguments alone; check a few predictions (prints TAP). */
#include <stdio.h>
#include "getrandom-check.h"

static int n, failed;

static void expect(long got, long want, const char *what)
{
	n++;
	if (got == want) {
		printf("ok %d - %s\n", n, what);
	} else {
		printf("not ok %d - %s: got %ld, want %ld\n", n, what, got, want);
		failed = 1;
	}
}

int main(void)
{
	char buf[16];
	const char *why = NULL;

	expect(kapi_check_getrandom(buf, sizeof buf, 0), 0, "no flags is valid");
	expect(kapi_check_getrandom(buf, sizeof buf, 0x1), 0, "GRND_NONBLOCK is valid");
	expect(kapi_check_getrandom(buf, sizeof buf, 0x8), -EINVAL, "an unknown bit is EINVAL");
	expect(kapi_check_getrandom(buf, sizeof buf, 0x2 | 0x4), -EINVAL,
	       "GRND_RANDOM with GRND_INSECURE is EINVAL");
	kapi_check_getrandom_why(buf, sizeof buf, 0x8, &why);
	expect(why != NULL, 1, "the validator says why");
	printf("1..%d\n", n);
	return failed;
}
