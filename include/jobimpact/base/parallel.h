// A parallel loop over index ranges, for steps whose result must not depend
// on the thread count: each index is handled exactly once and writes only
// its own slots.
#ifndef JOBIMPACT_BASE_PARALLEL_H_
#define JOBIMPACT_BASE_PARALLEL_H_

#include <cstddef>
#include <functional>

namespace jobimpact {

// Calls fn(begin, end) on contiguous chunks covering [0, n), on up to
// `threads` threads (0: AvailableCores()); on the calling thread alone when
// n < min_parallel (starting threads costs more than it saves) or one
// thread is asked for.
void ParallelFor(size_t n, int threads, size_t min_parallel,
                 const std::function<void(size_t, size_t)>& fn);

}  // namespace jobimpact

#endif  // JOBIMPACT_BASE_PARALLEL_H_
