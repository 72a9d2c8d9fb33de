// results.xlsx: the results table as a workbook for Excel users, through
// libxlsxwriter. One sheet per indicator family -- direct jobs, breakdowns,
// consumption and indirect effects, series, quality -- and one for the
// methods and the run's provenance. Every sheet has a Chinese and an
// English header row (frozen), number formats by unit (jobs and yuan as
// whole numbers with separators, shares and growth rates as %, other
// ratios with four decimals) and column widths that fit. Values are the
// natural units of results.csv, to 16 significant digits (libxlsxwriter's;
// Excel itself keeps 15).
#ifndef JOBIMPACT_REPORT_XLSX_H_
#define JOBIMPACT_REPORT_XLSX_H_

#include <string>
#include <string_view>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/results/results.h"

namespace jobimpact::report {

// The family (sheet) a row belongs to.
enum class SheetFamily { kDirect, kBreakdowns, kConsumption, kSeries };
SheetFamily FamilyOf(const results::ResultRow& row);
// The sheet names, in workbook order (the methods sheet last).
const std::vector<std::string>& XlsxSheetNames();

// The workbook's bytes. IoError if libxlsxwriter cannot write its scratch
// file.
Result<std::string> ResultsXlsx(const results::ResultsTable& table,
                                const results::RunInfo& info);

}  // namespace jobimpact::report

#endif  // JOBIMPACT_REPORT_XLSX_H_
