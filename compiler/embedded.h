/* Files compiled into the binary (templates and the test runtime). */
#ifndef KAPIC_EMBEDDED_H
#define KAPIC_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name;      /* path below templates/ */
	const char *data;
	size_t len;
};

extern const struct embedded_file embedded_files[];
extern const size_t embedded_count;

#endif
