// Combinations of estimates (svycontrast) and quotients across samples,
// against R survey's numbers on apistrat (tests/reference/) and textbook
// formulas for the simple random sample.
#include "jobimpact/survey/combination.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "jobimpact/table/csv_reader.h"
#include "test_util.h"

namespace jobimpact::survey {
namespace {

class CombinationTest : public ::testing::Test {
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
    // The same sample twice, as two samples: for telling joint estimation
    // (one sample) from independent samples apart.
    samples_ = {{"api", &design_, &table_, {}},
                {"api-b", &design_, &table_, {}}};
  }
  RatioTerm Mean(const char* column) const {
    return {table_.Find(column)->doubles(), ones_, 1.0};
  }

  table::Table table_;
  Design design_;
  std::vector<double> ones_;
  std::vector<Sample> samples_;
};

// R: svycontrast(svymean(~api00 + api99, dstrat), c(1, -1)) =
// 32.8925183753596, SE 2.05111240771061.
TEST_F(CombinationTest, DifferenceWithinOneSampleMatchesRSvycontrast) {
  Combination c = Combination::Of(0, Mean("api00"));
  c += Combination::Of(0, Mean("api99")).Scaled(-1);
  auto e = EstimateCombination(samples_, c);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_NEAR(e->estimate, 32.8925183753596, 1e-9 * 32.8925183753596);
  ASSERT_TRUE(e->se.has_value());
  EXPECT_NEAR(*e->se, 2.05111240771061, 1e-6 * 2.05111240771061);
  EXPECT_EQ(e->df, 197);
  EXPECT_EQ(e->level, 0.95);
  // t(197) interval.
  EXPECT_NEAR(*e->ci_high - e->estimate, 1.972079 * *e->se, 1e-5 * *e->se);
  EXPECT_THAT(e->method, ::testing::StartsWith("api: "));
}

// Within one sample the two copies of api00 are perfectly correlated (se
// doubles); as independent samples their variances add (se x sqrt 2).
TEST_F(CombinationTest, IndependentSamplesAddVariances) {
  auto one = EstimateCombination(samples_, Combination::Of(0, Mean("api00")));
  ASSERT_TRUE(one.ok());
  Combination joint = Combination::Of(0, Mean("api00"));
  joint += Combination::Of(0, Mean("api00"));
  Combination apart = Combination::Of(0, Mean("api00"));
  apart += Combination::Of(1, Mean("api00"));
  auto j = EstimateCombination(samples_, joint);
  auto a = EstimateCombination(samples_, apart);
  ASSERT_TRUE(j.ok() && a.ok());
  EXPECT_NEAR(j->estimate, 2 * one->estimate, 1e-9);
  EXPECT_NEAR(a->estimate, 2 * one->estimate, 1e-9);
  EXPECT_NEAR(*j->se, 2 * *one->se, 1e-9);
  EXPECT_NEAR(*a->se, std::sqrt(2.0) * *one->se, 1e-9);
  EXPECT_EQ(a->n, 2 * one->n);
}

TEST_F(CombinationTest, ConstantsAndUnknownUncertainty) {
  Combination c = Combination::Of(0, Mean("api00")).Scaled(3);
  c += Combination::Constant(10, /*unknown=*/false);
  auto e = EstimateCombination(samples_, c);
  auto one = EstimateCombination(samples_, Combination::Of(0, Mean("api00")));
  ASSERT_TRUE(e.ok() && one.ok());
  EXPECT_NEAR(e->estimate, 3 * one->estimate + 10, 1e-9);
  EXPECT_NEAR(*e->se, 3 * *one->se, 1e-9);
  c += Combination::Constant(5, /*unknown=*/true);
  auto u = EstimateCombination(samples_, c);
  ASSERT_TRUE(u.ok());
  EXPECT_NEAR(u->estimate, 3 * one->estimate + 15, 1e-9);
  EXPECT_FALSE(u->se.has_value()) << "a published input of unknown se";
  EXPECT_FALSE(u->ci_low.has_value());
  auto k = EstimateCombination(samples_, Combination::Constant(7, false));
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->estimate, 7);
  EXPECT_FALSE(k->se.has_value()) << "no survey term, no interval";
}

// R: svyratio(~api00, ~api99, dstrat) = 1.05226054621825, SE
// 0.00364392223084347.
TEST_F(CombinationTest, QuotientMatchesRSvyratio) {
  auto q = EstimateQuotient(samples_, Combination::Of(0, Mean("api00")),
                            Combination::Of(0, Mean("api99")));
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  ASSERT_TRUE(q->has_value());
  const CombinedEstimate& e = **q;
  EXPECT_NEAR(e.estimate, 1.05226054621825, 1e-12);
  EXPECT_NEAR(*e.se, 0.00364392223084347, 1e-6 * 0.00364392223084347);
  EXPECT_NEAR((*e.ci_low + *e.ci_high) / 2, e.estimate, 1e-12)
      << "centred on the quotient";
  auto none = EstimateQuotient(samples_, Combination::Constant(1, false),
                               Combination::Of(0, Mean("api99")));
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value()) << "no survey term in the numerator";
}

TEST_F(CombinationTest, SamplesOfOneFigureMustShareTheirLevel) {
  samples_[1].options.confidence = 0.9;
  Combination c = Combination::Of(0, Mean("api00"));
  c += Combination::Of(1, Mean("api00"));
  auto e = EstimateCombination(samples_, c);
  ASSERT_FALSE(e.ok());
  EXPECT_THAT(e.status().message(),
              ::testing::HasSubstr("confidence levels 0.95 and 0.9"));
}

// The reports' assumed design: n = 4 of N = 1000, y = 2, 0, 4, 2. The
// total N/n sum(y) = 2000 has Var = N^2 (1 - n/N) s^2 / n with s^2 = 8/3
// (Cochran 1977, eq. 2.16); df = n - 1.
TEST(SimpleRandomSampleTest, TextbookTotalAndVariance) {
  auto d = Design::SimpleRandomSample(4, 1000);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->num_rows(), 4u);
  EXPECT_EQ(d->weights(), std::vector<double>(4, 250.0));
  EXPECT_TRUE(d->has_fpc());
  EXPECT_EQ(d->DegreesOfFreedom(), 3);
  table::Table empty("t");
  std::vector<Sample> samples = {{"srs", &*d, &empty, {}}};
  auto e = EstimateCombination(
      samples, Combination::Of(0, {{2, 0, 4, 2}, {1, 1, 1, 1}, 1000}));
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_NEAR(e->estimate, 2000, 1e-9);
  const double se = std::sqrt(1e6 * (1 - 4.0 / 1000) * (8.0 / 3) / 4);
  EXPECT_NEAR(*e->se, se, 1e-9 * se);
  EXPECT_EQ(e->df, 3);
  EXPECT_THAT(Design::SimpleRandomSample(0, 10).status().message(),
              ::testing::HasSubstr("n >= 1"));
  EXPECT_THAT(Design::SimpleRandomSample(5, 4).status().message(),
              ::testing::HasSubstr("N >= n"));
}

}  // namespace
}  // namespace jobimpact::survey
