#include "jobimpact/report/report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "jobimpact/base/number_format.h"
#include "test_util.h"

namespace jobimpact::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(NumberFormatTest, GroupedAndSignificant) {
  EXPECT_EQ(FormatGrouped(2232310.4), "2,232,310");
  EXPECT_EQ(FormatGrouped(-1234.56, 1), "-1,234.6");
  EXPECT_EQ(FormatGrouped(999), "999");
  EXPECT_EQ(FormatGrouped(-0.2), "0");
  EXPECT_EQ(FormatSignificant(3148.9), "3149");
  EXPECT_EQ(FormatSignificant(76.698), "76.7");
  EXPECT_EQ(FormatSignificant(0.071514), "0.0715");
  EXPECT_EQ(FormatSignificant(-0.0004), "-0.000400");
  EXPECT_EQ(FormatSignificant(0), "0");
  EXPECT_EQ(FormatSignificant(99.98), "100");
  EXPECT_EQ(FormatSignificant(0.09996), "0.100");
  EXPECT_EQ(FormatQuantity(2232310.4), "2,232,310");
  EXPECT_EQ(FormatQuantity(0.071514), "0.07151");
  EXPECT_EQ(FormatQuantity(312.527), "312.5");
}

TEST(ReportTest, DisplayUnits) {
  results::ResultRow r;
  r.indicator = "jobs_total";
  r.unit = "jobs";
  r.estimate = 29626000;
  EXPECT_EQ(DisplayValue(r), "2963万 jobs");
  r.estimate = 76698;
  EXPECT_EQ(DisplayValue(r), "7.67万 jobs");
  r.unit = "yuan";
  r.estimate = 1.1301e12;
  EXPECT_EQ(DisplayValue(r), "11301亿 yuan");
  r.indicator = "growth_yoy";
  r.unit = "ratio";
  r.estimate = 0.2438;
  EXPECT_EQ(DisplayValue(r), "24.4%");
  // Shares display as the indicator table says.
  r.indicator = "jobs_share";
  r.estimate = 0.0150;
  EXPECT_EQ(DisplayValue(r), "1.50%");
  r.indicator = "total_consumption_coefficient";
  r.estimate = 0.5;
  EXPECT_EQ(DisplayValue(r), "0.5000");
  r.indicator = "not_in_the_table";
  EXPECT_EQ(DisplayValue(r), "0.5000");
}

TEST(ReportTest, LanguageParsingAndDefault) {
  EXPECT_EQ(ParseLanguage("zh"), Language::kZh);
  EXPECT_EQ(ParseLanguage("en"), Language::kEn);
  EXPECT_FALSE(ParseLanguage("fr").has_value());
  results::RunInfo info;
  info.country = "CN";
  EXPECT_EQ(DefaultLanguage(info), Language::kZh);
  info.country = "DE";
  EXPECT_EQ(DefaultLanguage(info), Language::kEn);
  ReportOptions opt;
  opt.top_n = 0;
  EXPECT_FALSE(opt.Validate().ok());
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
      *t, {"Title <x>", "WeChat", "s.toml", {"note & more"}, {}, {}, "CN"}, {});
  EXPECT_THAT(html, HasSubstr("<title>Title &lt;x&gt; — jobimpact</title>"));
  EXPECT_THAT(html, HasSubstr("3684万"));
  EXPECT_THAT(html, HasSubstr("a &lt;b&gt; &amp; c"));
  EXPECT_THAT(html, HasSubstr("<li>note &amp; more</li>"));
  EXPECT_THAT(html, Not(HasSubstr("a <b> & c")));
  // A figure without an interval says so instead of drawing a whisker.
  EXPECT_THAT(html, HasSubstr("无区间"));
  EXPECT_THAT(RenderTextSummary(*t), HasSubstr("jobs_total"));
}

