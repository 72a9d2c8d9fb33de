// Missing values in estimates (survey/missing.h): policy "exclude" against R
// survey's na.rm = TRUE on R's nhanes data (references made by
// tests/reference/make_missing_references.R), and policy "fail" listing
// every offending row.
#include "jobimpact/survey/missing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "jobimpact/survey/estimators.h"
#include "jobimpact/table/csv_reader.h"
#include "test_util.h"

namespace jobimpact::survey {
namespace {

using ::testing::HasSubstr;

constexpr double kEstimateTol = 1e-9;  // Relative.
constexpr double kSeTol = 1e-6;        // Relative.

table::Table Nhanes() {
  auto t = table::ReadCsvFile(
      testing::SourcePath("tests/data/nhanes/nhanes.csv"), {});
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? std::move(t).value() : table::Table();
}

Design NhanesDesign(const table::Table& t) {
  DesignSpec s;
  s.strata = "SDMVSTRA";
  s.clusters = {"SDMVPSU"};
  s.weights = "WTMEC2YR";
  auto d = Design::Create(t, s);
  EXPECT_TRUE(d.ok()) << d.status().ToString();
  return std::move(d).value();
}

TEST(MissingTest, ExcludeMatchesRSurveyNaRm) {
  const table::Table t = Nhanes();
  const Design d = NhanesDesign(t);
  std::map<std::string, SurveyEstimate> got;
  for (const char* by : {"", "race", "agecat"}) {
    EstimationOptions o;
    o.missing = MissingPolicy::kExclude;
    if (*by) o.by = {by};
    EstimationSummary summary;
    auto est = Estimate(t, d,
                        {{Statistic::kTotal, "HI_CHOL", ""},
                         {Statistic::kMean, "HI_CHOL", ""},
                         {Statistic::kRatio, "HI_CHOL", "RIAGENDR"},
                         {Statistic::kProportion, "HI_CHOL", ""}},
                        o, &summary);
    ASSERT_TRUE(est.ok()) << est.status().ToString();
    ASSERT_EQ(summary.missing_values.size(), 1u);
    EXPECT_EQ(summary.missing_values[0].first, "HI_CHOL");
    EXPECT_EQ(summary.missing_values[0].second, 8591 - 7846);
    EXPECT_THAT(summary.missing_policy, ::testing::StartsWith("exclude: "));
    // The design keeps every row: its degrees of freedom do not change.
    for (const auto& e : *est) {
      EXPECT_EQ(e.df, d.DegreesOfFreedom());
      got[std::string(StatisticName(e.statistic)) + "|" + e.variable + "|" +
          e.domain] = e;
    }
  }
  auto refs = table::ReadCsvFile(
      testing::SourcePath("tests/reference/missing_references.csv"), [] {
        table::CsvReadOptions o;
        o.column_types = {{"domain", table::ColumnType::kString}};
        return o;
      }());
  ASSERT_TRUE(refs.ok()) << refs.status().ToString();
  ASSERT_EQ(refs->num_rows(), 21u);
  for (size_t i = 0; i < refs->num_rows(); ++i) {
    const std::string key = refs->Find("statistic")->CellText(i) + "|" +
                            refs->Find("variable")->CellText(i) + "|" +
                            refs->Find("domain")->CellText(i);
    auto it = got.find(key);
    ASSERT_NE(it, got.end()) << "no estimate " << key;
    const double est = refs->Find("estimate")->doubles()[i];
    const double se = refs->Find("se")->doubles()[i];
    EXPECT_NEAR(it->second.estimate, est, kEstimateTol * std::fabs(est)) << key;
    EXPECT_NEAR(it->second.se, se, kSeTol * se) << key;
    // n counts the rows the estimate used.
    EXPECT_EQ(it->second.n, refs->Find("n")->doubles()[i]) << key;
  }
}

TEST(MissingTest, FailListsEveryRowUpToALimit) {
  std::string csv = "y,w,g\n";
  for (int i = 0; i < 30; ++i) {
    csv +=
        (i % 2 ? "NA" : std::to_string(i)) + ",1," + (i < 3 ? "" : "a") + "\n";
  }
  const table::Table t = testing::ReadCsvText(csv);
  DesignSpec s;
  s.weights = "w";
  auto d = Design::Create(t, s);
  ASSERT_TRUE(d.ok());
  auto e = Estimate(t, *d, {{Statistic::kMean, "y", ""}}, {});
  ASSERT_FALSE(e.ok());
  EXPECT_THAT(e.status().message(),
              HasSubstr("column \"y\" (analysis variable): 15 missing values "
                        "(rows 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, "
                        "29, 31); policy \"fail\""));
  std::string many = "y,w\n";
  for (int i = 0; i < 25; ++i) many += ",1\n";
  const table::Table t2 = testing::ReadCsvText("y,w\n1,1\n" + many.substr(4));
  auto d2 = Design::Create(t2, s);
  ASSERT_TRUE(d2.ok());
  auto e2 = Estimate(t2, *d2, {{Statistic::kTotal, "y", ""}}, {});
  ASSERT_FALSE(e2.ok());
  EXPECT_THAT(e2.status().message(),
              HasSubstr("25 missing values (rows 3, 4, 5, 6, 7, 8, 9, 10, 11, "
                        "12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22 and 5 "
                        "more)"));
  // A domain column with missing values: listed under fail; under exclude
  // those rows are in no domain but count for the whole population.
  EstimationOptions o;
  o.by = {"g"};
  auto dom = Estimate(t, *d, {{Statistic::kTotal, "w", ""}}, o);
  ASSERT_FALSE(dom.ok());
  EXPECT_THAT(dom.status().message(),
              HasSubstr("column \"g\" (domain): 3 missing values (rows 2, 3, "
                        "4)"));
  EXPECT_THAT(dom.status().message(), HasSubstr("or \"level\""));
  o.missing = MissingPolicy::kExclude;
  auto ex = Estimate(t, *d, {{Statistic::kTotal, "w", ""}}, o);
  ASSERT_TRUE(ex.ok()) << ex.status().ToString();
  ASSERT_EQ(ex->size(), 2u);
  EXPECT_EQ((*ex)[0].domain, "");
  EXPECT_EQ((*ex)[0].estimate, 30);
  EXPECT_EQ((*ex)[1].domain, "g=a");
  EXPECT_EQ((*ex)[1].estimate, 27);
  EXPECT_EQ((*ex)[1].n, 27);
}

TEST(MissingTest, DomainsAndLevelsFollowLevelOrderNotByteOrder) {
  const table::Table t = testing::ReadCsvText(
      "p,v,w\n北京,1,1\n上海,2,1\n云南,3,1\n内蒙古,4,1\n上海,5,1\n");
  DesignSpec s;
  s.weights = "w";
  auto d = Design::Create(t, s);
  ASSERT_TRUE(d.ok());
  EstimationOptions o;
  o.by = {"p"};
  auto e = Estimate(t, *d, {{Statistic::kTotal, "v", ""}}, o);
  ASSERT_TRUE(e.ok());
  std::vector<std::string> domains;
  for (const auto& x : *e) domains.push_back(x.domain);
  EXPECT_THAT(domains, ::testing::ElementsAre("", "p=北京", "p=上海", "p=云南",
                                              "p=内蒙古"));
  auto prop = Estimate(t, *d, {{Statistic::kProportion, "p", ""}}, {});
  ASSERT_TRUE(prop.ok());
  std::vector<std::string> levels;
  for (const auto& x : *prop) levels.push_back(x.variable);
  EXPECT_THAT(levels,
              ::testing::ElementsAre("p=北京", "p=上海", "p=云南", "p=内蒙古"));
  // Numbers sort as numbers: 2 before 10.
  const table::Table n = testing::ReadCsvText("k,w\n10,1\n2,1\n10,1\n");
  auto dn = Design::Create(n, s);
  ASSERT_TRUE(dn.ok());
  o.by = {"k"};
  auto en = Estimate(n, *dn, {{Statistic::kTotal, "w", ""}}, o);
  ASSERT_TRUE(en.ok());
  ASSERT_EQ(en->size(), 3u);
  EXPECT_EQ((*en)[1].domain, "k=2");
  EXPECT_EQ((*en)[2].domain, "k=10");
}

TEST(MissingTest, PolicyNames) {
  auto p = ParseMissingPolicy("exclude");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(*p, MissingPolicy::kExclude);
  EXPECT_THAT(ParseMissingPolicy("drop").status().message(),
              HasSubstr("expected fail, exclude or level"));
  EstimationOptions o;
  o.missing = MissingPolicy::kLevel;
  EXPECT_THAT(o.Validate().message(), HasSubstr("breakdown roles"));
}

}  // namespace
}  // namespace jobimpact::survey
