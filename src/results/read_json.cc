#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "jobimpact/results/results.h"

namespace jobimpact::results {
namespace {

using nlohmann::json;

// A reader of one JSON object whose errors name the file and key path.
struct Reader {
  const std::string& source;

  Status Error(const std::string& path, const std::string& what) const {
    return InvalidArgumentError(fmt::format("{}: {}: {}", source, path, what));
  }

  Status String(const json& o, const std::string& path, const char* key,
                std::string* out) const {
    auto it = o.find(key);
    if (it == o.end())
      return Error(path + "." + key, "missing (expected a string)");
    if (!it->is_string()) return Error(path + "." + key, "expected a string");
    *out = it->get<std::string>();
    return Status::Ok();
  }

  // A number or null (an empty cell).
  Status Number(const json& o, const std::string& path, const char* key,
                std::optional<double>* out) const {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) return Status::Ok();
    if (!it->is_number())
      return Error(path + "." + key, "expected a number or null");
    *out = it->get<double>();
    return Status::Ok();
  }

  Status Count(const json& o, const std::string& path, const char* key,
               std::optional<int64_t>* out) const {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) return Status::Ok();
    if (!it->is_number_integer())
      return Error(path + "." + key, "expected a whole number or null");
    *out = it->get<int64_t>();
    return Status::Ok();
  }
};

Result<study::Figure> RowOf(const Reader& rd, const json& o,
                            const std::string& path) {
  if (!o.is_object()) return rd.Error(path, "expected an object");
  study::Figure f;
  JI_RETURN_IF_ERROR(rd.String(o, path, "indicator", &f.indicator));
  JI_RETURN_IF_ERROR(rd.String(o, path, "component", &f.component));
  JI_RETURN_IF_ERROR(rd.String(o, path, "domain_type", &f.domain_type));
  JI_RETURN_IF_ERROR(rd.String(o, path, "domain", &f.domain));
  JI_RETURN_IF_ERROR(rd.String(o, path, "unit", &f.unit));
  JI_RETURN_IF_ERROR(rd.String(o, path, "method", &f.method));
  if (o.contains("scenario")) {  // Older files have none: all "base".
    JI_RETURN_IF_ERROR(rd.String(o, path, "scenario", &f.scenario));
  }
  auto year = o.find("year");
  if (year == o.end() || !year->is_number_integer()) {
    return rd.Error(path + ".year", "expected a whole number");
  }
  f.year = year->get<int>();
  std::optional<double> estimate;
  JI_RETURN_IF_ERROR(rd.Number(o, path, "estimate", &estimate));
  if (!estimate) return rd.Error(path + ".estimate", "expected a number");
  f.estimate = *estimate;
  JI_RETURN_IF_ERROR(rd.Number(o, path, "se", &f.se));
  JI_RETURN_IF_ERROR(rd.Number(o, path, "ci_low", &f.ci_low));
  JI_RETURN_IF_ERROR(rd.Number(o, path, "ci_high", &f.ci_high));
  JI_RETURN_IF_ERROR(rd.Number(o, path, "level", &f.level));
  JI_RETURN_IF_ERROR(rd.Number(o, path, "total_ci_low", &f.total_ci_low));
  JI_RETURN_IF_ERROR(rd.Number(o, path, "total_ci_high", &f.total_ci_high));
  JI_RETURN_IF_ERROR(rd.Count(o, path, "n", &f.n));
  JI_RETURN_IF_ERROR(rd.Count(o, path, "respondents", &f.respondents));
  auto q = o.find("quality");
  if (q != o.end() && !q->is_null()) {
    if (!q->is_string())
      return rd.Error(path + ".quality", "expected a string or null");
    auto flag = survey::ParseQualityFlag(q->get<std::string>());
    if (!flag.ok()) return rd.Error(path + ".quality", flag.status().message());
    f.quality = *flag;
  }
  return f;
}

Status ReadLabels(const Reader& rd, const json& doc, RunInfo* info) {
  auto it = doc.find("labels");
  if (it == doc.end()) return Status::Ok();  // Older files have none.
  if (!it->is_array()) return rd.Error("labels", "expected an array");
  for (size_t i = 0; i < it->size(); ++i) {
    const std::string path = fmt::format("labels[{}]", i);
    const json& o = (*it)[i];
    if (!o.is_object()) return rd.Error(path, "expected an object");
    study::Label l;
    JI_RETURN_IF_ERROR(rd.String(o, path, "kind", &l.kind));
    JI_RETURN_IF_ERROR(rd.String(o, path, "id", &l.id));
    JI_RETURN_IF_ERROR(rd.String(o, path, "name", &l.name));
    if (o.contains("name_en")) {
      JI_RETURN_IF_ERROR(rd.String(o, path, "name_en", &l.name_en));
    }
    if (o.contains("definition")) {
      JI_RETURN_IF_ERROR(rd.String(o, path, "definition", &l.definition));
    }
    info->labels.push_back(std::move(l));
  }
  return Status::Ok();
}

