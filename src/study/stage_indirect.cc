// Stage 4 of a study run: the input-output model prepared once (table,
// Leontief solve, column sums of B of the categories' sectors), then
// indirect output (the reports' caict2020), value added and indirect jobs by
// output per job, employment coefficients or an employment table (stages.h).
#include <fmt/format.h>

#include <cmath>
#include <set>

#include "jobimpact/inputoutput/employment.h"
#include "jobimpact/inputoutput/multipliers.h"
#include "jobimpact/table/csv_reader.h"
#include "stages.h"

namespace jobimpact::study::internal {
namespace {

using table::Column;
using table::ColumnType;
using table::Table;

// What the Leontief solve actually was, from its summary and report: the
// method used (auto resolves to one), its conditioning or certified error.
std::string SolverText(const inputoutput::LeontiefSummary& summary,
                       const inputoutput::SolveReport& report) {
  if (summary.method == inputoutput::LeontiefMethod::kLu) {
    return fmt::format("LU transposed solve (rcond {:.3g})", summary.rcond);
  }
  return fmt::format(
      "{} ({} iterations, certified relative error <= {:.2g})",
      report.method.empty() ? summary.description : report.method,
      report.iterations, report.relative_error_bound);
}

inputoutput::LqOptions LqOptionsOf(const InputOutputSpec::Region& region) {
  inputoutput::LqOptions lq;
  lq.method = region.lq;
  lq.delta = region.delta;
  return lq;
}

class InputOutputPreparer {
 public:
  InputOutputPreparer(const Settings& settings, StageOutput* out,
                      StudySummary* summary)
      : settings_(settings),
        spec_(*settings.spec),
        out_(out),
        summary_(summary) {}

  // Column sums of B for the sectors the categories name: given in the
  // study, or solved from its table.
  Result<PreparedInputOutput> Prepare() {
    PreparedInputOutput io;
    std::set<std::string> sectors;
    for (const auto& c : spec_.consumption->categories) {
      if (!c.sector.empty()) sectors.insert(c.sector);
    }
    if (!spec_.io.table) {
      for (const auto& code : sectors) {
        io.coefficients[code] = spec_.io.coefficients.at(code);
        out_->Add(
            Fig(Indicator::kTotalConsumptionCoefficient, "", "sector", code,
                io.coefficients[code],
                "given column sum of B: " + spec_.io.coefficients_source));
      }
      return io;
    }
    JI_ASSIGN_OR_RETURN(
        io.table, inputoutput::ReadIoTable(*spec_.io.table, spec_.io.layout));
    // Every sector is checked before the solve, and named where the study
    // file names it.
    for (const auto& c : spec_.consumption->categories) {
      if (!c.sector.empty() && !io.table->IndexOf(c.sector)) {
        return NotFoundError(fmt::format(
            "{}\"{}\" is not a sector of {} (sectors are named by their "
            "code, e.g. \"{}\")",
            c.sector_where, c.sector, io.table->source,
            io.table->codes.empty() ? "" : io.table->codes.front()));
      }
    }
    // A numerical failure is the table's: say which table and which key.
    const std::string table_context = fmt::format(
        "{}: [inputoutput] table {}", spec_.file.string(), io.table->source);
    auto a = inputoutput::TechnicalCoefficients(*io.table);
    if (!a.ok()) return a.status().WithPrefix(table_context);
    std::string region_text;
    if (spec_.io.region) {
      JI_ASSIGN_OR_RETURN(io.region, inputoutput::ReadRegionalSizes(
                                         spec_.io.region->sizes, *io.table));
      io.region->source = spec_.io.region->source;
      inputoutput::LqSummary lqs;
      a = inputoutput::RegionalCoefficients(
          *a, *io.region, LqOptionsOf(*spec_.io.region), &lqs);
      if (!a.ok()) return a.status().WithPrefix(table_context);
      region_text =
          fmt::format("; regionalised for {} by {} ({})", spec_.io.region->name,
                      lqs.method, spec_.io.region->source);
    }
    inputoutput::LeontiefSummary summary;
    inputoutput::LeontiefOptions solver_options;
    solver_options.method = settings_.solver;
    auto solver =
        inputoutput::LeontiefSolver::Create(*a, solver_options, &summary);
    if (!solver.ok()) return solver.status().WithPrefix(table_context);
    inputoutput::SolveReport report;
    auto column_sums = solver->TotalConsumptionColumnSums(&report);
    if (!column_sums.ok())
      return column_sums.status().WithPrefix(table_context);
    const Eigen::VectorXd& cs = *column_sums;
    io.solver = std::move(*solver);
    summary_->leontief = summary;
    summary_->solve = report;
    summary_->solver_text = SolverText(summary, report);
    for (const auto& code : sectors) {
      auto idx = io.table->IndexOf(code);
      double v = cs(static_cast<Eigen::Index>(*idx));
      io.coefficients[code] = v;
      out_->Add(
          Fig(Indicator::kTotalConsumptionCoefficient, "", "sector", code, v,
              fmt::format("column sum of B = (I-A)^-1 - I, A = Z/x, by {} of "
                          "{}{}",
                          SolverText(summary, report), io.table->source,
                          region_text)));
      auto given = spec_.io.coefficients.find(code);
      if (given != spec_.io.coefficients.end() &&
          std::fabs(given->second - v) > 1e-8) {
        out_->Note(
            NoteKind::kDiscrepancy,
            fmt::format("sector {}: the given coefficient {:.10g} ({}) "
                        "differs from the "
                        "table's {:.10g}; the table's is used",
                        code, given->second, spec_.io.coefficients_source, v));
      }
    }
    return io;
  }

