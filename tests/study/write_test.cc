// WriteStudy is the inverse of LoadStudy: every example, and studies using
// every section and option, load back to an equal spec.
#include "jobimpact/study/write.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "study/study_fixture.h"
#include "test_util.h"

namespace jobimpact::study {
namespace {

using ::testing::HasSubstr;
using testing::Replace;

// Writes `spec` into `dir` (paths relative to it) and loads it back.
Result<StudySpec> RoundTrip(const StudySpec& spec, const testing::TempDir& dir,
                            const std::string& name, bool relative) {
  WriteStudyOptions o;
  if (relative) o.directory = dir.path();
  o.header = "written by the round-trip test\n\nsecond paragraph";
  return LoadStudy(dir.Write(name, WriteStudy(spec, o)));
}

// Equal apart from the file's own path; input paths compared as files
// (written relative, they resolve through another directory).
void ExpectSameStudy(StudySpec a, StudySpec b, bool relative) {
  b.file = a.file;
  if (relative) {
    auto canon = [](std::filesystem::path* p) {
      *p = std::filesystem::weakly_canonical(*p);
    };
    for (StudySpec* s : {&a, &b}) {
      for (auto& [k, survey] : s->surveys) {
        canon(&survey.file);
        if (survey.design && !survey.design->margins.empty()) {
          canon(&survey.design->margins);
        }
      }
      if (s->regions) canon(&s->regions->file);
      if (s->io.table) canon(&*s->io.table);
      if (s->indirect) {
        for (auto* p :
             {&s->indirect->employment_file, &s->indirect->employment_table,
              &s->indirect->employment_concordance}) {
          if (!p->empty()) canon(p);
        }
      }
    }
  }
  EXPECT_TRUE(a == b) << WriteStudy(a) << "\n---\n" << WriteStudy(b);
}

// Both ways of writing paths load back to the same study.
void ExpectRoundTrips(const StudySpec& spec) {
  for (bool relative : {false, true}) {
    testing::TempDir out;
    auto back = RoundTrip(spec, out, "s.toml", relative);
    ASSERT_TRUE(back.ok()) << back.status().ToString() << "\n"
                           << WriteStudy(spec);
    ExpectSameStudy(spec, *back, relative);
  }
}

TEST(WriteStudyTest, EveryExampleLoadsBackEqual) {
  for (const char* file :
       {"examples/default/study.toml", "examples/wechat-2019/study.toml",
        "examples/wechat-2020/study.toml"}) {
    auto spec = LoadStudy(testing::SourcePath(file));
    ASSERT_TRUE(spec.ok()) << spec.status().ToString();
    SCOPED_TRACE(file);
    ExpectRoundTrips(*spec);
  }
}

// The fixture with every optional setting: a declared, calibrated design
// with replicates, delimiters, na_values, [direct], given coefficients,
// employment tables, value added, imports, a study-wide confidence.
TEST(WriteStudyTest, EverySectionAndOptionRoundTrips) {
  testing::TempDir dir;
  dir.Write("margins.csv", "margin,level,count\nprovince,北京,10\n");
  std::string text = Replace(testing::kFixtureStudy, "year = 2020",
                             "year = 2020\ncountry = \"CN\"\ncurrency = "
                             "\"USD\"\ndescription = \"a \\\"quoted\\\" "
                             "\\\\ text\\n\"\nconfidence = 0.9");
  text = Replace(text, "file = \"providers.csv\"",
                 "file = \"providers.csv\"\nna_values = [\"NA\", \"-\"]\n"
                 "delimiter = \",\"");
  text = Replace(text, "fulltime_staff = \"fulltime_staff\"",
                 "fulltime_staff = \"fulltime_staff\"\n\"odd role\" = "
                 "\"province\"\n"
                 "[surveys.operators.design]\nweights = \"staff\"\n"
                 "variance = \"bootstrap:50\"\nseed = 7\nconfidence = 0.9\n"
                 "replicate_scale = 0.5\nmse = true\ncalibration = "
                 "\"linear\"\nmargins = \"margins.csv\"\nbounds = [0.5, 3]\n");
  text = Replace(text, "domains = [\"region\"]",
                 "domains = [\"region\", [\"province\", \"region\"]]");
  text = Replace(text, "[consumption]",
                 "[direct]\nfulltime_share = { value = 0.4, source = \"r\" "
                 "}\n\n[measures]\nfulltime_hours = { value = 44, source = "
                 "\"h\" }\nparttime_fte = { value = 0.5, low = 0.25, high = "
                 "0.75, source = \"f\" }\nmin_active_days = "
                 "30\n\n[quality]\nmin_n = 12\ncv_bounds = [0.04, 0.1, 0.16, "
                 "0.25, 0.333]\n\n[consumption]");
  text = Replace(text, "layout = \"matrix\"",
                 "layout = \"matrix\"\nsolver = \"lu\"\ncoefficients_source = "
                 "\"given\"\n[inputoutput.coefficients]\ns1 = 0.5\ns2 = 0.25");
  testing::WriteFixture(dir, text);
  auto spec = LoadStudy(dir.path() / "study.toml");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  ASSERT_TRUE(spec->surveys.at("operators").design.has_value());
  ExpectRoundTrips(*spec);
  const std::string written = WriteStudy(*spec);
  EXPECT_THAT(written, HasSubstr("\"odd role\" = \"province\""));
  EXPECT_THAT(written, HasSubstr("description = \"a \\\"quoted\\\" \\\\ "
                                 "text\\n\""));
  EXPECT_THAT(written, HasSubstr("bounds = [0.5, 3]"));
  EXPECT_THAT(written,
              HasSubstr("domains = [\"region\", [\"province\", \"region\"]]"));
  EXPECT_THAT(written, HasSubstr("cv_bounds = [0.04, 0.1, 0.16, 0.25, 0.333]"));
  EXPECT_THAT(written, HasSubstr("parttime_fte = { value = 0.5, low = 0.25, "
                                 "high = 0.75, source = \"f\" }"));
  EXPECT_EQ(spec->measures.min_active_days, 30);
}

// The other indirect methods: employment coefficients and an employment
// table with value added.
TEST(WriteStudyTest, IndirectMethodsRoundTrip) {
  const std::string per_job =
      "jobs = \"output_per_job\"\noutput_per_job = { value = 1000, source = "
      "\"test ratio\" }";
  const std::string table_study = testing::EmploymentTableStudy();
  for (const std::string& text :
       {Replace(testing::kFixtureStudy, per_job,
                "jobs = \"employment_coefficients\"\nemployment_coefficients "
                "= { file = \"emp.csv\", source = \"test\" }"),
        table_study}) {
    testing::TempDir dir;
    dir.Write("emp.csv", "code,jobs_per_million_yuan\ns1,2\ns2,4\n");
    auto spec = LoadStudy(testing::WriteFixture(dir, text));
    ASSERT_TRUE(spec.ok()) << spec.status().ToString();
    ExpectRoundTrips(*spec);
  }
}

TEST(WriteStudyTest, HeaderAndRelativePaths) {
  auto spec = LoadStudy(testing::SourcePath("examples/default/study.toml"));
  ASSERT_TRUE(spec.ok());
  WriteStudyOptions o;
  o.directory = testing::SourcePath("examples/default");
  o.header = "line one\n\nline three";
  o.comments["surveys.providers.design"] = "Design: stratified.";
  o.comments["components"] = "A component.";
  const std::string text = WriteStudy(*spec, o);
  EXPECT_THAT(text, ::testing::StartsWith("# line one\n#\n# line three\n\n"));
  EXPECT_THAT(text, HasSubstr("\n\n# Design: stratified.\n"
                              "[surveys.providers.design]\n"));
  EXPECT_THAT(text, HasSubstr("\n\n# A component.\n[[components]]\n"));
  EXPECT_THAT(text, HasSubstr("file = \"providers.csv\""));
  EXPECT_THAT(text, HasSubstr("table = \"../../data/io/cn2020_153.csv\""));
}

}  // namespace
}  // namespace jobimpact::study
