// Type checking and evaluation of table/expression.h: every node is checked
// against the bound columns before any row is read, then evaluated a column
// at a time.
#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <optional>

#include "jobimpact/table/expression.h"

namespace jobimpact::table {
namespace {

using Node = Expression::Node;
using Op = Node::Op;
using Type = ExpressionType;
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

const char* OpText(Op op) {
  switch (op) {
    case Op::kNegate:
    case Op::kSubtract:
      return "-";
    case Op::kNot:
      return "not";
    case Op::kAdd:
      return "+";
    case Op::kMultiply:
      return "*";
    case Op::kDivide:
      return "/";
    case Op::kLess:
      return "<";
    case Op::kLessEqual:
      return "<=";
    case Op::kGreater:
      return ">";
    case Op::kGreaterEqual:
      return ">=";
    case Op::kEqual:
      return "==";
    case Op::kNotEqual:
      return "!=";
    case Op::kAnd:
      return "and";
    case Op::kOr:
      return "or";
    default:
      return "?";
  }
}

Status ErrorAt(const Node& n, const std::string& what) {
  return InvalidArgumentError(fmt::format("{}:{}: {}", n.line, n.column, what));
}

class Checker {
 public:
  Checker(const Expression& e, const ExpressionColumns& columns)
      : e_(e), columns_(columns) {}

  Result<Type> TypeOf(int index) const {
    const Node& n = e_.nodes()[index];
    switch (n.op) {
      case Op::kNumber:
        return Type::kNumber;
      case Op::kString:
        return Type::kText;
      case Op::kTrue:
      case Op::kFalse:
        return Type::kCondition;
      case Op::kName:
      case Op::kIsMissing: {
        JI_ASSIGN_OR_RETURN(const Column* c, Bound(n));
        if (n.op == Op::kIsMissing) return Type::kCondition;
        return c->type() == ColumnType::kDouble ? Type::kNumber : Type::kText;
      }
      case Op::kNegate:
        JI_RETURN_IF_ERROR(Expect(n, n.left, Type::kNumber));
        return Type::kNumber;
      case Op::kNot:
        JI_RETURN_IF_ERROR(Expect(n, n.left, Type::kCondition));
        return Type::kCondition;
      case Op::kAdd:
      case Op::kSubtract:
      case Op::kMultiply:
      case Op::kDivide:
        JI_RETURN_IF_ERROR(Expect(n, n.left, Type::kNumber));
        JI_RETURN_IF_ERROR(Expect(n, n.right, Type::kNumber));
        return Type::kNumber;
      case Op::kAnd:
      case Op::kOr:
        JI_RETURN_IF_ERROR(Expect(n, n.left, Type::kCondition));
        JI_RETURN_IF_ERROR(Expect(n, n.right, Type::kCondition));
        return Type::kCondition;
      case Op::kEqual:
      case Op::kNotEqual:
        JI_RETURN_IF_ERROR(SameType(n));
        return Type::kCondition;
      default:  // < <= > >=
        JI_RETURN_IF_ERROR(Expect(n, n.left, Type::kNumber));
        JI_RETURN_IF_ERROR(Expect(n, n.right, Type::kNumber));
        return Type::kCondition;
    }
  }

  Result<const Column*> Bound(const Node& n) const {
    auto it = columns_.find(n.text);
    if (it != columns_.end()) return it->second;
    std::string known;
    for (const auto& [name, c] : columns_) {
      known += (known.empty() ? "" : ", ") + name;
    }
    return ErrorAt(n, fmt::format("unknown name \"{}\" (known: {})", n.text,
                                  known.empty() ? "none" : known));
  }

