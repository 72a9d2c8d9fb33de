// The study format: one TOML file per study, documented in
// docs/study-format.md. LoadStudy parses and checks it (types, ranges,
// references between sections, unknown keys) without reading any data file;
// every error names the file, the line and the key path.
#ifndef JOBIMPACT_STUDY_CONFIG_H_
#define JOBIMPACT_STUDY_CONFIG_H_

#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/inputoutput/io_table.h"
#include "jobimpact/inputoutput/multipliers.h"
#include "jobimpact/inputoutput/regional.h"
#include "jobimpact/study/component_kind.h"
#include "jobimpact/study/options.h"
#include "jobimpact/survey/missing.h"
#include "jobimpact/survey/quality.h"
#include "jobimpact/table/encoding.h"
#include "jobimpact/table/read.h"

namespace jobimpact::study {

// A number taken from outside the study, with where it came from.
struct Sourced {
  double value = 0.0;
  std::string source;

  bool operator==(const Sourced&) const = default;
};

// How an assumption's value is drawn in the total-uncertainty Monte Carlo
// (study/uncertainty.h), over its range [low, high].
enum class Distribution {
  kTriangular,  // Mode at the value (the default).
  kUniform,     // Every value of the range equally likely.
  kNormal,      // Mean the value, standard deviation sd, cut to the range.
};
const char* DistributionName(Distribution d);
// "triangular", "uniform" or "normal"; InvalidArgument listing them.
Result<Distribution> ParseDistribution(const std::string& name);

// An assumption of the study: a value, the range it may plausibly take and
// where both come from ({value, low, high, source}, low <= value <= high),
// optionally with `distribution` (and `sd` for a normal). Given without a
// range, low = high = value (the value is taken as known).
struct Assumption {
  double value = 0.0;
  double low = 0.0;
  double high = 0.0;
  std::string source;
  Distribution distribution = Distribution::kTriangular;
  double sd = 0.0;  // kNormal only, > 0.

  bool ranged() const { return low < high; }
  bool operator==(const Assumption&) const = default;
};

// [measures]: job measures besides headcount (docs/study-format.md, "Job
// measures"), each estimated where a component's survey maps its role.
struct MeasuresSpec {
  // Hours a week of one full-time job: jobs_fte = jobs x hours_per_week /
  // this (unset: DefaultFulltimeHours()).
  std::optional<Sourced> fulltime_hours;
  // Full-time equivalent of one part-time job, for components whose survey
  // has a full-time split but no hours: jobs_fte = full-time + this x
  // part-time. Unset: no FTE for them.
  std::optional<Assumption> parttime_fte;
  // jobs_active: the jobs of units active on at least this many days of the
  // year (active_days role). Unset: no jobs_active.
  std::optional<int> min_active_days;

  bool operator==(const MeasuresSpec&) const = default;
};
// 40 hours a week, with its source: China's statutory working week.
Sourced DefaultFulltimeHours();
// The norm in force: `m.fulltime_hours`, else the default.
Sourced FulltimeHours(const MeasuresSpec& m);

// [net]: the additionality factors that turn gross jobs into net additional
// jobs (HCA Additionality Guide, 4th ed. 2014; docs/method.md §6), each a
// share in [0, 1] of the gross jobs:
//   deadweight    jobs that would have existed without the platform (the
//                 reference case),
//   leakage       jobs that benefit people outside the study's area,
//   displacement  jobs the platform's activity takes away elsewhere,
//   substitution  jobs that replace work the same people did before.
enum class AdditionalityFactor {
  kDeadweight,
  kLeakage,
  kDisplacement,
  kSubstitution
};
// The factors in the order the formula applies them, with their key names.
const std::vector<std::pair<AdditionalityFactor, const char*>>&
AdditionalityFactors();
const char* AdditionalityFactorName(AdditionalityFactor factor);

struct NetSpec {
  // Study-wide: every factor (a study states all four, zeros included); they
  // apply to every component without its own and to the indirect and
  // induced jobs.
  std::map<AdditionalityFactor, Assumption> study;
  // [net.components.ID]: factors of one component, overriding the study's.
  std::map<std::string, std::map<AdditionalityFactor, Assumption>> components;

