// The bundled default study: its committed data are exactly what the
// generator writes, and it runs end to end.
#include <gtest/gtest.h>

#include "jobimpact/study/model.h"
#include "test_util.h"

namespace jobimpact {
namespace {

TEST(DefaultStudyTest, CommittedDataMatchTheGenerator) {
  testing::TempDir dir;
  auto r = testing::RunCommand(std::string("'") + JOBIMPACT_MAKE_DEFAULT_STUDY +
                               "' '" + dir.path().string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* f : {"providers.csv", "operators.csv", "consumers.csv"}) {
    EXPECT_EQ(testing::ReadAll(dir.path() / f),
              testing::ReadAll(testing::SourcePath(
                  std::string("examples/default/data/") + f)))
        << f << " differs: run make_default_study examples/default/data";
  }
}

TEST(DefaultStudyTest, RunsFromMicrodataToEveryIndicator) {
  auto spec =
      study::LoadStudy(testing::SourcePath("examples/default/study.toml"));
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  auto run = study::RunStudy(*spec);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  for (const char* ind :
       {"jobs_direct", "jobs_fulltime", "jobs_parttime", "jobs_indirect",
        "jobs_total", "output_direct", "output_indirect"}) {
    const study::Figure* f = study::FindFigure(run->figures, ind, 2020);
    ASSERT_NE(f, nullptr) << ind;
    EXPECT_GT(f->estimate, 0) << ind;
  }
  const study::Figure* direct =
      study::FindFigure(run->figures, "jobs_direct", 2020);
  EXPECT_EQ(*direct->n, 600 + 800) << "all survey rows are used";
  double by_region = 0;
  for (const char* r : {"East", "Central", "West"}) {
    by_region +=
        study::FindFigure(run->figures, "jobs_direct", 2020, "", "region", r)
            ->estimate;
  }
  EXPECT_NEAR(by_region, direct->estimate, 1e-6 * direct->estimate);
}

}  // namespace
}  // namespace jobimpact
