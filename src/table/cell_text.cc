#include "cell_text.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace jobimpact::table {
namespace {

// Days since 1970-01-01 to a civil date (H. Hinnant, "chrono-Compatible
// Low-Level Date Algorithms", civil_from_days).
void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

std::string FormatIso(int64_t y, unsigned m, unsigned d, int64_t seconds) {
  std::string out = fmt::format("{:04d}-{:02d}-{:02d}", y, m, d);
  if (seconds != 0) {
    out += fmt::format("T{:02d}:{:02d}:{:02d}", seconds / 3600,
                       seconds / 60 % 60, seconds % 60);
  }
  return out;
}

}  // namespace

std::string ColumnLetters(int64_t col) {
  std::string s;
  for (int64_t c = col + 1; c > 0; c = (c - 1) / 26) {
    s.insert(s.begin(), static_cast<char>('A' + (c - 1) % 26));
  }
  return s;
}

bool ParseCellReference(std::string_view ref, int64_t* col, int64_t* row) {
  size_t i = 0;
  int64_t c = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z' && i < 3) {
    c = c * 26 + (ref[i] - 'A' + 1);
    ++i;
  }
  if (i == 0 || i == ref.size()) return false;
  int64_t r = 0;
  auto [p, ec] = std::from_chars(ref.data() + i, ref.data() + ref.size(), r);
  if (ec != std::errc() || p != ref.data() + ref.size() || r < 1) return false;
  *col = c - 1;
  *row = r;
  return true;
}

bool IsBuiltinDateFormat(int id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) ||
         (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

bool IsDateFormatCode(std::string_view code) {
  for (size_t i = 0; i < code.size(); ++i) {
    const char ch = code[i];
    if (ch == '"') {
      size_t close = code.find('"', i + 1);
      if (close == std::string_view::npos) return false;
      i = close;
    } else if (ch == '\\' || ch == '_' || ch == '*') {
      ++i;  // The next character is literal (or a padding character).
    } else if (ch == '[') {
      size_t close = code.find(']', i + 1);
      if (close == std::string_view::npos) return false;
      std::string_view inner = code.substr(i + 1, close - i - 1);
      if (!inner.empty() &&
          (inner[0] == 'h' || inner[0] == 'H' || inner[0] == 'm' ||
           inner[0] == 'M' || inner[0] == 's' || inner[0] == 'S')) {
        return true;  // Elapsed time: [h]:mm.
      }
      i = close;
    } else {
      switch (ch) {
        case 'y':
        case 'Y':
        case 'm':
        case 'M':
        case 'd':
        case 'D':
        case 'h':
        case 'H':
        case 's':
        case 'S':
          return true;
        default:
          break;
      }
    }
  }
  return false;
}

std::string ExcelSerialToIso(double serial, bool date1904) {
  if (!std::isfinite(serial)) return NumberText(serial);
  int64_t days = static_cast<int64_t>(std::floor(serial));
  int64_t seconds =
      static_cast<int64_t>(std::llround((serial - std::floor(serial)) * 86400));
  if (seconds == 86400) {
    ++days;
    seconds = 0;
  }
  if (!date1904 && days == 60) {
    // Excel's leap-year bug, kept as Excel shows it.
    return FormatIso(1900, 2, 29, seconds);
  }
  // 1900 system: serial 1 is 1900-01-01, so day 0 is 1899-12-31 before the
  // fictitious 29 February and 1899-12-30 from serial 61 on. 1904 system:
  // serial 0 is 1904-01-01.
  const int64_t epoch = date1904 ? -24107 : (days < 60 ? -25568 : -25569);
  return IsoDateTime(days + epoch, seconds);
}

std::string IsoDateTime(int64_t days, int64_t seconds) {
  int64_t y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(days, &y, &m, &d);
  return FormatIso(y, m, d, seconds);
}

std::string IsoFromUnixSeconds(double seconds, bool date_only) {
  if (!std::isfinite(seconds)) return NumberText(seconds);
  const int64_t s = std::llround(seconds);
  int64_t days = s / 86400;
  int64_t rest = s % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  return IsoDateTime(days, date_only ? 0 : rest);
}

std::string NumberText(double v) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, res.ptr);
}

std::string_view TrimCellText(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

}  // namespace jobimpact::table
