#include "jobimpact/report/chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "format.h"

namespace jobimpact::report {
namespace {

constexpr double kFont = 12;  // px, every text of a chart.
constexpr const char* kAxisColor = "#52606d";
constexpr const char* kGridColor = "#e4e7eb";

// Text and attribute values escaped as the report's HTML is (format.h).
std::string Esc(const std::string& s) { return internal::Escape(s); }

// Approximate rendered width of `s` at `font` px: CJK characters are one em
// wide, Latin text about 0.6 em. Used only to reserve margins.
double TextWidth(const std::string& s, double font = kFont) {
  double w = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) == 0x80) continue;
    w += c >= 0xE0 ? 1.0 : 0.6;
  }
  return w * font;
}

std::string Num(double v) { return fmt::format("{:.1f}", v); }

// An axis from lo to hi in steps of `step`.
struct Scale {
  double lo = 0, hi = 1, step = 1;
  int decimals = 0;
};

// "Nice numbers for graph labels" (Heckbert, Graphics Gems, 1990): a step
// of 1, 2 or 5 times a power of ten giving about `ticks` intervals.
double NiceStep(double range, int ticks) {
  const double raw = range / ticks;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / p;
  const double nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
  return nice * p;
}

// A scale covering [lo, hi] and zero, with ticks at nice values; `divisor`
// is the axis's, so the decimals are those of the displayed numbers.
Scale MakeScale(double lo, double hi, double divisor, int ticks = 5) {
  lo = std::min(lo, 0.0);
  hi = std::max(hi, 0.0);
  if (!(hi > lo)) hi = lo + 1;
  Scale s;
  s.step = NiceStep(hi - lo, ticks);
  s.lo = std::floor(lo / s.step) * s.step;
  s.hi = std::ceil(hi / s.step) * s.step;
  const double shown = s.step / divisor;
  s.decimals = shown >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(shown)));
  return s;
}

double Pos(const Scale& s, double v, double from, double to) {
  return from + (v - s.lo) / (s.hi - s.lo) * (to - from);
}

std::string SvgOpen(double w, double h, const std::string& title) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" "
      "viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" "
      "font-size=\"{}\"><title>{}</title>\n",
      Num(w), Num(h), Num(w), Num(h), Num(kFont), Esc(title));
}

std::string Text(double x, double y, const std::string& s,
                 const char* anchor = "start", const char* fill = "#1f2933") {
  return fmt::format(
      "<text x=\"{}\" y=\"{}\" text-anchor=\"{}\" fill=\"{}\">{}</text>\n",
      Num(x), Num(y), anchor, fill, Esc(s));
}

// A filled rectangle mark; muted ones are lighter with a dashed outline.
std::string Rect(double x, double y, double w, double h, const char* color,
                 bool muted, const std::string& tip) {
  return fmt::format(
      "<rect class=\"mark\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" "
      "fill=\"{}\"{}><title>{}</title></rect>\n",
      Num(x), Num(y), Num(std::max(w, 0.0)), Num(std::max(h, 0.0)), color,
      muted ? " fill-opacity=\"0.4\" stroke=\"#1f2933\" "
              "stroke-dasharray=\"2 2\""
            : "",
      Esc(tip));
}

// An interval from a to b along x (horizontal) or y, centred on `at`.
std::string Whisker(double a, double b, double at, bool horizontal) {
  constexpr double kCap = 3;
  if (horizontal) {
    return fmt::format(
        "<path class=\"whisker\" d=\"M{0} {2}H{1}M{0} {3}V{4}M{1} {3}V{4}\" "
        "stroke=\"#1f2933\" fill=\"none\"/>\n",
        Num(a), Num(b), Num(at), Num(at - kCap), Num(at + kCap));
  }
  return fmt::format(
      "<path class=\"whisker\" d=\"M{2} {0}V{1}M{3} {0}H{4}M{3} {1}H{4}\" "
      "stroke=\"#1f2933\" fill=\"none\"/>\n",
      Num(a), Num(b), Num(at), Num(at - kCap), Num(at + kCap));
}

