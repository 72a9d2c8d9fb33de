#include "jobimpact/sim/population.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "jobimpact/geo/gazetteer.h"

namespace jobimpact::sim {
namespace {

using ::testing::HasSubstr;

// The tolerance for published shares: half a percentage point.
constexpr double kHalfPoint = 0.005;

Population Make(int year, double scale, int threads, uint64_t seed = 7) {
  PopulationOptions opt;
  opt.year = year;
  opt.scale = scale;
  opt.threads = threads;
  opt.seed = seed;
  auto p = GeneratePopulation(opt);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  return std::move(*p);
}

TEST(PopulationTest, MeetsThePublishedMarginals) {
  for (int year : {2019, 2020}) {
    SCOPED_TRACE(year);
    Population p = Make(year, 0.02, 2);
    auto checks = CheckMarginals(p);
    ASSERT_GT(checks.size(), 40u);
    for (const MarginalCheck& c : checks) {
      const std::string what = c.indicator + " " + c.component + " " + c.domain;
      if (c.is_share) {
        EXPECT_NEAR(c.achieved, c.target, kHalfPoint) << what;
      } else if (c.indicator == "jobs" &&
                 c.component.find("provider") == std::string::npos &&
                 c.component != "enterprise_messaging" &&
                 c.component != "payment") {
        EXPECT_EQ(c.achieved, c.target) << what;  // Operators: exact.
      } else {
        // Provider jobs: sizes are rounded to whole employees.
        EXPECT_NEAR(c.achieved, c.target, 0.01 * c.target) << what;
      }
    }
  }
  // 2020 has short video, 2019 does not.
  EXPECT_EQ(Make(2020, 0.001, 1).marginals.operators.size(), 3u);
  EXPECT_EQ(Make(2019, 0.001, 1).marginals.operators.size(), 2u);
}

TEST(PopulationTest, RealisticShapes) {
  Population p = Make(2020, 0.02, 2);
  const OperatorAccounts& o = p.operators;
  // Heavy-tailed staff; full-time staff never exceed staff.
  const int32_t max_staff = *std::max_element(o.staff.begin(), o.staff.end());
  const double mean = std::accumulate(o.staff.begin(), o.staff.end(), 0.0) /
                      static_cast<double>(o.size());
  EXPECT_GT(max_staff, 20 * mean);
  for (size_t i = 0; i < o.size(); ++i) {
    ASSERT_LE(o.fulltime_staff[i], o.staff[i]);
  }
  // Every unit sits in a mainland city of its tier, in that city's province.
  const auto& g = geo::Gazetteer::Default();
  for (size_t i = 0; i < o.size(); i += 97) {
    const geo::City& c = g.cities()[o.city[i]];
    ASSERT_EQ(c.tier, o.tier[i] + 1);
    ASSERT_EQ(c.province, o.province[i]);
    ASSERT_LT(o.province[i], 31);
  }
  // Guangdong is the largest province, Tibet among the smallest.
  std::vector<int64_t> by_province(34, 0);
  for (size_t i = 0; i < o.size(); ++i)
    by_province[o.province[i]] += o.staff[i];
  const auto top = std::max_element(by_province.begin(), by_province.end()) -
                   by_province.begin();
  EXPECT_EQ(g.provinces()[static_cast<size_t>(top)].short_zh, "广东");
  // Firms: about 60,000 at full scale (1,200 at 2%), sizes heavy-tailed.
  EXPECT_EQ(p.providers.size(), 1200u);
}

TEST(PopulationTest, SameSeedSamePopulationOnAnyThreadCount) {
  Population a = Make(2020, 0.02, 1, 42);
  Population b = Make(2020, 0.02, 2, 42);
  EXPECT_EQ(a.operators.staff, b.operators.staff);
  EXPECT_EQ(a.operators.city, b.operators.city);
  EXPECT_EQ(a.operators.education, b.operators.education);
  EXPECT_EQ(a.providers.employees, b.providers.employees);
  Population c = Make(2020, 0.02, 2, 43);
  EXPECT_NE(a.operators.city, c.operators.city);
}

TEST(PopulationTest, BadOptions) {
  PopulationOptions opt;
  opt.year = 2018;
  EXPECT_THAT(GeneratePopulation(opt).status().message(),
              HasSubstr("2019 and 2020, not 2018"));
  opt.year = 2020;
  opt.scale = -1;
  EXPECT_THAT(GeneratePopulation(opt).status().message(),
              HasSubstr("scale must lie in (0, 4]"));
  opt.scale = 1;
  opt.threads = -2;
  EXPECT_FALSE(GeneratePopulation(opt).ok());
}

}  // namespace
}  // namespace jobimpact::sim

