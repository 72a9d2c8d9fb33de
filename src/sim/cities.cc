#include "cities.h"

#include "jobimpact/geo/gazetteer.h"

namespace jobimpact::sim::internal {

CityTable BuildCityTable(const std::array<double, 31>& province_weights) {
  CityTable t;
  const auto& g = geo::Gazetteer::Default();
  std::vector<int> tier3_count(g.provinces().size(), 0);
  for (const auto& c : g.cities()) {
    if (c.tier == 3) ++tier3_count[c.province];
  }
  for (size_t i = 0; i < g.cities().size(); ++i) {
    const geo::City& c = g.cities()[i];
    if (c.province >= 31) continue;  // Mainland only.
    double w = province_weights[c.province];
    if (c.tier == 1) {
      w = 10.0;  // The four tier-1 cities weigh alike.
    } else if (c.tier == 3) {
      w /= tier3_count[c.province];
    }
    const int tier = c.tier - 1;
    t.cities[tier].push_back(static_cast<uint16_t>(i));
    t.weights[tier].push_back(w);
    const double prev =
        t.cumulative[tier].empty() ? 0.0 : t.cumulative[tier].back();
    t.cumulative[tier].push_back(prev + w);
  }
  return t;
}

}  // namespace jobimpact::sim::internal
