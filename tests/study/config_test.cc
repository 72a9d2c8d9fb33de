#include "jobimpact/study/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobimpact/study/model.h"
#include "study/study_fixture.h"

namespace jobimpact::study {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::Replace;

std::string ErrorOf(const std::string& study_text) {
  testing::TempDir dir;
  auto path = testing::WriteFixture(dir, study_text);
  auto s = LoadStudy(path);
  EXPECT_FALSE(s.ok());
  return s.ok() ? "" : s.status().message();
}

TEST(ConfigTest, LoadsTheFixture) {
  testing::TempDir dir;
  auto path = testing::WriteFixture(dir);
  auto s = LoadStudy(path);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->year, 2020);
  ASSERT_EQ(s->components.size(), 2u);
  EXPECT_EQ(s->components[0].kind, ComponentKind::kServiceProvider);
  EXPECT_EQ(s->components[0].population->value, 100);
  EXPECT_EQ(s->components[0].filter->equals, "a");
  EXPECT_EQ(s->surveys.at("providers").file, dir.path() / "providers.csv");
  EXPECT_EQ(s->indirect->output_per_job.value, 1000);
  EXPECT_EQ(*s->io.table, dir.path() / "io.csv");
}

TEST(ConfigTest, UnknownKeysAreErrorsWithTheirPath) {
  EXPECT_THAT(ErrorOf(Replace(testing::kFixtureStudy, "domains = [\"region\"]",
                              "domains = [\"region\"]\npopluation = 3")),
              HasSubstr("components[1].popluation: unknown key"));
  EXPECT_THAT(
      ErrorOf(std::string(testing::kFixtureStudy) + "\n[extra]\nx = 1\n"),
      HasSubstr("extra: unknown key"));
}

TEST(ConfigTest, ErrorsNameLineKeyPathAndExpectation) {
  std::string msg = ErrorOf(Replace(
      testing::kFixtureStudy, "kind = \"operator\"", "kind = \"provider\""));
  EXPECT_THAT(msg, HasSubstr("study.toml:"));
  EXPECT_THAT(msg,
              HasSubstr("components[1].kind: expected \"service_provider\", "
                        "\"operator\" or \"aggregate\", got \"provider\""));
  EXPECT_THAT(ErrorOf(Replace(testing::kFixtureStudy, "year = 2020",
                              "year = \"2020\"")),
              HasSubstr("study.year: expected an integer, got a string"));
}

TEST(ConfigTest, QualitySection) {
  testing::TempDir dir;
  auto path = testing::WriteFixture(
      dir, std::string(testing::kFixtureStudy) +
               "\n[quality]\nmin_n = 10\ncv_bounds = [0.04, 0.1, 0.16, 0.25, "
               "0.333]\n");
  auto s = LoadStudy(path);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_TRUE(s->quality.has_value());
  EXPECT_EQ(s->quality->min_n, 10);
  EXPECT_EQ(s->quality->cv_bounds[4], 0.333);
  const std::string base =
      std::string(testing::kFixtureStudy) + "\n[quality]\n";
  EXPECT_THAT(ErrorOf(base + "cv_bounds = [0.05, 0.1]\n"),
              HasSubstr("quality.cv_bounds: expected 5 upper CV bounds"));
  EXPECT_THAT(ErrorOf(base + "cv_bounds = [0.05, 0.1, 0.1, 0.2, 0.3]\n"),
              HasSubstr("cv_bounds[2] = 0.1 must be finite and greater"));
  EXPECT_THAT(ErrorOf(base + "cv_bounds = [0.05, \"x\"]\n"),
              HasSubstr("quality.cv_bounds: expected an array of numbers"));
  EXPECT_THAT(ErrorOf(base + "min_n = 0\n"), HasSubstr("min_n = 0"));
  EXPECT_THAT(ErrorOf(base + "minimum = 3\n"),
              HasSubstr("quality.minimum: unknown key"));
}

TEST(ConfigTest, OfficialCountMissingOrNotPositive) {
  EXPECT_THAT(
      ErrorOf(Replace(testing::kFixtureStudy,
                      "population = { value = 1000, source = \"test count\" }",
                      "")),
      HasSubstr("components[1].population: missing"));
  EXPECT_THAT(
      ErrorOf(Replace(testing::kFixtureStudy, "value = 1000", "value = 0")),
      HasSubstr("official population count must be > 0"));
  EXPECT_THAT(
      ErrorOf(Replace(testing::kFixtureStudy, "value = 100,", "value = -3,")),
      HasSubstr("must be > 0, got -3"));
}

