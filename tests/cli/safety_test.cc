// The command line never destroys what it did not write, and every result
// can be traced back (issue 10): output directories, manifests, failed
// writes to stdout, --version, verify and compare.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "study/study_fixture.h"
#include "test_util.h"

namespace jobimpact {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

std::string Q(const fs::path& p) { return "'" + p.string() + "'"; }

// Runs the CLI with `args` in directory `cwd`.
testing::CommandResult RunIn(const fs::path& cwd, const std::string& args) {
  return testing::RunCommand("cd " + Q(cwd) + " && '" JOBIMPACT_CLI "' " +
                             args);
}

// Every file under `dir` with its contents.
std::map<std::string, std::string> Snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) {
      files[e.path().lexically_relative(dir).string()] =
          testing::ReadAll(e.path());
    }
  }
  return files;
}

TEST(SafetyTest, RunRefusesTheStudyDirectoryAndItsAncestorsEvenWithForce) {
  testing::TempDir dir;
  testing::WriteFixture(dir);
  dir.Write("data/keep.csv", "x\n");
  const auto before = Snapshot(dir.path());
  for (const std::string force : {"", " --force"}) {  // NOLINT
    for (const std::string& out : std::vector<std::string>{
             ".", "..", "/", Q(dir.path()), Q(dir.path() / "data" / "..")}) {
      auto r = RunIn(dir.path(), "run study.toml --out " + out + force);
      EXPECT_EQ(r.exit_code, 2) << out << force << r.err;
      EXPECT_THAT(r.err, HasSubstr("refusing to write there")) << out;
    }
  }
  // A folder of the user's without a manifest: refused, but --force writes
  // into it and keeps the file.
  auto data = RunIn(dir.path(), "run study.toml --out data");
  EXPECT_EQ(data.exit_code, 2);
  EXPECT_THAT(data.err, HasSubstr("holds \"keep.csv\", which jobimpact did "
                                  "not write"));
  EXPECT_EQ(Snapshot(dir.path()), before) << "nothing touched";
  auto home = testing::RunCommand("HOME=" + Q(dir.path() / "data") + " '" +
                                  JOBIMPACT_CLI + "' run " +
                                  Q(dir.path() / "study.toml") + " --out " +
                                  Q(dir.path() / "data") + " --force");
  EXPECT_EQ(home.exit_code, 2);
  EXPECT_THAT(home.err, HasSubstr("home directory"));
  auto forced = RunIn(dir.path(), "run study.toml --out data --force");
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(testing::ReadAll(dir.path() / "data" / "keep.csv"), "x\n");
  EXPECT_TRUE(fs::exists(dir.path() / "data" / "results.csv"));

  auto empty = RunIn(dir.path(), "run study.toml --out ''");
  EXPECT_EQ(empty.exit_code, 1);
  EXPECT_THAT(empty.err, HasSubstr("--out: give a directory"));
}

TEST(SafetyTest, RunReplacesOnlyItsOwnOutput) {
  testing::TempDir dir;
  testing::WriteFixture(dir);
  auto first = RunIn(dir.path(), "run study.toml --out out");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  // results.csv, .json, .xlsx, report.html and the manifest.
  EXPECT_EQ(testing::CountEntries(dir.path() / "out"), 5u);
  auto again = RunIn(dir.path(), "run study.toml --out out");
  EXPECT_EQ(again.exit_code, 0) << again.err;
  dir.Write("out/my-notes.txt", "mine");
  auto refused = RunIn(dir.path(), "run study.toml --out out");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("\"my-notes.txt\""));
  EXPECT_EQ(testing::ReadAll(dir.path() / "out" / "my-notes.txt"), "mine");
  EXPECT_TRUE(fs::exists(dir.path() / "out" / "results.csv"));
}

