// Missing values: what an estimate does with a row that lacks a value it
// needs, and how such rows are reported.
//
//   fail     the default: the rows are an error listing them (no result
//            changes silently);
//   exclude  R survey's na.rm = TRUE: the row keeps its place in the design
//            (strata, PSUs, degrees of freedom) and only its weight in that
//            estimate is zero. Its weight is not given to other rows, so a
//            total covers the rows with an answer only;
//   level    for breakdown (domain) columns only: a missing value is a level
//            of its own, with a configurable label.
#ifndef JOBIMPACT_SURVEY_MISSING_H_
#define JOBIMPACT_SURVEY_MISSING_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/table/table.h"

namespace jobimpact::survey {

enum class MissingPolicy { kFail, kExclude, kLevel };

struct MissingPolicyInfo {
  MissingPolicy policy;
  std::string_view name;  // As written in `missing = "..."` and --missing.
  std::string_view meaning;
};

std::span<const MissingPolicyInfo> MissingPolicies();
const MissingPolicyInfo& MissingPolicyInfoOf(MissingPolicy policy);
// InvalidArgument listing the names for anything else.
Result<MissingPolicy> ParseMissingPolicy(std::string_view name);

// The label of the level that missing values become under kLevel, unless a
// study sets its own.
inline constexpr std::string_view kNoAnswerLabel = "未回答 / no answer";

// At most this many rows are named in a message about missing values; the
// total count is always given.
inline constexpr size_t kMaxRowsNamed = 20;

// The rows of `column` whose value is missing (0-based).
std::vector<size_t> MissingRows(const table::Column& column);

// Whether a column's missing values could become a level of their own
// (breakdown columns), which the message then offers.
enum class MissingUse { kAnalysis, kBreakdown };

// InvalidArgument: "FILE: column "NAME" (WHAT): K missing value(s) (rows
// R1, R2, ... and M more); policy "fail" ...". `rows` is not empty.
Status MissingValuesError(const table::Table& table, const std::string& column,
                          const std::string& what,
                          const std::vector<size_t>& rows, MissingUse use);

}  // namespace jobimpact::survey

#endif  // JOBIMPACT_SURVEY_MISSING_H_
