#include "jobimpact/table/stat_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <readstat.h>

#include <cstdio>

#include "jobimpact/table/describe.h"
#include "test_util.h"

namespace jobimpact::table {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::filesystem::path Fixture(const std::string& name) {
  return testing::SourcePath("tests/data/formats/" + name);
}

Result<Table> Read(const std::string& name, TableReadOptions o = {}) {
  return ReadTableFile(Fixture(name), o);
}

class LabelledFileTest : public ::testing::TestWithParam<const char*> {};

// labelled.{sav,zsav,dta} hold the same eight cases (see
// tests/reference/make_format_fixtures.R).
TEST_P(LabelledFileTest, LabelsBecomeLevelsInLabelOrder) {
  TableReadSummary summary;
  auto t = ReadTableFile(Fixture(GetParam()), {}, &summary);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(summary.rows, 8);
  EXPECT_EQ(t->num_rows(), 8u);
  EXPECT_EQ(t->LineOfRow(0), 1);  // Case numbers.
  const Column& edu = *t->Find("edu");
  ASSERT_EQ(edu.type(), ColumnType::kString);
  EXPECT_THAT(edu.levels(), ElementsAre("初中及以下", "高中/中专", "大专",
                                        "本科", "研究生及以上"));
  EXPECT_THAT(edu.level_codes(), ElementsAre("1", "2", "3", "4", "5"));
  EXPECT_EQ(edu.text(0), "本科");
  EXPECT_EQ(edu.label(), "最高学历");
  EXPECT_EQ(edu.DisplayName(), "edu (最高学历)");
  EXPECT_EQ(edu.FindLevel("4"), edu.FindLevel("本科"));
  EXPECT_THAT(t->Find("sex")->levels(), ElementsAre("男", "女"));
  // 99 (SPSS user-missing) or .a (Stata tagged), and a system missing.
  const Column& income = *t->Find("income");
  ASSERT_EQ(income.type(), ColumnType::kDouble);
  EXPECT_EQ(income.doubles()[0], 5200);
  EXPECT_TRUE(income.IsMissing(1));
  EXPECT_TRUE(income.IsMissing(3));
  EXPECT_TRUE(income.IsMissing(5));
  EXPECT_EQ(income.label(), "月收入（元）");
  EXPECT_EQ(t->Find("opened")->text(5), "2020-02-29");
  // A value outside its labels keeps the variable numeric when undeclared.
  EXPECT_EQ(t->Find("edu_bad")->type(), ColumnType::kDouble);
  EXPECT_EQ(t->Find("id")->text(7), "R08");
  EXPECT_EQ(t->Find("weight")->doubles()[1], 12.5);
}

TEST_P(LabelledFileTest, DeclaredTypesDecideAndAreChecked) {
  TableReadOptions o;
  o.csv.column_types = {{"edu", ColumnType::kDouble},
                        {"weight", ColumnType::kString}};
  auto t = Read(GetParam(), o);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->Find("edu")->doubles()[0], 4);  // Codes.
  EXPECT_EQ(t->Find("weight")->text(1), "12.5");
  o.csv.column_types = {{"edu_bad", ColumnType::kString}};
  auto bad = Read(GetParam(), o);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(
      bad.status().message(),
      HasSubstr(std::string(GetParam()) +
                ":4: column \"edu_bad\" (学历（含未标注值）): the value "
                "6 has no value label (the labels are: 1 = 初中及以下, "
                "2 = 高中/中专"));
  o.csv.column_types = {{"opened", ColumnType::kDouble}};
  auto date = Read(GetParam(), o);
  ASSERT_FALSE(date.ok());
  EXPECT_THAT(date.status().message(),
              HasSubstr(":1: column \"opened\" (开业日期): expected a number, "
                        "found the date 2019-03-05"));
  o.csv.column_types = {{"id", ColumnType::kDouble}};
  auto text = Read(GetParam(), o);
  ASSERT_FALSE(text.ok());
  EXPECT_THAT(text.status().message(),
              HasSubstr(":1: column \"id\": expected a number, found \"R01\""));
  o.csv.column_types = {{"age", ColumnType::kDouble}};
  auto absent = Read(GetParam(), o);
  EXPECT_EQ(absent.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(absent.status().message(), HasSubstr("no variable \"age\""));
}

INSTANTIATE_TEST_SUITE_P(Files, LabelledFileTest,
                         ::testing::Values("labelled.sav", "labelled.zsav",
                                           "labelled.dta"));

TEST(StatReaderTest, DescribeCountsLevelsIncludingUnusedLabels) {
  auto t = Read("labelled.sav");
  ASSERT_TRUE(t.ok());
  TableDescription d = DescribeTable(*t);
  EXPECT_EQ(d.rows, 8);
  const ColumnDescription* edu = nullptr;
  for (const auto& c : d.columns) {
    if (c.name == "edu") edu = &c;
  }
  ASSERT_NE(edu, nullptr);
  ASSERT_EQ(edu->levels.size(), 5u);
  EXPECT_EQ(edu->levels[3].level, "本科");
  EXPECT_EQ(edu->levels[3].code, "4");
  EXPECT_EQ(edu->levels[3].count, 3);
  EXPECT_EQ(edu->label, "最高学历");
  EXPECT_EQ(d.columns[3].name, "income");
  EXPECT_EQ(d.columns[3].missing, 3);
  EXPECT_EQ(d.columns[3].values, 5);
  EXPECT_DOUBLE_EQ(d.columns[3].mean, 5520);
}

TEST(StatReaderTest, UnreadableEncodingTruncationAndWrongFormat) {
  auto enc = Read("bad_encoding.sav");
  ASSERT_FALSE(enc.ok());
  EXPECT_EQ(enc.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(enc.status().message(),
              HasSubstr("bad_encoding.sav: cannot read the SPSS file: "));
  EXPECT_THAT(enc.status().message(), HasSubstr("declare the encoding"));
  testing::TempDir dir;
  for (const char* f : {"providers.sav", "providers.dta"}) {
    const std::string whole = testing::ReadAll(Fixture(f));
    auto cut =
        dir.Write(std::string("cut_") + f, whole.substr(0, whole.size() / 3));
    auto r = ReadTableFile(cut, {});
    ASSERT_FALSE(r.ok()) << f;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(r.status().message(), HasSubstr("cut_"));
    EXPECT_THAT(r.status().message(), HasSubstr("complete, undamaged"));
  }
  auto csv = dir.Write("survey.dta", "a,b\n1,2\n");
  auto r = ReadTableFile(csv, {});
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(),
              HasSubstr("survey.dta: cannot read the Stata file"));
  EXPECT_EQ(ReadTableFile(dir.path() / "absent.sav", {}).status().code(),
            StatusCode::kNotFound);
}

TEST(StatReaderTest, SasTransportAndDataSet) {
  for (const char* f : {"cases.xpt", "cases.sas7bdat"}) {
    auto t = Read(f);
    ASSERT_TRUE(t.ok()) << f << ": " << t.status().ToString();
    EXPECT_EQ(t->num_rows(), 8u) << f;
    EXPECT_EQ(t->Find("id")->text(2), "R03") << f;
    EXPECT_EQ(t->Find("edu")->doubles()[0], 4) << f;
    EXPECT_EQ(t->Find("edu")->label(), "最高学历") << f;
    EXPECT_TRUE(t->Find("income")->IsMissing(3)) << f;
    EXPECT_EQ(t->Find("opened")->text(0), "2019-03-05") << f;
  }
}

// An SPSS portable file written by ReadStat's own writer (haven writes
// none): a labelled code, a number with a missing value, a string.
TEST(StatReaderTest, SpssPortableFile) {
  testing::TempDir dir;
  const std::filesystem::path path = dir.path() / "cases.por";
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  readstat_writer_t* w = readstat_writer_init();
  readstat_set_data_writer(
      w, [](const void* data, size_t len, void* ctx) -> ssize_t {
        return static_cast<ssize_t>(
            std::fwrite(data, 1, len, static_cast<FILE*>(ctx)));
      });
  readstat_label_set_t* sex =
      readstat_add_label_set(w, READSTAT_TYPE_DOUBLE, "sexlab");
  readstat_label_double_value(sex, 1, "male");
  readstat_label_double_value(sex, 2, "female");
  readstat_variable_t* v_sex =
      readstat_add_variable(w, "SEX", READSTAT_TYPE_DOUBLE, 0);
  readstat_variable_set_label(v_sex, "Sex of respondent");
  readstat_variable_set_label_set(v_sex, sex);
  readstat_variable_t* v_inc =
      readstat_add_variable(w, "INCOME", READSTAT_TYPE_DOUBLE, 0);
  readstat_variable_t* v_id =
      readstat_add_variable(w, "ID", READSTAT_TYPE_STRING, 8);
  ASSERT_EQ(readstat_begin_writing_por(w, f, 3), READSTAT_OK);
  const double sexes[] = {2, 1, 2}, incomes[] = {5200, -1, 7800};
  const char* ids[] = {"R1", "R2", "R3"};
  for (int r = 0; r < 3; ++r) {
    readstat_begin_row(w);
    readstat_insert_double_value(w, v_sex, sexes[r]);
    if (incomes[r] < 0) {
      readstat_insert_missing_value(w, v_inc);
    } else {
      readstat_insert_double_value(w, v_inc, incomes[r]);
    }
    readstat_insert_string_value(w, v_id, ids[r]);
    readstat_end_row(w);
  }
  ASSERT_EQ(readstat_end_writing(w), READSTAT_OK);
  readstat_writer_free(w);
  std::fclose(f);
  auto t = ReadTableFile(path, {});
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->num_rows(), 3u);
  EXPECT_THAT(t->Find("SEX")->levels(), ElementsAre("male", "female"));
  EXPECT_EQ(t->Find("SEX")->text(0), "female");
  EXPECT_EQ(t->Find("SEX")->label(), "Sex of respondent");
  EXPECT_EQ(t->Find("INCOME")->doubles()[0], 5200);
  EXPECT_TRUE(t->Find("INCOME")->IsMissing(1));
  EXPECT_EQ(t->Find("ID")->text(2), "R3");
}

