#include "jobimpact/table/table.h"

#include <cassert>
#include <charconv>
#include <cmath>
#include <functional>

namespace jobimpact::table {
namespace {

const std::string& EmptyText() {
  static const std::string* empty = new std::string();
  return *empty;
}

}  // namespace

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

Column Column::Strings(std::string name, const std::vector<std::string>& values,
                       const std::vector<uint8_t>& missing) {
  assert(missing.empty() || missing.size() == values.size());
  LevelIndex index;
  std::vector<int32_t> codes(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    codes[i] = !missing.empty() && missing[i] != 0 ? kMissingCode
                                                   : index.Intern(values[i]);
  }
  return Coded(std::move(name), std::move(codes), index.TakeLevels());
}

Column Column::Coded(std::string name, std::vector<int32_t> codes,
                     std::vector<std::string> levels) {
  Column c;
  c.name_ = std::move(name);
  c.type_ = ColumnType::kString;
  c.codes_ = std::move(codes);
  c.levels_ = std::move(levels);
#ifndef NDEBUG
  for (int32_t code : c.codes_) {
    assert(code == kMissingCode ||
           (code >= 0 && static_cast<size_t>(code) < c.levels_.size()));
  }
#endif
  return c;
}

size_t Column::size() const {
  return type_ == ColumnType::kDouble ? doubles_.size() : codes_.size();
}

bool Column::IsMissing(size_t row) const {
  if (type_ == ColumnType::kDouble) return std::isnan(doubles_[row]);
  return codes_[row] == kMissingCode;
}

const std::vector<double>& Column::doubles() const {
  assert(type_ == ColumnType::kDouble);
  return doubles_;
}

const std::vector<int32_t>& Column::codes() const {
  assert(type_ == ColumnType::kString);
  return codes_;
}

const std::vector<std::string>& Column::levels() const {
  assert(type_ == ColumnType::kString);
  return levels_;
}

const std::string& Column::text(size_t row) const {
  assert(type_ == ColumnType::kString);
  const int32_t code = codes_[row];
  return code == kMissingCode ? EmptyText()
                              : levels_[static_cast<size_t>(code)];
}

std::string Column::CellText(size_t row) const {
  if (IsMissing(row)) return "";
  if (type_ == ColumnType::kString) return text(row);
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), doubles_[row]);
  return std::string(buf, res.ptr);
}

void Column::set_level_codes(std::vector<std::string> codes) {
  assert(type_ == ColumnType::kString && codes.size() == levels_.size());
  level_codes_ = std::move(codes);
}

int32_t Column::FindLevel(std::string_view value) const {
  assert(type_ == ColumnType::kString);
  for (size_t i = 0; i < levels_.size(); ++i) {
    if (levels_[i] == value) return static_cast<int32_t>(i);
  }
  for (size_t i = 0; i < level_codes_.size(); ++i) {
    if (level_codes_[i] == value) return static_cast<int32_t>(i);
  }
  return kMissingCode;
}

std::string Column::DisplayName() const {
  if (label_.empty() || label_ == name_) return name_;
  return name_ + " (" + label_ + ")";
}

// Open addressing with linear probing at load <= 1/2; each level's hash is
// kept so that growing never rehashes the strings.
int32_t LevelIndex::Intern(std::string_view value) {
  if (slots_.size() < 2 * (levels_.size() + 1)) Grow();
  const uint64_t h = std::hash<std::string_view>()(value);
  const size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const uint32_t s = slots_[i];
    if (s == 0) {
      levels_.emplace_back(value);
      hashes_.push_back(h);
      slots_[i] = static_cast<uint32_t>(levels_.size());
      return static_cast<int32_t>(levels_.size() - 1);
    }
    if (hashes_[s - 1] == h && levels_[s - 1] == value) {
      return static_cast<int32_t>(s - 1);
    }
  }
}

int32_t LevelIndex::Find(std::string_view value) const {
  if (slots_.empty()) return Column::kMissingCode;
  const uint64_t h = std::hash<std::string_view>()(value);
  const size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const uint32_t s = slots_[i];
    if (s == 0) return Column::kMissingCode;
    if (hashes_[s - 1] == h && levels_[s - 1] == value) {
      return static_cast<int32_t>(s - 1);
    }
  }
}

void LevelIndex::Grow() {
  size_t n = slots_.empty() ? 16 : slots_.size() * 2;
  std::vector<uint32_t> slots(n, 0);
  const size_t mask = n - 1;
  for (size_t k = 0; k < levels_.size(); ++k) {
    size_t i = hashes_[k] & mask;
    while (slots[i] != 0) i = (i + 1) & mask;
    slots[i] = static_cast<uint32_t>(k + 1);
  }
  slots_ = std::move(slots);
}

std::vector<std::string> LevelIndex::TakeLevels() {
  std::vector<std::string> out = std::move(levels_);
  levels_.clear();
  hashes_.clear();
  slots_.clear();
  return out;
}

Status Table::AddColumn(Column column) {
  if (index_.count(column.name()) != 0) {
    return InvalidArgumentError(source_ + ": duplicate column name \"" +
                                column.name() + "\"");
  }
  if (!columns_.empty() && column.size() != num_rows_) {
    return InternalError(source_ + ": column \"" + column.name() + "\" has " +
                         std::to_string(column.size()) + " rows, expected " +
                         std::to_string(num_rows_));
  }
  num_rows_ = column.size();
  index_.emplace(column.name(), columns_.size());
  columns_.push_back(std::move(column));
  return Status::Ok();
}

const Column* Table::Find(const std::string& name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &columns_[it->second];
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
  return static_cast<int64_t>(row) + first_row_number_;
}

}  // namespace jobimpact::table
