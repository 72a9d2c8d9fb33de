#include "jobimpact/table/table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

namespace jobimpact::table {
namespace {

TEST(TableTest, ColumnsAndLookup) {
  Table t("src.csv");
  ASSERT_TRUE(t.AddColumn(Column::Doubles("x", {1, std::nan(""), 3})).ok());
  ASSERT_TRUE(
      t.AddColumn(Column::Strings("s", {"a", "", "c"}, {0, 1, 0})).ok());
  EXPECT_EQ(t.num_rows(), 3u);
  EXPECT_TRUE(t.Find("x")->IsMissing(1));
  EXPECT_TRUE(t.Find("s")->IsMissing(1));
  EXPECT_EQ(t.Find("x")->CellText(2), "3");
  EXPECT_EQ(t.Find("s")->CellText(0), "a");
  auto missing = t.Get("y");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(
      missing.status().message(),
      ::testing::HasSubstr("no column \"y\" (columns are: \"x\", \"s\")"));
}

TEST(TableTest, RejectsDuplicateAndMismatchedColumns) {
  Table t("src.csv");
  ASSERT_TRUE(t.AddColumn(Column::Doubles("x", {1, 2})).ok());
  EXPECT_FALSE(t.AddColumn(Column::Doubles("x", {1, 2})).ok());
  EXPECT_FALSE(t.AddColumn(Column::Doubles("y", {1})).ok());
}

TEST(TableTest, LineOfRowDefaultsAndOverrides) {
  Table t("src.csv");
  ASSERT_TRUE(t.AddColumn(Column::Doubles("x", {1, 2})).ok());
  EXPECT_EQ(t.LineOfRow(1), 3);
  t.SetRowLines({2, 7});
  EXPECT_EQ(t.LineOfRow(1), 7);
}

TEST(TableTest, TextColumnsHoldEachDistinctValueOnceInFirstAppearanceOrder) {
  Column c = Column::Strings("p", {"北京", "上海", "北京", "", "云南"},
                             {0, 0, 0, 1, 0});
  EXPECT_THAT(c.levels(), ::testing::ElementsAre("北京", "上海", "云南"));
  EXPECT_THAT(c.codes(),
              ::testing::ElementsAre(0, 1, 0, Column::kMissingCode, 2));
  EXPECT_EQ(c.text(2), "北京");
  EXPECT_EQ(c.text(3), "");
  EXPECT_TRUE(c.IsMissing(3));
  EXPECT_EQ(c.CellText(4), "云南");
}

TEST(TableTest, LevelIndexInternsAndFindsAcrossGrowth) {
  LevelIndex index;
  for (int i = 0; i < 10000; ++i) {
    ASSERT_EQ(index.Intern("v" + std::to_string(i)), i);
  }
  for (int i = 0; i < 10000; i += 7) {
    ASSERT_EQ(index.Intern("v" + std::to_string(i)), i);
    ASSERT_EQ(index.Find("v" + std::to_string(i)), i);
  }
  EXPECT_EQ(index.Find("absent"), Column::kMissingCode);
  EXPECT_EQ(index.Intern(""), 10000);
  std::vector<std::string> levels = index.TakeLevels();
  EXPECT_EQ(levels.size(), 10001u);
  EXPECT_EQ(levels[42], "v42");
  EXPECT_EQ(index.size(), 0u);
}

TEST(TableTest, ManyColumnsAreIndexedByName) {
  Table t("wide.csv");
  for (int i = 0; i < 50000; ++i) {
    ASSERT_TRUE(
        t.AddColumn(Column::Doubles("c" + std::to_string(i), {1.0})).ok());
  }
  ASSERT_NE(t.Find("c49999"), nullptr);
  EXPECT_EQ(t.Find("c123")->name(), "c123");
  EXPECT_EQ(t.Find("c50000"), nullptr);
  EXPECT_FALSE(t.AddColumn(Column::Doubles("c7", {2.0})).ok());
}

TEST(TableTest, DisplayNameShowsTheVariableLabel) {
  Column c = Column::Doubles("q7", {1});
  EXPECT_EQ(c.DisplayName(), "q7");
  c.set_label("月收入");
  EXPECT_EQ(c.DisplayName(), "q7 (月收入)");
}

}  // namespace
}  // namespace jobimpact::table
