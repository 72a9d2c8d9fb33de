// Stage 7 of a study run: the total uncertainty of the figures (stages.h,
// study/uncertainty.h). The one-at-a-time re-runs start at the stage an
// assumption enters, reusing the surveys, replicate designs and the
// prepared input-output solver of the base run; the draws themselves only
// evaluate each figure's response curves, so 2,000 draws cost little more
// than the re-runs.
#include <fmt/format.h>

#include <cmath>
#include <map>
#include <tuple>

#include "jobimpact/base/parallel.h"
#include "stages.h"

namespace jobimpact::study::internal {
namespace {

// The figures of the stages from `from` on, the earlier stages' values
// taken from `base`.
Result<std::vector<Figure>> Rerun(const Settings& settings,
                                  const Pipeline& base, AssumptionStage from) {
  StageOutput out(settings, base.data);
  if (from == AssumptionStage::kNet) {
    JI_RETURN_IF_ERROR(EstimateNet(settings, base.direct, base.indirect, &out));
    return std::move(out.figures());
  }
  if (from == AssumptionStage::kIndirect) {
    JI_ASSIGN_OR_RETURN(IndirectEffects indirect,
                        EstimateIndirect(settings, base.consumption,
                                         base.io ? &*base.io : nullptr, &out));
    JI_RETURN_IF_ERROR(EstimateTotals(base.direct, indirect, &out));
    JI_RETURN_IF_ERROR(EstimateNet(settings, base.direct, indirect, &out));
    return std::move(out.figures());
  }
  // Consumption and the indirect effects do not read the direct jobs.
  JI_ASSIGN_OR_RETURN(DirectJobs direct,
                      EstimateDirectJobs(settings, base.data, &out));
  JI_RETURN_IF_ERROR(EstimateTotals(direct, base.indirect, &out));
  JI_RETURN_IF_ERROR(EstimateNet(settings, direct, base.indirect, &out));
  return std::move(out.figures());
}

using Key = std::tuple<std::string, std::string, std::string, std::string, int>;
Key KeyOf(const Figure& f) {
  return {f.indicator, f.component, f.domain_type, f.domain, f.year};
}

// Every figure's estimate with the assumption `r` at `value`; figures
// the re-run does not produce keep their base estimate.
Result<std::vector<double>> EstimatesAt(const Settings& settings,
                                        const Pipeline& base,
                                        const std::map<Key, size_t>& index,
                                        const std::vector<Figure>& figures,
                                        const RangedAssumption& r,
                                        const char* end, double value) {
  JI_ASSIGN_OR_RETURN(StudySpec spec,
                      WithAssumptionValue(*settings.spec, r.key, value));
  Settings changed = settings;
  changed.spec = &spec;
  auto rerun = Rerun(changed, base, r.stage);
  if (!rerun.ok()) {
    return Status(rerun.status().code(),
                  fmt::format("total uncertainty: {} at its {} {:g}: {}", r.key,
                              end, value, rerun.status().message()));
  }
  std::vector<double> out(figures.size());
  for (size_t i = 0; i < figures.size(); ++i) out[i] = figures[i].estimate;
  for (const Figure& f : *rerun) {
    auto it = index.find(KeyOf(f));
    if (it != index.end()) out[it->second] = f.estimate;
  }
  return out;
}

bool Moves(double at, double base) {
  return std::fabs(at - base) > 1e-12 * std::max(1.0, std::fabs(base));
}

// The run's note on what was drawn.
std::string UncertaintyNote(const StudySummary::Uncertainty& u) {
  return fmt::format(
      "total intervals: {} figures depend on assumptions with a range ({}); "
      "each has a total interval from {} Monte Carlo draws (seed {}) of those "
      "assumptions and its sampling error, and tornado rows in "
      "sensitivity.csv{}",
      u.figures, fmt::join(u.assumptions, ", "), u.draws, u.seed,
      u.failed_draws > 0 ? fmt::format("; {} draws were not finite and are "
                                       "left out (first: {})",
                                       u.failed_draws, u.first_failure)
                         : "");
}

// Sets the total intervals and method texts of the moving figures, adds
// their tornado rows, and says what was drawn in the summary and a note.
void Record(const Settings& settings,
            const std::vector<RangedAssumption>& ranged,
            const std::vector<size_t>& moving,
            const std::vector<Propagated>& results,
            const std::vector<std::vector<double>>& lo,
            const std::vector<std::vector<double>>& hi,
            std::vector<SensitivityRow>* sensitivity, StageOutput* out,
            StudySummary* summary) {
  StudySummary::Uncertainty u;
  u.draws = settings.draws;
  u.seed = settings.draws_seed;
  for (const auto& r : ranged) u.assumptions.push_back(r.key);
  std::vector<Figure>& figures = out->figures();
  for (size_t m = 0; m < moving.size(); ++m) {
    Figure& f = figures[moving[m]];
    const Propagated& p = results[m];
    const double base = f.estimate;
    auto row = [&f](std::string assumption) {
      SensitivityRow s;
      s.indicator = f.indicator;
      s.component = f.component;
      s.domain_type = f.domain_type;
      s.domain = f.domain;
      s.year = f.year;
      s.assumption = std::move(assumption);
      return s;
    };
    std::string keys;
    for (size_t j = 0; j < ranged.size(); ++j) {
      const size_t i = moving[m];
      if (!Moves(lo[j][i], base) && !Moves(hi[j][i], base)) continue;
      keys += (keys.empty() ? "" : ", ") + ranged[j].key;
      SensitivityRow s = row(ranged[j].key);
      s.low = ranged[j].assumption.low;
      s.high = ranged[j].assumption.high;
      s.at_low = lo[j][i];
      s.at_high = hi[j][i];
      s.variance_share = p.shares[j];
      sensitivity->push_back(std::move(s));
    }
    if (f.ci_low && f.ci_high) {
      SensitivityRow s = row("sampling");
      s.at_low = *f.ci_low;
      s.at_high = *f.ci_high;
      s.variance_share = p.sampling_share;
      sensitivity->push_back(std::move(s));
    }
    if (!f.level) f.level = settings.default_confidence;
    f.total_ci_low = p.low;
    f.total_ci_high = p.high;
    f.method += fmt::format(
        "; total interval at {:g}: Monte Carlo of {}{} ({} draws, seed {}; "
        "docs/method.md, total uncertainty)",
        *f.level, f.ci_low ? "the sampling error and " : "", keys,
        settings.draws, settings.draws_seed);
    if (p.failed > 0) {
      f.method += fmt::format("; {} draws not finite, left out (first: {})",
                              p.failed, p.first_failure);
      if (u.failed_draws == 0) u.first_failure = p.first_failure;
      u.failed_draws += p.failed;
    }
    ++u.figures;
  }
  out->Note(NoteKind::kAssumption, UncertaintyNote(u));
  summary->uncertainty = std::move(u);
}

}  // namespace

Status EstimateTotalUncertainty(const Settings& settings, const Pipeline& base,
                                std::vector<SensitivityRow>* sensitivity,
                                StageOutput* out, StudySummary* summary) {
  const std::vector<RangedAssumption> ranged =
      RangedAssumptions(*settings.spec);
  if (settings.draws == 0 || ranged.empty()) return Status::Ok();
  const UncertaintyOptions options{settings.draws, settings.draws_seed};
  JI_RETURN_IF_ERROR(options.Validate());
  std::vector<Figure>& figures = out->figures();
  std::map<Key, size_t> index;
  for (size_t i = 0; i < figures.size(); ++i) index[KeyOf(figures[i])] = i;
  const size_t k = ranged.size();
  std::vector<std::vector<double>> lo(k), hi(k);
  for (size_t j = 0; j < k; ++j) {
    const RangedAssumption& r = ranged[j];
    JI_ASSIGN_OR_RETURN(lo[j], EstimatesAt(settings, base, index, figures, r,
                                           "low", r.assumption.low));
    JI_ASSIGN_OR_RETURN(hi[j], EstimatesAt(settings, base, index, figures, r,
                                           "high", r.assumption.high));
  }
  std::vector<size_t> moving;
  for (size_t i = 0; i < figures.size(); ++i) {
    for (size_t j = 0; j < k; ++j) {
      if (Moves(lo[j][i], figures[i].estimate) ||
          Moves(hi[j][i], figures[i].estimate)) {
        moving.push_back(i);
        break;
      }
    }
  }
  std::vector<Propagated> results(moving.size());
  ParallelFor(moving.size(), settings.threads, 8, [&](size_t b, size_t e) {
    for (size_t m = b; m < e; ++m) {
      const Figure& f = figures[moving[m]];
      FigureResponse r;
      r.estimate = f.estimate;
      r.ci_low = f.ci_low;
      r.ci_high = f.ci_high;
      r.level = f.level.value_or(settings.default_confidence);
      r.nonnegative = f.unit != UnitName(Unit::kRatio);
      for (size_t j = 0; j < k; ++j) {
        r.at_low.push_back(lo[j][moving[m]]);
        r.at_high.push_back(hi[j][moving[m]]);
      }
      results[m] = PropagateFigure(ranged, r, options);
    }
  });
  Record(settings, ranged, moving, results, lo, hi, sensitivity, out, summary);
  return Status::Ok();
}

}  // namespace jobimpact::study::internal
