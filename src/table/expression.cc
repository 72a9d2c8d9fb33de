// A recursive-descent parser for the grammar in the header, a type checker
// and a column-at-a-time evaluator (one vector per node, so a row loop never
// dispatches on the node kind).
#include "jobimpact/table/expression.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

namespace jobimpact::table {
namespace {

using Op = Expression::Node::Op;

enum class Tok { kEnd, kNumber, kString, kName, kSymbol };

struct Token {
  Tok kind = Tok::kEnd;
  std::string text;  // Symbol, name or string value.
  double number = 0;
  int line = 1, column = 1;
};

Status ErrorAt(int line, int column, const std::string& what) {
  return InvalidArgumentError(fmt::format("{}:{}: {}", line, column, what));
}

// Splits the text into tokens, tracking line and column (in characters:
// UTF-8 continuation bytes do not advance the column).
class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  Result<std::vector<Token>> Run() {
    std::vector<Token> out;
    while (true) {
      SkipSpace();
      Token t;
      t.line = line_;
      t.column = column_;
      if (i_ >= s_.size()) {
        out.push_back(t);
        return out;
      }
      JI_RETURN_IF_ERROR(Next(&t));
      out.push_back(std::move(t));
    }
  }

 private:
  void Advance() {
    if (s_[i_] == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(s_[i_]) & 0xC0) != 0x80) {
      ++column_;
    }
    ++i_;
  }
  void SkipSpace() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' ||
                              s_[i_] == '\n' || s_[i_] == '\r')) {
      Advance();
    }
  }
  static bool NameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }
  static bool NameChar(char c) {
    return NameStart(c) || (c >= '0' && c <= '9');
  }

  Status Next(Token* t) {
    const char c = s_[i_];
    if ((c >= '0' && c <= '9') || c == '.') return Number(t);
    if (c == '"' || c == '\'') return String(t);
    if (NameStart(c)) {
      t->kind = Tok::kName;
      while (i_ < s_.size() && NameChar(s_[i_])) {
        t->text += s_[i_];
        Advance();
      }
      return Status::Ok();
    }
    for (const char* sym :
         {"<=", ">=", "==", "!=", "<", ">", "+", "-", "*", "/", "(", ")"}) {
      const std::string_view v(sym);
      if (s_.substr(i_, v.size()) == v) {
        t->kind = Tok::kSymbol;
        t->text = std::string(v);
        for (size_t k = 0; k < v.size(); ++k) Advance();
        return Status::Ok();
      }
    }
    if (c == '=') return ErrorAt(line_, column_, "\"=\" : compare with \"==\"");
    if (c == '&' || c == '|') {
      return ErrorAt(line_, column_,
                     fmt::format("\"{}\": write \"and\" / \"or\"", c));
    }
    // The whole character, for a readable message.
    size_t end = i_ + 1;
    while (end < s_.size() &&
           (static_cast<unsigned char>(s_[end]) & 0xC0) == 0x80) {
      ++end;
    }
    return ErrorAt(line_, column_,
                   fmt::format("unexpected \"{}\"", s_.substr(i_, end - i_)));
  }

  Status Number(Token* t) {
    size_t end = i_;
    while (end < s_.size() &&
           ((s_[end] >= '0' && s_[end] <= '9') || s_[end] == '.' ||
            s_[end] == 'e' || s_[end] == 'E' ||
            ((s_[end] == '+' || s_[end] == '-') && end > i_ &&
             (s_[end - 1] == 'e' || s_[end - 1] == 'E')))) {
      ++end;
    }
    const std::string text(s_.substr(i_, end - i_));
    char* stop = nullptr;
    const double v = std::strtod(text.c_str(), &stop);
    if (stop != text.c_str() + text.size() || !std::isfinite(v)) {
      return ErrorAt(line_, column_,
                     fmt::format("\"{}\" is not a number", text));
    }
    t->kind = Tok::kNumber;
    t->number = v;
    t->text = text;
    while (i_ < end) Advance();
    return Status::Ok();
  }

  Status String(Token* t) {
    const char quote = s_[i_];
    const int line = line_, column = column_;
    Advance();
    while (i_ < s_.size() && s_[i_] != quote) {
      if (s_[i_] == '\\' && i_ + 1 < s_.size()) Advance();
      t->text += s_[i_];
      Advance();
    }
    if (i_ >= s_.size()) {
      return ErrorAt(line, column, "string without its closing quote");
    }
    Advance();
    t->kind = Tok::kString;
    return Status::Ok();
  }

  std::string_view s_;
  size_t i_ = 0;
  int line_ = 1, column_ = 1;
};

