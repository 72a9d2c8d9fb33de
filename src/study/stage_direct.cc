// Stage 2 of a study run: direct jobs of every component (the kind table's
// per-unit value expanded to the official count), full-time and part-time,
// domain totals and shares, and their sums over components (stages.h).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "jobimpact/study/component_kind.h"
#include "jobimpact/table/expression.h"
#include "stages.h"

namespace jobimpact::study::internal {
namespace {

class DirectEstimator {
 public:
  DirectEstimator(const Settings& settings, const SurveyData& data,
                  StageOutput* out)
      : spec_(*settings.spec), data_(data), out_(out) {}

  Result<DirectJobs> Run() {
    JI_RETURN_IF_ERROR(Direct());
    return std::move(result_);
  }

 private:
  // A component's per-unit values on its variance context's rows.
  struct ComponentData {
    int ctx = -1;
    double population = 0;
    // x: 1 on the component's rows that have every jobs role, else 0;
    // ft_x likewise for the full-time split, which also needs its role
    // (rows missing a value are left out under the policy "exclude").
    std::vector<double> y, x, ft, ft_x;
    const FullTimeRole* fulltime = nullptr;  // The split the survey gives.
    std::string estimator, pop_note;
  };

  Quantity TermOf(const ComponentData& c, std::vector<double> y) const {
    return Quantity::Of(c.ctx,
                        survey::RatioTerm{std::move(y), c.x, c.population});
  }
  // The component's jobs restricted to the rows `in(i)` holds for (a
  // domain), with the domain's respondents: its rows in the sample.
  template <typename InDomain>
  Quantity DomainTermOf(const ComponentData& c, InDomain in) const {
    std::vector<double> y(c.y.size(), 0.0);
    int64_t respondents = 0;
    for (size_t i = 0; i < y.size(); ++i) {
      if (!in(i)) continue;
      y[i] = c.y[i];
      respondents += c.x[i] != 0;
    }
    Quantity q = TermOf(c, std::move(y));
    q.respondents = respondents;
    return q;
  }
  Quantity SplitTermOf(const ComponentData& c, std::vector<double> y) const {
    return Quantity::Of(c.ctx,
                        survey::RatioTerm{std::move(y), c.ft_x, c.population});
  }

  // The method text of a component figure: the estimator actually used and
  // the per-unit value it was applied to, from the kind's table entry.
  static std::string UnitMethod(const ComponentSpec& c, const ComponentData& d,
                                UnitMeasure measure) {
    return d.estimator +
           ", y = " + UnitFormulaText(KindInfo(c.kind), measure, d.fulltime);
  }

