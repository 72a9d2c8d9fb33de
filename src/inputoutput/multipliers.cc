#include "jobimpact/inputoutput/multipliers.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <set>

#include "jobimpact/base/quote.h"
#include "jobimpact/table/csv_reader.h"

namespace jobimpact::inputoutput {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) s += sep;
    s += v[i];
  }
  return s;
}

Result<size_t> FindFinalUse(const IoTable& t, const std::string& name,
                            const char* role) {
  auto k = t.FinalUseIndex(name);
  if (!k) {
    return NotFoundError(fmt::format(
        "{}: {} column \"{}\" is not a final-use column of the table "
        "(columns: {})",
        t.source, role, name, Join(t.final_use_names, ", ")));
  }
  return *k;
}

Result<size_t> FindValueAdded(const IoTable& t, const std::string& name,
                              const char* role) {
  auto k = t.ValueAddedIndex(name);
  if (!k) {
    return NotFoundError(fmt::format(
        "{}: {} row \"{}\" is not a value-added row of the table (rows: {})",
        t.source, role, name, Join(t.value_added_names, ", ")));
  }
  return *k;
}

void Track(const SolveReport& r, MultiplierSummary* s) {
  if (s == nullptr) return;
  if (std::isnan(r.relative_error_bound) ||
      std::isnan(s->relative_error_bound)) {
    s->relative_error_bound = std::nan("");
  } else {
    s->relative_error_bound =
        std::max(s->relative_error_bound, r.relative_error_bound);
  }
}

Status CheckFiniteVector(const VectorXd& v, const char* what) {
  if (!v.allFinite()) {
    return NumericalError(std::string(what) + " contains non-finite values");
  }
  return Status::Ok();
}

}  // namespace

Status MultiplierOptions::Validate() const {
  if (region) JI_RETURN_IF_ERROR(lq.Validate());
  if (compensation_row.empty()) {
    return InvalidArgumentError("the compensation-of-employees row is not set");
  }
  if (type_ii && household_columns.empty()) {
    return InvalidArgumentError(
        "Type II multipliers need the household consumption columns");
  }
  if (employment_coefficients.size() > 0 &&
      !employment_coefficients.allFinite()) {
    return InvalidArgumentError("employment coefficients are not finite");
  }
  return solver.Validate();
}

