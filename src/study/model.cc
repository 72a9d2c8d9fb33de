// RunStudy: the stages of src/study/stages.h in order, each timed; series
// of studies and the figures' growth rates.
#include "jobimpact/study/model.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "jobimpact/study/indicator.h"
#include "jobimpact/survey/growth.h"
#include "stages.h"

namespace jobimpact::study {
namespace {

using internal::Fig;

std::pair<std::string, std::string> SplitSeriesKey(const std::string& key) {
  auto colon = key.find(':');
  if (colon == std::string::npos) return {key, ""};
  return {key.substr(0, colon), key.substr(colon + 1)};
}

// A series figure in `year` (no interval until one is set).
Figure SeriesFig(Indicator indicator, std::string component,
                 std::string domain_type, std::string domain, int year,
                 double estimate, std::string method) {
  Figure f = Fig(indicator, std::move(component), std::move(domain_type),
                 std::move(domain), estimate, std::move(method));
  f.year = year;
  return f;
}

std::string Published(const Sourced& s) { return "published: " + s.source; }

// Runs one stage and records its wall time in the summary.
template <typename Stage>
auto Timed(const char* name, StudySummary* summary, Stage stage) {
  const auto start = std::chrono::steady_clock::now();
  auto result = stage();
  summary->stages.push_back({name, std::chrono::duration<double>(
                                       std::chrono::steady_clock::now() - start)
                                       .count()});
  return result;
}

// What each variance context used, for the summary.
void RecordContexts(const internal::SurveyData& data, StudySummary* summary) {
  for (const auto& c : data.contexts) {
    const bool seeded =
        c->options.method == survey::VarianceMethod::kReplication &&
        c->options.replicates.type == survey::ReplicateType::kBootstrap;
    summary->contexts.push_back(
        {c->label, c->options.confidence,
         seeded ? std::optional<uint64_t>(c->options.replicates.seed)
                : std::nullopt});
  }
}

// What the quality flags of this run mean, and how many figures have each;
// nothing when no figure is flagged.
std::optional<std::string> QualityNote(const std::vector<Figure>& figures,
                                       const survey::QualityOptions& q) {
  std::map<survey::QualityFlag, int> count;
  for (const Figure& f : figures) {
    if (f.quality) ++count[*f.quality];
  }
  if (count.empty()) return std::nullopt;
  std::string classes, counts;
  for (size_t i = 0; i < q.cv_bounds.size(); ++i) {
    const auto& info = survey::QualityFlags()[i];
    classes += fmt::format("{} CV < {:g}% ({}), ", info.code,
                           100 * q.cv_bounds[i], info.en);
  }
  const auto& f = survey::QualityFlagInfoOf(survey::QualityFlag::kF);
  const auto& s = survey::QualityFlagInfoOf(survey::QualityFlag::kSuppressed);
  classes += fmt::format(
      "{} CV >= {:g}% ({}); {} fewer than {} respondents "
      "({})",
      f.code, 100 * q.cv_bounds.back(), f.en, s.code, q.min_n, s.en);
  for (const auto& info : survey::QualityFlags()) {
    auto it = count.find(info.flag);
    if (it == count.end()) continue;
    counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", info.code,
                          it->second);
  }
  return fmt::format(
      "quality flags: survey-based figures are classed by their coefficient "
      "of variation (se / estimate) on Statistics Canada's data-quality "
      "scale and by their respondent count: {}. Figures in this run: {}",
      classes, counts);
}

Result<StudyRun> RunStages(const StudySpec& spec, const StudyOptions& options,
                           StudySummary* summary) {
  using namespace internal;  // NOLINT: the stages, in order.
  const Settings settings = SettingsFor(spec, options);
  summary->default_confidence = settings.default_confidence;
  summary->threads = settings.threads;
  Pipeline p;
  JI_ASSIGN_OR_RETURN(
      p.data, Timed("surveys", summary, [&] { return LoadSurveys(settings); }));
  StageOutput out(settings, p.data);
  for (const std::string& n : p.data.missing_notes) {
    out.Note(NoteKind::kMissingValues, n);
  }
  JI_ASSIGN_OR_RETURN(p.direct, Timed("direct jobs", summary, [&] {
                        return EstimateDirectJobs(settings, p.data, &out);
                      }));
  JI_ASSIGN_OR_RETURN(p.consumption, Timed("consumption", summary, [&] {
                        return EstimateConsumption(settings, p.data, &out);
                      }));
  JI_ASSIGN_OR_RETURN(
      p.indirect,
      Timed("indirect effects", summary, [&]() -> Result<IndirectEffects> {
        JI_ASSIGN_OR_RETURN(p.io, PrepareInputOutput(settings, &out, summary));
        return EstimateIndirect(settings, p.consumption,
                                p.io ? &*p.io : nullptr, &out);
      }));
  JI_RETURN_IF_ERROR(Timed("totals", summary, [&] {
    return EstimateTotals(p.direct, p.indirect, &out);
  }));
  JI_RETURN_IF_ERROR(Timed("net jobs", summary, [&] {
    return EstimateNet(settings, p.direct, p.indirect, &out);
  }));
  StudyRun run;
  JI_RETURN_IF_ERROR(Timed("total uncertainty", summary, [&] {
    return EstimateTotalUncertainty(settings, p, &run.sensitivity, &out,
                                    summary);
  }));
  RecordContexts(p.data, summary);
  if (auto note = QualityNote(
          out.figures(), spec.quality.value_or(survey::QualityOptions()))) {
    out.Note(NoteKind::kQuality, std::move(*note));
  }
  for (const auto& f : out.figures()) {
    if (!std::isfinite(f.estimate)) {
      return NumericalError(
          fmt::format("{}: {} {} is not a finite number (method: {})",
                      spec.file.string(), f.indicator, f.component, f.method));
    }
  }
  run.spec = spec;
  run.figures = std::move(out.figures());
  for (const StudyNote& n : out.notes()) run.notes.push_back(n.text);
  summary->notes = std::move(out.notes());
  return run;
}

}  // namespace

