// Output of ad-hoc survey estimates (`jobimpact survey estimate`): CSV with
// columns statistic, variable, domain, estimate, se, ci_low, ci_high, df, n;
// JSON with the same fields plus cv and method; an aligned text table.
#ifndef JOBIMPACT_APPS_JOBIMPACT_SURVEY_OUTPUT_H_
#define JOBIMPACT_APPS_JOBIMPACT_SURVEY_OUTPUT_H_

#include <string>
#include <vector>

#include "jobimpact/survey/estimators.h"

namespace jobimpact::cli {

std::string SurveyEstimatesCsv(
    const std::vector<survey::SurveyEstimate>& estimates);
std::string SurveyEstimatesJson(
    const std::vector<survey::SurveyEstimate>& estimates,
    const survey::EstimationSummary& summary);
std::string SurveyEstimatesTable(
    const std::vector<survey::SurveyEstimate>& estimates,
    const survey::EstimationSummary& summary);

}  // namespace jobimpact::cli

#endif  // JOBIMPACT_APPS_JOBIMPACT_SURVEY_OUTPUT_H_
