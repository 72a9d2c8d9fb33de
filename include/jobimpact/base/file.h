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

}  // namespace jobimpact

#endif  // JOBIMPACT_BASE_FILE_H_
