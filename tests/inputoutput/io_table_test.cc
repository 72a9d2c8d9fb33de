#include "jobimpact/inputoutput/io_table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobimpact/inputoutput/multipliers.h"
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

TEST(IoTableTest, ReadsNonCompetitiveTable) {
  auto t =
      ReadIoTable(testing::SourcePath("data/io/cn2017_42.csv"), IoLayout::kNbs);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->size(), 42u);
  EXPECT_FALSE(t->competitive_imports);
  EXPECT_EQ(t->names_zh[0], "农林牧渔产品和服务");
  EXPECT_EQ(t->final_use_names,
            (std::vector<std::string>{"TC", "FU201", "FU202", "EX"}));
  // Cells as printed in the file (row "01", Domestic and Imports).
  EXPECT_DOUBLE_EQ(t->z(0, 0), 145853072.82365);
  EXPECT_DOUBLE_EQ(t->z_imported(0, 0), 984819.590988934);
  EXPECT_DOUBLE_EQ(t->gross_output(0), 1101240339.56656);
  EXPECT_DOUBLE_EQ(t->value_added(0, 0), 652709226.265703);
  // Column balance: domestic + imported inputs + value added = output.
  Eigen::VectorXd input = t->z.colwise().sum().transpose() +
                          t->z_imported.colwise().sum().transpose() +
                          t->value_added.colwise().sum().transpose();
  EXPECT_LT(((input - t->gross_output).array().abs() / t->gross_output.array())
                .maxCoeff(),
            1e-10);
}

TEST(IoTableTest, NonCompetitiveTableErrors) {
  const std::string head = "code,name_en,name_zh,Origin,01,02,TC,TFU,GO\n";
  EXPECT_THAT(ErrorOf(head + "01,a,甲,Domestic,1,1,8,8,10\n"
                             "02,b,乙,Elsewhere,1,1,8,8,10\n",
                      IoLayout::kNbs),
              HasSubstr("io.csv:3: column \"Origin\": expected Domestic, "
                        "Imports or TOT, found \"Elsewhere\""));
  EXPECT_THAT(ErrorOf(head + "01,a,甲,Domestic,1,1,8,8,10\n"
                             "02,b,乙,Domestic,1,1,8,8,10\n"
                             "01,a,甲,Imports,1,1,1,1,3\n",
                      IoLayout::kNbs),
              HasSubstr("2 domestic rows but 1 imported rows"));
  EXPECT_THAT(ErrorOf(head + "01,a,甲,Domestic,1,1,8,8,10\n"
                             "02,b,乙,Domestic,1,1,8,8,10\n"
                             "01,a,甲,Imports,1,1,1,1,3\n"
                             "02,b,乙,Imports,1,1,1,1,4\n",
                      IoLayout::kNbs),
              HasSubstr("io.csv:5: row 02 (Imports) does not balance"));
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
      ErrorOf("code,name_en,name_zh,001,F,GO\n001,a,甲,1,9,10\n002,b,乙,1,9,"
              "10\n",
              IoLayout::kNbs),
      HasSubstr("not square"));
  // NBS layout: TI must equal GO.
  EXPECT_THAT(
      ErrorOf("code,name_en,name_zh,001,F,GO\n001,a,甲,1,9,10\nTI,,,9,,\n",
              IoLayout::kNbs),
      HasSubstr("total input TI of sector 001 甲 (a) is 9"));
  // x = Z 1 + f - imports must hold for every sector.
  EXPECT_THAT(ErrorOf("code,s1,s2,F,IM,GO\ns1,1,1,9,1,10\ns2,1,1,8,1,10\n"),
              HasSubstr("io.csv:3: sector s2 does not balance: intermediate "
                        "use plus final use minus imports IM is 9 but gross "
                        "output GO is 10"));
}

