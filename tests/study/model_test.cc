#include "jobimpact/study/model.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "inputoutput/io_reference.h"
#include "jobimpact/report/report.h"
#include "jobimpact/results/results.h"
#include "study/study_fixture.h"

namespace jobimpact::study {
namespace {

using ::testing::HasSubstr;
using testing::Replace;

constexpr double kExact = 1e-9;  // Sums of a few exact binary fractions.

Result<StudyRun> RunFixture(
    const testing::TempDir& dir,
    const std::string& study = testing::kFixtureStudy,
    const std::string& providers = testing::kFixtureProviders,
    const std::string& operators = testing::kFixtureOperators) {
  auto spec =
      LoadStudy(testing::WriteFixture(dir, study, providers, operators));
  if (!spec.ok()) return spec.status();
  return RunStudy(*spec);
}

double Get(const StudyRun& run, const std::string& indicator,
           const std::string& component = "", const std::string& dt = "",
           const std::string& d = "") {
  const Figure* f = FindFigure(run.figures, indicator, 2020, component, dt, d);
  EXPECT_NE(f, nullptr) << indicator << " " << component << " " << dt << "="
                        << d;
  return f ? f->estimate : std::nan("");
}

TEST(ModelTest, ReportsFormulasByHand) {
  testing::TempDir dir;
  auto run = RunFixture(dir);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_NEAR(Get(*run, "jobs_direct", "prov_a"), 500, kExact);
  EXPECT_NEAR(Get(*run, "jobs_fulltime", "prov_a"), 375, kExact);
  EXPECT_NEAR(Get(*run, "jobs_parttime", "prov_a"), 125, kExact);
  EXPECT_NEAR(Get(*run, "jobs_direct", "ops"), 2000, kExact);
  EXPECT_NEAR(Get(*run, "jobs_fulltime", "ops"), 1250, kExact);
  EXPECT_NEAR(Get(*run, "jobs_parttime", "ops"), 750, kExact);
  EXPECT_NEAR(Get(*run, "jobs_direct"), 2500, kExact);
  EXPECT_NEAR(Get(*run, "jobs_fulltime"), 1625, kExact);
  EXPECT_NEAR(Get(*run, "jobs_parttime"), 875, kExact);
  const Figure* f = FindFigure(run->figures, "jobs_direct", 2020, "prov_a");
  EXPECT_EQ(*f->n, 2) << "the filter keeps kind a only";
  // Assumed design: simple random sample of n from N. prov_a's two firms
  // both have 5 platform staff, so its se is 0; ops (staff 2, 0, 4, 2 of
  // N = 1000): Var = N^2 (1 - n/N) s^2 / n with s^2 = 8/3 (Cochran eq. 2.16).
  EXPECT_NEAR(*f->se, 0.0, 1e-9);
  const Figure* ops = FindFigure(run->figures, "jobs_direct", 2020, "ops");
  const double se_ops = std::sqrt(1e6 * (1 - 4.0 / 1000) * (8.0 / 3) / 4);
  EXPECT_NEAR(*ops->se, se_ops, 1e-9 * se_ops);
  EXPECT_NEAR(*ops->ci_high - ops->estimate, 3.182446305284263 * se_ops, 1e-6)
      << "t(3) interval";
  // Independent components: the study-wide variance is the sum.
  EXPECT_NEAR(*FindFigure(run->figures, "jobs_direct", 2020)->se, se_ops,
              1e-9 * se_ops);
  EXPECT_THAT(f->method, HasSubstr("service-provider formula"));
  EXPECT_THAT(f->method, HasSubstr("test count"));
}

TEST(ModelTest, DomainsSumToTheirComponent) {
  testing::TempDir dir;
  auto run = RunFixture(dir);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_NEAR(Get(*run, "jobs_direct", "prov_a", "province", "北京"), 250,
              kExact);
  EXPECT_NEAR(Get(*run, "jobs_direct", "prov_a", "region", "West"), 250,
              kExact);
  // ops: 北京 2+2, 上海 0 -> East 4 staff * 250; 四川 4 -> West 1000.
  EXPECT_NEAR(Get(*run, "jobs_direct", "ops", "region", "East"), 1000, kExact);
  EXPECT_NEAR(Get(*run, "jobs_direct", "", "region", "East"), 1250, kExact);
  EXPECT_NEAR(Get(*run, "jobs_direct", "", "region", "West"), 1250, kExact);
  EXPECT_EQ(
      FindFigure(run->figures, "jobs_direct", 2020, "", "province", "北京"),
      nullptr)
      << "ops has no province breakdown, so there is no study-wide one";
}

TEST(ModelTest, IndirectThroughTheLeontiefModel) {
  testing::TempDir dir;
  auto run = RunFixture(dir);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  const double b1 = 1.15 / 0.7575 - 1, b2 = 1.10 / 0.7575 - 1;
  EXPECT_NEAR(Get(*run, "total_consumption_coefficient", "", "sector", "s1"),
              b1, 1e-14);
  const double out = 1e6 * b1 + 2e6 * b2;
  EXPECT_NEAR(Get(*run, "output_direct"), 3e6, kExact);
  EXPECT_NEAR(Get(*run, "output_indirect"), out, 1e-6);
  EXPECT_NEAR(Get(*run, "output_indirect", "", "category", "c2"), 2e6 * b2,
              1e-6);
  EXPECT_NEAR(Get(*run, "jobs_indirect"), out / 1000, 1e-9);
  EXPECT_NEAR(Get(*run, "jobs_total"), 2500 + out / 1000, 1e-9);
}

TEST(ModelTest, EmploymentCoefficients) {
  testing::TempDir dir;
  dir.Write("emp.csv", "code,jobs_per_million_yuan\ns1,2\ns2,4\n");
  auto run = RunFixture(
      dir,
      Replace(testing::kFixtureStudy,
              "jobs = \"output_per_job\"\noutput_per_job = { value = 1000, "
              "source = \"test ratio\" }",
              "jobs = \"employment_coefficients\"\nemployment_coefficients = "
              "{ file = \"emp.csv\", source = \"test\" }"));
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  // (L - I) f with f = (1e6, 2e6); L = [0.95 0.25; 0.2 0.85] / 0.7575.
  const double x1 = (0.95 * 1e6 + 0.25 * 2e6) / 0.7575 - 1e6;
  const double x2 = (0.20 * 1e6 + 0.85 * 2e6) / 0.7575 - 2e6;
  EXPECT_NEAR(Get(*run, "jobs_indirect"), 2e-6 * x1 + 4e-6 * x2, 1e-9);
  EXPECT_THAT(FindFigure(run->figures, "jobs_indirect", 2020)->method,
              HasSubstr("employment_coefficients"));

  dir.Write("emp.csv", "code,jobs_per_million_yuan\ns1,2\n");
  auto spec = LoadStudy(dir.path() / "study.toml");
  ASSERT_TRUE(spec.ok());
  EXPECT_THAT(RunStudy(*spec).status().message(),
              HasSubstr("no employment coefficient for sectors s2"));
}

TEST(ModelTest, PublishedAggregatesAndEcosystemShare) {
  testing::TempDir dir;
  std::string text =
      Replace(testing::kFixtureStudy,
              "kind = \"operator\"\nsurvey = \"operators\"\npopulation = "
              "{ value = 1000, source = \"test count\" }\ndomains = "
              "[\"region\"]",
              "kind = \"aggregate\"\npublished = { jobs = 9500, source = "
              "\"report\" }");
  text = Replace(
      text, "[consumption]",
      "[direct]\nfulltime_share = { value = 0.4, source = \"report share\" }\n"
      "[consumption]");
  auto run = RunFixture(dir, text);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_NEAR(Get(*run, "jobs_direct"), 10000, kExact);
  EXPECT_NEAR(Get(*run, "jobs_fulltime"), 4000, kExact);
  EXPECT_NEAR(Get(*run, "jobs_parttime"), 6000, kExact);
  EXPECT_THAT(FindFigure(run->figures, "jobs_direct", 2020, "ops")->method,
              HasSubstr("published: report"));
  const Figure* total = FindFigure(run->figures, "jobs_direct", 2020);
  EXPECT_FALSE(total->se.has_value())
      << "a published part has unknown uncertainty";
  EXPECT_THAT(total->method, HasSubstr("se not reported"));
  EXPECT_TRUE(
      FindFigure(run->figures, "jobs_direct", 2020, "prov_a")->se.has_value());
}

std::string DataError(
    const std::string& providers,
    const std::string& operators = testing::kFixtureOperators) {
  testing::TempDir dir;
  auto run = RunFixture(dir, testing::kFixtureStudy, providers, operators);
  EXPECT_FALSE(run.ok());
  return run.ok() ? "" : run.status().message();
}

TEST(ModelTest, BadSurveyData) {
  const std::string p = testing::kFixtureProviders;
  EXPECT_THAT(
      DataError(Replace(p, "P2,a,四川,20", "P2,a,四川,-20")),
      HasSubstr("providers.csv:3: column \"employees\" (role employees): "
                "expected a value >= 0, found -20"));
  EXPECT_THAT(
      DataError(Replace(p, "0.25,0.5", "25,0.5")),
      HasSubstr("providers.csv:3: column \"platform_share\" (role "
                "platform_share): expected a share in [0, 1], found 25"));
  EXPECT_THAT(DataError(Replace(p, "P3,b", "P1,b")),
              HasSubstr("providers.csv:4: column \"id\" (role id): duplicate "
                        "respondent id \"P1\" (first on line 2)"));
  EXPECT_THAT(
      DataError(Replace(p, "20,0.25", "NA,0.25")),
      HasSubstr("providers.csv: column \"employees\" (role employees of "
                "survey providers): 1 missing value (row 3); policy \"fail\""));
  EXPECT_THAT(DataError(Replace(p, "20,0.25", "twenty,0.25")),
              HasSubstr("providers.csv:3: column 4 (\"employees\"): expected a "
                        "number, found \"twenty\""));
  EXPECT_THAT(DataError(Replace(p, "employees,", "staff_count,")),
              HasSubstr("no column \"employees\""));
  EXPECT_THAT(DataError(Replace(p, "P2,a,四川", "P2,a,火星")),
              HasSubstr("provinces not in the region scheme test"));
  EXPECT_THAT(DataError(p, Replace(testing::kFixtureOperators, "O3,四川,4,4",
                                   "O3,四川,4,5")),
              HasSubstr("full-time staff 5 exceeds staff 4"));
  EXPECT_THAT(
      DataError("id,kind,province,employees,platform_share,fulltime_share\n"),
      HasSubstr("providers.csv:1: the file has a header but no data rows"));
}

TEST(ModelTest, ComponentWithoutRowsAndUnknownSector) {
  testing::TempDir dir;
  auto run = RunFixture(dir, Replace(testing::kFixtureStudy, "equals = \"a\"",
                                     "equals = \"zzz\""));
  ASSERT_FALSE(run.ok());
  EXPECT_THAT(run.status().message(),
              HasSubstr("component \"prov_a\" has no rows"));
  testing::TempDir dir2;
  auto run2 = RunFixture(dir2, Replace(testing::kFixtureStudy,
                                       "sector = \"s2\"", "sector = \"s9\""));
  ASSERT_FALSE(run2.ok());
  EXPECT_EQ(run2.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(
      run2.status().message(),
      HasSubstr("consumption.categories[1].sector: \"s9\" is not a sector"));
}

TEST(ModelTest, SeriesGrowthAndCagr) {
  testing::TempDir dir;
  testing::WriteFixture(dir);
  auto path = dir.Write("series.toml", R"(
[series]
name = "s"
indicators = ["jobs_direct", "jobs_direct:ops"]
[[points]]
year = 2018
published = { jobs_direct = 1600, "jobs_direct:ops" = 1000 }
source = "x"
[[points]]
year = 2019
published = { jobs_direct = 2000 }
source = "y"
[[points]]
year = 2020
study = "study.toml"
published = { jobs_direct = 2400 }
source = "z"
)");
  auto spec = LoadSeries(path);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  auto run = RunSeries(*spec);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  auto g = [&](const char* ind, int year, const char* comp, const char* base) {
    const Figure* f = FindFigure(run->figures, ind, year, comp, "series", base);
    EXPECT_NE(f, nullptr) << ind << year << comp;
    return f ? f->estimate : std::nan("");
  };
  EXPECT_NEAR(g("growth_yoy", 2019, "", "jobs_direct"), 0.25, 1e-15);
  EXPECT_NEAR(g("growth_yoy", 2020, "", "jobs_direct"), 0.25, 1e-15);
  EXPECT_NEAR(g("growth_cagr", 2020, "", "jobs_direct"), 0.25, 1e-15);
  EXPECT_NEAR(g("growth_cagr", 2020, "ops", "jobs_direct"), std::sqrt(2.0) - 1,
              1e-15);
  EXPECT_THAT(run->notes,
              ::testing::Contains(HasSubstr(
                  "jobs_direct 2020: computed 2500, published 2400")));
  EXPECT_THAT(run->notes,
              ::testing::Contains(HasSubstr(
                  "no year-over-year growth for 2020 (2018 is not followed "
                  "by 2019)")));
}

// [series] domains: a breakdown no study has is an error naming it; one
// that is not a breakdown of jobs is refused when the series is loaded.
TEST(ModelTest, SeriesDomainsThatNoStudyHas) {
  testing::TempDir dir;
  testing::WriteFixture(dir);
  auto series = [&](const std::string& domains) {
    return dir.Write("series.toml", R"(
[series]
name = "s"
indicators = ["jobs_direct"]
domains = )" + domains + R"(
[[points]]
year = 2019
published = { jobs_direct = 2000 }
source = "y"
[[points]]
year = 2020
study = "study.toml"
)");
  };
  auto spec = LoadSeries(series("[\"no_such_breakdown\"]"));
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  auto run = RunSeries(*spec);
  ASSERT_FALSE(run.ok());
  EXPECT_THAT(run.status().message(),
              HasSubstr("[series] domains: no study of the series breaks a "
                        "series indicator down by \"no_such_breakdown\""));
  auto bad = LoadSeries(series("[\"category\"]"));
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("series.domains"));
  EXPECT_THAT(bad.status().message(), HasSubstr("not a breakdown of jobs"));
}

// Runs a one-component study over one of R's api samples: "staff" is api00
// and N = 6194, so jobs = N * the weighted mean of api00. `columns` and
// `design` are TOML lines of [surveys.api.columns] and [surveys.api.design].
Result<Figure> RunApiStudy(const testing::TempDir& dir,
                           const std::string& data_file,
                           const std::string& columns,
                           const std::string& design) {
  auto path = dir.Write(
      "s.toml",
      "[study]\nname = \"api\"\nplatform = \"P\"\nyear = 2020\n"
      "[surveys.api]\nfile = \"" +
          testing::SourcePath("tests/data/api/" + data_file).string() +
          "\"\n[surveys.api.columns]\nstaff = \"api00\"\n" + columns +
          "[surveys.api.design]\n" + design +
          "[[components]]\nid = \"schools\"\nkind = \"operator\"\n"
          "survey = \"api\"\npopulation = { value = 6194, source = "
          "\"population\" }\n");
  JI_ASSIGN_OR_RETURN(StudySpec spec, LoadStudy(path));
  JI_ASSIGN_OR_RETURN(StudyRun run, RunStudy(spec));
  const Figure* f = FindFigure(run.figures, "jobs_direct", 2020, "schools");
  if (f == nullptr) return InternalError("no jobs_direct for schools");
  return *f;
}

// A declared design: apistrat as an operator survey. Its standard error is
// N times R survey's svymean SE (tests/reference/, same design):
// 6194 * 9.40894080278458 = 58278.9793324477; estimate 4102207.92740883.
TEST(ModelTest, DeclaredDesignMatchesRSurvey) {
  testing::TempDir dir;
  for (const char* variance : {"linearization", "jkn"}) {
    auto f = RunApiStudy(
        dir, "apistrat.csv",
        "stratum = \"stype\"\nweight = \"pw\"\nfpc = \"fpc\"\n",
        "strata = \"stratum\"\nweights = \"weight\"\nfpc = [\"fpc\"]\n"
        "variance = \"" +
            std::string(variance) + "\"\n");
    ASSERT_TRUE(f.ok()) << f.status().ToString();
    EXPECT_NEAR(f->estimate, 4102207.92740883, 1e-9 * 4102207.92740883);
    EXPECT_NEAR(*f->se, 58278.9793324477, 1e-6 * 58278.9793324477) << variance;
    EXPECT_THAT(f->method, HasSubstr("declared design"));
  }
}

// Calibrated declared design: apiclus1 raked to stype and sch.wide as in R
// survey's documentation: se = 6194 * R's SE (case clus1_rake:
// 641.23032092682, 23.7036168879225).
TEST(ModelTest, DeclaredDesignWithRaking) {
  testing::TempDir dir;
  dir.Write("margins.csv",
            "margin,level,count\ntype,E,4421\ntype,H,755\ntype,M,1018\n"
            "wide,No,1072\nwide,Yes,5122\n");
  auto f = RunApiStudy(
      dir, "apiclus1.csv",
      "district = \"dnum\"\nweight = \"pw\"\nfpc = \"fpc\"\ntype = "
      "\"stype\"\nwide = \"sch.wide\"\n",
      "clusters = [\"district\"]\nweights = \"weight\"\nfpc = [\"fpc\"]\n"
      "calibration = \"rake\"\nmargins = \"margins.csv\"\n");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_NEAR(f->estimate, 6194 * 641.23032092682,
              1e-8 * 6194 * 641.23032092682);
  EXPECT_NEAR(*f->se, 6194 * 23.7036168879225, 1e-6 * 6194 * 23.7036168879225);
  EXPECT_THAT(f->method, HasSubstr("calibrated (rake)"));
}

TEST(ModelTest, EstimationErrorsNameTheFigure) {
  // JK1 on a stratified design is refused by the estimator, which does not
  // know which study figure it was computing; the model adds it.
  testing::TempDir dir;
  auto f =
      RunApiStudy(dir, "apistrat.csv", "stratum = \"stype\"\nweight = \"pw\"\n",
                  "strata = \"stratum\"\nweights = \"weight\"\nvariance = "
                  "\"jk1\"\n");
  ASSERT_FALSE(f.ok());
  EXPECT_THAT(f.status().message(),
              HasSubstr("s.toml: jobs_direct of schools"));
  EXPECT_THAT(f.status().message(),
              HasSubstr("JK1 is for unstratified designs"));
}

TEST(ModelTest, SeriesNamingAnUnknownComponent) {
  testing::TempDir dir;
  testing::WriteFixture(dir);
  auto path = dir.Write("series.toml", R"(
[series]
name = "s"
indicators = ["jobs_direct:nosuch"]
[[points]]
year = 2019
published = { "jobs_direct:nosuch" = 1 }
source = "x"
[[points]]
year = 2020
study = "study.toml"
)");
  auto spec = LoadSeries(path);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  auto run = RunSeries(*spec);
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(run.status().message(),
              HasSubstr("does not produce jobs_direct:nosuch"));
}

// The value-added method and jobs from the employment table, on the 2020 NBS
// table without imports; expected values from the numpy references
// (tests/reference/io_references.csv: domestic Type I multipliers and the
// employment coefficients of the shipped concordance, 2018 employment).
TEST(ModelTest, ValueAddedAndEmploymentTableMethods) {
  testing::TempDir dir;
  const std::string text = testing::EmploymentTableStudy();
  auto run = RunFixture(dir, text);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  // Every figure once: value_added and the employment table reused the
  // coefficients but added their rows again.
  std::set<std::string> keys;
  for (const auto& f : run->figures) {
    EXPECT_TRUE(keys.insert(f.indicator + "|" + f.component + "|" +
                            f.domain_type + "|" + f.domain + "|" +
                            std::to_string(f.year))
                    .second)
        << "repeated: " << f.indicator << " " << f.domain_type << "="
        << f.domain;
  }
  auto ref = [](const std::string& variant, const std::string& q,
                const std::string& code) {
    return testing::IoReference("cn2020_153", variant, q, code);
  };
  auto io =
      inputoutput::ReadIoTable(testing::SourcePath("data/io/cn2020_153.csv"),
                               inputoutput::IoLayout::kNbs);
  ASSERT_TRUE(io.ok());
  auto v = [&](const std::string& code) {
    const auto j = static_cast<Eigen::Index>(*io->IndexOf(code));
    return io->value_added.col(j).sum() / io->gross_output(j);
  };
  // Jobs per table unit (10,000 yuan) -> per yuan.
  auto jobs = [&](const std::string& code) {
    return (ref("domestic", "employment_I", code) -
            ref("as_published", "employment_coefficient", code)) /
           1e4;
  };
  const double expected_jobs = 1e6 * jobs("127") + 2e6 * jobs("110");
  EXPECT_NEAR(Get(*run, "jobs_indirect"), expected_jobs, 1e-8 * expected_jobs);
  const double expected_va =
      1e6 * (ref("domestic", "value_added_I", "127") - v("127")) +
      2e6 * (ref("domestic", "value_added_I", "110") - v("110"));
  EXPECT_NEAR(Get(*run, "value_added_indirect"), expected_va,
              1e-8 * expected_va);
  EXPECT_THAT(FindFigure(run->figures, "value_added_indirect", 2020)->method,
              HasSubstr("proportionality"));
  EXPECT_THAT(
      FindFigure(run->figures, "jobs_indirect", 2020, "", "category", "c1")
          ->method,
      HasSubstr("employment_table"));
  // Both methods are reported: caict2020 gross output stays.
  EXPECT_NE(FindFigure(run->figures, "output_indirect", 2020), nullptr);

  // imports must be stated.
  std::string no_imports = Replace(text, "imports = \"domestic\"\n", "");
  auto spec = LoadStudy(testing::WriteFixture(
      dir, no_imports, testing::kFixtureProviders, testing::kFixtureOperators));
  ASSERT_FALSE(spec.ok());
  EXPECT_THAT(spec.status().message(), HasSubstr("need imports ="));
}

// Chinese studies read provinces through the gazetteer: any known spelling
// becomes the canonical short name, in the surveys and the region scheme;
// city names give tiers; unknown values are listed with their lines.
TEST(ModelTest, ProvincesAndCitiesThroughTheGazetteer) {
  testing::TempDir dir;
  std::string study = Replace(testing::kFixtureStudy, "year = 2020",
                              "year = 2020\ncountry = \"CN\"");
  study = Replace(study, "domains = [\"province\", \"region\"]",
                  "domains = [\"province\", \"region\", \"city_tier\"]");
  study = Replace(study, "fulltime_share = \"fulltime_share\"",
                  "fulltime_share = \"fulltime_share\"\ncity = \"city\"");
  const std::string providers =
      "id,kind,province,city,employees,platform_share,fulltime_share\n"
      "P1,a,北京市,北京,10,0.5,1.0\n"
      "P2,a,Sichuan,绵阳市,20,0.25,0.5\n"
      "P3,b,Beijing,Beijing,4,1,0\n";
  auto spec = LoadStudy(
      testing::WriteFixture(dir, study, providers, testing::kFixtureOperators));
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  dir.Write("regions.csv",
            "province,region\n北京市,East\nShanghai,East\n四川省,West\n");
  auto run = RunStudy(*spec);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  // Same numbers as the plain fixture, labels canonical.
  EXPECT_NEAR(Get(*run, "jobs_direct", "prov_a", "province", "北京"), 250,
              1e-9);
  EXPECT_NEAR(Get(*run, "jobs_direct", "prov_a", "province", "四川"), 250,
              1e-9);
  EXPECT_NEAR(Get(*run, "jobs_direct", "prov_a", "region", "East"), 250, 1e-9);
  EXPECT_NEAR(Get(*run, "jobs_direct", "prov_a", "city_tier", "tier 1"), 250,
              1e-9);
  EXPECT_NEAR(Get(*run, "jobs_direct", "prov_a", "city_tier", "tier 3+"), 250,
              1e-9);

  testing::TempDir bad;
  auto bad_spec = LoadStudy(testing::WriteFixture(
      bad, study,
      "id,kind,province,city,employees,platform_share,fulltime_share\n"
      "P1,a,北京,北京,10,0.5,1.0\n"
      "P2,a,Atlantis,Gotham,20,0.25,0.5\n",
      testing::kFixtureOperators));
  ASSERT_TRUE(bad_spec.ok());
  auto failed = RunStudy(*bad_spec);
  ASSERT_FALSE(failed.ok());
  EXPECT_THAT(failed.status().message(),
              HasSubstr("values that name no province of China: \"Atlantis\" "
                        "(line 3)"));
}

// Shares of a component's jobs by domain: prov_a's two respondents (y = 5 in
// 北京 and 5 in 四川, N = 100, n = 2) give R = 0.5 and, by the delta method,
// var = N^2 (1 - n/N) s_z^2 / n / Y^2 with z = y_d - R y = (2.5, -2.5):
// 100^2 * 0.98 * 12.5 / 2 / 500^2 = 0.245.
TEST(ModelTest, DomainSharesWithDeltaMethodVariance) {
  testing::TempDir dir;
  auto run = RunFixture(dir);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  const Figure* f = FindFigure(run->figures, "jobs_share", 2020, "prov_a",
                               "province", "北京");
  ASSERT_NE(f, nullptr);
  EXPECT_NEAR(f->estimate, 0.5, 1e-12);
  ASSERT_TRUE(f->se.has_value());
  EXPECT_NEAR(*f->se, std::sqrt(0.245), 1e-9);
  EXPECT_GE(*f->ci_low, 0.0);
  EXPECT_LE(*f->ci_high, 1.0);
  EXPECT_EQ(f->unit, "ratio");
  // Study-wide shares over the region domain add up to one.
  double sum = 0;
  for (const Figure& g : run->figures) {
    if (g.indicator == "jobs_share" && g.component.empty() &&
        g.domain_type == "region") {
      sum += g.estimate;
    }
  }
  EXPECT_NEAR(sum, 1.0, 1e-12);
}

}  // namespace
}  // namespace jobimpact::study

