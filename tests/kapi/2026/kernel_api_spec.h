/*
 * 2026/kernel_api_spec.h - a user-space stand-in for the 2026 generation of
 * the kernel's KAPI header (the kernel-doc form: the kernel's build writes
 * the macro block from the comment above SYSCALL_DEFINEn), so that blocks
 * kapic emits with --kapi=2026 can be compiled and inspected by the tests.
 *
 * Written for kapic from the facts in shared/reference/kapi-frameworks.md;
 * not derived from the kernel's GPL header.  It shares the enum values of
 * ../kernel_api_spec.h (the 2025 stand-in), whose notes apply unless said
 * otherwise here.  What 2026 changed:
 *
 *  - Every string is `const char *`: no length limits.
 *  - Each section carries a magic number, set by its count macro.
 *  - since_version, deprecated and replacement are gone (no
 *    KAPI_SINCE_VERSION, KAPI_DEPRECATED, KAPI_REPLACEMENT).
 *  - A lock has a scope (enum kapi_lock_scope) instead of four booleans;
 *    KAPI_LOCK_ACQUIRED, _RELEASED, _HELD_ENTRY and _HELD_EXIT each set
 *    it, so two of them override each other (acquired and released is
 *    not internal): kapic writes `.scope = KAPI_LOCK_INTERNAL,`.
 *  - size_param_idx is 1-based through KAPI_PARAM_SIZE_PARAM(idx) (0: no
 *    size parameter), so KAPI_PARAM presets nothing.
 *  - KAPI_PARAM_ENUM_VALUES(...), KAPI_SIGNAL_MASK_SIGNALS(...) and
 *    KAPI_CAP_ALTERNATIVE(...) are variadic.
 *  - The constraint kinds ALIGNMENT ... BUFFER, the return check NO_RETURN,
 *    the effect IRREVERSIBLE and the signal timings "before" and "after"
 *    exist.
 */
#ifndef KAPIC_TESTS_KERNEL_API_SPEC_2026_H
#define KAPIC_TESTS_KERNEL_API_SPEC_2026_H

/* Which stand-in this is, for the test tools built with either. */
#define KAPI_STANDIN_GENERATION 2026

/* What a generated block may name without including anything itself:
 * errno values, signal numbers, LONG_MAX and friends, MLOCK_* flags and
 * CAP_* numbers.  In a kernel tree (tests/kernel/kernel-tree.sh builds the
 * blocks as a module) they come from the kernel's own headers. */
#ifdef __KERNEL__
#include <linux/capability.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/mman.h>
#include <linux/signal.h>
#include <linux/types.h>
#else
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The kernel's fixed-width names, for arrays a generated block declares. */
typedef int64_t s64;
#include <sys/mman.h>
#include <linux/capability.h>
#endif

/* mlock2's flag is 0x01 on every architecture, but an old libc or a TU that
 * included <sys/mman.h> before this header without _GNU_SOURCE hides it. */
#ifndef MLOCK_ONFAULT
#define MLOCK_ONFAULT 0x01
#endif

/* ---- Limits ------------------------------------------------------------ */

/* The struct's array limits; strings have none. */
#define KAPI_MAX_PARAMS		16
#define KAPI_MAX_ERRORS		32
#define KAPI_MAX_SIGNALS	32
#define KAPI_MAX_LOCKS		16
#define KAPI_MAX_CONSTRAINTS	16
#define KAPI_MAX_SIDE_EFFECTS	16
#define KAPI_MAX_STATE_TRANS	8
#define KAPI_MAX_CAPABILITIES	8

/* Limits the facts do not give; as in the 2025 stand-in. */
#define KAPI_MAX_SIGNAL_MASKS		8
#define KAPI_MAX_STRUCT_SPECS		4
#define KAPI_MAX_STRUCT_FIELDS		16
#define KAPI_MAX_CAP_ALTERNATIVES	8

/* ---- Enum families ------------------------------------------------------ */

enum kapi_param_type {
	KAPI_TYPE_VOID = 0,
	KAPI_TYPE_INT,
	KAPI_TYPE_UINT,
	KAPI_TYPE_PTR,
	KAPI_TYPE_STRUCT,
	KAPI_TYPE_UNION,
	KAPI_TYPE_ENUM,
	KAPI_TYPE_FUNC_PTR,
	KAPI_TYPE_ARRAY,
	KAPI_TYPE_FD,
	KAPI_TYPE_USER_PTR,
	KAPI_TYPE_PATH,
	KAPI_TYPE_CUSTOM,
};

