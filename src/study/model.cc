#include "jobimpact/study/model.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <set>

#include "jobimpact/inputoutput/io_table.h"
#include "jobimpact/inputoutput/leontief.h"
#include "jobimpact/survey/expansion.h"
#include "jobimpact/table/csv_reader.h"

namespace jobimpact::study {
namespace {

using table::Column;
using table::ColumnType;
using table::Table;

constexpr const char* kJobs = "jobs";
constexpr const char* kYuan = "yuan";
constexpr const char* kRatio = "ratio";

// Column roles read as numbers; every other mapped role is read as text.
const std::set<std::string>& NumericRoles() {
  static const std::set<std::string> roles = {"employees", "platform_share",
                                              "fulltime_share", "staff",
                                              "fulltime_staff"};
  return roles;
}

// Positional constructor in the order of Figure's fields (the interval is
// left empty: only the survey engine's estimators supply one).
Figure Fig(std::string indicator, std::string component,
           std::string domain_type, std::string domain, int year,
           double estimate, std::optional<double> se, std::optional<int64_t> n,
           std::string unit, std::string method) {
  Figure f;
  f.indicator = std::move(indicator);
  f.component = std::move(component);
  f.domain_type = std::move(domain_type);
  f.domain = std::move(domain);
  f.year = year;
  f.estimate = estimate;
  f.se = se;
  f.n = n;
  f.unit = std::move(unit);
  f.method = std::move(method);
  return f;
}

std::string Published(const Sourced& s) { return "published: " + s.source; }

// A survey file with its role mapping, read once per study.
struct LoadedSurvey {
  const SurveySpec* spec = nullptr;
  Table table;

  const Column& ByRole(const std::string& role) const {
    return *table.Find(spec->columns.at(role));
  }
  std::string Cell(size_t row, const std::string& role) const {
    return fmt::format("{}:{}: column \"{}\" (role {})", table.source(),
                       table.LineOfRow(row), spec->columns.at(role), role);
  }
};

class StudyRunner {
 public:
  explicit StudyRunner(const StudySpec& spec) : spec_(spec) {}

  Result<StudyRun> Run() {
    StudyRun run;
    run.spec = spec_;
    JI_RETURN_IF_ERROR(LoadRegions());
    JI_RETURN_IF_ERROR(Direct());
    JI_RETURN_IF_ERROR(Consumption());
    JI_RETURN_IF_ERROR(Indirect());
    Totals();
    for (const auto& f : figures_) {
      if (!std::isfinite(f.estimate)) {
        return NumericalError(fmt::format(
            "{}: {} {} is not a finite number (method: {})",
            spec_.file.string(), f.indicator, f.component, f.method));
      }
    }
    run.figures = std::move(figures_);
    run.notes = std::move(notes_);
    return run;
  }

 private:
  void Add(Figure f) {
    f.year = spec_.year;
    figures_.push_back(std::move(f));
  }

  Result<const LoadedSurvey*> Survey(const std::string& key) {
    auto it = surveys_.find(key);
    if (it != surveys_.end()) return &it->second;
    const SurveySpec& s = spec_.surveys.at(key);
    table::CsvReadOptions opts;
    opts.delimiter = s.delimiter;
    opts.encoding = s.encoding;
    opts.na_values = s.na_values;
    std::set<std::string> numeric = NumericRoles();
    if (spec_.consumption && spec_.consumption->survey == key) {
      for (const auto& c : spec_.consumption->categories) {
        if (!c.column.empty()) numeric.insert(c.column);
      }
    }
    for (const auto& [role, header] : s.columns) {
      ColumnType type =
          numeric.count(role) ? ColumnType::kDouble : ColumnType::kString;
      auto [pos, inserted] = opts.column_types.emplace(header, type);
      if (!inserted && pos->second != type) {
        return InvalidArgumentError(fmt::format(
            "{}: [surveys.{}.columns] maps header \"{}\" to a numeric and a "
            "text role",
            spec_.file.string(), key, header));
      }
    }
    JI_ASSIGN_OR_RETURN(Table t, table::ReadCsvFile(s.file, opts));
    LoadedSurvey loaded{&s, std::move(t)};
    JI_RETURN_IF_ERROR(ValidateSurvey(loaded));
    return &surveys_.emplace(key, std::move(loaded)).first->second;
  }

