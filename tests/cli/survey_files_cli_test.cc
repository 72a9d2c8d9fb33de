// `jobimpact survey describe` and `survey estimate` on the file formats of
// issue 12, and the exit codes of bad files (2, with file, sheet, row and
// column).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_util.h"

namespace jobimpact {
namespace {

using ::testing::HasSubstr;

std::string Q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

std::string Fixture(const std::string& name) {
  return Q(testing::SourcePath("tests/data/formats/" + name));
}

TEST(SurveyFilesCliTest, DescribeShowsTypesLabelsLevelsAndMissing) {
  auto r = testing::RunCli("survey describe " + Fixture("labelled.sav"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("format: SPSS system file, encoding UTF-8"));
  EXPECT_THAT(r.out, HasSubstr("rows: 8, columns: 7"));
  EXPECT_THAT(r.out, HasSubstr("edu (最高学历)"));
  EXPECT_THAT(r.out, HasSubstr("  4 = 本科"));
  auto csv = testing::RunCli("survey describe " + Fixture("labelled.dta") +
                             " --format csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_THAT(csv.out,
              HasSubstr("column,label,type,values,missing,level,code,count,"
                        "min,mean,max\n"));
  EXPECT_THAT(csv.out, HasSubstr("income,月收入（元）,number,5,3,,,,3900,5520,"
                                 "7800\n"));
  EXPECT_THAT(csv.out, HasSubstr("edu,,,,,初中及以下,1,1,,,\n"));
  auto json = testing::RunCli("survey describe " + Fixture("workbook.xlsx") +
                              " --sheet 数据 --header-row 3 --format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_THAT(json.out, HasSubstr("\"sheet\": \"数据\""));
  EXPECT_THAT(json.out, HasSubstr("\"format\": \"xlsx\""));
  auto by_number =
      testing::RunCli("survey describe " + Fixture("workbook.xlsx") +
                      " --sheet 2 --header-row 3");
  EXPECT_EQ(by_number.exit_code, 0) << by_number.err;
}

TEST(SurveyFilesCliTest, EstimateReadsEveryFormatAndExcludesMissing) {
  const std::string args =
      " --weights weight --mean income --prop edu --by sex";
  auto fail = testing::RunCli("survey estimate --data " +
                              Fixture("labelled.sav") + args);
  EXPECT_EQ(fail.exit_code, 2);
  EXPECT_THAT(fail.err, HasSubstr("labelled.sav: column \"income (月收入（元）)"
                                  "\" (analysis variable): 3 missing values "
                                  "(rows 2, 4, 6)"));
  std::string first;
  for (const char* f : {"labelled.sav", "labelled.zsav", "labelled.dta"}) {
    auto r = testing::RunCli("survey estimate --data " + Fixture(f) + args +
                             " --missing exclude --format csv");
    ASSERT_EQ(r.exit_code, 0) << f << r.err;
    EXPECT_THAT(r.out, HasSubstr("mean,income,sex=女,")) << f;
    EXPECT_THAT(r.out, HasSubstr("prop,edu=本科,,")) << f;
    if (first.empty()) first = r.out;
    EXPECT_EQ(r.out, first) << f << ": the same data, the same estimates";
  }
  auto bad =
      testing::RunCli("survey estimate --data " + Fixture("labelled.sav") +
                      args + " --missing drop");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("expected fail, exclude or level"));
}

TEST(SurveyFilesCliTest, BadFilesExitTwoNamingWhere) {
  testing::TempDir dir;
  const std::string csv = "a,b\n1,2\n";
  const auto fake_xlsx = dir.Write("survey.xlsx", csv);
  const std::string whole =
      testing::ReadAll(testing::SourcePath("tests/data/formats/workbook.xlsx"));
  const auto cut = dir.Write("cut.xlsx", whole.substr(0, whole.size() - 200));
  struct Case {
    std::string args, message;
  };
  const std::vector<Case> cases = {
      {Q(fake_xlsx), "survey.xlsx: not an Excel workbook"},
      {Q(cut), "cut.xlsx: the workbook's zip archive is damaged or truncated"},
      {Fixture("workbook.xlsx") + " --sheet Sheet9",
       "workbook.xlsx: no sheet \"Sheet9\" (the workbook's sheets are: "},
      {Fixture("workbook.xlsx") + " --sheet 合并",
       "workbook.xlsx[合并]:1: the header row has merged cells A1:B1"},
      {Fixture("bad_encoding.sav"),
       "bad_encoding.sav: cannot read the SPSS file"},
      {Q(dir.Write("fake.dta", csv)), "fake.dta: cannot read the Stata file"},
  };
  for (const auto& c : cases) {
    auto r = testing::RunCli("survey describe " + c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr(c.message)) << c.args;
  }
  // A date where a number is expected; a labelled value outside its labels
  // (a domain is read as text).
  auto date =
      testing::RunCli("survey estimate --data " + Fixture("workbook.xlsx") +
                      " --sheet 数据 --header-row 3 --total 开业日期");
  EXPECT_EQ(date.exit_code, 2);
  EXPECT_THAT(date.err, HasSubstr("workbook.xlsx[数据]:4: column \"开业日期\" "
                                  "(E4): expected a number, found the date "
                                  "2019-03-05"));
  auto usage = testing::RunCli("survey describe " + Fixture("workbook.xlsx") +
                               " --data-format xls");
  EXPECT_EQ(usage.exit_code, 1);
  EXPECT_THAT(usage.err, HasSubstr("unknown file format \"xls\""));
}

}  // namespace
}  // namespace jobimpact
