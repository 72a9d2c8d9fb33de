#include "jobimpact/table/xlsx_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zip.h>

#include <cmath>
#include <fstream>
#include <map>

#include "table/cell_text.h"
#include "test_util.h"

namespace jobimpact::table {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kWorkbook = "tests/data/formats/workbook.xlsx";

std::string Fixture(const std::string& name) {
  return testing::SourcePath(name).string();
}

// Writes a workbook from its XML parts (what openpyxl cannot write: shared
// strings, cached formula values, the 1904 date system).
std::filesystem::path WriteParts(
    const testing::TempDir& dir, const std::string& name,
    const std::map<std::string, std::string>& parts) {
  const auto path = dir.path() / name;
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  EXPECT_NE(z, nullptr);
  for (const auto& [entry, text] : parts) {
    zip_source_t* src = zip_source_buffer(z, text.data(), text.size(), 0);
    EXPECT_GE(zip_file_add(z, entry.c_str(), src, ZIP_FL_OVERWRITE), 0);
  }
  EXPECT_EQ(zip_close(z), 0);
  return path;
}

std::map<std::string, std::string> Book(const std::string& sheet_xml,
                                        const std::string& shared = "",
                                        bool date1904 = false) {
  std::map<std::string, std::string> parts = {
      {"xl/workbook.xml",
       std::string("<workbook xmlns=\"http://schemas.openxmlformats.org/"
                   "spreadsheetml/2006/main\" xmlns:r=\"http://schemas."
                   "openxmlformats.org/officeDocument/2006/relationships\">") +
           (date1904 ? "<workbookPr date1904=\"1\"/>" : "") +
           "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"
           "</workbook>"},
      {"xl/_rels/workbook.xml.rels",
       "<Relationships><Relationship Id=\"rId1\" "
       "Target=\"worksheets/sheet1.xml\"/></Relationships>"},
      {"xl/styles.xml",
       "<styleSheet><numFmts><numFmt numFmtId=\"164\" "
       "formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
       "<numFmt numFmtId=\"165\" formatCode=\"0.0&quot;d&quot;\"/></numFmts>"
       "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf "
       "numFmtId=\"164\"/><xf numFmtId=\"165\"/></cellXfs></styleSheet>"},
      {"xl/worksheets/sheet1.xml",
       "<worksheet><sheetData>" + sheet_xml + "</sheetData></worksheet>"},
  };
  if (!shared.empty()) {
    parts["xl/sharedStrings.xml"] = "<sst>" + shared + "</sst>";
  }
  return parts;
}

Result<Table> Read(const std::filesystem::path& path,
                   TableReadOptions options = {}) {
  return ReadXlsxFile(path, options);
}

TEST(XlsxReaderTest, ReadsASheetUnderTitleRows) {
  TableReadOptions o;
  o.sheet.name = "数据";
  o.sheet.header_row = 3;
  TableReadSummary summary;
  auto t = ReadXlsxFile(Fixture(kWorkbook), o, &summary);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->source(), Fixture(kWorkbook) + "[数据]");
  EXPECT_EQ(summary.sheet, "数据");
  EXPECT_EQ(t->num_rows(), 4u);  // The empty row 7 is skipped.
  // Rows are named by their sheet row.
  EXPECT_EQ(t->LineOfRow(0), 4);
  EXPECT_EQ(t->LineOfRow(3), 8);
  const Column& staff = *t->Find("员工人数");
  ASSERT_EQ(staff.type(), ColumnType::kDouble);  // "7" is numeric text.
  EXPECT_EQ(staff.doubles()[0], 12);
  EXPECT_EQ(staff.doubles()[1], 7);
  EXPECT_TRUE(staff.IsMissing(2));
  EXPECT_EQ(staff.doubles()[3], 30.5);
  EXPECT_THAT(t->Find("是否全职")->levels(), ElementsAre("TRUE", "FALSE"));
  EXPECT_THAT(t->Find("开业日期")->levels(),
              ElementsAre("2019-03-05", "2020-01-31T08:30:00", "1900-01-01",
                          "2024-02-29"));
  const Column& note = *t->Find("备注");
  EXPECT_TRUE(note.IsMissing(0));  // Empty.
  EXPECT_TRUE(note.IsMissing(1));  // "NA".
  EXPECT_EQ(note.text(2), "#N/A");
  // Undeclared, a formula without a saved value is missing.
  EXPECT_TRUE(t->Find("公式")->IsMissing(0));
  EXPECT_THAT(t->Find("省份")->levels(), ElementsAre("北京", "上海", "云南"));
}