  // Checks that hold for any survey: unique respondent ids, no missing or
  // negative values in numeric roles, shares within [0, 1].
  Status ValidateSurvey(const LoadedSurvey& s) {
    const Table& t = s.table;
    if (s.spec->columns.count("id")) {
      const Column& id = s.ByRole("id");
      std::map<std::string, size_t> seen;
      for (size_t r = 0; r < t.num_rows(); ++r) {
        if (id.IsMissing(r)) {
          return InvalidArgumentError(s.Cell(r, "id") +
                                      ": the respondent id is missing");
        }
        std::string key = id.CellText(r);
        auto [it, inserted] = seen.emplace(key, r);
        if (!inserted) {
          return InvalidArgumentError(fmt::format(
              "{}: duplicate respondent id \"{}\" (first on line {})",
              s.Cell(r, "id"), key, t.LineOfRow(it->second)));
        }
      }
    }
    for (const auto& [role, header] : s.spec->columns) {
      const Column* col = t.Find(header);
      if (col->type() != ColumnType::kDouble) continue;
      const bool share = role == "platform_share" || role == "fulltime_share";
      const auto& v = col->doubles();
      for (size_t r = 0; r < v.size(); ++r) {
        if (std::isnan(v[r])) {
          return InvalidArgumentError(
              s.Cell(r, role) +
              ": value is missing (missing analysis values are not imputed or "
              "dropped; fix or remove the row)");
        }
        if (v[r] < 0) {
          return InvalidArgumentError(fmt::format(
              "{}: expected a value >= 0, found {:g}", s.Cell(r, role), v[r]));
        }
        if (share && v[r] > 1) {
          return InvalidArgumentError(fmt::format(
              "{}: expected a share in [0, 1], found {:g} (percentages must be "
              "given as fractions)",
              s.Cell(r, role), v[r]));
        }
      }
    }
    if (s.spec->columns.count("fulltime_staff") &&
        s.spec->columns.count("staff")) {
      const auto& staff = s.ByRole("staff").doubles();
      const auto& ft = s.ByRole("fulltime_staff").doubles();
      for (size_t r = 0; r < staff.size(); ++r) {
        if (ft[r] > staff[r]) {
          return InvalidArgumentError(
              fmt::format("{}: full-time staff {:g} exceeds staff {:g}",
                          s.Cell(r, "fulltime_staff"), ft[r], staff[r]));
        }
      }
    }
    return Status::Ok();
  }

  Status LoadRegions() {
    if (!spec_.regions) return Status::Ok();
    table::CsvReadOptions opts;
    opts.column_types = {{"province", ColumnType::kString},
                         {"region", ColumnType::kString}};
    JI_ASSIGN_OR_RETURN(Table t, table::ReadCsvFile(spec_.regions->file, opts));
    const Column& p = *t.Find("province");
    const Column& r = *t.Find("region");
    for (size_t i = 0; i < t.num_rows(); ++i) {
      if (p.IsMissing(i) || r.IsMissing(i)) {
        return InvalidArgumentError(
            fmt::format("{}:{}: province and region must both be given",
                        t.source(), t.LineOfRow(i)));
      }
      if (!region_of_.emplace(p.strings()[i], r.strings()[i]).second) {
        return InvalidArgumentError(
            fmt::format("{}:{}: province \"{}\" is listed twice", t.source(),
                        t.LineOfRow(i), p.strings()[i]));
      }
    }
    return Status::Ok();
  }

  // Domain labels of the component's rows for one domain role.
  Result<std::vector<std::string>> DomainLabels(const LoadedSurvey& s,
                                                const std::vector<size_t>& rows,
                                                const std::string& domain) {
    const std::string role = domain == "region" ? "province" : domain;
    const Column& col = s.ByRole(role);
    std::vector<std::string> labels;
    labels.reserve(rows.size());
    std::vector<std::string> unknown;
    for (size_t r : rows) {
      std::string v = col.IsMissing(r) ? "" : col.CellText(r);
      if (v.empty()) {
        return InvalidArgumentError(s.Cell(r, role) +
                                    ": value is missing (needed for the \"" +
                                    domain + "\" breakdown)");
      }
      if (domain == "region") {
        auto it = region_of_.find(v);
        if (it == region_of_.end()) {
          if (unknown.size() < 10) {
            unknown.push_back(
                fmt::format("\"{}\" (line {})", v, s.table.LineOfRow(r)));
          }
          continue;
        }
        v = it->second;
      }
      labels.push_back(std::move(v));
    }
    if (!unknown.empty()) {
      std::string list;
      for (const auto& u : unknown) list += (list.empty() ? "" : ", ") + u;
      return InvalidArgumentError(fmt::format(
          "{}: column \"{}\": provinces not in the region scheme {} ({}): {}",
          s.table.source(), s.spec->columns.at(role), spec_.regions->name,
          spec_.regions->file.string(), list));
    }
    return labels;
  }

