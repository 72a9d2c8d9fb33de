// [[indicators]]: shares of units from an expression over the unit's own
// column roles, on the hand-checkable fixture (study_fixture.h).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "jobimpact/study/model.h"
#include "study_fixture.h"

namespace jobimpact::study {
namespace {

using ::testing::HasSubstr;

std::string WithIndicator(const std::string& body) {
  return std::string(testing::kFixtureStudy) + "\n[[indicators]]\n" + body;
}

TEST(UnitIndicatorTest, ShareOfOperatorsMostlyFullTime) {
  testing::TempDir dir;
  auto path = testing::WriteFixture(
      dir, WithIndicator("id = \"mostly_fulltime\"\nname = \"全职为主\"\n"
                         "expression = \"fulltime_staff / staff >= 0.5\"\n"));
  auto spec = LoadStudy(path);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  ASSERT_EQ(spec->unit_indicators.size(), 1u);
  // Unset components: those whose survey has both roles.
  EXPECT_EQ(spec->unit_indicators[0].components,
            (std::vector<std::string>{"ops"}));
  auto run = RunStudy(*spec);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  const Figure* f = FindFigure(run->figures, "unit_share", 2020, "ops",
                               "indicator", "mostly_fulltime");
  ASSERT_NE(f, nullptr);
  // O1 1/2, O3 4/4 hold; O4 0/2 does not; O2 0/0 is left out: 2 of 3.
  EXPECT_NEAR(f->estimate, 2.0 / 3.0, 1e-12);
  EXPECT_EQ(f->respondents, 3);
  // Ratio estimator under the assumed simple random sample of n = 4 from
  // N = 1000 (Cochran 1977, eq. 6.9): (1 - f) / n * s_e^2 / xbar^2 with
  // e = y - R x = (1/3, 0, 1/3, -2/3), s_e^2 = 2/9, xbar = 3/4.
  const double se = std::sqrt((1 - 4.0 / 1000) / 4 * (2.0 / 9) / (9.0 / 16));
  ASSERT_TRUE(f->se.has_value());
  EXPECT_NEAR(*f->se, se, 1e-12);
  EXPECT_THAT(f->method, HasSubstr("fulltime_staff / staff >= 0.5"));
  EXPECT_THAT(run->notes,
              ::testing::Contains(HasSubstr(
                  "indicator mostly_fulltime, component ops: 1 of 4 units "
                  "left out")));
  EXPECT_THAT(run->notes,
              ::testing::Contains(HasSubstr(
                  "1 of them divide by zero (" +
                  (dir.path() / "operators.csv").string() + " lines 3)")));
}

TEST(UnitIndicatorTest, ErrorsNameTheKeyAndTheExpressionsLineAndColumn) {
  testing::TempDir dir;
  auto error = [&](const std::string& body) -> std::string {
    auto path = testing::WriteFixture(dir, WithIndicator(body));
    auto spec = LoadStudy(path);
    if (!spec.ok()) return std::string(spec.status().message());
    auto run = RunStudy(*spec);
    return run.ok() ? "" : std::string(run.status().message());
  };
  const std::string at = (dir.path() / "study.toml").string();
  // Syntax.
  EXPECT_THAT(error("id = \"x\"\nexpression = \"staff >\"\n"),
              HasSubstr("indicators[0].expression: 1:8: expected a number"));
  EXPECT_THAT(error("id = \"x\"\nexpression = \"staff >\"\n"), HasSubstr(at));
  // A role the named component's survey lacks.
  EXPECT_THAT(error("id = \"x\"\nexpression = \"staff > 0 and employes > 1\"\n"
                    "components = [\"ops\"]\n"),
              HasSubstr("1:15: unknown role \"employes\": component ops reads "
                        "survey operators, whose roles are"));
  // No component has the roles.
  EXPECT_THAT(error("id = \"x\"\nexpression = \"nothing > 1\"\n"),
              HasSubstr("no survey-based component's survey has every role "
                        "the expression names (nothing)"));
  // A number, not a condition.
  EXPECT_THAT(error("id = \"x\"\nexpression = \"staff + 1\"\n"),
              HasSubstr("1:1: the expression is a number; an indicator needs "
                        "a condition"));
  // A type error found with the data.
  EXPECT_THAT(error("id = \"x\"\nexpression = \"province > 1\"\n"
                    "components = [\"ops\"]\n"),
              HasSubstr("1:1: \">\" takes a number, and this is a text "
                        "(survey operators)"));
  EXPECT_THAT(error("id = \"x\"\nexpression = \"staff > 1\"\n"
                    "components = [\"nope\"]\n"),
              HasSubstr("\"nope\" is not a survey-based component"));
}

}  // namespace
}  // namespace jobimpact::study
