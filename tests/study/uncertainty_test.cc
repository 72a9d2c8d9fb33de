// Total uncertainty (study/uncertainty.h): the Monte Carlo against analytic
// quantiles and variances, the tornado table against one-at-a-time re-runs
// and the additionality formula by hand, and the checks on assumptions.
#include "jobimpact/study/uncertainty.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "jobimpact/study/model.h"
#include "study_fixture.h"
#include "test_util.h"

namespace jobimpact::study {
namespace {

using ::testing::HasSubstr;
using testing::Replace;

constexpr double kExact = 1e-9;
// Monte Carlo error of a quantile or variance share from 100,000 draws:
// several standard errors, worked out next to each use.
constexpr int kManyDraws = 100000;

StudyOptions Draws(int draws) {
  StudyOptions o;
  o.draws = draws;
  return o;
}

Assumption Range(double value, double low, double high, Distribution d) {
  Assumption a{value, low, high, "test", d, 0.0};
  return a;
}

// Independent of Boost: the normal CDF from the complementary error function.
double NormalCdf(double x, double mean, double sd) {
  return 0.5 * std::erfc(-(x - mean) / (sd * std::sqrt(2.0)));
}

TEST(UncertaintyTest, QuantilesInvertEachDistributionsCdf) {
  const Assumption u = Range(0.2, 0.1, 0.5, Distribution::kUniform);
  EXPECT_NEAR(AssumptionQuantile(u, 0.25), 0.2, kExact);
  // Triangular (a, c, b) = (0, 1, 4): CDF (x - a)^2 / ((b - a)(c - a)) below
  // the mode, 1 - (b - x)^2 / ((b - a)(b - c)) above it.
  const Assumption t = Range(1, 0, 4, Distribution::kTriangular);
  for (double x : {0.3, 0.9, 1.5, 3.2}) {
    const double cdf = x < 1 ? x * x / 4 : 1 - (4 - x) * (4 - x) / 12;
    EXPECT_NEAR(AssumptionQuantile(t, cdf), x, kExact) << x;
  }
  // Normal (0.5, 0.1) cut to [0.35, 0.8].
  Assumption n = Range(0.5, 0.35, 0.8, Distribution::kNormal);
  n.sd = 0.1;
  const double lo = NormalCdf(0.35, 0.5, 0.1), hi = NormalCdf(0.8, 0.5, 0.1);
  for (double x : {0.36, 0.45, 0.5, 0.71}) {
    const double cdf = (NormalCdf(x, 0.5, 0.1) - lo) / (hi - lo);
    EXPECT_NEAR(AssumptionQuantile(n, cdf), x, 1e-9) << x;
  }
  EXPECT_EQ(AssumptionQuantile(n, 0.0), 0.35);
  // Not ranged: the value.
  EXPECT_EQ(
      AssumptionQuantile(Range(0.3, 0.3, 0.3, Distribution::kNormal), 0.9),
      0.3);
}

// With no assumption moving the figure, the total interval is the sampling
// interval, asymmetric halves included. The 5% and 95% quantiles of 100,000
// normal draws with sd about 6 have a standard error of about 0.04.
TEST(UncertaintyTest, WithEveryAssumptionFixedTotalEqualsSampling) {
  const std::vector<RangedAssumption> a = {
      {"net.deadweight", Range(0.2, 0.1, 0.3, Distribution::kUniform)}};
  FigureResponse f;
  f.estimate = 100;
  f.ci_low = 90;
  f.ci_high = 115;
  f.level = 0.9;
  f.at_low = {100};
  f.at_high = {100};
  const Propagated p = PropagateFigure(a, f, {kManyDraws, 7});
  ASSERT_TRUE(p.low && p.high);
  EXPECT_NEAR(*p.low, 90, 0.25);
  EXPECT_NEAR(*p.high, 115, 0.25);
  EXPECT_NEAR(p.sampling_share, 1.0, kExact);
  EXPECT_NEAR(p.shares[0], 0.0, kExact);
  EXPECT_EQ(p.failed, 0);
}

// Sampling error off, F linear in a uniform factor: F = 100 (1 - d) / 0.8,
// d ~ U[0.1, 0.3], whose 95% interval is [F(0.295), F(0.105)] = [88.125,
// 111.875]. The quantiles' standard error is 25 x sqrt(0.025 x 0.975 /
// 1e5) = 0.012.
TEST(UncertaintyTest, WithoutSamplingErrorMatchesTheAnalyticQuantiles) {
  const std::vector<RangedAssumption> a = {
      {"net.deadweight", Range(0.2, 0.1, 0.3, Distribution::kUniform)}};
  FigureResponse f;
  f.estimate = 100;
  f.at_low = {112.5};
  f.at_high = {87.5};
  const Propagated p = PropagateFigure(a, f, {kManyDraws, 3});
  ASSERT_TRUE(p.low && p.high);
  EXPECT_NEAR(*p.low, 88.125, 0.06);
  EXPECT_NEAR(*p.high, 111.875, 0.06);
  EXPECT_NEAR(p.shares[0], 1.0, kExact);

  // Triangular with its mode at the value: the 2.5% quantile of d is
  // 0.1 + sqrt(0.025 x 0.2 x 0.1), the 97.5% one 0.3 - sqrt(0.025 x 0.2 x
  // 0.1); F is linear in d, so the interval is F at those.
  const std::vector<RangedAssumption> t = {
      {"net.deadweight", Range(0.2, 0.1, 0.3, Distribution::kTriangular)}};
  const Propagated q = PropagateFigure(t, f, {kManyDraws, 3});
  const double d_lo = 0.1 + std::sqrt(0.025 * 0.2 * 0.1);
  const double d_hi = 0.3 - std::sqrt(0.025 * 0.2 * 0.1);
  EXPECT_NEAR(*q.low, 100 * (1 - d_hi) / 0.8, 0.06);
  EXPECT_NEAR(*q.high, 100 * (1 - d_lo) / 0.8, 0.06);
}

// Two independent uniform factors moving F by 25 and 10 over their ranges:
// first-order variances 25^2 / 12 and 10^2 / 12, shares 625/725 and
// 100/725 (standard error about 0.003 from 1e5 draws).
TEST(UncertaintyTest, VarianceSharesAreTheFirstOrderVariances) {
  const std::vector<RangedAssumption> a = {
      {"net.deadweight", Range(0.2, 0.1, 0.3, Distribution::kUniform)},
      {"net.leakage", Range(0.5, 0, 1, Distribution::kUniform)}};
  FigureResponse f;
  f.estimate = 100;
  f.at_low = {112.5, 105};
  f.at_high = {87.5, 95};
  const Propagated p = PropagateFigure(a, f, {kManyDraws, 11});
  EXPECT_NEAR(p.shares[0], 625.0 / 725, 0.01);
  EXPECT_NEAR(p.shares[1], 100.0 / 725, 0.01);
  EXPECT_EQ(p.sampling_share, 0.0);
  // The product form: F = 100 x (1 - d)/0.8 x (1.05 - 0.1 l); its draws'
  // extremes stay within the product of the extremes.
  EXPECT_GT(*p.low, 87.5 * 0.95);
  EXPECT_LT(*p.high, 112.5 * 1.05);
  // The same seed, the same interval; another seed, another one.
  const Propagated again = PropagateFigure(a, f, {kManyDraws, 11});
  EXPECT_EQ(*again.low, *p.low);
  const Propagated other = PropagateFigure(a, f, {kManyDraws, 12});
  EXPECT_NE(*other.low, *p.low);
  EXPECT_NEAR(*other.low, *p.low, 0.2);
}

TEST(UncertaintyTest, NonFiniteDrawsAreCountedAndNamed) {
  const std::vector<RangedAssumption> a = {
      {"net.deadweight", Range(0.2, 0.1, 0.3, Distribution::kUniform)}};
  FigureResponse f;
  f.estimate = 100;
  f.at_low = {std::numeric_limits<double>::infinity()};
  f.at_high = {87.5};
  const Propagated p = PropagateFigure(a, f, {50, 1});
  EXPECT_EQ(p.failed, 50);
  EXPECT_FALSE(p.low.has_value());
  EXPECT_THAT(p.first_failure, HasSubstr("net.deadweight = "));
  EXPECT_THAT(p.first_failure, HasSubstr("not a finite number"));
}

// The fixture with ranged additionality factors (by hand: ops 2000 jobs,
// prov_a 500) and a ranged part-time factor (prov_a 375 full-time, 125
// part-time).
const char* kRanged = R"(
[measures]
parttime_fte = { value = 0.5, low = 0.25, high = 0.75, distribution = "uniform", source = "pt" }
[net]
deadweight = { value = 0.2, low = 0.1, high = 0.3, source = "dw" }
leakage = { value = 0.1, source = "lk" }
displacement = { value = 0.25, low = 0, high = 0.5, distribution = "normal", sd = 0.1, source = "dp" }
substitution = { value = 0, source = "none assumed" }
[net.components.ops]
displacement = { value = 0.5, source = "ops dp" }
)";

Result<StudySpec> RangedSpec(const testing::TempDir& dir,
                             const std::string& extra = kRanged) {
  return LoadStudy(
      testing::WriteFixture(dir, std::string(testing::kFixtureStudy) + extra));
}

const SensitivityRow* Bar(const StudyRun& run, const std::string& indicator,
                          const std::string& component,
                          const std::string& assumption) {
  for (const auto& r : run.sensitivity) {
    if (r.indicator == indicator && r.component == component &&
        r.domain_type.empty() && r.assumption == assumption) {
      return &r;
    }
  }
  return nullptr;
}

TEST(UncertaintyTest, TornadoBarsEqualOneAtATimeRerunsAndTheFormula) {
  testing::TempDir dir;
  auto spec = RangedSpec(dir);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  std::vector<std::string> keys;
  std::vector<AssumptionStage> stages;
  for (const auto& r : RangedAssumptions(*spec)) {
    keys.push_back(r.key);
    stages.push_back(r.stage);
  }
  EXPECT_EQ(keys,
            (std::vector<std::string>{"measures.parttime_fte", "net.deadweight",
                                      "net.displacement"}));
  EXPECT_EQ(stages, (std::vector<AssumptionStage>{AssumptionStage::kDirectJobs,
                                                  AssumptionStage::kNet,
                                                  AssumptionStage::kNet}));
  auto run = RunStudy(*spec);
  ASSERT_TRUE(run.ok()) << run.status().ToString();

  // ops: 2000 x (1 - dw) x 0.9 x 0.5, its own displacement fixed.
  const SensitivityRow* dw = Bar(*run, "jobs_net", "ops", "net.deadweight");
  ASSERT_NE(dw, nullptr);
  EXPECT_NEAR(dw->at_low, 2000 * 0.9 * 0.9 * 0.5, kExact);
  EXPECT_NEAR(dw->at_high, 2000 * 0.7 * 0.9 * 0.5, kExact);
  EXPECT_EQ(dw->low, 0.1);
  EXPECT_EQ(dw->high, 0.3);
  EXPECT_EQ(Bar(*run, "jobs_net", "ops", "net.displacement"), nullptr)
      << "ops states its own displacement";
  // prov_a: 500 x 0.8 x 0.9 x (1 - dp), dp from 0 to 0.5.
  const SensitivityRow* dp =
      Bar(*run, "jobs_net", "prov_a", "net.displacement");
  ASSERT_NE(dp, nullptr);
  EXPECT_NEAR(dp->at_low, 360, kExact);
  EXPECT_NEAR(dp->at_high, 180, kExact);
  // jobs_fte of prov_a: 375 + f x 125.
  const SensitivityRow* pt =
      Bar(*run, "jobs_fte", "prov_a", "measures.parttime_fte");
  ASSERT_NE(pt, nullptr);
  EXPECT_NEAR(pt->at_low, 375 + 0.25 * 125, kExact);
  EXPECT_NEAR(pt->at_high, 375 + 0.75 * 125, kExact);

  // Every bar equals a re-run of the whole study with that one value.
  for (const SensitivityRow& r : run->sensitivity) {
    if (r.assumption == "sampling") continue;
    for (double v : {*r.low, *r.high}) {
      auto changed = WithAssumptionValue(*spec, r.assumption, v);
      ASSERT_TRUE(changed.ok());
      auto rerun = RunStudy(*changed, Draws(0), nullptr);
      ASSERT_TRUE(rerun.ok());
      const Figure* f = FindFigure(rerun->figures, r.indicator, r.year,
                                   r.component, r.domain_type, r.domain);
      ASSERT_NE(f, nullptr);
      EXPECT_NEAR(f->estimate, v == *r.low ? r.at_low : r.at_high,
                  kExact * std::max(1.0, f->estimate))
          << r.indicator << " " << r.component << " " << r.assumption;
    }
  }

  // Total intervals only where an assumption with a range enters; they
  // hold the sampling interval and say how they were made.
  const Figure* net = FindFigure(run->figures, "jobs_net", 2020, "prov_a");
  ASSERT_TRUE(net && net->total_ci_low && net->ci_low);
  EXPECT_LT(*net->total_ci_low, *net->ci_low);
  EXPECT_GT(*net->total_ci_high, *net->ci_high);
  EXPECT_THAT(net->method, HasSubstr("total interval at 0.95: Monte Carlo of "
                                     "the sampling error and net.deadweight, "
                                     "net.displacement (2000 draws, seed 1"));
  const Figure* direct = FindFigure(run->figures, "jobs_direct", 2020, "ops");
  EXPECT_FALSE(direct->total_ci_low.has_value());
  double shares = 0;
  for (const auto& r : run->sensitivity) {
    if (r.indicator == "jobs_net" && r.component == "prov_a") {
      shares += r.variance_share;
    }
  }
  EXPECT_NEAR(shares, 1.0, 1e-12);
  EXPECT_THAT(run->notes, ::testing::Contains(HasSubstr("total intervals")));
}

// Output per job with a range: jobs_indirect = output / opj, re-run from the
// indirect stage; uniform 1/opj is not linear in opj, so the quadratic
// response is checked against the exact 95% interval of output / U[800,
// 1250] (quantiles of 1/opj at opj's 97.5% and 2.5% points) within 0.5%.
TEST(UncertaintyTest, OutputPerJobRangeReachesIndirectAndTotalJobs) {
  testing::TempDir dir;
  auto spec = LoadStudy(testing::WriteFixture(
      dir,
      Replace(testing::kFixtureStudy, "output_per_job = { value = 1000, source",
              "output_per_job = { value = 1000, low = 800, high = 1250, "
              "distribution = \"uniform\", source")));
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  auto run = RunStudy(*spec);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  const Figure* ind = FindFigure(run->figures, "jobs_indirect", 2020);
  ASSERT_NE(ind, nullptr);
  const double output = ind->estimate * 1000;
  const SensitivityRow* bar =
      Bar(*run, "jobs_indirect", "", "indirect.output_per_job");
  ASSERT_NE(bar, nullptr);
  EXPECT_NEAR(bar->at_low, output / 800, kExact * output);
  EXPECT_NEAR(bar->at_high, output / 1250, kExact * output);
  EXPECT_THAT(ind->method, HasSubstr("stated range [800, 1250] (uniform)"));
  const Figure* total = FindFigure(run->figures, "jobs_total", 2020);
  ASSERT_TRUE(total->total_ci_low.has_value()) << "direct + indirect moves";
  EXPECT_FALSE(
      FindFigure(run->figures, "jobs_direct", 2020)->total_ci_low.has_value());

  // Sampling off: the figure alone, by PropagateFigure on its bars.
  FigureResponse f;
  f.estimate = output / 1000;
  f.at_low = {bar->at_low};
  f.at_high = {bar->at_high};
  const std::vector<RangedAssumption> a = RangedAssumptions(*spec);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].stage, AssumptionStage::kIndirect);
  const Propagated p = PropagateFigure(a, f, {kManyDraws, 5});
  const double lo = output / (800 + 0.975 * 450);
  const double hi = output / (800 + 0.025 * 450);
  EXPECT_NEAR(*p.low, lo, 0.005 * lo);
  EXPECT_NEAR(*p.high, hi, 0.005 * hi);
}

