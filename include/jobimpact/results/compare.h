// Reading a results.csv back, and comparing two sets of results figure by
// figure (`jobimpact compare`, `jobimpact verify`).
#ifndef JOBIMPACT_RESULTS_COMPARE_H_
#define JOBIMPACT_RESULTS_COMPARE_H_

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/results/results.h"

namespace jobimpact::results {

// Reads a results.csv written by ResultsTable::ToCsv (the columns of
// ResultColumns(), in order). Errors name the file, line and column.
Result<std::vector<ResultRow>> ReadResultsCsv(
    const std::filesystem::path& path);

// What identifies a figure: indicator, component, domain type, domain, year,
// scenario.
std::string FigureKey(const ResultRow& row);

struct CompareOptions {
  // Level of the two-sided z test on the difference (0 < level < 1).
  double level = 0.95;
  Status Validate() const;
};

// One figure of either side. With both sides: difference = b - a, relative
// change = (b - a) / |a| (empty when a = 0) and, when both have standard
// errors, z = (b - a) / sqrt(se_a^2 + se_b^2), which treats the two
// estimates as independent (separate samples or runs; for the same sample
// the covariance is positive and the test is conservative), and whether
// |z| exceeds the normal quantile of the level.
struct ComparedFigure {
  std::optional<ResultRow> a, b;
  std::optional<double> difference, relative_change, z;
  std::optional<bool> significant;
  // True when every column of the two rows is the same (exact text).
  bool identical = false;
};

// Figures of `a` in a's order, then those only in `b` in b's order.
Result<std::vector<ComparedFigure>> CompareResults(
    const std::vector<ResultRow>& a, const std::vector<ResultRow>& b,
    const CompareOptions& options);

}  // namespace jobimpact::results

#endif  // JOBIMPACT_RESULTS_COMPARE_H_