  Status SurveyComponent(const ComponentSpec& c) {
    JI_ASSIGN_OR_RETURN(const LoadedSurvey* s, Survey(c.survey));
    std::vector<size_t> rows;
    if (c.filter) {
      const Column& f = s->ByRole(c.filter->role);
      for (size_t r = 0; r < s->table.num_rows(); ++r) {
        if (!f.IsMissing(r) && f.CellText(r) == c.filter->equals) {
          rows.push_back(r);
        }
      }
    } else {
      for (size_t r = 0; r < s->table.num_rows(); ++r) rows.push_back(r);
    }
    if (rows.empty()) {
      return InvalidArgumentError(
          fmt::format("{}: component \"{}\" has no rows in {}{}",
                      spec_.file.string(), c.id, s->table.source(),
                      c.filter ? fmt::format(" with {} = \"{}\"",
                                             c.filter->role, c.filter->equals)
                               : ""));
    }
    survey::ExpansionOptions opts;
    opts.population = c.population->value;
    const std::string pop_note = fmt::format(
        "N={:.17g} ({})", c.population->value, c.population->source);

    // y: the unit's jobs on the platform; ft: its full-time part.
    std::vector<double> y(rows.size());
    std::vector<double> ft;
    std::string formula;
    std::string split_method;
    bool has_split = false;
    if (c.kind == ComponentKind::kServiceProvider) {
      const auto& emp = s->ByRole("employees").doubles();
      const auto& share = s->ByRole("platform_share").doubles();
      for (size_t i = 0; i < rows.size(); ++i)
        y[i] = emp[rows[i]] * share[rows[i]];
      formula =
          "service-provider formula (METHOD.md 1): N/n * sum(employees * "
          "platform_share)";
      if (s->spec->columns.count("fulltime_share")) {
        const auto& fts = s->ByRole("fulltime_share").doubles();
        ft.resize(rows.size());
        for (size_t i = 0; i < rows.size(); ++i) ft[i] = y[i] * fts[rows[i]];
        has_split = true;
        split_method =
            "service-provider part-time formula (METHOD.md 1): N/n * "
            "sum(platform_staff * (1 - fulltime_share))";
      }
    } else {
      const auto& staff = s->ByRole("staff").doubles();
      for (size_t i = 0; i < rows.size(); ++i) y[i] = staff[rows[i]];
      formula =
          "operator formula (METHOD.md 1): surveyed dev+ops staff / "
          "surveyed accounts * N";
      if (s->spec->columns.count("fulltime_staff") ||
          s->spec->columns.count("fulltime_share")) {
        ft.resize(rows.size());
        const bool counts = s->spec->columns.count("fulltime_staff") > 0;
        const auto& v =
            s->ByRole(counts ? "fulltime_staff" : "fulltime_share").doubles();
        for (size_t i = 0; i < rows.size(); ++i) {
          ft[i] = counts ? v[rows[i]] : y[i] * v[rows[i]];
        }
        has_split = true;
        split_method =
            "operator part-time formula (METHOD.md 1): jobs * (1 - "
            "full-time share), share = sum(full-time staff) / "
            "sum(staff)";
      }
    }

    JI_ASSIGN_OR_RETURN(survey::Estimate jobs, survey::ExpansionTotal(y, opts));
    Add(Fig("jobs_direct", c.id, "", "", 0, jobs.value, jobs.se, jobs.n, kJobs,
            formula + ", " + pop_note));
    direct_[c.id] = jobs.value;
    direct_n_[c.id] = *jobs.n;
    if (has_split) {
      // For both kinds the split equals the expansion total of the full-time
      // part; for operators N/n*sum(staff)*(sum(ft)/sum(staff)) reduces to
      // N/n*sum(ft), so one estimator serves both formulas.
      JI_ASSIGN_OR_RETURN(survey::Estimate full,
                          survey::ExpansionTotal(ft, opts));
      std::vector<double> pt(y.size());
      for (size_t i = 0; i < y.size(); ++i) pt[i] = y[i] - ft[i];
      JI_ASSIGN_OR_RETURN(survey::Estimate part,
                          survey::ExpansionTotal(pt, opts));
      Add(Fig("jobs_fulltime", c.id, "", "", 0, full.value, full.se, full.n,
              kJobs, split_method + ", " + pop_note));
      Add(Fig("jobs_parttime", c.id, "", "", 0, part.value, part.se, part.n,
              kJobs, split_method + ", " + pop_note));
      fulltime_[c.id] = full.value;
      parttime_[c.id] = part.value;
    }
    for (const auto& d : c.domains) {
      JI_ASSIGN_OR_RETURN(auto labels, DomainLabels(*s, rows, d));
      JI_ASSIGN_OR_RETURN(auto by,
                          survey::ExpansionTotalsByDomain(y, labels, opts));
      for (const auto& [label, e] : by) {
        Add(Fig("jobs_direct", c.id, d, label, 0, e.value, e.se, e.n, kJobs,
                formula + " within domain (zero-weighting), " + pop_note));
        domain_jobs_[d][label] += e.value;
        domain_n_[d][label] += *e.n;
      }
      domain_components_[d].insert(c.id);
    }
    return Status::Ok();
  }

