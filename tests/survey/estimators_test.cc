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
      HasSubstr(
          "s.csv:3: column \"y\": missing value in an analysis variable"));
  auto text = Estimate(t, *d, {{Statistic::kMean, "g", ""}}, {});
  EXPECT_THAT(text.status().message(),
              HasSubstr("expected a number, found \"a\""));
  auto zero = Estimate(t, *d, {{Statistic::kRatio, "w", "x"}}, {});
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.status().code(), StatusCode::kNumerical);
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
