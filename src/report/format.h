// Shared pieces of the report's renderers (private to src/report): the
// rendering context, HTML escaping, display of values and their intervals,
// and names of ids in the report's language.
#ifndef JOBIMPACT_SRC_REPORT_FORMAT_H_
#define JOBIMPACT_SRC_REPORT_FORMAT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jobimpact/report/chart.h"
#include "jobimpact/report/report.h"
#include "jobimpact/results/results.h"

namespace jobimpact::report::internal {

using Row = results::ResultRow;

// What every section reads: the rows, the run, the options and the latest
// year of the study-wide job figures (the year the document is about).
// `table` holds the study as written ("base"); `all` every scenario's rows
// too (the same table without [[scenarios]]).
struct Ctx {
  const results::ResultsTable& table;
  const results::RunInfo& info;
  const ReportOptions& options;
  int year = 0;
  const results::ResultsTable* all = nullptr;

  bool zh() const { return options.language == Language::kZh; }
  const char* L(const char* zh_text, const char* en_text) const {
    return zh() ? zh_text : en_text;
  }
};

std::string Escape(std::string_view s);

// Quality: F and S are withheld from the document, E is muted.
bool Withheld(const Row& r);
bool Muted(const Row& r);

// The first row with these fields, or nullptr.
const Row* Find(const Ctx& c, std::string_view indicator, int year,
                std::string_view component = "",
                std::string_view domain_type = "",
                std::string_view domain = "");

// The axis that shows a row's unit in display units (万, 亿, %).
AxisFormat AxisOf(const Row& r);
// A row as a chart value in its natural unit; nullopt when withheld.
std::optional<ChartValue> ChartValueOf(const Row* r);

// "3149万", "[3089万, 3209万]" (empty without an interval), "—" if withheld.
std::string EstimateText(const Row& r);
std::string IntervalText(const Row& r);
// "[a, b]" of the total interval (sampling error and assumptions); "" when
// the row has none or is withheld.
std::string TotalIntervalText(const Row& r);
// The quality code with its meaning as a tooltip, or "".
std::string QualityHtml(const Row& r);

// Names in the report's language: a component or category id (its label,
// else the id), an indicator (its label), a breakdown variable.
std::string ComponentName(const Ctx& c, const std::string& id);
// The label of `id` of `kind` ("component", "category", "indicator").
std::string LabelName(const Ctx& c, std::string_view kind,
                      const std::string& id);
// The label's definition (an indicator's expression), or "".
std::string LabelDefinition(const Ctx& c, std::string_view kind,
                            const std::string& id);
std::string CategoryName(const Ctx& c, const std::string& id);
std::string IndicatorLabel(const Ctx& c, std::string_view indicator);
std::string DomainTypeName(const Ctx& c, std::string_view domain_type);

// "95%" for the rows' one level, "" when none has an interval.
std::string LevelText(const std::vector<const Row*>& rows);
// The chart caption: the intervals' level and the estimators the rows'
// methods name (their "se:" and interval parts), or that none has one.
std::string Caption(const Ctx& c, const std::vector<const Row*>& rows);

// A compact data table: one line per (name, row); a null row prints "—".
std::string DataTable(const Ctx& c, const std::string& name_heading,
                      const std::vector<std::string>& names,
                      const std::vector<const Row*>& rows);

// A chart with its caption and its data table beside it.
std::string ChartBlock(const std::string& heading, const std::string& svg,
                       const std::string& caption, const std::string& table);

}  // namespace jobimpact::report::internal

#endif  // JOBIMPACT_SRC_REPORT_FORMAT_H_
