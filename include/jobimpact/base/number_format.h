// Numbers for people: the one format every command's tables and the report
// use, so that a count never prints as 2.23231e+06 nor a share as 0.
// (Files for programs -- results.csv, results.json -- keep full precision
// through results::FormatNumber.)
#ifndef JOBIMPACT_BASE_NUMBER_FORMAT_H_
#define JOBIMPACT_BASE_NUMBER_FORMAT_H_

#include <string>

namespace jobimpact {

// `v` rounded to `decimals` digits with a comma between thousands:
// FormatGrouped(2232310.4) == "2,232,310", FormatGrouped(-1234.5, 1) ==
// "-1,234.5". Non-finite values print as "nan", "inf", "-inf".
std::string FormatGrouped(double v, int decimals = 0);

// `v` with at least `digits` significant digits and never fewer integer
// digits than it has: 3148.9 -> "3149", 76.698 -> "76.7", 0.071514 ->
// "0.0715" (digits = 3). Zero prints as "0".
std::string FormatSignificant(double v, int digits = 3);

// A quantity of any size in a table: grouped whole numbers from 1000 up,
// FormatSignificant(v, 4) below ("2,232,310", "312.5", "0.07151").
std::string FormatQuantity(double v);

}  // namespace jobimpact

#endif  // JOBIMPACT_BASE_NUMBER_FORMAT_H_