 private:
  const Settings& settings_;
  const StudySpec& spec_;
  StageOutput* out_;
  StudySummary* summary_;
};

class IndirectEstimator {
 public:
  IndirectEstimator(const Settings& settings, const Consumption& consumption,
                    const PreparedInputOutput* io, StageOutput* out)
      : spec_(*settings.spec),
        consumption_(consumption),
        io_(io),
        table_(io != nullptr && io->table ? &*io->table : nullptr),
        solver_(io != nullptr && io->solver ? &*io->solver : nullptr),
        out_(out) {}

  Result<IndirectEffects> Run() {
    JI_RETURN_IF_ERROR(Indirect());
    JI_RETURN_IF_ERROR(Induced());
    return std::move(result_);
  }

 private:
  using Index = Eigen::Index;

  const std::map<std::string, double>& coefficients() const {
    return io_->coefficients;
  }

  Status Indirect() {
    if (!spec_.indirect) return Status::Ok();
    const IndirectSpec& ind = *spec_.indirect;
    std::map<std::string, Quantity> cat_output;
    Quantity computed;
    double mapped_consumption = 0, computed_value = 0;
    if (spec_.consumption) {
      for (const auto& cat : spec_.consumption->categories) {
        if (cat.sector.empty()) continue;
        Quantity out = consumption_.by_category.at(cat.id).Scaled(
            coefficients().at(cat.sector));
        JI_ASSIGN_OR_RETURN(
            Figure f,
            out_->Evaluate(
                Indicator::kOutputIndirect, "", "category", cat.id, out,
                fmt::format("caict2020: consumption x column sum of B of "
                            "sector {} ({:.10g})",
                            cat.sector, coefficients().at(cat.sector))));
        computed_value += f.estimate;
        out_->Add(std::move(f));
        JI_ASSIGN_OR_RETURN(
            Figure cf,
            out_->Evaluate(Indicator::kConsumption, "", "", "",
                           consumption_.by_category.at(cat.id), "-"));
        mapped_consumption += cf.estimate;
        cat_output[cat.id] = out;
        computed += out;
      }
    }
    Quantity output;
    if (ind.published_output) {
      output = Published(ind.published_output->value);
      out_->Add(Fig(
          Indicator::kOutputIndirect, "", "", "", ind.published_output->value,
          "caict2020 indirect output (gross output, not value added), "
          "published: " +
              ind.published_output->source));
      if (!cat_output.empty()) {
        JI_ASSIGN_OR_RETURN(Figure all,
                            out_->Evaluate(Indicator::kConsumption, "", "", "",
                                           consumption_.total, "-"));
        const double rest = all.estimate - mapped_consumption;
        const double value = ind.published_output->value;
        std::string implied =
            rest > 0
                ? fmt::format(
                      "; the remaining {:.6g} yuan of consumption without a "
                      "sector then carries an implied average coefficient "
                      "of {:.4f}",
                      rest, (value - computed_value) / rest)
                : "";
        out_->Note(NoteKind::kDiscrepancy,
                   fmt::format("indirect output: published {:.6g} yuan; the "
                               "categories with a sector "
                               "account for {:.6g} yuan of it{}",
                               value, computed_value, implied));
      }
    } else {
      output = computed;
      JI_RETURN_IF_ERROR(out_->AddEvaluated(
          Indicator::kOutputIndirect, "", "", "", output,
          "caict2020: sum over categories of consumption x column sum of B "
          "(indirect gross output, not value added)"));
    }

    if (ind.value_added || ind.jobs_method == JobsMethod::kEmploymentTable) {
      JI_RETURN_IF_ERROR(ValueAddedAndTableJobs());
      if (ind.jobs_method == JobsMethod::kEmploymentTable) return Status::Ok();
    }
    if (ind.jobs_method == JobsMethod::kOutputPerJob) {
      const std::string m = fmt::format(
          "output_per_job: indirect output / {:.10g} yuan per job ({}){}",
          ind.output_per_job.value, ind.output_per_job.source,
          RangeText(ind.output_per_job));
      if (!ind.published_output) {
        for (const auto& [id, out] : cat_output) {
          JI_RETURN_IF_ERROR(
              out_->AddEvaluated(Indicator::kJobsIndirect, "", "category", id,
                                 out.Scaled(1 / ind.output_per_job.value), m));
        }
      }
      result_.jobs = output.Scaled(1 / ind.output_per_job.value);
      return out_->AddEvaluated(Indicator::kJobsIndirect, "", "", "",
                                *result_.jobs, m);
    }
    return EmploymentCoefficientJobs();
  }

