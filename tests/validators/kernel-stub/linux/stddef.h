/* Stand-in for the kernel's <linux/stddef.h>; see errno.h. */
#ifndef KAPI_STUB_LINUX_STDDEF_H
#define KAPI_STUB_LINUX_STDDEF_H
#define NULL ((void *)0)
#endif
