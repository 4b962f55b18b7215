/*
 * The checked model of a .kapi file.  The parser builds it, the checks
 * complete it (indices, resolved names, values) and every emitter reads it.
 * Every node, name, string and array is a talloc child of a pool of the file
 * (see kapi_file_new) and lives as long as the file.
 */
#ifndef KAPIC_MODEL_H
#define KAPIC_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <talloc.h>
#include "source.h"
#include "util.h"
#include "vocab.h"   /* the enums of resolved kinds */

/* A string as written: the concatenated text, and the adjacent literals it
 * came from (its pieces), so outputs can split it where the author did.
 * The pieces are consecutive slices of TEXT, not NUL-terminated: read
 * them with PIECE_LENS.  One literal is its own only piece (&text, &len). */
struct fixture_set;

struct kstr {
	char *text;
	size_t len;
	char **pieces;
	size_t *piece_lens;
	size_t npieces;
	struct loc loc;
};

/* A bare word naming a member of a vocabulary (`process`, `rwlock`). */
struct word {
	const char *name;
	struct loc loc;
	const struct vocab_entry *entry;   /* resolved by the checks */
	const struct named_value *known;   /* resolved errno, signal, capability */
};

struct wordlist {
	struct word *items;
	size_t count;
	struct loc loc;
};

enum expr_kind {
	EXPR_INT,      /* literal */
	EXPR_NAME,     /* constant, built-in or parameter */
	EXPR_UNARY,    /* op in { '-', '~', '!' } applied to lhs */
	EXPR_BINARY,
	EXPR_CALL,     /* fixture call in a test: name(args) */
};

enum expr_op {
	OP_NONE,
	OP_NEG, OP_NOT, OP_LNOT,
	OP_MUL, OP_DIV, OP_MOD, OP_ADD, OP_SUB, OP_SHL, OP_SHR,
	OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE,
	OP_AND, OP_XOR, OP_OR, OP_LAND, OP_LOR,
};

enum name_ref {
	REF_UNRESOLVED,
	REF_CONST,
	REF_BUILTIN,
	REF_PARAM,
	REF_FIXTURE,  /* a run-time value of the test runtime */
};

/* Packed: a spec has some eighty of these, the largest part of its model. */
struct expr {
	enum expr_kind kind : 8;
	enum expr_op op : 8;
	enum name_ref ref : 8;      /* filled by the checks */
	bool is_const;              /* evaluates without run-time values */
	bool has_value;             /* is_const and evaluation succeeded */
	uint16_t depth;             /* of the tree below; the parser bounds it */
	struct loc loc;
	uint64_t literal;           /* EXPR_INT */
	/* As written, blanks squeezed: filled by resolution for the roots of
	 * expressions and for integers, whose spelling the C keeps. */
	char *text;
	char *name;                 /* EXPR_NAME, EXPR_CALL */
	union {                     /* which, kind says */
		struct {            /* EXPR_UNARY (rhs NULL), EXPR_BINARY */
			struct expr *lhs, *rhs;
		};
		struct {            /* EXPR_CALL */
			struct expr **args;
			size_t nargs;
		};
	};
	union {                     /* which, ref says */
		const struct constant *constant;
		const struct param *param;
		const struct builtin *builtin;
		const struct fixture *fixture;
	};
	__int128 value;             /* filled by the checks */
};

struct constant {
	char *name;
	struct loc loc;
	struct expr *value;
	struct kstr *description;
	struct kstr *since;             /* of a flag: the first kernel with it */
	bool used;
	int eval_state;             /* EVAL_* of resolve.h */
	bool c_wide, c_uns;         /* the type of its C #define (resolution) */
};

struct range {
	struct expr *min, *max;
	struct loc loc;
};

struct param {
	char *name;
	struct loc loc;
	char *ctype;
	char *c_ctype;                  /* as the generated C spells it */
	struct loc ctype_loc;
	int index;
	struct kstr *summary;
	struct kstr *constraint_text;
	struct wordlist flags;          /* in, out, user, ... */
	struct word type;               /* uint, ptr, ... ; name NULL if absent */
	struct word check;              /* constraint kind; NULL = derived */
	struct range *range;
	struct expr *mask;
	bool mask_documenting;          /* unknown bits ignored, not EINVAL */
	struct expr **values;           /* enum values */
	size_t nvalues;
	struct loc values_loc;
	struct expr *size;
	struct expr *alignment;
	struct word size_param;         /* name of the param giving the size */
	const struct param *size_param_ref;
	struct expr *size_multiplier;
	struct wordlist arch_masks;     /* arch-mask ARCH = EXPR: the architectures */
	struct expr **arch_mask_values; /* ... and their masks, in step */
	size_t narch_mask_values;

