#include "jobimpact/survey/linearization.h"

#include <fmt/format.h>

#include <cmath>

#include "jobimpact/survey/calibration.h"

namespace jobimpact::survey {
namespace {

// Accumulates unit totals of z per domain, then the centred sum of squares of
// those totals over `units` units (units without an entry have total 0).
class UnitTotals {
 public:
  explicit UnitTotals(int num_domains)
      : acc_(num_domains, 0.0),
        in_unit_(num_domains, 0),
        sum_(num_domains, 0.0),
        count_(num_domains, 0) {}

  void Add(int32_t d, double z) {
    if (!in_unit_[d]) {
      in_unit_[d] = 1;
      touched_.push_back(d);
    }
    acc_[d] += z;
  }

  // Closes the current unit: its per-domain totals join the group.
  void EndUnit() {
    for (int32_t d : touched_) {
      entries_.push_back({d, acc_[d]});
      if (count_[d] == 0) group_domains_.push_back(d);
      sum_[d] += acc_[d];
      ++count_[d];
      acc_[d] = 0;
      in_unit_[d] = 0;
    }
    touched_.clear();
  }

  // Adds `scale` * sum over units of (t - tbar)^2 (centred, `units` units) or,
  // uncentred, `scale` * (sum t)^2 — to `out`, then clears the group.
  void EndGroup(double units, double scale, bool centred,
                std::vector<double>* out) {
    if (scale != 0.0) {
      if (centred) {
        std::vector<double>& v = *out;
        for (const auto& [d, t] : entries_) {
          const double mean = sum_[d] / units;
          v[d] += scale * (t - mean) * (t - mean);
        }
        for (int32_t d : group_domains_) {
          const double mean = sum_[d] / units;
          v[d] +=
              scale * (units - static_cast<double>(count_[d])) * mean * mean;
        }
      } else {
        for (int32_t d : group_domains_) (*out)[d] += scale * sum_[d] * sum_[d];
      }
    }
    for (int32_t d : group_domains_) {
      sum_[d] = 0;
      count_[d] = 0;
    }
    group_domains_.clear();
    entries_.clear();
  }

