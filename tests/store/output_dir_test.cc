#include "jobimpact/store/output_dir.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "jobimpact/base/sha256.h"
#include "test_util.h"

namespace jobimpact::store {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

results::Provenance TestProvenance() {
  const char* argv[] = {"jobimpact", "test"};
  return results::StartProvenance(2, argv);
}

// Writes `files` (name -> contents) as one output of kind "run".
Status WriteOutput(
    const fs::path& dest,
    const std::vector<std::pair<std::string, std::string>>& files,
    const OutputDirOptions& options = {}) {
  JI_ASSIGN_OR_RETURN(AtomicOutputDir d,
                      AtomicOutputDir::Create(dest, options));
  for (const auto& [name, text] : files) {
    JI_RETURN_IF_ERROR(d.WriteFile(name, text));
  }
  return d.Commit("run", TestProvenance());
}

// A process id that no longer exists: a child that has exited and been
// reaped.
pid_t DeadPid() {
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return pid;
}

TEST(OutputDirTest, CommitPublishesAndReplaces) {
  testing::TempDir tmp;
  auto dest = tmp.path() / "out";
  {
    auto d = AtomicOutputDir::Create(dest);
    ASSERT_TRUE(d.ok());
    ASSERT_TRUE(d->WriteFile("a.txt", "one").ok());
    EXPECT_FALSE(fs::exists(dest)) << "nothing visible before commit";
    ASSERT_TRUE(d->Commit("run", TestProvenance()).ok());
  }
  EXPECT_EQ(testing::ReadAll(dest / "a.txt"), "one");
  ASSERT_TRUE(WriteOutput(dest, {{"b.txt", "two"}}).ok());
  EXPECT_FALSE(fs::exists(dest / "a.txt")) << "listed by the old manifest";
  EXPECT_EQ(testing::ReadAll(dest / "b.txt"), "two");
  EXPECT_EQ(testing::CountEntries(tmp.path()), 1u) << "no temporary leftovers";
  EXPECT_EQ(testing::CountEntries(dest), 2u) << "b.txt and the manifest";
}

TEST(OutputDirTest, ManifestListsEveryOutputWithItsDigest) {
  testing::TempDir tmp;
  auto dest = tmp.path() / "out";
  ASSERT_TRUE(WriteOutput(dest, {{"a.txt", "abc"}, {"b.txt", ""}}).ok());
  auto m = ReadManifest(dest);
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->kind, "run");
  ASSERT_EQ(m->outputs.size(), 2u);
  EXPECT_EQ(m->outputs[0].name, "a.txt");
  EXPECT_EQ(m->outputs[0].bytes, 3u);
  EXPECT_EQ(m->outputs[0].sha256, Sha256Hex("abc"));
  EXPECT_EQ(m->provenance.command,
            (std::vector<std::string>{"jobimpact", "test"}));
  EXPECT_EQ(m->provenance.build.version, GetBuildInfo().version);
  EXPECT_GE(m->provenance.wall_seconds, 0.0);
}

TEST(OutputDirTest, AbandonedOutputLeavesNothing) {
  testing::TempDir tmp;
  {
    auto d = AtomicOutputDir::Create(tmp.path() / "out");
    ASSERT_TRUE(d.ok());
    ASSERT_TRUE(d->WriteFile("a.txt", "x").ok());
  }
  EXPECT_EQ(testing::CountEntries(tmp.path()), 0u);
}

TEST(OutputDirTest, RejectsFileDestinationAndBadNames) {
  testing::TempDir tmp;
  auto file = tmp.Write("f", "x");
  EXPECT_FALSE(AtomicOutputDir::Create(file).ok());
  auto d = AtomicOutputDir::Create(tmp.path() / "out");
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d->WriteFile("../escape", "x").ok());
  EXPECT_FALSE(d->WriteFile(kManifestName, "x").ok());
}