Result<StudyRun> RunStudy(const StudySpec& spec, const StudyOptions& options,
                          StudySummary* summary) {
  JI_RETURN_IF_ERROR(options.Validate());
  StudySummary local;
  if (summary == nullptr) summary = &local;
  *summary = StudySummary();
  return RunStages(spec, options, summary);
}

Result<StudyRun> RunStudy(const StudySpec& spec) {
  return RunStudy(spec, StudyOptions(), nullptr);
}

namespace {

// options.set as overrides of the study file.
std::vector<StudyOverride> SetOverrides(const StudyOptions& options) {
  std::vector<StudyOverride> out;
  for (const auto& [key, value] : options.set) {
    out.push_back({key, value, "--set"});
  }
  return out;
}

// Adds one run of the study (the base or a scenario) to `e`, its figures,
// tornado rows and notes tagged with `scenario`.
void AddRun(StudyRun run, StudySummary summary, const std::string& scenario,
            Evaluation* e) {
  const std::string prefix =
      scenario == "base" ? "" : "scenario " + scenario + ": ";
  for (Figure& f : run.figures) {
    f.scenario = scenario;
    e->figures.push_back(std::move(f));
  }
  for (SensitivityRow& r : run.sensitivity) {
    r.scenario = scenario;
    e->sensitivity.push_back(std::move(r));
  }
  for (std::string& n : run.notes) e->notes.push_back(prefix + n);
  e->summaries.push_back(std::move(summary));
}

// A study file: the study as written (with options.set), then each of its
// [[scenarios]] over the same changes.
Result<Evaluation> EvaluateStudy(const std::filesystem::path& path,
                                 const StudyOptions& options) {
  const std::vector<StudyOverride> set = SetOverrides(options);
  JI_ASSIGN_OR_RETURN(StudySpec spec, LoadStudy(path, set));
  Evaluation e;
  StudySummary summary;
  JI_ASSIGN_OR_RETURN(StudyRun run, RunStudy(spec, options, &summary));
  AddRun(std::move(run), std::move(summary), "base", &e);
  e.title = spec.name;
  e.platform = spec.platform;
  e.country = spec.country;
  e.inputs = StudyInputFiles(spec);
  e.options = StudyOptionsInForce(spec, options);
  e.labels = StudyLabels(spec);
  for (const ScenarioSpec& sc : spec.scenarios) {
    std::vector<StudyOverride> changes = set;
    changes.insert(changes.end(), sc.set.begin(), sc.set.end());
    JI_ASSIGN_OR_RETURN(StudySpec s, LoadStudy(path, changes));
    StudySummary sum;
    auto r = RunStudy(s, options, &sum);
    if (!r.ok()) return r.status().WithPrefix("scenario " + sc.id);
    AddRun(std::move(*r), std::move(sum), sc.id, &e);
    e.labels.push_back({"scenario", sc.id, sc.label, ""});
  }
  return e;
}

}  // namespace

