// Sums of ratio estimators scaled by known totals:
//
//   theta = sum_k N_k * (sum_i w_i y_ki) / (sum_i w_i x_ki)
//
// One term with x = 1 restricted to a subpopulation is the reports' operator
// and service-provider formula (N x the weighted mean per unit; with weights
// N/n it is exactly N/n * sum y). A domain breakdown is a term whose y is zero
// outside the domain; a study-wide figure sums the terms of every component
// sharing the survey, so their covariances enter through the joint influence
// function z = sum_k N_k w (y_k - R_k x_k) / X_k (Binder 1983) or the same
// sum computed in every replicate.
#ifndef JOBIMPACT_SURVEY_RATIO_SUM_H_
#define JOBIMPACT_SURVEY_RATIO_SUM_H_

#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/survey/design.h"
#include "jobimpact/survey/estimators.h"
#include "jobimpact/table/table.h"

namespace jobimpact::survey {

struct RatioTerm {
  std::vector<double> y;  // Per design row.
  std::vector<double> x;  // Per design row; sum of w x must not be zero.
  double scale = 1.0;     // The known total N_k.
};

// Estimate, standard error, t interval on the variance method's degrees of
// freedom, and n = rows with x != 0 in any term. `table` is needed only for
// supplied replicate weights.
Result<SurveyEstimate> EstimateRatioSum(const Design& design,
                                        const std::vector<RatioTerm>& terms,
                                        const EstimationOptions& options,
                                        const table::Table& table);

// The quotient A / B of two ratio sums (e.g. a domain's share of all jobs,
// or the ratio of two estimates), with the delta-method influence
// z = (z_A - theta z_B) / B (Woodruff 1971) or the quotient in every
// replicate.
Result<SurveyEstimate> EstimateQuotient(
    const Design& design, const std::vector<RatioTerm>& numerator,
    const std::vector<RatioTerm>& denominator, const EstimationOptions& options,
    const table::Table& table);

}  // namespace jobimpact::survey

#endif  // JOBIMPACT_SURVEY_RATIO_SUM_H_
