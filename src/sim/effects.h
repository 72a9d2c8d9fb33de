// Internal to the simulator: the induced and net effects of the simulated
// study (its [indirect] closure and [net]) and their population truth.
#ifndef JOBIMPACT_SRC_SIM_EFFECTS_H_
#define JOBIMPACT_SRC_SIM_EFFECTS_H_

#include <vector>

#include "jobimpact/sim/draw.h"
#include "jobimpact/study/config.h"
#include "jobimpact/study/indicator.h"

namespace jobimpact::sim::internal {

// [net] of the simulated study: stated additionality factors (with ranges),
// one component with its own displacement.
study::NetSpec SimulatedNet();

// Truth rows of the indirect value added, the induced output, value added
// and jobs (per category and in all) from the population's exact
// consumption.
void AppendEffectTruth(const Population& pop, const IoMapping& io,
                       std::vector<Truth>* out);

// Truth rows of jobs_net (SimulatedNet) from the gross truth rows already in
// `out`: jobs_direct per component, jobs_indirect and jobs_induced.
void AppendNetTruth(std::vector<Truth>* out);

}  // namespace jobimpact::sim::internal

#endif  // JOBIMPACT_SRC_SIM_EFFECTS_H_
