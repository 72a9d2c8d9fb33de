#include "jobimpact/results/results.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace jobimpact::results {
namespace {

study::Figure Fig(const std::string& indicator, int year, double v) {
  study::Figure f;
  f.indicator = indicator;
  f.year = year;
  f.estimate = v;
  f.unit = "jobs";
  f.method = "test, with \"quotes\", commas";
  return f;
}

TEST(ResultsTest, CsvHasTheTidyColumnsAndEmptyCellsForMissingSe) {
  auto f = Fig("jobs_direct", 2020, 26010000);
  f.component = "miniprogram";
  f.n = 42;
  auto g = f;
  g.year = 2021;
  g.quality = survey::QualityFlag::kE;
  g.respondents = 7;
  auto t = ResultsTable::FromFigures({f, g});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(
      t->ToCsv(),
      "indicator,component,domain_type,domain,year,estimate,se,ci_low,"
      "ci_high,level,n,respondents,quality,unit,method\n"
      "jobs_direct,miniprogram,,,2020,26010000,,,,,42,,,jobs,\"test, with "
      "\"\"quotes\"\", commas\"\n"
      "jobs_direct,miniprogram,,,2021,26010000,,,,,42,7,E,jobs,\"test, with "
      "\"\"quotes\"\", commas\"\n");
}

TEST(ResultsTest, JsonUsesNullForEmptyCells) {
  auto f = Fig("jobs_total", 2019, 0.1 + 0.2);
  f.se = 0.5;
  f.ci_low = -0.7;
  f.ci_high = 1.3;
  f.level = 0.9;
  auto t = ResultsTable::FromFigures({f, Fig("jobs_direct", 2018, 1)});
  ASSERT_TRUE(t.ok());
  auto doc =
      nlohmann::json::parse(t->ToJson({"T",
                                       "P",
                                       "in.toml",
                                       {"a note"},
                                       {},
                                       {{"category", "k", "名", "name"}}}));
  ASSERT_EQ(doc["rows"].size(), 2u);
  EXPECT_EQ(doc["rows"][0]["year"], 2018) << "rows are ordered by year";
  EXPECT_TRUE(doc["rows"][0]["se"].is_null());
  EXPECT_TRUE(doc["rows"][0]["n"].is_null());
  EXPECT_EQ(doc["rows"][1]["estimate"].get<double>(), 0.1 + 0.2);
  EXPECT_EQ(doc["rows"][1]["se"].get<double>(), 0.5);
  EXPECT_EQ(doc["notes"][0], "a note");
  EXPECT_EQ(doc["labels"][0]["name_en"], "name");
  EXPECT_EQ(doc["columns"].size(), 15u);
  EXPECT_TRUE(doc["rows"][0]["respondents"].is_null());
  EXPECT_TRUE(doc["rows"][0]["quality"].is_null());
  EXPECT_EQ(doc["rows"][1]["level"].get<double>(), 0.9);
  EXPECT_TRUE(doc["rows"][0]["level"].is_null());
}

TEST(ResultsTest, RejectsInvalidFigures) {
  EXPECT_FALSE(ResultsTable::FromFigures({Fig("x", 1, std::nan(""))}).ok());
  auto neg = Fig("x", 1, 1);
  neg.se = -1;
  EXPECT_FALSE(ResultsTable::FromFigures({neg}).ok());
  auto ci = Fig("x", 1, 1);
  ci.ci_low = 2;
  ci.ci_high = 1;
  EXPECT_FALSE(ResultsTable::FromFigures({ci}).ok());
  auto no_level = Fig("x", 1, 1);
  no_level.ci_low = 0;
  no_level.ci_high = 2;
  EXPECT_EQ(ResultsTable::FromFigures({no_level}).status().code(),
            StatusCode::kInternal)
      << "an interval says its level";
  no_level.level = 0.95;
  EXPECT_TRUE(ResultsTable::FromFigures({no_level}).ok());
  auto nomethod = Fig("x", 1, 1);
  nomethod.method = "";
  EXPECT_FALSE(ResultsTable::FromFigures({nomethod}).ok());
}

TEST(ResultsTest, NumbersRoundTrip) {
  EXPECT_EQ(FormatNumber(0.1), "0.1");
  EXPECT_EQ(std::stod(FormatNumber(1.0 / 3)), 1.0 / 3);
  EXPECT_EQ(FormatNumber(3616000), "3616000");
}

}  // namespace
}  // namespace jobimpact::results
