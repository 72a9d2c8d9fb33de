// The component-kind table: every kind is reachable by its name, its roles
// are consistent, and the per-unit formula texts follow the roles.
#include "jobimpact/study/component_kind.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

namespace jobimpact::study {
namespace {

TEST(ComponentKindTest, EveryKindHasOneEntryAndParsesByName) {
  std::set<std::string_view> names;
  for (const ComponentKindInfo& k : ComponentKinds()) {
    EXPECT_TRUE(names.insert(k.name).second) << k.name;
    ASSERT_EQ(ParseComponentKind(k.name), k.kind) << k.name;
    EXPECT_EQ(&KindInfo(k.kind), &k);
    EXPECT_EQ(ComponentKindName(k.kind), k.name);
    // A survey-based kind reads at least one role; a published one none.
    EXPECT_EQ(k.survey_based, !k.jobs_roles.empty()) << k.name;
    for (const FullTimeRole& f : k.fulltime_roles) {
      EXPECT_EQ(IsKindShareRole(f.role), f.is_share) << f.role;
      EXPECT_FALSE(f.meaning.empty()) << f.role;
    }
  }
  EXPECT_EQ(ParseComponentKind("provider"), std::nullopt);
  EXPECT_EQ(ComponentKindChoices(),
            "\"service_provider\", \"operator\" or \"aggregate\"");
}

TEST(ComponentKindTest, NumericAndShareRoles) {
  const std::vector<std::string> roles = KindNumericRoles();
  EXPECT_EQ(
      std::set<std::string>(roles.begin(), roles.end()),
      (std::set<std::string>{"employees", "platform_share", "fulltime_share",
                             "staff", "fulltime_staff", "hours_per_week",
                             "active_days", "main_income"}));
  EXPECT_EQ(roles.size(), 8u) << "each role once";
  EXPECT_TRUE(IsKindShareRole("platform_share"));
  EXPECT_TRUE(IsKindShareRole("main_income"));
  EXPECT_FALSE(IsKindShareRole("employees"));
  EXPECT_FALSE(IsKindShareRole("fulltime_staff"));
  EXPECT_FALSE(IsKindShareRole("hours_per_week"));
  ASSERT_NE(FindMeasureRole("hours_per_week"), nullptr);
  EXPECT_EQ(FindMeasureRole("hours_per_week")->max, 168);
  EXPECT_EQ(FindMeasureRole("staff"), nullptr);
}

TEST(ComponentKindTest, UnitFormulaTexts) {
  const ComponentKindInfo& p = KindInfo(ComponentKind::kServiceProvider);
  const FullTimeRole* share = &p.fulltime_roles.at(0);
  EXPECT_EQ(UnitFormulaText(p, UnitMeasure::kJobs, share),
            "employees * platform_share");
  EXPECT_EQ(UnitFormulaText(p, UnitMeasure::kFullTime, share),
            "employees * platform_share * fulltime_share");
  EXPECT_EQ(UnitFormulaText(p, UnitMeasure::kPartTime, share),
            "employees * platform_share * (1 - fulltime_share)");
  const ComponentKindInfo& o = KindInfo(ComponentKind::kOperator);
  const FullTimeRole* count = &o.fulltime_roles.at(0);
  ASSERT_FALSE(count->is_share);
  EXPECT_EQ(UnitFormulaText(o, UnitMeasure::kFullTime, count),
            "fulltime_staff");
  EXPECT_EQ(UnitFormulaText(o, UnitMeasure::kPartTime, count),
            "staff - fulltime_staff");
}

}  // namespace
}  // namespace jobimpact::study
