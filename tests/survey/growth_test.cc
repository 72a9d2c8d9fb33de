// Growth between independent estimates (survey/growth.h) against
// tests/reference/make_growth_references.py.
#include "jobimpact/survey/growth.h"

#include <gtest/gtest.h>

namespace jobimpact::survey {
namespace {

// Double arithmetic on both sides; the quantile is the only approximation.
constexpr double kTol = 1e-12;

TEST(GrowthTest, YearOverYearWithDeltaMethodInterval) {
  auto g =
      EstimateGrowth({2019, 2.0e7, 3.0e5, 0.95}, {2020, 2.5e7, 4.0e5, 0.95});
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_NEAR(g->estimate, 0.25, kTol);
  ASSERT_TRUE(g->ci_low && g->ci_high && g->se);
  EXPECT_NEAR(*g->ci_low, 0.1974067602698928, kTol);
  EXPECT_NEAR(*g->ci_high, 0.30490327250851346, kTol);
  EXPECT_NEAR(*g->se, 0.027414640249326633, kTol);
  EXPECT_EQ(g->level, 0.95);
  // The log scale makes the interval asymmetric around the estimate.
  EXPECT_GT(*g->ci_high - g->estimate, g->estimate - *g->ci_low);
  EXPECT_NE(g->method.find("independent"), std::string::npos) << g->method;
}

TEST(GrowthTest, CompoundAnnualOverThreeYearsAtAGivenLevel) {
  GrowthOptions options;
  options.level = 0.90;
  auto g = EstimateGrowth({2017, 2.0e7, 3.0e5, 0.95},
                          {2020, 2.5e7, 4.0e5, 0.95}, options);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_NEAR(g->estimate, 0.07721734501594191, kTol);
  EXPECT_NEAR(*g->ci_low, 0.06434157122150874, kTol);
  EXPECT_NEAR(*g->ci_high, 0.0902488822939107, kTol);
  EXPECT_NEAR(*g->se, 0.007875073595719151, kTol);
  EXPECT_EQ(g->level, 0.90);
  EXPECT_NE(g->method.find("^(1/3)"), std::string::npos) << g->method;
}

TEST(GrowthTest, APublishedValueGivesNoInterval) {
  auto g = EstimateGrowth({2019, 2.0e7, std::nullopt, std::nullopt},
                          {2020, 2.5e7, 4.0e5, 0.95});
  ASSERT_TRUE(g.ok());
  EXPECT_NEAR(g->estimate, 0.25, kTol);
  EXPECT_FALSE(g->se || g->ci_low || g->level);
  EXPECT_NE(g->method.find("the 2019 value has no standard error"),
            std::string::npos)
      << g->method;
}

TEST(GrowthTest, BadInputIsAnErrorNotANumber) {
  // Years out of order.
  EXPECT_EQ(EstimateGrowth({2020, 1, 0.1, 0.95}, {2019, 2, 0.1, 0.95})
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  // A value that is not positive: the log ratio is undefined.
  auto zero = EstimateGrowth({2019, 0, 0.1, 0.95}, {2020, 2, 0.1, 0.95});
  EXPECT_EQ(zero.status().code(), StatusCode::kNumerical);
  EXPECT_NE(zero.status().message().find("the 2019 value is 0"),
            std::string::npos);
  // Intervals at two levels and no level given.
  auto levels = EstimateGrowth({2019, 1, 0.1, 0.90}, {2020, 2, 0.1, 0.95});
  EXPECT_EQ(levels.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(levels.status().message().find("0.9 and 0.95"), std::string::npos)
      << levels.status().message();
  GrowthOptions bad;
  bad.level = 1.5;
  EXPECT_EQ(EstimateGrowth({2019, 1, 0.1, 0.95}, {2020, 2, 0.1, 0.95}, bad)
                .status()
                .code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace jobimpact::survey