  Status Direct() {
    for (const auto& c : spec_.components) {
      if (c.survey_based()) {
        JI_RETURN_IF_ERROR(SurveyComponent(c));
        continue;
      }
      const Sourced& jobs = *c.published_jobs;
      Add(Fig("jobs_direct", c.id, "", "", 0, jobs.value, {}, {}, kJobs,
              Published(jobs)));
      direct_[c.id] = jobs.value;
      if (c.published_fulltime_share) {
        double share = c.published_fulltime_share->value;
        std::string m = fmt::format(
            "operator part-time formula (METHOD.md 1) on a published "
            "aggregate: "
            "jobs * (1 - {:g}), share {}",
            share, Published(*c.published_fulltime_share));
        Add(Fig("jobs_fulltime", c.id, "", "", 0, jobs.value * share, {}, {},
                kJobs, m));
        Add(Fig("jobs_parttime", c.id, "", "", 0, jobs.value * (1 - share), {},
                {}, kJobs, m));
        fulltime_[c.id] = jobs.value * share;
        parttime_[c.id] = jobs.value * (1 - share);
      }
    }

    // Study-wide sums.
    double total = 0;
    int64_t n = 0;
    bool all_survey = true;
    std::string ids;
    for (const auto& c : spec_.components) {
      total += direct_.at(c.id);
      ids += (ids.empty() ? "" : " + ") + c.id;
      if (direct_n_.count(c.id)) {
        n += direct_n_.at(c.id);
      } else {
        all_survey = false;
      }
    }
    std::optional<int64_t> total_n;
    if (all_survey) total_n = n;
    direct_total_ = total;
    Add(Fig("jobs_direct", "", "", "", 0, total, {}, total_n, kJobs,
            "sum over components: " + ids));

    const bool all_split = fulltime_.size() == spec_.components.size();
    if (all_split) {
      double f = 0, p = 0;
      for (const auto& [id, v] : fulltime_) f += v;
      for (const auto& [id, v] : parttime_) p += v;
      Add(Fig("jobs_fulltime", "", "", "", 0, f, {}, total_n, kJobs,
              "sum over components: " + ids));
      Add(Fig("jobs_parttime", "", "", "", 0, p, {}, total_n, kJobs,
              "sum over components: " + ids));
      if (spec_.direct_fulltime_share) {
        notes_.push_back(fmt::format(
            "[direct] fulltime_share {:g} was not used: every component has "
            "its "
            "own full-time/part-time split (their sum gives a share of {:.4f})",
            spec_.direct_fulltime_share->value, total > 0 ? f / total : 0.0));
      }
    } else if (spec_.direct_fulltime_share) {
      const Sourced& share = *spec_.direct_fulltime_share;
      std::string m = fmt::format(
          "operator part-time formula (METHOD.md 1) at ecosystem level: "
          "jobs_direct * (1 - {:g}), share {}",
          share.value, Published(share));
      Add(Fig("jobs_fulltime", "", "", "", 0, total * share.value, {}, {},
              kJobs, m));
      Add(Fig("jobs_parttime", "", "", "", 0, total * (1 - share.value), {}, {},
              kJobs, m));
    } else {
      std::string missing;
      for (const auto& c : spec_.components) {
        if (!fulltime_.count(c.id))
          missing += (missing.empty() ? "" : ", ") + c.id;
      }
      notes_.push_back(
          "study-wide full-time/part-time jobs are not reported: "
          "components without a split: " +
          missing + " (give [direct] fulltime_share or per-component data)");
    }

    // Study-wide domain totals where every component has the domain.
    for (const auto& [d, comps] : domain_components_) {
      if (comps.size() != spec_.components.size()) {
        notes_.push_back("study-wide \"" + d +
                         "\" breakdown is not reported: not every component "
                         "has it");
        continue;
      }
      for (const auto& [label, v] : domain_jobs_[d]) {
        Add(Fig("jobs_direct", "", d, label, 0, v, {}, domain_n_[d][label],
                kJobs,
                "sum over components of domain totals (zero-weighting)"));
      }
    }
    return Status::Ok();
  }

