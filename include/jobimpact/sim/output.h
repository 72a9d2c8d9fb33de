// Output of `jobimpact simulate population` (the simulator is the last
// module of the chain: it runs studies and writes files, so it may use them):
// the published marginals the synthetic population was built to and what it
// achieved. CSV columns: indicator, component, domain, target, achieved,
// difference (shares as fractions, totals as counts).
#ifndef JOBIMPACT_SIM_OUTPUT_H_
#define JOBIMPACT_SIM_OUTPUT_H_

#include <string>
#include <vector>

#include "jobimpact/sim/population.h"

namespace jobimpact::sim {

std::string MarginalChecksCsv(const std::vector<MarginalCheck>& checks);
std::string MarginalChecksTable(const std::vector<MarginalCheck>& checks,
                                const Population& population,
                                const PopulationSummary& summary);

}  // namespace jobimpact::sim

#endif  // JOBIMPACT_SIM_OUTPUT_H_