Result<Evaluation> EvaluateFile(const std::filesystem::path& path,
                                const StudyOptions& options) {
  JI_ASSIGN_OR_RETURN(bool series, IsSeriesFile(path));
  Evaluation e;
  if (series) {
    if (!options.set.empty()) {
      return InvalidArgumentError(
          path.string() +
          ": --set changes a study file; for a series, change its studies' "
          "files or give them [[scenarios]]");
    }
    JI_ASSIGN_OR_RETURN(SeriesSpec spec, LoadSeries(path));
    JI_ASSIGN_OR_RETURN(SeriesRun run, RunSeries(spec, options));
    e.title = spec.name;
    e.platform = run.studies.empty() ? "" : run.studies.front().spec.platform;
    e.country = run.studies.empty() ? "" : run.studies.front().spec.country;
    e.figures = std::move(run.figures);
    e.notes = std::move(run.notes);
    e.inputs.push_back({"series", spec.file});
    for (const StudyRun& s : run.studies) {
      const std::string year = std::to_string(s.spec.year) + ":";
      if (!s.spec.scenarios.empty()) {
        e.notes.push_back(fmt::format(
            "{}: its {} [[scenarios]] are not run within a series; run the "
            "study file alone for them",
            s.spec.file.string(), s.spec.scenarios.size()));
      }
      e.sensitivity.insert(e.sensitivity.end(), s.sensitivity.begin(),
                           s.sensitivity.end());
      for (InputFile f : StudyInputFiles(s.spec)) {
        f.role = year + f.role;
        e.inputs.push_back(std::move(f));
      }
      for (auto [key, value] : StudyOptionsInForce(s.spec, options)) {
        if (key.rfind("run.", 0) == 0) continue;  // Once for the series.
        e.options.push_back({year + key, std::move(value)});
      }
      for (Label l : StudyLabels(s.spec)) {
        auto same = [&l](const Label& x) {
          return x.kind == l.kind && x.id == l.id;
        };
        auto it = std::find_if(e.labels.begin(), e.labels.end(), same);
        if (it == e.labels.end()) {
          e.labels.push_back(std::move(l));
        } else {
          *it = std::move(l);  // Studies run in year order: the latest wins.
        }
      }
    }
    for (auto& given : StudyOptionsGiven(options)) {
      e.options.push_back(std::move(given));
    }
    e.summaries = std::move(run.summaries);
    return e;
  }
  return EvaluateStudy(path, options);
}

