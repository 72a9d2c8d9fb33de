#include "table_output.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "jobimpact/results/results.h"
#include "jobimpact/table/csv_writer.h"

namespace jobimpact::cli {
namespace {

// Text columns with more levels than this show the first ones only in the
// text overview (CSV and JSON list them all).
constexpr size_t kLevelsShown = 40;

std::string Number(double v) {
  return std::isnan(v) ? "" : results::FormatNumber(v);
}

std::string FormatLine(const table::TableReadSummary& read) {
  std::string s = std::string(table::FileFormatInfoOf(read.format).description);
  if (!read.sheet.empty()) s += ", sheet " + read.sheet;
  if (read.format == table::FileFormat::kCsv) {
    s += std::string(", ") + table::EncodingName(read.csv.encoding);
  } else if (!read.file_encoding.empty()) {
    s += ", encoding " + read.file_encoding;
  }
  return s;
}

std::string Summary(const table::ColumnDescription& c) {
  if (c.type == table::ColumnType::kDouble) {
    if (c.values == 0) return "no values";
    return fmt::format("min {}, mean {}, max {} ({} distinct)", Number(c.min),
                       fmt::format("{:.6g}", c.mean), Number(c.max),
                       c.distinct);
  }
  return fmt::format("{} level{}", c.levels.size(),
                     c.levels.size() == 1 ? "" : "s");
}

}  // namespace

std::string DescriptionTable(const table::TableDescription& d,
                             const table::TableReadSummary& read) {
  std::string out =
      fmt::format("file: {}\nformat: {}\nrows: {}, columns: {}\n\n", d.source,
                  FormatLine(read), d.rows, d.columns.size());
  out += fmt::format("{:<24} {:<6} {:>9} {:>9}  {}\n", "column", "type",
                     "values", "missing", "levels / range");
  for (const auto& c : d.columns) {
    std::string name = c.name;
    if (!c.label.empty() && c.label != c.name) name += " (" + c.label + ")";
    out += fmt::format("{:<24} {:<6} {:>9} {:>9}  {}\n", name,
                       table::ColumnTypeName(c.type), c.values, c.missing,
                       Summary(c));
  }
  for (const auto& c : d.columns) {
    if (c.type != table::ColumnType::kString) continue;
    if (c.levels.size() > kLevelsShown &&
        static_cast<int64_t>(c.levels.size()) == c.values) {
      out += fmt::format(
          "\n{} — every value differs ({} levels): an "
          "identifier?\n",
          c.name, c.levels.size());
      continue;
    }
    out += fmt::format("\n{} — levels in order, with rows:\n", c.name);
    for (size_t i = 0; i < c.levels.size() && i < kLevelsShown; ++i) {
      const auto& l = c.levels[i];
      out += fmt::format("  {:<30} {:>9}\n",
                         l.code.empty() ? l.level : l.code + " = " + l.level,
                         l.count);
    }
    if (c.levels.size() > kLevelsShown) {
      out += fmt::format("  ... {} more (see --format csv)\n",
                         c.levels.size() - kLevelsShown);
    }
    if (c.missing > 0)
      out += fmt::format("  {:<30} {:>9}\n", "(missing)", c.missing);
  }
  return out;
}

std::string DescriptionCsv(const table::TableDescription& d) {
  using table::QuoteCsvField;
  std::string out =
      "column,label,type,values,missing,level,code,count,min,mean,max\n";
  for (const auto& c : d.columns) {
    const bool numeric = c.type == table::ColumnType::kDouble;
    out += fmt::format("{},{},{},{},{},,,,{},{},{}\n", QuoteCsvField(c.name),
                       QuoteCsvField(c.label), table::ColumnTypeName(c.type),
                       c.values, c.missing, numeric ? Number(c.min) : "",
                       numeric ? Number(c.mean) : "",
                       numeric ? Number(c.max) : "");
    for (const auto& l : c.levels) {
      out +=
          fmt::format("{},,,,,{},{},{},,,\n", QuoteCsvField(c.name),
                      QuoteCsvField(l.level), QuoteCsvField(l.code), l.count);
    }
  }
  return out;
}

std::string DescriptionJson(const table::TableDescription& d,
                            const table::TableReadSummary& read) {
  using Json = nlohmann::ordered_json;
  auto num = [](double v) { return std::isnan(v) ? Json(nullptr) : Json(v); };
  Json doc;
  doc["file"] = d.source;
  doc["format"] = std::string(table::FileFormatInfoOf(read.format).name);
  if (!read.sheet.empty()) doc["sheet"] = read.sheet;
  doc["rows"] = d.rows;
  Json cols = Json::array();
  for (const auto& c : d.columns) {
    Json o;
    o["name"] = c.name;
    o["label"] = c.label.empty() ? Json(nullptr) : Json(c.label);
    o["type"] = table::ColumnTypeName(c.type);
    o["values"] = c.values;
    o["missing"] = c.missing;
    if (c.type == table::ColumnType::kDouble) {
      o["min"] = num(c.min);
      o["mean"] = num(c.mean);
      o["max"] = num(c.max);
      o["distinct"] = c.distinct;
    } else {
      Json levels = Json::array();
      for (const auto& l : c.levels) {
        Json lv;
        lv["level"] = l.level;
        lv["code"] = l.code.empty() ? Json(nullptr) : Json(l.code);
        lv["count"] = l.count;
        levels.push_back(std::move(lv));
      }
      o["levels"] = std::move(levels);
    }
    cols.push_back(std::move(o));
  }
  doc["columns"] = std::move(cols);
  return doc.dump(2) + "\n";
}

}  // namespace jobimpact::cli
