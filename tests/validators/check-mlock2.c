/*
 * Links the validator kapic generates from specs/mlock2.kapi and compares
 * its predictions with what Linux does (see the spec's tests and the
 * reference's "observed" facts).  Prints one "PASS what" or "FAIL what"
 * line per check for the TAP script, then "DONE"; exits non-zero when a
 * check failed.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "mlock2-check.h"

static int failed;

static void expect(int cond, const char *what)
{
	printf("%s %s\n", cond ? "PASS" : "FAIL", what);
	if (!cond)
		failed = 1;
}

/* A why-string is compared whole: its wording is part of the interface. */
static int why_is(const char *why, const char *want)
{
	if (why && want && strcmp(why, want) == 0)
		return 1;
	if (!why && !want)
		return 1;
	printf("# why: got \"%s\", want \"%s\"\n", why ? why : "(null)",
	       want ? want : "(null)");
	return 0;
}

static int str_is(const char *s, const char *want)
{
	return s && strcmp(s, want) == 0;
}

int main(void)
{
	const unsigned long page = 4096;
	const char *why = "unset";
	const struct kapi_check_spec *s = &kapi_spec_mlock2;

	expect(kapi_check_mlock2(page, page, 0) == 0, "flags 0 is valid");
	expect(kapi_check_mlock2(page, page, MLOCK_ONFAULT) == 0,
	       "flags MLOCK_ONFAULT is valid");
	expect(kapi_check_mlock2(page, page, 2) == -EINVAL, "flags 2 gives -EINVAL");
	expect(kapi_check_mlock2(page, page, -1) == -EINVAL, "flags -1 gives -EINVAL");
	expect(kapi_check_mlock2((unsigned long)-4096, 8192, 0) == -EINVAL,
	       "start -4096, len 8192 wraps: -EINVAL");
	/* What the kernel showed (specs/mlock2.kapi): no range on len, the
	 * wrap-around on the range rounded to pages. */
	expect(kapi_check_mlock2(page, (size_t)LONG_MAX + 1, 0) == 0,
	       "len LONG_MAX + 1 is no argument error");
	expect(kapi_check_mlock2(page, SIZE_MAX, 0) == 0,
	       "len SIZE_MAX rounds up to 0: no wrap-around");
	expect(kapi_check_mlock2((unsigned long)-4097, page, 0) == -EINVAL,
	       "start -4097, len 4096 wraps once rounded: -EINVAL");
	expect(kapi_check_mlock2((unsigned long)-8192, page, 0) == 0,
	       "start -8192, len 4096 ends at -4096: no wrap-around");
	expect(kapi_check_mlock2(0, 0, 0) == 0, "len 0 is valid");

	expect(kapi_check_mlock2_why(page, page, 0, &why) == 0 && why_is(why, NULL),
	       "why is NULL when the arguments pass");
	expect(kapi_check_mlock2_why(page, page, 2, &why) == -EINVAL &&
	       why_is(why, "EINVAL: Invalid flags (flags & ~MLOCK_ONFAULT)"),
	       "why names the invalid-flags error and its condition");
	expect(kapi_check_mlock2_why((unsigned long)-4096, 8192, 0, &why) == -EINVAL &&
	       why_is(why, "EINVAL: Address range wraps around ((start & ~(PAGE - 1)) + "
		      "((len + (start & (PAGE - 1)) + PAGE - 1) & ~(PAGE - 1)) < (start & ~(PAGE - 1)))"),
	       "why names the wrap-around error");
	expect(kapi_check_mlock2_why(page, page, 4, &why) == -EINVAL &&
	       why_is(why, "EINVAL: Invalid flags (flags & ~MLOCK_ONFAULT)"),
	       "why names the first rule that fails");
	/* The first error in spec order: both fail here. */
	expect(kapi_check_mlock2_why((unsigned long)-4096, 8192, 2, &why) == -EINVAL &&
	       why_is(why, "EINVAL: Invalid flags (flags & ~MLOCK_ONFAULT)"),
	       "the first error in spec order decides");
	expect(kapi_check_mlock2_why(page, page, 2, NULL) == -EINVAL,
	       "a NULL why is allowed");

	expect(MLOCK_ONFAULT == 0x01, "the header defines MLOCK_ONFAULT as 0x01");
	expect(str_is(s->name, "mlock2") && str_is(s->kind, "syscall") &&
	       str_is(s->kernel_name, "sys_mlock2") && str_is(s->return_ctype, "long"),
	       "table: names and return type");
	expect(s->param_count == 3, "table: 3 params");
	expect(s->param_count == 3 &&
	       str_is(s->params[0].name, "start") && str_is(s->params[0].ctype, "unsigned long") &&
	       str_is(s->params[1].name, "len") && str_is(s->params[1].ctype, "size_t") &&
	       str_is(s->params[2].name, "flags") && str_is(s->params[2].ctype, "int"),
	       "table: param names and C types in order");
	expect(s->param_count == 3 && s->params[2].has_mask &&
	       !s->params[2].mask.negative && s->params[2].mask.bits == MLOCK_ONFAULT &&
	       str_is(s->params[2].mask.text, "MLOCK_ONFAULT") &&
	       str_is(s->params[2].constraint_kind, "mask"),
	       "table: flags' valid mask is MLOCK_ONFAULT");
	expect(s->param_count == 3 && !s->params[1].has_range && !s->params[0].has_range,
	       "table: no range (the kernel has none on len)");
	expect(s->error_count == 6, "table: 6 errors");
	expect(s->error_count == 6 &&
	       str_is(s->errors[0].name, "EINVAL") && s->errors[0].code == -EINVAL &&
	       str_is(s->errors[1].name, "EINVAL") && s->errors[1].code == -EINVAL &&
	       str_is(s->errors[2].name, "ENOMEM") && s->errors[2].code == -ENOMEM &&
	       str_is(s->errors[3].name, "EPERM") && s->errors[3].code == -EPERM &&
	       str_is(s->errors[4].name, "EAGAIN") && s->errors[4].code == -EAGAIN &&
	       str_is(s->errors[5].name, "EINTR") && s->errors[5].code == -EINTR,
	       "table: error names and codes in spec order");
	expect(s->error_count == 6 && str_is(s->errors[0].condition, "Invalid flags") &&
	       s->errors[0].when != NULL && s->errors[2].when == NULL &&
	       s->errors[4].untestable != NULL && s->errors[0].untestable == NULL,
	       "table: conditions, when and untestable");
	puts("DONE");
	return failed;
}
