// Agreement with R's survey package on its api data sets (references made by
// tests/reference/make_survey_references.R and committed with it):
// estimates to relative 1e-9, standard errors to relative 1e-6.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "jobimpact/survey/calibration.h"
#include "jobimpact/survey/estimators.h"
#include "jobimpact/table/csv_reader.h"
#include "test_util.h"

namespace jobimpact::survey {
namespace {

constexpr double kEstimateTol = 1e-9;  // Relative, as the issue requires.
constexpr double kSeTol = 1e-6;

struct Ref {
  std::string statistic, variable, domain;
  double estimate, se;
  double df;
};

std::vector<Ref> References(const std::string& case_name) {
  table::CsvReadOptions opts;
  opts.column_types = {{"domain", table::ColumnType::kString},
                       {"variable", table::ColumnType::kString}};
  auto t = table::ReadCsvFile(
      testing::SourcePath("tests/reference/survey_references.csv"), opts);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  std::vector<Ref> out;
  const table::Column& c = *t->Find("case");
  for (size_t i = 0; i < t->num_rows(); ++i) {
    if (c.text(i) != case_name) continue;
    Ref r{t->Find("statistic")->text(i),  t->Find("variable")->CellText(i),
          t->Find("domain")->CellText(i), t->Find("estimate")->doubles()[i],
          t->Find("se")->doubles()[i],    t->Find("df")->doubles()[i]};
    // R reports a proportion's level as the domain; jobimpact puts it in the
    // variable ("COL=LEVEL").
    if (r.statistic == "prop" && r.domain.rfind(r.variable + "=", 0) == 0) {
      r.variable = r.domain;
      r.domain = "";
    }
    out.push_back(r);
  }
  EXPECT_FALSE(out.empty()) << "no references for " << case_name;
  return out;
}

table::Table Data(const std::string& file) {
  auto t =
      table::ReadCsvFile(testing::SourcePath("tests/data/api/" + file), {});
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return std::move(t).value();
}

std::vector<Request> StandardRequests(bool enroll) {
  std::vector<Request> r = {{Statistic::kTotal, "api00", ""},
                            {Statistic::kMean, "api00", ""},
                            {Statistic::kRatio, "api00", "api99"},
                            {Statistic::kProportion, "sch.wide", ""}};
  if (enroll) r.push_back({Statistic::kTotal, "enroll", ""});
  return r;
}

std::map<std::string, SurveyEstimate> RunAll(
    const table::Table& t, const DesignSpec& spec,
    const EstimationOptions& base, bool enroll = true,
    const CalibrationOptions* cal = nullptr) {
  auto design = Design::Create(t, spec);
  EXPECT_TRUE(design.ok()) << design.status().ToString();
  if (cal != nullptr && design.ok()) {
    auto calibrated = Calibrate(*design, t, *cal);
    EXPECT_TRUE(calibrated.ok()) << calibrated.status().ToString();
    if (calibrated.ok()) design = std::move(calibrated);
  }
  std::map<std::string, SurveyEstimate> out;
  for (const char* by : {"", "stype", "awards"}) {
    EstimationOptions opts = base;
    if (*by) opts.by = {by};
    auto est = Estimate(t, *design, StandardRequests(enroll), opts);
    EXPECT_TRUE(est.ok()) << est.status().ToString();
    if (!est.ok()) continue;
    for (const auto& e : *est) {
      out[std::string(StatisticName(e.statistic)) + "|" + e.variable + "|" +
          e.domain] = e;
    }
  }
  return out;
}

void ExpectMatches(const std::string& case_name,
                   const std::map<std::string, SurveyEstimate>& got,
                   double se_tol = kSeTol) {
  for (const auto& r : References(case_name)) {
    const std::string key = r.statistic + "|" + r.variable + "|" + r.domain;
    auto it = got.find(key);
    ASSERT_NE(it, got.end()) << case_name << ": no estimate " << key;
    EXPECT_NEAR(it->second.estimate, r.estimate,
                kEstimateTol * std::fabs(r.estimate))
        << case_name << " " << key;
    // Floor for SEs that are zero in exact arithmetic (e.g. a calibrated
    // count).
    const double floor = 1e-9 * std::fabs(r.estimate);
    EXPECT_NEAR(it->second.se, r.se, std::max(se_tol * r.se, floor))
        << case_name << " " << key;
    if (!std::isnan(r.df)) {
      EXPECT_EQ(it->second.df, r.df) << case_name << " " << key;
    }
  }
}

DesignSpec Strat() {
  DesignSpec s;
  s.strata = "stype";
  s.weights = "pw";
  s.fpc = {"fpc"};
  return s;
}

DesignSpec Clus1() {
  DesignSpec s;
  s.clusters = {"dnum"};
  s.weights = "pw";
  s.fpc = {"fpc"};
  return s;
}

TEST(RReferenceTest, StratifiedLinearization) {
  ExpectMatches("strat_lin", RunAll(Data("apistrat.csv"), Strat(), {}));
  DesignSpec nofpc = Strat();
  nofpc.fpc.clear();
  ExpectMatches("strat_nofpc_lin", RunAll(Data("apistrat.csv"), nofpc, {}));
}

TEST(RReferenceTest, OneStageClusterLinearization) {
  ExpectMatches("clus1_lin", RunAll(Data("apiclus1.csv"), Clus1(), {}));
}

TEST(RReferenceTest, TwoStageClusterLinearization) {
  DesignSpec s;
  s.clusters = {"dnum", "snum"};
  s.weights = "pw";
  s.fpc = {"fpc1", "fpc2"};
  ExpectMatches("clus2_lin",
                RunAll(Data("apiclus2.csv"), s, {}, /*enroll=*/false));
}

TEST(RReferenceTest, WeightsDerivedFromTheFpcEqualTheGivenOnes) {
  table::Table t = Data("apiclus2.csv");
  DesignSpec s;
  s.clusters = {"dnum", "snum"};
  s.fpc = {"fpc1", "fpc2"};
  auto d = Design::Create(t, s);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  const auto& pw = t.Find("pw")->doubles();
  for (size_t i = 0; i < pw.size(); ++i)
    EXPECT_NEAR(d->weights()[i], pw[i], 1e-9 * pw[i]);
}

TEST(RReferenceTest, ConfidenceIntervals) {
  // t interval with the design's degrees of freedom.
  auto got = RunAll(Data("apistrat.csv"), Strat(), {});
  auto ci = References("strat_lin_ci");
  const auto& total = got.at("total|api00|");
  EXPECT_NEAR(total.ci_low, ci[0].estimate, 1e-9 * ci[0].estimate);
  EXPECT_NEAR(total.ci_high, ci[0].se, 1e-9 * ci[0].se);
  // Logit interval for a proportion (svyciprop method = "logit").
  auto clus = RunAll(Data("apiclus1.csv"), Clus1(), {});
  auto lp = References("clus1_logit_ci");
  const auto& prop = clus.at("prop|sch.wide=Yes|");
  EXPECT_NEAR(prop.ci_low, lp[0].estimate, 1e-8);
  EXPECT_NEAR(prop.ci_high, lp[0].se, 1e-8);
  EXPECT_NEAR(total.cv(), total.se / total.estimate, 1e-15);
}

TEST(RReferenceTest, LonelyPsuPolicies) {
  for (auto [name, policy] : std::vector<std::pair<std::string, LonelyPsu>>{
           {"remove", LonelyPsu::kRemove},
           {"certainty", LonelyPsu::kCertainty},
           {"adjust", LonelyPsu::kAdjust},
           {"average", LonelyPsu::kAverage}}) {
    DesignSpec s = Strat();
    s.lonely_psu = policy;
    table::Table t = Data("apistrat_lonely.csv");
    auto d = Design::Create(t, s);
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    std::map<std::string, SurveyEstimate> got;
    for (const char* by : {"", "awards"}) {
      EstimationOptions o;
      if (*by) o.by = {by};
      auto est = Estimate(
          t, *d,
          {{Statistic::kTotal, "api00", ""}, {Statistic::kMean, "api00", ""}},
          o);
      ASSERT_TRUE(est.ok()) << est.status().ToString();
      for (const auto& e : *est) {
        got[std::string(StatisticName(e.statistic)) + "|" + e.variable + "|" +
            e.domain] = e;
      }
    }
    ExpectMatches("lonely_" + name, got);
  }
  table::Table t = Data("apistrat_lonely.csv");
  auto fail = Design::Create(t, Strat());
  ASSERT_FALSE(fail.ok());
  EXPECT_THAT(fail.status().message(),
              ::testing::HasSubstr("stratum \"M\" has only one PSU"));
}

TEST(RReferenceTest, Jackknife) {
  EstimationOptions jk1;
  jk1.method = VarianceMethod::kReplication;
  jk1.replicates.type = ReplicateType::kJk1;
  ExpectMatches("clus1_jk1", RunAll(Data("apiclus1.csv"), Clus1(), jk1));
  EstimationOptions jkn;
  jkn.method = VarianceMethod::kReplication;
  jkn.replicates.type = ReplicateType::kJkn;
  ExpectMatches("strat_jkn", RunAll(Data("apistrat.csv"), Strat(), jkn));
}

DesignSpec Pairs() {
  DesignSpec s;
  s.strata = "pair";
  s.weights = "pw";
  return s;
}

TEST(RReferenceTest, SuppliedReplicateWeightsReproduceRsBrr) {
  table::Table t = Data("apistrat_pairs_brr.csv");
  EstimationOptions o;
  o.method = VarianceMethod::kReplication;
  o.replicates.type = ReplicateType::kSupplied;
  for (int r = 1; r <= 104; ++r)
    o.replicates.weight_columns.push_back(fmt::format("rw{:02d}", r));
  o.replicates.scale = References("pairs_brr_meta")[0].estimate;
  ExpectMatches("pairs_brr", RunAll(t, Pairs(), o));
}

TEST(RReferenceTest, BrrAndFay) {
  // 100 strata: R survey uses the Paley Hadamard matrix of order 104, which
  // jobimpact builds the same way, so every statistic matches to 1e-6.
  for (auto [name, type, rho] :
       std::vector<std::tuple<std::string, ReplicateType, double>>{
           {"pairs_brr", ReplicateType::kBrr, 0.0},
           {"pairs_fay", ReplicateType::kFay, 0.3}}) {
    EstimationOptions o;
    o.method = VarianceMethod::kReplication;
    o.replicates.type = type;
    o.replicates.fay_rho = rho;
    ExpectMatches(name, RunAll(Data("apistrat_pairs.csv"), Pairs(), o));
  }
  ExpectMatches("pairs_lin", RunAll(Data("apistrat_pairs.csv"), Pairs(), {}));
}

// A subset of the pairs: the rows of the first k strata.
table::Table FirstPairs(int k) {
  table::Table all = Data("apistrat_pairs.csv");
  std::string csv = "pair,pw,api00,api99,stype,awards,sch.wide,enroll\n";
  const auto& pair = all.Find("pair")->doubles();
  for (size_t i = 0; i < all.num_rows(); ++i) {
    if (pair[i] > k) continue;
    for (const char* c : {"pair", "pw", "api00", "api99", "stype", "awards",
                          "sch.wide", "enroll"}) {
      csv +=
          all.Find(c)->CellText(i) + (std::string(c) == "enroll" ? "\n" : ",");
    }
  }
  return testing::ReadCsvText(csv);
}

TEST(RReferenceTest, BrrWithFewerStrata) {
  EstimationOptions o;
  o.method = VarianceMethod::kReplication;
  o.replicates.type = ReplicateType::kBrr;
  // 20 strata: R doubles the Paley matrix of order 12; so does jobimpact.
  ExpectMatches("pairs20_brr", RunAll(FirstPairs(20), Pairs(), o));
  // 14 strata: R uses its tabulated order-16 matrix, jobimpact Sylvester's:
  // totals agree exactly, means and ratios within 5% of the SE.
  auto got = RunAll(FirstPairs(14), Pairs(), o);
  for (const auto& r : References("pairs14_brr")) {
    const auto& e = got.at(r.statistic + "|" + r.variable + "|" + r.domain);
    EXPECT_NEAR(e.estimate, r.estimate, kEstimateTol * std::fabs(r.estimate));
    EXPECT_NEAR(e.se, r.se, (r.statistic == "total" ? kSeTol : 5e-2) * r.se)
        << r.statistic << " " << r.variable << " " << r.domain;
  }
}

TEST(RReferenceTest, BootstrapWithinMonteCarloError) {
  // Both sides are random. With B replicates the relative standard error of a
  // bootstrap SE is about 1/sqrt(2B): 1.0% for R's B = 5000 and 1.0% for ours,
  // so their difference has a relative SD of about 1.4%; 5% is 3.5 SDs.
  // Both estimate the no-fpc linearization variance, checked the same way.
  EstimationOptions o;
  o.method = VarianceMethod::kReplication;
  o.replicates.type = ReplicateType::kBootstrap;
  o.replicates.bootstrap_replicates = 5000;
  o.replicates.seed = 42;
  DesignSpec s = Strat();
  s.fpc.clear();
  table::Table t = Data("apistrat.csv");
  auto d = Design::Create(t, s);
  ASSERT_TRUE(d.ok());
  auto boot = Estimate(
      t, *d,
      {{Statistic::kTotal, "api00", ""}, {Statistic::kRatio, "api00", "api99"}},
      o);
  auto lin = Estimate(
      t, *d,
      {{Statistic::kTotal, "api00", ""}, {Statistic::kRatio, "api00", "api99"}},
      {});
  ASSERT_TRUE(boot.ok() && lin.ok());
  auto refs = References("strat_boot");
  for (size_t k = 0; k < 2; ++k) {
    EXPECT_NEAR((*boot)[k].se, refs[k].se, 0.05 * refs[k].se)
        << refs[k].variable;
    EXPECT_NEAR((*boot)[k].se, (*lin)[k].se, 0.05 * (*lin)[k].se)
        << refs[k].variable;
  }
}

TEST(RReferenceTest, BootstrapIsThreadCountInvariant) {
  DesignSpec s = Strat();
  table::Table t = Data("apistrat.csv");
  auto d = Design::Create(t, s);
  ASSERT_TRUE(d.ok());
  std::vector<double> ses;
  for (int threads : {1, 2, 3}) {
    EstimationOptions o;
    o.method = VarianceMethod::kReplication;
    o.replicates.type = ReplicateType::kBootstrap;
    o.replicates.bootstrap_replicates = 200;
    o.replicates.seed = 7;
    o.replicates.threads = threads;
    o.by = {"awards"};
    auto e = Estimate(t, *d, {{Statistic::kMean, "api00", ""}}, o);
    ASSERT_TRUE(e.ok());
    for (const auto& x : *e) ses.push_back(x.se);
  }
  ASSERT_EQ(ses.size(), 9u);
  for (size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(ses[k], ses[3 + k]);
    EXPECT_EQ(ses[k], ses[6 + k]);
  }
}

// Replicates are drawn in blocks; a replicate count that leaves partial
// blocks on every thread count, a clustered design (several domain entries
// per PSU) and domains give the same figures on any number of threads.
TEST(RReferenceTest, ClusteredBootstrapIsThreadCountInvariant) {
  DesignSpec s = Clus1();
  s.fpc.clear();
  table::Table t = Data("apiclus1.csv");
  auto d = Design::Create(t, s);
  ASSERT_TRUE(d.ok());
  std::vector<std::vector<double>> ses;
  for (int threads : {1, 2, 3}) {
    EstimationOptions o;
    o.method = VarianceMethod::kReplication;
    o.replicates.type = ReplicateType::kBootstrap;
    o.replicates.bootstrap_replicates = 203;
    o.replicates.seed = 11;
    o.replicates.threads = threads;
    o.by = {"stype"};
    auto e = Estimate(t, *d,
                      {{Statistic::kTotal, "enroll", ""},
                       {Statistic::kRatio, "api00", "api99"}},
                      o);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    ses.emplace_back();
    for (const auto& x : *e) {
      EXPECT_GT(x.se, 0.0) << x.variable << " " << x.domain;
      ses.back().push_back(x.se);
    }
  }
  EXPECT_EQ(ses[0], ses[1]);
  EXPECT_EQ(ses[0], ses[2]);
}

// The clustered (several entries per PSU) path against linearization: the
// Rao-Wu bootstrap with n_h - 1 draws estimates the with-replacement
// linearization variance (Rao, Wu and Yue 1992), so with B = 5000 the SEs
// agree within Monte Carlo error (relative SD ~1%; 5% allowed).
TEST(RReferenceTest, ClusteredBootstrapAgreesWithLinearization) {
  DesignSpec s = Clus1();
  s.fpc.clear();
  table::Table t = Data("apiclus1.csv");
  auto d = Design::Create(t, s);
  ASSERT_TRUE(d.ok());
  EstimationOptions o;
  o.by = {"stype"};
  const std::vector<Request> reqs = {{Statistic::kTotal, "enroll", ""}};
  auto lin = Estimate(t, *d, reqs, o);
  o.method = VarianceMethod::kReplication;
  o.replicates.type = ReplicateType::kBootstrap;
  o.replicates.bootstrap_replicates = 5000;
  o.replicates.seed = 3;
  auto boot = Estimate(t, *d, reqs, o);
  ASSERT_TRUE(lin.ok() && boot.ok());
  ASSERT_EQ(lin->size(), boot->size());
  for (size_t k = 0; k < lin->size(); ++k) {
    EXPECT_DOUBLE_EQ((*boot)[k].estimate, (*lin)[k].estimate);
    EXPECT_NEAR((*boot)[k].se, (*lin)[k].se, 0.05 * (*lin)[k].se)
        << (*lin)[k].domain;
  }
}

void ExpectQuantiles(const std::string& case_name, const table::Table& t,
                     const DesignSpec& spec, const EstimationOptions& base) {
  auto d = Design::Create(t, spec);
  ASSERT_TRUE(d.ok());
  std::map<std::string, SurveyEstimate> got;
  for (const char* by : {"", "stype"}) {
    EstimationOptions o = base;
    if (*by) o.by = {by};
    std::vector<Request> reqs;
    for (double p : {0.25, 0.5, 0.9})
      reqs.push_back({Statistic::kQuantile, "api00", "", p});
    auto e = Estimate(t, *d, reqs, o);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    for (const auto& x : *e) got["quantile|" + x.variable + "|" + x.domain] = x;
  }
  ExpectMatches(case_name, got);
}

TEST(RReferenceTest, QuantilesWithWoodruffIntervals) {
  ExpectQuantiles("strat_quantile", Data("apistrat.csv"), Strat(), {});
  ExpectQuantiles("clus1_quantile", Data("apiclus1.csv"), Clus1(), {});
  EstimationOptions jkn;
  jkn.method = VarianceMethod::kReplication;
  jkn.replicates.type = ReplicateType::kJkn;
  ExpectQuantiles("strat_jkn_quantile", Data("apistrat.csv"), Strat(), jkn);
}

TEST(RReferenceTest, DesignEffects) {
  for (auto [name, file, spec] :
       std::vector<std::tuple<std::string, std::string, DesignSpec>>{
           {"strat_deff", "apistrat.csv", Strat()},
           {"clus1_deff", "apiclus1.csv", Clus1()}}) {
    auto got = RunAll(Data(file), spec, {});
    for (const auto& r : References(name)) {
      const std::string stat = r.statistic == "deff_total" ? "total" : "mean";
      const auto& e = got.at(stat + "|" + r.variable + "|" + r.domain);
      ASSERT_TRUE(e.deff.has_value()) << name << " " << r.domain;
      EXPECT_NEAR(*e.deff, r.estimate, 1e-6 * r.estimate)
          << name << " " << stat << " " << r.domain;
    }
  }
  auto ratio =
      RunAll(Data("apistrat.csv"), Strat(), {}).at("ratio|api00/api99|");
  EXPECT_FALSE(ratio.deff.has_value());
}

// R survey documentation's calibration examples on apiclus1.
Margin Types() { return {"stype", {{"E", 4421}, {"H", 755}, {"M", 1018}}}; }
Margin SchWide() { return {"sch.wide", {{"No", 1072}, {"Yes", 5122}}}; }

TEST(RReferenceTest, PostStratificationAndRaking) {
  CalibrationOptions ps;
  ps.method = CalibrationMethod::kPostStratify;
  ps.margins = {Types()};
  ExpectMatches("clus1_poststrat",
                RunAll(Data("apiclus1.csv"), Clus1(), {}, true, &ps));
  CalibrationOptions rake;
  rake.method = CalibrationMethod::kRake;
  rake.margins = {Types(), SchWide()};
  rake.max_iterations = 100;
  rake.tolerance = 1e-13;
  ExpectMatches("clus1_rake",
                RunAll(Data("apiclus1.csv"), Clus1(), {}, true, &rake));
}

TEST(RReferenceTest, LinearRakingAndBoundedCalibration) {
  CalibrationOptions lin;
  lin.method = CalibrationMethod::kLinear;
  lin.margins = {Types()};
  lin.totals = {{"api99", 3914069}};
  ExpectMatches("clus1_cal_linear",
                RunAll(Data("apiclus1.csv"), Clus1(), {}, true, &lin));
  CalibrationOptions raking = lin;
  raking.method = CalibrationMethod::kRaking;
  ExpectMatches("clus1_cal_raking",
                RunAll(Data("apiclus1.csv"), Clus1(), {}, true, &raking));
  CalibrationOptions bounded = lin;
  bounded.lower = 0.6;
  bounded.upper = 1.7;
  ExpectMatches("clus1_cal_bounded",
                RunAll(Data("apiclus1.csv"), Clus1(), {}, true, &bounded));
}

TEST(RReferenceTest, ReplicatesAreRecalibrated) {
  EstimationOptions jk1;
  jk1.method = VarianceMethod::kReplication;
  jk1.replicates.type = ReplicateType::kJk1;
  CalibrationOptions ps;
  ps.method = CalibrationMethod::kPostStratify;
  ps.margins = {Types()};
  ExpectMatches("clus1_jk1_poststrat",
                RunAll(Data("apiclus1.csv"), Clus1(), jk1, true, &ps));
  CalibrationOptions lin;
  lin.method = CalibrationMethod::kLinear;
  lin.margins = {Types()};
  lin.totals = {{"api99", 3914069}};
  ExpectMatches("clus1_jk1_cal_linear",
                RunAll(Data("apiclus1.csv"), Clus1(), jk1, true, &lin));
}

}  // namespace
}  // namespace jobimpact::survey