TEST(XlsxReaderTest, DeclaredTypesAreEnforcedWithSheetRowAndCell) {
  TableReadOptions o;
  o.sheet.name = "数据";
  o.sheet.header_row = 3;
  o.csv.column_types["开业日期"] = ColumnType::kDouble;
  auto date = Read(Fixture(kWorkbook), o);
  ASSERT_FALSE(date.ok());
  EXPECT_THAT(date.status().message(),
              HasSubstr("workbook.xlsx[数据]:4: column \"开业日期\" (E4): "
                        "expected a number, found the date 2019-03-05"));
  o.csv.column_types = {{"公式", ColumnType::kDouble}};
  auto formula = Read(Fixture(kWorkbook), o);
  ASSERT_FALSE(formula.ok());
  EXPECT_THAT(formula.status().message(),
              HasSubstr("[数据]:4: column \"公式\" (G4): the cell's formula "
                        "has no saved value"));
  o.csv.column_types = {{"备注", ColumnType::kString}};
  auto error = Read(Fixture(kWorkbook), o);
  ASSERT_FALSE(error.ok());
  EXPECT_THAT(error.status().message(),
              HasSubstr("[数据]:6: column \"备注\" (F6): the cell holds the "
                        "Excel error #N/A"));
  o.csv.column_types = {{"省份", ColumnType::kDouble}};
  auto text = Read(Fixture(kWorkbook), o);
  ASSERT_FALSE(text.ok());
  EXPECT_THAT(text.status().message(),
              HasSubstr("[数据]:4: column \"省份\" (B4): expected a number, "
                        "found \"北京\""));
  o.csv.column_types = {{"人数", ColumnType::kDouble}};
  auto absent = Read(Fixture(kWorkbook), o);
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(absent.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(absent.status().message(), HasSubstr("no column \"人数\""));
}

TEST(XlsxReaderTest, SheetsByNameAndNumberAndTheirErrors) {
  auto sheets = ListXlsxSheets(Fixture(kWorkbook));
  ASSERT_TRUE(sheets.ok());
  EXPECT_THAT(*sheets, ElementsAre("说明", "数据", "合并", "空"));
  TableReadOptions o;
  o.sheet.number = 5;
  EXPECT_THAT(Read(Fixture(kWorkbook), o).status().message(),
              HasSubstr("no sheet number 5: the workbook has 4 sheet(s)"));
  o.sheet.name = "Sheet1";
  EXPECT_THAT(Read(Fixture(kWorkbook), o).status().message(),
              HasSubstr("no sheet \"Sheet1\" (the workbook's sheets are: "
                        "\"说明\", \"数据\", \"合并\", \"空\")"));
  o.sheet.name = "合并";
  EXPECT_THAT(Read(Fixture(kWorkbook), o).status().message(),
              HasSubstr("[合并]:1: the header row has merged cells A1:B1"));
  o.sheet.name = "空";
  EXPECT_THAT(Read(Fixture(kWorkbook), o).status().message(),
              HasSubstr("[空]:1: the sheet is empty"));
  o.sheet.name = "说明";
  EXPECT_THAT(Read(Fixture(kWorkbook), o).status().message(),
              HasSubstr("[说明]:1: the sheet has a header but no data rows"));
  o.sheet.name = "数据";  // Header row 1 holds only the title.
  EXPECT_THAT(Read(Fixture(kWorkbook), o).status().message(),
              HasSubstr("[数据]:3: cell B3 holds a value but column B has no "
                        "name in the header row 1"));
}

TEST(XlsxReaderTest, SharedStringsCachedFormulasAndDateFormats) {
  testing::TempDir dir;
  auto path = WriteParts(
      dir, "b.xlsx",
      Book("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" "
           "t=\"s\"><v>1</v></c><c r=\"C1\" t=\"inlineStr\"><is><t>d</t></is>"
           "</c><c r=\"D1\" t=\"s\"><v>2</v></c></row>"
           "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>3</v></c><c r=\"B2\"><f>1+1"
           "</f><v>2</v></c><c r=\"C2\" s=\"2\"><v>45351.5</v></c><c r=\"D2\" "
           "s=\"3\"><v>1.5</v></c></row>"
           "<row r=\"3\"><c r=\"A3\" t=\"str\"><f>A2</f><v>北京</v></c><c "
           "r=\"B3\"><v>1e3</v></c><c r=\"C3\" s=\"1\"><v>60</v></c><c "
           "r=\"D3\" s=\"3\"><v>-2</v></c></row>",
           "<si><t>name</t></si><si><t>value</t></si><si><r><t>f</t></r>"
           "<r><t>mt</t></r><rPh><t>ignored</t></rPh></si><si><t> 北京 "
           "</t></si>"));
  auto t = Read(path);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->Find("name")->text(0), "北京");  // Trimmed.
  EXPECT_EQ(t->Find("name")->text(1), "北京");  // A formula's string.
  EXPECT_THAT(t->Find("value")->doubles(), ElementsAre(2, 1000));
  // Custom date format with quoted text; serial 60 is Excel's 1900-02-29.
  EXPECT_THAT(t->Find("d")->levels(),
              ElementsAre("2024-02-29T12:00:00", "1900-02-29"));
  // Rich text runs join; a format whose only letter is quoted is no date.
  ASSERT_NE(t->Find("fmt"), nullptr);
  EXPECT_THAT(t->Find("fmt")->doubles(), ElementsAre(1.5, -2));
}

