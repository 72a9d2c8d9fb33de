// The result of one estimator: a point estimate and, when the design allows
// it, its standard error. Every estimate names the method that produced it.
#ifndef JOBIMPACT_SURVEY_ESTIMATE_H_
#define JOBIMPACT_SURVEY_ESTIMATE_H_

#include <cstdint>
#include <optional>
#include <string>

namespace jobimpact::survey {

struct Estimate {
  double value = 0.0;
  // Empty when no variance estimator was applied (never reported as zero).
  std::optional<double> se;
  // Sample units behind the estimate; empty for published aggregates.
  std::optional<int64_t> n;
  // Human-readable method label, e.g. "expansion: N/n * sum(y)".
  std::string method;
};

}  // namespace jobimpact::survey

#endif  // JOBIMPACT_SURVEY_ESTIMATE_H_
