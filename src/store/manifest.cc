#include "jobimpact/store/manifest.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <system_error>

#include "jobimpact/base/file.h"

namespace jobimpact::store {

using nlohmann::ordered_json;

std::string ManifestToJson(const Manifest& m) {
  ordered_json doc = {{"format", kManifestFormat}, {"kind", m.kind}};
  const ordered_json provenance =
      ordered_json::parse(results::ProvenanceToJson(m.provenance));
  for (const auto& [key, value] : provenance.items()) doc[key] = value;
  ordered_json outputs = ordered_json::array();
  for (const auto& o : m.outputs) {
    outputs.push_back(
        {{"name", o.name}, {"sha256", o.sha256}, {"bytes", o.bytes}});
  }
  doc["outputs"] = std::move(outputs);
  return doc.dump(2) + "\n";
}

Result<Manifest> ReadManifest(const std::filesystem::path& dir) {
  const std::filesystem::path file = dir / kManifestName;
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    return NotFoundError(file.string() + ": no manifest");
  }
  JI_ASSIGN_OR_RETURN(std::string text, ReadFileToString(file));
  const std::string where = file.string();
  ordered_json doc = ordered_json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return InvalidArgumentError(where + ": not valid JSON");
  }
  auto format = doc.find("format");
  if (format == doc.end() || *format != kManifestFormat) {
    return InvalidArgumentError(fmt::format(
        "{}: key \"format\": expected \"{}\"", where, kManifestFormat));
  }
  Manifest m;
  JI_ASSIGN_OR_RETURN(m.provenance, results::ProvenanceFromJson(text, where));
  auto kind = doc.find("kind");
  if (kind == doc.end() || !kind->is_string()) {
    return InvalidArgumentError(where + ": key \"kind\": expected a string");
  }
  m.kind = kind->get<std::string>();
  auto outputs = doc.find("outputs");
  if (outputs == doc.end() || !outputs->is_array()) {
    return InvalidArgumentError(where + ": key \"outputs\": expected an array");
  }
  for (size_t i = 0; i < outputs->size(); ++i) {
    const auto& o = (*outputs)[i];
    OutputRecord r;
    try {
      o.at("name").get_to(r.name);
      o.at("sha256").get_to(r.sha256);
      o.at("bytes").get_to(r.bytes);
    } catch (const nlohmann::json::exception& e) {
      return InvalidArgumentError(
          fmt::format("{}: outputs[{}]: {}", where, i, e.what()));
    }
    // A name with a directory part could point outside the directory.
    if (r.name.empty() || r.name.find('/') != std::string::npos ||
        r.name == "." || r.name == "..") {
      return InvalidArgumentError(
          fmt::format("{}: outputs[{}]: \"{}\" is not a plain file name", where,
                      i, r.name));
    }
    m.outputs.push_back(std::move(r));
  }
  return m;
}

}  // namespace jobimpact::store
