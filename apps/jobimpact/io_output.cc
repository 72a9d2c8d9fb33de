#include "io_output.h"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <nlohmann/json.hpp>

#include "jobimpact/base/number_format.h"
#include "jobimpact/table/csv_writer.h"

namespace jobimpact::cli {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using inputoutput::Multipliers;
using inputoutput::ShockEffects;
using nlohmann::ordered_json;
using table::QuoteCsvField;

std::string Num(double v) { return fmt::format("{:.17g}", v); }

std::string Cell(const VectorXd& v, Index i, double scale = 1.0) {
  return v.size() == 0 ? "" : Num(v(i) * scale);
}

ordered_json JsonNum(const VectorXd& v, Index i, double scale = 1.0) {
  return v.size() == 0 ? ordered_json(nullptr) : ordered_json(v(i) * scale);
}

ordered_json Header(const IoRunInfo& info) {
  ordered_json doc;
  doc["table"] = info.table;
  doc["type"] = info.type_ii ? "II" : "I";
  doc["multipliers"] =
      "final-demand multipliers: total effect per unit of final demand for "
      "the sector's output (Miller & Blair 2009, §6.2)";
  doc["value_unit"] = info.value_unit;
  doc["employment_unit"] = info.employment_unit.empty()
                               ? ordered_json(nullptr)
                               : ordered_json(info.employment_unit);
  if (!info.employment_method.empty()) {
    doc["employment_method"] = info.employment_method;
  }
  doc["imports"] = info.summary.imports;
  if (!info.summary.region.empty()) doc["region"] = info.summary.region;
  if (info.type_ii) {
    doc["closure"] = info.summary.closure;
    doc["closure_denominator"] = info.summary.closure_denominator;
  }
  doc["solver"] = info.summary.solver.description;
  doc["relative_error_bound"] =
      std::isnan(info.summary.relative_error_bound)
          ? ordered_json(nullptr)
          : ordered_json(info.summary.relative_error_bound);
  return doc;
}

std::string HeaderText(const IoRunInfo& info) {
  std::string s = fmt::format("table:    {}\n", info.table);
  s += fmt::format("type:     {} ({})\n", info.type_ii ? "II" : "I",
                   info.type_ii ? info.summary.closure : "open model");
  s += fmt::format("imports:  {}\n", info.summary.imports);
  if (!info.summary.region.empty()) {
    s += fmt::format("region:   {}\n", info.summary.region);
  }
  s += fmt::format("solver:   {}", info.summary.solver.description);
  if (!std::isnan(info.summary.relative_error_bound)) {
    s += fmt::format("; certified relative error <= {:.2g}",
                     info.summary.relative_error_bound);
  }
  s += "\n";
  if (!info.employment_unit.empty()) {
    s += fmt::format("jobs:     {}; {}\n", info.employment_unit,
                     info.employment_method);
  }
  return s;
}

struct Measure {
  const char* name;
  const MatrixXd* direct;
  const MatrixXd* indirect;
  const MatrixXd* induced;
  double scale;
};

// Direct, indirect and induced effect of sector i in scenario `col`.
std::array<double, 3> EffectsAt(const Measure& m, Index i, Index col) {
  return {(*m.direct)(i, col) * m.scale, (*m.indirect)(i, col) * m.scale,
          (*m.induced)(i, col) * m.scale};
}

std::vector<Measure> Measures(const ShockEffects& e, const IoRunInfo& info) {
  std::vector<Measure> m = {
      {"output", &e.output_direct, &e.output_indirect, &e.output_induced, 1.0},
      {"value_added", &e.value_added_direct, &e.value_added_indirect,
       &e.value_added_induced, 1.0},
      {"income", &e.income_direct, &e.income_indirect, &e.income_induced, 1.0}};
  if (e.employment_direct.size() > 0) {
    m.push_back({"employment", &e.employment_direct, &e.employment_indirect,
                 &e.employment_induced, info.employment_scale});
  }
  return m;
}

}  // namespace

