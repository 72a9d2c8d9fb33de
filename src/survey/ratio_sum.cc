#include "jobimpact/survey/ratio_sum.h"

#include <fmt/format.h>

#include <cmath>
#include <optional>

#include "jobimpact/survey/linearization.h"
#include "jobimpact/survey/replicates.h"

namespace jobimpact::survey {

Result<SurveyEstimate> EstimateRatioSum(const Design& design,
                                        const std::vector<RatioTerm>& terms,
                                        const EstimationOptions& options,
                                        const table::Table& table) {
  JI_RETURN_IF_ERROR(options.Validate());
  const size_t n = design.num_rows();
  const auto& w = design.weights();
  if (terms.empty()) return InternalError("EstimateRatioSum: no terms");
  std::vector<double> ysum(terms.size(), 0.0), xsum(terms.size(), 0.0);
  int64_t used = 0;
  std::vector<uint8_t> in_any(n, 0);
  for (size_t k = 0; k < terms.size(); ++k) {
    const RatioTerm& t = terms[k];
    if (t.y.size() != n || t.x.size() != n) {
      return InternalError(
          "EstimateRatioSum: term size differs from the design");
    }
    for (size_t i = 0; i < n; ++i) {
      ysum[k] += w[i] * t.y[i];
      xsum[k] += w[i] * t.x[i];
      if (t.x[i] != 0) in_any[i] = 1;
    }
    if (xsum[k] == 0) {
      return NumericalError("a ratio term has a zero weighted denominator");
    }
  }
  for (uint8_t b : in_any) used += b;
  double theta = 0;
  for (size_t k = 0; k < terms.size(); ++k)
    theta += terms[k].scale * ysum[k] / xsum[k];

  double variance = 0;
  int df = 0;
  std::string label;
  if (options.method == VarianceMethod::kLinearization) {
    DomainInfluence inf;
    inf.z.assign(n, 0.0);
    inf.domain.assign(n, 0);
    for (size_t k = 0; k < terms.size(); ++k) {
      const double r = ysum[k] / xsum[k];
      const double c = terms[k].scale / xsum[k];
      for (size_t i = 0; i < n; ++i) {
        inf.z[i] += c * w[i] * (terms[k].y[i] - r * terms[k].x[i]);
      }
    }
    JI_ASSIGN_OR_RETURN(auto v, LinearizedVariance(design, inf));
    variance = v[0];
    df = design.DegreesOfFreedom();
    label = "Taylor linearization";
  } else {
    JI_ASSIGN_OR_RETURN(
        ReplicateDesign rep,
        ReplicateDesign::Create(design, table, options.replicates));
    std::vector<const std::vector<double>*> cols;
    for (const auto& t : terms) {
      cols.push_back(&t.y);
      cols.push_back(&t.x);
    }
    std::vector<int32_t> all(n, 0);
    JI_ASSIGN_OR_RETURN(auto sums, rep.ReplicateSums(cols, all, 1));
    const int R = rep.num_replicates();
    const size_t K = cols.size();
    std::vector<double> thetas(R, 0.0);
    for (int r = 0; r < R; ++r) {
      const double* s = sums.data() + static_cast<size_t>(r) * K;
      for (size_t k = 0; k < terms.size(); ++k) {
        thetas[r] += s[2 * k + 1] != 0
                         ? terms[k].scale * s[2 * k] / s[2 * k + 1]
                         : std::nan("");
      }
    }
    variance = rep.Variance(thetas, theta);
    df = rep.DegreesOfFreedom();
    label = "replication: " + rep.Describe();
  }
  if (!std::isfinite(variance) || variance < 0 || !std::isfinite(theta)) {
    return NumericalError(
        "the variance of the estimate is not a finite number "
        "(an empty replicate or domain?)");
  }
  JI_ASSIGN_OR_RETURN(double tq,
                      StudentTQuantile((1 + options.confidence) / 2, df));
  SurveyEstimate e;
  e.statistic = Statistic::kTotal;
  e.estimate = theta;
  e.se = std::sqrt(variance);
  e.ci_low = theta - tq * e.se;
  e.ci_high = theta + tq * e.se;
  e.df = df;
  e.n = used;
  e.method = fmt::format("{}; design: {}; t({}) interval {:g}%", label,
                         design.Describe(), df, 100 * options.confidence);
  return e;
}

}  // namespace jobimpact::survey
