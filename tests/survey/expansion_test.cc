#include "jobimpact/survey/expansion.h"

#include <gtest/gtest.h>

#include <cmath>

namespace jobimpact::survey {
namespace {

TEST(ExpansionTest, ServiceProviderFormulaByHand) {
  // Three firms: 10 staff at 50%, 20 at 25%, 4 at 100% -> 5 + 5 + 4 = 14
  // platform staff; N = 300 firms -> 300 / 3 * 14 = 1400 jobs.
  ExpansionOptions opts;
  opts.population = 300;
  ExpansionSummary summary;
  auto e = ExpansionTotal({10 * 0.5, 20 * 0.25, 4 * 1.0}, opts, &summary);
  ASSERT_TRUE(e.ok());
  EXPECT_DOUBLE_EQ(e->value, 1400.0);
  EXPECT_EQ(*e->n, 3);
  EXPECT_FALSE(e->se.has_value()) << "no variance estimator ran";
  EXPECT_DOUBLE_EQ(summary.weight, 100.0);
  EXPECT_DOUBLE_EQ(summary.sample_sum, 14.0);
  EXPECT_NE(e->method.find("N/n*sum(y)"), std::string::npos);
}

TEST(ExpansionTest, DomainsByZeroWeightingKeepTheFullSampleWeight) {
  ExpansionOptions opts;
  opts.population = 1000;
  auto by = ExpansionTotalsByDomain({1, 2, 3, 4}, {"a", "b", "a", "a"}, opts);
  ASSERT_TRUE(by.ok());
  // Weight stays N/n = 250 inside each domain.
  EXPECT_DOUBLE_EQ(by->at("a").value, 250.0 * 8);
  EXPECT_DOUBLE_EQ(by->at("b").value, 250.0 * 2);
  EXPECT_EQ(*by->at("a").n, 3);
  EXPECT_DOUBLE_EQ(by->at("a").value + by->at("b").value,
                   ExpansionTotal({1, 2, 3, 4}, opts)->value);
}

TEST(ExpansionTest, RejectsBadInput) {
  ExpansionOptions opts;
  opts.population = 0;
  EXPECT_FALSE(ExpansionTotal({1}, opts).ok());
  opts.population = -5;
  EXPECT_FALSE(opts.Validate().ok());
  opts.population = 10;
  EXPECT_FALSE(ExpansionTotal({}, opts).ok());
  EXPECT_FALSE(ExpansionTotal({1, std::nan("")}, opts).ok());
  EXPECT_FALSE(ExpansionTotalsByDomain({1, 2}, {"a"}, opts).ok());
}

}  // namespace
}  // namespace jobimpact::survey
