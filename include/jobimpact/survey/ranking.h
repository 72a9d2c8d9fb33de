// Uncertainty of a ranking: the probability that each of several domain
// estimates truly belongs to the N largest (the reports' "top-10
// provinces"), from the estimates' joint sampling distribution.
//
// The joint distribution is the normal approximation the intervals rest on
// (design-based central limit theorem), with the full covariance matrix of
// the estimates: domains of one survey are correlated (they share the
// component's denominator and, for a share, the total), and ignoring that
// would misstate the ranking's uncertainty. The probabilities are Monte
// Carlo frequencies over draws from N(estimates, covariance); the draws are
// counter-based (base/hash_random.h), so a seed gives the same result on
// any machine.
#ifndef JOBIMPACT_SURVEY_RANKING_H_
#define JOBIMPACT_SURVEY_RANKING_H_

#include <Eigen/Dense>
#include <cstdint>
#include <optional>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/survey/combination.h"

namespace jobimpact::survey {

// The covariance matrix of several combinations estimated on the same
// samples, by polarization: Cov(a, b) = (Var(a + b) - Var(a) - Var(b)) / 2,
// each variance from EstimateCombination, so that terms of one sample count
// jointly (their influence functions, or the same replicates) and samples
// stay independent. Costs K (K + 1) / 2 estimations for K items. nullopt
// when an item has no standard error (a published constant entered).
Result<std::optional<Eigen::MatrixXd>> EstimateCovariance(
    const std::vector<Sample>& samples, const std::vector<Combination>& items);

struct RankingOptions {
  int top_n = 10;     // 1 <= top_n.
  int draws = 10000;  // Monte Carlo draws, 100 to 10,000,000.
  uint64_t seed = 1;

  [[nodiscard]] Status Validate() const;
};

struct RankingSummary {
  int draws = 0;
  // Eigenvalues below zero (a covariance estimated from few PSUs need not
  // be positive semi-definite) were set to zero; how many.
  int clipped_eigenvalues = 0;
  // The Monte Carlo standard error bound of every probability:
  // 0.5 / sqrt(draws).
  double mc_se_bound = 0;
};

// P(item k is among the top_n largest) for each k, under
// N(estimates, covariance). With top_n >= K every probability is 1.
// InvalidArgument for mismatched sizes, a non-finite entry or a
// non-symmetric covariance. `summary` may be null.
Result<std::vector<double>> TopNProbabilities(
    const std::vector<double>& estimates, const Eigen::MatrixXd& covariance,
    const RankingOptions& options, RankingSummary* summary);

}  // namespace jobimpact::survey

#endif  // JOBIMPACT_SURVEY_RANKING_H_