	/* Derived. */
	const char *check_kind;         /* vocabulary name of the kind in force */
	enum constraint_kind constraint; /* the kind in force, resolved */
};

struct ret {
	struct loc loc;
	char *ctype;
	struct kstr *summary;
	struct word type;
	struct word check;
	struct expr *success;
	struct range *success_range;
	struct word *error_values;      /* errno names listed as return errors */
	size_t nerror_values;
	enum return_kind kind;          /* check, resolved */
};

/* How a test case provokes a situation: set-up and verification fixture
 * calls, and a value for each parameter. */
struct arg_binding {
	char *param_name;
	struct loc loc;
	struct expr *value;             /* NULL for a string */
	struct kstr *string;            /* a C string, for a pointer parameter */
	const struct param *param;
};

struct testcase {
	struct kstr *name;
	struct loc loc;
	struct expr **setups;           /* EXPR_CALL nodes */
	size_t nsetups;
	struct arg_binding *args;
	size_t nargs;
	struct expr **verifies;         /* side-effect checks: EXPR_CALL nodes */
	size_t nverifies;
	const struct error *error;      /* NULL for a success case */
	int index;
};

struct error {
	struct word code;               /* EINVAL */
	struct loc loc;
	struct kstr *condition;         /* short text */
	struct kstr *description;
	struct expr *when;              /* machine-checkable condition */
	struct kstr *untestable;        /* reason no test can provoke it */
	struct wordlist after;          /* errors the kernel checks first */
	struct testcase **tests;
	size_t ntests;
	int index;                      /* in check order (resolution) */
	/* Resolution: an error without a `when` that the kernel checks
	 * first, so that the answer depends on state; NULL if none. */
	const struct error *state_first;
	bool on_cycle;                  /* of `after`: the order is spec order */
	int errno_value;                /* on the build machine, for JSON only */
};

struct signal {
	char *name;
	struct loc loc;
	struct expr *signum;            /* NULL: the name is the signal */
	struct wordlist direction;
	struct word action;
	struct kstr *target, *condition, *description;
	bool restartable;
	struct expr *sa_flags_required, *sa_flags_forbidden;
	struct word error;              /* errno returned when interrupted */
	struct word transform;          /* signal it is turned into */
	struct word timing;
	struct expr *priority;
	bool interruptible;
	struct kstr *queue;
	struct expr *state_required, *state_forbidden;
	int index;
	struct word name_word;          /* NAME as a signal, resolved; no signum */
};

struct signal_mask {
	char *name;
	struct loc loc;
	struct kstr *description;
	struct wordlist signals;
	int index;
};

struct lock {
	char *name;
	struct loc loc;
	struct word kind;
	struct kstr **descriptions;     /* every one given; the last is in force */
	size_t ndescriptions;
	bool acquired, released, held_entry, held_exit;
	struct word scope;              /* 2026's, when written */
	int index;
};

struct constraint {
	struct kstr *name;
	struct loc loc;
	struct kstr *description;
	struct expr *expr;
	struct kstr *expr_text;         /* `expr "..."`: free text, as real specs write */
	int index;
};

struct effect {
	struct kstr *target;
	struct loc loc;
	struct wordlist kind;
	struct kstr *description;
	struct kstr *condition;
	bool reversible;
	struct expr *verify;            /* optional test-runtime check */
	struct expr *when;              /* the cases it applies to: a condition */
	int index;
};

struct transition {
	struct kstr *object;
	struct loc loc;
	struct kstr *from, *to;
	struct kstr *description;
	struct kstr *condition;
	int index;
};

struct capability {
	struct word cap;                /* CAP_IPC_LOCK */
	struct loc loc;
	struct word action;
	struct kstr *allows, *without, *condition;
	struct expr *priority;
	struct wordlist alternatives;
	int index;
};

