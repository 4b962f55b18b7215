/*
 * bench/thread-start.c -- how long a new thread waits before it runs
 * while its creator keeps working, started the plain way and started as
 * kapic starts its workers (compiler/cpus.c: confined to the other CPUs).
 *
 * kapic shares a few milliseconds of work with a worker thread; if the
 * worker only runs once its creator blocks in pthread_join, the work was
 * done on one CPU.  On this guest a plain pthread_create put the thread
 * on its creator's CPU and it ran 0.9 to 3 ms later; confined to the
 * other CPU, 0.1 to 0.2 ms (bench/RESULTS.md, eighth round).
 *
 *   cc -O2 -pthread -o thread-start bench/thread-start.c && ./thread-start
 */
#define _GNU_SOURCE   /* sched_getcpu, pthread_attr_setaffinity_np */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

enum { ROUNDS = 10 };
static const unsigned long work_loop = 3000000UL;

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

struct probe {
	double started;
	int cpu;
};

static void *note_start(void *arg)
{
	struct probe *p = arg;

	p->started = now_us();
	p->cpu = sched_getcpu();
	return NULL;
}

static void rounds(int away)
{
	for (int i = 0; i < ROUNDS; i++) {
		struct probe p = { 0, -1 };
		pthread_attr_t attr;
		pthread_t thread;
		int here;

		usleep(20000);          /* let the other CPU go idle */
		here = sched_getcpu();
		pthread_attr_init(&attr);
		if (away) {
			cpu_set_t others;

			sched_getaffinity(0, sizeof others, &others);
			CPU_CLR(here, &others);
			if (CPU_COUNT(&others) > 0)
				pthread_attr_setaffinity_np(&attr, sizeof others, &others);
		}
		double t0 = now_us();
		if (pthread_create(&thread, &attr, note_start, &p) != 0) {
			perror("pthread_create");
			return;
		}
		for (volatile unsigned long k = 0; k < work_loop; k++)
			;
		double busy = now_us() - t0;
		pthread_join(thread, NULL);
		pthread_attr_destroy(&attr);
		printf("%s: creator on cpu %d, thread on cpu %d, ran after %.0f us "
		       "(creator busy %.0f us)\n", away ? "away" : "plain",
		       here, p.cpu, p.started - t0, busy);
	}
}

int main(void)
{
	rounds(0);
	rounds(1);
	return 0;
}