namespace jobimpact::study {
namespace {

std::string EvaluationError(const std::string& study_text) {
  testing::TempDir dir;
  auto path = testing::WriteFixture(dir, study_text);
  dir.Write("singular.csv",
            "code,s1,s2,HH,GO\ns1,50,50,0,100\ns2,50,50,0,100\n");
  auto e = EvaluateFile(path);
  EXPECT_FALSE(e.ok());
  return e.ok() ? "" : e.status().message();
}

// Errors of a study name the study file, line and key, and the table.
TEST(ModelTest, ErrorsNameTheKeyLineAndTable) {
  using ::testing::HasSubstr;
  using testing::Replace;
  EXPECT_THAT(EvaluationError(Replace(testing::kFixtureStudy,
                                      "file = \"providers.csv\"",
                                      "file = \"missing.csv\"")),
              HasSubstr("study.toml:8: surveys.providers.file: no such file: "
                        "\"missing.csv\""));
  EXPECT_THAT(
      EvaluationError(Replace(testing::kFixtureStudy, "table = \"io.csv\"",
                              "table = \"x.csv\"")),
      HasSubstr("inputoutput.table: no such file: \"x.csv\""));
  EXPECT_THAT(EvaluationError(Replace(testing::kFixtureStudy, "sector = \"s2\"",
                                      "sector = \"s9\"")),
              HasSubstr("study.toml:51: consumption.categories[1].sector: "
                        "\"s9\" is not a sector of "));
  const std::string singular =
      EvaluationError(Replace(testing::kFixtureStudy, "table = \"io.csv\"",
                              "table = \"singular.csv\""));
  EXPECT_THAT(singular, HasSubstr("study.toml: [inputoutput] table "));
  EXPECT_THAT(singular, HasSubstr("singular.csv: "));
  EXPECT_THAT(singular, HasSubstr("not productive"));
}

}  // namespace
}  // namespace jobimpact::study

