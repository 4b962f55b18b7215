/*
 * The KAPI vocabularies: each lower-case word a .kapi file may use, the
 * kernel macro it stands for, and (for bit sets) whether members combine.
 */
#ifndef KAPIC_VOCAB_H
#define KAPIC_VOCAB_H

#include <string.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <talloc.h>

struct vocab_entry {
	const char *word;      /* as written in .kapi */
	const char *macro;     /* as written in the kernel */
	const char *doc;       /* for man pages and JSON */
};

struct vocab {
	const char *what;      /* for messages: "context flag" */
	const struct vocab_entry *entries;
	size_t count;
	bool bits;             /* members are or-ed together */
};

extern const struct vocab vocab_param_type, vocab_param_flag, vocab_context,
	vocab_lock_kind, vocab_constraint_kind, vocab_return_check,
	vocab_signal_direction, vocab_signal_action, vocab_signal_timing,
	vocab_effect, vocab_cap_action;

const struct vocab_entry *vocab_find(const struct vocab *v, const char *word);
const struct vocab_entry *vocab_find_word(const struct vocab *v,
					  const char *macro);

/* errno, signal and capability names the kernel knows, with the values
 * they have on x86_64 (JSON carries them for tools that want numbers; the
 * generated C always uses the names). */
struct named_value {
	const char *name;
	int value;
};
const struct named_value *errno_find(const char *name);
const struct named_value *signal_find(const char *name);
const struct named_value *capability_find(const char *name);
/* The names, for spelling suggestions, as an array on CTX. */
const char **errno_names(TALLOC_CTX *ctx, size_t *count);
const char **signal_names(TALLOC_CTX *ctx, size_t *count);
const char **capability_names(TALLOC_CTX *ctx, size_t *count);

/* Built-in constants, evaluated for LP64 Linux and printed by name. */
struct builtin {
	const char *name;
	uint64_t value;
	bool negative;
};
const struct builtin *builtin_find(const char *name);

/* strcmp(A, B) == 0, without the call for the names that differ in their
 * first two bytes, as nearly all do in the tables searched here (errno
 * names, signals, fixtures) on every name of every spec. */
static inline bool name_eq(const char *a, const char *b)
{
	return a[0] == b[0] && (a[0] == '\0' || (a[1] == b[1] && strcmp(a, b) == 0));
}

#endif
