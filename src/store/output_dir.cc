#include "jobimpact/store/output_dir.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <random>
#include <system_error>

#include "jobimpact/base/sha256.h"

namespace jobimpact::store {
namespace {

namespace fs = std::filesystem;

std::string UniqueSuffix() {
  std::random_device rd;
  return std::to_string(::getpid()) + "-" + std::to_string(rd());
}

std::string TempName(const std::string& name) {
  return "." + name + ".tmp-" + UniqueSuffix();
}

// Writes all bytes and fsyncs, so a rename afterwards publishes complete data.
Status WriteAndSync(const fs::path& path, std::string_view contents) {
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

// Absolute, normalised, without a trailing separator.
fs::path Absolute(const fs::path& p) {
  std::error_code ec;
  fs::path a = fs::absolute(p, ec).lexically_normal();
  if (a.filename().empty() && a.has_parent_path() && a != a.root_path()) {
    a = a.parent_path();
  }
  return a;
}

// Symbolic links resolved as far as the path exists.
fs::path Real(const fs::path& p) {
  std::error_code ec;
  fs::path r = fs::weakly_canonical(Absolute(p), ec);
  return ec ? Absolute(p) : r;
}

// True if `inner` is `outer` or lies below it (component-wise).
bool IsWithin(const fs::path& inner, const fs::path& outer) {
  auto [o, i] =
      std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end());
  // A trailing empty component (from "dir/") matches anything.
  return o == outer.end() || (std::next(o) == outer.end() && o->empty());
}

Status Refuse(const fs::path& dest, const std::string& why) {
  return InvalidArgumentError("--out " + dest.string() +
                              ": refusing to write " + "there: " + why +
                              " (even with --force)");
}

// What an existing destination holds: the files an earlier run wrote there
// (its manifest's outputs and the manifest) and the first other entry.
struct DestinationState {
  bool exists = false;
  std::set<std::string> managed;
  std::string first_foreign;  // Empty if none.
  std::string why_foreign;
};

Result<DestinationState> Inspect(const fs::path& dest) {
  DestinationState st;
  std::error_code ec;
  if (!fs::exists(dest, ec)) return st;
  st.exists = true;
  std::set<std::string> listed;
  auto manifest = ReadManifest(dest);
  if (manifest.ok()) {
    listed.insert(kManifestName);
    for (const auto& o : manifest->outputs) listed.insert(o.name);
  }
  std::vector<std::string> entries;
  for (auto it = fs::directory_iterator(dest, ec);
       !ec && it != fs::directory_iterator(); it.increment(ec)) {
    entries.push_back(it->path().filename().string());
  }
  if (ec) return IoError(dest.string() + ": cannot list: " + ec.message());
  std::sort(entries.begin(), entries.end());
  for (const auto& e : entries) {
    const bool regular = fs::is_regular_file(fs::symlink_status(dest / e, ec));
    if (listed.count(e) && regular) {
      st.managed.insert(e);
    } else if (st.first_foreign.empty()) {
      st.first_foreign = e;
      if (manifest.ok()) {
        st.why_foreign =
            regular ? "it is not listed in its " + std::string(kManifestName)
                    : "it is not a file jobimpact wrote";
      } else if (manifest.status().code() == StatusCode::kNotFound) {
        st.why_foreign = "the directory has no " + std::string(kManifestName);
      } else {
        st.why_foreign = manifest.status().message();
      }
    }
  }
  return st;
}

Status ForeignError(const fs::path& dest, const DestinationState& st) {
  return InvalidArgumentError(
      "--out " + dest.string() + ": holds \"" + st.first_foreign +
      "\", which jobimpact did not write (" + st.why_foreign +
      "); nothing was written. Choose a new or empty directory, or add "
      "--force to write the outputs into it and keep its other files");
}

// "12345" -> 12345; nullopt unless all digits.
std::optional<long> Digits(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  long v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

bool ProcessGone(long pid) {
  if (pid <= 0 || pid == ::getpid()) return false;
  return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

}  // namespace

Status CheckOutputDestination(const fs::path& destination,
                              const OutputDirOptions& options) {
  if (destination.empty()) {
    return InvalidArgumentError("--out: the output directory is empty");
  }
  const fs::path dest = Absolute(destination);
  std::error_code ec;
  const auto link = fs::symlink_status(dest, ec);
  if (fs::is_symlink(link)) {
    return Refuse(dest, "it is a symbolic link; give the directory itself");
  }
  if (fs::exists(link) && !fs::is_directory(link)) {
    return InvalidArgumentError("--out " + dest.string() +
                                ": exists and is not a directory");
  }
  const fs::path real = Real(dest);
  if (real == real.root_path()) return Refuse(dest, "it is the root directory");
  if (const char* home = std::getenv("HOME"); home && *home) {
    if (real == Real(home)) return Refuse(dest, "it is the home directory");
  }
  const fs::path cwd = Real(fs::current_path(ec));
  if (!ec && IsWithin(cwd, real)) {
    return Refuse(dest, "it is the working directory or one of its ancestors");
  }
  for (const auto& input : options.inputs) {
    const fs::path r = Real(input);
    if (IsWithin(r, real)) {
      return Refuse(dest, r == real ? "it is an input of this run"
                                    : "it contains " + r.string() +
                                          ", an input of this run");
    }
  }
  JI_ASSIGN_OR_RETURN(DestinationState st, Inspect(dest));
  if (!st.first_foreign.empty() && !options.force) {
    return ForeignError(dest, st);
  }
  return Status::Ok();
}

std::vector<fs::path> RemoveStaleTemporaries(const fs::path& parent,
                                             const std::string& name) {
  std::vector<fs::path> removed;
  const std::string prefix = "." + name + ".tmp-";
  std::error_code ec;
  for (auto it = fs::directory_iterator(parent, ec);
       !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string entry = it->path().filename().string();
    if (entry.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string rest = entry.substr(prefix.size());
    const size_t dash = rest.find('-');
    if (dash == std::string::npos) continue;
    auto pid = Digits(std::string_view(rest).substr(0, dash));
    if (!pid || !Digits(std::string_view(rest).substr(dash + 1))) continue;
    if (!ProcessGone(*pid)) continue;
    std::error_code rm;
    fs::remove_all(it->path(), rm);
    if (!rm) removed.push_back(it->path());
  }
  return removed;
}

Status WriteFileAtomically(const fs::path& path, std::string_view contents) {
  fs::path parent = path.parent_path();
  if (parent.empty()) parent = ".";
  RemoveStaleTemporaries(parent, path.filename().string());
  const fs::path temp = parent / TempName(path.filename().string());
  TempPathGuard guard(temp);
  Status s = WriteAndSync(temp, contents);
  std::error_code ec;
  if (!s.ok()) {
    fs::remove(temp, ec);
    return s;
  }
  int err = 0;
  const bool ran = RunUninterrupted([&] {
    if (::rename(temp.c_str(), path.c_str()) != 0) err = errno;
    if (err == 0) guard.Release();
  });
  if (!ran || err != 0) {
    fs::remove(temp, ec);
    return IoError(path.string() + ": cannot rename into place: " +
                   (ran ? std::strerror(err) : "interrupted"));
  }
  return Status::Ok();
}

AtomicOutputDir::AtomicOutputDir(fs::path destination, fs::path temp,
                                 OutputDirOptions options)
    : destination_(std::move(destination)),
      temp_(std::move(temp)),
      options_(std::move(options)),
      guard_(temp_) {}

Result<AtomicOutputDir> AtomicOutputDir::Create(
    const fs::path& destination, const OutputDirOptions& options) {
  JI_RETURN_IF_ERROR(CheckOutputDestination(destination, options));
  const fs::path dest = Absolute(destination);
  std::error_code ec;
  fs::create_directories(dest.parent_path(), ec);
  if (ec) {
    return IoError(dest.parent_path().string() +
                   ": cannot create directory: " + ec.message());
  }
  auto stale =
      RemoveStaleTemporaries(dest.parent_path(), dest.filename().string());
  fs::path temp = dest.parent_path() / TempName(dest.filename().string());
  // Registered before it exists, so an interrupt from here on removes it.
  AtomicOutputDir out(dest, temp, options);
  if (!fs::create_directory(temp, ec) || ec) {
    return IoError(temp.string() +
                   ": cannot create temporary directory: " + ec.message());
  }
  out.removed_stale_ = std::move(stale);
  return out;
}

AtomicOutputDir::AtomicOutputDir(AtomicOutputDir&& other) noexcept
    : destination_(std::move(other.destination_)),
      temp_(std::move(other.temp_)),
      options_(std::move(other.options_)),
      guard_(std::move(other.guard_)),
      written_(std::move(other.written_)),
      removed_stale_(std::move(other.removed_stale_)),
      kept_(std::move(other.kept_)),
      committed_(other.committed_) {
  other.committed_ = true;  // The moved-from object owns nothing.
}

AtomicOutputDir::~AtomicOutputDir() {
  if (!committed_ && !temp_.empty()) {
    std::error_code ec;
    fs::remove_all(temp_, ec);
  }
}

Status AtomicOutputDir::WriteFile(const std::string& name,
                                  std::string_view contents) {
  if (committed_) return InternalError("WriteFile after Commit");
  if (name.empty() || name.find('/') != std::string::npos || name == "." ||
      name == ".." || name == kManifestName) {
    return InternalError("output file name must be a plain name: " + name);
  }
  JI_RETURN_IF_ERROR(WriteAndSync(temp_ / name, contents));
  written_.push_back({name, Sha256Hex(contents), contents.size()});
  return Status::Ok();
}

Status AtomicOutputDir::Commit(const std::string& kind,
                               const results::Provenance& provenance) {
  if (committed_) return InternalError("Commit called twice");
  Manifest m{kind, provenance, written_};
  if (provenance.clock_start) {
    m.provenance.wall_seconds = results::SecondsSince(*provenance.clock_start);
  }
  JI_RETURN_IF_ERROR(WriteAndSync(temp_ / kManifestName, ManifestToJson(m)));
  // Looked at again now: the directory may have changed during the run.
  JI_ASSIGN_OR_RETURN(DestinationState st, Inspect(destination_));
  if (!st.first_foreign.empty() && !options_.force) {
    return ForeignError(destination_, st);
  }
  Status s;
  const bool ran = RunUninterrupted([&] {
    s = st.first_foreign.empty() ? PublishWhole(st.managed)
                                 : PublishInto(st.managed);
  });
  if (!ran) return IoError(destination_.string() + ": interrupted");
  JI_RETURN_IF_ERROR(s);
  committed_ = true;
  return Status::Ok();
}

// The destination is absent or holds only files of an earlier run: swap
// whole directories (rename(2) cannot replace a non-empty directory, so the
// old one is moved aside first and emptied only once the new one is in
// place).
Status AtomicOutputDir::PublishWhole(const std::set<std::string>& old_files) {
  std::error_code ec;
  fs::path old;
  if (fs::exists(destination_, ec)) {
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
  guard_.Release();
  if (!old.empty()) {
    // Only what the earlier run wrote; rmdir fails (and keeps the folder)
    // if anything else appeared meanwhile.
    for (const auto& f : old_files) fs::remove(old / f, ec);
    fs::remove(old, ec);
  }
  return Status::Ok();
}

// --force into a directory with other files: rename each new file into it,
// the manifest last, then remove files only the earlier manifest listed.
Status AtomicOutputDir::PublishInto(const std::set<std::string>& old_files) {
  std::set<std::string> names = {kManifestName};
  for (const auto& w : written_) names.insert(w.name);
  std::vector<std::string> order;
  for (const auto& w : written_) order.push_back(w.name);
  order.push_back(kManifestName);
  for (const auto& name : order) {
    const fs::path from = temp_ / name, to = destination_ / name;
    if (::rename(from.c_str(), to.c_str()) != 0) {
      return IoError(to.string() + ": cannot move output into place: " +
                     std::strerror(errno));
    }
  }
  std::error_code ec;
  for (const auto& f : old_files) {
    if (!names.count(f)) fs::remove(destination_ / f, ec);
  }
  fs::remove(temp_, ec);
  guard_.Release();
  for (auto it = fs::directory_iterator(destination_, ec);
       !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string e = it->path().filename().string();
    if (!names.count(e)) kept_.push_back(e);
  }
  std::sort(kept_.begin(), kept_.end());
  return Status::Ok();
}

}  // namespace jobimpact::store
