#include "jobimpact/study/model.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <string_view>

#include "jobimpact/geo/gazetteer.h"
#include "jobimpact/inputoutput/employment.h"
#include "jobimpact/inputoutput/io_table.h"
#include "jobimpact/inputoutput/leontief.h"
#include "jobimpact/inputoutput/multipliers.h"
#include "jobimpact/study/indicator.h"
#include "jobimpact/survey/calibration.h"
#include "jobimpact/survey/combination.h"
#include "jobimpact/survey/ratio_sum.h"
#include "jobimpact/table/csv_reader.h"

namespace jobimpact::study {
namespace {

using table::Column;
using table::ColumnType;
using table::Table;

// Column roles read as numbers (every kind's, from component_kind.h); every
// other mapped role is read as text.
std::set<std::string> NumericRoles() {
  const std::vector<std::string> roles = KindNumericRoles();
  return {roles.begin(), roles.end()};
}

// Positional constructor in the order of Figure's fields (the interval is
// left empty: only the survey engine's estimators supply one).
Figure Fig(Indicator indicator, std::string component, std::string domain_type,
           std::string domain, int year, double estimate,
           std::optional<double> se, std::optional<int64_t> n,
           std::string method) {
  Figure f;
  f.indicator = IndicatorName(indicator);
  f.component = std::move(component);
  f.domain_type = std::move(domain_type);
  f.domain = std::move(domain);
  f.year = year;
  f.estimate = estimate;
  f.se = se;
  f.n = n;
  f.unit = UnitName(Info(indicator).unit);
  f.method = std::move(method);
  return f;
}

std::string Published(const Sourced& s) { return "published: " + s.source; }

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
  StudyRunner(const StudySpec& spec, const StudyOptions& options)
      : spec_(spec),
        options_(options),
        default_confidence_(
            options.confidence.value_or(spec.confidence.value_or(0.95))),
        solver_method_(options.solver.value_or(spec.io.solver)) {}

  Result<StudyRun> Run(StudySummary* summary) {
    StudyRun run;
    run.spec = spec_;
    summary_ = summary;
    summary_->default_confidence = default_confidence_;
    summary_->threads = options_.threads;
    JI_RETURN_IF_ERROR(Timed("regions", [&] { return LoadRegions(); }));
    JI_RETURN_IF_ERROR(Timed("direct jobs", [&] { return Direct(); }));
    JI_RETURN_IF_ERROR(Timed("consumption", [&] { return Consumption(); }));
    JI_RETURN_IF_ERROR(Timed("indirect effects", [&] { return Indirect(); }));
    JI_RETURN_IF_ERROR(Timed("totals", [&] { return Totals(); }));
    for (const auto& c : contexts_) {
      summary_->contexts.push_back(
          {c->label, c->options.confidence,
           c->options.method == survey::VarianceMethod::kReplication &&
                   c->options.replicates.type ==
                       survey::ReplicateType::kBootstrap
               ? std::optional<uint64_t>(c->options.replicates.seed)
               : std::nullopt});
    }
    for (const auto& f : figures_) {
      if (!std::isfinite(f.estimate)) {
        return NumericalError(fmt::format(
            "{}: {} {} is not a finite number (method: {})",
            spec_.file.string(), f.indicator, f.component, f.method));
      }
    }
    run.figures = std::move(figures_);
    for (const StudyNote& n : notes_) run.notes.push_back(n.text);
    summary_->notes = std::move(notes_);
    return run;
  }

 private:
  void Note(NoteKind kind, std::string text) {
    notes_.push_back({kind, std::move(text)});
  }

  // Runs one stage and records its wall time in the summary.
  template <typename Stage>
  Status Timed(const char* name, Stage stage) {
    const auto start = std::chrono::steady_clock::now();
    Status s = stage();
    summary_->stages.push_back(
        {name,
         std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
             .count()});
    return s;
  }

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
    if (s.design) {
      for (const std::string* r : {&s.design->weights, &s.design->probs}) {
        if (!r->empty()) numeric.insert(*r);
      }
      for (const auto& r : s.design->fpc) numeric.insert(r);
      for (const auto& r : s.design->replicate_weights) numeric.insert(r);
    }
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
      const bool share = IsKindShareRole(role);
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
    // A full-time count cannot exceed the unit's jobs (for every kind whose
    // roles the survey maps).
    for (const ComponentKindInfo& kind : ComponentKinds()) {
      JI_RETURN_IF_ERROR(CheckFullTimeCounts(s, kind));
    }
    return Status::Ok();
  }

  Status CheckFullTimeCounts(const LoadedSurvey& s,
                             const ComponentKindInfo& kind) {
    const auto& columns = s.spec->columns;
    for (auto role : kind.jobs_roles) {
      if (!columns.count(std::string(role))) return Status::Ok();
    }
    for (const FullTimeRole& ft : kind.fulltime_roles) {
      if (ft.is_share || !columns.count(std::string(ft.role))) continue;
      const auto& count = s.ByRole(std::string(ft.role)).doubles();
      for (size_t r = 0; r < count.size(); ++r) {
        double jobs = 1;
        for (auto role : kind.jobs_roles) {
          jobs *= s.ByRole(std::string(role)).doubles()[r];
        }
        if (count[r] > jobs) {
          return InvalidArgumentError(fmt::format(
              "{}: {} {:g} exceeds {} {:g}", s.Cell(r, std::string(ft.role)),
              ft.meaning, count[r],
              UnitFormulaText(kind, UnitMeasure::kJobs, nullptr), jobs));
        }
      }
    }
    return Status::Ok();
  }

  // Chinese studies read provinces and cities through the gazetteer
  // (geo/gazetteer.h): any spelling it knows becomes the canonical short name.
  bool UsesGazetteer() const { return IsChinaStudy(spec_); }

