#include "jobimpact/inputoutput/leontief.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_util.h"

namespace jobimpact::inputoutput {
namespace {

IoTable TwoSector(double z11, double z12, double z21, double z22, double x1,
                  double x2) {
  IoTable t;
  t.source = "test";
  t.codes = {"1", "2"};
  t.names_zh = {"", ""};
  t.names_en = {"", ""};
  t.z.resize(2, 2);
  t.z << z11, z12, z21, z22;
  t.gross_output.resize(2);
  t.gross_output << x1, x2;
  return t;
}

// Miller & Blair (2009), §2.3: Z = [150 500; 200 100], x = (1000, 2000).
TEST(LeontiefTest, MillerBlairTwoSectorExample) {
  IoTable t = TwoSector(150, 500, 200, 100, 1000, 2000);
  auto a = TechnicalCoefficients(t);
  ASSERT_TRUE(a.ok());
  EXPECT_DOUBLE_EQ((*a)(0, 0), 0.15);
  EXPECT_DOUBLE_EQ((*a)(0, 1), 0.25);
  EXPECT_DOUBLE_EQ((*a)(1, 0), 0.20);
  EXPECT_DOUBLE_EQ((*a)(1, 1), 0.05);
  LeontiefSummary summary;
  auto solver = LeontiefSolver::Create(*a, LeontiefOptions(), &summary);
  ASSERT_TRUE(solver.ok());
  EXPECT_GT(summary.rcond, 0.1);
  // L = (I - A)^-1 = [0.95 0.25; 0.20 0.85] / 0.7575 (M&B print 1.254, 0.330,
  // 0.264, 1.122).
  auto l = solver->Solve(Eigen::MatrixXd::Identity(2, 2));
  ASSERT_TRUE(l.ok());
  EXPECT_NEAR((*l)(0, 0), 0.95 / 0.7575, 1e-14);
  EXPECT_NEAR((*l)(0, 1), 0.25 / 0.7575, 1e-14);
  EXPECT_NEAR((*l)(1, 0), 0.20 / 0.7575, 1e-14);
  EXPECT_NEAR((*l)(1, 1), 0.85 / 0.7575, 1e-14);
  auto b = solver->TotalConsumptionColumnSums();
  ASSERT_TRUE(b.ok());
  EXPECT_NEAR((*b)(0), 1.15 / 0.7575 - 1, 1e-14);
  EXPECT_NEAR((*b)(1), 1.10 / 0.7575 - 1, 1e-14);
  // M&B: final demand f = (600, 1500) requires x = L f.
  Eigen::MatrixXd f(2, 1);
  f << 600, 1500;
  auto x = solver->Solve(f);
  ASSERT_TRUE(x.ok());
  EXPECT_NEAR((*x)(0, 0), (0.95 * 600 + 0.25 * 1500) / 0.7575, 1e-10);
}

TEST(LeontiefTest, ReportCoefficientsFromNbs2017Table) {
  auto t = ReadIoTable(testing::SourcePath("data/io/cn2017_149.csv"),
                       IoLayout::kNbs);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  auto a = TechnicalCoefficients(*t);
  ASSERT_TRUE(a.ok());
  auto solver = LeontiefSolver::Create(*a, LeontiefOptions());
  ASSERT_TRUE(solver.ok());
  auto b = solver->TotalConsumptionColumnSums();
  ASSERT_TRUE(b.ok());
  // The eight 完全消耗系数 printed in both reports' appendices.
  const std::vector<std::pair<std::string, double>> published = {
      {"123", 1.35092814},  {"120", 1.65928128},  {"106", 0.797118405},
      {"138", 1.053028016}, {"116", 1.094526263}, {"140", 0.718330715},
      {"131", 1.847971723}, {"141", 1.633394624}};
  constexpr double kPrintedDigits = 1e-8;  // The reports print 8-9 decimals.
  for (const auto& [code, value] : published) {
    EXPECT_NEAR((*b)(static_cast<Eigen::Index>(*t->IndexOf(code))), value,
                kPrintedDigits)
        << code;
  }
  // Identities: L (I - A) = I, and the transposed solve equals the column
  // sums of the full solve.
  const Eigen::Index n = a->rows();
  auto l = solver->Solve(Eigen::MatrixXd::Identity(n, n));
  ASSERT_TRUE(l.ok());
  Eigen::MatrixXd i_a = Eigen::MatrixXd::Identity(n, n) - *a;
  EXPECT_LT((*l * i_a - Eigen::MatrixXd::Identity(n, n)).cwiseAbs().maxCoeff(),
            1e-10);
  Eigen::VectorXd colsum = l->colwise().sum().transpose();
  EXPECT_LT((colsum.array() - 1.0 - b->array()).abs().maxCoeff(), 1e-10);
}

TEST(LeontiefTest, ZeroOutputSectorIsNamedNotDivided) {
  IoTable t = TwoSector(1, 0, 0, 0, 10, 0);
  t.names_zh = {"甲", "乙"};
  auto a = TechnicalCoefficients(t);
  ASSERT_FALSE(a.ok());
  EXPECT_THAT(a.status().message(),
              ::testing::HasSubstr("sector 2 乙 has zero gross output"));
}

TEST(LeontiefTest, SingularSystemIsANumericalError) {
  IoTable t = TwoSector(50, 50, 50, 50, 100, 100);  // Column sums of A = 1.
  auto a = TechnicalCoefficients(t);
  ASSERT_TRUE(a.ok());
  auto solver = LeontiefSolver::Create(*a, LeontiefOptions());
  ASSERT_FALSE(solver.ok());
  EXPECT_EQ(solver.status().code(), StatusCode::kNumerical);
  EXPECT_THAT(solver.status().message(), ::testing::HasSubstr("singular"));
}

TEST(LeontiefTest, OptionsAndShapesAreChecked) {
  LeontiefOptions bad;
  bad.min_rcond = 0;
  EXPECT_FALSE(bad.Validate().ok());
  EXPECT_FALSE(
      LeontiefSolver::Create(Eigen::MatrixXd(2, 3), LeontiefOptions()).ok());
  Eigen::MatrixXd nan_a = Eigen::MatrixXd::Zero(2, 2);
  nan_a(0, 0) = std::nan("");
  EXPECT_FALSE(LeontiefSolver::Create(nan_a, LeontiefOptions()).ok());
  auto ok =
      LeontiefSolver::Create(Eigen::MatrixXd::Zero(2, 2), LeontiefOptions());
  ASSERT_TRUE(ok.ok());
  EXPECT_FALSE(ok->Solve(Eigen::MatrixXd::Ones(3, 1)).ok());
}

TEST(LeontiefTest, GhoshInverseAndMethods) {
  IoTable t = TwoSector(150, 500, 200, 100, 1000, 2000);
  auto a = TechnicalCoefficients(t);
  ASSERT_TRUE(a.ok());
  auto solver = LeontiefSolver::Create(*a, LeontiefOptions());
  ASSERT_TRUE(solver.ok());
  EXPECT_EQ(solver->summary().method, LeontiefMethod::kLu);
  // Ghosh: G = (I - B)^-1 with B = diag(x)^-1 Z (allocation coefficients),
  // computed here directly.
  Eigen::Matrix2d z;
  z << 150, 500, 200, 100;
  Eigen::Vector2d x(1000, 2000);
  Eigen::Matrix2d b = x.cwiseInverse().asDiagonal() * z;
  Eigen::Matrix2d g = (Eigen::Matrix2d::Identity() - b).inverse();
  auto ghosh = GhoshInverse(*solver, x);
  ASSERT_TRUE(ghosh.ok());
  EXPECT_LT((*ghosh - g).cwiseAbs().maxCoeff(), 1e-14);
  EXPECT_FALSE(GhoshInverse(*solver, Eigen::Vector2d(1, 0)).ok());
  // Transposed solve = rows of L.
  auto rows = solver->SolveTransposed(Eigen::MatrixXd::Identity(2, 2));
  auto l = solver->FullInverse();
  ASSERT_TRUE(rows.ok() && l.ok());
  EXPECT_LT((rows->transpose() - *l).cwiseAbs().maxCoeff(), 1e-14);
  SolveReport report;
  ASSERT_TRUE(solver->Solve(Eigen::MatrixXd::Ones(2, 1), &report).ok());
  EXPECT_LT(report.relative_error_bound, 1e-14);
  EXPECT_THAT(report.method, ::testing::HasSubstr("LU"));

  EXPECT_EQ(*ParseLeontiefMethod("iterative"), LeontiefMethod::kIterative);
  EXPECT_FALSE(ParseLeontiefMethod("inverse").ok());
  // Forced iteration on the same table: same answer, certified.
  LeontiefOptions it;
  it.method = LeontiefMethod::kIterative;
  auto isolver = LeontiefSolver::Create(*a, it);
  ASSERT_TRUE(isolver.ok());
  auto cs = isolver->LeontiefColumnSums(&report);
  ASSERT_TRUE(cs.ok());
  EXPECT_NEAR((*cs)(0), 1.15 / 0.7575, 1e-10);
  EXPECT_LE(report.relative_error_bound, 1e-10);
  // kAuto on a "large" table (threshold 1 sector) iterates.
  LeontiefOptions auto_opt;
  auto_opt.auto_lu_max_size = 1;
  LeontiefSummary summary;
  ASSERT_TRUE(LeontiefSolver::Create(*a, auto_opt, &summary).ok());
  EXPECT_EQ(summary.method, LeontiefMethod::kIterative);
  // ... but not when some column sum of A is >= 1 (no certificate).
  Eigen::MatrixXd heavy(2, 2);
  heavy << 0.9, 0.1, 0.3, 0.1;  // Column 1 sums to 1.2.
  ASSERT_TRUE(LeontiefSolver::Create(heavy, auto_opt, &summary).ok());
  EXPECT_EQ(summary.method, LeontiefMethod::kLu);
  EXPECT_FALSE(LeontiefSolver::Create(heavy, it).ok());
}

TEST(LeontiefTest, UnproductiveTablesAreRejected) {
  // Column sums 1.2 and 0.3 but rho(A) < 1: accepted, bound certified.
  Eigen::MatrixXd ok(2, 2);
  ok << 0.9, 0.1, 0.3, 0.1;
  LeontiefSummary s;
  ASSERT_TRUE(LeontiefSolver::Create(ok, LeontiefOptions(), &s).ok());
  EXPECT_LT(s.rho_upper, 1.0);
  // rho(A) = 1.1 (eigenvalues 1.1 and 0.3), yet I - A is not singular.
  Eigen::MatrixXd bad(2, 2);
  bad << 1.0, 0.1, 0.8, 0.4;
  auto r = LeontiefSolver::Create(bad, LeontiefOptions());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNumerical);
  EXPECT_THAT(r.status().message(),
              ::testing::HasSubstr("spectral radius of A is >= 1"));
}

}  // namespace
}  // namespace jobimpact::inputoutput
