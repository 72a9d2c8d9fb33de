#include "jobimpact/base/parallel.h"

#include <algorithm>
#include <thread>
#include <vector>

#include "jobimpact/base/threads.h"

namespace jobimpact {

void ParallelFor(size_t n, int threads, size_t min_parallel,
                 const std::function<void(size_t, size_t)>& fn) {
  const size_t t =
      static_cast<size_t>(threads > 0 ? threads : AvailableCores());
  if (t <= 1 || n < std::max<size_t>(min_parallel, 2)) {
    fn(0, n);
    return;
  }
  std::vector<std::thread> pool;
  const size_t chunk = (n + t - 1) / t;
  for (size_t b = chunk; b < n; b += chunk) {
    pool.emplace_back(fn, b, std::min(n, b + chunk));
  }
  fn(0, std::min(n, chunk));  // The first chunk on this thread.
  for (auto& th : pool) th.join();
}

}  // namespace jobimpact
