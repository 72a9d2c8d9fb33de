// The indicator table: names are unique and round-trip, and every figure a
// study produces carries a name and unit from the table.
#include "jobimpact/study/indicator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "jobimpact/study/model.h"
#include "test_util.h"

namespace jobimpact::study {
namespace {

using ::testing::HasSubstr;

TEST(IndicatorTest, NamesAreUniqueAndRoundTrip) {
  std::set<std::string_view> names;
  for (const IndicatorInfo& i : Indicators()) {
    EXPECT_TRUE(names.insert(i.name).second) << i.name;
    EXPECT_EQ(FindIndicator(i.name), i.indicator);
    EXPECT_EQ(&Info(i.indicator), &i);
    EXPECT_FALSE(i.label_zh.empty()) << i.name;
    EXPECT_FALSE(i.label_en.empty()) << i.name;
    EXPECT_FALSE(i.definition.empty()) << i.name;
    // Percentages are ratios; jobs and yuan display as themselves.
    if (i.display == DisplayKind::kPercent) {
      EXPECT_EQ(i.unit, Unit::kRatio) << i.name;
    }
    if (i.display == DisplayKind::kJobs) {
      EXPECT_EQ(i.unit, Unit::kJobs) << i.name;
    }
    if (i.display == DisplayKind::kYuan) {
      EXPECT_EQ(i.unit, Unit::kYuan) << i.name;
    }
  }
  EXPECT_EQ(FindIndicator("jobs"), std::nullopt);
  EXPECT_EQ(FindIndicatorInfo("share_x"), nullptr);
  EXPECT_EQ(UnitName(Unit::kYuan), "yuan");
  EXPECT_THAT(IndicatorNames(), HasSubstr("jobs_direct, "));
}

// Every figure of the bundled examples uses the table's name and unit (the
// unit was guessed from the name's prefix).
TEST(IndicatorTest, EveryFigureOfTheExamplesIsInTheTable) {
  for (const char* file :
       {"examples/default/study.toml", "examples/wechat-series/series.toml"}) {
    auto e = EvaluateFile(testing::SourcePath(file));
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    ASSERT_FALSE(e->figures.empty());
    for (const Figure& f : e->figures) {
      const IndicatorInfo* info = FindIndicatorInfo(f.indicator);
      ASSERT_NE(info, nullptr) << f.indicator;
      EXPECT_EQ(f.unit, UnitName(info->unit)) << f.indicator;
    }
  }
}

// No example's results repeat an (indicator, component, domain_type, domain,
// year) key (the coefficients were once added twice).
TEST(IndicatorTest, NoExampleRepeatsAFigureKey) {
  for (const char* file :
       {"examples/default/study.toml", "examples/wechat-2019/study.toml",
        "examples/wechat-2020/study.toml",
        "examples/wechat-series/series.toml"}) {
    auto e = EvaluateFile(testing::SourcePath(file));
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    std::set<std::string> keys;
    for (const Figure& f : e->figures) {
      const std::string key = f.indicator + "|" + f.component + "|" +
                              f.domain_type + "|" + f.domain + "|" +
                              std::to_string(f.year) + "|" + f.scenario;
      EXPECT_TRUE(keys.insert(key).second) << file << ": " << key;
    }
  }
}

TEST(IndicatorTest, SeriesIndicatorsComeFromTheTable) {
  testing::TempDir dir;
  auto path = dir.Write(
      "series.toml",
      "[series]\nname = \"s\"\nindicators = [\"jobs_totl:miniprogram\"]\n"
      "[[points]]\nyear = 2019\npublished = { \"jobs_totl:miniprogram\" = 1 "
      "}\nsource = \"x\"\n[[points]]\nyear = 2020\npublished = { "
      "\"jobs_totl:miniprogram\" = 2 }\nsource = \"x\"\n");
  auto s = LoadSeries(path);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.status().message(),
              HasSubstr("series.indicators: unknown indicator \"jobs_totl\" in "
                        "\"jobs_totl:miniprogram\" (known: jobs_total, "));
}

}  // namespace
}  // namespace jobimpact::study
