// Growth of a figure between two years whose estimates come from
// independent samples (two survey waves, or one survey year and a published
// value): x_to / x_from - 1, annualised over `years` as a compound rate.
// The interval is the delta method on the log ratio (Kish 1965, §12.11;
// Wolter 2007, App. B): var(log(x_to / x_from)) = cv_to^2 + cv_from^2 for
// independent samples, a normal interval on that scale mapped back, so it
// never crosses -100% and is not symmetric. Samples that share units (a
// panel) have a positive covariance the formula ignores: their interval is
// too wide, and the method text says the samples are taken as independent.
#ifndef JOBIMPACT_SURVEY_GROWTH_H_
#define JOBIMPACT_SURVEY_GROWTH_H_

#include <optional>
#include <string>

#include "jobimpact/base/status.h"

namespace jobimpact::survey {

// One year's value: an estimate with its standard error and level, or a
// value without uncertainty (published, or exact).
struct GrowthPoint {
  int year = 0;
  double estimate = 0;
  std::optional<double> se;
  std::optional<double> level;  // Of the estimate's own interval.
};

struct GrowthOptions {
  // Confidence level of the growth's interval; unset: the points' common
  // level (an error when they differ).
  std::optional<double> level;

  // InvalidArgument unless a set level is in (0, 1).
  [[nodiscard]] Status Validate() const;
};

struct GrowthEstimate {
  double estimate = 0;  // (x_to / x_from)^(1 / years) - 1.
  // Set when both points have a standard error: the delta-method se of the
  // rate, (1 + g) * sqrt(cv_to^2 + cv_from^2) / years, and the interval
  // exp((log r +/- z sqrt(cv_to^2 + cv_from^2)) / years) - 1.
  std::optional<double> se, ci_low, ci_high, level;
  std::string method;
};

// The compound annual growth from `from` to `to` (years to.year - from.year,
// which must be positive). InvalidArgument for years out of order, points
// of different levels without options.level or invalid options; Numerical
// when either value is not positive (the ratio's logarithm is undefined).
[[nodiscard]] Result<GrowthEstimate> EstimateGrowth(
    const GrowthPoint& from, const GrowthPoint& to,
    const GrowthOptions& options = {});

}  // namespace jobimpact::survey

#endif  // JOBIMPACT_SURVEY_GROWTH_H_
