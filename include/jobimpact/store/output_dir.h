// Safe, atomic outputs: a run either leaves a complete output directory (or
// file) behind or nothing at all, and never deletes or overwrites a file it
// did not write.
//
// AtomicOutputDir writes into a hidden temporary sibling of the destination,
// `.NAME.tmp-PID-RAND/`, and on Commit() adds the manifest
// (store/manifest.h) and renames it into place. The destination may be:
//   - absent or an empty directory;
//   - a directory holding a manifest and only the files that manifest lists
//     (an earlier run's output): it is replaced as a whole;
//   - with `force`, any other directory: the new files are renamed into it
//     one by one (each atomically), files of an earlier manifest that this
//     run does not write are removed, and every other file is kept.
// Refused even with `force` (InvalidArgument, CLI exit 2): a destination
// that is or contains one of the run's inputs, `/`, $HOME, the working
// directory or one of its ancestors, a symbolic link, or a non-directory.
// Interrupted runs leave nothing behind (store/interrupt.h); temporaries of
// processes that no longer exist are removed by the next Create() next to
// the same destination.
#ifndef JOBIMPACT_STORE_OUTPUT_DIR_H_
#define JOBIMPACT_STORE_OUTPUT_DIR_H_

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/store/interrupt.h"
#include "jobimpact/store/manifest.h"

namespace jobimpact::store {

struct OutputDirOptions {
  // Write into a directory that holds files jobimpact did not write
  // (keeping them).
  bool force = false;
  // Files and directories the run reads: the destination may not be or
  // contain any of them.
  std::vector<std::filesystem::path> inputs;
};

// Checks `destination` against the rules above without writing anything
// (the CLI calls it before a long run too). Messages name the option
// `--out`, the directory and the first offending file.
Status CheckOutputDestination(const std::filesystem::path& destination,
                              const OutputDirOptions& options);

// Removes `.NAME.tmp-PID-RAND` entries in `parent` whose process PID no
// longer exists (left by a SIGKILL or a crash). Returns what was removed.
std::vector<std::filesystem::path> RemoveStaleTemporaries(
    const std::filesystem::path& parent, const std::string& name);

// Writes `contents` to `path` via a temporary file in the same directory,
// fsync and rename. The parent directory must exist.
Status WriteFileAtomically(const std::filesystem::path& path,
                           std::string_view contents);

class AtomicOutputDir {
 public:
  // Checks the destination (CheckOutputDestination), removes stale
  // temporaries next to it and prepares the temporary directory (creating
  // missing parents of `destination`).
  static Result<AtomicOutputDir> Create(
      const std::filesystem::path& destination,
      const OutputDirOptions& options = {});

  AtomicOutputDir(AtomicOutputDir&& other) noexcept;
  AtomicOutputDir& operator=(AtomicOutputDir&&) = delete;
  AtomicOutputDir(const AtomicOutputDir&) = delete;
  ~AtomicOutputDir();

  // Writes one file (plain name, no directories; not the manifest's name)
  // into the pending output.
  Status WriteFile(const std::string& name, std::string_view contents);

  // Writes the manifest of `kind` with `provenance` and the files written,
  // then moves the output into place (see the class comment).
  Status Commit(const std::string& kind, const results::Provenance& provenance);

  const std::filesystem::path& destination() const { return destination_; }
  // Stale temporaries Create() removed, for a note.
  const std::vector<std::filesystem::path>& removed_stale() const {
    return removed_stale_;
  }
  // Files in the destination that were kept (with `force`).
  const std::vector<std::string>& kept_files() const { return kept_; }

 private:
  AtomicOutputDir(std::filesystem::path destination, std::filesystem::path temp,
                  OutputDirOptions options);
  Status PublishWhole(const std::set<std::string>& old_files);
  Status PublishInto(const std::set<std::string>& old_files);

  std::filesystem::path destination_;
  std::filesystem::path temp_;
  OutputDirOptions options_;
  TempPathGuard guard_;
  std::vector<OutputRecord> written_;
  std::vector<std::filesystem::path> removed_stale_;
  std::vector<std::string> kept_;
  bool committed_ = false;
};

}  // namespace jobimpact::store

#endif  // JOBIMPACT_STORE_OUTPUT_DIR_H_
