#include "jobimpact/results/results.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "jobimpact/table/csv_writer.h"

namespace jobimpact::results {
namespace {

std::string Opt(const std::optional<double>& v) {
  return v ? FormatNumber(*v) : "";
}

std::string QualityCode(const std::optional<survey::QualityFlag>& q) {
  return q ? std::string(survey::QualityFlagInfoOf(*q).code) : "";
}

}  // namespace

const std::vector<std::string>& ResultColumns() {
  static const std::vector<std::string> cols = {
      "indicator",     "component", "domain_type", "domain",
      "year",          "estimate",  "se",          "ci_low",
      "ci_high",       "level",     "n",           "respondents",
      "quality",       "unit",      "method",      "total_ci_low",
      "total_ci_high", "scenario"};
  return cols;
}

const std::vector<std::string>& SensitivityColumns() {
  static const std::vector<std::string> cols = {
      "indicator",      "component", "domain_type", "domain", "year",
      "assumption",     "low",       "high",        "at_low", "at_high",
      "variance_share", "scenario"};
  return cols;
}

std::string SensitivityCsv(const std::vector<study::SensitivityRow>& rows) {
  std::string out;
  for (const std::string& c : SensitivityColumns()) {
    out += (out.empty() ? "" : ",") + c;
  }
  out += '\n';
  for (const auto& r : rows) {
    out += table::QuoteCsvField(r.indicator) + ',' +
           table::QuoteCsvField(r.component) + ',' +
           table::QuoteCsvField(r.domain_type) + ',' +
           table::QuoteCsvField(r.domain) + ',' + std::to_string(r.year) + ',' +
           table::QuoteCsvField(r.assumption) + ',' + Opt(r.low) + ',' +
           Opt(r.high) + ',' + FormatNumber(r.at_low) + ',' +
           FormatNumber(r.at_high) + ',' + FormatNumber(r.variance_share) +
           ',' + table::QuoteCsvField(r.scenario) + '\n';
  }
  return out;
}

std::string FormatNumber(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, r.ptr);
}

Result<ResultsTable> ResultsTable::FromFigures(
    const std::vector<study::Figure>& figures) {
  ResultsTable t;
  for (const auto& f : figures) {
    auto where = [&f]() {
      return fmt::format("{} {} {}={} {}", f.indicator, f.component,
                         f.domain_type, f.domain, f.year);
    };
    if (!std::isfinite(f.estimate)) {
      return NumericalError("result " + where() + " is not finite");
    }
    if (f.se && (!std::isfinite(*f.se) || *f.se < 0)) {
      return NumericalError("result " + where() +
                            " has an invalid standard error");
    }
    if (f.ci_low.has_value() != f.ci_high.has_value() ||
        (f.ci_low && !(*f.ci_low <= *f.ci_high))) {
      return NumericalError("result " + where() + " has an invalid interval");
    }
    if (f.total_ci_low.has_value() != f.total_ci_high.has_value() ||
        (f.total_ci_low && !(*f.total_ci_low <= *f.total_ci_high))) {
      return NumericalError("result " + where() +
                            " has an invalid total interval");
    }
    if (f.level.has_value() !=
            (f.ci_low.has_value() || f.total_ci_low.has_value()) ||
        (f.level && !(*f.level > 0 && *f.level < 1))) {
      return InternalError("result " + where() +
                           " has an interval without its level");
    }
    if (f.method.empty()) {
      return InternalError("result " + where() + " does not name its method");
    }
    t.rows_.push_back(f);
  }
  std::stable_sort(
      t.rows_.begin(), t.rows_.end(),
      [](const ResultRow& a, const ResultRow& b) { return a.year < b.year; });
  return t;
}

