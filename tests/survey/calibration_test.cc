#include "jobimpact/survey/calibration.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobimpact/table/csv_reader.h"
#include "test_util.h"

namespace jobimpact::survey {
namespace {

using ::testing::HasSubstr;

struct Fixture {
  table::Table t;
  Design d;
};

Fixture Clus1() {
  auto t = table::ReadCsvFile(
      testing::SourcePath("tests/data/api/apiclus1.csv"), {});
  EXPECT_TRUE(t.ok());
  DesignSpec s;
  s.clusters = {"dnum"};
  s.weights = "pw";
  s.fpc = {"fpc"};
  auto d = Design::Create(*t, s);
  EXPECT_TRUE(d.ok());
  return {std::move(t).value(), std::move(d).value()};
}

TEST(CalibrationTest, CalibratedWeightsMeetEveryTarget) {
  Fixture f = Clus1();
  CalibrationOptions o;
  o.method = CalibrationMethod::kRaking;
  o.margins = {{"stype", {{"E", 4421}, {"H", 755}, {"M", 1018}}}};
  o.totals = {{"api99", 3914069}};
  CalibrationSummary summary;
  auto d = Calibrate(f.d, f.t, o, &summary);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  double total = 0, e = 0, api99 = 0;
  const table::Column& stype = *f.t.Find("stype");
  const auto& x = f.t.Find("api99")->doubles();
  for (size_t i = 0; i < f.t.num_rows(); ++i) {
    total += d->weights()[i];
    if (stype.text(i) == "E") e += d->weights()[i];
    api99 += d->weights()[i] * x[i];
  }
  // Converged means |misfit| / (1 + |target|) < tolerance for every target.
  auto allowed = [&o](double target) { return o.tolerance * (1 + target); };
  EXPECT_NEAR(total, 6194, allowed(6194));
  EXPECT_NEAR(e, 4421, allowed(4421));
  EXPECT_NEAR(api99, 3914069, allowed(3914069));
  EXPECT_LT(summary.max_misfit, o.tolerance);
  EXPECT_GT(summary.g_min, 0) << "raking calibration keeps weights positive";
  EXPECT_THAT(d->Describe(),
              HasSubstr("calibrated (raking) to stype, api99 total"));
}

TEST(CalibrationTest, BadMargins) {
  Fixture f = Clus1();
  CalibrationOptions o;
  o.method = CalibrationMethod::kRake;
  o.margins = {{"stype", {{"E", 4421}, {"H", 755}, {"M", 1018}}},
               {"sch.wide", {{"No", 1072}, {"Yes", 5000}}}};
  EXPECT_THAT(
      Calibrate(f.d, f.t, o).status().message(),
      HasSubstr(
          "margin \"sch.wide\" sums to 6072 but margin \"stype\" to 6194"));
  o.margins = {{"stype", {{"E", 4421}, {"H", 755}}}};
  EXPECT_THAT(
      Calibrate(f.d, f.t, o).status().message(),
      HasSubstr("level \"M\" occurs in the sample but the margin gives it no "
                "population count"));
  o.margins = {{"stype", {{"E", 4421}, {"H", 755}, {"M", 1018}, {"X", 10}}}};
  EXPECT_THAT(
      Calibrate(f.d, f.t, o).status().message(),
      HasSubstr("level \"X\" has a population count of 10 but no sample rows"));
  CalibrationOptions ps;
  ps.method = CalibrationMethod::kPostStratify;
  EXPECT_FALSE(Calibrate(f.d, f.t, ps).ok()) << "no margin";
}

TEST(CalibrationTest, UnreachableBoundsAndCollinearTargetsAreReported) {
  Fixture f = Clus1();
  CalibrationOptions o;
  o.method = CalibrationMethod::kLinear;
  o.margins = {{"stype", {{"E", 4421}, {"H", 755}, {"M", 1018}}}};
  o.totals = {{"api99", 3914069}};
  o.lower = 0.5;  // R survey fails too: "Failed to converge: eps=0.058".
  o.upper = 1.5;
  auto bounded = Calibrate(f.d, f.t, o);
  ASSERT_FALSE(bounded.ok());
  EXPECT_EQ(bounded.status().code(), StatusCode::kNumerical);
  EXPECT_THAT(bounded.status().message(),
              HasSubstr("calibration did not converge"));
  CalibrationOptions col;
  col.method = CalibrationMethod::kLinear;
  col.margins = {{"stype", {{"E", 4421}, {"H", 755}, {"M", 1018}}}};
  col.totals = {{"pw", 6194}, {"api99", 3914069}};
  // pw is constant in apiclus1, so its total repeats the population size.
  EXPECT_THAT(Calibrate(f.d, f.t, col).status().message(),
              HasSubstr("collinear"));
}

TEST(CalibrationTest, RakingThatDoesNotConvergeIsReported) {
  Fixture f = Clus1();
  CalibrationOptions o;
  o.method = CalibrationMethod::kRake;
  o.margins = {{"stype", {{"E", 4421}, {"H", 755}, {"M", 1018}}},
               {"sch.wide", {{"No", 1072}, {"Yes", 5122}}}};
  o.max_iterations = 1;  // Two crossed margins need more than one pass.
  auto d = Calibrate(f.d, f.t, o);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), StatusCode::kNumerical);
  EXPECT_THAT(d.status().message(), HasSubstr("raking did not converge"));
  EXPECT_THAT(d.status().message(), HasSubstr("after 1 iterations"));
}

TEST(CalibrationTest, ReadsMarginsFromCsv) {
  testing::TempDir dir;
  auto p =
      dir.Write("m.csv",
                "margin,level,count\nstype,E,4421\nstype,H,755\nstype,M,1018\n"
                "api99,,3914069\n");
  auto o = ReadMarginsCsv(p.string(), CalibrationMethod::kLinear);
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  ASSERT_EQ(o->margins.size(), 1u);
  EXPECT_EQ(o->margins[0].counts.at("H"), 755);
  ASSERT_EQ(o->totals.size(), 1u);
  EXPECT_EQ(o->totals[0].total, 3914069);
  auto dup = dir.Write("d.csv", "margin,level,count\nstype,E,1\nstype,E,2\n");
  EXPECT_THAT(
      ReadMarginsCsv(dup.string(), CalibrationMethod::kRake).status().message(),
      HasSubstr("d.csv:3: level \"E\" of margin \"stype\" is listed twice"));
  EXPECT_FALSE(ParseCalibrationMethod("greg").ok());
}

}  // namespace
}  // namespace jobimpact::survey
