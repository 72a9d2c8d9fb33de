#include "jobimpact/survey/calibration.h"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <set>

#include "jobimpact/table/csv_reader.h"

namespace jobimpact::survey {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Relative misfit as R survey's grake measures it.
double Misfit(double target, double achieved) {
  return std::fabs(target - achieved) / (1 + std::fabs(target));
}

// Iterative proportional fitting: each margin in turn, w <- w N_l / N_hat_l,
// until every margin is met (one pass suffices for post-stratification).
Result<std::vector<double>> Ipf(const CalibrationInfo& info,
                                const std::vector<double>& w0,
                                CalibrationSummary* summary) {
  const auto& opts = info.options;
  std::vector<double> w = w0;
  const size_t n = w.size();
  int it = 0;
  double worst = kInf;
  for (; it < opts.max_iterations && worst >= opts.tolerance; ++it) {
    for (size_t m = 0; m < opts.margins.size(); ++m) {
      const auto& level = info.margin_level[m];
      std::vector<double> sum(opts.margins[m].counts.size(), 0.0);
      for (size_t i = 0; i < n; ++i) sum[level[i]] += w[i];
      std::vector<double> factor(sum.size());
      size_t k = 0;
      for (const auto& [name, count] : opts.margins[m].counts) {
        factor[k] = sum[k] > 0 ? count / sum[k] : 0.0;
        ++k;
      }
      for (size_t i = 0; i < n; ++i) w[i] *= factor[level[i]];
    }
    worst = 0;
    for (size_t m = 0; m < opts.margins.size(); ++m) {
      const auto& level = info.margin_level[m];
      std::vector<double> sum(opts.margins[m].counts.size(), 0.0);
      for (size_t i = 0; i < n; ++i) sum[level[i]] += w[i];
      size_t k = 0;
      for (const auto& [name, count] : opts.margins[m].counts) {
        worst = std::max(worst, Misfit(count, sum[k++]));
      }
    }
  }
  if (summary) {
    summary->iterations = it;
    summary->max_misfit = worst;
  }
  if (worst >= opts.tolerance) {
    return NumericalError(fmt::format(
        "raking did not converge: relative misfit {:.3g} after {} iterations "
        "(tolerance {:g}); check that the margins are consistent",
        worst, it, opts.tolerance));
  }
  return w;
}

// Generalised raking by Newton's method (Deville & Särndal 1992; R survey's
// grake): g = 1 + F^-1(x' eta) with F^-1 the inverse calibration function.
Result<std::vector<double>> Newton(const CalibrationInfo& info,
                                   const std::vector<double>& w0,
                                   const Eigen::VectorXd& target,
                                   CalibrationSummary* summary) {
  const auto& opts = info.options;
  const size_t n = w0.size();
  const Eigen::Index p = static_cast<Eigen::Index>(info.x.size());
  const bool raking = opts.method == CalibrationMethod::kRaking;
  const double lo = opts.lower - 1, hi = opts.upper - 1;
  auto fm1 = [&](double u) {
    return raking ? std::exp(u) - 1 : std::clamp(u, lo, hi);
  };
  auto df = [&](double u) {
    return raking ? std::exp(u) : (u > lo && u < hi ? 1.0 : 0.0);
  };
  Eigen::VectorXd eta = Eigen::VectorXd::Zero(p);
  std::vector<double> u(n, 0.0);
  auto xeta = [&]() {
    for (size_t i = 0; i < n; ++i) {
      double s = 0;
      for (Eigen::Index k = 0; k < p; ++k) s += info.x[k][i] * eta(k);
      u[i] = s;
    }
  };
  auto misfit = [&]() {
    Eigen::VectorXd achieved = Eigen::VectorXd::Zero(p);
    for (size_t i = 0; i < n; ++i) {
      const double wg = w0[i] * (1 + fm1(u[i]));
      for (Eigen::Index k = 0; k < p; ++k) achieved(k) += wg * info.x[k][i];
    }
    return Eigen::VectorXd(target - achieved);
  };
  int it = 0;
  double worst = kInf;
  for (; it < opts.max_iterations; ++it) {
    Eigen::MatrixXd t = Eigen::MatrixXd::Zero(p, p);
    for (size_t i = 0; i < n; ++i) {
      const double d = w0[i] * df(u[i]);
      if (d == 0) continue;
      for (Eigen::Index a = 0; a < p; ++a) {
        for (Eigen::Index b = 0; b <= a; ++b)
          t(a, b) += d * info.x[a][i] * info.x[b][i];
      }
    }
    t = t.selfadjointView<Eigen::Lower>();
    Eigen::VectorXd step = t.completeOrthogonalDecomposition().solve(misfit());
    eta += step;
    xeta();
    // Step halving while the weights are not finite (R survey's grake).
    for (int h = 0; h < 30; ++h) {
      bool finite = true;
      for (size_t i = 0; i < n && finite; ++i)
        finite = std::isfinite(fm1(u[i]));
      if (finite) break;
      step /= 2;
      eta -= step;
      xeta();
    }
    Eigen::VectorXd r = misfit();
    worst = 0;
    for (Eigen::Index k = 0; k < p; ++k)
      worst = std::max(worst, Misfit(target(k), target(k) - r(k)));
    if (worst < opts.tolerance) break;
  }
  if (summary) {
    summary->iterations = it + 1;
    summary->max_misfit = worst;
  }
  if (!(worst < opts.tolerance)) {
    return NumericalError(fmt::format(
        "calibration did not converge: relative misfit {:.3g} after {} "
        "iterations "
        "(tolerance {:g}); the targets may be unreachable within the bounds "
        "[{:g}, {:g}]",
        worst, opts.max_iterations, opts.tolerance, opts.lower, opts.upper));
  }
  std::vector<double> w(n);
  for (size_t i = 0; i < n; ++i) w[i] = w0[i] * (1 + fm1(u[i]));
  return w;
}

Eigen::VectorXd Targets(const CalibrationInfo& info) {
  std::vector<double> t;
  const auto& opts = info.options;
  for (size_t m = 0; m < opts.margins.size(); ++m) {
    bool first = true;
    for (const auto& [level, count] : opts.margins[m].counts) {
      if (m > 0 && first) {  // Implied by the first margin's levels.
        first = false;
        continue;
      }
      first = false;
      t.push_back(count);
    }
  }
  for (const auto& nt : opts.totals) t.push_back(nt.total);
  return Eigen::Map<Eigen::VectorXd>(t.data(),
                                     static_cast<Eigen::Index>(t.size()));
}

Result<std::vector<double>> CalibrateWith(const CalibrationInfo& info,
                                          const std::vector<double>& w0,
                                          CalibrationSummary* summary) {
  switch (info.method) {
    case CalibrationMethod::kPostStratify:
    case CalibrationMethod::kRake:
      return Ipf(info, w0, summary);
    case CalibrationMethod::kLinear:
    case CalibrationMethod::kRaking:
      return Newton(info, w0, Targets(info), summary);
  }
  return InternalError("unknown calibration method");
}

}  // namespace

