#include "jobimpact/survey/quality.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <string>

namespace jobimpact::survey {
namespace {

constexpr QualityFlagInfo kFlags[] = {
    {QualityFlag::kA, "A", "优", "excellent", QualityDisplay::kShow},
    {QualityFlag::kB, "B", "很好", "very good", QualityDisplay::kShow},
    {QualityFlag::kC, "C", "良好", "good", QualityDisplay::kShow},
    {QualityFlag::kD, "D", "可接受", "acceptable", QualityDisplay::kShow},
    {QualityFlag::kE, "E", "慎用", "use with caution",
     QualityDisplay::kCaution},
    {QualityFlag::kF, "F", "过于不可靠，不予发布",
     "too unreliable to be published", QualityDisplay::kWithhold},
    {QualityFlag::kSuppressed, "S", "样本过少，不予发布",
     "too few respondents to be published", QualityDisplay::kWithhold},
};

}  // namespace

std::span<const QualityFlagInfo> QualityFlags() { return kFlags; }

const QualityFlagInfo& QualityFlagInfoOf(QualityFlag flag) {
  for (const auto& f : kFlags) {
    if (f.flag == flag) return f;
  }
  return kFlags[0];  // Unreachable: every enumerator has an entry.
}

Result<QualityFlag> ParseQualityFlag(std::string_view code) {
  std::string codes;
  for (const auto& f : kFlags) {
    if (f.code == code) return f.flag;
    codes += (codes.empty() ? "" : ", ") + std::string(f.code);
  }
  return InvalidArgumentError(fmt::format(
      "unknown quality flag \"{}\" (expected one of {})", code, codes));
}

Status QualityOptions::Validate() const {
  double previous = 0.0;
  for (size_t i = 0; i < cv_bounds.size(); ++i) {
    const double b = cv_bounds[i];
    if (!std::isfinite(b) || !(b > previous)) {
      return InvalidArgumentError(fmt::format(
          "quality: cv_bounds[{}] = {} must be finite and greater than {} "
          "(the bounds of classes A to E increase)",
          i, b, previous));
    }
    previous = b;
  }
  if (min_n < 1) {
    return InvalidArgumentError(
        fmt::format("quality: min_n = {} must be at least 1", min_n));
  }
  return Status::Ok();
}

double CoefficientOfVariation(double estimate, double se) {
  if (estimate == 0.0) {
    return se == 0.0 ? 0.0 : std::numeric_limits<double>::infinity();
  }
  return se / std::fabs(estimate);
}

QualityFlag ClassifyEstimate(double estimate, double se, int64_t n,
                             const QualityOptions& options) {
  if (n < options.min_n) return QualityFlag::kSuppressed;
  const double cv = CoefficientOfVariation(estimate, se);
  constexpr QualityFlag kByClass[] = {QualityFlag::kA, QualityFlag::kB,
                                      QualityFlag::kC, QualityFlag::kD,
                                      QualityFlag::kE};
  for (size_t i = 0; i < options.cv_bounds.size(); ++i) {
    if (cv < options.cv_bounds[i]) return kByClass[i];
  }
  return QualityFlag::kF;
}

}  // namespace jobimpact::survey
