/*
 * Self-test of the kapic test runtime (templates/runtime/kapi-runtime.h):
 * its verdicts, messages and fixtures, against fake "system calls" whose
 * behaviour each case chooses through a[0].  run-samples.sh compares the
 * TAP this prints with what it must be.
 *
 *   selftest          both variants (libc, raw)
 *   selftest rawonly  as if the C library had no wrapper
 */
#define _GNU_SOURCE
#include "kapi-runtime.h"

enum { OP_RET, OP_ERR, OP_NOSYS, OP_SUM };

static long call_fake(const long *a, int raw)
{
	switch (a[0]) {
	case OP_RET:
		return a[1];
	case OP_ERR:
		errno = (int)a[1];
		return -1;
	case OP_NOSYS:		/* the libc "wrapper" emulates; the kernel lacks the call */
		return raw ? syscall(1000000) : 0;
	case OP_SUM:
		return a[1] + a[2];
	}
	return -2;
}

static long call_libc(const long *a) { return call_fake(a, 0); }
static long call_raw(const long *a)  { return call_fake(a, 1); }

static void case_value(struct kapi_env *env)
{
	long a[2] = { OP_RET, 42 };
	kapi_invoke(env, a, 2);
	kapi_expect_value(env, 42);
}

static void case_result_neg(struct kapi_env *env)
{
	long a[2] = { OP_ERR, ENOMEM };
	kapi_invoke(env, a, 2);
	kapi_expect_result(env, -ENOMEM);
	kapi_expect_result(env, ENOMEM);
}

static void case_result_success(struct kapi_env *env)
{
	long a[2] = { OP_RET, 0 };
	kapi_invoke(env, a, 2);
	kapi_expect_result(env, 0);
}

static void case_wrong_errno(struct kapi_env *env)
{
	long a[2] = { OP_ERR, ENOMEM };
	kapi_invoke(env, a, 2);
	kapi_expect_errno(env, EINVAL, "EINVAL");
}

static void case_errno_but_success(struct kapi_env *env)
{
	long a[2] = { OP_RET, 0 };
	kapi_invoke(env, a, 2);
	kapi_expect_errno(env, EINVAL, "EINVAL");
}

static void case_success_but_errno(struct kapi_env *env)
{
	long a[2] = { OP_ERR, EACCES };
	kapi_invoke(env, a, 2);
	kapi_expect_success(env);
}

static void case_no_judgement(struct kapi_env *env)
{
	long a[2] = { OP_RET, 0 };
	kapi_invoke(env, a, 2);
}

static void case_killed(struct kapi_env *env)
{
	(void)env;
	kill(getpid(), SIGTERM);
}

static void case_hangs(struct kapi_env *env)
{
	(void)env;
	for (;;)
		pause();
}

static void case_nosys(struct kapi_env *env)
{
	long a[2] = { OP_NOSYS, 0 };
	kapi_invoke(env, a, 2);
	kapi_expect_errno(env, EINVAL, "EINVAL");
}

static void case_capable_skip(struct kapi_env *env)
{
	long a[2] = { OP_RET, 0 };
	kapi_fx_capable(env, 63);
	kapi_invoke(env, a, 2);
	kapi_expect_success(env);
}

