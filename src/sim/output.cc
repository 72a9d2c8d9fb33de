#include "jobimpact/sim/output.h"

#include <fmt/format.h>

#include "jobimpact/table/csv_writer.h"

namespace jobimpact::sim {

std::string MarginalChecksCsv(const std::vector<MarginalCheck>& checks) {
  std::string s = "indicator,component,domain,target,achieved,difference\n";
  for (const auto& c : checks) {
    s += fmt::format(
        "{},{},{},{:.17g},{:.17g},{:.17g}\n", table::QuoteCsvField(c.indicator),
        table::QuoteCsvField(c.component), table::QuoteCsvField(c.domain),
        c.target, c.achieved, c.achieved - c.target);
  }
  return s;
}

std::string MarginalChecksTable(const std::vector<MarginalCheck>& checks,
                                const Population& population,
                                const PopulationSummary& summary) {
  std::string s = fmt::format(
      "synthetic ecosystem {}: {} service-provider firms, {} operator "
      "accounts ({} units) in {:.2f} s on {} threads\n\n",
      population.year, population.providers.size(), population.operators.size(),
      summary.units, summary.seconds, summary.threads);
  s += fmt::format("{:<18} {:<22} {:<28} {:>14} {:>14}\n", "indicator",
                   "component", "domain", "target", "achieved");
  for (const auto& c : checks) {
    if (c.is_share) {
      s += fmt::format("{:<18} {:<22} {:<28} {:>13.2f}% {:>13.2f}%\n",
                       c.indicator, c.component, c.domain, 100 * c.target,
                       100 * c.achieved);
    } else {
      s +=
          fmt::format("{:<18} {:<22} {:<28} {:>14.0f} {:>14.0f}\n", c.indicator,
                      c.component, c.domain, c.target, c.achieved);
    }
  }
  s += "\nassumptions (not published):\n";
  for (const auto& n : population.marginals.notes) s += "  - " + n + "\n";
  return s;
}

}  // namespace jobimpact::sim
