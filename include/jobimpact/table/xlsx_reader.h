// Excel workbook (.xlsx, Office Open XML SpreadsheetML) reader.
//
// Reads one worksheet: the header row names the columns (leftmost cell to the
// last non-empty one); each later row is a record, fully empty rows are
// skipped. Cells: numbers; shared, inline and formula strings; booleans
// (TRUE/FALSE as text, 1/0 in a declared numeric column); numbers in a date
// or time format become ISO 8601 text ("2024-03-05", "2024-03-05T08:30:00",
// 1900 and 1904 date systems); formulas give their cached value; empty cells
// and text equal to an NA string are missing. A column is numeric when every
// value in it is a number or numeric text, unless its type is declared.
//
// Errors (InvalidArgument, naming file, sheet, row and column): not a zip
// archive or a corrupt/truncated one, no such sheet (the message lists the
// sheets), an empty sheet, merged cells in the header row, an empty or
// duplicate header name, a value in a column without a header, an error
// value (#N/A, #DIV/0!, ...), a formula without a cached value, a date or
// text where a number is expected.
//
// Uses libzip for the container and expat for the XML, streamed: memory is
// the shared strings, the cells of the sheet and one decompression buffer.
#ifndef JOBIMPACT_TABLE_XLSX_READER_H_
#define JOBIMPACT_TABLE_XLSX_READER_H_

#include <filesystem>
#include <string>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/table/read.h"
#include "jobimpact/table/table.h"

namespace jobimpact::table {

// Reads a sheet of the workbook at `path`; `options.format` is ignored.
// `summary` may be null.
Result<Table> ReadXlsxFile(const std::filesystem::path& path,
                           const TableReadOptions& options,
                           TableReadSummary* summary = nullptr);

// The names of the workbook's sheets in workbook order.
Result<std::vector<std::string>> ListXlsxSheets(
    const std::filesystem::path& path);

}  // namespace jobimpact::table

#endif  // JOBIMPACT_TABLE_XLSX_READER_H_