  // The options of the multiplier models: imports as stated, the region of
  // [inputoutput], Type II when asked.
  inputoutput::MultiplierOptions ModelOptions(bool type_ii) const {
    inputoutput::MultiplierOptions opt;
    opt.type_ii = type_ii;
    opt.imports = *spec_.indirect->imports;
    if (spec_.io.region) {
      opt.region = io_->region;
      opt.lq = LqOptionsOf(*spec_.io.region);
    }
    return opt;
  }

  // Jobs per table unit of gross output by sector from the employment table
  // (inputoutput/employment.h); `method` says how they were derived.
  Result<Eigen::VectorXd> TableJobsPerTableUnit(std::string* method) const {
    const IndirectSpec& ind = *spec_.indirect;
    if (!(table_->unit_in_currency > 0)) {
      return InvalidArgumentError(fmt::format(
          "{}: jobs = \"employment_table\" needs the table's currency unit "
          "(known for the nbs layout), and {} has none",
          spec_.file.string(), table_->source));
    }
    JI_ASSIGN_OR_RETURN(inputoutput::EmploymentTable emp,
                        inputoutput::ReadEmploymentTable(ind.employment_table));
    inputoutput::EmploymentCoefficientsSummary es;
    JI_ASSIGN_OR_RETURN(
        Eigen::VectorXd e,
        inputoutput::EmploymentCoefficients(*table_, emp, ind.employment_year,
                                            ind.employment_concordance, &es));
    *method = es.method;
    return e;
  }

  // How induced output becomes jobs under the study's jobs method: `e` gets
  // jobs per yuan of output by sector (left empty for output per job, which
  // divides the total); returns the method text.
  Result<std::string> InducedJobsRates(Eigen::VectorXd* e) const {
    const IndirectSpec& ind = *spec_.indirect;
    if (ind.jobs_method == JobsMethod::kOutputPerJob) {
      return fmt::format(
          "output_per_job: induced output / {:.10g} yuan per job ({}){}",
          ind.output_per_job.value, ind.output_per_job.source,
          RangeText(ind.output_per_job));
    }
    if (ind.jobs_method == JobsMethod::kEmploymentCoefficients) {
      JI_ASSIGN_OR_RETURN(*e, FileJobsPerYuan());
      return fmt::format(
          "employment_coefficients: e' x induced output, e from {} ({})",
          ind.employment_file.string(), ind.employment_source);
    }
    std::string e_method;
    JI_ASSIGN_OR_RETURN(*e, TableJobsPerTableUnit(&e_method));
    *e /= table_->unit_in_currency;
    return fmt::format("employment_table: e' x induced output, e = {} ({})",
                       e_method, ind.employment_source);
  }

