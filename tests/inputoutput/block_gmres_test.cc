#include "jobimpact/inputoutput/block_gmres.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

namespace jobimpact::inputoutput {
namespace {

using ::testing::HasSubstr;

// A dense non-negative matrix with column sums drawn in [lo, hi].
Eigen::MatrixXd RandomA(int n, double lo, double hi, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Eigen::MatrixXd a(n, n);
  for (int j = 0; j < n; ++j) {
    for (int i = 0; i < n; ++i) a(i, j) = u(rng) * u(rng);  // Skewed.
    a.col(j) *= (lo + (hi - lo) * u(rng)) / a.col(j).sum();
  }
  return a;
}

TEST(BlockGmresTest, MatchesLuForwardAndTransposedWithinCertificate) {
  const int n = 300;
  Eigen::MatrixXd a = RandomA(n, 0.3, 0.9, 1);
  std::mt19937_64 rng(2);
  std::normal_distribution<double> g;
  Eigen::MatrixXd f(n, 5);
  for (int i = 0; i < f.size(); ++i) f.data()[i] = g(rng);
  f.col(0).setOnes();
  Eigen::PartialPivLU<Eigen::MatrixXd> lu(Eigen::MatrixXd::Identity(n, n) - a);
  for (bool transpose : {false, true}) {
    BlockGmresOptions opt;
    opt.tolerance = 1e-12;
    opt.restart = 8;  // Force restarts.
    BlockGmresSummary s;
    auto x = SolveLeontiefIteratively(a, f, transpose, opt, &s);
    ASSERT_TRUE(x.ok()) << x.status().ToString();
    Eigen::MatrixXd exact = transpose ? Eigen::MatrixXd(lu.transpose().solve(f))
                                      : Eigen::MatrixXd(lu.solve(f));
    EXPECT_LE(s.max_relative_error_bound, 1e-12);
    EXPECT_GT(s.iterations, 0);
    EXPECT_NEAR(s.norm_a, 0.9, 0.01);
    for (int c = 0; c < f.cols(); ++c) {
      // The certificate must hold for the true error (norms of the header).
      const double err =
          transpose ? (x->col(c) - exact.col(c)).lpNorm<Eigen::Infinity>()
                    : (x->col(c) - exact.col(c)).lpNorm<1>();
      const double norm = transpose ? exact.col(c).lpNorm<Eigen::Infinity>()
                                    : exact.col(c).lpNorm<1>();
      EXPECT_LE(err / norm, 1e-12 * 1.001) << "column " << c;
    }
  }
}

TEST(BlockGmresTest, ZeroRightHandSideAndIdentity) {
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(4, 4);
  Eigen::MatrixXd f = Eigen::MatrixXd::Zero(4, 2);
  f(1, 1) = 3;
  auto x = SolveLeontiefIteratively(a, f, false, BlockGmresOptions());
  ASSERT_TRUE(x.ok());
  EXPECT_EQ(*x, f);  // L = I.
}

TEST(BlockGmresTest, RefusesWithoutCertificateAndReportsNonConvergence) {
  Eigen::MatrixXd a = RandomA(50, 0.5, 1.2, 3);
  auto x = SolveLeontiefIteratively(a, Eigen::MatrixXd::Ones(50, 1), false,
                                    BlockGmresOptions());
  ASSERT_FALSE(x.ok());
  EXPECT_THAT(x.status().message(), HasSubstr("use the LU solver"));

  BlockGmresOptions tight;
  tight.max_iterations = 1;
  tight.restart = 1;
  auto y = SolveLeontiefIteratively(RandomA(50, 0.5, 0.95, 4),
                                    Eigen::MatrixXd::Ones(50, 1), false, tight);
  ASSERT_FALSE(y.ok());
  EXPECT_EQ(y.status().code(), StatusCode::kNumerical);
  EXPECT_THAT(y.status().message(), HasSubstr("did not reach"));

  BlockGmresOptions bad;
  bad.tolerance = 0;
  EXPECT_FALSE(bad.Validate().ok());
  bad = BlockGmresOptions();
  bad.restart = 0;
  EXPECT_FALSE(bad.Validate().ok());
  EXPECT_FALSE(SolveLeontiefIteratively(Eigen::MatrixXd::Zero(2, 2),
                                        Eigen::MatrixXd::Ones(3, 1), false,
                                        BlockGmresOptions())
                   .ok());
}

}  // namespace
}  // namespace jobimpact::inputoutput