Status ReadSensitivity(const Reader& rd, const json& doc, RunInfo* info) {
  auto it = doc.find("sensitivity");
  if (it == doc.end()) return Status::Ok();  // Older files have none.
  if (!it->is_array()) return rd.Error("sensitivity", "expected an array");
  for (size_t i = 0; i < it->size(); ++i) {
    const std::string path = fmt::format("sensitivity[{}]", i);
    const json& o = (*it)[i];
    if (!o.is_object()) return rd.Error(path, "expected an object");
    study::SensitivityRow r;
    JI_RETURN_IF_ERROR(rd.String(o, path, "indicator", &r.indicator));
    JI_RETURN_IF_ERROR(rd.String(o, path, "component", &r.component));
    JI_RETURN_IF_ERROR(rd.String(o, path, "domain_type", &r.domain_type));
    JI_RETURN_IF_ERROR(rd.String(o, path, "domain", &r.domain));
    JI_RETURN_IF_ERROR(rd.String(o, path, "assumption", &r.assumption));
    if (o.contains("scenario")) {
      JI_RETURN_IF_ERROR(rd.String(o, path, "scenario", &r.scenario));
    }
    auto year = o.find("year");
    if (year == o.end() || !year->is_number_integer()) {
      return rd.Error(path + ".year", "expected a whole number");
    }
    r.year = year->get<int>();
    JI_RETURN_IF_ERROR(rd.Number(o, path, "low", &r.low));
    JI_RETURN_IF_ERROR(rd.Number(o, path, "high", &r.high));
    for (auto [key, out] :
         {std::pair<const char*, double*>{"at_low", &r.at_low},
          {"at_high", &r.at_high},
          {"variance_share", &r.variance_share}}) {
      std::optional<double> v;
      JI_RETURN_IF_ERROR(rd.Number(o, path, key, &v));
      if (!v) return rd.Error(path + "." + key, "expected a number");
      *out = *v;
    }
    info->sensitivity.push_back(std::move(r));
  }
  return Status::Ok();
}

Status ReadHeader(const Reader& rd, const json& doc, RunInfo* info) {
  auto head = doc.find("jobimpact");
  if (head == doc.end() || !head->is_object()) {
    return rd.Error("jobimpact", "missing: not a jobimpact results.json");
  }
  std::string format;
  JI_RETURN_IF_ERROR(rd.String(*head, "jobimpact", "format", &format));
  if (format != kResultsFormat) {
    return rd.Error("jobimpact.format",
                    fmt::format("\"{}\" is not a format this version reads "
                                "(expected \"{}\"); redo the run with this "
                                "version",
                                format, kResultsFormat));
  }
  JI_RETURN_IF_ERROR(rd.String(*head, "jobimpact", "title", &info->title));
  JI_RETURN_IF_ERROR(
      rd.String(*head, "jobimpact", "platform", &info->platform));
  JI_RETURN_IF_ERROR(rd.String(*head, "jobimpact", "input", &info->input_file));
  if (head->contains("country")) {
    JI_RETURN_IF_ERROR(
        rd.String(*head, "jobimpact", "country", &info->country));
  }
  return Status::Ok();
}

}  // namespace

Result<ResultsDocument> ParseResultsJson(std::string_view text,
                                         const std::string& source) {
  const Reader rd{source};
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded())
    return InvalidArgumentError(source + ": not valid JSON");
  if (!doc.is_object()) return rd.Error("(top)", "expected an object");
  RunInfo info;
  JI_RETURN_IF_ERROR(ReadHeader(rd, doc, &info));
  if (auto p = doc.find("provenance"); p != doc.end() && !p->is_null()) {
    auto prov = ProvenanceFromJson(p->dump(), source + ": provenance");
    if (!prov.ok()) return prov.status();
    info.provenance = std::move(*prov);
  }
  auto rows = doc.find("rows");
  if (rows == doc.end() || !rows->is_array())
    return rd.Error("rows", "expected an array");
  std::vector<study::Figure> figures;
  figures.reserve(rows->size());
  for (size_t i = 0; i < rows->size(); ++i) {
    auto f = RowOf(rd, (*rows)[i], fmt::format("rows[{}]", i));
    if (!f.ok()) return f.status();
    figures.push_back(std::move(*f));
  }
  JI_RETURN_IF_ERROR(ReadLabels(rd, doc, &info));
  JI_RETURN_IF_ERROR(ReadSensitivity(rd, doc, &info));
  if (auto n = doc.find("notes"); n != doc.end()) {
    if (!n->is_array())
      return rd.Error("notes", "expected an array of strings");
    for (size_t i = 0; i < n->size(); ++i) {
      if (!(*n)[i].is_string())
        return rd.Error(fmt::format("notes[{}]", i), "expected a string");
      info.notes.push_back((*n)[i].get<std::string>());
    }
  }
  auto table = ResultsTable::FromFigures(figures);
  if (!table.ok())
    return InvalidArgumentError(source + ": " + table.status().message());
  return ResultsDocument{std::move(*table), std::move(info)};
}

}  // namespace jobimpact::results
