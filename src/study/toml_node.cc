#include "toml_node.h"

#include <algorithm>
#include <cmath>
#include <exception>

namespace jobimpact::study::internal {
namespace {

const char* TypeName(const toml::value& v) {
  if (v.is_string()) return "a string";
  if (v.is_integer()) return "an integer";
  if (v.is_floating()) return "a number";
  if (v.is_boolean()) return "a boolean";
  if (v.is_table()) return "a table";
  if (v.is_array()) return "an array";
  return "a date/time";
}

}  // namespace

Result<toml::value> ParseTomlFile(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return NotFoundError(path.string() + ": file does not exist");
  }
  try {
    return toml::parse(path.string());
  } catch (const std::exception& e) {
    return InvalidArgumentError(std::string("TOML syntax error: ") + e.what());
  }
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
                      std::string("expected a string, got ") + TypeName(v));
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
                      std::string("expected a number, got ") + TypeName(v));
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
    return ChildError(key,
                      std::string("expected an integer, got ") + TypeName(v));
  }
  return static_cast<int64_t>(v.as_integer());
}

Result<bool> TomlNode::GetBool(const std::string& key) const {
  if (!Has(key)) return ChildError(key, "missing (expected true or false)");
  const auto& v = Child(key);
  if (!v.is_boolean()) {
    return ChildError(
        key, std::string("expected true or false, got ") + TypeName(v));
  }
  return v.as_boolean();
}

Result<std::vector<std::string>> TomlNode::OptStringArray(
    const std::string& key) const {
  std::vector<std::string> out;
  if (!Has(key)) return out;
  const auto& v = Child(key);
  if (!v.is_array()) {
    return ChildError(
        key, std::string("expected an array of strings, got ") + TypeName(v));
  }
  for (const auto& item : v.as_array()) {
    if (!item.is_string()) {
      return ChildError(key, std::string("expected an array of strings, but "
                                         "an element is ") +
                                 TypeName(item));
    }
    out.push_back(item.as_string().str);
  }
  return out;
}

Result<TomlNode> TomlNode::GetTable(const std::string& key) const {
  if (!Has(key)) return ChildError(key, "missing (expected a table)");
  const auto& v = Child(key);
  if (!v.is_table()) {
    return ChildError(key, std::string("expected a table, got ") + TypeName(v));
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
                               key + "]]), got " + TypeName(v));
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

}  // namespace jobimpact::study::internal
