// Output, value-added, labour-income and employment multipliers (Type I and
// Type II) and the direct / indirect / induced decomposition of a final-demand
// shock, in the vocabulary of IMPLAN and RIMS II.
//
// All multipliers are final-demand multipliers: the total change in a
// quantity per unit of final demand for sector j's output (Miller & Blair
// 2009, §6.2). With coefficient rows c (c_j = quantity_j / x_j):
//   Type I  (open model):   m_c = c^T L,          L = (I - A)^-1
//   Type II (closed for households): m_c = c^T Lbar_nn, the sector block of
//     the inverse of the (n+1)-sector matrix with household row
//     h_c = compensation / gross output and household column
//     h_r = household consumption / total compensation (Miller & Blair 2009,
//     §6.3).
// Type II is computed without forming the (n+1) system: closing the model adds
// the rank-one term h_r h_c^T to A, so by the Sherman-Morrison formula
//   c^T (I - A - h_r h_c^T)^-1 = m_c + (m_c . h_r) m_w / d,
//   d = 1 - h_c^T L h_r,  m_w = h_c^T L (the Type I income multipliers),
// which needs one extra solve (L h_r). Income Type II is m_w / d; d <= 0 means
// the closed model is not productive (an error).
//
// Imports. kAsPublished uses A as in the table. kDomestic uses domestic
// coefficients: for competitive-import tables A_d = (I - diag(m)) A and
// household consumption (I - diag(m)) h, with import shares
// m_i = imports_i / (intermediate use_i + final use_i - exports_i) (the
// proportionality assumption, Miller & Blair 2009, §2.6 / UN Handbook of
// Input-Output Table Compilation 2018, §14); for non-competitive tables the
// domestic blocks of the table. Value added is never counted for imports.
// Open value-added multipliers of a competitive table used as published equal
// 1 (every unit of final demand ends up as domestic value added); with the
// import adjustment they are below 1, the difference being imports.
#ifndef JOBIMPACT_INPUTOUTPUT_MULTIPLIERS_H_
#define JOBIMPACT_INPUTOUTPUT_MULTIPLIERS_H_

#include <Eigen/Dense>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/inputoutput/io_table.h"
#include "jobimpact/inputoutput/leontief.h"
#include "jobimpact/inputoutput/regional.h"

namespace jobimpact::inputoutput {

enum class ImportTreatment { kAsPublished, kDomestic };

struct MultiplierOptions {
  bool type_ii = false;
  ImportTreatment imports = ImportTreatment::kAsPublished;
  // Value-added rows of the table summed into value added; empty = all.
  std::vector<std::string> value_added_rows;
  // The compensation-of-employees row (labour income; NBS: VA001).
  std::string compensation_row = "VA001";
  // Final-use columns summed into household consumption for the Type II
  // closure (NBS competitive tables: FU101 rural + FU102 urban).
  std::vector<std::string> household_columns = {"FU101", "FU102"};
  // Competitive tables, kDomestic: the imports and exports columns (imports
  // as positive numbers, as the NBS publishes them).
  std::string imports_column = "IM";
  std::string exports_column = "EX";
  // Jobs per unit of gross output by sector (employment.h); empty = no
  // employment multipliers.
  Eigen::VectorXd employment_coefficients;
  // Regionalise the (domestic or published) coefficients for one region by
  // location quotients (regional.h); the household column of the Type II
  // closure is scaled by min(SLQ_i, 1). Value-added, income and employment
  // coefficients stay national (the usual LQ assumption).
  std::optional<RegionalSizes> region;
  LqOptions lq;
  LeontiefOptions solver;

