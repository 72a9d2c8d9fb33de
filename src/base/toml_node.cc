#include "jobimpact/base/toml_node.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <exception>
#include <limits>
#include <sstream>

#include "jobimpact/base/file.h"

namespace jobimpact {

const char* TomlTypeName(const toml::value& v) {
  if (v.is_string()) return "a string";
  if (v.is_integer()) return "an integer";
  if (v.is_floating()) return "a number";
  if (v.is_boolean()) return "a boolean";
  if (v.is_table()) return "a table";
  if (v.is_array()) return "an array";
  return "a date/time";
}

namespace {

// Finds the first array, inline table or dotted key nested deeper than
// kMaxTomlNesting
// levels in TOML text, skipping strings and comments (TOML 1.0 grammar). toml11
// parses by recursion, so a deep document would overflow the stack; a study
// needs three or four levels. Returns the 1-based line, or 0 if none.
size_t LineTooDeep(std::string_view text) {
  enum class State { kValue, kComment, kBasic, kLiteral, kMlBasic, kMlLiteral };
  State st = State::kValue;
  size_t line = 1;
  int depth = 0;
  // A dotted key or table header ("a.b.c = 1", "[a.b.c]") nests tables too:
  // its dots, from a line start at the top level to the "=", count.
  bool in_key = true;
  int key_dots = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      if (st == State::kComment) st = State::kValue;
      if (st == State::kValue && depth == 0) {
        in_key = true;
        key_dots = 0;
      }
      continue;
    }
    const bool triple = text.compare(i, 3, std::string(3, c)) == 0;
    switch (st) {
      case State::kComment:
        break;
      case State::kBasic:
      case State::kMlBasic:
        if (c == '\\') {
          ++i;  // The escaped character (a newline is counted below).
          if (i < text.size() && text[i] == '\n') ++line;
        } else if (c == '"' && (st == State::kBasic || triple)) {
          if (st == State::kMlBasic) i += 2;
          st = State::kValue;
        }
        break;
      case State::kLiteral:
      case State::kMlLiteral:
        if (c == '\'' && (st == State::kLiteral || triple)) {
          if (st == State::kMlLiteral) i += 2;
          st = State::kValue;
        }
        break;
      case State::kValue:
        if (c == '#') {
          st = State::kComment;
        } else if (c == '"' || c == '\'') {
          const bool ml = triple;
          st = c == '"' ? (ml ? State::kMlBasic : State::kBasic)
                        : (ml ? State::kMlLiteral : State::kLiteral);
          if (ml) i += 2;
        } else if (c == '[' || c == '{') {
          if (++depth > kMaxTomlNesting) return line;
        } else if ((c == ']' || c == '}') && depth > 0) {
          --depth;
        } else if (c == '=') {
          in_key = false;
        } else if (c == '.' && in_key && ++key_dots > kMaxTomlNesting) {
          return line;
        }
        break;
    }
  }
  return 0;
}

// The literal text of a parsed value, from toml11's source location.
std::string LiteralOf(const toml::value& v) {
  const toml::source_location loc = v.location();
  const std::string& line = loc.line_str();
  if (loc.column() == 0 || loc.column() - 1 > line.size()) return "";
  return line.substr(loc.column() - 1, loc.region());
}

// True if a TOML integer literal (sign, 0x/0o/0b, underscores) lies outside
// the 64-bit range TOML 1.0 requires implementations to support.
bool OutOfInt64Range(std::string literal) {
  literal.erase(std::remove(literal.begin(), literal.end(), '_'),
                literal.end());
  bool negative = false;
  if (!literal.empty() && (literal[0] == '+' || literal[0] == '-')) {
    negative = literal[0] == '-';
    literal.erase(0, 1);
  }
  int base = 10;
  if (literal.size() > 2 && literal[0] == '0' &&
      (literal[1] == 'x' || literal[1] == 'o' || literal[1] == 'b')) {
    base = literal[1] == 'x' ? 16 : literal[1] == 'o' ? 8 : 2;
    literal.erase(0, 2);
  }
  if (negative) literal.insert(0, "-");
  int64_t v = 0;
  auto r =
      std::from_chars(literal.data(), literal.data() + literal.size(), v, base);
  return r.ec == std::errc::result_out_of_range;
}

