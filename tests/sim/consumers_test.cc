#include "jobimpact/sim/consumers.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "jobimpact/geo/gazetteer.h"
#include "jobimpact/sim/population.h"

namespace jobimpact::sim {
namespace {

TEST(PermuteIndexTest, IsABijectionForAnySize) {
  for (uint64_t n : {1u, 2u, 3u, 5u, 16u, 17u, 1000u, 4097u, 65537u}) {
    std::vector<int> hits(n, 0);
    for (uint64_t x = 0; x < n; ++x) {
      const uint64_t p = PermuteIndex(x, n, 12345 + n);
      ASSERT_LT(p, n);
      ++hits[p];
    }
    for (uint64_t p = 0; p < n; ++p) ASSERT_EQ(hits[p], 1) << n << " " << p;
  }
  // Different keys give different orders.
  int same = 0;
  for (uint64_t x = 0; x < 1000; ++x) {
    same += PermuteIndex(x, 1000, 1) == PermuteIndex(x, 1000, 2);
  }
  EXPECT_LT(same, 20);
}

const std::array<double, 31>& Weights() {
  static const std::array<double, 31> w =
      PublishedMarginals(2020)->province_weights;
  return w;
}

ConsumerTargets SmallTargets() {
  Result<Marginals> m = PublishedMarginals(2020);
  EXPECT_TRUE(m.ok());
  ConsumerTargets t = m->consumers;
  t.consumers = 200'000;
  for (auto& c : t.categories) c.total *= 200'000.0 / 1.225e9;
  return t;
}

TEST(ConsumerPopulationTest, TotalsAreTheSumOverEveryConsumer) {
  const ConsumerTargets t = SmallTargets();
  const ConsumerPopulation pop(t, Weights(), 7);
  ASSERT_EQ(pop.size(), 200'000);
  int64_t counted = 0;
  for (int64_t n : pop.city_count()) counted += n;
  EXPECT_EQ(counted, pop.size());
  for (size_t k = 0; k < pop.num_categories(); ++k) {
    double sum = 0;
    int64_t spenders = 0;
    for (size_t c = 0; c < pop.city_count().size(); ++c) {
      for (int64_t j = 0; j < pop.city_count()[c]; ++j) {
        const double v = pop.Spending(c, j, k);
        ASSERT_GE(v, 0.0);
        ASSERT_EQ(v, std::round(v * 100) / 100) << "whole cents";
        sum += v;
        spenders += v > 0;
      }
    }
    // The truth is exact (up to summation order); rounding to cents moves
    // it by at most half a cent per consumer from the target.
    EXPECT_NEAR(pop.Total(k), sum, 1e-9 * sum) << t.categories[k].id;
    EXPECT_NEAR(pop.Total(k), t.categories[k].total,
                0.005 * static_cast<double>(pop.size()))
        << t.categories[k].id;
    EXPECT_NEAR(static_cast<double>(spenders) / 200'000.0,
                t.categories[k].participation, 0.003)
        << t.categories[k].id;
  }
}

TEST(ConsumerPopulationTest, TierOneSpendsMoreAndSeedsDiffer) {
  const ConsumerTargets t = SmallTargets();
  const ConsumerPopulation a(t, Weights(), 7), b(t, Weights(), 8);
  const auto& g = geo::Gazetteer::Default();
  double spend[3] = {0, 0, 0}, people[3] = {0, 0, 0};
  int differ = 0;
  for (size_t c = 0; c < a.city_count().size(); ++c) {
    const int tier = g.cities()[c].tier - 1;
    for (int64_t j = 0; j < a.city_count()[c]; ++j) {
      spend[tier] += a.Spending(c, j, 0);
      people[tier] += 1;
      differ += a.Spending(c, j, 0) != b.Spending(c, j, 0);
    }
  }
  EXPECT_NEAR(people[0] / 200'000, t.tier_shares[0], 1e-4);
  EXPECT_GT(spend[0] / people[0], 1.2 * spend[2] / people[2]);
  EXPECT_GT(differ, 100'000);
}

}  // namespace
}  // namespace jobimpact::sim
