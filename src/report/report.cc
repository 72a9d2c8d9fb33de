#include "jobimpact/report/report.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <set>

#include "jobimpact/study/indicator.h"
#include "jobimpact/survey/quality.h"

namespace jobimpact::report {
namespace {

std::string Escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
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
        out.push_back(c);
    }
  }
  return out;
}

// Study-wide rows, and the series' own growth rows, go in the summary.
bool StudyWide(const results::ResultRow& r) {
  return r.component.empty() &&
         (r.domain_type.empty() || r.domain_type == "series");
}

// Jobs and yuan as whole numbers with thousands separators (the CSV keeps
// full precision); other values with six significant digits.
std::string Readable(double v, const std::string& unit) {
  if (unit != study::UnitName(study::Unit::kJobs) &&
      unit != study::UnitName(study::Unit::kYuan)) {
    return fmt::format("{:.6g}", v);
  }
  std::string digits = fmt::format("{:.0f}", std::fabs(v));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (v < 0 ? "-" : "") + out;
}

std::string Cell(const std::optional<double>& v) {
  return v ? results::FormatNumber(*v) : "";
}

constexpr const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Noto Sans CJK SC",sans-serif;margin:2rem;color:#1f2933;max-width:1200px}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d9e2ec}
.sub{color:#52606d;margin-top:0}.cards{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0}
.card{border:1px solid #d9e2ec;border-radius:6px;padding:.8rem 1rem;min-width:11rem}
.card .v{font-size:1.5rem;font-weight:600}.card .l{color:#52606d;font-size:.85rem}
table{border-collapse:collapse;font-size:.85rem;width:100%}th,td{border-bottom:1px solid #e4e7eb;padding:.25rem .5rem;text-align:left;vertical-align:top}
tr.caution td{color:#767676}tr.withheld td.num{color:#767676}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}th{background:#f5f7fa}
.method{color:#52606d;font-size:.78rem;min-width:24rem}.scroll{overflow-x:auto}.notes li{margin:.3rem 0}
)";

}  // namespace

namespace {

// `v` in the display units of row `r`, with the unit's suffix if asked.
std::string DisplayNumber(const results::ResultRow& r, double v,
                          bool with_unit) {
  // The row's unit decides jobs and yuan; ratios are shown as the indicator
  // table says (shares and growth rates as percentages). A name the table
  // does not know (a file from elsewhere) is shown as a plain number.
  if (r.unit == study::UnitName(study::Unit::kJobs)) {
    return fmt::format("{:.1f}万{}", v / 1e4, with_unit ? " jobs" : "");
  }
  if (r.unit == study::UnitName(study::Unit::kYuan)) {
    return fmt::format("{:.1f}亿{}", v / 1e8, with_unit ? " yuan" : "");
  }
  const study::IndicatorInfo* info = study::FindIndicatorInfo(r.indicator);
  if (info != nullptr && info->display == study::DisplayKind::kPercent) {
    return fmt::format("{:.1f}%", 100 * v);
  }
  return fmt::format("{:.10g}", v);
}

}  // namespace

std::string DisplayValue(const results::ResultRow& r) {
  return DisplayNumber(r, r.estimate, true);
}

std::string RenderTextSummary(const results::ResultsTable& table) {
  // Columns are padded by display width: 万 and 亿 take two terminal cells.
  auto pad = [](const std::string& s, size_t width) {
    size_t cells = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if ((c & 0xC0) == 0x80) continue;  // A continuation byte.
      cells += c >= 0xE0 ? 2 : 1;        // CJK (3-byte) characters: 2 cells.
    }
    return std::string(width > cells ? width - cells : 0, ' ') + s;
  };
  std::string out = fmt::format("{:<22} {:>6} {} {}  {:<7} {}\n", "indicator",
                                "year", pad("estimate", 18),
                                pad("interval", 28), "quality", "method");
  for (const auto& r : table.rows()) {
    if (!StudyWide(r)) continue;
    std::string method =
        r.method.size() > 60 ? r.method.substr(0, 57) + "..." : r.method;
    std::string name = r.domain_type == "series"
                           ? r.indicator + "(" + r.domain + ")"
                           : r.indicator;
    std::string interval;
    if (r.ci_low && r.ci_high && r.level) {
      interval = fmt::format("{:g}% [{}, {}]", 100 * *r.level,
                             DisplayNumber(r, *r.ci_low, false),
                             DisplayNumber(r, *r.ci_high, false));
    }
    const std::string quality =
        r.quality ? std::string(survey::QualityFlagInfoOf(*r.quality).code)
                  : "";
    out += fmt::format("{:<22} {:>6} {} {}  {:<7} {}\n", name, r.year,
                       pad(DisplayValue(r), 18), pad(interval, 28), quality,
                       method);
  }
  return out;
}

namespace {

// Which binary, command and inputs produced the page: enough to re-run it
// (`jobimpact verify` does so from the output's manifest).
std::string ProvenanceHtml(const results::Provenance& p) {
  std::string command;
  for (const auto& a : p.command) command += (command.empty() ? "" : " ") + a;
  std::string h = "<h2>Provenance</h2>\n<p class=\"method\">";
  h += fmt::format(
      "jobimpact {} (commit <code>{}</code>, {}, {}) · started {} UTC · "
      "{:.1f} s · {} hardware threads<br>command: <code>{}</code> in "
      "<code>{}</code></p>\n",
      Escape(p.build.version), Escape(p.build.git_commit),
      Escape(p.build.build_type), Escape(p.build.compiler),
      Escape(p.started_utc), p.wall_seconds, p.hardware_threads,
      Escape(command), Escape(p.working_directory));
  h += "<div class=\"scroll\"><table><thead><tr><th>input</th><th>file</th>"
       "<th>bytes</th><th>SHA-256</th></tr></thead><tbody>\n";
  for (const auto& in : p.inputs) {
    h += fmt::format(
        "<tr><td>{}</td><td><code>{}</code></td><td class=\"num\">{}</td>"
        "<td><code>{}</code></td></tr>\n",
        Escape(in.role), Escape(in.path), in.bytes, in.sha256);
  }
  h += "</tbody></table></div>\n";
  if (!p.options.empty()) {
    h += "<p class=\"method\">options in force: ";
    for (size_t i = 0; i < p.options.size(); ++i) {
      h += (i ? " · " : "") + Escape(p.options[i].first) + " = " +
           Escape(p.options[i].second);
    }
    h += "</p>\n";
  }
  return h;
}

}  // namespace

namespace {

// An id's name from the run's labels, with its English name and the id in
// small type; the escaped id alone when the run has no label for it.
std::string LabelText(const results::RunInfo& info, std::string_view kind,
                      const std::string& id) {
  for (const study::Label& l : info.labels) {
    if (l.kind != kind || l.id != id) continue;
    std::string small = l.name_en.empty() ? id : l.name_en + " · " + id;
    if (l.name == id && l.name_en.empty()) return Escape(id);
    return Escape(l.name) + "<br><span class=\"method\">" + Escape(small) +
           "</span>";
  }
  return Escape(id);
}

}  // namespace

std::string RenderHtml(const results::ResultsTable& table,
                       const results::RunInfo& info) {
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">";
  h +=
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">";
  h += "<title>" + Escape(info.title) + " — jobimpact</title><style>";
  h += kStyle;
  h += "</style></head><body>\n";
  h += "<h1>" + Escape(info.title) + "</h1>\n";
  h += "<p class=\"sub\">Platform: " + Escape(info.platform) +
       " · input: <code>" + Escape(info.input_file) +
       "</code> · produced by jobimpact</p>\n";

  // Headline cards: the latest year's study-wide job figures.
  int latest = 0;
  for (const auto& r : table.rows()) {
    if (StudyWide(r) && r.unit == study::UnitName(study::Unit::kJobs)) {
      latest = std::max(latest, r.year);
    }
  }
  h += "<div class=\"cards\">\n";
  using study::Indicator;
  for (Indicator ind :
       {Indicator::kJobsTotal, Indicator::kJobsDirect, Indicator::kJobsIndirect,
        Indicator::kJobsFulltime, Indicator::kJobsParttime}) {
    const study::IndicatorInfo& card = study::Info(ind);
    for (const auto& r : table.rows()) {
      if (StudyWide(r) && r.indicator == card.name && r.year == latest) {
        h += fmt::format(
            "<div class=\"card\"><div class=\"v\">{}</div><div "
            "class=\"l\">{} {} ({}, {})</div></div>\n",
            Escape(DisplayValue(r)), card.label_zh, card.label_en, card.name,
            r.year);
      }
    }
  }
  h += "</div>\n";

  // The heading states the intervals' level when they share one; otherwise
  // each interval carries its own.
  std::set<double> levels;
  for (const auto& r : table.rows()) {
    if (r.level) levels.insert(*r.level);
  }
  const bool one_level = levels.size() <= 1;
  const std::string ci_heading =
      levels.size() == 1 ? fmt::format("{:g}% CI", 100 * *levels.begin())
                         : "CI (level)";
  auto table_html = [&](const std::vector<const results::ResultRow*>& rows,
                        bool with_breakdown) {
    std::string t =
        "<div class=\"scroll\"><table><thead><tr><th>indicator</th>";
    if (with_breakdown) t += "<th>component</th><th>domain</th>";
    t += "<th>year</th><th>display</th><th>estimate</th><th>se</th><th>" +
         ci_heading +
         "</th><th>n</th><th>quality</th><th>method</th></tr></thead>"
         "<tbody>\n";
    for (const auto* r : rows) {
      // The indicator's name as in results.csv, with its labels.
      const study::IndicatorInfo* known =
          study::FindIndicatorInfo(r->indicator);
      // E is greyed; F and S are withheld: their numbers stay in
      // results.csv and results.json, not in the document.
      const survey::QualityFlagInfo* q =
          r->quality ? &survey::QualityFlagInfoOf(*r->quality) : nullptr;
      const bool withheld =
          q != nullptr && q->display == survey::QualityDisplay::kWithhold;
      const char* row_class = q == nullptr ? ""
                              : q->display == survey::QualityDisplay::kCaution
                                  ? " class=\"caution\""
                              : withheld ? " class=\"withheld\""
                                         : "";
      t += std::string("<tr") + row_class + "><td>" + Escape(r->indicator) +
           (known ? fmt::format("<br><span class=\"method\">{} · {}</span>",
                                known->label_zh, known->label_en)
                  : "") +
           "</td>";
      if (with_breakdown) {
        const std::string domain =
            r->domain_type.empty() ? ""
            : r->domain_type == "category"
                ? "category=" + LabelText(info, "category", r->domain)
                : Escape(r->domain_type + "=" + r->domain);
        t += "<td>" + LabelText(info, "component", r->component) + "</td><td>" +
             domain + "</td>";
      }
      std::string ci =
          r->ci_low ? "[" + Cell(r->ci_low) + ", " + Cell(r->ci_high) + "]"
                    : "";
      if (r->level && !one_level) {
        ci += fmt::format(" ({:g}%)", 100 * *r->level);
      }
      const std::string hidden = "—";
      const std::string quality =
          q == nullptr ? ""
                       : fmt::format("<span title=\"{} / {}\">{}</span>", q->zh,
                                     q->en, q->code);
      t += fmt::format(
          "<td class=\"num\">{}</td><td class=\"num\">{}</td><td "
          "class=\"num\">{}</td><td class=\"num\">{}</td><td "
          "class=\"num\">{}</td><td class=\"num\">{}</td><td "
          "class=\"num\">{}</td><td class=\"method\">{}</td></tr>\n",
          r->year, withheld ? hidden : Escape(DisplayValue(*r)),
          withheld ? hidden : Readable(r->estimate, r->unit),
          withheld ? hidden : Cell(r->se), withheld ? hidden : ci,
          r->n ? std::to_string(*r->n) : "", quality, Escape(r->method));
    }
    t += "</tbody></table></div>\n";
    return t;
  };

  std::vector<const results::ResultRow*> wide, detail;
  for (const auto& r : table.rows()) {
    (StudyWide(r) ? wide : detail).push_back(&r);
  }
  h += "<h2>Study-wide figures</h2>\n" + table_html(wide, false);
  if (!detail.empty()) {
    h += "<h2>By component, domain, category and sector</h2>\n" +
         table_html(detail, true);
  }
  h += "<p class=\"method\">Quality: A–D are shown as they are, E (use with "
       "caution) is greyed, F (too unreliable) and S (too few respondents) are "
       "withheld here (—) and kept in results.csv and results.json; the "
       "classes are listed in the notes.</p>\n";
  h += "<p class=\"method\">Standard errors and confidence intervals are empty "
       "where the figure is a published aggregate or no design-based variance "
       "estimator has been applied; they are never shown as zero.</p>\n";
  if (!info.notes.empty()) {
    h += "<h2>Notes</h2><ul class=\"notes\">\n";
    for (const auto& n : info.notes) h += "<li>" + Escape(n) + "</li>\n";
    h += "</ul>\n";
  }
  if (info.provenance) h += ProvenanceHtml(*info.provenance);
  h += "</body></html>\n";
  return h;
}

}  // namespace jobimpact::report
