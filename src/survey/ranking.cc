#include "jobimpact/survey/ranking.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "jobimpact/base/hash_random.h"

namespace jobimpact::survey {

Result<std::optional<Eigen::MatrixXd>> EstimateCovariance(
    const std::vector<Sample>& samples, const std::vector<Combination>& items) {
  const Eigen::Index k = static_cast<Eigen::Index>(items.size());
  Eigen::MatrixXd cov(k, k);
  std::vector<double> var(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    JI_ASSIGN_OR_RETURN(CombinedEstimate e,
                        EstimateCombination(samples, items[i]));
    if (!e.se) return std::optional<Eigen::MatrixXd>();
    var[i] = *e.se * *e.se;
    cov(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i)) = var[i];
  }
  for (size_t i = 0; i < items.size(); ++i) {
    for (size_t j = i + 1; j < items.size(); ++j) {
      Combination sum = items[i];
      sum += items[j];
      JI_ASSIGN_OR_RETURN(CombinedEstimate e,
                          EstimateCombination(samples, sum));
      if (!e.se) return std::optional<Eigen::MatrixXd>();
      // Polarization identity: Var(a + b) = Var a + Var b + 2 Cov(a, b).
      const double c = (*e.se * *e.se - var[i] - var[j]) / 2;
      const auto a = static_cast<Eigen::Index>(i);
      const auto b = static_cast<Eigen::Index>(j);
      cov(a, b) = cov(b, a) = c;
    }
  }
  return std::optional<Eigen::MatrixXd>(std::move(cov));
}

Status RankingOptions::Validate() const {
  if (top_n < 1) {
    return InvalidArgumentError(
        fmt::format("top_n: expected at least 1, got {}", top_n));
  }
  if (draws < 100 || draws > 10'000'000) {
    return InvalidArgumentError(
        fmt::format("draws: expected 100 to 10000000, got {}", draws));
  }
  return Status::Ok();
}

Result<std::vector<double>> TopNProbabilities(
    const std::vector<double>& estimates, const Eigen::MatrixXd& covariance,
    const RankingOptions& options, RankingSummary* summary) {
  JI_RETURN_IF_ERROR(options.Validate());
  const Eigen::Index k = static_cast<Eigen::Index>(estimates.size());
  if (covariance.rows() != k || covariance.cols() != k) {
    return InvalidArgumentError(
        fmt::format("covariance is {} x {} for {} estimates", covariance.rows(),
                    covariance.cols(), k));
  }
  for (double e : estimates) {
    if (!std::isfinite(e))
      return InvalidArgumentError("an estimate is not finite");
  }
  if (!covariance.allFinite()) {
    return InvalidArgumentError("the covariance has a non-finite entry");
  }
  const double scale = std::max(covariance.cwiseAbs().maxCoeff(), 1e-300);
  if (!((covariance - covariance.transpose()).cwiseAbs().maxCoeff() <=
        1e-9 * scale)) {
    return InvalidArgumentError("the covariance is not symmetric");
  }
  std::vector<double> p(estimates.size(), 1.0);
  if (summary != nullptr) {
    *summary = RankingSummary{options.draws, 0, 0.5 / std::sqrt(options.draws)};
  }
  if (options.top_n >= k) return p;
  // cov = V diag(l) V'; draws mean + V diag(sqrt(max(l, 0))) z. Negative
  // eigenvalues (sampling noise in an estimated covariance) are clipped.
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(covariance);
  Eigen::VectorXd l = eig.eigenvalues();
  int clipped = 0;
  for (Eigen::Index i = 0; i < k; ++i) {
    if (l(i) < 0) {
      l(i) = 0;
      ++clipped;
    }
  }
  const Eigen::MatrixXd root = eig.eigenvectors() * l.cwiseSqrt().asDiagonal();
  const Eigen::Map<const Eigen::VectorXd> mean(estimates.data(), k);
  const HashStream stream(options.seed, 0x746f704eULL);  // "topN"
  std::vector<int64_t> hits(estimates.size(), 0);
  std::vector<Eigen::Index> order(estimates.size());
  Eigen::VectorXd z(k), x(k);
  for (int d = 0; d < options.draws; ++d) {
    for (Eigen::Index i = 0; i < k; ++i) {
      z(i) = stream.Normal(static_cast<uint64_t>(d) * static_cast<uint64_t>(k) +
                           static_cast<uint64_t>(i));
    }
    x.noalias() = mean + root * z;
    std::iota(order.begin(), order.end(), 0);
    std::nth_element(order.begin(), order.begin() + options.top_n - 1,
                     order.end(), [&x](Eigen::Index a, Eigen::Index b) {
                       return x(a) > x(b) || (x(a) == x(b) && a < b);
                     });
    for (int r = 0; r < options.top_n; ++r)
      ++hits[static_cast<size_t>(order[r])];
  }
  for (size_t i = 0; i < p.size(); ++i) {
    p[i] = static_cast<double>(hits[i]) / options.draws;
  }
  if (summary != nullptr) summary->clipped_eigenvalues = clipped;
  return p;
}

}  // namespace jobimpact::survey
