#include "jobimpact/study/indicator.h"

#include <cassert>

namespace jobimpact::study {

std::string_view UnitName(Unit unit) {
  switch (unit) {
    case Unit::kJobs:
      return "jobs";
    case Unit::kYuan:
      return "yuan";
    case Unit::kRatio:
      return "ratio";
  }
  return "?";
}

const std::vector<IndicatorInfo>& Indicators() {
  using D = DisplayKind;
  using I = Indicator;
  // Labels follow the reports' wording (直接/间接带动就业, 完全消耗系数).
  static const std::vector<IndicatorInfo> table = {
      {I::kJobsTotal, "jobs_total", Unit::kJobs, D::kJobs, "就业总量",
       "total jobs", "direct + indirect jobs (docs/method.md §3)"},
      {I::kJobsDirect, "jobs_direct", Unit::kJobs, D::kJobs, "直接就业",
       "direct jobs",
       "jobs in the ecosystem's components, from surveys or published "
       "(docs/method.md §1)"},
      {I::kJobsFulltime, "jobs_fulltime", Unit::kJobs, D::kJobs, "全职就业",
       "full-time jobs", "direct jobs held full-time (docs/method.md §1)"},
      {I::kJobsParttime, "jobs_parttime", Unit::kJobs, D::kJobs, "兼职就业",
       "part-time jobs", "direct jobs held part-time (docs/method.md §1)"},
      {I::kJobsFte, "jobs_fte", Unit::kJobs, D::kJobs, "全职当量就业",
       "full-time equivalent jobs",
       "direct jobs as full-time equivalents: hours worked over a full-time "
       "week, or full-time plus part-time at a stated factor (docs/method.md "
       "§4)"},
      {I::kJobsMainIncome, "jobs_main_income", Unit::kJobs, D::kJobs,
       "以此为主要收入的就业", "jobs that are the main income",
       "direct jobs whose holders earn their main income from the platform "
       "(docs/method.md §4)"},
      {I::kJobsActive, "jobs_active", Unit::kJobs, D::kJobs, "活跃就业",
       "active jobs",
       "direct jobs of units active on at least [measures] min_active_days "
       "days of the year (docs/method.md §4)"},
      {I::kJobsUnique, "jobs_unique", Unit::kJobs, D::kJobs, "去重就业人数",
       "unique workers",
       "direct jobs with each person counted once across components: a "
       "unit's jobs divided by the number of components its workers work in "
       "(also_in; docs/method.md §4)"},
      {I::kJobsShare, "jobs_share", Unit::kRatio, D::kPercent, "就业占比",
       "share of jobs",
       "a domain's share of the direct jobs of its component or the study"},
      {I::kJobsShareWithin, "jobs_share_within", Unit::kRatio, D::kPercent,
       "组内就业占比", "share of jobs within a group",
       "a crossed breakdown FIRST|SECOND: the share of the jobs in a level of "
       "SECOND that are in a level of FIRST (e.g. not insured within an age "
       "band)"},
      {I::kJobsTopProbability, "jobs_top_probability", Unit::kRatio,
       D::kPercent, "位列前N的概率", "probability of being in the top N",
       "the probability that a domain's direct jobs are truly among the N "
       "largest of its breakdown ([study] top_n), from the estimates' joint "
       "normal approximation (survey/ranking.h)"},
      {I::kUnitShare, "unit_share", Unit::kRatio, D::kPercent, "单位占比",
       "share of units",
       "the share of a component's units (firms, accounts) for which a "
       "study indicator's condition on the unit's own answers holds "
       "([[indicators]]; domain_type \"indicator\", domain = its id)"},
      {I::kJobsIndirect, "jobs_indirect", Unit::kJobs, D::kJobs, "间接带动就业",
       "indirect jobs",
       "jobs in supplying industries from the consumption the platform drives "
       "(docs/method.md §2)"},
      {I::kJobsInduced, "jobs_induced", Unit::kJobs, D::kJobs, "引致就业",
       "induced jobs",
       "jobs from the household spending of the income the indirect effect "
       "pays, by the Type II model closed for households ([indirect] closure "
       "= \"household\"; docs/method.md §5)"},
      {I::kJobsNet, "jobs_net", Unit::kJobs, D::kJobs, "净新增就业",
       "net additional jobs",
       "gross jobs x (1 - deadweight) x (1 - leakage) x (1 - displacement) x "
       "(1 - substitution), per component and for the indirect and induced "
       "jobs ([net]; HCA Additionality Guide 2014; docs/method.md §6)"},
      {I::kConsumption, "consumption", Unit::kYuan, D::kYuan, "消费",
       "consumption", "consumption driven by the platform, by category"},
      {I::kOutputDirect, "output_direct", Unit::kYuan, D::kYuan, "直接产出",
       "direct output", "total consumption entering the input-output model"},
      {I::kOutputIndirect, "output_indirect", Unit::kYuan, D::kYuan,
       "间接拉动产出", "indirect output",
       "consumption x column sums of B, the reports' caict2020 method "
       "(docs/method.md §2)"},
      {I::kValueAddedIndirect, "value_added_indirect", Unit::kYuan, D::kYuan,
       "间接拉动增加值", "indirect value added",
       "v'(L - I) f by category (docs/method.md §2)"},
      {I::kOutputInduced, "output_induced", Unit::kYuan, D::kYuan, "引致产出",
       "induced output",
       "Type II minus Type I gross output of the consumption, the household-"
       "spending round (docs/method.md §5)"},
      {I::kValueAddedInduced, "value_added_induced", Unit::kYuan, D::kYuan,
       "引致增加值", "induced value added",
       "v' (Type II minus Type I output): the GDP of the household-spending "
       "round (docs/method.md §5)"},
      {I::kTotalConsumptionCoefficient, "total_consumption_coefficient",
       Unit::kRatio, D::kRatio, "完全消耗系数", "total requirement coefficient",
       "column sum of B = L - I of the sector (docs/method.md §2)"},
      {I::kGrowthYoy, "growth_yoy", Unit::kRatio, D::kPercent, "同比增长",
       "year-over-year growth", "x_t / x_(t-1) - 1 (docs/method.md §3)"},
      {I::kGrowthCagr, "growth_cagr", Unit::kRatio, D::kPercent,
       "年均复合增长率", "compound annual growth",
       "(x_last / x_first)^(1/years) - 1 (docs/method.md §3)"},
  };
  return table;
}

const IndicatorInfo& Info(Indicator indicator) {
  for (const auto& i : Indicators()) {
    if (i.indicator == indicator) return i;
  }
  assert(false && "every Indicator has a table entry");
  return Indicators().front();
}

std::string_view IndicatorName(Indicator indicator) {
  return Info(indicator).name;
}

const IndicatorInfo* FindIndicatorInfo(std::string_view name) {
  for (const auto& i : Indicators()) {
    if (i.name == name) return &i;
  }
  return nullptr;
}

std::optional<Indicator> FindIndicator(std::string_view name) {
  const IndicatorInfo* i = FindIndicatorInfo(name);
  if (i == nullptr) return std::nullopt;
  return i->indicator;
}

std::string IndicatorNames() {
  std::string out;
  for (const auto& i : Indicators()) {
    out += (out.empty() ? "" : ", ") + std::string(i.name);
  }
  return out;
}

}  // namespace jobimpact::study
