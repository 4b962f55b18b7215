/* Stand-in for the kernel's <linux/errno.h>: the validators compiled with
 * -nostdinc against these stubs prove they need no libc header. */
#ifndef KAPI_STUB_LINUX_ERRNO_H
#define KAPI_STUB_LINUX_ERRNO_H
#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EIO 5
#define ENXIO 6
#define E2BIG 7
#define EBADF 9
#define EAGAIN 11
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define ENODEV 19
#define ENOTDIR 20
#define EISDIR 21
#define EINVAL 22
#define ENFILE 23
#define EMFILE 24
#define ENOSPC 28
#define ERANGE 34
#define ENAMETOOLONG 36
#define ENOSYS 38
#define EOVERFLOW 75
#define EOPNOTSUPP 95
#endif