// A small study's figures: components, provinces, a breakdown, a crossed
// breakdown, consumption, all with intervals.
std::vector<study::Figure> SmallStudy() {
  std::vector<study::Figure> out;
  auto add = [&out](std::string ind, std::string comp, std::string dt,
                    std::string dom, double v, std::string unit,
                    std::optional<survey::QualityFlag> q) {
    study::Figure f;
    f.indicator = std::move(ind);
    f.component = std::move(comp);
    f.domain_type = std::move(dt);
    f.domain = std::move(dom);
    f.year = 2020;
    f.estimate = v;
    f.se = v / 20;
    f.ci_low = v * 0.9;
    f.ci_high = v * 1.1;
    f.level = 0.95;
    f.n = 400;
    f.unit = std::move(unit);
    f.method =
        "ratio; se: survey s (declared design): Taylor linearization; "
        "t(300) interval 95%";
    f.quality = q;
    out.push_back(std::move(f));
  };
  using Q = survey::QualityFlag;
  add("jobs_direct", "", "", "", 3e6, "jobs", Q::kA);
  add("jobs_indirect", "", "", "", 1e6, "jobs", Q::kA);
  add("jobs_total", "", "", "", 4e6, "jobs", Q::kA);
  add("jobs_direct", "pay", "", "", 1e6, "jobs", Q::kA);
  add("jobs_direct", "dev", "", "", 2e6, "jobs", Q::kB);
  add("jobs_fulltime", "pay", "", "", 6e5, "jobs", Q::kA);
  add("jobs_parttime", "pay", "", "", 4e5, "jobs", Q::kA);
  add("jobs_share", "pay", "province", "广东", 0.6, "ratio", Q::kA);
  add("jobs_share", "pay", "province", "北京", 0.3, "ratio", Q::kE);
  add("jobs_share", "pay", "province", "西藏", 0.1, "ratio", Q::kSuppressed);
  add("jobs_share", "pay", "gender", "female", 0.4, "ratio", Q::kA);
  add("jobs_share", "pay", "gender", "male", 0.6, "ratio", Q::kA);
  add("jobs_share_within", "pay", "insured|age_band", "no|18-24", 0.7, "ratio",
      Q::kB);
  add("jobs_share_within", "pay", "insured|age_band", "yes|18-24", 0.3, "ratio",
      Q::kC);
  add("consumption", "", "category", "food", 5e10, "yuan", Q::kA);
  add("consumption", "", "category", "travel", 2e10, "yuan", Q::kA);
  return out;
}

results::RunInfo SmallInfo() {
  return {"Small <study>",
          "P",
          "s.toml",
          {"note one"},
          {},
          {{"component", "pay", "支付", "payment"}},
          "CN"};
}

TEST(ReportTest, DocumentHasTheSectionsAndOneChartPerBlock) {
  auto t = results::ResultsTable::FromFigures(SmallStudy());
  ASSERT_TRUE(t.ok());
  for (Language lang : {Language::kZh, Language::kEn}) {
    ReportOptions opt;
    opt.language = lang;
    const std::string html = RenderHtml(*t, SmallInfo(), opt);
    for (int s = 1; s <= 8; ++s) {
      EXPECT_THAT(html, HasSubstr("<h2 id=\"s" + std::to_string(s) + "\">"))
          << "section " << s;
    }
    // One chart per block, each with a caption and a data table.
    const size_t blocks =
        testing::CountOccurrences(html, "<div class=\"block\">");
    EXPECT_EQ(testing::CountOccurrences(html, "<svg "), blocks);
    EXPECT_EQ(testing::CountOccurrences(html, "<figcaption>"), blocks);
    // Components, FT/PT, tile map (pay), gender, crossed, consumption.
    EXPECT_EQ(blocks, 6u);
    // Nothing is fetched: the only URL is the SVG namespace.
    std::regex url(R"((src|href)=\"(https?:)?//)");
    EXPECT_FALSE(std::regex_search(html, url));
    EXPECT_THAT(html, Not(HasSubstr("<script")));
    EXPECT_THAT(html, HasSubstr("@page{size:A4"));
  }
  ReportOptions en;
  en.language = Language::kEn;
  const std::string html_en = RenderHtml(*t, SmallInfo(), en);
  EXPECT_THAT(html_en, HasSubstr("<html lang=\"en\">"));
  EXPECT_THAT(html_en, HasSubstr("Headline figures"));
  EXPECT_THAT(html_en, HasSubstr("payment"));  // name_en in English.
  EXPECT_THAT(html_en, HasSubstr("Social insurance × Age band"));
  const std::string html_zh = RenderHtml(*t, SmallInfo(), {});
  EXPECT_THAT(html_zh, HasSubstr("<html lang=\"zh-CN\">"));
  EXPECT_THAT(html_zh, HasSubstr("主要数字"));
  EXPECT_THAT(html_zh, HasSubstr("支付"));
}

