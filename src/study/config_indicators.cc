// [[indicators]]: shares of units defined by an expression over the unit's
// column roles (study/config.h UnitIndicatorSpec, table/expression.h).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

#include "config_internal.h"
#include "jobimpact/table/expression.h"

namespace jobimpact::study::internal {
namespace {

bool HasRoles(const SurveySpec& s, const std::vector<std::string>& roles) {
  return std::all_of(roles.begin(), roles.end(), [&](const std::string& r) {
    return s.columns.count(r) > 0;
  });
}

// The roles of `survey` the expression names but the survey lacks, as an
// error at the first one's line and column.
Status CheckRoles(const table::Expression& e, const SurveySpec& survey,
                  const std::string& component, const std::string& where) {
  for (const auto& n : e.nodes()) {
    using Op = table::Expression::Node::Op;
    if ((n.op != Op::kName && n.op != Op::kIsMissing) ||
        survey.columns.count(n.text)) {
      continue;
    }
    std::string roles;
    for (const auto& [role, header] : survey.columns) {
      roles += (roles.empty() ? "" : ", ") + role;
    }
    return InvalidArgumentError(fmt::format(
        "{}{}:{}: unknown role \"{}\": component {} reads survey {}, whose "
        "roles are {}",
        where, n.line, n.column, n.text, component, survey.key, roles));
  }
  return Status::Ok();
}

Result<UnitIndicatorSpec> ParseOne(const TomlNode& node,
                                   const StudySpec& study) {
  JI_RETURN_IF_ERROR(
      node.CheckKeys({"id", "name", "name_en", "expression", "components"}));
  UnitIndicatorSpec u;
  JI_ASSIGN_OR_RETURN(u.id, node.GetString("id"));
  JI_ASSIGN_OR_RETURN(auto name, node.OptString("name"));
  u.name = name.value_or(u.id);
  JI_ASSIGN_OR_RETURN(auto name_en, node.OptString("name_en"));
  u.name_en = name_en.value_or("");
  JI_ASSIGN_OR_RETURN(u.expression, node.GetString("expression"));
  JI_ASSIGN_OR_RETURN(u.components, node.OptStringArray("components"));
  u.where = node.Where() + ".expression: ";
  auto e = table::Expression::Parse(u.expression);
  if (!e.ok()) return InvalidArgumentError(u.where + e.status().message());
  const std::vector<std::string> roles = e->Names();
  const bool listed = !u.components.empty();
  for (const ComponentSpec& c : study.components) {
    if (!c.survey_based()) continue;
    const bool named = std::find(u.components.begin(), u.components.end(),
                                 c.id) != u.components.end();
    const SurveySpec& s = study.surveys.at(c.survey);
    if (named) JI_RETURN_IF_ERROR(CheckRoles(*e, s, c.id, u.where));
    if (!listed && HasRoles(s, roles)) u.components.push_back(c.id);
  }
  for (const std::string& id : u.components) {
    const bool known = std::any_of(
        study.components.begin(), study.components.end(),
        [&](const ComponentSpec& c) { return c.id == id && c.survey_based(); });
    if (!known) {
      return node.ChildError(
          "components",
          fmt::format("\"{}\" is not a survey-based component", id));
    }
  }
  if (u.components.empty()) {
    return InvalidArgumentError(fmt::format(
        "{}no survey-based component's survey has every role the expression "
        "names ({})",
        u.where, fmt::join(roles, ", ")));
  }
  return u;
}

}  // namespace

Result<std::vector<UnitIndicatorSpec>> ParseUnitIndicators(
    const TomlNode& root, const StudySpec& study) {
  JI_ASSIGN_OR_RETURN(auto nodes, root.ArrayOfTables("indicators"));
  std::vector<UnitIndicatorSpec> out;
  std::set<std::string> ids;
  for (const auto& node : nodes) {
    JI_ASSIGN_OR_RETURN(UnitIndicatorSpec u, ParseOne(node, study));
    if (!ids.insert(u.id).second) {
      return node.ChildError("id", "duplicate indicator id \"" + u.id + "\"");
    }
    out.push_back(std::move(u));
  }
  return out;
}

}  // namespace jobimpact::study::internal
