// Jobs per unit of gross output by input-output sector, from an employment
// table by industry and a concordance from sectors to industries.
//
// Employment file (NBS layout, data/io/cn_employment_by_industry.csv): a
// column `code` (GB/T 4754 sections "A".."T" and divisions "A01".., plus an
// optional total row "TOT"), optional name columns, and one column per year
// (header = the year). Values are in `persons_per_unit` persons (NBS: 10,000).
//
// Concordance file: columns `sector` and `industry` (other columns are
// ignored), one row per sector of the table. `industry` is one industry code
// or several joined by "+" ("J01+J04"). Sectors naming the same industry
// string form a group; the group's jobs per unit of output is
//   e_g = employment(industries of g) / sum of gross output of sectors in g,
// and every sector of g gets e_g (equal labour intensity within a group: the
// assumption whenever an employment classification is coarser than the
// table). Checks: every table sector exactly once, known sectors and
// industries, no industry in two groups, no section used together with one
// of its divisions, and every industry with employment covered (by itself,
// its section, or all of its divisions) so no job is dropped.
#ifndef JOBIMPACT_INPUTOUTPUT_EMPLOYMENT_H_
#define JOBIMPACT_INPUTOUTPUT_EMPLOYMENT_H_

#include <Eigen/Dense>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/inputoutput/io_table.h"

namespace jobimpact::inputoutput {

struct EmploymentTable {
  std::string source;
  std::vector<std::string> codes;
  std::vector<std::string> names_zh;
  std::vector<int> years;
  // values[year][code], in persons_per_unit persons; missing cells absent.
  std::map<int, std::map<std::string, double>> values;
  double persons_per_unit = 1e4;
};

Result<EmploymentTable> ReadEmploymentTable(const std::filesystem::path& path,
                                            double persons_per_unit = 1e4);

struct EmploymentCoefficientsSummary {
  int year = 0;
  double persons_attributed = 0.0;  // Sum over the groups.
  double persons_total = 0.0;       // The TOT row, or NaN if absent.
  int groups = 0;
  std::string method;  // In words, for results.
};

// Jobs (persons) per table unit of gross output, by sector of `table`.
Result<Eigen::VectorXd> EmploymentCoefficients(
    const IoTable& table, const EmploymentTable& employment, int year,
    const std::filesystem::path& concordance,
    EmploymentCoefficientsSummary* summary = nullptr);

}  // namespace jobimpact::inputoutput

#endif  // JOBIMPACT_INPUTOUTPUT_EMPLOYMENT_H_
