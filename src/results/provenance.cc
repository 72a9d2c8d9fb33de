#include "jobimpact/results/provenance.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>
#include <system_error>
#include <thread>

#include "jobimpact/base/sha256.h"

namespace jobimpact::results {
namespace {

using nlohmann::ordered_json;

std::string UtcNow() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Status AddFile(const std::string& role, const std::filesystem::path& path,
               const std::filesystem::path& given,
               std::vector<InputRecord>* out) {
  JI_ASSIGN_OR_RETURN(FileDigest d, HashFile(path));
  out->push_back({role, path.string(), given.string(), d.sha256, d.bytes});
  return Status::Ok();
}

Status AddDirectory(const std::string& role, const std::filesystem::path& dir,
                    const std::filesystem::path& given,
                    std::vector<InputRecord>* out) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file(ec)) files.push_back(it->path());
  }
  if (ec) return IoError(dir.string() + ": cannot list: " + ec.message());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    const std::filesystem::path rel = f.lexically_relative(dir);
    JI_RETURN_IF_ERROR(
        AddFile(role + "/" + rel.generic_string(), f, given / rel, out));
  }
  return Status::Ok();
}

}  // namespace

Provenance StartProvenance(int argc, const char* const* argv) {
  Provenance p;
  p.build = GetBuildInfo();
  for (int i = 0; i < argc; ++i) p.command.emplace_back(argv[i]);
  std::error_code ec;
  p.working_directory = std::filesystem::current_path(ec).string();
  p.started_utc = UtcNow();
  p.hardware_threads = std::thread::hardware_concurrency();
  p.clock_start = std::chrono::steady_clock::now();
  return p;
}

double SecondsSince(std::chrono::steady_clock::time_point started) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                       started)
      .count();
}

Result<std::vector<InputRecord>> HashInputs(
    const std::vector<std::pair<std::string, std::filesystem::path>>& files) {
  std::vector<InputRecord> out;
  for (const auto& [role, given] : files) {
    std::error_code ec;
    std::filesystem::path path =
        std::filesystem::absolute(given, ec).lexically_normal();
    if (ec) return IoError(given.string() + ": " + ec.message());
    if (std::filesystem::is_directory(path, ec)) {
      JI_RETURN_IF_ERROR(AddDirectory(role, path, given, &out));
    } else {
      JI_RETURN_IF_ERROR(AddFile(role, path, given, &out));
    }
  }
  return out;
}

std::string ProvenanceToJson(const Provenance& p) {
  ordered_json libs = ordered_json::object();
  for (const auto& [name, version] : p.build.libraries) libs[name] = version;
  ordered_json options = ordered_json::object();
  for (const auto& [key, value] : p.options) options[key] = value;
  ordered_json inputs = ordered_json::array();
  for (const auto& in : p.inputs) {
    inputs.push_back({{"role", in.role},
                      {"path", in.path},
                      {"given", in.given},
                      {"sha256", in.sha256},
                      {"bytes", in.bytes}});
  }
  ordered_json doc = {
      {"version", p.build.version},
      {"git_commit", p.build.git_commit},
      {"build_type", p.build.build_type},
      {"compiler", p.build.compiler},
      {"libraries", libs},
      {"command", p.command},
      {"working_directory", p.working_directory},
      {"started_utc", p.started_utc},
      {"wall_seconds", p.wall_seconds},
      {"hardware_threads", p.hardware_threads},
      {"options", options},
      {"inputs", inputs},
  };
  return doc.dump(2);
}

Result<Provenance> ProvenanceFromJson(std::string_view json,
                                      const std::string& source) {
  ordered_json doc = ordered_json::parse(json, nullptr, /*allow_exceptions=*/
                                         false);
  if (doc.is_discarded() || !doc.is_object()) {
    return InvalidArgumentError(source + ": not a JSON object");
  }
  Provenance p;
  // Reads doc[key] into `out`; a missing key or another type is an error.
  auto get = [&](const char* key, auto* out) -> Status {
    auto it = doc.find(key);
    if (it == doc.end()) {
      return InvalidArgumentError(
          fmt::format("{}: key \"{}\" is missing", source, key));
    }
    try {
      it->get_to(*out);
    } catch (const nlohmann::json::exception& e) {
      return InvalidArgumentError(
          fmt::format("{}: key \"{}\": {}", source, key, e.what()));
    }
    return Status::Ok();
  };
  JI_RETURN_IF_ERROR(get("version", &p.build.version));
  JI_RETURN_IF_ERROR(get("git_commit", &p.build.git_commit));
  JI_RETURN_IF_ERROR(get("build_type", &p.build.build_type));
  JI_RETURN_IF_ERROR(get("compiler", &p.build.compiler));
  JI_RETURN_IF_ERROR(get("command", &p.command));
  JI_RETURN_IF_ERROR(get("working_directory", &p.working_directory));
  JI_RETURN_IF_ERROR(get("started_utc", &p.started_utc));
  JI_RETURN_IF_ERROR(get("wall_seconds", &p.wall_seconds));
  JI_RETURN_IF_ERROR(get("hardware_threads", &p.hardware_threads));
  std::map<std::string, std::string> libs, options;
  JI_RETURN_IF_ERROR(get("libraries", &libs));
  JI_RETURN_IF_ERROR(get("options", &options));
  p.build.libraries.assign(libs.begin(), libs.end());
  p.options.assign(options.begin(), options.end());
  std::vector<ordered_json> inputs;
  JI_RETURN_IF_ERROR(get("inputs", &inputs));
  for (size_t i = 0; i < inputs.size(); ++i) {
    const auto& in = inputs[i];
    InputRecord r;
    try {
      in.at("role").get_to(r.role);
      in.at("path").get_to(r.path);
      in.at("given").get_to(r.given);
      in.at("sha256").get_to(r.sha256);
      in.at("bytes").get_to(r.bytes);
    } catch (const nlohmann::json::exception& e) {
      return InvalidArgumentError(
          fmt::format("{}: inputs[{}]: {}", source, i, e.what()));
    }
    p.inputs.push_back(std::move(r));
  }
  return p;
}

}  // namespace jobimpact::results