std::vector<Label> StudyLabels(const StudySpec& spec) {
  std::vector<Label> out;
  for (const ComponentSpec& c : spec.components) {
    out.push_back({"component", c.id, c.name, c.name_en});
  }
  if (spec.consumption) {
    for (const CategorySpec& k : spec.consumption->categories) {
      out.push_back({"category", k.id, k.name, k.name_en});
    }
  }
  for (const UnitIndicatorSpec& u : spec.unit_indicators) {
    out.push_back({"indicator", u.id, u.name, u.name_en, u.expression});
  }
  return out;
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

namespace {

// A series key's value in one year, with where it came from.
struct SeriesValue {
  survey::GrowthPoint point;
  std::string source;
};
using ByYear = std::map<int, SeriesValue>;

SeriesValue ValueOf(const Figure& f, std::string source) {
  return {{f.year, f.estimate, f.se, f.level}, std::move(source)};
}

// A growth figure of `indicator` (growth_yoy, growth_cagr) from `from` to
// `to`, or why there is none (Numerical: a value that is not positive).
Result<Figure> GrowthFig(Indicator indicator, const std::string& component,
                         const std::string& domain_type,
                         const std::string& domain, const SeriesValue& from,
                         const SeriesValue& to) {
  JI_ASSIGN_OR_RETURN(survey::GrowthEstimate g,
                      survey::EstimateGrowth(from.point, to.point));
  Figure f = SeriesFig(
      indicator, component, domain_type, domain, to.point.year, g.estimate,
      fmt::format("{} ({}; {})", g.method, to.source, from.source));
  f.se = g.se;
  f.ci_low = g.ci_low;
  f.ci_high = g.ci_high;
  f.level = g.level;
  return f;
}

// Year-over-year growth for consecutive years and the compound annual
// growth from the first to the last year of `by_year` (when they are more
// than a year apart). `strict`: a value
// that is not positive is an error (a series indicator); otherwise a note
// (one domain of a breakdown).
Status AddGrowth(const SeriesSpec& spec, const std::string& label,
                 const std::string& component, const std::string& domain_type,
                 const std::string& domain, const ByYear& by_year, bool strict,
                 SeriesRun* run) {
  auto add = [&](Indicator ind, const SeriesValue& from,
                 const SeriesValue& to) -> Status {
    Result<Figure> f = GrowthFig(ind, component, domain_type, domain, from, to);
    if (f.ok()) {
      run->figures.push_back(std::move(*f));
      return Status::Ok();
    }
    if (strict || f.status().code() != StatusCode::kNumerical) {
      return Status(f.status().code(), spec.file.string() + ": " + label +
                                           ": " + f.status().message());
    }
    run->notes.push_back(label + ": " + f.status().message());
    return Status::Ok();
  };
  const SeriesValue* prev = nullptr;
  for (const auto& [year, value] : by_year) {
    if (prev != nullptr) {
      if (year != prev->point.year + 1) {
        run->notes.push_back(fmt::format(
            "{}: no year-over-year growth for {} ({} is not followed by {})",
            label, year, prev->point.year, prev->point.year + 1));
      } else {
        JI_RETURN_IF_ERROR(add(Indicator::kGrowthYoy, *prev, value));
      }
    }
    prev = &value;
  }
  // Over a single year the compound rate is the year-over-year one.
  if (by_year.size() >= 2 &&
      by_year.rbegin()->first - by_year.begin()->first > 1) {
    JI_RETURN_IF_ERROR(add(Indicator::kGrowthCagr, by_year.begin()->second,
                           by_year.rbegin()->second));
  }
  return Status::Ok();
}

// The domain figures of `key` by `domain_type` in one study's run, into
// `out` (domain -> year -> value); false when the study has none.
bool CollectDomains(const std::vector<Figure>& figures, const std::string& key,
                    const std::string& domain_type, int year,
                    const std::string& source,
                    std::map<std::string, ByYear>* out) {
  auto [indicator, component] = SplitSeriesKey(key);
  bool any = false;
  for (const Figure& f : figures) {
    if (f.indicator == indicator && f.component == component &&
        f.domain_type == domain_type && f.year == year) {
      (*out)[f.domain][year] = ValueOf(f, source);
      any = true;
    }
  }
  return any;
}

// Growth per domain of every series key with figures by each of the
// series' domain types (SeriesSpec::domains).
Status AddDomainGrowth(const SeriesSpec& spec,
                       const std::map<std::pair<std::string, std::string>,
                                      std::map<std::string, ByYear>>& domains,
                       SeriesRun* run) {
  for (const std::string& type : spec.domains) {
    std::vector<std::string> without;
    for (const std::string& key : spec.indicators) {
      auto it = domains.find({key, type});
      if (it == domains.end() || it->second.empty()) {
        without.push_back(key);
        continue;
      }
      auto [indicator, component] = SplitSeriesKey(key);
      std::vector<std::string> one_year;
      for (const auto& [domain, by_year] : it->second) {
        if (by_year.size() < 2) {
          one_year.push_back(domain);
          continue;
        }
        JI_RETURN_IF_ERROR(AddGrowth(spec, key + " in " + type + " " + domain,
                                     component, "series|" + type,
                                     indicator + "|" + domain, by_year,
                                     /*strict=*/false, run));
      }
      if (!one_year.empty()) {
        std::string list;
        for (const auto& d : one_year) list += (list.empty() ? "" : ", ") + d;
        run->notes.push_back(fmt::format(
            "{} by {}: no growth for {} domain(s) with a figure in one year "
            "only: {}",
            key, type, one_year.size(), list));
      }
    }
    if (without.size() == spec.indicators.size()) {
      return InvalidArgumentError(fmt::format(
          "{}: [series] domains: no study of the series breaks a series "
          "indicator down by \"{}\"",
          spec.file.string(), type));
    }
    if (!without.empty()) {
      std::string list;
      for (const auto& k : without) list += (list.empty() ? "" : ", ") + k;
      run->notes.push_back(fmt::format(
          "series growth by {}: not broken down by {} in the studies: {}", type,
          type, list));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<SeriesRun> RunSeries(const SeriesSpec& spec,
                            const StudyOptions& options) {
  SeriesRun run;
  run.spec = spec;
  std::map<std::string, ByYear> values;  // By series key.
  // By (series key, domain type): domain -> year -> value.
  std::map<std::pair<std::string, std::string>, std::map<std::string, ByYear>>
      domains;
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
      // Named relative to the series file: studies of a series are often
      // all called study.toml.
      const std::string source =
          "study " +
          p.study->lexically_relative(spec.file.parent_path()).string();
      for (const auto& key : spec.indicators) {
        auto [indicator, component] = SplitSeriesKey(key);
        const Figure* f = FindFigure(r.figures, indicator, p.year, component);
        if (f == nullptr) {
          return NotFoundError(
              fmt::format("{}: the study {} for {} does not produce {}",
                          spec.file.string(), p.study->string(), p.year, key));
        }
        values[key][p.year] = ValueOf(*f, source);
        for (const std::string& type : spec.domains) {
          CollectDomains(r.figures, key, type, p.year, source,
                         &domains[{key, type}]);
        }
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
        values[key][p.year] = {{p.year, v.value, std::nullopt, std::nullopt},
                               Published(v)};
        run.figures.push_back(SeriesFig(*indicator, component, "", "", p.year,
                                        v.value, Published(v)));
      }
    }
  }
  for (const auto& key : spec.indicators) {
    auto [indicator, component] = SplitSeriesKey(key);
    JI_RETURN_IF_ERROR(AddGrowth(spec, key, component, "series", indicator,
                                 values[key], /*strict=*/true, &run));
  }
  JI_RETURN_IF_ERROR(AddDomainGrowth(spec, domains, &run));
  return run;
}

}  // namespace jobimpact::study
