#include "jobimpact/survey/ratio_sum.h"

#include <fmt/format.h>

#include <cmath>
#include <optional>

#include "jobimpact/survey/linearization.h"
#include "jobimpact/survey/replicates.h"

namespace jobimpact::survey {
namespace {

// A ratio sum evaluated on the full sample, with its influence values
// (linearization) or its replicate values (replication).
struct Evaluated {
  double theta = 0;
  std::vector<double> z;       // Linearization.
  std::vector<double> thetas;  // Replication.
  int64_t n = 0;
};

Result<Evaluated> Evaluate(const Design& design,
                           const std::vector<RatioTerm>& terms,
                           const std::optional<ReplicateDesign>& rep) {
  const size_t n = design.num_rows();
  const auto& w = design.weights();
  if (terms.empty())
    return InternalError("a ratio sum needs at least one term");
  Evaluated out;
  std::vector<double> ysum(terms.size(), 0.0), xsum(terms.size(), 0.0);
  std::vector<uint8_t> in_any(n, 0);
  for (size_t k = 0; k < terms.size(); ++k) {
    const RatioTerm& t = terms[k];
    if (t.y.size() != n || t.x.size() != n) {
      return InternalError("ratio term size differs from the design");
    }
    for (size_t i = 0; i < n; ++i) {
      ysum[k] += w[i] * t.y[i];
      xsum[k] += w[i] * t.x[i];
      if (t.x[i] != 0) in_any[i] = 1;
    }
    if (xsum[k] == 0)
      return NumericalError("a ratio term has a zero weighted denominator");
    out.theta += t.scale * ysum[k] / xsum[k];
  }
  for (uint8_t b : in_any) out.n += b;
  if (!rep) {
    out.z.assign(n, 0.0);
    for (size_t k = 0; k < terms.size(); ++k) {
      const double r = ysum[k] / xsum[k];
      const double c = terms[k].scale / xsum[k];
      for (size_t i = 0; i < n; ++i)
        out.z[i] += c * w[i] * (terms[k].y[i] - r * terms[k].x[i]);
    }
    return out;
  }
  std::vector<const std::vector<double>*> cols;
  for (const auto& t : terms) {
    cols.push_back(&t.y);
    cols.push_back(&t.x);
  }
  JI_ASSIGN_OR_RETURN(auto sums,
                      rep->ReplicateSums(cols, std::vector<int32_t>(n, 0), 1));
  const int R = rep->num_replicates();
  const size_t K = cols.size();
  out.thetas.assign(R, 0.0);
  for (int r = 0; r < R; ++r) {
    const double* s = sums.data() + static_cast<size_t>(r) * K;
    for (size_t k = 0; k < terms.size(); ++k) {
      out.thetas[r] += s[2 * k + 1] != 0
                           ? terms[k].scale * s[2 * k] / s[2 * k + 1]
                           : std::nan("");
    }
  }
  return out;
}

// Variance of a statistic with influence values `z` or replicate values
// `thetas`, and the interval around `theta`.
Result<SurveyEstimate> Finish(const Design& design,
                              const std::optional<ReplicateDesign>& rep,
                              const EstimationOptions& options, double theta,
                              const std::vector<double>& z,
                              const std::vector<double>& thetas, int64_t n) {
  double variance = 0;
  int df = 0;
  std::string label;
  if (!rep) {
    DomainInfluence inf;
    inf.z = z;
    inf.domain.assign(design.num_rows(), 0);
    JI_ASSIGN_OR_RETURN(auto v, LinearizedVariance(design, inf));
    variance = v[0];
    df = design.DegreesOfFreedom();
    label = "Taylor linearization";
  } else {
    variance = rep->Variance(thetas, theta);
    df = rep->DegreesOfFreedom();
    label = "replication: " + rep->Describe();
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
  e.n = n;
  e.method = fmt::format("{}; design: {}; t({}) interval {:g}%", label,
                         design.Describe(), df, 100 * options.confidence);
  return e;
}

Result<std::optional<ReplicateDesign>> MaybeReplicates(
    const Design& design, const table::Table& table,
    const EstimationOptions& options) {
  JI_RETURN_IF_ERROR(options.Validate());
  if (options.method == VarianceMethod::kLinearization)
    return std::optional<ReplicateDesign>();
  JI_ASSIGN_OR_RETURN(
      ReplicateDesign rep,
      ReplicateDesign::Create(design, table, options.replicates));
  return std::optional<ReplicateDesign>(std::move(rep));
}

}  // namespace

Result<SurveyEstimate> EstimateRatioSum(const Design& design,
                                        const std::vector<RatioTerm>& terms,
                                        const EstimationOptions& options,
                                        const table::Table& table) {
  JI_ASSIGN_OR_RETURN(auto rep, MaybeReplicates(design, table, options));
  JI_ASSIGN_OR_RETURN(Evaluated a, Evaluate(design, terms, rep));
  return Finish(design, rep, options, a.theta, a.z, a.thetas, a.n);
}

Result<SurveyEstimate> EstimateQuotient(
    const Design& design, const std::vector<RatioTerm>& numerator,
    const std::vector<RatioTerm>& denominator, const EstimationOptions& options,
    const table::Table& table) {
  JI_ASSIGN_OR_RETURN(auto rep, MaybeReplicates(design, table, options));
  JI_ASSIGN_OR_RETURN(Evaluated a, Evaluate(design, numerator, rep));
  JI_ASSIGN_OR_RETURN(Evaluated b, Evaluate(design, denominator, rep));
  if (b.theta == 0)
    return NumericalError("the denominator of a quotient is zero");
  const double theta = a.theta / b.theta;
  std::vector<double> z, thetas;
  if (!rep) {
    // Delta method: z = (z_A - theta z_B) / B.
    z.resize(a.z.size());
    for (size_t i = 0; i < z.size(); ++i)
      z[i] = (a.z[i] - theta * b.z[i]) / b.theta;
  } else {
    thetas.resize(a.thetas.size());
    for (size_t r = 0; r < thetas.size(); ++r)
      thetas[r] = a.thetas[r] / b.thetas[r];
  }
  return Finish(design, rep, options, theta, z, thetas, std::max(a.n, b.n));
}

}  // namespace jobimpact::survey
