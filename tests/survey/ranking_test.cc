#include "jobimpact/survey/ranking.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/math/distributions/normal.hpp>
#include <numeric>

namespace jobimpact::survey {
namespace {

// Domain totals of an SRS (n = 6 of N = 600) under the expansion estimator:
// Cov(T_a, T_b) = N^2 (1 - n/N) s_ab / n with s_ab the sample covariance of
// the domain indicators times y (Cochran 1977, eq. 2.16 and its bivariate
// form, §2.6). Polarization must give exactly that.
TEST(RankingTest, CovarianceByPolarizationMatchesTheTextbook) {
  auto d = Design::SimpleRandomSample(6, 600);
  ASSERT_TRUE(d.ok());
  table::Table empty("t");
  std::vector<Sample> samples = {{"srs", &*d, &empty, {}}};
  const std::vector<double> y = {3, 1, 4, 1, 5, 9};
  const std::vector<int> dom = {0, 1, 0, 2, 1, 0};
  std::vector<std::vector<double>> ya(3, std::vector<double>(6, 0.0));
  std::vector<Combination> items;
  for (int a = 0; a < 3; ++a) {
    for (int i = 0; i < 6; ++i) ya[a][i] = dom[i] == a ? y[i] : 0;
    items.push_back(
        Combination::Of(0, {ya[a], std::vector<double>(6, 1.0), 600}));
  }
  auto cov = EstimateCovariance(samples, items);
  ASSERT_TRUE(cov.ok()) << cov.status().ToString();
  ASSERT_TRUE(cov->has_value());
  for (int a = 0; a < 3; ++a) {
    for (int b = 0; b < 3; ++b) {
      const double ma = std::accumulate(ya[a].begin(), ya[a].end(), 0.0) / 6;
      const double mb = std::accumulate(ya[b].begin(), ya[b].end(), 0.0) / 6;
      double s = 0;
      for (int i = 0; i < 6; ++i) s += (ya[a][i] - ma) * (ya[b][i] - mb);
      s /= 5;
      const double expected = 600.0 * 600 * (1 - 6.0 / 600) * s / 6;
      EXPECT_NEAR((**cov)(a, b), expected, 1e-9 * std::abs(expected) + 1e-6)
          << a << "," << b;
    }
  }
  // A published constant has no standard error: no covariance.
  std::vector<Combination> with_published = items;
  with_published[1] = Combination::Constant(5, true);
  auto none = EstimateCovariance(samples, with_published);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

// Two items, top 1: P(X1 > X2) = Phi((m1 - m2) / sd(X1 - X2)), with the
// covariance entering sd. Within 4 Monte Carlo standard errors.
TEST(RankingTest, TwoItemsMatchTheNormalProbability) {
  boost::math::normal n01;
  for (double c : {0.0, 0.6, -0.6}) {
    Eigen::MatrixXd cov(2, 2);
    cov << 1.0, c, c, 1.0;
    RankingOptions opt;
    opt.top_n = 1;
    opt.draws = 40000;
    RankingSummary summary;
    auto p = TopNProbabilities({0.5, 0.0}, cov, opt, &summary);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    const double expected = boost::math::cdf(n01, 0.5 / std::sqrt(2 - 2 * c));
    EXPECT_NEAR((*p)[0], expected, 4 * summary.mc_se_bound) << c;
    EXPECT_DOUBLE_EQ((*p)[0] + (*p)[1], 1.0);
    EXPECT_EQ(summary.clipped_eigenvalues, 0);
  }
}

TEST(RankingTest, ProbabilitiesAddUpToNAndAreSeeded) {
  Eigen::MatrixXd cov = Eigen::MatrixXd::Identity(5, 5);
  cov(0, 1) = cov(1, 0) = 2.0;  // Not PSD: one eigenvalue is clipped.
  RankingOptions opt;
  opt.top_n = 2;
  opt.draws = 1000;
  RankingSummary s1;
  auto a = TopNProbabilities({5, 4, 3, 2, 1}, cov, opt, &s1);
  auto b = TopNProbabilities({5, 4, 3, 2, 1}, cov, opt, nullptr);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_NEAR(std::accumulate(a->begin(), a->end(), 0.0), 2.0, 1e-12);
  EXPECT_EQ(s1.clipped_eigenvalues, 1);
  opt.top_n = 5;
  auto all = TopNProbabilities({5, 4, 3, 2, 1}, cov, opt, nullptr);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(*all, std::vector<double>(5, 1.0));
}

TEST(RankingTest, BadInputIsNamed) {
  RankingOptions opt;
  EXPECT_THAT(
      TopNProbabilities({1, 2}, Eigen::MatrixXd::Identity(3, 3), opt, nullptr)
          .status()
          .message(),
      ::testing::HasSubstr("3 x 3 for 2 estimates"));
  Eigen::MatrixXd asym = Eigen::MatrixXd::Identity(2, 2);
  asym(0, 1) = 0.5;
  opt.top_n = 1;
  EXPECT_THAT(TopNProbabilities({1, 2}, asym, opt, nullptr).status().message(),
              ::testing::HasSubstr("not symmetric"));
  opt.draws = 5;
  EXPECT_THAT(opt.Validate().message(), ::testing::HasSubstr("draws"));
  opt.draws = 1000;
  opt.top_n = 0;
  EXPECT_THAT(opt.Validate().message(), ::testing::HasSubstr("top_n"));
}

}  // namespace
}  // namespace jobimpact::survey