std::string Tip(const std::string& name, const ChartValue& v,
                const AxisFormat& axis, int decimals) {
  std::string t = name + ": " + FormatAxisValue(v.value, axis, decimals);
  if (v.low && v.high) {
    t += " [" + FormatAxisValue(*v.low, axis, decimals) + ", " +
         FormatAxisValue(*v.high, axis, decimals) + "]";
  }
  return t;
}

// The legend: a swatch and a name per series, in one row from (x, y).
std::string Legend(const std::vector<std::string>& names, double x, double y) {
  std::string s;
  for (size_t i = 0; i < names.size(); ++i) {
    s += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/>\n",
        Num(x), Num(y - 9), SeriesColor(i));
    s += Text(x + 14, y, names[i]);
    x += 14 + TextWidth(names[i]) + 16;
  }
  return s;
}

// The value range of the values and their intervals.
void Extend(const ChartValue& v, double* lo, double* hi) {
  *lo = std::min({*lo, v.value, v.low.value_or(v.value)});
  *hi = std::max({*hi, v.value, v.high.value_or(v.value)});
}

int Decimals(const AxisFormat& axis, const Scale& s) {
  return axis.decimals >= 0 ? axis.decimals : s.decimals;
}

// Vertical grid lines and tick labels of a horizontal value axis.
std::string XAxis(const Scale& s, const AxisFormat& axis, double x0, double x1,
                  double top, double bottom) {
  std::string out;
  const int decimals = Decimals(axis, s);
  for (double t = s.lo; t <= s.hi + s.step / 2; t += s.step) {
    const double x = Pos(s, t, x0, x1);
    out += fmt::format(
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\"/>\n",
        Num(x), Num(top), Num(bottom),
        std::abs(t) < s.step / 2 ? kAxisColor : kGridColor);
    out += Text(x, bottom + 14, FormatAxisValue(t, axis, decimals), "middle",
                kAxisColor);
  }
  return out;
}

// Horizontal grid lines and tick labels of a vertical value axis, labels
// left of x0 (or right of x1 when `right`).
std::string YAxis(const Scale& s, const AxisFormat& axis, double x0, double x1,
                  double top, double bottom, bool right, bool grid) {
  std::string out;
  const int decimals = Decimals(axis, s);
  for (double t = s.lo; t <= s.hi + s.step / 2; t += s.step) {
    const double y = Pos(s, t, bottom, top);
    if (grid) {
      out += fmt::format(
          "<line x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" "
          "stroke=\"{3}\"/>\n",
          Num(x0), Num(x1), Num(y),
          std::abs(t) < s.step / 2 ? kAxisColor : kGridColor);
    }
    out +=
        Text(right ? x1 + 6 : x0 - 6, y + 4, FormatAxisValue(t, axis, decimals),
             right ? "start" : "end", kAxisColor);
  }
  return out;
}

}  // namespace

const char* SeriesColor(size_t n) {
  // Okabe-Ito without its black and yellow (too light on white).
  static constexpr const char* kColors[] = {"#0072B2", "#E69F00", "#009E73",
                                            "#D55E00", "#56B4E9", "#CC79A7"};
  return kColors[n % std::size(kColors)];
}

std::string FormatAxisValue(double v, const AxisFormat& axis, int decimals) {
  const double shown = v / axis.divisor;
  // -0.0 would print as "-0".
  return fmt::format("{:.{}f}", shown == 0 ? 0.0 : shown,
                     std::max(decimals, 0)) +
         axis.suffix;
}

