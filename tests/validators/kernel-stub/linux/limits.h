/* Stand-in for the kernel's <linux/limits.h>; see errno.h. */
#ifndef KAPI_STUB_LINUX_LIMITS_H
#define KAPI_STUB_LINUX_LIMITS_H
#include <linux/types.h>
#define INT_MAX __INT_MAX__
#define INT_MIN (-INT_MAX - 1)
#define UINT_MAX (~0U)
#define LONG_MAX __LONG_MAX__
#define LONG_MIN (-LONG_MAX - 1)
#define ULONG_MAX (~0UL)
#define LLONG_MAX __LONG_LONG_MAX__
#define LLONG_MIN (-LLONG_MAX - 1)
#define ULLONG_MAX (~0ULL)
#define SIZE_MAX (~(size_t)0)
#endif
