#include "jobimpact/sim/consumers.h"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>

#include "cities.h"
#include "jobimpact/base/hash_random.h"
#include "jobimpact/geo/gazetteer.h"

namespace jobimpact::sim {
namespace {

constexpr uint64_t kCityEffectStream = 70;
constexpr uint64_t kPermutationStream = 71;

// Consumers of an N-consumer city in level l: the levels split [0, N) at
// ceil(l N / L), so position p is in level floor(p L / N).
int64_t LevelCount(int64_t n, int64_t l) {
  const int64_t L = kConsumptionLevels;
  return ((l + 1) * n + L - 1) / L - (l * n + L - 1) / L;
}

// Largest-remainder rounding of n * w_i / sum(w).
std::vector<int64_t> Apportion(int64_t n, const std::vector<double>& w) {
  double sum = 0;
  for (double v : w) sum += v;
  std::vector<int64_t> out(w.size());
  std::vector<std::pair<double, size_t>> rest;
  int64_t used = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    const double exact = static_cast<double>(n) * w[i] / sum;
    out[i] = static_cast<int64_t>(std::floor(exact));
    used += out[i];
    rest.push_back({exact - static_cast<double>(out[i]), i});
  }
  std::stable_sort(rest.begin(), rest.end(), [](const auto& a, const auto& b) {
    return a.first > b.first;
  });
  for (int64_t r = 0; r < n - used; ++r)
    ++out[rest[static_cast<size_t>(r)].second];
  return out;
}

}  // namespace

uint64_t PermuteIndex(uint64_t x, uint64_t n, uint64_t key) {
  if (n <= 1) return 0;
  int bits = 2;
  while (bits < 64 && (uint64_t{1} << bits) < n) ++bits;
  if (bits % 2 != 0) ++bits;
  const int half = bits / 2;
  const uint64_t mask = (uint64_t{1} << half) - 1;
  // Cycle walking: the Feistel network permutes [0, 2^bits); applying it
  // until the value falls in [0, n) gives a permutation of [0, n).
  do {
    uint64_t left = x >> half, right = x & mask;
    for (uint64_t round = 0; round < 4; ++round) {
      const uint64_t f =
          SplitMix64(key ^ (right * 0x9e3779b97f4a7c15ULL + round)) & mask;
      const uint64_t next = left ^ f;
      left = right;
      right = next;
    }
    x = (left << half) | right;
  } while (x >= n);
  return x;
}

ConsumerPopulation::ConsumerPopulation(
    const ConsumerTargets& t, const std::array<double, 31>& province_weights,
    uint64_t seed)
    : seed_(seed), num_categories_(t.categories.size()) {
  const auto& gaz = geo::Gazetteer::Default();
  const internal::CityTable cities = internal::BuildCityTable(province_weights);
  const size_t nk = num_categories_;
  city_count_.assign(gaz.cities().size(), 0);
  const std::vector<double> tier_w(t.tier_shares.begin(), t.tier_shares.end());
  const std::vector<int64_t> by_tier = Apportion(t.consumers, tier_w);
  for (int tier = 0; tier < kTiers; ++tier) {
    const std::vector<int64_t> n =
        Apportion(by_tier[tier], cities.weights[tier]);
    for (size_t i = 0; i < n.size(); ++i) {
      city_count_[cities.cities[tier][i]] = n[i];
    }
  }
  size_ = t.consumers;
  // City multipliers: tier factor x exp(sigma z - sigma^2 / 2).
  multiplier_.assign(city_count_.size() * nk, 0.0);
  const HashStream effect(seed, kCityEffectStream);
  for (size_t c = 0; c < city_count_.size(); ++c) {
    const int tier = gaz.cities()[c].tier - 1;
    for (size_t k = 0; k < nk; ++k) {
      const double z = effect.Normal(c * 64 + k);
      multiplier_[c * nk + k] =
          t.tier_factor[static_cast<size_t>(tier)] *
          std::exp(t.city_sigma * z - 0.5 * t.city_sigma * t.city_sigma);
    }
  }
  // Level quantiles of the zero-inflated lognormal, scaled to the target.
  const int64_t L = kConsumptionLevels;
  base_.assign(nk * static_cast<size_t>(L), 0.0);
  total_.assign(nk, 0.0);
  for (size_t k = 0; k < nk; ++k) {
    const ConsumptionTarget& cat = t.categories[k];
    const int64_t zero =
        std::llround(static_cast<double>(L) * (1.0 - cat.participation));
    double* base = &base_[k * static_cast<size_t>(L)];
    for (int64_t l = zero; l < L; ++l) {
      const double u =
          (static_cast<double>(l - zero) + 0.5) / static_cast<double>(L - zero);
      base[l] =
          std::exp(cat.sigma * boost::math::quantile(boost::math::normal(), u));
    }
    double raw = 0;
    for (size_t c = 0; c < city_count_.size(); ++c) {
      if (city_count_[c] == 0) continue;
      double s = 0;
      for (int64_t l = 0; l < L; ++l)
        s += static_cast<double>(LevelCount(city_count_[c], l)) * base[l];
      raw += multiplier_[c * nk + k] * s;
    }
    for (int64_t l = 0; l < L; ++l) base[l] *= raw > 0 ? cat.total / raw : 0.0;
    // The truth: exact sum of the values consumers carry (whole cents).
    double total = 0;
    for (size_t c = 0; c < city_count_.size(); ++c) {
      if (city_count_[c] == 0) continue;
      for (int64_t l = 0; l < L; ++l) {
        total += static_cast<double>(LevelCount(city_count_[c], l)) *
                 LevelValue(c, k, l);
      }
    }
    total_[k] = total;
  }
}

double ConsumerPopulation::LevelValue(size_t city, size_t k,
                                      int64_t level) const {
  const double v = multiplier_[city * num_categories_ + k] *
                   base_[k * kConsumptionLevels + static_cast<size_t>(level)];
  return std::round(v * 100.0) / 100.0;
}

double ConsumerPopulation::Spending(size_t city, int64_t j, size_t k) const {
  const int64_t n = city_count_[city];
  const uint64_t key =
      SplitMix64(seed_ * 0x2545f4914f6cdd1dULL + kPermutationStream) ^
      SplitMix64(city * 64 + k);
  const int64_t p = static_cast<int64_t>(
      PermuteIndex(static_cast<uint64_t>(j), static_cast<uint64_t>(n), key));
  return LevelValue(city, k, p * kConsumptionLevels / n);
}

}  // namespace jobimpact::sim
