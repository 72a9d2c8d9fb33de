#include "jobimpact/table/describe.h"

#include <cmath>
#include <limits>
#include <unordered_set>

namespace jobimpact::table {
namespace {

void DescribeText(const Column& c, ColumnDescription* d) {
  const auto& levels = c.levels();
  std::vector<int64_t> counts(levels.size(), 0);
  for (int32_t code : c.codes()) {
    if (code == Column::kMissingCode) {
      ++d->missing;
    } else {
      ++counts[static_cast<size_t>(code)];
    }
  }
  d->values = static_cast<int64_t>(c.size()) - d->missing;
  const auto& codes = c.level_codes();
  for (size_t i = 0; i < levels.size(); ++i) {
    d->levels.push_back(
        {levels[i], codes.empty() ? std::string() : codes[i], counts[i]});
  }
}

void DescribeNumbers(const Column& c, ColumnDescription* d) {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  double sum = 0;
  std::unordered_set<double> distinct;
  for (double v : c.doubles()) {
    if (std::isnan(v)) {
      ++d->missing;
      continue;
    }
    ++d->values;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    sum += v;
    if (distinct.size() < 1000000) distinct.insert(v);
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  d->min = d->values ? lo : nan;
  d->max = d->values ? hi : nan;
  d->mean = d->values ? sum / static_cast<double>(d->values) : nan;
  d->distinct = static_cast<int64_t>(distinct.size());
}

}  // namespace

TableDescription DescribeTable(const Table& table) {
  TableDescription out;
  out.source = table.source();
  out.rows = static_cast<int64_t>(table.num_rows());
  for (const Column& c : table.columns()) {
    ColumnDescription d;
    d.name = c.name();
    d.label = c.label();
    d.type = c.type();
    if (c.type() == ColumnType::kString) {
      DescribeText(c, &d);
    } else {
      DescribeNumbers(c, &d);
    }
    out.columns.push_back(std::move(d));
  }
  return out;
}

}  // namespace jobimpact::table
