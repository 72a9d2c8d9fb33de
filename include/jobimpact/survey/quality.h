// Publication quality of a survey estimate: a class from its coefficient of
// variation (CV = se / |estimate|) and its respondent count, the way
// statistical offices flag or withhold small-domain figures.
//
// The default classes are Statistics Canada's data-quality scale (standard
// table symbols; e.g. the Quarterly Survey of Financial Statistics for
// Enterprises): A excellent CV < 5%, B very good 5% <= CV < 10%, C good
// 10% <= CV < 15%, D acceptable 15% <= CV < 25%, E use with caution
// 25% <= CV < 35%, F too unreliable to be published CV >= 35%. A figure from
// fewer than `min_n` respondents is suppressed whatever its CV (default 30,
// the minimum sample size of the NCHS data presentation standards for
// proportions, Parker et al. 2017, Vital Health Stat 2(175)).
#ifndef JOBIMPACT_SURVEY_QUALITY_H_
#define JOBIMPACT_SURVEY_QUALITY_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "jobimpact/base/status.h"

namespace jobimpact::survey {

enum class QualityFlag { kA, kB, kC, kD, kE, kF, kSuppressed };

// What a report does with a figure of the class.
enum class QualityDisplay { kShow, kCaution, kWithhold };

struct QualityFlagInfo {
  QualityFlag flag;
  std::string_view code;  // As written in results: "A" ... "F", "S".
  std::string_view zh;
  std::string_view en;
  QualityDisplay display;
};

// One entry per flag, in order A ... F, S.
std::span<const QualityFlagInfo> QualityFlags();
const QualityFlagInfo& QualityFlagInfoOf(QualityFlag flag);
// InvalidArgument listing the codes for anything else.
Result<QualityFlag> ParseQualityFlag(std::string_view code);

struct QualityOptions {
  // Upper CV bounds (exclusive) of classes A to E, increasing; a CV at or
  // above the last is F.
  std::array<double, 5> cv_bounds = {0.05, 0.10, 0.15, 0.25, 0.35};
  // Fewer respondents than this: suppressed.
  int64_t min_n = 30;

  // InvalidArgument unless the bounds are positive, finite and increasing
  // and min_n >= 1.
  Status Validate() const;
  bool operator==(const QualityOptions&) const = default;
};

// The class of an estimate with standard error `se` (>= 0) from `n`
// respondents. An estimate of zero has a CV of zero if its se is zero and
// an infinite one (F) otherwise.
QualityFlag ClassifyEstimate(double estimate, double se, int64_t n,
                             const QualityOptions& options);

// se / |estimate|: 0 when both are zero, +infinity when only the estimate
// is.
double CoefficientOfVariation(double estimate, double se);

}  // namespace jobimpact::survey

#endif  // JOBIMPACT_SURVEY_QUALITY_H_
