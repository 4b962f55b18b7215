/*
 * The KAPI vocabularies: each lower-case word a .kapi file may use and the
 * kernel macro it stands for; and the errno, signal and capability names
 * Linux has.
 */
#ifndef KAPIC_VOCAB_H
#define KAPIC_VOCAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <talloc.h>

/* The KAPI framework's generations (--kapi=): the 2025 macro form and the
 * 2026 kernel-doc form, whose headers differ in words and layout. */
enum kapi_generation { KAPI_2025 = 2025, KAPI_2026 = 2026 };
#define KAPI_DEFAULT_GENERATION KAPI_2025

struct vocab_entry {
	const char *word;      /* as written in .kapi */
	const char *macro;     /* as written in the kernel */
	const char *doc;       /* for man pages and JSON */
	int only;              /* the one generation that has it; 0: both */
};

struct vocab {
	const char *what;      /* for messages: "context flag" */
	const struct vocab_entry *entries;
	size_t count;
};

extern const struct vocab vocab_param_type, vocab_param_flag, vocab_context,
	vocab_lock_kind, vocab_constraint_kind, vocab_return_check,
	vocab_signal_direction, vocab_signal_action, vocab_signal_timing,
	vocab_effect, vocab_cap_action, vocab_lock_scope, vocab_api_type,
	vocab_arch;

/* The members of vocab_constraint_kind and vocab_return_check, by their
 * index there; the last of each stands for a word outside the vocabulary. */
enum constraint_kind {
	CONSTRAINT_NONE, CONSTRAINT_RANGE, CONSTRAINT_MASK, CONSTRAINT_ENUM,
	CONSTRAINT_CUSTOM, CONSTRAINT_ALIGNMENT, CONSTRAINT_POWER_OF_TWO,
	CONSTRAINT_PAGE_ALIGNED, CONSTRAINT_NONZERO, CONSTRAINT_USER_STRING,
	CONSTRAINT_USER_PATH, CONSTRAINT_USER_PTR, CONSTRAINT_BUFFER,
	CONSTRAINT_UNKNOWN,
};
enum return_kind {
	RETURN_EXACT, RETURN_RANGE, RETURN_ERROR, RETURN_FD, RETURN_CUSTOM,
	RETURN_NO_RETURN,
	RETURN_UNKNOWN,        /* no check given, or a word outside the list */
};

const struct vocab_entry *vocab_find(const struct vocab *v, const char *word);
/* The 2026 scope (an index of vocab_lock_scope) of a lock that 2025 states
 * with four booleans: -1 when none is set, -2 when no scope says that. */
int lock_scope_index(bool acquired, bool released, bool held_entry,
		     bool held_exit);
/* The number the kernel's enum gives entry E of any vocabulary under
 * generation GEN (0: the default), as tools/kapi's JSON prints it: an
 * index, a bit, or (2026 constraint kinds) the 2026 order. */
uint64_t vocab_number(const struct vocab_entry *e, int gen);
/* Whether generation GEN (0: the default) has entry E. */
bool vocab_in_generation(const struct vocab_entry *e, int gen);
const struct vocab_entry *vocab_find_word(const struct vocab *v,
					  const char *macro);

/* errno, signal and capability names the kernel knows, with the values
 * they have on x86_64 (JSON carries them for tools that want numbers; the
 * generated C always uses the names). */
struct named_value {
	const char *name;
	int value;
};
struct named_table {
	const struct named_value *items;
	size_t count;
};
extern const struct named_table errno_table, signal_table, capability_table;

const struct named_value *named_find(const struct named_table *t,
				     const char *name);
const struct named_value *signal_find(const char *name);
/* The names, for spelling suggestions, as an array on CTX. */
const char **named_list(TALLOC_CTX *ctx, const struct named_table *t);

/* Built-in constants, evaluated for LP64 Linux and printed by name. */
struct builtin {
	const char *name;
	uint64_t value;
	bool negative;
};
extern const struct builtin builtins[];
extern const size_t nbuiltins;
const struct builtin *builtin_find(const char *name);

/* How the generated C spells the type name NAME (not a C keyword), or
 * NULL when the C has no such type. */
const char *ctype_spelling(const char *name, size_t n);

#endif
