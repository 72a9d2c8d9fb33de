// CSV reader (RFC 4180) producing a typed Table.
//
// Accepts: quoted fields with embedded delimiters, quotes ("") and newlines;
// LF or CRLF line ends; UTF-8 with or without BOM; GB18030/GBK input, declared
// or detected (a file that is not valid UTF-8 is decoded as GB18030) and
// converted to UTF-8 with iconv. Empty fields and the NA strings (default
// "NA") are missing values. Fully blank lines are skipped.
//
// Column types: declared types are enforced (a non-numeric cell in a declared
// numeric column is an error naming file, line, column and value); undeclared
// columns are numeric when every non-missing value in the file parses as a
// finite number, text otherwise.
//
// Errors (InvalidArgument unless stated): missing file (NotFound), empty file,
// header only (unless allow_no_rows), duplicate or empty header names, a
// single-column header that looks like another delimiter, ragged records,
// unterminated quotes, invalid bytes for the encoding. Every message starts
// "FILE:LINE:" and names the column where one is involved.
//
// Memory: the file is streamed in chunks; columns are sized once from a
// newline count, so peak memory is the parsed columns plus one chunk.
#ifndef JOBIMPACT_TABLE_CSV_READER_H_
#define JOBIMPACT_TABLE_CSV_READER_H_

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/table/encoding.h"
#include "jobimpact/table/table.h"

namespace jobimpact::table {

struct CsvReadOptions {
  char delimiter = ',';
  Encoding encoding = Encoding::kAuto;
  // Cell texts (after trimming spaces) read as missing, besides "".
  std::vector<std::string> na_values = {"NA"};
  // Declared column types; other columns are inferred.
  std::map<std::string, ColumnType> column_types;
  // Columns that must exist in the header (checked before parsing rows).
  std::vector<std::string> required_columns;
  // A file with a header and no data rows is an error unless this is set.
  bool allow_no_rows = false;
  // Bytes read from disk at a time.
  size_t chunk_bytes = size_t{256} << 10;
  // Threads that parse one file: 0 = the cores available to the process.
  // A UTF-8 file of at least `parallel_min_bytes` without any '"' is read
  // as two halves at once; the table, summary and messages are the same as
  // those of a read on one thread.
  int threads = 0;
  size_t parallel_min_bytes = size_t{8} << 20;

  Status Validate() const;
};

struct CsvReadSummary {
  Encoding encoding = Encoding::kUtf8;  // The encoding actually used.
  bool had_bom = false;
  int64_t bytes = 0;        // Size of the file on disk.
  int64_t rows = 0;         // Data records read.
  int64_t blank_lines = 0;  // Blank lines skipped.
  int64_t missing_cells = 0;
  // Threads that parsed the rows: 2 when the file was read as two halves.
  int threads = 1;
};

// Reads `path`. `summary` may be null.
Result<Table> ReadCsvFile(const std::filesystem::path& path,
                          const CsvReadOptions& options,
                          CsvReadSummary* summary = nullptr);

// Reads CSV text held in memory; `name` stands for the file in messages.
Result<Table> ReadCsvString(std::string_view data, const std::string& name,
                            const CsvReadOptions& options,
                            CsvReadSummary* summary = nullptr);

// Parses a number the way the reader does: optional surrounding spaces, an
// optional sign, decimal or scientific notation; must be finite. Returns
// false if `text` is not such a number.
bool ParseNumber(std::string_view text, double* value);

}  // namespace jobimpact::table

#endif  // JOBIMPACT_TABLE_CSV_READER_H_