// A directory as pymrio's IOSystem.save writes it (pandas to_csv with tabs:
// column-level rows, an index-names row, then data), Miller & Blair's two
// sectors as one region.
void WritePymrio(const testing::TempDir& dir, const std::string& x_value) {
  dir.Write("mrio/file_parameters.json",
            R"({"files": {"Z": {"name": "Z.txt", "nr_index_col": "2",
              "nr_header": "2"}, "Y": {"name": "Y.txt", "nr_index_col": "2",
              "nr_header": "2"}, "x": {"name": "x.txt", "nr_index_col": "2",
              "nr_header": "1"}}, "name": "test", "systemtype": "IOSystem"})");
  dir.Write("mrio/Z.txt",
            "region\t\tr1\tr1\nsector\t\ts1\ts2\nregion\tsector\t\t\n"
            "r1\ts1\t150\t500\nr1\ts2\t200\t100\n");
  dir.Write("mrio/Y.txt",
            "region\t\tr1\ncategory\t\tHH\nregion\tsector\t\n"
            "r1\ts1\t350\nr1\ts2\t1700\n");
  dir.Write("mrio/x.txt",
            "region\tsector\tindout\nr1\ts1\t1000\nr1\ts2\t" + x_value + "\n");
  dir.Write("mrio/factor_inputs/file_parameters.json",
            R"({"files": {"F": {"name": "F.txt", "nr_index_col": 1,
              "nr_header": 2}}, "systemtype": "Extension"})");
  dir.Write("mrio/factor_inputs/F.txt",
            "region\tr1\tr1\nsector\ts1\ts2\nstressor\t\t\n"
            "Value Added\t650\t1400\n");
}

TEST(IoTableTest, ReadsPymrioSaveDirectory) {
  testing::TempDir dir;
  WritePymrio(dir, "2000");
  auto t = ReadIoTable(dir.path() / "mrio", IoLayout::kPymrio);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->codes, (std::vector<std::string>{"r1/s1", "r1/s2"}));
  EXPECT_EQ(t->names_en, (std::vector<std::string>{"s1", "s2"}));
  EXPECT_EQ(t->z(1, 0), 200.0);
  EXPECT_EQ(t->gross_output(1), 2000.0);
  EXPECT_EQ(t->final_use_names, (std::vector<std::string>{"r1/HH"}));
  EXPECT_EQ(t->value_added_names, (std::vector<std::string>{"Value Added"}));
  EXPECT_EQ(t->value_added(0, 1), 1400.0);
  MultiplierOptions opt;
  opt.compensation_row = "Value Added";
  auto m = ComputeMultipliers(*t, opt);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_NEAR(m->output_i(0), 1.15 / 0.7575, 1e-14);
  EXPECT_NEAR(m->output_i(1), 1.10 / 0.7575, 1e-14);
  EXPECT_NEAR(m->value_added_i(1), 1.0, 1e-14);

  WritePymrio(dir, "2100");
  EXPECT_THAT(
      ReadIoTable(dir.path() / "mrio", IoLayout::kPymrio).status().message(),
      HasSubstr("x.txt: sector r1/s2 does not balance: Z 1 + Y 1 = "
                "2000 but x = 2100"));
  dir.Write("mrio/Z.txt",
            "region\t\tr1\tr1\nsector\t\ts1\ts2\nregion\tsector\t\t\n"
            "r1\ts1\t150\tx\nr1\ts2\t200\t100\n");
  EXPECT_THAT(
      ReadIoTable(dir.path() / "mrio", IoLayout::kPymrio).status().message(),
      HasSubstr("Z.txt:4: column 4 (\"r1/s2\"): expected a number, "
                "found \"x\""));
  dir.Write("mrio/Z.txt",
            "region\t\tr1\tr1\nsector\t\ts1\ts2\nregion\tsector\t\t\n"
            "r1\ts1\t150\t500\nr1\ts2\t-200\t100\n");
  EXPECT_THAT(
      ReadIoTable(dir.path() / "mrio", IoLayout::kPymrio).status().message(),
      HasSubstr("Z.txt:5: column 3 (\"r1/s1\"): intermediate flow from r1/s2 "
                "to r1/s1 is negative"));
  EXPECT_THAT(
      ReadIoTable(dir.path() / "nothing", IoLayout::kPymrio).status().message(),
      HasSubstr("expects the directory pymrio saved"));
}

}  // namespace
}  // namespace jobimpact::inputoutput
