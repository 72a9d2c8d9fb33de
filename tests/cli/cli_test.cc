// The command line: outputs, exit codes (0 ok, 1 usage, 2 bad input,
// 3 numerical failure) and atomic writes.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "inputoutput/io_reference.h"
#include "study/study_fixture.h"
#include "test_util.h"

namespace jobimpact {
namespace {

using ::testing::HasSubstr;

std::string Q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

TEST(CliTest, IoCoefficientsPrintsTheReportsEightCoefficients) {
  auto r = testing::RunCli("io coefficients --table " +
                           Q(testing::SourcePath("data/io/cn2017_149.csv")) +
                           " --sectors 123,120,106,138,116,140,131,141");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<double> expected = {1.35092814,  1.65928128,  0.797118405,
                                  1.053028016, 1.094526263, 0.718330715,
                                  1.847971723, 1.633394624};
  std::istringstream lines(r.out);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "code,name_zh,name_en,total_consumption_coefficient");
  for (double e : expected) {
    ASSERT_TRUE(std::getline(lines, line));
    double v = std::stod(line.substr(line.rfind(',') + 1));
    EXPECT_NEAR(v, e, 1e-8) << line;
  }
  EXPECT_THAT(
      r.out,
      HasSubstr(
          "123,互联网和相关服务,Internet and related services,1.35092814"));
}

// `io multipliers` and `io shock` against the numpy references of
// tests/reference/io_references.csv (cn2017_149, as published).
TEST(CliTest, IoMultipliersAndShock) {
  const std::string table = Q(testing::SourcePath("data/io/cn2017_149.csv"));
  const std::string emp =
      " --employment " +
      Q(testing::SourcePath("data/io/cn_employment_by_industry.csv")) +
      " --concordance " +
      Q(testing::SourcePath("data/io/concordance_cn2017_149_employment.csv")) +
      " --employment-year 2017";
  auto r = testing::RunCli("io multipliers --table " + table + " --type II" +
                           emp + " --format csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  table::Table t = testing::ReadCsvText(r.out);
  std::vector<std::string> header;
  for (const auto& c : t.columns()) header.push_back(c.name());
  EXPECT_EQ(header,
            (std::vector<std::string>{
                "code", "name_zh", "name_en", "output_I", "value_added_I",
                "income_I", "employment_I", "output_II", "value_added_II",
                "income_II", "employment_II"}));
  ASSERT_EQ(t.num_rows(), 149u);
  auto ref = [](const std::string& q, const std::string& code) {
    return testing::IoReference("cn2017_149", "as_published", q, code);
  };
  const size_t row = 122;  // Sector 123, internet.
  EXPECT_EQ(t.Find("code")->CellText(row), "123");
  EXPECT_NEAR(t.Find("output_II")->doubles()[row], ref("output_II", "123"),
              1e-9);
  // Jobs per million yuan = jobs per 10,000 yuan x 100.
  EXPECT_NEAR(t.Find("employment_I")->doubles()[row],
              100 * ref("employment_I", "123"), 1e-7);

  auto json = testing::RunCli("io multipliers --table " + table +
                              " --domestic --format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_THAT(json.out, HasSubstr("\"imports\": \"domestic coefficients"));
  EXPECT_THAT(json.out, HasSubstr("\"employment_I\": null"));
  auto text = testing::RunCli("io multipliers --table " + table +
                              " --solver iterative");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("restarted GMRES"));

  testing::TempDir dir;
  auto demand = dir.Write("d.csv",
                          "code,platform\n123,1000000\n106,2500000\n"
                          "120,500000\n");
  auto shock =
      testing::RunCli("io shock --table " + table + " --demand " + Q(demand) +
                      " --type II" + emp + " --format csv");
  ASSERT_EQ(shock.exit_code, 0) << shock.err;
  table::Table st = testing::ReadCsvText(shock.out);
  int totals = 0;
  for (size_t i = 0; i < st.num_rows(); ++i) {
    if (st.Find("code")->CellText(i) != "TOTAL") continue;
    ++totals;
    const std::string m = st.Find("measure")->text(i);
    for (const char* part : {"direct", "indirect", "induced"}) {
      const double expected = ref("shock_" + m + "_" + part, "TOTAL");
      EXPECT_NEAR(st.Find(part)->doubles()[i], expected,
                  1e-9 * std::fabs(expected))
          << m << " " << part;
    }
  }
  EXPECT_EQ(totals, 4);