TEST(XlsxReaderTest, The1904DateSystem) {
  testing::TempDir dir;
  auto path = WriteParts(
      dir, "b.xlsx",
      Book("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>d</t></is></c>"
           "</row><row r=\"2\"><c r=\"A2\" s=\"1\"><v>0</v></c></row>"
           "<row r=\"3\"><c r=\"A3\" s=\"1\"><v>43529</v></c></row>",
           "", /*date1904=*/true));
  auto t = Read(path);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_THAT(t->Find("d")->levels(), ElementsAre("1904-01-01", "2023-03-06"));
}

TEST(XlsxReaderTest, HeaderProblems) {
  testing::TempDir dir;
  auto dup = WriteParts(
      dir, "dup.xlsx",
      Book("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c>"
           "<c r=\"B1\" t=\"inlineStr\"><is><t>x</t></is></c></row><row "
           "r=\"2\"><c r=\"A2\"><v>1</v></c></row>"));
  EXPECT_THAT(Read(dup).status().message(),
              HasSubstr("dup.xlsx[S]:1: column B: duplicate column name "
                        "\"x\""));
  auto gap = WriteParts(
      dir, "gap.xlsx",
      Book("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c>"
           "<c r=\"C1\" t=\"inlineStr\"><is><t>z</t></is></c></row><row "
           "r=\"2\"><c r=\"A2\"><v>1</v></c></row>"));
  EXPECT_THAT(Read(gap).status().message(),
              HasSubstr("[S]:1: column B has an empty name in the header"));
  auto damaged =
      WriteParts(dir, "sst.xlsx",
                 Book("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row>",
                      "<si><t>a</t></si>"));
  EXPECT_THAT(Read(damaged).status().message(),
              HasSubstr("cell A1 refers to shared string 7 of 1; the workbook "
                        "is damaged"));
}