TEST(SafetyTest, StaleTemporaryOfAKilledRunIsRemovedByTheNext) {
  testing::TempDir dir;
  testing::WriteFixture(dir);
  // What a SIGKILL mid-write leaves: a temporary of a process now gone.
  auto gone = testing::RunCommand("sh -c 'echo $$'");
  const std::string pid = gone.out.substr(0, gone.out.find('\n'));
  dir.Write(".out.tmp-" + pid + "-7/results.csv", "half written");
  auto r = RunIn(dir.path(), "run study.toml --out out");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("left by an interrupted run"));
  EXPECT_FALSE(fs::exists(dir.path() / (".out.tmp-" + pid + "-7")));
}

TEST(SafetyTest, FailedWritesToStdoutExitNonZero) {
  testing::TempDir dir;
  auto study = testing::WriteFixture(dir);
  const std::string cli = std::string("'") + JOBIMPACT_CLI + "' ";
  const std::string table = Q(testing::SourcePath("data/io/cn2017_149.csv"));
  const std::vector<std::string> commands = {
      "--version",
      "--help",
      "run " + Q(study) + " --out " + Q(dir.path() / "out"),
      "validate " + Q(study),
      "io coefficients --table " + table,
      "io multipliers --table " + table,
      "survey estimate --data " +
          Q(testing::SourcePath("tests/data/api/apistrat.csv")) +
          " --strata stype --weights pw --fpc fpc --total api00",
      "simulate population --scale 0.01",
      "simulate draw --scale 0.05 --providers-n 300 --operators-n 600 "
      "--consumers 200 --consumer-cities 10 --out " +
          Q(dir.path() / "draw"),
      "simulate check --replications 2 --scale 0.05 --providers-n 300 "
      "--operators-n 600 --consumers 200 --consumer-cities 10",
      "io shock --table " + table + " --demand " +
          Q(dir.Write("demand.csv", "code,s\n001,1000\n")),
      "compare " + Q(dir.path() / "out") + " " + Q(dir.path() / "out"),
      "verify " + Q(dir.path() / "out"),
  };
  for (const auto& c : commands) {
    auto r = testing::RunCommand("(" + cli + c + " >/dev/full)");
    EXPECT_NE(r.exit_code, 0) << c;
    EXPECT_THAT(r.err, HasSubstr("cannot write to standard output")) << c;
  }
}

TEST(SafetyTest, VersionNamesCommitBuildAndLibraries) {
  auto r = testing::RunCli("--version");
  ASSERT_EQ(r.exit_code, 0);
  for (const char* s : {"jobimpact 0.", "commit: ", "build: ", "compiler: ",
                        "Eigen: 3.", "BLAS: ", "toml11: ", "fmt: ",
                        "nlohmann-json: ", "OpenSSL: ", "Boost: "}) {
    EXPECT_THAT(r.out, HasSubstr(s));
  }
}

TEST(SafetyTest, ManifestAndResultsCarryProvenance) {
  testing::TempDir dir;
  testing::WriteFixture(dir);
  auto r = RunIn(dir.path(), "run study.toml --out out");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string manifest =
      testing::ReadAll(dir.path() / "out" / "jobimpact-run.json");
  const std::string json =
      testing::ReadAll(dir.path() / "out" / "results.json");
  const std::string html = testing::ReadAll(dir.path() / "out" / "report.html");
  for (const std::string& doc : {manifest, json}) {
    for (const char* key :
         {"\"version\"", "\"git_commit\"", "\"command\"", "\"started_utc\"",
          "\"wall_seconds\"", "\"hardware_threads\"", "\"options\"",
          "\"sha256\"", "\"role\": \"survey:providers\"",
          "\"role\": \"io_table\"", "\"role\": \"regions\"",
          "\"inputoutput.solver\": \"auto\""}) {
      EXPECT_THAT(doc, HasSubstr(key));
    }
  }
  EXPECT_THAT(manifest, HasSubstr("\"name\": \"results.csv\""));
  EXPECT_THAT(html, HasSubstr("<h3>Reproducibility</h3>"));
  EXPECT_THAT(html, HasSubstr("survey:operators"));
  EXPECT_EQ(testing::ReadAll(dir.path() / "out" / "results.csv").find("sha256"),
            std::string::npos)
      << "results.csv stays a plain table";
}

