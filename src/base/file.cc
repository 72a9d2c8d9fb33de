#include "jobimpact/base/file.h"

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

namespace jobimpact {

Result<std::uintmax_t> RegularFileSize(const std::filesystem::path& path) {
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    return NotFoundError(path.string() + ": file does not exist");
  }
  if (!std::filesystem::is_regular_file(status)) {
    return InvalidArgumentError(path.string() + ": not a regular file");
  }
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return IoError(path.string() + ": " + ec.message());
  return size;
}

Result<std::string> ReadFileToString(const std::filesystem::path& path) {
  JI_ASSIGN_OR_RETURN(auto size, RegularFileSize(path));
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return IoError(path.string() + ": cannot open: " + std::strerror(errno));
  }
  std::string data(static_cast<size_t>(size), '\0');
  in.read(data.data(), static_cast<std::streamsize>(size));
  if (static_cast<std::uintmax_t>(in.gcount()) != size) {
    return IoError(path.string() + ": short read");
  }
  return data;
}

std::filesystem::path ResolveRelativeTo(const std::filesystem::path& base_file,
                                        const std::filesystem::path& path) {
  if (path.is_absolute()) return path;
  return (base_file.parent_path() / path).lexically_normal();
}

Result<ScratchDir> ScratchDir::Create(const std::string& prefix) {
  std::error_code ec;
  std::filesystem::path parent = std::filesystem::temp_directory_path(ec);
  if (ec) parent = "/tmp";
  std::string templ = (parent / (prefix + "-XXXXXX")).string();
  // mkdtemp makes the directory with mode 0700 under a unique name.
  if (mkdtemp(templ.data()) == nullptr) {
    return IoError("cannot make a temporary directory in " + parent.string() +
                   ": " + std::strerror(errno));
  }
  return ScratchDir(templ);
}

ScratchDir::~ScratchDir() {
  if (path_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace jobimpact
