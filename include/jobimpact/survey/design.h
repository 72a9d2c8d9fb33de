// A survey design resolved against a data table: strata, one or two stages of
// clusters, weights, finite population corrections and the lonely-PSU
// policy, coded as integers for fast variance computations.
//
// Conventions follow R's survey package (Lumley 2010, ch. 2-3):
//  * no cluster column: every row is its own PSU;
//  * PSUs are identified within strata (R's nest = TRUE);
//  * fpc per stage: values > 1 are population counts (of PSUs in the stratum,
//    or of SSUs in the PSU); values in (0, 1] are sampling fractions;
//  * weights, or inclusion probabilities (weight = 1/prob), or, when neither
//    is given but every stage has an fpc, weights = product of N/n by stage.
#ifndef JOBIMPACT_SURVEY_DESIGN_H_
#define JOBIMPACT_SURVEY_DESIGN_H_

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/table/table.h"

namespace jobimpact::survey {

struct CalibrationInfo;  // calibration.h

// R survey treats a stage whose finite population correction 1 - n/N is
// below this as sampled with certainty (onestrat: all(f < 1e-7)).
inline constexpr double kCertaintyFpc = 1e-7;

// The finite population correction 1 - n/N of a stage with `sampled` units
// out of `popsize`; 1 without a population count (popsize = +inf).
double FpcFactor(double popsize, double sampled);

// What to do with a stratum that has a single PSU (R's survey.lonely.psu).
enum class LonelyPsu {
  kFail,       // Error naming the stratum (default).
  kRemove,     // The stratum contributes nothing to the variance.
  kCertainty,  // Treated as sampled with certainty: contributes nothing.
  kAdjust,     // Its PSU total is centred at zero (R's "adjust").
  kAverage,    // Left out; the variance is scaled by H / (H - lonely).
};

Result<LonelyPsu> ParseLonelyPsu(const std::string& name);
const char* LonelyPsuName(LonelyPsu policy);

// Column names (in the table) describing the design.
struct DesignSpec {
  std::string strata;                 // Optional.
  std::vector<std::string> clusters;  // 0, 1 or 2 stages.
  std::string weights;                // At most one of weights / probs.
  std::string probs;
  std::vector<std::string> fpc;  // Empty, or one per stage (>= 1 stage).
  LonelyPsu lonely_psu = LonelyPsu::kFail;

  Status Validate() const;
};

struct DesignSummary {
  int64_t rows = 0;
  int64_t strata = 0;
  int64_t psus = 0;
  int64_t ssus = 0;  // 0 for one-stage designs.
  int64_t lonely_strata = 0;
  std::string weights_from;  // "weights column w", "1/prob", "fpc".
};

class Design {
 public:
  // Resolves `spec` against `table`. InvalidArgument naming the file, line and
  // column for: missing or non-numeric design columns, weights <= 0 or
  // missing, probabilities outside (0, 1], an fpc smaller than the sampled
  // count or varying within a stratum (PSU), a lonely PSU under kFail.
  // A simple random sample without replacement of n units from a population
  // of N (weights N/n, fpc N; Cochran 1977, ch. 2): the design the reports'
  // formula N/n * sum(y) implies. Rows are the n sampled units, in order.
  // InvalidArgument for n < 1 or N < n.
  static Result<Design> SimpleRandomSample(int64_t n, double population);

  static Result<Design> Create(const table::Table& table,
                               const DesignSpec& spec,
                               DesignSummary* summary = nullptr);

  size_t num_rows() const { return weights_.size(); }
  const std::vector<double>& weights() const { return weights_; }
  LonelyPsu lonely_psu() const { return lonely_; }
  bool has_fpc() const { return has_fpc_; }
  bool two_stage() const { return two_stage_; }

  // Stage 1. Strata and PSUs are coded 0.. in order of first appearance.
  int num_strata() const { return static_cast<int>(stratum_npsu_.size()); }
  int num_psus() const { return static_cast<int>(psu_stratum_.size()); }
  const std::vector<int32_t>& row_stratum() const { return row_stratum_; }
  const std::vector<int32_t>& row_psu() const { return row_psu_; }
  const std::vector<int32_t>& psu_stratum() const { return psu_stratum_; }
  const std::vector<int32_t>& stratum_npsu() const { return stratum_npsu_; }
  // Population count of PSUs per stratum; +inf without an fpc.
  const std::vector<double>& stratum_popsize() const {
    return stratum_popsize_;
  }
  const std::vector<std::string>& stratum_labels() const {
    return stratum_labels_;
  }

  // Stage 2 (two_stage() only). SSUs are coded globally.
  const std::vector<int32_t>& row_ssu() const { return row_ssu_; }
  const std::vector<int32_t>& psu_nssu() const { return psu_nssu_; }
  // Population count of SSUs per PSU; +inf without an fpc.
  const std::vector<double>& psu_popsize() const { return psu_popsize_; }

  // Rows ordered by stratum, then PSU, then SSU (for streaming passes), and
  // the stratum, PSU and SSU codes in that order (SSU empty for one stage).
  const std::vector<int32_t>& row_order() const { return row_order_; }
  const std::vector<int32_t>& ordered_stratum() const {
    return ordered_stratum_;
  }
  const std::vector<int32_t>& ordered_psu() const { return ordered_psu_; }
  const std::vector<int32_t>& ordered_ssu() const { return ordered_ssu_; }

  // Design degrees of freedom: number of PSUs minus number of strata.
  int DegreesOfFreedom() const { return num_psus() - num_strata(); }

  // A short description, e.g. "stratified (3 strata), 200 PSUs, fpc".
  std::string Describe() const;

  // Calibration applied to the weights, if any (see calibration.h).
  const CalibrationInfo* calibration() const { return calibration_.get(); }
  // A copy with calibrated weights (used by Calibrate).
  Design WithCalibration(std::vector<double> weights,
                         std::shared_ptr<const CalibrationInfo> info) const;

 private:
  std::vector<double> weights_;
  LonelyPsu lonely_ = LonelyPsu::kFail;
  bool has_fpc_ = false;
  bool two_stage_ = false;
  bool stratified_ = false;
  bool clustered_ = false;
  std::vector<int32_t> row_stratum_, row_psu_, psu_stratum_, stratum_npsu_;
  std::vector<double> stratum_popsize_;
  std::vector<std::string> stratum_labels_;
  std::vector<int32_t> row_ssu_, psu_nssu_;
  std::vector<double> psu_popsize_;
  std::vector<int32_t> row_order_;
  std::vector<int32_t> ordered_stratum_, ordered_psu_, ordered_ssu_;
  std::shared_ptr<const CalibrationInfo> calibration_;
};

}  // namespace jobimpact::survey

#endif  // JOBIMPACT_SURVEY_DESIGN_H_
