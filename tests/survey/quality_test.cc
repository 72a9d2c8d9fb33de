#include "jobimpact/survey/quality.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>

namespace jobimpact::survey {
namespace {

using ::testing::HasSubstr;

// Statistics Canada's scale: A < 5% <= B < 10% <= C < 15% <= D < 25% <= E
// < 35% <= F; fewer than 30 respondents suppressed.
TEST(QualityTest, ClassesFollowTheCvScaleAtTheirBounds) {
  const QualityOptions o;
  struct Case {
    double se;
    QualityFlag flag;
  } cases[] = {{0.0, QualityFlag::kA},  {4.999, QualityFlag::kA},
               {5.0, QualityFlag::kB},  {9.99, QualityFlag::kB},
               {10.0, QualityFlag::kC}, {14.99, QualityFlag::kC},
               {15.0, QualityFlag::kD}, {24.99, QualityFlag::kD},
               {25.0, QualityFlag::kE}, {34.99, QualityFlag::kE},
               {35.0, QualityFlag::kF}, {500.0, QualityFlag::kF}};
  for (const auto& c : cases) {
    EXPECT_EQ(ClassifyEstimate(100.0, c.se, 30, o), c.flag) << c.se;
    // The sign of the estimate does not matter (a negative growth rate).
    EXPECT_EQ(ClassifyEstimate(-100.0, c.se, 30, o), c.flag) << c.se;
  }
}

TEST(QualityTest, FewRespondentsAreSuppressedWhateverTheCv) {
  QualityOptions o;
  EXPECT_EQ(ClassifyEstimate(100.0, 1.0, 29, o), QualityFlag::kSuppressed);
  EXPECT_EQ(ClassifyEstimate(100.0, 1.0, 30, o), QualityFlag::kA);
  o.min_n = 5;
  EXPECT_EQ(ClassifyEstimate(100.0, 1.0, 5, o), QualityFlag::kA);
}

TEST(QualityTest, ZeroEstimates) {
  const QualityOptions o;
  EXPECT_EQ(CoefficientOfVariation(0.0, 0.0), 0.0);
  EXPECT_EQ(CoefficientOfVariation(0.0, 1.0),
            std::numeric_limits<double>::infinity());
  EXPECT_EQ(ClassifyEstimate(0.0, 0.0, 100, o), QualityFlag::kA);
  EXPECT_EQ(ClassifyEstimate(0.0, 0.1, 100, o), QualityFlag::kF);
}

TEST(QualityTest, CustomBoundsAndValidation) {
  QualityOptions o;
  o.cv_bounds = {0.1, 0.2, 0.3, 0.4, 0.5};
  ASSERT_TRUE(o.Validate().ok());
  EXPECT_EQ(ClassifyEstimate(1.0, 0.45, 100, o), QualityFlag::kE);
  o.cv_bounds = {0.1, 0.2, 0.2, 0.4, 0.5};
  EXPECT_THAT(o.Validate().message(), HasSubstr("cv_bounds[2] = 0.2"));
  o.cv_bounds = {0.0, 0.2, 0.3, 0.4, 0.5};
  EXPECT_FALSE(o.Validate().ok());
  o = QualityOptions();
  o.min_n = 0;
  EXPECT_THAT(o.Validate().message(), HasSubstr("min_n = 0"));
}

TEST(QualityTest, OneTableOfFlags) {
  ASSERT_EQ(QualityFlags().size(), 7u);
  for (const auto& f : QualityFlags()) {
    auto back = ParseQualityFlag(f.code);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, f.flag);
    EXPECT_EQ(QualityFlagInfoOf(f.flag).code, f.code);
  }
  EXPECT_EQ(QualityFlagInfoOf(QualityFlag::kE).display,
            QualityDisplay::kCaution);
  EXPECT_EQ(QualityFlagInfoOf(QualityFlag::kSuppressed).display,
            QualityDisplay::kWithhold);
  EXPECT_THAT(ParseQualityFlag("a").status().message(),
              HasSubstr("expected one of A, B, C, D, E, F, S"));
}

}  // namespace
}  // namespace jobimpact::survey
