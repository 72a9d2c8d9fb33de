#include "jobimpact/report/xlsx.h"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <map>

#include "jobimpact/base/file.h"
#include "jobimpact/study/indicator.h"
#include "jobimpact/survey/quality.h"

namespace jobimpact::report {
namespace {

using Row = results::ResultRow;

struct Column {
  const char* zh;
  const char* en;
  double width;
};

// The columns of the figure sheets: results.csv's, with bilingual headers.
constexpr Column kColumns[] = {
    {"指标", "indicator", 26},
    {"指标名称", "label", 16},
    {"组成部分", "component", 22},
    {"分组变量", "domain_type", 14},
    {"分组", "domain", 16},
    {"年份", "year", 7},
    {"估计值", "estimate", 16},
    {"标准误", "se", 14},
    {"置信下限", "ci_low", 16},
    {"置信上限", "ci_high", 16},
    {"置信水平", "level", 9},
    {"样本数", "n", 9},
    {"受访者数", "respondents", 11},
    {"质量", "quality", 8},
    {"变异系数", "cv", 9},
    {"单位", "unit", 7},
    {"方法", "method", 80},
    {"总区间下限", "total_ci_low", 16},
    {"总区间上限", "total_ci_high", 16},
    {"情景", "scenario", 12},
};

struct Formats {
  lxw_format* header;
  lxw_format* whole;    // jobs, yuan
  lxw_format* percent;  // shares, growth, level, cv
  lxw_format* ratio;    // other ratios
  lxw_format* wrap;
};

Formats MakeFormats(lxw_workbook* wb) {
  Formats f{};
  f.header = workbook_add_format(wb);
  format_set_bold(f.header);
  format_set_bg_color(f.header, 0xF5F7FA);
  format_set_bottom(f.header, LXW_BORDER_THIN);
  f.whole = workbook_add_format(wb);
  format_set_num_format(f.whole, "#,##0");
  f.percent = workbook_add_format(wb);
  format_set_num_format(f.percent, "0.00%");
  f.ratio = workbook_add_format(wb);
  format_set_num_format(f.ratio, "0.0000");
  f.wrap = workbook_add_format(wb);
  format_set_text_wrap(f.wrap);
  return f;
}

lxw_format* ValueFormat(const Formats& f, const Row& r) {
  if (r.unit == study::UnitName(study::Unit::kJobs) ||
      r.unit == study::UnitName(study::Unit::kYuan)) {
    return f.whole;
  }
  const study::IndicatorInfo* info = study::FindIndicatorInfo(r.indicator);
  if (info != nullptr && info->display == study::DisplayKind::kPercent) {
    return f.percent;
  }
  return f.ratio;
}

void Header(lxw_worksheet* ws, const Formats& f, const Column* cols, size_t n) {
  for (size_t c = 0; c < n; ++c) {
    const auto col = static_cast<lxw_col_t>(c);
    worksheet_write_string(ws, 0, col, cols[c].zh, f.header);
    worksheet_write_string(ws, 1, col, cols[c].en, f.header);
    worksheet_set_column(ws, col, col, cols[c].width, nullptr);
  }
  worksheet_freeze_panes(ws, 2, 0);
}

void Optional(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col,
              const std::optional<double>& v, lxw_format* fmt) {
  if (v) worksheet_write_number(ws, row, col, *v, fmt);
}

std::string Label(const Row& r) {
  const study::IndicatorInfo* known = study::FindIndicatorInfo(r.indicator);
  return known ? std::string(known->label_zh) + " / " +
                     std::string(known->label_en)
               : "";
}

std::string ComponentText(const results::RunInfo& info, const std::string& id) {
  for (const study::Label& l : info.labels) {
    if (l.kind == "component" && l.id == id) {
      return l.name + (l.name_en.empty() ? "" : " / " + l.name_en) + " (" + id +
             ")";
    }
  }
  return id;
}

void FigureRow(lxw_worksheet* ws, const Formats& f, lxw_row_t row,
               const results::RunInfo& info, const Row& r) {
  lxw_format* vf = ValueFormat(f, r);
  lxw_col_t c = 0;
  worksheet_write_string(ws, row, c++, r.indicator.c_str(), nullptr);
  worksheet_write_string(ws, row, c++, Label(r).c_str(), nullptr);
  worksheet_write_string(ws, row, c++, ComponentText(info, r.component).c_str(),
                         nullptr);
  worksheet_write_string(ws, row, c++, r.domain_type.c_str(), nullptr);
  worksheet_write_string(ws, row, c++, r.domain.c_str(), nullptr);
  worksheet_write_number(ws, row, c++, r.year, nullptr);
  worksheet_write_number(ws, row, c++, r.estimate, vf);
  Optional(ws, row, c++, r.se, vf);
  Optional(ws, row, c++, r.ci_low, vf);
  Optional(ws, row, c++, r.ci_high, vf);
  Optional(ws, row, c++, r.level, f.percent);
  if (r.n)
    worksheet_write_number(ws, row, c, static_cast<double>(*r.n), nullptr);
  ++c;
  if (r.respondents) {
    worksheet_write_number(ws, row, c, static_cast<double>(*r.respondents),
                           nullptr);
  }
  ++c;
  if (r.quality) {
    worksheet_write_string(
        ws, row, c,
        std::string(survey::QualityFlagInfoOf(*r.quality).code).c_str(),
        nullptr);
  }
  ++c;
  if (r.se && r.estimate != 0) {
    worksheet_write_number(ws, row, c, *r.se / std::abs(r.estimate), f.percent);
  }
  ++c;
  worksheet_write_string(ws, row, c++, r.unit.c_str(), nullptr);
  worksheet_write_string(ws, row, c++, r.method.c_str(), nullptr);
  Optional(ws, row, c++, r.total_ci_low, vf);
  Optional(ws, row, c++, r.total_ci_high, vf);
  worksheet_write_string(ws, row, c++, r.scenario.c_str(), nullptr);
}

void MethodsSheet(lxw_workbook* wb, const Formats& f,
                  const results::RunInfo& info,
                  const results::ResultsTable& table) {
  lxw_worksheet* ws =
      workbook_add_worksheet(wb, XlsxSheetNames().back().c_str());
  static constexpr Column kCols[] = {{"项目", "item", 34},
                                     {"内容", "value", 120}};
  Header(ws, f, kCols, 2);
  lxw_row_t row = 2;
  auto line = [&](const std::string& k, const std::string& v) {
    worksheet_write_string(ws, row, 0, k.c_str(), nullptr);
    worksheet_write_string(ws, row, 1, v.c_str(), nullptr);
    ++row;
  };
  line("title", info.title);
  line("platform", info.platform);
  line("input", info.input_file);
  for (const Row& r : table.rows()) {
    if (r.component.empty() && r.domain_type.empty()) {
      line(fmt::format("method: {} {}", r.indicator, r.year), r.method);
    }
  }
  for (const survey::QualityFlagInfo& q : survey::QualityFlags()) {
    line(fmt::format("quality {}", q.code),
         std::string(q.zh) + " / " + std::string(q.en));
  }
  for (const std::string& n : info.notes) line("note", n);
  if (info.provenance) {
    const results::Provenance& p = *info.provenance;
    std::string command;
    for (const auto& a : p.command) command += (command.empty() ? "" : " ") + a;
    line("jobimpact", p.build.version + " (commit " + p.build.git_commit + ")");
    line("command", command);
    line("started (UTC)", p.started_utc);
    for (const auto& [k, v] : p.options) line("option " + k, v);
    for (const auto& in : p.inputs) {
      line("input " + in.role, in.path + " · sha256 " + in.sha256 + " · " +
                                   std::to_string(in.bytes) + " bytes");
    }
  }
}

}  // namespace

SheetFamily FamilyOf(const Row& r) {
  // "series" and growth by domain, "series|region".
  if (r.domain_type.rfind("series", 0) == 0) return SheetFamily::kSeries;
  // Money figures (consumption, output, value added) and the table's
  // coefficients go with the consumption they come from.
  const study::IndicatorInfo* info = study::FindIndicatorInfo(r.indicator);
  if (r.domain_type == "category" || r.domain_type == "sector" ||
      (info != nullptr &&
       (info->unit == study::Unit::kYuan ||
        info->indicator == study::Indicator::kTotalConsumptionCoefficient))) {
    return SheetFamily::kConsumption;
  }
  if (!r.domain_type.empty()) return SheetFamily::kBreakdowns;
  return SheetFamily::kDirect;
}

const std::vector<std::string>& XlsxSheetNames() {
  static const std::vector<std::string> kNames = {
      "就业 jobs",   "分组 breakdowns", "消费与间接 consumption",
      "序列 series", "质量 quality",    "方法 methods"};
  return kNames;
}

Result<std::string> ResultsXlsx(const results::ResultsTable& table,
                                const results::RunInfo& info) {
  auto scratch = ScratchDir::Create("jobimpact-xlsx");
  if (!scratch.ok()) return scratch.status();
  const std::string path = (scratch->path() / "results.xlsx").string();
  lxw_workbook_options opt{};
  opt.tmpdir = const_cast<char*>(scratch->path().c_str());
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &opt);
  if (wb == nullptr) return IoError("libxlsxwriter cannot start " + path);
  const Formats f = MakeFormats(wb);
  constexpr size_t kFamilies = 4;
  std::vector<lxw_worksheet*> sheets;
  std::vector<lxw_row_t> next(kFamilies + 1, 2);
  for (size_t i = 0; i <= kFamilies; ++i) {
    sheets.push_back(workbook_add_worksheet(wb, XlsxSheetNames()[i].c_str()));
    Header(sheets.back(), f, kColumns, std::size(kColumns));
  }
  for (const Row& r : table.rows()) {
    const auto k = static_cast<size_t>(FamilyOf(r));
    FigureRow(sheets[k], f, next[k]++, info, r);
    // The quality sheet: every figure that carries a flag below D.
    if (r.quality && *r.quality >= survey::QualityFlag::kE) {
      FigureRow(sheets[kFamilies], f, next[kFamilies]++, info, r);
    }
  }
  for (size_t i = 0; i <= kFamilies; ++i) {
    if (next[i] > 2) {
      worksheet_autofilter(sheets[i], 1, 0, next[i] - 1,
                           static_cast<lxw_col_t>(std::size(kColumns) - 1));
    }
  }
  MethodsSheet(wb, f, info, table);
  const lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) {
    return IoError(fmt::format("libxlsxwriter could not write {}: {}", path,
                               lxw_strerror(err)));
  }
  return ReadFileToString(path);
}

}  // namespace jobimpact::report
