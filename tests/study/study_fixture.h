// A small, hand-checkable study written into a temp dir, for config, model
// and CLI tests. Numbers worked out by hand:
//   prov_a (service providers, kind a, N=100): y = 10*0.5, 20*0.25 = 5, 5
//     jobs 100/2*10 = 500; full-time 100/2*(5*1 + 5*0.5) = 375; part 125.
//   ops (operators, N=1000): staff 2,0,4,2 = 8 -> jobs 2000; full-time staff
//     1,0,4,0 = 5 -> share 5/8 -> full 1250, part 750.
//   consumption: c1 = 1e6 yuan on sector s1, c2 = 2e6 on s2 of Miller &
//     Blair's two-sector table, whose column sums of B are 1.15/0.7575 - 1
//     and 1.10/0.7575 - 1; output_per_job 1000 yuan.
#ifndef JOBIMPACT_TESTS_STUDY_STUDY_FIXTURE_H_
#define JOBIMPACT_TESTS_STUDY_STUDY_FIXTURE_H_

#include <string>

#include "test_util.h"

namespace jobimpact::testing {

inline const char* kFixtureStudy = R"(
[study]
name = "fixture"
platform = "P"
year = 2020

[surveys.providers]
file = "providers.csv"
[surveys.providers.columns]
id = "id"
kind = "kind"
province = "province"
employees = "employees"
platform_share = "platform_share"
fulltime_share = "fulltime_share"

[surveys.operators]
file = "operators.csv"
[surveys.operators.columns]
id = "id"
province = "province"
staff = "staff"
fulltime_staff = "fulltime_staff"

[regions]
name = "test"
file = "regions.csv"

[[components]]
id = "prov_a"
kind = "service_provider"
survey = "providers"
filter = { column = "kind", equals = "a" }
population = { value = 100, source = "test count" }
domains = ["province", "region"]

[[components]]
id = "ops"
kind = "operator"
survey = "operators"
population = { value = 1000, source = "test count" }
domains = ["region"]

[consumption]
[[consumption.categories]]
id = "c1"
sector = "s1"
amount = { value = 1e6, source = "test" }
[[consumption.categories]]
id = "c2"
sector = "s2"
amount = { value = 2e6, source = "test" }

[inputoutput]
table = "io.csv"
layout = "matrix"

[indirect]
output = "caict2020"
jobs = "output_per_job"
output_per_job = { value = 1000, source = "test ratio" }
)";

inline const char* kFixtureProviders =
    "id,kind,province,employees,platform_share,fulltime_share\n"
    "P1,a,北京,10,0.5,1.0\n"
    "P2,a,四川,20,0.25,0.5\n"
    "P3,b,北京,4,1,0\n";

inline const char* kFixtureOperators =
    "id,province,staff,fulltime_staff\n"
    "O1,北京,2,1\n"
    "O2,上海,0,0\n"
    "O3,四川,4,4\n"
    "O4,北京,2,0\n";

inline const char* kFixtureRegions =
    "province,region\n北京,East\n上海,East\n四川,West\n";

inline const char* kFixtureIo =
    "code,s1,s2,HH,GO\ns1,150,500,350,1000\ns2,200,100,1700,2000\n";

// Writes the fixture; each argument, if non-empty, replaces that file.
inline std::filesystem::path WriteFixture(
    const TempDir& dir, const std::string& study = kFixtureStudy,
    const std::string& providers = kFixtureProviders,
    const std::string& operators = kFixtureOperators) {
  dir.Write("providers.csv", providers);
  dir.Write("operators.csv", operators);
  dir.Write("regions.csv", kFixtureRegions);
  dir.Write("io.csv", kFixtureIo);
  return dir.Write("study.toml", study);
}

// `text` with the first occurrence of `from` replaced by `to`.
inline std::string Replace(std::string text, const std::string& from,
                           const std::string& to) {
  auto pos = text.find(from);
  if (pos == std::string::npos) return "REPLACE FAILED: " + from;
  return text.replace(pos, from.size(), to);
}

// The fixture on the shipped 153-sector table with the employment-table
// jobs, value added and domestic imports (categories on sectors 127, 110).
inline std::string EmploymentTableStudy() {
  std::string text = testing::Replace(
      testing::kFixtureStudy, "table = \"io.csv\"\nlayout = \"matrix\"",
      "table = \"" + testing::SourcePath("data/io/cn2020_153.csv").string() +
          "\"\nlayout = \"nbs\"");
  text = testing::Replace(text, "sector = \"s1\"", "sector = \"127\"");
  text = testing::Replace(text, "sector = \"s2\"", "sector = \"110\"");
  text = testing::Replace(
      text,
      "jobs = \"output_per_job\"\noutput_per_job = { value = 1000, source = "
      "\"test ratio\" }",
      "jobs = \"employment_table\"\nvalue_added = true\nimports = "
      "\"domestic\"\nemployment_table = { file = \"" +
          testing::SourcePath("data/io/cn_employment_by_industry.csv")
              .string() +
          "\", concordance = \"" +
          testing::SourcePath("data/io/concordance_cn2020_153_employment.csv")
              .string() +
          "\", year = 2018, source = \"NBS\" }");
  return text;
}

}  // namespace jobimpact::testing

#endif  // JOBIMPACT_TESTS_STUDY_STUDY_FIXTURE_H_