  // The factor in force for `component` ("" = the indirect and induced jobs).
  const Assumption& For(const std::string& component,
                        AdditionalityFactor factor) const;
  bool operator==(const NetSpec&) const = default;
};

// How a survey was drawn, in column roles of the survey (see
// docs/study-format.md). Absent: each component's rows are taken as a simple
// random sample of n from its official count N, the design the reports'
// formula implies.
struct SurveyDesignSpec {
  std::string strata;
  std::vector<std::string> clusters;
  std::string weights;
  std::string probs;
  std::vector<std::string> fpc;
  std::string lonely_psu = "fail";
  std::string variance = "linearization";  // As `jobimpact survey estimate`.
  uint64_t seed = 1;
  // Unset: the study's default level (StudySpec::confidence).
  std::optional<double> confidence;
  std::vector<std::string> replicate_weights;  // Roles, for "supplied".
  double replicate_scale = 1.0;
  bool mse = false;
  // Calibration to known totals: method (poststratify, rake, linear,
  // raking), a CSV of targets (margin = column role, level, count), bounds.
  std::string calibration;
  std::filesystem::path margins;
  double lower_bound = -std::numeric_limits<double>::infinity();
  double upper_bound = std::numeric_limits<double>::infinity();

  bool operator==(const SurveyDesignSpec&) const = default;
};

// A survey export and the mapping from the engine's column roles (employees,
// platform_share, province, ...) to the file's headers.
// Settings of one column role of a survey ([surveys.KEY.roles.ROLE]).
struct RoleSpec {
  // Overrides the survey's `missing` for this role.
  std::optional<survey::MissingPolicy> missing;
  // `levels = [...]`: the role's values in this order (text roles); a value
  // not listed is an error.
  std::vector<std::string> levels;

  bool operator==(const RoleSpec&) const = default;
};

struct SurveySpec {
  std::string key;
  std::filesystem::path file;  // Resolved against the study file.
  // `format = "..."`; kAuto reads by the file's extension (table/read.h).
  table::FileFormat format = table::FileFormat::kAuto;
  // Workbooks: `sheet = "name"` or `sheet = N`, `header_row = N`.
  table::SheetOptions sheet;
  table::Encoding encoding = table::Encoding::kAuto;
  char delimiter = ',';
  std::vector<std::string> na_values = {"NA"};
  std::map<std::string, std::string> columns;  // role -> header.
  std::optional<SurveyDesignSpec> design;
  // `missing = "fail" | "exclude"` for every role (survey/missing.h; "level"
  // is set per breakdown role), and the label of missing values under
  // "level".
  survey::MissingPolicy missing = survey::MissingPolicy::kFail;
  std::string missing_label = std::string(survey::kNoAnswerLabel);
  std::map<std::string, RoleSpec> roles;  // By role.

  // The policy in force for `role`.
  survey::MissingPolicy MissingFor(const std::string& role) const;

  bool operator==(const SurveySpec&) const = default;
};

struct RowFilter {
  std::string role;    // A column role of the survey.
  std::string equals;  // Rows whose cell equals this belong to the component.

  bool operator==(const RowFilter&) const = default;
};

struct ComponentSpec {
  std::string id;
  std::string name;  // As in the study (Chinese in the reports); id if unset.
  std::string name_en;  // Optional English name for English documents.
  ComponentKind kind = ComponentKind::kServiceProvider;
  // Survey-based: the survey key, an optional row filter, the official
  // population count N and the domains to break the jobs down by.
  std::string survey;
  std::optional<RowFilter> filter;
  std::optional<Sourced> population;
  std::vector<std::string> domains;
  // Crossed breakdowns, written as pairs in `domains` (["insured",
  // "age_band"]): the jobs in each cell, and the share of the first
  // variable's levels within each level of the second.
  std::vector<std::pair<std::string, std::string>> crossed_domains;
  // Published aggregate instead of microdata.
  std::optional<Sourced> published_jobs;
  std::optional<Sourced> published_fulltime_share;

  bool survey_based() const { return !survey.empty(); }
  // Every role the breakdowns read, single or crossed, each once, in order.
  std::vector<std::string> DomainRoles() const;

  bool operator==(const ComponentSpec&) const = default;
};

// [[indicators]]: the share of a component's units for which a condition on
// the unit's own answers holds (`staff_16_29 / employees > 0.5`), in the
// expression language of table/expression.h over the survey's column roles.
struct UnitIndicatorSpec {
  std::string id;
  std::string name;     // As in the study; id if unset.
  std::string name_en;  // Optional English name.
  std::string expression;
  // Survey-based components whose units it is estimated over; unset in the
  // file: every survey-based component whose survey has each role named.
  std::vector<std::string> components;
  std::string where;  // "FILE:LINE: indicators[K].expression: ", for messages.

