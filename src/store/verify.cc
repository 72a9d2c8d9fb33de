#include "jobimpact/store/verify.h"

#include <fmt/format.h>

#include "jobimpact/base/sha256.h"
#include "jobimpact/study/model.h"

namespace jobimpact::store {
namespace {

void CheckInputs(VerifyReport* r) {
  for (const auto& in : r->manifest.provenance.inputs) {
    auto d = HashFile(in.path);
    if (!d.ok()) {
      r->input_problems.push_back(fmt::format("missing: {} ({}): {}", in.path,
                                              in.role, d.status().message()));
    } else if (d->sha256 != in.sha256 || d->bytes != in.bytes) {
      r->input_problems.push_back(fmt::format(
          "changed: {} ({}): {} bytes, sha256 {} -> {} bytes, sha256 {}",
          in.path, in.role, in.bytes, in.sha256, d->bytes, d->sha256));
    }
  }
}

void CheckOutputs(const std::filesystem::path& dir, VerifyReport* r) {
  for (const auto& o : r->manifest.outputs) {
    auto d = HashFile(dir / o.name);
    if (!d.ok()) {
      r->output_problems.push_back(fmt::format("missing: {}", o.name));
    } else if (d->sha256 != o.sha256 || d->bytes != o.bytes) {
      r->output_problems.push_back(
          fmt::format("modified since the run: {} (sha256 {} -> {})", o.name,
                      o.sha256, d->sha256));
    }
  }
}

// The study or series file the run read.
const results::InputRecord* StudyInput(const Manifest& m) {
  for (const auto& in : m.provenance.inputs) {
    if (in.role == "study" || in.role == "series") return &in;
  }
  return nullptr;
}

// Runs the study as the original run did: from its working directory and
// with the path as given, since method texts quote input paths as given.
// Without that directory, from here with the absolute path.
Result<study::Evaluation> Rerun(const Manifest& m,
                                const results::InputRecord& in) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path here = fs::current_path(ec);
  const fs::path there = m.provenance.working_directory;
  // With the run options the original run was given (--solver, ...).
  JI_ASSIGN_OR_RETURN(study::StudyOptions options,
                      study::StudyOptionsFromGiven(m.provenance.options));
  if (ec || there.empty() || !fs::is_directory(there, ec)) {
    return study::EvaluateFile(in.path, options);
  }
  fs::current_path(there, ec);
  if (ec) return study::EvaluateFile(in.path, options);
  auto eval = study::EvaluateFile(in.given, options);
  fs::current_path(here, ec);
  return eval;
}

}  // namespace

Result<VerifyReport> VerifyOutput(const std::filesystem::path& dir) {
  VerifyReport r;
  JI_ASSIGN_OR_RETURN(r.manifest, ReadManifest(dir));
  if (r.manifest.kind != "run") {
    return InvalidArgumentError(fmt::format(
        "{}: written by `jobimpact {}`, not by `jobimpact run`; only run "
        "outputs can be verified",
        (dir / kManifestName).string(), r.manifest.kind));
  }
  CheckInputs(&r);
  CheckOutputs(dir, &r);
  JI_ASSIGN_OR_RETURN(std::vector<results::ResultRow> recorded,
                      results::ReadResultsCsv(dir / "results.csv"));
  const results::InputRecord* study = StudyInput(r.manifest);
  if (study == nullptr) {
    r.rerun_error = "the manifest names no study or series input";
    return r;
  }
  auto eval = Rerun(r.manifest, *study);
  if (!eval.ok()) {
    r.rerun_error = eval.status().message();
    return r;
  }
  auto table = results::ResultsTable::FromFigures(eval->figures);
  if (!table.ok()) {
    r.rerun_error = table.status().message();
    return r;
  }
  JI_ASSIGN_OR_RETURN(std::vector<results::ComparedFigure> compared,
                      results::CompareResults(recorded, table->rows(),
                                              results::CompareOptions()));
  for (auto& f : compared) {
    ++r.figures_checked;
    if (!f.identical) r.differing.push_back(std::move(f));
  }
  return r;
}

std::string VerifyReportText(const VerifyReport& r,
                             const std::filesystem::path& dir) {
  const auto& p = r.manifest.provenance;
  std::string out = fmt::format(
      "{}: written by jobimpact {} (commit {}) on {}; {} inputs, {} "
      "outputs\n",
      dir.string(), p.build.version, p.build.git_commit, p.started_utc,
      p.inputs.size(), r.manifest.outputs.size());
  if (p.build.git_commit != GetBuildInfo().git_commit) {
    out += fmt::format("  note: this binary is commit {}\n",
                       GetBuildInfo().git_commit);
  }
  for (const auto& s : r.input_problems) out += "  input " + s + "\n";
  for (const auto& s : r.output_problems) out += "  output " + s + "\n";
  if (!r.rerun_error.empty()) {
    out += "  re-run failed: " + r.rerun_error + "\n";
  }
  for (const auto& f : r.differing) {
    const auto& row = f.a ? *f.a : *f.b;
    std::string what = "differs";
    if (!f.a) what = "new in the re-run";
    if (!f.b) what = "missing from the re-run";
    out += fmt::format("  figure {}: {} (recorded {}, re-run {})\n",
                       results::FigureKey(row), what,
                       f.a ? results::FormatNumber(f.a->estimate) : "-",
                       f.b ? results::FormatNumber(f.b->estimate) : "-");
  }
  if (r.ok()) {
    out += fmt::format(
        "verified: every input unchanged, all {} figures identical\n",
        r.figures_checked);
  } else {
    out += fmt::format(
        "NOT verified: {} input problem(s), {} output problem(s), {} of {} "
        "figures differ{}\n",
        r.input_problems.size(), r.output_problems.size(), r.differing.size(),
        r.figures_checked, r.rerun_error.empty() ? "" : ", re-run failed");
  }
  return out;
}

}  // namespace jobimpact::store
