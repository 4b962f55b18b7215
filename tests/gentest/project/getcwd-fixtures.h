/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The project fixtures of the getcwd example (docs/tutorial.md): the
 * table kapic reads with --fixtures=getcwd-fixtures.h, and the functions
 * the generated test calls.  The test includes this header after the
 * runtime, so the runtime's API (struct kapi_env, kapi_fail, kapi_skip,
 * KAPI_FN) is declared here; its KAPI_FX_CHECK makes the compiler check
 * each function against its table entry.
 */
#ifndef GETCWD_FIXTURES_H
#define GETCWD_FIXTURES_H

#define KAPI_PROJECT_FIXTURES(X) \
	X(cwd_size, 0, KAPI_FX_VALUE, \
	  "the length of the working directory's path with its null byte, as /proc/self/cwd reads it") \
	X(cwd_removed, 0, KAPI_FX_SETUP, \
	  "the working directory is a new directory, then removed (d_unlinked)") \
	X(holds_cwd, 1, KAPI_FX_VERIFY, \
	  "the string at BUF is the working directory's path, as /proc/self/cwd reads it")

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The working directory read through /proc, not through getcwd(), so the
 * fixtures do not trust the call they test. */
KAPI_FN long kapi_cwd_path(struct kapi_env *env, char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/cwd", buf, size - 1);

	if (n < 0)
		kapi_skip(env, "cannot read /proc/self/cwd: %s", strerror(errno));
	buf[n] = 0;
	return (long)n;
}

KAPI_FN long kapi_fx_cwd_size(struct kapi_env *env)
{
	char path[PATH_MAX + 1];

	return kapi_cwd_path(env, path, sizeof path) + 1;
}

/* The case's private directory is the working directory, so "gone" is
 * made there and nothing is left behind. */
KAPI_FN long kapi_fx_cwd_removed(struct kapi_env *env)
{
	if (mkdir("gone", 0700) != 0 || chdir("gone") != 0 || rmdir("../gone") != 0)
		kapi_skip(env, "cannot remove a working directory: %s", strerror(errno));
	return 0;
}

KAPI_FN long kapi_fx_holds_cwd(struct kapi_env *env, long buf)
{
	char path[PATH_MAX + 1];

	kapi_cwd_path(env, path, sizeof path);
	if (strcmp((const char *)buf, path) != 0)
		kapi_fail(env, "the buffer holds \"%.64s\", the working directory is \"%.64s\"",
			  (const char *)buf, path);
	return 0;
}
#endif /* GETCWD_FIXTURES_H */
