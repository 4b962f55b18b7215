/* Stand-in for the kernel's <linux/types.h>; see errno.h. */
#ifndef KAPI_STUB_LINUX_TYPES_H
#define KAPI_STUB_LINUX_TYPES_H
typedef __SIZE_TYPE__ size_t;
typedef __PTRDIFF_TYPE__ ssize_t;
typedef __INT8_TYPE__ s8;
typedef __UINT8_TYPE__ u8;
typedef __INT16_TYPE__ s16;
typedef __UINT16_TYPE__ u16;
typedef __INT32_TYPE__ s32;
typedef __UINT32_TYPE__ u32;
typedef __INT64_TYPE__ s64;
typedef __UINT64_TYPE__ u64;
typedef __UINTPTR_TYPE__ uintptr_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef long off_t;
typedef _Bool bool;
typedef u8 __u8;
typedef u16 __u16;
typedef u32 __u32;
typedef u64 __u64;
typedef s8 __s8;
typedef s16 __s16;
typedef s32 __s32;
typedef s64 __s64;
typedef long long __kernel_loff_t;
typedef int __kernel_pid_t;
typedef unsigned short umode_t;
/* The kernel's sparse annotation; the validators may see it in types. */
#define __user
#endif
