/*
 * Name resolution, before any check: every name of the model is looked up
 * once and what it names stored on its node (vocabulary entries, errno,
 * signal and capability values, constants, parameters, fixtures), every
 * constant expression evaluated once, every entry given its index.  The
 * checks and the views then only read the model.
 */
#ifndef KAPIC_RESOLVE_H
#define KAPIC_RESOLVE_H

#include <talloc.h>
#include "model.h"

/* The checks that report a word a lexicon does not have. */
enum word_check { WORDS_VOCAB, WORDS_ERRNO, WORDS_SIGNAL, WORDS_CAPABILITY };

enum node_kind {
	NODE_SPEC, NODE_PARAM, NODE_RET, NODE_ERROR, NODE_SIGNAL, NODE_MASK,
	NODE_LOCK, NODE_EFFECT, NODE_CAP, NODE_FIELD,
};

/* One field of the model that takes words of one lexicon: a vocabulary
 * (resolved into word.entry) or a table of names (into word.known). */
struct word_slot {
	enum node_kind node;
	size_t words, count;            /* offsets; count NO_COUNT: one word */
	const struct vocab *vocab;
	const struct named_table *names;
	enum word_check check;
	const char *unknown;            /* names: the message, word and hint */
	const char *hint;
};
#define NO_COUNT ((size_t)-1)

/* FN on each word of spec S whose slot reports under CHECK, in order. */
typedef void (*word_fn)(void *arg, const struct word_slot *slot,
			struct word *w);
void words_each(struct spec *s, enum word_check check, word_fn fn,
		void *arg);

/* How an expression may be used decides what its names may mean. */
enum expr_role {
	ROLE_CONST,        /* compile-time constant */
	ROLE_SIGNUM,       /* constant; signal names allowed */
	ROLE_CONDITION,    /* over the parameters (when, constraint) */
	ROLE_TEST_ARG,     /* an argument value: constants and value fixtures */
	ROLE_TEST_SETUP,   /* a call of a set-up fixture */
	ROLE_TEST_VERIFY,  /* a call of a verification fixture */
	ROLE_EFFECT_VERIFY,
};
bool role_allows_params(enum expr_role role);
bool role_allows_calls(enum expr_role role);

/* FN on each expression root of the constants (S NULL) or of a spec, with
 * its role and what it is, for messages ("a mask"). */
typedef void (*expr_fn)(void *arg, struct spec *s, struct expr *e,
			enum expr_role role, const char *what);
void exprs_of_constants(struct kapi_file *f, expr_fn fn, void *arg);
void exprs_of_spec(struct spec *s, expr_fn fn, void *arg);

const struct param *find_param(const struct spec *s, const char *name);

/* constant.eval_state: one reached again while evaluated is on a cycle. */
enum { EVAL_NEW, EVAL_BUSY, EVAL_DONE, EVAL_CYCLE };

struct resolution {
	struct nameset constants;       /* the first of each name */
	size_t unresolved;              /* expression names naming nothing */
};
struct resolution *resolve_file(TALLOC_CTX *ctx, struct kapi_file *file);

#endif
