#include "sample_design.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "jobimpact/base/hash_random.h"

namespace jobimpact::sim::internal {
namespace {

// Allocation proportional to `share` with bounds [min(2, cap), cap].
int64_t Bounded(double exact, int64_t cap) {
  return std::min(
      cap, std::max<int64_t>(std::min<int64_t>(2, cap), std::llround(exact)));
}

// Random streams of one design: distinct for providers ("P") and operators
// ("O") so that their selections are independent.
uint64_t Streams(const std::string& prefix) {
  return prefix.empty() ? 0 : static_cast<uint64_t>(prefix[0]) << 32;
}

// Sample sizes per stratum, proportional to the strata's size measures.
std::vector<int64_t> Allocation(const std::map<uint64_t, Stratum>& strata,
                                int64_t n) {
  double total = 0;
  for (const auto& [key, s] : strata) total += s.measure;
  std::vector<int64_t> out;
  for (const auto& [key, s] : strata) {
    out.push_back(Bounded(s.measure / total * static_cast<double>(n),
                          static_cast<int64_t>(s.units.size())));
  }
  return out;
}

// Units in the cities of one stratum of a cluster frame.
double UnitsIn(const std::map<uint16_t, std::vector<uint32_t>>& cities) {
  double units = 0;
  for (const auto& [c, u] : cities) units += static_cast<double>(u.size());
  return units;
}

}  // namespace

std::vector<int64_t> SampleIndices(int64_t size, int64_t n, uint64_t seed,
                                   uint64_t stream) {
  // Floyd (Bentley & Floyd, CACM 30(9), 1987): n draws whatever the size.
  const HashStream u(seed, stream);
  std::set<int64_t> chosen;
  for (int64_t j = size - n; j < size; ++j) {
    const auto t = static_cast<int64_t>(u.Uniform(static_cast<uint64_t>(j)) *
                                        static_cast<double>(j + 1));
    if (!chosen.insert(std::min(t, j)).second) chosen.insert(j);
  }
  return {chosen.begin(), chosen.end()};
}

std::vector<Selected> DrawStratified(const std::map<uint64_t, Stratum>& strata,
                                     int64_t n, uint64_t seed,
                                     const std::string& prefix) {
  const std::vector<int64_t> alloc = Allocation(strata, n);
  std::vector<Selected> out;
  size_t h = 0;
  for (const auto& [key, s] : strata) {
    const auto size = static_cast<int64_t>(s.units.size());
    const int64_t n_h = alloc[h++];
    const double w = static_cast<double>(size) / static_cast<double>(n_h);
    const std::string label = fmt::format("{}{}", prefix, key);
    for (int64_t j :
         SampleIndices(size, n_h, seed, Streams(prefix) + 1000 + key)) {
      out.push_back({s.units[static_cast<size_t>(j)], label, size, 0, w, ""});
    }
  }
  return out;
}

std::vector<Selected> DrawClusters(const CityGroups& groups, int64_t n,
                                   int64_t per_city, uint64_t seed,
                                   const std::string& prefix) {
  double units = 0;
  for (const auto& [key, cities] : groups) units += UnitsIn(cities);
  std::vector<Selected> out;
  for (const auto& [key, cities] : groups) {
    const auto m_all = static_cast<int64_t>(cities.size());
    const double n_units = UnitsIn(cities);
    // PSUs for about n * share units: n * share / per_city, or, taking
    // whole cities, n * share / (units per city).
    const double want = static_cast<double>(n) * n_units / units;
    double per_psu = n_units / static_cast<double>(m_all);
    if (per_city > 0) {
      // Expected take of a city: min(per_city, its units).
      per_psu = 0;
      for (const auto& [c, u] : cities) {
        per_psu += std::min<double>(static_cast<double>(per_city),
                                    static_cast<double>(u.size()));
      }
      per_psu /= static_cast<double>(m_all);
    }
    const int64_t m = Bounded(want / per_psu, m_all);
    // A stratum with too few cities takes more units in each.
    const int64_t take_per_city =
        per_city > 0
            ? std::max<int64_t>(per_city, static_cast<int64_t>(std::ceil(
                                              want / static_cast<double>(m))))
            : 0;
    const std::string label = fmt::format("{}{}", prefix, key);
    std::vector<const std::vector<uint32_t>*> list;
    for (const auto& [c, u] : cities) list.push_back(&u);
    for (int64_t p :
         SampleIndices(m_all, m, seed, Streams(prefix) + 5000 + key)) {
      const std::vector<uint32_t>& u = *list[static_cast<size_t>(p)];
      const auto size = static_cast<int64_t>(u.size());
      const double w1 = static_cast<double>(m_all) / static_cast<double>(m);
      if (per_city == 0) {
        for (uint32_t i : u) out.push_back({i, label, m_all, 0, w1, ""});
        continue;
      }
      const int64_t take = std::min(take_per_city, size);
      const double w =
          w1 * static_cast<double>(size) / static_cast<double>(take);
      for (int64_t j : SampleIndices(size, take, seed,
                                     Streams(prefix) + 6000 + key * 1024 +
                                         static_cast<uint64_t>(p))) {
        out.push_back({u[static_cast<size_t>(j)], label, m_all, size, w, ""});
      }
    }
  }
  return out;
}

std::vector<Selected> DrawTwoStagePps(const CityGroups& groups, int64_t n,
                                      int64_t per_city, uint64_t seed,
                                      const std::string& prefix) {
  double units = 0;
  for (const auto& [key, cities] : groups) units += UnitsIn(cities);
  std::vector<Selected> out;
  for (const auto& [key, cities] : groups) {
    const auto m_all = static_cast<int64_t>(cities.size());
    const double n_units = UnitsIn(cities);
    const double want = static_cast<double>(n) * n_units / units;
    int64_t m = Bounded(want / static_cast<double>(per_city), m_all);
    // Certainty cities, while some m x N_c / sum(N) >= 1 among the rest.
    std::map<uint16_t, bool> certain;
    double rest = n_units;
    for (bool changed = true; changed && m > 0;) {
      changed = false;
      for (const auto& [c, u] : cities) {
        if (certain.count(c)) continue;
        const auto size = static_cast<double>(u.size());
        if (static_cast<double>(m) * size >= rest) {
          certain[c] = true;
          rest -= size;
          --m;
          changed = true;
        }
      }
    }
    // The common inclusion probability of a unit: m per_city / rest (or,
    // with every city certain, the stratum's share of n).
    // Every unit of the stratum is drawn with the stratum's rate
    // want / N: certainty cities at that rate, the others by
    // rate x rest / m units per sampled city (about per_city).
    const double rate = std::min(1.0, want / n_units);
    const int64_t take_per_city =
        m > 0 ? std::max<int64_t>(
                    2, std::llround(rate * rest / static_cast<double>(m)))
              : 0;
    const std::string label = fmt::format("{}{}", prefix, key);
    const uint64_t streams = Streams(prefix) + 8000 + key * 1024;
    for (const auto& [c, u] : cities) {
      if (!certain.count(c)) continue;
      const auto size = static_cast<int64_t>(u.size());
      const int64_t take = std::min<int64_t>(
          size,
          std::max<int64_t>(2, std::llround(rate * static_cast<double>(size))));
      const std::string stratum = fmt::format("{}C{}", label, c);
      const double w = static_cast<double>(size) / static_cast<double>(take);
      for (int64_t j : SampleIndices(size, take, seed, streams + c)) {
        const uint32_t unit = u[static_cast<size_t>(j)];
        out.push_back({unit, stratum, size, 0, w, fmt::format("u{}", unit)});
      }
    }
    if (m <= 0 || rest <= 0) continue;
    const int64_t m_rest = m_all - static_cast<int64_t>(certain.size());
    const double start = HashStream(seed, streams + 1000).Uniform(0);
    double cum = 0;
    for (const auto& [c, u] : cities) {
      if (certain.count(c)) continue;
      const auto size = static_cast<int64_t>(u.size());
      const double pi =
          static_cast<double>(m) * static_cast<double>(size) / rest;
      const double next = cum + pi;
      const bool hit = std::floor(next - start) > std::floor(cum - start);
      cum = next;
      if (!hit) continue;
      const int64_t take = std::min(take_per_city, size);
      const double w =
          static_cast<double>(size) / (pi * static_cast<double>(take));
      for (int64_t j : SampleIndices(size, take, seed, streams + 400 + c)) {
        out.push_back({u[static_cast<size_t>(j)], label, m_rest, 0, w,
                       fmt::format("c{}", c)});
      }
    }
  }
  return out;
}

std::vector<Selected> DrawPps(const std::map<uint64_t, Stratum>& strata,
                              const std::function<double(size_t)>& size,
                              int64_t n, uint64_t seed,
                              const std::string& prefix) {
  const std::vector<int64_t> alloc = Allocation(strata, n);
  std::vector<Selected> out;
  size_t h = 0;
  for (const auto& [key, s] : strata) {
    const auto n_units = static_cast<int64_t>(s.units.size());
    int64_t n_h = alloc[h++];
    // Certainty units: while some n_h x_i / sum(x) >= 1 among the rest.
    std::vector<bool> certain(s.units.size(), false);
    double rest = s.measure;
    int64_t n_certain = 0;
    for (bool changed = true; changed && n_h > 0;) {
      changed = false;
      for (size_t j = 0; j < s.units.size(); ++j) {
        if (certain[j]) continue;
        const double x = size(s.units[j]);
        if (static_cast<double>(n_h) * x >= rest) {
          certain[j] = true;
          rest -= x;
          --n_h;
          ++n_certain;
          changed = true;
        }
      }
    }
    const std::string label = fmt::format("{}{}", prefix, key);
    for (size_t j = 0; j < s.units.size(); ++j) {
      if (certain[j])
        out.push_back({s.units[j], label + "C", n_certain, 0, 1.0, ""});
    }
    if (n_h <= 0 || rest <= 0) continue;
    // Systematic: unit j is hit when a point start + k falls in its
    // interval of length pi_j along the cumulated probabilities.
    const double start =
        HashStream(seed, Streams(prefix) + 7000 + key).Uniform(0);
    double cum = 0;
    for (size_t j = 0; j < s.units.size(); ++j) {
      if (certain[j]) continue;
      const double pi = static_cast<double>(n_h) * size(s.units[j]) / rest;
      const double next = cum + pi;
      if (std::floor(next - start) > std::floor(cum - start)) {
        out.push_back(
            {s.units[j], label, n_units - n_certain, 0, 1.0 / pi, ""});
      }
      cum = next;
    }
  }
  return out;
}

}  // namespace jobimpact::sim::internal
