// A typed columnar table: the in-memory form of every input file.
//
// Columns are either numeric (double, missing = NaN: 8 bytes a cell) or text.
// Text columns are dictionary-encoded: each cell is a 4-byte index into the
// column's levels (each distinct string held once), or kMissingCode. The
// levels keep the order in which they were given — first appearance for a
// CSV, label order for a labelled SPSS/Stata/SAS variable — never byte order.
// Rows remember the physical line or row of the source file they came from so
// later validation can name it.
#ifndef JOBIMPACT_TABLE_TABLE_H_
#define JOBIMPACT_TABLE_TABLE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "jobimpact/base/status.h"

namespace jobimpact::table {

enum class ColumnType { kDouble, kString };

const char* ColumnTypeName(ColumnType type);

class Column {
 public:
  static constexpr int32_t kMissingCode = -1;

  // Numeric column; NaN marks a missing value.
  static Column Doubles(std::string name, std::vector<double> values);
  // Text column from plain strings; `missing[i] != 0` marks a missing value.
  // `missing` may be empty (nothing missing) or the same length as `values`.
  static Column Strings(std::string name,
                        const std::vector<std::string>& values,
                        const std::vector<uint8_t>& missing = {});
  // Text column already encoded: every code is kMissingCode or an index into
  // `levels`, whose entries are distinct.
  static Column Coded(std::string name, std::vector<int32_t> codes,
                      std::vector<std::string> levels);

  const std::string& name() const { return name_; }
  ColumnType type() const { return type_; }
  size_t size() const;

  bool IsMissing(size_t row) const;

  // Preconditions: type() == kDouble.
  const std::vector<double>& doubles() const;
  // Preconditions: type() == kString. The level index of each row.
  const std::vector<int32_t>& codes() const;
  // Preconditions: type() == kString. The distinct values in level order.
  const std::vector<std::string>& levels() const;
  // Preconditions: type() == kString. The cell's text ("" when missing).
  const std::string& text(size_t row) const;

  // The cell as text ("" when missing); numbers in shortest round-trip form.
  std::string CellText(size_t row) const;

  // Metadata of labelled files (SPSS, Stata, SAS); empty otherwise.
  // The variable label, shown in messages next to the name.
  const std::string& label() const { return label_; }
  void set_label(std::string label) { label_ = std::move(label); }
  // For a text column made from a labelled numeric variable: the code of
  // each level as text ("1", "2"), parallel to levels(), so that filters may
  // name either the label or the code.
  const std::vector<std::string>& level_codes() const { return level_codes_; }
  void set_level_codes(std::vector<std::string> codes);

  // Preconditions: type() == kString. The level whose text — or, in a
  // labelled column, whose code — is `value`; kMissingCode if none.
  int32_t FindLevel(std::string_view value) const;

  // "name" or "name (label)" for messages.
  std::string DisplayName() const;

 private:
  std::string name_;
  ColumnType type_ = ColumnType::kDouble;
  std::vector<double> doubles_;
  std::vector<int32_t> codes_;
  std::vector<std::string> levels_;
  std::string label_;
  std::vector<std::string> level_codes_;
};

// Builds the levels of a text column: Intern returns the index of a value,
// adding it at the end the first time it is seen (first-appearance order).
class LevelIndex {
 public:
  int32_t Intern(std::string_view value);
  // Index of `value`, or Column::kMissingCode if it was never interned.
  int32_t Find(std::string_view value) const;
  size_t size() const { return levels_.size(); }
  // Moves the levels out; the index is empty afterwards.
  std::vector<std::string> TakeLevels();

 private:
  void Grow();
  std::vector<std::string> levels_;
  std::vector<uint64_t> hashes_;
  // Open addressing: slot holds level index + 1, 0 when empty.
  std::vector<uint32_t> slots_;
};

class Table {
 public:
  Table() = default;
  // `source` names where the data came from (a file path) for messages.
  explicit Table(std::string source) : source_(std::move(source)) {}

  const std::string& source() const { return source_; }
  size_t num_rows() const { return num_rows_; }
  size_t num_columns() const { return columns_.size(); }
  const std::vector<Column>& columns() const { return columns_; }
  const Column& column(size_t i) const { return columns_[i]; }

  // Adds a column. Fails on a duplicate name or a length that differs from
  // the existing columns. Constant time (a name index, not a scan).
  Status AddColumn(Column column);

  // nullptr if there is no column of that name. Constant time.
  const Column* Find(const std::string& name) const;
  // NotFound naming the source and listing the available columns.
  Result<const Column*> Get(const std::string& name) const;

  // Where data row `row` sits in the source, as its own viewer numbers it:
  // the physical line of a text file, the sheet row of a workbook, the case
  // number of an SPSS/Stata/SAS file. Defaults to row + 2 (a header line, no
  // blank or multi-line records) unless the reader recorded otherwise.
  int64_t LineOfRow(size_t row) const;
  void SetRowLines(std::vector<int64_t> lines) {
    row_lines_ = std::move(lines);
  }
  // Without row lines: row r is numbered r + `first` (2 after a header
  // line, 1 for the cases of a statistical file).
  void SetFirstRowNumber(int64_t first) { first_row_number_ = first; }

 private:
  std::string source_;
  size_t num_rows_ = 0;
  std::vector<Column> columns_;
  std::unordered_map<std::string, size_t> index_;
  std::vector<int64_t> row_lines_;
  int64_t first_row_number_ = 2;
};

}  // namespace jobimpact::table

#endif  // JOBIMPACT_TABLE_TABLE_H_
