#include "jobimpact/study/uncertainty.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>

#include "jobimpact/base/hash_random.h"

namespace jobimpact::study {
namespace {

// Calls fn(key, stage, assumption) for every assumption of the study, in
// file order; Spec is StudySpec or const StudySpec. The one table of the
// study's assumptions: their key paths and the stage each enters.
template <typename Spec, typename Fn>
void ForEachAssumption(Spec& spec, Fn fn) {
  using S = AssumptionStage;
  if (spec.measures.parttime_fte) {
    fn(std::string("measures.parttime_fte"), S::kDirectJobs,
       *spec.measures.parttime_fte);
  }
  if (spec.indirect &&
      spec.indirect->jobs_method == JobsMethod::kOutputPerJob) {
    fn(std::string("indirect.output_per_job"), S::kIndirect,
       spec.indirect->output_per_job);
  }
  if (!spec.net) return;
  for (const auto& [factor, name] : AdditionalityFactors()) {
    auto it = spec.net->study.find(factor);
    if (it != spec.net->study.end()) {
      fn("net." + std::string(name), S::kNet, it->second);
    }
  }
  for (auto& [id, factors] : spec.net->components) {
    for (auto& [factor, a] : factors) {
      fn(fmt::format("net.components.{}.{}", id,
                     AdditionalityFactorName(factor)),
         S::kNet, a);
    }
  }
}

// A stream per assumption from its key (FNV-1a), so adding an assumption
// to a study does not change the draws of the others; never 0, the
// sampling error's stream.
uint64_t StreamOf(const std::string& key) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : key) h = (h ^ c) * 0x100000001b3ULL;
  return h | 1;
}

// The quadratic through (low, f_lo), (value, f0), (high, f_hi) at x; the
// line through the two distinct points when value is an end of the range.
double Response(const Assumption& a, double f0, double f_lo, double f_hi,
                double x) {
  const double l = a.low, v = a.value, h = a.high;
  if (v == l) return f0 + (f_hi - f0) * (x - v) / (h - v);
  if (v == h) return f0 + (f0 - f_lo) * (x - v) / (v - l);
  // Lagrange form.
  return f_lo * (x - v) * (x - h) / ((l - v) * (l - h)) +
         f0 * (x - l) * (x - h) / ((v - l) * (v - h)) +
         f_hi * (x - l) * (x - v) / ((h - l) * (h - v));
}

// Type 7 quantile (Hyndman & Fan 1996) of sorted x.
double SortedQuantile(const std::vector<double>& x, double p) {
  const double h = (static_cast<double>(x.size()) - 1) * p;
  const size_t lo = static_cast<size_t>(std::floor(h));
  if (lo + 1 >= x.size()) return x.back();
  return x[lo] + (h - static_cast<double>(lo)) * (x[lo + 1] - x[lo]);
}

double Variance(const std::vector<double>& x) {
  if (x.size() < 2) return 0.0;
  double mean = 0;
  for (double v : x) mean += v;
  mean /= static_cast<double>(x.size());
  double ss = 0;
  for (double v : x) ss += (v - mean) * (v - mean);
  return ss / static_cast<double>(x.size() - 1);
}

}  // namespace

std::vector<RangedAssumption> RangedAssumptions(const StudySpec& spec) {
  std::vector<RangedAssumption> out;
  ForEachAssumption(spec, [&](const std::string& key, AssumptionStage stage,
                              const Assumption& a) {
    if (a.ranged()) out.push_back({key, a, stage});
  });
  return out;
}

Result<StudySpec> WithAssumptionValue(const StudySpec& spec,
                                      const std::string& key, double value) {
  StudySpec out = spec;
  bool found = false;
  std::string keys;
  ForEachAssumption(out,
                    [&](const std::string& k, AssumptionStage, Assumption& a) {
                      keys += (keys.empty() ? "" : ", ") + k;
                      if (k != key) return;
                      a.value = value;
                      found = true;
                    });
  if (!found) {
    return InvalidArgumentError(fmt::format(
        "{}: \"{}\" is not an assumption of the study (its assumptions: {})",
        spec.file.string(), key, keys.empty() ? "none" : keys));
  }
  return out;
}