TEST(OutputDirTest, ForeignFileIsRefusedAndLeftUntouched) {
  testing::TempDir tmp;
  auto dest = tmp.path() / "data";
  tmp.Write("data/survey.csv", "id\n1\n");
  Status s = WriteOutput(dest, {{"results.csv", "x"}});
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("holds \"survey.csv\""));
  EXPECT_THAT(s.message(), HasSubstr("no jobimpact-run.json"));
  EXPECT_EQ(testing::ReadAll(dest / "survey.csv"), "id\n1\n");
  EXPECT_EQ(testing::CountEntries(dest), 1u);
  EXPECT_EQ(testing::CountEntries(tmp.path()), 1u) << "no temporary left";

  // A managed directory with a file added afterwards is refused too.
  auto out = tmp.path() / "out";
  ASSERT_TRUE(WriteOutput(out, {{"results.csv", "x"}}).ok());
  tmp.Write("out/notes.txt", "mine");
  s = WriteOutput(out, {{"results.csv", "y"}});
  EXPECT_THAT(s.message(), HasSubstr("holds \"notes.txt\""));
  EXPECT_THAT(s.message(), HasSubstr("not listed in its jobimpact-run.json"));
  EXPECT_EQ(testing::ReadAll(out / "results.csv"), "x");
}

TEST(OutputDirTest, ForceWritesIntoADirectoryAndKeepsOtherFiles) {
  testing::TempDir tmp;
  auto dest = tmp.path() / "shared";
  tmp.Write("shared/keep.txt", "mine");
  ASSERT_TRUE(
      WriteOutput(dest, {{"a.txt", "1"}, {"b.txt", "2"}}, {true, {}}).ok());
  EXPECT_EQ(testing::ReadAll(dest / "keep.txt"), "mine");
  EXPECT_EQ(testing::ReadAll(dest / "a.txt"), "1");
  // Second forced run: b.txt (listed by the first manifest) goes, keep.txt
  // stays.
  ASSERT_TRUE(WriteOutput(dest, {{"a.txt", "3"}}, {true, {}}).ok());
  EXPECT_EQ(testing::ReadAll(dest / "a.txt"), "3");
  EXPECT_FALSE(fs::exists(dest / "b.txt"));
  EXPECT_EQ(testing::ReadAll(dest / "keep.txt"), "mine");
  EXPECT_EQ(testing::CountEntries(tmp.path()), 1u);
}

TEST(OutputDirTest, RefusesDirectoriesHoldingInputsEvenWithForce) {
  testing::TempDir tmp;
  auto study = tmp.Write("study/study.toml", "x");
  auto survey = tmp.Write("study/data/s.csv", "x");
  for (bool force : {false, true}) {
    OutputDirOptions opt{force, {study, survey}};
    Status s = CheckOutputDestination(tmp.path() / "study", opt);
    EXPECT_THAT(s.message(), HasSubstr("an input of this run")) << force;
    EXPECT_THAT(s.message(), HasSubstr("even with --force"));
    s = CheckOutputDestination(tmp.path() / "study" / "data", opt);
    EXPECT_THAT(s.message(), HasSubstr("s.csv, an input of this run"));
    s = CheckOutputDestination(tmp.path() / "study" / "data" / ".", opt);
    EXPECT_THAT(s.message(), HasSubstr("an input of this run"));
    s = CheckOutputDestination(tmp.path(), opt);
    EXPECT_FALSE(s.ok());
  }
  EXPECT_EQ(testing::ReadAll(survey), "x");
  EXPECT_TRUE(
      CheckOutputDestination(tmp.path() / "study" / "out", {false, {study}})
          .ok());
}

