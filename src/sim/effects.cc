#include "effects.h"

#include <string>

namespace jobimpact::sim::internal {

study::NetSpec SimulatedNet() {
  using F = study::AdditionalityFactor;
  const std::string why = "assumed for the simulation";
  study::NetSpec net;
  net.study[F::kDeadweight] = {0.2, 0.1, 0.3,
                               why + ": a fifth would exist anyway"};
  net.study[F::kLeakage] = {0.0, 0.0, 0.0,
                            "a national study: none leaks abroad"};
  net.study[F::kDisplacement] = {0.3, 0.15, 0.45,
                                 why + ": jobs taken from offline rivals"};
  net.study[F::kSubstitution] = {0.1, 0.0, 0.2,
                                 why + ": work people did before"};
  net.components["payment"][F::kDisplacement] = {
      0.5, 0.3, 0.7, why + ": payment services replace bank counter work"};
  return net;
}

void AppendEffectTruth(const Population& pop, const IoMapping& io,
                       std::vector<Truth>* out) {
  using I = study::Indicator;
  auto name = [](I i) { return std::string(study::IndicatorName(i)); };
  const auto& cats = pop.marginals.consumers.categories;
  double va = 0, induced_out = 0, induced_va = 0;
  for (size_t k = 0; k < cats.size(); ++k) {
    const double c = pop.consumers.Total(k);
    const std::string& id = cats[k].id;
    out->push_back({name(I::kValueAddedIndirect), "", "category", id,
                    c * io.value_added[k]});
    out->push_back({name(I::kOutputInduced), "", "category", id,
                    c * io.induced_output[k]});
    out->push_back({name(I::kValueAddedInduced), "", "category", id,
                    c * io.induced_value_added[k]});
    out->push_back({name(I::kJobsInduced), "", "category", id,
                    c * io.induced_output[k] / kReportsOutputPerJob});
    va += c * io.value_added[k];
    induced_out += c * io.induced_output[k];
    induced_va += c * io.induced_value_added[k];
  }
  const double induced_jobs = induced_out / kReportsOutputPerJob;
  out->push_back({name(I::kValueAddedIndirect), "", "", "", va});
  out->push_back({name(I::kOutputInduced), "", "", "", induced_out});
  out->push_back({name(I::kValueAddedInduced), "", "", "", induced_va});
  out->push_back({name(I::kJobsInduced), "", "", "", induced_jobs});
}

void AppendNetTruth(std::vector<Truth>* out) {
  using I = study::Indicator;
  auto name = [](I i) { return std::string(study::IndicatorName(i)); };
  const study::NetSpec net = SimulatedNet();
  auto keep = [&net](const std::string& component) {
    double k = 1.0;
    for (const auto& [factor, unused] : study::AdditionalityFactors()) {
      k *= 1.0 - net.For(component, factor).value;
    }
    return k;
  };
  std::vector<Truth> rows;
  double total = 0;
  for (const Truth& t : *out) {
    if (!t.domain_type.empty() || !t.domain.empty()) continue;
    const bool direct =
        t.indicator == name(I::kJobsDirect) && !t.component.empty();
    const bool effect =
        t.component.empty() && (t.indicator == name(I::kJobsIndirect) ||
                                t.indicator == name(I::kJobsInduced));
    if (!direct && !effect) continue;
    const double v = t.value * keep(t.component);
    total += v;
    rows.push_back(direct ? Truth{name(I::kJobsNet), t.component, "", "", v}
                          : Truth{name(I::kJobsNet), "", "effect",
                                  t.indicator == name(I::kJobsIndirect)
                                      ? "indirect"
                                      : "induced",
                                  v});
  }
  rows.push_back({name(I::kJobsNet), "", "", "", total});
  out->insert(out->end(), rows.begin(), rows.end());
}

}  // namespace jobimpact::sim::internal
