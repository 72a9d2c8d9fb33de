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
      "ci_high,level,n,respondents,quality,unit,method,total_ci_low,"
      "total_ci_high,scenario\n"
      "jobs_direct,miniprogram,,,2020,26010000,,,,,42,,,jobs,\"test, with "
      "\"\"quotes\"\", commas\",,,base\n"
      "jobs_direct,miniprogram,,,2021,26010000,,,,,42,7,E,jobs,\"test, with "
      "\"\"quotes\"\", commas\",,,base\n");
}

// A total interval without a sampling one still states its level.
TEST(ResultsTest, TotalIntervalsAreWrittenReadBackAndChecked) {
  auto f = Fig("jobs_net", 2020, 100);
  f.total_ci_low = 80;
  f.total_ci_high = 125;
  f.level = 0.95;
  auto t = ResultsTable::FromFigures({f});
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_THAT(t->ToCsv(), ::testing::EndsWith(",80,125,base\n"));
  RunInfo info{"T", "P", "in.toml", {}, {}, {}, "CN"};
  study::SensitivityRow row{
      "jobs_net", "",  "",    "",   2020, "net.deadweight",
      0.1,        0.3, 112.5, 87.5, 0.75};
  study::SensitivityRow sampling{
      "jobs_net",   "",           "", "",  2020, "sampling",
      std::nullopt, std::nullopt, 90, 110, 0.25};
  info.sensitivity = {row, sampling};
  auto back = ParseResultsJson(t->ToJson(info), "r.json");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->table.rows()[0].total_ci_low, 80);
  EXPECT_EQ(back->table.rows()[0].total_ci_high, 125);
  EXPECT_EQ(back->info.sensitivity, info.sensitivity);
  EXPECT_EQ(SensitivityCsv(info.sensitivity),
            "indicator,component,domain_type,domain,year,assumption,low,high,"
            "at_low,at_high,variance_share,scenario\n"
            "jobs_net,,,,2020,net.deadweight,0.1,0.3,112.5,87.5,0.75,base\n"
            "jobs_net,,,,2020,sampling,,,90,110,0.25,base\n");
  f.level.reset();
  EXPECT_FALSE(ResultsTable::FromFigures({f}).ok()) << "a level is needed";
  f.level = 0.95;
  f.total_ci_high.reset();
  EXPECT_FALSE(ResultsTable::FromFigures({f}).ok()) << "both ends";
}

TEST(ResultsTest, JsonUsesNullForEmptyCells) {
  auto f = Fig("jobs_total", 2019, 0.1 + 0.2);
  f.se = 0.5;
  f.ci_low = -0.7;
  f.ci_high = 1.3;
  f.level = 0.9;
  auto t = ResultsTable::FromFigures({f, Fig("jobs_direct", 2018, 1)});
  ASSERT_TRUE(t.ok());
  auto doc = nlohmann::json::parse(t->ToJson({"T",
                                              "P",
                                              "in.toml",
                                              {"a note"},
                                              {},
                                              {{"category", "k", "名", "name"}},
                                              "CN"}));
  ASSERT_EQ(doc["rows"].size(), 2u);
  EXPECT_EQ(doc["rows"][0]["year"], 2018) << "rows are ordered by year";
  EXPECT_TRUE(doc["rows"][0]["se"].is_null());
  EXPECT_TRUE(doc["rows"][0]["n"].is_null());
  EXPECT_EQ(doc["rows"][1]["estimate"].get<double>(), 0.1 + 0.2);
  EXPECT_EQ(doc["rows"][1]["se"].get<double>(), 0.5);
  EXPECT_EQ(doc["notes"][0], "a note");
  EXPECT_EQ(doc["labels"][0]["name_en"], "name");
  EXPECT_EQ(doc["columns"].size(), 18u);
  EXPECT_TRUE(doc["rows"][0]["respondents"].is_null());
  EXPECT_TRUE(doc["rows"][0]["quality"].is_null());
  EXPECT_EQ(doc["rows"][1]["level"].get<double>(), 0.9);
  EXPECT_TRUE(doc["rows"][0]["level"].is_null());
}

// results.json reads back to the same rows and run information, so that
// `jobimpact report` draws from it what `run` drew.
TEST(ResultsTest, JsonRoundTrip) {
  auto f = Fig("jobs_share", 2020, 0.1 + 0.2);
  f.component = "pay";
  f.domain_type = "province";
  f.domain = "广东";
  f.se = 0.05;
  f.ci_low = 0.2;
  f.ci_high = 0.4;
  f.level = 0.95;
  f.n = 812;
  f.respondents = 77;
  f.quality = survey::QualityFlag::kC;
  auto t = ResultsTable::FromFigures({f, Fig("jobs_direct", 2018, 1)});
  ASSERT_TRUE(t.ok());
  const RunInfo info{"T",
                     "P",
                     "in.toml",
                     {"a note"},
                     {},
                     {{"component", "pay", "支付", "payment"},
                      {"indicator", "big", "大", "", "staff > 10"}},
                     "CN"};
  auto doc = ParseResultsJson(t->ToJson(info), "r.json");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->table.ToCsv(), t->ToCsv());
  EXPECT_EQ(doc->info.title, "T");
  EXPECT_EQ(doc->info.country, "CN");
  EXPECT_EQ(doc->info.notes, info.notes);
  EXPECT_EQ(doc->info.labels, info.labels);
  EXPECT_FALSE(doc->info.provenance.has_value());
}

TEST(ResultsTest, JsonFromAnotherVersionOrBrokenIsNamed) {
  auto t = ResultsTable::FromFigures({Fig("jobs_direct", 2018, 1)});
  ASSERT_TRUE(t.ok());
  std::string json = t->ToJson({"T", "P", "in.toml", {}, {}, {}, ""});
  auto other = json;
  other.replace(other.find("results/1"), 9, "results/9");
  auto s = ParseResultsJson(other, "r.json");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(
      s.status().message().find("r.json: jobimpact.format: \"results/9\""),
      std::string::npos)
      << s.status().message();
  auto wrong = json;
  wrong.replace(wrong.find("\"year\": 2018"), 12, "\"year\": \"x\"");
  s = ParseResultsJson(wrong, "r.json");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("rows[0].year: expected a whole number"),
            std::string::npos)
      << s.status().message();
  s = ParseResultsJson("{not json", "r.json");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("r.json: not valid JSON"),
            std::string::npos);
  s = ParseResultsJson("{\"rows\": []}", "r.json");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("not a jobimpact results.json"),
            std::string::npos);
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