// Job measures besides headcount: one block in section 3 with headcount
// and each measure per component that has one; a measure a component lacks
// is "—" and the caption says why.
TEST(ReportTest, JobMeasuresNextToHeadcount) {
  std::vector<study::Figure> figures = SmallStudy();
  auto measure = [&](const char* indicator, const char* component, double v) {
    study::Figure f = figures[0];
    f.indicator = indicator;
    f.component = component;
    f.estimate = v;
    f.ci_low = v * 0.9;
    f.ci_high = v * 1.1;
    figures.push_back(f);
  };
  measure("jobs_fte", "pay", 8e5);
  measure("jobs_fte", "dev", 1.5e6);
  measure("jobs_fte", "", 2.3e6);
  measure("jobs_main_income", "dev", 1.2e6);
  auto t = results::ResultsTable::FromFigures(figures);
  ASSERT_TRUE(t.ok());
  ReportOptions en;
  en.language = Language::kEn;
  const std::string html = RenderHtml(*t, SmallInfo(), en);
  const size_t at = html.find(
      "<h3>Headcount, full-time equivalents, main-income and active jobs");
  ASSERT_NE(at, std::string::npos);
  EXPECT_LT(at, html.find("<h2 id=\"s4\">"));
  const std::string block = html.substr(at, html.find("</figure>", at) - at);
  // Ecosystem, pay, dev x (headcount, FTE, main income): 3 + 3 + 2 marks
  // with a whisker, the ecosystem's and pay's main income absent.
  EXPECT_EQ(testing::CountOccurrences(block, "class=\"whisker"), 7u);
  EXPECT_THAT(block, HasSubstr("not surveyed for that component"));
  EXPECT_THAT(block, HasSubstr("full-time equivalent jobs"));
}

// Total intervals on the cards and in the data tables, and the tornado table
// of the study-wide figures, largest swing first.
TEST(ReportTest, TotalIntervalsAndTornadoTable) {
  std::vector<study::Figure> figures = SmallStudy();
  study::Figure net = figures[0];
  net.indicator = "jobs_net";
  net.estimate = 2e6;
  net.ci_low = 1.9e6;
  net.ci_high = 2.1e6;
  net.total_ci_low = 1.5e6;
  net.total_ci_high = 2.6e6;
  figures.push_back(net);
  auto t = results::ResultsTable::FromFigures(figures);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  results::RunInfo info = SmallInfo();
  info.sensitivity = {
      {"jobs_net", "", "", "", 2020, "net.deadweight", 0.1, 0.3, 2.25e6, 1.75e6,
       0.2},
      {"jobs_net", "", "", "", 2020, "net.displacement", 0.15, 0.45, 2.4e6,
       1.6e6, 0.7},
      {"jobs_net", "", "", "", 2020, "sampling", std::nullopt, std::nullopt,
       1.9e6, 2.1e6, 0.1},
      {"jobs_net", "pay", "", "", 2020, "net.deadweight", 0.1, 0.3, 1, 2, 1}};
  ReportOptions en;
  en.language = Language::kEn;
  const std::string html = RenderHtml(*t, info, en);
  EXPECT_THAT(html, HasSubstr("with assumptions 95% [150万, 260万]"));
  const size_t at = html.find("Sources of uncertainty (tornado table)");
  ASSERT_NE(at, std::string::npos);
  EXPECT_LT(at, html.find("<h2 id=\"s2\">"));
  const std::string table = html.substr(at, html.find("</table>", at) - at);
  EXPECT_LT(table.find("net.displacement"), table.find("net.deadweight"));
  EXPECT_THAT(table, HasSubstr("70.0%"));
  EXPECT_THAT(table, HasSubstr("sampling error (interval ends)"));
  EXPECT_EQ(testing::CountOccurrences(table, "<tr><td>"), 3u)
      << "only the study-wide figures";
  // Without ranged assumptions, no table.
  EXPECT_EQ(RenderHtml(*t, SmallInfo(), en).find("tornado"), std::string::npos);
  EXPECT_THAT(RenderTextSummary(*t), HasSubstr("total 95% [150万, 260万]"));
}