  Status SurveyComponent(const ComponentSpec& c) {
    const ComponentSample& cs = data_.components.at(c.id);
    const LoadedSurvey* s = cs.survey;
    const std::vector<size_t>& rows = cs.rows;
    const std::vector<size_t>& pos = cs.pos;
    const size_t ctx_rows = cs.ctx_rows;
    const ComponentKindInfo& kind = KindInfo(c.kind);
    ComponentData d;
    d.ctx = cs.ctx;
    d.population = c.population->value;
    d.pop_note = fmt::format("N={:.17g} ({})", c.population->value,
                             c.population->source);
    if (cs.declared) {
      d.estimator =
          "ratio to the official count: N * sum(w*y) / sum(w) over the "
          "component";
    } else {
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
    for (size_t i = 0; i < ctx_rows; ++i) {
      if (std::isnan(d.y[i])) d.x[i] = 0;  // A jobs role is missing.
      d.y[i] = d.x[i] == 0 ? 0 : d.y[i];
    }
    for (const FullTimeRole& f : kind.fulltime_roles) {
      if (s->spec->columns.count(std::string(f.role))) d.fulltime = &f;
    }
    if (d.fulltime) {
      const auto& v = s->ByRole(std::string(d.fulltime->role)).doubles();
      d.ft.assign(ctx_rows, 0.0);
      d.ft_x = d.x;
      for (size_t i = 0; i < rows.size(); ++i) {
        const size_t at = pos[i];
        if (d.x[at] == 0) continue;
        if (std::isnan(v[rows[i]])) {
          d.ft_x[at] = 0;  // The split's role is missing.
          continue;
        }
        d.ft[at] = d.fulltime->is_share ? d.y[at] * v[rows[i]] : v[rows[i]];
      }
    }
    Quantity jobs = TermOf(d, d.y);
    JI_RETURN_IF_ERROR(out_->AddEvaluated(
        Indicator::kJobsDirect, c.id, "", "", jobs,
        UnitMethod(c, d, UnitMeasure::kJobs) + ", " + d.pop_note));
    result_.by_component[c.id] = jobs;
    if (d.fulltime) {
      std::vector<double> pt(ctx_rows, 0.0);
      for (size_t i = 0; i < ctx_rows; ++i) {
        if (d.ft_x[i] != 0) pt[i] = d.y[i] - d.ft[i];
      }
      Quantity full = SplitTermOf(d, d.ft), part = SplitTermOf(d, pt);
      JI_RETURN_IF_ERROR(out_->AddEvaluated(
          Indicator::kJobsFulltime, c.id, "", "", full,
          UnitMethod(c, d, UnitMeasure::kFullTime) + ", " + d.pop_note));
      JI_RETURN_IF_ERROR(out_->AddEvaluated(
          Indicator::kJobsParttime, c.id, "", "", part,
          UnitMethod(c, d, UnitMeasure::kPartTime) + ", " + d.pop_note));
      result_.fulltime[c.id] = full;
      result_.parttime[c.id] = part;
    }
    JI_RETURN_IF_ERROR(Measures(c, d, cs));
    if (cs.survey->spec->columns.count("also_in")) {
      JI_ASSIGN_OR_RETURN(std::vector<double> m, Multiplicity(c, cs));
      std::vector<double> y(cs.ctx_rows, 0.0);
      for (size_t i = 0; i < cs.ctx_rows; ++i) y[i] = d.y[i] / m[i];
      result_.unique[c.id] = TermOf(d, std::move(y));
    }
    for (const auto& dom : c.domains) {
      const auto& l = cs.labels.at(dom);
      std::vector<std::pair<std::string, Quantity>> ranked;
      for (const auto& v : cs.label_order.at(dom)) {
        Quantity q = DomainTermOf(d, [&](size_t i) { return l[i] == v; });
        ranked.push_back({v, q});
        JI_RETURN_IF_ERROR(
            out_->AddEvaluated(Indicator::kJobsDirect, c.id, dom, v, q,
                               UnitMethod(c, d, UnitMeasure::kJobs) +
                                   " within the domain, " + d.pop_note));
        JI_RETURN_IF_ERROR(out_->AddShare(
            Indicator::kJobsShare, c.id, dom, v, q, jobs,
            "share of the component's jobs in the domain: ratio of the two "
            "estimates, delta-method variance"));
        if (!domain_q_[dom].count(v)) domain_order_[dom].push_back(v);
        domain_q_[dom][v] += q;
      }
      JI_RETURN_IF_ERROR(out_->AddTopProbabilities(c.id, dom, ranked));
      domain_components_[dom].insert(c.id);
    }
    for (const auto& [first, second] : c.crossed_domains) {
      JI_RETURN_IF_ERROR(CrossedBreakdown(c, d, cs, first, second));
    }
    for (const UnitIndicatorSpec& u : spec_.unit_indicators) {
      if (std::find(u.components.begin(), u.components.end(), c.id) !=
          u.components.end()) {
        JI_RETURN_IF_ERROR(UnitIndicator(c, d, cs, u));
      }
    }
    return Status::Ok();
  }

  // "; N of them divide by zero (lines ...)" for the component's rows where
  // a division by zero entered, or "".
  static std::string DividedByZero(const table::ExpressionValues& v,
                                   const ComponentSample& cs) {
    std::vector<int64_t> lines;
    for (size_t r : cs.rows) {
      if (std::binary_search(v.divided_by_zero.begin(), v.divided_by_zero.end(),
                             r)) {
        lines.push_back(cs.survey->table.LineOfRow(r));
      }
    }
    if (lines.empty()) return "";
    std::string list;
    for (size_t k = 0; k < lines.size() && k < 10; ++k) {
      list += fmt::format("{}{}", k ? ", " : "", lines[k]);
    }
    if (lines.size() > 10) list += ", ...";
    return fmt::format("; {} of them divide by zero ({} lines {})",
                       lines.size(), cs.survey->table.source(), list);
  }

  // A [[indicators]] condition evaluated on the survey's rows: 1 / 0, NaN
  // where it is missing. Errors carry the indicator's key path.
  static Result<table::ExpressionValues> EvaluateCondition(
      const UnitIndicatorSpec& u, const LoadedSurvey& s) {
    auto e = table::Expression::Parse(u.expression);
    if (!e.ok()) return InvalidArgumentError(u.where + e.status().message());
    table::ExpressionColumns columns;
    for (const std::string& role : e->Names()) {
      columns.emplace(role, &s.ByRole(role));
    }
    auto v = table::Evaluate(*e, columns, s.table.num_rows());
    if (!v.ok()) {
      return InvalidArgumentError(u.where + v.status().message() + " (survey " +
                                  s.spec->key + ")");
    }
    if (v->type != table::ExpressionType::kCondition) {
      return InvalidArgumentError(
          u.where +
          "1:1: the expression is a number; an indicator needs a "
          "condition (e.g. \"" +
          u.expression + " > 0.5\")");
    }
    return v;
  }

  // The share of the component's units for which `u` holds: the ratio of
  // the weighted count of units where it holds to that of units where it is
  // defined (R survey's svyratio on indicator variables), delta-method
  // variance. Units where it is missing or divides by zero are left out and
  // named in a note.
  Status UnitIndicator(const ComponentSpec& c, const ComponentData& d,
                       const ComponentSample& cs, const UnitIndicatorSpec& u) {
    JI_ASSIGN_OR_RETURN(table::ExpressionValues v,
                        EvaluateCondition(u, *cs.survey));
    std::vector<double> holds(cs.ctx_rows, 0.0), defined(cs.ctx_rows, 0.0);
    int64_t respondents = 0;
    for (size_t i = 0; i < cs.rows.size(); ++i) {
      const double x = v.values[cs.rows[i]];
      if (std::isnan(x)) continue;
      defined[cs.pos[i]] = 1.0;
      holds[cs.pos[i]] = x;
      ++respondents;
    }
    Quantity num = Quantity::Of(d.ctx, survey::RatioTerm{holds, defined, 1.0});
    Quantity den =
        Quantity::Of(d.ctx, survey::RatioTerm{defined, defined, 1.0});
    num.respondents = respondents;
    JI_RETURN_IF_ERROR(out_->AddShare(
        Indicator::kUnitShare, c.id, "indicator", u.id, num, den,
        "share of the component's units with " + u.expression +
            ": sum(w*y) / sum(w) over the units where it is defined, y = 1 "
            "where it holds; ratio of the two estimates, delta-method "
            "variance"));
    const auto left_out = static_cast<int64_t>(cs.rows.size()) - respondents;
    if (left_out > 0) {
      out_->Note(NoteKind::kNotReported,
                 fmt::format("indicator {}, component {}: {} of {} units left "
                             "out, the expression ({}) being missing for "
                             "them{}",
                             u.id, c.id, left_out, cs.rows.size(), u.expression,
                             DividedByZero(v, cs)));
    }
    return Status::Ok();
  }

  // The component's jobs weighted per unit by f(jobs, value of `role`),
  // over the rows that answered the role (the others have weight zero in
  // this estimate only, as under the missing-value policy "exclude").
  template <typename PerUnit>
  Quantity MeasureTerm(const ComponentData& d, const ComponentSample& cs,
                       const std::string& role, PerUnit f) const {
    const auto& v = cs.survey->ByRole(role).doubles();
    std::vector<double> y(cs.ctx_rows, 0.0), x = d.x;
    for (size_t i = 0; i < cs.rows.size(); ++i) {
      const size_t at = cs.pos[i];
      if (x[at] == 0) continue;
      const double r = v[cs.rows[i]];
      if (std::isnan(r)) {
        x[at] = 0;
        continue;
      }
      y[at] = f(d.y[at], r);
    }
    return Quantity::Of(
        d.ctx, survey::RatioTerm{std::move(y), std::move(x), d.population});
  }

  // jobs_fte, jobs_main_income and jobs_active of a survey component where
  // its survey maps the role they need ([measures], docs/method.md §4).
  Status Measures(const ComponentSpec& c, const ComponentData& d,
                  const ComponentSample& cs) {
    const MeasuresSpec& m = spec_.measures;
    auto maps = [&](const char* role) {
      return cs.survey->spec->columns.count(role) > 0;
    };
    const std::string jobs = UnitMethod(c, d, UnitMeasure::kJobs);
    auto add = [&](Indicator indicator, const Quantity& q,
                   const std::string& method) -> Status {
      result_.measures[indicator][c.id] = q;
      return out_->AddEvaluated(indicator, c.id, "", "", q,
                                method + ", " + d.pop_note);
    };
    if (maps("hours_per_week")) {
      // Full-time equivalence: hours worked over the hours of a full-time
      // job (ESA 1995 §11.32, the national accounts' definition), per unit
      // on its jobs' average hours.
      const Sourced h = FulltimeHours(m);
      JI_RETURN_IF_ERROR(
          add(Indicator::kJobsFte,
              MeasureTerm(d, cs, "hours_per_week",
                          [&](double j, double r) { return j * r / h.value; }),
              fmt::format("{} * hours_per_week / {:g} (full-time equivalents: "
                          "hours over a full-time week of {:g} hours, {})",
                          jobs, h.value, h.value, h.source)));
    } else if (m.parttime_fte && d.fulltime != nullptr) {
      const Assumption& f = *m.parttime_fte;
      std::vector<double> y(cs.ctx_rows, 0.0);
      for (size_t i = 0; i < cs.ctx_rows; ++i) {
        if (d.ft_x[i] != 0) y[i] = d.ft[i] + f.value * (d.y[i] - d.ft[i]);
      }
      const ComponentKindInfo& kind = KindInfo(c.kind);
      JI_RETURN_IF_ERROR(
          add(Indicator::kJobsFte, SplitTermOf(d, std::move(y)),
              fmt::format(
                  "{}, y = {} + f * ({}), f = {:g} full-time equivalents per "
                  "part-time job ({}){}",
                  d.estimator,
                  UnitFormulaText(kind, UnitMeasure::kFullTime, d.fulltime),
                  UnitFormulaText(kind, UnitMeasure::kPartTime, d.fulltime),
                  f.value, f.source, RangeText(f))));
    }
    if (maps("main_income")) {
      JI_RETURN_IF_ERROR(
          add(Indicator::kJobsMainIncome,
              MeasureTerm(d, cs, "main_income",
                          [](double j, double r) { return j * r; }),
              jobs + " * main_income (the share of the unit's jobs that are "
                     "their holders' main income: 1 yes, 0 no)"));
    }
    if (maps("active_days")) {
      if (!m.min_active_days) {
        out_->Note(NoteKind::kNotReported,
                   "component " + c.id +
                       ": its survey maps active_days but [measures] "
                       "min_active_days is not set: jobs_active not reported");
        return Status::Ok();
      }
      const double t = *m.min_active_days;
      JI_RETURN_IF_ERROR(
          add(Indicator::kJobsActive,
              MeasureTerm(d, cs, "active_days",
                          [t](double j, double r) { return r >= t ? j : 0.0; }),
              fmt::format("{} * [active_days >= {:g}] (jobs of units active on "
                          "at least {:g} days of the year)",
                          jobs, t, t)));
    }
    return Status::Ok();
  }

  // Per context row of the component, m = 1 + the number of other study
  // components its also_in cell names (by id or name; separated by , ; |
  // 、 or spaces; empty = none; its own component is not counted again).
  Result<std::vector<double>> Multiplicity(const ComponentSpec& c,
                                           const ComponentSample& cs) const {
    const table::Column& col = cs.survey->ByRole("also_in");
    std::vector<double> m(cs.ctx_rows, 1.0);
    for (size_t i = 0; i < cs.rows.size(); ++i) {
      const size_t r = cs.rows[i];
      if (col.IsMissing(r)) continue;
      std::set<std::string> others;
      for (const std::string& token : SplitList(col.CellText(r))) {
        // An id first; else a name, which must be one component's.
        const ComponentSpec* named = nullptr;
        std::vector<const ComponentSpec*> by_name;
        for (const ComponentSpec& k : spec_.components) {
          if (k.id == token) named = &k;
          if (!k.name.empty() && k.name == token) by_name.push_back(&k);
        }
        if (named == nullptr && by_name.size() > 1) {
          std::string ids;
          for (const ComponentSpec* k : by_name) {
            ids += (ids.empty() ? "" : ", ") + k->id;
          }
          return InvalidArgumentError(fmt::format(
              "{}: \"{}\" is the name of several components ({}); give the id",
              cs.survey->Cell(r, "also_in"), token, ids));
        }
        if (named == nullptr && by_name.size() == 1) named = by_name[0];
        if (named == nullptr) {
          std::string ids;
          for (const ComponentSpec& k : spec_.components) {
            ids += (ids.empty() ? "" : ", ") + k.id;
          }
          return InvalidArgumentError(fmt::format(
              "{}: \"{}\" is not a component of the study (expected ids or "
              "names of: {})",
              cs.survey->Cell(r, "also_in"), token, ids));
        }
        if (named->id != c.id) others.insert(named->id);
      }
      m[cs.pos[i]] = 1.0 + static_cast<double>(others.size());
    }
    return m;
  }

  static std::vector<std::string> SplitList(const std::string& text) {
    std::vector<std::string> out;
    std::string token;
    auto flush = [&] {
      if (!token.empty()) out.push_back(token);
      token.clear();
    };
    for (size_t i = 0; i < text.size(); ++i) {
      const char ch = text[i];
      if (ch == ',' || ch == ';' || ch == '|' || ch == ' ' || ch == '\t') {
        flush();
      } else if (text.compare(i, 3, "、") == 0) {  // Chinese enumeration comma.
        flush();
        i += 2;
      } else {
        token += ch;
      }
    }
    flush();
    return out;
  }

  // jobs_unique when some component's survey maps also_in: the components
  // with it weighted 1/m (the multiplicity estimator), the others counted
  // as they are, and named so.
  Status UniqueWorkers() {
    if (result_.unique.empty()) return Status::Ok();
    Quantity sum;
    std::string single;
    for (const auto& c : spec_.components) {
      auto it = result_.unique.find(c.id);
      if (it != result_.unique.end()) {
        sum += it->second;
      } else {
        sum += result_.by_component.at(c.id);
        single += (single.empty() ? "" : ", ") + c.id;
      }
    }
    // Sirken (1970) network sampling; Lavallee (2007), the generalised
    // weight share method: a person reachable through m components gets
    // 1/m of their jobs in each, so that the sum counts each once.
    std::string method =
        "sum over components of N * sum(w*y/m) / sum(w), m = 1 + the other "
        "components the unit's workers also work in (also_in): each person "
        "counted once (multiplicity estimator, Sirken 1970)";
    if (!single.empty()) {
      method +=
          "; counted as working in no other component (no also_in): " + single;
      out_->Note(NoteKind::kAssumption,
                 "jobs_unique counts the jobs of " + single +
                     " as held by people in no other component: their "
                     "surveys have no also_in role");
    }
    return out_->AddEvaluated(Indicator::kJobsUnique, "", "", "", sum, method);
  }

  // Study-wide sums of the measures every component has; a note names the
  // components without one that some component has.
  Status MeasureTotals(const std::string& ids) {
    for (const auto& [indicator, by_component] : result_.measures) {
      std::string missing;
      Quantity sum;
      for (const auto& c : spec_.components) {
        auto it = by_component.find(c.id);
        if (it == by_component.end()) {
          missing += (missing.empty() ? "" : ", ") + c.id;
        } else {
          sum += it->second;
        }
      }
      if (!missing.empty()) {
        out_->Note(NoteKind::kNotReported,
                   fmt::format("study-wide {} is not reported: components "
                               "without it: {}",
                               IndicatorName(indicator), missing));
        continue;
      }
      JI_RETURN_IF_ERROR(out_->AddEvaluated(indicator, "", "", "", sum,
                                            "sum over components: " + ids));
    }
    return Status::Ok();
  }

  // domain_type "FIRST|SECOND", domain "A|B": the jobs in each cell, and the
  // cell's share of the jobs in level B of SECOND (the reports' "share not
  // insured within each age band"). A cell without respondents has no
  // estimate: it is named in a note instead.
  Status CrossedBreakdown(const ComponentSpec& c, const ComponentData& d,
                          const ComponentSample& cs, const std::string& first,
                          const std::string& second) {
    const auto& la = cs.labels.at(first);
    const auto& lb = cs.labels.at(second);
    const std::string type = first + "|" + second;
    std::vector<std::string> empty;
    for (const auto& vb : cs.label_order.at(second)) {
      const Quantity group =
          DomainTermOf(d, [&](size_t i) { return lb[i] == vb; });
      for (const auto& va : cs.label_order.at(first)) {
        Quantity q = DomainTermOf(
            d, [&](size_t i) { return la[i] == va && lb[i] == vb; });
        if (*q.respondents == 0) {
          empty.push_back(va + "|" + vb);
          continue;
        }
        const std::string cell = va + "|" + vb;
        JI_RETURN_IF_ERROR(out_->AddEvaluated(
            Indicator::kJobsDirect, c.id, type, cell, q,
            UnitMethod(c, d, UnitMeasure::kJobs) + " within the cell " + first +
                " = " + va + " and " + second + " = " + vb + ", " +
                d.pop_note));
        JI_RETURN_IF_ERROR(out_->AddShare(
            Indicator::kJobsShareWithin, c.id, type, cell, q, group,
            "share of the jobs with " + second + " = " + vb + " that have " +
                first + " = " + va +
                ": ratio of the two estimates, delta-method variance"));
      }
    }
    if (!empty.empty()) {
      std::string list;
      for (size_t i = 0; i < empty.size() && i < 10; ++i) {
        list += (i ? ", " : "") + empty[i];
      }
      if (empty.size() > 10) {
        list += fmt::format(" and {} more", empty.size() - 10);
      }
      out_->Note(NoteKind::kNotReported,
                 fmt::format("component {}: crossed breakdown {} has {} "
                             "cell(s) without respondents, not reported: {}",
                             c.id, type, empty.size(), list));
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
      out_->Add(Fig(Indicator::kJobsDirect, c.id, "", "", jobs.value,
                    "published: " + jobs.source));
      result_.by_component[c.id] = Published(jobs.value);
      if (c.published_fulltime_share) {
        double share = c.published_fulltime_share->value;
        // docs/method.md §1: a published aggregate split by its published
        // full-time share.
        const std::string m = fmt::format(
            "published aggregate split by a published full-time share s = {:g} "
            "({})",
            share, c.published_fulltime_share->source);
        out_->Add(Fig(Indicator::kJobsFulltime, c.id, "", "",
                      jobs.value * share, "jobs * s: " + m));
        out_->Add(Fig(Indicator::kJobsParttime, c.id, "", "",
                      jobs.value * (1 - share), "jobs * (1 - s): " + m));
        result_.fulltime[c.id] = Published(jobs.value * share);
        result_.parttime[c.id] = Published(jobs.value * (1 - share));
      }
    }

    std::string ids;
    Quantity total;
    for (const auto& c : spec_.components) {
      ids += (ids.empty() ? "" : " + ") + c.id;
      total += result_.by_component.at(c.id);
    }
    result_.total = total;
    JI_RETURN_IF_ERROR(out_->AddEvaluated(Indicator::kJobsDirect, "", "", "",
                                          total,
                                          "sum over components: " + ids));

    if (result_.fulltime.size() == spec_.components.size()) {
      Quantity f, p;
      for (const auto& [id, q] : result_.fulltime) f += q;
      for (const auto& [id, q] : result_.parttime) p += q;
      JI_RETURN_IF_ERROR(out_->AddEvaluated(Indicator::kJobsFulltime, "", "",
                                            "", f,
                                            "sum over components: " + ids));
      JI_RETURN_IF_ERROR(out_->AddEvaluated(Indicator::kJobsParttime, "", "",
                                            "", p,
                                            "sum over components: " + ids));
      if (spec_.direct_fulltime_share) {
        out_->Note(
            NoteKind::kUnusedInput,
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
      JI_RETURN_IF_ERROR(out_->AddEvaluated(Indicator::kJobsFulltime, "", "",
                                            "", f, "jobs_direct * s: " + m));
      JI_RETURN_IF_ERROR(out_->AddEvaluated(Indicator::kJobsParttime, "", "",
                                            "", p,
                                            "jobs_direct * (1 - s): " + m));
    } else {
      std::string missing;
      for (const auto& c : spec_.components) {
        if (!result_.fulltime.count(c.id))
          missing += (missing.empty() ? "" : ", ") + c.id;
      }
      out_->Note(NoteKind::kNotReported,
                 "study-wide full-time/part-time jobs are not reported: "
                 "components without a split: " +
                     missing +
                     " (give [direct] fulltime_share or per-component data)");
    }

    JI_RETURN_IF_ERROR(MeasureTotals(ids));
    JI_RETURN_IF_ERROR(UniqueWorkers());

    for (const auto& [dom, comps] : domain_components_) {
      if (comps.size() != spec_.components.size()) {
        out_->Note(
            NoteKind::kNotReported,
            "study-wide \"" + dom +
                "\" breakdown is not reported: not every component has it");
        continue;
      }
      std::vector<std::pair<std::string, Quantity>> ranked;
      for (const auto& label : domain_order_[dom]) {
        const Quantity& q = domain_q_[dom].at(label);
        ranked.push_back({label, q});
        JI_RETURN_IF_ERROR(
            out_->AddEvaluated(Indicator::kJobsDirect, "", dom, label, q,
                               "sum over components of domain totals"));
        JI_RETURN_IF_ERROR(out_->AddShare(
            Indicator::kJobsShare, "", dom, label, q, result_.total,
            "share of all direct jobs in the domain: ratio of the two "
            "estimates, delta-method variance"));
      }
      JI_RETURN_IF_ERROR(out_->AddTopProbabilities("", dom, ranked));
    }
    return Status::Ok();
  }

  const StudySpec& spec_;
  const SurveyData& data_;
  StageOutput* out_;
  DirectJobs result_;
  // Domain role -> label -> sum over components; and who has the role.
  std::map<std::string, std::map<std::string, Quantity>> domain_q_;
  std::map<std::string, std::set<std::string>> domain_components_;
  // Domain role -> labels in the order the components first list them.
  std::map<std::string, std::vector<std::string>> domain_order_;
};

}  // namespace

Result<DirectJobs> EstimateDirectJobs(const Settings& settings,
                                      const SurveyData& data,
                                      StageOutput* out) {
  return DirectEstimator(settings, data, out).Run();
}

}  // namespace jobimpact::study::internal