Result<CalibrationMethod> ParseCalibrationMethod(const std::string& name) {
  if (name == "poststratify") return CalibrationMethod::kPostStratify;
  if (name == "rake") return CalibrationMethod::kRake;
  if (name == "linear") return CalibrationMethod::kLinear;
  if (name == "raking") return CalibrationMethod::kRaking;
  return InvalidArgumentError(
      "unknown calibration method \"" + name +
      "\" (expected poststratify, rake, linear or raking)");
}

const char* CalibrationMethodName(CalibrationMethod method) {
  switch (method) {
    case CalibrationMethod::kPostStratify:
      return "poststratify";
    case CalibrationMethod::kRake:
      return "rake";
    case CalibrationMethod::kLinear:
      return "linear";
    case CalibrationMethod::kRaking:
      return "raking";
  }
  return "?";
}

Status CalibrationOptions::Validate() const {
  const bool ipf = method == CalibrationMethod::kPostStratify ||
                   method == CalibrationMethod::kRake;
  if (method == CalibrationMethod::kPostStratify &&
      (margins.size() != 1 || !totals.empty())) {
    return InvalidArgumentError(
        "post-stratification takes exactly one categorical margin");
  }
  if (ipf && !totals.empty()) {
    return InvalidArgumentError(
        "raking takes categorical margins only; use linear or "
        "raking calibration for numeric totals");
  }
  if (margins.empty() && totals.empty()) {
    return InvalidArgumentError(
        "calibration needs at least one margin or total");
  }
  if ((lower != -kInf || upper != kInf) &&
      method != CalibrationMethod::kLinear) {
    return InvalidArgumentError("bounds apply to linear calibration only");
  }
  if (!(lower < 1 && upper > 1)) {
    return InvalidArgumentError(fmt::format(
        "calibration bounds must satisfy lower < 1 < upper, got [{:g}, {:g}]",
        lower, upper));
  }
  if (max_iterations < 1 || !(tolerance > 0)) {
    return InvalidArgumentError(
        "calibration needs max_iterations >= 1 and tolerance > 0");
  }
  std::optional<double> population;
  for (const auto& m : margins) {
    double sum = 0;
    for (const auto& [level, count] : m.counts) {
      if (!(count >= 0) || !std::isfinite(count)) {
        return InvalidArgumentError(
            fmt::format("margin \"{}\": population count of level \"{}\" must "
                        "be >= 0, got {:g}",
                        m.column, level, count));
      }
      sum += count;
    }
    if (population && std::fabs(sum - *population) > 1e-9 * *population) {
      return InvalidArgumentError(
          fmt::format("margin \"{}\" sums to {:.10g} but margin \"{}\" to "
                      "{:.10g}: the margins are "
                      "inconsistent (they must describe the same population)",
                      m.column, sum, margins.front().column, *population));
    }
    population = sum;
  }
  return Status::Ok();
}

