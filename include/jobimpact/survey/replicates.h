// Replication variance: jackknife (JK1, JKn), balanced repeated replication
// (BRR) and Fay's method, the Rao-Wu rescaling bootstrap, and replicate
// weights supplied with the data.
//
//   v = scale * sum_r rscale_r (theta_r - c)^2,
//   c = theta_hat (mse) or the mean of the replicates (R survey's default).
//
// Built-in replicates act on PSUs: replicate r multiplies the weights of PSU
// j by m_rj. Replicate sums are computed from PSU-by-domain totals, and only
// one replicate's multipliers are held per thread (never an n x R matrix).
// Constructions (Wolter 2007, ch. 3-5; Rao & Wu 1988; Rao, Wu & Yue 1992):
//  * JK1 (unstratified): drop PSU j, others x P/(P-1); scale (P-1)/P * (1-f).
//  * JKn: drop PSU j of stratum h, its stratum x n_h/(n_h-1);
//    rscale (n_h-1)/n_h * (1-f_h).
//  * BRR / Fay (exactly two PSUs per stratum): one replicate per column of a
//    Hadamard matrix with more rows than strata; PSUs x (2-rho) or x rho;
//    scale 1 / (R (1-rho)^2). The matrix is the Paley construction R survey
//    chooses (its hadamard() rule, rows laid out as brrweights does), so
//    results equal R's; for the stratum counts where R uses one of its
//    tabulated matrices (1-3, 12-15, 24-27, 32-35 strata, or a doubling of
//    one) a Sylvester matrix of order 2^k > H is used: totals still agree
//    with R exactly (every fully balanced set gives the same variance for a
//    linear statistic), non-linear statistics within a few percent.
//  * Bootstrap: n_h - 1 PSUs drawn with replacement in each stratum,
//    m = 1 - lambda + lambda n_h/(n_h-1) count, lambda = sqrt(1 - f_h);
//    scale 1/B. Replicate r uses its own generator seeded from (seed, r), so
//    results do not depend on the thread count.
#ifndef JOBIMPACT_SURVEY_REPLICATES_H_
#define JOBIMPACT_SURVEY_REPLICATES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/survey/design.h"
#include "jobimpact/table/table.h"

namespace jobimpact::survey {

enum class ReplicateType { kJk1, kJkn, kBrr, kFay, kBootstrap, kSupplied };

const char* ReplicateTypeName(ReplicateType type);

struct ReplicateOptions {
  ReplicateType type = ReplicateType::kJkn;
  double fay_rho = 0.0;  // kFay: in (0, 1).
  int bootstrap_replicates = 500;
  uint64_t seed = 1;
  bool mse = false;  // Centre at the full-sample estimate.
  // kSupplied: columns holding the replicate weights (not multipliers).
  std::vector<std::string> weight_columns;
  double scale = 1.0;
  std::vector<double> rscales;  // Empty: all 1.
  int threads = 0;              // 0: hardware concurrency.

  Status Validate() const;
};

class ReplicateDesign {
 public:
  // `design` must outlive the result. `table` is read for kSupplied only.
  static Result<ReplicateDesign> Create(const Design& design,
                                        const table::Table& table,
                                        const ReplicateOptions& options);

  int num_replicates() const { return static_cast<int>(rscales_.size()); }
  double scale() const { return scale_; }
  const std::vector<double>& rscales() const { return rscales_; }
  int DegreesOfFreedom() const { return df_; }
  std::string Describe() const;

  // Replicate-weighted sums of K value columns within D domains:
  // result[(r * D + d) * K + k] = sum_i w_ri v_k[i] [domain[i] == d].
  Result<std::vector<double>> ReplicateSums(
      const std::vector<const std::vector<double>*>& values,
      const std::vector<int32_t>& domain, int num_domains) const;

  // The replication variance of a statistic from its replicate values.
  double Variance(const std::vector<double>& thetas, double theta_hat) const;

 private:
  // PSU multipliers of replicate r (jackknife, BRR, Fay).
  void Multipliers(int r, std::vector<double>* m) const;
  // Replicate sums for the bootstrap from PSU-by-domain totals.
  Result<std::vector<double>> BootstrapSums(
      const std::vector<int32_t>& entry_psu,
      const std::vector<int32_t>& entry_dom,
      const std::vector<double>& entry_sum, int D, size_t K) const;
  // Replicate sums for the jackknives (JK1, JKn) from the same totals, in
  // time linear in entries + replicates x domains (not replicates x PSUs).
  std::vector<double> JackknifeSums(const std::vector<int32_t>& entry_psu,
                                    const std::vector<int32_t>& entry_dom,
                                    const std::vector<double>& entry_sum, int D,
                                    size_t K) const;

  const Design* design_ = nullptr;
  ReplicateOptions options_;
  double scale_ = 1.0;
  std::vector<double> rscales_;
  int df_ = 0;
  // Jackknife: the PSU each replicate drops (-1 for an "adjust" replicate)
  // and the stratum it belongs to.
  std::vector<int32_t> jk_psu_, jk_stratum_;
  // BRR/Fay: position (0/1) of each PSU in its stratum, the rank of each
  // stratum's label, and the Hadamard matrix (0/1 coding; row 1 + rank is a
  // stratum, column r a replicate).
  std::vector<int8_t> psu_position_;
  std::vector<int> stratum_rank_;
  std::vector<std::vector<uint8_t>> hadamard_;
  std::string hadamard_name_;
  // Bootstrap: PSUs of each stratum; lambda per stratum.
  std::vector<std::vector<int32_t>> stratum_psus_;
  std::vector<double> lambda_;
  // Supplied replicate weights, one vector per replicate.
  std::vector<std::vector<double>> supplied_;
};

}  // namespace jobimpact::survey

#endif  // JOBIMPACT_SURVEY_REPLICATES_H_
