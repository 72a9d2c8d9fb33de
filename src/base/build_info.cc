#include "jobimpact/base/build_info.h"

#include <fmt/format.h>
#include <openssl/crypto.h>

#include <Eigen/Core>
#include <boost/version.hpp>
#include <nlohmann/json.hpp>
#include <toml.hpp>

#include "build_config.h"  // Generated: JOBIMPACT_VERSION, ..._BUILD_TYPE.
#include "git_commit.h"    // Generated at build time: JOBIMPACT_GIT_COMMIT.

// OpenBLAS reports its own build (version, kernel, threading); declared here
// because Debian's cblas.h location depends on the threading variant.
extern "C" char* openblas_get_config(void);

namespace jobimpact {

const BuildInfo& GetBuildInfo() {
  static const BuildInfo* info = [] {
    auto* b = new BuildInfo;
    b->version = JOBIMPACT_VERSION;
    b->git_commit = JOBIMPACT_GIT_COMMIT;
    b->build_type = JOBIMPACT_BUILD_TYPE;
    b->compiler = JOBIMPACT_COMPILER;
    b->libraries = {
        {"Eigen", fmt::format("{}.{}.{}", EIGEN_WORLD_VERSION,
                              EIGEN_MAJOR_VERSION, EIGEN_MINOR_VERSION)},
        {"BLAS", openblas_get_config()},
        {"toml11", fmt::format("{}.{}.{}", TOML11_VERSION_MAJOR,
                               TOML11_VERSION_MINOR, TOML11_VERSION_PATCH)},
        {"fmt", fmt::format("{}.{}.{}", FMT_VERSION / 10000,
                            FMT_VERSION / 100 % 100, FMT_VERSION % 100)},
        {"nlohmann-json",
         fmt::format("{}.{}.{}", NLOHMANN_JSON_VERSION_MAJOR,
                     NLOHMANN_JSON_VERSION_MINOR, NLOHMANN_JSON_VERSION_PATCH)},
        {"OpenSSL", OpenSSL_version(OPENSSL_VERSION)},
        {"Boost", fmt::format("{}.{}.{}", BOOST_VERSION / 100000,
                              BOOST_VERSION / 100 % 1000, BOOST_VERSION % 100)},
    };
    return b;
  }();
  return *info;
}

std::string BuildInfoText() {
  const BuildInfo& b = GetBuildInfo();
  std::string out = fmt::format(
      "jobimpact {}\ncommit: {}\nbuild: {}\ncompiler: {}\nlibraries:\n",
      b.version, b.git_commit, b.build_type, b.compiler);
  for (const auto& [name, version] : b.libraries) {
    out += fmt::format("  {}: {}\n", name, version);
  }
  return out;
}

}  // namespace jobimpact
