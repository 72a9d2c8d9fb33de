// Induced effects ([indirect] closure = "household"), regional studies
// ([inputoutput] region) and net jobs ([net]): the study's figures against
// the input-output engine run on the same demand, the numpy references of
// tests/reference/io_references.csv, and the additionality formula by hand.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Eigen/Dense>

#include "inputoutput/io_reference.h"
#include "jobimpact/inputoutput/employment.h"
#include "jobimpact/inputoutput/multipliers.h"
#include "jobimpact/study/model.h"
#include "jobimpact/study/write.h"
#include "study/study_fixture.h"

namespace jobimpact::study {
namespace {

using ::testing::HasSubstr;
using testing::Replace;

// Sums over 153 sectors of solves certified to about 1e-12.
constexpr double kSameDemand = 1e-10;
// numpy's inverse against the engine's solve, relative.
constexpr double kNumpy = 1e-8;

Result<StudyRun> RunEffects(const testing::TempDir& dir,
                            const std::string& study) {
  auto spec = LoadStudy(testing::WriteFixture(dir, study));
  if (!spec.ok()) return spec.status();
  return RunStudy(*spec);
}

double Get(const StudyRun& run, const std::string& indicator,
           const std::string& component = "", const std::string& type = "",
           const std::string& domain = "") {
  const Figure* f =
      FindFigure(run.figures, indicator, 2020, component, type, domain);
  EXPECT_NE(f, nullptr) << indicator << " " << component << " " << domain;
  return f ? f->estimate : std::nan("");
}

std::string HouseholdStudy() {
  return Replace(testing::EmploymentTableStudy(), "imports = \"domestic\"",
                 "imports = \"domestic\"\nclosure = \"household\"");
}

// The fixture's consumption (1e6 yuan on 127, 2e6 on 110) as `io shock`
// demand: table units of 10,000 yuan.
Eigen::MatrixXd FixtureDemand(const inputoutput::IoTable& io) {
  Eigen::MatrixXd d =
      Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(io.size()), 1);
  d(static_cast<Eigen::Index>(*io.IndexOf("127")), 0) =
      1e6 / io.unit_in_currency;
  d(static_cast<Eigen::Index>(*io.IndexOf("110")), 0) =
      2e6 / io.unit_in_currency;
  return d;
}

Result<inputoutput::IoTable> Table2020() {
  return inputoutput::ReadIoTable(testing::SourcePath("data/io/cn2020_153.csv"),
                                  inputoutput::IoLayout::kNbs);
}

TEST(EffectsTest, InducedEffectsEqualTheTypeIIShockOnTheSameDemand) {
  testing::TempDir dir;
  auto run = RunEffects(dir, HouseholdStudy());
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  auto io = Table2020();
  ASSERT_TRUE(io.ok());

  // `io shock --type II --domestic` with the same employment coefficients.
  inputoutput::MultiplierOptions opt;
  opt.type_ii = true;
  opt.imports = inputoutput::ImportTreatment::kDomestic;
  auto emp = inputoutput::ReadEmploymentTable(
      testing::SourcePath("data/io/cn_employment_by_industry.csv"));
  ASSERT_TRUE(emp.ok());
  auto e = inputoutput::EmploymentCoefficients(
      *io, *emp, 2018,
      testing::SourcePath("data/io/concordance_cn2020_153_employment.csv"));
  ASSERT_TRUE(e.ok());
  opt.employment_coefficients = *e;
  auto fx = inputoutput::ComputeShock(*io, FixtureDemand(*io), opt);
  ASSERT_TRUE(fx.ok()) << fx.status().ToString();
  const double unit = io->unit_in_currency;
  const double output = fx->output_induced.sum() * unit;
  const double va = fx->value_added_induced.sum() * unit;
  const double jobs = fx->employment_induced.sum();
  EXPECT_NEAR(Get(*run, "output_induced"), output, kSameDemand * output);
  EXPECT_NEAR(Get(*run, "value_added_induced"), va, kSameDemand * va);
  EXPECT_NEAR(Get(*run, "jobs_induced"), jobs, kSameDemand * jobs);
  // And the indirect effects stay those of the open model.
  EXPECT_NEAR(Get(*run, "value_added_indirect"),
              fx->value_added_indirect.sum() * unit,
              kSameDemand * Get(*run, "value_added_indirect"));

  // numpy: induced = Type II - Type I multiplier of each category's sector.
  auto ref = [](const std::string& q, const std::string& code) {
    return testing::IoReference("cn2020_153", "domestic", q, code);
  };
  auto induced = [&](const std::string& q) {
    return 1e6 * (ref(q + "_II", "127") - ref(q + "_I", "127")) +
           2e6 * (ref(q + "_II", "110") - ref(q + "_I", "110"));
  };
  EXPECT_NEAR(Get(*run, "output_induced"), induced("output"),
              kNumpy * induced("output"));
  EXPECT_NEAR(Get(*run, "value_added_induced"), induced("value_added"),
              kNumpy * induced("value_added"));
  EXPECT_NEAR(Get(*run, "jobs_induced"), induced("employment") / unit,
              kNumpy * induced("employment") / unit);
  // By category, adding up.
  EXPECT_NEAR(Get(*run, "jobs_induced", "", "category", "c1") +
                  Get(*run, "jobs_induced", "", "category", "c2"),
              Get(*run, "jobs_induced"), 1e-9 * jobs);
  const Figure* f = FindFigure(run->figures, "value_added_induced", 2020);
  ASSERT_NE(f, nullptr);
  EXPECT_THAT(f->method, HasSubstr("Type II"));
  EXPECT_THAT(f->method, HasSubstr("GDP"));
  // jobs_total stays direct + indirect: induced jobs are reported apart.
  EXPECT_NEAR(Get(*run, "jobs_total"),
              Get(*run, "jobs_direct") + Get(*run, "jobs_indirect"), 1e-6);
}

// Output per job applies the reports' ratio to induced output too.
TEST(EffectsTest, InducedJobsByOutputPerJob) {
  testing::TempDir dir;
  std::string study = Replace(
      HouseholdStudy(), "jobs = \"employment_table\"",
      "jobs = \"output_per_job\"\noutput_per_job = { value = 250000, source "
      "= \"test\" }");
  study = Replace(study, "employment_table = {", "# employment_table = {");
  auto run = RunEffects(dir, study);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_NEAR(Get(*run, "jobs_induced"), Get(*run, "output_induced") / 250000,
              1e-9);
}

// A regional study: the location-quotient coefficients drive the reports'
// coefficients, the indirect and the induced effects alike, as `io shock
// --region` does.
TEST(EffectsTest, RegionalStudyUsesLocationQuotientCoefficients) {
  testing::TempDir dir;
  auto io = Table2020();
  ASSERT_TRUE(io.ok());
  std::string sizes = "code,region,nation\n";
  for (size_t i = 0; i < io->size(); ++i) {
    const double x = io->gross_output(static_cast<Eigen::Index>(i));
    sizes += fmt::format("{},{:.17g},{:.17g}\n", io->codes[i],
                         x * (0.02 + 0.04 * static_cast<double>(i % 4)), x);
  }
  dir.Write("sizes.csv", sizes);
  std::string study = Replace(
      HouseholdStudy(), "layout = \"nbs\"",
      "layout = \"nbs\"\nregion = { name = \"R\", sizes = \"sizes.csv\", lq "
      "= \"flq\", delta = 0.3, source = \"test sizes\" }");
  auto run = RunEffects(dir, study);
  ASSERT_TRUE(run.ok()) << run.status().ToString();

  auto regional_sizes =
      inputoutput::ReadRegionalSizes(dir.path() / "sizes.csv", *io);
  ASSERT_TRUE(regional_sizes.ok());
  // The reports' coefficient: column sum of (I - A_R)^-1 - I.
  auto a = inputoutput::TechnicalCoefficients(*io);
  ASSERT_TRUE(a.ok());
  auto ar = inputoutput::RegionalCoefficients(*a, *regional_sizes, {});
  ASSERT_TRUE(ar.ok());
  const auto n = static_cast<Eigen::Index>(io->size());
  const Eigen::MatrixXd l =
      (Eigen::MatrixXd::Identity(n, n) - *ar).partialPivLu().inverse();
  const auto s127 = static_cast<Eigen::Index>(*io->IndexOf("127"));
  const double b127 = l.col(s127).sum() - 1.0;
  EXPECT_NEAR(Get(*run, "total_consumption_coefficient", "", "sector", "127"),
              b127, 1e-10);
  EXPECT_LT(b127, testing::IoReference("cn2020_153", "as_published", "output_I",
                                       "127") -
                      1.0)
      << "a small region buys much of its inputs elsewhere";

  inputoutput::MultiplierOptions opt;
  opt.type_ii = true;
  opt.imports = inputoutput::ImportTreatment::kDomestic;
  opt.region = *regional_sizes;
  auto fx = inputoutput::ComputeShock(*io, FixtureDemand(*io), opt);
  ASSERT_TRUE(fx.ok()) << fx.status().ToString();
  const double output = fx->output_induced.sum() * io->unit_in_currency;
  EXPECT_NEAR(Get(*run, "output_induced"), output, kSameDemand * output);
  const double va = fx->value_added_indirect.sum() * io->unit_in_currency;
  EXPECT_NEAR(Get(*run, "value_added_indirect"), va, kSameDemand * va);
  EXPECT_THAT(FindFigure(run->figures, "output_induced", 2020)->method,
              HasSubstr("regionalised"));
}

const char* kNet = R"(
[net]
deadweight = { value = 0.2, low = 0.1, high = 0.3, source = "dw" }
leakage = { value = 0.1, source = "lk" }
displacement = { value = 0.25, low = 0, high = 0.5, source = "dp" }
substitution = { value = 0, source = "none assumed" }
[net.components.ops]
displacement = { value = 0.5, source = "ops dp" }
)";