TEST(UncertaintyTest, SameIntervalsOnAnyThreadCountAndNoneWithoutDraws) {
  testing::TempDir dir;
  auto spec = RangedSpec(dir);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  StudyOptions one, two;
  one.threads = 1;
  two.threads = 2;
  StudySummary summary;
  auto a = RunStudy(*spec, one, &summary);
  auto b = RunStudy(*spec, two, nullptr);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->figures.size(), b->figures.size());
  for (size_t i = 0; i < a->figures.size(); ++i) {
    EXPECT_EQ(a->figures[i].total_ci_low, b->figures[i].total_ci_low);
    EXPECT_EQ(a->figures[i].total_ci_high, b->figures[i].total_ci_high);
  }
  EXPECT_EQ(a->sensitivity, b->sensitivity);
  ASSERT_TRUE(summary.uncertainty.has_value());
  EXPECT_EQ(summary.uncertainty->draws, 2000);
  EXPECT_GT(summary.uncertainty->figures, 0);
  EXPECT_EQ(summary.uncertainty->failed_draws, 0);

  auto none = RunStudy(*spec, Draws(0), &summary);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->sensitivity.empty());
  EXPECT_FALSE(summary.uncertainty.has_value());
  for (const Figure& f : none->figures) {
    EXPECT_FALSE(f.total_ci_low.has_value()) << f.indicator;
  }
  EXPECT_FALSE(RunStudy(*spec, Draws(-1), nullptr).ok());
}

