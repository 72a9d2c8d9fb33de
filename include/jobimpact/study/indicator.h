// The vocabulary of figures: every indicator a study produces, with its
// name in results files, its unit, how it is displayed and its Chinese and
// English labels. One table (indicator.cc); everything that produces or
// prints a figure reads it instead of spelling names or guessing units.
#ifndef JOBIMPACT_STUDY_INDICATOR_H_
#define JOBIMPACT_STUDY_INDICATOR_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jobimpact::study {

enum class Indicator {
  kJobsDirect,
  kJobsFulltime,
  kJobsParttime,
  kJobsFte,
  kJobsMainIncome,
  kJobsActive,
  kJobsUnique,
  kJobsShare,
  kJobsShareWithin,
  kJobsTopProbability,
  kUnitShare,
  kJobsIndirect,
  kJobsInduced,
  kJobsTotal,
  kJobsNet,
  kConsumption,
  kOutputDirect,
  kOutputIndirect,
  kValueAddedIndirect,
  kOutputInduced,
  kValueAddedInduced,
  kTotalConsumptionCoefficient,
  kGrowthYoy,
  kGrowthCagr,
};

// The unit of the `estimate`, `se` and interval of a figure.
enum class Unit { kJobs, kYuan, kRatio };
// "jobs", "yuan", "ratio": the `unit` column of results.
std::string_view UnitName(Unit unit);

// How a figure is shown to a reader: a count, an amount of money, a
// percentage (shares and growth rates) or a plain ratio.
enum class DisplayKind { kJobs, kYuan, kPercent, kRatio };

struct IndicatorInfo {
  Indicator indicator;
  std::string_view name;  // In results files: "jobs_direct".
  Unit unit;
  DisplayKind display;
  std::string_view label_zh;
  std::string_view label_en;
  std::string_view definition;  // One line, with its docs/method.md section.
};

// Every indicator, in the order reports list them.
const std::vector<IndicatorInfo>& Indicators();
const IndicatorInfo& Info(Indicator indicator);
std::string_view IndicatorName(Indicator indicator);
// The indicator named `name` in results files, or nullopt.
std::optional<Indicator> FindIndicator(std::string_view name);
// The table entry of a results row's indicator name, or nullptr for a name
// the table does not know (rows read from another program's file).
const IndicatorInfo* FindIndicatorInfo(std::string_view name);
// "jobs_direct, jobs_fulltime, ...", for messages.
std::string IndicatorNames();

}  // namespace jobimpact::study

#endif  // JOBIMPACT_STUDY_INDICATOR_H_
