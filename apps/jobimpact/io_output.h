// Output of `jobimpact io multipliers` and `jobimpact io shock`: CSV, JSON
// and an aligned text table. Numbers are printed with 17 significant digits
// in CSV/JSON (round-trip exact) and 6 in the text table.
//
// Multipliers CSV: code, name_zh, name_en, output_I, value_added_I, income_I,
// employment_I and, for Type II, output_II, value_added_II, income_II,
// employment_II (employment cells empty without employment coefficients).
// Shock CSV: scenario, code, name_zh, name_en, measure (output, value_added,
// income, employment), direct, indirect, induced, total; one row per
// scenario, sector and measure, then code TOTAL for the sum over sectors.
#ifndef JOBIMPACT_APPS_JOBIMPACT_IO_OUTPUT_H_
#define JOBIMPACT_APPS_JOBIMPACT_IO_OUTPUT_H_

#include <string>
#include <vector>

#include "jobimpact/inputoutput/io_table.h"
#include "jobimpact/inputoutput/multipliers.h"

namespace jobimpact::cli {

// What the numbers are: shared by both outputs.
struct IoRunInfo {
  std::string table;  // Source file.
  bool type_ii = false;
  std::string value_unit;  // E.g. "10,000 yuan" (output, value added, income).
  // Employment values are multiplied by this before printing, and are in
  // this unit (e.g. 100 and "jobs per million yuan"); unit empty = none.
  double employment_scale = 1.0;
  std::string employment_unit;
  std::string employment_method;
  inputoutput::MultiplierSummary summary;
};

std::string MultipliersCsv(const inputoutput::Multipliers& m,
                           const IoRunInfo& info);
std::string MultipliersJson(const inputoutput::Multipliers& m,
                            const IoRunInfo& info);
std::string MultipliersTable(const inputoutput::Multipliers& m,
                             const IoRunInfo& info);

std::string ShockCsv(const inputoutput::IoTable& table,
                     const std::vector<std::string>& scenarios,
                     const inputoutput::ShockEffects& e, const IoRunInfo& info);
std::string ShockJson(const inputoutput::IoTable& table,
                      const std::vector<std::string>& scenarios,
                      const inputoutput::ShockEffects& e,
                      const IoRunInfo& info);
std::string ShockTable(const inputoutput::IoTable& table,
                       const std::vector<std::string>& scenarios,
                       const inputoutput::ShockEffects& e,
                       const IoRunInfo& info);

}  // namespace jobimpact::cli

#endif  // JOBIMPACT_APPS_JOBIMPACT_IO_OUTPUT_H_