TEST(ReadTableFileTest, FormatsByExtensionOrName) {
  EXPECT_EQ(FormatOfPath("a/b.XLSX"), FileFormat::kXlsx);
  EXPECT_EQ(FormatOfPath("b.zsav"), FileFormat::kSav);
  EXPECT_EQ(FormatOfPath("b.sas7bdat"), FileFormat::kSas7bdat);
  EXPECT_EQ(FormatOfPath("b.xpt"), FileFormat::kXpt);
  EXPECT_EQ(FormatOfPath("b.por"), FileFormat::kPor);
  EXPECT_EQ(FormatOfPath("b.dta"), FileFormat::kDta);
  EXPECT_EQ(FormatOfPath("b.tsv"), FileFormat::kCsv);
  EXPECT_EQ(FormatOfPath("b"), FileFormat::kCsv);
  EXPECT_EQ(FormatOfPath("b.dat"), FileFormat::kCsv);
  auto f = ParseFileFormat("dta");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(*f, FileFormat::kDta);
  auto bad = ParseFileFormat("xls");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(),
              HasSubstr("unknown file format \"xls\" (expected auto, csv, "
                        "xlsx, sav, por, dta, sas7bdat, xpt)"));
  // A declared format wins over the extension.
  testing::TempDir dir;
  auto p = dir.Write("export.dat", "x\n1\n");
  TableReadOptions o;
  o.format = FileFormat::kCsv;
  auto t = ReadTableFile(p, o);
  ASSERT_TRUE(t.ok());
  o.format = FileFormat::kSav;
  EXPECT_THAT(ReadTableFile(p, o).status().message(),
              HasSubstr("cannot read the SPSS file"));
  o.sheet.header_row = 0;
  EXPECT_THAT(ReadTableFile(p, o).status().message(),
              HasSubstr("header row must be at least 1"));
}

}  // namespace
}  // namespace jobimpact::table
