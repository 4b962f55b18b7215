#define _GNU_SOURCE   /* sched_getaffinity, CPU_COUNT, pthread_attr_setaffinity_np */
#include <sched.h>
#include <unistd.h>
#include "cpus.h"

unsigned cpus_usable(void)
{
	cpu_set_t set;

	/* The affinity mask, not sysconf(_SC_NPROCESSORS_ONLN): a build
	 * confined to one CPU gets one thread, and the system call costs
	 * nothing where sysconf's reading of /sys cost 200 KB of peak RSS
	 * (4% of a --check of 100 specs). */
	if (sched_getaffinity(0, sizeof set, &set) == 0) {
		int n = CPU_COUNT(&set);

		if (n > 0)
			return (unsigned)n;
	}
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (unsigned)n : 1;
}

static void *thread_main(void *arg)
{
	struct cpus_thread *t = arg;

	if (t->pinned) {
		sched_setaffinity(0, sizeof t->allowed, &t->allowed);
		atomic_store(&t->released, true);
	}
	return t->fn(t->arg);
}

/*
 * Linux puts a new thread on its creator's CPU, and moves it to an idle
 * one only at the next load balancing: a thread started to share a few
 * milliseconds of work mostly ran after its creator had done it all,
 * when the creator blocked in pthread_join (bench/thread-start.c).  So
 * the thread is created confined to the other CPUs, which puts it on one
 * at once (0.1 to 0.2 ms), and then given all of them back, so that the
 * scheduler may still move it.
 */
bool cpus_thread_start(struct cpus_thread *t, void *(*fn)(void *), void *arg)
{
	pthread_attr_t attr;
	cpu_set_t away;
	int here = sched_getcpu();
	bool ok;

	t->fn = fn;
	t->arg = arg;
	t->pinned = false;
	atomic_init(&t->released, false);
	if (pthread_attr_init(&attr) != 0)
		return false;
	if (here >= 0 && sched_getaffinity(0, sizeof t->allowed, &t->allowed) == 0) {
		away = t->allowed;
		CPU_CLR(here, &away);
		t->pinned = CPU_COUNT(&away) > 0 &&
			    pthread_attr_setaffinity_np(&attr, sizeof away, &away) == 0;
	}
	ok = pthread_create(&t->id, &attr, thread_main, t) == 0;
	pthread_attr_destroy(&attr);
	return ok;
}

void cpus_thread_join(struct cpus_thread *t)
{
	/* Not started yet, and the other CPUs busy: its creator's CPU,
	 * about to be free, may run it. */
	if (t->pinned && !atomic_load(&t->released))
		pthread_setaffinity_np(t->id, sizeof t->allowed, &t->allowed);
	pthread_join(t->id, NULL);
}
