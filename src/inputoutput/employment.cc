#include "jobimpact/inputoutput/employment.h"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <set>

#include "jobimpact/base/quote.h"
#include "jobimpact/table/csv_reader.h"

namespace jobimpact::inputoutput {
namespace {

using Eigen::Index;

bool IsYear(const std::string& s) {
  return s.size() == 4 && std::all_of(s.begin(), s.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c)) != 0;
         });
}

// "A01" -> "A"; a section is its own section.
std::string SectionOf(const std::string& code) {
  if (code.size() > 1 && std::isalpha(static_cast<unsigned char>(code[0])) &&
      std::all_of(code.begin() + 1, code.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
      })) {
    return code.substr(0, 1);
  }
  return code;
}

std::vector<std::string> SplitPlus(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find('+', start);
    out.push_back(s.substr(start, p == std::string::npos ? p : p - start));
    if (p == std::string::npos) break;
    start = p + 1;
  }
  return out;
}

}  // namespace

Result<EmploymentTable> ReadEmploymentTable(const std::filesystem::path& path,
                                            double persons_per_unit) {
  if (!(persons_per_unit > 0)) {
    return InvalidArgumentError(
        "persons per unit of the employment table "
        "must be positive");
  }
  const std::string file = path.string();
  table::CsvReadOptions opts;
  opts.column_types["code"] = table::ColumnType::kString;
  opts.required_columns = {"code"};
  JI_ASSIGN_OR_RETURN(table::Table t, table::ReadCsvFile(path, opts));
  EmploymentTable e;
  e.source = file;
  e.persons_per_unit = persons_per_unit;
  const table::Column& code = *t.Find("code");
  const table::Column* zh = t.Find("name_zh");
  std::set<std::string> seen;
  for (size_t r = 0; r < t.num_rows(); ++r) {
    if (code.IsMissing(r)) {
      return InvalidArgumentError(
          fmt::format("{}:{}: column \"code\" is empty", file, t.LineOfRow(r)));
    }
    if (!seen.insert(code.text(r)).second) {
      return InvalidArgumentError(
          fmt::format("{}:{}: industry \"{}\" is listed twice", file,
                      t.LineOfRow(r), code.text(r)));
    }
    e.codes.push_back(code.text(r));
    e.names_zh.push_back(zh && zh->type() == table::ColumnType::kString &&
                                 !zh->IsMissing(r)
                             ? zh->text(r)
                             : "");
  }
  for (size_t c = 0; c < t.num_columns(); ++c) {
    const table::Column& col = t.column(c);
    if (!IsYear(col.name())) continue;
    const int year = std::stoi(col.name());
    e.years.push_back(year);
    auto& vals = e.values[year];
    for (size_t r = 0; r < t.num_rows(); ++r) {
      double v = std::nan("");
      if (col.type() == table::ColumnType::kDouble) {
        v = col.doubles()[r];
      } else if (!col.IsMissing(r) &&
                 !table::ParseNumber(col.text(r), &v)) {
        return InvalidArgumentError(fmt::format(
            "{}:{}: column {} (\"{}\"): expected a number of employed "
            "persons, found {}",
            file, t.LineOfRow(r), c + 1, col.name(),
            QuoteForMessage(col.text(r))));
      }
      if (std::isnan(v)) continue;
      if (v < 0 || !std::isfinite(v)) {
        return InvalidArgumentError(fmt::format(
            "{}:{}: column {} (\"{}\"): employment must be a non-negative "
            "number, found {}",
            file, t.LineOfRow(r), c + 1, col.name(), v));
      }
      vals[e.codes[r]] = v;
    }
  }
  if (e.years.empty()) {
    return InvalidArgumentError(
        file + ": no year column (expected columns named like 2017)");
  }
  return e;
}

