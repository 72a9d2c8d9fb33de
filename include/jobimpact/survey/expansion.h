// Expansion (mean-per-unit) estimators of population totals from a simple
// random sample of n units out of a known population of N units:
//
//   Y_hat = N / n * sum_i y_i                    (Cochran 1977, eq. 2.2)
//
// This is the estimator behind both of the reports' direct-jobs formulas
// (METHOD.md §1): service providers (y = employees * platform share) and
// operators (y = surveyed dev+ops staff per account). Domain totals use the
// same N/n weight with y set to zero outside the domain (zero-weighting, so
// the sample size n is never reduced to the domain's).
//
// No variance is attached here; the design-based survey engine supplies it.
#ifndef JOBIMPACT_SURVEY_EXPANSION_H_
#define JOBIMPACT_SURVEY_EXPANSION_H_

#include <map>
#include <string>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/survey/estimate.h"

namespace jobimpact::survey {

struct ExpansionOptions {
  // Official number of units in the population (N). Must be finite and > 0.
  double population = 0.0;

  Status Validate() const;
};

struct ExpansionSummary {
  int64_t n = 0;            // Sample size.
  double weight = 0.0;      // N / n, the expansion weight of every unit.
  double sample_sum = 0.0;  // sum_i y_i.
};

// Total of `y` (finite values, at least one). InvalidArgument otherwise;
// Numerical if the result is not finite.
Result<Estimate> ExpansionTotal(const std::vector<double>& y,
                                const ExpansionOptions& options,
                                ExpansionSummary* summary = nullptr);

// Totals of `y` within each distinct value of `domain` (same length as y),
// each with the domain's sample count in Estimate::n.
Result<std::map<std::string, Estimate>> ExpansionTotalsByDomain(
    const std::vector<double>& y, const std::vector<std::string>& domain,
    const ExpansionOptions& options);

}  // namespace jobimpact::survey

#endif  // JOBIMPACT_SURVEY_EXPANSION_H_