TEST(ConfigTest, ReferencesMustResolve) {
  EXPECT_THAT(ErrorOf(Replace(testing::kFixtureStudy, "survey = \"operators\"",
                              "survey = \"ops_survey\"")),
              HasSubstr("unknown survey \"ops_survey\""));
  EXPECT_THAT(ErrorOf(Replace(testing::kFixtureStudy, "staff = \"staff\"", "")),
              HasSubstr("needs column role \"staff\""));
  EXPECT_THAT(ErrorOf(Replace(testing::kFixtureStudy, "domains = [\"region\"]",
                              "domains = [\"city_tier\"]")),
              HasSubstr("domain \"city_tier\" is not a column role"));
  EXPECT_THAT(ErrorOf(Replace(testing::kFixtureStudy, "sector = \"s2\"", "")),
              HasSubstr("category \"c2\" has no sector"));
  EXPECT_THAT(ErrorOf(Replace(testing::kFixtureStudy, "id = \"ops\"",
                              "id = \"prov_a\"")),
              HasSubstr("duplicate component id \"prov_a\""));
}

TEST(ConfigTest, PublishedComponents) {
  std::string text =
      Replace(testing::kFixtureStudy,
              "kind = \"operator\"\nsurvey = \"operators\"\npopulation = "
              "{ value = 1000, source = \"test count\" }\ndomains = "
              "[\"region\"]",
              "kind = \"aggregate\"\npublished = { jobs = 5e6, "
              "fulltime_share = 0.4, source = \"report\" }");
  testing::TempDir dir;
  auto s = LoadStudy(testing::WriteFixture(dir, text));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->components[1].published_jobs->value, 5e6);
  EXPECT_EQ(s->components[1].published_fulltime_share->value, 0.4);
  EXPECT_THAT(
      ErrorOf(Replace(text, "fulltime_share = 0.4", "fulltime_share = 1.4")),
      HasSubstr("expected a share in [0, 1]"));
  EXPECT_THAT(ErrorOf(Replace(text, "published = {",
                              "survey = \"operators\"\npublished = {")),
              HasSubstr("exactly one of \"survey\""));
}

TEST(ConfigTest, OutputPerJobImpliedByAPublishedPair) {
  testing::TempDir dir;
  auto s = LoadStudy(testing::WriteFixture(
      dir,
      Replace(testing::kFixtureStudy, "value = 1000, source = \"test ratio\"",
              "implied_output = 1.1301e12, implied_jobs = 3616000, source = "
              "\"r\"")));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_DOUBLE_EQ(s->indirect->output_per_job.value, 1.1301e12 / 3616000);
}

TEST(ConfigTest, SurveyDesignRolesAndMethods) {
  const std::string base =
      Replace(testing::kFixtureStudy, "[surveys.operators]\n",
              "[surveys.operators.design]\nweights = \"w\"\n"
              "variance = \"VAR\"\n[surveys.operators]\n");
  EXPECT_THAT(
      ErrorOf(Replace(base, "VAR", "jkn")),
      HasSubstr("\"w\" is not a column role of [surveys.operators.columns]"));
  std::string with_role =
      Replace(base, "fulltime_staff = \"fulltime_staff\"",
              "fulltime_staff = \"fulltime_staff\"\nw = \"w\"");
  EXPECT_THAT(
      ErrorOf(Replace(with_role, "VAR", "jackknife")),
      HasSubstr("surveys.operators.design.variance: unknown variance method"));
}

TEST(ConfigTest, SyntaxErrorsAndMissingFiles) {
  EXPECT_THAT(ErrorOf("[study\nname = 1"), HasSubstr("TOML syntax error"));
  auto s = LoadStudy("/nonexistent/study.toml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kNotFound);
}

TEST(ConfigTest, Series) {
  testing::TempDir dir;
  testing::WriteFixture(dir);
  auto path = dir.Write("series.toml", R"(
[series]
name = "s"
indicators = ["jobs_total"]
[[points]]
year = 2020
study = "study.toml"
[[points]]
year = 2019
published = { jobs_total = 100 }
source = "x"
)");
  auto s = LoadSeries(path);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->points[0].year, 2019) << "points are sorted by year";
  EXPECT_TRUE(*IsSeriesFile(path));
  auto bad = dir.Write(
      "bad.toml",
      "[series]\nname = \"s\"\nindicators = [\"jobs_total\"]\n"
      "[[points]]\nyear = 2019\npublished = { jobs_x = 1 }\n"
      "source = \"x\"\n[[points]]\nyear = 2020\nstudy = \"s.toml\"\n");
  EXPECT_THAT(
      LoadSeries(bad).status().message(),
      HasSubstr(
          "points[0].published.jobs_x: not one of the series indicators"));
}

}  // namespace
}  // namespace jobimpact::study

