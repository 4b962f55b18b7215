/* `kapic import`: the .kapi of the KAPI blocks of a kernel C file. */
#ifndef KAPIC_IMPORT_H
#define KAPIC_IMPORT_H
#include <stdbool.h>
#include <stdint.h>
#include <talloc.h>
#include "source.h"

enum ctok_kind { CT_EOF, CT_IDENT, CT_NUMBER, CT_STRING, CT_PUNCT, CT_ERROR };
struct ctok {
	enum ctok_kind kind;
	uint32_t offset, len;
};
struct cscan;
/* DIRECTIVES: '#' is a token and a #define's body reads on (for the
 * fixture table of --fixtures); otherwise preprocessor lines are skipped. */
struct cscan *cscan_new(TALLOC_CTX *ctx, const struct source *src, bool directives);
void cscan_next(struct cscan *s, struct ctok *t);

/* The subcommand: ARGV[0] is "import".  Returns the exit status. */
int import_main(int argc, char **argv);
#endif