TEST(XlsxReaderTest, NotAWorkbook) {
  testing::TempDir dir;
  auto csv = dir.Write("survey.xlsx", "a,b\n1,2\n");
  auto r = Read(csv);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().message(),
              HasSubstr("survey.xlsx: not an Excel workbook: an .xlsx file is "
                        "a zip archive and this is not one"));
  // A truncated copy of a real workbook.
  const std::string whole = testing::ReadAll(Fixture(kWorkbook));
  auto cut = dir.Write("cut.xlsx", whole.substr(0, whole.size() / 2));
  r = Read(cut);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("cut.xlsx: "));
  EXPECT_THAT(r.status().message(),
              ::testing::AnyOf(HasSubstr("damaged or truncated"),
                               HasSubstr("not an Excel workbook")));
  // A zip archive that is no workbook.
  auto other = WriteParts(dir, "other.xlsx", {{"readme.txt", "hello"}});
  EXPECT_THAT(Read(other).status().message(),
              HasSubstr("a zip archive but not an Excel workbook"));
  // A workbook whose sheet XML is broken.
  auto broken = WriteParts(dir, "broken.xlsx", Book("<row r=\"1\"><c>"));
  EXPECT_THAT(Read(broken).status().message(),
              HasSubstr("is not well-formed XML"));
  EXPECT_EQ(Read(dir.path() / "absent.xlsx").status().code(),
            StatusCode::kNotFound);
}

TEST(XlsxCellsTest, ReferencesLettersAndDates) {
  EXPECT_EQ(ColumnLetters(0), "A");
  EXPECT_EQ(ColumnLetters(25), "Z");
  EXPECT_EQ(ColumnLetters(26), "AA");
  EXPECT_EQ(ColumnLetters(16383), "XFD");
  int64_t col = 0, row = 0;
  ASSERT_TRUE(ParseCellReference("XFD1048576", &col, &row));
  EXPECT_EQ(col, 16383);
  EXPECT_EQ(row, 1048576);
  EXPECT_FALSE(ParseCellReference("12", &col, &row));
  EXPECT_FALSE(ParseCellReference("A0", &col, &row));
  EXPECT_FALSE(ParseCellReference("a1", &col, &row));
  // Excel's own display of these serials (1900 system).
  EXPECT_EQ(ExcelSerialToIso(1, false), "1900-01-01");
  EXPECT_EQ(ExcelSerialToIso(59, false), "1900-02-28");
  EXPECT_EQ(ExcelSerialToIso(61, false), "1900-03-01");
  EXPECT_EQ(ExcelSerialToIso(43529, false), "2019-03-05");
  EXPECT_EQ(ExcelSerialToIso(43861.354166666664, false), "2020-01-31T08:30:00");
  EXPECT_EQ(ExcelSerialToIso(0.9999999, false), "1900-01-01");
  EXPECT_TRUE(IsDateFormatCode("yyyy-mm-dd"));
  EXPECT_TRUE(IsDateFormatCode("[h]:mm:ss"));
  EXPECT_TRUE(IsDateFormatCode("[$-804]yyyy\"年\"m\"月\""));
  EXPECT_FALSE(IsDateFormatCode("0.00"));
  EXPECT_FALSE(IsDateFormatCode("#,##0\"元\""));
  EXPECT_FALSE(IsDateFormatCode("[Red]0.0"));
  EXPECT_FALSE(IsDateFormatCode("General"));
  EXPECT_TRUE(IsBuiltinDateFormat(14));
  EXPECT_TRUE(IsBuiltinDateFormat(57));
  EXPECT_FALSE(IsBuiltinDateFormat(2));
}

}  // namespace
}  // namespace jobimpact::table
