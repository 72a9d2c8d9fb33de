// Human-readable renderings of a results table: the report document (one
// self-contained HTML file) and a plain-text summary for the terminal.
// Display scaling (jobs in 万, yuan in 亿, shares and growth in %) happens
// here only; the results keep natural units.
#ifndef JOBIMPACT_REPORT_REPORT_H_
#define JOBIMPACT_REPORT_REPORT_H_

#include <optional>
#include <string>
#include <string_view>

#include "jobimpact/base/status.h"
#include "jobimpact/results/results.h"

namespace jobimpact::report {

enum class Language { kZh, kEn };

// "zh" / "en"; nullopt for anything else.
std::optional<Language> ParseLanguage(std::string_view text);
std::string_view LanguageName(Language lang);
// The report's language when none is asked for: Chinese for a study of
// China (country "CN", "China", "中国"), English otherwise.
Language DefaultLanguage(const results::RunInfo& info);

struct ReportOptions {
  Language language = Language::kZh;
  // Domains listed per component in the top-N tables (the reports: 10).
  int top_n = 10;

  [[nodiscard]] Status Validate() const;
};

// The options a run's own report uses: DefaultLanguage(info) and the
// study's top_n (its provenance option "study.top_n", else 10).
ReportOptions DefaultReportOptions(const results::RunInfo& info);

// The report document: headline cards with intervals and a summary
// paragraph; jobs by year (series); jobs by component with the full-time /
// part-time split; the province tile map in five share classes with the
// top-N table; every other breakdown; consumption and indirect effects by
// category and sector; notes and reconciliations; a methods appendix and
// the reproducibility block; and the table of every figure. Each chart
// has its data table beside it and whiskers for the intervals (a chart
// whose figures have none says so). Figures flagged F or S are withheld
// (their numbers stay in results.csv / results.json), E are muted. No
// external resources; prints on A4.
std::string RenderHtml(const results::ResultsTable& table,
                       const results::RunInfo& info,
                       const ReportOptions& options);

// Study-wide rows (no component, no domain) as an aligned text table:
// estimate and interval in display units, quality flag, method.
std::string RenderTextSummary(const results::ResultsTable& table);

// A value in display units with its unit's name: "3149万 jobs",
// "12565亿 yuan", "24.4%".
std::string DisplayValue(const results::ResultRow& row);
// `v` (in the row's natural unit) in the row's display unit, without the
// unit's name: "3149万", "12565亿", "7.15%".
std::string DisplayNumber(const results::ResultRow& row, double v);

}  // namespace jobimpact::report

#endif  // JOBIMPACT_REPORT_REPORT_H_