  Status Consumption() {
    if (!spec_.consumption) return Status::Ok();
    const ConsumptionSpec& cs = *spec_.consumption;
    const LoadedSurvey* s = nullptr;
    if (!cs.survey.empty()) {
      JI_ASSIGN_OR_RETURN(s, Survey(cs.survey));
    }
    double total = 0;
    for (const auto& cat : cs.categories) {
      Figure f =
          Fig("consumption", "", "category", cat.id, 0, 0, {}, {}, kYuan, "");
      if (cat.amount) {
        f.estimate = cat.amount->value;
        f.method = Published(*cat.amount);
      } else {
        survey::ExpansionOptions opts;
        opts.population = cs.population->value;
        JI_ASSIGN_OR_RETURN(
            survey::Estimate e,
            survey::ExpansionTotal(s->ByRole(cat.column).doubles(), opts));
        f.estimate = e.value;
        f.n = e.n;
        f.method = fmt::format(
            "consumer survey: N/n * sum(spending), N={:.17g} consumers ({})",
            cs.population->value, cs.population->source);
        consumption_n_ = e.n;
      }
      consumption_[cat.id] = f.estimate;
      total += f.estimate;
      Add(std::move(f));
    }
    consumption_total_ = total;
    Add(Fig("output_direct", "", "", "", 0, total, {}, consumption_n_, kYuan,
            "platform-driven consumption, sum over categories (the reports' "
            "direct contribution, expenditure approach)"));
    return Status::Ok();
  }

  // Column sums of B for the sectors the categories name.
  Status Coefficients() {
    std::set<std::string> sectors;
    for (const auto& c : spec_.consumption->categories) {
      if (!c.sector.empty()) sectors.insert(c.sector);
    }
    if (!spec_.io.table) {
      for (const auto& code : sectors) {
        coef_[code] = spec_.io.coefficients.at(code);
        Add(Fig("total_consumption_coefficient", "", "sector", code, 0,
                coef_[code], {}, {}, kRatio,
                "given column sum of B: " + spec_.io.coefficients_source));
      }
      return Status::Ok();
    }
    JI_ASSIGN_OR_RETURN(
        io_, inputoutput::ReadIoTable(*spec_.io.table, spec_.io.layout));
    JI_ASSIGN_OR_RETURN(Eigen::MatrixXd a,
                        inputoutput::TechnicalCoefficients(*io_));
    inputoutput::LeontiefSummary summary;
    JI_ASSIGN_OR_RETURN(auto solver,
                        inputoutput::LeontiefSolver::Create(
                            a, inputoutput::LeontiefOptions(), &summary));
    JI_ASSIGN_OR_RETURN(Eigen::VectorXd cs,
                        solver.TotalConsumptionColumnSums());
    solver_ = std::move(solver);
    for (const auto& code : sectors) {
      auto idx = io_->IndexOf(code);
      if (!idx) {
        return NotFoundError(
            fmt::format("{}: consumption sector \"{}\" is not a sector of {}",
                        spec_.file.string(), code, io_->source));
      }
      double v = cs(static_cast<Eigen::Index>(*idx));
      coef_[code] = v;
      Add(Fig("total_consumption_coefficient", "", "sector", code, 0, v, {}, {},
              kRatio,
              fmt::format("column sum of B = (I-A)^-1 - I, A = Z/x, by LU "
                          "transposed solve (rcond {:.3g}) of {}",
                          summary.rcond, io_->source)));
      auto given = spec_.io.coefficients.find(code);
      if (given != spec_.io.coefficients.end() &&
          std::fabs(given->second - v) > 1e-8) {
        notes_.push_back(fmt::format(
            "sector {}: the given coefficient {:.10g} ({}) differs from the "
            "table's {:.10g}; the table's is used",
            code, given->second, spec_.io.coefficients_source, v));
      }
    }
    return Status::Ok();
  }

