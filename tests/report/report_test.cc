#include "jobimpact/report/report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace jobimpact::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ReportTest, DisplayUnits) {
  results::ResultRow r;
  r.indicator = "jobs_total";
  r.unit = "jobs";
  r.estimate = 29626000;
  EXPECT_EQ(DisplayValue(r), "2962.6万 jobs");
  r.unit = "yuan";
  r.estimate = 1.1301e12;
  EXPECT_EQ(DisplayValue(r), "11301.0亿 yuan");
  r.indicator = "growth_yoy";
  r.unit = "ratio";
  r.estimate = 0.2438;
  EXPECT_EQ(DisplayValue(r), "24.4%");
  // Shares display as the indicator table says (jobs_share was shown as
  // 0.015 because only names starting "share" were taken for shares).
  r.indicator = "jobs_share";
  r.estimate = 0.0150;
  EXPECT_EQ(DisplayValue(r), "1.5%");
  r.indicator = "total_consumption_coefficient";
  r.estimate = 0.5;
  EXPECT_EQ(DisplayValue(r), "0.5");
  r.indicator = "not_in_the_table";
  EXPECT_EQ(DisplayValue(r), "0.5");
}

TEST(ReportTest, HtmlEscapesAndShowsHeadlinesAndNotes) {
  study::Figure f;
  f.indicator = "jobs_total";
  f.year = 2020;
  f.estimate = 36840000;
  f.unit = "jobs";
  f.method = "a <b> & c";
  auto t = results::ResultsTable::FromFigures({f});
  ASSERT_TRUE(t.ok());
  std::string html =
      RenderHtml(*t, {"Title <x>", "WeChat", "s.toml", {"note & more"}, {}});
  EXPECT_THAT(html, HasSubstr("<title>Title &lt;x&gt; — jobimpact</title>"));
  EXPECT_THAT(html, HasSubstr("3684.0万 jobs"));
  EXPECT_THAT(html, HasSubstr("a &lt;b&gt; &amp; c"));
  EXPECT_THAT(html, HasSubstr("<li>note &amp; more</li>"));
  EXPECT_THAT(html, Not(HasSubstr("<b>")));
  EXPECT_THAT(RenderTextSummary(*t), HasSubstr("jobs_total"));
}

}  // namespace
}  // namespace jobimpact::report