  // The canonical province label of a free-text value, or nullopt.
  std::optional<std::string> CanonicalProvince(const std::string& v,
                                               bool* ambiguous) const {
    const geo::Gazetteer& g = geo::Gazetteer::Default();
    size_t i = 0;
    const auto m = g.MatchProvince(v, &i);
    *ambiguous = m == geo::Gazetteer::Match::kAmbiguous;
    if (m != geo::Gazetteer::Match::kFound) return std::nullopt;
    return g.provinces()[i].short_zh;
  }

  Status LoadRegions() {
    if (!spec_.regions) return Status::Ok();
    table::CsvReadOptions opts;
    opts.column_types = {{"province", ColumnType::kString},
                         {"region", ColumnType::kString}};
    JI_ASSIGN_OR_RETURN(Table t, table::ReadCsvFile(spec_.regions->file, opts));
    const Column& p = *t.Find("province");
    const Column& r = *t.Find("region");
    std::vector<geo::Unmatched> unmatched;
    for (size_t i = 0; i < t.num_rows(); ++i) {
      if (p.IsMissing(i) || r.IsMissing(i)) {
        return InvalidArgumentError(
            fmt::format("{}:{}: province and region must both be given",
                        t.source(), t.LineOfRow(i)));
      }
      std::string province = p.strings()[i];
      if (UsesGazetteer()) {
        bool ambiguous = false;
        auto canonical = CanonicalProvince(province, &ambiguous);
        if (!canonical) {
          unmatched.push_back(
              {static_cast<size_t>(t.LineOfRow(i)), province, ambiguous});
          continue;
        }
        province = *canonical;
      }
      if (!region_of_.emplace(province, r.strings()[i]).second) {
        return InvalidArgumentError(
            fmt::format("{}:{}: province \"{}\" is listed twice", t.source(),
                        t.LineOfRow(i), p.strings()[i]));
      }
    }
    if (!unmatched.empty()) {
      return InvalidArgumentError(
          fmt::format("{}: values that name no province of China: {}",
                      t.source(), geo::DescribeUnmatched(unmatched)));
    }
    return Status::Ok();
  }

  // Tier label of a city name (the 2021 report's tiers).
  static const char* TierLabel(int tier) {
    return tier == 1 ? "tier 1" : tier == 2 ? "tier 2" : "tier 3+";
  }

