#include "jobimpact/survey/growth.h"

#include <fmt/format.h>

#include <boost/math/distributions/normal.hpp>
#include <cmath>

namespace jobimpact::survey {

Status GrowthOptions::Validate() const {
  if (level && !(*level > 0 && *level < 1)) {
    return InvalidArgumentError(
        fmt::format("growth: level {} is not in (0, 1)", *level));
  }
  return Status::Ok();
}

Result<GrowthEstimate> EstimateGrowth(const GrowthPoint& from,
                                      const GrowthPoint& to,
                                      const GrowthOptions& options) {
  JI_RETURN_IF_ERROR(options.Validate());
  if (to.year <= from.year) {
    return InvalidArgumentError(
        fmt::format("growth from {} to {}: the years are not in order",
                    from.year, to.year));
  }
  for (const GrowthPoint* p : {&from, &to}) {
    if (!(p->estimate > 0) || !std::isfinite(p->estimate)) {
      return NumericalError(
          fmt::format("growth from {} to {} is undefined: the {} value is {:g}",
                      from.year, to.year, p->year, p->estimate));
    }
  }
  const double years = to.year - from.year;
  const double log_ratio = std::log(to.estimate / from.estimate);
  GrowthEstimate g;
  g.estimate = std::exp(log_ratio / years) - 1.0;
  g.method =
      years == 1
          ? fmt::format("x_{} / x_{} - 1", to.year, from.year)
          : fmt::format("compound annual growth (x_{} / x_{})^(1/{:g}) - 1",
                        to.year, from.year, years);
  if (!from.se || !to.se) {
    g.method += fmt::format("; no interval: the {} value has no standard error",
                            !from.se ? from.year : to.year);
    return g;
  }
  std::optional<double> level = options.level;
  if (!level) {
    if (from.level != to.level || !from.level) {
      return InvalidArgumentError(fmt::format(
          "growth from {} to {}: the two estimates' intervals are at "
          "different levels ({} and {}); give the growth's level",
          from.year, to.year,
          from.level ? fmt::format("{:g}", *from.level) : "none",
          to.level ? fmt::format("{:g}", *to.level) : "none"));
    }
    level = from.level;
  }
  // Delta method: d log x = dx / x, so var(log x) = cv^2; independent
  // samples add.
  const double cv_from = *from.se / from.estimate;
  const double cv_to = *to.se / to.estimate;
  const double sd_log = std::sqrt(cv_from * cv_from + cv_to * cv_to);
  const double z = boost::math::quantile(
      boost::math::normal_distribution<double>(), 0.5 + *level / 2);
  g.se = (1.0 + g.estimate) * sd_log / years;
  g.ci_low = std::exp((log_ratio - z * sd_log) / years) - 1.0;
  g.ci_high = std::exp((log_ratio + z * sd_log) / years) - 1.0;
  g.level = level;
  g.method += fmt::format(
      "; delta method on the log ratio, samples of {} and {} taken as "
      "independent: var(log ratio) = cv_{}^2 + cv_{}^2, normal interval on "
      "the log scale",
      from.year, to.year, to.year, from.year);
  return g;
}

}  // namespace jobimpact::survey
