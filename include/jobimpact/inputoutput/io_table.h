// Input-output tables: intermediate flows Z, gross output x, and the other
// rows (value added) and columns (final use) of the table as published.
//
// Layouts read by ReadIoTable:
//  * kNbs: the NBS competitive-import tables of data/io/ (cn2017_149.csv,
//    cn2018_153.csv, cn2020_153.csv): columns code, name_en, name_zh, one per
//    sector, then totals and final-use columns ending with GO; rows one per
//    sector, then TII, VA001..VA004, TVA, TI. Total rows/columns (TII, TVA,
//    TI, TIU, THC, TC, GCF, TFU) are checked against their parts, not stored.
//  * kMatrix: a generic labelled matrix: column `code` (optional `name_zh`,
//    `name_en`), one column per sector whose header equals a row code, a
//    column `GO` (gross output), any other columns as final demand; rows
//    whose code is not a sector are value-added rows.
//  * kPymrio: a directory saved by pymrio (IOSystem.save, text format):
//    file_parameters.json naming tab-separated files Z (required), Y
//    (required) and x (optional; else Z 1 + Y 1), each with its count of
//    header rows and index columns; value added from an extension
//    subdirectory named factor_inputs (its F file), if present. Multi-level
//    labels are joined with "/" ("CN/food"); name_en is the last level.
// In all, the sectors are the codes that appear as a row label and as a
// column header, in the same order; anything else is an error.
// Units are those of the file (the NBS tables are in 10,000 yuan).
#ifndef JOBIMPACT_INPUTOUTPUT_IO_TABLE_H_
#define JOBIMPACT_INPUTOUTPUT_IO_TABLE_H_

#include <Eigen/Dense>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "jobimpact/base/status.h"

namespace jobimpact::inputoutput {

enum class IoLayout { kNbs, kMatrix, kPymrio };

Result<IoLayout> ParseIoLayout(const std::string& name);
const char* IoLayoutName(IoLayout layout);

struct IoTable {
  std::string source;  // File the table was read from.
  std::vector<std::string> codes;
  std::vector<std::string> names_zh;  // Empty strings when not given.
  std::vector<std::string> names_en;
  Eigen::MatrixXd z;  // n x n intermediate flows (row sells to column).
  Eigen::VectorXd gross_output;  // n.
  std::vector<std::string> final_use_names;
  Eigen::MatrixXd final_use;  // n x k (columns after the sectors).
  std::vector<std::string> value_added_names;
  Eigen::MatrixXd value_added;  // m x n (rows after the sectors).
  // Competitive-import tables (the default) show imports as a final-use
  // column (NBS: IM) and z mixes domestic and imported inputs. In
  // non-competitive tables z and final_use hold the domestic rows only and
  // the imported rows are kept here (same shapes as z and final_use).
  bool competitive_imports = true;
  Eigen::MatrixXd z_imported;
  Eigen::MatrixXd final_use_imported;
  // Currency units per table unit (NBS: 10,000 yuan); 0 when not known.
  double unit_in_currency = 0.0;
  std::string unit_name;  // E.g. "10,000 yuan"; empty when not known.

  size_t size() const { return codes.size(); }
  // Index of a sector code, or nullopt.
  std::optional<size_t> IndexOf(const std::string& code) const;
  std::optional<size_t> FinalUseIndex(const std::string& name) const;
  std::optional<size_t> ValueAddedIndex(const std::string& name) const;
  // "123 互联网和相关服务 (Internet and related services)" for messages.
  std::string Describe(size_t i) const;
};

// Reads and checks a table: numeric cells, square intermediate block, labels
// that agree, gross output present, finite and not negative; NBS total rows
// and columns equal to the sums of their parts within `rel_tolerance`.
Result<IoTable> ReadIoTable(const std::filesystem::path& path, IoLayout layout,
                            double rel_tolerance = 1e-6);

// The kPymrio reader (pymrio_reader.cc); `dir` is the saved directory.
Result<IoTable> ReadPymrioTable(const std::filesystem::path& dir,
                                double rel_tolerance = 1e-6);

}  // namespace jobimpact::inputoutput

#endif  // JOBIMPACT_INPUTOUTPUT_IO_TABLE_H_
