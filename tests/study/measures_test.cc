// Job measures besides headcount ([measures], docs/method.md §4): full-time
// equivalents from hours or a part-time factor, main-income and active jobs,
// checked by hand on the fixture.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <tuple>

#include "jobimpact/study/model.h"
#include "study_fixture.h"
#include "test_util.h"

namespace jobimpact::study {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr double kExact = 1e-9;

// The fixture's operators with hours (O4's missing), main income and active
// days, mapped; providers get a part-time factor.
const char* kOperators =
    "id,province,staff,fulltime_staff,hours,main,days\n"
    "O1,北京,2,1,20,1,200\n"
    "O2,上海,0,0,10,0,5\n"
    "O3,四川,4,4,40,0.5,30\n"
    "O4,北京,2,0,,1,29\n";

std::string MeasuresStudy(const std::string& measures) {
  std::string s = testing::Replace(
      testing::kFixtureStudy, "fulltime_staff = \"fulltime_staff\"\n",
      "fulltime_staff = \"fulltime_staff\"\nhours_per_week = \"hours\"\n"
      "main_income = \"main\"\nactive_days = \"days\"\n"
      "[surveys.operators.roles.hours_per_week]\nmissing = \"exclude\"\n");
  return s + "\n[measures]\n" + measures;
}

Result<StudyRun> RunMeasures(const testing::TempDir& dir,
                             const std::string& study,
                             const std::string& operators = kOperators) {
  auto spec = LoadStudy(
      testing::WriteFixture(dir, study, testing::kFixtureProviders, operators));
  if (!spec.ok()) return spec.status();
  return RunStudy(*spec);
}

const Figure& Get(const StudyRun& run, const std::string& indicator,
                  const std::string& component = "") {
  const Figure* f = FindFigure(run.figures, indicator, 2020, component);
  EXPECT_NE(f, nullptr) << indicator << " " << component;
  static const Figure kNone;
  return f ? *f : kNone;
}

TEST(MeasuresTest, FullTimeEquivalentsMainIncomeAndActiveJobsByHand) {
  testing::TempDir dir;
  auto run = RunMeasures(
      dir, MeasuresStudy("parttime_fte = { value = 0.5, low = 0.3, high = "
                         "0.7, source = \"test factor\" }\n"
                         "min_active_days = 30\n"));
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  // Operators (N = 1000, n = 4, SRS): FTE over the three rows with hours,
  // N * sum(staff * hours / 40) / 3 = 1000 * (1 + 0 + 4) / 3.
  const Figure& fte = Get(*run, "jobs_fte", "ops");
  EXPECT_NEAR(fte.estimate, 5000.0 / 3, kExact);
  EXPECT_THAT(fte.method, HasSubstr("staff * hours_per_week / 40"));
  EXPECT_THAT(fte.method, HasSubstr("China's standard working week"));
  // Linearized ratio: e = y - R x with R = 5/3 on the answering rows, 0 on
  // O4; Var = N^2 (1 - n/N) s_e^2 / (n xbar^2), s_e^2 = (78/9) / 3, xbar =
  // 3/4 (Cochran 1977, eq. 6.13 with fpc).
  const double var = 1e6 * (1 - 4.0 / 1000) * (78.0 / 27) / (4 * 0.5625);
  ASSERT_TRUE(fte.se.has_value());
  EXPECT_NEAR(*fte.se, std::sqrt(var), 1e-9 * std::sqrt(var));
  // Providers of kind a (N = 100, n = 2) have no hours: full-time plus 0.5
  // of part-time, 50 * ((5 + 0) + (2.5 + 0.5 * 2.5)).
  const Figure& pfte = Get(*run, "jobs_fte", "prov_a");
  EXPECT_NEAR(pfte.estimate, 437.5, kExact);
  EXPECT_THAT(pfte.method, HasSubstr("f = 0.5 full-time equivalents per "
                                     "part-time job (test factor); stated "
                                     "range [0.3, 0.7] (triangular), in the "
                                     "total interval, not the sampling "
                                     "interval"));
  EXPECT_NEAR(Get(*run, "jobs_fte").estimate, 437.5 + 5000.0 / 3, kExact);
  // Main income: 250 * (2 * 1 + 0 + 4 * 0.5 + 2 * 1).
  EXPECT_NEAR(Get(*run, "jobs_main_income", "ops").estimate, 1500, kExact);
  // Active on at least 30 days: O1 and O3, 250 * (2 + 4).
  const Figure& active = Get(*run, "jobs_active", "ops");
  EXPECT_NEAR(active.estimate, 1500, kExact);
  EXPECT_THAT(active.method, HasSubstr("[active_days >= 30]"));
  // Providers have neither: no study-wide figure, and a note says why.
  EXPECT_EQ(FindFigure(run->figures, "jobs_main_income", 2020), nullptr);
  EXPECT_EQ(FindFigure(run->figures, "jobs_active", 2020), nullptr);
  bool noted = false;
  for (const std::string& n : run->notes) {
    noted |= n ==
             "study-wide jobs_main_income is not reported: components "
             "without it: prov_a";
  }
  EXPECT_TRUE(noted);
}

TEST(MeasuresTest, FullTimeHoursAndWithoutAThreshold) {
  testing::TempDir dir;
  auto run =
      RunMeasures(dir, MeasuresStudy("fulltime_hours = { value = 44, source = "
                                     "\"Labour Law art. 36\" }\n"));
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  const Figure& fte = Get(*run, "jobs_fte", "ops");
  EXPECT_NEAR(fte.estimate, 1000.0 * (40.0 / 44 + 0 + 160.0 / 44) / 3, kExact);
  EXPECT_THAT(fte.method, HasSubstr("Labour Law art. 36"));
  // No factor: providers have no FTE, nor therefore the study.
  EXPECT_EQ(FindFigure(run->figures, "jobs_fte", 2020, "prov_a"), nullptr);
  EXPECT_EQ(FindFigure(run->figures, "jobs_fte", 2020), nullptr);
  EXPECT_EQ(FindFigure(run->figures, "jobs_active", 2020, "ops"), nullptr);
  bool noted = false;
  for (const std::string& n : run->notes) {
    noted |= n.find(
                 "maps active_days but [measures] min_active_days is not "
                 "set") != std::string::npos;
  }
  EXPECT_TRUE(noted);
}

// Unique workers: operators say which other components their staff also
// work in; the providers' survey does not, so their jobs count as they are.
TEST(MeasuresTest, UniqueWorkersByTheMultiplicityEstimator) {
  testing::TempDir dir;
  const std::string study = testing::Replace(
      testing::kFixtureStudy, "fulltime_staff = \"fulltime_staff\"\n",
      "fulltime_staff = \"fulltime_staff\"\nalso_in = \"also\"\n");
  // m = 2, 1, 2 (its own id is not counted again), 1 (empty: none).
  auto run = RunMeasures(dir, study,
                         "id,province,staff,fulltime_staff,also\n"
                         "O1,北京,2,1,prov_a\n"
                         "O2,上海,0,0,prov_a\n"
                         "O3,四川,4,4,prov_a;ops\n"
                         "O4,北京,2,0,\n");
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  // 500 (prov_a) + 250 * (2/2 + 0 + 4/2 + 2/1).
  const Figure& unique = Get(*run, "jobs_unique");
  EXPECT_NEAR(unique.estimate, 1750, kExact);
  // y/m = 1, 0, 2, 2 of SRS n = 4, N = 1000: s^2 = 2.75 / 3; prov_a's two
  // firms have equal jobs (se 0).
  const double se = std::sqrt(1e6 * (1 - 4.0 / 1000) * (2.75 / 3) / 4);
  ASSERT_TRUE(unique.se.has_value());
  EXPECT_NEAR(*unique.se, se, 1e-9 * se);
  EXPECT_THAT(unique.method, HasSubstr("multiplicity estimator"));
  EXPECT_THAT(unique.method, HasSubstr("(no also_in): prov_a"));
  bool noted = false;
  for (const std::string& n : run->notes) {
    noted |= n.find(
                 "jobs_unique counts the jobs of prov_a as held by people "
                 "in no other component") != std::string::npos;
  }
  EXPECT_TRUE(noted);
  // An id that is not a component names the cell and the components.
  testing::TempDir bad;
  auto wrong = RunMeasures(bad, study,
                           "id,province,staff,fulltime_staff,also\n"
                           "O1,北京,2,1,prov_a、video\n"
                           "O2,上海,2,1,\n");
  ASSERT_FALSE(wrong.ok());
  EXPECT_THAT(wrong.status().message(),
              HasSubstr("operators.csv:2: column \"also\" (role also_in): "
                        "\"video\" is not a component of the study (expected "
                        "ids or names of: prov_a, ops)"));
  // Names work when they are one component's, else the id is needed.
  const std::string named =
      testing::Replace(testing::Replace(study, "id = \"prov_a\"\n",
                                        "id = \"prov_a\"\nname = \"服务商\"\n"),
                       "id = \"ops\"\n", "id = \"ops\"\nname = \"运营\"\n");
  const std::string rows =
      "id,province,staff,fulltime_staff,also\nO1,北京,2,1,服务商\n"
      "O2,上海,2,1,\n";
  testing::TempDir by_name;
  auto ok = RunMeasures(by_name, named, rows);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_NEAR(Get(*ok, "jobs_unique").estimate, 500 + 500 * (1 + 2), kExact);
  testing::TempDir twice;
  auto ambiguous = RunMeasures(
      twice, testing::Replace(named, "name = \"运营\"", "name = \"服务商\""),
      rows);
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_THAT(ambiguous.status().message(),
              HasSubstr("\"服务商\" is the name of several components "
                        "(prov_a, ops); give the id"));
}

// Against R survey (tests/reference/make_multiplicity_references.R):
// apistrat as three operator components, one per stratum, with also_in
// naming another; jobs_unique is the sum of N * domain mean of api00 / m.
TEST(MeasuresTest, UniqueWorkersMatchRSurvey) {
  testing::TempDir dir;
  std::string study =
      "[study]\nname = \"api\"\nplatform = \"P\"\nyear = 2020\n"
      "[surveys.api]\nfile = \"" +
      testing::SourcePath("tests/data/api/apistrat_also_in.csv").string() +
      "\"\n[surveys.api.columns]\nstaff = \"api00\"\ntype = \"stype\"\n"
      "stratum = \"stype\"\nweight = \"pw\"\nfpc = \"fpc\"\n"
      "also_in = \"also_in\"\n[surveys.api.design]\nstrata = \"stratum\"\n"
      "weights = \"weight\"\nfpc = [\"fpc\"]\n";
  for (const auto& [id, type, n] :
       {std::tuple<const char*, const char*, int>{"elementary", "E", 4421},
        {"high", "H", 755},
        {"middle", "M", 1018}}) {
    study += fmt::format(
        "[[components]]\nid = \"{}\"\nkind = \"operator\"\nsurvey = "
        "\"api\"\nfilter = {{ column = \"type\", equals = \"{}\" }}\n"
        "population = {{ value = {}, source = \"api\" }}\n",
        id, type, n);
  }
  auto spec = LoadStudy(dir.Write("s.toml", study));
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  auto run = RunStudy(*spec);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  const Figure& unique = Get(*run, "jobs_unique");
  EXPECT_NEAR(unique.estimate, 2607747.37, 1e-9 * 2607747.37);
  ASSERT_TRUE(unique.se.has_value());
  EXPECT_NEAR(*unique.se, 52597.1979350927, 1e-6 * 52597.1979350927);
  const Figure& jobs = Get(*run, "jobs_direct");
  EXPECT_NEAR(jobs.estimate, 4102207.93, 1e-9 * 4102207.93);
  EXPECT_NEAR(*jobs.se, 58278.9798072143, 1e-6 * 58278.9798072143);
  EXPECT_THAT(unique.method, Not(HasSubstr("no also_in")));
}

TEST(MeasuresTest, BadValuesNameTheKeyOrTheCell) {
  struct Case {
    std::string measures, operators, message;
  };
  const std::string op = kOperators;
  const std::vector<Case> cases = {
      {"parttime_fte = { value = 1.5, source = \"s\" }\n", op,
       "parttime_fte.value: expected a number in [0, 1], got 1.5"},
      {"parttime_fte = { value = 0.2, low = 0.3, high = 0.7, source = \"s\" "
       "}\n",
       op, "expected low <= value <= high, got low 0.3, value 0.2, high 0.7"},
      {"parttime_fte = { value = 0.5, low = 0.3, source = \"s\" }\n", op,
       "give low and high together"},
      {"min_active_days = 400\n", op,
       "min_active_days: expected a number of days in [1, 366], got 400"},
      {"fulltime_hours = { value = 0, source = \"s\" }\n", op,
       "fulltime_hours.value: expected a number in [1, 168], got 0"},
      {"fte = 1\n", op,
       "measures.fte: unknown key (allowed here: fulltime_hours, "
       "parttime_fte, min_active_days)"},
      {"", testing::Replace(op, "O1,北京,2,1,20,", "O1,北京,2,1,170,"),
       "expected hours a week worked per job in [0, 168], found 170"},
      {"", testing::Replace(op, "O1,北京,2,1,20,1,", "O1,北京,2,1,20,2,"),
       "expected a share in [0, 1], found 2"},
      {"", testing::Replace(op, ",5\n", ",-5\n"),
       "expected a value >= 0, found -5"},
  };
  for (const Case& c : cases) {
    testing::TempDir dir;
    auto run = RunMeasures(dir, MeasuresStudy(c.measures), c.operators);
    ASSERT_FALSE(run.ok()) << c.message;
    EXPECT_THAT(run.status().message(), HasSubstr(c.message));
    // The file and line of the key or the cell.
    EXPECT_THAT(run.status().message(),
                ::testing::AnyOf(HasSubstr("study.toml:"),
                                 HasSubstr("operators.csv:")));
  }
}

}  // namespace
}  // namespace jobimpact::study
