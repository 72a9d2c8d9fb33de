// Output of `jobimpact simulate population`: the published marginals the
// synthetic population was built to and what it achieved. CSV columns:
// indicator, component, domain, target, achieved, difference (shares as
// fractions, totals as counts).
#ifndef JOBIMPACT_REPORT_SIM_OUTPUT_H_
#define JOBIMPACT_REPORT_SIM_OUTPUT_H_

#include <string>
#include <vector>

#include "jobimpact/sim/population.h"

namespace jobimpact::report {

std::string MarginalChecksCsv(const std::vector<sim::MarginalCheck>& checks);
std::string MarginalChecksTable(const std::vector<sim::MarginalCheck>& checks,
                                const sim::Population& population,
                                const sim::PopulationSummary& summary);

}  // namespace jobimpact::report

#endif  // JOBIMPACT_REPORT_SIM_OUTPUT_H_
