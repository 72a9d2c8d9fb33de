// Stage 3 of a study run: consumption by category, from a consumer survey
// (N x mean spending) or published amounts, and its total, the reports'
// direct contribution (stages.h).
#include <fmt/format.h>

#include "stages.h"

namespace jobimpact::study::internal {

Result<Consumption> EstimateConsumption(const Settings& settings,
                                        const SurveyData& data,
                                        StageOutput* out) {
  const StudySpec& spec = *settings.spec;
  Consumption result;
  if (!spec.consumption) return result;
  const ConsumptionSpec& cs = *spec.consumption;
  const int ctx = data.consumption_ctx;
  const LoadedSurvey* s =
      cs.survey.empty() ? nullptr : &data.surveys.at(cs.survey);
  Quantity total;
  for (const auto& cat : cs.categories) {
    Quantity q;
    std::string method;
    if (cat.amount) {
      q = Published(cat.amount->value);
      method = "published: " + cat.amount->source;
    } else {
      const size_t n = s->table.num_rows();
      q.terms.push_back({ctx, TermOverAnswers(s->ByRole(cat.column).doubles(),
                                              std::vector<double>(n, 1.0),
                                              cs.population->value)});
      method = fmt::format(
          "consumer survey: N * mean spending, N={:.17g} consumers ({})",
          cs.population->value, cs.population->source);
    }
    result.by_category[cat.id] = q;
    total += q;
    JI_RETURN_IF_ERROR(out->AddEvaluated(Indicator::kConsumption, "",
                                         "category", cat.id, q, method));
  }
  result.total = total;
  JI_RETURN_IF_ERROR(out->AddEvaluated(
      Indicator::kOutputDirect, "", "", "", total,
      "platform-driven consumption, sum over categories (the reports' "
      "direct contribution, expenditure approach)"));
  return result;
}

}  // namespace jobimpact::study::internal