Result<LinkedModel> BuildLinkedModel(const IoTable& table,
                                     const MultiplierOptions& options) {
  JI_RETURN_IF_ERROR(options.Validate());
  const Index n = static_cast<Index>(table.size());
  LinkedModel m;
  JI_ASSIGN_OR_RETURN(m.a, TechnicalCoefficients(table));
  const VectorXd& x = table.gross_output;
  if (!table.competitive_imports &&
      options.imports == ImportTreatment::kAsPublished) {
    // Total (domestic + imported) coefficients, as a competitive table.
    m.a.noalias() += table.z_imported * x.cwiseInverse().asDiagonal();
  }

  if (table.value_added_names.empty()) {
    return InvalidArgumentError(table.source +
                                ": the table has no value-added rows");
  }
  VectorXd va = VectorXd::Zero(n);
  if (options.value_added_rows.empty()) {
    va = table.value_added.colwise().sum().transpose();
  } else {
    for (const auto& row : options.value_added_rows) {
      JI_ASSIGN_OR_RETURN(size_t k, FindValueAdded(table, row, "value-added"));
      va += table.value_added.row(static_cast<Index>(k)).transpose();
    }
  }
  m.value_added = va.cwiseQuotient(x);
  JI_ASSIGN_OR_RETURN(
      size_t comp_row,
      FindValueAdded(table, options.compensation_row, "compensation"));
  VectorXd comp =
      table.value_added.row(static_cast<Index>(comp_row)).transpose();
  m.income = comp.cwiseQuotient(x);
  if (options.employment_coefficients.size() > 0) {
    if (options.employment_coefficients.size() != n) {
      return InvalidArgumentError(
          fmt::format("{} employment coefficients for a table of {} sectors",
                      options.employment_coefficients.size(), n));
    }
    m.employment = options.employment_coefficients;
  }

  VectorXd household = VectorXd::Zero(n);
  if (options.type_ii) {
    for (const auto& col : options.household_columns) {
      JI_ASSIGN_OR_RETURN(size_t k,
                          FindFinalUse(table, col, "household consumption"));
      household += table.final_use.col(static_cast<Index>(k));
      if (!table.competitive_imports &&
          options.imports == ImportTreatment::kAsPublished) {
        household += table.final_use_imported.col(static_cast<Index>(k));
      }
    }
  }

  if (options.imports == ImportTreatment::kDomestic) {
    if (table.competitive_imports) {
      JI_ASSIGN_OR_RETURN(
          size_t im, FindFinalUse(table, options.imports_column, "imports"));
      JI_ASSIGN_OR_RETURN(
          size_t ex, FindFinalUse(table, options.exports_column, "exports"));
      m.import_share = VectorXd::Zero(n);
      for (Index i = 0; i < n; ++i) {
        // Domestic use of product i: intermediate use plus every final use
        // except exports (and the imports column itself).
        double use = table.z.row(i).sum();
        for (Index k = 0; k < table.final_use.cols(); ++k) {
          if (k == static_cast<Index>(im) || k == static_cast<Index>(ex)) {
            continue;
          }
          use += table.final_use(i, k);
        }
        const double imports = table.final_use(i, static_cast<Index>(im));
        if (imports < 0) {
          return InvalidArgumentError(fmt::format(
              "{}: imports of sector {} are negative ({}); the imports column "
              "\"{}\" must hold positive numbers",
              table.source, table.Describe(static_cast<size_t>(i)), imports,
              options.imports_column));
        }
        if (imports == 0) continue;
        if (!(use > 0) || imports > use * (1 + 1e-9)) {
          return InvalidArgumentError(fmt::format(
              "{}: imports of sector {} ({:.10g}) exceed its domestic use "
              "({:.10g}), so no import share in [0, 1] exists",
              table.source, table.Describe(static_cast<size_t>(i)), imports,
              use));
        }
        m.import_share(i) = std::min(1.0, imports / use);
      }
      const VectorXd keep = (1.0 - m.import_share.array()).matrix();
      m.a = keep.asDiagonal() * m.a;
      household = household.cwiseProduct(keep);
      m.imports = fmt::format(
          "domestic coefficients A_d = (I - diag(m)) A, import share m_i = "
          "{}_i / (intermediate use_i + final use_i - {}_i) (proportionality "
          "assumption)",
          options.imports_column, options.exports_column);
    } else {
      m.imports = "domestic block of a non-competitive-import table";
    }
  } else if (table.competitive_imports) {
    m.imports =
        "coefficients as published (competitive imports: imported inputs "
        "are treated as domestic production)";
  } else {
    m.imports =
        "total coefficients: domestic plus imported rows of a "
        "non-competitive-import table";
  }

  if (options.region) {
    LqSummary lqs;
    JI_ASSIGN_OR_RETURN(
        m.a, RegionalCoefficients(m.a, *options.region, options.lq, &lqs));
    JI_ASSIGN_OR_RETURN(VectorXd slq, SimpleLocationQuotients(*options.region));
    household = household.cwiseProduct(slq.cwiseMin(1.0));
    m.region = fmt::format(
        "regionalised by {} with sizes from {} (region = {:.4g} of the "
        "nation; household purchases scaled by min(SLQ, 1))",
        lqs.method, options.region->source, lqs.region_share);
  }

  if (options.type_ii) {
    const double total_comp = comp.sum();
    if (!(total_comp > 0)) {
      return InvalidArgumentError(fmt::format(
          "{}: total compensation (row {}) is not positive, so the household "
          "column of the Type II closure is undefined",
          table.source, options.compensation_row));
    }
    m.household = household / total_comp;
    m.closure = fmt::format(
        "Type II: households endogenous; household row = {} / gross output, "
        "household column = ({}) / total {} (Miller & Blair 2009, §6.3)",
        options.compensation_row, Join(options.household_columns, " + "),
        options.compensation_row);
  }
  return m;
}

namespace {

Status CloseForHouseholds(const VectorXd& income_i, const VectorXd& household,
                          double* d) {
  // d = 1 - h_c^T L h_r = 1 - m_w . h_r.
  *d = 1.0 - income_i.dot(household);
  if (!(*d > 1e-12)) {
    return NumericalError(fmt::format(
        "the model closed for households is not productive: 1 - h_c' L h_r "
        "= {:.6g} (households re-spend more than the income they earn); "
        "check the compensation row and household columns",
        *d));
  }
  return Status::Ok();
}

}  // namespace

Result<ImpactModel> ImpactModel::Create(const IoTable& table,
                                        const MultiplierOptions& options) {
  ImpactModel im;
  im.options_ = options;
  im.codes_ = table.codes;
  im.names_zh_ = table.names_zh;
  im.names_en_ = table.names_en;
  JI_ASSIGN_OR_RETURN(im.model_, BuildLinkedModel(table, options));
  // The solver takes A over (no second n x n copy); the model keeps the
  // coefficient vectors.
  JI_ASSIGN_OR_RETURN(
      LeontiefSolver solver,
      LeontiefSolver::Create(std::move(im.model_.a), options.solver,
                             &im.summary_.solver));
  im.solver_ = std::make_shared<LeontiefSolver>(std::move(solver));
  im.summary_.imports = im.model_.imports;
  im.summary_.closure = im.model_.closure;
  im.summary_.region = im.model_.region;
  im.summary_.relative_error_bound = 0.0;
  return im;
}

