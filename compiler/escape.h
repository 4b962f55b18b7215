/*
 * Escapers: one per output language, each appending text that is safe in
 * exactly one syntactic position of that language.  Inputs are byte ranges
 * (they may hold NULs and invalid UTF-8, because spec strings come from
 * users); outputs are deterministic so generated files diff cleanly.
 */
#ifndef KAPIC_ESCAPE_H
#define KAPIC_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include "strbuf.h"

/*
 * A C string literal, quotes included.  Each of the NPIECES pieces becomes
 * its own literal, so a string the author split stays split; literals after
 * the first start a new line aligned under the first opening quote (tabs,
 * then spaces).  LENS may be NULL when every piece is NUL-terminated.
 * Zero pieces give "".  Everything outside printable ASCII is written as a
 * three-digit octal escape, and no `??` can reach the compiler's trigraph
 * phase.  The result is data, never a printf format: `%` is left alone.
 */
void esc_c_string(struct strbuf *sb, const char *const *pieces,
		  const size_t *lens, size_t npieces);

/*
 * Text for the inside of a C block comment: it cannot close or nest the
 * comment, form a trigraph or a line splice, and is a single line of
 * printable ASCII (other bytes become '?' or a space).
 */
void esc_c_comment(struct strbuf *sb, const char *s, size_t len);

/* Whether S is a C identifier that is not a keyword (C23 and GNU `asm`
 * included, so the name survives any -std). */
bool esc_is_c_ident(const char *s, size_t len);

/*
 * Text lines of a man(7) page: no input line starts with a control
 * character or whitespace, no line is empty, backslashes print as such and
 * non-ASCII becomes \[uXXXX].  Newlines are only written between two
 * non-empty lines, so the template supplies the final line ending.  Filled
 * text (roff_text) also starts each sentence on a new line and breaks
 * lines before 80 bytes where it can; roff_code keeps the value's lines as
 * they are, for no-fill displays (.EX, .nf).
 */
void esc_roff_text(struct strbuf *sb, const char *s, size_t len);
void esc_roff_code(struct strbuf *sb, const char *s, size_t len);

/* The inside of a double-quoted man(7) macro argument: stays one argument
 * on one line and never contains \" (which would start a roff comment). */
void esc_roff_arg(struct strbuf *sb, const char *s, size_t len);

/* A complete JSON string, quotes included.  Invalid UTF-8 bytes each
 * become \ufffd so the output is always valid JSON. */
void esc_json(struct strbuf *sb, const char *s, size_t len);
/* The same without the quotes: part of a string the template opens. */
void esc_json_text(struct strbuf *sb, const char *s, size_t len);

/*
 * A value of a kernel-doc comment, after its "key: " on a ` * ` line:
 * words wrapped into lines of at most 80 bytes, each continuation line
 * indented two spaces past the key (kernel-doc continues a value there), never
 * starting with `word: ` (that would open a subfield); the value's own
 * line breaks kept (a `- ` bullet, one example a line), a blank line as a
 * bare ` *`, a paragraph break.  The comment cannot be closed (a star
 * and a slash get a space between); control bytes and invalid UTF-8
 * become spaces.
 */
void esc_kdoc(struct strbuf *sb, const char *s, size_t len);

/* A complete .kapi string literal, quotes included: printable ASCII as
 * it is, everything else escaped, so any bytes survive the round trip. */
void esc_kapi_string(struct strbuf *sb, const char *s, size_t len);
#endif