  auto bad_demand = testing::RunCli("io shock --table " + table + " --demand " +
                                    Q(dir.Write("e.csv", "code,x\n999,1\n")));
  EXPECT_EQ(bad_demand.exit_code, 2);
  EXPECT_THAT(bad_demand.err, HasSubstr("e.csv:2: sector \"999\""));
  auto half = testing::RunCli(
      "io multipliers --table " + table + " --employment " +
      Q(testing::SourcePath("data/io/cn_employment_by_industry.csv")));
  EXPECT_EQ(half.exit_code, 1) << "options that must come together: usage";
  EXPECT_THAT(half.err, HasSubstr("need --employment, --concordance and "
                                  "--employment-year together"));
  for (const std::string bad : {"--table-unit foo", "--delta 1"}) {  // NOLINT
    auto bad_opt =
        testing::RunCli("io multipliers --table " + table + " " + bad);
    EXPECT_EQ(bad_opt.exit_code, 1) << bad << bad_opt.err;
  }
  auto region =
      testing::RunCli("io multipliers --table " + table + " --region " +
                      Q(dir.Write("r.csv", "code,region,nation\n001,1,2\n")));
  EXPECT_EQ(region.exit_code, 2);
  EXPECT_THAT(region.err, HasSubstr("no regional size for sector 002"));
  auto agg = testing::RunCli(
      "io multipliers --table " + table + " --aggregate " +
      Q(testing::SourcePath("data/io/concordance_cn2017_149_to_42.csv")) +
      " --format csv");
  ASSERT_EQ(agg.exit_code, 0) << agg.err;
  EXPECT_EQ(testing::ReadCsvText(agg.out).num_rows(), 42u);
}

TEST(CliTest, RunWritesResultsAtomically) {
  testing::TempDir dir;
  auto out = dir.path() / "out";
  auto r = testing::RunCli(
      "run " + Q(testing::SourcePath("examples/wechat-2019/study.toml")) +
      " --out " + Q(out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("jobs_total"));
  EXPECT_THAT(r.out, HasSubstr("results.csv"));
  std::string csv = testing::ReadAll(out / "results.csv");
  EXPECT_THAT(csv, HasSubstr("jobs_total,,,,2019,29626000,,,,,,,,jobs,"));
  EXPECT_THAT(testing::ReadAll(out / "results.json"), HasSubstr("\"rows\""));
  EXPECT_THAT(testing::ReadAll(out / "report.html"), HasSubstr("<svg "));
  EXPECT_EQ(testing::ReadAll(out / "results.xlsx").substr(0, 2), "PK");

  // A failing run leaves the previous output untouched and no temp dirs.
  auto bad = dir.Write("bad.toml", "[study]\nname = 1\n");
  auto r2 = testing::RunCli("run " + Q(bad) + " --out " + Q(out));
  EXPECT_EQ(r2.exit_code, 2);
  EXPECT_EQ(testing::ReadAll(out / "results.csv"), csv);
  EXPECT_EQ(testing::CountEntries(dir.path()), 2u) << "out/ and bad.toml only";
}

TEST(CliTest, ValidateWritesNothing) {
  testing::TempDir dir;
  auto study = testing::WriteFixture(dir);
  auto r = testing::RunCli("validate " + Q(study));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("OK"));
  EXPECT_EQ(testing::CountEntries(dir.path()), 5u)
      << "only the fixture's own files";
}

