#include "jobimpact/survey/ratio_sum.h"

#include <gtest/gtest.h>

#include "jobimpact/table/csv_reader.h"
#include "test_util.h"

namespace jobimpact::survey {
namespace {

// apistrat's design: strata stype, weights pw, fpc fpc.
DesignSpec StratFpc() {
  return {"stype", {}, "pw", "", {"fpc"}, LonelyPsu::kFail};
}

// mean(api00) - mean(api99) on apistrat: two ratio terms with scales +1 and
// -1 share the design, so their covariance enters through the joint
// influence function. R: svycontrast(svymean(~api00 + api99, dstrat),
// c(1, -1)) = 32.8925183753596, SE 2.05111240771061.
TEST(RatioSumTest, DifferenceOfTwoMeansMatchesRSvycontrast) {
  auto t = table::ReadCsvFile(
      testing::SourcePath("tests/data/api/apistrat.csv"), {});
  ASSERT_TRUE(t.ok());
  const DesignSpec s = StratFpc();
  auto d = Design::Create(*t, s);
  ASSERT_TRUE(d.ok());
  const size_t n = t->num_rows();
  std::vector<double> ones(n, 1.0);
  std::vector<RatioTerm> terms = {{t->Find("api00")->doubles(), ones, 1.0},
                                  {t->Find("api99")->doubles(), ones, -1.0}};
  for (const char* variance : {"linearization", "jkn"}) {
    EstimationOptions o;
    ASSERT_TRUE(ParseVarianceMethod(variance, &o).ok());
    auto e = EstimateRatioSum(*d, terms, o, *t);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    EXPECT_NEAR(e->estimate, 32.8925183753596, 1e-9 * 32.8925183753596);
    EXPECT_NEAR(e->se, 2.05111240771061, 1e-6 * 2.05111240771061) << variance;
    EXPECT_EQ(e->df, 197);
  }
}

// The ratio of two estimates by the delta method: mean(api00) / mean(api99)
// is svyratio(~api00, ~api99, dstrat) (tests/reference: 1.05226054621825,
// SE 0.00364392223084347).
TEST(RatioSumTest, QuotientOfTwoEstimatesMatchesRSvyratio) {
  auto t = table::ReadCsvFile(
      testing::SourcePath("tests/data/api/apistrat.csv"), {});
  ASSERT_TRUE(t.ok());
  const DesignSpec s = StratFpc();
  auto d = Design::Create(*t, s);
  ASSERT_TRUE(d.ok());
  std::vector<double> ones(t->num_rows(), 1.0);
  auto e = EstimateQuotient(*d, {{t->Find("api00")->doubles(), ones, 1.0}},
                            {{t->Find("api99")->doubles(), ones, 1.0}}, {}, *t);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_NEAR(e->estimate, 1.05226054621825, 1e-12);
  EXPECT_NEAR(e->se, 0.00364392223084347, 1e-6 * 0.00364392223084347);
}

TEST(RatioSumTest, ZeroDenominatorIsANumericalError) {
  auto t = table::ReadCsvFile(
      testing::SourcePath("tests/data/api/apistrat.csv"), {});
  ASSERT_TRUE(t.ok());
  const DesignSpec s = StratFpc();
  auto d = Design::Create(*t, s);
  ASSERT_TRUE(d.ok());
  const std::vector<double> zeros(t->num_rows(), 0.0);
  auto e =
      EstimateRatioSum(*d, {{t->Find("api00")->doubles(), zeros, 1.0}}, {}, *t);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kNumerical);
}

}  // namespace
}  // namespace jobimpact::survey