Result<Eigen::VectorXd> EmploymentCoefficients(
    const IoTable& table, const EmploymentTable& employment, int year,
    const std::filesystem::path& concordance,
    EmploymentCoefficientsSummary* summary) {
  auto year_it = employment.values.find(year);
  if (year_it == employment.values.end()) {
    std::string years;
    for (int y : employment.years)
      years += (years.empty() ? "" : ", ") + std::to_string(y);
    return NotFoundError(fmt::format("{}: no employment for {} (years: {})",
                                     employment.source, year, years));
  }
  const auto& emp = year_it->second;
  const std::string file = concordance.string();
  table::CsvReadOptions opts;
  opts.column_types["sector"] = table::ColumnType::kString;
  opts.column_types["industry"] = table::ColumnType::kString;
  opts.required_columns = {"sector", "industry"};
  JI_ASSIGN_OR_RETURN(table::Table t, table::ReadCsvFile(concordance, opts));
  const table::Column& sec = *t.Find("sector");
  const table::Column& ind = *t.Find("industry");
  const size_t n = table.size();
  std::vector<std::string> group_of(n);
  std::vector<size_t> line_of(n, 0);
  std::map<std::string, std::string> industry_group;  // industry -> group
  for (size_t r = 0; r < t.num_rows(); ++r) {
    const size_t line = t.LineOfRow(r);
    if (sec.IsMissing(r) || ind.IsMissing(r)) {
      return InvalidArgumentError(fmt::format(
          "{}:{}: columns \"sector\" and \"industry\" must not be empty", file,
          line));
    }
    auto idx = table.IndexOf(sec.text(r));
    if (!idx) {
      return NotFoundError(
          fmt::format("{}:{}: sector \"{}\" is not a sector "
                      "of {}",
                      file, line, sec.text(r), table.source));
    }
    if (line_of[*idx] != 0) {
      return InvalidArgumentError(
          fmt::format("{}:{}: sector \"{}\" is mapped twice (first on line {})",
                      file, line, sec.text(r), line_of[*idx]));
    }
    line_of[*idx] = line;
    const std::string& group = ind.text(r);
    group_of[*idx] = group;
    for (const std::string& code : SplitPlus(group)) {
      if (emp.count(code) == 0) {
        bool known = std::find(employment.codes.begin(), employment.codes.end(),
                               code) != employment.codes.end();
        return NotFoundError(
            fmt::format("{}:{}: industry \"{}\" {} in {}", file, line, code,
                        known ? fmt::format("has no employment for {}", year)
                              : std::string("is not an industry"),
                        employment.source));
      }
      auto [it, inserted] = industry_group.emplace(code, group);
      if (!inserted && it->second != group) {
        return InvalidArgumentError(fmt::format(
            "{}:{}: industry \"{}\" is in two groups (\"{}\" and \"{}\"): its "
            "jobs would be counted twice",
            file, line, code, it->second, group));
      }
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (line_of[i] == 0) {
      return InvalidArgumentError(fmt::format(
          "{}: sector {} of {} is not in the concordance (every sector needs "
          "an industry)",
          file, table.Describe(i), table.source));
    }
  }
  // Sections and divisions must not overlap; every industry with jobs must
  // be covered.
  for (const auto& [code, group] : industry_group) {
    const std::string section = SectionOf(code);
    if (section != code && industry_group.count(section)) {
      return InvalidArgumentError(fmt::format(
          "{}: industry \"{}\" and its section \"{}\" are both mapped: their "
          "jobs would be counted twice",
          file, code, section));
    }
  }
  for (const auto& [code, persons] : emp) {
    if (code == "TOT" || persons == 0 || industry_group.count(code)) continue;
    const std::string section = SectionOf(code);
    if (section != code) {
      if (industry_group.count(section)) continue;  // Covered by section.
      return InvalidArgumentError(fmt::format(
          "{}: industry \"{}\" employs {} x {:g} persons in {} but no sector "
          "maps to it or to its section",
          file, code, persons, employment.persons_per_unit, year));
    }
    // A section is covered when every division with jobs is mapped.
    bool has_divisions = false;
    for (const auto& [other, p] : emp) {
      if (other != code && SectionOf(other) == code) {
        has_divisions = true;
        if (p > 0 && industry_group.count(other) == 0) {
          return InvalidArgumentError(fmt::format(
              "{}: industry \"{}\" employs {} x {:g} persons in {} but no "
              "sector maps to it or to its section \"{}\"",
              file, other, p, employment.persons_per_unit, year, code));
        }
      }
    }
    if (!has_divisions) {
      return InvalidArgumentError(fmt::format(
          "{}: industry \"{}\" employs {} x {:g} persons in {} but no sector "
          "maps to it",
          file, code, persons, employment.persons_per_unit, year));
    }
  }
  // Coefficients per group.
  std::map<std::string, double> group_output;
  for (size_t i = 0; i < n; ++i) {
    group_output[group_of[i]] += table.gross_output(static_cast<Index>(i));
  }
  Eigen::VectorXd coef(static_cast<Index>(n));
  double attributed = 0.0;
  for (const auto& [group, output] : group_output) {
    double persons = 0.0;
    for (const std::string& code : SplitPlus(group)) persons += emp.at(code);
    persons *= employment.persons_per_unit;
    attributed += persons;
    if (!(output > 0)) {
      return InvalidArgumentError(fmt::format(
          "{}: the sectors mapped to \"{}\" have no gross output, so jobs per "
          "unit of output are undefined",
          file, group));
    }
  }
  for (size_t i = 0; i < n; ++i) {
    double persons = 0.0;
    for (const std::string& code : SplitPlus(group_of[i])) {
      persons += emp.at(code);
    }
    coef(static_cast<Index>(i)) =
        persons * employment.persons_per_unit / group_output.at(group_of[i]);
  }
  if (summary != nullptr) {
    summary->year = year;
    summary->persons_attributed = attributed;
    auto tot = emp.find("TOT");
    summary->persons_total = tot == emp.end()
                                 ? std::nan("")
                                 : tot->second * employment.persons_per_unit;
    summary->groups = static_cast<int>(group_output.size());
    summary->method = fmt::format(
        "jobs per unit of output = employed persons {} ({}) of the industries "
        "mapped by {} / gross output of their sectors (equal labour intensity "
        "within a group of {} groups)",
        year, employment.source, file, group_output.size());
  }
  return coef;
}

}  // namespace jobimpact::inputoutput