// toml11 clamps integers beyond int64 to its limits; reject them instead,
// showing the literal as written.
Status CheckIntegers(const toml::value& v, const std::string& file,
                     const std::string& path) {
  if (v.is_integer()) {
    const int64_t x = v.as_integer();
    if (x == std::numeric_limits<int64_t>::max() ||
        x == std::numeric_limits<int64_t>::min()) {
      const std::string literal = LiteralOf(v);
      if (OutOfInt64Range(literal)) {
        return InvalidArgumentError(
            file + ":" + std::to_string(v.location().line()) + ": " + path +
            ": the integer " + literal +
            " is out of range (TOML integers are 64-bit: "
            "-9223372036854775808 to 9223372036854775807; write a float, "
            "e.g. 1.8e19, for larger numbers)");
      }
    }
  } else if (v.is_array()) {
    const auto& a = v.as_array();
    for (size_t i = 0; i < a.size(); ++i) {
      JI_RETURN_IF_ERROR(
          CheckIntegers(a[i], file, path + "[" + std::to_string(i) + "]"));
    }
  } else if (v.is_table()) {
    for (const auto& [key, child] : v.as_table()) {
      JI_RETURN_IF_ERROR(
          CheckIntegers(child, file, path.empty() ? key : path + "." + key));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<toml::value> ParseTomlFile(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return InvalidArgumentError(path.string() +
                                ": is a directory, not a TOML file");
  }
  if (!std::filesystem::is_regular_file(path, ec)) {
    return NotFoundError(path.string() + ": file does not exist");
  }
  JI_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  if (size_t line = LineTooDeep(text); line > 0) {
    return InvalidArgumentError(fmt::format(
        "{}:{}: arrays, inline tables or dotted keys nested more than {} "
        "deep; a study file needs a few levels",
        path.string(), line, kMaxTomlNesting));
  }
  toml::value doc;
  try {
    std::istringstream in(text);
    doc = toml::parse(in, path.string());
  } catch (const std::exception& e) {
    return InvalidArgumentError(std::string("TOML syntax error: ") + e.what());
  }
  JI_RETURN_IF_ERROR(CheckIntegers(doc, path.string(), ""));
  return doc;
}

std::string TomlNode::LineOf(const toml::value& v) const {
  auto line = v.location().line();
  return line > 0 ? std::to_string(line) : "?";
}

std::string TomlNode::Where() const {
  return file_ + ":" + LineOf(*value_) + ": " +
         (path_.empty() ? "(top)" : path_);
}

Status TomlNode::Error(const std::string& what) const {
  return InvalidArgumentError(Where() + ": " + what);
}

std::string TomlNode::ChildPath(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

Status TomlNode::ChildError(const std::string& key,
                            const std::string& what) const {
  std::string line = Has(key) ? LineOf(Child(key)) : LineOf(*value_);
  return InvalidArgumentError(file_ + ":" + line + ": " + ChildPath(key) +
                              ": " + what);
}

bool TomlNode::Has(const std::string& key) const {
  return value_->is_table() && value_->as_table().count(key) > 0;
}

const toml::value& TomlNode::Child(const std::string& key) const {
  return value_->as_table().at(key);
}

std::vector<std::string> TomlNode::Keys() const {
  std::vector<std::string> keys;
  if (!value_->is_table()) return keys;
  for (const auto& [k, v] : value_->as_table()) keys.push_back(k);
  std::sort(keys.begin(), keys.end());
  return keys;
}

Status TomlNode::CheckKeys(const std::vector<std::string_view>& allowed) const {
  for (const auto& key : Keys()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string list;
      for (auto a : allowed) {
        if (!list.empty()) list += ", ";
        list += a;
      }
      return ChildError(key, "unknown key (allowed here: " + list + ")");
    }
  }
  return Status::Ok();
}

Result<std::string> TomlNode::GetString(const std::string& key) const {
  if (!Has(key)) return ChildError(key, "missing (expected a string)");
  const auto& v = Child(key);
  if (!v.is_string()) {
    return ChildError(key,
                      std::string("expected a string, got ") + TomlTypeName(v));
  }
  return v.as_string().str;
}

Result<std::optional<std::string>> TomlNode::OptString(
    const std::string& key) const {
  if (!Has(key)) return std::optional<std::string>();
  JI_ASSIGN_OR_RETURN(std::string s, GetString(key));
  return std::optional<std::string>(std::move(s));
}

Result<double> TomlNode::GetNumber(const std::string& key) const {
  if (!Has(key)) return ChildError(key, "missing (expected a number)");
  const auto& v = Child(key);
  double d;
  if (v.is_integer()) {
    d = static_cast<double>(v.as_integer());
  } else if (v.is_floating()) {
    d = v.as_floating();
  } else {
    return ChildError(key,
                      std::string("expected a number, got ") + TomlTypeName(v));
  }
  if (!std::isfinite(d)) return ChildError(key, "expected a finite number");
  return d;
}

Result<std::optional<double>> TomlNode::OptNumber(
    const std::string& key) const {
  if (!Has(key)) return std::optional<double>();
  JI_ASSIGN_OR_RETURN(double d, GetNumber(key));
  return std::optional<double>(d);
}

Result<int64_t> TomlNode::GetInt(const std::string& key) const {
  if (!Has(key)) return ChildError(key, "missing (expected an integer)");
  const auto& v = Child(key);
  if (!v.is_integer()) {
    return ChildError(
        key, std::string("expected an integer, got ") + TomlTypeName(v));
  }
  return static_cast<int64_t>(v.as_integer());
}

Result<bool> TomlNode::GetBool(const std::string& key) const {
  if (!Has(key)) return ChildError(key, "missing (expected true or false)");
  const auto& v = Child(key);
  if (!v.is_boolean()) {
    return ChildError(
        key, std::string("expected true or false, got ") + TomlTypeName(v));
  }
  return v.as_boolean();
}

Result<std::vector<std::string>> TomlNode::OptStringArray(
    const std::string& key) const {
  std::vector<std::string> out;
  if (!Has(key)) return out;
  const auto& v = Child(key);
  if (!v.is_array()) {
    return ChildError(key, std::string("expected an array of strings, got ") +
                               TomlTypeName(v));
  }
  for (const auto& item : v.as_array()) {
    if (!item.is_string()) {
      return ChildError(key, std::string("expected an array of strings, but "
                                         "an element is ") +
                                 TomlTypeName(item));
    }
    out.push_back(item.as_string().str);
  }
  return out;
}

Result<std::vector<double>> TomlNode::OptNumberArray(
    const std::string& key) const {
  std::vector<double> out;
  if (!Has(key)) return out;
  const auto& v = Child(key);
  if (!v.is_array()) {
    return ChildError(key, std::string("expected an array of numbers, got ") +
                               TomlTypeName(v));
  }
  for (const auto& item : v.as_array()) {
    double d;
    if (item.is_integer()) {
      d = static_cast<double>(item.as_integer());
    } else if (item.is_floating()) {
      d = item.as_floating();
    } else {
      return ChildError(key, std::string("expected an array of numbers, but "
                                         "an element is ") +
                                 TomlTypeName(item));
    }
    if (!std::isfinite(d)) {
      return ChildError(key, "expected finite numbers");
    }
    out.push_back(d);
  }
  return out;
}

Result<std::filesystem::path> TomlNode::GetInputPath(
    const std::string& key, const std::filesystem::path& base_file) const {
  JI_ASSIGN_OR_RETURN(std::string given, GetString(key));
  const std::filesystem::path path = ResolveRelativeTo(base_file, given);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return ChildError(key, "no such file: \"" + given + "\"" +
                               (path.string() == given
                                    ? std::string()
                                    : " (looked for " + path.string() +
                                          ", relative to the file's folder)"));
  }
  return path;
}

Result<std::optional<std::filesystem::path>> TomlNode::OptInputPath(
    const std::string& key, const std::filesystem::path& base_file) const {
  if (!Has(key)) return std::optional<std::filesystem::path>();
  JI_ASSIGN_OR_RETURN(std::filesystem::path p, GetInputPath(key, base_file));
  return std::optional<std::filesystem::path>(std::move(p));
}

Result<TomlNode> TomlNode::GetTable(const std::string& key) const {
  if (!Has(key)) return ChildError(key, "missing (expected a table)");
  const auto& v = Child(key);
  if (!v.is_table()) {
    return ChildError(key,
                      std::string("expected a table, got ") + TomlTypeName(v));
  }
  return TomlNode(&v, ChildPath(key), file_);
}

Result<std::optional<TomlNode>> TomlNode::OptTable(
    const std::string& key) const {
  if (!Has(key)) return std::optional<TomlNode>();
  JI_ASSIGN_OR_RETURN(TomlNode t, GetTable(key));
  return std::optional<TomlNode>(std::move(t));
}

Result<std::vector<TomlNode>> TomlNode::ArrayOfTables(
    const std::string& key) const {
  std::vector<TomlNode> out;
  if (!Has(key)) return out;
  const auto& v = Child(key);
  if (!v.is_array()) {
    return ChildError(key, std::string("expected an array of tables ([[") +
                               key + "]]), got " + TomlTypeName(v));
  }
  const auto& arr = v.as_array();
  for (size_t i = 0; i < arr.size(); ++i) {
    if (!arr[i].is_table()) {
      return ChildError(key,
                        "element " + std::to_string(i) + " is not a table");
    }
    out.emplace_back(&arr[i], ChildPath(key) + "[" + std::to_string(i) + "]",
                     file_);
  }
  return out;
}

}  // namespace jobimpact