// By hand: prov_a 500 x 0.8 x 0.9 x 0.75 = 270; ops 2000 x 0.8 x 0.9 x 0.5
// = 720; the indirect jobs x 0.54.
TEST(EffectsTest, NetJobsByTheAdditionalityFormula) {
  testing::TempDir dir;
  auto run = RunEffects(dir, std::string(testing::kFixtureStudy) + kNet);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_NEAR(Get(*run, "jobs_net", "prov_a"), 270, 1e-9);
  EXPECT_NEAR(Get(*run, "jobs_net", "ops"), 720, 1e-9);
  const double indirect = Get(*run, "jobs_indirect");
  EXPECT_NEAR(Get(*run, "jobs_net", "", "effect", "indirect"), 0.54 * indirect,
              1e-9);
  EXPECT_NEAR(Get(*run, "jobs_net"), 990 + 0.54 * indirect, 1e-9);
  const Figure* ops = FindFigure(run->figures, "jobs_net", 2020, "ops");
  ASSERT_NE(ops, nullptr);
  EXPECT_THAT(ops->method, HasSubstr("displacement 0.5, ops dp"));
  EXPECT_THAT(ops->method, HasSubstr("deadweight 0.2, dw"));
  // Survey-based: the sampling interval scales with the factor.
  const Figure* direct = FindFigure(run->figures, "jobs_direct", 2020, "ops");
  ASSERT_TRUE(ops->se && direct->se);
  EXPECT_NEAR(*ops->se, 0.36 * *direct->se, 1e-9);

  // With the household closure, induced jobs are netted too.
  testing::TempDir dir2;
  auto run2 = RunEffects(dir2, HouseholdStudy() + kNet);
  ASSERT_TRUE(run2.ok()) << run2.status().ToString();
  EXPECT_NEAR(Get(*run2, "jobs_net", "", "effect", "induced"),
              0.54 * Get(*run2, "jobs_induced"), 1e-9);
  EXPECT_NEAR(
      Get(*run2, "jobs_net"),
      990 + 0.54 * (Get(*run2, "jobs_indirect") + Get(*run2, "jobs_induced")),
      1e-6);
}