std::string BarChartSvg(const BarChart& c) {
  const size_t ns = std::max<size_t>(c.values.size(), 1);
  double lo = 0, hi = 0, label_w = 0, value_w = 0;
  for (const auto& series : c.values) {
    for (const auto& v : series) {
      if (v) Extend(*v, &lo, &hi);
    }
  }
  for (const auto& cat : c.categories)
    label_w = std::max(label_w, TextWidth(cat));
  const Scale s = MakeScale(lo, hi, c.axis.divisor);
  const int decimals = Decimals(c.axis, s);
  for (const auto& series : c.values) {
    for (const auto& v : series) {
      if (v)
        value_w = std::max(
            value_w, TextWidth(FormatAxisValue(v->value, c.axis, decimals)));
    }
  }
  constexpr double kBar = 14, kGap = 8;
  const double legend_h = c.series.size() > 1 ? 22 : 0;
  const double row_h = static_cast<double>(ns) * kBar + kGap;
  const double x0 = label_w + 12, x1 = c.width - value_w - 16;
  const double top = legend_h + 6;
  const double bottom = top + row_h * static_cast<double>(c.categories.size());
  std::string out = SvgOpen(c.width, bottom + 22, c.title);
  if (legend_h > 0) out += Legend(c.series, x0, 14);
  out += XAxis(s, c.axis, x0, x1, top, bottom);
  for (size_t k = 0; k < c.categories.size(); ++k) {
    const double y = top + row_h * static_cast<double>(k) + kGap / 2;
    out += Text(x0 - 6, y + row_h / 2 - 2, c.categories[k], "end");
    for (size_t j = 0; j < c.values.size(); ++j) {
      const double by = y + kBar * static_cast<double>(j);
      const auto& v = k < c.values[j].size() ? c.values[j][k] : std::nullopt;
      if (!v) {
        out += Text(Pos(s, 0, x0, x1) + 4, by + kBar - 3, "—", "start",
                    kAxisColor);
        continue;
      }
      const double a = Pos(s, std::min(0.0, v->value), x0, x1);
      const double b = Pos(s, std::max(0.0, v->value), x0, x1);
      const std::string name = c.series.size() > 1
                                   ? c.categories[k] + " · " + c.series[j]
                                   : c.categories[k];
      out += Rect(a, by + 1, b - a, kBar - 2, SeriesColor(j), v->muted,
                  Tip(name, *v, c.axis, decimals));
      double end = b;
      if (v->low && v->high) {
        const double wl = Pos(s, *v->low, x0, x1),
                     wh = Pos(s, *v->high, x0, x1);
        out += Whisker(wl, wh, by + kBar / 2, true);
        end = std::max(end, wh);
      }
      out += Text(end + 4, by + kBar - 3,
                  FormatAxisValue(v->value, c.axis, decimals), "start",
                  kAxisColor);
    }
  }
  return out + "</svg>\n";
}