TEST(CliTest, ExitCodes) {
  EXPECT_EQ(testing::RunCli("--help").exit_code, 0);
  EXPECT_EQ(testing::RunCli("run --help").exit_code, 0);
  EXPECT_EQ(testing::RunCli("").exit_code, 1);
  EXPECT_EQ(testing::RunCli("frobnicate").exit_code, 1);
  EXPECT_EQ(testing::RunCli("run x.toml").exit_code, 1) << "--out is required";
  EXPECT_EQ(
      testing::RunCli("io coefficients --table x --layout excel").exit_code, 1);

  auto missing = testing::RunCli("validate /nonexistent/study.toml");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("/nonexistent/study.toml"));

  testing::TempDir dir;
  auto study =
      testing::WriteFixture(dir, testing::kFixtureStudy,
                            testing::Replace(testing::kFixtureProviders,
                                             "P2,a,四川,20", "P2,a,四川,-20"));
  auto neg = testing::RunCli("validate " + Q(study));
  EXPECT_EQ(neg.exit_code, 2);
  EXPECT_THAT(neg.err, HasSubstr("providers.csv:3: column \"employees\""));

  // Singular I - A: every column of A sums to one.
  auto io =
      dir.Write("singular.csv", "code,s1,s2,GO\ns1,50,50,100\ns2,50,50,100\n");
  auto sing =
      testing::RunCli("io coefficients --layout matrix --table " + Q(io));
  EXPECT_EQ(sing.exit_code, 3);
  EXPECT_THAT(sing.err, HasSubstr("singular"));

  auto unknown = testing::RunCli(
      "io coefficients --table " +
      Q(testing::SourcePath("data/io/cn2017_149.csv")) + " --sectors 999");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("\"999\" is not a sector"));
}

TEST(CliTest, SurveyEstimateCsvMatchesTheLibrary) {
  auto r =
      testing::RunCli("survey estimate --data " +
                      Q(testing::SourcePath("tests/data/api/apistrat.csv")) +
                      " --strata stype --weights pw --fpc fpc --total api00 "
                      "--prop sch.wide --by stype --format csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(
      r.out,
      HasSubstr(
          "statistic,variable,domain,estimate,se,ci_low,ci_high,df,n,note\n"));
  // R survey: svytotal(~api00, dstrat) = 4102207.89961815, SE 58278.9789376328.
  EXPECT_THAT(r.out, HasSubstr("total,api00,,4102207.89961"));
  EXPECT_THAT(r.out, HasSubstr(",58278.97893"));
  EXPECT_THAT(r.out, HasSubstr("prop,sch.wide=Yes,stype=E,0.91,"));
  auto json =
      testing::RunCli("survey estimate --data " +
                      Q(testing::SourcePath("tests/data/api/apiclus1.csv")) +
                      " --cluster dnum --weights pw --mean api00 --variance "
                      "bootstrap:100 --seed 5 --format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_THAT(
      json.out,
      HasSubstr("\"variance\": \"replication: 100 replicates (bootstrap)"));
}

