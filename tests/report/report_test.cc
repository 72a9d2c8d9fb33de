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
  std::string html = RenderHtml(
      *t, {"Title <x>", "WeChat", "s.toml", {"note & more"}, {}, {}});
  EXPECT_THAT(html, HasSubstr("<title>Title &lt;x&gt; — jobimpact</title>"));
  EXPECT_THAT(html, HasSubstr("3684.0万 jobs"));
  EXPECT_THAT(html, HasSubstr("a &lt;b&gt; &amp; c"));
  EXPECT_THAT(html, HasSubstr("<li>note &amp; more</li>"));
  EXPECT_THAT(html, Not(HasSubstr("<b>")));
  EXPECT_THAT(RenderTextSummary(*t), HasSubstr("jobs_total"));
}

// Quality flags: E is greyed, F and S are withheld from the document (their
// numbers stay in results.csv); the terminal summary shows the interval and
// the flag.
TEST(ReportTest, QualityFlagsGreyAndWithhold) {
  auto fig = [](const std::string& domain, double estimate,
                survey::QualityFlag q) {
    study::Figure f;
    f.indicator = "jobs_direct";
    f.component = "c";
    f.domain_type = "province";
    f.domain = domain;
    f.year = 2020;
    f.estimate = estimate;
    f.se = estimate / 4;
    f.ci_low = estimate / 2;
    f.ci_high = estimate * 1.5;
    f.level = 0.95;
    f.n = 500;
    f.respondents = q == survey::QualityFlag::kSuppressed ? 3 : 100;
    f.unit = "jobs";
    f.method = "m";
    f.quality = q;
    return f;
  };
  study::Figure total = fig("", 31234567, survey::QualityFlag::kA);
  total.component = total.domain_type = total.domain = "";
  auto t = results::ResultsTable::FromFigures(
      {total, fig("甲", 11110000, survey::QualityFlag::kE),
       fig("乙", 22220000, survey::QualityFlag::kF),
       fig("丙", 33330000, survey::QualityFlag::kSuppressed)});
  ASSERT_TRUE(t.ok());
  const std::string html = RenderHtml(
      *t,
      {"T", "P", "s.toml", {}, {}, {{"component", "c", "支付", "payment"}}});
  EXPECT_THAT(html, HasSubstr("<td>支付<br><span class=\"method\">payment · "
                              "c</span></td>"));
  EXPECT_THAT(html, HasSubstr("<tr class=\"caution\">"));
  EXPECT_THAT(html, HasSubstr("1111.0万 jobs"));
  EXPECT_THAT(html, Not(HasSubstr("2222.0万 jobs")));
  EXPECT_THAT(html, Not(HasSubstr("3333.0万 jobs")));
  EXPECT_THAT(html, HasSubstr("<tr class=\"withheld\">"));
  EXPECT_THAT(html,
              HasSubstr("title=\"样本过少，不予发布 / too few respondents "
                        "to be published\">S</span>"));
  const std::string text = RenderTextSummary(*t);
  EXPECT_THAT(text,
              HasSubstr("3123.5万 jobs     95% [1561.7万, 4685.2万]  A "));
}

}  // namespace
}  // namespace jobimpact::report
