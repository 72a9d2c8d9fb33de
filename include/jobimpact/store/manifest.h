// The run manifest, `jobimpact-run.json`, written into every output
// directory jobimpact creates: the run's provenance (results/provenance.h)
// plus the name, SHA-256 and size of every file the run wrote there. It is
// what lets a later run replace the directory (only the files it lists) and
// what `jobimpact verify` checks.
//
//   {"format": "jobimpact-run/1", "kind": "run", ...provenance keys...,
//    "outputs": [{"name": "results.csv", "sha256": "...", "bytes": 123}]}
#ifndef JOBIMPACT_STORE_MANIFEST_H_
#define JOBIMPACT_STORE_MANIFEST_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/results/provenance.h"

namespace jobimpact::store {

inline constexpr char kManifestName[] = "jobimpact-run.json";
inline constexpr char kManifestFormat[] = "jobimpact-run/1";

struct OutputRecord {
  std::string name;  // Plain file name inside the directory.
  std::string sha256;
  uint64_t bytes = 0;
};

struct Manifest {
  std::string kind;  // The command that wrote it: "run", "simulate draw".
  results::Provenance provenance;
  std::vector<OutputRecord> outputs;
};

std::string ManifestToJson(const Manifest& m);

// Reads DIR/jobimpact-run.json. NotFound if there is none; InvalidArgument
// (naming the file and key) if it is not a manifest of this format.
Result<Manifest> ReadManifest(const std::filesystem::path& dir);

}  // namespace jobimpact::store

#endif  // JOBIMPACT_STORE_MANIFEST_H_
