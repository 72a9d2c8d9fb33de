// Combinations of survey estimates (R survey's svycontrast, for the ratio
// sums of ratio_sum.h): a constant plus scaled ratio terms drawn from one or
// more samples. Terms of one sample are estimated jointly, so their
// covariance counts (one influence function, or the same sum in every
// replicate); different samples are independent and their variances add.
// Quotients of two combinations use the delta method. Studies build their
// sums across components, shares and growth rates from these.
#ifndef JOBIMPACT_SURVEY_COMBINATION_H_
#define JOBIMPACT_SURVEY_COMBINATION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/survey/design.h"
#include "jobimpact/survey/estimators.h"
#include "jobimpact/survey/ratio_sum.h"
#include "jobimpact/table/table.h"

namespace jobimpact::survey {

// One independent sample: its design, the table holding its columns (read
// only for supplied replicate weights) and how to estimate variances on it.
// Not owned; the pointers must outlive the estimation call.
struct Sample {
  std::string label;  // Names the sample in method texts and errors.
  const Design* design = nullptr;
  const table::Table* table = nullptr;
  EstimationOptions options;
};

// constant + sum of terms, each a ratio term of one sample (an index into
// the samples passed to EstimateCombination).
struct Combination {
  struct Term {
    int sample = 0;
    RatioTerm term;
  };
  double constant = 0;
  // A constant of unknown uncertainty entered (a published figure): the
  // combination has an estimate but no standard error.
  bool unknown = false;
  std::vector<Term> terms;
  // Respondents behind a domain figure: the sample rows in its domain, set
  // by whoever restricts the terms to the domain (n counts every row the
  // estimator reads, which for a domain is the whole sample). Sums add them;
  // unset when any part with terms leaves it unset.
  std::optional<int64_t> respondents;

  // A known or published constant.
  static Combination Constant(double value, bool unknown);
  // One ratio term of `sample`.
  static Combination Of(int sample, RatioTerm term);

  Combination& operator+=(const Combination& other);
  Combination Scaled(double factor) const;
};

struct CombinedEstimate {
  double estimate = 0;
  // Empty when a constant of unknown uncertainty entered or a sample's
  // estimator could not give one (`note` says which).
  std::optional<double> se;
  // Symmetric t interval on the smallest degrees of freedom among the
  // samples, at their common confidence level; empty with se.
  std::optional<double> ci_low, ci_high, level;
  int df = 0;
  int64_t n = 0;  // Sample rows behind the terms, summed over samples.
  std::optional<int64_t> respondents;  // The combination's (a numerator's).
  std::string method;                  // "LABEL: variance method + LABEL: ...".
  std::string note;
};

// InvalidArgument when the samples that enter declare different confidence
// levels (one interval has one level); estimator errors carry the sample's
// label.
Result<CombinedEstimate> EstimateCombination(const std::vector<Sample>& samples,
                                             const Combination& c);

// R = A / B with the delta-method variance of the linearised quantity
// (A - R B) / B (Woodruff 1971; R survey's svyratio), the terms' joint
// influence counting within each sample. No estimate (nullopt) when B is
// not positive or A has no survey term; no se when either has a constant
// of unknown uncertainty.
Result<std::optional<CombinedEstimate>> EstimateQuotient(
    const std::vector<Sample>& samples, const Combination& numerator,
    const Combination& denominator);

}  // namespace jobimpact::survey

#endif  // JOBIMPACT_SURVEY_COMBINATION_H_
