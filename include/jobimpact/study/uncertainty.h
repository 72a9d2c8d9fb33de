// Total uncertainty of a study's figures (docs/method.md §7): the sampling
// error together with the study's assumptions that have a range (FTE
// factor, additionality factors), by Monte Carlo.
//
// A figure's response to each assumption is measured by re-running the
// stages the assumption enters with the assumption at its low and its high
// (the tornado table); the Monte Carlo then draws every assumption from its
// distribution and the sampling error from the figure's own interval, and
// combines them:
//   F(a) = F0 x prod_j g_j(a_j) / F0        (F0 != 0; F0 + sum_j (g_j - F0)
//                                            when F0 = 0),
//   F^d  = F(a^d) x (1 + e^d / F0),
// where g_j is the quadratic through the figure at assumption j's low, value
// and high, and e^d the sampling deviation drawn from a normal split at the
// estimate that reproduces the sampling interval (its lower and upper
// halves). The product form is exact for figures that are products of one
// factor per assumption (net jobs, FTE); where two assumptions enter one
// sum (two components' own factors in the net total) their interaction is
// left out (second order). The interval is the type-7 quantiles of the
// draws at the figure's level.
#ifndef JOBIMPACT_STUDY_UNCERTAINTY_H_
#define JOBIMPACT_STUDY_UNCERTAINTY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/study/config.h"

namespace jobimpact::study {

// An assumption of a study that has a range, by its key path in the study
// file: "measures.parttime_fte", "net.deadweight",
// "net.components.payment.displacement".
// The first stage of a run an assumption's value enters: the stages from
// there on are re-run when it changes.
enum class AssumptionStage { kDirectJobs, kIndirect, kNet };

struct RangedAssumption {
  std::string key;
  Assumption assumption;
  AssumptionStage stage = AssumptionStage::kDirectJobs;
};
// Every assumption of `spec` with low < high, in study-file order.
std::vector<RangedAssumption> RangedAssumptions(const StudySpec& spec);
// `spec` with the value of the assumption at `key` set to `value` (its
// range and source kept). InvalidArgument for a key that is not an
// assumption of the study, listing those it has.
Result<StudySpec> WithAssumptionValue(const StudySpec& spec,
                                      const std::string& key, double value);

// The value of `a` at cumulative probability u in [0, 1): the inverse of
// its distribution's CDF over [low, high] (the value itself when not
// ranged).
double AssumptionQuantile(const Assumption& a, double u);

struct UncertaintyOptions {
  int draws = 2000;
  uint64_t seed = 1;
  // InvalidArgument: draws outside [1, 10^7].
  [[nodiscard]] Status Validate() const;
};

// What the propagation needs of one figure.
struct FigureResponse {
  double estimate = 0.0;  // With every assumption at its value.
  // Its sampling interval at `level`; empty: no sampling error.
  std::optional<double> ci_low, ci_high;
  double level = 0.95;
  bool nonnegative = false;  // Jobs and yuan: draws are cut at 0.
  // The figure at each assumption's low and high, in the order of the
  // assumptions passed with it.
  std::vector<double> at_low, at_high;
};

struct Propagated {
  // The total interval at the figure's level; empty when every draw
  // failed.
  std::optional<double> low, high;
  // Each assumption's and the sampling error's share of the sum of their
  // first-order variances (each alone, the others at their values).
  std::vector<double> shares;
  double sampling_share = 0.0;
  int64_t failed = 0;         // Draws that were not finite numbers.
  std::string first_failure;  // The first of them, in words.
};

// The Monte Carlo of the file comment for one figure, with draw d's value
// of assumption j at u = HashStream(seed, stream(key_j)).Uniform(d) and its
// sampling deviation from HashStream(seed, 0).Normal(d): the same numbers
// for every figure, so figures are drawn jointly. Requires
// options.Validate() and at_low/at_high the size of `assumptions`.
Propagated PropagateFigure(const std::vector<RangedAssumption>& assumptions,
                           const FigureResponse& figure,
                           const UncertaintyOptions& options);

// One bar of the tornado table (sensitivity.csv): a figure with one
// assumption at its low and at its high, the others at their values; or,
// with assumption "sampling", the figure's sampling interval.
struct SensitivityRow {
  std::string indicator, component, domain_type, domain;
  int year = 0;
  std::string assumption;              // Key path, or "sampling".
  std::optional<double> low, high;     // The assumption's range.
  double at_low = 0.0, at_high = 0.0;  // The figure there.
  double variance_share = 0.0;
  std::string scenario = "base";  // As the figure's.

  bool operator==(const SensitivityRow&) const = default;
};

}  // namespace jobimpact::study

#endif  // JOBIMPACT_STUDY_UNCERTAINTY_H_
