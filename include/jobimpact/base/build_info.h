// What binary this is: version, source commit, build type, compiler and the
// versions of the libraries linked. `jobimpact --version` prints it and
// every run manifest records it.
#ifndef JOBIMPACT_BASE_BUILD_INFO_H_
#define JOBIMPACT_BASE_BUILD_INFO_H_

#include <string>
#include <utility>
#include <vector>

namespace jobimpact {

struct BuildInfo {
  std::string version;     // Project version, e.g. "0.1.0".
  std::string git_commit;  // Full hash, "+dirty" if the tree had changes;
                           // "unknown" when built outside git.
  std::string build_type;  // CMake build type, "+sanitizers" when on.
  std::string compiler;    // e.g. "GNU 12.2.0".
  // (library, version) in a fixed order: Eigen, BLAS, toml11, fmt,
  // nlohmann-json, OpenSSL, Boost.
  std::vector<std::pair<std::string, std::string>> libraries;
};

const BuildInfo& GetBuildInfo();

// Multi-line text for --version.
std::string BuildInfoText();

}  // namespace jobimpact

#endif  // JOBIMPACT_BASE_BUILD_INFO_H_
