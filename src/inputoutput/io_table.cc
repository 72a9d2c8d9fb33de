#include "jobimpact/inputoutput/io_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "jobimpact/base/quote.h"
#include "jobimpact/table/csv_reader.h"

namespace jobimpact::inputoutput {
namespace {

using table::Column;
using table::ColumnType;
using table::Table;

// NBS total rows/columns and the parts they must equal (io/README.md).
struct TotalRule {
  const char* total;
  std::vector<const char*> parts;  // "*" = every sector.
};

const std::vector<TotalRule>& NbsColumnTotals() {
  static const std::vector<TotalRule> rules = {
      {"TIU", {"*"}},
      {"THC", {"FU101", "FU102"}},
      {"TC", {"THC", "FU103"}},
      {"GCF", {"FU201", "FU202"}},
      {"TFU", {"TC", "GCF", "EX"}},
  };
  return rules;
}

const std::vector<TotalRule>& NbsRowTotals() {
  static const std::vector<TotalRule> rules = {
      {"TII", {"*"}},
      {"TVA", {"VA001", "VA002", "VA003", "VA004"}},
      {"TI", {"TII", "TVA"}},
  };
  return rules;
}

bool IsNbsTotalColumn(const std::string& name) {
  for (const auto& r : NbsColumnTotals()) {
    if (name == r.total) return true;
  }
  return false;
}

bool IsNbsTotalRow(const std::string& name) {
  for (const auto& r : NbsRowTotals()) {
    if (name == r.total) return true;
  }
  return false;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The number in a cell of a column checked to be numeric; NaN when empty.
double NumericCell(const Table& t, size_t row, const std::string& col_name) {
  const Column* c = t.Find(col_name);
  if (c->type() == ColumnType::kDouble) return c->doubles()[row];
  double v = std::nan("");
  if (!c->IsMissing(row)) table::ParseNumber(c->text(row), &v);
  return v;
}

bool Near(double a, double b, double rel) {
  return std::fabs(a - b) <= rel * std::max(1.0, std::fabs(b));
}

// Reads an NBS non-competitive-import table (data/io/cn2017_42.csv): column
// Origin is "Domestic" for the domestic rows, "Imports" for the imported rows
// (same sectors, same order) and "TOT" for the input rows (TII, VA..., TVA,
// TI). Final-use columns are those that are not TIU, TFU, GO or a sector.
Result<IoTable> ReadNonCompetitive(const Table& t, const std::string& file,
                                   double rel_tolerance) {
  const Column& code = *t.Find("code");
  const Column& origin = *t.Find("Origin");
  if (origin.type() != ColumnType::kString) {
    return InvalidArgumentError(file +
                                ": column \"Origin\" must hold "
                                "Domestic, Imports or TOT");
  }
  std::vector<size_t> dom, imp, tot;
  for (size_t r = 0; r < t.num_rows(); ++r) {
    const std::string o = origin.IsMissing(r) ? "" : origin.text(r);
    if (code.IsMissing(r)) {
      return InvalidArgumentError(fmt::format(
          "{}:{}: column \"code\" is empty (every row needs a code)", file,
          t.LineOfRow(r)));
    }
    if (o == "Domestic") {
      dom.push_back(r);
    } else if (o == "Imports") {
      imp.push_back(r);
    } else if (o == "TOT") {
      tot.push_back(r);
    } else {
      return InvalidArgumentError(fmt::format(
          "{}:{}: column \"Origin\": expected Domestic, Imports or TOT, found "
          "\"{}\"",
          file, t.LineOfRow(r), o));
    }
  }
  std::vector<std::string> sectors;
  for (size_t r : dom) sectors.push_back(code.text(r));
  std::vector<std::string> final_cols;
  std::vector<std::string> sector_cols;
  for (const auto& col : t.columns()) {
    const std::string& name = col.name();
    if (name == "code" || name == "name_zh" || name == "name_en" ||
        name == "Origin" || name == "TIU" || name == "TFU" || name == "GO") {
      continue;
    }
    if (std::find(sectors.begin(), sectors.end(), name) != sectors.end()) {
      sector_cols.push_back(name);
    } else {
      final_cols.push_back(name);
    }
  }
  if (sectors.empty() || sector_cols != sectors) {
    return InvalidArgumentError(fmt::format(
        "{}: rows and columns disagree: the domestic rows list {} sectors "
        "and the sector columns {} (the intermediate block must list the "
        "same sectors in the same order)",
        file, sectors.size(), sector_cols.size()));
  }
  if (imp.size() != dom.size()) {
    return InvalidArgumentError(fmt::format(
        "{}: {} domestic rows but {} imported rows (each sector needs both)",
        file, dom.size(), imp.size()));
  }
  for (size_t i = 0; i < imp.size(); ++i) {
    if (code.text(imp[i]) != sectors[i]) {
      return InvalidArgumentError(fmt::format(
          "{}:{}: imported row {} is \"{}\" but domestic row {} is \"{}\"",
          file, t.LineOfRow(imp[i]), i + 1, code.text(imp[i]), i + 1,
          sectors[i]));
    }
  }
  auto cell = [&t](size_t row, const std::string& col_name) {
    return NumericCell(t, row, col_name);
  };
  const size_t n = sectors.size();
  const auto en = static_cast<Eigen::Index>(n);
  IoTable io;
  io.source = file;
  io.unit_in_currency = 1e4;
  io.unit_name = "10,000 yuan";
  io.competitive_imports = false;
  io.codes = sectors;
  io.names_zh.assign(n, "");
  io.names_en.assign(n, "");
  const Column* zh = t.Find("name_zh");
  const Column* enc = t.Find("name_en");
  io.z.resize(en, en);
  io.z_imported.resize(en, en);
  io.gross_output.resize(en);
  io.final_use_names = final_cols;
  io.final_use.resize(en, static_cast<Eigen::Index>(final_cols.size()));
  io.final_use_imported.resize(en,
                               static_cast<Eigen::Index>(final_cols.size()));
  for (size_t i = 0; i < n; ++i) {
    const size_t rd = dom[i], ri = imp[i];
    if (zh && zh->type() == ColumnType::kString && !zh->IsMissing(rd)) {
      io.names_zh[i] = zh->text(rd);
    }
    if (enc && enc->type() == ColumnType::kString && !enc->IsMissing(rd)) {
      io.names_en[i] = enc->text(rd);
    }
    for (size_t j = 0; j < n; ++j) {
      for (auto [row, m] :
           {std::pair{rd, &io.z}, std::pair{ri, &io.z_imported}}) {
        double v = cell(row, sectors[j]);
        if (!std::isfinite(v) || v < 0) {
          return InvalidArgumentError(fmt::format(
              "{}:{}: intermediate flow from {} ({}) to {} is {}", file,
              t.LineOfRow(row), sectors[i], origin.text(row), sectors[j],
              std::isfinite(v) ? fmt::format("negative ({})", v)
                               : std::string("missing")));
        }
        (*m)(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = v;
      }
    }
    for (size_t k = 0; k < final_cols.size(); ++k) {
      const double d = cell(rd, final_cols[k]);
      const double m = cell(ri, final_cols[k]);
      io.final_use(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) =
          std::isfinite(d) ? d : 0.0;
      io.final_use_imported(static_cast<Eigen::Index>(i),
                            static_cast<Eigen::Index>(k)) =
          std::isfinite(m) ? m : 0.0;
    }
    const double go = cell(rd, "GO");
    if (!std::isfinite(go) || go < 0) {
      return InvalidArgumentError(
          fmt::format("{}:{}: gross output (column GO) of sector {} is {}",
                      file, t.LineOfRow(rd), io.Describe(i),
                      std::isfinite(go) ? "negative" : "missing"));
    }
    io.gross_output(static_cast<Eigen::Index>(i)) = go;
    // Row balance: intermediate use + final use = gross output (domestic
    // rows) or = total imports (imported rows).
    for (size_t row : {rd, ri}) {
      double sum = 0;
      for (size_t j = 0; j < n; ++j) sum += cell(row, sectors[j]);
      for (const auto& c : final_cols) {
        double v = cell(row, c);
        if (std::isfinite(v)) sum += v;
      }
      const double total = cell(row, "GO");
      if (!Near(sum, total, rel_tolerance)) {
        return InvalidArgumentError(fmt::format(
            "{}:{}: row {} ({}) does not balance: intermediate plus final use "
            "is {:.10g} but GO is {:.10g} (relative tolerance {:g})",
            file, t.LineOfRow(row), sectors[i], origin.text(row), sum,
            total, rel_tolerance));
      }
    }
  }
  // Input rows.
  std::map<std::string, size_t> tot_row;
  for (size_t r : tot) tot_row[code.text(r)] = r;
  for (size_t r : tot) {
    const std::string& c = code.text(r);
    if (c == "TII" || c == "TVA" || c == "TI") continue;
    io.value_added_names.push_back(c);
  }
  io.value_added.resize(static_cast<Eigen::Index>(io.value_added_names.size()),
                        en);
  for (size_t k = 0; k < io.value_added_names.size(); ++k) {
    for (size_t j = 0; j < n; ++j) {
      double v = cell(tot_row.at(io.value_added_names[k]), sectors[j]);
      io.value_added(static_cast<Eigen::Index>(k),
                     static_cast<Eigen::Index>(j)) = std::isfinite(v) ? v : 0.0;
    }
  }
  for (size_t j = 0; j < n; ++j) {
    const auto ej = static_cast<Eigen::Index>(j);
    const double tii = io.z.col(ej).sum() + io.z_imported.col(ej).sum();
    const double tva = io.value_added.col(ej).sum();
    const std::vector<std::pair<const char*, double>> checks = {
        {"TII", tii}, {"TVA", tva}, {"TI", io.gross_output(ej)}};
    for (const auto& [name, expected] : checks) {
      auto it = tot_row.find(name);
      if (it == tot_row.end()) continue;
      const double v = cell(it->second, sectors[j]);
      if (!Near(v, expected, rel_tolerance)) {
        return InvalidArgumentError(fmt::format(
            "{}:{}: row {} for sector {} is {:.10g} but should be {:.10g} "
            "(relative tolerance {:g})",
            file, t.LineOfRow(it->second), name, sectors[j], v, expected,
            rel_tolerance));
      }
    }
  }
  return io;
}

}  // namespace

Result<IoLayout> ParseIoLayout(const std::string& name) {
  if (name == "nbs") return IoLayout::kNbs;
  if (name == "matrix") return IoLayout::kMatrix;
  if (name == "pymrio") return IoLayout::kPymrio;
  return InvalidArgumentError("unknown input-output table layout \"" + name +
                              "\" (expected \"nbs\", \"matrix\" or "
                              "\"pymrio\")");
}

const char* IoLayoutName(IoLayout layout) {
  switch (layout) {
    case IoLayout::kNbs:
      return "nbs";
    case IoLayout::kMatrix:
      return "matrix";
    case IoLayout::kPymrio:
      return "pymrio";
  }
  return "?";
}

std::optional<size_t> IoTable::IndexOf(const std::string& code) const {
  for (size_t i = 0; i < codes.size(); ++i) {
    if (codes[i] == code) return i;
  }
  return std::nullopt;
}

std::optional<size_t> IoTable::FinalUseIndex(const std::string& name) const {
  for (size_t i = 0; i < final_use_names.size(); ++i) {
    if (final_use_names[i] == name) return i;
  }
  return std::nullopt;
}

std::optional<size_t> IoTable::ValueAddedIndex(const std::string& name) const {
  for (size_t i = 0; i < value_added_names.size(); ++i) {
    if (value_added_names[i] == name) return i;
  }
  return std::nullopt;
}

std::string IoTable::Describe(size_t i) const {
  std::string s = codes[i];
  if (!names_zh[i].empty()) s += " " + names_zh[i];
  if (!names_en[i].empty()) s += " (" + names_en[i] + ")";
  return s;
}

Result<IoTable> ReadIoTable(const std::filesystem::path& path, IoLayout layout,
                            double rel_tolerance) {
  if (layout == IoLayout::kPymrio) return ReadPymrioTable(path, rel_tolerance);
  const std::string file = path.string();
  table::CsvReadOptions opts;
  opts.column_types["code"] = ColumnType::kString;
  if (layout == IoLayout::kNbs) {
    opts.column_types["name_zh"] = ColumnType::kString;
    opts.column_types["name_en"] = ColumnType::kString;
    opts.required_columns = {"GO"};
  } else {
    opts.required_columns = {"GO"};
  }
  JI_ASSIGN_OR_RETURN(Table t, table::ReadCsvFile(path, opts));
  const Column& code_col = *t.Find("code");
  const Column* zh = t.Find("name_zh");
  const Column* en = t.Find("name_en");
  if (layout == IoLayout::kMatrix) {
    if (zh && zh->type() != ColumnType::kString) zh = nullptr;
    if (en && en->type() != ColumnType::kString) en = nullptr;
  }

  // Every other column must be numeric; name the first offending cell.
  std::set<std::string> label_cols = {"code"};
  if (zh) label_cols.insert("name_zh");
  if (layout == IoLayout::kNbs && t.Find("Origin") != nullptr) {
    label_cols.insert("Origin");
  }
  if (en) label_cols.insert("name_en");
  for (size_t c = 0; c < t.num_columns(); ++c) {
    const Column& col = t.column(c);
    if (label_cols.count(col.name()) || col.type() == ColumnType::kDouble)
      continue;
    for (size_t r = 0; r < t.num_rows(); ++r) {
      double v;
      if (!col.IsMissing(r) && !table::ParseNumber(col.text(r), &v)) {
        return InvalidArgumentError(fmt::format(
            "{}:{}: column {} (\"{}\"): expected a number, found {}", file,
            t.LineOfRow(r), c + 1, col.name(),
            QuoteForMessage(col.text(r))));
      }
    }
  }

  if (layout == IoLayout::kNbs && t.Find("Origin") != nullptr) {
    return ReadNonCompetitive(t, file, rel_tolerance);
  }

  // Row labels.
  std::map<std::string, size_t> row_of;
  for (size_t r = 0; r < t.num_rows(); ++r) {
    if (code_col.IsMissing(r)) {
      return InvalidArgumentError(fmt::format(
          "{}:{}: column \"code\" is empty (every row needs a code)", file,
          t.LineOfRow(r)));
    }
    const std::string& code = code_col.text(r);
    if (!row_of.emplace(code, r).second) {
      return InvalidArgumentError(fmt::format(
          "{}:{}: duplicate row code \"{}\"", file, t.LineOfRow(r), code));
    }
  }

  // Sectors: columns (in order) that are neither labels, GO nor known
  // non-sector columns, and that are also row codes.
  std::vector<std::string> col_sectors;
  std::vector<std::string> other_cols;
  for (const auto& col : t.columns()) {
    const std::string& name = col.name();
    if (label_cols.count(name) || name == "GO") continue;
    if (row_of.count(name)) {
      col_sectors.push_back(name);
    } else {
      other_cols.push_back(name);
    }
  }
  // Sector rows are those whose code is a sector column, and they must come
  // first and in the same order as the columns.
  std::vector<std::string> row_sectors;
  for (size_t r = 0; r < t.num_rows(); ++r) {
    const std::string& code = code_col.text(r);
    bool is_col = std::find(col_sectors.begin(), col_sectors.end(), code) !=
                  col_sectors.end();
    if (is_col) row_sectors.push_back(code);
  }
  if (col_sectors.empty()) {
    return InvalidArgumentError(file +
                                ": no sector found (no column header equals a "
                                "row code)");
  }
  for (size_t i = 0; i < col_sectors.size(); ++i) {
    if (row_sectors[i] != col_sectors[i]) {
      return InvalidArgumentError(fmt::format(
          "{}: rows and columns disagree: sector column {} is \"{}\" but "
          "sector row {} is \"{}\" (the intermediate block must list the same "
          "sectors in the same order)",
          file, i + 1, col_sectors[i], i + 1, row_sectors[i]));
    }
  }
  const size_t n = col_sectors.size();
  for (size_t r = 0; r < n; ++r) {
    if (code_col.text(r) != col_sectors[r]) {
      return InvalidArgumentError(fmt::format(
          "{}:{}: the intermediate block is not square: row {} is \"{}\" but "
          "column {} of the block is \"{}\"",
          file, t.LineOfRow(r), r + 1, code_col.text(r), r + 1,
          col_sectors[r]));
    }
  }
  // In an NBS table, a sector-looking row without a column (or vice versa)
  // makes the intermediate block non-square.
  if (layout == IoLayout::kNbs) {
    for (size_t r = n; r < t.num_rows(); ++r) {
      const std::string& code = code_col.text(r);
      bool looks_sector =
          !code.empty() && std::all_of(code.begin(), code.end(), IsDigit);
      if (looks_sector) {
        return InvalidArgumentError(fmt::format(
            "{}:{}: row \"{}\" looks like a sector but has no column of the "
            "same code: the intermediate block is not square ({} sector "
            "columns)",
            file, t.LineOfRow(r), code, n));
      }
    }
    for (const auto& name : other_cols) {
      bool looks_sector =
          !name.empty() && std::all_of(name.begin(), name.end(), IsDigit);
      if (looks_sector) {
        return InvalidArgumentError(fmt::format(
            "{}:1: column \"{}\" looks like a sector but has no row of the "
            "same code: the intermediate block is not square ({} sector rows)",
            file, name, n));
      }
    }
  }

  auto cell = [&t](size_t row, const std::string& col_name) {
    return NumericCell(t, row, col_name);
  };

  IoTable io;
  io.source = file;
  if (layout == IoLayout::kNbs) {
    // The NBS publishes its tables in 10,000 yuan (data/io/README.md).
    io.unit_in_currency = 1e4;
    io.unit_name = "10,000 yuan";
  }
  io.codes = col_sectors;
  io.names_zh.assign(n, "");
  io.names_en.assign(n, "");
  io.z.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
  io.gross_output.resize(static_cast<Eigen::Index>(n));
  for (size_t i = 0; i < n; ++i) {
    if (zh && !zh->IsMissing(i)) io.names_zh[i] = zh->text(i);
    if (en && !en->IsMissing(i)) io.names_en[i] = en->text(i);
    for (size_t j = 0; j < n; ++j) {
      double v = cell(i, col_sectors[j]);
      if (!std::isfinite(v)) {
        return InvalidArgumentError(
            fmt::format("{}:{}: intermediate flow from {} to {} is missing",
                        file, t.LineOfRow(i), col_sectors[i], col_sectors[j]));
      }
      if (v < 0) {
        return InvalidArgumentError(fmt::format(
            "{}:{}: intermediate flow from {} to {} is negative ({})", file,
            t.LineOfRow(i), col_sectors[i], col_sectors[j], v));
      }
      io.z(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = v;
    }
    double go = cell(i, "GO");
    if (!std::isfinite(go)) {
      return InvalidArgumentError(
          fmt::format("{}:{}: gross output (column GO) of sector {} is missing",
                      file, t.LineOfRow(i), io.Describe(i)));
    }
    if (go < 0) {
      return InvalidArgumentError(fmt::format(
          "{}:{}: gross output (column GO) of sector {} is negative ({})", file,
          t.LineOfRow(i), io.Describe(i), go));
    }
    io.gross_output(static_cast<Eigen::Index>(i)) = go;
  }

  // Final-use columns and value-added rows (totals are checked, not kept).
  for (const auto& name : other_cols) {
    if (layout == IoLayout::kNbs && IsNbsTotalColumn(name)) continue;
    io.final_use_names.push_back(name);
  }
  io.final_use.resize(static_cast<Eigen::Index>(n),
                      static_cast<Eigen::Index>(io.final_use_names.size()));
  for (size_t k = 0; k < io.final_use_names.size(); ++k) {
    for (size_t i = 0; i < n; ++i) {
      double v = cell(i, io.final_use_names[k]);
      io.final_use(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) =
          std::isfinite(v) ? v : 0.0;
    }
  }
  std::vector<size_t> va_rows;
  for (size_t r = n; r < t.num_rows(); ++r) {
    const std::string& code = code_col.text(r);
    if (layout == IoLayout::kNbs && IsNbsTotalRow(code)) continue;
    io.value_added_names.push_back(code);
    va_rows.push_back(r);
  }
  io.value_added.resize(static_cast<Eigen::Index>(va_rows.size()),
                        static_cast<Eigen::Index>(n));
  for (size_t k = 0; k < va_rows.size(); ++k) {
    for (size_t j = 0; j < n; ++j) {
      double v = cell(va_rows[k], col_sectors[j]);
      io.value_added(static_cast<Eigen::Index>(k),
                     static_cast<Eigen::Index>(j)) = std::isfinite(v) ? v : 0.0;
    }
  }

  // Row balance x = Z 1 + f: intermediate use plus final use (imports, shown
  // as positive numbers in a column IM, subtracted) equals gross output.
  {
    auto im = io.FinalUseIndex("IM");
    for (size_t i = 0; i < n; ++i) {
      const auto ei = static_cast<Eigen::Index>(i);
      double sum = io.z.row(ei).sum();
      for (size_t k = 0; k < io.final_use_names.size(); ++k) {
        const double v = io.final_use(ei, static_cast<Eigen::Index>(k));
        sum += (im && *im == k) ? -v : v;
      }
      if (!Near(sum, io.gross_output(ei), rel_tolerance)) {
        return InvalidArgumentError(fmt::format(
            "{}:{}: sector {} does not balance: intermediate use plus final "
            "use{} is {:.10g} but gross output GO is {:.10g} (relative "
            "tolerance {:g})",
            file, t.LineOfRow(i), io.Describe(i), im ? " minus imports IM" : "",
            sum, io.gross_output(ei), rel_tolerance));
      }
    }
  }

  if (layout == IoLayout::kNbs) {
    // Column totals, per sector row.
    for (const auto& rule : NbsColumnTotals()) {
      if (!t.Find(rule.total)) continue;
      // A total is checked only when all its parts are in the file.
      bool parts_present = std::all_of(
          rule.parts.begin(), rule.parts.end(), [&t](const char* p) {
            return std::string(p) == "*" || t.Find(p) != nullptr;
          });
      if (!parts_present) continue;
      for (size_t i = 0; i < n; ++i) {
        double sum = 0;
        if (std::string(rule.parts[0]) == "*") {
          sum = io.z.row(static_cast<Eigen::Index>(i)).sum();
        } else {
          for (const char* p : rule.parts) sum += cell(i, p);
        }
        double total = cell(i, rule.total);
        if (!Near(sum, total, rel_tolerance)) {
          return InvalidArgumentError(fmt::format(
              "{}:{}: column {} of sector {} is {:.10g} but its parts sum to "
              "{:.10g} (relative tolerance {:g})",
              file, t.LineOfRow(i), rule.total, io.codes[i], total, sum,
              rel_tolerance));
        }
      }
    }
    // Row totals, per sector column.
    for (const auto& rule : NbsRowTotals()) {
      auto it = row_of.find(rule.total);
      if (it == row_of.end()) continue;
      bool parts_present = std::all_of(
          rule.parts.begin(), rule.parts.end(), [&row_of](const char* p) {
            return std::string(p) == "*" || row_of.count(p) > 0;
          });
      if (!parts_present) continue;
      for (size_t j = 0; j < n; ++j) {
        double sum = 0;
        if (std::string(rule.parts[0]) == "*") {
          sum = io.z.col(static_cast<Eigen::Index>(j)).sum();
        } else {
          for (const char* p : rule.parts) {
            sum += cell(row_of.at(p), col_sectors[j]);
          }
        }
        double total = cell(it->second, col_sectors[j]);
        if (!Near(sum, total, rel_tolerance)) {
          return InvalidArgumentError(fmt::format(
              "{}:{}: row {} for sector {} is {:.10g} but its parts sum to "
              "{:.10g} (relative tolerance {:g})",
              file, t.LineOfRow(it->second), rule.total, io.codes[j], total,
              sum, rel_tolerance));
        }
      }
    }
    // Gross output equals total input (GO = TI).
    auto ti = row_of.find("TI");
    if (ti != row_of.end()) {
      for (size_t j = 0; j < n; ++j) {
        double input = cell(ti->second, col_sectors[j]);
        double go = io.gross_output(static_cast<Eigen::Index>(j));
        if (!Near(input, go, rel_tolerance)) {
          return InvalidArgumentError(fmt::format(
              "{}:{}: total input TI of sector {} is {:.10g} but its gross "
              "output GO is {:.10g}",
              file, t.LineOfRow(ti->second), io.Describe(j), input, go));
        }
      }
    }
  }
  return io;
}

}  // namespace jobimpact::inputoutput
