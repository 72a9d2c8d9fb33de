#include "jobimpact/study/component_kind.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>

namespace jobimpact::study {

const std::vector<ComponentKindInfo>& ComponentKinds() {
  // docs/method.md §1 states each formula: the service-provider formula
  // (platform staff of surveyed firms) and the operator formula (dev+ops
  // staff of surveyed accounts), each expanded to the official count N.
  static const std::vector<ComponentKindInfo> kinds = {
      {.kind = ComponentKind::kServiceProvider,
       .name = "service_provider",
       .label = "service-provider",
       .survey_based = true,
       .jobs_roles = {"employees", "platform_share"},
       .jobs_meaning = "platform staff",
       .fulltime_roles = {{"fulltime_share", true, "full-time share"}},
       .share_roles = {"platform_share", "fulltime_share"}},
      {.kind = ComponentKind::kOperator,
       .name = "operator",
       .label = "operator",
       .survey_based = true,
       .jobs_roles = {"staff"},
       .jobs_meaning = "dev+ops staff",
       // N/n*sum(staff)*(sum(ft)/sum(staff)) reduces to N/n*sum(ft), so the
       // reports' "jobs x full-time share" is the same ratio estimator as a
       // per-unit count.
       .fulltime_roles = {{"fulltime_staff", false, "full-time staff"},
                          {"fulltime_share", true, "full-time share"}},
       .share_roles = {"fulltime_share"}},
      {.kind = ComponentKind::kAggregate,
       .name = "aggregate",
       .label = "aggregate",
       .survey_based = false,
       .jobs_roles = {},
       .jobs_meaning = "published jobs",
       .fulltime_roles = {},
       .share_roles = {}},
  };
  return kinds;
}

const ComponentKindInfo& KindInfo(ComponentKind kind) {
  for (const auto& k : ComponentKinds()) {
    if (k.kind == kind) return k;
  }
  assert(false && "every ComponentKind has a table entry");
  return ComponentKinds().front();
}

const char* ComponentKindName(ComponentKind kind) {
  return KindInfo(kind).name.data();
}

std::optional<ComponentKind> ParseComponentKind(std::string_view name) {
  for (const auto& k : ComponentKinds()) {
    if (k.name == name) return k.kind;
  }
  return std::nullopt;
}

std::string ComponentKindChoices() {
  const auto& kinds = ComponentKinds();
  std::string out;
  for (size_t i = 0; i < kinds.size(); ++i) {
    if (i > 0) out += i + 1 == kinds.size() ? " or " : ", ";
    out += fmt::format("\"{}\"", kinds[i].name);
  }
  return out;
}

const std::vector<MeasureRole>& MeasureRoles() {
  static const std::vector<MeasureRole> roles = {
      {"hours_per_week", 168, "hours a week worked per job"},
      {"active_days", 366, "days active in the year"},
      // 1 = the platform work is its workers' main income, 0 = not; a
      // fraction: the share of the unit's jobs for which it is.
      {"main_income", 1, "share of jobs that are the main income"},
  };
  return roles;
}

const MeasureRole* FindMeasureRole(std::string_view role) {
  for (const MeasureRole& m : MeasureRoles()) {
    if (m.role == role) return &m;
  }
  return nullptr;
}

std::vector<std::string> KindNumericRoles() {
  std::vector<std::string> roles;
  auto add = [&roles](std::string_view r) {
    if (std::find(roles.begin(), roles.end(), r) == roles.end()) {
      roles.emplace_back(r);
    }
  };
  for (const auto& k : ComponentKinds()) {
    for (auto r : k.jobs_roles) add(r);
    for (const auto& f : k.fulltime_roles) add(f.role);
  }
  for (const MeasureRole& m : MeasureRoles()) add(m.role);
  return roles;
}

bool IsKindShareRole(std::string_view role) {
  for (const auto& k : ComponentKinds()) {
    for (auto r : k.share_roles) {
      if (r == role) return true;
    }
  }
  const MeasureRole* m = FindMeasureRole(role);
  return m != nullptr && m->max == 1;
}

std::string UnitFormulaText(const ComponentKindInfo& kind, UnitMeasure measure,
                            const FullTimeRole* fulltime) {
  std::string jobs;
  for (auto r : kind.jobs_roles) {
    jobs += (jobs.empty() ? "" : " * ") + std::string(r);
  }
  if (measure == UnitMeasure::kJobs || fulltime == nullptr) return jobs;
  const std::string role(fulltime->role);
  if (!fulltime->is_share) {
    return measure == UnitMeasure::kFullTime ? role : jobs + " - " + role;
  }
  return measure == UnitMeasure::kFullTime ? jobs + " * " + role
                                           : jobs + " * (1 - " + role + ")";
}

}  // namespace jobimpact::study
