// Atomic outputs: a run either leaves a complete output directory (or file)
// behind or nothing at all.
//
// AtomicOutputDir writes into a hidden temporary sibling of the destination
// and renames it into place on Commit(). If the destination already exists it
// is replaced only after every file has been written and flushed. If the
// object is destroyed without Commit() the temporary directory is removed.
#ifndef JOBIMPACT_STORE_OUTPUT_DIR_H_
#define JOBIMPACT_STORE_OUTPUT_DIR_H_

#include <filesystem>
#include <string>
#include <string_view>

#include "jobimpact/base/status.h"

namespace jobimpact::store {

// Writes `contents` to `path` via a temporary file in the same directory,
// fsync and rename. The parent directory must exist.
Status WriteFileAtomically(const std::filesystem::path& path,
                           std::string_view contents);

class AtomicOutputDir {
 public:
  // Prepares a temporary directory next to `destination` (creating missing
  // parents of `destination`). Fails if `destination` exists and is not a
  // directory.
  static Result<AtomicOutputDir> Create(
      const std::filesystem::path& destination);

  AtomicOutputDir(AtomicOutputDir&& other) noexcept;
  AtomicOutputDir& operator=(AtomicOutputDir&&) = delete;
  AtomicOutputDir(const AtomicOutputDir&) = delete;
  ~AtomicOutputDir();

  // Writes one file (relative name, no directories) into the pending output.
  Status WriteFile(const std::string& name, std::string_view contents);

  // Moves the pending directory into place, replacing an existing one.
  Status Commit();

  const std::filesystem::path& destination() const { return destination_; }

 private:
  AtomicOutputDir(std::filesystem::path destination, std::filesystem::path temp)
      : destination_(std::move(destination)), temp_(std::move(temp)) {}

  std::filesystem::path destination_;
  std::filesystem::path temp_;
  bool committed_ = false;
};

}  // namespace jobimpact::store

#endif  // JOBIMPACT_STORE_OUTPUT_DIR_H_
