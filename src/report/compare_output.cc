#include "jobimpact/report/compare_output.h"

#include <fmt/format.h>

#include "jobimpact/table/csv_writer.h"

namespace jobimpact::report {
namespace {

using results::ComparedFigure;
using results::FormatNumber;

const results::ResultRow& Either(const ComparedFigure& f) {
  return f.a ? *f.a : *f.b;
}

const char* Presence(const ComparedFigure& f) {
  if (f.a && f.b) return "both";
  return f.a ? "a_only" : "b_only";
}

std::string Num(const std::optional<double>& v) {
  return v ? FormatNumber(*v) : "";
}

std::optional<double> Estimate(const std::optional<results::ResultRow>& r) {
  return r ? std::optional<double>(r->estimate) : std::nullopt;
}

std::optional<double> Se(const std::optional<results::ResultRow>& r) {
  return r ? r->se : std::nullopt;
}

std::string Short(const std::optional<double>& v) {
  return v ? fmt::format("{:.6g}", *v) : "";
}

}  // namespace

std::string ComparisonCsv(const std::vector<ComparedFigure>& figures,
                          double level) {
  std::string out =
      "indicator,component,domain_type,domain,year,unit,present,estimate_a,"
      "se_a,estimate_b,se_b,difference,relative_change,z,significant,test,"
      "scenario\n";
  // The test behind z and `significant`, on every row that has them.
  const std::string test = table::QuoteCsvField(fmt::format(
      "z = (b - a) / sqrt(se_a^2 + se_b^2), independent estimates, two-sided "
      "normal at {:g}%",
      100 * level));
  for (const auto& f : figures) {
    const auto& r = Either(f);
    out += fmt::format(
        "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
        table::QuoteCsvField(r.indicator), table::QuoteCsvField(r.component),
        table::QuoteCsvField(r.domain_type), table::QuoteCsvField(r.domain),
        r.year, table::QuoteCsvField(r.unit), Presence(f), Num(Estimate(f.a)),
        Num(Se(f.a)), Num(Estimate(f.b)), Num(Se(f.b)), Num(f.difference),
        Num(f.relative_change), Num(f.z),
        f.significant ? (*f.significant ? "yes" : "no") : "", f.z ? test : "",
        table::QuoteCsvField(r.scenario));
  }
  return out;
}

std::string ComparisonTable(const std::vector<ComparedFigure>& figures,
                            const std::string& name_a,
                            const std::string& name_b, double level) {
  size_t both = 0, differ = 0, only = 0, significant = 0;
  for (const auto& f : figures) {
    if (!(f.a && f.b)) {
      ++only;
      continue;
    }
    ++both;
    if (f.difference && *f.difference != 0) ++differ;
    if (f.significant && *f.significant) ++significant;
  }
  std::string out = fmt::format(
      "a: {}\nb: {}\n{} figures in both ({} with a different estimate, {} "
      "significant), {} in one only.\nz = (b - a) / sqrt(se_a^2 + se_b^2): "
      "the two estimates taken as independent; significant at the {:g}% "
      "level (two-sided, normal).\n\n",
      name_a, name_b, both, differ, significant, only, 100 * level);
  out += fmt::format(
      "{:<26} {:<18} {:<24} {:>5} {:>14} {:>14} {:>13} {:>9} "
      "{:>7} {}\n",
      "indicator", "component", "domain", "year", "a", "b", "b - a", "rel.",
      "z", "");
  for (const auto& f : figures) {
    const auto& r = Either(f);
    const std::string domain =
        r.domain_type.empty() ? "" : r.domain_type + "=" + r.domain;
    std::string mark;
    if (!(f.a && f.b)) {
      mark = f.a ? "only in a" : "only in b";
    } else if (f.significant && *f.significant) {
      mark = "*";
    }
    out += fmt::format(
        "{:<26} {:<18} {:<24} {:>5} {:>14} {:>14} {:>13} {:>9} {:>7} {}\n",
        r.scenario == "base" ? r.indicator
                             : r.indicator + " [" + r.scenario + "]",
        r.component, domain, r.year, Short(Estimate(f.a)), Short(Estimate(f.b)),
        Short(f.difference),
        f.relative_change ? fmt::format("{:+.2f}%", 100 * *f.relative_change)
                          : "",
        f.z ? fmt::format("{:.2f}", *f.z) : "", mark);
  }
  return out;
}

}  // namespace jobimpact::report
