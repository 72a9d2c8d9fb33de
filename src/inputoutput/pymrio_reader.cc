// Reader for pymrio's text save format (see io_table.h). pymrio writes each
// matrix with pandas.DataFrame.to_csv(sep="\t"): `nr_header` rows of column
// labels (the first cells of each hold the column level name), then, when
// the index levels are named, one row of index names with empty data cells,
// then one row per index entry with `nr_index_col` label cells.
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "jobimpact/base/file.h"
#include "jobimpact/base/quote.h"
#include "jobimpact/inputoutput/io_table.h"
#include "jobimpact/table/csv_reader.h"

namespace jobimpact::inputoutput {
namespace {

using Eigen::Index;

struct LabelledMatrix {
  std::string file;
  std::vector<std::string> row_labels, col_labels;
  std::vector<std::string> row_last;  // Last index level (a name).
  Eigen::MatrixXd values;
  size_t first_line = 0;     // File line of the first data row (1-based).
  size_t index_columns = 0;  // Label columns before the values.
};

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t p = line.find('\t', start);
    out.push_back(line.substr(start, p == std::string::npos ? p : p - start));
    if (p == std::string::npos) break;
    start = p + 1;
  }
  return out;
}

std::string Join(const std::vector<std::string>& parts, size_t from,
                 size_t to) {
  std::string s;
  for (size_t i = from; i < to; ++i) {
    if (i > from) s += "/";
    s += parts[i];
  }
  return s;
}

Result<int> ParamInt(const nlohmann::json& v, const std::string& what) {
  if (v.is_number_integer()) return v.get<int>();
  if (v.is_string()) {
    try {
      return std::stoi(v.get<std::string>());
    } catch (...) {
    }
  }
  return InvalidArgumentError(what + ": expected an integer");
}

Result<nlohmann::json> ReadParameters(const std::filesystem::path& dir) {
  const auto path = dir / "file_parameters.json";
  JI_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("files") ||
      !j["files"].is_object()) {
    return InvalidArgumentError(
        path.string() +
        ": expected a JSON object with a \"files\" object (pymrio's "
        "file_parameters.json)");
  }
  return j;
}

Result<LabelledMatrix> ReadMatrix(const std::filesystem::path& dir,
                                  const nlohmann::json& params,
                                  const std::string& key) {
  const std::string where = (dir / "file_parameters.json").string();
  const auto& entry = params["files"][key];
  if (!entry.is_object() || !entry.contains("name") ||
      !entry["name"].is_string()) {
    return InvalidArgumentError(fmt::format(
        "{}: files.{} needs \"name\", \"nr_index_col\" and \"nr_header\"",
        where, key));
  }
  JI_ASSIGN_OR_RETURN(int nr_index,
                      ParamInt(entry.value("nr_index_col", nlohmann::json()),
                               where + ": files." + key + ".nr_index_col"));
  JI_ASSIGN_OR_RETURN(int nr_header,
                      ParamInt(entry.value("nr_header", nlohmann::json()),
                               where + ": files." + key + ".nr_header"));
  if (nr_index < 1 || nr_header < 1) {
    return InvalidArgumentError(fmt::format(
        "{}: files.{}: nr_index_col and nr_header must be >= 1", where, key));
  }
  LabelledMatrix m;
  const auto path = dir / entry["name"].get<std::string>();
  m.file = path.string();
  JI_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  std::vector<std::vector<std::string>> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(SplitTabs(line));
    start = end + 1;
  }
  while (!lines.empty() && lines.back().size() == 1 &&
         lines.back()[0].empty()) {
    lines.pop_back();
  }
  const size_t ni = static_cast<size_t>(nr_index);
  const size_t nh = static_cast<size_t>(nr_header);
  if (lines.size() < nh) {
    return InvalidArgumentError(
        fmt::format("{}: expected {} header rows, the file has {} lines",
                    m.file, nh, lines.size()));
  }
  const size_t width = lines[0].size();
  if (width <= ni) {
    return InvalidArgumentError(
        fmt::format("{}:1: no data column after {} index columns", m.file, ni));
  }
  std::vector<std::vector<std::string>> levels(width - ni);
  for (size_t h = 0; h < nh; ++h) {
    if (lines[h].size() != width) {
      return InvalidArgumentError(fmt::format("{}:{}: {} fields, expected {}",
                                              m.file, h + 1, lines[h].size(),
                                              width));
    }
    for (size_t c = ni; c < width; ++c) levels[c - ni].push_back(lines[h][c]);
  }
  for (auto& l : levels) m.col_labels.push_back(Join(l, 0, l.size()));
  size_t first = nh;
  // pandas' index-names row: labels only, every data cell empty.
  if (first < lines.size() && lines[first].size() == width) {
    bool empty = true;
    for (size_t c = ni; c < width; ++c)
      empty = empty && lines[first][c].empty();
    if (empty) ++first;
  }
  const size_t rows = lines.size() - first;
  m.first_line = first + 1;
  m.index_columns = ni;
  m.values.resize(static_cast<Index>(rows), static_cast<Index>(width - ni));
  for (size_t r = 0; r < rows; ++r) {
    const auto& f = lines[first + r];
    const size_t line_no = first + r + 1;
    if (f.size() != width) {
      return InvalidArgumentError(fmt::format(
          "{}:{}: {} fields, expected {}", m.file, line_no, f.size(), width));
    }
    m.row_labels.push_back(Join(f, 0, ni));
    m.row_last.push_back(f[ni - 1]);
    for (size_t c = ni; c < width; ++c) {
      double v = 0;
      if (!table::ParseNumber(f[c], &v) || !std::isfinite(v)) {
        return InvalidArgumentError(fmt::format(
            "{}:{}: column {} (\"{}\"): expected a number, found {}", m.file,
            line_no, c + 1, m.col_labels[c - ni], QuoteForMessage(f[c])));
      }
      m.values(static_cast<Index>(r), static_cast<Index>(c - ni)) = v;
    }
  }
  return m;
}

}  // namespace

