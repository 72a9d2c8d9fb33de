#include "jobimpact/survey/estimators.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "jobimpact/table/csv_reader.h"
#include "test_util.h"

namespace jobimpact::survey {
namespace {

using ::testing::HasSubstr;

// Simple random sample of n = 4 from N = 40 (weights 10, fpc 40): the total
// has variance N^2 (1 - n/N) s^2 / n (Cochran 1977, eq. 2.16).
TEST(EstimatorsTest, SrsTotalByHand) {
  auto t = testing::ReadCsvText("y,w,N\n1,10,40\n2,10,40\n3,10,40\n6,10,40\n");
  DesignSpec s;
  s.weights = "w";
  s.fpc = {"N"};
  auto d = Design::Create(t, s);
  ASSERT_TRUE(d.ok());
  auto e = Estimate(t, *d, {{Statistic::kTotal, "y", ""}}, {});
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  const double s2 = (4 + 1 + 0 + 9) / 3.0;  // Deviations from the mean 3.
  EXPECT_DOUBLE_EQ((*e)[0].estimate, 120);
  EXPECT_NEAR((*e)[0].se, std::sqrt(40.0 * 40 * (1 - 0.1) * s2 / 4), 1e-12);
  EXPECT_EQ((*e)[0].df, 3);
  EXPECT_EQ((*e)[0].n, 4);
  const double t3 = 3.182446305284263;  // qt(0.975, 3)
  EXPECT_NEAR((*e)[0].ci_high - (*e)[0].estimate, t3 * (*e)[0].se, 1e-9);
  EXPECT_THAT((*e)[0].method, HasSubstr("Taylor linearization"));
}

TEST(EstimatorsTest, BadAnalysisVariables) {
  auto t = testing::ReadCsvText("y,x,w,g\n1,0,1,a\nNA,0,1,b\n3,0,1,a\n");
  DesignSpec s;
  s.weights = "w";
  auto d = Design::Create(t, s);
  ASSERT_TRUE(d.ok());
  auto missing = Estimate(t, *d, {{Statistic::kTotal, "y", ""}}, {});
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(
      missing.status().message(),
      HasSubstr("s.csv: column \"y\" (analysis variable): 1 missing value "
                "(row 3); policy \"fail\""));
  auto text = Estimate(t, *d, {{Statistic::kMean, "g", ""}}, {});
  EXPECT_THAT(text.status().message(),
              HasSubstr("expected a number, found \"a\""));
  // A zero denominator leaves that estimate out, with a note; the call
  // itself succeeds (other estimates would be reported).
  EstimationSummary zs;
  auto zero = Estimate(t, *d, {{Statistic::kRatio, "w", "x"}}, {}, &zs);
  ASSERT_TRUE(zero.ok()) << zero.status().message();
  EXPECT_TRUE(zero->empty());
  ASSERT_EQ(zs.notes.size(), 1u);
  EXPECT_THAT(zs.notes[0], HasSubstr("ratio of w/x: not estimated: the "
                                     "weighted denominator total is zero"));
  auto unknown = Estimate(t, *d, {{Statistic::kTotal, "nope", ""}}, {});
  EXPECT_EQ(unknown.status().code(), StatusCode::kNotFound);
}

TEST(EstimatorsTest, ReplicateConstraintsAreChecked) {
  auto t = testing::ReadCsvText("h,y,w\nA,1,1\nA,2,1\nA,3,1\nB,4,1\nB,5,1\n");
  DesignSpec s;
  s.strata = "h";
  s.weights = "w";
  auto d = Design::Create(t, s);
  ASSERT_TRUE(d.ok());
  EstimationOptions o;
  ASSERT_TRUE(ParseVarianceMethod("jk1", &o).ok());
  EXPECT_THAT(
      Estimate(t, *d, {{Statistic::kTotal, "y", ""}}, o).status().message(),
      HasSubstr("JK1 is for unstratified designs"));
  ASSERT_TRUE(ParseVarianceMethod("brr", &o).ok());
  EXPECT_THAT(
      Estimate(t, *d, {{Statistic::kTotal, "y", ""}}, o).status().message(),
      HasSubstr("stratum \"A\" has 3"));
  EXPECT_FALSE(ParseVarianceMethod("fay:1.5", &o).ok());
  EXPECT_FALSE(ParseVarianceMethod("bootstrap:1", &o).ok());
  EXPECT_FALSE(ParseVarianceMethod("bootstrap:2.5", &o).ok());
  EXPECT_FALSE(ParseVarianceMethod("jackknife", &o).ok());
  EXPECT_FALSE(ParseVarianceMethod("supplied", &o).ok()) << "no weight columns";
  ASSERT_TRUE(ParseVarianceMethod("bootstrap:50", &o).ok());
  EXPECT_EQ(o.replicates.bootstrap_replicates, 50);
}

TEST(EstimatorsTest, TQuantile) {
  EXPECT_NEAR(*StudentTQuantile(0.975, 197), 1.97207903378,
              1e-10);  // R: qt(0.975, 197)
  EXPECT_FALSE(StudentTQuantile(0.975, 0).ok());
}

}  // namespace
}  // namespace jobimpact::survey