  Status Validate() const;
};

struct MultiplierSummary {
  LeontiefSummary solver;
  std::string imports;  // How imports were treated, in words.
  std::string region;   // Regionalisation, in words (empty if national).
  std::string closure;  // Type II closure, in words (empty for Type I).
  // d = 1 - h_c^T L h_r (Type II only): the share of an extra unit of household
  // income that does not come back as domestic compensation.
  double closure_denominator = 0.0;
  double relative_error_bound = 0.0;  // Largest over every solve.
};

// Per-sector multipliers (per unit of final demand, in table units; employment
// in jobs per table unit of final demand). Type II vectors are empty for
// Type I; employment vectors are empty without employment coefficients.
struct Multipliers {
  std::vector<std::string> codes, names_zh, names_en;
  Eigen::VectorXd output_i, value_added_i, income_i, employment_i;
  Eigen::VectorXd output_ii, value_added_ii, income_ii, employment_ii;
};

// The coefficient model shared by multipliers and shocks.
struct LinkedModel {
  Eigen::MatrixXd a;             // A or A_d.
  Eigen::VectorXd value_added;   // v: value added / gross output.
  Eigen::VectorXd income;        // w = h_c: compensation / gross output.
  Eigen::VectorXd employment;    // e: jobs / gross output (may be empty).
  Eigen::VectorXd household;     // h_r: household consumption / compensation.
  Eigen::VectorXd import_share;  // m (competitive, kDomestic); else empty.
  std::string imports, closure, region;
};

// Builds A (or A_d), the coefficient rows and the household column from a
// table. Errors name the missing row/column or the offending sector.
Result<LinkedModel> BuildLinkedModel(const IoTable& table,
                                     const MultiplierOptions& options);

// A final-demand shock and its effects. Rows of every matrix are sectors;
// columns are the shock vectors (scenarios).
struct ShockEffects {
  // Output by sector: direct = f, indirect = L f - f, induced = Type II
  // output - L f (zero matrices for Type I).
  Eigen::MatrixXd output_direct, output_indirect, output_induced;
  // Value added, labour income and employment by sector: the coefficient
  // times the corresponding output effect (employment empty without
  // employment coefficients).
  Eigen::MatrixXd value_added_direct, value_added_indirect, value_added_induced;
  Eigen::MatrixXd income_direct, income_indirect, income_induced;
  Eigen::MatrixXd employment_direct, employment_indirect, employment_induced;
};

// The model prepared once (coefficients, factorisation or iteration) for
// any number of multiplier and shock computations; a shock after the
// multipliers reuses the income multipliers the closure needs.
class ImpactModel {
 public:
  static Result<ImpactModel> Create(const IoTable& table,
                                    const MultiplierOptions& options);
  Result<Multipliers> ComputeMultipliers();
  // See ComputeShock below.
  Result<ShockEffects> ComputeShock(const Eigen::MatrixXd& demand);
  // Accumulates the error bounds of every solve so far.
  const MultiplierSummary& summary() const { return summary_; }
  const LinkedModel& model() const { return model_; }

 private:
  ImpactModel() = default;
  MultiplierOptions options_;
  std::vector<std::string> codes_, names_zh_, names_en_;
  LinkedModel model_;  // model_.a is moved into the solver.
  std::shared_ptr<LeontiefSolver> solver_;
  Eigen::VectorXd income_i_;  // Cached m_w once known.
  MultiplierSummary summary_;
};

Result<Multipliers> ComputeMultipliers(const IoTable& table,
                                       const MultiplierOptions& options,
                                       MultiplierSummary* summary = nullptr);

// Effects of the final-demand vectors (columns of `demand`, n rows, in table
// units of demand for domestic output). Induced effects only with type_ii.
Result<ShockEffects> ComputeShock(const IoTable& table,
                                  const Eigen::MatrixXd& demand,
                                  const MultiplierOptions& options,
                                  MultiplierSummary* summary = nullptr);

// Reads a demand file: CSV with a column `code` (sector codes of the table)
// and one numeric column per scenario. Sectors not listed get zero demand;
// unknown codes, duplicate codes and non-numbers are errors naming the line.
struct DemandFile {
  std::vector<std::string> scenarios;
  Eigen::MatrixXd demand;  // n x scenarios.
};
Result<DemandFile> ReadDemandFile(const std::filesystem::path& path,
                                  const IoTable& table);

}  // namespace jobimpact::inputoutput

#endif  // JOBIMPACT_INPUTOUTPUT_MULTIPLIERS_H_