  // Equal as study settings: where it stood in the file is not one.
  bool operator==(const UnitIndicatorSpec& o) const {
    return id == o.id && name == o.name && name_en == o.name_en &&
           expression == o.expression && components == o.components;
  }
};

struct CategorySpec {
  std::string id;
  std::string name;
  std::string name_en;  // Optional English name.
  std::string sector;   // Input-output sector code; may be empty (see docs).
  std::string sector_where;  // "FILE:LINE: KEY: " of `sector`, for messages.
  std::optional<Sourced> amount;  // Given consumption, yuan.
  std::string column;             // Or: role in the consumer survey.

  // Equal as study settings: where `sector` stood in the file is not one.
  bool operator==(const CategorySpec& o) const {
    return id == o.id && name == o.name && name_en == o.name_en &&
           sector == o.sector && amount == o.amount && column == o.column;
  }
};

struct ConsumptionSpec {
  std::string survey;                 // Consumer survey key (optional).
  std::optional<Sourced> population;  // Number of consumers N.
  std::vector<CategorySpec> categories;

  bool operator==(const ConsumptionSpec&) const = default;
};

struct InputOutputSpec {
  std::optional<std::filesystem::path> table;  // Resolved path.
  inputoutput::IoLayout layout = inputoutput::IoLayout::kNbs;
  // Given column sums of B by sector code, instead of (or overriding the
  // need for) a table.
  std::map<std::string, double> coefficients;
  std::string coefficients_source;
  // `region = {...}`: regionalise the table for one region by location
  // quotients (inputoutput/regional.h) before any effect is computed.
  struct Region {
    std::string name;
    std::filesystem::path sizes;  // CSV: code, region, nation.
    inputoutput::LqMethod lq = inputoutput::LqMethod::kFlq;
    double delta = 0.3;  // FLQ only (Flegg & Webber 1997).
    std::string source;

    bool operator==(const Region&) const = default;
  };
  std::optional<Region> region;
  // How L = (I - A)^-1 is applied: auto (LU up to 1,500 sectors, certified
  // iteration above), lu or iterative (inputoutput/leontief.h).
  inputoutput::LeontiefMethod solver = inputoutput::LeontiefMethod::kAuto;

  bool operator==(const InputOutputSpec&) const = default;
};

enum class JobsMethod {
  kOutputPerJob,
  kEmploymentCoefficients,
  kEmploymentTable
};
const char* JobsMethodName(JobsMethod method);

// [indirect] closure: the open (Type I) model, or closed for households
// (Type II), which adds the induced effects of household spending.
enum class Closure { kOpen, kHousehold };
const char* ClosureName(Closure closure);

struct IndirectSpec {
  // The reports' method (docs/method.md §2): indirect output = sum over
  // categories of consumption x column sum of B. Named "caict2020" in results.
  std::string output_method = "caict2020";
  std::optional<Sourced> published_output;  // Use a published aggregate.
  JobsMethod jobs_method = JobsMethod::kOutputPerJob;
  // kOutputPerJob: yuan of indirect output per job.
  // Yuan of output per job, an assumption that may have a range (given by
  // value) or a published pair's ratio (implied_output / implied_jobs,
  // fixed).
  Assumption output_per_job;
  // kEmploymentCoefficients: CSV with columns code, jobs_per_million_yuan.
  std::filesystem::path employment_file;
  std::string employment_source;
  // kEmploymentTable: employment by industry (NBS layout), a concordance from
  // sectors to industries and the year (inputoutput/employment.h).
  std::filesystem::path employment_table;
  std::filesystem::path employment_concordance;
  int employment_year = 0;
  // Also report indirect value added v'(L - I) f by category (the
  // value-added method, next to the reports' caict2020 gross output).
  bool value_added = false;
  // How imports are treated by the value-added and employment-table methods
  // (required when either is used; no default).
  std::optional<inputoutput::ImportTreatment> imports;
  // kHousehold: output_induced, value_added_induced and jobs_induced from
  // the Type II model (inputoutput/multipliers.h); needs imports stated.
  Closure closure = Closure::kOpen;

  bool operator==(const IndirectSpec&) const = default;
};

struct RegionSpec {
  std::string name;            // e.g. "east_central_west_2021".
  std::filesystem::path file;  // CSV with columns province, region.

  bool operator==(const RegionSpec&) const = default;
};

// One change of a study file's value, by its dotted key path: tables by
// key, arrays of tables by an element's id (or index), e.g.
// "components.payment.population.value" or "indirect.output_per_job.value".
struct StudyOverride {
  std::string key;
  std::string value;   // A TOML value ("350000", "\"lu\"", "true"); text
                       // that is no TOML value is taken as a string.
  std::string origin;  // "--set", "scenarios.ID.set": for messages.