  // Induced effects (closure = "household"): the Type II model closed for
  // households minus the Type I model, for each category's consumption as
  // final demand for its sector (Miller & Blair 2009, §6.3: induced = total
  // Type II effect - Type I effect). One shock per sector, one yuan each, so
  // every figure is the category's consumption times a fixed number and its
  // sampling error carries over.
  Status Induced() {
    if (!spec_.indirect || spec_.indirect->closure != Closure::kHousehold) {
      return Status::Ok();
    }
    const IndirectSpec& ind = *spec_.indirect;
    const Index n = static_cast<Index>(table_->size());
    const auto& cats = spec_.consumption->categories;
    // The closure needs the table's compensation row and household columns;
    // a table without them is the study's error, named by its key.
    const std::string context =
        fmt::format("{}: [indirect] closure = \"household\" with table {}",
                    spec_.file.string(), table_->source);
    auto created =
        inputoutput::ImpactModel::Create(*table_, ModelOptions(true));
    if (!created.ok()) return created.status().WithPrefix(context);
    inputoutput::ImpactModel model = std::move(*created);
    Eigen::MatrixXd demand = Eigen::MatrixXd::Zero(n, std::ssize(cats));
    for (size_t k = 0; k < cats.size(); ++k) {
      demand(static_cast<Index>(*table_->IndexOf(cats[k].sector)),
             static_cast<Index>(k)) = 1.0;
    }
    auto shock = model.ComputeShock(demand);
    if (!shock.ok()) return shock.status().WithPrefix(context);
    const inputoutput::ShockEffects& fx = *shock;
    // Jobs per yuan of induced output, by sector (empty: output per job).
    Eigen::VectorXd e;
    JI_ASSIGN_OR_RETURN(std::string jobs_method, InducedJobsRates(&e));
    const inputoutput::MultiplierSummary& ms = model.summary();
    const std::string model_text = fmt::format(
        "Type II minus Type I effect of the consumption as final demand; {}; "
        "{}{}",
        ms.closure, ms.imports, ms.region.empty() ? "" : "; " + ms.region);
    const std::string out_method =
        "induced gross output: " + model_text + " (not value added)";
    const std::string va_method =
        "induced value added (GDP): v' x induced output; " + model_text;
    jobs_method += "; " + model_text;
    Quantity out_total, va_total, jobs_total;
    for (size_t k = 0; k < cats.size(); ++k) {
      const Index col = static_cast<Index>(k);
      const Quantity& c = consumption_.by_category.at(cats[k].id);
      const double out_per_yuan = fx.output_induced.col(col).sum();
      const double jobs_per_yuan = e.size() == 0
                                       ? out_per_yuan / ind.output_per_job.value
                                       : e.dot(fx.output_induced.col(col));
      Quantity out = c.Scaled(out_per_yuan);
      Quantity va = c.Scaled(fx.value_added_induced.col(col).sum());
      Quantity jobs = c.Scaled(jobs_per_yuan);
      JI_RETURN_IF_ERROR(out_->AddEvaluated(Indicator::kOutputInduced, "",
                                            "category", cats[k].id, out,
                                            out_method));
      JI_RETURN_IF_ERROR(out_->AddEvaluated(Indicator::kValueAddedInduced, "",
                                            "category", cats[k].id, va,
                                            va_method));
      JI_RETURN_IF_ERROR(out_->AddEvaluated(Indicator::kJobsInduced, "",
                                            "category", cats[k].id, jobs,
                                            jobs_method));
      out_total += out;
      va_total += va;
      jobs_total += jobs;
    }
    JI_RETURN_IF_ERROR(out_->AddEvaluated(Indicator::kOutputInduced, "", "", "",
                                          out_total, out_method));
    JI_RETURN_IF_ERROR(out_->AddEvaluated(Indicator::kValueAddedInduced, "", "",
                                          "", va_total, va_method));
    result_.induced_jobs = jobs_total;
    return out_->AddEvaluated(Indicator::kJobsInduced, "", "", "", jobs_total,
                              jobs_method);
  }

