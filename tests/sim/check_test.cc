#include "jobimpact/sim/check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_util.h"

namespace jobimpact::sim {
namespace {

CheckOptions Small(int replications, int threads) {
  CheckOptions opt;
  opt.population.scale = 0.005;
  opt.population.seed = 11;
  opt.draw.providers_n = 150;
  opt.draw.operators_n = 600;
  opt.draw.seed = 5;
  opt.replications = replications;
  opt.threads = threads;
  return opt;
}

const CheckRow* Find(const std::vector<CheckRow>& rows, const std::string& ind,
                     const std::string& comp) {
  for (const CheckRow& r : rows) {
    if (r.indicator == ind && r.component == comp && r.domain_type.empty()) {
      return &r;
    }
  }
  return nullptr;
}

// Unbiased totals whose 95% intervals cover the truth about 95% of the time.
// With R = 80 the coverage of a correct interval lies in [0.85, 1] with
// probability > 0.99 (binomial 80, 0.95); an interval without se, or a
// biased estimator, falls far below.
TEST(CheckTest, TotalsAreUnbiasedAndCovered) {
  auto rows = RunMonteCarlo(Small(80, 2));
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  for (const char* comp :
       {"", "official_accounts", "mini_programs", "short_video", "payment"}) {
    const CheckRow* r = Find(*rows, "jobs_direct", comp);
    ASSERT_NE(r, nullptr) << comp;
    EXPECT_EQ(r->replications, 80);
    EXPECT_GE(r->coverage, 0.85) << comp;
    EXPECT_LT(std::fabs(r->bias), 4 * r->rmse / std::sqrt(80.0) + 1e-9)
        << comp << " bias " << r->bias << " rmse " << r->rmse;
  }
  // Shares of all direct jobs by region: unbiased to the Monte Carlo error
  // and covered.
  int shares = 0;
  for (const CheckRow& r : *rows) {
    if (r.indicator != "jobs_share" || !r.component.empty() ||
        r.domain_type != "region") {
      continue;
    }
    ++shares;
    EXPECT_GE(r.coverage, 0.85) << r.domain;
    EXPECT_LT(std::fabs(r.bias), 4 * r.rmse / std::sqrt(80.0) + 1e-9)
        << r.domain;
  }
  EXPECT_EQ(shares, 3);
  EXPECT_THAT(CheckRowsCsv(*rows),
              ::testing::HasSubstr(
                  "indicator,component,domain,truth,mean_estimate,bias,rmse,"
                  "coverage,replications"));
}

TEST(CheckTest, SameResultsOnAnyThreadCount) {
  auto a = RunMonteCarlo(Small(4, 1));
  auto b = RunMonteCarlo(Small(4, 2));
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->size(), b->size());
  for (size_t i = 0; i < a->size(); ++i) {
    EXPECT_EQ((*a)[i].mean_estimate, (*b)[i].mean_estimate);
    EXPECT_EQ((*a)[i].coverage, (*b)[i].coverage);
  }
}

// Informative non-response (large accounts answer more) biases the totals
// upward and the check shows it.
TEST(CheckTest, InformativeNonResponseIsExposed) {
  CheckOptions opt = Small(30, 2);
  opt.draw.nonresponse = 0.6;
  opt.draw.informative = true;
  auto rows = RunMonteCarlo(opt);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  const CheckRow* r = Find(*rows, "jobs_direct", "official_accounts");
  ASSERT_NE(r, nullptr);
  EXPECT_GT(r->bias / r->truth, 0.10);
  EXPECT_LT(r->coverage, 0.5);
  EXPECT_FALSE(RunMonteCarlo(Small(1, 1)).ok());  // R must be >= 2.
}

}  // namespace
}  // namespace jobimpact::sim

namespace jobimpact::sim {
namespace {

// With a table, consumption and indirect figures are checked against their
// truth too (the table is read once for all replications).
TEST(CheckTest, IndirectFiguresHaveTruthAndAreEstimatedInEveryReplication) {
  CheckOptions opt = Small(4, 2);
  opt.draw.consumers_n = 600;
  opt.draw.consumer_cities = 20;
  opt.draw.io_table = testing::SourcePath("data/io/cn2020_153.csv");
  auto rows = RunMonteCarlo(opt);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  int found = 0;
  for (const CheckRow& r : *rows) {
    if ((r.indicator == "output_indirect" || r.indicator == "jobs_total") &&
        r.domain_type.empty()) {
      ++found;
      EXPECT_EQ(r.replications, 4) << r.indicator;
      EXPECT_GT(r.truth, 0) << r.indicator;
      EXPECT_NEAR(r.mean_estimate, r.truth, 0.3 * r.truth) << r.indicator;
    }
  }
  EXPECT_EQ(found, 2);
}

}  // namespace
}  // namespace jobimpact::sim