TEST(UncertaintyTest, UnknownAssumptionKeysListTheStudys) {
  testing::TempDir dir;
  auto spec = RangedSpec(dir);
  ASSERT_TRUE(spec.ok());
  auto bad = WithAssumptionValue(*spec, "net.deadwieght", 0.2);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(),
              HasSubstr("\"net.deadwieght\" is not an assumption of the "
                        "study (its assumptions: measures.parttime_fte, "
                        "indirect.output_per_job, net.deadweight, "
                        "net.leakage"));
}

TEST(UncertaintyTest, DistributionsWithMissingOrWrongParametersNameTheKey) {
  struct Case {
    std::string from, to, message;
  };
  const std::vector<Case> cases = {
      {"distribution = \"normal\", sd = 0.1, ", "distribution = \"normal\", ",
       "net.displacement.distribution: a normal distribution needs sd"},
      {"distribution = \"normal\", sd = 0.1, ",
       "distribution = \"normal\", sd = -1, ",
       "net.displacement.sd: expected a positive number, got -1"},
      {"distribution = \"normal\", sd = 0.1, ", "distribution = \"gamma\", ",
       "unknown distribution \"gamma\" (expected triangular, uniform or "
       "normal)"},
      {"distribution = \"normal\", sd = 0.1, ", "sd = 0.1, ",
       "net.displacement.sd: sd belongs to distribution = \"normal\" only"},
      {"leakage = { value = 0.1, source",
       "leakage = { value = 0.1, "
       "distribution = \"uniform\", source",
       "net.leakage.distribution: a distribution needs its range"},
  };
  for (const Case& c : cases) {
    testing::TempDir dir;
    auto spec = RangedSpec(dir, Replace(kRanged, c.from, c.to));
    ASSERT_FALSE(spec.ok()) << c.message;
    EXPECT_EQ(spec.status().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(spec.status().message(), HasSubstr(c.message));
    EXPECT_THAT(spec.status().message(), HasSubstr("study.toml:"));
  }
}

}  // namespace
}  // namespace jobimpact::study