TEST(OutputDirTest, RefusesRootHomeWorkingDirectoryAndAncestors) {
  for (const char* p : {"/", "."}) {
    Status s = CheckOutputDestination(p, {true, {}});
    EXPECT_THAT(s.message(), HasSubstr("refusing")) << p;
  }
  EXPECT_THAT(CheckOutputDestination("..", {true, {}}).message(),
              HasSubstr("working directory or one of its ancestors"));
  EXPECT_THAT(
      CheckOutputDestination(fs::current_path().parent_path(), {true, {}})
          .message(),
      HasSubstr("ancestors"));
  if (const char* home = std::getenv("HOME"); home && *home) {
    EXPECT_FALSE(CheckOutputDestination(home, {true, {}}).ok());
  }
  EXPECT_THAT(CheckOutputDestination("", {}).message(), HasSubstr("empty"));
}

TEST(OutputDirTest, RefusesASymbolicLink) {
  testing::TempDir tmp;
  fs::create_directory(tmp.path() / "real");
  fs::create_directory_symlink(tmp.path() / "real", tmp.path() / "link");
  EXPECT_THAT(CheckOutputDestination(tmp.path() / "link", {true, {}}).message(),
              HasSubstr("symbolic link"));
}

TEST(OutputDirTest, RemovesStaleTemporariesOfDeadProcessesOnly) {
  testing::TempDir tmp;
  const std::string dead = std::to_string(DeadPid());
  const std::string alive = std::to_string(::getppid());
  tmp.Write(".out.tmp-" + dead + "-42/results.csv", "half");
  tmp.Write(".out.tmp-" + alive + "-42/results.csv", "running");
  tmp.Write(".other.tmp-" + dead + "-42/x", "other destination");
  tmp.Write(".out.tmp-" + dead + "-x42/x", "not our pattern");
  auto d = AtomicOutputDir::Create(tmp.path() / "out");
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->removed_stale().size(), 1u);
  EXPECT_EQ(d->removed_stale()[0].filename(), ".out.tmp-" + dead + "-42");
  EXPECT_FALSE(fs::exists(tmp.path() / (".out.tmp-" + dead + "-42")));
  EXPECT_TRUE(fs::exists(tmp.path() / (".out.tmp-" + alive + "-42")));
  EXPECT_TRUE(fs::exists(tmp.path() / (".other.tmp-" + dead + "-42")));
  EXPECT_TRUE(fs::exists(tmp.path() / (".out.tmp-" + dead + "-x42")));
}

// SIGTERM (and SIGINT) while an output is being written: the temporary is
// removed and the process dies of the signal.
void WriteThenSignal(const fs::path& dest, int sig) {
  InstallInterruptCleanup();
  auto d = AtomicOutputDir::Create(dest);
  if (!d.ok()) std::_Exit(10);
  if (!d->WriteFile("results.csv", std::string(1 << 20, 'x')).ok()) {
    std::_Exit(11);
  }
  ::kill(::getpid(), sig);
  ::sleep(30);  // The cleanup thread ends the process first.
  std::_Exit(12);
}

TEST(OutputDirDeathTest, InterruptDuringWriteLeavesNothing) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  for (int sig : {SIGTERM, SIGINT}) {
    testing::TempDir tmp;
    EXPECT_EXIT(WriteThenSignal(tmp.path() / "out", sig),
                ::testing::KilledBySignal(sig), "");
    EXPECT_EQ(testing::CountEntries(tmp.path()), 0u) << "signal " << sig;
  }
}

TEST(OutputDirTest, WriteFileAtomically) {
  testing::TempDir tmp;
  auto p = tmp.path() / "f.txt";
  ASSERT_TRUE(WriteFileAtomically(p, "hello").ok());
  ASSERT_TRUE(WriteFileAtomically(p, "world").ok());
  EXPECT_EQ(testing::ReadAll(p), "world");
  EXPECT_EQ(testing::CountEntries(tmp.path()), 1u);
  EXPECT_FALSE(WriteFileAtomically(tmp.path() / "no" / "dir.txt", "x").ok());
}

}  // namespace
}  // namespace jobimpact::store
