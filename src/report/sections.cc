#include "sections.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "jobimpact/geo/gazetteer.h"
#include "jobimpact/report/tile_grid.h"
#include "jobimpact/study/indicator.h"
#include "jobimpact/survey/quality.h"

namespace jobimpact::report::internal {
namespace {

using study::Indicator;
using study::IndicatorName;

std::string H2(const Ctx& c, int number, const char* zh, const char* en) {
  return fmt::format("<section><h2 id=\"s{0}\">{0}. {1}</h2>\n", number,
                     Escape(c.L(zh, en)));
}

// Components with a study-wide direct-jobs figure in the report's year, in
// the order the study lists them.
std::vector<std::string> Components(const Ctx& c) {
  std::vector<std::string> ids;
  for (const Row& r : c.table.rows()) {
    if (r.indicator == IndicatorName(Indicator::kJobsDirect) &&
        r.year == c.year && !r.component.empty() && r.domain_type.empty() &&
        std::find(ids.begin(), ids.end(), r.component) == ids.end()) {
      ids.push_back(r.component);
    }
  }
  return ids;
}

// The domains of `domain_type` the rows of `indicator` name in the
// report's year, in the order they first appear (the declared level order);
// only study-wide rows' if `study_wide`.
std::vector<std::string> Domains(const Ctx& c, std::string_view indicator,
                                 std::string_view domain_type,
                                 bool study_wide) {
  std::vector<std::string> out;
  for (const Row& r : c.table.rows()) {
    if (r.indicator == indicator && r.domain_type == domain_type &&
        r.year == c.year && (!study_wide || r.component.empty()) &&
        std::find(out.begin(), out.end(), r.domain) == out.end()) {
      out.push_back(r.domain);
    }
  }
  return out;
}

std::string Card(const Ctx& c, const Row& r) {
  const std::string interval = IntervalText(r);
  const std::string total = TotalIntervalText(r);
  std::string level = LevelText({&r});
  std::string ci = interval.empty() && total.empty()
                       ? Escape(c.L("无区间（公布值或无方差估计）",
                                    "no interval (published or no variance)"))
                       : "";
  if (!interval.empty()) ci = Escape(level + " " + interval);
  if (!total.empty()) {
    ci += fmt::format(
        "{}<span class=\"total\">{}</span>", ci.empty() ? "" : "<br>",
        Escape(fmt::format(fmt::runtime(c.L("含假设不确定性 {:g}% {}",
                                            "with assumptions {:g}% {}")),
                           100 * r.level.value_or(0.95), total)));
  }
  return fmt::format(
      "<div class=\"card\"><div class=\"l\">{}</div><div class=\"v\">{}</div>"
      "<div class=\"ci\">{}</div><div class=\"l\">{} · {}{}</div></div>\n",
      Escape(IndicatorLabel(c, r.indicator)), Escape(EstimateText(r)), ci,
      r.year, Escape(r.indicator), r.quality ? " · " + QualityHtml(r) : "");
}

// "X (95% [a, b])" for the summary paragraph.
std::string WithInterval(const Row& r) {
  const std::string interval = IntervalText(r);
  if (interval.empty()) return EstimateText(r);
  return EstimateText(r) + " (" + LevelText({&r}) + " " + interval + ")";
}

std::string SummaryParagraph(const Ctx& c) {
  const Row* total = Find(c, "jobs_total", c.year);
  const Row* direct = Find(c, "jobs_direct", c.year);
  const Row* indirect = Find(c, "jobs_indirect", c.year);
  const Row* full = Find(c, "jobs_fulltime", c.year);
  if (total == nullptr && direct == nullptr) return "";
  std::string s;
  if (c.zh()) {
    s = fmt::format("{}年，{}生态", c.year, c.info.platform);
    if (total) s += "带动就业" + WithInterval(*total);
    if (direct) s += "，其中直接就业" + WithInterval(*direct);
    if (indirect) s += "，间接就业" + WithInterval(*indirect);
    s += "。";
    if (full && direct && direct->estimate > 0) {
      s += fmt::format("全职岗位{}，占直接就业的{:.1f}%。", WithInterval(*full),
                       100 * full->estimate / direct->estimate);
    }
  } else {
    s = fmt::format("In {}, the {} ecosystem", c.year, c.info.platform);
    if (total) s += " accounted for " + WithInterval(*total) + " jobs";
    if (direct) s += ": " + WithInterval(*direct) + " direct";
    if (indirect) s += " and " + WithInterval(*indirect) + " indirect";
    s += ".";
    if (full && direct && direct->estimate > 0) {
      s += fmt::format(" Full-time jobs: {}, {:.1f}% of the direct jobs.",
                       WithInterval(*full),
                       100 * full->estimate / direct->estimate);
    }
  }
  // The largest component and province, from the figures themselves.
  const Row* top = nullptr;
  for (const std::string& id : Components(c)) {
    const Row* r = Find(c, "jobs_direct", c.year, id);
    if (r && (top == nullptr || r->estimate > top->estimate)) top = r;
  }
  if (top && direct && direct->estimate > 0) {
    s += fmt::format(
        fmt::runtime(c.L(" 最大的组成部分是{}（{}，占{:.1f}%）。",
                         " The largest component is {} ({}, {:.1f}%).")),
        ComponentName(c, top->component), EstimateText(*top),
        100 * top->estimate / direct->estimate);
  }
  return "<p class=\"summary\">" + Escape(s) + "</p>\n";
}

// The tornado table of the study-wide figures of the year: each assumption
// at its low and high, the others at their values, largest swing first,
// with its share of the figure's variance (sensitivity.csv has every
// figure's).
std::string Tornado(const Ctx& c) {
  std::vector<const study::SensitivityRow*> bars;
  for (const auto& s : c.info.sensitivity) {
    if (s.scenario == "base" && s.year == c.year && s.component.empty() &&
        s.domain_type.empty() && Find(c, s.indicator, c.year) != nullptr) {
      bars.push_back(&s);
    }
  }
  if (bars.empty()) return "";
  // Figures in the order they come, each one's bars by swing.
  std::map<std::string, size_t> order;
  for (const auto* s : bars) order.emplace(s->indicator, order.size());
  std::stable_sort(bars.begin(), bars.end(), [&order](auto* a, auto* b) {
    const size_t ga = order.at(a->indicator), gb = order.at(b->indicator);
    if (ga != gb) return ga < gb;
    return std::fabs(a->at_high - a->at_low) >
           std::fabs(b->at_high - b->at_low);
  });
  std::string t = fmt::format(
      "<div class=\"block\"><h3>{}</h3><table class=\"data\"><thead><tr>"
      "<th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
      "</tr></thead><tbody>\n",
      c.L("不确定性来源（龙卷风表）", "Sources of uncertainty (tornado table)"),
      c.L("指标", "figure"), c.L("假设", "assumption"), c.L("范围", "range"),
      c.L("取低值时", "at low"), c.L("取高值时", "at high"),
      c.L("方差占比", "variance share"));
  for (const study::SensitivityRow* s : bars) {
    const Row& r = *Find(c, s->indicator, c.year);
    const bool sampling = s->assumption == "sampling";
    t += fmt::format(
        "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{:.1f}%</td></tr>\n",
        Escape(IndicatorLabel(c, s->indicator)),
        sampling ? Escape(c.L("抽样误差（置信区间两端）",
                              "sampling error (interval ends)"))
                 : "<code>" + Escape(s->assumption) + "</code>",
        s->low ? fmt::format("{:g} – {:g}", *s->low, *s->high) : "",
        Escape(DisplayNumber(r, s->at_low)),
        Escape(DisplayNumber(r, s->at_high)), 100 * s->variance_share);
  }
  return t + "</tbody></table><p class=\"note\">" +
         Escape(c.L("每行只改变一个假设，其余取其设定值；方差占比为各来源单独"
                    "作用时的方差之比。全部数字的表见 sensitivity.csv。",
                    "Each row moves one assumption, the others at their "
                    "values; the variance share is each source's own "
                    "variance over their sum. Every figure's rows are in "
                    "sensitivity.csv.")) +
         "</p></div>\n";
}

// The headline figures of the study as written next to each [[scenarios]]
// entry's, with their intervals (total ones where assumptions vary).
std::string Scenarios(const Ctx& c, const std::vector<Indicator>& headline) {
  std::vector<std::pair<std::string, std::string>> scenarios;  // id, label.
  for (const auto& l : c.info.labels) {
    if (l.kind == "scenario") scenarios.push_back({l.id, l.name});
  }
  if (c.all == nullptr || scenarios.empty()) return "";
  auto find = [&](Indicator ind, const std::string& scenario) -> const Row* {
    for (const Row& r : c.all->rows()) {
      if (r.indicator == IndicatorName(ind) && r.year == c.year &&
          r.component.empty() && r.domain_type.empty() &&
          r.scenario == scenario) {
        return &r;
      }
    }
    return nullptr;
  };
  auto cell = [&](const Row* r) {
    if (r == nullptr) return std::string("<td class=\"num\">—</td>");
    std::string interval = IntervalText(*r);
    if (const std::string t = TotalIntervalText(*r); !t.empty()) {
      interval = std::string(c.L("总不确定性 ", "total ")) + t;
    }
    return fmt::format(
        "<td class=\"num\">{}<br><span class=\"method\">{}"
        "</span></td>",
        Escape(EstimateText(*r)), Escape(interval));
  };
  std::string t = fmt::format(
      "<div class=\"block\"><h3>{}</h3><table class=\"data\"><thead><tr>"
      "<th>{}</th><th>{}</th>",
      c.L("情景比较", "Scenarios side by side"), c.L("指标", "figure"),
      c.L("基准（研究文件）", "base (the study as written)"));
  for (const auto& [id, label] : scenarios) {
    t += fmt::format("<th>{} <code>{}</code></th>", Escape(label), Escape(id));
  }
  t += "</tr></thead><tbody>\n";
  for (Indicator ind : headline) {
    const Row* base = find(ind, "base");
    if (base == nullptr) continue;
    t += "<tr><td>" + Escape(IndicatorLabel(c, IndicatorName(ind))) + "</td>" +
         cell(base);
    for (const auto& sc : scenarios) t += cell(find(ind, sc.first));
    t += "</tr>\n";
  }
  return t + "</tbody></table><p class=\"note\">" +
         Escape(c.L("每个情景按研究文件运行，只改变其 set 中的取值（见方法附录"
                    "与 results.csv 的 scenario 列）。",
                    "Each scenario is the study run with only the values of "
                    "its set changed (results.csv's scenario column has "
                    "every figure).")) +
         "</p></div>\n";
}

}  // namespace

std::string HeadlineSection(const Ctx& c) {
  std::string h = H2(c, 1, "主要数字", "Headline figures");
  h += "<div class=\"cards\">\n";
  const std::vector<Indicator> headline = {
      Indicator::kJobsTotal,        Indicator::kJobsDirect,
      Indicator::kJobsIndirect,     Indicator::kJobsInduced,
      Indicator::kJobsNet,          Indicator::kJobsFte,
      Indicator::kJobsUnique,       Indicator::kJobsFulltime,
      Indicator::kJobsParttime,     Indicator::kOutputDirect,
      Indicator::kOutputIndirect,   Indicator::kValueAddedIndirect,
      Indicator::kValueAddedInduced};
  for (Indicator ind : headline) {
    if (const Row* r = Find(c, IndicatorName(ind), c.year)) h += Card(c, *r);
  }
  h += "</div>\n" + SummaryParagraph(c) + Tornado(c) + Scenarios(c, headline);
  return h + "</section>\n";
}

// Growth per domain between the last two years ([series] domains): one
// grouped bar chart per breakdown, a bar per series key and level.
std::string DomainGrowth(const Ctx& c) {
  // domain_type "series|TYPE", domain "INDICATOR|LEVEL"; keys and levels in
  // the order they appear.
  std::vector<std::string> types;
  for (const Row& r : c.table.rows()) {
    if (r.indicator == "growth_yoy" && r.year == c.year &&
        r.domain_type.rfind("series|", 0) == 0 &&
        std::find(types.begin(), types.end(), r.domain_type) == types.end()) {
      types.push_back(r.domain_type);
    }
  }
  std::string h;
  for (const std::string& type : types) {
    std::vector<std::pair<std::string, std::string>> keys;  // component, ind.
    std::vector<std::string> levels;
    for (const Row& r : c.table.rows()) {
      if (r.indicator != "growth_yoy" || r.year != c.year ||
          r.domain_type != type) {
        continue;
      }
      const size_t bar = r.domain.find('|');
      const std::pair<std::string, std::string> key{r.component,
                                                    r.domain.substr(0, bar)};
      const std::string level = r.domain.substr(bar + 1);
      if (std::find(keys.begin(), keys.end(), key) == keys.end())
        keys.push_back(key);
      if (std::find(levels.begin(), levels.end(), level) == levels.end())
        levels.push_back(level);
    }
    const std::string breakdown = DomainTypeName(c, type.substr(7));
    BarChart chart;
    chart.title =
        fmt::format(fmt::runtime(c.L("{}年同比增长：按{}", "Growth {}: by {}")),
                    c.year, breakdown);
    chart.categories = levels;
    chart.axis = {0.01, "%", 1};
    std::vector<std::string> names;
    std::vector<const Row*> rows;
    for (const auto& [component, indicator] : keys) {
      const std::string key_name = component.empty()
                                       ? IndicatorLabel(c, indicator)
                                       : ComponentName(c, component);
      chart.series.push_back(key_name);
      chart.values.emplace_back();
      for (const std::string& level : levels) {
        const Row* r = Find(c, "growth_yoy", c.year, component, type,
                            indicator + "|" + level);
        chart.values.back().push_back(ChartValueOf(r));
        if (r) {
          names.push_back(key_name + " · " + level);
          rows.push_back(r);
        }
      }
    }
    if (chart.series.size() == 1) chart.series.clear();
    h += ChartBlock(chart.title, BarChartSvg(chart), Caption(c, rows),
                    DataTable(c, breakdown, names, rows));
  }
  return h;
}

std::string SeriesSection(const Ctx& c) {
  std::string h = H2(c, 2, "历年就业", "Jobs by year");
  std::vector<int> years;
  for (const Row& r : c.table.rows()) {
    if (r.indicator == "jobs_total" && r.component.empty() &&
        r.domain_type.empty() &&
        std::find(years.begin(), years.end(), r.year) == years.end()) {
      years.push_back(r.year);
    }
  }
  std::sort(years.begin(), years.end());
  if (years.size() < 2) {
    return h +
           fmt::format(fmt::runtime(c.L(
                           "<p>本研究只有一个年份（{}），没有历年序列；"
                           "序列研究（[series]）给出历年就业和增长率。</p>\n",
                           "<p>This study has one year ({}), so there is no "
                           "series; a series study ([series]) gives jobs by "
                           "year and growth rates.</p>\n")),
                       c.year) +
           "</section>\n";
  }
  StackedColumns chart;
  chart.title =
      c.L("历年就业：直接、间接", "Jobs by year: direct and indirect");
  chart.stacks = {c.L("直接就业", "direct"), c.L("间接就业", "indirect"),
                  c.L("总数（未分直接/间接）", "total (no split)")};
  chart.values.assign(3, {});
  chart.axis = {1e4, "万"};
  chart.line_name = c.L("同比增长", "YoY growth");
  chart.line_axis = {0.01, "%"};
  std::vector<std::string> names;
  std::vector<const Row*> rows, all;
  for (int y : years) {
    const Row* d = Find(c, "jobs_direct", y);
    const Row* i = Find(c, "jobs_indirect", y);
    const Row* t = Find(c, "jobs_total", y);
    const Row* g = Find(c, "growth_yoy", y, "", "series", "jobs_total");
    const bool split = d && i;
    chart.columns.push_back(std::to_string(y));
    chart.values[0].push_back(split ? d->estimate : 0);
    chart.values[1].push_back(split ? i->estimate : 0);
    chart.values[2].push_back(split ? 0 : t->estimate);
    chart.totals.push_back(ChartValueOf(t));
    chart.line.push_back(ChartValueOf(g));
    names.push_back(std::to_string(y) + " " + c.L("总就业", "total"));
    rows.push_back(t);
    if (g) {
      names.push_back(std::to_string(y) + " " + c.L("同比", "YoY"));
      rows.push_back(g);
    }
    for (const Row* r : {d, i, t, g}) {
      if (r) all.push_back(r);
    }
  }
  // The totals-only stack only where some year has no split.
  if (std::all_of(chart.values[2].begin(), chart.values[2].end(),
                  [](double v) { return v == 0; })) {
    chart.stacks.pop_back();
    chart.values.pop_back();
  }
  h += ChartBlock(chart.title, StackedColumnsSvg(chart), Caption(c, all),
                  DataTable(c, c.L("年份", "year"), names, rows));
  if (const Row* cagr =
          Find(c, "growth_cagr", years.back(), "", "series", "jobs_total")) {
    h += "<p>" +
         Escape(
             fmt::format(fmt::runtime(c.L("{}–{}年复合年均增长率：{}。",
                                          "Compound annual growth {}–{}: {}.")),
                         years.front(), years.back(), WithInterval(*cagr))) +
         "</p>\n";
  }
  return h + DomainGrowth(c) + "</section>\n";
}

namespace {

// Headcount next to the measures besides it (jobs_fte, jobs_main_income,
// jobs_active) for the components and the study that have any of them.
std::string JobMeasures(const Ctx& c, const std::vector<std::string>& ids) {
  static const char* const kMeasures[] = {"jobs_fte", "jobs_main_income",
                                          "jobs_active", "jobs_unique"};
  std::vector<std::string> measures, where;
  for (const char* m : kMeasures) {
    bool any = false;
    for (const Row& r : c.table.rows()) {
      any |= r.indicator == m && r.year == c.year && r.domain_type.empty();
    }
    if (any) measures.push_back(m);
  }
  if (measures.empty()) return "";
  std::vector<std::string> scope = ids;
  scope.insert(scope.begin(), "");  // The study first.
  for (const std::string& id : scope) {
    for (const std::string& m : measures) {
      if (Find(c, m, c.year, id) != nullptr) {
        where.push_back(id);
        break;
      }
    }
  }
  BarChart chart;
  chart.title = c.L("人数与全职当量、主要收入、活跃就业",
                    "Headcount, full-time equivalents, main-income and active "
                    "jobs");
  chart.axis = {1e4, "万"};
  measures.insert(measures.begin(), "jobs_direct");
  for (const std::string& m : measures) {
    chart.series.push_back(IndicatorLabel(c, m));
    chart.values.emplace_back();
  }
  std::vector<std::string> names;
  std::vector<const Row*> rows;
  bool absent = false;
  for (const std::string& id : where) {
    const std::string name =
        id.empty() ? c.L("全生态", "ecosystem") : ComponentName(c, id);
    chart.categories.push_back(name);
    for (size_t k = 0; k < measures.size(); ++k) {
      const Row* r = Find(c, measures[k], c.year, id);
      chart.values[k].push_back(ChartValueOf(r));
      absent |= r == nullptr;
      if (r == nullptr) continue;
      names.push_back(name + " · " + chart.series[k]);
      rows.push_back(r);
    }
  }
  const std::string caption =
      Caption(c, rows) +
      (absent
           ? Escape(c.L(" “—”：该组成部分的调查没有这一项（全生态数字需要每个"
                        "组成部分都有）。",
                        " \"—\": not surveyed for that component (the "
                        "ecosystem figure needs every component)."))
           : "");
  return ChartBlock(chart.title, BarChartSvg(chart), caption,
                    DataTable(c, c.L("组成部分", "component"), names, rows));
}

// Gross jobs next to net additional jobs ([net]): each component's direct
// jobs, then the indirect and induced jobs, with the factors in the caption
// (each net figure's method names them).
std::string GrossAndNet(const Ctx& c, const std::vector<std::string>& ids) {
  const Row* total = Find(c, "jobs_net", c.year);
  if (total == nullptr) return "";
  struct Pair {
    std::string name;
    const Row* gross;
    const Row* net;
  };
  std::vector<Pair> pairs;
  for (const std::string& id : ids) {
    pairs.push_back({ComponentName(c, id), Find(c, "jobs_direct", c.year, id),
                     Find(c, "jobs_net", c.year, id)});
  }
  for (const char* effect : {"indirect", "induced"}) {
    const std::string gross = std::string("jobs_") + effect;
    const Row* net = Find(c, "jobs_net", c.year, "", "effect", effect);
    if (net == nullptr) continue;
    pairs.push_back({IndicatorLabel(c, gross), Find(c, gross, c.year), net});
  }
  BarChart chart;
  chart.title = c.L("总就业与净新增就业", "Gross and net additional jobs");
  chart.axis = {1e4, "万"};
  chart.series = {c.L("总量", "gross"), IndicatorLabel(c, "jobs_net")};
  chart.values.resize(2);
  std::vector<std::string> names;
  std::vector<const Row*> rows;
  for (const Pair& p : pairs) {
    chart.categories.push_back(p.name);
    chart.values[0].push_back(ChartValueOf(p.gross));
    chart.values[1].push_back(ChartValueOf(p.net));
    for (const Row* r : {p.gross, p.net}) {
      if (r == nullptr) continue;
      names.push_back(p.name + " · " +
                      (r == p.gross ? chart.series[0] : chart.series[1]));
      rows.push_back(r);
    }
  }
  names.push_back(std::string(c.L("全生态", "ecosystem")) + " · " +
                  chart.series[1]);
  rows.push_back(total);
  std::vector<const Row*> net_rows;
  for (const Pair& p : pairs) {
    if (p.net != nullptr) net_rows.push_back(p.net);
  }
  const std::string formula = Escape(c.L(
      " 净新增就业 = 总量 × (1 − 无谓效应) × (1 − 漏出) × (1 − 挤出) × (1 − "
      "替代)（HCA Additionality Guide 2014）；各因子的取值与来源见方法附录。"
      "误差线只含抽样误差；给出范围的因子计入表中的总不确定性区间。",
      " Net = gross × (1 − deadweight) × (1 − leakage) × (1 − displacement) "
      "× (1 − substitution) (HCA Additionality Guide 2014); each factor's "
      "value and source is in the methods appendix. The whiskers are "
      "sampling error only; factors given with a range are in the table's "
      "total intervals."));
  return ChartBlock(chart.title, BarChartSvg(chart),
                    Caption(c, net_rows) + formula,
                    DataTable(c, c.L("组成部分", "component"), names, rows));
}

}  // namespace

std::string ComponentSection(const Ctx& c) {
  const std::vector<std::string> ids = Components(c);
  if (ids.empty()) return "";
  std::string h = H2(c, 3, "各组成部分的就业", "Jobs by component");
  BarChart jobs;
  jobs.title = c.L("各组成部分直接就业", "Direct jobs by component");
  jobs.axis = {1e4, "万"};
  jobs.values.resize(1);
  BarChart split;
  split.title = c.L("全职与兼职", "Full-time and part-time");
  split.axis = {1e4, "万"};
  split.series = {c.L("全职", "full-time"), c.L("兼职", "part-time")};
  split.values.resize(2);
  std::vector<std::string> names, split_names;
  std::vector<const Row*> rows, split_rows;
  for (const std::string& id : ids) {
    const std::string name = ComponentName(c, id);
    const Row* r = Find(c, "jobs_direct", c.year, id);
    jobs.categories.push_back(name);
    jobs.values[0].push_back(ChartValueOf(r));
    names.push_back(name);
    rows.push_back(r);
    const Row* f = Find(c, "jobs_fulltime", c.year, id);
    const Row* p = Find(c, "jobs_parttime", c.year, id);
    if (f || p) {
      split.categories.push_back(name);
      split.values[0].push_back(ChartValueOf(f));
      split.values[1].push_back(ChartValueOf(p));
      split_names.push_back(name + " · " + split.series[0]);
      split_rows.push_back(f);
      split_names.push_back(name + " · " + split.series[1]);
      split_rows.push_back(p);
    }
  }
  h += ChartBlock(jobs.title, BarChartSvg(jobs), Caption(c, rows),
                  DataTable(c, c.L("组成部分", "component"), names, rows));
  if (!split.categories.empty()) {
    h += ChartBlock(
        split.title, BarChartSvg(split), Caption(c, split_rows),
        DataTable(c, c.L("组成部分", "component"), split_names, split_rows));
  }
  return h + JobMeasures(c, ids) + GrossAndNet(c, ids) + "</section>\n";
}

namespace {

// The reports' five share classes: <= 1%, 1-2%, 2-5%, 5-10%, > 10%.
int ShareClass(double share) {
  return share > 0.10   ? 4
         : share > 0.05 ? 3
         : share > 0.02 ? 2
         : share > 0.01 ? 1
                        : 0;
}

// The top-N table: rank, province, share with its interval and quality,
// and the probability that the province truly is in the top N (from the
// study's jobs_top_probability figures, where the run gave them).
std::string TopTable(const Ctx& c, const std::string& component,
                     const std::vector<std::string>& names,
                     const std::vector<const Row*>& ranked) {
  std::string t = "<h4>" +
                  Escape(fmt::format(fmt::runtime(c.L("占比前{}", "Top {}")),
                                     c.options.top_n)) +
                  "</h4>";
  t += fmt::format(
      "<table class=\"data\"><thead><tr><th>{}</th><th>{}</th><th>{}</th>"
      "<th>{}</th><th title=\"{}\">{}</th></tr></thead><tbody>\n",
      c.L("省份", "province"), c.L("占比", "share"),
      c.L("置信区间", "interval"), c.L("质量", "quality"),
      Escape(c.L("该省确实位列前N的概率（联合正态近似）",
                 "probability that the province truly is in the top N (joint "
                 "normal approximation)")),
      Escape(fmt::format(fmt::runtime(c.L("前{}概率", "P(top {})")),
                         c.options.top_n)));
  for (size_t i = 0; i < ranked.size(); ++i) {
    const Row& r = *ranked[i];
    const Row* p = Find(c, "jobs_top_probability", c.year, component,
                        "province", r.domain);
    const char* cls = Withheld(r) ? " class=\"withheld\""
                      : Muted(r)  ? " class=\"caution\""
                                  : "";
    t += fmt::format(
        "<tr{}><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td>{}</td><td class=\"num\">{}</td></tr>\n",
        cls, Escape(names[i]), EstimateText(r), IntervalText(r), QualityHtml(r),
        p ? DisplayNumber(*p, p->estimate) : "");
  }
  return t + "</tbody></table>\n";
}

std::string ProvinceMap(const Ctx& c, const std::string& component) {
  const geo::Gazetteer& gaz = geo::Gazetteer::Default();
  std::map<std::string, const Row*> by_code;  // GB/T code -> share row.
  std::vector<const Row*> shares;
  for (const Row& r : c.table.rows()) {
    if (r.indicator != "jobs_share" || r.domain_type != "province" ||
        r.component != component || r.year != c.year) {
      continue;
    }
    size_t index = 0;
    if (gaz.MatchProvince(r.domain, &index) == geo::Gazetteer::Match::kFound) {
      by_code[gaz.provinces()[index].code] = &r;
    }
    shares.push_back(&r);
  }
  if (shares.empty()) return "";
  TileMap map;
  map.title = (component.empty() ? c.L("全生态", "All components")
                                 : ComponentName(c, component)) +
              c.L("：各省就业占比", ": share of jobs by province");
  map.class_labels = {"≤1%", "1–2%", "2–5%", "5–10%", ">10%"};
  for (const TileCell& cell : ChinaTileGrid()) {
    Tile t;
    t.col = cell.col;
    t.row = cell.row;
    for (const geo::Province& p : gaz.provinces()) {
      if (p.code == cell.code) t.label = c.zh() ? p.short_zh : p.name_en;
    }
    auto it = by_code.find(std::string(cell.code));
    if (it != by_code.end() && !Withheld(*it->second)) {
      t.klass = ShareClass(it->second->estimate);
      t.value_text = DisplayNumber(*it->second, it->second->estimate);
      t.muted = Muted(*it->second);
    }
    t.tooltip = t.label + ": " +
                (it == by_code.end() ? "—"
                                     : EstimateText(*it->second) + " " +
                                           IntervalText(*it->second));
    map.tiles.push_back(std::move(t));
  }
  // The top N by estimate; withheld provinces are ranked but not shown.
  std::vector<const Row*> ranked = shares;
  std::stable_sort(
      ranked.begin(), ranked.end(),
      [](const Row* a, const Row* b) { return a->estimate > b->estimate; });
  ranked.resize(std::min<size_t>(ranked.size(), c.options.top_n));
  std::vector<std::string> names;
  for (size_t i = 0; i < ranked.size(); ++i) {
    std::string name = ranked[i]->domain;
    size_t index = 0;
    if (!c.zh() &&
        gaz.MatchProvince(name, &index) == geo::Gazetteer::Match::kFound) {
      name = gaz.provinces()[index].name_en;
    }
    names.push_back(fmt::format("{}. {}", i + 1, name));
  }
  return ChartBlock(map.title, TileMapSvg(map), Caption(c, shares),
                    TopTable(c, component, names, ranked));
}

}  // namespace

std::string ProvinceSection(const Ctx& c) {
  std::string body = ProvinceMap(c, "");
  for (const std::string& id : Components(c)) body += ProvinceMap(c, id);
  if (body.empty()) return "";
  return H2(c, 4, "各省分布", "Provinces") + "<p>" +
         Escape(
             c.L("颜色按报告的五档占比（>10%、5–10%、2–5%、1–2%、≤1%）；"
                 "灰色：无数字或数字不予公布（F、S）；虚线框：谨慎使用（E）。",
                 "Colours are the reports' five share classes (>10%, "
                 "5–10%, 2–5%, 1–2%, ≤1%); grey: no figure or withheld "
                 "(F, S); dashed outline: use with caution (E).")) +
         "</p>\n" + body + "</section>\n";
}

namespace {

// Study-wide jobs by a domain (the regions of the reports), as bars.
std::string StudyWideBars(const Ctx& c, const std::string& domain_type) {
  std::vector<std::string> domains =
      Domains(c, "jobs_direct", domain_type, true);
  if (domains.empty()) return "";
  BarChart chart;
  chart.title = c.L("全生态直接就业：", "Direct jobs, all components: ") +
                DomainTypeName(c, domain_type);
  chart.axis = {1e4, "万"};
  chart.values.resize(1);
  std::vector<const Row*> rows;
  for (const std::string& d : domains) {
    const Row* r = Find(c, "jobs_direct", c.year, "", domain_type, d);
    chart.categories.push_back(d);
    chart.values[0].push_back(ChartValueOf(r));
    rows.push_back(r);
  }
  return ChartBlock(
      chart.title, BarChartSvg(chart), Caption(c, rows),
      DataTable(c, DomainTypeName(c, domain_type), domains, rows));
}

// The share of each component's jobs in each level: grouped bars, one
// group per level, one bar per component.
std::string SharesByComponent(const Ctx& c, const std::string& domain_type) {
  std::vector<std::string> domains =
      Domains(c, "jobs_share", domain_type, false);
  std::vector<std::string> ids;
  for (const std::string& id : Components(c)) {
    for (const std::string& d : domains) {
      if (Find(c, "jobs_share", c.year, id, domain_type, d)) {
        ids.push_back(id);
        break;
      }
    }
  }
  if (domains.empty() || ids.empty()) return "";
  BarChart chart;
  chart.title =
      DomainTypeName(c, domain_type) +
      c.L("：各组成部分的就业占比", ": share of each component's jobs");
  chart.axis = {0.01, "%"};
  chart.categories = domains;
  std::vector<std::string> names;
  std::vector<const Row*> rows;
  for (const std::string& id : ids) {
    chart.series.push_back(ComponentName(c, id));
    chart.values.emplace_back();
    for (const std::string& d : domains) {
      const Row* r = Find(c, "jobs_share", c.year, id, domain_type, d);
      chart.values.back().push_back(ChartValueOf(r));
      names.push_back(ComponentName(c, id) + " · " + d);
      rows.push_back(r);
    }
  }
  return ChartBlock(
      chart.title, BarChartSvg(chart), Caption(c, rows),
      DataTable(c, c.L("组成部分 · 类别", "component · level"), names, rows));
}

// A crossed breakdown of one component: within each level of the second
// variable, the share of each level of the first.
std::string CrossedShares(const Ctx& c, const std::string& component,
                          const std::string& domain_type) {
  std::vector<std::string> firsts, seconds;
  std::vector<const Row*> rows;
  for (const Row& r : c.table.rows()) {
    if (r.indicator != "jobs_share_within" || r.component != component ||
        r.domain_type != domain_type || r.year != c.year) {
      continue;
    }
    const size_t bar = r.domain.find('|');
    const std::string a = r.domain.substr(0, bar);
    const std::string b =
        bar == std::string::npos ? "" : r.domain.substr(bar + 1);
    if (std::find(firsts.begin(), firsts.end(), a) == firsts.end())
      firsts.push_back(a);
    if (std::find(seconds.begin(), seconds.end(), b) == seconds.end())
      seconds.push_back(b);
    rows.push_back(&r);
  }
  if (rows.empty()) return "";
  BarChart chart;
  chart.title = ComponentName(c, component) + c.L("：", ": ") +
                DomainTypeName(c, domain_type);
  chart.axis = {0.01, "%"};
  chart.categories = seconds;
  chart.series = firsts;
  std::vector<std::string> names;
  std::vector<const Row*> listed;
  for (const std::string& a : firsts) {
    chart.values.emplace_back();
    for (const std::string& b : seconds) {
      const Row* r = Find(c, "jobs_share_within", c.year, component,
                          domain_type, a + "|" + b);
      chart.values.back().push_back(ChartValueOf(r));
      names.push_back(b + " · " + a);
      listed.push_back(r);
    }
  }
  return ChartBlock(
      chart.title, BarChartSvg(chart), Caption(c, rows),
      DataTable(c, DomainTypeName(c, domain_type), names, listed));
}

}  // namespace

// The study's [[indicators]]: one bar per component for each indicator
// (unit_share, domain_type "indicator", domain = the indicator's id).
std::string UnitIndicators(const Ctx& c) {
  std::vector<std::string> ids, components;
  for (const Row& r : c.table.rows()) {
    if (r.indicator != "unit_share" || r.year != c.year) continue;
    if (std::find(ids.begin(), ids.end(), r.domain) == ids.end())
      ids.push_back(r.domain);
    if (std::find(components.begin(), components.end(), r.component) ==
        components.end())
      components.push_back(r.component);
  }
  if (ids.empty()) return "";
  BarChart chart;
  chart.title = c.L("单位指标：满足条件的单位占比",
                    "Unit indicators: share of units meeting the condition");
  chart.axis = {0.01, "%"};
  std::vector<std::string> names;
  std::vector<const Row*> rows;
  for (const std::string& id : ids) {
    chart.categories.push_back(LabelName(c, "indicator", id));
  }
  for (const std::string& component : components) {
    chart.series.push_back(ComponentName(c, component));
    chart.values.emplace_back();
    for (const std::string& id : ids) {
      const Row* r = Find(c, "unit_share", c.year, component, "indicator", id);
      chart.values.back().push_back(ChartValueOf(r));
      if (r == nullptr) continue;
      names.push_back(LabelName(c, "indicator", id) + " · " +
                      ComponentName(c, component));
      rows.push_back(r);
    }
  }
  if (chart.series.size() == 1) chart.series.clear();
  // Readers see what each indicator counts, not only its name.
  std::string defined;
  for (const std::string& id : ids) {
    const std::string d = LabelDefinition(c, "indicator", id);
    if (d.empty()) continue;
    defined += (defined.empty() ? "" : c.L("；", "; ")) +
               Escape(LabelName(c, "indicator", id)) + c.L("：", ": ") +
               "<code>" + Escape(d) + "</code>";
  }
  const std::string caption =
      Caption(c, rows) +
      (defined.empty() ? "" : c.L(" 定义：", " Defined as: ") + defined);
  return ChartBlock(chart.title, BarChartSvg(chart), caption,
                    DataTable(c, c.L("指标", "indicator"), names, rows));
}

std::string BreakdownSection(const Ctx& c) {
  // Breakdown variables in the order they first appear; provinces, the
  // consumption categories and sectors have sections of their own.
  std::vector<std::string> types;
  for (const Row& r : c.table.rows()) {
    if (r.domain_type.empty() || r.domain_type == "province" ||
        r.domain_type == "category" || r.domain_type == "sector" ||
        r.domain_type == "indicator" || r.domain_type.rfind("series", 0) == 0 ||
        r.year != c.year) {
      continue;
    }
    if (std::find(types.begin(), types.end(), r.domain_type) == types.end()) {
      types.push_back(r.domain_type);
    }
  }
  std::string body = UnitIndicators(c);
  for (const std::string& t : types) {
    body += StudyWideBars(c, t);
    if (t.find('|') == std::string::npos) {
      body += SharesByComponent(c, t);
    } else {
      for (const std::string& id : Components(c))
        body += CrossedShares(c, id, t);
    }
  }
  if (body.empty()) return "";
  return H2(c, 5, "就业结构", "Who the jobs are") + body + "</section>\n";
}

namespace {

std::string CategoryBars(const Ctx& c, std::string_view indicator,
                         const std::string& domain_type, AxisFormat axis) {
  std::vector<std::string> domains = Domains(c, indicator, domain_type, true);
  if (domains.empty()) return "";
  BarChart chart;
  chart.title = IndicatorLabel(c, indicator) + c.L("：按", " by ") +
                DomainTypeName(c, domain_type);
  chart.axis = std::move(axis);
  chart.values.resize(1);
  std::vector<std::string> names;
  std::vector<const Row*> rows;
  for (const std::string& d : domains) {
    const Row* r = Find(c, indicator, c.year, "", domain_type, d);
    const std::string name = domain_type == "category" ? CategoryName(c, d) : d;
    chart.categories.push_back(name);
    chart.values[0].push_back(ChartValueOf(r));
    names.push_back(name);
    rows.push_back(r);
  }
  return ChartBlock(chart.title, BarChartSvg(chart), Caption(c, rows),
                    DataTable(c, DomainTypeName(c, domain_type), names, rows));
}

}  // namespace

std::string ConsumptionSection(const Ctx& c) {
  std::string body =
      CategoryBars(c, "consumption", "category", {1e8, "亿"}) +
      CategoryBars(c, "output_indirect", "category", {1e8, "亿"}) +
      CategoryBars(c, "jobs_indirect", "category", {1e4, "万"}) +
      CategoryBars(c, "value_added_indirect", "category", {1e8, "亿"}) +
      CategoryBars(c, "jobs_induced", "category", {1e4, "万"}) +
      CategoryBars(c, "total_consumption_coefficient", "sector", {});
  if (body.empty()) return "";
  return H2(c, 6, "消费、间接与引致效应",
            "Consumption, indirect and induced effects") +
         body + "</section>\n";
}

std::string NotesSection(const Ctx& c) {
  std::string h = H2(c, 7, "与公布数字的核对及说明",
                     "Reconciliation with published figures and notes");
  if (c.info.notes.empty()) {
    return h + "<p>" + c.L("本次运行没有说明。", "The run made no notes.") +
           "</p></section>\n";
  }
  h += "<ul class=\"notes\">\n";
  for (const auto& n : c.info.notes) h += "<li>" + Escape(n) + "</li>\n";
  return h + "</ul></section>\n";
}

namespace {

std::string ProvenanceHtml(const Ctx& c, const results::Provenance& p) {
  std::string command;
  for (const auto& a : p.command) command += (command.empty() ? "" : " ") + a;
  std::string h = fmt::format("<h3>{}</h3>\n<p class=\"method\">",
                              c.L("可重复性", "Reproducibility"));
  h += fmt::format(
      "jobimpact {} (commit <code>{}</code>, {}, {}) · {} {} UTC · "
      "{:.1f} s · {} {}<br>{}: <code>{}</code> in <code>{}</code></p>\n",
      Escape(p.build.version), Escape(p.build.git_commit),
      Escape(p.build.build_type), Escape(p.build.compiler),
      c.L("开始于", "started"), Escape(p.started_utc), p.wall_seconds,
      p.hardware_threads, c.L("个硬件线程", "hardware threads"),
      c.L("命令", "command"), Escape(command), Escape(p.working_directory));
  h += fmt::format(
      "<table class=\"files\"><thead><tr><th>{}</th><th>{}</th><th>{}</th>"
      "<th>SHA-256</th></tr></thead><tbody>\n",
      c.L("输入", "input"), c.L("文件", "file"), c.L("字节", "bytes"));
  for (const auto& in : p.inputs) {
    h += fmt::format(
        "<tr><td>{}</td><td><code>{}</code></td><td class=\"num\">{}</td>"
        "<td><code class=\"hash\">{}</code></td></tr>\n",
        Escape(in.role), Escape(in.given.empty() ? in.path : in.given),
        in.bytes, in.sha256);
  }
  return h + "</tbody></table>\n";
}

}  // namespace

std::string MethodsSection(const Ctx& c) {
  std::string h = H2(c, 8, "方法附录", "Methods appendix");
  // Each study-wide figure's method, as the run recorded it: the survey
  // design, calibration, variance estimator, input-output table and job
  // conversion are named there.
  h += fmt::format(
      "<table class=\"methods\"><thead><tr><th>{}</th><th>{}</th>"
      "</tr></thead><tbody>\n",
      c.L("指标", "indicator"), c.L("方法", "method"));
  for (const Row& r : c.table.rows()) {
    if (!r.component.empty() || !r.domain_type.empty() || r.year != c.year) {
      continue;
    }
    h += fmt::format(
        "<tr><td>{}<br><span class=\"method\">{}</span></td>"
        "<td class=\"method\">{}</td></tr>\n",
        Escape(IndicatorLabel(c, r.indicator)), Escape(r.indicator),
        Escape(r.method));
  }
  h += "</tbody></table>\n";
  if (c.info.provenance && !c.info.provenance->options.empty()) {
    h += fmt::format("<h3>{}</h3><table class=\"methods\"><tbody>\n",
                     c.L("生效的选项", "Options in force"));
    for (const auto& [k, v] : c.info.provenance->options) {
      h += "<tr><td><code>" + Escape(k) + "</code></td><td>" + Escape(v) +
           "</td></tr>\n";
    }
    h += "</tbody></table>\n";
  }
  h += fmt::format("<h3>{}</h3><ul class=\"notes\">\n",
                   c.L("质量等级", "Quality classes"));
  for (const survey::QualityFlagInfo& q : survey::QualityFlags()) {
    h += fmt::format("<li><b>{}</b> {}</li>\n", q.code, c.zh() ? q.zh : q.en);
  }
  h += "</ul><p class=\"method\">" +
       Escape(
           c.L("A–D 照常显示，E 以浅色显示（谨慎使用），F、S 在本文件中不予"
               "公布（—），其数字保留在 results.csv 和 results.json 中。标准误"
               "和置信区间为空表示公布的汇总数或未估计方差，从不显示为零。",
               "A–D are shown as they are, E is muted (use with caution), F "
               "and S are withheld here (—) and kept in results.csv and "
               "results.json. Empty standard errors and intervals mean a "
               "published aggregate or no variance estimator; they are "
               "never shown as zero.")) +
       "</p>\n";
  if (c.info.provenance) h += ProvenanceHtml(c, *c.info.provenance);
  return h + "</section>\n";
}

}  // namespace jobimpact::report::internal
