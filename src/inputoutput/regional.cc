#include "jobimpact/inputoutput/regional.h"

#include <fmt/format.h>

#include <cmath>
#include <map>

#include "jobimpact/table/csv_reader.h"

namespace jobimpact::inputoutput {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

// S: g x n with S(group_of[j], j) = 1.
MatrixXd SummationMatrix(const Aggregation& agg) {
  MatrixXd s = MatrixXd::Zero(static_cast<Index>(agg.size()),
                              static_cast<Index>(agg.group_of.size()));
  for (size_t j = 0; j < agg.group_of.size(); ++j) {
    s(static_cast<Index>(agg.group_of[j]), static_cast<Index>(j)) = 1.0;
  }
  return s;
}

std::string Text(const table::Column* c, size_t r) {
  if (c == nullptr || c->IsMissing(r)) return "";
  return c->CellText(r);
}

}  // namespace

Result<Aggregation> ReadAggregation(const std::filesystem::path& path,
                                    const IoTable& table) {
  const std::string file = path.string();
  table::CsvReadOptions opts;
  opts.column_types["sector"] = table::ColumnType::kString;
  opts.column_types["group"] = table::ColumnType::kString;
  opts.required_columns = {"sector", "group"};
  JI_ASSIGN_OR_RETURN(table::Table t, table::ReadCsvFile(path, opts));
  const table::Column& sec = *t.Find("sector");
  const table::Column& grp = *t.Find("group");
  const table::Column* zh = t.Find("group_name_zh");
  const table::Column* en = t.Find("group_name_en");
  Aggregation agg;
  agg.group_of.assign(table.size(), 0);
  std::vector<size_t> line_of(table.size(), 0);
  std::map<std::string, size_t> index;
  for (size_t r = 0; r < t.num_rows(); ++r) {
    const size_t line = t.LineOfRow(r);
    if (sec.IsMissing(r) || grp.IsMissing(r)) {
      return InvalidArgumentError(fmt::format(
          "{}:{}: columns \"sector\" and \"group\" must not be empty", file,
          line));
    }
    auto idx = table.IndexOf(sec.text(r));
    if (!idx) {
      return NotFoundError(
          fmt::format("{}:{}: sector \"{}\" is not a sector of {}", file, line,
                      sec.text(r), table.source));
    }
    if (line_of[*idx] != 0) {
      return InvalidArgumentError(
          fmt::format("{}:{}: sector \"{}\" is mapped twice (first on line {})",
                      file, line, sec.text(r), line_of[*idx]));
    }
    line_of[*idx] = line;
    auto [it, inserted] = index.emplace(grp.text(r), agg.codes.size());
    if (inserted) {
      agg.codes.push_back(grp.text(r));
      agg.names_zh.push_back(Text(zh, r));
      agg.names_en.push_back(Text(en, r));
    }
    agg.group_of[*idx] = it->second;
  }
  for (size_t i = 0; i < table.size(); ++i) {
    if (line_of[i] == 0) {
      return InvalidArgumentError(fmt::format(
          "{}: sector {} of {} is not in the concordance (every sector needs "
          "a group)",
          file, table.Describe(i), table.source));
    }
  }
  return agg;
}

Result<IoTable> AggregateTable(const IoTable& table, const Aggregation& agg) {
  if (agg.group_of.size() != table.size()) {
    return InvalidArgumentError(
        fmt::format("the aggregation maps {} sectors, the table has {}",
                    agg.group_of.size(), table.size()));
  }
  const MatrixXd s = SummationMatrix(agg);
  IoTable out;
  out.source = table.source + " (aggregated to " + std::to_string(agg.size()) +
               " groups)";
  out.codes = agg.codes;
  out.names_zh = agg.names_zh;
  out.names_en = agg.names_en;
  out.z = s * table.z * s.transpose();
  out.gross_output = s * table.gross_output;
  out.final_use_names = table.final_use_names;
  out.final_use = s * table.final_use;
  out.value_added_names = table.value_added_names;
  out.value_added = table.value_added * s.transpose();
  out.competitive_imports = table.competitive_imports;
  if (!table.competitive_imports) {
    out.z_imported = s * table.z_imported * s.transpose();
    out.final_use_imported = s * table.final_use_imported;
  }
  out.unit_in_currency = table.unit_in_currency;
  out.unit_name = table.unit_name;
  return out;
}

MatrixXd AggregateRows(const MatrixXd& by_sector, const Aggregation& agg) {
  return SummationMatrix(agg) * by_sector;
}

Result<LqMethod> ParseLqMethod(const std::string& name) {
  if (name == "slq") return LqMethod::kSlq;
  if (name == "cilq") return LqMethod::kCilq;
  if (name == "flq") return LqMethod::kFlq;
  return InvalidArgumentError("unknown location quotient \"" + name +
                              "\" (expected slq, cilq or flq)");
}

const char* LqMethodName(LqMethod method) {
  switch (method) {
    case LqMethod::kSlq:
      return "slq";
    case LqMethod::kCilq:
      return "cilq";
    case LqMethod::kFlq:
      return "flq";
  }
  return "?";
}

Status LqOptions::Validate() const {
  if (!(delta >= 0.0) || !(delta < 1.0)) {
    return InvalidArgumentError(
        fmt::format("FLQ delta must lie in [0, 1), got {}", delta));
  }
  return Status::Ok();
}

