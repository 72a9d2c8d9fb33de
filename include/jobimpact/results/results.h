// The results table: one tidy row per number, the single output format every
// report and store reads. Columns (in this order):
//   indicator, component, domain_type, domain, year, estimate, se, ci_low,
//   ci_high, level, n, respondents, quality, unit, method, total_ci_low,
//   total_ci_high, scenario
// `level` is the confidence level of the intervals (0.95 etc.), empty
// without one; the total interval (sampling error and assumptions,
// study/uncertainty.h) is empty where no assumption the figure depends on
// has a range. `scenario` is "base" for the study as written, else the id
// of the [[scenarios]] entry.
// Values are in natural units (jobs, yuan, ratios); scaling to 万/亿 is for
// display only. Study-wide rows leave component and domain empty; se, ci and
// n are empty (never zero) where no estimator supplied them.
#ifndef JOBIMPACT_RESULTS_RESULTS_H_
#define JOBIMPACT_RESULTS_RESULTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/results/provenance.h"
#include "jobimpact/study/model.h"

namespace jobimpact::results {

// One row of the results table is one study figure: the same type, so the
// columns are defined once (study/model.h).
using ResultRow = study::Figure;

// What the run was, for the JSON header and the report.
struct RunInfo {
  std::string title;
  std::string platform;
  std::string input_file;
  std::vector<std::string> notes;
  // Version, command, time, input digests and options (absent in library
  // use that has none to give).
  std::optional<Provenance> provenance;
  // Names of the component and category ids the rows use.
  std::vector<study::Label> labels;
  // The study's country as written ("CN"; empty if none): the report's
  // default language follows it.
  std::string country;
  // The tornado table (study/uncertainty.h); empty without ranged
  // assumptions.
  std::vector<study::SensitivityRow> sensitivity = {};
};

class ResultsTable {
 public:
  // Checks every figure (finite estimate, non-negative se, interval around
  // the estimate) and orders rows by year, then as produced.
  static Result<ResultsTable> FromFigures(
      const std::vector<study::Figure>& figures);

  const std::vector<ResultRow>& rows() const { return rows_; }

  // RFC 4180 CSV with a header line; numbers in shortest round-trip form.
  std::string ToCsv() const;
  // {"jobimpact": {...run info...}, "provenance": {...}, "columns": [...],
  // "rows": [{...}], "notes": [...]} with null for empty cells.
  std::string ToJson(const RunInfo& info) const;

 private:
  std::vector<ResultRow> rows_;
};

// A results.json read back: its rows and run information.
struct ResultsDocument {
  ResultsTable table;
  RunInfo info;
};

// The format tag ToJson writes ("results/1"); ParseResultsJson reads it.
inline constexpr const char* kResultsFormat = "results/1";

// Parses results.json text as ToJson writes it. Errors (InvalidArgument)
// name `source` and the key path: not JSON, another format or version
// ("jobimpact.format" other than kResultsFormat), a row without a required
// key or with a value of the wrong type, a figure FromFigures refuses.
Result<ResultsDocument> ParseResultsJson(std::string_view json,
                                         const std::string& source);

// The column names, in order.
const std::vector<std::string>& ResultColumns();

// sensitivity.csv: indicator, component, domain_type, domain, year,
// assumption, low, high, at_low, at_high, variance_share; one row per
// figure and assumption that moves it, then its "sampling" row (low and
// high empty, at_low and at_high the sampling interval).
const std::vector<std::string>& SensitivityColumns();
std::string SensitivityCsv(const std::vector<study::SensitivityRow>& rows);

// Shortest decimal text that reads back to the same double.
std::string FormatNumber(double v);

}  // namespace jobimpact::results

#endif  // JOBIMPACT_RESULTS_RESULTS_H_