struct field {
	char *name;
	struct loc loc;
	char *ctype;
	struct word type;
	struct kstr *description;
	struct expr *offset, *size;
	struct wordlist flags;
	struct range *range;
	struct expr *mask;
	struct expr **values;
	size_t nvalues;
	int index;
};

struct struct_spec {
	char *name;
	struct loc loc;
	struct kstr *description;
	struct expr *size, *alignment;
	struct field **fields;
	size_t nfields;
	int index;
};

/* A property given twice in one block. */
struct duplicate {
	const char *property;
	struct loc first, second;
};

/* One parameter of a C library prototype, as resolution reads it. */
struct libc_param {
	char *ctype;                    /* the type, `[...]` made a pointer */
	char *c_ctype;                  /* as the generated C spells it */
	char *written;                  /* the type as the prototype writes it */
	char *name;
	char *suffix;                   /* `[.len]` as written, or "" */
};

/* The C library's wrapper of a system call:
 * `libc "PROTOTYPE" { header "H"; glibc "X.Y"; }`. */
struct libc_binding {
	struct kstr *prototype;
	struct loc loc;
	struct kstr *header;
	struct kstr *glibc;             /* the first release with it, or NULL */
	/* Read from the prototype by resolution; PROBLEM says why it could
	 * not be, and the rest is then unset. */
	const char *problem;
	char *ret_ctype, *ret_c_ctype;
	char *name;
	struct libc_param *params;
	size_t nparams;
	bool variadic;                  /* ends in `...` */
};

enum spec_kind { SPEC_SYSCALL, SPEC_FUNCTION };

struct spec {
	char *name;
	struct loc loc;
	enum spec_kind kind;
	const char *kind_name;          /* "syscall" or "function", as written */
	struct kstr *summary, *description;
	struct wordlist context;
	struct kstr *since;
	struct kstr *date;              /* of this description, for man pages */
	bool deprecated;
	struct kstr *replacement;
	struct kstr *examples, *notes;
	struct kstr **see_also;         /* "NAME(SECTION)", for man pages */
	struct word man_page;           /* the page it is on, if another's */
	struct word api_type;           /* function, ioctl, sysfs */
	size_t nsee_also;
	struct libc_binding *libc;      /* NULL: no C library wrapper */
	struct kstr *base;              /* the oracle's base case, by name */
	const struct testcase *base_test; /* resolved: that, or the first success case */

	struct param **params;          size_t nparams;
	struct ret *ret;
	struct error **errors;          size_t nerrors;
	struct signal **signals;        size_t nsignals;
	struct signal_mask **masks;     size_t nmasks;
	struct lock **locks;            size_t nlocks;
	struct constraint **constraints; size_t nconstraints;
	struct effect **effects;        size_t neffects;
	struct transition **transitions; size_t ntransitions;
	struct capability **caps;       size_t ncaps;
	struct struct_spec **structs;   size_t nstructs;
	struct testcase **tests;        size_t ntests;   /* success cases */
};

/* The outputs' licence when the spec states none: the kernel's. */
#define KAPI_DEFAULT_LICENSE "GPL-2.0-only"

struct kapi_file {
	TALLOC_CTX *pool;               /* where new nodes, names and arrays go */
	struct source *main;
	struct source **sources;        /* every file read, in order */
	size_t nsources;
	struct constant **constants;    size_t nconstants;
	struct spec **specs;            size_t nspecs;
	struct duplicate *dups;         size_t ndups;
	/* Of the outputs, from the main file only: NULL means the default. */
	struct kstr *license;
	struct kstr **copyrights;       size_t ncopyrights;
	/* Every identifier once: names repeat from spec to spec. */
	struct nameset names;
	int generation;                 /* --kapi: enum kapi_generation, 0 the default */
	const struct fixture_set *fixtures;  /* --fixtures: the project's, or NULL */
};

/* NODE appended to the array of pointers at ITEMS (a T ***), which holds
 * *COUNT, as util_grow grows it; returns NODE. */
void *model_push(const void *ctx, void *items, size_t *count, void *node);
struct kstr *kstr_join(TALLOC_CTX *pool, struct kstr *const *parts, size_t n,
		       const struct loc *loc);
/* The one copy of TEXT in FILE's model (FILE->names). */
char *model_intern(struct kapi_file *file, const char *text);

#endif
