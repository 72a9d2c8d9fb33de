// How a study is run (Ceres-style: RunStudy(spec, options, &summary)): the
// settings that are not data, and the summary of what was actually used.
// A study file can set the same things ([study] confidence, [inputoutput]
// solver); an option given here overrides the file, and the summary and the
// run's manifest say which value was in force.
#ifndef JOBIMPACT_STUDY_OPTIONS_H_
#define JOBIMPACT_STUDY_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/inputoutput/leontief.h"

namespace jobimpact::study {

struct StudyOptions {
  // How L = (I - A)^-1 is applied; unset: the study's [inputoutput] solver
  // (default auto).
  std::optional<inputoutput::LeontiefMethod> solver;
  // Confidence level of intervals whose survey declares none (components
  // under the assumed simple random sample, designs without `confidence`);
  // unset: the study's [study] confidence (default 0.95). A level declared
  // in a survey's design is kept.
  std::optional<double> confidence;
  // Threads for replicate variances; 0: the hardware's. Results do not
  // depend on it.
  int threads = 0;
  // Monte Carlo draws of the total-uncertainty intervals (study/
  // uncertainty.h); 0 gives none. Only figures that depend on an assumption
  // with a range get one.
  int draws = 2000;
  // Seed of those draws: the same seed gives the same intervals on any
  // thread count.
  uint64_t draws_seed = 1;
  // One-off changes of study values (`run --set KEY=VALUE`, study/config.h
  // StudyOverride), applied to a study file before it is checked; a series
  // file refuses them.
  std::vector<std::pair<std::string, std::string>> set;

  // InvalidArgument naming the option: confidence outside (0, 1), threads
  // negative, draws outside [0, 10^7].
  [[nodiscard]] Status Validate() const;
};

// What kind of thing a note tells the reader.
enum class NoteKind {
  kNotReported,    // A figure or breakdown that could not be given.
  kUnusedInput,    // A setting of the study that did not enter any figure.
  kDiscrepancy,    // A given or published number differs from the computed.
  kMissingValues,  // A survey column with missing values, and what was done.
  kQuality,        // The quality classes figures are flagged with, and counts.
  kAssumption,  // An assumption a figure rests on that the data cannot check.
};
const char* NoteKindName(NoteKind kind);

struct StudyNote {
  NoteKind kind;
  std::string text;
};

struct StageTime {
  std::string stage;  // "surveys and regions", "direct jobs", ...
  double seconds = 0;
};

struct StudySummary {
  // The Leontief solve, when an input-output table was used: the method
  // (never auto), its conditioning or certified error, in words.
  std::optional<inputoutput::LeontiefSummary> leontief;
  std::optional<inputoutput::SolveReport> solve;
  std::string solver_text;
  // The default confidence level in force, and every variance context
  // (survey or assumed design) with the level and replicate seed it used.
  double default_confidence = 0.95;
  struct Context {
    std::string label;
    double confidence = 0.95;
    std::optional<uint64_t> seed;  // Replicate methods that draw.
  };
  std::vector<Context> contexts;
  int threads = 0;
  std::vector<StudyNote> notes;
  std::vector<StageTime> stages;
  // The total-uncertainty Monte Carlo, when some assumption has a range and
  // draws > 0.
  struct Uncertainty {
    int draws = 0;
    uint64_t seed = 1;
    std::vector<std::string> assumptions;  // Key paths, e.g. "net.deadweight".
    int figures = 0;                       // Figures given a total interval.
    int64_t failed_draws = 0;  // Non-finite draws, over all figures.
    std::string first_failure;
  };
  std::optional<Uncertainty> uncertainty;
};

// Settings in force as key -> value text, for the run's manifest
// ("run.solver" -> "lu"): the options that were given, and always the
// draws and their seed; each --set as "run.set.KEY" -> VALUE.
std::vector<std::pair<std::string, std::string>> StudyOptionsGiven(
    const StudyOptions& options);
// The inverse, for re-running a recorded run (`jobimpact verify`); keys
// other than "run.*" are ignored, unknown "run.*" keys are an error.
Result<StudyOptions> StudyOptionsFromGiven(
    const std::vector<std::pair<std::string, std::string>>& given);

}  // namespace jobimpact::study

#endif  // JOBIMPACT_STUDY_OPTIONS_H_
