#include "cities.h"

#include "jobimpact/geo/gazetteer.h"

namespace jobimpact::sim::internal {
namespace {

// Province weights of the 31 mainland divisions (GB/T 2260 order), a rough
// digital-economy size: where tier-3 units are placed. Assumption.
constexpr double kProvinceWeight[31] = {3.0, 1.5, 4.0,  2.0, 1.5, 2.5, 1.5, 1.8,
                                        3.0, 7.0, 7.0,  4.0, 4.0, 3.0, 7.0, 6.0,
                                        4.5, 4.5, 12.0, 3.0, 0.8, 2.5, 6.0, 2.0,
                                        2.5, 0.2, 3.0,  1.2, 0.3, 0.4, 1.2};

}  // namespace

const CityTable& Cities() {
  static const CityTable* table = [] {
    auto* t = new CityTable();
    const auto& g = geo::Gazetteer::Default();
    std::vector<int> tier3_count(g.provinces().size(), 0);
    for (const auto& c : g.cities()) {
      if (c.tier == 3) ++tier3_count[c.province];
    }
    for (size_t i = 0; i < g.cities().size(); ++i) {
      const geo::City& c = g.cities()[i];
      if (c.province >= 31) continue;  // Mainland only.
      double w = kProvinceWeight[c.province];
      if (c.tier == 1) {
        w = 10.0;  // The four tier-1 cities weigh alike.
      } else if (c.tier == 3) {
        w /= tier3_count[c.province];
      }
      const int tier = c.tier - 1;
      t->cities[tier].push_back(static_cast<uint16_t>(i));
      t->weights[tier].push_back(w);
      const double prev =
          t->cumulative[tier].empty() ? 0.0 : t->cumulative[tier].back();
      t->cumulative[tier].push_back(prev + w);
    }
    return t;
  }();
  return *table;
}

}  // namespace jobimpact::sim::internal
