/* How many threads kapic starts when -j does not say. */
#ifndef KAPIC_CPUS_H
#define KAPIC_CPUS_H

/* The CPUs this process may run on (taskset, cgroup cpusets), at least 1. */
unsigned cpus_usable(void);

#endif
