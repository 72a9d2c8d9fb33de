// Missing answers in a study's surveys (issue 12): the policies fail,
// exclude and level, per survey and per role, declared levels and the
// order of breakdowns.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobimpact/study/config.h"
#include "jobimpact/study/model.h"
#include "study_fixture.h"
#include "test_util.h"

namespace jobimpact::study {
namespace {

using ::testing::HasSubstr;
using testing::Replace;

constexpr double kExact = 1e-9;

Result<StudyRun> RunWith(
    const std::string& study, const std::string& providers,
    const std::string& operators = testing::kFixtureOperators) {
  testing::TempDir dir;
  auto spec =
      LoadStudy(testing::WriteFixture(dir, study, providers, operators));
  if (!spec.ok()) return spec.status();
  return RunStudy(*spec);
}

const Figure& Get(const StudyRun& run, const std::string& indicator,
                  const std::string& component, const std::string& dt = "",
                  const std::string& d = "") {
  const Figure* f = FindFigure(run.figures, indicator, 2020, component, dt, d);
  static const Figure none;
  EXPECT_NE(f, nullptr) << indicator << " " << component << " " << d;
  return f ? *f : none;
}

// The province breakdown of prov_a's direct jobs, in the order reported.
std::vector<std::string> ProvinceOrder(const StudyRun& run) {
  std::vector<std::string> order;
  for (const auto& f : run.figures) {
    if (f.indicator == "jobs_direct" && f.component == "prov_a" &&
        f.domain_type == "province") {
      order.push_back(f.domain);
    }
  }
  return order;
}

std::string WithProvidersKey(const std::string& line) {
  return Replace(testing::kFixtureStudy, "[surveys.providers.columns]",
                 line + "\n[surveys.providers.columns]");
}

TEST(MissingValuesTest, FailIsTheDefaultAndListsEveryRow) {
  const std::string providers =
      "id,kind,province,employees,platform_share,fulltime_share\n"
      "P1,a,北京,,0.5,1.0\nP2,a,四川,NA,0.25,0.5\nP3,b,北京,4,1,0\n";
  auto run = RunWith(testing::kFixtureStudy, providers);
  ASSERT_FALSE(run.ok());
  EXPECT_THAT(run.status().message(),
              HasSubstr("providers.csv: column \"employees\" (role employees "
                        "of survey providers): 2 missing values (rows 2, 3); "
                        "policy \"fail\""));
}

TEST(MissingValuesTest, ExcludeLeavesRowsOutOfTheEstimatesThatNeedThem) {
  // P1 lacks its full-time share: it counts for jobs, not for the split.
  const std::string providers =
      "id,kind,province,employees,platform_share,fulltime_share\n"
      "P1,a,北京,10,0.5,\nP2,a,四川,20,0.25,0.5\nP3,b,北京,4,1,0\n";
  auto run = RunWith(WithProvidersKey("missing = \"exclude\""), providers);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  const Figure& jobs = Get(*run, "jobs_direct", "prov_a");
  EXPECT_NEAR(jobs.estimate, 100 * (5 + 5) / 2.0, kExact);
  EXPECT_EQ(jobs.n, 2);
  // N * mean over the rows with the share: P2 only.
  const Figure& full = Get(*run, "jobs_fulltime", "prov_a");
  EXPECT_NEAR(full.estimate, 100 * 5 * 0.5, kExact);
  EXPECT_EQ(full.n, 1);
  EXPECT_NEAR(Get(*run, "jobs_parttime", "prov_a").estimate, 250, kExact);
  bool noted = false;
  for (const auto& n : run->notes) {
    noted |= n.find(
                 "survey providers: column \"fulltime_share\" (role "
                 "fulltime_share): 1 of 3 values missing; policy "
                 "exclude") != std::string::npos;
  }
  EXPECT_TRUE(noted) << ::testing::PrintToString(run->notes);
}

TEST(MissingValuesTest, ExcludedBreakdownValueIsInNoDomain) {
  const std::string providers =
      "id,kind,province,employees,platform_share,fulltime_share\n"
      "P1,a,北京,10,0.5,1.0\nP2,a,,20,0.25,0.5\nP3,b,北京,4,1,0\n";
  auto failed = RunWith(testing::kFixtureStudy, providers);
  ASSERT_FALSE(failed.ok());
  EXPECT_THAT(failed.status().message(),
              HasSubstr("column \"province\" (role province of survey "
                        "providers, a breakdown): 1 missing value (row 3)"));
  EXPECT_THAT(failed.status().message(), HasSubstr("or \"level\""));
  auto run = RunWith(WithProvidersKey("missing = \"exclude\""), providers);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_NEAR(Get(*run, "jobs_direct", "prov_a").estimate, 500, kExact);
  EXPECT_NEAR(Get(*run, "jobs_direct", "prov_a", "province", "北京").estimate,
              250, kExact);
  EXPECT_EQ(FindFigure(run->figures, "jobs_direct", 2020, "prov_a", "province",
                       "四川"),
            nullptr);
}

TEST(MissingValuesTest, LevelMakesMissingALevelShownLast) {
  const std::string providers =
      "id,kind,province,employees,platform_share,fulltime_share\n"
      "P1,a,,10,0.5,1.0\nP2,a,四川,20,0.25,0.5\nP3,b,北京,4,1,0\n";
  const std::string study =
      Replace(testing::kFixtureStudy, "[surveys.operators]",
              "[surveys.providers.roles.province]\nmissing = \"level\"\n\n"
              "[surveys.operators]");
  auto run = RunWith(Replace(study, "domains = [\"province\", \"region\"]",
                             "domains = [\"province\"]"),
                     providers);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  const std::vector<std::string> order = ProvinceOrder(*run);
  EXPECT_THAT(order, ::testing::ElementsAre("四川", "未回答 / no answer"));
  EXPECT_NEAR(
      Get(*run, "jobs_direct", "prov_a", "province", "未回答 / no answer")
          .estimate,
      250, kExact);
  // A label of the study's own.
  auto own =
      RunWith(Replace(Replace(study, "domains = [\"province\", \"region\"]",
                              "domains = [\"province\"]"),
                      "[surveys.providers.columns]",
                      "missing_label = \"不详\"\n[surveys.providers."
                      "columns]"),
              providers);
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  EXPECT_NE(FindFigure(own->figures, "jobs_direct", 2020, "prov_a", "province",
                       "不详"),
            nullptr);
}

TEST(MissingValuesTest, DeclaredLevelsOrderAndCheckValues) {
  const std::string study = Replace(
      Replace(testing::kFixtureStudy, "domains = [\"province\", \"region\"]",
              "domains = [\"province\"]"),
      "[surveys.operators]",
      "[surveys.providers.roles.province]\nlevels = [\"四川\", \"上海\", "
      "\"北京\"]\n\n[surveys.operators]");
  auto run = RunWith(study, testing::kFixtureProviders);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  const std::vector<std::string> order = ProvinceOrder(*run);
  EXPECT_THAT(order, ::testing::ElementsAre("四川", "北京"));
  auto bad = RunWith(Replace(study, "\"四川\", \"上海\", ", "\"上海\", "),
                     testing::kFixtureProviders);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(),
              HasSubstr("column \"province\" (role province): 1 value not in "
                        "the declared levels [surveys.providers.roles."
                        "province]: \"四川\" (row 3)"));
}

TEST(MissingValuesTest, BadSettingsAreNamed) {
  auto level_survey = RunWith(WithProvidersKey("missing = \"level\""),
                              testing::kFixtureProviders);
  EXPECT_THAT(level_survey.status().message(),
              HasSubstr("\"level\" applies to breakdown roles only"));
  auto unknown = RunWith(WithProvidersKey("missing = \"drop\""),
                         testing::kFixtureProviders);
  EXPECT_THAT(unknown.status().message(),
              HasSubstr("expected fail, exclude or level"));
  const std::string numeric_level =
      Replace(testing::kFixtureStudy, "[surveys.operators]",
              "[surveys.providers.roles.employees]\nmissing = \"level\"\n\n"
              "[surveys.operators]");
  EXPECT_THAT(
      RunWith(numeric_level, testing::kFixtureProviders).status().message(),
      HasSubstr("role employees is numeric"));
  const std::string no_role =
      Replace(testing::kFixtureStudy, "[surveys.operators]",
              "[surveys.providers.roles.age]\nmissing = \"exclude\"\n\n"
              "[surveys.operators]");
  EXPECT_THAT(RunWith(no_role, testing::kFixtureProviders).status().message(),
              HasSubstr("is not a column role of [surveys.providers.columns]"));
}

TEST(MissingValuesTest, SettingsSurviveWriteStudy) {
  testing::TempDir dir;
  const std::string study = Replace(
      WithProvidersKey("missing = \"exclude\"\nmissing_label = \"不详\""),
      "[surveys.operators]",
      "[surveys.providers.roles.province]\nmissing = \"level\"\nlevels = "
      "[\"四川\", \"北京\"]\n\n[surveys.operators]");
  auto spec = LoadStudy(testing::WriteFixture(dir, study));
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  const SurveySpec& s = spec->surveys.at("providers");
  EXPECT_EQ(s.missing, survey::MissingPolicy::kExclude);
  EXPECT_EQ(s.MissingFor("province"), survey::MissingPolicy::kLevel);
  EXPECT_EQ(s.MissingFor("employees"), survey::MissingPolicy::kExclude);
  EXPECT_EQ(s.missing_label, "不详");
  EXPECT_THAT(s.roles.at("province").levels,
              ::testing::ElementsAre("四川", "北京"));
}

}  // namespace
}  // namespace jobimpact::study