std::string StackedColumnsSvg(const StackedColumns& c) {
  const size_t nc = c.columns.size();
  double lo = 0, hi = 0;
  for (size_t k = 0; k < nc; ++k) {
    double sum = 0;
    for (const auto& stack : c.values) sum += k < stack.size() ? stack[k] : 0;
    hi = std::max(hi, sum);
    if (k < c.totals.size() && c.totals[k]) Extend(*c.totals[k], &lo, &hi);
  }
  const Scale s = MakeScale(lo, hi * 1.08, c.axis.divisor);
  const bool has_line = !c.line_name.empty();
  double llo = 0, lhi = 0;
  for (const auto& v : c.line) {
    if (v) Extend(*v, &llo, &lhi);
  }
  const Scale ls = MakeScale(llo, lhi, c.line_axis.divisor);
  const int decimals = Decimals(c.axis, s);
  const int ldecimals = Decimals(c.line_axis, ls);
  double tick_w = 0;
  for (double t = s.lo; t <= s.hi + s.step / 2; t += s.step) {
    tick_w = std::max(tick_w, TextWidth(FormatAxisValue(t, c.axis, decimals)));
  }
  std::vector<std::string> legend = c.stacks;
  if (has_line) legend.push_back(c.line_name);
  const double x0 = tick_w + 12, x1 = c.width - (has_line ? 56.0 : 12.0);
  const double top = 30, bottom = 250;
  std::string out = SvgOpen(c.width, bottom + 24, c.title);
  out += Legend(legend, x0, 14);
  out += YAxis(s, c.axis, x0, x1, top, bottom, false, true);
  if (has_line) out += YAxis(ls, c.line_axis, x0, x1, top, bottom, true, false);
  const double slot = (x1 - x0) / static_cast<double>(std::max<size_t>(nc, 1));
  const double bw = std::min(slot * 0.6, 80.0);
  std::string path;
  for (size_t k = 0; k < nc; ++k) {
    const double cx = x0 + slot * (static_cast<double>(k) + 0.5);
    double base = 0;
    for (size_t j = 0; j < c.values.size(); ++j) {
      const double v = k < c.values[j].size() ? c.values[j][k] : 0;
      const double ya = Pos(s, base, bottom, top),
                   yb = Pos(s, base + v, bottom, top);
      out += Rect(cx - bw / 2, yb, bw, ya - yb, SeriesColor(j), false,
                  c.columns[k] + " · " + c.stacks[j] + ": " +
                      FormatAxisValue(v, c.axis, decimals));
      base += v;
    }
    double label_y = Pos(s, base, bottom, top) - 4;
    if (k < c.totals.size() && c.totals[k] && c.totals[k]->low) {
      const auto& t = *c.totals[k];
      const double wl = Pos(s, *t.low, bottom, top),
                   wh = Pos(s, *t.high, bottom, top);
      out += Whisker(wl, wh, cx, false);
      label_y = std::min(label_y, wh - 4);
    }
    out += Text(cx, label_y, FormatAxisValue(base, c.axis, decimals), "middle");
    out += Text(cx, bottom + 16, c.columns[k], "middle", kAxisColor);
    if (has_line && k < c.line.size() && c.line[k]) {
      const auto& v = *c.line[k];
      const double y = Pos(ls, v.value, bottom, top);
      path += fmt::format("{}{} {}", path.empty() ? "M" : "L", Num(cx), Num(y));
      out += fmt::format(
          "<circle class=\"mark\" cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{}\">"
          "<title>{}</title></circle>\n",
          Num(cx), Num(y), SeriesColor(c.stacks.size()),
          Esc(Tip(c.columns[k] + " · " + c.line_name, v, c.line_axis,
                  ldecimals)));
      if (v.low && v.high) {
        out += Whisker(Pos(ls, *v.low, bottom, top),
                       Pos(ls, *v.high, bottom, top), cx + 8, false);
      }
    }
  }
  if (!path.empty()) {
    out += fmt::format(
        "<path class=\"line\" d=\"{}\" stroke=\"{}\" stroke-width=\"2\" "
        "fill=\"none\"/>\n",
        path, SeriesColor(c.stacks.size()));
  }
  return out + "</svg>\n";
}

std::string LineChartSvg(const LineChart& c) {
  double lo = 0, hi = 0;
  for (const auto& series : c.values) {
    for (const auto& v : series) {
      if (v) Extend(*v, &lo, &hi);
    }
  }
  const Scale s = MakeScale(lo, hi, c.axis.divisor);
  const int decimals = Decimals(c.axis, s);
  double tick_w = 0;
  for (double t = s.lo; t <= s.hi + s.step / 2; t += s.step) {
    tick_w = std::max(tick_w, TextWidth(FormatAxisValue(t, c.axis, decimals)));
  }
  const double x0 = tick_w + 12, x1 = c.width - 12.0, top = 30, bottom = 220;
  std::string out = SvgOpen(c.width, bottom + 24, c.title);
  out += Legend(c.series, x0, 14);
  out += YAxis(s, c.axis, x0, x1, top, bottom, false, true);
  const double slot =
      (x1 - x0) / static_cast<double>(std::max<size_t>(c.x.size(), 1));
  for (size_t k = 0; k < c.x.size(); ++k) {
    out += Text(x0 + slot * (static_cast<double>(k) + 0.5), bottom + 16, c.x[k],
                "middle", kAxisColor);
  }
  for (size_t j = 0; j < c.values.size(); ++j) {
    std::string path;
    for (size_t k = 0; k < c.values[j].size() && k < c.x.size(); ++k) {
      const auto& v = c.values[j][k];
      if (!v) continue;
      const double cx = x0 + slot * (static_cast<double>(k) + 0.5);
      const double y = Pos(s, v->value, bottom, top);
      path += fmt::format("{}{} {}", path.empty() ? "M" : "L", Num(cx), Num(y));
      if (v->low && v->high) {
        out += Whisker(Pos(s, *v->low, bottom, top),
                       Pos(s, *v->high, bottom, top), cx, false);
      }
      const std::string name = j < c.series.size() ? c.series[j] : "";
      out += fmt::format(
          "<circle class=\"mark\" cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"{}\"{}>"
          "<title>{}</title></circle>\n",
          Num(cx), Num(y), SeriesColor(j),
          v->muted ? " fill-opacity=\"0.4\"" : "",
          Esc(Tip(c.x[k] + " · " + name, *v, c.axis, decimals)));
    }
    if (!path.empty()) {
      out += fmt::format(
          "<path class=\"line\" d=\"{}\" stroke=\"{}\" stroke-width=\"2\" "
          "fill=\"none\"/>\n",
          path, SeriesColor(j));
    }
  }
  return out + "</svg>\n";
}