TEST(SafetyTest, VerifyPassesThenListsAChangedInput) {
  testing::TempDir dir;
  testing::WriteFixture(dir);
  ASSERT_EQ(RunIn(dir.path(), "run study.toml --out out").exit_code, 0);
  auto ok = testing::RunCli("verify " + Q(dir.path() / "out"));
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_THAT(ok.out, HasSubstr("figures identical"));

  // One byte of a survey: 10 employees -> 19.
  std::string providers = testing::ReadAll(dir.path() / "providers.csv");
  providers.replace(providers.find(",10,"), 4, ",19,");
  dir.Write("providers.csv", providers);
  auto bad = testing::RunCli("verify " + Q(dir.path() / "out"));
  EXPECT_EQ(bad.exit_code, 5);
  EXPECT_THAT(bad.out, HasSubstr("input changed: " +
                                 (dir.path() / "providers.csv").string()));
  EXPECT_THAT(bad.out, HasSubstr("figure jobs_direct|prov_a|||2020|base: differs"));
  EXPECT_THAT(bad.out, HasSubstr("NOT verified"));

  // An edited output is reported too.
  dir.Write("providers.csv", testing::kFixtureProviders);
  std::ofstream(dir.path() / "out" / "results.csv", std::ios::app) << "\n";
  auto edited = testing::RunCli("verify " + Q(dir.path() / "out"));
  EXPECT_EQ(edited.exit_code, 5);
  EXPECT_THAT(edited.out, HasSubstr("modified since the run: results.csv"));

  auto none = testing::RunCli("verify " + Q(dir.path()));
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_THAT(none.err, HasSubstr("no manifest"));
}

TEST(SafetyTest, CompareListsEveryFigureSideBySide) {
  testing::TempDir dir;
  testing::WriteFixture(dir);
  ASSERT_EQ(RunIn(dir.path(), "run study.toml --out a").exit_code, 0);
  dir.Write("operators.csv", testing::Replace(testing::kFixtureOperators,
                                              "O3,四川,4,4", "O3,四川,6,4"));
  ASSERT_EQ(RunIn(dir.path(), "run study.toml --out b").exit_code, 0);
  auto csv = RunIn(dir.path(), "compare a b --format csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  table::Table t = testing::ReadCsvText(csv.out);
  ASSERT_NE(t.Find("difference"), nullptr);
  ASSERT_NE(t.Find("significant"), nullptr);
  // ops: staff 8 -> 10 of 4 accounts, N = 1000: jobs 2000 -> 2500.
  bool found = false;
  for (size_t i = 0; i < t.num_rows(); ++i) {
    if (t.Find("indicator")->CellText(i) == "jobs_direct" &&
        t.Find("component")->CellText(i) == "ops" &&
        t.Find("domain")->CellText(i).empty()) {
      found = true;
      EXPECT_EQ(t.Find("estimate_a")->CellText(i), "2000");
      EXPECT_EQ(t.Find("estimate_b")->CellText(i), "2500");
      EXPECT_EQ(t.Find("difference")->CellText(i), "500");
      EXPECT_EQ(t.Find("relative_change")->CellText(i), "0.25");
      EXPECT_EQ(t.Find("present")->CellText(i), "both");
      EXPECT_FALSE(t.Find("z")->CellText(i).empty()) << "both have an se";
      EXPECT_THAT(t.Find("test")->CellText(i),
                  HasSubstr("independent estimates, two-sided normal at 95%"));
    }
  }
  EXPECT_TRUE(found);
  auto table = RunIn(dir.path(), "compare a b");
  EXPECT_EQ(table.exit_code, 0);
  EXPECT_THAT(table.out, HasSubstr("taken as independent"));
  EXPECT_EQ(RunIn(dir.path(), "compare a b --level 1").exit_code, 1);
  EXPECT_EQ(RunIn(dir.path(), "compare a nowhere").exit_code, 2);
}

}  // namespace
}  // namespace jobimpact

