// The helpers every stage uses to turn quantities into figures: one
// interval rule, one way of naming a figure in errors.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "jobimpact/survey/ranking.h"
#include "stages.h"

namespace jobimpact::study::internal {

std::string RangeText(const Assumption& a) {
  if (!a.ranged()) return "";
  return fmt::format(
      "; stated range [{:g}, {:g}] ({}), in the total interval, not the "
      "sampling interval",
      a.low, a.high, DistributionName(a.distribution));
}

Quantity Published(double value) {
  return Quantity::Constant(value, /*unknown=*/true);
}

Settings SettingsFor(const StudySpec& spec, const StudyOptions& options) {
  Settings s;
  s.spec = &spec;
  // Options first, then the study file, then 0.95 (docs/study-format.md).
  s.default_confidence =
      options.confidence.value_or(spec.confidence.value_or(0.95));
  s.solver = options.solver.value_or(spec.io.solver);
  s.threads = options.threads;
  s.draws = options.draws;
  s.draws_seed = options.draws_seed;
  return s;
}

const table::Column& LoadedSurvey::ByRole(const std::string& role) const {
  return *table.Find(spec->columns.at(role));
}

std::string LoadedSurvey::Cell(size_t row, const std::string& role) const {
  return fmt::format("{}:{}: column \"{}\" (role {})", table.source(),
                     table.LineOfRow(row), spec->columns.at(role), role);
}

std::vector<survey::Sample> SurveyData::Samples() const {
  std::vector<survey::Sample> samples;
  samples.reserve(contexts.size());
  for (const auto& c : contexts) {
    samples.push_back({c->label, &*c->design, &c->table, c->options});
  }
  return samples;
}

survey::RatioTerm TermOverAnswers(std::vector<double> y, std::vector<double> x,
                                  double scale) {
  for (size_t i = 0; i < y.size(); ++i) {
    if (std::isnan(y[i]) || std::isnan(x[i])) y[i] = x[i] = 0;
  }
  return survey::RatioTerm{std::move(y), std::move(x), scale};
}

Figure Fig(Indicator indicator, std::string component, std::string domain_type,
           std::string domain, double estimate, std::string method) {
  Figure f;
  f.indicator = IndicatorName(indicator);
  f.component = std::move(component);
  f.domain_type = std::move(domain_type);
  f.domain = std::move(domain);
  f.estimate = estimate;
  f.unit = UnitName(Info(indicator).unit);
  f.method = std::move(method);
  return f;
}

void StageOutput::Add(Figure f) {
  f.year = settings_.spec->year;
  figures_.push_back(std::move(f));
}

void StageOutput::Note(NoteKind kind, std::string text) {
  notes_.push_back({kind, std::move(text)});
}

// "FILE: INDICATOR of COMPONENT in TYPE=DOMAIN", for errors the estimator
// cannot phrase: it does not know which figure it computes.
std::string StageOutput::FigureName(Indicator indicator,
                                    const std::string& component,
                                    const std::string& domain_type,
                                    const std::string& domain) const {
  return fmt::format("{}: {}{}{}", settings_.spec->file.string(),
                     IndicatorName(indicator),
                     component.empty() ? "" : " of " + component,
                     domain.empty() ? "" : " in " + domain_type + "=" + domain);
}

// One rule for every interval: jobs and yuan cannot be negative, so the t
// interval is cut at 0 (shares are cut to [0, 1] in AddShare); the standard
// error is the estimator's.
Figure StageOutput::FigureOf(Indicator indicator, const std::string& component,
                             const std::string& domain_type,
                             const std::string& domain,
                             const survey::CombinedEstimate& e, bool terms,
                             bool unknown, const std::string& formula) const {
  Figure f =
      Fig(indicator, component, domain_type, domain, e.estimate, formula);
  if (!terms) return f;
  f.n = e.n;
  f.respondents = e.respondents;
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
  f.quality = survey::ClassifyEstimate(
      f.estimate, *f.se, e.respondents.value_or(e.n),
      settings_.spec->quality.value_or(survey::QualityOptions()));
  return f;
}

Result<Figure> StageOutput::Evaluate(Indicator indicator,
                                     const std::string& component,
                                     const std::string& domain_type,
                                     const std::string& domain,
                                     const Quantity& q,
                                     const std::string& formula) const {
  auto e = survey::EstimateCombination(samples_, q);
  if (!e.ok()) {
    return e.status().WithPrefix(
        FigureName(indicator, component, domain_type, domain));
  }
  return FigureOf(indicator, component, domain_type, domain, *e,
                  !q.terms.empty(), q.unknown, formula);
}

Status StageOutput::AddEvaluated(Indicator indicator,
                                 const std::string& component,
                                 const std::string& domain_type,
                                 const std::string& domain, const Quantity& q,
                                 const std::string& formula) {
  JI_ASSIGN_OR_RETURN(Figure f, Evaluate(indicator, component, domain_type,
                                         domain, q, formula));
  Add(std::move(f));
  return Status::Ok();
}

Status StageOutput::AddTopProbabilities(
    const std::string& component, const std::string& domain_type,
    const std::vector<std::pair<std::string, Quantity>>& domains) {
  survey::RankingOptions opt;
  opt.top_n = settings_.spec->top_n.value_or(10);
  if (domains.size() <= static_cast<size_t>(opt.top_n)) return Status::Ok();
  std::vector<Quantity> items;
  std::vector<double> estimates;
  for (const auto& [label, q] : domains) {
    if (q.unknown) return Status::Ok();  // Published: no ranking to give.
    items.push_back(q);
  }
  const std::string where =
      (component.empty() ? "study-wide" : "component " + component) + " " +
      domain_type;
  auto cov = survey::EstimateCovariance(samples_, items);
  if (!cov.ok()) return cov.status().WithPrefix(where + " ranking");
  if (!cov->has_value()) {
    Note(NoteKind::kNotReported,
         where +
             ": jobs_top_probability is not reported: a domain's jobs "
             "have no standard error");
    return Status::Ok();
  }
  for (const Quantity& q : items) {
    JI_ASSIGN_OR_RETURN(survey::CombinedEstimate e,
                        survey::EstimateCombination(samples_, q));
    estimates.push_back(e.estimate);
  }
  survey::RankingSummary summary;
  JI_ASSIGN_OR_RETURN(
      std::vector<double> p,
      survey::TopNProbabilities(estimates, **cov, opt, &summary));
  const std::string method = fmt::format(
      "probability that the domain's direct jobs are among the {} largest of "
      "the {} {} domains: Monte Carlo, {} draws (seed {}, Monte Carlo se <= "
      "{:.3f}) from the normal approximation of the domain estimates with "
      "their full design-based covariance (polarization of the variances of "
      "pairwise sums){}",
      opt.top_n, domains.size(), domain_type, summary.draws, opt.seed,
      summary.mc_se_bound,
      summary.clipped_eigenvalues > 0
          ? fmt::format("; {} negative eigenvalue(s) of the estimated "
                        "covariance set to 0",
                        summary.clipped_eigenvalues)
          : "");
  for (size_t i = 0; i < domains.size(); ++i) {
    Add(Fig(Indicator::kJobsTopProbability, component, domain_type,
            domains[i].first, p[i], method));
  }
  return Status::Ok();
}

Status StageOutput::AddShare(Indicator indicator, const std::string& component,
                             const std::string& domain_type,
                             const std::string& domain, const Quantity& num,
                             const Quantity& den, const std::string& formula) {
  if (num.unknown || den.unknown) return Status::Ok();
  auto e = survey::EstimateQuotient(samples_, num, den);
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

}  // namespace jobimpact::study::internal
