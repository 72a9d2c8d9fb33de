// The report's charts: small, self-contained inline SVG, drawn here rather
// than by a plotting library so that a report needs nothing at view time.
//
// Every chart shows each value's confidence interval as a whisker when the
// value has one, marks muted values (quality E) lighter with a dashed outline,
// and carries a <title> for screen readers. The output is deterministic
// (coordinates with one decimal), so golden tests can pin it.
//
// Marks carry classes a test can count: "mark" (a bar, column segment, point
// or tile; tiles also "tile"), "whisker" (an interval), "line" (a line
// series).
//
// Colours are the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal
// Design"), distinguishable with the common colour-vision deficiencies; the
// tile map uses ColorBrewer's sequential "Blues" (Brewer 2003), safe the same
// way.
#ifndef JOBIMPACT_REPORT_CHART_H_
#define JOBIMPACT_REPORT_CHART_H_

#include <optional>
#include <string>
#include <vector>

namespace jobimpact::report {

// One value of a chart, in the units the axis formats.
struct ChartValue {
  double value = 0;
  std::optional<double> low;  // Interval bounds, both or neither.
  std::optional<double> high;
  bool muted = false;  // Drawn lighter and hatched (use with caution).
};

// Tick and value text: value / divisor, with `decimals` digits, then suffix
// ("万", "%", "亿"). A negative `decimals` picks the digits from the tick
// step.
struct AxisFormat {
  double divisor = 1;
  std::string suffix;
  int decimals = -1;
};

// Horizontal bars, one row per category; with several series, the bars of a
// category are grouped (series 0 on top). values[series][category]; an empty
// value draws nothing (a withheld figure) and is labelled "—".
struct BarChart {
  std::string title;
  std::vector<std::string> categories;
  std::vector<std::string> series;  // Legend names; one series: no legend.
  std::vector<std::vector<std::optional<ChartValue>>> values;
  AxisFormat axis;
  int width = 640;
};
std::string BarChartSvg(const BarChart& chart);

// Vertical columns per x label, stacked (stack 0 at the bottom), with an
// optional whisker on each column's total and an optional line (e.g. the
// year-on-year growth) on a right-hand axis. values[stack][column].
struct StackedColumns {
  std::string title;
  std::vector<std::string> columns;
  std::vector<std::string> stacks;
  std::vector<std::vector<double>> values;
  std::vector<std::optional<ChartValue>> totals;  // Empty or one per column.
  AxisFormat axis;
  std::string line_name;                        // Empty: no line.
  std::vector<std::optional<ChartValue>> line;  // One per column.
  AxisFormat line_axis;
  int width = 640;
};
std::string StackedColumnsSvg(const StackedColumns& chart);

// Lines over x labels, one per series, with whiskers at each point.
// values[series][x].
struct LineChart {
  std::string title;
  std::vector<std::string> x;
  std::vector<std::string> series;
  std::vector<std::vector<std::optional<ChartValue>>> values;
  AxisFormat axis;
  int width = 640;
};
std::string LineChartSvg(const LineChart& chart);

// A tile-grid map: one square per area at a grid position, filled by its
// class (0 = lowest), or grey without a value. The legend lists
// class_labels in order, lowest first.
struct Tile {
  std::string label;  // Short name drawn in the square.
  int col = 0;
  int row = 0;
  std::optional<int> klass;  // Index into class_labels.
  std::string value_text;    // Drawn under the label ("7.2%").
  std::string tooltip;       // <title> of the square.
  bool muted = false;
};
struct TileMap {
  std::string title;
  std::vector<Tile> tiles;
  std::vector<std::string> class_labels;  // At most 5.
  int tile_size = 52;
};
std::string TileMapSvg(const TileMap& map);

// The palette's n-th colour (cycling), as "#RRGGBB".
const char* SeriesColor(size_t n);

// `v` in the axis's format: "3148.9万".
std::string FormatAxisValue(double v, const AxisFormat& axis, int decimals);

}  // namespace jobimpact::report

#endif  // JOBIMPACT_REPORT_CHART_H_
