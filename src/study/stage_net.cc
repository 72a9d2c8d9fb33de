// Stage 6 of a study run: net additional jobs (stages.h). The additionality
// formula of the HCA Additionality Guide (4th ed., 2014, §2 and §4):
//   net = gross x (1 - deadweight) x (1 - leakage) x (1 - displacement)
//               x (1 - substitution),
// applied to each component's direct jobs with its factors and to the
// indirect and induced jobs with the study's (their multiplier effect is
// already measured by the input-output model, so no composite multiplier is
// applied on top). The factors are fixed here; their ranges enter the
// total intervals of stage 7 (stage_uncertainty.cc).
#include <fmt/format.h>

#include "stages.h"

namespace jobimpact::study::internal {
namespace {

// The share of gross jobs that is additional, and the formula in words.
double Retained(const NetSpec& net, const std::string& component,
                std::string* formula) {
  double keep = 1.0;
  std::string text;
  for (const auto& [factor, name] : AdditionalityFactors()) {
    const Assumption& a = net.For(component, factor);
    keep *= 1.0 - a.value;
    text += fmt::format(" x (1 - {} {:g}, {})", name, a.value, a.source);
  }
  *formula = text;
  return keep;
}

}  // namespace

Status EstimateNet(const Settings& settings, const DirectJobs& direct,
                   const IndirectEffects& indirect, StageOutput* out) {
  const StudySpec& spec = *settings.spec;
  if (!spec.net) return Status::Ok();
  const NetSpec& net = *spec.net;
  Quantity total;
  for (const auto& c : spec.components) {
    std::string formula;
    const double keep = Retained(net, c.id, &formula);
    Quantity q = direct.by_component.at(c.id).Scaled(keep);
    JI_RETURN_IF_ERROR(out->AddEvaluated(
        Indicator::kJobsNet, c.id, "", "", q,
        fmt::format("additionality (HCA 2014): jobs_direct{} = jobs_direct x "
                    "{:.6g}",
                    formula, keep)));
    total += q;
  }
  std::string formula;
  const double keep = Retained(net, "", &formula);
  for (const auto& [name, gross] :
       {std::pair<const char*, const std::optional<Quantity>*>{"indirect",
                                                               &indirect.jobs},
        {"induced", &indirect.induced_jobs}}) {
    if (!gross->has_value()) continue;
    Quantity q = (**gross).Scaled(keep);
    JI_RETURN_IF_ERROR(out->AddEvaluated(
        Indicator::kJobsNet, "", "effect", name, q,
        fmt::format("additionality (HCA 2014): jobs_{}{} = jobs_{} x {:.6g}",
                    name, formula, name, keep)));
    total += q;
  }
  return out->AddEvaluated(
      Indicator::kJobsNet, "", "", "", total,
      std::string("additionality (HCA 2014): sum of the components' net "
                  "direct jobs") +
          (indirect.jobs ? " and the net indirect" : "") +
          (indirect.induced_jobs ? " and induced" : "") + " jobs");
}

}  // namespace jobimpact::study::internal
