#include "jobimpact/inputoutput/employment.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_util.h"

namespace jobimpact::inputoutput {
namespace {

using ::testing::HasSubstr;

// Three sectors; employment in 10,000 persons with a section (A, no
// divisions), a section with divisions (C: C01, C02) and a total row.
constexpr const char* kEmployment =
    "code,name_zh,2017,2018\n"
    "TOT,合计,10,11\n"
    "A,农业,4,4\n"
    "C,制造业,6,7\n"
    "C01,食品,2,3\n"
    "C02,纺织,4,4\n";

IoTable ThreeSectors() {
  IoTable t;
  t.source = "t.csv";
  t.codes = {"s1", "s2", "s3"};
  t.names_zh = {"", "", ""};
  t.names_en = {"", "", ""};
  t.z = Eigen::MatrixXd::Zero(3, 3);
  t.gross_output = Eigen::Vector3d(100, 300, 100);
  return t;
}

struct Fixture {
  testing::TempDir dir;
  EmploymentTable emp;
  Fixture() {
    auto e = ReadEmploymentTable(dir.Write("emp.csv", kEmployment));
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    emp = *e;
  }
  Result<Eigen::VectorXd> Run(const std::string& concordance, int year = 2017,
                              EmploymentCoefficientsSummary* s = nullptr) {
    return EmploymentCoefficients(ThreeSectors(), emp, year,
                                  dir.Write("c.csv", concordance), s);
  }
};

TEST(EmploymentTest, GroupsShareTheirIndustriesJobs) {
  Fixture f;
  EmploymentCoefficientsSummary s;
  // s1 -> A; s2 and s3 -> C01+C02 (output 400, 6 x 10,000 persons).
  auto e = f.Run("sector,industry\ns1,A\ns2,C01+C02\ns3,C01+C02\n", 2017, &s);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_DOUBLE_EQ((*e)(0), 4e4 / 100);
  EXPECT_DOUBLE_EQ((*e)(1), 6e4 / 400);
  EXPECT_DOUBLE_EQ((*e)(2), 6e4 / 400);
  EXPECT_DOUBLE_EQ(s.persons_attributed, 10e4);
  EXPECT_DOUBLE_EQ(s.persons_total, 10e4);
  EXPECT_EQ(s.groups, 2);
  // A section may stand for its divisions.
  auto sec = f.Run("sector,industry\ns1,A\ns2,C\ns3,C\n", 2018);
  ASSERT_TRUE(sec.ok()) << sec.status().ToString();
  EXPECT_DOUBLE_EQ((*sec)(1), 7e4 / 400);
}

TEST(EmploymentTest, ConcordanceErrorsAreNamed) {
  Fixture f;
  EXPECT_THAT(f.Run("sector,industry\ns1,A\ns2,C01\n").status().message(),
              HasSubstr("sector s3 of t.csv is not in the concordance"));
  EXPECT_THAT(
      f.Run("sector,industry\ns1,A\ns2,C01\ns2,C02\ns3,C02\n")
          .status()
          .message(),
      HasSubstr("c.csv:4: sector \"s2\" is mapped twice (first on line 3)"));
  EXPECT_THAT(
      f.Run("sector,industry\ns1,A\ns2,C01\ns9,C02\n").status().message(),
      HasSubstr("c.csv:4: sector \"s9\" is not a sector of t.csv"));
  EXPECT_THAT(
      f.Run("sector,industry\ns1,Z\ns2,C01\ns3,C02\n").status().message(),
      HasSubstr("c.csv:2: industry \"Z\" is not an industry"));
  EXPECT_THAT(
      f.Run("sector,industry\ns1,A\ns2,C01+C02\ns3,C02\n").status().message(),
      HasSubstr("industry \"C02\" is in two groups"));
  EXPECT_THAT(
      f.Run("sector,industry\ns1,A\ns2,C\ns3,C02\n").status().message(),
      HasSubstr("industry \"C02\" and its section \"C\" are both mapped"));
  EXPECT_THAT(
      f.Run("sector,industry\ns1,A\ns2,C01\ns3,C01\n").status().message(),
      HasSubstr("industry \"C02\" employs 4 x 10000 persons in 2017 but "
                "no sector maps to it"));
  EXPECT_THAT(
      f.Run("sector,industry\ns1,C01\ns2,C02\ns3,C02\n").status().message(),
      HasSubstr("industry \"A\" employs 4"));
  EXPECT_THAT(
      f.Run("sector,industry\ns1,A\ns2,C\ns3,C\n", 2030).status().message(),
      HasSubstr("no employment for 2030 (years: 2017, 2018)"));
}

TEST(EmploymentTest, EmploymentFileErrors) {
  testing::TempDir dir;
  EXPECT_THAT(ReadEmploymentTable(dir.Write("a.csv", "code,2017\nA,x\n"))
                  .status()
                  .message(),
              HasSubstr("a.csv:2: column 2 (\"2017\"): expected a number"));
  EXPECT_THAT(ReadEmploymentTable(dir.Write("b.csv", "code,2017\nA,-1\n"))
                  .status()
                  .message(),
              HasSubstr("must be a non-negative number"));
  EXPECT_THAT(ReadEmploymentTable(dir.Write("c.csv", "code,name\nA,x\n"))
                  .status()
                  .message(),
              HasSubstr("no year column"));
  EXPECT_THAT(ReadEmploymentTable(dir.Write("d.csv", "code,2017\nA,1\nA,2\n"))
                  .status()
                  .message(),
              HasSubstr("d.csv:3: industry \"A\" is listed twice"));
}

TEST(EmploymentTest, ShippedConcordancesCoverEveryJob) {
  auto emp = ReadEmploymentTable(
      testing::SourcePath("data/io/cn_employment_by_industry.csv"));
  ASSERT_TRUE(emp.ok());
  struct Case {
    const char* table;
    const char* concordance;
    int year;
  };
  for (const Case& c :
       {Case{"data/io/cn2017_149.csv",
             "data/io/concordance_cn2017_149_employment.csv", 2017},
        Case{"data/io/cn2018_153.csv",
             "data/io/concordance_cn2020_153_employment.csv", 2018},
        Case{"data/io/cn2020_153.csv",
             "data/io/concordance_cn2020_153_employment.csv", 2018}}) {
    auto t = ReadIoTable(testing::SourcePath(c.table), IoLayout::kNbs);
    ASSERT_TRUE(t.ok());
    EmploymentCoefficientsSummary s;
    auto e = EmploymentCoefficients(*t, *emp, c.year,
                                    testing::SourcePath(c.concordance), &s);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    // Jobs x output reproduce the employment attributed; the divisions add up
    // to the published total within its rounding (10,000 persons per cell).
    EXPECT_NEAR(e->dot(t->gross_output), s.persons_attributed,
                1e-6 * s.persons_attributed);
    EXPECT_NEAR(s.persons_attributed, s.persons_total, 5e4) << c.table;
    EXPECT_GT(e->minCoeff(), 0.0);
  }
}

}  // namespace
}  // namespace jobimpact::inputoutput
