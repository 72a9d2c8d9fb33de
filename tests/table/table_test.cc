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

}  // namespace
}  // namespace jobimpact::table
