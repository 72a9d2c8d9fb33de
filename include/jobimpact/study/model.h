// The platform-employment model of docs/method.md: direct jobs per component
// (service-provider and operator formulas, §1), full-time and part-time,
// consumption -> indirect output through the input-output table -> indirect
// jobs (§2), totals, and growth across the years of a series (§3).
//
// Every number comes out as a Figure naming its method; numbers taken from
// the study file as published aggregates say "published: SOURCE". A run is
// a chain of stages (src/study/stages.h), each taking and returning values.
#ifndef JOBIMPACT_STUDY_MODEL_H_
#define JOBIMPACT_STUDY_MODEL_H_

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/study/config.h"
#include "jobimpact/study/options.h"
#include "jobimpact/study/uncertainty.h"

namespace jobimpact::study {

// One number the model produces, and one row of the results table
// (results/results.h). Study-wide figures leave component, domain type and
// domain empty.
struct Figure {
  // The indicator's name from the indicator table (study/indicator.h):
  // jobs_direct, jobs_parttime, output_indirect, ...
  std::string indicator;
  std::string component;    // Component id, or "".
  std::string domain_type;  // "province", "region", "category", "sector", ...
  std::string domain;       // The domain's value.
  int year = 0;
  // "base" for the study as written (with any run --set), else the id of
  // the [[scenarios]] entry it was computed under.
  std::string scenario = "base";
  double estimate = 0.0;
  std::optional<double> se;  // Empty until a variance estimator runs.
  std::optional<int64_t> n;  // Sample units; empty for non-survey figures.
  // Sample units in the figure's domain (a province's respondents), where n
  // counts the whole sample the domain estimator reads; empty otherwise.
  std::optional<int64_t> respondents;
  std::string unit;  // The indicator's UnitName: "jobs", "yuan", "ratio".
  std::string method;
  // Confidence interval from the estimator that produced se (empty with it;
  // the estimator chooses the interval: t with design df, logit, ...).
  std::optional<double> ci_low;
  std::optional<double> ci_high;
  // Confidence level of the interval and of the total interval (e.g. 0.95);
  // empty when the figure has neither.
  std::optional<double> level;
  // Publication class from the CV and the respondents (or n) (survey/
  // quality.h); set for every figure with both a standard error and n.
  std::optional<survey::QualityFlag> quality;
  // Total interval (study/uncertainty.h): the sampling error and the ranged
  // assumptions the figure depends on, at `level`; empty where no
  // assumption it depends on has a range.
  std::optional<double> total_ci_low;
  std::optional<double> total_ci_high;
};

struct StudyRun {
  StudySpec spec;
  std::vector<Figure> figures;
  // Things a careful reader should know: reconciliations with published
  // aggregates, splits that could not be made, rounding gaps.
  std::vector<std::string> notes;
  // The tornado table of the figures with a total interval.
  std::vector<SensitivityRow> sensitivity;
};

// Reads the study's data files and computes every figure with `options`
// (validated first), filling `summary` (may be null) with what was used.
// Errors name the file, line and column of bad data (InvalidArgument /
// NotFound) or the numerical problem (Numerical).
Result<StudyRun> RunStudy(const StudySpec& spec, const StudyOptions& options,
                          StudySummary* summary);
// The same with default options.
Result<StudyRun> RunStudy(const StudySpec& spec);

struct SeriesRun {
  SeriesSpec spec;
  std::vector<StudyRun> studies;
  // Series values by year, growth_yoy and growth_cagr, plus every figure of
  // every study in the series.
  std::vector<Figure> figures;
  std::vector<std::string> notes;
  std::vector<StudySummary> summaries;  // One per study, in point order.
};

// Runs every study of the series with `options`.
Result<SeriesRun> RunSeries(const SeriesSpec& spec,
                            const StudyOptions& options = {});

// The display names of an id in the figures' component or domain column.
struct Label {
  std::string kind;  // "component", "category" or "indicator".
  std::string id;
  std::string name;
  std::string name_en;  // May be empty.
  // What it is measured as, for readers: an indicator's expression (e.g.
  // "fulltime_staff / staff > 0.5"); empty for components and categories.
  std::string definition = "";

  bool operator==(const Label&) const = default;
};
// The labels of a study's components and categories, in study order.
std::vector<Label> StudyLabels(const StudySpec& spec);

// A study or a series file, run: what the CLI's `run` and `validate` need.
struct Evaluation {
  std::string title;
  std::string platform;
  std::vector<Figure> figures;
  std::vector<std::string> notes;
  // Every file read (a series: the series file, then each study's files
  // with roles prefixed "YEAR:") and the options in force, for provenance.
  std::vector<InputFile> inputs;
  std::vector<std::pair<std::string, std::string>> options;
  // Names of the components and consumption categories the figures name by
  // id (a series: every study's, the latest name of an id winning).
  std::vector<Label> labels;
  // The study's (a series: its first study's) country, as written.
  std::string country;
  // What each study run used (one for a study, one per study of a series).
  std::vector<StudySummary> summaries;
  // The tornado table (a series: every study's, by year).
  std::vector<SensitivityRow> sensitivity;
};

// Loads `path` as a series (if it has a [series] table) or a study and runs it.
Result<Evaluation> EvaluateFile(const std::filesystem::path& path,
                                const StudyOptions& options = {});

// The figure matching all the given fields exactly, or nullptr.
const Figure* FindFigure(const std::vector<Figure>& figures,
                         const std::string& indicator, int year,
                         const std::string& component = "",
                         const std::string& domain_type = "",
                         const std::string& domain = "");

}  // namespace jobimpact::study

#endif  // JOBIMPACT_STUDY_MODEL_H_
