// Small file helpers shared by the readers.
#ifndef JOBIMPACT_BASE_FILE_H_
#define JOBIMPACT_BASE_FILE_H_

#include <cstdint>
#include <filesystem>
#include <string>

#include "jobimpact/base/status.h"

namespace jobimpact {

// Reads a whole file into memory. Errors name the path (NotFound if missing,
// IoError otherwise).
Result<std::string> ReadFileToString(const std::filesystem::path& path);

// Size of a regular file in bytes; NotFound / InvalidArgument (not a regular
// file) otherwise.
Result<std::uintmax_t> RegularFileSize(const std::filesystem::path& path);

// Resolves `path` against the directory of `base_file` unless it is absolute.
std::filesystem::path ResolveRelativeTo(const std::filesystem::path& base_file,
                                        const std::filesystem::path& path);

// A private directory (mode 0700) under the system's temporary directory
// ($TMPDIR, else /tmp), for files a helper program or library must write
// by name before their bytes go into an atomic output; removed with its
// contents when the object goes away.
class ScratchDir {
 public:
  // IoError naming the parent directory if it cannot be made.
  static Result<ScratchDir> Create(const std::string& prefix);
  ScratchDir(ScratchDir&& other) noexcept : path_(std::move(other.path_)) {
    other.path_.clear();
  }
  ScratchDir& operator=(ScratchDir&&) = delete;
  ScratchDir(const ScratchDir&) = delete;
  ~ScratchDir();

  const std::filesystem::path& path() const { return path_; }

 private:
  explicit ScratchDir(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

}  // namespace jobimpact

#endif  // JOBIMPACT_BASE_FILE_H_