  // The value-added method and jobs from an employment table: with
  // multipliers m = c' L (Type I, imports as configured), the indirect effect
  // of one yuan of final demand for sector s is m_s - c_s = c' (L - I) e_s
  // (Miller & Blair 2009, §6.2: total minus direct effect).
  Status ValueAddedAndTableJobs() {
    const IndirectSpec& ind = *spec_.indirect;
    if (ind.published_output || !spec_.consumption) {
      return InvalidArgumentError(
          spec_.file.string() +
          ": [indirect] value_added and jobs = \"employment_table\" need "
          "consumption by category with sectors, not a published_output "
          "aggregate");
    }
    inputoutput::MultiplierOptions opt = ModelOptions(false);
    std::string jobs_method;
    const bool with_jobs = ind.jobs_method == JobsMethod::kEmploymentTable;
    if (with_jobs) {
      std::string e_method;
      JI_ASSIGN_OR_RETURN(opt.employment_coefficients,
                          TableJobsPerTableUnit(&e_method));
      jobs_method =
          fmt::format("employment_table: e' (L - I) f, e = {} ({}); {}",
                      e_method, ind.employment_source, "{}");
    }
    JI_ASSIGN_OR_RETURN(inputoutput::ImpactModel model,
                        inputoutput::ImpactModel::Create(*table_, opt));
    JI_ASSIGN_OR_RETURN(inputoutput::Multipliers m, model.ComputeMultipliers());
    const inputoutput::LinkedModel& lm = model.model();
    const std::string imports = model.summary().imports;
    const std::string va_method = fmt::format(
        "value_added: v' (L - I) f, v = value added / gross output of {} "
        "(indirect value added); {}",
        table_->source, imports);
    Quantity va_total, jobs_total;
    for (const auto& cat : spec_.consumption->categories) {
      const Index s = static_cast<Index>(*table_->IndexOf(cat.sector));
      if (ind.value_added) {
        Quantity q = consumption_.by_category.at(cat.id).Scaled(
            m.value_added_i(s) - lm.value_added(s));
        JI_RETURN_IF_ERROR(out_->AddEvaluated(Indicator::kValueAddedIndirect,
                                              "", "category", cat.id, q,
                                              va_method));
        va_total += q;
      }
      if (with_jobs) {
        // Jobs per table unit -> jobs per yuan.
        const double per_yuan =
            (m.employment_i(s) - lm.employment(s)) / table_->unit_in_currency;
        Quantity q = consumption_.by_category.at(cat.id).Scaled(per_yuan);
        JI_RETURN_IF_ERROR(out_->AddEvaluated(
            Indicator::kJobsIndirect, "", "category", cat.id, q,
            fmt::format(fmt::runtime(jobs_method), imports)));
        jobs_total += q;
      }
    }
    if (ind.value_added) {
      JI_RETURN_IF_ERROR(out_->AddEvaluated(Indicator::kValueAddedIndirect, "",
                                            "", "", va_total, va_method));
    }
    if (with_jobs) {
      result_.jobs = jobs_total;
      JI_RETURN_IF_ERROR(
          out_->AddEvaluated(Indicator::kJobsIndirect, "", "", "", jobs_total,
                             fmt::format(fmt::runtime(jobs_method), imports)));
    }
    return Status::Ok();
  }

  // Jobs per yuan of gross output by sector from the employment-
  // coefficients file (jobs_per_million_yuan), every sector of the table
  // exactly once.
  Result<Eigen::VectorXd> FileJobsPerYuan() const {
    const IndirectSpec& ind = *spec_.indirect;
    table::CsvReadOptions opts;
    opts.column_types = {{"code", ColumnType::kString},
                         {"jobs_per_million_yuan", ColumnType::kDouble}};
    JI_ASSIGN_OR_RETURN(Table t, table::ReadCsvFile(ind.employment_file, opts));
    const Index n = static_cast<Index>(table_->size());
    Eigen::VectorXd e = Eigen::VectorXd::Constant(n, std::nan(""));
    const Column& code = *t.Find("code");
    const auto& v = t.Find("jobs_per_million_yuan")->doubles();
    for (size_t r = 0; r < t.num_rows(); ++r) {
      std::string c = code.CellText(r);
      auto idx = table_->IndexOf(c);
      if (!idx) {
        return InvalidArgumentError(
            fmt::format("{}:{}: sector \"{}\" is not in {}", t.source(),
                        t.LineOfRow(r), c, table_->source));
      }
      if (!std::isnan(e(static_cast<Index>(*idx)))) {
        return InvalidArgumentError(
            fmt::format("{}:{}: sector \"{}\" is listed twice", t.source(),
                        t.LineOfRow(r), c));
      }
      if (std::isnan(v[r]) || v[r] < 0) {
        return InvalidArgumentError(
            fmt::format("{}:{}: jobs_per_million_yuan must be a number >= 0",
                        t.source(), t.LineOfRow(r)));
      }
      e(static_cast<Index>(*idx)) = v[r] / 1e6;
    }
    std::string missing;
    for (Index i = 0; i < n; ++i) {
      if (std::isnan(e(i))) {
        missing += (missing.empty() ? "" : ", ") +
                   table_->codes[static_cast<size_t>(i)];
      }
    }
    if (!missing.empty()) {
      return InvalidArgumentError(
          fmt::format("{}: no employment coefficient for sectors {} of {}",
                      t.source(), missing, table_->source));
    }
    return e;
  }

