// Monte Carlo check of the estimators: draws R samples from one synthetic
// population, runs the drawn study on each, and compares every reported
// figure with its population value.
//
// Per figure (indicator, component, domain): truth, mean estimate, bias
// (mean - truth), RMSE, and coverage = the share of replications whose
// confidence interval contains the truth. A domain absent from a sample
// (no respondent) is skipped in that replication; `replications` says in
// how many the figure was estimated.
//
// Replications run in parallel; replication r uses draw seed
// hash(seed, r), so results are identical for any thread count.
#ifndef JOBIMPACT_SIM_CHECK_H_
#define JOBIMPACT_SIM_CHECK_H_

#include <filesystem>
#include <string>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/sim/draw.h"
#include "jobimpact/sim/population.h"

namespace jobimpact::sim {

struct CheckOptions {
  PopulationOptions population;
  DrawOptions draw;  // draw.seed is the base seed of the replications.
  int replications = 500;
  int threads = 0;  // 0 = hardware concurrency.
  // Where replications are written (a fresh temporary directory if empty).
  std::filesystem::path work_dir;
  Status Validate() const;
};

struct CheckRow {
  std::string indicator, component, domain_type, domain;
  double truth = 0.0;
  double mean_estimate = 0.0;
  double bias = 0.0;
  double rmse = 0.0;
  double coverage = 0.0;  // Fraction of intervals containing the truth.
  int replications = 0;   // Replications in which the figure was estimated.
};

struct CheckSummary {
  int replications = 0;
  double seconds = 0.0;
  int threads = 0;
};

Result<std::vector<CheckRow>> RunMonteCarlo(const CheckOptions& options,
                                            CheckSummary* summary = nullptr);

// CSV: indicator, component, domain, truth, mean_estimate, bias, rmse,
// coverage, replications (domain written as TYPE=VALUE).
std::string CheckRowsCsv(const std::vector<CheckRow>& rows);
std::string CheckRowsTable(const std::vector<CheckRow>& rows,
                           const CheckSummary& summary);

}  // namespace jobimpact::sim

#endif  // JOBIMPACT_SIM_CHECK_H_
