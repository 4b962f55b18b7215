/*
 * The fixture library of the kapic test runtime against the real kernel:
 * each case sets up with fixtures, makes a real system call and judges it
 * as a generated test would.  The "system call" is syscall(a[0], a[1],
 * a[2], a[3]): a case picks the call by its number, so one program covers
 * close, read, write, open and the rest.  run-fixtures.sh runs it as root
 * and as nobody and checks its TAP, and that nothing is left behind.
 */
#define _GNU_SOURCE
#include "kapi-runtime.h"

static long call_any(const long *a)
{
	return syscall(a[0], a[1], a[2], a[3]);
}

/* The call closes every descriptor below KAPI_HIGH_FD: the report survives. */
static long call_close_low(const long *a)
{
	int fd;

	(void)a;
	for (fd = 0; fd < KAPI_HIGH_FD; fd++)
		close(fd);
	return 0;
}

static void case_close_low(struct kapi_env *env)
{
	long a[1] = { 0 };

	env->call = call_close_low;
	kapi_invoke(env, a, 1);
	kapi_expect_success(env);
}

static void case_close_stderr(struct kapi_env *env)
{
	long a[4] = { SYS_close, 2 };

	kapi_invoke(env, a, 2);
	kapi_expect_success(env);
}

static const struct kapi_case cases[] = {
	{ "report channel: the call closes fds 0..999", case_close_low, 0, NULL },
	{ "report channel: close(2)", case_close_stderr, 0, NULL },
};

int main(void)
{
	return kapi_main("fixtures", cases, sizeof cases / sizeof cases[0], call_any, call_any, 1);
}
