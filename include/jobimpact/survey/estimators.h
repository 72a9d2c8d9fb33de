// Design-based estimates of totals, means, ratios and proportions, for the
// whole population and for domains, with standard errors from Taylor
// linearization or replication, confidence intervals and CVs.
//
// Influence functions (Binder 1983; R survey's svytotal / svymean /
// svyratio), for domain d with indicator 1_d:
//   total       z = w y 1_d
//   mean        z = w 1_d (y - ybar_d) / N_d
//   ratio       z = w 1_d (y - R_d x) / X_d
//   proportion  the mean of the indicator of a level.
// Intervals: estimate +- t_{df, (1+level)/2} se with the design's degrees of
// freedom; for proportions the logit interval
//   expit(logit p +- t se / (p (1 - p)))   (R survey's svyciprop "logit").
// Quantiles: R survey's rule "math" (the smallest value whose cumulative
// weight share exceeds p, or the value where it equals p) and Woodruff's
// interval (1952): the t interval of the estimated distribution function at
// the quantile, mapped back through the rule; se = interval width / (2 t).
// Domains use the domain's own degrees of freedom (PSUs minus strata with
// rows in the domain), as R's svyby does. Where R reports NaN because an end
// of the interval falls outside [0, 1], the sample minimum or maximum is used.
// Missing values (survey/missing.h): under MissingPolicy::kFail (the
// default) a missing value in an analysis or domain column is an error
// listing its rows; under kExclude a row missing a value an estimate needs
// has weight zero in that estimate only (R survey's na.rm = TRUE: it keeps
// its place in the design) and a row missing a domain value is in no domain
// of that column (it still counts for the whole population). Every
// estimate's n counts the rows it used.
// Domains are ordered by the levels of their columns (text: the column's
// level order, i.e. file or first-appearance order; numbers: ascending),
// the first column slowest; proportions list levels the same way.
#ifndef JOBIMPACT_SURVEY_ESTIMATORS_H_
#define JOBIMPACT_SURVEY_ESTIMATORS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/survey/design.h"
#include "jobimpact/survey/missing.h"
#include "jobimpact/survey/replicates.h"
#include "jobimpact/table/table.h"

namespace jobimpact::survey {

enum class Statistic { kTotal, kMean, kRatio, kProportion, kQuantile };
const char* StatisticName(Statistic s);

struct Request {
  Statistic statistic = Statistic::kTotal;
  std::string variable;     // Numerator for ratios; the categorical column for
                            // proportions (every level is estimated).
  std::string denominator;  // Ratios only.
  double p = 0.5;           // Quantiles only: the probability in (0, 1).
};

enum class VarianceMethod { kLinearization, kReplication };

struct EstimationOptions {
  VarianceMethod method = VarianceMethod::kLinearization;
  ReplicateOptions replicates;  // kReplication only.
  std::vector<std::string> by;  // Domain columns (crossed).
  double confidence = 0.95;
  // kFail or kExclude (kLevel is for a study's breakdown roles).
  MissingPolicy missing = MissingPolicy::kFail;

  Status Validate() const;
};

struct SurveyEstimate {
  Statistic statistic = Statistic::kTotal;
  std::string variable;  // Column, "NUM/DEN", "COL=LEVEL" (proportions) or
                         // "COL:P" (quantiles).
  std::string domain;    // "" (whole population) or "COL=V[;COL2=V2]".
  double estimate = 0;
  double se = 0;
  double ci_low = 0;
  double ci_high = 0;
  int df = 0;
  int64_t n = 0;  // Sample rows in the domain that the estimate used.
  // Design effect against simple random sampling without replacement of the
  // same size (Kish 1965; R survey's deff = TRUE): var / var_srs with
  // var_srs(mean) = s^2/n (N - n)/N, var_srs(total) = N^2 var_srs(mean),
  // s^2 = sum w (y - ybar)^2 / sum w * n/(n-1), N = sum w over the domain.
  // Totals, means and proportions; empty for ratios and quantiles.
  std::optional<double> deff;
  std::string method;
  // Why se and the interval could not be formed (they are then NaN), e.g. a
  // domain with no degrees of freedom or a replicate in which it is empty;
  // empty when they exist. The other estimates of the call are unaffected.
  std::string note;

  bool has_interval() const { return note.empty(); }

  // Coefficient of variation se / |estimate| (NaN for a zero estimate).
  double cv() const;
};

struct EstimationSummary {
  std::string design;    // Design::Describe().
  std::string variance;  // "linearization" or the replicate description.
  int df = 0;
  int64_t rows = 0;
  std::string missing_policy;  // Name and meaning of the policy used.
  // Columns the estimates read that hold missing values, with how many
  // (under kExclude; under kFail there are none or the call fails).
  std::vector<std::pair<std::string, int64_t>> missing_values;
  // Estimates without an interval and estimates that could not be made at
  // all (a zero denominator or no rows with weight in a domain), one line
  // each; the CLI prints them as warnings.
  std::vector<std::string> notes;
};

// Every request for the whole population and, with `by`, for every domain
// (in level order, see above). One estimate that
// cannot be made, or whose interval cannot be formed, does not stop the
// others: it is left out, or reported without se and interval, with a note
// (R survey reports NaN or 0 and warns).
Result<std::vector<SurveyEstimate>> Estimate(
    const table::Table& table, const Design& design,
    const std::vector<Request>& requests, const EstimationOptions& options,
    EstimationSummary* summary = nullptr);

// Parses a variance method as the CLI spells it: "linearization", "jk1",
// "jkn", "brr", "fay:RHO", "bootstrap:R" (R replicates), "supplied" (use
// with ReplicateOptions::weight_columns). Sets method and replicates.type /
// fay_rho / bootstrap_replicates in `options`.
Status ParseVarianceMethod(const std::string& text, EstimationOptions* options);

// Quantile of Student's t with `df` degrees of freedom (normal if df <= 0 is
// not allowed: InvalidArgument).
Result<double> StudentTQuantile(double p, double df);

}  // namespace jobimpact::survey

#endif  // JOBIMPACT_SURVEY_ESTIMATORS_H_
