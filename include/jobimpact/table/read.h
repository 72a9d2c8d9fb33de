// Reading any supported data file into a typed Table.
//
// The format comes from `TableReadOptions::format` or, when that is kAuto,
// from the file's extension (FileFormats() lists both). Every reader lands
// in the same Table (numeric columns as doubles, text dictionary-encoded)
// and reports errors the same way: "FILE[:SHEET]:ROW: column NAME: what was
// found, what was expected" (InvalidArgument; NotFound for a missing file or
// column). ROW is what the file's own viewer shows: the line of a CSV, the
// row of a worksheet, the case number of an SPSS/Stata/SAS file.
#ifndef JOBIMPACT_TABLE_READ_H_
#define JOBIMPACT_TABLE_READ_H_

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "jobimpact/base/status.h"
#include "jobimpact/table/csv_reader.h"
#include "jobimpact/table/table.h"

namespace jobimpact::table {

enum class FileFormat {
  kAuto,  // From the extension.
  kCsv,
  kXlsx,
  kSav,  // SPSS system file (also .zsav, compressed).
  kPor,  // SPSS portable file.
  kDta,  // Stata.
  kSas7bdat,
  kXpt,  // SAS transport.
};

struct FileFormatInfo {
  FileFormat format;
  std::string_view name;        // As written in `format = "..."` and --format.
  std::string_view extensions;  // Space-separated, lower case, with dots.
  std::string_view description;
};

// Every format but kAuto, in a fixed order.
std::span<const FileFormatInfo> FileFormats();
const FileFormatInfo& FileFormatInfoOf(FileFormat format);
// The format named `name` ("csv", "xlsx", "sav", ...) or InvalidArgument
// listing the names.
Result<FileFormat> ParseFileFormat(std::string_view name);
// The format of `path` by its extension (case-insensitive); files with any
// other extension are CSV, as before.
FileFormat FormatOfPath(const std::filesystem::path& path);
// "csv, xlsx, sav, ..." for messages and help.
std::string FileFormatChoices();

// Which worksheet of a workbook, and where its header is.
struct SheetOptions {
  // A sheet name, or empty for `number`.
  std::string name;
  // 1-based position among the workbook's sheets (used when `name` is empty).
  int number = 1;
  // 1-based row holding the column names; data starts on the next row.
  int header_row = 1;

  Status Validate() const;
  bool operator==(const SheetOptions&) const = default;
};

struct TableReadOptions {
  FileFormat format = FileFormat::kAuto;
  // Declared column types, required columns and allow_no_rows apply to every
  // format; NA strings to CSV and to text cells of a workbook; delimiter,
  // encoding and chunk size to CSV only.
  CsvReadOptions csv;
  SheetOptions sheet;  // Workbooks only.

  Status Validate() const;
};

struct TableReadSummary {
  FileFormat format = FileFormat::kCsv;  // The format actually read.
  int64_t bytes = 0;                     // Size of the file on disk.
  int64_t rows = 0;
  int64_t missing_cells = 0;
  CsvReadSummary csv;         // CSV only.
  std::string sheet;          // Workbooks: the sheet read.
  std::string file_encoding;  // Statistical files: the encoding they declare.
};

// Reads `path` in its format. `summary` may be null.
Result<Table> ReadTableFile(const std::filesystem::path& path,
                            const TableReadOptions& options,
                            TableReadSummary* summary = nullptr);

}  // namespace jobimpact::table

#endif  // JOBIMPACT_TABLE_READ_H_