namespace jobimpact::study {
namespace {

// The declared confidence level reaches the interval and its `level`
// (it was computed at 0.90 but nothing said so; the report said "95% CI").
TEST(ModelTest, ConfidenceLevelTravelsWithTheInterval) {
  testing::TempDir dir;
  auto f90 = RunApiStudy(
      dir, "apistrat.csv",
      "stratum = \"stype\"\nweight = \"pw\"\nfpc = \"fpc\"\n",
      "strata = \"stratum\"\nweights = \"weight\"\nfpc = [\"fpc\"]\n"
      "confidence = 0.9\n");
  ASSERT_TRUE(f90.ok()) << f90.status().ToString();
  ASSERT_TRUE(f90->level.has_value());
  EXPECT_EQ(*f90->level, 0.9);
  // R: qt(0.95, 197) = 1.65262521927, the 90% half-width in SEs.
  EXPECT_NEAR((*f90->ci_high - f90->estimate) / *f90->se, 1.65262521927, 1e-9);
  auto f95 = RunApiStudy(
      dir, "apistrat.csv",
      "stratum = \"stype\"\nweight = \"pw\"\nfpc = \"fpc\"\n",
      "strata = \"stratum\"\nweights = \"weight\"\nfpc = [\"fpc\"]\n");
  ASSERT_TRUE(f95.ok());
  EXPECT_EQ(*f95->level, 0.95);

  auto t = results::ResultsTable::FromFigures({*f90});
  ASSERT_TRUE(t.ok());
  const std::string html =
      report::RenderHtml(*t, {"t", "p", "s.toml", {}, {}, {}, ""}, {});
  EXPECT_NE(html.find("误差线：90% 置信区间"), std::string::npos);
  EXPECT_NE(html.find("t(197) interval 90%"), std::string::npos);
  EXPECT_EQ(html.find("95%"), std::string::npos);
  EXPECT_NE(t->ToCsv().find(",0.9,"), std::string::npos);
}

}  // namespace
}  // namespace jobimpact::study