// Round trip through the study writer keeps the new sections.
TEST(EffectsTest, WriterKeepsClosureRegionAndNet) {
  testing::TempDir dir;
  dir.Write("sizes.csv", "code\n");
  std::string study = Replace(
      HouseholdStudy() + kNet, "layout = \"nbs\"",
      "layout = \"nbs\"\nregion = { name = \"R\", sizes = \"sizes.csv\", lq "
      "= \"slq\", source = \"s\" }");
  auto spec = LoadStudy(testing::WriteFixture(dir, study));
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  WriteStudyOptions w;
  w.directory = dir.path();
  dir.Write("again.toml", WriteStudy(*spec, w));
  auto again = LoadStudy(dir.path() / "again.toml");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  again->file = spec->file;
  EXPECT_TRUE(*again == *spec);
  auto opts = StudyOptionsInForce(*spec);
  auto has = [&](const std::string& k, const std::string& v) {
    for (const auto& [key, value] : opts) {
      if (key == k) return value == v;
    }
    return false;
  };
  EXPECT_TRUE(has("indirect.closure", "household"));
  EXPECT_TRUE(has("net.deadweight", "0.2 [0.1, 0.3]"));
  EXPECT_TRUE(has("net.components.ops.displacement", "0.5 [0.5, 0.5]"));
  EXPECT_TRUE(has("inputoutput.region", "R (slq)"));
}