/* INOUT is a bit of its own, not IN|OUT, so a spec that says "inout" is
 * distinguishable from one that lists both. */
enum kapi_param_flags {
	KAPI_PARAM_IN		= 1 << 0,
	KAPI_PARAM_OUT		= 1 << 1,
	KAPI_PARAM_INOUT	= 1 << 2,
	KAPI_PARAM_OPTIONAL	= 1 << 3,
	KAPI_PARAM_CONST	= 1 << 4,
	KAPI_PARAM_VOLATILE	= 1 << 5,
	KAPI_PARAM_USER		= 1 << 6,
	KAPI_PARAM_DMA		= 1 << 7,
	KAPI_PARAM_ALIGNED	= 1 << 8,
};

enum kapi_context_flags {
	KAPI_CTX_PROCESS		= 1 << 0,
	KAPI_CTX_SOFTIRQ		= 1 << 1,
	KAPI_CTX_HARDIRQ		= 1 << 2,
	KAPI_CTX_NMI			= 1 << 3,
	KAPI_CTX_ATOMIC			= 1 << 4,
	KAPI_CTX_SLEEPABLE		= 1 << 5,
	KAPI_CTX_PREEMPT_DISABLED	= 1 << 6,
	KAPI_CTX_IRQ_DISABLED		= 1 << 7,
};

enum kapi_lock_type {
	KAPI_LOCK_NONE = 0,
	KAPI_LOCK_MUTEX,
	KAPI_LOCK_SPINLOCK,
	KAPI_LOCK_RWLOCK,
	KAPI_LOCK_SEQLOCK,
	KAPI_LOCK_RCU,
	KAPI_LOCK_SEMAPHORE,
	KAPI_LOCK_CUSTOM,
};

enum kapi_constraint_type {
	KAPI_CONSTRAINT_NONE = 0,
	KAPI_CONSTRAINT_RANGE,
	KAPI_CONSTRAINT_MASK,
	KAPI_CONSTRAINT_ENUM,
	KAPI_CONSTRAINT_CUSTOM,
	KAPI_CONSTRAINT_ALIGNMENT,
	KAPI_CONSTRAINT_POWER_OF_TWO,
	KAPI_CONSTRAINT_PAGE_ALIGNED,
	KAPI_CONSTRAINT_NONZERO,
	KAPI_CONSTRAINT_USER_STRING,
	KAPI_CONSTRAINT_USER_PATH,
	KAPI_CONSTRAINT_USER_PTR,
	KAPI_CONSTRAINT_BUFFER,
};

enum kapi_return_check_type {
	KAPI_RETURN_EXACT = 0,
	KAPI_RETURN_RANGE,
	KAPI_RETURN_ERROR_CHECK,	/* success = not a negative errno */
	KAPI_RETURN_FD,			/* success = value >= 0 */
	KAPI_RETURN_CUSTOM,
	KAPI_RETURN_NO_RETURN,		/* exit(), execve() success */
};

enum kapi_lock_scope {
	KAPI_LOCK_INTERNAL = 0,		/* acquired and released within */
	KAPI_LOCK_ACQUIRES,		/* held on return */
	KAPI_LOCK_RELEASES,		/* held on entry, released */
	KAPI_LOCK_CALLER_HELD,		/* held throughout by the caller */
};

enum kapi_signal_direction {
	KAPI_SIGNAL_RECEIVE	= 1 << 0,
	KAPI_SIGNAL_SEND	= 1 << 1,
	KAPI_SIGNAL_HANDLE	= 1 << 2,
	KAPI_SIGNAL_BLOCK	= 1 << 3,
	KAPI_SIGNAL_IGNORE	= 1 << 4,
};

enum kapi_signal_action {
	KAPI_SIGNAL_ACTION_DEFAULT = 0,
	KAPI_SIGNAL_ACTION_TERMINATE,
	KAPI_SIGNAL_ACTION_COREDUMP,
	KAPI_SIGNAL_ACTION_STOP,
	KAPI_SIGNAL_ACTION_CONTINUE,
	KAPI_SIGNAL_ACTION_CUSTOM,
	KAPI_SIGNAL_ACTION_RETURN,
	KAPI_SIGNAL_ACTION_RESTART,
	KAPI_SIGNAL_ACTION_QUEUE,
	KAPI_SIGNAL_ACTION_DISCARD,
	KAPI_SIGNAL_ACTION_TRANSFORM,
};

