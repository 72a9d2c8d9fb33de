// Component kinds as data: one table entry per kind says which survey roles
// it reads, how a unit's jobs and full-time jobs are formed from them, which
// roles are shares, and the words its method text uses. Loading (required
// roles, exclusive roles), reading (numeric roles), validation (shares,
// counts) and estimation (per-unit values, method text) all read the table,
// so a new kind is one entry in component_kind.cc and its tests.
#ifndef JOBIMPACT_STUDY_COMPONENT_KIND_H_
#define JOBIMPACT_STUDY_COMPONENT_KIND_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jobimpact::study {

// kAggregate: a published figure that mixes kinds (e.g. "direct jobs except
// mini-programs"); allowed only for published components.
enum class ComponentKind { kServiceProvider, kOperator, kAggregate };

// One way a survey records a unit's full-time jobs.
struct FullTimeRole {
  std::string_view role;
  // true: a share of the unit's jobs (full-time = jobs x role, role in
  // [0, 1]); false: a count (full-time = role, at most the unit's jobs).
  bool is_share = true;
  std::string_view
      meaning;  // In messages: "full-time share", "full-time staff".
};

struct ComponentKindInfo {
  ComponentKind kind;
  std::string_view name;   // As written in study files: "service_provider".
  std::string_view label;  // In method texts: "service-provider".
  bool survey_based = true;
  // A unit's jobs: the product of these numeric roles (all required).
  std::vector<std::string_view> jobs_roles;
  std::string_view jobs_meaning;  // What that product is: "platform staff".
  // Optional full-time split; a survey maps at most one of these.
  std::vector<FullTimeRole> fulltime_roles;
  // Roles that are shares in [0, 1].
  std::vector<std::string_view> share_roles;
};

// Every kind, in declaration order.
const std::vector<ComponentKindInfo>& ComponentKinds();
const ComponentKindInfo& KindInfo(ComponentKind kind);
const char* ComponentKindName(ComponentKind kind);
// The kind written `name` in a study file, or nullopt.
std::optional<ComponentKind> ParseComponentKind(std::string_view name);
// "\"service_provider\", \"operator\" or \"aggregate\"", for messages.
std::string ComponentKindChoices();

// Optional roles any survey-based kind may map, giving job measures besides
// headcount (study/config.h MeasuresSpec): one number per unit, applying to
// each of the unit's jobs, in [0, max].
struct MeasureRole {
  std::string_view role;     // "hours_per_week".
  double max;                // Largest valid value (168 hours a week).
  std::string_view meaning;  // In messages and method texts.
};
const std::vector<MeasureRole>& MeasureRoles();
// The entry of `role`, or nullptr.
const MeasureRole* FindMeasureRole(std::string_view role);

// Every role any kind reads as a number (with the measure roles), and every
// share role.
std::vector<std::string> KindNumericRoles();
bool IsKindShareRole(std::string_view role);

// The per-unit quantity a figure of a component estimates.
enum class UnitMeasure { kJobs, kFullTime, kPartTime };

// The per-unit formula in words, e.g. "employees * platform_share *
// (1 - fulltime_share)"; `fulltime` is the full-time role the survey maps
// (ignored for kJobs).
std::string UnitFormulaText(const ComponentKindInfo& kind, UnitMeasure measure,
                            const FullTimeRole* fulltime);

}  // namespace jobimpact::study

#endif  // JOBIMPACT_STUDY_COMPONENT_KIND_H_
