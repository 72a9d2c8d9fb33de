#include "jobimpact/table/table.h"

#include <cassert>
#include <charconv>
#include <cmath>

namespace jobimpact::table {

const char* ColumnTypeName(ColumnType type) {
  return type == ColumnType::kDouble ? "number" : "text";
}

Column Column::Doubles(std::string name, std::vector<double> values) {
  Column c;
  c.name_ = std::move(name);
  c.type_ = ColumnType::kDouble;
  c.doubles_ = std::move(values);
  return c;
}

Column Column::Strings(std::string name, std::vector<std::string> values,
                       std::vector<uint8_t> missing) {
  assert(missing.empty() || missing.size() == values.size());
  Column c;
  c.name_ = std::move(name);
  c.type_ = ColumnType::kString;
  c.strings_ = std::move(values);
  c.string_missing_ = std::move(missing);
  return c;
}

size_t Column::size() const {
  return type_ == ColumnType::kDouble ? doubles_.size() : strings_.size();
}

bool Column::IsMissing(size_t row) const {
  if (type_ == ColumnType::kDouble) return std::isnan(doubles_[row]);
  return !string_missing_.empty() && string_missing_[row] != 0;
}

const std::vector<double>& Column::doubles() const {
  assert(type_ == ColumnType::kDouble);
  return doubles_;
}

const std::vector<std::string>& Column::strings() const {
  assert(type_ == ColumnType::kString);
  return strings_;
}

std::string Column::CellText(size_t row) const {
  if (IsMissing(row)) return "";
  if (type_ == ColumnType::kString) return strings_[row];
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), doubles_[row]);
  return std::string(buf, res.ptr);
}

Status Table::AddColumn(Column column) {
  if (Find(column.name()) != nullptr) {
    return InvalidArgumentError(source_ + ": duplicate column name \"" +
                                column.name() + "\"");
  }
  if (!columns_.empty() && column.size() != num_rows_) {
    return InternalError(source_ + ": column \"" + column.name() + "\" has " +
                         std::to_string(column.size()) + " rows, expected " +
                         std::to_string(num_rows_));
  }
  num_rows_ = column.size();
  columns_.push_back(std::move(column));
  return Status::Ok();
}

const Column* Table::Find(const std::string& name) const {
  for (const auto& c : columns_) {
    if (c.name() == name) return &c;
  }
  return nullptr;
}

Result<const Column*> Table::Get(const std::string& name) const {
  if (const Column* c = Find(name)) return c;
  std::string available;
  for (const auto& c : columns_) {
    if (!available.empty()) available += ", ";
    available += "\"" + c.name() + "\"";
  }
  return NotFoundError(source_ + ": no column \"" + name +
                       "\" (columns are: " + available + ")");
}

int64_t Table::LineOfRow(size_t row) const {
  if (row < row_lines_.size()) return row_lines_[row];
  return static_cast<int64_t>(row) + 2;
}

}  // namespace jobimpact::table