 private:
  std::vector<double> acc_;
  std::vector<uint8_t> in_unit_;
  std::vector<int32_t> touched_;
  std::vector<std::pair<int32_t, double>> entries_;
  std::vector<double> sum_;
  std::vector<int64_t> count_;
  std::vector<int32_t> group_domains_;
};

// Contribution rule for one group (stratum at stage 1, PSU at stage 2) of
// `units` sampled units with finite population correction f.
struct GroupRule {
  double scale = 0.0;
  bool centred = true;
  bool excluded = false;  // kAverage: left out and compensated.
};

GroupRule RuleFor(int units, double f, LonelyPsu policy) {
  GroupRule g;
  if (f < kCertaintyFpc) return g;  // Certainty: no contribution.
  if (units > 1) {
    g.scale = f * units / (units - 1.0);
    return g;
  }
  switch (policy) {
    case LonelyPsu::kAdjust:
      g.scale = f;
      g.centred = false;  // R: the lonely PSU's total is not centred.
      return g;
    case LonelyPsu::kAverage:
      g.excluded = true;
      return g;
    case LonelyPsu::kFail:  // Rejected when the design was built.
    case LonelyPsu::kRemove:
    case LonelyPsu::kCertainty:
      return g;  // A single centred total is zero.
  }
  return g;
}

Result<std::vector<double>> UncalibratedVariance(const Design& design,
                                                 const DomainInfluence& in) {
  const size_t n = design.num_rows();
  if (in.z.size() != n || in.domain.size() != n || in.num_domains < 1) {
    return InvalidArgumentError(fmt::format(
        "linearization: {} influence values and {} domain codes for {} rows",
        in.z.size(), in.domain.size(), n));
  }
  const int D = in.num_domains;
  std::vector<double> stage1(D, 0.0), stage2(D, 0.0);
  UnitTotals psu_totals(D), ssu_totals(D);
  // Gather z and the domain codes in the design's row order once; the
  // design's own codes are stored in that order, so the passes below are
  // sequential.
  const auto& order = design.row_order();
  std::vector<double> z(n);
  std::vector<int32_t> dom(n);
  for (size_t k = 0; k < n; ++k) {
    z[k] = in.z[order[k]];
    dom[k] = in.domain[order[k]];
    if (dom[k] >= D)
      return InternalError("linearization: domain code out of range");
  }
  const auto& rs = design.ordered_stratum();
  const auto& rp = design.ordered_psu();
  const auto& rq = design.ordered_ssu();
  const bool second = design.two_stage() && design.has_fpc();
  // R survey drops the rows outside a domain, so the kAverage compensation
  // H / (H - excluded) counts only the strata the domain has rows in.
  std::vector<int64_t> strata_in(D, 0), excluded_in(D, 0);
  std::vector<uint8_t> present(D, 0);
  std::vector<int32_t> present_list;

  size_t k = 0;
  while (k < n) {
    const int32_t h = rs[k];
    const int n_h = design.stratum_npsu()[h];
    const double f1 = FpcFactor(design.stratum_popsize()[h], n_h);
    while (k < n && rs[k] == h) {
      const int32_t p = rp[k];
      while (k < n && rp[k] == p) {
        const int32_t ssu = second ? rq[k] : 0;
        while (k < n && rp[k] == p && (!second || rq[k] == ssu)) {
          const int32_t d = dom[k];
          if (d >= 0) {
            if (!present[d]) {
              present[d] = 1;
              present_list.push_back(d);
            }
            if (z[k] != 0.0) {
              psu_totals.Add(d, z[k]);
              if (second) ssu_totals.Add(d, z[k]);
            }
          }
          ++k;
        }
        if (second) ssu_totals.EndUnit();
      }
      psu_totals.EndUnit();
      if (second) {
        // Stage-2 variance within PSU p, weighted by the stage-1 sampling
        // fraction n_h / N_h (R survey's multistage).
        const int m = design.psu_nssu()[p];
        const double f2 = FpcFactor(design.psu_popsize()[p], m);
        GroupRule g = RuleFor(m, f2, design.lonely_psu());
        const double frac1 = n_h / design.stratum_popsize()[h];
        ssu_totals.EndGroup(m, g.excluded ? 0.0 : g.scale * frac1, g.centred,
                            &stage2);
      }
    }
    GroupRule g = RuleFor(n_h, f1, design.lonely_psu());
    for (int32_t d : present_list) {
      ++strata_in[d];
      if (g.excluded) ++excluded_in[d];
      present[d] = 0;
    }
    present_list.clear();
    psu_totals.EndGroup(n_h, g.excluded ? 0.0 : g.scale, g.centred, &stage1);
  }

  std::vector<double> v(D);
  for (int d = 0; d < D; ++d) {
    double compensation = 1.0;
    if (excluded_in[d] > 0) {
      // All of the domain's strata lonely: nothing to average over (NaN,
      // reported by the caller).
      compensation =
          excluded_in[d] < strata_in[d]
              ? static_cast<double>(strata_in[d]) /
                    static_cast<double>(strata_in[d] - excluded_in[d])
              : std::nan("");
    }
    v[d] = stage1[d] * compensation + stage2[d];
  }
  return v;
}

}  // namespace

Result<std::vector<double>> LinearizedVariance(const Design& design,
                                               const DomainInfluence& in) {
  const CalibrationInfo* cal = design.calibration();
  if (cal == nullptr) return UncalibratedVariance(design, in);
  if (in.z.size() != design.num_rows() ||
      in.domain.size() != design.num_rows()) {
    return InvalidArgumentError(
        "linearization: influence size differs from the design");
  }
  // Calibrated weights: each domain's influence values are replaced by their
  // residuals on the calibration variables, which are non-zero outside the
  // domain too, so domains are handled one at a time.
  const size_t n = design.num_rows();
  std::vector<double> v(in.num_domains);
  for (int d = 0; d < in.num_domains; ++d) {
    DomainInfluence one;
    one.z.assign(n, 0.0);
    for (size_t i = 0; i < n; ++i) {
      if (in.domain[i] == d) one.z[i] = in.z[i];
    }
    one.z = CalibrationResiduals(*cal, design.weights(), one.z);
    one.domain.assign(n, 0);
    one.num_domains = 1;
    JI_ASSIGN_OR_RETURN(auto vd, UncalibratedVariance(design, one));
    v[d] = vd[0];
  }
  return v;
}

}  // namespace jobimpact::survey