  Status Indirect() {
    if (!spec_.indirect) return Status::Ok();
    const IndirectSpec& ind = *spec_.indirect;
    std::map<std::string, double> cat_output;  // Indirect output by category.
    double computed = 0;
    double mapped_consumption = 0;
    if (spec_.consumption) {
      JI_RETURN_IF_ERROR(Coefficients());
      for (const auto& cat : spec_.consumption->categories) {
        if (cat.sector.empty()) continue;
        double out = consumption_.at(cat.id) * coef_.at(cat.sector);
        cat_output[cat.id] = out;
        computed += out;
        mapped_consumption += consumption_.at(cat.id);
        Add(Fig(
            "output_indirect", "", "category", cat.id, 0, out, {}, {}, kYuan,
            fmt::format("caict2020: consumption x column sum of B of sector {} "
                        "({:.10g})",
                        cat.sector, coef_.at(cat.sector))));
      }
    }
    double output;
    if (ind.published_output) {
      output = ind.published_output->value;
      Add(Fig("output_indirect", "", "", "", 0, output, {}, {}, kYuan,
              "caict2020 indirect output (gross output, not value added), " +
                  Published(*ind.published_output)));
      if (!cat_output.empty()) {
        double rest = consumption_total_ - mapped_consumption;
        std::string implied =
            rest > 0 ? fmt::format(
                           "; the remaining {:.6g} yuan of consumption "
                           "without a sector then carries an implied "
                           "average coefficient of {:.4f}",
                           rest, (output - computed) / rest)
                     : "";
        notes_.push_back(fmt::format(
            "indirect output: published {:.6g} yuan; the categories with a "
            "sector account for {:.6g} yuan of it{}",
            output, computed, implied));
      }
    } else {
      output = computed;
      Add(Fig("output_indirect", "", "", "", 0, output, {}, consumption_n_,
              kYuan,
              "caict2020: sum over categories of consumption x column sum of B "
              "(indirect gross output, not value added)"));
    }
    indirect_output_ = output;

    if (ind.jobs_method == JobsMethod::kOutputPerJob) {
      const std::string m = fmt::format(
          "output_per_job: indirect output / {:.10g} yuan per job ({})",
          ind.output_per_job, ind.output_per_job_source);
      for (const auto& [id, out] : cat_output) {
        if (ind.published_output) break;  // Category jobs would not add up.
        Add(Fig("jobs_indirect", "", "category", id, 0,
                out / ind.output_per_job, {}, {}, kJobs, m));
      }
      indirect_jobs_ = output / ind.output_per_job;
      Add(Fig("jobs_indirect", "", "", "", 0, *indirect_jobs_, {},
              ind.published_output ? std::nullopt : consumption_n_, kJobs, m));
      return Status::Ok();
    }
    return EmploymentCoefficientJobs();
  }

  // jobs = e' B f: sector jobs per yuan of output times the indirect output
  // each category's consumption requires from every sector (Miller & Blair
  // 2009, §6.3 employment multipliers, applied to B = L - I).
  Status EmploymentCoefficientJobs() {
    const IndirectSpec& ind = *spec_.indirect;
    if (ind.published_output) {
      return InvalidArgumentError(
          spec_.file.string() +
          ": [indirect] jobs = \"employment_coefficients\" needs indirect "
          "output by sector, which a published_output aggregate does not give");
    }
    table::CsvReadOptions opts;
    opts.column_types = {{"code", ColumnType::kString},
                         {"jobs_per_million_yuan", ColumnType::kDouble}};
    JI_ASSIGN_OR_RETURN(Table t, table::ReadCsvFile(ind.employment_file, opts));
    const Index n = static_cast<Index>(io_->size());
    Eigen::VectorXd e = Eigen::VectorXd::Constant(n, std::nan(""));
    const Column& code = *t.Find("code");
    const auto& v = t.Find("jobs_per_million_yuan")->doubles();
    for (size_t r = 0; r < t.num_rows(); ++r) {
      std::string c = code.CellText(r);
      auto idx = io_->IndexOf(c);
      if (!idx) {
        return InvalidArgumentError(
            fmt::format("{}:{}: sector \"{}\" is not in {}", t.source(),
                        t.LineOfRow(r), c, io_->source));
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
        missing +=
            (missing.empty() ? "" : ", ") + io_->codes[static_cast<size_t>(i)];
      }
    }
    if (!missing.empty()) {
      return InvalidArgumentError(
          fmt::format("{}: no employment coefficient for sectors {} of {}",
                      t.source(), missing, io_->source));
    }
    const std::string m = fmt::format(
        "employment_coefficients: e' (L - I) f with sector jobs per yuan e "
        "from "
        "{} ({})",
        ind.employment_file.string(), ind.employment_source);
    double total = 0;
    for (const auto& cat : spec_.consumption->categories) {
      Eigen::MatrixXd f = Eigen::MatrixXd::Zero(n, 1);
      const Index s = static_cast<Index>(*io_->IndexOf(cat.sector));
      f(s, 0) = consumption_.at(cat.id);
      JI_ASSIGN_OR_RETURN(Eigen::MatrixXd x, solver_->Solve(f));
      x(s, 0) -= f(s, 0);  // B f = L f - f: indirect output only.
      double jobs = e.dot(x.col(0));
      total += jobs;
      Add(Fig("jobs_indirect", "", "category", cat.id, 0, jobs, {}, {}, kJobs,
              m));
    }
    indirect_jobs_ = total;
    Add(Fig("jobs_indirect", "", "", "", 0, total, {}, consumption_n_, kJobs,
            m));
    return Status::Ok();
  }

