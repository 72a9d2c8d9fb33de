#include "jobimpact/base/number_format.h"

#include <fmt/format.h>

#include <cmath>

namespace jobimpact {

std::string FormatGrouped(double v, int decimals) {
  if (!std::isfinite(v)) return fmt::format("{}", v);
  std::string digits = fmt::format("{:.{}f}", std::fabs(v), decimals);
  const size_t point = digits.find('.');
  const size_t int_len = point == std::string::npos ? digits.size() : point;
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && i < int_len && (int_len - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  // "-0" for a value that rounds to zero would read as a sign error.
  const bool zero = out.find_first_not_of("0.,") == std::string::npos;
  return (v < 0 && !zero ? "-" : "") + out;
}

std::string FormatSignificant(double v, int digits) {
  if (!std::isfinite(v)) return fmt::format("{}", v);
  if (v == 0) return "0";
  // Digits before the point (1 for |v| < 1, where the leading zeros after
  // the point do not count as significant).
  const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(v))));
  int decimals = std::max(0, digits - 1 - magnitude);
  // Rounding may carry into a new digit (99.98 -> 100.0): one decimal less.
  const double rounded = std::stod(fmt::format("{:.{}f}", v, decimals));
  if (decimals > 0 && std::fabs(rounded) >= std::pow(10.0, magnitude + 1)) {
    --decimals;
  }
  std::string s = fmt::format("{:.{}f}", v, decimals);
  if (s.find_first_not_of("-0.") == std::string::npos) return "0";
  return s;
}

std::string FormatQuantity(double v) {
  return std::fabs(v) >= 1000 ? FormatGrouped(v) : FormatSignificant(v, 4);
}

}  // namespace jobimpact