namespace jobimpact::sim {
namespace {

// Province shares of jobs, by component id and over all components.
std::map<std::string, std::array<double, 31>> JobShares(const Population& p) {
  std::map<std::string, std::array<double, 31>> jobs;
  for (size_t i = 0; i < p.providers.size(); ++i) {
    const double j = p.providers.employees[i] *
                     static_cast<double>(p.providers.platform_share[i]);
    jobs[p.marginals.providers[p.providers.kind[i]].id]
        [p.providers.province[i]] += j;
    jobs[""][p.providers.province[i]] += j;
  }
  for (size_t i = 0; i < p.operators.size(); ++i) {
    const double j = p.operators.staff[i];
    jobs[p.marginals.operators[p.operators.component[i]].id]
        [p.operators.province[i]] += j;
    jobs[""][p.operators.province[i]] += j;
  }
  for (auto& [id, v] : jobs) {
    double total = 0;
    for (double x : v) total += x;
    for (double& x : v) x /= total;
  }
  return jobs;
}

std::vector<std::string> TopTen(const std::array<double, 31>& s) {
  std::vector<size_t> order(31);
  for (size_t i = 0; i < 31; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return s[a] > s[b]; });
  std::vector<std::string> out;
  for (size_t i = 0; i < 10; ++i) {
    out.push_back(geo::Gazetteer::Default().provinces()[order[i]].short_zh);
  }
  return out;
}

// The 2021 report, table 1 (top-10 provinces by share of job opportunities)
// and its map's classes (> 10%: Guangdong, Beijing; 5-10%: Shanghai,
// Jiangsu, Shandong, Zhejiang).
TEST(PopulationTest, ProvincesFollowTheReportsTopTenAndClasses) {
  const Population pop = Make(2020, 0.1, 2);
  const auto shares = JobShares(pop);
  using V = std::vector<std::string>;
  EXPECT_EQ(TopTen(shares.at("")), (V{"广东", "北京", "上海", "江苏", "山东",
                                      "浙江", "四川", "河南", "湖南", "湖北"}));
  EXPECT_EQ(TopTen(shares.at("mini_programs")),
            (V{"广东", "北京", "上海", "浙江", "江苏", "四川", "山东", "河南",
               "湖南", "湖北"}));
  EXPECT_EQ(TopTen(shares.at("official_accounts")),
            (V{"广东", "北京", "上海", "江苏", "湖北", "河南", "浙江", "山东",
               "四川", "湖南"}));
  EXPECT_EQ(TopTen(shares.at("short_video")),
            (V{"广东", "山东", "北京", "江苏", "上海", "安徽", "云南", "辽宁",
               "浙江", "福建"}));
  const auto& g = geo::Gazetteer::Default();
  for (size_t p = 0; p < 31; ++p) {
    const std::string& name = g.provinces()[p].short_zh;
    const double v = shares.at("")[p];
    if (name == "广东" || name == "北京") {
      EXPECT_GT(v, 0.10) << name;
    } else if (name == "上海" || name == "江苏" || name == "山东" ||
               name == "浙江") {
      EXPECT_GT(v, 0.05) << name;
      EXPECT_LE(v, 0.10) << name;
    } else {
      EXPECT_LE(v, 0.05) << name;
    }
  }
  // Every component's province shares are met to rounding of jobs.
  for (const MarginalCheck& c : CheckMarginals(pop)) {
    if (c.indicator == "province_share") {
      EXPECT_NEAR(c.achieved, c.target, 5e-4) << c.component << c.domain;
    }
  }
}

}  // namespace
}  // namespace jobimpact::sim
