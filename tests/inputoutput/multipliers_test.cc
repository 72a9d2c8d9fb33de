#include "jobimpact/inputoutput/multipliers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <tuple>

#include "inputoutput/io_reference.h"
#include "jobimpact/inputoutput/employment.h"
#include "test_util.h"

namespace jobimpact::inputoutput {
namespace {

using ::testing::HasSubstr;

// numpy (explicit inverses, tests/reference/make_io_references.py) and
// jobimpact (LU + Sherman-Morrison) round differently; multipliers of
// well-conditioned tables (rcond ~ 0.1) agree far better than this.
constexpr double kNumpyAgreement = 1e-9;
// Identities that hold exactly in exact arithmetic, checked on every table.
constexpr double kIdentity = 1e-10;

double Ref(const std::string& table, const std::string& variant,
           const std::string& quantity, const std::string& code) {
  return testing::IoReference(table, variant, quantity, code);
}

void ExpectRel(double actual, double expected, double tol,
               const std::string& what) {
  EXPECT_LE(std::fabs(actual - expected),
            tol * std::max(1.0, std::fabs(expected)))
      << what << ": " << actual << " vs " << expected;
}

IoTable Load(const std::string& name) {
  auto t = ReadIoTable(testing::SourcePath("data/io/" + name + ".csv"),
                       IoLayout::kNbs);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? *t : IoTable();
}

Eigen::VectorXd Employment(const IoTable& t, const std::string& concordance,
                           int year) {
  auto emp = ReadEmploymentTable(
      testing::SourcePath("data/io/cn_employment_by_industry.csv"));
  EXPECT_TRUE(emp.ok()) << emp.status().ToString();
  auto e =
      EmploymentCoefficients(t, *emp, year, testing::SourcePath(concordance));
  EXPECT_TRUE(e.ok()) << e.status().ToString();
  return e.ok() ? *e : Eigen::VectorXd();
}

struct Case {
  std::string table, concordance;
  int year;
};

TEST(MultipliersTest, AgreeWithNumpyOnNbsTables) {
  for (const Case& c :
       {Case{"cn2017_149", "data/io/concordance_cn2017_149_employment.csv",
             2017},
        Case{"cn2020_153", "data/io/concordance_cn2020_153_employment.csv",
             2018}}) {
    IoTable t = Load(c.table);
    Eigen::VectorXd e = Employment(t, c.concordance, c.year);
    for (size_t i = 0; i < t.size(); ++i) {
      ExpectRel(
          e(static_cast<Eigen::Index>(i)),
          Ref(c.table, "as_published", "employment_coefficient", t.codes[i]),
          1e-12, c.table + " e " + t.codes[i]);
    }
    for (const char* variant : {"as_published", "domestic"}) {
      MultiplierOptions opt;
      opt.type_ii = true;
      opt.imports = std::string(variant) == "domestic"
                        ? ImportTreatment::kDomestic
                        : ImportTreatment::kAsPublished;
      opt.employment_coefficients = e;
      MultiplierSummary summary;
      auto m = ComputeMultipliers(t, opt, &summary);
      ASSERT_TRUE(m.ok()) << m.status().ToString();
      EXPECT_LT(summary.relative_error_bound, 1e-12);
      EXPECT_GT(summary.closure_denominator, 0.0);
      const std::vector<std::pair<std::string, const Eigen::VectorXd*>> qs = {
          {"output_I", &m->output_i},   {"value_added_I", &m->value_added_i},
          {"income_I", &m->income_i},   {"employment_I", &m->employment_i},
          {"output_II", &m->output_ii}, {"value_added_II", &m->value_added_ii},
          {"income_II", &m->income_ii}, {"employment_II", &m->employment_ii}};
      for (const auto& [q, v] : qs) {
        for (size_t i = 0; i < t.size(); ++i) {
          ExpectRel((*v)(static_cast<Eigen::Index>(i)),
                    Ref(c.table, variant, q, t.codes[i]), kNumpyAgreement,
                    c.table + " " + variant + " " + q + " " + t.codes[i]);
        }
      }
      // Shock: 1e6 on 123 (internet), 2.5e6 on 106 (retail), 5e5 on 120
      // (catering), in 10,000 yuan.
      Eigen::MatrixXd f = Eigen::MatrixXd::Zero(t.size(), 1);
      f(static_cast<Eigen::Index>(*t.IndexOf("123")), 0) = 1.0e6;
      f(static_cast<Eigen::Index>(*t.IndexOf("106")), 0) = 2.5e6;
      f(static_cast<Eigen::Index>(*t.IndexOf("120")), 0) = 5.0e5;
      auto s = ComputeShock(t, f, opt);
      ASSERT_TRUE(s.ok()) << s.status().ToString();
      const std::vector<std::pair<std::string, const Eigen::MatrixXd*>> ss = {
          {"output_direct", &s->output_direct},
          {"output_indirect", &s->output_indirect},
          {"output_induced", &s->output_induced},
          {"value_added_direct", &s->value_added_direct},
          {"value_added_indirect", &s->value_added_indirect},
          {"value_added_induced", &s->value_added_induced},
          {"income_direct", &s->income_direct},
          {"income_indirect", &s->income_indirect},
          {"income_induced", &s->income_induced},
          {"employment_direct", &s->employment_direct},
          {"employment_indirect", &s->employment_indirect},
          {"employment_induced", &s->employment_induced}};
      for (const auto& [q, mat] : ss) {
        ExpectRel(mat->sum(), Ref(c.table, variant, "shock_" + q, "TOTAL"),
                  kNumpyAgreement, c.table + " " + variant + " shock " + q);
      }
    }
  }
}

TEST(MultipliersTest, AgreeWithNumpyOnNonCompetitiveTable) {
  IoTable t = Load("cn2017_42");
  for (const char* variant : {"as_published", "domestic"}) {
    MultiplierOptions opt;
    opt.type_ii = true;
    opt.household_columns = {"TC"};  // The 42-sector table has no THC split.
    opt.imports = std::string(variant) == "domestic"
                      ? ImportTreatment::kDomestic
                      : ImportTreatment::kAsPublished;
    auto m = ComputeMultipliers(t, opt);
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    for (size_t i = 0; i < t.size(); ++i) {
      const auto k = static_cast<Eigen::Index>(i);
      ExpectRel(m->output_i(k),
                Ref("cn2017_42", variant, "output_I", t.codes[i]),
                kNumpyAgreement, "output_I");
      ExpectRel(m->value_added_i(k),
                Ref("cn2017_42", variant, "value_added_I", t.codes[i]),
                kNumpyAgreement, "value_added_I");
      ExpectRel(m->income_ii(k),
                Ref("cn2017_42", variant, "income_II", t.codes[i]),
                kNumpyAgreement, "income_II");
      ExpectRel(m->output_ii(k),
                Ref("cn2017_42", variant, "output_II", t.codes[i]),
                kNumpyAgreement, "output_II");
    }
  }
}

// Identities on every shipped table: L (I - A) = I; column sums of B =
// output multipliers - 1; open value-added multipliers are 1 for tables used
// as published (imports counted as domestic inputs) and below 1 without
// imports.
TEST(MultipliersTest, IdentitiesOnEveryShippedTable) {
  for (const char* name :
       {"cn2017_149", "cn2018_153", "cn2020_153", "cn2017_42"}) {
    SCOPED_TRACE(name);
    IoTable t = Load(name);
    for (ImportTreatment imports :
         {ImportTreatment::kAsPublished, ImportTreatment::kDomestic}) {
      MultiplierOptions opt;
      opt.imports = imports;
      auto model = BuildLinkedModel(t, opt);
      ASSERT_TRUE(model.ok()) << model.status().ToString();
      auto solver = LeontiefSolver::Create(model->a, LeontiefOptions());
      ASSERT_TRUE(solver.ok());
      auto l = solver->FullInverse();
      ASSERT_TRUE(l.ok());
      const Eigen::Index n = model->a.rows();
      const Eigen::MatrixXd id = Eigen::MatrixXd::Identity(n, n);
      EXPECT_LT((*l * (id - model->a) - id).cwiseAbs().maxCoeff(), kIdentity);
      auto b = solver->TotalConsumptionColumnSums();
      ASSERT_TRUE(b.ok());
      auto m = ComputeMultipliers(t, opt);
      ASSERT_TRUE(m.ok());
      EXPECT_LT((b->array() + 1.0 - m->output_i.array()).abs().maxCoeff(),
                kIdentity);
      auto bm = TotalConsumptionMatrix(*solver);
      ASSERT_TRUE(bm.ok());
      EXPECT_LT((bm->colwise().sum().transpose() - *b).cwiseAbs().maxCoeff(),
                kIdentity);
      // As published, imported inputs count as produced at home (for the
      // non-competitive table: domestic + imported rows), so every unit of
      // final demand ends up as value added.
      if (imports == ImportTreatment::kAsPublished) {
        EXPECT_LT((m->value_added_i.array() - 1.0).abs().maxCoeff(), kIdentity);
      } else {
        EXPECT_LT(m->value_added_i.maxCoeff(), 1.0);
        EXPECT_GT(m->value_added_i.minCoeff(), 0.0);
      }
    }
  }
}

// A three-sector table closed for households, checked against the explicit
// inverse of the (n+1)-sector matrix (Miller & Blair 2009, §6.3) and the
// hand-computed open model.
TEST(MultipliersTest, TypeTwoEqualsExplicitClosedInverse) {
  testing::TempDir dir;
  auto path = dir.Write("t.csv",
                        "code,s1,s2,s3,HH,GOV,GO\n"
                        "s1,20,30,10,30,10,100\n"
                        "s2,10,40,30,60,60,200\n"
                        "s3,15,20,25,70,20,150\n"
                        "W,30,60,40,,,\n"
                        "OS,25,50,45,,,\n");
  auto t = ReadIoTable(path, IoLayout::kMatrix);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  MultiplierOptions opt;
  opt.type_ii = true;
  opt.compensation_row = "W";
  opt.household_columns = {"HH"};
  MultiplierSummary summary;
  auto m = ComputeMultipliers(*t, opt, &summary);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  Eigen::MatrixXd abar = Eigen::MatrixXd::Zero(4, 4);
  Eigen::Vector3d x(100, 200, 150);
  Eigen::Matrix3d z;
  z << 20, 30, 10, 10, 40, 30, 15, 20, 25;
  abar.topLeftCorner(3, 3) = z * x.cwiseInverse().asDiagonal();
  abar.block(0, 3, 3, 1) = Eigen::Vector3d(30, 60, 70) / 130.0;
  abar.block(3, 0, 1, 3) =
      (Eigen::Vector3d(30, 60, 40).cwiseQuotient(x)).transpose();
  Eigen::MatrixXd lbar = (Eigen::MatrixXd::Identity(4, 4) - abar).inverse();
  Eigen::Matrix3d l =
      (Eigen::Matrix3d::Identity() - abar.topLeftCorner(3, 3)).inverse();
  for (int j = 0; j < 3; ++j) {
    EXPECT_NEAR(m->output_i(j), l.col(j).sum(), 1e-13);
    EXPECT_NEAR(m->output_ii(j), lbar.col(j).head(3).sum(), 1e-13);
    EXPECT_NEAR(m->income_ii(j), lbar(3, j), 1e-13);
    EXPECT_NEAR(m->value_added_i(j), 1.0, 1e-13);  // W + OS = all inputs.
  }
  EXPECT_NEAR(summary.closure_denominator,
              1.0 - m->income_i.dot(abar.col(3).head(3)), 1e-15);
  EXPECT_THAT(summary.closure, HasSubstr("household column = (HH) / total W"));
}

TEST(MultipliersTest, IterativeSolverMatchesLu) {
  IoTable t = Load("cn2017_149");
  MultiplierOptions opt;
  opt.type_ii = true;
  auto lu = ComputeMultipliers(t, opt);
  ASSERT_TRUE(lu.ok());
  opt.solver.method = LeontiefMethod::kIterative;
  opt.solver.iterative.tolerance = 1e-11;
  MultiplierSummary summary;
  auto it = ComputeMultipliers(t, opt, &summary);
  ASSERT_TRUE(it.ok()) << it.status().ToString();
  EXPECT_EQ(summary.solver.method, LeontiefMethod::kIterative);
  EXPECT_LE(summary.relative_error_bound, 1e-11);
  // The certificate is in the max-norm relative to the largest multiplier.
  const double scale_i = lu->output_i.maxCoeff();
  EXPECT_LT((it->output_i - lu->output_i).cwiseAbs().maxCoeff(),
            1e-11 * scale_i);
  EXPECT_LT((it->output_ii - lu->output_ii).cwiseAbs().maxCoeff(),
            1e-10 * lu->output_ii.maxCoeff());
}

TEST(MultipliersTest, BadInputIsNamed) {
  IoTable t = Load("cn2017_149");
  MultiplierOptions opt;
  opt.type_ii = true;
  opt.household_columns = {"THC"};
  EXPECT_THAT(ComputeMultipliers(t, opt).status().message(),
              HasSubstr("household consumption column \"THC\" is not a "
                        "final-use column"));
  opt.household_columns = {"FU101"};
  opt.compensation_row = "VA009";
  EXPECT_THAT(ComputeMultipliers(t, opt).status().message(),
              HasSubstr("compensation row \"VA009\" is not a value-added row"));
  // Households that spend twice what they earn: the closed model explodes.
  MultiplierOptions hot;
  hot.type_ii = true;
  IoTable doubled = t;
  for (auto k : {*t.FinalUseIndex("FU101"), *t.FinalUseIndex("FU102")}) {
    doubled.final_use.col(static_cast<Eigen::Index>(k)) *= 4.0;
  }
  auto m = ComputeMultipliers(doubled, hot);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kNumerical);
  EXPECT_THAT(m.status().message(), HasSubstr("not productive"));
  // Imports larger than domestic use.
  IoTable imports = t;
  imports.final_use(0, static_cast<Eigen::Index>(*t.FinalUseIndex("IM"))) *=
      1e6;
  MultiplierOptions dom;
  dom.imports = ImportTreatment::kDomestic;
  EXPECT_THAT(ComputeMultipliers(imports, dom).status().message(),
              HasSubstr("imports of sector 001 农产品 (Agriculture)"));
  EXPECT_FALSE(ComputeShock(t, Eigen::MatrixXd::Zero(3, 1), dom).ok());
}

TEST(MultipliersTest, DemandFile) {
  IoTable t = Load("cn2017_149");
  testing::TempDir dir;
  auto d = ReadDemandFile(
      dir.Write("d.csv", "code,base,high\n123,100,200\n106,,50\n"), t);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->scenarios, (std::vector<std::string>{"base", "high"}));
  EXPECT_EQ(d->demand(122, 0), 100.0);
  EXPECT_EQ(d->demand(105, 0), 0.0);
  EXPECT_EQ(d->demand(105, 1), 50.0);
  EXPECT_EQ(d->demand.sum(), 350.0);
  EXPECT_THAT(ReadDemandFile(dir.Write("e.csv", "code,base\n999,1\n"), t)
                  .status()
                  .message(),
              HasSubstr("e.csv:2: sector \"999\" is not a sector"));
  EXPECT_THAT(
      ReadDemandFile(dir.Write("f.csv", "code,base\n123,1\n123,2\n"), t)
          .status()
          .message(),
      HasSubstr("f.csv:3: sector \"123\" is listed twice (first on line "
                "2)"));
  EXPECT_THAT(ReadDemandFile(dir.Write("g.csv", "code,base\n123,abc\n"), t)
                  .status()
                  .message(),
              HasSubstr("g.csv:2: column 2 (\"base\"): expected a number"));
  EXPECT_THAT(
      ReadDemandFile(dir.Write("h.csv", "code\n123\n"), t).status().message(),
      HasSubstr("no demand column"));
}

}  // namespace
}  // namespace jobimpact::inputoutput
