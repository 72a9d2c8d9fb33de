#include "jobimpact/study/options.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace jobimpact::study {

Status StudyOptions::Validate() const {
  if (confidence && !(*confidence > 0 && *confidence < 1)) {
    return InvalidArgumentError(fmt::format(
        "confidence: expected a level in (0, 1), e.g. 0.95, got {:g}",
        *confidence));
  }
  if (threads < 0) {
    return InvalidArgumentError(
        fmt::format("threads: expected 0 (all) or more, got {}", threads));
  }
  for (const auto& [key, value] : set) {
    if (key.empty()) {
      return InvalidArgumentError(
          "set: expected KEY=VALUE with a dotted study key, e.g. "
          "indirect.output_per_job.value=350000");
    }
  }
  if (draws < 0 || draws > 10000000) {
    return InvalidArgumentError(fmt::format(
        "draws: expected 0 (no total intervals) to 10000000, got {}", draws));
  }
  return Status::Ok();
}

const char* NoteKindName(NoteKind kind) {
  switch (kind) {
    case NoteKind::kNotReported:
      return "not_reported";
    case NoteKind::kUnusedInput:
      return "unused_input";
    case NoteKind::kDiscrepancy:
      return "discrepancy";
    case NoteKind::kMissingValues:
      return "missing_values";
    case NoteKind::kQuality:
      return "quality";
    case NoteKind::kAssumption:
      return "assumption";
  }
  return "?";
}

std::vector<std::pair<std::string, std::string>> StudyOptionsGiven(
    const StudyOptions& options) {
  std::vector<std::pair<std::string, std::string>> out;
  if (options.solver) {
    out.push_back(
        {"run.solver", inputoutput::LeontiefMethodName(*options.solver)});
  }
  if (options.confidence) {
    // Shortest round-trip text, so a re-run uses the same level.
    out.push_back({"run.confidence", fmt::format("{}", *options.confidence)});
  }
  if (options.threads != 0) {
    out.push_back({"run.threads", std::to_string(options.threads)});
  }
  for (const auto& [key, value] : options.set) {
    out.push_back({"run.set." + key, value});
  }
  // Always: they decide the total intervals.
  out.push_back({"run.draws", std::to_string(options.draws)});
  out.push_back({"run.draws_seed", std::to_string(options.draws_seed)});
  return out;
}

Result<StudyOptions> StudyOptionsFromGiven(
    const std::vector<std::pair<std::string, std::string>>& given) {
  StudyOptions o;
  for (const auto& [key, value] : given) {
    if (key.rfind("run.", 0) != 0) continue;
    if (key.rfind("run.set.", 0) == 0) {
      o.set.push_back({key.substr(8), value});
    } else if (key == "run.solver") {
      JI_ASSIGN_OR_RETURN(o.solver, inputoutput::ParseLeontiefMethod(value));
    } else if (key == "run.draws_seed") {
      const char* end = value.data() + value.size();
      auto r = std::from_chars(value.data(), end, o.draws_seed);
      if (r.ec != std::errc() || r.ptr != end) {
        return InvalidArgumentError(fmt::format(
            "option {}: expected a whole number, got \"{}\"", key, value));
      }
    } else if (key == "run.confidence" || key == "run.threads" ||
               key == "run.draws") {
      double v = 0;
      const char* end = value.data() + value.size();
      auto r = std::from_chars(value.data(), end, v);
      if (r.ec != std::errc() || r.ptr != end || !std::isfinite(v)) {
        return InvalidArgumentError(fmt::format(
            "option {}: expected a number, got \"{}\"", key, value));
      }
      if (key == "run.confidence") {
        o.confidence = v;
      } else if (v != std::floor(v) || std::fabs(v) > 1e8) {
        return InvalidArgumentError(fmt::format(
            "option {}: expected a whole number, got \"{}\"", key, value));
      } else {
        (key == "run.threads" ? o.threads : o.draws) = static_cast<int>(v);
      }
    } else {
      return InvalidArgumentError(fmt::format("unknown run option {}", key));
    }
  }
  JI_RETURN_IF_ERROR(o.Validate());
  return o;
}

}  // namespace jobimpact::study
