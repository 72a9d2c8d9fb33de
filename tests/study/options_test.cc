// StudyOptions reach the run (RunStudy(spec, options, &summary)) and the
// summary says what was used: solver, confidence levels, stage times, notes.
#include "jobimpact/study/options.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobimpact/study/model.h"
#include "study/study_fixture.h"
#include "test_util.h"

namespace jobimpact::study {
namespace {

using ::testing::HasSubstr;
using testing::Replace;

// Student t quantiles (R: qt(0.95, 3), qt(0.90, 3)).
constexpr double kT95Df3 = 2.3533634348018264;
constexpr double kT90Df3 = 1.6377443536962102;

Result<StudyRun> RunWith(const testing::TempDir& dir, const std::string& study,
                         const StudyOptions& options, StudySummary* summary) {
  JI_ASSIGN_OR_RETURN(StudySpec spec,
                      LoadStudy(testing::WriteFixture(dir, study)));
  return RunStudy(spec, options, summary);
}

TEST(StudyOptionsTest, ValidateNamesTheOption) {
  StudyOptions o;
  EXPECT_TRUE(o.Validate().ok());
  o.confidence = 1.0;
  EXPECT_THAT(o.Validate().message(), HasSubstr("confidence: expected a "
                                                "level in (0, 1)"));
  o.confidence = 0.9;
  o.threads = -1;
  EXPECT_THAT(o.Validate().message(), HasSubstr("threads:"));
  testing::TempDir dir;
  auto run = RunWith(dir, testing::kFixtureStudy, o, nullptr);
  EXPECT_EQ(run.status().code(), StatusCode::kInvalidArgument);
}

// Assumed-SRS components always used 0.95: the study's [study] confidence
// and the run's option now reach them (ops: n = 4, so t(3)).
TEST(StudyOptionsTest, DefaultConfidenceReachesTheAssumedDesign) {
  testing::TempDir dir;
  const std::string at90 = Replace(testing::kFixtureStudy, "year = 2020",
                                   "year = 2020\nconfidence = 0.9");
  StudySummary summary;
  auto run = RunWith(dir, at90, StudyOptions(), &summary);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  const Figure* ops = FindFigure(run->figures, "jobs_direct", 2020, "ops");
  ASSERT_TRUE(ops && ops->se && ops->level);
  EXPECT_EQ(*ops->level, 0.9);
  EXPECT_NEAR(*ops->ci_high - ops->estimate, kT95Df3 * *ops->se, 1e-9);
  EXPECT_EQ(summary.default_confidence, 0.9);
  ASSERT_FALSE(summary.contexts.empty());
  for (const auto& c : summary.contexts) EXPECT_EQ(c.confidence, 0.9);

  // The option overrides the study file.
  StudyOptions o;
  o.confidence = 0.8;
  auto run80 = RunWith(dir, at90, o, nullptr);
  ASSERT_TRUE(run80.ok()) << run80.status().ToString();
  const Figure* ops80 = FindFigure(run80->figures, "jobs_direct", 2020, "ops");
  EXPECT_EQ(*ops80->level, 0.8);
  EXPECT_NEAR(*ops80->ci_high - ops80->estimate, kT90Df3 * *ops80->se, 1e-9);
  EXPECT_THAT(StudyOptionsInForce(*LoadStudy(dir.path() / "study.toml"), o),
              ::testing::Contains(std::pair<std::string, std::string>(
                  "study.confidence", "0.8")));

  auto bad = LoadStudy(
      testing::WriteFixture(dir, Replace(testing::kFixtureStudy, "year = 2020",
                                         "year = 2020\nconfidence = 95")));
  EXPECT_THAT(bad.status().message(),
              HasSubstr("study.confidence: expected a level in (0, 1)"));
}

TEST(StudyOptionsTest, SolverOptionOverridesTheStudyAndSummaryTellsIt) {
  testing::TempDir dir;
  const std::string lu = Replace(testing::kFixtureStudy, "layout = \"matrix\"",
                                 "layout = \"matrix\"\nsolver = \"lu\"");
  StudyOptions o;
  o.solver = inputoutput::LeontiefMethod::kIterative;
  StudySummary summary;
  auto run = RunWith(dir, lu, o, &summary);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  ASSERT_TRUE(summary.leontief.has_value());
  EXPECT_EQ(summary.leontief->method, inputoutput::LeontiefMethod::kIterative);
  EXPECT_THAT(summary.solver_text, HasSubstr("certified relative error"));
  const Figure* c = FindFigure(run->figures, "total_consumption_coefficient",
                               2020, "", "sector", "s1");
  ASSERT_NE(c, nullptr);
  EXPECT_THAT(c->method, HasSubstr(summary.solver_text));
  EXPECT_NEAR(c->estimate, 1.15 / 0.7575 - 1, 1e-9);
  // Every stage was timed, in order.
  std::vector<std::string> stages;
  for (const auto& s : summary.stages) {
    stages.push_back(s.stage);
    EXPECT_GE(s.seconds, 0);
  }
  EXPECT_EQ(stages,
            (std::vector<std::string>{"surveys", "direct jobs", "consumption",
                                      "indirect effects", "totals",
                                      "net jobs", "total uncertainty"}));
}

TEST(StudyOptionsTest, NotesAreTypedAndMatchTheRunNotes) {
  testing::TempDir dir;
  // Without [indirect] there is no jobs_total: a "not reported" note.
  std::string study = testing::kFixtureStudy;
  study = study.substr(0, study.find("[indirect]"));
  StudySummary summary;
  auto run = RunWith(dir, study, StudyOptions(), &summary);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  ASSERT_EQ(summary.notes.size(), run->notes.size());
  bool found = false;
  for (size_t i = 0; i < summary.notes.size(); ++i) {
    EXPECT_EQ(summary.notes[i].text, run->notes[i]);
    if (summary.notes[i].text.find("jobs_total is not reported") !=
        std::string::npos) {
      found = true;
      EXPECT_EQ(summary.notes[i].kind, NoteKind::kNotReported);
    }
  }
  EXPECT_TRUE(found);
  EXPECT_STREQ(NoteKindName(NoteKind::kDiscrepancy), "discrepancy");
}

TEST(StudyOptionsTest, GivenOptionsRoundTripForReruns) {
  StudyOptions o;
  o.solver = inputoutput::LeontiefMethod::kLu;
  o.confidence = 0.9;
  o.threads = 3;
  auto given = StudyOptionsGiven(o);
  given.insert(given.begin(), {"survey.x.variance", "jk1"});  // Not run.*.
  auto back = StudyOptionsFromGiven(given);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->solver, o.solver);
  EXPECT_EQ(back->confidence, o.confidence);
  EXPECT_EQ(back->threads, 3);
  o.draws = 500;
  o.draws_seed = 18446744073709551615ULL;
  back = StudyOptionsFromGiven(StudyOptionsGiven(o));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->draws, 500);
  EXPECT_EQ(back->draws_seed, o.draws_seed);
  // The draws decide the total intervals, so they are always recorded.
  const std::vector<std::pair<std::string, std::string>> defaults = {
      {"run.draws", "2000"}, {"run.draws_seed", "1"}};
  EXPECT_EQ(StudyOptionsGiven(StudyOptions()), defaults);
  EXPECT_FALSE(StudyOptionsFromGiven({{"run.draws", "-1"}}).ok());
  EXPECT_FALSE(StudyOptionsFromGiven({{"run.draws", "20000000"}}).ok());
  EXPECT_FALSE(StudyOptionsFromGiven({{"run.draws_seed", "-1"}}).ok());
  EXPECT_FALSE(StudyOptionsFromGiven({{"run.colour", "red"}}).ok());
  EXPECT_FALSE(StudyOptionsFromGiven({{"run.confidence", "0.9x"}}).ok());
  EXPECT_FALSE(StudyOptionsFromGiven({{"run.confidence", "2"}}).ok());
  EXPECT_FALSE(StudyOptionsFromGiven({{"run.threads", "1.5"}}).ok());
  EXPECT_FALSE(StudyOptionsFromGiven({{"run.threads", "-1"}}).ok());
}

}  // namespace
}  // namespace jobimpact::study
