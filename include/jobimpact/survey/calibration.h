// Calibration of design weights to known population totals (Deville &
// Särndal 1992): post-stratification, raking (iterative proportional
// fitting), linear (GREG) calibration, bounded linear and raking
// (exponential) calibration functions.
//
// Targets are categorical margins (a population count for every level of a
// column) and numeric totals (the population total of a column). Calibrated
// weights w = g w0 reproduce every target. Linearization variances then use
// the residuals of the influence values on the calibration variables,
//   z - w (x' beta),  beta = (sum w0 x x')^-1 sum x z / g
// (R survey's svyrecvar for post-stratified and calibrated designs); designs
// raked with kRake use R's approximation, ten passes of within-margin
// centring. Replicate designs recalibrate every replicate.
#ifndef JOBIMPACT_SURVEY_CALIBRATION_H_
#define JOBIMPACT_SURVEY_CALIBRATION_H_

#include <limits>
#include <map>
#include <string>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/survey/design.h"
#include "jobimpact/table/table.h"

namespace jobimpact::survey {

enum class CalibrationMethod {
  kPostStratify,  // One categorical margin: w * N_level / N_hat_level.
  kRake,          // Iterative proportional fitting over categorical margins.
  kLinear,        // GREG: g = 1 + x' lambda (optionally bounded).
  kRaking,        // Exponential calibration function: g = exp(x' lambda).
};

Result<CalibrationMethod> ParseCalibrationMethod(const std::string& name);
const char* CalibrationMethodName(CalibrationMethod method);

struct Margin {
  std::string column;
  std::map<std::string, double> counts;  // Level -> population count.
};

struct NumericTotal {
  std::string column;
  double total = 0;
};

struct CalibrationOptions {
  CalibrationMethod method = CalibrationMethod::kLinear;
  std::vector<Margin> margins;
  std::vector<NumericTotal> totals;  // kLinear and kRaking only.
  // Bounds on g (kLinear only; R's calfun "linear" with bounds).
  double lower = -std::numeric_limits<double>::infinity();
  double upper = std::numeric_limits<double>::infinity();
  int max_iterations = 50;
  // Converged when every target's |misfit| / (1 + |target|) is below this.
  double tolerance = 1e-7;

  Status Validate() const;
};

struct CalibrationSummary {
  int iterations = 0;
  double max_misfit = 0;  // Relative, as in tolerance.
  double g_min = 0, g_max = 0;
  std::string description;
};

// Per-row calibration data a design carries for variance estimation.
struct CalibrationInfo {
  CalibrationMethod method = CalibrationMethod::kLinear;
  CalibrationOptions options;
  std::vector<double> base_weights;    // w0 (before calibration).
  std::vector<double> g;               // w = g w0.
  std::vector<std::vector<double>> x;  // Calibration variables, one per column.
  std::vector<std::vector<int32_t>> margin_level;  // kRake: level per margin.
  std::string description;
};

// Calibrates `design` (weights replaced by w = g w0) on `table`. Errors:
// InvalidArgument naming the margin for inconsistent margins (different
// population sizes), a level in the sample without a population count (or
// with a zero one), a level with a population count but no sample rows,
// collinear targets; Numerical when the iteration does not converge (with
// the misfit achieved).
Result<Design> Calibrate(const Design& design, const table::Table& table,
                         const CalibrationOptions& options,
                         CalibrationSummary* summary = nullptr);

// Calibrates arbitrary weights w0 to the design's targets (used for
// replicates). Returns the calibrated weights.
Result<std::vector<double>> RecalibrateWeights(const CalibrationInfo& info,
                                               const std::vector<double>& w0);

// Residualizes influence values for a calibrated design (see the header
// comment). `z` has one value per row.
std::vector<double> CalibrationResiduals(const CalibrationInfo& info,
                                         const std::vector<double>& weights,
                                         const std::vector<double>& z);

// Reads margins from a CSV with columns margin, level, count (and, for
// numeric totals, rows whose level is empty and count the total).
Result<CalibrationOptions> ReadMarginsCsv(const std::string& path,
                                          CalibrationMethod method);

}  // namespace jobimpact::survey

#endif  // JOBIMPACT_SURVEY_CALIBRATION_H_