std::string ResultsTable::ToCsv() const {
  std::string out;
  const auto& cols = ResultColumns();
  for (size_t i = 0; i < cols.size(); ++i) {
    if (i) out += ',';
    out += cols[i];
  }
  out += '\n';
  for (const auto& r : rows_) {
    out += table::QuoteCsvField(r.indicator) + ',' +
           table::QuoteCsvField(r.component) + ',' +
           table::QuoteCsvField(r.domain_type) + ',' +
           table::QuoteCsvField(r.domain) + ',' + std::to_string(r.year) + ',' +
           FormatNumber(r.estimate) + ',' + Opt(r.se) + ',' + Opt(r.ci_low) +
           ',' + Opt(r.ci_high) + ',' + Opt(r.level) + ',' +
           (r.n ? std::to_string(*r.n) : "") + ',' +
           (r.respondents ? std::to_string(*r.respondents) : "") + ',' +
           QualityCode(r.quality) + ',' + table::QuoteCsvField(r.unit) + ',' +
           table::QuoteCsvField(r.method) + ',' + Opt(r.total_ci_low) + ',' +
           Opt(r.total_ci_high) + ',' + table::QuoteCsvField(r.scenario) + '\n';
  }
  return out;
}

std::string ResultsTable::ToJson(const RunInfo& info) const {
  using nlohmann::ordered_json;
  auto opt = [](const std::optional<double>& v) -> ordered_json {
    return v ? ordered_json(*v) : ordered_json(nullptr);
  };
  ordered_json doc;
  doc["jobimpact"] = {{"format", "results/1"},
                      {"title", info.title},
                      {"platform", info.platform},
                      {"country", info.country},
                      {"input", info.input_file}};
  if (info.provenance) {
    doc["provenance"] = ordered_json::parse(ProvenanceToJson(*info.provenance));
  }
  doc["columns"] = ResultColumns();
  ordered_json rows = ordered_json::array();
  for (const auto& r : rows_) {
    ordered_json o;
    o["indicator"] = r.indicator;
    o["component"] = r.component;
    o["domain_type"] = r.domain_type;
    o["domain"] = r.domain;
    o["year"] = r.year;
    o["estimate"] = r.estimate;
    o["se"] = opt(r.se);
    o["ci_low"] = opt(r.ci_low);
    o["ci_high"] = opt(r.ci_high);
    o["level"] = opt(r.level);
    o["n"] = r.n ? ordered_json(*r.n) : ordered_json(nullptr);
    o["respondents"] =
        r.respondents ? ordered_json(*r.respondents) : ordered_json(nullptr);
    o["quality"] = r.quality ? ordered_json(QualityCode(r.quality))
                             : ordered_json(nullptr);
    o["unit"] = r.unit;
    o["method"] = r.method;
    o["total_ci_low"] = opt(r.total_ci_low);
    o["total_ci_high"] = opt(r.total_ci_high);
    o["scenario"] = r.scenario;
    rows.push_back(std::move(o));
  }
  doc["rows"] = std::move(rows);
  ordered_json labels = ordered_json::array();
  for (const study::Label& l : info.labels) {
    ordered_json o = {{"kind", l.kind},
                      {"id", l.id},
                      {"name", l.name},
                      {"name_en", l.name_en}};
    if (!l.definition.empty()) o["definition"] = l.definition;
    labels.push_back(std::move(o));
  }
  doc["labels"] = std::move(labels);
  ordered_json tornado = ordered_json::array();
  for (const study::SensitivityRow& r : info.sensitivity) {
    tornado.push_back({{"indicator", r.indicator},
                       {"component", r.component},
                       {"domain_type", r.domain_type},
                       {"domain", r.domain},
                       {"year", r.year},
                       {"assumption", r.assumption},
                       {"low", opt(r.low)},
                       {"high", opt(r.high)},
                       {"at_low", r.at_low},
                       {"at_high", r.at_high},
                       {"variance_share", r.variance_share},
                       {"scenario", r.scenario}});
  }
  doc["sensitivity"] = std::move(tornado);
  doc["notes"] = info.notes;
  return doc.dump(2) + "\n";
}

}  // namespace jobimpact::results