/* When, relative to the call, a signal matters: the 2025 header's strings. */
#define KAPI_SIGNAL_TIME_ENTRY		"entry"
#define KAPI_SIGNAL_TIME_DURING		"during"
#define KAPI_SIGNAL_TIME_EXIT		"exit"
#define KAPI_SIGNAL_TIME_ANYTIME	"anytime"
#define KAPI_SIGNAL_TIME_BLOCKING	"while_blocked"
#define KAPI_SIGNAL_TIME_SLEEPING	"while_sleeping"
#define KAPI_SIGNAL_TIME_BEFORE		"before"
#define KAPI_SIGNAL_TIME_AFTER		"after"

/* Task states for KAPI_SIGNAL_STATE_REQ/_FORBID; bits, so one spec can
 * require or forbid several. */
enum kapi_signal_state {
	KAPI_SIGNAL_STATE_RUNNING	= 1 << 0,
	KAPI_SIGNAL_STATE_SLEEPING	= 1 << 1,
	KAPI_SIGNAL_STATE_STOPPED	= 1 << 2,
	KAPI_SIGNAL_STATE_TRACED	= 1 << 3,
	KAPI_SIGNAL_STATE_ZOMBIE	= 1 << 4,
	KAPI_SIGNAL_STATE_DEAD		= 1 << 5,
};

enum kapi_side_effect_type {
	KAPI_EFFECT_NONE		= 0,
	KAPI_EFFECT_ALLOC_MEMORY	= 1 << 0,
	KAPI_EFFECT_FREE_MEMORY		= 1 << 1,
	KAPI_EFFECT_MODIFY_STATE	= 1 << 2,
	KAPI_EFFECT_SIGNAL_SEND		= 1 << 3,
	KAPI_EFFECT_FILE_POSITION	= 1 << 4,
	KAPI_EFFECT_LOCK_ACQUIRE	= 1 << 5,
	KAPI_EFFECT_LOCK_RELEASE	= 1 << 6,
	KAPI_EFFECT_RESOURCE_CREATE	= 1 << 7,
	KAPI_EFFECT_RESOURCE_DESTROY	= 1 << 8,
	KAPI_EFFECT_SCHEDULE		= 1 << 9,
	KAPI_EFFECT_HARDWARE		= 1 << 10,
	KAPI_EFFECT_NETWORK		= 1 << 11,
	KAPI_EFFECT_FILESYSTEM		= 1 << 12,
	KAPI_EFFECT_PROCESS_STATE	= 1 << 13,
	KAPI_EFFECT_IRREVERSIBLE	= 1 << 14,
};

enum kapi_api_type {
	KAPI_API_FUNCTION = 0,		/* a function or system call */
	KAPI_API_IOCTL,
	KAPI_API_SYSFS,
};

enum kapi_capability_action {
	KAPI_CAP_BYPASS_CHECK = 0,
	KAPI_CAP_INCREASE_LIMIT,
	KAPI_CAP_OVERRIDE_RESTRICTION,
	KAPI_CAP_GRANT_PERMISSION,
	KAPI_CAP_MODIFY_BEHAVIOR,
	KAPI_CAP_ACCESS_RESOURCE,
	KAPI_CAP_PERFORM_OPERATION,
};

/* ---- Structures ---------------------------------------------------------- */

struct kapi_param_spec {
	const char *name;
	const char *type_name;
	const char *description;
	uint32_t flags;				/* KAPI_PARAM_* bits */
	enum kapi_param_type type;
	size_t size;
	size_t alignment;
	int size_param_idx;			/* see the note at the top */
	size_t size_multiplier;
	int64_t min_value;
	int64_t max_value;
	uint64_t valid_mask;
	const int64_t *enum_values;
	uint32_t enum_count;
	enum kapi_constraint_type constraint_type;
	const char *constraint;
};

struct kapi_return_spec {
	const char *type_name;
	const char *description;
	enum kapi_param_type type;
	enum kapi_return_check_type check_type;
	int64_t success_value;
	int64_t success_min;
	int64_t success_max;
	const s64 *error_values;
	uint32_t error_count;
};