Result<Multipliers> ImpactModel::ComputeMultipliers() {
  const Index n = static_cast<Index>(codes_.size());
  const bool with_e = model_.employment.size() > 0;
  MatrixXd rows(n, with_e ? 4 : 3);
  rows.col(0).setOnes();
  rows.col(1) = model_.value_added;
  rows.col(2) = model_.income;
  if (with_e) rows.col(3) = model_.employment;
  SolveReport rep;
  // One transposed solve for every multiplier: Y = L^T [1 v w e].
  JI_ASSIGN_OR_RETURN(MatrixXd y, solver_->SolveTransposed(rows, &rep));
  Track(rep, &summary_);
  Multipliers out;
  out.codes = codes_;
  out.names_zh = names_zh_;
  out.names_en = names_en_;
  out.output_i = y.col(0);
  out.value_added_i = y.col(1);
  out.income_i = y.col(2);
  if (with_e) out.employment_i = y.col(3);
  income_i_ = out.income_i;
  if (options_.type_ii) {
    double d = 0;
    JI_RETURN_IF_ERROR(CloseForHouseholds(out.income_i, model_.household, &d));
    summary_.closure_denominator = d;
    // Sherman-Morrison (see the header): m_II = m_I + (m_I . h_r) m_w / d.
    auto close = [&](const VectorXd& m) -> VectorXd {
      return m + (m.dot(model_.household) / d) * out.income_i;
    };
    out.output_ii = close(out.output_i);
    out.value_added_ii = close(out.value_added_i);
    out.income_ii = out.income_i / d;
    if (with_e) out.employment_ii = close(out.employment_i);
  }
  for (const VectorXd* v :
       {&out.output_i, &out.value_added_i, &out.income_i, &out.employment_i,
        &out.output_ii, &out.value_added_ii, &out.income_ii,
        &out.employment_ii}) {
    JI_RETURN_IF_ERROR(CheckFiniteVector(*v, "multipliers"));
  }
  return out;
}

Result<ShockEffects> ImpactModel::ComputeShock(const MatrixXd& demand) {
  const Index n = static_cast<Index>(codes_.size());
  if (demand.rows() != n) {
    return InvalidArgumentError(fmt::format(
        "the demand has {} rows, the table has {} sectors", demand.rows(), n));
  }
  if (!demand.allFinite()) {
    return InvalidArgumentError("the demand contains non-finite values");
  }
  SolveReport rep;
  const Index k = demand.cols();
  // Forward solves batched: L [f_1 .. f_k  h_r].
  MatrixXd rhs(n, k + (options_.type_ii ? 1 : 0));
  rhs.leftCols(k) = demand;
  if (options_.type_ii) rhs.col(k) = model_.household;
  JI_ASSIGN_OR_RETURN(MatrixXd x, solver_->Solve(rhs, &rep));
  Track(rep, &summary_);
  ShockEffects e;
  e.output_direct = demand;
  e.output_indirect = x.leftCols(k) - demand;
  e.output_induced = MatrixXd::Zero(n, k);
  if (options_.type_ii) {
    if (income_i_.size() == 0) {
      // Income multipliers m_w = h_c^T L by one transposed solve (reused
      // when the multipliers were computed first).
      JI_ASSIGN_OR_RETURN(MatrixXd mw,
                          solver_->SolveTransposed(model_.income, &rep));
      Track(rep, &summary_);
      income_i_ = mw.col(0);
    }
    double d = 0;
    JI_RETURN_IF_ERROR(CloseForHouseholds(income_i_, model_.household, &d));
    summary_.closure_denominator = d;
    // x_II = x_I + L h_r (m_w . f) / d (Sherman-Morrison, see the header).
    const VectorXd weights = (demand.transpose() * income_i_) / d;
    e.output_induced.noalias() = x.col(k) * weights.transpose();
  }
  auto scale = [](const VectorXd& coef, const MatrixXd& m) -> MatrixXd {
    return coef.asDiagonal() * m;
  };
  e.value_added_direct = scale(model_.value_added, e.output_direct);
  e.value_added_indirect = scale(model_.value_added, e.output_indirect);
  e.value_added_induced = scale(model_.value_added, e.output_induced);
  e.income_direct = scale(model_.income, e.output_direct);
  e.income_indirect = scale(model_.income, e.output_indirect);
  e.income_induced = scale(model_.income, e.output_induced);
  if (model_.employment.size() > 0) {
    e.employment_direct = scale(model_.employment, e.output_direct);
    e.employment_indirect = scale(model_.employment, e.output_indirect);
    e.employment_induced = scale(model_.employment, e.output_induced);
  }
  if (!e.output_indirect.allFinite() || !e.output_induced.allFinite()) {
    return NumericalError("shock effects contain non-finite values");
  }
  return e;
}

