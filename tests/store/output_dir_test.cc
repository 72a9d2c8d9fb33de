#include "jobimpact/store/output_dir.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace jobimpact::store {
namespace {

TEST(OutputDirTest, CommitPublishesAndReplaces) {
  testing::TempDir tmp;
  auto dest = tmp.path() / "out";
  {
    auto d = AtomicOutputDir::Create(dest);
    ASSERT_TRUE(d.ok());
    ASSERT_TRUE(d->WriteFile("a.txt", "one").ok());
    EXPECT_FALSE(std::filesystem::exists(dest))
        << "nothing visible before commit";
    ASSERT_TRUE(d->Commit().ok());
  }
  EXPECT_EQ(testing::ReadAll(dest / "a.txt"), "one");
  {
    auto d = AtomicOutputDir::Create(dest);
    ASSERT_TRUE(d.ok());
    ASSERT_TRUE(d->WriteFile("b.txt", "two").ok());
    ASSERT_TRUE(d->Commit().ok());
  }
  EXPECT_FALSE(std::filesystem::exists(dest / "a.txt"));
  EXPECT_EQ(testing::ReadAll(dest / "b.txt"), "two");
  EXPECT_EQ(testing::CountEntries(tmp.path()), 1u) << "no temporary leftovers";
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
