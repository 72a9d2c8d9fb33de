#include "jobimpact/inputoutput/io_table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_util.h"

namespace jobimpact::inputoutput {
namespace {

using ::testing::HasSubstr;

std::string ErrorOf(const std::string& csv,
                    IoLayout layout = IoLayout::kMatrix) {
  testing::TempDir dir;
  auto path = dir.Write("io.csv", csv);
  auto t = ReadIoTable(path, layout);
  EXPECT_FALSE(t.ok());
  return t.ok() ? "" : t.status().message();
}

TEST(IoTableTest, ReadsNbsTable) {
  auto t = ReadIoTable(testing::SourcePath("data/io/cn2017_149.csv"),
                       IoLayout::kNbs);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->size(), 149u);
  EXPECT_EQ(t->codes[122], "123");
  EXPECT_EQ(t->names_zh[122], "互联网和相关服务");
  EXPECT_EQ(t->names_en[105], "Retail");
  EXPECT_EQ(t->value_added_names,
            (std::vector<std::string>{"VA001", "VA002", "VA003", "VA004"}));
  EXPECT_EQ(t->final_use_names,
            (std::vector<std::string>{"FU101", "FU102", "FU103", "FU201",
                                      "FU202", "EX", "IM"}));
  // Row balance: x = Z 1 + final use - imports, to rounding of the table.
  Eigen::VectorXd f =
      t->final_use.leftCols(6).rowwise().sum() - t->final_use.col(6);
  Eigen::VectorXd x = t->z.rowwise().sum() + f;
  EXPECT_LT(((x - t->gross_output).array().abs() / t->gross_output.array())
                .maxCoeff(),
            1e-10);
}

TEST(IoTableTest, ReadsEveryShippedCompetitiveTable) {
  for (const char* f : {"data/io/cn2018_153.csv", "data/io/cn2020_153.csv"}) {
    auto t = ReadIoTable(testing::SourcePath(f), IoLayout::kNbs);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    EXPECT_EQ(t->size(), 153u);
  }
}

TEST(IoTableTest, NonCompetitiveTableIsRejectedClearly) {
  auto t =
      ReadIoTable(testing::SourcePath("data/io/cn2017_42.csv"), IoLayout::kNbs);
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(), HasSubstr("non-competitive-import"));
}

TEST(IoTableTest, MatrixLayout) {
  testing::TempDir dir;
  auto path =
      dir.Write("io.csv",
                "code,s1,s2,HH,GO\ns1,150,500,350,1000\ns2,200,100,1700,"
                "2000\nVA,650,1400,,\n");
  auto t = ReadIoTable(path, IoLayout::kMatrix);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->codes, (std::vector<std::string>{"s1", "s2"}));
  EXPECT_EQ(t->z(0, 1), 500.0);
  EXPECT_EQ(t->gross_output(1), 2000.0);
  EXPECT_EQ(t->final_use_names, (std::vector<std::string>{"HH"}));
  EXPECT_EQ(t->value_added_names, (std::vector<std::string>{"VA"}));
  EXPECT_EQ(t->value_added(0, 1), 1400.0);
}

TEST(IoTableTest, BadTables) {
  EXPECT_THAT(
      ErrorOf("code,s1,s2,GO\ns1,1,x,10\ns2,1,1,10\n"),
      HasSubstr("io.csv:2: column 3 (\"s2\"): expected a number, found \"x\""));
  EXPECT_THAT(ErrorOf("code,s1,s2\ns1,1,1\ns2,1,1\n"),
              HasSubstr("no column \"GO\""));
  EXPECT_THAT(ErrorOf("code,s1,s2,GO\ns1,1,1,\ns2,1,1,10\n"),
              HasSubstr("gross output (column GO) of sector s1 is missing"));
  EXPECT_THAT(ErrorOf("code,s1,s2,GO\ns1,1,-1,10\ns2,1,1,10\n"),
              HasSubstr("intermediate flow from s1 to s2 is negative"));
  EXPECT_THAT(ErrorOf("code,s1,s2,GO\ns2,1,1,10\ns1,1,1,10\n"),
              HasSubstr("rows and columns disagree"));
  EXPECT_THAT(ErrorOf("code,s1,GO\nfoo,1,10\n"), HasSubstr("no sector found"));
  // NBS layout: a sector row without a column.
  EXPECT_THAT(
      ErrorOf("code,name_en,name_zh,001,GO\n001,a,甲,1,10\n002,b,乙,1,10\n",
              IoLayout::kNbs),
      HasSubstr("not square"));
  // NBS layout: TI must equal GO.
  EXPECT_THAT(ErrorOf("code,name_en,name_zh,001,GO\n001,a,甲,1,10\nTI,,,9,\n",
                      IoLayout::kNbs),
              HasSubstr("total input TI of sector 001 甲 (a) is 9"));
}

}  // namespace
}  // namespace jobimpact::inputoutput
