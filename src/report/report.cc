#include "jobimpact/report/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <charconv>
#include <set>

#include "format.h"
#include "jobimpact/base/number_format.h"
#include "jobimpact/study/indicator.h"
#include "jobimpact/survey/quality.h"
#include "sections.h"

namespace jobimpact::report {

std::optional<Language> ParseLanguage(std::string_view text) {
  if (text == "zh") return Language::kZh;
  if (text == "en") return Language::kEn;
  return std::nullopt;
}

std::string_view LanguageName(Language lang) {
  return lang == Language::kZh ? "zh" : "en";
}

Language DefaultLanguage(const results::RunInfo& info) {
  const std::string& c = info.country;
  return c == "CN" || c == "China" || c == "中国" ? Language::kZh
                                                  : Language::kEn;
}

ReportOptions DefaultReportOptions(const results::RunInfo& info) {
  ReportOptions opt;
  opt.language = DefaultLanguage(info);
  if (!info.provenance) return opt;
  // A series records each study's options as "YEAR:study.top_n"; the last
  // (latest year) wins, as the document is about the latest year.
  for (const auto& [key, value] : info.provenance->options) {
    const size_t colon = key.find(':');
    const std::string_view name = colon == std::string::npos
                                      ? std::string_view(key)
                                      : std::string_view(key).substr(colon + 1);
    if (name != "study.top_n") continue;
    int n = 0;
    const auto [end, ec] =
        std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec == std::errc() && end == value.data() + value.size()) opt.top_n = n;
  }
  return opt;
}

Status ReportOptions::Validate() const {
  if (top_n < 1 || top_n > 100) {
    return InvalidArgumentError(
        fmt::format("report top_n: expected 1 to 100, got {}", top_n));
  }
  return Status::Ok();
}

namespace internal {
namespace {

// Study-wide rows, and the series' own growth rows.
bool StudyWide(const Row& r) {
  return r.component.empty() &&
         (r.domain_type.empty() || r.domain_type == "series");
}

// A standard error in the figure's display units (results.csv keeps every
// digit).
std::string SeCell(const Row& r) { return r.se ? DisplayNumber(r, *r.se) : ""; }

// One line of the table of every figure; its method is listed once below
// the table, as M<method>.
std::string FigureLine(const Ctx& c, const Row& r, size_t method) {
  const bool withheld = Withheld(r);
  const char* cls = withheld   ? " class=\"withheld\""
                    : Muted(r) ? " class=\"caution\""
                               : "";
  std::string where = r.component.empty() ? "" : ComponentName(c, r.component);
  if (!r.domain_type.empty()) {
    where +=
        (where.empty() ? "" : " · ") + DomainTypeName(c, r.domain_type) +
        " = " +
        (r.domain_type == "category"    ? CategoryName(c, r.domain)
         : r.domain_type == "indicator" ? LabelName(c, "indicator", r.domain)
                                        : r.domain);
  }
  const std::string hidden = "—";
  return fmt::format(
      "<tr{}><td title=\"{}\">{}</td><td>{}</td>"
      "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}"
      "</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td>"
      "<td><a href=\"#m{}\">M{}</a></td></tr>\n",
      cls, Escape(r.indicator), Escape(IndicatorLabel(c, r.indicator)),
      Escape(where), r.year, Escape(EstimateText(r)),
      withheld ? hidden : Escape(SeCell(r)),
      withheld ? hidden : Escape(IntervalText(r)),
      r.respondents ? std::to_string(*r.respondents)
                    : (r.n ? std::to_string(*r.n) : ""),
      QualityHtml(r), method, method);
}

}  // namespace

std::string AllFiguresSection(const Ctx& c) {
  std::string h = fmt::format(
      "<section class=\"appendix\"><h2 id=\"all\">{}</h2>\n<p class=\"method\">"
      "{}</p>\n<table class=\"all\"><colgroup><col style=\"width:14%\">"
      "<col style=\"width:35%\"><col style=\"width:5%\"><col "
      "style=\"width:8%\"><col style=\"width:7%\"><col style=\"width:14%\">"
      "<col style=\"width:6%\"><col style=\"width:4%\"><col "
      "style=\"width:5%\"></colgroup><thead><tr><th>{}</th><th>{}</th>"
      "<th>{}</th><th>{}</th><th>se</th><th>{}</th><th>n</th><th>{}</th>"
      "<th>{}</th></tr></thead><tbody>\n",
      c.L("附录：全部数字", "Appendix: every figure"),
      c.L("与 results.csv 相同的数字，按显示单位；完整精度见 results.csv。",
          "The figures of results.csv in display units; full precision in "
          "results.csv."),
      c.L("指标", "indicator"), c.L("范围", "where"), c.L("年份", "year"),
      c.L("估计值", "estimate"), c.L("置信区间", "interval"),
      c.L("质量", "quality"), c.L("方法", "method"));
  // Study-wide figures first, then the rest as produced. Many figures
  // share a method text; each text is printed once.
  std::vector<const std::string*> methods;
  auto method_of = [&methods](const std::string& m) {
    for (size_t k = 0; k < methods.size(); ++k) {
      if (*methods[k] == m) return k + 1;
    }
    methods.push_back(&m);
    return methods.size();
  };
  for (int pass = 0; pass < 2; ++pass) {
    for (const Row& r : c.table.rows()) {
      if (StudyWide(r) == (pass == 0))
        h += FigureLine(c, r, method_of(r.method));
    }
  }
  h += fmt::format("</tbody></table>\n<h3>{}</h3><ol class=\"methods\">\n",
                   c.L("方法", "Methods"));
  for (size_t k = 0; k < methods.size(); ++k) {
    h += fmt::format("<li id=\"m{}\" class=\"method\">{}</li>\n", k + 1,
                     Escape(*methods[k]));
  }
  return h + "</ol></section>\n";
}

}  // namespace internal

