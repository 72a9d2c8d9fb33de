// Writing CSV (RFC 4180): quoting of single fields.
#ifndef JOBIMPACT_TABLE_CSV_WRITER_H_
#define JOBIMPACT_TABLE_CSV_WRITER_H_

#include <string>
#include <string_view>

namespace jobimpact::table {

// `field` as it must appear in a comma-separated record: unchanged unless it
// contains a comma, quote, CR or LF, else quoted with inner quotes doubled.
std::string QuoteCsvField(std::string_view field);

}  // namespace jobimpact::table

#endif  // JOBIMPACT_TABLE_CSV_WRITER_H_