static void case_hole_filled(struct kapi_env *env)
{
	long a[2] = { OP_RET, 0 };
	long h = kapi_fx_hole(env, 1);

	mmap((void *)h, (size_t)env->page_size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	kapi_invoke(env, a, 2);
	kapi_expect_success(env);
}

static void case_rlimit_after_drop(struct kapi_env *env)
{
	long a[2] = { OP_RET, 0 };
	kapi_fx_rlimit_memlock(env, 4096);
	kapi_fx_unprivileged(env);
	kapi_fx_rlimit_memlock(env, 1L << 20);
	kapi_invoke(env, a, 2);
	kapi_expect_success(env);
}

static void case_vmlck_absent(struct kapi_env *env)
{
	long a[2] = { OP_RET, 0 };
	kapi_invoke(env, a, 2);
	kapi_expect_success(env);
	kapi_fx_vmlck_grew(env, 1);
}

static void case_resident_absent(struct kapi_env *env)
{
	long a[2];
	a[0] = OP_RET;
	a[1] = kapi_fx_mapped(env, 2);
	kapi_invoke(env, a, 2);
	kapi_expect_success(env);
	kapi_fx_resident(env, a[1], 2);
}

/* The geometry of the address fixtures, checked with mincore(). */
static int mapped_at(struct kapi_env *env, long addr)
{
	unsigned char v;

	return mincore((void *)addr, (size_t)env->page_size, &v) == 0;
}

static void case_geometry(struct kapi_env *env)
{
	long ps = kapi_fx_page_size(env), m, h, g, a[3], vs, vl;
	int i;

	vs = kapi_fx_vm_size(env);
	m = kapi_fx_mapped(env, 2);
	/* mapped(2) maps 2 pages and 2 guards */
	if (vs <= 0 || kapi_fx_vm_size(env) < vs + 4 * ps)
		kapi_fail(env, "vm_size did not grow by mapped(2)'s 4 pages");
	vl = kapi_vmlck_kb();
	kapi_fx_locked(env, 1);
	if (vl < 0 || kapi_vmlck_kb() < vl + ps / 1024)
		kapi_fail(env, "locked(1) did not lock its page");
	h = kapi_fx_hole(env, 2);
	g = kapi_fx_gap_range(env, 2);
	if (ps != kapi_page_size() || kapi_fx_pages(env, 3) != 3 * ps)
		kapi_fail(env, "page_size/pages wrong");
	if (!mapped_at(env, m) || !mapped_at(env, m + ps) || (m & (ps - 1)))
		kapi_fail(env, "mapped(2) is not mapped");
	((char *)m)[0] = 1;	/* writable */
	((char *)m)[ps] = 1;
	/* the guards are mapped PROT_NONE */
	if (!mapped_at(env, m - ps) || !mapped_at(env, m + 2 * ps))
		kapi_fail(env, "mapped(2) has no guard pages");
	if (mapped_at(env, h) || mapped_at(env, h + ps))
		kapi_fail(env, "hole(2) is mapped");
	for (i = 0; i < 6; i++)
		if (mapped_at(env, g + i * ps) != (i < 2 || i >= 4))
			kapi_fail(env, "gap_range(2): page %d wrong", i);
	if (kapi_fx_wrap_start(env, 2) != -ps || kapi_fx_wrap_start(env, 3) != -2 * ps ||
	    kapi_fx_wrap_start(env, 1) != -ps)
		kapi_fail(env, "wrap_start wrong");
	a[0] = OP_SUM;
	a[1] = kapi_fx_wrap_start(env, 4);
	a[2] = kapi_fx_pages(env, 4);
	kapi_invoke(env, a, 3);
	kapi_expect_value(env, 2 * ps);
}

static const struct kapi_case cases[] = {
	{ "value", case_value, 0, NULL },
	{ "result as -errno and errno", case_result_neg, ENOMEM, NULL },
	{ "result 0 is success", case_result_success, 0, NULL },
	{ "wrong errno", case_wrong_errno, EINVAL, NULL },
	{ "errno expected, success got", case_errno_but_success, EINVAL, NULL },
	{ "success expected, errno got", case_success_but_errno, 0, NULL },
	{ "no judgement", case_no_judgement, 0, NULL },
	{ "killed by a signal", case_killed, 0, NULL },
	{ "hangs", case_hangs, 0, NULL },
	{ "ENOSYS from the raw syscall", case_nosys, EINVAL, NULL },
	{ "capability absent", case_capable_skip, 0, NULL },
	{ "hole mapped behind the runtime's back", case_hole_filled, 0, NULL },
	{ "raising RLIMIT_MEMLOCK after dropping privilege", case_rlimit_after_drop, 0, NULL },
	{ "VmLck did not grow", case_vmlck_absent, 0, NULL },
	{ "pages not resident", case_resident_absent, 0, NULL },
	{ "fixture geometry", case_geometry, 0, NULL },
	{ "no test # and no reason", NULL, EIO, NULL },
	{ "untestable", case_value, EIO, "a reason" },
};

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "rawonly") == 0)
		return kapi_main("fake", cases, 2, call_libc, call_raw, 0);
	if (argc > 1 && strcmp(argv[1], "empty") == 0)
		return kapi_main("fake", cases, 0, call_libc, call_raw, 1);
	if (argc > 1 && strcmp(argv[1], "skipall") == 0)
		return kapi_main("fake", cases + 16, 2, call_libc, call_raw, 1);
	return kapi_main("fake", cases, sizeof cases / sizeof cases[0], call_libc, call_raw, 1);
}
