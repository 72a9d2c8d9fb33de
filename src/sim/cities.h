// Internal to the simulator: the mainland cities of each tier with the
// weights used to place synthetic units (firms, accounts, consumers).
#ifndef JOBIMPACT_SRC_SIM_CITIES_H_
#define JOBIMPACT_SRC_SIM_CITIES_H_

#include <array>
#include <cstdint>
#include <vector>

#include "jobimpact/sim/population.h"

namespace jobimpact::sim::internal {

struct CityTable {
  // Gazetteer city indices of tier t (0 = tier 1) and their weights.
  std::array<std::vector<uint16_t>, kTiers> cities;
  std::array<std::vector<double>, kTiers> weights;
  std::array<std::vector<double>, kTiers> cumulative;  // Of the weights.
};

// From the gazetteer and the weights of the 31 mainland provinces (GB/T 2260
// order): tier-1 cities weigh alike; tier-2 cities by their province's
// weight; tier-3+ cities share their province's weight.
CityTable BuildCityTable(const std::array<double, 31>& province_weights);

}  // namespace jobimpact::sim::internal

#endif  // JOBIMPACT_SRC_SIM_CITIES_H_