 private:
  Status Expect(const Node& op, int operand, Type want) const {
    JI_ASSIGN_OR_RETURN(Type got, TypeOf(operand));
    if (got == want) return Status::Ok();
    return ErrorAt(
        e_.nodes()[operand],
        fmt::format("\"{}\" takes a {}, and this is a {}", OpText(op.op),
                    ExpressionTypeName(want), ExpressionTypeName(got)));
  }
  // == and !=: one type on both sides; a string compared with a text
  // column must be one of the column's values (a typo is an error, not a
  // condition that is never true).
  Status SameType(const Node& n) const {
    JI_ASSIGN_OR_RETURN(Type a, TypeOf(n.left));
    JI_ASSIGN_OR_RETURN(Type b, TypeOf(n.right));
    if (a != b) {
      return ErrorAt(e_.nodes()[n.right],
                     fmt::format("\"{}\" compares a {} with a {}", OpText(n.op),
                                 ExpressionTypeName(a), ExpressionTypeName(b)));
    }
    if (a != Type::kText) return Status::Ok();
    for (auto [name, value] :
         {std::pair{n.left, n.right}, std::pair{n.right, n.left}}) {
      const Node& nn = e_.nodes()[name];
      const Node& vn = e_.nodes()[value];
      if (nn.op != Op::kName || vn.op != Op::kString) continue;
      const Column* c = columns_.find(nn.text)->second;
      if (c->FindLevel(vn.text) != Column::kMissingCode) continue;
      std::string values;
      for (size_t k = 0; k < c->levels().size() && k < 10; ++k) {
        values += (k ? ", " : "") + c->levels()[k];
      }
      if (c->levels().size() > 10) values += ", ...";
      return ErrorAt(
          vn, fmt::format("\"{}\" is not a value of {} (values: "
                          "{})",
                          vn.text, nn.text, values.empty() ? "none" : values));
    }
    return Status::Ok();
  }

  const Expression& e_;
  const ExpressionColumns& columns_;
};

// Evaluates number and condition nodes to one value per row (NaN missing).
class Evaluator {
 public:
  Evaluator(const Expression& e, const ExpressionColumns& columns, size_t rows)
      : e_(e), columns_(columns), rows_(rows), divided_(rows, 0) {}

  // Rows where a division by zero entered, each once.
  const std::vector<uint8_t>& divided() const { return divided_; }

  std::vector<double> Eval(int index) {
    const Node& n = e_.nodes()[index];
    switch (n.op) {
      case Op::kNumber:
        return std::vector<double>(rows_, n.number);
      case Op::kTrue:
      case Op::kFalse:
        return std::vector<double>(rows_, n.op == Op::kTrue ? 1.0 : 0.0);
      case Op::kName: {
        const auto& v = Column(n).doubles();
        return std::vector<double>(v.begin(), v.begin() + rows_);
      }
      case Op::kIsMissing: {
        std::vector<double> r(rows_);
        const table::Column& c = Column(n);
        for (size_t i = 0; i < rows_; ++i) r[i] = c.IsMissing(i) ? 1 : 0;
        return r;
      }
      case Op::kNegate:
      case Op::kNot:
        return Unary(n.op, Eval(n.left));
      case Op::kEqual:
      case Op::kNotEqual:
        if (IsText(n.left)) return TextEqual(n);
        [[fallthrough]];
      default:
        return Binary(n.op, Eval(n.left), Eval(n.right));
    }
  }

