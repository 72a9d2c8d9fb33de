#include "jobimpact/table/csv_writer.h"

#include <gtest/gtest.h>

#include "jobimpact/table/csv_reader.h"

namespace jobimpact::table {
namespace {

TEST(CsvWriterTest, QuotesOnlyWhenNeededAndRoundTrips) {
  EXPECT_EQ(QuoteCsvField("plain 中文"), "plain 中文");
  EXPECT_EQ(QuoteCsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(QuoteCsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  const std::string tricky = "x, \"y\"\nz";
  auto t = ReadCsvString("h\n" + QuoteCsvField(tricky) + "\n", "t.csv", {});
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->Find("h")->text(0), tricky);
}

}  // namespace
}  // namespace jobimpact::table
