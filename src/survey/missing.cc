#include "jobimpact/survey/missing.h"

#include <fmt/format.h>

#include <array>

namespace jobimpact::survey {
namespace {

constexpr std::array<MissingPolicyInfo, 3> kPolicies = {{
    {MissingPolicy::kFail, "fail",
     "a missing value is an error naming its rows"},
    {MissingPolicy::kExclude, "exclude",
     "a row missing a value is left out of the estimates that need it (its "
     "weight there is zero; it keeps its place in the design; R survey's "
     "na.rm = TRUE)"},
    {MissingPolicy::kLevel, "level",
     "breakdowns: a missing value is a level of its own"},
}};

}  // namespace

std::span<const MissingPolicyInfo> MissingPolicies() { return kPolicies; }

const MissingPolicyInfo& MissingPolicyInfoOf(MissingPolicy policy) {
  for (const auto& p : kPolicies) {
    if (p.policy == policy) return p;
  }
  return kPolicies[0];
}

Result<MissingPolicy> ParseMissingPolicy(std::string_view name) {
  for (const auto& p : kPolicies) {
    if (p.name == name) return p.policy;
  }
  return InvalidArgumentError(fmt::format(
      "unknown missing-value policy \"{}\" (expected fail, exclude or level)",
      name));
}

std::vector<size_t> MissingRows(const table::Column& column) {
  std::vector<size_t> rows;
  for (size_t i = 0; i < column.size(); ++i) {
    if (column.IsMissing(i)) rows.push_back(i);
  }
  return rows;
}

Status MissingValuesError(const table::Table& table, const std::string& column,
                          const std::string& what,
                          const std::vector<size_t>& rows, MissingUse use) {
  std::string lines;
  for (size_t k = 0; k < rows.size() && k < kMaxRowsNamed; ++k) {
    if (!lines.empty()) lines += ", ";
    lines += std::to_string(table.LineOfRow(rows[k]));
  }
  if (rows.size() > kMaxRowsNamed) {
    lines += fmt::format(" and {} more", rows.size() - kMaxRowsNamed);
  }
  const table::Column* c = table.Find(column);
  const std::string name = c != nullptr ? c->DisplayName() : column;
  return InvalidArgumentError(fmt::format(
      "{}: column \"{}\"{}: {} missing value{} (row{} {}); policy \"fail\": "
      "missing values are not dropped or imputed — fill them in, or use "
      "the policy \"exclude\"{} (missing = \"...\" in a study, --missing "
      "for survey estimate)",
      table.source(), name, what.empty() ? "" : " (" + what + ")", rows.size(),
      rows.size() == 1 ? "" : "s", rows.size() == 1 ? "" : "s", lines,
      use == MissingUse::kBreakdown ? " or \"level\"" : ""));
}

}  // namespace jobimpact::survey