TEST(CliTest, SurveyEstimateWithRaking) {
  testing::TempDir dir;
  auto margins =
      dir.Write("m.csv",
                "margin,level,count\nstype,E,4421\nstype,H,755\n"
                "stype,M,1018\nsch.wide,No,1072\nsch.wide,Yes,5122\n");
  auto r = testing::RunCli(
      "survey estimate --data " +
      Q(testing::SourcePath("tests/data/api/apiclus1.csv")) +
      " --cluster dnum --weights pw --fpc fpc --mean api00 --rake " +
      Q(margins) + " --format csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // R: rake(dclus1, list(~stype, ~sch.wide), ...) then svymean(~api00):
  // tests/reference/survey_references.csv, case clus1_rake.
  EXPECT_THAT(r.out, HasSubstr("mean,api00,,641.23"));
  auto bad =
      dir.Write("b.csv", "margin,level,count\nstype,E,4421\nstype,H,755\n");
  auto e = testing::RunCli(
      "survey estimate --data " +
      Q(testing::SourcePath("tests/data/api/apiclus1.csv")) +
      " --cluster dnum --weights pw --mean api00 --rake " + Q(bad));
  EXPECT_EQ(e.exit_code, 2);
  EXPECT_THAT(e.err, HasSubstr("level \"M\" occurs in the sample"));
}

TEST(CliTest, SurveyEstimateQuantiles) {
  auto r = testing::RunCli(
      "survey estimate --data " +
      Q(testing::SourcePath("tests/data/api/apiclus1.csv")) +
      " --cluster dnum --weights pw --fpc fpc --quantile api00:0.5 "
      "--by stype --format csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // R: svyby(~api00, ~stype, dclus1, svyquantile, quantiles = 0.5, ci = TRUE):
  // H median 608, interval [478, 724] on 7 df.
  EXPECT_THAT(r.out, HasSubstr("quantile,api00:0.5,stype=H,608,52.0167"));
  EXPECT_THAT(r.out, HasSubstr(",478,724,7,14,\n"));
  auto bad =
      testing::RunCli("survey estimate --data " +
                      Q(testing::SourcePath("tests/data/api/apiclus1.csv")) +
                      " --weights pw --quantile api00:1.5");
  EXPECT_EQ(bad.exit_code, 1) << "an option value: usage";
  EXPECT_THAT(bad.err, HasSubstr("the probability must lie in (0, 1)"));
  auto malformed =
      testing::RunCli("survey estimate --data " +
                      Q(testing::SourcePath("tests/data/api/apiclus1.csv")) +
                      " --weights pw --quantile api00");
  EXPECT_EQ(malformed.exit_code, 1);
  EXPECT_THAT(malformed.err, HasSubstr("--quantile expects COL:P"));
}

TEST(CliTest, SuppliedReplicateWeightsWithScaleAndRscales) {
  std::string cols;
  for (int r = 1; r <= 104; ++r)
    cols += (r > 1 ? "," : "") + fmt::format("rw{:02d}", r);
  const std::string base =
      "survey estimate --data " +
      Q(testing::SourcePath("tests/data/api/apistrat_pairs_brr.csv")) +
      " --strata pair --weights pw --total api00 --variance supplied "
      "--replicate-weights " +
      cols +
      " --scale 0.009615384615384616"
      " --format csv";
  auto r = testing::RunCli(base);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("total,api00,,4102207.89"));
  std::string ones;
  for (int k = 0; k < 104; ++k) ones += (k ? "," : "") + std::string("2");
  auto doubled = testing::RunCli(base + " --rscales " + ones);
  ASSERT_EQ(doubled.exit_code, 0) << doubled.err;
  auto se_of = [](const std::string& out) {
    auto line = out.substr(out.find("total,api00,,"));
    std::vector<std::string> f;
    std::stringstream ss(line.substr(0, line.find('\n')));
    for (std::string x; std::getline(ss, x, ',');) f.push_back(x);
    return std::stod(f[4]);
  };
  // R's own BRR on these weights (case pairs_brr): SE 50940.4803836189.
  EXPECT_NEAR(se_of(r.out), 50940.4803836189, 1e-6 * 50940.4803836189);
  EXPECT_NEAR(se_of(doubled.out), std::sqrt(2.0) * se_of(r.out),
              1e-9 * se_of(r.out));
  auto bad = testing::RunCli(base + " --rscales 1,2");
  EXPECT_EQ(bad.exit_code, 1) << "options that disagree: usage";
  EXPECT_THAT(bad.err, HasSubstr("2 rscales for 104 replicate weight columns"));
}

TEST(CliTest, SurveyEstimateErrors) {
  const std::string data =
      Q(testing::SourcePath("tests/data/api/apistrat.csv"));
  EXPECT_EQ(testing::RunCli("survey estimate --data " + data + " --weights pw")
                .exit_code,
            1)
      << "no statistic";
  auto lonely = testing::RunCli(
      "survey estimate --data " +
      Q(testing::SourcePath("tests/data/api/apistrat_lonely.csv")) +
      " --strata stype --weights pw --total api00");
  EXPECT_EQ(lonely.exit_code, 2);
  EXPECT_THAT(lonely.err, HasSubstr("has only one PSU"));
  // Bad option values are usage errors (exit 1), found before the data is
  // read.
  for (const std::string bad :  // NOLINT
       {"--total api00 --variance fay:2", "--ratio api00",
        "--total api00 --level 2", "--total api00 --delimiter ';;'",
        "--total api00 --encoding latin1", "--quantile api00:1.5",
        "--total api00 --calibrate rake", "--total api00 --rscales x"}) {
    auto r = testing::RunCli("survey estimate --data " + data +
                             " --weights pw " + bad);
    EXPECT_EQ(r.exit_code, 1) << bad << r.err;
    EXPECT_THAT(r.err, HasSubstr("see --help")) << bad;
  }
  auto ratio = testing::RunCli("survey estimate --data " + data +
                               " --weights pw --ratio api00");
  EXPECT_THAT(ratio.err, HasSubstr("--ratio expects NUM/DEN"));
}

// The line and value of a cell that is no number, for every statistic that
// reads numbers (it named line 2 and its valid value).
TEST(CliTest, SurveyEstimateNamesTheBadCell) {
  testing::TempDir dir;
  for (const std::string bad :  // NOLINT
       {"NaN", "\"1,234\"", "inf", "1e400", "0x10", "14.3abc"}) {
    auto f = dir.Write(
        "f.csv", "y,x,w\n1,1,1\n14.3,2,1\n2,3,1\n" + bad + ",4,1\n3,5,1\n");
    for (const std::string stat :
         {"--total y", "--mean y", "--ratio y/x",  // NOLINT
          "--quantile y:0.5"}) {
      auto r = testing::RunCli("survey estimate --data " + Q(f) +
                               " --weights w " + stat);
      EXPECT_EQ(r.exit_code, 2) << bad << stat;
      EXPECT_THAT(r.err, HasSubstr("f.csv:5: column 1 (\"y\"): expected a "
                                   "number, found "))
          << bad << " " << stat << ": " << r.err;
    }
  }
  auto w = dir.Write("w.csv", "y,w\n1,1\n2,x\n");
  EXPECT_THAT(testing::RunCli("survey estimate --data " + Q(w) +
                              " --weights w --total y")
                  .err,
              HasSubstr("w.csv:3: column 2 (\"w\"): expected a number, found "
                        "\"x\""));
}

}  // namespace
}  // namespace jobimpact