std::string MultipliersCsv(const Multipliers& m, const IoRunInfo& info) {
  std::string s =
      "code,name_zh,name_en,output_I,value_added_I,income_I,employment_I";
  if (info.type_ii) s += ",output_II,value_added_II,income_II,employment_II";
  s += "\n";
  const double es = info.employment_scale;
  for (size_t k = 0; k < m.codes.size(); ++k) {
    const Index i = static_cast<Index>(k);
    s += QuoteCsvField(m.codes[k]) + "," + QuoteCsvField(m.names_zh[k]) + "," +
         QuoteCsvField(m.names_en[k]) + "," + Cell(m.output_i, i) + "," +
         Cell(m.value_added_i, i) + "," + Cell(m.income_i, i) + "," +
         Cell(m.employment_i, i, es);
    if (info.type_ii) {
      s += "," + Cell(m.output_ii, i) + "," + Cell(m.value_added_ii, i) + "," +
           Cell(m.income_ii, i) + "," + Cell(m.employment_ii, i, es);
    }
    s += "\n";
  }
  return s;
}

std::string MultipliersJson(const Multipliers& m, const IoRunInfo& info) {
  ordered_json doc = Header(info);
  ordered_json list = ordered_json::array();
  const double es = info.employment_scale;
  for (size_t k = 0; k < m.codes.size(); ++k) {
    const Index i = static_cast<Index>(k);
    ordered_json o;
    o["code"] = m.codes[k];
    o["name_zh"] = m.names_zh[k];
    o["name_en"] = m.names_en[k];
    o["output_I"] = JsonNum(m.output_i, i);
    o["value_added_I"] = JsonNum(m.value_added_i, i);
    o["income_I"] = JsonNum(m.income_i, i);
    o["employment_I"] = JsonNum(m.employment_i, i, es);
    if (info.type_ii) {
      o["output_II"] = JsonNum(m.output_ii, i);
      o["value_added_II"] = JsonNum(m.value_added_ii, i);
      o["income_II"] = JsonNum(m.income_ii, i);
      o["employment_II"] = JsonNum(m.employment_ii, i, es);
    }
    list.push_back(std::move(o));
  }
  doc["sectors"] = std::move(list);
  return doc.dump(2) + "\n";
}

std::string MultipliersTable(const Multipliers& m, const IoRunInfo& info) {
  std::string s = HeaderText(info) + "\n";
  const bool with_e = m.employment_i.size() > 0;
  s += fmt::format("{:<6} {:>9} {:>9} {:>9}", "code", "output_I", "va_I",
                   "income_I");
  if (with_e) s += fmt::format(" {:>9}", "jobs_I");
  if (info.type_ii) {
    s += fmt::format(" {:>9} {:>9} {:>9}", "output_II", "va_II", "income_II");
    if (with_e) s += fmt::format(" {:>9}", "jobs_II");
  }
  s += "  name\n";
  const double es = info.employment_scale;
  for (size_t k = 0; k < m.codes.size(); ++k) {
    const Index i = static_cast<Index>(k);
    s += fmt::format("{:<6} {:>9.4f} {:>9.4f} {:>9.4f}", m.codes[k],
                     m.output_i(i), m.value_added_i(i), m.income_i(i));
    if (with_e) s += fmt::format(" {:>9.4g}", m.employment_i(i) * es);
    if (info.type_ii) {
      s += fmt::format(" {:>9.4f} {:>9.4f} {:>9.4f}", m.output_ii(i),
                       m.value_added_ii(i), m.income_ii(i));
      if (with_e) s += fmt::format(" {:>9.4g}", m.employment_ii(i) * es);
    }
    s += "  " + (m.names_zh[k].empty() ? m.names_en[k] : m.names_zh[k]) + "\n";
  }
  return s;
}

