// `jobimpact report` and `run --pdf` on the bad inputs of issue 13: results
// without intervals, results.json of another version or missing, no
// Chromium. Each either draws what it can and says so, or exits 2 naming the
// file, and writes nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "study/study_fixture.h"
#include "test_util.h"

namespace jobimpact {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

std::string Q(const fs::path& p) { return "'" + p.string() + "'"; }

// The published-aggregate example: no figure has an interval.
TEST(ReportCliTest, ResultsWithoutIntervalsAreDrawnWithoutWhiskersAndSaySo) {
  testing::TempDir dir;
  auto run = testing::RunCli(
      "run " + Q(testing::SourcePath("examples/wechat-2020/study.toml")) +
      " --out " + Q(dir.path() / "run"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto r = testing::RunCli("report " + Q(dir.path() / "run") + " --out " +
                           Q(dir.path() / "en") + " --lang en");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string html = testing::ReadAll(dir.path() / "en/report.html");
  EXPECT_EQ(testing::CountOccurrences(html, "class=\"whisker\""), 0u);
  EXPECT_GT(testing::CountOccurrences(html, "class=\"mark\""), 0u);
  EXPECT_THAT(html, HasSubstr("These figures have no intervals (published "
                              "aggregates or no variance estimator), so the "
                              "chart has no whiskers."));
  EXPECT_TRUE(fs::exists(dir.path() / "en/jobimpact-run.json"));
}

TEST(ReportCliTest, ResultsOfAnotherVersionOrMissingExitTwoWritingNothing) {
  testing::TempDir dir;
  auto run = testing::RunCli(
      "run " + Q(testing::SourcePath("examples/wechat-2019/study.toml")) +
      " --out " + Q(dir.path() / "run"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::string json = testing::ReadAll(dir.path() / "run/results.json");
  const size_t at = json.find("\"results/1\"");
  ASSERT_NE(at, std::string::npos);
  json.replace(at, 11, "\"results/7\"");
  dir.Write("old/results.json", json);
  auto r = testing::RunCli("report " + Q(dir.path() / "old") + " --out " +
                           Q(dir.path() / "doc"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr((dir.path() / "old/results.json").string()));
  EXPECT_THAT(r.err, HasSubstr("results/7"));
  EXPECT_THAT(r.err, HasSubstr("results/1"));
  EXPECT_FALSE(fs::exists(dir.path() / "doc"));
  // A directory without results.json, and a path that does not exist.
  dir.Write("empty/notes.txt", "not a run");
  auto missing = testing::RunCli("report " + Q(dir.path() / "empty") +
                                 " --out " + Q(dir.path() / "doc"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err,
              HasSubstr("empty/results.json: file does not exist"));
  auto nowhere = testing::RunCli("report " + Q(dir.path() / "nowhere") +
                                 " --out " + Q(dir.path() / "doc"));
  EXPECT_EQ(nowhere.exit_code, 2);
  EXPECT_THAT(nowhere.err, HasSubstr("nowhere: file does not exist"));
  EXPECT_FALSE(fs::exists(dir.path() / "doc"));
}

TEST(ReportCliTest, PdfWithoutChromiumIsAClearErrorAndWritesNothing) {
  testing::TempDir dir;
  auto r = testing::RunCommand(
      "JOBIMPACT_CHROMIUM=" + (dir.path() / "no-chromium").string() + " '" +
      JOBIMPACT_CLI + "' run " +
      Q(testing::SourcePath("examples/wechat-2019/study.toml")) + " --out " +
      Q(dir.path() / "run") + " --pdf");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("is not an executable file"));
  EXPECT_FALSE(fs::exists(dir.path() / "run"));
}

// [[indicators]] reach the document: a chart in section 5 with the
// indicator's name and definition, and its rows in results.csv.
TEST(ReportCliTest, UnitIndicatorsAreDrawnWithTheirNames) {
  testing::TempDir dir;
  auto study = testing::WriteFixture(
      dir, std::string(testing::kFixtureStudy) +
               "\n[[indicators]]\nid = \"mostly_fulltime\"\nname = "
               "\"全职为主\"\nexpression = \"fulltime_staff / staff >= "
               "0.5\"\n");
  auto r = testing::RunCli("run " + Q(study) + " --out " + Q(dir.path() / "o"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string html = testing::ReadAll(dir.path() / "o/report.html");
  // The fixture has no country: an English document.
  EXPECT_THAT(html, HasSubstr("Unit indicators: share of units meeting the "
                              "condition"));
  EXPECT_THAT(html, HasSubstr("全职为主"));
  // The caption says what it counts.
  EXPECT_THAT(html, HasSubstr("Defined as: 全职为主: <code>fulltime_staff / "
                              "staff &gt;= 0.5</code>"));
  EXPECT_THAT(testing::ReadAll(dir.path() / "o/results.csv"),
              HasSubstr("unit_share,ops,indicator,mostly_fulltime,2020,"));
}

}  // namespace
}  // namespace jobimpact
