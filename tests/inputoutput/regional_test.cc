#include "jobimpact/inputoutput/regional.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "jobimpact/inputoutput/multipliers.h"
#include "test_util.h"

namespace jobimpact::inputoutput {
namespace {

using ::testing::HasSubstr;

IoTable Load(const std::string& name) {
  auto t = ReadIoTable(testing::SourcePath("data/io/" + name + ".csv"),
                       IoLayout::kNbs);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return *t;
}

double MaxRelDiff(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  return ((a - b).array().abs() / (b.array().abs() + 1.0)).maxCoeff();
}

// The 149-sector table aggregated by the shipped concordance is the 42-sector
// table the NBS published for the same year: gross output, intermediate flows
// (domestic + imported rows) and value added agree to rounding.
TEST(RegionalTest, Aggregating149Gives42SectorTable) {
  IoTable t149 = Load("cn2017_149");
  IoTable t42 = Load("cn2017_42");
  auto agg = ReadAggregation(
      testing::SourcePath("data/io/concordance_cn2017_149_to_42.csv"), t149);
  ASSERT_TRUE(agg.ok()) << agg.status().ToString();
  EXPECT_EQ(agg->size(), 42u);
  EXPECT_EQ(agg->names_zh[0], "农林牧渔产品和服务");
  auto t = AggregateTable(t149, *agg);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->codes, t42.codes);
  EXPECT_LT(MaxRelDiff(t->gross_output, t42.gross_output), 1e-12);
  EXPECT_LT(MaxRelDiff(t->z, t42.z + t42.z_imported), 1e-9);
  EXPECT_LT(MaxRelDiff(t->value_added, t42.value_added), 1e-9);
  // Results aggregate the same way.
  Eigen::MatrixXd x = t149.gross_output;
  EXPECT_LT(MaxRelDiff(AggregateRows(x, *agg), t42.gross_output), 1e-12);
}

TEST(RegionalTest, AggregationErrors) {
  IoTable t = Load("cn2017_149");
  testing::TempDir dir;
  EXPECT_THAT(ReadAggregation(dir.Write("a.csv", "sector,group\n001,A\n"), t)
                  .status()
                  .message(),
              HasSubstr("sector 002 林产品 (Forestry) of"));
  EXPECT_THAT(
      ReadAggregation(dir.Write("b.csv", "sector,group\n001,A\n001,B\n"), t)
          .status()
          .message(),
      HasSubstr("b.csv:3: sector \"001\" is mapped twice (first on line 2)"));
  EXPECT_THAT(ReadAggregation(dir.Write("c.csv", "sector,group\n999,A\n"), t)
                  .status()
                  .message(),
              HasSubstr("c.csv:2: sector \"999\" is not a sector"));
}

// Two sectors of Miller & Blair (2009) §2.3; the region has 30 and 20 units
// of the nation's 100 and 300. SLQ = (2.4, 8/15); lambda* = log2(1.125)^0.3.
TEST(RegionalTest, LocationQuotientsByHand) {
  Eigen::MatrixXd a(2, 2);
  a << 0.15, 0.25, 0.20, 0.05;
  RegionalSizes sizes{Eigen::Vector2d(30, 20), Eigen::Vector2d(100, 300), "t"};
  const double slq2 = 0.4 / 0.75;
  LqSummary s;
  auto slq = RegionalCoefficients(a, sizes, {LqMethod::kSlq, 0.3}, &s);
  ASSERT_TRUE(slq.ok());
  EXPECT_DOUBLE_EQ((*slq)(0, 0), 0.15);
  EXPECT_DOUBLE_EQ((*slq)(0, 1), 0.25);
  EXPECT_NEAR((*slq)(1, 0), 0.20 * slq2, 1e-15);
  EXPECT_NEAR((*slq)(1, 1), 0.05 * slq2, 1e-15);
  EXPECT_EQ(s.rows_scaled, 1);
  auto cilq = RegionalCoefficients(a, sizes, {LqMethod::kCilq, 0.3});
  ASSERT_TRUE(cilq.ok());
  EXPECT_NEAR((*cilq)(1, 0), 0.20 * slq2 / 2.4, 1e-15);
  EXPECT_DOUBLE_EQ((*cilq)(0, 1), 0.25);  // CILQ 4.5 capped at 1.
  EXPECT_NEAR((*cilq)(1, 1), 0.05 * slq2, 1e-15);
  auto flq = RegionalCoefficients(a, sizes, {LqMethod::kFlq, 0.3}, &s);
  ASSERT_TRUE(flq.ok());
  const double lambda = std::pow(std::log2(1.0 + 50.0 / 400.0), 0.3);
  EXPECT_NEAR(s.lambda, lambda, 1e-15);
  EXPECT_NEAR(s.lambda, 0.5876, 1e-4);
  EXPECT_DOUBLE_EQ((*flq)(0, 0), 0.15);  // lambda * 2.4 > 1.
  EXPECT_NEAR((*flq)(1, 0), 0.20 * lambda * slq2 / 2.4, 1e-15);
  EXPECT_NEAR((*flq)(1, 1), 0.05 * lambda * slq2, 1e-15);
  EXPECT_THAT(s.method, HasSubstr("FLQ"));
  EXPECT_FALSE(RegionalCoefficients(a, sizes, {LqMethod::kFlq, 1.0}).ok());
  EXPECT_FALSE(ParseLqMethod("rlq").ok());
}

TEST(RegionalTest, RegionalMultipliersAreSmallerAndFilesAreChecked) {
  IoTable t = Load("cn2020_153");
  // A region with a tenth of the nation's output, more in the services.
  testing::TempDir dir;
  std::string csv = "code,region,nation\n";
  for (size_t i = 0; i < t.size(); ++i) {
    const double x = t.gross_output(static_cast<Eigen::Index>(i));
    csv += t.codes[i] + "," + std::to_string(x * (i > 100 ? 0.15 : 0.08)) +
           "," + std::to_string(x) + "\n";
  }
  auto sizes = ReadRegionalSizes(dir.Write("r.csv", csv), t);
  ASSERT_TRUE(sizes.ok()) << sizes.status().ToString();
  MultiplierOptions opt;
  opt.type_ii = true;
  auto national = ComputeMultipliers(t, opt);
  opt.region = *sizes;
  MultiplierSummary summary;
  auto regional = ComputeMultipliers(t, opt, &summary);
  ASSERT_TRUE(national.ok() && regional.ok());
  EXPECT_TRUE((regional->output_i.array() < national->output_i.array()).all());
  EXPECT_TRUE(
      (regional->output_ii.array() < national->output_ii.array()).all());
  EXPECT_THAT(summary.region, HasSubstr("FLQ"));

  EXPECT_THAT(
      ReadRegionalSizes(dir.Write("a.csv", "code,region,nation\n001,1,1\n"), t)
          .status()
          .message(),
      HasSubstr("no regional size for sector 002"));
  EXPECT_THAT(
      ReadRegionalSizes(dir.Write("b.csv", "code,region,nation\n001,1,0\n"), t)
          .status()
          .message(),
      HasSubstr("b.csv:2: sector \"001\" has a regional size but no national"));
  EXPECT_THAT(
      ReadRegionalSizes(dir.Write("c.csv", "code,region,nation\n001,-1,2\n"), t)
          .status()
          .message(),
      HasSubstr("c.csv:2: region and nation must be numbers >= 0"));
}

}  // namespace
}  // namespace jobimpact::inputoutput
