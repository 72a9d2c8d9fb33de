#include "jobimpact/results/compare.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "test_util.h"

namespace jobimpact::results {
namespace {

using ::testing::HasSubstr;

ResultRow Row(const std::string& indicator, const std::string& domain,
              double estimate, std::optional<double> se) {
  ResultRow r;
  r.indicator = indicator;
  r.domain_type = domain.empty() ? "" : "province";
  r.domain = domain;
  r.year = 2020;
  r.estimate = estimate;
  r.se = se;
  if (se) {
    r.ci_low = estimate - 2 * *se;
    r.ci_high = estimate + 2 * *se;
    r.level = 0.95;
  }
  r.unit = "jobs";
  r.method = "m";
  return r;
}

TEST(CompareTest, DifferencesRelativeChangeAndZ) {
  std::vector<ResultRow> a = {Row("jobs_direct", "", 1000, 30),
                              Row("jobs_direct", "北京", 200, 10),
                              Row("jobs_total", "", 5000, std::nullopt),
                              Row("jobs_fulltime", "", 0, 1)};
  std::vector<ResultRow> b = {Row("jobs_direct", "", 1100, 40),
                              Row("jobs_direct", "北京", 210, 10),
                              Row("jobs_total", "", 5000, std::nullopt),
                              Row("jobs_indirect", "", 7, std::nullopt),
                              Row("jobs_fulltime", "", 3, 1)};
  auto c = CompareResults(a, b, CompareOptions());
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(c->size(), 5u);
  const ComparedFigure& total = (*c)[0];
  EXPECT_DOUBLE_EQ(*total.difference, 100);
  EXPECT_DOUBLE_EQ(*total.relative_change, 0.1);
  EXPECT_DOUBLE_EQ(*total.z, 100.0 / 50.0);  // sqrt(30^2 + 40^2) = 50.
  EXPECT_TRUE(*total.significant) << "2 > 1.959964";
  EXPECT_FALSE(total.identical);
  const ComparedFigure& bj = (*c)[1];
  EXPECT_NEAR(*bj.z, 10 / std::sqrt(200.0), 1e-15);
  EXPECT_FALSE(*bj.significant);
  const ComparedFigure& published = (*c)[2];
  EXPECT_TRUE(published.identical);
  EXPECT_FALSE(published.z.has_value()) << "no standard errors";
  EXPECT_FALSE((*c)[3].relative_change.has_value()) << "a = 0";
  EXPECT_FALSE((*c)[4].a.has_value()) << "only in b, listed last";
  EXPECT_EQ((*c)[4].b->indicator, "jobs_indirect");

  // At 99% the critical value is 2.5758: 2 is not significant.
  auto c99 = CompareResults(a, b, CompareOptions{0.99});
  EXPECT_FALSE(*(*c99)[0].significant);
  EXPECT_FALSE(CompareResults(a, b, CompareOptions{1.5}).ok());
  std::vector<ResultRow> twice = {a[0], a[0]};
  EXPECT_THAT(CompareResults(twice, b, CompareOptions()).status().message(),
              HasSubstr("appears twice"));
}

TEST(CompareTest, ResultsCsvReadsBackExactly) {
  ResultRow r = Row("jobs_direct", "内蒙古", 0.1 + 0.2, 1.0 / 3);
  r.n = 17;
  r.method = "a, \"quoted\" method";
  testing::TempDir tmp;
  const std::string csv =
      "indicator,component,domain_type,domain,year,estimate,se,ci_low,"
      "ci_high,level,n,unit,method\n"
      "jobs_direct,,province,内蒙古,2020," +
      FormatNumber(r.estimate) + "," + FormatNumber(*r.se) + "," +
      FormatNumber(*r.ci_low) + "," + FormatNumber(*r.ci_high) +
      ",0.95,17,jobs,\"a, \"\"quoted\"\" method\"\n"
      "jobs_total,,,NA,2020,5,,,,,,jobs,published\n";
  auto rows = ReadResultsCsv(tmp.Write("results.csv", csv));
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].estimate, r.estimate) << "bit for bit";
  EXPECT_EQ(*(*rows)[0].se, *r.se);
  EXPECT_EQ(*(*rows)[0].n, 17);
  EXPECT_EQ(*(*rows)[0].level, 0.95);
  EXPECT_EQ((*rows)[0].method, r.method);
  EXPECT_EQ((*rows)[1].domain, "NA") << "no NA -> missing conversion";
  EXPECT_FALSE((*rows)[1].se.has_value());

  auto bad = ReadResultsCsv(tmp.Write(
      "bad.csv",
      "indicator,component,domain_type,domain,year,estimate,se,ci_low,"
      "ci_high,level,n,unit,method\njobs,,,,2020,12x,,,,,,jobs,m\n"));
  EXPECT_THAT(bad.status().message(),
              HasSubstr("bad.csv:2: column \"estimate\": expected a number, "
                        "found \"12x\""));
}

// The files above are as written before quality flags; today's have a
// quality column after n.
TEST(CompareTest, ResultsCsvReadsQualityFlags) {
  testing::TempDir tmp;
  const std::string head =
      "indicator,component,domain_type,domain,year,estimate,se,ci_low,"
      "ci_high,level,n,respondents,quality,unit,method\n";
  auto rows = ReadResultsCsv(
      tmp.Write("q.csv", head + "jobs,,,,2020,5,1,3,7,0.95,40,12,E,jobs,m\n"
                                "jobs,,p,x,2020,5,,,,,,,,jobs,m\n"));
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].quality, survey::QualityFlag::kE);
  EXPECT_EQ((*rows)[0].respondents, 12);
  EXPECT_FALSE((*rows)[1].quality.has_value());
  auto bad = ReadResultsCsv(tmp.Write(
      "badq.csv", head + "jobs,,,,2020,5,1,3,7,0.95,40,12,Z,jobs,m\n"));
  EXPECT_THAT(bad.status().message(),
              HasSubstr("badq.csv:2: column \"quality\": unknown quality "
                        "flag \"Z\" (expected one of A, B, C, D, E, F, S)"));
}

}  // namespace
}  // namespace jobimpact::results