namespace jobimpact::study {
namespace {

// One interval rule: jobs and yuan intervals are cut at 0 as share
// intervals are cut to [0, 1] (a province's jobs had a negative lower bound
// while its share's was 0). The fixture's four operator accounts give jobs
// 2000 with a t(3) half-width larger than 2000.
TEST(ModelTest, IntervalsOfJobsStopAtZeroLikeShares) {
  testing::TempDir dir;
  auto run = RunFixture(dir, testing::kFixtureStudy);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  int cut = 0;
  for (const auto& f : run->figures) {
    if (!f.ci_low) continue;
    if (f.unit == "jobs" || f.unit == "yuan") {
      EXPECT_GE(*f.ci_low, 0.0) << f.indicator << " " << f.domain;
      if (*f.ci_low == 0.0) {
        ++cut;
        EXPECT_LT(f.estimate - *f.ci_low, *f.ci_high - f.estimate)
            << "only the lower end moves";
      }
    }
  }
  EXPECT_GT(cut, 0);
  const Figure* ops = FindFigure(run->figures, "jobs_direct", 2020, "ops");
  ASSERT_NE(ops, nullptr);
  EXPECT_EQ(*ops->ci_low, 0.0);
}

}  // namespace
}  // namespace jobimpact::study

namespace jobimpact::study {
namespace {

// The study's solver setting reaches the run and its method text (the text
// always said LU).
TEST(ModelTest, SolverSettingReachesTheRun) {
  using ::testing::HasSubstr;
  testing::TempDir dir;
  auto lu = RunFixture(
      dir, testing::Replace(testing::kFixtureStudy, "layout = \"matrix\"",
                            "layout = \"matrix\"\nsolver = "
                            "\"lu\""));
  ASSERT_TRUE(lu.ok()) << lu.status().ToString();
  auto it = RunFixture(
      dir, testing::Replace(testing::kFixtureStudy, "layout = \"matrix\"",
                            "layout = \"matrix\"\nsolver = "
                            "\"iterative\""));
  ASSERT_TRUE(it.ok()) << it.status().ToString();
  const Figure* a = FindFigure(lu->figures, "total_consumption_coefficient",
                               2020, "", "sector", "s1");
  const Figure* b = FindFigure(it->figures, "total_consumption_coefficient",
                               2020, "", "sector", "s1");
  ASSERT_TRUE(a && b);
  EXPECT_THAT(a->method, HasSubstr("by LU transposed solve"));
  EXPECT_THAT(b->method, HasSubstr("iterations, certified relative error"));
  // Miller & Blair's two sectors: column sum of B for s1 = 1.15/0.7575 - 1.
  EXPECT_NEAR(a->estimate, 1.15 / 0.7575 - 1, 1e-12);
  EXPECT_NEAR(b->estimate, 1.15 / 0.7575 - 1, 1e-9);
  testing::TempDir bad_dir;
  auto bad = RunFixture(
      bad_dir, testing::Replace(testing::kFixtureStudy, "layout = \"matrix\"",
                                "layout = \"matrix\"\nsolver "
                                "= \"qr\""));
  EXPECT_THAT(bad.status().message(), HasSubstr("inputoutput.solver: "));
}

}  // namespace
}  // namespace jobimpact::study

