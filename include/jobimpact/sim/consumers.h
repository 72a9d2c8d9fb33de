// The consumers of a synthetic ecosystem: platform-driven spending by the
// consumption categories of docs/method.md §2, for about a billion consumers.
//
// A billion consumers cannot be stored, and need not be: a consumer's
// spending is a pure function of (seed, city, index in the city, category),
// so a sample is generated from its indices alone, while the population
// totals (the truth) are exact sums over a small table.
//
// Construction (per city c and category k): the spending distribution is a
// zero-inflated lognormal cut into kConsumptionLevels equal-count levels
// (level l holds ceil((l+1) N_c / L) - ceil(l N_c / L) consumers), the
// level's value is its quantile times a city multiplier (tier effect and a
// lognormal city effect, so consumers of one city resemble each other and
// cluster samples have a design effect), rounded to whole cents. Consumer j
// of city c gets the level of position pi(j), pi a keyed pseudo-random
// permutation of [0, N_c) (a four-round Feistel network with cycle walking;
// Black & Rogaway, "Ciphers with arbitrary finite domains", CT-RSA 2002),
// one permutation per category. Hence every category total is known
// exactly: sum over cities and levels of count x value.
#ifndef JOBIMPACT_SIM_CONSUMERS_H_
#define JOBIMPACT_SIM_CONSUMERS_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace jobimpact::sim {

constexpr int kConsumptionLevels = 512;

struct ConsumptionTarget {
  std::string id;         // "traffic", "catering", ... (study category ids).
  std::string name_zh;    // Column header of the consumer survey.
  std::string sector_zh;  // NBS input-output sector (docs/method.md §2 table).
  double total = 0.0;     // Yuan per year over all consumers.
  double participation = 0.0;  // Share of consumers spending anything.
  double sigma = 0.0;          // Lognormal shape of positive spending.
  std::string source;
  std::string name_en{};  // For English documents (study name_en).
};

struct ConsumerTargets {
  int64_t consumers = 0;                // Platform users (monthly active).
  std::array<double, 3> tier_shares{};  // Of consumers, tier 1 / 2 / 3+.
  std::array<double, 3> tier_factor{};  // Relative spending by tier.
  double city_sigma = 0.0;              // Lognormal city effect.
  std::vector<ConsumptionTarget> categories;
};

class ConsumerPopulation {
 public:
  ConsumerPopulation() = default;
  // Places targets.consumers in the mainland cities (by tier shares, then
  // city weights from the province weights, as for firms and accounts) and
  // scales every category so that its total meets the target before rounding to
  // cents.
  ConsumerPopulation(const ConsumerTargets& targets,
                     const std::array<double, 31>& province_weights,
                     uint64_t seed);

  int64_t size() const { return size_; }
  size_t num_categories() const { return num_categories_; }
  // Consumers per gazetteer city (0 outside the mainland).
  const std::vector<int64_t>& city_count() const { return city_count_; }
  // Yuan (whole cents) consumer j (0 <= j < city_count()[city]) of `city`
  // spends on category k in the year.
  double Spending(size_t city, int64_t j, size_t k) const;
  // Exact population total of category k (yuan).
  double Total(size_t k) const { return total_[k]; }

 private:
  double LevelValue(size_t city, size_t k, int64_t level) const;

  uint64_t seed_ = 0;
  int64_t size_ = 0;
  size_t num_categories_ = 0;
  std::vector<int64_t> city_count_;
  std::vector<double> multiplier_;  // city x category.
  std::vector<double> base_;        // category x level, yuan.
  std::vector<double> total_;       // By category.
};

// A keyed pseudo-random permutation of [0, n) (n >= 1): Feistel network on
// the smallest even number of bits covering n, cycle-walking into range.
uint64_t PermuteIndex(uint64_t x, uint64_t n, uint64_t key);

}  // namespace jobimpact::sim

#endif  // JOBIMPACT_SIM_CONSUMERS_H_