std::string TileMapSvg(const TileMap& m) {
  // ColorBrewer Blues, 5 classes; text turns white on the two darkest.
  static constexpr const char* kBlues[] = {"#eff3ff", "#bdd7e7", "#6baed6",
                                           "#3182bd", "#08519c"};
  int cols = 0, rows = 0;
  for (const Tile& t : m.tiles) {
    cols = std::max(cols, t.col + 1);
    rows = std::max(rows, t.row + 1);
  }
  const double ts = m.tile_size, gap = 3;
  const double w = cols * (ts + gap) + 4, legend_y = rows * (ts + gap) + 16;
  std::string out = SvgOpen(std::max(w, 5 * 92.0), legend_y + 10, m.title);
  for (const Tile& t : m.tiles) {
    const double x = 2 + t.col * (ts + gap), y = 2 + t.row * (ts + gap);
    const int k = t.klass ? std::clamp(*t.klass, 0, 4) : -1;
    const char* fill = k >= 0 ? kBlues[k] : "#f5f7fa";
    out += fmt::format(
        "<rect class=\"mark tile\" x=\"{}\" y=\"{}\" width=\"{}\" "
        "height=\"{}\" "
        "fill=\"{}\" stroke=\"{}\"{}><title>{}</title></rect>\n",
        Num(x), Num(y), Num(ts), Num(ts), fill, k >= 0 ? "#9fb3c8" : "#d9e2ec",
        t.muted ? " stroke-dasharray=\"3 2\"" : "", Esc(t.tooltip));
    const char* ink = k >= 3 ? "#ffffff" : "#1f2933";
    // A name wider than the square (English names) is set smaller.
    const double room = ts - 4, width = TextWidth(t.label);
    if (width > room) {
      out += fmt::format(
          "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{}\" "
          "font-size=\"{}\">{}</text>\n",
          Num(x + ts / 2), Num(y + ts / 2 - 2), ink,
          Num(std::max(7.0, kFont * room / width)), Esc(t.label));
    } else {
      out += Text(x + ts / 2, y + ts / 2 - 2, t.label, "middle", ink);
    }
    if (!t.value_text.empty()) {
      out += fmt::format(
          "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{}\" "
          "font-size=\"10\">{}</text>\n",
          Num(x + ts / 2), Num(y + ts / 2 + 12), ink, Esc(t.value_text));
    }
  }
  double x = 2;
  for (size_t i = 0; i < m.class_labels.size() && i < 5; ++i) {
    out += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\" "
        "stroke=\"#9fb3c8\"/>\n",
        Num(x), Num(legend_y - 10), kBlues[i]);
    out += Text(x + 16, legend_y, m.class_labels[i]);
    x += 16 + TextWidth(m.class_labels[i]) + 14;
  }
  return out + "</svg>\n";
}

}  // namespace jobimpact::report
