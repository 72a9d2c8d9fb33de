#include "test_util.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include "jobimpact/table/csv_reader.h"

namespace jobimpact::testing {

TempDir::TempDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() /
          ("jobimpact_test_" + std::to_string(::getpid()) + "_" +
           std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path TempDir::Write(const std::string& name,
                                     const std::string& contents) const {
  std::filesystem::path p = path_ / name;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << contents;
  return p;
}

std::filesystem::path SourcePath(const std::string& relative) {
  return std::filesystem::path(JOBIMPACT_SOURCE_DIR) / relative;
}

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

table::Table ReadCsvText(const std::string& csv) {
  auto t = table::ReadCsvString(csv, "s.csv", {});
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? std::move(t).value() : table::Table();
}

size_t CountEntries(const std::filesystem::path& dir) {
  size_t n = 0;
  for (auto it = std::filesystem::directory_iterator(dir);
       it != std::filesystem::directory_iterator(); ++it) {
    ++n;
  }
  return n;
}

size_t CountOccurrences(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos;
       p = s.find(what, p + 1)) {
    ++n;
  }
  return n;
}

CommandResult RunCommand(const std::string& command_line) {
  TempDir dir;
  std::string full = command_line + " >" + (dir.path() / "out").string() +
                     " 2>" + (dir.path() / "err").string() + " </dev/null";
  int status = std::system(full.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadAll(dir.path() / "out");
  r.err = ReadAll(dir.path() / "err");
  return r;
}

CommandResult RunCli(const std::string& args) {
  return RunCommand(std::string("'") + JOBIMPACT_CLI + "' " + args);
}

}  // namespace jobimpact::testing
