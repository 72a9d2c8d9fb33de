// Changes of study values (run --set) and [[scenarios]] (study/config.h):
// keys found in tables and arrays of tables, checked like the file itself,
// errors naming the key, its line and the nearest keys; scenarios run next
// to the study as written and tagged in the results.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobimpact/study/model.h"
#include "jobimpact/study/write.h"
#include "study_fixture.h"
#include "test_util.h"

namespace jobimpact::study {
namespace {

using ::testing::HasSubstr;
using testing::Replace;

constexpr double kExact = 1e-9;

StudyOverride Set(std::string key, std::string value) {
  return {std::move(key), std::move(value), "--set"};
}

double Jobs(const std::vector<Figure>& figures, const std::string& indicator,
            const std::string& scenario, const std::string& component = "") {
  for (const Figure& f : figures) {
    if (f.indicator == indicator && f.component == component &&
        f.domain_type.empty() && f.scenario == scenario) {
      return f.estimate;
    }
  }
  ADD_FAILURE() << indicator << " " << scenario;
  return std::nan("");
}

TEST(ScenariosTest, SetChangesTablesArraysByIdAndValuesOfEveryType) {
  testing::TempDir dir;
  const auto path = testing::WriteFixture(dir);
  auto spec = LoadStudy(
      path, {Set("indirect.output_per_job.value", "500"),
             Set("components.ops.population.value", "2000"),
             Set("components.0.population.source", "\"a new count\""),
             Set("inputoutput.layout", "matrix"),  // Bare text: a string.
             Set("study.name", "renamed")});
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->indirect->output_per_job.value, 500);
  EXPECT_EQ(spec->components[1].population->value, 2000);
  EXPECT_EQ(spec->components[0].population->source, "a new count");
  EXPECT_EQ(spec->name, "renamed");
  // By hand: ops' jobs scale with N (2000 at N = 1000), indirect jobs with
  // 1 / output per job.
  auto base = RunStudy(*LoadStudy(path));
  auto changed = RunStudy(*spec);
  ASSERT_TRUE(base.ok() && changed.ok());
  EXPECT_NEAR(
      FindFigure(changed->figures, "jobs_direct", 2020, "ops")->estimate, 4000,
      kExact);
  EXPECT_NEAR(FindFigure(changed->figures, "jobs_indirect", 2020)->estimate,
              2 * FindFigure(base->figures, "jobs_indirect", 2020)->estimate,
              kExact);
}

TEST(ScenariosTest, BadKeysAndValuesNameTheKeyTheLineAndTheNearestKeys) {
  struct Case {
    StudyOverride o;
    std::string message;
  };
  const std::vector<Case> cases = {
      {Set("indirect.output_per_job.valeu", "5"),
       "--set indirect.output_per_job.valeu: indirect.output_per_job has no "
       "key \"valeu\" (nearest: value, source)"},
      {Set("components.opz.population.value", "5"),
       "components has no element with id \"opz\" (nearest: ops, prov_a)"},
      {Set("indirekt.jobs", "5"),
       "(top) has no key \"indirekt\" (nearest: "
       "indirect,"},
      {Set("indirect.output_per_job", "5"),
       "is a table; set one of its values"},
      {Set("indirect.output_per_job.value.x", "5"),
       "indirect.output_per_job.value is a number, not a table"},
      {Set("indirect.output_per_job.value", "many"),
       "expected a number like the study's value, got \"many\""},
      {Set("study..name", "x"), "expected a dotted key path"},
      {Set("components.123456789012345678901.id", "x"),
       "components has no element with id \"123456789012345678901\""},
      {Set("scenarios.a.set", "x"), "scenarios cannot be changed"},
  };
  for (const Case& c : cases) {
    testing::TempDir dir;
    auto spec = LoadStudy(testing::WriteFixture(dir), {c.o});
    ASSERT_FALSE(spec.ok()) << c.message;
    EXPECT_EQ(spec.status().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(spec.status().message(), HasSubstr(c.message));
  }
  // A value the file's checks refuse: named with the line it replaced.
  testing::TempDir dir;
  auto bad = LoadStudy(testing::WriteFixture(dir),
                       {Set("indirect.output_per_job.value", "-3")});
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(),
              HasSubstr("with --set indirect.output_per_job.value = -3: "));
  EXPECT_THAT(bad.status().message(), HasSubstr("study.toml:61: "));
}

const char* kScenarios = R"(
[[scenarios]]
id = "lean"
label = "Leaner jobs"
set = { "indirect.output_per_job.value" = 2000, "components.ops.population.value" = 500 }

[[scenarios]]
id = "dotted"
set = { indirect.output_per_job.value = 4000 }
)";