namespace jobimpact::study {
namespace {

// Method texts come from the estimator used and the kind's per-unit value:
// full-time rows said "part-time formula", and rows under a declared design
// described the simple-random-sample formula N/n * sum.
TEST(ModelTest, MethodTextSaysTheEstimatorAndUnitValueUsed) {
  using ::testing::HasSubstr;
  using ::testing::Not;
  testing::TempDir dir;
  auto run = RunFixture(dir);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  auto method = [&](const char* indicator, const char* component) {
    const Figure* f = FindFigure(run->figures, indicator, 2020, component);
    return f ? f->method : std::string("(no figure)");
  };
  // Assumed simple random sample: the reports' expansion estimator.
  EXPECT_THAT(method("jobs_direct", "prov_a"),
              HasSubstr("service-provider formula (docs/method.md §1): N/n * "
                        "sum(y), y = employees * platform_share, N=100"));
  EXPECT_THAT(method("jobs_fulltime", "prov_a"),
              HasSubstr("y = employees * platform_share * fulltime_share,"));
  EXPECT_THAT(method("jobs_parttime", "prov_a"),
              HasSubstr("y = employees * platform_share * (1 - "
                        "fulltime_share),"));
  EXPECT_THAT(method("jobs_fulltime", "ops"), HasSubstr("y = fulltime_staff,"));
  EXPECT_THAT(method("jobs_parttime", "ops"),
              HasSubstr("y = staff - fulltime_staff,"));
  for (const char* c : {"prov_a", "ops"}) {
    EXPECT_THAT(method("jobs_fulltime", c), Not(HasSubstr("part-time")));
  }
  // A declared design: the ratio estimator, not N/n.
  auto f =
      RunApiStudy(dir, "apistrat.csv", "stratum = \"stype\"\nweight = \"pw\"\n",
                  "strata = \"stratum\"\nweights = \"weight\"\n");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_THAT(f->method, HasSubstr("N * sum(w*y) / sum(w) over the component, "
                                   "y = staff, N=6194"));
  EXPECT_THAT(f->method, Not(HasSubstr("N/n")));
}

// domains = [["province", "region"]]: jobs per cell, shares within each
// region, and the cells without respondents named in a note.
TEST(ModelTest, CrossedBreakdowns) {
  testing::TempDir dir;
  auto run = RunFixture(
      dir, testing::Replace(testing::kFixtureStudy, "domains = [\"region\"]",
                            "domains = [\"region\", [\"province\", "
                            "\"region\"]]"));
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  // Operators, N = 1000, n = 4 (SRS): 250 * staff.
  EXPECT_NEAR(Get(*run, "jobs_direct", "ops", "province|region", "北京|East"),
              1000, 1e-9);
  EXPECT_NEAR(Get(*run, "jobs_direct", "ops", "province|region", "上海|East"),
              0, 1e-9);
  EXPECT_NEAR(Get(*run, "jobs_direct", "ops", "province|region", "四川|West"),
              1000, 1e-9);
  EXPECT_NEAR(
      Get(*run, "jobs_share_within", "ops", "province|region", "北京|East"), 1,
      1e-12);
  EXPECT_NEAR(
      Get(*run, "jobs_share_within", "ops", "province|region", "上海|East"), 0,
      1e-12);
  // Cells sum to their region's figure, shares within a region to one.
  std::map<std::string, double> cells, shares;
  for (const Figure& f : run->figures) {
    if (f.component != "ops" || f.domain_type != "province|region") continue;
    const std::string region = f.domain.substr(f.domain.find('|') + 1);
    if (f.indicator == "jobs_direct") cells[region] += f.estimate;
    if (f.indicator == "jobs_share_within") shares[region] += f.estimate;
    ASSERT_TRUE(f.respondents.has_value()) << f.domain;
    EXPECT_EQ(*f.respondents, f.domain == "北京|East" ? 2 : 1) << f.domain;
  }
  for (const char* region : {"East", "West"}) {
    EXPECT_NEAR(cells[region],
                Get(*run, "jobs_direct", "ops", "region", region), 1e-9);
    EXPECT_NEAR(shares[region], 1.0, 1e-12);
  }
  EXPECT_EQ(FindFigure(run->figures, "jobs_direct", 2020, "ops",
                       "province|region", "北京|West"),
            nullptr);
  bool noted = false;
  for (const auto& n : run->notes) {
    noted |= n.find(
                 "component ops: crossed breakdown province|region has 3 "
                 "cell(s) without respondents, not reported: 四川|East, "
                 "北京|West, 上海|West") != std::string::npos;
  }
  EXPECT_TRUE(noted);
}

}  // namespace
}  // namespace jobimpact::study
