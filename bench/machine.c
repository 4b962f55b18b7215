/*
 * bench/machine.c -- the state of a shared machine: what a second busy thread
 * adds, and what a fresh page costs.
 *
 * kapic parses, checks and renders on one thread a CPU; what that buys
 * depends on whether the CPUs are cores of their own or two hardware
 * threads of one core (or share a host core under a hypervisor).  This
 * times a fixed loop on one thread, then the same loop on two threads at
 * once, and prints the work done per unit of time by two against one:
 * 2.0 for two free cores, near 1.0 when they share one.  Then what a
 * first touch of fresh memory costs a page, which kapic pays for its
 * model and outputs and which the busy loop does not see (on this guest
 * it went from 1.4 to 2.2 us within the hour, and --check of 100 specs
 * from 6 to 12 ms with it).  Medians of ROUNDS rounds; run.sh prints
 * both beside the machine.
 */
#include <pthread.h>
#include <sys/mman.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { ROUNDS = 5, PAGES = 1024, PAGE = 4096 };
static const unsigned long loop = 60000000UL;

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* A dependency chain the compiler cannot fold or vectorise away. */
static void *spin(void *arg)
{
	volatile unsigned long x = 0;

	for (unsigned long i = 0; i < loop; i++)
		x += i ^ (x >> 3);
	return arg;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Microseconds a page to map and first touch PAGES fresh pages. */
static double first_touch_us(void)
{
	double t0 = now_ms();
	char *p = mmap(NULL, (size_t)PAGES * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return -1;
	for (size_t i = 0; i < (size_t)PAGES * PAGE; i += PAGE)
		((volatile char *)p)[i] = 1;
	double t = now_ms() - t0;
	munmap(p, (size_t)PAGES * PAGE);
	return t * 1000 / PAGES;
}

int main(void)
{
	double one[ROUNDS], two[ROUNDS], touch[ROUNDS];

	for (int r = 0; r < ROUNDS; r++) {
		pthread_t a, b;
		double t0 = now_ms();

		spin(NULL);
		double t1 = now_ms();
		if (pthread_create(&a, NULL, spin, NULL) != 0 ||
		    pthread_create(&b, NULL, spin, NULL) != 0) {
			fprintf(stderr, "machine: cannot start threads\n");
			return 1;
		}
		pthread_join(a, NULL);
		pthread_join(b, NULL);
		one[r] = t1 - t0;
		two[r] = now_ms() - t1;
		touch[r] = first_touch_us();
	}
	qsort(one, ROUNDS, sizeof one[0], by_value);
	qsort(two, ROUNDS, sizeof two[0], by_value);
	qsort(touch, ROUNDS, sizeof touch[0], by_value);
	printf("one busy thread %.1f ms, two at once %.1f ms: two threads do %.2fx the work of one; "
	       "a fresh page %.2f us\n",
	       one[ROUNDS / 2], two[ROUNDS / 2], 2 * one[ROUNDS / 2] / two[ROUNDS / 2],
	       touch[ROUNDS / 2]);
	return 0;
}