namespace {

// Screen and A4 print styles. Fonts: the system's, with Noto CJK (Debian's
// fonts-noto-cjk) named for Chinese; nothing is fetched.
constexpr const char* kStyle = R"(
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;margin:2rem auto;padding:0 1rem;color:#1f2933;max-width:1180px;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:2px solid #d9e2ec;padding-bottom:.2rem}
h3{font-size:1rem;margin:1.4rem 0 .4rem}h4{font-size:.9rem;margin:.2rem 0}
.sub{color:#52606d;margin-top:0}nav{font-size:.85rem;color:#52606d}nav a{color:#0072B2;margin-right:.8rem}
.cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}
.card{border:1px solid #d9e2ec;border-radius:6px;padding:.6rem .9rem;min-width:12rem;break-inside:avoid}
.card .v{font-size:1.5rem;font-weight:600}.card .ci{font-size:.85rem}.card .l{color:#52606d;font-size:.8rem}
.summary{font-size:1rem;max-width:60rem}
.pair{display:flex;flex-wrap:wrap;gap:1.2rem;align-items:flex-start}.block{break-inside:avoid;page-break-inside:avoid}
figure{margin:0;flex:0 1 auto;max-width:100%}figure svg{max-width:100%;height:auto}figcaption{font-size:.75rem;color:#52606d;max-width:640px}
.side{flex:1 1 18rem;min-width:16rem}
table{border-collapse:collapse;font-size:.8rem}th,td{border-bottom:1px solid #e4e7eb;padding:.2rem .45rem;text-align:left;vertical-align:top}th{background:#f5f7fa}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.caution td{color:#767676}tr.withheld td{color:#9aa5b1}
.q{font-weight:600}.method{color:#52606d;font-size:.75rem}table.all,table.methods,table.files{width:100%;table-layout:auto}
table.all td.method{min-width:18rem}code{font-size:.8em}code.hash{word-break:break-all}
.notes li{margin:.3rem 0}
.total{color:#8d2b0b}p.note{font-size:.75rem;color:#52606d;max-width:60rem}
@page{size:A4;margin:14mm 12mm}
@media print{body{margin:0;max-width:none;font-size:10pt}nav{display:none}
h2{break-after:avoid;page-break-after:avoid}h3{break-after:avoid}
.pair{display:block}figure svg{max-width:100%}.side{margin-top:.4rem}
table{font-size:7.5pt;width:100%}table.all{table-layout:fixed}table.all td,table.all th{word-break:break-word;overflow-wrap:anywhere}
table.all td.method{min-width:0}table.all td,table.all th{padding:.1rem .3rem}tr{break-inside:avoid}section.appendix{break-before:page}}
)";

}  // namespace

std::string RenderHtml(const results::ResultsTable& all,
                       const results::RunInfo& info,
                       const ReportOptions& options) {
  // Every section reads the study as written; the scenarios have their own
  // table (section 1).
  std::vector<study::Figure> base;
  for (const auto& r : all.rows()) {
    if (r.scenario == "base") base.push_back(r);
  }
  auto base_table = results::ResultsTable::FromFigures(base);
  assert(base_table.ok() && "rows of a valid table stay valid");
  const results::ResultsTable& table = *base_table;
  // The year the document is about: the latest of the study-wide jobs.
  // (A table without study-wide rows: its latest year.)
  int year = 0, any_year = 0;
  for (const auto& r : table.rows()) {
    if (r.component.empty() && r.domain_type.empty())
      year = std::max(year, r.year);
    any_year = std::max(any_year, r.year);
  }
  if (year == 0) year = any_year;
  const internal::Ctx c{table, info, options, year, &all};
  using internal::Escape;
  std::string h = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<title>{} — jobimpact</title><style>{}</style></head><body>\n",
      c.zh() ? "zh-CN" : "en", Escape(info.title), kStyle);
  h += "<h1>" + Escape(info.title) + "</h1>\n";
  h += fmt::format("<p class=\"sub\">{}: {} · {}: <code>{}</code> · {}</p>\n",
                   c.L("平台", "Platform"), Escape(info.platform),
                   c.L("输入", "input"), Escape(info.input_file),
                   c.L("由 jobimpact 生成；每个数字附方法与置信区间",
                       "produced by jobimpact; every figure with its method "
                       "and interval"));
  h += "<nav>";
  const char* zh_titles[] = {"主要数字", "历年", "组成部分", "各省",
                             "结构",     "消费", "核对",     "方法"};
  const char* en_titles[] = {"Headline",  "Years",     "Components",
                             "Provinces", "Structure", "Consumption",
                             "Notes",     "Methods"};
  for (int i = 0; i < 8; ++i) {
    h += fmt::format("<a href=\"#s{}\">{}</a>", i + 1,
                     c.L(zh_titles[i], en_titles[i]));
  }
  h += fmt::format("<a href=\"#all\">{}</a></nav>\n",
                   c.L("全部数字", "All figures"));
  h += internal::HeadlineSection(c) + internal::SeriesSection(c) +
       internal::ComponentSection(c) + internal::ProvinceSection(c) +
       internal::BreakdownSection(c) + internal::ConsumptionSection(c) +
       internal::NotesSection(c) + internal::MethodsSection(c) +
       internal::AllFiguresSection(c);
  return h + "</body></html>\n";
}

std::string RenderTextSummary(const results::ResultsTable& table) {
  // Columns are padded by display width: 万 and 亿 take two terminal cells.
  auto pad = [](const std::string& s, size_t width) {
    size_t cells = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      const auto ch = static_cast<unsigned char>(s[i]);
      if ((ch & 0xC0) == 0x80) continue;  // A continuation byte.
      cells += ch >= 0xE0 ? 2 : 1;        // CJK (3-byte) characters: 2 cells.
    }
    return std::string(width > cells ? width - cells : 0, ' ') + s;
  };
  std::string out = fmt::format("{:<24} {:>6} {} {}  {:<7} {}\n", "indicator",
                                "year", pad("estimate", 16),
                                pad("interval", 28), "quality", "method");
  for (const auto& r : table.rows()) {
    if (!internal::StudyWide(r)) continue;
    // Cut on a character boundary: method texts quote Chinese sources.
    std::string method = r.method;
    if (method.size() > 60) {
      size_t cut = 57;
      while (cut > 0 &&
             (static_cast<unsigned char>(method[cut]) & 0xC0) == 0x80)
        --cut;
      method = method.substr(0, cut) + "...";
    }
    std::string name = r.domain_type == "series"
                           ? r.indicator + "(" + r.domain + ")"
                           : r.indicator;
    if (r.scenario != "base") name += " [" + r.scenario + "]";
    std::string interval;
    if (r.ci_low && r.ci_high && r.level) {
      interval = fmt::format("{:g}% [{}, {}]", 100 * *r.level,
                             DisplayNumber(r, *r.ci_low),
                             DisplayNumber(r, *r.ci_high));
    }
    if (r.total_ci_low && r.total_ci_high && r.level) {
      // The total interval replaces the sampling one in this short view;
      // the method text (and results.csv) has both.
      interval = fmt::format("total {:g}% [{}, {}]", 100 * *r.level,
                             DisplayNumber(r, *r.total_ci_low),
                             DisplayNumber(r, *r.total_ci_high));
    }
    const std::string quality =
        r.quality ? std::string(survey::QualityFlagInfoOf(*r.quality).code)
                  : "";
    out += fmt::format("{:<24} {:>6} {} {}  {:<7} {}\n", name, r.year,
                       pad(DisplayValue(r), 16), pad(interval, 28), quality,
                       method);
  }
  return out;
}

}  // namespace jobimpact::report
