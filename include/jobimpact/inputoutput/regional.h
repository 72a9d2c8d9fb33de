// Aggregating a table by a sector concordance, and regionalising national
// coefficients by location quotients.
//
// Aggregation (Miller & Blair 2009, §4.3): with S the g x n 0/1 matrix that
// maps sectors to groups, Z* = S Z S^T, x* = S x, final use S F, value added
// V S^T (and the imported blocks of non-competitive tables alike).
//
// Location quotients (Miller & Blair 2009, §8.3; Flegg, Webber & Elliott
// 1995; Flegg & Webber 1997), with r_i the region's and n_i the nation's size
// of sector i (output or employment, same unit):
//   SLQ_i   = (r_i / sum r) / (n_i / sum n)
//   CILQ_ij = SLQ_i / SLQ_j
//   FLQ_ij  = lambda* CILQ_ij (i != j),  lambda* SLQ_i (i == j),
//   lambda* = [log2(1 + sum r / sum n)]^delta,  0 <= delta < 1
// and regional coefficients a^R_ij = a_ij min(LQ_ij, 1): a region buys from
// its own producers at most the national coefficient, the rest is imported
// from other regions.
#ifndef JOBIMPACT_INPUTOUTPUT_REGIONAL_H_
#define JOBIMPACT_INPUTOUTPUT_REGIONAL_H_

#include <Eigen/Dense>
#include <filesystem>
#include <string>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/inputoutput/io_table.h"

namespace jobimpact::inputoutput {

// Sectors -> groups, read from a CSV with columns `sector` and `group`
// (optional `group_name_zh`, `group_name_en`), one row per sector of the
// table; groups keep the order of their first appearance.
struct Aggregation {
  std::vector<std::string> codes, names_zh, names_en;  // Per group.
  std::vector<size_t> group_of;                        // Per sector.
  size_t size() const { return codes.size(); }
};

// Errors name the line: unknown sector, sector mapped twice, sector missing.
Result<Aggregation> ReadAggregation(const std::filesystem::path& path,
                                    const IoTable& table);

// The aggregated table (balance identities are preserved exactly).
Result<IoTable> AggregateTable(const IoTable& table,
                               const Aggregation& aggregation);

// Sums the rows of a by-sector matrix (n x k) into groups (g x k).
Eigen::MatrixXd AggregateRows(const Eigen::MatrixXd& by_sector,
                              const Aggregation& aggregation);

enum class LqMethod { kSlq, kCilq, kFlq };
Result<LqMethod> ParseLqMethod(const std::string& name);
// "slq", "cilq", "flq": the names ParseLqMethod reads.
const char* LqMethodName(LqMethod method);

struct LqOptions {
  LqMethod method = LqMethod::kFlq;
  double delta = 0.3;  // FLQ only (Flegg & Webber 1997 suggest about 0.3).
  Status Validate() const;
};

struct RegionalSizes {
  Eigen::VectorXd region;  // r, by sector of the table.
  Eigen::VectorXd nation;  // n, same unit.
  std::string source;
};

// Reads a CSV with columns `code`, `region`, `nation` covering every sector of
// the table exactly once (non-negative numbers; nation > 0 where region > 0).
Result<RegionalSizes> ReadRegionalSizes(const std::filesystem::path& path,
                                        const IoTable& table);

struct LqSummary {
  double lambda = 1.0;        // lambda* (FLQ), else 1.
  double region_share = 0.0;  // sum r / sum n.
  int64_t rows_scaled = 0;    // Sectors with SLQ < 1.
  std::string method;         // In words.
};

// Location-quotient multipliers LQ_ij (n x n) and the regional coefficients
// a_ij min(LQ_ij, 1). Errors: size mismatch, negative sizes, a sector with
// regional but no national size, an empty region.
Result<Eigen::MatrixXd> RegionalCoefficients(const Eigen::MatrixXd& a,
                                             const RegionalSizes& sizes,
                                             const LqOptions& options,
                                             LqSummary* summary = nullptr);

// SLQ_i by sector (also used to regionalise the household column).
Result<Eigen::VectorXd> SimpleLocationQuotients(const RegionalSizes& sizes);

}  // namespace jobimpact::inputoutput

#endif  // JOBIMPACT_INPUTOUTPUT_REGIONAL_H_