Result<Multipliers> ComputeMultipliers(const IoTable& table,
                                       const MultiplierOptions& options,
                                       MultiplierSummary* summary) {
  JI_ASSIGN_OR_RETURN(ImpactModel model, ImpactModel::Create(table, options));
  auto m = model.ComputeMultipliers();
  if (summary != nullptr) *summary = model.summary();
  return m;
}

Result<ShockEffects> ComputeShock(const IoTable& table, const MatrixXd& demand,
                                  const MultiplierOptions& options,
                                  MultiplierSummary* summary) {
  JI_ASSIGN_OR_RETURN(ImpactModel model, ImpactModel::Create(table, options));
  auto e = model.ComputeShock(demand);
  if (summary != nullptr) *summary = model.summary();
  return e;
}

Result<DemandFile> ReadDemandFile(const std::filesystem::path& path,
                                  const IoTable& table) {
  const std::string file = path.string();
  table::CsvReadOptions opts;
  opts.column_types["code"] = table::ColumnType::kString;
  opts.required_columns = {"code"};
  JI_ASSIGN_OR_RETURN(table::Table t, table::ReadCsvFile(path, opts));
  DemandFile out;
  std::vector<const table::Column*> cols;
  for (size_t c = 0; c < t.num_columns(); ++c) {
    const table::Column& col = t.column(c);
    if (col.name() == "code" || col.name() == "name_zh" ||
        col.name() == "name_en") {
      continue;
    }
    if (col.type() != table::ColumnType::kDouble) {
      for (size_t r = 0; r < t.num_rows(); ++r) {
        double v;
        if (!col.IsMissing(r) && !table::ParseNumber(col.text(r), &v)) {
          return InvalidArgumentError(fmt::format(
              "{}:{}: column {} (\"{}\"): expected a number (final demand), "
              "found {}",
              file, t.LineOfRow(r), c + 1, col.name(),
              QuoteForMessage(col.text(r))));
        }
      }
    }
    out.scenarios.push_back(col.name());
    cols.push_back(&col);
  }
  if (cols.empty()) {
    return InvalidArgumentError(
        file +
        ": no demand column (expected `code` and one numeric column "
        "per scenario)");
  }
  const Index n = static_cast<Index>(table.size());
  out.demand = MatrixXd::Zero(n, static_cast<Index>(cols.size()));
  const table::Column& code = *t.Find("code");
  std::map<std::string, size_t> seen;
  for (size_t r = 0; r < t.num_rows(); ++r) {
    if (code.IsMissing(r)) {
      return InvalidArgumentError(
          fmt::format("{}:{}: column \"code\" is empty", file, t.LineOfRow(r)));
    }
    const std::string& c = code.text(r);
    auto idx = table.IndexOf(c);
    if (!idx) {
      return NotFoundError(
          fmt::format("{}:{}: sector \"{}\" is not a sector of {}", file,
                      t.LineOfRow(r), c, table.source));
    }
    auto [it, inserted] = seen.emplace(c, t.LineOfRow(r));
    if (!inserted) {
      return InvalidArgumentError(
          fmt::format("{}:{}: sector \"{}\" is listed twice (first on line {})",
                      file, t.LineOfRow(r), c, it->second));
    }
    for (size_t k = 0; k < cols.size(); ++k) {
      const table::Column& col = *cols[k];
      double v = 0.0;
      if (col.type() == table::ColumnType::kDouble) {
        v = col.doubles()[r];
      } else if (!col.IsMissing(r)) {
        table::ParseNumber(col.text(r), &v);
      }
      if (std::isnan(v)) v = 0.0;  // An empty cell is no demand.
      if (!std::isfinite(v)) {
        return InvalidArgumentError(
            fmt::format("{}:{}: column \"{}\": demand is not finite", file,
                        t.LineOfRow(r), col.name()));
      }
      out.demand(static_cast<Index>(*idx), static_cast<Index>(k)) = v;
    }
  }
  return out;
}

}  // namespace jobimpact::inputoutput
