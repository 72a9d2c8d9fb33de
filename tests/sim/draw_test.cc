#include "jobimpact/sim/draw.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <sstream>

#include "jobimpact/geo/gazetteer.h"
#include "jobimpact/study/config.h"
#include "jobimpact/study/model.h"
#include "test_util.h"

namespace jobimpact::sim {
namespace {

using ::testing::HasSubstr;

Population Small(double scale = 0.01) {
  PopulationOptions opt;
  opt.scale = scale;
  opt.seed = 3;
  auto p = GeneratePopulation(opt);
  EXPECT_TRUE(p.ok());
  return std::move(*p);
}

TEST(DrawTest, WritesWhatAResearchTeamReceives) {
  Population pop = Small();
  testing::TempDir dir;
  DrawOptions opt;
  opt.providers_n = 300;
  opt.operators_n = 1500;
  opt.dirty_rows = 10;
  DrawSummary s;
  ASSERT_TRUE(WriteDraw(pop, opt, dir.path() / "d", &s).ok());
  EXPECT_EQ(s.providers_responded, s.providers_drawn);
  EXPECT_NEAR(static_cast<double>(s.providers_drawn), 300, 100);
  // Rounding of the allocation and the per-stratum bounds move n a little.
  EXPECT_NEAR(static_cast<double>(s.operators_drawn), 1500, 30);
  const std::string prov = testing::ReadAll(dir.path() / "d/providers.csv");
  EXPECT_EQ(prov.substr(0, 3), "\xEF\xBB\xBF");  // Excel's UTF-8 BOM.
  EXPECT_THAT(prov, HasSubstr("企业编号,服务商类型,省份"));
  EXPECT_THAT(prov, HasSubstr(" Province"));  // Dirty spellings.
  // Dirty cities: some rows spell the city differently from the gazetteer's
  // full name, and every spelling still matches a city.
  {
    const auto& g = geo::Gazetteer::Default();
    std::istringstream lines(prov);
    std::string line;
    std::getline(lines, line);
    int variants = 0;
    while (std::getline(lines, line)) {
      std::vector<std::string> f;
      std::istringstream fields(line);
      for (std::string x; std::getline(fields, x, ',');) f.push_back(x);
      ASSERT_GE(f.size(), 4u);
      size_t city = 0;
      ASSERT_EQ(g.MatchCity(f[3], std::nullopt, &city),
                geo::Gazetteer::Match::kFound)
          << f[3];
      variants += g.cities()[city].name_zh != f[3];
    }
    EXPECT_GT(variants, 0);
  }
  const std::string ops = testing::ReadAll(dir.path() / "d/operators.csv");
  EXPECT_EQ(ops.find("账号编号"), std::string::npos);  // GB18030, not UTF-8.
  // The study runs as written, and its total is near the truth.
  auto spec = study::LoadStudy(dir.path() / "d/study.toml");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  auto run = study::RunStudy(*spec);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  const study::Figure* total =
      study::FindFigure(run->figures, "jobs_direct", 2020);
  ASSERT_NE(total, nullptr);
  double truth = 0;
  for (const Truth& t : PopulationTruth(pop)) {
    if (t.indicator == "jobs_direct" && t.component.empty() &&
        t.domain_type.empty()) {
      truth = t.value;
    }
  }
  EXPECT_NEAR(total->estimate, truth, 0.15 * truth);
  EXPECT_THAT(testing::ReadAll(dir.path() / "d/truth.csv"),
              HasSubstr("jobs_direct,official_accounts,city_tier,tier 1,"));
}

TEST(DrawTest, TruthAddsUp) {
  Population pop = Small();
  double all = 0, parts = 0, provinces = 0;
  for (const Truth& t : PopulationTruth(pop)) {
    if (t.indicator != "jobs_direct") continue;
    if (t.component.empty() && t.domain_type.empty()) all = t.value;
    if (!t.component.empty() && t.domain_type.empty()) parts += t.value;
    if (t.component.empty() && t.domain_type == "province")
      provinces += t.value;
  }
  EXPECT_NEAR(all, parts, 1e-6 * all);
  EXPECT_NEAR(all, provinces, 1e-6 * all);
  std::map<std::string, double> share_sums;
  for (const Truth& t : PopulationTruth(pop)) {
    if (t.indicator == "jobs_share") {
      share_sums[t.component + "/" + t.domain_type] += t.value;
    }
  }
  // province + region for 6 components and (all); city tier and six
  // attributes (age band, education, gender, insured, job type, remote) for
  // the 3 operator components.
  EXPECT_EQ(share_sums.size(), 6u * 2 + 1u * 2 + 3u * 7);
  for (const auto& [k, v] : share_sums) EXPECT_NEAR(v, 1.0, 1e-9) << k;
  int64_t staff = 0;
  for (int32_t v : pop.operators.staff) staff += v;
  EXPECT_GT(all, static_cast<double>(staff));  // Providers' jobs on top.
}

TEST(DrawTest, NonResponseAndBadOptions) {
  Population pop = Small();
  testing::TempDir dir;
  DrawOptions opt;
  opt.providers_n = 300;
  opt.operators_n = 1500;
  opt.nonresponse = 0.4;
  opt.informative = true;
  DrawSummary s;
  ASSERT_TRUE(WriteDraw(pop, opt, dir.path() / "d", &s).ok());
  EXPECT_LT(s.operators_responded, s.operators_drawn * 8 / 10);
  EXPECT_GT(s.operators_responded, s.operators_drawn * 4 / 10);
  opt.operators_n = 100'000'000;
  EXPECT_THAT(WriteDraw(pop, opt, dir.path() / "e").message(),
              HasSubstr("larger than the population"));
  opt.operators_n = 100;
  opt.nonresponse = 1.2;
  EXPECT_THAT(WriteDraw(pop, opt, dir.path() / "e").message(),
              HasSubstr("non-response rate must lie in [0, 0.95)"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "e"));
}

TEST(DrawTest, ConsumersInTwoStagesWithIndirectTruth) {
  Population pop = Small();
  testing::TempDir dir;
  DrawOptions opt;
  opt.providers_n = 300;
  opt.operators_n = 1500;
  opt.consumers_n = 1200;
  opt.consumer_cities = 20;
  opt.io_table = testing::SourcePath("data/io/cn2020_153.csv");
  DrawSummary s;
  ASSERT_TRUE(WriteDraw(pop, opt, dir.path() / "d", &s).ok());
  // 4 tier-1 cities and 16 others, 60 consumers in each.
  EXPECT_EQ(s.consumers_drawn, 20 * 60);
  const std::string cons = testing::ReadAll(dir.path() / "d/consumers.csv");
  EXPECT_THAT(cons, HasSubstr("消费者编号,省份,城市,城市等级,流量消费"));
  auto spec = study::LoadStudy(dir.path() / "d/study.toml");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  auto run = study::RunStudy(*spec);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  std::map<std::string, double> truth;
  for (const Truth& t : PopulationTruth(pop)) {
    EXPECT_NE(t.indicator, "output_indirect") << "no table, no indirect";
  }
  auto io = MapConsumptionToTable(pop, opt.io_table);
  ASSERT_TRUE(io.ok()) << io.status().ToString();
  EXPECT_EQ(io->codes[0], "127");  // Traffic -> internet services.
  double indirect = 0, direct_jobs = 0;
  for (const Truth& t : PopulationTruth(pop, &*io)) {
    if (!t.domain_type.empty() && t.domain_type != "category") continue;
    if (t.indicator == "consumption") {
      const size_t k = truth.size();
      indirect += t.value * io->coefficients[k];
      truth[t.domain] = t.value;
    }
    if (t.indicator == "jobs_direct" && t.component.empty()) {
      direct_jobs = t.value;
    }
    if (t.indicator == "output_indirect" && t.domain.empty()) {
      EXPECT_NEAR(t.value, indirect, 1e-12 * indirect);
    }
    if (t.indicator == "jobs_total") {
      EXPECT_NEAR(t.value, direct_jobs + indirect / kReportsOutputPerJob, 1e-6);
    }
  }
  ASSERT_EQ(truth.size(), 9u);
  for (const auto& [category, v] : truth) {
    const study::Figure* f = study::FindFigure(run->figures, "consumption",
                                               2020, "", "category", category);
    ASSERT_NE(f, nullptr) << category;
    EXPECT_NEAR(f->estimate, v, 0.35 * v) << category;
  }
}

TEST(DrawTest, ConsumerSurveyErrorsNameTheProblem) {
  Population pop = Small();
  testing::TempDir dir;
  DrawOptions opt;
  opt.providers_n = 300;
  opt.operators_n = 1500;
  opt.consumers_n = 50;
  EXPECT_THAT(WriteDraw(pop, opt, dir.path() / "e").message(),
              HasSubstr("50 consumers cannot give 2 or more in each of 100"));
  opt.consumers_n = 1000;
  opt.consumer_cities = 400;
  EXPECT_THAT(WriteDraw(pop, opt, dir.path() / "e").message(),
              HasSubstr("asks for 400 cities; the population has 351 cities "
                        "with consumers"));
  opt.consumers_n = 600;
  opt.consumer_cities = 5;
  EXPECT_THAT(WriteDraw(pop, opt, dir.path() / "e").message(),
              HasSubstr("at least 6 cities"));
  // A table without the catering sector.
  std::string table =
      testing::ReadAll(testing::SourcePath("data/io/cn2020_153.csv"));
  const size_t at = table.find("\"餐饮\"");
  ASSERT_NE(at, std::string::npos);
  table.replace(at, 8, "\"饮食\"");
  opt.consumer_cities = 20;
  opt.io_table = dir.Write("t.csv", table);
  EXPECT_THAT(WriteDraw(pop, opt, dir.path() / "e").message(),
              HasSubstr("no sector named \"餐饮\" (needed by consumption "
                        "category catering)"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "e"));
}

TEST(DrawTest, EveryDesignWritesARunnableStudyNearTheTruth) {
  Population pop = Small(0.05);
  double truth = 0;
  for (const Truth& t : PopulationTruth(pop)) {
    if (t.indicator == "jobs_direct" && t.component.empty() &&
        t.domain_type.empty()) {
      truth = t.value;
    }
  }
  const DrawFrame frame = BuildDrawFrame(pop);
  for (const char* name :
       {"stratified", "cluster", "two-stage", "two-stage-pps", "pps"}) {
    auto design = ParseSampleDesign(name);
    ASSERT_TRUE(design.ok());
    EXPECT_STREQ(SampleDesignName(*design), name);
    testing::TempDir dir;
    DrawOptions opt;
    opt.providers_n = 600;
    opt.operators_n = 3000;
    opt.consumers_n = 0;
    opt.providers_design = *design;
    opt.operators_design =
        *design == SampleDesign::kCluster ? SampleDesign::kTwoStage : *design;
    DrawSummary s;
    ASSERT_TRUE(WriteDraw(pop, frame, opt, dir.path() / "d", &s).ok()) << name;
    EXPECT_GT(s.providers_drawn, 300) << name;
    EXPECT_NEAR(static_cast<double>(s.operators_drawn), 3000, 300) << name;
    const std::string toml = testing::ReadAll(dir.path() / "d/study.toml");
    EXPECT_THAT(toml, HasSubstr(std::string("# Design: ") + name)) << name;
    if (*design == SampleDesign::kTwoStagePps) {
      EXPECT_THAT(toml, HasSubstr("clusters = [\"psu\"]"));
      EXPECT_THAT(testing::ReadAll(dir.path() / "d/providers.csv"),
                  HasSubstr("初级单位"));
    }
    if (*design == SampleDesign::kTwoStage) {
      EXPECT_THAT(toml, HasSubstr("clusters = [\"city\", \"id\"]"));
      EXPECT_THAT(testing::ReadAll(dir.path() / "d/providers.csv"),
                  HasSubstr("城市单位数"));
    }
    auto spec = study::LoadStudy(dir.path() / "d/study.toml");
    ASSERT_TRUE(spec.ok()) << name << spec.status().ToString();
    auto run = study::RunStudy(*spec);
    ASSERT_TRUE(run.ok()) << name << run.status().ToString();
    const study::Figure* total =
        study::FindFigure(run->figures, "jobs_direct", 2020);
    ASSERT_NE(total, nullptr);
    ASSERT_TRUE(total->se.has_value());
    // Within 4 standard errors (a fixed seed: deterministic).
    EXPECT_NEAR(total->estimate, truth, 4 * *total->se) << name;
  }
  EXPECT_THAT(ParseSampleDesign("snowball").status().message(),
              HasSubstr("unknown sample design \"snowball\""));
  DrawOptions opt;
  opt.operators_design = SampleDesign::kCluster;
  EXPECT_THAT(opt.Validate().message(),
              HasSubstr("use two-stage for accounts"));
  opt.operators_design = SampleDesign::kPps;
  opt.units_per_city = 1;
  EXPECT_THAT(opt.Validate().message(), HasSubstr("units per city"));
}

}  // namespace
}  // namespace jobimpact::sim