namespace jobimpact {
namespace {

// A quantile in a domain with 0 degrees of freedom aborted the whole call
// (exit 2), a JK1 mean in a one-PSU domain exited 3: now every other
// estimate is reported, those two without se and interval, with a note.
TEST(SafetyTest, SurveyEstimateReportsWhatItCan) {
  const std::string data =
      "'" + testing::SourcePath("tests/data/api/apiclus1.csv").string() + "'";
  auto q = testing::RunCli("survey estimate --data " + data +
                           " --cluster dnum --weights pw --fpc fpc --total "
                           "api00 --quantile api00:0.5 --by dnum --format csv");
  ASSERT_EQ(q.exit_code, 0) << q.err;
  EXPECT_THAT(q.err, HasSubstr("warning: quantile of api00:0.5 in dnum="));
  EXPECT_THAT(q.out, HasSubstr(",,,0,")) << "empty se and interval, then 0 df";
  EXPECT_THAT(q.out, HasSubstr("no interval: the domain has 0 degrees of "
                               "freedom"));
  table::Table t = testing::ReadCsvText(q.out);
  ASSERT_EQ(t.num_rows(), 32u) << "16 totals and 16 quantiles";
  auto jk = testing::RunCli("survey estimate --data " + data +
                            " --cluster dnum --weights pw --fpc fpc --mean "
                            "api00 --by dnum --variance jk1 --format json");
  ASSERT_EQ(jk.exit_code, 0) << jk.err;
  EXPECT_THAT(jk.out, HasSubstr("\"se\": null"));
  EXPECT_THAT(jk.out, HasSubstr("a replicate leaves the domain empty"));
}

}  // namespace
}  // namespace jobimpact

namespace jobimpact {
namespace {

// SIGTERM and SIGINT at any moment of a run that writes a directory: no
// temporary is left behind, and the destination is either absent or
// complete (with its manifest). Whatever phase the signal hits, this holds.
TEST(SafetyTest, SignalAtAnyMomentLeavesNoTemporary) {
  testing::TempDir dir;
  const std::string draw =
      "'" JOBIMPACT_CLI "' simulate draw --scale 0.1 --consumers 600 --out ";
  // One uninterrupted run gives the time scale: the signals then fall from
  // early in the run to its last moments, where the files are written.
  auto timed =
      testing::RunCommand("s=$(date +%s%N); " + draw + Q(dir.path() / "full") +
                          " >/dev/null 2>&1; e=$(date +%s%N); echo "
                          "$(( (e - s) / 1000000 ))");
  const double full_ms = std::stod(timed.out);
  fs::remove_all(dir.path() / "full");
  int killed = 0;
  for (const char* sig : {"TERM", "INT"}) {
    for (double fraction : {0.3, 0.8, 0.9, 0.97}) {
      const std::string delay =
          fmt::format("{:.3f}", fraction * full_ms / 1000);
      const fs::path out = dir.path() / (std::string(sig) + delay);
      // The shell runs the CLI in the background, signals it after `delay`
      // and prints its exit status.
      auto r = testing::RunCommand(
          draw + Q(out) + " >/dev/null 2>&1 & pid=$!; sleep " + delay +
          "; kill -" + sig + " $pid; wait $pid; echo $?");
      const int status = std::stoi(r.out);
      if (status != 0) {
        EXPECT_EQ(status, 128 + (std::string(sig) == "TERM" ? 15 : 2))
            << sig << " after " << delay << " s";
        ++killed;
      }
      if (fs::exists(out)) {
        EXPECT_TRUE(fs::exists(out / "jobimpact-run.json")) << out;
      }
    }
  }
  for (const auto& e : fs::directory_iterator(dir.path())) {
    EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos)
        << "left behind: " << e.path();
  }
  EXPECT_GT(killed, 0) << "no run was interrupted";
}

}  // namespace
}  // namespace jobimpact

