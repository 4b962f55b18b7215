/* How many threads kapic starts when -j does not say, and how it starts
 * them. */
#ifndef KAPIC_CPUS_H
#define KAPIC_CPUS_H

/* Needs _GNU_SOURCE, for cpu_set_t, defined before any header. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>

/* The CPUs this process may run on (taskset, cgroup cpusets), at least 1. */
unsigned cpus_usable(void);

/* A worker thread.  The caller keeps it in place until cpus_thread_join. */
struct cpus_thread {
	pthread_t id;
	void *(*fn)(void *);
	void *arg;
	cpu_set_t allowed;              /* the process's CPUs, given back */
	bool pinned;                    /* started away from its creator */
	atomic_bool released;           /* runs on ALLOWED again */
};

/*
 * Start FN(ARG) on a thread, on another CPU than the calling thread's
 * when there is one: false when no thread could be started (the caller
 * does the work itself).
 */
bool cpus_thread_start(struct cpus_thread *t, void *(*fn)(void *), void *arg);

/* Wait for T to end. */
void cpus_thread_join(struct cpus_thread *t);

#endif