Result<Design> Calibrate(const Design& design, const table::Table& t,
                         const CalibrationOptions& options,
                         CalibrationSummary* summary) {
  JI_RETURN_IF_ERROR(options.Validate());
  if (design.calibration()) {
    return InvalidArgumentError("the design is already calibrated");
  }
  const size_t n = t.num_rows();
  auto info = std::make_shared<CalibrationInfo>();
  info->method = options.method;
  info->options = options;
  info->base_weights = design.weights();
  // Margins: level codes in the order of the population table (sorted).
  for (size_t m = 0; m < options.margins.size(); ++m) {
    const Margin& margin = options.margins[m];
    JI_ASSIGN_OR_RETURN(const table::Column* c, t.Get(margin.column));
    std::map<std::string, int32_t> code;
    for (const auto& [level, count] : margin.counts) {
      code.emplace(level, static_cast<int32_t>(code.size()));
    }
    std::vector<int32_t> level(n);
    std::vector<int64_t> seen(code.size(), 0);
    for (size_t i = 0; i < n; ++i) {
      const std::string v = c->IsMissing(i) ? "" : c->CellText(i);
      auto it = code.find(v);
      if (it == code.end() || margin.counts.at(v) == 0) {
        return InvalidArgumentError(
            fmt::format("{}:{}: column \"{}\": level \"{}\" occurs in the "
                        "sample but the margin gives it "
                        "no population count",
                        t.source(), t.LineOfRow(i), margin.column, v));
      }
      level[i] = it->second;
      ++seen[it->second];
    }
    for (const auto& [lv, count] : margin.counts) {
      if (count > 0 && seen[code.at(lv)] == 0) {
        return InvalidArgumentError(
            fmt::format("margin \"{}\": level \"{}\" has a population count of "
                        "{:g} but no sample rows, "
                        "so it cannot be reached",
                        margin.column, lv, count));
      }
    }
    // Calibration variables: level indicators (the first level of later
    // margins is implied by the first margin and left out).
    for (size_t k = 0; k < margin.counts.size(); ++k) {
      if (m > 0 && k == 0) continue;
      std::vector<double> ind(n, 0.0);
      for (size_t i = 0; i < n; ++i)
        ind[i] = level[i] == static_cast<int32_t>(k) ? 1.0 : 0.0;
      info->x.push_back(std::move(ind));
    }
    info->margin_level.push_back(std::move(level));
  }
  for (const auto& nt : options.totals) {
    JI_ASSIGN_OR_RETURN(const table::Column* c, t.Get(nt.column));
    if (c->type() != table::ColumnType::kDouble) {
      return InvalidArgumentError(
          fmt::format("{}: calibration total column \"{}\" is not numeric",
                      t.source(), nt.column));
    }
    for (size_t i = 0; i < n; ++i) {
      if (c->IsMissing(i)) {
        return InvalidArgumentError(
            fmt::format("{}:{}: column \"{}\": missing value in a "
                        "calibration variable",
                        t.source(), t.LineOfRow(i), nt.column));
      }
    }
    info->x.push_back(c->doubles());
  }
  // Collinear targets would make the calibration equations singular.
  if (options.method == CalibrationMethod::kLinear ||
      options.method == CalibrationMethod::kRaking) {
    const Eigen::Index p = static_cast<Eigen::Index>(info->x.size());
    Eigen::MatrixXd m = Eigen::MatrixXd::Zero(p, p);
    for (size_t i = 0; i < n; ++i) {
      for (Eigen::Index a = 0; a < p; ++a) {
        for (Eigen::Index b = 0; b < p; ++b) {
          m(a, b) += info->base_weights[i] * info->x[a][i] * info->x[b][i];
        }
      }
    }
    Eigen::FullPivLU<Eigen::MatrixXd> lu(m);
    if (lu.rank() < p) {
      return InvalidArgumentError(
          "the calibration targets are collinear (a total repeats "
          "what the margins already fix)");
    }
  }
  CalibrationSummary local;
  JI_ASSIGN_OR_RETURN(std::vector<double> w,
                      CalibrateWith(*info, info->base_weights, &local));
  info->g.resize(n);
  double gmin = kInf, gmax = -kInf;
  for (size_t i = 0; i < n; ++i) {
    info->g[i] = w[i] / info->base_weights[i];
    gmin = std::min(gmin, info->g[i]);
    gmax = std::max(gmax, info->g[i]);
    if (!(w[i] > 0) && options.method != CalibrationMethod::kLinear) {
      return NumericalError("calibration produced a non-positive weight");
    }
  }
  std::string targets;
  for (const auto& m : options.margins)
    targets += (targets.empty() ? "" : ", ") + m.column;
  for (const auto& nt : options.totals)
    targets += (targets.empty() ? "" : ", ") + nt.column + " total";
  info->description = fmt::format(
      "calibrated ({}) to {}", CalibrationMethodName(options.method), targets);
  local.g_min = gmin;
  local.g_max = gmax;
  local.description = info->description;
  if (summary) *summary = local;
  return design.WithCalibration(std::move(w), std::move(info));
}

