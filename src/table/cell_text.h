// Cell-level helpers of the workbook and statistical-file readers (private
// to the table module): cell references, number formats that mean dates,
// date serials as ISO 8601 text.
#ifndef JOBIMPACT_SRC_TABLE_CELL_TEXT_H_
#define JOBIMPACT_SRC_TABLE_CELL_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace jobimpact::table {

enum class CellKind : uint8_t {
  kEmpty,
  kNumber,
  kDate,  // A number shown in a date or time format.
  kBool,
  kText,
  kError,  // #N/A, #DIV/0!, ...
  kFormulaWithoutValue,
};

// "A", "Z", "AA", ... for 0-based column `col`.
std::string ColumnLetters(int64_t col);
// Parses "AB12" into 0-based column and 1-based row; false if malformed.
bool ParseCellReference(std::string_view ref, int64_t* col, int64_t* row);

// ECMA-376 Part 1, §18.8.30: the built-in number formats that are dates or
// times (14-22, 45-47) and the East Asian date formats (27-36, 50-58).
bool IsBuiltinDateFormat(int id);
// Whether a custom format code shows a date or time: a y, m, d, h or s
// outside quoted text, escapes and [colour]/[locale] brackets ([h], [mm],
// [ss] elapsed times count).
bool IsDateFormatCode(std::string_view code);

// An Excel date serial as ISO 8601 text: "2024-03-05" for whole days,
// "2024-03-05T08:30:00" otherwise (to the second). `date1904` selects the
// 1904 date system; in the 1900 system serial 60 is Excel's fictitious
// 1900-02-29 and earlier serials are shifted by one, as Excel shows them.
std::string ExcelSerialToIso(double serial, bool date1904);

// Days since 1970-01-01 plus seconds into the day as ISO 8601 text:
// "2024-03-05" when `seconds` is 0, "2024-03-05T08:30:00" otherwise.
std::string IsoDateTime(int64_t days, int64_t seconds);
// Seconds since 1970-01-01 (rounded to the second) as IsoDateTime does;
// `date_only` drops the time of day.
std::string IsoFromUnixSeconds(double seconds, bool date_only);

// A number as text in shortest round-trip form ("3", "0.1", "1e+21").
std::string NumberText(double v);
// Text without surrounding spaces and tabs.
std::string_view TrimCellText(std::string_view s);

}  // namespace jobimpact::table

#endif  // JOBIMPACT_SRC_TABLE_CELL_TEXT_H_