std::string Describe(const Token& t) {
  switch (t.kind) {
    case Tok::kEnd:
      return "the end";
    case Tok::kString:
      return "the string \"" + t.text + "\"";
    default:
      return "\"" + t.text + "\"";
  }
}

// Recursive descent, one function per grammar rule.
class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

  Result<int> Run() {
    JI_ASSIGN_OR_RETURN(int root, Or());
    if (Peek().kind != Tok::kEnd) {
      return ErrorAt(
          Peek().line, Peek().column,
          "expected an operator or the end, found " + Describe(Peek()));
    }
    return root;
  }
  std::vector<Expression::Node> TakeNodes() { return std::move(nodes_); }

 private:
  const Token& Peek() const { return t_[k_]; }
  bool IsWord(const char* w) const {
    return Peek().kind == Tok::kName && Peek().text == w;
  }
  bool IsSymbol(const char* s) const {
    return Peek().kind == Tok::kSymbol && Peek().text == s;
  }
  int Add(Op op, const Token& at, int left = -1, int right = -1) {
    Expression::Node n;
    n.op = op;
    n.left = left;
    n.right = right;
    n.line = at.line;
    n.column = at.column;
    nodes_.push_back(std::move(n));
    return static_cast<int>(nodes_.size()) - 1;
  }
  // left op right, the node placed where the left operand starts.
  int Binary(Op op, int left, int right) {
    Expression::Node n;
    n.op = op;
    n.left = left;
    n.right = right;
    n.line = nodes_[left].line;
    n.column = nodes_[left].column;
    nodes_.push_back(std::move(n));
    return static_cast<int>(nodes_.size()) - 1;
  }

  Result<int> Or() {
    JI_ASSIGN_OR_RETURN(int left, And());
    while (IsWord("or")) {
      ++k_;
      JI_ASSIGN_OR_RETURN(int right, And());
      left = Binary(Op::kOr, left, right);
    }
    return left;
  }
  Result<int> And() {
    JI_ASSIGN_OR_RETURN(int left, Not());
    while (IsWord("and")) {
      ++k_;
      JI_ASSIGN_OR_RETURN(int right, Not());
      left = Binary(Op::kAnd, left, right);
    }
    return left;
  }
  Result<int> Not() {
    if (!IsWord("not")) return Comparison();
    const Token at = Peek();
    ++k_;
    JI_ASSIGN_OR_RETURN(int operand, Not());
    return Add(Op::kNot, at, operand);
  }
  Result<int> Comparison() {
    JI_ASSIGN_OR_RETURN(int left, Sum());
    static const std::pair<const char*, Op> kOps[] = {
        {"<", Op::kLess},    {"<=", Op::kLessEqual},
        {">", Op::kGreater}, {">=", Op::kGreaterEqual},
        {"==", Op::kEqual},  {"!=", Op::kNotEqual}};
    for (const auto& [symbol, op] : kOps) {
      if (!IsSymbol(symbol)) continue;
      ++k_;
      JI_ASSIGN_OR_RETURN(int right, Sum());
      return Binary(op, left, right);
    }
    return left;
  }
  Result<int> Sum() {
    JI_ASSIGN_OR_RETURN(int left, Product());
    while (IsSymbol("+") || IsSymbol("-")) {
      const Op op = Peek().text == "+" ? Op::kAdd : Op::kSubtract;
      ++k_;
      JI_ASSIGN_OR_RETURN(int right, Product());
      left = Binary(op, left, right);
    }
    return left;
  }
  Result<int> Product() {
    JI_ASSIGN_OR_RETURN(int left, Unary());
    while (IsSymbol("*") || IsSymbol("/")) {
      const Op op = Peek().text == "*" ? Op::kMultiply : Op::kDivide;
      ++k_;
      JI_ASSIGN_OR_RETURN(int right, Unary());
      left = Binary(op, left, right);
    }
    return left;
  }
  Result<int> Unary() {
    if (!IsSymbol("-")) return Atom();
    const Token at = Peek();
    ++k_;
    JI_ASSIGN_OR_RETURN(int operand, Unary());
    return Add(Op::kNegate, at, operand);
  }
  Result<int> Atom();
  Result<int> IsMissing(const Token& at);

  std::vector<Token> t_;
  size_t k_ = 0;
  std::vector<Expression::Node> nodes_;
};