TEST(EffectsTest, BadInputNamesKeyAndLine) {
  struct Case {
    std::string study;
    std::string message;
  };
  const std::string net = std::string(testing::kFixtureStudy) + kNet;
  const std::vector<Case> cases = {
      {Replace(net, "value = 0.2, low = 0.1", "value = 1.2, low = 0.1"),
       "net.deadweight.value: expected a number in [0, 1], got 1.2"},
      {Replace(net, "value = 0.25, low = 0, high = 0.5",
               "value = 0.25, low = 0.3, high = 0.5"),
       "expected low <= value <= high"},
      {Replace(net, "leakage = { value = 0.1, source = \"lk\" }\n", ""),
       "net.leakage: missing"},
      {Replace(net, "[net.components.ops]", "[net.components.opz]"),
       "\"opz\" is not a component (components: prov_a, ops)"},
      {Replace(net, "substitution =", "substitutoin ="), "substitutoin"},
      {Replace(HouseholdStudy(), "closure = \"household\"",
               "closure = \"households\""),
       "indirect.closure: expected \"household\""},
      {Replace(HouseholdStudy(), "imports = \"domestic\"\n", ""),
       "closure = \"household\" need imports"},
      {std::string(testing::kFixtureStudy) +
           "closure = \"household\"\nimports = \"domestic\"\n",
       ""},  // Loads; the run names the table's missing rows (below).
      {Replace(HouseholdStudy(), "layout = \"nbs\"",
               "layout = \"nbs\"\nregion = { name = \"R\", sizes = "
               "\"io.csv\", delta = 1, source = \"s\" }"),
       "inputoutput.region.delta: expected a number in [0, 1), got 1"},
  };
  for (const auto& c : cases) {
    testing::TempDir dir;
    auto spec = LoadStudy(testing::WriteFixture(dir, c.study));
    if (c.message.empty()) {
      ASSERT_TRUE(spec.ok()) << spec.status().ToString();
      auto run = RunStudy(*spec);
      ASSERT_FALSE(run.ok());
      EXPECT_THAT(run.status().message(),
                  HasSubstr("[indirect] closure = \"household\" with table"));
      continue;
    }
    ASSERT_FALSE(spec.ok()) << c.message;
    EXPECT_EQ(spec.status().code(), StatusCode::kInvalidArgument)
        << spec.status().ToString();
    EXPECT_THAT(spec.status().message(), HasSubstr(c.message));
    EXPECT_THAT(spec.status().message(), HasSubstr("study.toml:"));
  }
}

}  // namespace
}  // namespace jobimpact::study
