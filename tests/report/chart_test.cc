#include "jobimpact/report/chart.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>

#include "jobimpact/base/file.h"
#include "jobimpact/report/tile_grid.h"
#include "test_util.h"

namespace jobimpact::report {
namespace {

// Compares `svg` with tests/data/report/NAME.svg; JOBIMPACT_UPDATE_GOLDEN=1
// rewrites the file instead (review the diff before committing it).
void ExpectGolden(const std::string& name, const std::string& svg) {
  const auto path = testing::SourcePath("tests/data/report/" + name + ".svg");
  if (std::getenv("JOBIMPACT_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << svg;
    return;
  }
  auto golden = ReadFileToString(path);
  ASSERT_TRUE(golden.ok()) << golden.status().ToString();
  EXPECT_EQ(svg, *golden) << "chart " << name << " differs from " << path;
}

BarChart Bars() {
  BarChart c;
  c.title = "Jobs <by> component";
  c.categories = {"支付", "dev"};
  c.values = {{ChartValue{1.2e6, 1.1e6, 1.3e6}, ChartValue{4.5e5, {}, {}}}};
  c.axis = {1e4, "万"};
  return c;
}

TEST(ChartTest, BarChartGolden) {
  const std::string svg = BarChartSvg(Bars());
  ExpectGolden("bars", svg);
  EXPECT_EQ(testing::CountOccurrences(svg, "class=\"mark\""), 2u);
  EXPECT_EQ(testing::CountOccurrences(svg, "class=\"whisker\""),
            1u);  // The second has none.
  EXPECT_NE(svg.find("<title>Jobs &lt;by&gt; component</title>"),
            std::string::npos);
}

TEST(ChartTest, GroupedBarsWithMutedAndWithheldValues) {
  BarChart c;
  c.title = "share";
  c.categories = {"tier 1", "tier 2"};
  c.series = {"a", "b"};
  ChartValue muted{0.3, 0.2, 0.4, true};
  c.values = {{ChartValue{0.25, 0.2, 0.3}, muted},
              {ChartValue{0.5, 0.45, 0.55}, std::nullopt}};
  c.axis = {0.01, "%"};
  const std::string svg = BarChartSvg(c);
  ExpectGolden("grouped", svg);
  EXPECT_EQ(testing::CountOccurrences(svg, "class=\"mark\""), 3u);
  EXPECT_EQ(testing::CountOccurrences(svg, "class=\"whisker\""), 3u);
  EXPECT_EQ(testing::CountOccurrences(svg, "fill-opacity=\"0.4\""), 1u);
  EXPECT_EQ(testing::CountOccurrences(svg, ">—</text>"),
            1u);  // The withheld value.
}

TEST(ChartTest, StackedColumnsWithLineGolden) {
  StackedColumns c;
  c.title = "jobs by year";
  c.columns = {"2019", "2020"};
  c.stacks = {"direct", "indirect"};
  c.values = {{2.6e7, 3.2e7}, {3.6e6, 4.9e6}};
  c.totals = {ChartValue{2.96e7, {}, {}}, ChartValue{3.69e7, 3.6e7, 3.8e7}};
  c.axis = {1e4, "万"};
  c.line_name = "YoY";
  c.line = {std::nullopt, ChartValue{0.244, 0.2, 0.29}};
  c.line_axis = {0.01, "%"};
  const std::string svg = StackedColumnsSvg(c);
  ExpectGolden("stacked", svg);
  EXPECT_EQ(testing::CountOccurrences(svg, "<rect class=\"mark\""), 4u);
  EXPECT_EQ(testing::CountOccurrences(svg, "<circle class=\"mark\""), 1u);
  EXPECT_EQ(testing::CountOccurrences(svg, "class=\"whisker\""), 2u);
  EXPECT_EQ(testing::CountOccurrences(svg, "class=\"line\""), 1u);
}

TEST(ChartTest, LineChartGolden) {
  LineChart c;
  c.title = "growth";
  c.x = {"2018", "2019", "2020"};
  c.series = {"total"};
  c.values = {{ChartValue{0.1, {}, {}}, ChartValue{0.33, 0.3, 0.36},
               ChartValue{0.24, {}, {}}}};
  c.axis = {0.01, "%"};
  const std::string svg = LineChartSvg(c);
  ExpectGolden("line", svg);
  EXPECT_EQ(testing::CountOccurrences(svg, "class=\"mark\""), 3u);
  EXPECT_EQ(testing::CountOccurrences(svg, "class=\"whisker\""), 1u);
}

TEST(ChartTest, TileMapGolden) {
  TileMap m;
  m.title = "map";
  m.tiles = {{"粤", 1, 1, 4, "16.6%", "广东: 16.6%", false},
             {"藏", 0, 0, std::nullopt, "", "西藏: —", false},
             {"京", 1, 0, 0, "0.9%", "北京", true}};
  m.class_labels = {"≤1%", "1–2%", "2–5%", "5–10%", ">10%"};
  const std::string svg = TileMapSvg(m);
  ExpectGolden("tiles", svg);
  EXPECT_EQ(testing::CountOccurrences(svg, "class=\"mark tile\""), 3u);
  EXPECT_NE(svg.find("fill=\"#08519c\""), std::string::npos);  // Class 4.
  EXPECT_NE(svg.find("fill=\"#f5f7fa\""), std::string::npos);  // No value.
}

// Whiskers sit on the value axis where the interval's bounds are: the
// bar's end, the whisker's ends and the tick positions agree.
TEST(ChartTest, AxisCoversIntervalsAndZero) {
  BarChart c;
  c.title = "t";
  c.categories = {"x"};
  c.values = {{ChartValue{-5, -12, 3}}};
  const std::string svg = BarChartSvg(c);
  // Ticks -15 ... 5 in steps of 5 (Heckbert's nice numbers).
  for (const char* t :
       {">-15</text>", ">-10</text>", ">-5</text>", ">0</text>", ">5</text>"}) {
    EXPECT_NE(svg.find(t), std::string::npos) << t;
  }
  EXPECT_EQ(FormatAxisValue(-0.0, {}, 0), "0");
  EXPECT_EQ(FormatAxisValue(12345, {1e4, "万"}, 2), "1.23万");
}

TEST(ChartTest, ChinaTileGridHasEveryDivisionOnce) {
  std::set<std::string_view> codes;
  std::set<std::pair<int, int>> cells;
  for (const TileCell& c : ChinaTileGrid()) {
    codes.insert(c.code);
    cells.insert({c.col, c.row});
  }
  EXPECT_EQ(codes.size(), 34u);
  EXPECT_EQ(cells.size(), 34u);
}

}  // namespace
}  // namespace jobimpact::report
