#include "format.h"

#include <fmt/format.h>

#include <set>

#include "jobimpact/base/number_format.h"
#include "jobimpact/study/indicator.h"
#include "jobimpact/survey/quality.h"

namespace jobimpact::report {

std::string DisplayNumber(const results::ResultRow& r, double v) {
  // The row's unit decides jobs and yuan; ratios are shown as the indicator
  // table says (shares and growth rates as percentages). A name the table
  // does not know (a file from elsewhere) is shown as a plain number.
  if (r.unit == study::UnitName(study::Unit::kJobs)) {
    return FormatSignificant(v / 1e4, 3) + "万";
  }
  if (r.unit == study::UnitName(study::Unit::kYuan)) {
    return FormatSignificant(v / 1e8, 3) + "亿";
  }
  const study::IndicatorInfo* info = study::FindIndicatorInfo(r.indicator);
  if (info != nullptr && info->display == study::DisplayKind::kPercent) {
    return FormatSignificant(100 * v, 3) + "%";
  }
  return FormatSignificant(v, 4);
}

std::string DisplayValue(const results::ResultRow& r) {
  std::string s = DisplayNumber(r, r.estimate);
  if (r.unit == study::UnitName(study::Unit::kJobs)) s += " jobs";
  if (r.unit == study::UnitName(study::Unit::kYuan)) s += " yuan";
  return s;
}

namespace internal {

std::string Escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(ch);
    }
  }
  return out;
}

bool Withheld(const Row& r) {
  return r.quality && survey::QualityFlagInfoOf(*r.quality).display ==
                          survey::QualityDisplay::kWithhold;
}

bool Muted(const Row& r) {
  return r.quality && survey::QualityFlagInfoOf(*r.quality).display ==
                          survey::QualityDisplay::kCaution;
}

const Row* Find(const Ctx& c, std::string_view indicator, int year,
                std::string_view component, std::string_view domain_type,
                std::string_view domain) {
  for (const Row& r : c.table.rows()) {
    if (r.indicator == indicator && r.year == year &&
        r.component == component && r.domain_type == domain_type &&
        r.domain == domain) {
      return &r;
    }
  }
  return nullptr;
}

AxisFormat AxisOf(const Row& r) {
  if (r.unit == study::UnitName(study::Unit::kJobs)) return {1e4, "万"};
  if (r.unit == study::UnitName(study::Unit::kYuan)) return {1e8, "亿"};
  const study::IndicatorInfo* info = study::FindIndicatorInfo(r.indicator);
  if (info != nullptr && info->display == study::DisplayKind::kPercent) {
    return {0.01, "%"};
  }
  return {};
}

std::optional<ChartValue> ChartValueOf(const Row* r) {
  if (r == nullptr || Withheld(*r)) return std::nullopt;
  return ChartValue{r->estimate, r->ci_low, r->ci_high, Muted(*r)};
}

std::string EstimateText(const Row& r) {
  return Withheld(r) ? "—" : DisplayNumber(r, r.estimate);
}

std::string IntervalText(const Row& r) {
  if (Withheld(r) || !r.ci_low || !r.ci_high) return "";
  return "[" + DisplayNumber(r, *r.ci_low) + ", " +
         DisplayNumber(r, *r.ci_high) + "]";
}

std::string TotalIntervalText(const Row& r) {
  if (Withheld(r) || !r.total_ci_low || !r.total_ci_high) return "";
  return "[" + DisplayNumber(r, *r.total_ci_low) + ", " +
         DisplayNumber(r, *r.total_ci_high) + "]";
}

std::string QualityHtml(const Row& r) {
  if (!r.quality) return "";
  const survey::QualityFlagInfo& q = survey::QualityFlagInfoOf(*r.quality);
  return fmt::format("<span class=\"q q{0}\" title=\"{1} / {2}\">{0}</span>",
                     q.code, q.zh, q.en);
}

namespace {

const study::Label* FindLabel(const Ctx& c, std::string_view kind,
                              const std::string& id) {
  for (const study::Label& l : c.info.labels) {
    if (l.kind == kind && l.id == id) return &l;
  }
  return nullptr;
}

}  // namespace

std::string LabelName(const Ctx& c, std::string_view kind,
                      const std::string& id) {
  const study::Label* l = FindLabel(c, kind, id);
  if (l == nullptr) return id;
  if (!c.zh() && !l->name_en.empty()) return l->name_en;
  return l->name.empty() ? id : l->name;
}

std::string LabelDefinition(const Ctx& c, std::string_view kind,
                            const std::string& id) {
  const study::Label* l = FindLabel(c, kind, id);
  return l == nullptr ? "" : l->definition;
}

std::string ComponentName(const Ctx& c, const std::string& id) {
  return LabelName(c, "component", id);
}

std::string CategoryName(const Ctx& c, const std::string& id) {
  return LabelName(c, "category", id);
}

std::string IndicatorLabel(const Ctx& c, std::string_view indicator) {
  const study::IndicatorInfo* info = study::FindIndicatorInfo(indicator);
  if (info == nullptr) return std::string(indicator);
  return std::string(c.zh() ? info->label_zh : info->label_en);
}

