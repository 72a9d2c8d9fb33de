#include "jobimpact/sim/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "jobimpact/geo/gazetteer.h"
#include "test_util.h"

namespace jobimpact::sim {
namespace {

using ::testing::HasSubstr;

TEST(SimConfigTest, OverridesStartFromThePublishedMarginals) {
  testing::TempDir dir;
  const auto path = dir.Write("sim.toml", R"(
[population]
year = 2020
seed = 5
scale = 0.02

[population.province_weights]
"广东省" = 20
Tibet = 0.5

[[population.operators]]
id = "mini_programs"
jobs = 8_000_000
education = [0.1, 0.5, 0.3, 0.1]

[population.shares]
women = 0.5

[draw]
seed = 9
providers_n = 400
operators_n = 2000
provider_design = "pps"
operator_design = "two-stage"
consumers = 600
consumer_cities = 20
encoding = "utf-8"
io_table = "tables/t.csv"
)");
  auto c = LoadSimConfig(path);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_TRUE(c->population.marginals.has_value());
  const Marginals& m = *c->population.marginals;
  const Marginals published = *PublishedMarginals(2020);
  EXPECT_EQ(c->population.seed, 5u);
  EXPECT_EQ(c->population.scale, 0.02);
  EXPECT_EQ(m.women_share, 0.5);
  EXPECT_EQ(m.fulltime_share, published.fulltime_share);
  EXPECT_EQ(m.province_weights[18], 20.0);  // Guangdong.
  EXPECT_EQ(m.province_weights[25], 0.5);   // Tibet.
  EXPECT_EQ(m.province_weights[0], published.province_weights[0]);
  EXPECT_EQ(m.operators[1].jobs, 8'000'000);
  EXPECT_EQ(m.operators[1].accounts, published.operators[1].accounts);
  EXPECT_EQ(m.operators[1].education[2][0], 0.1);
  EXPECT_EQ(c->draw.seed, 9u);
  EXPECT_EQ(c->draw.providers_design, SampleDesign::kPps);
  EXPECT_EQ(c->draw.operators_design, SampleDesign::kTwoStage);
  EXPECT_FALSE(c->draw.gb18030);
  EXPECT_EQ(c->draw.io_table, dir.path() / "tables/t.csv");
  // The population meets the replaced marginals.
  auto pop = GeneratePopulation(c->population);
  ASSERT_TRUE(pop.ok()) << pop.status().ToString();
  int64_t staff = 0;
  for (size_t i = 0; i < pop->operators.size(); ++i) {
    if (pop->operators.component[i] == 1) staff += pop->operators.staff[i];
  }
  EXPECT_EQ(staff, 160'000);
}

struct BadCase {
  const char* toml;
  const char* message;
};

TEST(SimConfigTest, BadInputNamesTheKeyAndWhy) {
  const BadCase cases[] = {
      {"[population]\nyear = 2021\n",
       "sim.toml:2: population.year: the "
       "simulator knows the published marginals "
       "of 2019 and 2020, not 2021"},
      {"[population]\nyear = 2020\n[[population.operators]]\nid = "
       "\"tiktok\"\n",
       "sim.toml:4: population.operators[0].id: unknown operator component "
       "\"tiktok\" (expected one of: official_accounts, mini_programs, "
       "short_video)"},
      {"[population]\nyear = 2020\n[[population.providers]]\nid = "
       "\"payment\"\n[[population.providers]]\nid = \"payment\"\n",
       "provider kind \"payment\" given twice"},
      {"[population]\nyear = 2020\n[population.province_weights]\nAtlantis = "
       "3\n",
       "sim.toml:4: population.province_weights.Atlantis: not one of the 31 "
       "mainland provinces"},
      {"[population]\nyear = 2020\n[population.province_weights]\nHong_Kong "
       "= 3\n",
       "not one of the 31 mainland provinces"},
      {"[population]\nyear = 2020\n[population.shares]\nage_25_34 = 0.7\n",
       "age bands cannot be met together in tier 1: 18-24 (0.108) + 25-34 "
       "(0.7) + 35-54 (0.33) = 1.138 > 1"},
      {"[population]\nyear = 2020\n[[population.providers]]\nid = "
       "\"payment\"\ntier_shares = [0.5, 0.5, 0.5]\n",
       "providers[payment].tier_shares sum to 1.5, not 1 (within 0.005): the "
       "shares cannot be met together"},
      {"[population]\nyear = 2020\n[[population.providers]]\nid = "
       "\"payment\"\ntier_shares = [0.5, 0.5]\n",
       "tier_shares: expected an array of 3 numbers"},
      {"[population]\nyear = 2020\n[[population.providers]]\nid = "
       "\"payment\"\nfirms = 100000\njobs = 5000\n",
       "providers[payment]: 5000 platform jobs in 100000 firms is 0.05 per "
       "firm"},
      {"[population]\nyear = 2020\n[[population.operators]]\nid = "
       "\"mini_programs\"\naccounts = -5\n",
       "accounts: expected a count >= 0"},
      {"[population]\nyear = 2020\n[population.shares]\nwomen = 1.5\n",
       "women_share = 1.5 is not a share in [0, 1]"},
      {"[population]\nyear = 2020\nscale = 0\n",
       "population scale must lie in (0, 4], got 0"},
      {"[population]\nyear = 2020\n[draw]\nnonresponse = -0.1\n",
       "sim.toml:3: draw: non-response rate must lie in [0, 0.95), got -0.1"},
      {"[population]\nyear = 2020\n[draw]\noperator_design = \"cluster\"\n",
       "use two-stage for accounts"},
      {"[population]\nyear = 2020\n[draw]\nprovider_design = \"quota\"\n",
       "draw.provider_design: unknown sample design \"quota\""},
      {"[population]\nyear = 2020\n[draw]\nconsumers = 50\n",
       "50 consumers cannot give 2 or more in each of 100 cities"},
      {"[population]\nyear = 2020\n[draw]\nsample = 5\n", "sample"},
      {"[population]\nyear = 2020\n[[population.operators]]\nid = "
       "\"official_accounts\"\nprovince_shares = { \"北京\" = 50, \"广东\" = "
       "50 }\n",
       "operators[official_accounts]: the tier shares and the province shares "
       "cannot be met together"},
      {"[population]\nyear = 2020\n[population.province_weights]\nTibet = "
       "0\n",
       "providers[enterprise_messaging]: 西藏 has 0.1256% of the jobs but no "
       "city "
       "in a tier with units"},
      {"[population]\nyear = 2020\n[[population.operators]]\nid = "
       "\"short_video\"\nprovince_shares = { Guangdong = 60 }\n",
       "operators[short_video].province_shares sum to 0.6"},
      {"[population]\nyear = 2020\n[population.consumers]\ntier_shares = "
       "[0.2, 0.2, 0.2]\n",
       "consumers.tier_shares sum to 0.6"},
  };
  for (const BadCase& c : cases) {
    testing::TempDir dir;
    auto r = LoadSimConfig(dir.Write("sim.toml", c.toml));
    ASSERT_FALSE(r.ok()) << c.toml;
    EXPECT_THAT(r.status().message(), HasSubstr(c.message)) << c.toml;
  }
}

TEST(SimConfigTest, ProvinceWeightsThatEmptyATierCannotBeMet) {
  std::string toml =
      "[population]\nyear = 2020\n[population.province_weights]\n";
  for (const char* p :
       {"北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江",
        "上海", "江苏", "浙江", "安徽", "福建",   "江西", "山东", "河南",
        "湖北", "湖南", "广东", "广西", "海南",   "重庆", "四川", "贵州",
        "云南", "西藏", "陕西", "甘肃", "青海",   "宁夏", "新疆"}) {
    toml += std::string("\"") + p + "\" = 0\n";
  }
  testing::TempDir dir;
  auto r = LoadSimConfig(dir.Write("sim.toml", toml));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(),
              HasSubstr("the province weights give no tier 2 city a positive "
                        "weight, but the tier shares put units in tier 2: the "
                        "marginals cannot be met together"));
}

TEST(SimConfigTest, PublishedMarginalsAreConsistent) {
  for (int year : {2019, 2020}) {
    EXPECT_TRUE(ValidateMarginals(*PublishedMarginals(year)).ok()) << year;
  }
}

}  // namespace
}  // namespace jobimpact::sim

