/* The generated test calls the C library's getrandom(), which
 * <sys/random.h> declares; the generated file does not include it. */
#define _GNU_SOURCE
#include <sys/random.h>
#include "getrandom-test.c"