TEST(ScenariosTest, ScenariosRunNextToTheStudyAsWritten) {
  testing::TempDir dir;
  const auto path = testing::WriteFixture(
      dir, std::string(testing::kFixtureStudy) + kScenarios);
  auto spec = LoadStudy(path);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  ASSERT_EQ(spec->scenarios.size(), 2u);
  EXPECT_EQ(spec->scenarios[1].label, "dotted") << "the id by default";
  EXPECT_EQ(spec->scenarios[1].set[0].key, "indirect.output_per_job.value");
  EXPECT_EQ(spec->scenarios[1].set[0].origin, "scenarios.dotted.set");

  auto e = EvaluateFile(path);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  const double indirect = Jobs(e->figures, "jobs_indirect", "base");
  EXPECT_NEAR(Jobs(e->figures, "jobs_indirect", "lean"), indirect / 2, kExact);
  EXPECT_NEAR(Jobs(e->figures, "jobs_indirect", "dotted"), indirect / 4,
              kExact);
  EXPECT_NEAR(Jobs(e->figures, "jobs_direct", "base", "ops"), 2000, kExact);
  EXPECT_NEAR(Jobs(e->figures, "jobs_direct", "lean", "ops"), 1000, kExact);
  EXPECT_NEAR(Jobs(e->figures, "jobs_direct", "dotted", "ops"), 2000, kExact);
  EXPECT_EQ(e->summaries.size(), 3u);
  bool labelled = false;
  for (const Label& l : e->labels) {
    labelled |=
        l.kind == "scenario" && l.id == "lean" && l.name == "Leaner jobs";
  }
  EXPECT_TRUE(labelled);

  // The writer keeps them.
  WriteStudyOptions w;
  w.directory = dir.path();
  dir.Write("again.toml", WriteStudy(*spec, w));
  auto again = LoadStudy(dir.path() / "again.toml");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  again->file = spec->file;
  EXPECT_EQ(again->scenarios.size(), 2u);
  EXPECT_EQ(again->scenarios[0].set, spec->scenarios[0].set);
}

TEST(ScenariosTest, BadScenariosAreRefusedWhenTheStudyLoads) {
  struct Case {
    std::string from, to, message;
  };
  const std::vector<Case> cases = {
      {"id = \"lean\"", "id = \"base\"", "scenarios[0].id: expected letters"},
      {"id = \"dotted\"", "id = \"lean\"", "duplicate scenario id \"lean\""},
      {"\"components.ops.population.value\" = 500",
       "\"components.ops.populaton.value\" = 500",
       "scenarios.lean.set components.ops.populaton.value: components.ops "
       "has no key \"populaton\" (nearest: population,"},
      {"= 2000,", "= -2000,", "with scenario lean: "},
      {"set = { indirect.output_per_job.value = 4000 }", "set = {}",
       "scenarios[1].set: changes nothing"},
  };
  for (const Case& c : cases) {
    testing::TempDir dir;
    auto spec = LoadStudy(
        testing::WriteFixture(dir, std::string(testing::kFixtureStudy) +
                                       Replace(kScenarios, c.from, c.to)));
    ASSERT_FALSE(spec.ok()) << c.message;
    EXPECT_THAT(spec.status().message(), HasSubstr(c.message));
  }
}

// A scenario whose table is not productive fails the run, naming it.
TEST(ScenariosTest, AScenarioThatBreaksTheTableNamesItself) {
  testing::TempDir dir;
  dir.Write("unproductive.csv",
            "code,s1,s2,HH,GO\ns1,900,500,350,1000\ns2,300,100,1700,2000\n");
  const auto path = testing::WriteFixture(
      dir, std::string(testing::kFixtureStudy) +
               "[[scenarios]]\nid = \"broken\"\nset = { \"inputoutput.table\" "
               "= \"unproductive.csv\" }\n");
  auto e = EvaluateFile(path);
  ASSERT_FALSE(e.ok());
  EXPECT_THAT(e.status().message(), HasSubstr("scenario broken: "));
}

}  // namespace
}  // namespace jobimpact::study