Result<IoTable> ReadPymrioTable(const std::filesystem::path& dir,
                                double rel_tolerance) {
  if (!std::filesystem::is_directory(dir)) {
    return InvalidArgumentError(dir.string() +
                                ": the pymrio layout expects the directory "
                                "pymrio saved (with file_parameters.json)");
  }
  JI_ASSIGN_OR_RETURN(nlohmann::json params, ReadParameters(dir));
  for (const char* key : {"Z", "Y"}) {
    if (!params["files"].contains(key)) {
      return InvalidArgumentError(
          fmt::format("{}: pymrio system without {} (files.{} is missing)",
                      (dir / "file_parameters.json").string(), key, key));
    }
  }
  JI_ASSIGN_OR_RETURN(LabelledMatrix z, ReadMatrix(dir, params, "Z"));
  JI_ASSIGN_OR_RETURN(LabelledMatrix y, ReadMatrix(dir, params, "Y"));
  const size_t n = z.row_labels.size();
  if (z.col_labels != z.row_labels) {
    for (size_t i = 0; i < std::min(n, z.col_labels.size()); ++i) {
      if (z.col_labels[i] != z.row_labels[i]) {
        return InvalidArgumentError(fmt::format(
            "{}: rows and columns disagree: column {} is \"{}\" but row {} is "
            "\"{}\"",
            z.file, i + 1, z.col_labels[i], i + 1, z.row_labels[i]));
      }
    }
    return InvalidArgumentError(fmt::format(
        "{}: the intermediate block is not square ({} rows, {} columns)",
        z.file, n, z.col_labels.size()));
  }
  if (y.row_labels != z.row_labels) {
    return InvalidArgumentError(fmt::format(
        "{}: the rows of Y are not the sectors of Z in the same order",
        y.file));
  }
  IoTable io;
  io.source = dir.string();
  io.codes = z.row_labels;
  io.names_en = z.row_last;
  io.names_zh.assign(n, "");
  io.z = z.values;
  for (Index i = 0; i < io.z.rows(); ++i) {
    for (Index j = 0; j < io.z.cols(); ++j) {
      if (io.z(i, j) < 0) {
        return InvalidArgumentError(fmt::format(
            "{}:{}: column {} (\"{}\"): intermediate flow from {} to {} is "
            "negative ({})",
            z.file, z.first_line + static_cast<size_t>(i),
            z.index_columns + static_cast<size_t>(j) + 1,
            z.col_labels[static_cast<size_t>(j)],
            io.codes[static_cast<size_t>(i)], io.codes[static_cast<size_t>(j)],
            io.z(i, j)));
      }
    }
  }
  io.final_use_names = y.col_labels;
  io.final_use = y.values;
  const Eigen::VectorXd balance =
      io.z.rowwise().sum() + io.final_use.rowwise().sum();
  if (params["files"].contains("x")) {
    JI_ASSIGN_OR_RETURN(LabelledMatrix x, ReadMatrix(dir, params, "x"));
    if (x.row_labels != z.row_labels || x.values.cols() != 1) {
      return InvalidArgumentError(fmt::format(
          "{}: expected one column of gross output for the sectors of Z",
          x.file));
    }
    io.gross_output = x.values.col(0);
    for (size_t i = 0; i < n; ++i) {
      const auto k = static_cast<Index>(i);
      const double go = io.gross_output(k);
      if (go < 0 || std::fabs(balance(k) - go) >
                        rel_tolerance * std::max(1.0, std::fabs(go))) {
        return InvalidArgumentError(fmt::format(
            "{}: sector {} does not balance: Z 1 + Y 1 = {:.10g} but x = "
            "{:.10g} (relative tolerance {:g})",
            x.file, io.codes[i], balance(k), go, rel_tolerance));
      }
    }
  } else {
    io.gross_output = balance;  // pymrio's calc_x: x = Z 1 + Y 1.
  }
  const auto fi = dir / "factor_inputs";
  if (std::filesystem::is_directory(fi)) {
    JI_ASSIGN_OR_RETURN(nlohmann::json fp, ReadParameters(fi));
    if (fp["files"].contains("F")) {
      JI_ASSIGN_OR_RETURN(LabelledMatrix f, ReadMatrix(fi, fp, "F"));
      if (f.col_labels != z.row_labels) {
        return InvalidArgumentError(fmt::format(
            "{}: the columns of F are not the sectors of Z in the same order",
            f.file));
      }
      io.value_added_names = f.row_labels;
      io.value_added = f.values;
    }
  }
  return io;
}

}  // namespace jobimpact::inputoutput
