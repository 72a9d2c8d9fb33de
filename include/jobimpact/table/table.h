// A typed columnar table: the in-memory form of every input file.
//
// Columns are either numeric (double, missing = NaN) or text (UTF-8 strings
// with an explicit missing flag). Rows remember the physical line of the
// source file they came from so later validation can name it.
#ifndef JOBIMPACT_TABLE_TABLE_H_
#define JOBIMPACT_TABLE_TABLE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "jobimpact/base/status.h"

namespace jobimpact::table {

enum class ColumnType { kDouble, kString };

const char* ColumnTypeName(ColumnType type);

class Column {
 public:
  // Numeric column; NaN marks a missing value.
  static Column Doubles(std::string name, std::vector<double> values);
  // Text column; `missing[i] != 0` marks a missing value. `missing` may be
  // empty (nothing missing) or the same length as `values`.
  static Column Strings(std::string name, std::vector<std::string> values,
                        std::vector<uint8_t> missing = {});

  const std::string& name() const { return name_; }
  ColumnType type() const { return type_; }
  size_t size() const;

  bool IsMissing(size_t row) const;

  // Preconditions: type() == kDouble / kString respectively.
  const std::vector<double>& doubles() const;
  const std::vector<std::string>& strings() const;

  // The cell as text ("" when missing); numbers in shortest round-trip form.
  std::string CellText(size_t row) const;

 private:
  std::string name_;
  ColumnType type_ = ColumnType::kDouble;
  std::vector<double> doubles_;
  std::vector<std::string> strings_;
  std::vector<uint8_t> string_missing_;
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
  // the existing columns.
  Status AddColumn(Column column);

  // nullptr if there is no column of that name.
  const Column* Find(const std::string& name) const;
  // NotFound naming the source and listing the available columns.
  Result<const Column*> Get(const std::string& name) const;

  // Physical line (1-based) in the source file of data row `row`. Defaults to
  // row + 2 (a header line, no blank or multi-line records) unless the reader
  // recorded otherwise.
  int64_t LineOfRow(size_t row) const;
  void SetRowLines(std::vector<int64_t> lines) {
    row_lines_ = std::move(lines);
  }

 private:
  std::string source_;
  size_t num_rows_ = 0;
  std::vector<Column> columns_;
  std::vector<int64_t> row_lines_;
};

}  // namespace jobimpact::table

#endif  // JOBIMPACT_TABLE_TABLE_H_
