#include "jobimpact/survey/ratio_sum.h"

#include <gtest/gtest.h>

#include "jobimpact/table/csv_reader.h"
#include "test_util.h"

namespace jobimpact::survey {
namespace {

// apistrat with its design (strata stype, weights pw, fpc fpc).
class RatioSumTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto t = table::ReadCsvFile(
        testing::SourcePath("tests/data/api/apistrat.csv"), {});
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    table_ = std::move(t).value();
    auto d = Design::Create(table_,
                            {"stype", {}, "pw", "", {"fpc"}, LonelyPsu::kFail});
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    design_ = std::move(d).value();
    ones_.assign(table_.num_rows(), 1.0);
  }
  const std::vector<double>& Col(const char* name) const {
    return table_.Find(name)->doubles();
  }

  table::Table table_;
  Design design_;
  std::vector<double> ones_;
};

// mean(api00) - mean(api99): two ratio terms with scales +1 and -1 share the
// design, so their covariance enters through the joint influence function.
// R: svycontrast(svymean(~api00 + api99, dstrat), c(1, -1)) =
// 32.8925183753596, SE 2.05111240771061.
TEST_F(RatioSumTest, DifferenceOfTwoMeansMatchesRSvycontrast) {
  std::vector<RatioTerm> terms = {{Col("api00"), ones_, 1.0},
                                  {Col("api99"), ones_, -1.0}};
  for (const char* variance : {"linearization", "jkn"}) {
    EstimationOptions o;
    ASSERT_TRUE(ParseVarianceMethod(variance, &o).ok());
    auto e = EstimateRatioSum(design_, terms, o, table_);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    EXPECT_NEAR(e->estimate, 32.8925183753596, 1e-9 * 32.8925183753596);
    EXPECT_NEAR(e->se, 2.05111240771061, 1e-6 * 2.05111240771061) << variance;
    EXPECT_EQ(e->df, 197);
  }
}

// The ratio of two estimates by the delta method: mean(api00) / mean(api99)
// is svyratio(~api00, ~api99, dstrat) (tests/reference: 1.05226054621825,
// SE 0.00364392223084347).
TEST_F(RatioSumTest, QuotientOfTwoEstimatesMatchesRSvyratio) {
  auto e = EstimateQuotient(design_, {{Col("api00"), ones_, 1.0}},
                            {{Col("api99"), ones_, 1.0}}, {}, table_);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_NEAR(e->estimate, 1.05226054621825, 1e-12);
  EXPECT_NEAR(e->se, 0.00364392223084347, 1e-6 * 0.00364392223084347);
}

TEST_F(RatioSumTest, ZeroDenominatorIsANumericalError) {
  const std::vector<double> zeros(table_.num_rows(), 0.0);
  auto e = EstimateRatioSum(design_, {{Col("api00"), zeros, 1.0}}, {}, table_);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kNumerical);
}

}  // namespace
}  // namespace jobimpact::survey