namespace jobimpact::sim {
namespace {

// An empty province_shares table places a component by the province
// weights alone: every account still lands in a city of its tier, and the
// heaviest province (广东, weight 12) holds the most accounts.
TEST(SimConfigTest, EmptyProvinceSharesPlaceByWeights) {
  testing::TempDir dir;
  auto c = LoadSimConfig(dir.Write("sim.toml", R"(
[population]
year = 2020
scale = 0.01
[[population.operators]]
id = "short_video"
province_shares = {}
)"));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  auto pop = GeneratePopulation(c->population);
  ASSERT_TRUE(pop.ok()) << pop.status().ToString();
  const auto& g = geo::Gazetteer::Default();
  std::array<int64_t, 31> accounts{};
  for (size_t i = 0; i < pop->operators.size(); ++i) {
    if (pop->operators.component[i] != 2) continue;
    const auto& city = g.cities()[pop->operators.city[i]];
    ASSERT_EQ(city.tier - 1, pop->operators.tier[i]);
    ASSERT_EQ(city.province, pop->operators.province[i]);
    ++accounts[pop->operators.province[i]];
  }
  EXPECT_EQ(
      std::max_element(accounts.begin(), accounts.end()) - accounts.begin(),
      18);  // 广东.
}

}  // namespace
}  // namespace jobimpact::sim
