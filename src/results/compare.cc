#include "jobimpact/results/compare.h"

#include <fmt/format.h>

#include <boost/math/distributions/normal.hpp>
#include <charconv>
#include <cmath>
#include <map>

#include "jobimpact/table/csv_reader.h"

namespace jobimpact::results {
namespace {

// Exact decimal -> double (the shortest round-trip text ToCsv writes).
Result<std::optional<double>> ParseCell(const std::string& text,
                                        const std::string& where) {
  if (text.empty()) return std::optional<double>();
  double v = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size() ||
      !std::isfinite(v)) {
    return InvalidArgumentError(
        fmt::format("{}: expected a number, found \"{}\"", where, text));
  }
  return std::optional<double>(v);
}

Result<std::optional<int64_t>> ParseCount(const std::string& text,
                                          const std::string& where) {
  if (text.empty()) return std::optional<int64_t>();
  int64_t v = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size() || v < 0) {
    return InvalidArgumentError(
        fmt::format("{}: expected a count, found \"{}\"", where, text));
  }
  return std::optional<int64_t>(v);
}

std::string RowText(const ResultRow& r) {
  auto opt = [](const std::optional<double>& v) {
    return v ? FormatNumber(*v) : std::string();
  };
  return fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", FigureKey(r),
                     FormatNumber(r.estimate), opt(r.se), opt(r.ci_low),
                     opt(r.ci_high), opt(r.level),
                     r.n ? std::to_string(*r.n) : "", r.unit, r.method,
                     opt(r.total_ci_low), opt(r.total_ci_high));
}

}  // namespace

Status CompareOptions::Validate() const {
  if (!(level > 0 && level < 1)) {
    return InvalidArgumentError(fmt::format(
        "--level must lie strictly between 0 and 1, got {}", level));
  }
  return Status::Ok();
}

std::string FigureKey(const ResultRow& r) {
  return fmt::format("{}|{}|{}|{}|{}|{}", r.indicator, r.component,
                     r.domain_type, r.domain, r.year, r.scenario);
}

Result<std::vector<ResultRow>> ReadResultsCsv(
    const std::filesystem::path& path) {
  table::CsvReadOptions opt;
  opt.encoding = table::Encoding::kUtf8;
  opt.na_values = {};
  opt.allow_no_rows = true;
  for (const auto& c : ResultColumns()) {
    // Results written before quality flags have no respondents and quality
    // columns, those before total intervals none of those (their type is
    // inferred: text, or all empty).
    if (c == "quality" || c == "respondents" || c == "total_ci_low" ||
        c == "total_ci_high" || c == "scenario") {
      continue;
    }
    opt.column_types[c] = table::ColumnType::kString;
    opt.required_columns.push_back(c);
  }
  JI_ASSIGN_OR_RETURN(table::Table t, table::ReadCsvFile(path, opt));
  std::vector<const table::Column*> cols;
  for (const auto& c : ResultColumns()) cols.push_back(t.Find(c));
  std::vector<ResultRow> rows;
  for (size_t i = 0; i < t.num_rows(); ++i) {
    auto cell = [&](size_t c) {
      return cols[c] != nullptr ? cols[c]->CellText(i) : std::string();
    };
    auto where = [&](size_t c) {
      return fmt::format("{}:{}: column \"{}\"", path.string(), t.LineOfRow(i),
                         ResultColumns()[c]);
    };
    ResultRow r;
    r.indicator = cell(0);
    r.component = cell(1);
    r.domain_type = cell(2);
    r.domain = cell(3);
    int year = 0;
    const std::string y = cell(4);
    auto yr = std::from_chars(y.data(), y.data() + y.size(), year);
    if (yr.ec != std::errc() || yr.ptr != y.data() + y.size()) {
      return InvalidArgumentError(where(4) + ": expected a year, found \"" + y +
                                  "\"");
    }
    r.year = year;
    JI_ASSIGN_OR_RETURN(std::optional<double> est,
                        ParseCell(cell(5), where(5)));
    if (!est) return InvalidArgumentError(where(5) + ": is empty");
    r.estimate = *est;
    JI_ASSIGN_OR_RETURN(r.se, ParseCell(cell(6), where(6)));
    JI_ASSIGN_OR_RETURN(r.ci_low, ParseCell(cell(7), where(7)));
    JI_ASSIGN_OR_RETURN(r.ci_high, ParseCell(cell(8), where(8)));
    JI_ASSIGN_OR_RETURN(r.level, ParseCell(cell(9), where(9)));
    JI_ASSIGN_OR_RETURN(r.n, ParseCount(cell(10), where(10)));
    JI_ASSIGN_OR_RETURN(r.respondents, ParseCount(cell(11), where(11)));
    if (const std::string q = cell(12); !q.empty()) {
      auto flag = survey::ParseQualityFlag(q);
      if (!flag.ok()) return flag.status().WithPrefix(where(12));
      r.quality = *flag;
    }
    r.unit = cell(13);
    r.method = cell(14);
    JI_ASSIGN_OR_RETURN(r.total_ci_low, ParseCell(cell(15), where(15)));
    JI_ASSIGN_OR_RETURN(r.total_ci_high, ParseCell(cell(16), where(16)));
    if (cols[17] != nullptr) r.scenario = cell(17);  // Older: all "base".
    rows.push_back(std::move(r));
  }
  return rows;
}

Result<std::vector<ComparedFigure>> CompareResults(
    const std::vector<ResultRow>& a, const std::vector<ResultRow>& b,
    const CompareOptions& options) {
  JI_RETURN_IF_ERROR(options.Validate());
  const double critical = boost::math::quantile(
      boost::math::complement(boost::math::normal(), (1 - options.level) / 2));
  std::map<std::string, size_t> in_b;
  for (size_t i = 0; i < b.size(); ++i) {
    if (!in_b.emplace(FigureKey(b[i]), i).second) {
      return InvalidArgumentError("figure " + FigureKey(b[i]) +
                                  " appears twice in the second results");
    }
  }
  std::map<std::string, size_t> in_a;
  std::vector<ComparedFigure> out;
  for (const auto& ra : a) {
    if (!in_a.emplace(FigureKey(ra), out.size()).second) {
      return InvalidArgumentError("figure " + FigureKey(ra) +
                                  " appears twice in the first results");
    }
    ComparedFigure f;
    f.a = ra;
    auto it = in_b.find(FigureKey(ra));
    if (it != in_b.end()) {
      const ResultRow& rb = b[it->second];
      f.b = rb;
      f.identical = RowText(ra) == RowText(rb);
      f.difference = rb.estimate - ra.estimate;
      if (ra.estimate != 0) {
        f.relative_change = *f.difference / std::fabs(ra.estimate);
      }
      if (ra.se && rb.se) {
        const double se = std::hypot(*ra.se, *rb.se);
        if (se > 0) {
          f.z = *f.difference / se;
          f.significant = std::fabs(*f.z) > critical;
        }
      }
    }
    out.push_back(std::move(f));
  }
  for (const auto& rb : b) {
    if (in_a.count(FigureKey(rb))) continue;
    ComparedFigure f;
    f.b = rb;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace jobimpact::results
