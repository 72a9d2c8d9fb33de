// Each stage of a study run alone, on small hand-made inputs (no files):
// the stages take values and return values (src/study/stages.h).
#include "study/stages.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jobimpact::study::internal {
namespace {

using ::testing::HasSubstr;

StudySpec PublishedStudy() {
  StudySpec spec;
  spec.file = "hand.toml";
  spec.year = 2019;
  ComponentSpec a;
  a.id = "a";
  a.kind = ComponentKind::kAggregate;
  a.published_jobs = Sourced{1000, "report"};
  a.published_fulltime_share = Sourced{0.25, "report"};
  ComponentSpec b;
  b.id = "b";
  b.kind = ComponentKind::kOperator;
  b.published_jobs = Sourced{500, "report"};
  spec.components = {a, b};
  ConsumptionSpec c;
  c.categories = {{"food", "", "", "", "", Sourced{2e6, "report"}, ""}};
  spec.consumption = c;
  return spec;
}

TEST(StagesTest, DirectJobsFromPublishedComponents) {
  const StudySpec spec = PublishedStudy();
  const Settings settings = SettingsFor(spec, StudyOptions());
  auto data = LoadSurveys(settings);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_TRUE(data->contexts.empty()) << "no survey, no variance context";
  StageOutput out(settings, *data);
  auto direct = EstimateDirectJobs(settings, *data, &out);
  ASSERT_TRUE(direct.ok()) << direct.status().ToString();
  EXPECT_EQ(direct->total.constant, 1500);
  EXPECT_TRUE(direct->total.unknown);
  EXPECT_EQ(direct->fulltime.at("a").constant, 250);
  EXPECT_FALSE(direct->fulltime.count("b"));
  const Figure* total = FindFigure(out.figures(), "jobs_direct", 2019);
  ASSERT_NE(total, nullptr);
  EXPECT_EQ(total->estimate, 1500);
  EXPECT_FALSE(total->se.has_value());
  ASSERT_EQ(out.notes().size(), 1u);
  EXPECT_EQ(out.notes()[0].kind, NoteKind::kNotReported);
  EXPECT_THAT(out.notes()[0].text, HasSubstr("without a split: b"));
}

TEST(StagesTest, ConsumptionAndTotalsAlone) {
  const StudySpec spec = PublishedStudy();
  const Settings settings = SettingsFor(spec, StudyOptions());
  SurveyData data;
  StageOutput out(settings, data);
  auto consumption = EstimateConsumption(settings, data, &out);
  ASSERT_TRUE(consumption.ok()) << consumption.status().ToString();
  EXPECT_EQ(consumption->total.constant, 2e6);
  EXPECT_NE(FindFigure(out.figures(), "output_direct", 2019), nullptr);

  // Totals from hand-made direct and indirect quantities.
  DirectJobs direct;
  direct.total = Quantity::Constant(1500, false);
  IndirectEffects indirect;
  EXPECT_TRUE(EstimateTotals(direct, indirect, &out).ok());
  EXPECT_EQ(FindFigure(out.figures(), "jobs_total", 2019), nullptr);
  EXPECT_THAT(out.notes().back().text, HasSubstr("jobs_total is not reported"));
  indirect.jobs = Quantity::Constant(700, false);
  ASSERT_TRUE(EstimateTotals(direct, indirect, &out).ok());
  const Figure* total = FindFigure(out.figures(), "jobs_total", 2019);
  ASSERT_NE(total, nullptr);
  EXPECT_EQ(total->estimate, 2200);
  EXPECT_EQ(total->unit, "jobs");
}

TEST(StagesTest, NoInputOutputModelWithoutIndirect) {
  const StudySpec spec = PublishedStudy();  // No [indirect].
  const Settings settings = SettingsFor(spec, StudyOptions());
  SurveyData data;
  StageOutput out(settings, data);
  StudySummary summary;
  auto io = PrepareInputOutput(settings, &out, &summary);
  ASSERT_TRUE(io.ok());
  EXPECT_FALSE(io->has_value());
  EXPECT_FALSE(summary.leontief.has_value());
  auto indirect = EstimateIndirect(settings, Consumption(), nullptr, &out);
  ASSERT_TRUE(indirect.ok());
  EXPECT_FALSE(indirect->jobs.has_value());
}

TEST(StagesTest, SettingsApplyOptionsOverTheStudy) {
  StudySpec spec = PublishedStudy();
  spec.confidence = 0.9;
  spec.io.solver = inputoutput::LeontiefMethod::kLu;
  Settings s = SettingsFor(spec, StudyOptions());
  EXPECT_EQ(s.default_confidence, 0.9);
  EXPECT_EQ(s.solver, inputoutput::LeontiefMethod::kLu);
  StudyOptions o;
  o.confidence = 0.8;
  o.solver = inputoutput::LeontiefMethod::kIterative;
  s = SettingsFor(spec, o);
  EXPECT_EQ(s.default_confidence, 0.8);
  EXPECT_EQ(s.solver, inputoutput::LeontiefMethod::kIterative);
  spec.confidence.reset();
  EXPECT_EQ(SettingsFor(spec, StudyOptions()).default_confidence, 0.95);
}

}  // namespace
}  // namespace jobimpact::study::internal
