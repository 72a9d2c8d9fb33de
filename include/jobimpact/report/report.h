// Human-readable renderings of a results table: a self-contained HTML page
// and a plain-text summary for the terminal. Display scaling (jobs in 万,
// yuan in 亿, growth in %) happens here only; the results keep natural units.
#ifndef JOBIMPACT_REPORT_REPORT_H_
#define JOBIMPACT_REPORT_REPORT_H_

#include <string>

#include "jobimpact/results/results.h"

namespace jobimpact::report {

// One HTML page: headline figures, the study-wide table, breakdowns, the full
// results with methods, and the run's notes. No external resources.
std::string RenderHtml(const results::ResultsTable& table,
                       const results::RunInfo& info);

// Study-wide rows (no component, no domain) as an aligned text table.
std::string RenderTextSummary(const results::ResultsTable& table);

// A value in display units with its unit label, e.g. "2963.0万 jobs",
// "11301.0亿 yuan", "24.4%".
std::string DisplayValue(const results::ResultRow& row);

}  // namespace jobimpact::report

#endif  // JOBIMPACT_REPORT_REPORT_H_
