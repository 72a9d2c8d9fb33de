#include "jobimpact/table/read.h"

#include <fmt/format.h>

#include <array>
#include <cctype>

#include "jobimpact/table/stat_reader.h"
#include "jobimpact/table/xlsx_reader.h"

namespace jobimpact::table {
namespace {

constexpr std::array<FileFormatInfo, 7> kFormats = {{
    {FileFormat::kCsv, "csv", ".csv .tsv .txt",
     "delimited text (UTF-8 or GB18030)"},
    {FileFormat::kXlsx, "xlsx", ".xlsx .xlsm", "Excel workbook"},
    {FileFormat::kSav, "sav", ".sav .zsav", "SPSS system file"},
    {FileFormat::kPor, "por", ".por", "SPSS portable file"},
    {FileFormat::kDta, "dta", ".dta", "Stata data file"},
    {FileFormat::kSas7bdat, "sas7bdat", ".sas7bdat", "SAS data set"},
    {FileFormat::kXpt, "xpt", ".xpt", "SAS transport file"},
}};

}  // namespace

std::span<const FileFormatInfo> FileFormats() { return kFormats; }

const FileFormatInfo& FileFormatInfoOf(FileFormat format) {
  for (const auto& f : kFormats) {
    if (f.format == format) return f;
  }
  return kFormats[0];  // kAuto: CSV is what an unknown extension reads as.
}

std::string FileFormatChoices() {
  std::string s;
  for (const auto& f : kFormats) {
    if (!s.empty()) s += ", ";
    s += f.name;
  }
  return s;
}

Result<FileFormat> ParseFileFormat(std::string_view name) {
  if (name == "auto") return FileFormat::kAuto;
  for (const auto& f : kFormats) {
    if (f.name == name) return f.format;
  }
  return InvalidArgumentError(
      fmt::format("unknown file format \"{}\" (expected auto, {})", name,
                  FileFormatChoices()));
}

FileFormat FormatOfPath(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(c));
  if (ext.empty()) return FileFormat::kCsv;
  for (const auto& f : kFormats) {
    std::string_view list = f.extensions;
    while (!list.empty()) {
      size_t space = list.find(' ');
      std::string_view one = list.substr(0, space);
      if (one == ext) return f.format;
      if (space == std::string_view::npos) break;
      list.remove_prefix(space + 1);
    }
  }
  return FileFormat::kCsv;
}

Status SheetOptions::Validate() const {
  if (number < 1) {
    return InvalidArgumentError(
        fmt::format("sheet number must be at least 1, got {}", number));
  }
  if (header_row < 1) {
    return InvalidArgumentError(
        fmt::format("header row must be at least 1, got {}", header_row));
  }
  return Status::Ok();
}

Status TableReadOptions::Validate() const {
  JI_RETURN_IF_ERROR(csv.Validate());
  return sheet.Validate();
}

Result<Table> ReadTableFile(const std::filesystem::path& path,
                            const TableReadOptions& options,
                            TableReadSummary* summary) {
  JI_RETURN_IF_ERROR(options.Validate());
  const FileFormat format =
      options.format == FileFormat::kAuto ? FormatOfPath(path) : options.format;
  switch (format) {
    case FileFormat::kAuto:
    case FileFormat::kCsv: {
      CsvReadSummary csv;
      JI_ASSIGN_OR_RETURN(Table t, ReadCsvFile(path, options.csv, &csv));
      if (summary != nullptr) {
        summary->format = FileFormat::kCsv;
        summary->bytes = csv.bytes;
        summary->rows = csv.rows;
        summary->missing_cells = csv.missing_cells;
        summary->csv = csv;
      }
      return t;
    }
    case FileFormat::kXlsx:
      return ReadXlsxFile(path, options, summary);
    default:
      return ReadStatFile(path, format, options, summary);
  }
}

}  // namespace jobimpact::table
