#include "jobimpact/survey/design.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobimpact/table/csv_reader.h"
#include "test_util.h"

namespace jobimpact::survey {
namespace {

using ::testing::HasSubstr;

std::string ErrorOf(const std::string& csv, const DesignSpec& spec) {
  auto d = Design::Create(testing::ReadCsvText(csv), spec);
  EXPECT_FALSE(d.ok());
  return d.ok() ? "" : d.status().message();
}

DesignSpec Weighted(const std::string& strata = "") {
  DesignSpec s;
  s.strata = strata;
  s.weights = "w";
  return s;
}

TEST(DesignTest, CodesStrataPsusAndSsus) {
  DesignSpec s;
  s.strata = "h";
  s.clusters = {"c", "u"};
  s.weights = "w";
  auto t = testing::ReadCsvText(
      "h,c,u,w\nA,1,a,2\nA,1,b,2\nA,2,a,2\nB,1,a,3\nB,2,a,3\n");
  DesignSummary summary;
  auto d = Design::Create(t, s, &summary);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->num_strata(), 2);
  EXPECT_EQ(d->num_psus(), 4) << "cluster 1 of A and cluster 1 of B differ";
  EXPECT_EQ(d->stratum_npsu(), (std::vector<int32_t>{2, 2}));
  EXPECT_EQ(d->psu_nssu()[0], 2);
  EXPECT_EQ(d->DegreesOfFreedom(), 2);
  EXPECT_EQ(summary.ssus, 5);
  EXPECT_THAT(d->Describe(), HasSubstr("two-stage"));
}

TEST(DesignTest, FractionsAndCountsAreTheSameFpc) {
  auto counts = Design::Create(
      testing::ReadCsvText("h,w,f\nA,5,10\nA,5,10\nB,2,4\nB,2,4\n"),
      {"h", {}, "w", "", {"f"}, LonelyPsu::kFail});
  auto fractions = Design::Create(
      testing::ReadCsvText("h,w,f\nA,5,0.2\nA,5,0.2\nB,2,0.5\nB,2,0.5\n"),
      {"h", {}, "w", "", {"f"}, LonelyPsu::kFail});
  ASSERT_TRUE(counts.ok() && fractions.ok());
  EXPECT_EQ(counts->stratum_popsize(), fractions->stratum_popsize());
  EXPECT_EQ(counts->stratum_popsize()[0], 10);
}

TEST(DesignTest, ProbabilitiesBecomeWeights) {
  DesignSpec s;
  s.probs = "p";
  auto d = Design::Create(testing::ReadCsvText("p\n0.5\n0.25\n"), s);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->weights(), (std::vector<double>{2, 4}));
}

TEST(DesignTest, BadWeightsProbabilitiesAndFpc) {
  EXPECT_THAT(
      ErrorOf("w\n1\n0\n", Weighted()),
      HasSubstr(
          "s.csv:3: column \"w\" (weights): expected a weight > 0, found 0"));
  EXPECT_THAT(ErrorOf("w\n1\n-2\n", Weighted()), HasSubstr("found -2"));
  EXPECT_THAT(ErrorOf("w\n1\nNA\n", Weighted()), HasSubstr("found nothing"));
  EXPECT_THAT(ErrorOf("w\n1\nx\n", Weighted()),
              HasSubstr("expected a number, found \"x\""));
  DesignSpec p;
  p.probs = "p";
  EXPECT_THAT(ErrorOf("p\n0.5\n1.5\n", p),
              HasSubstr("expected a probability in (0, 1]"));
  DesignSpec f = Weighted("h");
  f.fpc = {"N"};
  EXPECT_THAT(
      ErrorOf("h,w,N\nA,1,2\nA,1,2\nA,1,2\n", f),
      HasSubstr("population count 2 is smaller than the 3 PSUs sampled"));
  EXPECT_THAT(ErrorOf("h,w,N\nA,1,10\nA,1,12\n", f),
              HasSubstr("s.csv:3: column \"N\" (fpc): differs from line 2"));
  EXPECT_THAT(ErrorOf("h,w\n,1\nA,1\n", Weighted("h")),
              HasSubstr("s.csv:2: column \"h\" (strata): value is missing"));
}

TEST(DesignTest, LonelyPsuFailsNamingTheStratum) {
  EXPECT_THAT(ErrorOf("h,w\nA,1\nA,1\nB,1\n", Weighted("h")),
              HasSubstr("s.csv:4: stratum \"B\" has only one PSU"));
  DesignSpec ok = Weighted("h");
  ok.lonely_psu = LonelyPsu::kRemove;
  EXPECT_TRUE(
      Design::Create(testing::ReadCsvText("h,w\nA,1\nA,1\nB,1\n"), ok).ok());
  // A stratum sampled whole (fpc = n) is a certainty stratum, not lonely.
  DesignSpec cert = Weighted("h");
  cert.fpc = {"N"};
  EXPECT_TRUE(
      Design::Create(testing::ReadCsvText("h,w,N\nA,1,5\nA,1,5\nB,1,1\n"), cert)
          .ok());
}

TEST(DesignTest, SpecIsValidated) {
  DesignSpec s;
  EXPECT_FALSE(s.Validate().ok()) << "no weights, probabilities or fpc";
  s.weights = "w";
  s.probs = "p";
  EXPECT_FALSE(s.Validate().ok());
  DesignSpec three;
  three.weights = "w";
  three.clusters = {"a", "b", "c"};
  EXPECT_FALSE(three.Validate().ok());
  DesignSpec fpc;
  fpc.weights = "w";
  fpc.clusters = {"a", "b"};
  fpc.fpc = {"f"};
  EXPECT_THAT(fpc.Validate().message(), HasSubstr("one column per stage"));
  EXPECT_FALSE(ParseLonelyPsu("drop").ok());
  EXPECT_EQ(*ParseLonelyPsu("average"), LonelyPsu::kAverage);
}

}  // namespace
}  // namespace jobimpact::survey
