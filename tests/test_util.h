// Helpers shared by the tests: temporary directories, files, paths into the
// repository, and running the CLI.
#ifndef JOBIMPACT_TESTS_TEST_UTIL_H_
#define JOBIMPACT_TESTS_TEST_UTIL_H_

#include <filesystem>
#include <string>

#include "jobimpact/table/table.h"

namespace jobimpact::testing {

// A fresh directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  // Writes `contents` to path()/name (creating subdirectories) and returns
  // the full path.
  std::filesystem::path Write(const std::string& name,
                              const std::string& contents) const;

 private:
  std::filesystem::path path_;
};

// A path inside the repository (e.g. "data/io/cn2017_149.csv").
std::filesystem::path SourcePath(const std::string& relative);

std::string ReadAll(const std::filesystem::path& path);

// Parses CSV text (named "s.csv" in messages); fails the test if it is invalid.
table::Table ReadCsvText(const std::string& csv);

// Number of entries (files and directories) directly inside `dir`.
size_t CountEntries(const std::filesystem::path& dir);

// How often `what` occurs in `s` (overlapping occurrences count).
size_t CountOccurrences(const std::string& s, const std::string& what);

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs the jobimpact CLI with `args` (shell-quoted by the caller).
CommandResult RunCli(const std::string& args);
// Runs any shell command line.
CommandResult RunCommand(const std::string& command_line);

}  // namespace jobimpact::testing

#endif  // JOBIMPACT_TESTS_TEST_UTIL_H_
