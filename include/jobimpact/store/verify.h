// `jobimpact verify DIR`: is a run's output still what its inputs give?
//
// Reads DIR's manifest, re-hashes every input it lists (reporting changed
// and missing files), checks that DIR's files are those the run wrote, and
// re-runs the study or series from the recorded path to compare every
// figure with DIR/results.csv (exact: estimate, se, interval, n, unit and
// method text).
#ifndef JOBIMPACT_STORE_VERIFY_H_
#define JOBIMPACT_STORE_VERIFY_H_

#include <filesystem>
#include <string>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/results/compare.h"
#include "jobimpact/store/manifest.h"

namespace jobimpact::store {

struct VerifyReport {
  Manifest manifest;
  // "changed: PATH (ROLE): sha256 A -> B", "missing: PATH (ROLE)".
  std::vector<std::string> input_problems;
  // Outputs in DIR that differ from what the manifest records.
  std::vector<std::string> output_problems;
  // Why the study could not be re-run (empty if it was).
  std::string rerun_error;
  // Figures that are not identical (present in one only, or any column
  // different); `figures_checked` counts those compared.
  std::vector<results::ComparedFigure> differing;
  size_t figures_checked = 0;

  bool ok() const {
    return input_problems.empty() && output_problems.empty() &&
           rerun_error.empty() && differing.empty();
  }
};

// Errors (the CLI's exit 2): DIR has no readable manifest, the manifest is
// not of a `run`, or DIR/results.csv cannot be read. Everything that merely
// differs goes into the report.
Result<VerifyReport> VerifyOutput(const std::filesystem::path& dir);

// Human-readable text of the report (what `verify` prints).
std::string VerifyReportText(const VerifyReport& report,
                             const std::filesystem::path& dir);

}  // namespace jobimpact::store

#endif  // JOBIMPACT_STORE_VERIFY_H_
