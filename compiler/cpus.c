#define _GNU_SOURCE   /* sched_getaffinity, CPU_COUNT */
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
