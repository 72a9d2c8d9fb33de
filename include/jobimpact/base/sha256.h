// SHA-256 digests (FIPS 180-4) of byte strings and files, through OpenSSL's
// libcrypto: what the run manifest records for every input and output.
#ifndef JOBIMPACT_BASE_SHA256_H_
#define JOBIMPACT_BASE_SHA256_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "jobimpact/base/status.h"

namespace jobimpact {

// Lowercase hexadecimal SHA-256 of `data` (64 characters).
std::string Sha256Hex(std::string_view data);

struct FileDigest {
  std::string sha256;  // Lowercase hex.
  uint64_t bytes = 0;
};

// Streams a regular file through SHA-256. NotFound if it does not exist,
// InvalidArgument if it is not a regular file, IoError on a read error.
Result<FileDigest> HashFile(const std::filesystem::path& path);

}  // namespace jobimpact

#endif  // JOBIMPACT_BASE_SHA256_H_
