#include "survey_output.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "jobimpact/results/results.h"
#include "jobimpact/table/csv_writer.h"

namespace jobimpact::cli {

namespace {

// Empty (never "nan") where an estimate has no standard error or interval.
std::string Cell(double v) {
  return std::isnan(v) ? "" : results::FormatNumber(v);
}

nlohmann::ordered_json JsonNumber(double v) {
  return std::isnan(v) ? nlohmann::ordered_json(nullptr)
                       : nlohmann::ordered_json(v);
}

}  // namespace

std::string SurveyEstimatesCsv(
    const std::vector<survey::SurveyEstimate>& estimates) {
  std::string out =
      "statistic,variable,domain,estimate,se,ci_low,ci_high,df,n,note\n";
  for (const auto& e : estimates) {
    out += fmt::format(
        "{},{},{},{},{},{},{},{},{},{}\n", survey::StatisticName(e.statistic),
        table::QuoteCsvField(e.variable), table::QuoteCsvField(e.domain),
        results::FormatNumber(e.estimate), Cell(e.se), Cell(e.ci_low),
        Cell(e.ci_high), e.df, e.n, table::QuoteCsvField(e.note));
  }
  return out;
}

std::string SurveyEstimatesJson(
    const std::vector<survey::SurveyEstimate>& estimates,
    const survey::EstimationSummary& summary) {
  nlohmann::ordered_json doc;
  doc["design"] = summary.design;
  doc["variance"] = summary.variance;
  doc["df"] = summary.df;
  doc["rows"] = summary.rows;
  doc["missing_values"] = summary.missing_policy;
  nlohmann::ordered_json missing = nlohmann::ordered_json::object();
  for (const auto& [column, count] : summary.missing_values) {
    missing[column] = count;
  }
  doc["missing_by_column"] = std::move(missing);
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& e : estimates) {
    nlohmann::ordered_json o;
    o["statistic"] = survey::StatisticName(e.statistic);
    o["variable"] = e.variable;
    o["domain"] = e.domain;
    o["estimate"] = e.estimate;
    o["se"] = JsonNumber(e.se);
    o["ci_low"] = JsonNumber(e.ci_low);
    o["ci_high"] = JsonNumber(e.ci_high);
    o["df"] = e.df;
    o["n"] = e.n;
    const double cv = e.cv();
    o["cv"] = std::isnan(cv) ? nlohmann::ordered_json(nullptr)
                             : nlohmann::ordered_json(cv);
    o["deff"] = e.deff ? nlohmann::ordered_json(*e.deff)
                       : nlohmann::ordered_json(nullptr);
    o["method"] = e.method;
    o["note"] = e.note.empty() ? nlohmann::ordered_json(nullptr)
                               : nlohmann::ordered_json(e.note);
    list.push_back(std::move(o));
  }
  doc["estimates"] = std::move(list);
  doc["notes"] = summary.notes;
  return doc.dump(2) + "\n";
}

std::string SurveyEstimatesTable(
    const std::vector<survey::SurveyEstimate>& estimates,
    const survey::EstimationSummary& summary) {
  std::string out = fmt::format(
      "design: {}\nvariance: {}, df {}\nmissing values: {}\n", summary.design,
      summary.variance, summary.df, summary.missing_policy);
  for (const auto& [column, count] : summary.missing_values) {
    out +=
        fmt::format("  {}: {} missing, left out where needed\n", column, count);
  }
  out += "\n";
  out += fmt::format(
      "{:<9} {:<22} {:<24} {:>16} {:>14} {:>33} {:>7} {:>8} {:>7}\n",
      "statistic", "variable", "domain", "estimate", "se", "CI", "cv", "deff",
      "n");
  for (const auto& e : estimates) {
    const double cv = e.cv();
    out += fmt::format(
        "{:<9} {:<22} {:<24} {:>16.8g} {:>14} {:>33} {:>7} {:>8} {:>7}\n",
        survey::StatisticName(e.statistic), e.variable, e.domain, e.estimate,
        std::isnan(e.se) ? "" : fmt::format("{:.6g}", e.se),
        e.has_interval() ? fmt::format("[{:.8g}, {:.8g}]", e.ci_low, e.ci_high)
                         : "",
        std::isnan(cv) ? "" : fmt::format("{:.3f}", cv),
        e.deff ? fmt::format("{:.3f}", *e.deff) : "", e.n);
  }
  if (!summary.notes.empty()) {
    out += "\nnotes:\n";
    for (const auto& n : summary.notes) out += "  - " + n + "\n";
  }
  return out;
}

}  // namespace jobimpact::cli