  // jobs = e' B f: sector jobs per yuan of output times the indirect output
  // each category's consumption requires from every sector (Miller & Blair
  // 2009, 6.3 employment multipliers, applied to B = L - I).
  Status EmploymentCoefficientJobs() {
    const IndirectSpec& ind = *spec_.indirect;
    if (ind.published_output) {
      return InvalidArgumentError(
          spec_.file.string() +
          ": [indirect] jobs = \"employment_coefficients\" needs indirect "
          "output by "
          "sector, which a published_output aggregate does not give");
    }
    JI_ASSIGN_OR_RETURN(const Eigen::VectorXd e, FileJobsPerYuan());
    const Index n = static_cast<Index>(table_->size());
    const std::string m = fmt::format(
        "employment_coefficients: e' (L - I) f with sector jobs per yuan e "
        "from {} ({})",
        ind.employment_file.string(), ind.employment_source);
    Quantity total;
    for (const auto& cat : spec_.consumption->categories) {
      // Jobs per yuan of this category's consumption: e' (L - I) e_s.
      Eigen::MatrixXd unit = Eigen::MatrixXd::Zero(n, 1);
      const Index s = static_cast<Index>(*table_->IndexOf(cat.sector));
      unit(s, 0) = 1.0;
      JI_ASSIGN_OR_RETURN(Eigen::MatrixXd x, solver_->Solve(unit));
      x(s, 0) -= 1.0;
      Quantity q = consumption_.by_category.at(cat.id).Scaled(e.dot(x.col(0)));
      JI_RETURN_IF_ERROR(out_->AddEvaluated(Indicator::kJobsIndirect, "",
                                            "category", cat.id, q, m));
      total += q;
    }
    result_.jobs = total;
    return out_->AddEvaluated(Indicator::kJobsIndirect, "", "", "", total, m);
  }

  const StudySpec& spec_;
  const Consumption& consumption_;
  const PreparedInputOutput* io_;
  const inputoutput::IoTable* table_;
  const inputoutput::LeontiefSolver* solver_;
  StageOutput* out_;
  IndirectEffects result_;
};

}  // namespace

Result<std::optional<PreparedInputOutput>> PrepareInputOutput(
    const Settings& settings, StageOutput* out, StudySummary* summary) {
  // Once per run: the caict2020 output, the value-added method and the
  // employment-table jobs all need the coefficients; computing them twice
  // re-read the table, redid the LU and repeated every
  // total_consumption_coefficient row.
  const StudySpec& spec = *settings.spec;
  if (!spec.indirect || !spec.consumption) {
    return std::optional<PreparedInputOutput>();
  }
  JI_ASSIGN_OR_RETURN(PreparedInputOutput io,
                      InputOutputPreparer(settings, out, summary).Prepare());
  return std::optional<PreparedInputOutput>(std::move(io));
}

Result<IndirectEffects> EstimateIndirect(const Settings& settings,
                                         const Consumption& consumption,
                                         const PreparedInputOutput* io,
                                         StageOutput* out) {
  return IndirectEstimator(settings, consumption, io, out).Run();
}

Status EstimateTotals(const DirectJobs& direct, const IndirectEffects& indirect,
                      StageOutput* out) {
  if (!indirect.jobs) {
    out->Note(NoteKind::kNotReported,
              "jobs_total is not reported: the study has no [indirect] "
              "section");
    return Status::Ok();
  }
  Quantity total = direct.total;
  total += *indirect.jobs;
  return out->AddEvaluated(Indicator::kJobsTotal, "", "", "", total,
                           "jobs_direct + jobs_indirect");
}

}  // namespace jobimpact::study::internal