struct kapi_error_spec {
	int error_code;				/* negative errno */
	const char *name;
	const char *condition;
	const char *description;
};

struct kapi_signal_spec {
	int signal_num;				/* 0: a class, e.g. fatal signals */
	const char *signal_name;
	uint32_t direction;			/* KAPI_SIGNAL_* bits */
	enum kapi_signal_action action;
	const char *target;
	const char *condition;
	const char *description;
	bool restartable;
	/* v2 */
	uint32_t sa_flags_required;
	uint32_t sa_flags_forbidden;
	int error_on_signal;			/* negative errno, 0 = none */
	int transform_to;			/* signal number, 0 = none */
	const char *timing;
	uint32_t priority;
	bool interruptible;
	const char *queue_behavior;
	uint32_t state_required;		/* KAPI_SIGNAL_STATE_* bits */
	uint32_t state_forbidden;
};

struct kapi_signal_mask_spec {
	const char *mask_name;
	const char *description;
	int signals[KAPI_MAX_SIGNALS];
	uint32_t signal_count;
};

struct kapi_lock_spec {
	const char *lock_name;
	enum kapi_lock_type lock_type;
	enum kapi_lock_scope scope;
	const char *description;
};

struct kapi_constraint_spec {
	const char *name;
	const char *description;
	const char *expression;
};

struct kapi_side_effect {
	uint32_t type;				/* KAPI_EFFECT_* bits */
	const char *target;
	const char *condition;
	const char *description;
	bool reversible;
};

struct kapi_state_transition {
	const char *object;
	const char *from_state;
	const char *to_state;
	const char *condition;
	const char *description;
};

struct kapi_capability_spec {
	int capability;				/* CAP_* number */
	const char *cap_name;
	enum kapi_capability_action action;
	const char *allows;
	const char *without_cap;
	const char *check_condition;
	uint8_t priority;			/* 0 = checked first */
	int alternative[KAPI_MAX_CAP_ALTERNATIVES];
	uint32_t alternative_count;
};

struct kapi_struct_field {
	const char *name;
	enum kapi_param_type type;
	const char *type_name;
	const char *description;
	size_t offset;
	size_t size;
	uint32_t flags;				/* KAPI_PARAM_* bits */
	enum kapi_constraint_type constraint_type;
	int64_t min_value;
	int64_t max_value;
	uint64_t valid_mask;
	const int64_t *enum_values;
	uint32_t enum_count;
};

struct kapi_struct_spec {
	const char *name;
	const char *description;
	size_t size;
	size_t alignment;
	uint32_t field_count;
	struct kapi_struct_field fields[KAPI_MAX_STRUCT_FIELDS];
};

struct kernel_api_spec {
	const char *name;
	uint32_t version;
	const char *description;
	const char *long_description;
	uint32_t context_flags;			/* KAPI_CTX_* bits */
	enum kapi_api_type api_type;

	uint32_t param_count;
	struct kapi_param_spec params[KAPI_MAX_PARAMS];

	struct kapi_return_spec return_spec;

	uint32_t error_count;
	struct kapi_error_spec errors[KAPI_MAX_ERRORS];

	uint32_t signal_count;
	struct kapi_signal_spec signals[KAPI_MAX_SIGNALS];

	uint32_t signal_mask_count;
	struct kapi_signal_mask_spec signal_masks[KAPI_MAX_SIGNAL_MASKS];

	uint32_t lock_count;
	struct kapi_lock_spec locks[KAPI_MAX_LOCKS];

	uint32_t constraint_count;
	struct kapi_constraint_spec constraints[KAPI_MAX_CONSTRAINTS];

	uint32_t side_effect_count;
	struct kapi_side_effect side_effects[KAPI_MAX_SIDE_EFFECTS];

	uint32_t state_trans_count;
	struct kapi_state_transition state_transitions[KAPI_MAX_STATE_TRANS];

	uint32_t capability_count;
	struct kapi_capability_spec capabilities[KAPI_MAX_CAPABILITIES];

	uint32_t struct_spec_count;
	struct kapi_struct_spec struct_specs[KAPI_MAX_STRUCT_SPECS];

	const char *examples;
	const char *notes;