 private:
  const table::Column& Column(const Node& n) const {
    return *columns_.find(n.text)->second;
  }
  bool IsText(int index) const {
    const Node& n = e_.nodes()[index];
    return n.op == Op::kString ||
           (n.op == Op::kName && Column(n).type() == ColumnType::kString);
  }
  // The text of a text node in `row`; nullopt when missing.
  std::optional<std::string_view> Text(const Node& n, size_t row) const {
    if (n.op == Op::kString) return std::string_view(n.text);
    const table::Column& c = Column(n);
    if (c.IsMissing(row)) return std::nullopt;
    return std::string_view(c.text(row));
  }
  std::vector<double> TextEqual(const Node& n) const {
    std::vector<double> r(rows_);
    const Node& a = e_.nodes()[n.left];
    const Node& b = e_.nodes()[n.right];
    for (size_t i = 0; i < rows_; ++i) {
      const auto x = Text(a, i), y = Text(b, i);
      if (!x || !y) {
        r[i] = kNan;
        continue;
      }
      r[i] = (*x == *y) == (n.op == Op::kEqual) ? 1 : 0;
    }
    return r;
  }
  static std::vector<double> Unary(Op op, std::vector<double> v) {
    for (double& x : v) {
      if (!std::isnan(x)) x = op == Op::kNegate ? -x : (x != 0 ? 0 : 1);
    }
    return v;
  }
  std::vector<double> Binary(Op op, std::vector<double> a,
                             const std::vector<double>& b);

  const Expression& e_;
  const ExpressionColumns& columns_;
  size_t rows_;
  std::vector<uint8_t> divided_;
};

std::vector<double> Evaluator::Binary(Op op, std::vector<double> a,
                                      const std::vector<double>& b) {
  for (size_t i = 0; i < rows_; ++i) {
    const double x = a[i], y = b[i];
    // Kleene's logic: a known false decides "and", a known true "or".
    if (op == Op::kAnd) {
      a[i] = (x == 0 || y == 0)                 ? 0
             : (std::isnan(x) || std::isnan(y)) ? kNan
                                                : 1;
      continue;
    }
    if (op == Op::kOr) {
      a[i] = (x == 1 || y == 1)                 ? 1
             : (std::isnan(x) || std::isnan(y)) ? kNan
                                                : 0;
      continue;
    }
    if (std::isnan(x) || std::isnan(y)) {
      a[i] = kNan;
      continue;
    }
    switch (op) {
      case Op::kAdd:
        a[i] = x + y;
        break;
      case Op::kSubtract:
        a[i] = x - y;
        break;
      case Op::kMultiply:
        a[i] = x * y;
        break;
      case Op::kDivide:
        if (y == 0) {
          a[i] = kNan;
          divided_[i] = 1;
        } else {
          a[i] = x / y;
        }
        break;
      case Op::kLess:
        a[i] = x < y;
        break;
      case Op::kLessEqual:
        a[i] = x <= y;
        break;
      case Op::kGreater:
        a[i] = x > y;
        break;
      case Op::kGreaterEqual:
        a[i] = x >= y;
        break;
      case Op::kEqual:
        a[i] = x == y;
        break;
      case Op::kNotEqual:
        a[i] = x != y;
        break;
      default:
        break;
    }
  }
  return a;
}

}  // namespace

Result<ExpressionType> CheckExpression(const Expression& e,
                                       const ExpressionColumns& columns) {
  if (e.root() < 0) return InvalidArgumentError("an empty expression");
  return Checker(e, columns).TypeOf(e.root());
}

Result<ExpressionValues> Evaluate(const Expression& e,
                                  const ExpressionColumns& columns,
                                  size_t rows) {
  JI_ASSIGN_OR_RETURN(ExpressionType type, CheckExpression(e, columns));
  if (type == ExpressionType::kText) {
    return InvalidArgumentError(
        "1:1: the expression is text; it needs a number or a condition "
        "(e.g. compare it: kind == \"...\")");
  }
  for (const auto& [name, c] : columns) {
    if (c->size() < rows) {
      return InvalidArgumentError(fmt::format(
          "column {} has {} rows, fewer than {}", name, c->size(), rows));
    }
  }
  ExpressionValues out;
  out.type = type;
  Evaluator ev(e, columns, rows);
  out.values = ev.Eval(e.root());
  for (size_t i = 0; i < rows; ++i) {
    out.missing += std::isnan(out.values[i]);
    if (ev.divided()[i]) out.divided_by_zero.push_back(i);
  }
  return out;
}

}  // namespace jobimpact::table
