// Provenance of a run: which binary, which command, when, on which inputs
// (SHA-256 and size of every file read) and with which options. It goes into
// results.json, report.html and the output directory's manifest
// (store/manifest.h), so that a published figure can be traced back and
// re-checked (`jobimpact verify`).
#ifndef JOBIMPACT_RESULTS_PROVENANCE_H_
#define JOBIMPACT_RESULTS_PROVENANCE_H_

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jobimpact/base/build_info.h"
#include "jobimpact/base/status.h"

namespace jobimpact::results {

// One input file and its digest.
struct InputRecord {
  std::string role;   // "study", "survey:firms", "io_table", ...
  std::string path;   // Absolute.
  std::string given;  // As the run named it (relative to its working
                      // directory, as it appears in method texts).
  std::string sha256;
  uint64_t bytes = 0;
};

struct Provenance {
  BuildInfo build;                   // Of the binary that ran.
  std::vector<std::string> command;  // argv as given.
  std::string working_directory;     // Absolute; relative paths of the
                                     // command are relative to it.
  std::string started_utc;           // ISO 8601, e.g. 2026-12-01T19:49:44Z.
  double wall_seconds = 0.0;         // From start to the output's commit.
  unsigned hardware_threads = 0;     // std::thread::hardware_concurrency().
  // Options in force that shape the figures, as key -> value text (e.g.
  // "survey.firms.variance" -> "linearization").
  std::vector<std::pair<std::string, std::string>> options;
  std::vector<InputRecord> inputs;
  // Not serialised: when set, the output's Commit() fills wall_seconds.
  std::optional<std::chrono::steady_clock::time_point> clock_start;
};

// A provenance for a command starting now: build info, argv, the working
// directory, the UTC start time and the machine's thread count.
Provenance StartProvenance(int argc, const char* const* argv);

// Seconds since `started` on the steady clock.
double SecondsSince(std::chrono::steady_clock::time_point started);

// Hashes each (role, path); a directory (e.g. a pymrio table) contributes
// every regular file under it, in path order, with role "ROLE/RELPATH".
// Paths are made absolute. Errors name the file.
Result<std::vector<InputRecord>> HashInputs(
    const std::vector<std::pair<std::string, std::filesystem::path>>& files);

// The provenance as a JSON object (text), and back. Parsing accepts a larger
// object (e.g. a manifest) and reads only the provenance keys; errors name
// `source` and the key.
std::string ProvenanceToJson(const Provenance& p);
Result<Provenance> ProvenanceFromJson(std::string_view json,
                                      const std::string& source);

}  // namespace jobimpact::results

#endif  // JOBIMPACT_RESULTS_PROVENANCE_H_