  // Domain labels of the component's rows for one domain role.
  Result<std::vector<std::string>> DomainLabels(const LoadedSurvey& s,
                                                const std::vector<size_t>& rows,
                                                const std::string& domain) {
    std::string role = domain == "region" ? "province" : domain;
    // A city_tier breakdown from a column of city names (Chinese studies).
    const bool tier_from_city = domain == "city_tier" &&
                                !s.spec->columns.count("city_tier") &&
                                s.spec->columns.count("city") > 0;
    if (tier_from_city) role = "city";
    const Column& col = s.ByRole(role);
    std::vector<std::string> labels;
    labels.reserve(rows.size());
    std::vector<std::string> unknown;
    std::vector<geo::Unmatched> unmatched;
    for (size_t r : rows) {
      std::string v = col.IsMissing(r) ? "" : col.CellText(r);
      if (v.empty()) {
        return InvalidArgumentError(s.Cell(r, role) +
                                    ": value is missing (needed for the \"" +
                                    domain + "\" breakdown)");
      }
      if (tier_from_city) {
        const geo::Gazetteer& g = geo::Gazetteer::Default();
        size_t ci = 0;
        const auto m = g.MatchCity(v, std::nullopt, &ci);
        if (m != geo::Gazetteer::Match::kFound) {
          unmatched.push_back({static_cast<size_t>(s.table.LineOfRow(r)), v,
                               m == geo::Gazetteer::Match::kAmbiguous});
          continue;
        }
        labels.push_back(TierLabel(g.cities()[ci].tier));
        continue;
      }
      if (role == "province" && UsesGazetteer()) {
        bool ambiguous = false;
        auto canonical = CanonicalProvince(v, &ambiguous);
        if (!canonical) {
          unmatched.push_back(
              {static_cast<size_t>(s.table.LineOfRow(r)), v, ambiguous});
          continue;
        }
        v = *canonical;
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
    if (!unmatched.empty()) {
      return InvalidArgumentError(
          fmt::format("{}: column \"{}\": values that name no {} of China: {}",
                      s.table.source(), s.spec->columns.at(role),
                      tier_from_city ? "city" : "province",
                      geo::DescribeUnmatched(unmatched)));
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

  // ---- Variance bookkeeping -------------------------------------------------

  // A design over some rows, the table holding its columns, and how to
  // estimate variances on it.
  struct Context {
    std::string label;
    Table table;
    std::optional<survey::Design> design;
    survey::EstimationOptions options;
  };

  // Estimates combine through survey/combination.h (sums across components,
  // shares); a study quantity is one such combination over its contexts.
  using Quantity = survey::Combination;

  static Quantity Published(double value) {
    return Quantity::Constant(value, /*unknown=*/true);
  }

  // The contexts as the survey module's samples (indices agree).
  std::vector<survey::Sample> Samples() const {
    std::vector<survey::Sample> samples;
    samples.reserve(contexts_.size());
    for (const auto& c : contexts_) {
      samples.push_back({c->label, &*c->design, &c->table, c->options});
    }
    return samples;
  }

  // "FILE: INDICATOR of COMPONENT in TYPE=DOMAIN", for errors the estimator
  // cannot phrase: it does not know which figure it computes.
  std::string FigureName(Indicator indicator, const std::string& component,
                         const std::string& domain_type,
                         const std::string& domain) const {
    return fmt::format(
        "{}: {}{}{}", spec_.file.string(), IndicatorName(indicator),
        component.empty() ? "" : " of " + component,
        domain.empty() ? "" : " in " + domain_type + "=" + domain);
  }

  // A figure from a combined estimate. One rule for every interval: jobs and
  // yuan cannot be negative, so the t interval is cut at 0 (shares are cut to
  // [0, 1] in AddShare); the standard error is the estimator's.
  Figure FigureOf(Indicator indicator, const std::string& component,
                  const std::string& domain_type, const std::string& domain,
                  const survey::CombinedEstimate& e, bool terms, bool unknown,
                  const std::string& formula) const {
    Figure f = Fig(indicator, component, domain_type, domain, 0, e.estimate, {},
                   {}, formula);
    if (!terms) return f;
    f.n = e.n;
    if (unknown) {
      f.method +=
          "; se not reported: it depends on published figures of unknown "
          "uncertainty";
      return f;
    }
    if (!e.se) {
      f.method += "; se not reported: " + e.note;
      return f;
    }
    f.se = e.se;
    f.ci_low = e.ci_low;
    f.ci_high = e.ci_high;
    if (Info(indicator).unit != Unit::kRatio) {
      f.ci_low = std::max(0.0, *f.ci_low);
    }
    f.level = e.level;
    f.method += "; se: " + e.method;
    return f;
  }

  Result<Figure> Evaluate(Indicator indicator, const std::string& component,
                          const std::string& domain_type,
                          const std::string& domain, const Quantity& q,
                          const std::string& formula) {
    auto e = survey::EstimateCombination(Samples(), q);
    if (!e.ok()) {
      return e.status().WithPrefix(
          FigureName(indicator, component, domain_type, domain));
    }
    return FigureOf(indicator, component, domain_type, domain, *e,
                    !q.terms.empty(), q.unknown, formula);
  }

  Status AddEvaluated(Indicator indicator, const std::string& component,
                      const std::string& domain_type, const std::string& domain,
                      const Quantity& q, const std::string& formula) {
    JI_ASSIGN_OR_RETURN(Figure f, Evaluate(indicator, component, domain_type,
                                           domain, q, formula));
    Add(std::move(f));
    return Status::Ok();
  }

  // A share num / den of two survey quantities with its delta-method
  // variance (survey::EstimateQuotient). The interval is the estimator's,
  // centred on the share and kept within [0, 1].
  Status AddShare(Indicator indicator, const std::string& component,
                  const std::string& domain_type, const std::string& domain,
                  const Quantity& num, const Quantity& den,
                  const std::string& formula) {
    if (num.unknown || den.unknown) return Status::Ok();
    auto e = survey::EstimateQuotient(Samples(), num, den);
    if (!e.ok()) {
      return e.status().WithPrefix(
          FigureName(indicator, component, domain_type, domain));
    }
    if (!e->has_value()) return Status::Ok();
    Figure f = FigureOf(indicator, component, domain_type, domain, **e, true,
                        false, formula);
    if (f.ci_low && f.ci_high) {
      f.ci_low = std::max(0.0, *f.ci_low);
      f.ci_high = std::min(1.0, *f.ci_high);
    }
    Add(std::move(f));
    return Status::Ok();
  }

  Result<survey::EstimationOptions> OptionsFor(const SurveyDesignSpec& d,
                                               const SurveySpec& s) const {
    survey::EstimationOptions o;
    o.confidence = d.confidence.value_or(default_confidence_);
    o.replicates.threads = options_.threads;
    o.replicates.seed = d.seed;
    o.replicates.mse = d.mse;
    o.replicates.scale = d.replicate_scale;
    for (const auto& r : d.replicate_weights)
      o.replicates.weight_columns.push_back(s.columns.at(r));
    JI_RETURN_IF_ERROR(survey::ParseVarianceMethod(d.variance, &o));
    return o;
  }

  // The declared design of a survey, over all its rows (built once).
  Result<int> DeclaredContext(const LoadedSurvey& s) {
    auto it = survey_ctx_.find(s.spec->key);
    if (it != survey_ctx_.end()) return it->second;
    const SurveyDesignSpec& d = *s.spec->design;
    auto header = [&s](const std::string& role) {
      return role.empty() ? std::string() : s.spec->columns.at(role);
    };
    survey::DesignSpec ds;
    ds.strata = header(d.strata);
    for (const auto& c : d.clusters) ds.clusters.push_back(header(c));
    ds.weights = header(d.weights);
    ds.probs = header(d.probs);
    for (const auto& f : d.fpc) ds.fpc.push_back(header(f));
    JI_ASSIGN_OR_RETURN(ds.lonely_psu, survey::ParseLonelyPsu(d.lonely_psu));
    auto ctx = std::make_unique<Context>();
    ctx->label = "survey " + s.spec->key + " (declared design)";
    ctx->table = s.table;
    JI_ASSIGN_OR_RETURN(survey::Design design,
                        survey::Design::Create(ctx->table, ds));
    if (!d.calibration.empty()) {
      JI_ASSIGN_OR_RETURN(auto method,
                          survey::ParseCalibrationMethod(d.calibration));
      JI_ASSIGN_OR_RETURN(survey::CalibrationOptions cal,
                          survey::ReadMarginsCsv(d.margins.string(), method));
      // Margins name column roles; the table has the survey's headers.
      auto to_header = [&](std::string* column) -> Status {
        auto role = s.spec->columns.find(*column);
        if (role == s.spec->columns.end()) {
          return InvalidArgumentError(fmt::format(
              "{}: margin \"{}\" is not a column role of [surveys.{}.columns]",
              d.margins.string(), *column, s.spec->key));
        }
        *column = role->second;
        return Status::Ok();
      };
      for (auto& m : cal.margins) JI_RETURN_IF_ERROR(to_header(&m.column));
      for (auto& t : cal.totals) JI_RETURN_IF_ERROR(to_header(&t.column));
      cal.lower = d.lower_bound;
      cal.upper = d.upper_bound;
      JI_ASSIGN_OR_RETURN(design, survey::Calibrate(design, ctx->table, cal));
      ctx->label = "survey " + s.spec->key + " (declared design, " +
                   design.calibration()->description + ")";
    }
    ctx->design = std::move(design);
    JI_ASSIGN_OR_RETURN(ctx->options, OptionsFor(d, *s.spec));
    contexts_.push_back(std::move(ctx));
    survey_ctx_[s.spec->key] = static_cast<int>(contexts_.size()) - 1;
    return survey_ctx_[s.spec->key];
  }

  // The design the reports' formula implies: the `rows` are a simple random
  // sample without replacement of n units from N (weights N/n, fpc N).
  Result<int> AssumedSrsContext(const LoadedSurvey& s, size_t rows,
                                double population, const std::string& what) {
    if (static_cast<double>(rows) > population) {
      return InvalidArgumentError(fmt::format(
          "{}: {} has {} survey rows, more than its population count {:g}",
          spec_.file.string(), what, rows, population));
    }
    auto ctx = std::make_unique<Context>();
    ctx->label =
        what +
        fmt::format(" (assumed simple random sample of n={} from N={:g})", rows,
                    population);
    // The design holds everything; the table is only read for supplied
    // replicate weights, which an assumed design has not.
    ctx->table = Table(s.table.source());
    JI_ASSIGN_OR_RETURN(survey::Design design,
                        survey::Design::SimpleRandomSample(
                            static_cast<int64_t>(rows), population));
    ctx->design = std::move(design);
    // The reports' assumed design states no level: the study's default.
    ctx->options.confidence = default_confidence_;
    contexts_.push_back(std::move(ctx));
    return static_cast<int>(contexts_.size()) - 1;
  }

  // ---- Direct jobs
  // ------------------------------------------------------------

  // A component's per-unit values on its variance context's rows.
  struct ComponentData {
    int ctx = -1;
    double population = 0;
    std::vector<double> y, x, ft;
    const FullTimeRole* fulltime = nullptr;  // The split the survey gives.
    std::string estimator, pop_note;
    std::map<std::string, std::vector<std::string>> labels;  // Per context row.
  };

  Quantity TermOf(const ComponentData& c, std::vector<double> y) const {
    return Quantity::Of(c.ctx,
                        survey::RatioTerm{std::move(y), c.x, c.population});
  }

  // The method text of a component figure: the estimator actually used and
  // the per-unit value it was applied to, from the kind's table entry.
  static std::string UnitMethod(const ComponentSpec& c, const ComponentData& d,
                                UnitMeasure measure) {
    return d.estimator +
           ", y = " + UnitFormulaText(KindInfo(c.kind), measure, d.fulltime);
  }

  Status SurveyComponent(const ComponentSpec& c) {
    JI_ASSIGN_OR_RETURN(const LoadedSurvey* s, Survey(c.survey));
    const ComponentKindInfo& kind = KindInfo(c.kind);
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
    ComponentData d;
    d.population = c.population->value;
    d.pop_note = fmt::format("N={:.17g} ({})", c.population->value,
                             c.population->source);
    // Positions of the component's rows in its context.
    std::vector<size_t> pos(rows.size());
    size_t ctx_rows = rows.size();
    if (s->spec->design) {
      JI_ASSIGN_OR_RETURN(d.ctx, DeclaredContext(*s));
      ctx_rows = s->table.num_rows();
      pos = rows;
      d.estimator =
          "ratio to the official count: N * sum(w*y) / sum(w) over the "
          "component";
    } else {
      JI_ASSIGN_OR_RETURN(d.ctx,
                          AssumedSrsContext(*s, rows.size(), d.population,
                                            "component " + c.id));
      for (size_t i = 0; i < rows.size(); ++i) pos[i] = i;
      // Under the assumed simple random sample the ratio estimator is the
      // reports' expansion estimator N/n * sum(y) (docs/method.md §1).
      d.estimator = fmt::format("{} formula (docs/method.md §1): N/n * sum(y)",
                                kind.label);
    }
    d.y.assign(ctx_rows, 1.0);
    d.x.assign(ctx_rows, 0.0);
    for (size_t i = 0; i < rows.size(); ++i) d.x[pos[i]] = 1.0;
    for (auto role : kind.jobs_roles) {
      const auto& v = s->ByRole(std::string(role)).doubles();
      for (size_t i = 0; i < rows.size(); ++i) d.y[pos[i]] *= v[rows[i]];
    }
    for (size_t i = 0; i < ctx_rows; ++i) d.y[i] *= d.x[i];
    for (const FullTimeRole& f : kind.fulltime_roles) {
      if (s->spec->columns.count(std::string(f.role))) d.fulltime = &f;
    }
    if (d.fulltime) {
      const auto& v = s->ByRole(std::string(d.fulltime->role)).doubles();
      d.ft.assign(ctx_rows, 0.0);
      for (size_t i = 0; i < rows.size(); ++i) {
        d.ft[pos[i]] =
            d.fulltime->is_share ? d.y[pos[i]] * v[rows[i]] : v[rows[i]];
      }
    }
    for (const auto& dom : c.domains) {
      JI_ASSIGN_OR_RETURN(auto labels, DomainLabels(*s, rows, dom));
      auto& l = d.labels[dom];
      l.assign(ctx_rows, "");
      for (size_t i = 0; i < rows.size(); ++i) l[pos[i]] = labels[i];
    }

    Quantity jobs = TermOf(d, d.y);
    JI_RETURN_IF_ERROR(
        AddEvaluated(Indicator::kJobsDirect, c.id, "", "", jobs,
                     UnitMethod(c, d, UnitMeasure::kJobs) + ", " + d.pop_note));
    direct_q_[c.id] = jobs;
    if (d.fulltime) {
      std::vector<double> pt(ctx_rows);
      for (size_t i = 0; i < ctx_rows; ++i) pt[i] = d.y[i] - d.ft[i];
      Quantity full = TermOf(d, d.ft), part = TermOf(d, pt);
      JI_RETURN_IF_ERROR(AddEvaluated(
          Indicator::kJobsFulltime, c.id, "", "", full,
          UnitMethod(c, d, UnitMeasure::kFullTime) + ", " + d.pop_note));
      JI_RETURN_IF_ERROR(AddEvaluated(
          Indicator::kJobsParttime, c.id, "", "", part,
          UnitMethod(c, d, UnitMeasure::kPartTime) + ", " + d.pop_note));
      fulltime_q_[c.id] = full;
      parttime_q_[c.id] = part;
    }
    for (const auto& dom : c.domains) {
      const auto& l = d.labels.at(dom);
      std::set<std::string> values(l.begin(), l.end());
      values.erase("");
      for (const auto& v : values) {
        std::vector<double> yd(ctx_rows, 0.0);
        for (size_t i = 0; i < ctx_rows; ++i) {
          if (l[i] == v) yd[i] = d.y[i];
        }
        Quantity q = TermOf(d, std::move(yd));
        JI_RETURN_IF_ERROR(AddEvaluated(Indicator::kJobsDirect, c.id, dom, v, q,
                                        UnitMethod(c, d, UnitMeasure::kJobs) +
                                            " within the domain, " +
                                            d.pop_note));
        JI_RETURN_IF_ERROR(AddShare(
            Indicator::kJobsShare, c.id, dom, v, q, jobs,
            "share of the component's jobs in the domain: ratio of the two "
            "estimates, delta-method variance"));
        domain_q_[dom][v] += q;
      }
      domain_components_[dom].insert(c.id);
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
      Add(Fig(Indicator::kJobsDirect, c.id, "", "", 0, jobs.value, {}, {},
              "published: " + jobs.source));
      direct_q_[c.id] = Published(jobs.value);
      if (c.published_fulltime_share) {
        double share = c.published_fulltime_share->value;
        // docs/method.md §1: a published aggregate split by its published
        // full-time share.
        const std::string m = fmt::format(
            "published aggregate split by a published full-time share s = {:g} "
            "({})",
            share, c.published_fulltime_share->source);
        Add(Fig(Indicator::kJobsFulltime, c.id, "", "", 0, jobs.value * share,
                {}, {}, "jobs * s: " + m));
        Add(Fig(Indicator::kJobsParttime, c.id, "", "", 0,
                jobs.value * (1 - share), {}, {}, "jobs * (1 - s): " + m));
        fulltime_q_[c.id] = Published(jobs.value * share);
        parttime_q_[c.id] = Published(jobs.value * (1 - share));
      }
    }

    std::string ids;
    Quantity total;
    for (const auto& c : spec_.components) {
      ids += (ids.empty() ? "" : " + ") + c.id;
      total += direct_q_.at(c.id);
    }
    direct_total_q_ = total;
    JI_RETURN_IF_ERROR(AddEvaluated(Indicator::kJobsDirect, "", "", "", total,
                                    "sum over components: " + ids));

    if (fulltime_q_.size() == spec_.components.size()) {
      Quantity f, p;
      for (const auto& [id, q] : fulltime_q_) f += q;
      for (const auto& [id, q] : parttime_q_) p += q;
      JI_RETURN_IF_ERROR(AddEvaluated(Indicator::kJobsFulltime, "", "", "", f,
                                      "sum over components: " + ids));
      JI_RETURN_IF_ERROR(AddEvaluated(Indicator::kJobsParttime, "", "", "", p,
                                      "sum over components: " + ids));
      if (spec_.direct_fulltime_share) {
        Note(NoteKind::kUnusedInput,
             fmt::format("[direct] fulltime_share {:g} was not used: every "
                         "component has its own "
                         "full-time/part-time split",
                         spec_.direct_fulltime_share->value));
      }
    } else if (spec_.direct_fulltime_share) {
      const Sourced& share = *spec_.direct_fulltime_share;
      // docs/method.md §1: the 2019 and 2020 reports' ecosystem-wide split.
      const std::string m = fmt::format(
          "ecosystem-wide split by a published full-time share s = {:g} ({})",
          share.value, share.source);
      Quantity f = total.Scaled(share.value), p = total.Scaled(1 - share.value);
      f.unknown = p.unknown = true;
      JI_RETURN_IF_ERROR(AddEvaluated(Indicator::kJobsFulltime, "", "", "", f,
                                      "jobs_direct * s: " + m));
      JI_RETURN_IF_ERROR(AddEvaluated(Indicator::kJobsParttime, "", "", "", p,
                                      "jobs_direct * (1 - s): " + m));
    } else {
      std::string missing;
      for (const auto& c : spec_.components) {
        if (!fulltime_q_.count(c.id))
          missing += (missing.empty() ? "" : ", ") + c.id;
      }
      Note(NoteKind::kNotReported,
           "study-wide full-time/part-time jobs are not reported: "
           "components without a split: " +
               missing +
               " (give [direct] fulltime_share or per-component data)");
    }

    for (const auto& [dom, comps] : domain_components_) {
      if (comps.size() != spec_.components.size()) {
        Note(NoteKind::kNotReported,
             "study-wide \"" + dom +
                 "\" breakdown is not reported: not every component has it");
        continue;
      }
      for (const auto& [label, q] : domain_q_[dom]) {
        JI_RETURN_IF_ERROR(
            AddEvaluated(Indicator::kJobsDirect, "", dom, label, q,
                         "sum over components of domain totals"));
        JI_RETURN_IF_ERROR(
            AddShare(Indicator::kJobsShare, "", dom, label, q, direct_total_q_,
                     "share of all direct jobs in the domain: ratio of the two "
                     "estimates, delta-method variance"));
      }
    }
    return Status::Ok();
  }

  // ---- Consumption and indirect effects
  // ---------------------------------------

  Status Consumption() {
    if (!spec_.consumption) return Status::Ok();
    const ConsumptionSpec& cs = *spec_.consumption;
    int ctx = -1;
    const LoadedSurvey* s = nullptr;
    if (!cs.survey.empty()) {
      JI_ASSIGN_OR_RETURN(s, Survey(cs.survey));
      if (s->spec->design) {
        JI_ASSIGN_OR_RETURN(ctx, DeclaredContext(*s));
      } else {
        JI_ASSIGN_OR_RETURN(
            ctx,
            AssumedSrsContext(*s, s->table.num_rows(), cs.population->value,
                              "consumer survey " + cs.survey));
      }
    }
    Quantity total;
    for (const auto& cat : cs.categories) {
      Quantity q;
      std::string method;
      if (cat.amount) {
        q = Published(cat.amount->value);
        method = "published: " + cat.amount->source;
      } else {
        const size_t n = s->table.num_rows();
        q.terms.push_back(
            {ctx, survey::RatioTerm{s->ByRole(cat.column).doubles(),
                                    std::vector<double>(n, 1.0),
                                    cs.population->value}});
        method = fmt::format(
            "consumer survey: N * mean spending, N={:.17g} consumers ({})",
            cs.population->value, cs.population->source);
      }
      consumption_q_[cat.id] = q;
      total += q;
      JI_RETURN_IF_ERROR(AddEvaluated(Indicator::kConsumption, "", "category",
                                      cat.id, q, method));
    }
    consumption_total_q_ = total;
    return AddEvaluated(
        Indicator::kOutputDirect, "", "", "", total,
        "platform-driven consumption, sum over categories (the reports' "
        "direct contribution, expenditure approach)");
  }

  // Column sums of B for the sectors the categories name.
  // Once per run: the caict2020 output, the value-added method and the
  // employment-table jobs all need the coefficients; computing them again
  // re-read the table, redid the LU and repeated every
  // total_consumption_coefficient row.
  Status Coefficients() {
    if (coefficients_ready_) return Status::Ok();
    coefficients_ready_ = true;
    std::set<std::string> sectors;
    for (const auto& c : spec_.consumption->categories) {
      if (!c.sector.empty()) sectors.insert(c.sector);
    }
    if (!spec_.io.table) {
      for (const auto& code : sectors) {
        coef_[code] = spec_.io.coefficients.at(code);
        Add(Fig(Indicator::kTotalConsumptionCoefficient, "", "sector", code, 0,
                coef_[code], {}, {},
                "given column sum of B: " + spec_.io.coefficients_source));
      }
      return Status::Ok();
    }
    JI_ASSIGN_OR_RETURN(
        io_, inputoutput::ReadIoTable(*spec_.io.table, spec_.io.layout));
    // Every sector is checked before the solve, and named where the study
    // file names it.
    for (const auto& c : spec_.consumption->categories) {
      if (!c.sector.empty() && !io_->IndexOf(c.sector)) {
        return NotFoundError(fmt::format(
            "{}\"{}\" is not a sector of {} (sectors are named by their "
            "code, e.g. \"{}\")",
            c.sector_where, c.sector, io_->source,
            io_->codes.empty() ? "" : io_->codes.front()));
      }
    }
    // A numerical failure is the table's: say which table and which key.
    const std::string table_context = fmt::format(
        "{}: [inputoutput] table {}", spec_.file.string(), io_->source);
    auto a = inputoutput::TechnicalCoefficients(*io_);
    if (!a.ok()) return a.status().WithPrefix(table_context);
    inputoutput::LeontiefSummary summary;
    inputoutput::LeontiefOptions solver_options;
    solver_options.method = solver_method_;
    auto solver =
        inputoutput::LeontiefSolver::Create(*a, solver_options, &summary);
    if (!solver.ok()) return solver.status().WithPrefix(table_context);
    inputoutput::SolveReport report;
    auto column_sums = solver->TotalConsumptionColumnSums(&report);
    if (!column_sums.ok())
      return column_sums.status().WithPrefix(table_context);
    const Eigen::VectorXd& cs = *column_sums;
    solver_ = std::move(*solver);
    summary_->leontief = summary;
    summary_->solve = report;
    summary_->solver_text = SolverText(summary, report);
    for (const auto& code : sectors) {
      auto idx = io_->IndexOf(code);
      double v = cs(static_cast<Eigen::Index>(*idx));
      coef_[code] = v;
      Add(Fig(Indicator::kTotalConsumptionCoefficient, "", "sector", code, 0, v,
              {}, {},
              fmt::format("column sum of B = (I-A)^-1 - I, A = Z/x, by {} of "
                          "{}",
                          SolverText(summary, report), io_->source)));
      auto given = spec_.io.coefficients.find(code);
      if (given != spec_.io.coefficients.end() &&
          std::fabs(given->second - v) > 1e-8) {
        Note(NoteKind::kDiscrepancy,
             fmt::format("sector {}: the given coefficient {:.10g} ({}) "
                         "differs from the "
                         "table's {:.10g}; the table's is used",
                         code, given->second, spec_.io.coefficients_source, v));
      }
    }
    return Status::Ok();
  }

  Status Indirect() {
    if (!spec_.indirect) return Status::Ok();
    const IndirectSpec& ind = *spec_.indirect;
    std::map<std::string, Quantity> cat_output;
    Quantity computed;
    double mapped_consumption = 0, computed_value = 0;
    if (spec_.consumption) {
      JI_RETURN_IF_ERROR(Coefficients());
      for (const auto& cat : spec_.consumption->categories) {
        if (cat.sector.empty()) continue;
        Quantity out = consumption_q_.at(cat.id).Scaled(coef_.at(cat.sector));
        JI_ASSIGN_OR_RETURN(
            Figure f,
            Evaluate(Indicator::kOutputIndirect, "", "category", cat.id, out,
                     fmt::format("caict2020: consumption x column sum of B of "
                                 "sector {} ({:.10g})",
                                 cat.sector, coef_.at(cat.sector))));
        computed_value += f.estimate;
        Add(std::move(f));
        JI_ASSIGN_OR_RETURN(Figure cf,
                            Evaluate(Indicator::kConsumption, "", "", "",
                                     consumption_q_.at(cat.id), "-"));
        mapped_consumption += cf.estimate;
        cat_output[cat.id] = out;
        computed += out;
      }
    }
    Quantity output;
    if (ind.published_output) {
      output = Published(ind.published_output->value);
      Add(Fig(Indicator::kOutputIndirect, "", "", "", 0,
              ind.published_output->value, {}, {},
              "caict2020 indirect output (gross output, not value added), "
              "published: " +
                  ind.published_output->source));
      if (!cat_output.empty()) {
        JI_ASSIGN_OR_RETURN(Figure all,
                            Evaluate(Indicator::kConsumption, "", "", "",
                                     consumption_total_q_, "-"));
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
        Note(NoteKind::kDiscrepancy,
             fmt::format("indirect output: published {:.6g} yuan; the "
                         "categories with a sector "
                         "account for {:.6g} yuan of it{}",
                         value, computed_value, implied));
      }
    } else {
      output = computed;
      JI_RETURN_IF_ERROR(AddEvaluated(
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
          "output_per_job: indirect output / {:.10g} yuan per job ({})",
          ind.output_per_job, ind.output_per_job_source);
      if (!ind.published_output) {
        for (const auto& [id, out] : cat_output) {
          JI_RETURN_IF_ERROR(
              AddEvaluated(Indicator::kJobsIndirect, "", "category", id,
                           out.Scaled(1 / ind.output_per_job), m));
        }
      }
      indirect_jobs_q_ = output.Scaled(1 / ind.output_per_job);
      return AddEvaluated(Indicator::kJobsIndirect, "", "", "",
                          *indirect_jobs_q_, m);
    }
    return EmploymentCoefficientJobs();
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
    JI_RETURN_IF_ERROR(Coefficients());
    inputoutput::MultiplierOptions opt;
    opt.imports = *ind.imports;
    std::string jobs_method;
    const bool with_jobs = ind.jobs_method == JobsMethod::kEmploymentTable;
    if (with_jobs) {
      if (!(io_->unit_in_currency > 0)) {
        return InvalidArgumentError(fmt::format(
            "{}: jobs = \"employment_table\" needs the table's currency unit "
            "(known for the nbs layout), and {} has none",
            spec_.file.string(), io_->source));
      }
      JI_ASSIGN_OR_RETURN(
          inputoutput::EmploymentTable emp,
          inputoutput::ReadEmploymentTable(ind.employment_table));
      inputoutput::EmploymentCoefficientsSummary es;
      JI_ASSIGN_OR_RETURN(
          opt.employment_coefficients,
          inputoutput::EmploymentCoefficients(*io_, emp, ind.employment_year,
                                              ind.employment_concordance, &es));
      jobs_method =
          fmt::format("employment_table: e' (L - I) f, e = {} ({}); {}",
                      es.method, ind.employment_source, "{}");
    }
    JI_ASSIGN_OR_RETURN(inputoutput::ImpactModel model,
                        inputoutput::ImpactModel::Create(*io_, opt));
    JI_ASSIGN_OR_RETURN(inputoutput::Multipliers m, model.ComputeMultipliers());
    const inputoutput::LinkedModel& lm = model.model();
    const std::string imports = model.summary().imports;
    const std::string va_method = fmt::format(
        "value_added: v' (L - I) f, v = value added / gross output of {} "
        "(indirect value added); {}",
        io_->source, imports);
    Quantity va_total, jobs_total;
    for (const auto& cat : spec_.consumption->categories) {
      const Index s = static_cast<Index>(*io_->IndexOf(cat.sector));
      if (ind.value_added) {
        Quantity q = consumption_q_.at(cat.id).Scaled(m.value_added_i(s) -
                                                      lm.value_added(s));
        JI_RETURN_IF_ERROR(AddEvaluated(Indicator::kValueAddedIndirect, "",
                                        "category", cat.id, q, va_method));
        va_total += q;
      }
      if (with_jobs) {
        // Jobs per table unit -> jobs per yuan.
        const double per_yuan =
            (m.employment_i(s) - lm.employment(s)) / io_->unit_in_currency;
        Quantity q = consumption_q_.at(cat.id).Scaled(per_yuan);
        JI_RETURN_IF_ERROR(
            AddEvaluated(Indicator::kJobsIndirect, "", "category", cat.id, q,
                         fmt::format(fmt::runtime(jobs_method), imports)));
        jobs_total += q;
      }
    }
    if (ind.value_added) {
      JI_RETURN_IF_ERROR(AddEvaluated(Indicator::kValueAddedIndirect, "", "",
                                      "", va_total, va_method));
    }
    if (with_jobs) {
      indirect_jobs_q_ = jobs_total;
      JI_RETURN_IF_ERROR(
          AddEvaluated(Indicator::kJobsIndirect, "", "", "", jobs_total,
                       fmt::format(fmt::runtime(jobs_method), imports)));
    }
    return Status::Ok();
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
        "from {} ({})",
        ind.employment_file.string(), ind.employment_source);
    Quantity total;
    for (const auto& cat : spec_.consumption->categories) {
      // Jobs per yuan of this category's consumption: e' (L - I) e_s.
      Eigen::MatrixXd unit = Eigen::MatrixXd::Zero(n, 1);
      const Index s = static_cast<Index>(*io_->IndexOf(cat.sector));
      unit(s, 0) = 1.0;
      JI_ASSIGN_OR_RETURN(Eigen::MatrixXd x, solver_->Solve(unit));
      x(s, 0) -= 1.0;
      Quantity q = consumption_q_.at(cat.id).Scaled(e.dot(x.col(0)));
      JI_RETURN_IF_ERROR(
          AddEvaluated(Indicator::kJobsIndirect, "", "category", cat.id, q, m));
      total += q;
    }
    indirect_jobs_q_ = total;
    return AddEvaluated(Indicator::kJobsIndirect, "", "", "", total, m);
  }

  Status Totals() {
    if (!indirect_jobs_q_) {
      Note(NoteKind::kNotReported,
           "jobs_total is not reported: the study has no [indirect] section");
      return Status::Ok();
    }
    Quantity total = direct_total_q_;
    total += *indirect_jobs_q_;
    return AddEvaluated(Indicator::kJobsTotal, "", "", "", total,
                        "jobs_direct + jobs_indirect");
  }

  using Index = Eigen::Index;

  const StudySpec& spec_;
  const StudyOptions& options_;
  const double default_confidence_;
  const inputoutput::LeontiefMethod solver_method_;
  StudySummary* summary_ = nullptr;
  std::vector<Figure> figures_;
  std::vector<StudyNote> notes_;
  std::map<std::string, LoadedSurvey> surveys_;
  std::map<std::string, std::string> region_of_;
  std::vector<std::unique_ptr<Context>> contexts_;
  std::map<std::string, int> survey_ctx_;
  std::map<std::string, Quantity> direct_q_, fulltime_q_, parttime_q_;
  std::map<std::string, std::map<std::string, Quantity>> domain_q_;
  std::map<std::string, std::set<std::string>> domain_components_;
  Quantity direct_total_q_;
  std::map<std::string, Quantity> consumption_q_;
  Quantity consumption_total_q_;
  std::optional<inputoutput::IoTable> io_;
  std::optional<inputoutput::LeontiefSolver> solver_;
  std::map<std::string, double> coef_;
  bool coefficients_ready_ = false;
  std::optional<Quantity> indirect_jobs_q_;
};

std::pair<std::string, std::string> SplitSeriesKey(const std::string& key) {
  auto colon = key.find(':');
  if (colon == std::string::npos) return {key, ""};
  return {key.substr(0, colon), key.substr(colon + 1)};
}

}  // namespace

Result<StudyRun> RunStudy(const StudySpec& spec, const StudyOptions& options,
                          StudySummary* summary) {
  JI_RETURN_IF_ERROR(options.Validate());
  StudySummary local;
  if (summary == nullptr) summary = &local;
  *summary = StudySummary();
  return StudyRunner(spec, options).Run(summary);
}

Result<StudyRun> RunStudy(const StudySpec& spec) {
  return RunStudy(spec, StudyOptions(), nullptr);
}

Result<Evaluation> EvaluateFile(const std::filesystem::path& path,
                                const StudyOptions& options) {
  JI_ASSIGN_OR_RETURN(bool series, IsSeriesFile(path));
  Evaluation e;
  if (series) {
    JI_ASSIGN_OR_RETURN(SeriesSpec spec, LoadSeries(path));
    JI_ASSIGN_OR_RETURN(SeriesRun run, RunSeries(spec, options));
    e.title = spec.name;
    e.platform = run.studies.empty() ? "" : run.studies.front().spec.platform;
    e.figures = std::move(run.figures);
    e.notes = std::move(run.notes);
    e.inputs.push_back({"series", spec.file});
    for (const StudyRun& s : run.studies) {
      const std::string year = std::to_string(s.spec.year) + ":";
      for (InputFile f : StudyInputFiles(s.spec)) {
        f.role = year + f.role;
        e.inputs.push_back(std::move(f));
      }
      for (auto [key, value] : StudyOptionsInForce(s.spec, options)) {
        if (key.rfind("run.", 0) == 0) continue;  // Once for the series.
        e.options.push_back({year + key, std::move(value)});
      }
    }
    for (auto& given : StudyOptionsGiven(options)) {
      e.options.push_back(std::move(given));
    }
    e.summaries = std::move(run.summaries);
    return e;
  }
  JI_ASSIGN_OR_RETURN(StudySpec spec, LoadStudy(path));
  StudySummary summary;
  JI_ASSIGN_OR_RETURN(StudyRun run, RunStudy(spec, options, &summary));
  e.summaries.push_back(std::move(summary));
  e.title = spec.name;
  e.platform = spec.platform;
  e.figures = std::move(run.figures);
  e.notes = std::move(run.notes);
  e.inputs = StudyInputFiles(spec);
  e.options = StudyOptionsInForce(spec, options);
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

Result<SeriesRun> RunSeries(const SeriesSpec& spec,
                            const StudyOptions& options) {
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
      StudySummary summary;
      JI_ASSIGN_OR_RETURN(StudyRun r, RunStudy(s, options, &summary));
      run.summaries.push_back(std::move(summary));
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
        auto [name, component] = SplitSeriesKey(key);
        // LoadSeries checked the name against the indicator table.
        const std::optional<Indicator> indicator = FindIndicator(name);
        if (!indicator) {
          return InternalError(
              fmt::format("{}: series indicator \"{}\" is unknown",
                          spec.file.string(), name));
        }
        values[key][p.year] = {v.value, Published(v)};
        run.figures.push_back(Fig(*indicator, component, "", "", p.year,
                                  v.value, {}, {}, Published(v)));
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
              Indicator::kGrowthYoy, component, "series", indicator,
              entry.first, g, {}, {},
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
          Fig(Indicator::kGrowthCagr, component, "series", indicator,
              last.first, cagr, {}, {},
              fmt::format(
                  "compound annual growth {}-{}: (x_{} / x_{})^(1/{:g}) - 1",
                  first.first, last.first, last.first, first.first, years)));
    }
  }
  return run;
}

}  // namespace jobimpact::study
