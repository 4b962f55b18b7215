/*
 * Unit tests for how kapic starts its worker threads (compiler/cpus.c):
 * the thread runs its function, starts on another CPU than its creator's
 * when the process has one, and works with all of the process's CPUs
 * given back; confined to one CPU, it is started there.
 */
#define _GNU_SOURCE   /* cpu_set_t, sched_getcpu */
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "cpus.h"

#include "tap.h"

struct seen {
	int ran;
	cpu_set_t mask;                 /* the thread's, as it works */
	bool mask_ok;
};

static void *note(void *arg)
{
	struct seen *s = arg;

	s->ran++;
	s->mask_ok = sched_getaffinity(0, sizeof s->mask, &s->mask) == 0;
	return NULL;
}

static void test_started_away(void)
{
	cpu_set_t all;
	struct cpus_thread t;
	struct seen s = { 0 };

	if (sched_getaffinity(0, sizeof all, &all) != 0 || CPU_COUNT(&all) < 2) {
		printf("ok %u - # SKIP one CPU only\n", ++ntests);
		return;
	}
	bool started = cpus_thread_start(&t, note, &s);
	report(started, "a thread starts");
	if (!started)
		return;
	cpus_thread_join(&t);
	report(s.ran == 1, "it runs its function once, with its argument");
	report(t.pinned, "with two CPUs, it is started away from its creator");
	report(atomic_load(&t.released), "and released before its function runs");
	report(s.mask_ok && CPU_EQUAL(&s.mask, &all),
	       "its function runs with all of the process's CPUs");
}

static void test_one_cpu(void)
{
	cpu_set_t all, one;
	struct cpus_thread t;
	struct seen s = { 0 };
	int here = sched_getcpu();

	if (here < 0 || sched_getaffinity(0, sizeof all, &all) != 0) {
		printf("ok %u - # SKIP no affinity\n", ++ntests);
		return;
	}
	CPU_ZERO(&one);
	CPU_SET(here, &one);
	if (sched_setaffinity(0, sizeof one, &one) != 0) {
		printf("ok %u - # SKIP cannot confine the test\n", ++ntests);
		return;
	}
	report(cpus_usable() == 1, "confined to one CPU, one is usable");
	bool started = cpus_thread_start(&t, note, &s);
	report(started && !t.pinned, "a thread starts, not confined elsewhere");
	if (started) {
		cpus_thread_join(&t);
		report(s.ran == 1 && s.mask_ok && CPU_EQUAL(&s.mask, &one),
		       "it runs on the one CPU");
	}
	sched_setaffinity(0, sizeof all, &all);
}

int main(void)
{
	test_started_away();
	test_one_cpu();
	printf("1..%u\n", ntests);
	return nfailed ? 1 : 0;
}
