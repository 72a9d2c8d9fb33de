// Expressions over the columns of one row, for indicators a study defines
// from a unit's own answers (docs/study-format.md, "Entity-level
// indicators"): `staff_16_29 / employees > 0.5 and not is_missing(insured)`.
//
// Grammar (lowest precedence first; keywords are lower case):
//   expression := or
//   or         := and { "or" and }
//   and        := not { "and" not }
//   not        := "not" not | comparison
//   comparison := sum [ ("<" | "<=" | ">" | ">=" | "==" | "!=") sum ]
//   sum        := product { ("+" | "-") product }
//   product    := unary { ("*" | "/") unary }
//   unary      := "-" unary | atom
//   atom       := NUMBER | STRING | NAME | "true" | "false"
//               | "is_missing" "(" NAME ")" | "(" expression ")"
// NUMBER is decimal (`0.5`, `1e3`); STRING is in double or single quotes
// (`"否"`, backslash escapes the quote); NAME is [A-Za-z_][A-Za-z0-9_]*, a
// column (for a study: a column role of the survey).
//
// Types: a numeric column, a number and arithmetic are numbers; a text
// column and a string are text; comparisons, and/or/not, is_missing, true
// and false are conditions. < <= > >= compare numbers, == and != two values
// of one type; arithmetic takes numbers, and/or/not conditions. A string
// compared with a text column must be one of its values.
//
// Missing values: arithmetic and comparisons with a missing operand are
// missing; x / 0 is missing too, and counted. and/or follow Kleene's
// three-valued logic (false and missing = false, true or missing = true);
// is_missing(x) is never missing.
#ifndef JOBIMPACT_TABLE_EXPRESSION_H_
#define JOBIMPACT_TABLE_EXPRESSION_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/table/table.h"

namespace jobimpact::table {

enum class ExpressionType { kNumber, kText, kCondition };
const char* ExpressionTypeName(ExpressionType type);

class Expression {
 public:
  // Parses `text`. InvalidArgument "LINE:COLUMN: what was expected" (both
  // from 1, columns in characters) for a syntax error.
  [[nodiscard]] static Result<Expression> Parse(std::string_view text);

  const std::string& text() const { return text_; }
  // The names it refers to, each once, in order of first appearance.
  std::vector<std::string> Names() const;

  // One node of the syntax tree (public for the evaluator in the .cc).
  struct Node {
    enum class Op {
      kNumber,
      kString,
      kName,
      kTrue,
      kFalse,
      kIsMissing,
      kNegate,
      kNot,
      kAdd,
      kSubtract,
      kMultiply,
      kDivide,
      kLess,
      kLessEqual,
      kGreater,
      kGreaterEqual,
      kEqual,
      kNotEqual,
      kAnd,
      kOr
    };
    Op op = Op::kNumber;
    double number = 0;
    std::string text;  // kString: the value; kName, kIsMissing: the name.
    int left = -1, right = -1;  // Operand node indexes.
    int line = 1, column = 1;   // Where the node starts in text().
  };
  const std::vector<Node>& nodes() const { return nodes_; }
  int root() const { return root_; }

 private:
  std::string text_;
  std::vector<Node> nodes_;
  int root_ = -1;
};

// Columns by the names an expression uses. Not owned.
using ExpressionColumns = std::map<std::string, const Column*, std::less<>>;

// The type of `e` with its names bound to `columns`. InvalidArgument
// "LINE:COLUMN: ..." for an unknown name (listing the known ones), operands
// of the wrong type, or a string that is not a value of the text column it
// is compared with.
[[nodiscard]] Result<ExpressionType> CheckExpression(
    const Expression& e, const ExpressionColumns& columns);

struct ExpressionValues {
  ExpressionType type = ExpressionType::kNumber;
  // One per row: the number, 1 / 0 for a condition, NaN when missing.
  // (A text expression has no values: Evaluate refuses it.)
  std::vector<double> values;
  int64_t missing = 0;  // Rows whose value is missing.
  // The rows where a division by zero entered, in order (their value is
  // missing unless Kleene's logic decided it without the quotient).
  std::vector<size_t> divided_by_zero;
};

// Evaluates `e` on the `rows` rows of `columns` (each column has at least
// that many). Errors as CheckExpression, and InvalidArgument for a text
// expression (it has no numeric value).
[[nodiscard]] Result<ExpressionValues> Evaluate(
    const Expression& e, const ExpressionColumns& columns, size_t rows);

}  // namespace jobimpact::table

#endif  // JOBIMPACT_TABLE_EXPRESSION_H_
