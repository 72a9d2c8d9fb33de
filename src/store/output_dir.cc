#include "jobimpact/store/output_dir.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <system_error>

namespace jobimpact::store {
namespace {

std::string UniqueSuffix() {
  std::random_device rd;
  return std::to_string(::getpid()) + "-" + std::to_string(rd());
}

// Writes all bytes and fsyncs, so a rename afterwards publishes complete data.
Status WriteAndSync(const std::filesystem::path& path,
                    std::string_view contents) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return IoError(path.string() + ": cannot create: " + std::strerror(errno));
  }
  size_t written = 0;
  while (written < contents.size()) {
    ssize_t r =
        ::write(fd, contents.data() + written, contents.size() - written);
    if (r < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return IoError(path.string() + ": write failed: " + std::strerror(err));
    }
    written += static_cast<size_t>(r);
  }
  if (::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    return IoError(path.string() + ": fsync failed: " + std::strerror(err));
  }
  if (::close(fd) != 0) {
    return IoError(path.string() + ": close failed: " + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace

Status WriteFileAtomically(const std::filesystem::path& path,
                           std::string_view contents) {
  std::filesystem::path parent = path.parent_path();
  if (parent.empty()) parent = ".";
  std::filesystem::path temp =
      parent / ("." + path.filename().string() + ".tmp-" + UniqueSuffix());
  Status s = WriteAndSync(temp, contents);
  if (!s.ok()) {
    std::error_code ec;
    std::filesystem::remove(temp, ec);
    return s;
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int err = errno;
    std::error_code ec;
    std::filesystem::remove(temp, ec);
    return IoError(path.string() +
                   ": cannot rename into place: " + std::strerror(err));
  }
  return Status::Ok();
}

Result<AtomicOutputDir> AtomicOutputDir::Create(
    const std::filesystem::path& destination) {
  std::error_code ec;
  std::filesystem::path dest = std::filesystem::absolute(destination, ec);
  if (ec) return IoError(destination.string() + ": " + ec.message());
  dest = dest.lexically_normal();
  if (dest.filename().empty()) dest = dest.parent_path();
  if (std::filesystem::exists(dest, ec) &&
      !std::filesystem::is_directory(dest, ec)) {
    return InvalidArgumentError(destination.string() +
                                ": exists and is not a directory");
  }
  std::filesystem::create_directories(dest.parent_path(), ec);
  if (ec) {
    return IoError(dest.parent_path().string() +
                   ": cannot create directory: " + ec.message());
  }
  std::filesystem::path temp =
      dest.parent_path() /
      ("." + dest.filename().string() + ".tmp-" + UniqueSuffix());
  if (!std::filesystem::create_directory(temp, ec) || ec) {
    return IoError(temp.string() +
                   ": cannot create temporary directory: " + ec.message());
  }
  return AtomicOutputDir(dest, temp);
}

AtomicOutputDir::AtomicOutputDir(AtomicOutputDir&& other) noexcept
    : destination_(std::move(other.destination_)),
      temp_(std::move(other.temp_)),
      committed_(other.committed_) {
  other.committed_ = true;  // The moved-from object owns nothing.
}

AtomicOutputDir::~AtomicOutputDir() {
  if (!committed_ && !temp_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(temp_, ec);
  }
}

Status AtomicOutputDir::WriteFile(const std::string& name,
                                  std::string_view contents) {
  if (committed_) return InternalError("WriteFile after Commit");
  if (name.empty() || name.find('/') != std::string::npos) {
    return InternalError("output file name must be a plain name: " + name);
  }
  return WriteAndSync(temp_ / name, contents);
}

Status AtomicOutputDir::Commit() {
  if (committed_) return InternalError("Commit called twice");
  std::error_code ec;
  std::filesystem::path old;
  if (std::filesystem::exists(destination_, ec)) {
    // rename(2) cannot replace a non-empty directory, so move the old one
    // aside first; it is deleted only once the new one is in place.
    old = destination_.parent_path() /
          ("." + destination_.filename().string() + ".old-" + UniqueSuffix());
    if (::rename(destination_.c_str(), old.c_str()) != 0) {
      return IoError(destination_.string() +
                     ": cannot move old output aside: " + std::strerror(errno));
    }
  }
  if (::rename(temp_.c_str(), destination_.c_str()) != 0) {
    int err = errno;
    if (!old.empty()) ::rename(old.c_str(), destination_.c_str());
    return IoError(destination_.string() +
                   ": cannot move output into place: " + std::strerror(err));
  }
  committed_ = true;
  if (!old.empty()) std::filesystem::remove_all(old, ec);
  return Status::Ok();
}

}  // namespace jobimpact::store
