/* `kapic import`: the .kapi of the KAPI blocks of a kernel C file. */
#ifndef KAPIC_IMPORT_H
#define KAPIC_IMPORT_H
#include <stdbool.h>
#include <stdint.h>
#include <talloc.h>
#include "diag.h"
#include "source.h"
#include "strbuf.h"

/* CT_KDOC: a whole kernel-doc comment, slash-star-star to its end. */
enum ctok_kind { CT_EOF, CT_IDENT, CT_NUMBER, CT_STRING, CT_PUNCT, CT_ERROR, CT_KDOC };
struct ctok {
	enum ctok_kind kind;
	uint32_t offset, len;
};
struct cscan;
/* DIRECTIVES: '#' is a token and a #define's body reads on (for the
 * fixture table of --fixtures); otherwise preprocessor lines are skipped. */
struct cscan *cscan_new(TALLOC_CTX *ctx, const struct source *src, bool directives);
void cscan_next(struct cscan *s, struct ctok *t);

/* One run of the importer, shared by the readers of the two forms. */
struct importer {
	TALLOC_CTX *ctx;
	const struct source *src;
	struct cscan *scan;
	struct diag *diag;
	struct strbuf *out;
	struct ctok tok;                /* the next token */
	const char *block;              /* the open sub-block's macro, or NULL */
	const char *outer;              /* the block around it (a struct's field's) */
	size_t param_at;                /* where the open parameter's text starts */
	const char **params;            /* the spec's parameters, by index */
	size_t nparams;
	const char **def_names;         /* SYSCALL_DEFINEn's parameters and */
	const char **def_types;         /* C types, below a kernel-doc comment */
	size_t ndefs;
	struct fixup *fixups;           /* size-params naming later parameters */
	size_t nfixups;
	struct carray *arrays;          /* `NAME[] = { ... };` before the blocks */
	size_t narrays;
	bool failed;
	unsigned seen[10];              /* entries of each count_macros kind */
	struct ctok count_at[10];       /* a hand-written count, if any */
	unsigned long count[10];
	bool in_signum;                 /* names there are signals */
	const char **consts;            /* names the expressions use */
	size_t nconsts;
};

void import_error(struct importer *im, uint32_t offset, uint32_t len,
		  const char *fmt, const char *s);
/* Records NAME as a constant the spec uses, unless kapic knows it. */
void import_note_const(struct importer *im, const char *name);
/* S as .kapi string literals, split at sensible lengths, continued
 * lines indented by INDENT tabs. */
void import_put_text(struct importer *im, const char *s, size_t len, int indent);
/* The 2026 kernel-doc API spec of the CT_KDOC token T, if it is one. */
void import_kdoc(struct importer *im, const struct ctok *t);

/* The subcommand: ARGV[0] is "import".  Returns the exit status. */
int import_main(int argc, char **argv);
#endif