std::string DomainTypeName(const Ctx& c, std::string_view domain_type) {
  // The breakdown variables of the default and the reports' studies; any
  // other name is shown as written in the study.
  struct Name {
    std::string_view id, zh, en;
  };
  static constexpr Name kNames[] = {
      {"province", "省份", "Province"},
      {"region", "地区", "Region"},
      {"city_tier", "城市等级", "City tier"},
      {"age_band", "年龄段", "Age band"},
      {"education", "学历", "Education"},
      {"gender", "性别", "Gender"},
      {"insured", "社会保险", "Social insurance"},
      {"job_type", "岗位类型", "Job type"},
      {"remote", "远程工作", "Remote work"},
      {"category", "消费类别", "Consumption category"},
      {"sector", "部门", "Sector"},
      {"indicator", "单位指标", "Unit indicator"},
      {"series", "序列", "Series"},
  };
  const size_t bar = domain_type.find('|');
  if (bar != std::string_view::npos) {
    return DomainTypeName(c, domain_type.substr(0, bar)) + " × " +
           DomainTypeName(c, domain_type.substr(bar + 1));
  }
  for (const Name& n : kNames) {
    if (n.id == domain_type) return std::string(c.zh() ? n.zh : n.en);
  }
  return std::string(domain_type);
}

std::string LevelText(const std::vector<const Row*>& rows) {
  std::set<double> levels;
  for (const Row* r : rows) {
    if (r != nullptr && r->level && r->ci_low) levels.insert(*r->level);
  }
  if (levels.empty()) return "";
  std::string s;
  for (double l : levels) {
    s += (s.empty() ? "" : ", ") + fmt::format("{:g}%", 100 * l);
  }
  return s;
}

namespace {

// The parts of a method text that name the variance estimator and the
// interval: "se: ...;" and "... interval 95%".
std::vector<std::string> EstimatorParts(const std::string& method) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start < method.size()) {
    size_t end = method.find("; ", start);
    if (end == std::string::npos) end = method.size();
    std::string part = method.substr(start, end - start);
    // The total interval is not what the whiskers show.
    if (part.rfind("se: ", 0) == 0 ||
        (part.find(" interval ") != std::string::npos &&
         part.rfind("total interval", 0) != 0)) {
      parts.push_back(part);
    }
    start = end + 2;
  }
  return parts;
}

}  // namespace

std::string Caption(const Ctx& c, const std::vector<const Row*>& rows) {
  const std::string level = LevelText(rows);
  if (level.empty()) {
    return c.L(
        "这些数字没有置信区间（公布的汇总数或未估计方差），图中无误差线。",
        "These figures have no intervals (published aggregates or no "
        "variance estimator), so the chart has no whiskers.");
  }
  std::set<std::string> parts;
  for (const Row* r : rows) {
    if (r == nullptr) continue;
    for (auto& p : EstimatorParts(r->method)) parts.insert(p);
  }
  std::string s =
      c.zh() ? "误差线：" + level + " 置信区间。估计方法："
             : "Whiskers: " + level + " confidence intervals. Estimator: ";
  size_t k = 0;
  for (const auto& p : parts) {
    if (k++ == 3) {
      s += fmt::format(" (+{})", parts.size() - 3);
      break;
    }
    s += (k > 1 ? "; " : "") + p;
  }
  return Escape(s);
}

std::string DataTable(const Ctx& c, const std::string& name_heading,
                      const std::vector<std::string>& names,
                      const std::vector<const Row*>& rows) {
  std::string t = fmt::format(
      "<table class=\"data\"><thead><tr><th>{}</th><th>{}</th><th>{}</th>"
      "<th>{}</th></tr></thead><tbody>\n",
      Escape(name_heading), c.L("估计值", "estimate"),
      c.L("置信区间", "interval"), c.L("质量", "quality"));
  for (size_t i = 0; i < names.size() && i < rows.size(); ++i) {
    const Row* r = rows[i];
    const char* cls = r == nullptr   ? ""
                      : Withheld(*r) ? " class=\"withheld\""
                      : Muted(*r)    ? " class=\"caution\""
                                     : "";
    std::string interval = r ? IntervalText(*r) : "";
    if (const std::string total = r ? TotalIntervalText(*r) : "";
        !total.empty()) {
      interval += fmt::format("{}<span class=\"total\">{} {}</span>",
                              interval.empty() ? "" : "<br>",
                              c.L("总不确定性", "total"), total);
    }
    t += fmt::format(
        "<tr{}><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td>{}</td></tr>\n",
        cls, Escape(names[i]), r ? EstimateText(*r) : "—", interval,
        r ? QualityHtml(*r) : "");
  }
  return t + "</tbody></table>\n";
}

std::string ChartBlock(const std::string& heading, const std::string& svg,
                       const std::string& caption, const std::string& table) {
  return fmt::format(
      "<div class=\"block\"><h3>{}</h3><div class=\"pair\"><figure>{}"
      "<figcaption>{}</figcaption></figure><div class=\"side\">{}</div></div>"
      "</div>\n",
      Escape(heading), svg, caption, table);
}

}  // namespace internal
}  // namespace jobimpact::report