Result<RegionalSizes> ReadRegionalSizes(const std::filesystem::path& path,
                                        const IoTable& table) {
  const std::string file = path.string();
  table::CsvReadOptions opts;
  opts.column_types["code"] = table::ColumnType::kString;
  opts.column_types["region"] = table::ColumnType::kDouble;
  opts.column_types["nation"] = table::ColumnType::kDouble;
  opts.required_columns = {"code", "region", "nation"};
  JI_ASSIGN_OR_RETURN(table::Table t, table::ReadCsvFile(path, opts));
  const Index n = static_cast<Index>(table.size());
  RegionalSizes s;
  s.source = file;
  s.region = VectorXd::Constant(n, std::nan(""));
  s.nation = VectorXd::Constant(n, std::nan(""));
  const table::Column& code = *t.Find("code");
  const auto& reg = t.Find("region")->doubles();
  const auto& nat = t.Find("nation")->doubles();
  for (size_t r = 0; r < t.num_rows(); ++r) {
    const size_t line = t.LineOfRow(r);
    const std::string c = Text(&code, r);
    auto idx = table.IndexOf(c);
    if (!idx) {
      return NotFoundError(
          fmt::format("{}:{}: sector \"{}\" is not a sector "
                      "of {}",
                      file, line, c, table.source));
    }
    const Index i = static_cast<Index>(*idx);
    if (!std::isnan(s.region(i))) {
      return InvalidArgumentError(
          fmt::format("{}:{}: sector \"{}\" is listed twice", file, line, c));
    }
    if (!(reg[r] >= 0) || !(nat[r] >= 0) || !std::isfinite(reg[r]) ||
        !std::isfinite(nat[r])) {
      return InvalidArgumentError(fmt::format(
          "{}:{}: region and nation must be numbers >= 0", file, line));
    }
    if (reg[r] > 0 && !(nat[r] > 0)) {
      return InvalidArgumentError(fmt::format(
          "{}:{}: sector \"{}\" has a regional size but no national size", file,
          line, c));
    }
    s.region(i) = reg[r];
    s.nation(i) = nat[r];
  }
  for (Index i = 0; i < n; ++i) {
    if (std::isnan(s.region(i))) {
      return InvalidArgumentError(
          fmt::format("{}: no regional size for sector {}", file,
                      table.Describe(static_cast<size_t>(i))));
    }
  }
  return s;
}

Result<VectorXd> SimpleLocationQuotients(const RegionalSizes& sizes) {
  if (sizes.region.size() != sizes.nation.size()) {
    return InvalidArgumentError("regional and national sizes differ in length");
  }
  const double rt = sizes.region.sum();
  const double nt = sizes.nation.sum();
  if (!(rt > 0) || !(nt > 0)) {
    return InvalidArgumentError(
        "location quotients need a region and a nation of positive size");
  }
  VectorXd slq(sizes.region.size());
  for (Index i = 0; i < slq.size(); ++i) {
    // A sector absent nationally is absent regionally: SLQ 0 (nothing
    // bought locally).
    slq(i) = sizes.nation(i) > 0
                 ? (sizes.region(i) / rt) / (sizes.nation(i) / nt)
                 : 0.0;
  }
  return slq;
}

Result<MatrixXd> RegionalCoefficients(const MatrixXd& a,
                                      const RegionalSizes& sizes,
                                      const LqOptions& options,
                                      LqSummary* summary) {
  JI_RETURN_IF_ERROR(options.Validate());
  if (a.rows() != a.cols() || a.rows() != sizes.region.size()) {
    return InvalidArgumentError(
        fmt::format("regional sizes cover {} sectors, the coefficients {} x {}",
                    sizes.region.size(), a.rows(), a.cols()));
  }
  JI_ASSIGN_OR_RETURN(VectorXd slq, SimpleLocationQuotients(sizes));
  const Index n = a.rows();
  const double share = sizes.region.sum() / sizes.nation.sum();
  double lambda = 1.0;
  if (options.method == LqMethod::kFlq) {
    lambda = std::pow(std::log2(1.0 + share), options.delta);
  }
  MatrixXd out(n, n);
  for (Index j = 0; j < n; ++j) {
    for (Index i = 0; i < n; ++i) {
      double lq = slq(i);
      if (options.method != LqMethod::kSlq && i != j) {
        // CILQ_ij = SLQ_i / SLQ_j; a column sector absent from the region
        // has no regional purchases to scale (its output is zero).
        lq = slq(j) > 0 ? slq(i) / slq(j) : 1.0;
      }
      if (options.method == LqMethod::kFlq) lq *= lambda;
      out(i, j) = a(i, j) * std::min(lq, 1.0);
    }
  }
  if (summary != nullptr) {
    summary->lambda = lambda;
    summary->region_share = share;
    summary->rows_scaled = (slq.array() < 1.0).count();
    switch (options.method) {
      case LqMethod::kSlq:
        summary->method = "simple location quotients: a_ij min(SLQ_i, 1)";
        break;
      case LqMethod::kCilq:
        summary->method =
            "cross-industry location quotients: a_ij min(SLQ_i / SLQ_j, 1), "
            "SLQ_i on the diagonal";
        break;
      case LqMethod::kFlq:
        summary->method = fmt::format(
            "FLQ (Flegg & Webber 1997): a_ij min(lambda CILQ_ij, 1), lambda "
            "= log2(1 + {:.4g})^{:g} = {:.4f}",
            share, options.delta, lambda);
        break;
    }
  }
  return out;
}

}  // namespace jobimpact::inputoutput
