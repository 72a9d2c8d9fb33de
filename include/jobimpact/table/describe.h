// What a user checks first in a data file: its columns, their types, the
// levels of text columns with counts, the range of numeric ones and the
// missing values of each (`jobimpact survey describe`).
#ifndef JOBIMPACT_TABLE_DESCRIBE_H_
#define JOBIMPACT_TABLE_DESCRIBE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "jobimpact/table/table.h"

namespace jobimpact::table {

struct LevelCount {
  std::string level;
  std::string code;  // The value's code in a labelled file; else empty.
  int64_t count = 0;
};

struct ColumnDescription {
  std::string name;
  std::string label;  // Variable label of a labelled file; else empty.
  ColumnType type = ColumnType::kDouble;
  int64_t values = 0;   // Non-missing cells.
  int64_t missing = 0;  // Missing cells.
  // Text: every level in level order (file or first-appearance order), with
  // the rows holding it (0 for a label no row uses).
  std::vector<LevelCount> levels;
  // Numeric: over the non-missing values (NaN when there are none).
  double min = 0, mean = 0, max = 0;
  int64_t distinct = 0;  // Numeric: distinct values.
};

struct TableDescription {
  std::string source;
  int64_t rows = 0;
  std::vector<ColumnDescription> columns;
};

TableDescription DescribeTable(const Table& table);

}  // namespace jobimpact::table

#endif  // JOBIMPACT_TABLE_DESCRIBE_H_