  void Totals() {
    if (!indirect_jobs_) {
      notes_.push_back(
          "jobs_total is not reported: the study has no "
          "[indirect] section");
      return;
    }
    Add(Fig("jobs_total", "", "", "", 0, direct_total_ + *indirect_jobs_, {},
            {}, kJobs, "jobs_direct + jobs_indirect"));
  }

  using Index = Eigen::Index;

  const StudySpec& spec_;
  std::vector<Figure> figures_;
  std::vector<std::string> notes_;
  std::map<std::string, LoadedSurvey> surveys_;
  std::map<std::string, std::string> region_of_;
  std::map<std::string, double> direct_, fulltime_, parttime_;
  std::map<std::string, int64_t> direct_n_;
  std::map<std::string, std::map<std::string, double>> domain_jobs_;
  std::map<std::string, std::map<std::string, int64_t>> domain_n_;
  std::map<std::string, std::set<std::string>> domain_components_;
  double direct_total_ = 0;
  std::map<std::string, double> consumption_;
  double consumption_total_ = 0;
  std::optional<int64_t> consumption_n_;
  std::optional<inputoutput::IoTable> io_;
  std::optional<inputoutput::LeontiefSolver> solver_;
  std::map<std::string, double> coef_;
  double indirect_output_ = 0;
  std::optional<double> indirect_jobs_;
};

const char* UnitOf(const std::string& indicator) {
  if (indicator.rfind("jobs_", 0) == 0) return kJobs;
  if (indicator.rfind("output_", 0) == 0 || indicator == "consumption")
    return kYuan;
  return kRatio;
}

std::pair<std::string, std::string> SplitSeriesKey(const std::string& key) {
  auto colon = key.find(':');
  if (colon == std::string::npos) return {key, ""};
  return {key.substr(0, colon), key.substr(colon + 1)};
}

}  // namespace

Result<StudyRun> RunStudy(const StudySpec& spec) {
  return StudyRunner(spec).Run();
}

Result<Evaluation> EvaluateFile(const std::filesystem::path& path) {
  JI_ASSIGN_OR_RETURN(bool series, IsSeriesFile(path));
  Evaluation e;
  if (series) {
    JI_ASSIGN_OR_RETURN(SeriesSpec spec, LoadSeries(path));
    JI_ASSIGN_OR_RETURN(SeriesRun run, RunSeries(spec));
    e.title = spec.name;
    e.platform = run.studies.empty() ? "" : run.studies.front().spec.platform;
    e.figures = std::move(run.figures);
    e.notes = std::move(run.notes);
    return e;
  }
  JI_ASSIGN_OR_RETURN(StudySpec spec, LoadStudy(path));
  JI_ASSIGN_OR_RETURN(StudyRun run, RunStudy(spec));
  e.title = spec.name;
  e.platform = spec.platform;
  e.figures = std::move(run.figures);
  e.notes = std::move(run.notes);
  return e;
}

const Figure* FindFigure(const std::vector<Figure>& figures,
                         const std::string& indicator, int year,
                         const std::string& component,
                         const std::string& domain_type,
                         const std::string& domain) {
  for (const auto& f : figures) {
    if (f.indicator == indicator && f.year == year &&
        f.component == component && f.domain_type == domain_type &&
        f.domain == domain) {
      return &f;
    }
  }
  return nullptr;
}

Result<SeriesRun> RunSeries(const SeriesSpec& spec) {
  SeriesRun run;
  run.spec = spec;
  // Value of each series key by year, with where it came from.
  std::map<std::string, std::map<int, std::pair<double, std::string>>> values;
  for (const auto& p : spec.points) {
    if (p.study) {
      JI_ASSIGN_OR_RETURN(StudySpec s, LoadStudy(*p.study));
      if (s.year != p.year) {
        return InvalidArgumentError(fmt::format(
            "{}: the point for {} names {}, whose [study] year is {}",
            spec.file.string(), p.year, p.study->string(), s.year));
      }
      JI_ASSIGN_OR_RETURN(StudyRun r, RunStudy(s));
      for (const auto& key : spec.indicators) {
        auto [indicator, component] = SplitSeriesKey(key);
        const Figure* f = FindFigure(r.figures, indicator, p.year, component);
        if (f == nullptr) {
          return NotFoundError(
              fmt::format("{}: the study {} for {} does not produce {}",
                          spec.file.string(), p.study->string(), p.year, key));
        }
        values[key][p.year] = {f->estimate,
                               "study " + p.study->filename().string()};
        auto pub = p.published.find(key);
        if (pub != p.published.end()) {
          double diff = f->estimate - pub->second.value;
          run.notes.push_back(fmt::format(
              "{} {}: computed {:.6g}, published {:.6g} ({}): difference "
              "{:+.4g} "
              "({:+.3f}%)",
              key, p.year, f->estimate, pub->second.value, pub->second.source,
              diff, 100.0 * diff / pub->second.value));
        }
      }
      for (const auto& note : r.notes) {
        run.notes.push_back(fmt::format("{}: {}", p.year, note));
      }
      run.figures.insert(run.figures.end(), r.figures.begin(), r.figures.end());
      run.studies.push_back(std::move(r));
    } else {
      for (const auto& [key, v] : p.published) {
        auto [indicator, component] = SplitSeriesKey(key);
        values[key][p.year] = {v.value, Published(v)};
        run.figures.push_back(Fig(indicator, component, "", "", p.year, v.value,
                                  {}, {}, UnitOf(indicator), Published(v)));
      }
    }
  }
  for (const auto& key : spec.indicators) {
    auto [indicator, component] = SplitSeriesKey(key);
    const auto& by_year = values[key];
    const std::pair<const int, std::pair<double, std::string>>* prev = nullptr;
    for (const auto& entry : by_year) {
      if (prev != nullptr) {
        if (entry.first != prev->first + 1) {
          run.notes.push_back(fmt::format(
              "{}: no year-over-year growth for {} ({} is not followed by {})",
              key, entry.first, prev->first, prev->first + 1));
        } else if (!(prev->second.first > 0)) {
          return NumericalError(fmt::format(
              "{}: growth of {} in {} is undefined: the {} value is {:g}",
              spec.file.string(), key, entry.first, prev->first,
              prev->second.first));
        } else {
          double g = entry.second.first / prev->second.first - 1.0;
          run.figures.push_back(Fig(
              "growth_yoy", component, "series", indicator, entry.first, g, {},
              {}, kRatio,
              fmt::format("x_{} / x_{} - 1 ({}; {})", entry.first, prev->first,
                          entry.second.second, prev->second.second)));
        }
      }
      prev = &entry;
    }
    if (by_year.size() >= 2) {
      const auto& first = *by_year.begin();
      const auto& last = *by_year.rbegin();
      if (!(first.second.first > 0)) {
        return NumericalError(fmt::format(
            "{}: CAGR of {} is undefined: the {} value is {:g}",
            spec.file.string(), key, first.first, first.second.first));
      }
      const double years = last.first - first.first;
      double cagr =
          std::pow(last.second.first / first.second.first, 1.0 / years) - 1.0;
      run.figures.push_back(
          Fig("growth_cagr", component, "series", indicator, last.first, cagr,
              {}, {}, kRatio,
              fmt::format(
                  "compound annual growth {}-{}: (x_{} / x_{})^(1/{:g}) - 1",
                  first.first, last.first, last.first, first.first, years)));
    }
  }
  return run;
}

}  // namespace jobimpact::study