double AssumptionQuantile(const Assumption& a, double u) {
  if (!a.ranged()) return a.value;
  const double l = a.low, h = a.high, v = a.value;
  switch (a.distribution) {
    case Distribution::kUniform:
      return l + u * (h - l);
    case Distribution::kTriangular: {
      // Inverse CDF of the triangular distribution with mode v.
      const double fv = (v - l) / (h - l);
      if (u < fv) return l + std::sqrt(u * (h - l) * (v - l));
      return h - std::sqrt((1 - u) * (h - l) * (h - v));
    }
    case Distribution::kNormal: {
      // Truncated normal by inversion: Phi^-1(Phi(a) + u (Phi(b) - Phi(a))).
      const boost::math::normal n(v, a.sd);
      const double pl = boost::math::cdf(n, l), ph = boost::math::cdf(n, h);
      const double p = pl + u * (ph - pl);
      if (!(p > 0 && p < 1)) return p <= 0 ? l : h;
      return std::clamp(boost::math::quantile(n, p), l, h);
    }
  }
  return v;
}

Status UncertaintyOptions::Validate() const {
  if (draws < 1 || draws > 10000000) {
    return InvalidArgumentError(
        fmt::format("draws: expected 1 to 10000000, got {}", draws));
  }
  return Status::Ok();
}

Propagated PropagateFigure(const std::vector<RangedAssumption>& assumptions,
                           const FigureResponse& f,
                           const UncertaintyOptions& options) {
  const size_t k = assumptions.size();
  const double f0 = f.estimate;
  const bool product = f0 != 0;
  // The sampling error's halves: the normal whose quantiles at the level
  // are the interval's ends.
  double sd_lo = 0, sd_hi = 0;
  if (f.ci_low && f.ci_high) {
    const double z =
        boost::math::quantile(boost::math::normal(), (1 + f.level) / 2);
    sd_lo = (f0 - *f.ci_low) / z;
    sd_hi = (*f.ci_high - f0) / z;
  }
  const HashStream sampling(options.seed, 0);
  std::vector<HashStream> streams;
  for (const auto& r : assumptions) {
    streams.emplace_back(options.seed, StreamOf(r.key));
  }
  Propagated p;
  std::vector<double> draws, sampled;
  std::vector<std::vector<double>> alone(k);
  draws.reserve(options.draws);
  std::vector<double> x(k);
  for (int d = 0; d < options.draws; ++d) {
    double value = f0;
    for (size_t j = 0; j < k; ++j) {
      const Assumption& a = assumptions[j].assumption;
      x[j] = AssumptionQuantile(a, streams[j].Uniform(d));
      const double g = Response(a, f0, f.at_low[j], f.at_high[j], x[j]);
      alone[j].push_back(g);
      value = product ? value * (g / f0) : value + (g - f0);
    }
    const double z = sampling.Normal(d);
    const double e = z * (z < 0 ? sd_lo : sd_hi);
    sampled.push_back(e);
    value = product ? value * (1 + e / f0) : value + e;
    if (f.nonnegative) value = std::max(value, 0.0);
    if (!std::isfinite(value)) {
      if (p.failed++ == 0) {
        std::string values;
        for (size_t j = 0; j < k; ++j) {
          values += fmt::format(", {} = {:g}", assumptions[j].key, x[j]);
        }
        p.first_failure = fmt::format(
            "draw {} (sampling deviation {:g}{}) is not a finite number", d, e,
            values);
      }
      continue;
    }
    draws.push_back(value);
  }
  if (!draws.empty()) {
    std::sort(draws.begin(), draws.end());
    p.low = SortedQuantile(draws, (1 - f.level) / 2);
    p.high = SortedQuantile(draws, (1 + f.level) / 2);
  }
  // First-order variance shares: each input's own variance over their sum.
  std::vector<double> v(k + 1);
  double sum = 0;
  for (size_t j = 0; j <= k; ++j) {
    v[j] = Variance(j < k ? alone[j] : sampled);
    if (!std::isfinite(v[j])) v[j] = 0;
    sum += v[j];
  }
  for (size_t j = 0; j < k; ++j) p.shares.push_back(sum > 0 ? v[j] / sum : 0);
  p.sampling_share = sum > 0 ? v[k] / sum : 0;
  return p;
}

}  // namespace jobimpact::study