std::string ShockCsv(const inputoutput::IoTable& table,
                     const std::vector<std::string>& scenarios,
                     const ShockEffects& e, const IoRunInfo& info) {
  std::string s =
      "scenario,code,name_zh,name_en,measure,direct,indirect,induced,total\n";
  for (size_t c = 0; c < scenarios.size(); ++c) {
    const Index col = static_cast<Index>(c);
    for (const Measure& m : Measures(e, info)) {
      double sums[3] = {0, 0, 0};
      for (size_t k = 0; k < table.size(); ++k) {
        const Index i = static_cast<Index>(k);
        const auto [d, ind, du] = EffectsAt(m, i, col);
        sums[0] += d;
        sums[1] += ind;
        sums[2] += du;
        s += QuoteCsvField(scenarios[c]) + "," + QuoteCsvField(table.codes[k]) +
             "," + QuoteCsvField(table.names_zh[k]) + "," +
             QuoteCsvField(table.names_en[k]) + "," + m.name + "," + Num(d) +
             "," + Num(ind) + "," + Num(du) + "," + Num(d + ind + du) + "\n";
      }
      s += QuoteCsvField(scenarios[c]) + ",TOTAL,,," + m.name + "," +
           Num(sums[0]) + "," + Num(sums[1]) + "," + Num(sums[2]) + "," +
           Num(sums[0] + sums[1] + sums[2]) + "\n";
    }
  }
  return s;
}

std::string ShockJson(const inputoutput::IoTable& table,
                      const std::vector<std::string>& scenarios,
                      const ShockEffects& e, const IoRunInfo& info) {
  ordered_json doc = Header(info);
  ordered_json list = ordered_json::array();
  for (size_t c = 0; c < scenarios.size(); ++c) {
    const Index col = static_cast<Index>(c);
    ordered_json sc;
    sc["scenario"] = scenarios[c];
    for (const Measure& m : Measures(e, info)) {
      ordered_json mj;
      ordered_json sectors = ordered_json::array();
      double sums[3] = {0, 0, 0};
      for (size_t k = 0; k < table.size(); ++k) {
        const Index i = static_cast<Index>(k);
        const std::array<double, 3> v = EffectsAt(m, i, col);
        for (int j = 0; j < 3; ++j) sums[j] += v[j];
        sectors.push_back({{"code", table.codes[k]},
                           {"direct", v[0]},
                           {"indirect", v[1]},
                           {"induced", v[2]},
                           {"total", v[0] + v[1] + v[2]}});
      }
      mj["total"] = {{"direct", sums[0]},
                     {"indirect", sums[1]},
                     {"induced", sums[2]},
                     {"total", sums[0] + sums[1] + sums[2]}};
      mj["sectors"] = std::move(sectors);
      sc[m.name] = std::move(mj);
    }
    list.push_back(std::move(sc));
  }
  doc["scenarios"] = std::move(list);
  return doc.dump(2) + "\n";
}

std::string ShockTable(const inputoutput::IoTable& table,
                       const std::vector<std::string>& scenarios,
                       const ShockEffects& e, const IoRunInfo& info) {
  std::string s = HeaderText(info);
  for (size_t c = 0; c < scenarios.size(); ++c) {
    const Index col = static_cast<Index>(c);
    s += fmt::format("\nscenario {}\n", scenarios[c]);
    for (const Measure& m : Measures(e, info)) {
      const std::string unit = std::string(m.name) == "employment"
                                   ? info.employment_unit
                                   : info.value_unit;
      s += fmt::format(
          "\n  {} ({})\n  {:<8} {:>14} {:>14} {:>14} {:>14}  "
          "name\n",
          m.name, unit, "code", "direct", "indirect", "induced", "total");
      double sums[3] = {0, 0, 0};
      for (size_t k = 0; k < table.size(); ++k) {
        const Index i = static_cast<Index>(k);
        const std::array<double, 3> v = EffectsAt(m, i, col);
        for (int j = 0; j < 3; ++j) sums[j] += v[j];
        // The one number format of every command's tables
        // (base/number_format.h): whole numbers with separators from 1000.
        s += fmt::format(
            "  {:<8} {:>14} {:>14} {:>14} {:>14}  {}\n", table.codes[k],
            FormatQuantity(v[0]), FormatQuantity(v[1]), FormatQuantity(v[2]),
            FormatQuantity(v[0] + v[1] + v[2]),
            table.names_zh[k].empty() ? table.names_en[k] : table.names_zh[k]);
      }
      s += fmt::format("  {:<8} {:>14} {:>14} {:>14} {:>14}\n", "TOTAL",
                       FormatQuantity(sums[0]), FormatQuantity(sums[1]),
                       FormatQuantity(sums[2]),
                       FormatQuantity(sums[0] + sums[1] + sums[2]));
    }
  }
  return s;
}

}  // namespace jobimpact::cli
