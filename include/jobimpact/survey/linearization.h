// Taylor-linearization variance of survey statistics, by domain.
//
// Given influence values z_i of a statistic (e.g. w_i y_i for a total,
// w_i (y_i - R x_i) / X for a ratio) the variance is the with-replacement-
// style between-PSU variance within strata, with finite population
// corrections, plus a second-stage term when both stages carry an fpc:
//
//   V = sum_h (1 - n_h/N_h) n_h/(n_h - 1) sum_i (t_hi - tbar_h)^2
//       + sum_h sum_i (n_h/N_h) (1 - m_i/M_i) m_i/(m_i - 1) sum_j (u_ij -
//       ubar_i)^2
//
// where t_hi are PSU totals of z and u_ij SSU totals (Särndal, Swensson &
// Wretman 1992, result 4.3.1; the recursion of R survey's svyrecvar, onestage
// and onestrat, including its lonely-PSU rules). Domains are handled by
// zero-weighting: rows outside a domain contribute z = 0 but their PSUs still
// count in n_h.
#ifndef JOBIMPACT_SURVEY_LINEARIZATION_H_
#define JOBIMPACT_SURVEY_LINEARIZATION_H_

#include <cstdint>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/survey/design.h"

namespace jobimpact::survey {

// Influence values of one statistic in several domains at once: row i belongs
// to domain `domain[i]` (0 .. num_domains - 1) or to none (-1).
struct DomainInfluence {
  std::vector<double> z;
  std::vector<int32_t> domain;
  int num_domains = 1;
};

// Variance per domain. InvalidArgument if the sizes disagree with the design;
// Numerical if a result is not finite.
Result<std::vector<double>> LinearizedVariance(
    const Design& design, const DomainInfluence& influence);

}  // namespace jobimpact::survey

#endif  // JOBIMPACT_SURVEY_LINEARIZATION_H_