  bool operator==(const StudyOverride&) const = default;
};

// [[scenarios]]: a named variant of the study, run next to it (results'
// scenario column; "base" is the study as written).
struct ScenarioSpec {
  std::string id;
  std::string label;
  std::vector<StudyOverride> set;

  bool operator==(const ScenarioSpec&) const = default;
};

struct StudySpec {
  std::filesystem::path file;
  std::string name;
  std::string platform;
  std::string country;
  std::string currency = "CNY";
  int year = 0;
  std::string description;
  // [study] confidence: the level of intervals whose survey declares none
  // (unset: 0.95; StudyOptions::confidence overrides it).
  std::optional<double> confidence;
  // [study] top_n: how many domains the ranking figures
  // (jobs_top_probability) and the report's top tables take (unset: 10,
  // the reports' top-10 provinces).
  std::optional<int> top_n;
  std::map<std::string, SurveySpec> surveys;
  std::vector<ComponentSpec> components;
  std::vector<UnitIndicatorSpec> unit_indicators;  // [[indicators]].
  // Ecosystem-wide published full-time share, used to split direct jobs when
  // no component carries its own split (the reports' operator formula).
  std::optional<Sourced> direct_fulltime_share;
  MeasuresSpec measures;  // [measures].
  std::optional<ConsumptionSpec> consumption;
  InputOutputSpec io;
  std::optional<IndirectSpec> indirect;
  std::optional<RegionSpec> regions;
  std::optional<NetSpec> net;  // [net].
  // [quality]: the classes survey-based figures are flagged with (unset:
  // survey::QualityOptions' defaults, Statistics Canada's CV scale and at
  // least 30 respondents).
  std::optional<survey::QualityOptions> quality;
  std::vector<ScenarioSpec> scenarios;  // [[scenarios]], in file order.

  bool operator==(const StudySpec&) const = default;
};

Result<StudySpec> LoadStudy(const std::filesystem::path& path);
// The study with `overrides` applied, in order, to the file's values before
// it is checked (run --set, a scenario); every scenario of the result is
// checked too, applied over the same overrides. Errors name the override's
// origin and key; a key that does not exist lists the nearest ones.
Result<StudySpec> LoadStudy(const std::filesystem::path& path,
                            const std::vector<StudyOverride>& overrides);

// A file a study reads, with its role: "study", "survey:KEY",
// "margins:KEY", "io_table", "employment_coefficients", "employment_table",
// "employment_concordance", "regions".
struct InputFile {
  std::string role;
  std::filesystem::path path;
};
std::vector<InputFile> StudyInputFiles(const StudySpec& spec);

// The settings that shape the figures and are not data, as key -> value
// text for the run's provenance (e.g. "survey.firms.variance" -> "jk1",
// "inputoutput.solver" -> "lu"): the study's, with `options` applied as the
// run applies them, then the options given ("run.solver" ...).
std::vector<std::pair<std::string, std::string>> StudyOptionsInForce(
    const StudySpec& spec, const StudyOptions& options = {});

// True for studies of China (country "CN", "China" or "中国"): their
// provinces and cities are read through the gazetteer (geo/gazetteer.h).
bool IsChinaStudy(const StudySpec& spec);

// Several study years tied together for growth rates.
struct SeriesPoint {
  int year = 0;
  std::optional<std::filesystem::path> study;  // Resolved path.
  // Published values by series key ("jobs_total", "jobs_direct:COMPONENT").
  std::map<std::string, Sourced> published;
};

struct SeriesSpec {
  std::filesystem::path file;
  std::string name;
  // Keys "INDICATOR" (study-wide) or "INDICATOR:COMPONENT".
  std::vector<std::string> indicators;
  // Domain types (e.g. "region") whose growth is estimated per domain, for
  // every series indicator the points' studies break down by them:
  // growth_yoy with domain type "series|TYPE" and domain "INDICATOR|LEVEL".
  std::vector<std::string> domains;
  std::vector<SeriesPoint> points;  // Sorted by year, years distinct.
};

Result<SeriesSpec> LoadSeries(const std::filesystem::path& path);

// True if the TOML file declares a [series] table rather than a [study].
Result<bool> IsSeriesFile(const std::filesystem::path& path);

}  // namespace jobimpact::study

#endif  // JOBIMPACT_STUDY_CONFIG_H_