namespace jobimpact {
namespace {

TEST(CliTest, SimulatePopulationDrawAndCheck) {
  auto pop = testing::RunCli("simulate population --scale 0.01 --format csv");
  ASSERT_EQ(pop.exit_code, 0) << pop.err;
  EXPECT_THAT(pop.out, HasSubstr("tier_share,official_accounts,tier 1,"));
  testing::TempDir dir;
  const auto config = dir.Write("sim.toml", R"(
[population]
year = 2019
scale = 0.01
[population.shares]
women = 0.5
[draw]
providers_n = 200
operators_n = 800
consumers = 300
consumer_cities = 10
operator_design = "pps"
)");
  auto draw = testing::RunCli("simulate draw --config " + Q(config) +
                              " --out " + Q(dir.path() / "d"));
  ASSERT_EQ(draw.exit_code, 0) << draw.err;
  const std::string toml = testing::ReadAll(dir.path() / "d/study.toml");
  EXPECT_THAT(toml, HasSubstr("#   jobimpact simulate draw --config "));
  EXPECT_THAT(toml, HasSubstr("# Design: pps."));
  auto run = testing::RunCli("run " + Q(dir.path() / "d/study.toml") +
                             " --out " + Q(dir.path() / "r"));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  // A config is the whole setting: flags next to it are refused.
  auto both = testing::RunCli("simulate draw --config " + Q(config) +
                              " --seed 4 --out " + Q(dir.path() / "e"));
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_THAT(both.err, HasSubstr("--seed cannot be given with --config"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "e"));
  auto bad = testing::RunCli(
      "simulate draw --scale 0.01 --provider-design "
      "quota --out " +
      Q(dir.path() / "e"));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("unknown sample design \"quota\""));
  auto check = testing::RunCli(
      "simulate check --scale 0.01 --replications 3 --providers-n 200 "
      "--operators-n 800 --consumers 0 --format csv");
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_THAT(check.out, HasSubstr("indicator,component,domain,truth,"
                                   "mean_estimate,bias,rmse,coverage"));
}

}  // namespace
}  // namespace jobimpact
