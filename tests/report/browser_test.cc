// The report in a real browser: Debian's headless Chromium (installed by
// scripts/install-deps.sh with fonts-noto-cjk) loads the demo report and a
// series report, prints them to PDF and takes screenshots, kept under the
// build directory (report-artifacts/) for a reviewer to look at.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "jobimpact/report/pdf.h"
#include "test_util.h"

namespace jobimpact::report {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

std::string Q(const fs::path& p) { return "'" + p.string() + "'"; }

// The build directory's report-artifacts/, kept after the test.
fs::path ArtifactDir() {
  fs::path dir = fs::path(JOBIMPACT_BINARY_DIR) / "report-artifacts";
  fs::create_directories(dir);
  return dir;
}

// A headless Chromium run on `page` with a fresh profile; returns its
// stdout (with --dump-dom, the DOM as the browser built it) and writes its
// log (console messages, network errors) to `log`.
testing::CommandResult Browse(const std::string& browser,
                              const fs::path& profile, const std::string& args,
                              const fs::path& page) {
  // Every host resolves to nothing: a request for anything outside the
  // file would show up in the log as a failed load.
  return testing::RunCommand(
      Q(browser) +
      " --headless --no-sandbox --disable-gpu --no-first-run "
      "--user-data-dir=" +
      Q(profile) +
      " --host-resolver-rules='MAP * ~NOTFOUND' --enable-logging=stderr "
      "--v=0 " +
      args + " 'file://" + page.string() + "'");
}

int PdfPages(const std::string& pdf) {
  std::regex page(R"(/Type\s*/Page[^s])");
  return static_cast<int>(
      std::distance(std::sregex_iterator(pdf.begin(), pdf.end(), page),
                    std::sregex_iterator()));
}

void CheckReport(const std::string& browser, const fs::path& out,
                 const std::string& name, int min_pages, int max_pages) {
  const fs::path html = out / "report.html";
  const std::string source = testing::ReadAll(html);
  testing::TempDir profile;
  auto dom = Browse(browser, profile.path(), "--dump-dom", html);
  ASSERT_EQ(dom.exit_code, 0) << dom.err;
  // Every chart and every mark the file holds is in the browser's DOM: the
  // SVGs parsed, nothing was dropped.
  const size_t svgs = testing::CountOccurrences(source, "<svg ");
  EXPECT_GT(svgs, 0u);
  EXPECT_EQ(testing::CountOccurrences(dom.out, "<svg "), svgs);
  EXPECT_EQ(testing::CountOccurrences(dom.out, "class=\"mark"),
            testing::CountOccurrences(source, "class=\"mark"));
  EXPECT_EQ(testing::CountOccurrences(dom.out, "class=\"whisker\""),
            testing::CountOccurrences(source, "class=\"whisker\""));
  // No console error and no network request.
  EXPECT_THAT(dom.err, Not(HasSubstr("CONSOLE"))) << dom.err;
  EXPECT_THAT(dom.err, Not(HasSubstr("ERR_NAME_NOT_RESOLVED")));
  EXPECT_THAT(dom.err, Not(HasSubstr("net::ERR")));
  // Printed on A4, with the CJK text set in Noto CJK (not tofu: the font
  // the browser used is embedded in the PDF).
  const std::string pdf = testing::ReadAll(out / "report.pdf");
  ASSERT_EQ(pdf.substr(0, 5), "%PDF-");
  const int pages = PdfPages(pdf);
  EXPECT_GE(pages, min_pages) << name;
  EXPECT_LE(pages, max_pages) << name;
  EXPECT_THAT(pdf, HasSubstr("NotoSansCJK")) << "no Noto CJK font embedded";
  // A4 is 595.3 x 841.9 pt; Chromium rounds to its own units.
  EXPECT_THAT(pdf, HasSubstr("/MediaBox [0 0 594.9")) << "not A4";
  auto shot = Browse(browser, profile.path(),
                     "--hide-scrollbars --window-size=1280,2400 --screenshot=" +
                         Q(ArtifactDir() / (name + ".png")),
                     html);
  EXPECT_EQ(shot.exit_code, 0) << shot.err;
  EXPECT_TRUE(fs::exists(ArtifactDir() / (name + ".png")));
}

TEST(BrowserTest, DemoAndSeriesReportsRenderInChromium) {
  auto browser = FindChromium(PdfOptions{});
  ASSERT_TRUE(browser.ok())
      << browser.status().message()
      << " (make test installs it through scripts/install-deps.sh)";
  testing::TempDir dir;
  auto demo = testing::RunCli(
      "run " + Q(testing::SourcePath("examples/default/series.toml")) +
      " --out " + Q(dir.path() / "demo") + " --pdf");
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  // The demo (`make demo`: the default series 2019-2020) has one tile map
  // for the ecosystem and one per component, two stacked columns of direct
  // and indirect jobs, and growth by region.
  const std::string html =
      testing::ReadAll(dir.path() / "demo" / "report.html");
  EXPECT_EQ(testing::CountOccurrences(html, "class=\"mark tile\""), 34u * 7);
  EXPECT_THAT(html, HasSubstr("2020年同比增长：按地区"));
  EXPECT_THAT(html, Not(HasSubstr("<p>本研究只有一个年份")));
  CheckReport(*browser, dir.path() / "demo", "demo-zh", 40, 150);
  auto en = testing::RunCli("report " + Q(dir.path() / "demo") + " --out " +
                            Q(dir.path() / "demo-en") + " --lang en --pdf");
  ASSERT_EQ(en.exit_code, 0) << en.err;
  EXPECT_THAT(testing::ReadAll(dir.path() / "demo-en" / "report.html"),
              HasSubstr("<html lang=\"en\">"));
  CheckReport(*browser, dir.path() / "demo-en", "demo-en", 40, 150);
  auto series = testing::RunCli(
      "run " + Q(testing::SourcePath("examples/wechat-series/series.toml")) +
      " --out " + Q(dir.path() / "series") + " --pdf");
  ASSERT_EQ(series.exit_code, 0) << series.err;
  CheckReport(*browser, dir.path() / "series", "series-zh", 3, 30);
}

}  // namespace
}  // namespace jobimpact::report
