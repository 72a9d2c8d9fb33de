#include "jobimpact/report/xlsx.h"

#include <gtest/gtest.h>

#include <fstream>

#include "jobimpact/table/xlsx_reader.h"
#include "test_util.h"

namespace jobimpact::report {
namespace {

study::Figure Fig(std::string ind, std::string comp, std::string dt,
                  std::string dom, double v, std::string unit) {
  study::Figure f;
  f.indicator = std::move(ind);
  f.component = std::move(comp);
  f.domain_type = std::move(dt);
  f.domain = std::move(dom);
  f.year = 2020;
  f.estimate = v;
  f.unit = std::move(unit);
  f.method = "m";
  return f;
}

// The workbook read back with jobimpact's own .xlsx reader (an independent
// code path: expat over the XML libxlsxwriter wrote): sheets in order, the
// English header row, every figure of its family (16 digits).
TEST(XlsxTest, SheetsPerFamilyReadBack) {
  auto share = Fig("jobs_share", "pay", "province", "广东", 0.1 + 0.2, "ratio");
  share.se = 0.01;
  share.ci_low = 0.28;
  share.ci_high = 0.32;
  share.level = 0.95;
  share.n = 500;
  share.respondents = 20;
  share.quality = survey::QualityFlag::kSuppressed;
  auto t = results::ResultsTable::FromFigures(
      {Fig("jobs_direct", "", "", "", 31960000.25, "jobs"), share,
       Fig("consumption", "", "category", "food", 2.736e11, "yuan"),
       Fig("growth_yoy", "", "series", "jobs_total", 0.2438, "ratio"),
       Fig("growth_yoy", "", "series|region", "jobs_direct|East", 0.19,
           "ratio"),
       Fig("unit_share", "ops", "indicator", "fulltime_majority", 0.478,
           "ratio")});
  ASSERT_TRUE(t.ok());
  auto bytes = ResultsXlsx(*t, {"T", "P", "s.toml", {"n1"}, {}, {}, "CN"});
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  testing::TempDir dir;
  const auto path = dir.path() / "r.xlsx";
  std::ofstream(path, std::ios::binary) << *bytes;
  auto sheets = table::ListXlsxSheets(path);
  ASSERT_TRUE(sheets.ok()) << sheets.status().ToString();
  EXPECT_EQ(*sheets, XlsxSheetNames());
  auto read = [&](const std::string& sheet) {
    table::TableReadOptions opt;
    opt.sheet.name = sheet;
    opt.sheet.header_row = 2;  // Row 1 is the Chinese header.
    return table::ReadXlsxFile(path, opt);
  };
  auto jobs = read(XlsxSheetNames()[0]);
  ASSERT_TRUE(jobs.ok()) << jobs.status().ToString();
  ASSERT_EQ(jobs->num_rows(), 1u);
  EXPECT_EQ(jobs->column(0).name(), "indicator");
  EXPECT_EQ(jobs->column(0).text(0), "jobs_direct");
  EXPECT_EQ(jobs->column(6).name(), "estimate");
  EXPECT_EQ(jobs->column(6).doubles()[0], 31960000.25);
  auto breakdowns = read(XlsxSheetNames()[1]);
  ASSERT_TRUE(breakdowns.ok()) << breakdowns.status().ToString();
  // Domains, and the entity-level indicators (domain type "indicator").
  ASSERT_EQ(breakdowns->num_rows(), 2u);
  EXPECT_EQ(breakdowns->column(4).text(0), "广东");
  EXPECT_EQ(breakdowns->column(0).text(1), "unit_share");
  EXPECT_EQ(breakdowns->column(3).text(1), "indicator");
  EXPECT_EQ(breakdowns->column(4).text(1), "fulltime_majority");
  EXPECT_DOUBLE_EQ(breakdowns->column(6).doubles()[1], 0.478);
  // libxlsxwriter writes 16 significant digits (Excel keeps 15).
  EXPECT_DOUBLE_EQ(breakdowns->column(6).doubles()[0], 0.1 + 0.2);
  EXPECT_EQ(breakdowns->column(13).text(0), "S");
  EXPECT_DOUBLE_EQ(breakdowns->column(14).doubles()[0], 0.01 / 0.3);  // CV.
  auto consumption = read(XlsxSheetNames()[2]);
  ASSERT_TRUE(consumption.ok());
  EXPECT_EQ(consumption->num_rows(), 1u);
  auto series = read(XlsxSheetNames()[3]);
  ASSERT_TRUE(series.ok());
  ASSERT_EQ(series->num_rows(), 2u);  // Growth of a key, and by domain.
  EXPECT_EQ(series->column(3).text(1), "series|region");
  auto quality = read(XlsxSheetNames()[4]);  // Figures flagged E, F or S.
  ASSERT_TRUE(quality.ok());
  ASSERT_EQ(quality->num_rows(), 1u);
  EXPECT_EQ(quality->column(0).text(0), "jobs_share");
}

}  // namespace
}  // namespace jobimpact::report
