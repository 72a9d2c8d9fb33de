// Typed, path-tracking access to a parsed TOML document: the reader of every
// configuration file (study files, simulator configs).
// Every error names the file, the line and the key path, and what was
// expected; unknown keys are rejected by CheckKeys.
#ifndef JOBIMPACT_BASE_TOML_NODE_H_
#define JOBIMPACT_BASE_TOML_NODE_H_

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <toml.hpp>
#include <vector>

#include "jobimpact/base/status.h"

namespace jobimpact {

// Deepest nesting of arrays and inline tables a TOML file may have.
inline constexpr int kMaxTomlNesting = 64;

// Parses a TOML file; syntax errors carry toml11's file/line message.
// Rejected before parsing: a directory, nesting deeper than kMaxTomlNesting
// (line named). Rejected after: integers outside int64 (the literal shown).
Result<toml::value> ParseTomlFile(const std::filesystem::path& path);

// "a string", "an integer", "a number", "a boolean", "a table", "an array"
// or "a date/time", for messages.
const char* TomlTypeName(const toml::value& v);

class TomlNode {
 public:
  TomlNode(const toml::value* value, std::string path, std::string file)
      : value_(value), path_(std::move(path)), file_(std::move(file)) {}

  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }
  // "FILE:LINE: PATH" for messages about this node.
  std::string Where() const;
  // An InvalidArgument error about this node (or its child `key`).
  Status Error(const std::string& what) const;
  Status ChildError(const std::string& key, const std::string& what) const;

  bool Has(const std::string& key) const;
  std::vector<std::string> Keys() const;
  // Rejects keys not in `allowed`, listing the allowed ones.
  Status CheckKeys(const std::vector<std::string_view>& allowed) const;

  Result<std::string> GetString(const std::string& key) const;
  Result<std::optional<std::string>> OptString(const std::string& key) const;
  // Integer or float.
  Result<double> GetNumber(const std::string& key) const;
  Result<std::optional<double>> OptNumber(const std::string& key) const;
  Result<int64_t> GetInt(const std::string& key) const;
  Result<bool> GetBool(const std::string& key) const;
  Result<std::vector<std::string>> OptStringArray(const std::string& key) const;
  // An array of finite numbers (integers or floats); empty if absent.
  Result<std::vector<double>> OptNumberArray(const std::string& key) const;
  // A path to an input file (or directory) resolved against the directory of
  // `base_file`; an error naming the file, line and key if nothing is there.
  Result<std::filesystem::path> GetInputPath(
      const std::string& key, const std::filesystem::path& base_file) const;
  Result<std::optional<std::filesystem::path>> OptInputPath(
      const std::string& key, const std::filesystem::path& base_file) const;

  Result<TomlNode> GetTable(const std::string& key) const;
  Result<std::optional<TomlNode>> OptTable(const std::string& key) const;
  // Array of tables ([[key]]); empty if the key is absent.
  Result<std::vector<TomlNode>> ArrayOfTables(const std::string& key) const;

  // The raw value of a child (must exist).
  const toml::value& Child(const std::string& key) const;
  const toml::value& value() const { return *value_; }

 private:
  std::string ChildPath(const std::string& key) const;
  std::string LineOf(const toml::value& v) const;

  const toml::value* value_;
  std::string path_;
  std::string file_;
};

}  // namespace jobimpact

#endif  // JOBIMPACT_BASE_TOML_NODE_H_