namespace jobimpact {
namespace {

// `run` exposes the study options; the manifest records them and `verify`
// re-runs with them (a run at 0.90 would otherwise not verify).
TEST(SafetyTest, RunOptionsReachTheRunAndVerify) {
  testing::TempDir dir;
  testing::WriteFixture(dir);
  auto r = RunIn(dir.path(),
                 "run study.toml --out out --solver iterative --confidence "
                 "0.9 --threads 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string csv = testing::ReadAll(dir.path() / "out" / "results.csv");
  EXPECT_THAT(csv, HasSubstr("certified relative error"));
  EXPECT_THAT(csv, HasSubstr(",0.9,"));
  EXPECT_EQ(csv.find(",0.95,"), std::string::npos);
  const std::string manifest =
      testing::ReadAll(dir.path() / "out" / "jobimpact-run.json");
  EXPECT_THAT(manifest, HasSubstr("\"run.solver\""));
  EXPECT_THAT(manifest, HasSubstr("\"run.confidence\""));
  auto v = testing::RunCli("verify " + Q(dir.path() / "out"));
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;

  for (const char* bad : {"--solver qr", "--confidence 1.5", "--threads -2"}) {
    auto b = RunIn(dir.path(), std::string("run study.toml --out out2 ") + bad);
    EXPECT_EQ(b.exit_code, 1) << bad;
    EXPECT_THAT(b.err, HasSubstr("error: ")) << bad;
    EXPECT_FALSE(fs::exists(dir.path() / "out2")) << bad;
  }
}

// Total intervals: --draws and --draws-seed reach the run, the manifest and
// verify; sensitivity.csv is written with them and not without.
TEST(SafetyTest, DrawsReachTheRunTheManifestAndVerify) {
  testing::TempDir dir;
  testing::WriteFixture(
      dir, std::string(testing::kFixtureStudy) +
               "[net]\ndeadweight = { value = 0.2, low = 0.1, high = 0.3, "
               "source = \"dw\" }\nleakage = { value = 0, source = \"s\" }\n"
               "displacement = { value = 0, source = \"s\" }\n"
               "substitution = { value = 0, source = \"s\" }\n");
  auto r =
      RunIn(dir.path(), "run study.toml --out out --draws 500 --draws-seed 9");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string tornado =
      testing::ReadAll(dir.path() / "out" / "sensitivity.csv");
  EXPECT_THAT(tornado, HasSubstr("jobs_net,ops,,,2020,net.deadweight,0.1,0.3,"
                                 "1800,1400,"));
  const std::string csv = testing::ReadAll(dir.path() / "out" / "results.csv");
  EXPECT_THAT(csv, HasSubstr("(500 draws, seed 9;"));
  const std::string manifest =
      testing::ReadAll(dir.path() / "out" / "jobimpact-run.json");
  EXPECT_THAT(manifest, HasSubstr("\"run.draws\""));
  EXPECT_THAT(manifest, HasSubstr("\"500\""));
  auto v = testing::RunCli("verify " + Q(dir.path() / "out"));
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;

  auto none = RunIn(dir.path(), "run study.toml --out none --draws 0");
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_FALSE(fs::exists(dir.path() / "none" / "sensitivity.csv"));
  const std::string plain =
      testing::ReadAll(dir.path() / "none" / "results.csv");
  EXPECT_EQ(plain.find("total interval"), std::string::npos);
  auto bad = RunIn(dir.path(), "run study.toml --out bad --draws -5");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("draws: expected 0"));
  EXPECT_FALSE(fs::exists(dir.path() / "bad"));
}

// run --set and [[scenarios]]: the change is recorded and reused by verify,
// scenarios get their own rows and a table in the report, and a series
// refuses --set.
TEST(SafetyTest, SetAndScenariosReachTheResultsTheReportAndVerify) {
  testing::TempDir dir;
  testing::WriteFixture(
      dir, std::string(testing::kFixtureStudy) +
               "[[scenarios]]\nid = \"lean\"\nlabel = \"Leaner\"\n"
               "set = { \"indirect.output_per_job.value\" = 2000 }\n");
  auto r = RunIn(dir.path(),
                 "run study.toml --out out --lang en --set "
                 "components.ops.population.value=3000");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string csv = testing::ReadAll(dir.path() / "out" / "results.csv");
  EXPECT_THAT(csv, HasSubstr("jobs_direct,ops,,,2020,6000,"));
  EXPECT_THAT(csv, HasSubstr(",lean\n"));
  EXPECT_THAT(csv, HasSubstr(",base\n"));
  const std::string manifest =
      testing::ReadAll(dir.path() / "out" / "jobimpact-run.json");
  EXPECT_THAT(manifest,
              HasSubstr("\"run.set.components.ops.population.value\""));
  const std::string html = testing::ReadAll(dir.path() / "out" / "report.html");
  EXPECT_THAT(html, HasSubstr("Scenarios side by side"));
  EXPECT_THAT(html, HasSubstr("Leaner <code>lean</code>"));
  auto v = testing::RunCli("verify " + Q(dir.path() / "out"));
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  auto c = testing::RunCli("compare " + Q(dir.path() / "out") + " " +
                           Q(dir.path() / "out") + " --format csv");
  EXPECT_EQ(c.exit_code, 0) << c.err;
  EXPECT_THAT(c.out, HasSubstr(",lean\n"));

  auto bad = RunIn(dir.path(), "run study.toml --out bad --set nokey=1");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--set nokey: (top) has no key"));
  auto usage = RunIn(dir.path(), "run study.toml --out bad --set novalue");
  EXPECT_EQ(usage.exit_code, 1);
  EXPECT_FALSE(fs::exists(dir.path() / "bad"));
  auto series = testing::RunCli(
      "run " + Q(testing::SourcePath("examples/default/series.toml")) +
      " --out " + Q(dir.path() / "s") + " --set study.year=2021");
  EXPECT_EQ(series.exit_code, 2);
  EXPECT_THAT(series.err, HasSubstr("--set changes a study file"));
}

}  // namespace
}  // namespace jobimpact