Result<int> Parser::Atom() {
  const Token at = Peek();
  switch (at.kind) {
    case Tok::kNumber: {
      ++k_;
      const int n = Add(Op::kNumber, at);
      nodes_[n].number = at.number;
      return n;
    }
    case Tok::kString: {
      ++k_;
      const int n = Add(Op::kString, at);
      nodes_[n].text = at.text;
      return n;
    }
    case Tok::kName: {
      if (at.text == "and" || at.text == "or" || at.text == "not") break;
      ++k_;
      if (at.text == "true") return Add(Op::kTrue, at);
      if (at.text == "false") return Add(Op::kFalse, at);
      if (at.text == "is_missing") return IsMissing(at);
      const int n = Add(Op::kName, at);
      nodes_[n].text = at.text;
      return n;
    }
    case Tok::kSymbol:
      if (at.text != "(") break;
      {
        ++k_;
        JI_ASSIGN_OR_RETURN(int inner, Or());
        if (!IsSymbol(")")) {
          return ErrorAt(Peek().line, Peek().column,
                         "expected \")\" closing the \"(\" at " +
                             fmt::format("{}:{}", at.line, at.column) +
                             ", found " + Describe(Peek()));
        }
        ++k_;
        return inner;
      }
    case Tok::kEnd:
      break;
  }
  return ErrorAt(
      at.line, at.column,
      "expected a number, a string, a name or \"(\", found " + Describe(at));
}

Result<int> Parser::IsMissing(const Token& at) {
  if (!IsSymbol("(")) {
    return ErrorAt(
        Peek().line, Peek().column,
        "expected \"(\" after is_missing, found " + Describe(Peek()));
  }
  ++k_;
  const Token name = Peek();
  if (name.kind != Tok::kName) {
    return ErrorAt(name.line, name.column,
                   "is_missing takes a name, found " + Describe(name));
  }
  ++k_;
  if (!IsSymbol(")")) {
    return ErrorAt(Peek().line, Peek().column,
                   "expected \")\" after is_missing(" + name.text + ", found " +
                       Describe(Peek()));
  }
  ++k_;
  const int n = Add(Op::kIsMissing, at);
  nodes_[n].text = name.text;
  return n;
}

}  // namespace

const char* ExpressionTypeName(ExpressionType type) {
  switch (type) {
    case ExpressionType::kNumber:
      return "number";
    case ExpressionType::kText:
      return "text";
    case ExpressionType::kCondition:
      return "condition";
  }
  return "?";
}

Result<Expression> Expression::Parse(std::string_view text) {
  JI_ASSIGN_OR_RETURN(std::vector<Token> tokens, Lexer(text).Run());
  if (tokens.size() == 1) return ErrorAt(1, 1, "the expression is empty");
  Parser parser(std::move(tokens));
  JI_ASSIGN_OR_RETURN(int root, parser.Run());
  Expression e;
  e.text_ = std::string(text);
  e.nodes_ = parser.TakeNodes();
  e.root_ = root;
  return e;
}

std::vector<std::string> Expression::Names() const {
  std::vector<std::string> out;
  // Nodes are stored operands first, so index order is reading order for
  // names (each name node is created when the parser reads it).
  for (const Node& n : nodes_) {
    if (n.op != Node::Op::kName && n.op != Node::Op::kIsMissing) continue;
    bool seen = false;
    for (const auto& o : out) seen |= o == n.text;
    if (!seen) out.push_back(n.text);
  }
  return out;
}

}  // namespace jobimpact::table
