// The same survey as CSV, .xlsx, .sav and .dta gives the same study results
// (issue 12). The fixtures are the default example's provider survey written
// by tests/reference/make_format_fixtures.{R,py}.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobimpact/study/config.h"
#include "jobimpact/study/model.h"
#include "test_util.h"

namespace jobimpact {
namespace {

Result<study::StudyRun> RunWithProviders(const std::string& fixture) {
  auto spec =
      study::LoadStudy(testing::SourcePath("examples/default/study.toml"));
  if (!spec.ok()) return spec.status();
  if (!fixture.empty()) {
    study::SurveySpec& s = spec->surveys.at("providers");
    s.file = testing::SourcePath("tests/data/formats/" + fixture);
  }
  return study::RunStudy(*spec);
}

class SurveyFormatsTest : public ::testing::TestWithParam<const char*> {};

TEST_P(SurveyFormatsTest, GiveTheResultsOfTheCsv) {
  auto csv = RunWithProviders("");
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  auto other = RunWithProviders(GetParam());
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  ASSERT_EQ(other->figures.size(), csv->figures.size());
  for (size_t i = 0; i < csv->figures.size(); ++i) {
    const study::Figure& a = csv->figures[i];
    const study::Figure& b = other->figures[i];
    const std::string what = a.indicator + " " + a.component + " " + a.domain;
    ASSERT_EQ(b.indicator, a.indicator) << what;
    ASSERT_EQ(b.domain, a.domain) << what;
    // Bit-identical: every reader parses the same decimal to the same double
    // and keeps the rows in file order.
    EXPECT_EQ(b.estimate, a.estimate) << what;
    EXPECT_EQ(b.se, a.se) << what;
    EXPECT_EQ(b.ci_low, a.ci_low) << what;
    EXPECT_EQ(b.n, a.n) << what;
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, SurveyFormatsTest,
                         ::testing::Values("providers.xlsx", "providers.sav",
                                           "providers.dta"));

}  // namespace
}  // namespace jobimpact