namespace jobimpact::survey {
namespace {

table::Table ReadData(const std::string& relative) {
  auto t = table::ReadCsvFile(testing::SourcePath(relative), {});
  EXPECT_TRUE(t.ok()) << t.status().message();
  return t.ok() ? std::move(t).value() : table::Table();
}

// tests/reference/robustness_references.csv (R survey, see the script).
double RobustnessReference(const std::string& case_name) {
  table::Table r = ReadData("tests/reference/robustness_references.csv");
  for (size_t i = 0; i < r.num_rows(); ++i) {
    if (r.Find("case")->CellText(i) == case_name) {
      return r.Find("value")->doubles()[i];
    }
  }
  ADD_FAILURE() << "no reference " << case_name;
  return std::nan("");
}

// R survey gives a bootstrap design the rank of its replicate weights minus
// one: min(R - 1, PSUs - strata) for a stratified design (nhanes: 31 PSUs in
// 15 strata), not min(R, PSUs) - 1.
TEST(EstimatorsTest, BootstrapDegreesOfFreedomFollowR) {
  table::Table t = ReadData("tests/data/nhanes/nhanes.csv");
  DesignSpec s;
  s.strata = "SDMVSTRA";
  s.clusters = {"SDMVPSU"};
  s.weights = "WTMEC2YR";
  auto d = Design::Create(t, s);
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->DegreesOfFreedom(), RobustnessReference("nhanes_linearization"));
  for (int r : {10, 50, 200}) {
    EstimationOptions o;
    ASSERT_TRUE(ParseVarianceMethod("bootstrap:" + std::to_string(r), &o).ok());
    auto e = Estimate(t, *d, {{Statistic::kMean, "RIAGENDR", ""}}, o);
    ASSERT_TRUE(e.ok()) << e.status().message();
    EXPECT_EQ((*e)[0].df,
              RobustnessReference("nhanes_bootstrap_" + std::to_string(r)))
        << r << " replicates";
  }
}

// apiclus1: one-stage cluster sample of 15 districts. Every district is one
// PSU, so by district a domain has 0 degrees of freedom and a jackknife
// replicate that drops it leaves it empty: those estimates come without an
// interval and a note; the others are unaffected.
TEST(EstimatorsTest, OneEstimateDoesNotTakeDownTheOthers) {
  table::Table t = ReadData("tests/data/api/apiclus1.csv");
  DesignSpec s;
  s.clusters = {"dnum"};
  s.weights = "pw";
  s.fpc = {"fpc"};
  auto d = Design::Create(t, s);
  ASSERT_TRUE(d.ok());
  EstimationOptions o;
  o.by = {"dnum"};
  EstimationSummary summary;
  auto e = Estimate(t, *d,
                    {{Statistic::kTotal, "api00", ""},
                     {Statistic::kQuantile, "api00", "", 0.5}},
                    o, &summary);
  ASSERT_TRUE(e.ok()) << e.status().message();
  size_t quantiles_without = 0;
  for (const auto& x : *e) {
    if (x.statistic == Statistic::kTotal) {
      EXPECT_TRUE(x.has_interval()) << x.domain;
      EXPECT_TRUE(std::isfinite(x.se));
    } else if (!x.domain.empty()) {
      EXPECT_FALSE(x.has_interval()) << x.domain;
      EXPECT_THAT(x.note, HasSubstr("0 degrees of freedom"));
      EXPECT_TRUE(std::isnan(x.se) && std::isnan(x.ci_low));
      EXPECT_TRUE(std::isfinite(x.estimate));
      ++quantiles_without;
    } else {
      EXPECT_TRUE(x.has_interval()) << "the whole population has 14 df";
    }
  }
  EXPECT_EQ(quantiles_without, 15u);
  EXPECT_EQ(summary.notes.size(), 15u);

  EstimationOptions jk = o;
  ASSERT_TRUE(ParseVarianceMethod("jk1", &jk).ok());
  auto m = Estimate(t, *d,
                    {{Statistic::kMean, "api00", ""},
                     {Statistic::kProportion, "sch.wide", ""}},
                    jk);
  ASSERT_TRUE(m.ok()) << m.status().message();
  size_t with = 0, without = 0;
  for (const auto& x : *m) {
    if (x.domain.empty()) {
      EXPECT_TRUE(x.has_interval()) << x.variable;
      ++with;
    } else {
      EXPECT_THAT(x.note, HasSubstr("a replicate leaves the domain empty"));
      ++without;
    }
  }
  EXPECT_EQ(with, 3u) << "mean and two proportions for the population";
  EXPECT_GE(without, 15u);
}

}  // namespace
}  // namespace jobimpact::survey