	/* Each section's magic number, set by its count macro: a reader can
	 * tell a section a block filled from one it left zero. */
	uint32_t param_magic, error_magic, signal_magic, signal_mask_magic;
	uint32_t lock_magic, constraint_magic, side_effect_magic;
	uint32_t state_trans_magic, capability_magic, struct_spec_magic;
};

#define KAPI_MAGIC(a, b, c, d)	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
				 (uint32_t)(c) << 8 | (uint32_t)(d))
#define KAPI_MAGIC_PARAMS	KAPI_MAGIC('K', 'P', 'A', 'R')
#define KAPI_MAGIC_ERRORS	KAPI_MAGIC('K', 'E', 'R', 'R')
#define KAPI_MAGIC_SIGNALS	KAPI_MAGIC('K', 'S', 'I', 'G')
#define KAPI_MAGIC_SIGMASKS	KAPI_MAGIC('K', 'S', 'M', 'K')
#define KAPI_MAGIC_LOCKS	KAPI_MAGIC('K', 'L', 'C', 'K')
#define KAPI_MAGIC_CONSTRAINTS	KAPI_MAGIC('K', 'C', 'N', 'S')
#define KAPI_MAGIC_EFFECTS	KAPI_MAGIC('K', 'E', 'F', 'F')
#define KAPI_MAGIC_TRANS	KAPI_MAGIC('K', 'T', 'R', 'N')
#define KAPI_MAGIC_CAPS		KAPI_MAGIC('K', 'C', 'A', 'P')
#define KAPI_MAGIC_STRUCTS	KAPI_MAGIC('K', 'S', 'T', 'R')

/* ---- Macros --------------------------------------------------------------
 *
 * Each macro expands to designated initializers of the enclosing object.
 * An opening macro (KAPI_PARAM, KAPI_SIGNAL, ...) opens a brace that its
 * *_END closes with `},`; KAPI_ERROR is complete in itself.  Arguments are
 * used once and unparenthesised where they initialise arrays, because a
 * parenthesised string literal is not a valid char-array initializer.
 */