TEST(ReportTest, SummaryParagraphIsMadeFromTheFigures) {
  auto t = results::ResultsTable::FromFigures(SmallStudy());
  ASSERT_TRUE(t.ok());
  ReportOptions en;
  en.language = Language::kEn;
  const std::string html = RenderHtml(*t, SmallInfo(), en);
  EXPECT_THAT(html, HasSubstr("In 2020, the P ecosystem accounted for 400万 "
                              "(95% [360万, 440万]) jobs: 300万 (95% [270万, "
                              "330万]) direct and 100万 (95% [90.0万, 110万]) "
                              "indirect."));
  EXPECT_THAT(html, HasSubstr("The largest component is dev (200万, 66.7%)."));
}

// Quality flags: E is muted, F and S are withheld everywhere in the
// document (their numbers stay in results.csv); the terminal summary shows
// the interval and the flag.
TEST(ReportTest, QualityFlagsMuteAndWithhold) {
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
      {"T", "P", "s.toml", {}, {}, {{"component", "c", "支付", "payment"}}, ""},
      {});
  EXPECT_THAT(html, HasSubstr("<tr class=\"caution\">"));
  EXPECT_THAT(html, HasSubstr("1111万"));
  EXPECT_THAT(html, Not(HasSubstr("2222万")));
  EXPECT_THAT(html, Not(HasSubstr("3333万")));
  EXPECT_THAT(html, HasSubstr("<tr class=\"withheld\">"));
  EXPECT_THAT(html, HasSubstr("title=\"样本过少，不予发布 / too few "
                              "respondents to be published\">S</span>"));
  const std::string text = RenderTextSummary(*t);
  EXPECT_THAT(text, HasSubstr("3123万 jobs         95% [1562万, 4685万]  A "));
}

// Every domain of a map withheld: grey tiles, a top-N table of dashes, and
// no number of a withheld figure anywhere.
TEST(ReportTest, AllDomainsSuppressed) {
  std::vector<study::Figure> figs = SmallStudy();
  for (auto& f : figs) {
    if (f.domain_type != "province") continue;
    f.quality = survey::QualityFlag::kSuppressed;
    f.estimate += 0.013;
    f.ci_low = f.estimate * 0.9;
    f.ci_high = f.estimate * 1.1;
  }
  auto t = results::ResultsTable::FromFigures(figs);
  ASSERT_TRUE(t.ok());
  const std::string html = RenderHtml(*t, SmallInfo(), {});
  EXPECT_THAT(html, Not(HasSubstr("61.3%")));
  EXPECT_THAT(html, Not(HasSubstr("31.3%")));
  EXPECT_THAT(html, Not(HasSubstr("11.3%")));
  EXPECT_THAT(html, HasSubstr("fill=\"#f5f7fa\""));  // Grey tiles.
}

}  // namespace
}  // namespace jobimpact::report
