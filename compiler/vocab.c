#include <string.h>
#include <talloc.h>
#include "vocab.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define VOCAB(id, what_, ...)                                               \
	static const struct vocab_entry id##_entries[] = { __VA_ARGS__ };   \
	const struct vocab id = { what_, id##_entries, N(id##_entries) }

VOCAB(vocab_param_type, "parameter type",
	{ "void", "KAPI_TYPE_VOID", "no value", 0 },
	{ "int", "KAPI_TYPE_INT", "signed integer", 0 },
	{ "uint", "KAPI_TYPE_UINT", "unsigned integer", 0 },
	{ "ptr", "KAPI_TYPE_PTR", "kernel pointer", 0 },
	{ "struct", "KAPI_TYPE_STRUCT", "structure", 0 },
	{ "union", "KAPI_TYPE_UNION", "union", 0 },
	{ "enum", "KAPI_TYPE_ENUM", "enumeration", 0 },
	{ "func_ptr", "KAPI_TYPE_FUNC_PTR", "function pointer", 0 },
	{ "array", "KAPI_TYPE_ARRAY", "array", 0 },
	{ "fd", "KAPI_TYPE_FD", "file descriptor", 0 },
	{ "user_ptr", "KAPI_TYPE_USER_PTR", "user-space pointer", 0 },
	{ "path", "KAPI_TYPE_PATH", "path name in user memory", 0 },
	{ "custom", "KAPI_TYPE_CUSTOM", "custom type", 0 });

VOCAB(vocab_param_flag, "parameter flag",
	{ "in", "KAPI_PARAM_IN", "input", 0 },
	{ "out", "KAPI_PARAM_OUT", "output", 0 },
	{ "inout", "KAPI_PARAM_INOUT", "input and output", 0 },
	{ "optional", "KAPI_PARAM_OPTIONAL", "may be omitted (NULL or 0)", 0 },
	{ "const", "KAPI_PARAM_CONST", "not modified", 0 },
	{ "volatile", "KAPI_PARAM_VOLATILE", "may change under the call", 0 },
	{ "user", "KAPI_PARAM_USER", "lives in user memory", 0 },
	{ "dma", "KAPI_PARAM_DMA", "used for DMA", 0 },
	{ "aligned", "KAPI_PARAM_ALIGNED", "must be aligned", 0 });

VOCAB(vocab_context, "execution context",
	{ "process", "KAPI_CTX_PROCESS", "process context", 0 },
	{ "softirq", "KAPI_CTX_SOFTIRQ", "softirq context", 0 },
	{ "hardirq", "KAPI_CTX_HARDIRQ", "hard interrupt context", 0 },
	{ "nmi", "KAPI_CTX_NMI", "NMI context", 0 },
	{ "atomic", "KAPI_CTX_ATOMIC", "atomic context", 0 },
	{ "sleepable", "KAPI_CTX_SLEEPABLE", "may sleep", 0 },
	{ "preempt_disabled", "KAPI_CTX_PREEMPT_DISABLED", "preemption disabled", 0 },
	{ "irq_disabled", "KAPI_CTX_IRQ_DISABLED", "interrupts disabled", 0 });

VOCAB(vocab_lock_kind, "lock kind",
	{ "none", "KAPI_LOCK_NONE", "no lock", 0 },
	{ "mutex", "KAPI_LOCK_MUTEX", "mutex", 0 },
	{ "spinlock", "KAPI_LOCK_SPINLOCK", "spinlock", 0 },
	{ "rwlock", "KAPI_LOCK_RWLOCK", "reader-writer lock", 0 },
	{ "seqlock", "KAPI_LOCK_SEQLOCK", "sequence lock", 0 },
	{ "rcu", "KAPI_LOCK_RCU", "RCU read-side critical section", 0 },
	{ "semaphore", "KAPI_LOCK_SEMAPHORE", "semaphore", 0 },
	{ "custom", "KAPI_LOCK_CUSTOM", "custom lock", 0 });

/* 2026's lock scope, which replaced 2025's four booleans. */
VOCAB(vocab_lock_scope, "lock scope",
	{ "internal", "KAPI_LOCK_INTERNAL", "acquired and released within the call", 2026 },
	{ "acquires", "KAPI_LOCK_ACQUIRES", "acquired, held on return", 2026 },
	{ "releases", "KAPI_LOCK_RELEASES", "held on entry, released", 2026 },
	{ "caller_held", "KAPI_LOCK_CALLER_HELD", "held by the caller throughout", 2026 });

/* Architectures of 2026's arch-mask, as the kernel's config names them. */
VOCAB(vocab_arch, "architecture",
	{ "x86_64", "CONFIG_X86_64", "x86-64", 2026 },
	{ "i386", "CONFIG_X86_32", "32-bit x86", 2026 },
	{ "arm", "CONFIG_ARM", "32-bit Arm", 2026 },
	{ "arm64", "CONFIG_ARM64", "64-bit Arm", 2026 },
	{ "riscv", "CONFIG_RISCV", "RISC-V", 2026 },
	{ "loongarch", "CONFIG_LOONGARCH", "LoongArch", 2026 },
	{ "powerpc", "CONFIG_PPC", "PowerPC", 2026 },
	{ "s390", "CONFIG_S390", "s390", 2026 },
	{ "mips", "CONFIG_MIPS", "MIPS", 2026 },
	{ "parisc", "CONFIG_PARISC", "PA-RISC", 2026 },
	{ "sparc", "CONFIG_SPARC", "SPARC", 2026 },
	{ "alpha", "CONFIG_ALPHA", "Alpha", 2026 });

VOCAB(vocab_api_type, "API type",
	{ "function", "KAPI_API_FUNCTION", "a function or system call", 0 },
	{ "ioctl", "KAPI_API_IOCTL", "an ioctl", 0 },
	{ "sysfs", "KAPI_API_SYSFS", "a sysfs attribute", 0 });

VOCAB(vocab_constraint_kind, "constraint kind",
	[CONSTRAINT_NONE] = { "none", "KAPI_CONSTRAINT_NONE", "no constraint", 0 },
	[CONSTRAINT_RANGE] = { "range", "KAPI_CONSTRAINT_RANGE", "value within a range", 0 },
	[CONSTRAINT_MASK] = { "mask", "KAPI_CONSTRAINT_MASK", "only the bits of a mask", 0 },
	[CONSTRAINT_ENUM] = { "enum", "KAPI_CONSTRAINT_ENUM", "one of a list of values", 0 },
	[CONSTRAINT_CUSTOM] = { "custom", "KAPI_CONSTRAINT_CUSTOM", "checked by custom code", 0 },
	[CONSTRAINT_ALIGNMENT] = { "alignment", "KAPI_CONSTRAINT_ALIGNMENT", "aligned value", 2026 },
	[CONSTRAINT_POWER_OF_TWO] = { "power_of_two", "KAPI_CONSTRAINT_POWER_OF_TWO", "a power of two", 2026 },
	[CONSTRAINT_PAGE_ALIGNED] = { "page_aligned", "KAPI_CONSTRAINT_PAGE_ALIGNED", "page-aligned value", 2026 },
	[CONSTRAINT_NONZERO] = { "nonzero", "KAPI_CONSTRAINT_NONZERO", "not zero", 2026 },
	[CONSTRAINT_USER_STRING] = { "user_string", "KAPI_CONSTRAINT_USER_STRING", "string in user memory", 2026 },
	[CONSTRAINT_USER_PATH] = { "user_path", "KAPI_CONSTRAINT_USER_PATH", "path in user memory", 2026 },
	[CONSTRAINT_USER_PTR] = { "user_ptr", "KAPI_CONSTRAINT_USER_PTR", "valid user pointer", 2026 },
	[CONSTRAINT_BUFFER] = { "buffer", "KAPI_CONSTRAINT_BUFFER", "user buffer of a given size", 2026 });

VOCAB(vocab_return_check, "return check",
	[RETURN_EXACT] = { "exact", "KAPI_RETURN_EXACT", "success is exactly one value", 0 },
	[RETURN_RANGE] = { "range", "KAPI_RETURN_RANGE", "success is a range of values", 0 },
	[RETURN_ERROR] = { "error", "KAPI_RETURN_ERROR_CHECK", "success is any value that is not an error", 0 },
	[RETURN_FD] = { "fd", "KAPI_RETURN_FD", "success is a file descriptor (>= 0)", 0 },
	[RETURN_CUSTOM] = { "custom", "KAPI_RETURN_CUSTOM", "checked by custom code", 0 },
	[RETURN_NO_RETURN] = { "no_return", "KAPI_RETURN_NO_RETURN", "does not return on success", 2026 });

VOCAB(vocab_signal_direction, "signal direction",
	{ "receive", "KAPI_SIGNAL_RECEIVE", "received by the caller", 0 },
	{ "send", "KAPI_SIGNAL_SEND", "sent by the call", 0 },
	{ "handle", "KAPI_SIGNAL_HANDLE", "handled by the call", 0 },
	{ "block", "KAPI_SIGNAL_BLOCK", "blocked during the call", 0 },
	{ "ignore", "KAPI_SIGNAL_IGNORE", "ignored by the call", 0 });

VOCAB(vocab_signal_action, "signal action",
	{ "default", "KAPI_SIGNAL_ACTION_DEFAULT", "the default action", 0 },
	{ "terminate", "KAPI_SIGNAL_ACTION_TERMINATE", "terminates the process", 0 },
	{ "coredump", "KAPI_SIGNAL_ACTION_COREDUMP", "terminates with a core dump", 0 },
	{ "stop", "KAPI_SIGNAL_ACTION_STOP", "stops the process", 0 },
	{ "continue", "KAPI_SIGNAL_ACTION_CONTINUE", "continues the process", 0 },
	{ "custom", "KAPI_SIGNAL_ACTION_CUSTOM", "custom handling", 0 },
	{ "return", "KAPI_SIGNAL_ACTION_RETURN", "the call returns early", 0 },
	{ "restart", "KAPI_SIGNAL_ACTION_RESTART", "the call is restarted", 0 },
	{ "queue", "KAPI_SIGNAL_ACTION_QUEUE", "the signal is queued", 0 },
	{ "discard", "KAPI_SIGNAL_ACTION_DISCARD", "the signal is discarded", 0 },
	{ "transform", "KAPI_SIGNAL_ACTION_TRANSFORM", "the signal is turned into another", 0 });

/* The header's names for its timing strings; 2026 added before and after. */
VOCAB(vocab_signal_timing, "signal timing",
	{ "entry", "KAPI_SIGNAL_TIME_ENTRY", "on entry to the call", 0 },
	{ "during", "KAPI_SIGNAL_TIME_DURING", "during the operation", 0 },
	{ "exit", "KAPI_SIGNAL_TIME_EXIT", "on exit from the call", 0 },
	{ "anytime", "KAPI_SIGNAL_TIME_ANYTIME", "at any time", 0 },
	{ "while_blocked", "KAPI_SIGNAL_TIME_BLOCKING", "while the call blocks", 0 },
	{ "while_sleeping", "KAPI_SIGNAL_TIME_SLEEPING", "while the call sleeps", 0 },
	{ "before", "KAPI_SIGNAL_TIME_BEFORE", "before the operation", 2026 },
	{ "after", "KAPI_SIGNAL_TIME_AFTER", "after the operation", 2026 });

VOCAB(vocab_effect, "side effect kind",
	{ "none", "KAPI_EFFECT_NONE", "no side effect", 0 },
	{ "alloc_memory", "KAPI_EFFECT_ALLOC_MEMORY", "allocates memory", 0 },
	{ "free_memory", "KAPI_EFFECT_FREE_MEMORY", "frees memory", 0 },
	{ "modify_state", "KAPI_EFFECT_MODIFY_STATE", "modifies state", 0 },
	{ "signal_send", "KAPI_EFFECT_SIGNAL_SEND", "sends a signal", 0 },
	{ "file_position", "KAPI_EFFECT_FILE_POSITION", "moves a file position", 0 },
	{ "lock_acquire", "KAPI_EFFECT_LOCK_ACQUIRE", "acquires a lock", 0 },
	{ "lock_release", "KAPI_EFFECT_LOCK_RELEASE", "releases a lock", 0 },
	{ "resource_create", "KAPI_EFFECT_RESOURCE_CREATE", "creates a resource", 0 },
	{ "resource_destroy", "KAPI_EFFECT_RESOURCE_DESTROY", "destroys a resource", 0 },
	{ "schedule", "KAPI_EFFECT_SCHEDULE", "may schedule", 0 },
	{ "hardware", "KAPI_EFFECT_HARDWARE", "touches hardware", 0 },
	{ "network", "KAPI_EFFECT_NETWORK", "uses the network", 0 },
	{ "filesystem", "KAPI_EFFECT_FILESYSTEM", "touches a file system", 0 },
	{ "process_state", "KAPI_EFFECT_PROCESS_STATE", "changes process state", 0 },
	{ "irreversible", "KAPI_EFFECT_IRREVERSIBLE", "cannot be undone", 2026 });

VOCAB(vocab_cap_action, "capability action",
	{ "bypass_check", "KAPI_CAP_BYPASS_CHECK", "bypasses a check", 0 },
	{ "increase_limit", "KAPI_CAP_INCREASE_LIMIT", "raises a limit", 0 },
	{ "override_restriction", "KAPI_CAP_OVERRIDE_RESTRICTION", "overrides a restriction", 0 },
	{ "grant_permission", "KAPI_CAP_GRANT_PERMISSION", "grants a permission", 0 },
	{ "modify_behavior", "KAPI_CAP_MODIFY_BEHAVIOR", "changes behaviour", 0 },
	{ "access_resource", "KAPI_CAP_ACCESS_RESOURCE", "allows access to a resource", 0 },
	{ "perform_operation", "KAPI_CAP_PERFORM_OPERATION", "allows an operation", 0 });

const struct vocab_entry *vocab_find(const struct vocab *v, const char *word)
{
	for (size_t i = 0; i < v->count; i++)
		if (!strcmp(v->entries[i].word, word))
			return &v->entries[i];
	return NULL;
}

int lock_scope_index(bool acquired, bool released, bool held_entry,
		     bool held_exit)
{
	if (!acquired && !released && !held_entry && !held_exit)
		return -1;
	if (acquired && released && !held_entry && !held_exit)
		return 0;
	if (acquired && !released && !held_entry)
		return 1;
	if (released && !acquired && !held_exit)
		return 2;
	if (held_entry && held_exit && !acquired && !released)
		return 3;
	return -2;
}

uint64_t vocab_number(const struct vocab_entry *e, int gen)
{
	static const struct vocab *const all[] = {
		&vocab_param_type, &vocab_param_flag, &vocab_context, &vocab_lock_kind,
		&vocab_constraint_kind, &vocab_return_check, &vocab_signal_direction,
		&vocab_signal_action, &vocab_signal_timing, &vocab_effect,
		&vocab_cap_action, &vocab_lock_scope, &vocab_api_type, &vocab_arch,
	};
	const struct vocab *v = NULL;

	for (size_t k = 0; k < N(all); k++)
		if (e >= all[k]->entries && e < all[k]->entries + all[k]->count)
			v = all[k];
	size_t i = (size_t)(e - v->entries);
	if (v == &vocab_param_flag)     /* INOUT is IN | OUT */
		return i == 2 ? 3 : 1ull << i;
	if (v == &vocab_context || v == &vocab_signal_direction)
		return 1ull << i;
	if (v == &vocab_effect)
		return i ? 1ull << (i - 1) : 0;
	/* 2026 put its new kinds before CUSTOM. */
	if (v == &vocab_constraint_kind && (gen ? gen : KAPI_DEFAULT_GENERATION) == KAPI_2026)
		return i == CONSTRAINT_CUSTOM ? CONSTRAINT_BUFFER : i > CONSTRAINT_CUSTOM ? i - 1 : i;
	return i;
}

bool vocab_in_generation(const struct vocab_entry *e, int gen)
{
	return !e->only || e->only == (gen ? gen : KAPI_DEFAULT_GENERATION);
}

const struct vocab_entry *vocab_find_word(const struct vocab *v,
					  const char *macro)
{
	for (size_t i = 0; i < v->count; i++)
		if (!strcmp(v->entries[i].macro, macro))
			return &v->entries[i];
	return NULL;
}

/* Linux's generic errno numbering (asm-generic/errno*.h), which x86_64,
 * arm64 and riscv share; other architectures renumber some, which is why
 * outputs print names.  Only names the kernel defines: the C library's
 * ENOTSUP (EOPNOTSUPP) would give a kernel block that does not compile. */
static const struct named_value errnos[] = {
	{ "EPERM", 1 }, { "ENOENT", 2 }, { "ESRCH", 3 }, { "EINTR", 4 }, { "EIO", 5 },
	{ "ENXIO", 6 }, { "E2BIG", 7 }, { "ENOEXEC", 8 }, { "EBADF", 9 }, { "ECHILD", 10 },
	{ "EAGAIN", 11 }, { "ENOMEM", 12 }, { "EACCES", 13 }, { "EFAULT", 14 }, { "ENOTBLK", 15 },
	{ "EBUSY", 16 }, { "EEXIST", 17 }, { "EXDEV", 18 }, { "ENODEV", 19 }, { "ENOTDIR", 20 },
	{ "EISDIR", 21 }, { "EINVAL", 22 }, { "ENFILE", 23 }, { "EMFILE", 24 }, { "ENOTTY", 25 },
	{ "ETXTBSY", 26 }, { "EFBIG", 27 }, { "ENOSPC", 28 }, { "ESPIPE", 29 }, { "EROFS", 30 },
	{ "EMLINK", 31 }, { "EPIPE", 32 }, { "EDOM", 33 }, { "ERANGE", 34 }, { "EDEADLK", 35 },
	{ "ENAMETOOLONG", 36 }, { "ENOLCK", 37 }, { "ENOSYS", 38 }, { "ENOTEMPTY", 39 },
	{ "ELOOP", 40 }, { "EWOULDBLOCK", 11 }, { "ENOMSG", 42 }, { "EIDRM", 43 }, { "ENOSTR", 60 },
	{ "ENODATA", 61 }, { "ETIME", 62 }, { "ENOSR", 63 }, { "EREMOTE", 66 }, { "ENOLINK", 67 },
	{ "EPROTO", 71 }, { "EMULTIHOP", 72 }, { "EBADMSG", 74 }, { "EOVERFLOW", 75 },
	{ "EBADFD", 77 }, { "EILSEQ", 84 }, { "ERESTART", 85 }, { "EUSERS", 87 },
	{ "ENOTSOCK", 88 }, { "EDESTADDRREQ", 89 }, { "EMSGSIZE", 90 }, { "EPROTOTYPE", 91 },
	{ "ENOPROTOOPT", 92 }, { "EPROTONOSUPPORT", 93 }, { "ESOCKTNOSUPPORT", 94 },
	{ "EOPNOTSUPP", 95 }, { "EPFNOSUPPORT", 96 }, { "EAFNOSUPPORT", 97 },
	{ "EADDRINUSE", 98 }, { "EADDRNOTAVAIL", 99 }, { "ENETDOWN", 100 }, { "ENETUNREACH", 101 },
	{ "ENETRESET", 102 }, { "ECONNABORTED", 103 }, { "ECONNRESET", 104 }, { "ENOBUFS", 105 },
	{ "EISCONN", 106 }, { "ENOTCONN", 107 }, { "ESHUTDOWN", 108 }, { "ETOOMANYREFS", 109 },
	{ "ETIMEDOUT", 110 }, { "ECONNREFUSED", 111 }, { "EHOSTDOWN", 112 },
	{ "EHOSTUNREACH", 113 }, { "EALREADY", 114 }, { "EINPROGRESS", 115 }, { "ESTALE", 116 },
	{ "EUCLEAN", 117 }, { "EDQUOT", 122 }, { "ENOMEDIUM", 123 }, { "EMEDIUMTYPE", 124 },
	{ "ECANCELED", 125 }, { "ENOKEY", 126 }, { "EKEYEXPIRED", 127 }, { "EKEYREVOKED", 128 },
	{ "EKEYREJECTED", 129 }, { "EOWNERDEAD", 130 }, { "ENOTRECOVERABLE", 131 },
	{ "ERFKILL", 132 }, { "EHWPOISON", 133 },
};

static const struct named_value signals[] = {
	{ "SIGHUP", 1 }, { "SIGINT", 2 }, { "SIGQUIT", 3 }, { "SIGILL", 4 }, { "SIGTRAP", 5 },
	{ "SIGABRT", 6 }, { "SIGIOT", 6 }, { "SIGBUS", 7 }, { "SIGFPE", 8 }, { "SIGKILL", 9 },
	{ "SIGUSR1", 10 }, { "SIGSEGV", 11 }, { "SIGUSR2", 12 }, { "SIGPIPE", 13 },
	{ "SIGALRM", 14 }, { "SIGTERM", 15 }, { "SIGSTKFLT", 16 }, { "SIGCHLD", 17 },
	{ "SIGCONT", 18 }, { "SIGSTOP", 19 }, { "SIGTSTP", 20 }, { "SIGTTIN", 21 },
	{ "SIGTTOU", 22 }, { "SIGURG", 23 }, { "SIGXCPU", 24 }, { "SIGXFSZ", 25 },
	{ "SIGVTALRM", 26 }, { "SIGPROF", 27 }, { "SIGWINCH", 28 }, { "SIGIO", 29 },
	{ "SIGPOLL", 29 }, { "SIGPWR", 30 }, { "SIGSYS", 31 },
};

static const struct named_value capabilities[] = {
	{ "CAP_CHOWN", 0 }, { "CAP_DAC_OVERRIDE", 1 }, { "CAP_DAC_READ_SEARCH", 2 },
	{ "CAP_FOWNER", 3 }, { "CAP_FSETID", 4 }, { "CAP_KILL", 5 }, { "CAP_SETGID", 6 },
	{ "CAP_SETUID", 7 }, { "CAP_SETPCAP", 8 }, { "CAP_LINUX_IMMUTABLE", 9 },
	{ "CAP_NET_BIND_SERVICE", 10 }, { "CAP_NET_BROADCAST", 11 }, { "CAP_NET_ADMIN", 12 },
	{ "CAP_NET_RAW", 13 }, { "CAP_IPC_LOCK", 14 }, { "CAP_IPC_OWNER", 15 },
	{ "CAP_SYS_MODULE", 16 }, { "CAP_SYS_RAWIO", 17 }, { "CAP_SYS_CHROOT", 18 },
	{ "CAP_SYS_PTRACE", 19 }, { "CAP_SYS_PACCT", 20 }, { "CAP_SYS_ADMIN", 21 },
	{ "CAP_SYS_BOOT", 22 }, { "CAP_SYS_NICE", 23 }, { "CAP_SYS_RESOURCE", 24 },
	{ "CAP_SYS_TIME", 25 }, { "CAP_SYS_TTY_CONFIG", 26 }, { "CAP_MKNOD", 27 },
	{ "CAP_LEASE", 28 }, { "CAP_AUDIT_WRITE", 29 }, { "CAP_AUDIT_CONTROL", 30 },
	{ "CAP_SETFCAP", 31 }, { "CAP_MAC_OVERRIDE", 32 }, { "CAP_MAC_ADMIN", 33 },
	{ "CAP_SYSLOG", 34 }, { "CAP_WAKE_ALARM", 35 }, { "CAP_BLOCK_SUSPEND", 36 },
	{ "CAP_AUDIT_READ", 37 }, { "CAP_PERFMON", 38 }, { "CAP_BPF", 39 },
	{ "CAP_CHECKPOINT_RESTORE", 40 },
};

#define TABLE(id, items) const struct named_table id = { items, N(items) }
TABLE(errno_table, errnos);
TABLE(signal_table, signals);
TABLE(capability_table, capabilities);

const struct named_value *named_find(const struct named_table *t,
				     const char *name)
{
	for (size_t i = 0; i < t->count; i++)
		if (!strcmp(t->items[i].name, name))
			return &t->items[i];
	return NULL;
}

const struct named_value *signal_find(const char *name)
{
	return named_find(&signal_table, name);
}

const char **named_list(TALLOC_CTX *ctx, const struct named_table *t)
{
	const char **names = talloc_array(ctx, const char *, t->count);

	for (size_t i = 0; i < t->count; i++)
		names[i] = t->items[i].name;
	return names;
}

const struct builtin builtins[] = {
	{ "INT_MAX", 0x7fffffffULL, false },
	{ "UINT_MAX", 0xffffffffULL, false },
	{ "LONG_MAX", 0x7fffffffffffffffULL, false },
	{ "ULONG_MAX", 0xffffffffffffffffULL, false },
	{ "SIZE_MAX", 0xffffffffffffffffULL, false },
	{ "INT_MIN", 0x80000000ULL, true },
	{ "LONG_MIN", 0x8000000000000000ULL, true },
};

const size_t nbuiltins = N(builtins);

const struct builtin *builtin_find(const char *name)
{
	for (size_t i = 0; i < N(builtins); i++)
		if (!strcmp(builtins[i].name, name))
			return &builtins[i];
	return NULL;
}

/* Type names beside C's keywords, as NAME or NAME=SPELLING: those the
 * validator's headers declare (<stddef.h>, <stdint.h>, <sys/types.h>, the
 * UAPI's <linux/types.h>), and kernel-internal ones with a spelling of the
 * same type that user space has too. */
static const char *const ctype_names[] = {
	"size_t", "ssize_t", "ptrdiff_t", "intptr_t", "uintptr_t", "intmax_t",
	"uintmax_t", "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t",
	"uint16_t", "uint32_t", "uint64_t", "pid_t", "uid_t", "gid_t", "off_t",
	"mode_t", "dev_t", "ino_t", "key_t", "clockid_t", "timer_t", "time_t",
	"id_t", "nlink_t", "blksize_t", "blkcnt_t", "__u8", "__u16", "__u32",
	"__u64", "__s8", "__s16", "__s32", "__s64", "__le16", "__le32",
	"__le64", "__be16", "__be32", "__be64", "__kernel_caddr_t",
	"__kernel_clock_t", "__kernel_clockid_t", "__kernel_daddr_t",
	"__kernel_gid32_t", "__kernel_gid_t", "__kernel_ino_t",
	"__kernel_key_t", "__kernel_loff_t", "__kernel_long_t",
	"__kernel_mode_t", "__kernel_mqd_t", "__kernel_off_t",
	"__kernel_old_time_t", "__kernel_pid_t", "__kernel_ptrdiff_t",
	"__kernel_size_t", "__kernel_ssize_t", "__kernel_suseconds_t",
	"__kernel_time64_t", "__kernel_time_t", "__kernel_timer_t",
	"__kernel_uid32_t", "__kernel_uid_t", "__kernel_ulong_t",
	"umode_t=unsigned short", "loff_t=__kernel_loff_t", "bool=_Bool",
	"u8=__u8", "u16=__u16", "u32=__u32", "u64=__u64", "s8=__s8",
	"s16=__s16", "s32=__s32", "s64=__s64",
};

const char *ctype_spelling(const char *name, size_t n)
{
	for (size_t i = 0; i < N(ctype_names); i++)
		if (strncmp(ctype_names[i], name, n) == 0 &&
		    (ctype_names[i][n] == '\0' || ctype_names[i][n] == '='))
			return ctype_names[i][n] ? ctype_names[i] + n + 1 : ctype_names[i];
	return NULL;
}