#define DEFINE_KERNEL_API_SPEC(fn)					\
	static struct kernel_api_spec __kapi_spec_##fn			\
	__attribute__((used, section(".kapi_specs"))) = {		\
		.name = #fn,						\
		.version = 1,

#define KAPI_END_SPEC	};

/* Top level */
#define KAPI_DESCRIPTION(s)		.description = s,
#define KAPI_LONG_DESC(s)		.long_description = s,
#define KAPI_CONTEXT(flags)		.context_flags = (flags),
#define KAPI_EXAMPLES(s)		.examples = s,
#define KAPI_NOTES(s)			.notes = s,

#define KAPI_PARAM_COUNT(n)	.param_magic = KAPI_MAGIC_PARAMS, .param_count = (n),
#define KAPI_ERROR_COUNT(n)	.error_magic = KAPI_MAGIC_ERRORS, .error_count = (n),
#define KAPI_SIGNAL_COUNT(n)	.signal_magic = KAPI_MAGIC_SIGNALS, .signal_count = (n),
#define KAPI_SIGNAL_MASK_COUNT(n)					\
	.signal_mask_magic = KAPI_MAGIC_SIGMASKS, .signal_mask_count = (n),
#define KAPI_LOCK_COUNT(n)	.lock_magic = KAPI_MAGIC_LOCKS, .lock_count = (n),
#define KAPI_CONSTRAINT_COUNT(n)					\
	.constraint_magic = KAPI_MAGIC_CONSTRAINTS, .constraint_count = (n),
#define KAPI_SIDE_EFFECT_COUNT(n)					\
	.side_effect_magic = KAPI_MAGIC_EFFECTS, .side_effect_count = (n),
#define KAPI_STATE_TRANS_COUNT(n)					\
	.state_trans_magic = KAPI_MAGIC_TRANS, .state_trans_count = (n),
#define KAPI_STRUCT_SPEC_COUNT(n)					\
	.struct_spec_magic = KAPI_MAGIC_STRUCTS, .struct_spec_count = (n),
#define KAPI_CAPABILITY_COUNT(n)					\
	.capability_magic = KAPI_MAGIC_CAPS, .capability_count = (n),

/* Parameters */
#define KAPI_PARAM(idx, pname, ctype, desc)				\
	.params[idx] = {						\
		.name = pname,						\
		.type_name = ctype,					\
		.description = desc,
#define KAPI_PARAM_FLAGS(f)		.flags = (f),
#define KAPI_PARAM_TYPE(t)		.type = (t),
#define KAPI_PARAM_SIZE(s)		.size = (s),
/* RANGE and VALID_MASK leave constraint_type alone: specs state it with
 * KAPI_PARAM_CONSTRAINT_TYPE, and setting it twice would be override-init. */
#define KAPI_PARAM_RANGE(lo, hi)	.min_value = (lo), .max_value = (hi),
#define KAPI_PARAM_CONSTRAINT_TYPE(t)	.constraint_type = (t),
#define KAPI_PARAM_CONSTRAINT(s)	.constraint = s,
#define KAPI_PARAM_VALID_MASK(m)	.valid_mask = (m),
#define KAPI_PARAM_ENUM_VALUES(...)					\
		.enum_values = (const int64_t[]){ __VA_ARGS__ },	\
		.enum_count = (uint32_t)(sizeof((const int64_t[]){ __VA_ARGS__ }) \
					 / sizeof(int64_t)),
/* 0-based in the macro, 1-based in the struct: 0 means none. */
#define KAPI_PARAM_SIZE_PARAM(idx)	.size_param_idx = (idx) + 1,
#define KAPI_PARAM_END	},

/* Return value */
#define KAPI_RETURN(ctype, desc)					\
	.return_spec = {						\
		.type_name = ctype,					\
		.description = desc,
#define KAPI_RETURN_TYPE(t)		.type = (t),
#define KAPI_RETURN_CHECK_TYPE(t)	.check_type = (t),
#define KAPI_RETURN_SUCCESS(v)		.success_value = (v),
#define KAPI_RETURN_SUCCESS_RANGE(lo, hi) .success_min = (lo), .success_max = (hi),
#define KAPI_RETURN_ERROR_VALUES(arr)	.error_values = (arr),
#define KAPI_RETURN_ERROR_COUNT(n)	.error_count = (n),
#define KAPI_RETURN_END	},

/* Errors: complete in one macro. */
#define KAPI_ERROR(idx, code, ename, cond, desc)			\
	.errors[idx] = {						\
		.error_code = (code),					\
		.name = ename,						\
		.condition = cond,					\
		.description = desc,					\
	},

/* Signals */
#define KAPI_SIGNAL(idx, signum, sname, dir, act)			\
	.signals[idx] = {						\
		.signal_num = (signum),					\
		.signal_name = sname,					\
		.direction = (dir),					\
		.action = (act),
#define KAPI_SIGNAL_TARGET(s)		.target = s,
#define KAPI_SIGNAL_CONDITION(s)	.condition = s,
#define KAPI_SIGNAL_DESC(s)		.description = s,
#define KAPI_SIGNAL_RESTARTABLE		.restartable = true,
#define KAPI_SIGNAL_SA_FLAGS_REQ(f)	.sa_flags_required = (f),
#define KAPI_SIGNAL_SA_FLAGS_FORBID(f)	.sa_flags_forbidden = (f),
#define KAPI_SIGNAL_ERROR(e)		.error_on_signal = (e),
#define KAPI_SIGNAL_TRANSFORM(sig)	.transform_to = (sig),
#define KAPI_SIGNAL_TIMING(t)		.timing = t,
#define KAPI_SIGNAL_PRIORITY(p)		.priority = (p),
#define KAPI_SIGNAL_INTERRUPTIBLE	.interruptible = true,
#define KAPI_SIGNAL_QUEUE(s)		.queue_behavior = s,
#define KAPI_SIGNAL_STATE_REQ(st)	.state_required = (st),
#define KAPI_SIGNAL_STATE_FORBID(st)	.state_forbidden = (st),
#define KAPI_SIGNAL_END	},

/* Signal masks */
#define KAPI_SIGNAL_MASK(idx, mname, desc)				\
	.signal_masks[idx] = {						\
		.mask_name = mname,					\
		.description = desc,
#define KAPI_SIGNAL_MASK_SIGNALS(...)					\
		.signals = { __VA_ARGS__ },				\
		.signal_count = (uint32_t)(sizeof((int[]){ __VA_ARGS__ }) / sizeof(int)),
#define KAPI_SIGNAL_MASK_END	},

/* Locks */
#define KAPI_LOCK(idx, lname, kind)					\
	.locks[idx] = {							\
		.lock_name = lname,					\
		.lock_type = (kind),
#define KAPI_LOCK_ACQUIRED		.scope = KAPI_LOCK_ACQUIRES,
#define KAPI_LOCK_RELEASED		.scope = KAPI_LOCK_RELEASES,
#define KAPI_LOCK_HELD_ENTRY		.scope = KAPI_LOCK_CALLER_HELD,
#define KAPI_LOCK_HELD_EXIT		.scope = KAPI_LOCK_CALLER_HELD,
#define KAPI_LOCK_DESC(s)		.description = s,
#define KAPI_LOCK_END	},

/* Cross-parameter constraints */
#define KAPI_CONSTRAINT(idx, cname, desc)				\
	.constraints[idx] = {						\
		.name = cname,						\
		.description = desc,
#define KAPI_CONSTRAINT_EXPR(e)		.expression = e,
#define KAPI_CONSTRAINT_END	},

/* Side effects.  Not reversible unless KAPI_EFFECT_REVERSIBLE says so. */
#define KAPI_SIDE_EFFECT(idx, kinds, etarget, desc)			\
	.side_effects[idx] = {						\
		.type = (kinds),					\
		.target = etarget,					\
		.description = desc,
#define KAPI_EFFECT_CONDITION(s)	.condition = s,
#define KAPI_EFFECT_REVERSIBLE		.reversible = true,
#define KAPI_SIDE_EFFECT_END	},

/* State transitions */
#define KAPI_STATE_TRANS(idx, obj, from, to, desc)			\
	.state_transitions[idx] = {					\
		.object = obj,						\
		.from_state = from,					\
		.to_state = to,						\
		.description = desc,
#define KAPI_STATE_TRANS_COND(s)	.condition = s,
#define KAPI_STATE_TRANS_END	},

/* Capabilities */
#define KAPI_CAPABILITY(idx, cap, cname, act)				\
	.capabilities[idx] = {						\
		.capability = (cap),					\
		.cap_name = cname,					\
		.action = (act),
#define KAPI_CAP_ALLOWS(s)		.allows = s,
#define KAPI_CAP_WITHOUT(s)		.without_cap = s,
#define KAPI_CAP_CONDITION(s)		.check_condition = s,
#define KAPI_CAP_PRIORITY(p)		.priority = (p),
#define KAPI_CAP_ALTERNATIVE(...)					\
		.alternative = { __VA_ARGS__ },				\
		.alternative_count = (uint32_t)(sizeof((int[]){ __VA_ARGS__ }) / sizeof(int)),
#define KAPI_CAPABILITY_END	},

/* Struct specs.  The struct's name is an identifier (it names a C type);
 * a field's name is a string, like a parameter's. */
#define KAPI_STRUCT_SPEC(idx, sname, desc)				\
	.struct_specs[idx] = {						\
		.name = #sname,						\
		.description = desc,
#define KAPI_STRUCT_SIZE(sz, align)	.size = (sz), .alignment = (align),
#define KAPI_STRUCT_FIELD_COUNT(n)	.field_count = (n),
#define KAPI_STRUCT_FIELD(fidx, fname, ftype, ctype, desc)		\
		.fields[fidx] = {					\
			.name = fname,					\
			.type = (ftype),				\
			.type_name = ctype,				\
			.description = desc,
#define KAPI_FIELD_OFFSET(o)		.offset = (o),
#define KAPI_FIELD_SIZE(s)		.size = (s),
#define KAPI_FIELD_FLAGS(f)		.flags = (f),
/* A field has no separate CONSTRAINT_TYPE macro, so these set it. */
#define KAPI_FIELD_CONSTRAINT_RANGE(lo, hi)				\
			.constraint_type = KAPI_CONSTRAINT_RANGE,	\
			.min_value = (lo), .max_value = (hi),
#define KAPI_FIELD_CONSTRAINT_MASK(m)					\
			.constraint_type = KAPI_CONSTRAINT_MASK,	\
			.valid_mask = (m),
#define KAPI_FIELD_CONSTRAINT_ENUM(vals, n)				\
			.constraint_type = KAPI_CONSTRAINT_ENUM,	\
			.enum_values = (vals), .enum_count = (n),
#define KAPI_STRUCT_FIELD_END	},
#define KAPI_STRUCT_SPEC_END	},

#endif /* KAPIC_TESTS_KERNEL_API_SPEC_2026_H */