Result<std::vector<double>> RecalibrateWeights(const CalibrationInfo& info,
                                               const std::vector<double>& w0) {
  return CalibrateWith(info, w0, nullptr);
}

std::vector<double> CalibrationResiduals(const CalibrationInfo& info,
                                         const std::vector<double>& w,
                                         const std::vector<double>& z) {
  const size_t n = z.size();
  std::vector<double> r = z;
  if (info.method == CalibrationMethod::kRake) {
    // R survey's raking variance: ten passes of within-margin centring of
    // z / w (unweighted level means), scaled back by w.
    for (int pass = 0; pass < 10; ++pass) {
      for (size_t m = 0; m < info.margin_level.size(); ++m) {
        const auto& level = info.margin_level[m];
        const size_t L = info.options.margins[m].counts.size();
        std::vector<double> sum(L, 0.0);
        std::vector<int64_t> count(L, 0);
        for (size_t i = 0; i < n; ++i) {
          sum[level[i]] += r[i] / w[i];
          ++count[level[i]];
        }
        for (size_t i = 0; i < n; ++i) {
          r[i] -= w[i] * sum[level[i]] / static_cast<double>(count[level[i]]);
        }
      }
    }
    return r;
  }
  // GREG residuals: z - w (x' beta), beta = (sum w0 x x')^-1 sum x z / g.
  const Eigen::Index p = static_cast<Eigen::Index>(info.x.size());
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(p, p);
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(p);
  for (size_t i = 0; i < n; ++i) {
    const double w0 = info.base_weights[i];
    for (Eigen::Index a = 0; a < p; ++a) {
      rhs(a) += info.x[a][i] * z[i] / info.g[i];
      for (Eigen::Index b = 0; b <= a; ++b)
        m(a, b) += w0 * info.x[a][i] * info.x[b][i];
    }
  }
  m = m.selfadjointView<Eigen::Lower>();
  Eigen::VectorXd beta = m.ldlt().solve(rhs);
  for (size_t i = 0; i < n; ++i) {
    double fit = 0;
    for (Eigen::Index a = 0; a < p; ++a) fit += info.x[a][i] * beta(a);
    r[i] = z[i] - w[i] * fit;
  }
  return r;
}

Result<CalibrationOptions> ReadMarginsCsv(const std::string& path,
                                          CalibrationMethod method) {
  table::CsvReadOptions opts;
  opts.column_types = {{"margin", table::ColumnType::kString},
                       {"level", table::ColumnType::kString},
                       {"count", table::ColumnType::kDouble}};
  JI_ASSIGN_OR_RETURN(table::Table t, table::ReadCsvFile(path, opts));
  CalibrationOptions o;
  o.method = method;
  std::map<std::string, size_t> index;
  const auto& margin = *t.Find("margin");
  const auto& level = *t.Find("level");
  const auto& count = t.Find("count")->doubles();
  for (size_t r = 0; r < t.num_rows(); ++r) {
    if (margin.IsMissing(r) || std::isnan(count[r])) {
      return InvalidArgumentError(fmt::format(
          "{}:{}: margin and count are required", path, t.LineOfRow(r)));
    }
    const std::string m = margin.text(r);
    if (level.IsMissing(r)) {
      o.totals.push_back({m, count[r]});
      continue;
    }
    auto [it, inserted] = index.emplace(m, o.margins.size());
    if (inserted) o.margins.push_back({m, {}});
    if (!o.margins[it->second].counts.emplace(level.text(r), count[r]).second) {
      return InvalidArgumentError(
          fmt::format("{}:{}: level \"{}\" of margin \"{}\" is listed twice",
                      path, t.LineOfRow(r), level.text(r), m));
    }
  }
  JI_RETURN_IF_ERROR(o.Validate());
  return o;
}

}  // namespace jobimpact::survey