namespace jobimpact::study {
namespace {

std::string DeepArray(int depth) {
  return "x = " + std::string(depth, '[') + std::string(depth, ']') + "\n";
}

// toml11 parses by recursion: 6,000 nested arrays or 4,000 inline tables
// overflowed the stack (SIGSEGV), and 5,800 levels took 5.8 s.
TEST(ConfigTest, DeepNestingIsRejectedBeforeParsing) {
  const std::string head = "[study]\nname = \"n\"\n";
  const std::string deep_table = "x = " + [] {
    std::string s;
    for (int i = 0; i < 10000; ++i) s += "{a=";
    return s + "1" + std::string(10000, '}');
  }() + "\n";
  std::string dotted = "[study]\nname = \"n\"\n";
  for (int i = 0; i < 10000; ++i) dotted += i ? ".a" : "a";
  dotted += " = 1\n";
  for (const auto& [text, line] : std::vector<std::pair<std::string, int>>{
           {head + "\n" + DeepArray(10000), 4},
           {head + "\n" + deep_table, 4},
           {dotted, 3}}) {
    testing::TempDir dir;
    auto s = LoadStudy(dir.Write("deep.toml", text));
    EXPECT_THAT(s.status().message(),
                HasSubstr("deep.toml:" + std::to_string(line) +
                          ": arrays, inline tables or dotted keys nested "
                          "more than 64 deep"));
  }
  // Brackets inside strings and comments do not count; 64 levels are fine.
  testing::TempDir dir;
  auto ok = LoadStudy(
      dir.Write("ok.toml", head + "description = \"" + std::string(500, '[') +
                               "\"\n# " + std::string(500, '{') + "\n"));
  EXPECT_THAT(ok.status().message(), Not(HasSubstr("nested")));
  auto at_limit = LoadStudy(dir.Write("limit.toml", head + DeepArray(64)));
  EXPECT_THAT(at_limit.status().message(), Not(HasSubstr("nested")));
  EXPECT_THAT(at_limit.status().message(), HasSubstr("unknown key"));
}

TEST(ConfigTest, IntegersBeyondInt64AreErrorsShowingTheLiteral) {
  for (const std::string literal :  // NOLINT
       {"18446744073709551616", "9_223_372_036_854_775_808",
        "-9223372036854775809", "0xFFFFFFFFFFFFFFFFF"}) {
    std::string msg = ErrorOf(
        Replace(testing::kFixtureStudy, "year = 2020", "year = " + literal));
    EXPECT_THAT(msg, HasSubstr("study.toml:5: study.year: the integer " +
                               literal + " is out of range"));
    EXPECT_THAT(msg, Not(HasSubstr("9223372036854775807 ")));
  }
  // The largest int64 itself is a valid integer (then out of range for a
  // year, said as such).
  EXPECT_THAT(ErrorOf(Replace(testing::kFixtureStudy, "year = 2020",
                              "year = 9223372036854775807")),
              Not(HasSubstr("TOML integers are 64-bit")));
}

TEST(ConfigTest, ADirectoryIsNotAStudyFile) {
  testing::TempDir dir;
  auto s = LoadStudy(dir.path());
  EXPECT_THAT(s.status().message(),
              HasSubstr("is a directory, not a TOML file"));
}

TEST(ConfigTest, EnglishNames) {
  testing::TempDir dir;
  auto s = LoadStudy(testing::WriteFixture(
      dir, Replace(Replace(testing::kFixtureStudy, "id = \"ops\"",
                           "id = \"ops\"\nname = \"运营者\"\nname_en = "
                           "\"operators\""),
                   "id = \"c1\"", "id = \"c1\"\nname_en = \"food\"")));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->components[1].name_en, "operators");
  EXPECT_EQ(s->components[0].name_en, "");
  EXPECT_EQ(s->consumption->categories[0].name_en, "food");
  const std::vector<Label> labels = StudyLabels(*s);
  ASSERT_EQ(labels.size(), 4u);
  EXPECT_EQ(labels[1], (Label{"component", "ops", "运营者", "operators"}));
  EXPECT_EQ(labels[2], (Label{"category", "c1", "c1", "food"}));
}

TEST(ConfigTest, CrossedDomains) {
  testing::TempDir dir;
  auto s = LoadStudy(testing::WriteFixture(
      dir, Replace(testing::kFixtureStudy, "domains = [\"region\"]",
                   "domains = [\"region\", [\"province\", \"region\"]]")));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  const ComponentSpec& ops = s->components[1];
  EXPECT_EQ(ops.domains, std::vector<std::string>{"region"});
  ASSERT_EQ(ops.crossed_domains.size(), 1u);
  EXPECT_EQ(ops.crossed_domains[0].first, "province");
  EXPECT_EQ(ops.DomainRoles(),
            (std::vector<std::string>{"region", "province"}));
  auto with = [](const std::string& domains) {
    return Replace(testing::kFixtureStudy, "domains = [\"region\"]",
                   "domains = " + domains);
  };
  EXPECT_THAT(ErrorOf(with("[[\"province\"]]")),
              HasSubstr("components[1].domains: expected an array of column "
                        "roles and [first, second] pairs"));
  EXPECT_THAT(ErrorOf(with("[[\"region\", \"region\"]]")),
              HasSubstr("crosses a role with itself"));
  EXPECT_THAT(ErrorOf(with("[[\"province\", \"insured\"]]")),
              HasSubstr("domain \"insured\" is not a column role"));
}

}  // namespace
}  // namespace jobimpact::study
