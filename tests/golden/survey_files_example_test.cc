// examples/survey-files: the default study with its surveys as an Excel
// workbook, an SPSS file and a Stata file, each with missing answers. What
// the missing answers do not touch must equal the default study's figures.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobimpact/study/model.h"
#include "test_util.h"

namespace jobimpact {
namespace {

using ::testing::HasSubstr;

Result<study::StudyRun> RunExample(const std::string& example) {
  auto spec = study::LoadStudy(
      testing::SourcePath("examples/" + example + "/study.toml"));
  if (!spec.ok()) return spec.status();
  return study::RunStudy(*spec);
}

const study::Figure* Find(const study::StudyRun& run, const std::string& ind,
                          const std::string& component,
                          const std::string& type = "",
                          const std::string& domain = "") {
  return study::FindFigure(run.figures, ind, 2020, component, type, domain);
}

TEST(SurveyFilesExampleTest, MissingAnswersChangeOnlyWhatNeedsThem) {
  auto files = RunExample("survey-files");
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  auto csv = RunExample("default");
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  // Jobs need employees and platform shares, which no row lacks.
  for (const char* c : {"payment", "enterprise_messaging", "official_accounts",
                        "mini_programs", "short_video"}) {
    const study::Figure* a = Find(*csv, "jobs_direct", c);
    const study::Figure* b = Find(*files, "jobs_direct", c);
    ASSERT_TRUE(a && b) << c;
    EXPECT_EQ(b->estimate, a->estimate) << c;
    EXPECT_EQ(b->se, a->se) << c;
    EXPECT_EQ(b->n, a->n) << c;
  }
  // The split leaves out the providers without a full-time share.
  const study::Figure* ft = Find(*files, "jobs_fulltime", "payment");
  ASSERT_NE(ft, nullptr);
  EXPECT_LT(*ft->n, *Find(*files, "jobs_direct", "payment")->n);
  // Provinces left blank are a level of their own, listed last.
  const study::Figure* blank =
      Find(*files, "jobs_direct", "payment", "province", "未回答 / no answer");
  ASSERT_NE(blank, nullptr);
  EXPECT_GT(blank->estimate, 0);
  // Refused education answers (SPSS user-missing 99) are the level
  // "拒答 / refused"; the others follow the declared order.
  std::vector<std::string> order;
  for (const auto& f : files->figures) {
    if (f.indicator == "jobs_direct" && f.component == "official_accounts" &&
        f.domain_type == "education") {
      order.push_back(f.domain);
    }
  }
  EXPECT_THAT(order, ::testing::ElementsAre("高中及以下", "大专", "本科",
                                            "研究生及以上", "拒答 / refused"));
  // Consumption: only entertainment has missing amounts.
  for (const char* cat : {"traffic", "catering", "shopping"}) {
    EXPECT_EQ(Find(*files, "consumption", "", "category", cat)->estimate,
              Find(*csv, "consumption", "", "category", cat)->estimate)
        << cat;
  }
  EXPECT_NE(
      Find(*files, "consumption", "", "category", "entertainment")->estimate,
      Find(*csv, "consumption", "", "category", "entertainment")->estimate);
  std::string notes;
  for (const auto& n : files->notes) notes += n + "\n";
  EXPECT_THAT(notes,
              HasSubstr("survey providers: column \"全职员工占比\" (role "
                        "fulltime_share): 51 of 2568 values missing; "
                        "policy exclude"));
  EXPECT_THAT(notes, HasSubstr("survey operators: column \"学历 (最高学历)\" "
                               "(role education): 126 of 7601 values "
                               "missing; policy level"));
  EXPECT_THAT(notes, HasSubstr("survey consumers: column \"文娱\" (role "
                               "entertainment): 127 of 5083 values missing"));
}

}  // namespace
}  // namespace jobimpact