namespace jobimpact {
namespace {

// Method texts and help cite documents that exist (docs/method.md §1-§3),
// never "METHOD.md", "§4" or an issue number.
TEST(SafetyTest, MethodTextsAndHelpCiteExistingDocuments) {
  const std::vector<std::string> banned = {"METHOD.md", "§4", "(issue"};
  for (const char* file :
       {"examples/default/study.toml", "examples/wechat-series/series.toml"}) {
    testing::TempDir dir;
    auto r = testing::RunCli("run " + Q(testing::SourcePath(file)) + " --out " +
                             Q(dir.path() / "out"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string csv = testing::ReadAll(dir.path() / "out/results.csv");
    for (const auto& b : banned) EXPECT_EQ(csv.find(b), std::string::npos) << b;
  }
  for (const char* cmd :
       {"--help", "run --help", "validate --help", "io --help",
        "io multipliers --help", "io shock --help", "simulate --help",
        "simulate draw --help", "survey --help", "survey estimate --help",
        "compare --help", "verify --help"}) {
    auto h = testing::RunCli(cmd);
    EXPECT_EQ(h.exit_code, 0) << cmd;
    for (const auto& b : banned) {
      EXPECT_EQ(h.out.find(b), std::string::npos) << cmd << ": " << b;
    }
  }
}

}  // namespace
}  // namespace jobimpact
