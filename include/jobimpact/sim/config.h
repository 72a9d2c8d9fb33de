// A simulation config file: the population (year, seed, scale and any
// marginal replaced), the draw and its design, in one TOML file, so a
// simulation can be kept with a project and rerun. docs/simulator.md
// ("Config file") lists every key.
//
// Overrides start from the published marginals of the year: a provider
// kind or operator component is named by id and only the keys given change;
// province weights are named by any spelling the gazetteer matches.
// Errors name the file, line and key: unknown keys, components or
// provinces, values of the wrong type or out of range, and marginals that
// cannot be met together (ValidateMarginals says which).
#ifndef JOBIMPACT_SIM_CONFIG_H_
#define JOBIMPACT_SIM_CONFIG_H_

#include <filesystem>

#include "jobimpact/base/status.h"
#include "jobimpact/sim/draw.h"
#include "jobimpact/sim/population.h"

namespace jobimpact::sim {

struct SimConfig {
  PopulationOptions population;  // population.marginals always set.
  DrawOptions draw;              // draw.io_table resolved against the file.
};

Result<SimConfig> LoadSimConfig(const std::filesystem::path& path);

}  // namespace jobimpact::sim

#endif  // JOBIMPACT_SIM_CONFIG_H_
