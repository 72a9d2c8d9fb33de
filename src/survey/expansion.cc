#include "jobimpact/survey/expansion.h"

#include <fmt/format.h>

#include <cmath>

namespace jobimpact::survey {
namespace {

Status CheckValues(const std::vector<double>& y) {
  if (y.empty()) {
    return InvalidArgumentError("expansion estimator: the sample is empty");
  }
  for (size_t i = 0; i < y.size(); ++i) {
    if (!std::isfinite(y[i])) {
      return InvalidArgumentError(
          fmt::format("expansion estimator: value {} of the sample is not a "
                      "finite number",
                      i + 1));
    }
  }
  return Status::Ok();
}

std::string MethodLabel(double population, size_t n) {
  return fmt::format("expansion estimator N/n*sum(y), N={:.17g}, n={}",
                     population, n);
}

}  // namespace

Status ExpansionOptions::Validate() const {
  if (!std::isfinite(population) || population <= 0.0) {
    return InvalidArgumentError(
        fmt::format("the population count N must be a positive number, got {}",
                    population));
  }
  return Status::Ok();
}

Result<Estimate> ExpansionTotal(const std::vector<double>& y,
                                const ExpansionOptions& options,
                                ExpansionSummary* summary) {
  JI_RETURN_IF_ERROR(options.Validate());
  JI_RETURN_IF_ERROR(CheckValues(y));
  double sum = 0.0;
  for (double v : y) sum += v;
  const double weight = options.population / static_cast<double>(y.size());
  Estimate e;
  e.value = weight * sum;
  e.n = static_cast<int64_t>(y.size());
  e.method = MethodLabel(options.population, y.size());
  if (!std::isfinite(e.value)) {
    return NumericalError("expansion estimator: the total is not finite");
  }
  if (summary != nullptr) {
    summary->n = static_cast<int64_t>(y.size());
    summary->weight = weight;
    summary->sample_sum = sum;
  }
  return e;
}

Result<std::map<std::string, Estimate>> ExpansionTotalsByDomain(
    const std::vector<double>& y, const std::vector<std::string>& domain,
    const ExpansionOptions& options) {
  JI_RETURN_IF_ERROR(options.Validate());
  JI_RETURN_IF_ERROR(CheckValues(y));
  if (domain.size() != y.size()) {
    return InternalError(
        "ExpansionTotalsByDomain: domain and y differ in length");
  }
  const double weight = options.population / static_cast<double>(y.size());
  std::map<std::string, Estimate> out;
  for (size_t i = 0; i < y.size(); ++i) {
    Estimate& e = out[domain[i]];
    e.value += y[i];
    e.n = e.n.value_or(0) + 1;
  }
  for (auto& [label, e] : out) {
    e.value *= weight;
    e.method = MethodLabel(options.population, y.size()) +
               ", domain by zero-weighting";
    if (!std::isfinite(e.value)) {
      return NumericalError("expansion estimator: domain total for \"" + label +
                            "\" is not finite");
    }
  }
  return out;
}

}  // namespace jobimpact::survey
