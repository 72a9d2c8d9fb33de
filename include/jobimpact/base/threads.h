// How many threads a parallel step may use.
#ifndef JOBIMPACT_BASE_THREADS_H_
#define JOBIMPACT_BASE_THREADS_H_

namespace jobimpact {

// Cores this process may run on (its CPU affinity mask, so `taskset -c 0`
// gives 1), at least 1. std::thread::hardware_concurrency() counts the
// machine's cores instead, which oversubscribes a pinned process.
int AvailableCores();

}  // namespace jobimpact

#endif  // JOBIMPACT_BASE_THREADS_H_
