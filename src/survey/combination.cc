#include "jobimpact/survey/combination.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace jobimpact::survey {

Combination Combination::Constant(double value, bool unknown) {
  Combination c;
  c.constant = value;
  c.unknown = unknown;
  return c;
}

Combination Combination::Of(int sample, RatioTerm term) {
  Combination c;
  c.terms.push_back({sample, std::move(term)});
  return c;
}

Combination& Combination::operator+=(const Combination& other) {
  if (terms.empty()) {
    respondents = other.respondents;
  } else if (!other.terms.empty()) {
    respondents =
        respondents && other.respondents
            ? std::optional<int64_t>(*respondents + *other.respondents)
            : std::nullopt;
  }
  constant += other.constant;
  unknown = unknown || other.unknown;
  terms.insert(terms.end(), other.terms.begin(), other.terms.end());
  return *this;
}

Combination Combination::Scaled(double factor) const {
  Combination c = *this;
  c.constant *= factor;
  for (auto& t : c.terms) t.term.scale *= factor;
  return c;
}

Result<CombinedEstimate> EstimateCombination(const std::vector<Sample>& samples,
                                             const Combination& c) {
  CombinedEstimate out;
  out.estimate = c.constant;
  out.respondents = c.respondents;
  if (c.terms.empty()) return out;
  std::map<int, std::vector<RatioTerm>> by_sample;
  for (const auto& t : c.terms) by_sample[t.sample].push_back(t.term);
  double variance = 0;
  int df = std::numeric_limits<int>::max();
  std::optional<double> level;
  for (const auto& [index, terms] : by_sample) {
    const Sample& s = samples.at(static_cast<size_t>(index));
    auto e = EstimateRatioSum(*s.design, terms, s.options, *s.table);
    if (!e.ok()) return e.status().WithPrefix(s.label);
    if (level && *level != s.options.confidence) {
      return InvalidArgumentError(fmt::format(
          "combines surveys with confidence levels {:g} and {:g}; declare the "
          "same confidence in every survey's design",
          *level, s.options.confidence));
    }
    level = s.options.confidence;
    out.estimate += e->estimate;
    // Independent samples: variances add (Cochran 1977, §5.2 for strata).
    variance += e->se * e->se;
    df = std::min(df, e->df);
    out.n += e->n;
    out.method +=
        (out.method.empty() ? "" : " + ") + s.label + ": " + e->method;
    if (!e->has_interval() && out.note.empty()) {
      out.note = s.label + ": " + e->note;
    }
  }
  out.df = df;
  if (c.unknown || !out.note.empty()) return out;
  JI_ASSIGN_OR_RETURN(double tq, StudentTQuantile((1 + *level) / 2, df));
  out.se = std::sqrt(variance);
  out.ci_low = out.estimate - tq * *out.se;
  out.ci_high = out.estimate + tq * *out.se;
  out.level = level;
  return out;
}

Result<std::optional<CombinedEstimate>> EstimateQuotient(
    const std::vector<Sample>& samples, const Combination& numerator,
    const Combination& denominator) {
  if (numerator.terms.empty()) return std::optional<CombinedEstimate>();
  JI_ASSIGN_OR_RETURN(CombinedEstimate a,
                      EstimateCombination(samples, numerator));
  JI_ASSIGN_OR_RETURN(CombinedEstimate b,
                      EstimateCombination(samples, denominator));
  if (!(b.estimate > 0)) return std::optional<CombinedEstimate>();
  const double r = a.estimate / b.estimate;
  // Linearised quotient (A - R B) / B: its variance is the delta-method
  // variance of R (Woodruff 1971).
  Combination lin = numerator.Scaled(1.0 / b.estimate);
  lin += denominator.Scaled(-r / b.estimate);
  JI_ASSIGN_OR_RETURN(CombinedEstimate q, EstimateCombination(samples, lin));
  // The interval of the linearised quantity, centred on R; the numerator's
  // respondents (a domain's share of a whole).
  q.estimate = r;
  q.respondents = numerator.respondents;
  if (q.ci_low) {
    const double half = (*q.ci_high - *q.ci_low) / 2;
    q.ci_low = r - half;
    q.ci_high = r + half;
  }
  return std::optional<CombinedEstimate>(std::move(q));
}

}  // namespace jobimpact::survey
