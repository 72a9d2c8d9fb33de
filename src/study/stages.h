// Private to the study module: the stages of a study run and the values
// that pass between them. RunStudy (model.cc) calls, in order,
//   LoadSurveys -> EstimateDirectJobs -> EstimateConsumption ->
//   PrepareInputOutput -> EstimateIndirect -> EstimateTotals -> EstimateNet,
// each taking the values it needs and returning its own; nothing is kept
// between stages but what they return. Each stage adds its figures and notes
// to the StageOutput it is given.
#ifndef JOBIMPACT_SRC_STUDY_STAGES_H_
#define JOBIMPACT_SRC_STUDY_STAGES_H_

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/inputoutput/io_table.h"
#include "jobimpact/inputoutput/leontief.h"
#include "jobimpact/inputoutput/regional.h"
#include "jobimpact/study/config.h"
#include "jobimpact/study/indicator.h"
#include "jobimpact/study/model.h"
#include "jobimpact/study/options.h"
#include "jobimpact/study/uncertainty.h"
#include "jobimpact/survey/combination.h"
#include "jobimpact/survey/design.h"
#include "jobimpact/table/table.h"

namespace jobimpact::study::internal {

// A study quantity: a combination of survey estimates (survey/combination.h).
using Quantity = survey::Combination;

// A published number of unknown uncertainty.
Quantity Published(double value);

// The ratio term N * sum(w y) / sum(w x) over the rows whose y and x are not
// missing (NaN): elsewhere both are set to 0, so a row missing a value has
// weight zero in this estimate only (the policy "exclude"; under "fail"
// nothing is missing by the time a term is built).
survey::RatioTerm TermOverAnswers(std::vector<double> y, std::vector<double> x,
                                  double scale);

// The study and the settings in force (options applied over the file).
struct Settings {
  const StudySpec* spec = nullptr;
  double default_confidence = 0.95;
  inputoutput::LeontiefMethod solver = inputoutput::LeontiefMethod::kAuto;
  int threads = 0;
  int draws = 0;  // Total-uncertainty draws; 0: none.
  uint64_t draws_seed = 1;
};
Settings SettingsFor(const StudySpec& spec, const StudyOptions& options);

// A survey file with its role mapping, read once per study.
struct LoadedSurvey {
  const SurveySpec* spec = nullptr;
  table::Table table;

  const table::Column& ByRole(const std::string& role) const;
  // "FILE:LINE: column "HEADER" (role ROLE)", for messages about a cell.
  std::string Cell(size_t row, const std::string& role) const;
};

// A design over some rows, the table holding its columns, and how to
// estimate variances on it: one independent sample.
struct Context {
  std::string label;
  table::Table table;
  std::optional<survey::Design> design;
  survey::EstimationOptions options;
};

// A survey-based component's rows and where they sit in its context.
struct ComponentSample {
  const LoadedSurvey* survey = nullptr;
  int ctx = -1;
  bool declared = false;     // The survey's declared design, or assumed.
  std::vector<size_t> rows;  // Survey rows of the component.
  std::vector<size_t> pos;   // Their positions among the context rows.
  size_t ctx_rows = 0;
  // Domain role -> label per context row ("" outside the component, or
  // missing under the policy "exclude").
  std::map<std::string, std::vector<std::string>> labels;
  // Domain role -> its labels in breakdown order (declared levels, the
  // gazetteer's or region scheme's order, else the column's level order).
  std::map<std::string, std::vector<std::string>> label_order;
};

// Stage 1: every survey the study uses, read and validated, the region
// scheme, and one variance context per declared design or assumed sample.
struct SurveyData {
  std::map<std::string, LoadedSurvey> surveys;
  std::map<std::string, std::string> region_of;  // Province -> region.
  std::vector<std::string> region_order;         // As the scheme lists them.
  std::vector<std::unique_ptr<Context>> contexts;
  std::map<std::string, ComponentSample> components;  // By component id.
  int consumption_ctx = -1;  // The consumer survey's context, if any.
  // Per survey and column: how many values are missing and what was done
  // (the run's notes).
  std::vector<std::string> missing_notes;

  std::vector<survey::Sample> Samples() const;
};
Result<SurveyData> LoadSurveys(const Settings& settings);

// Where a stage's figures and notes go, with the helpers that turn
// quantities into figures (one interval rule for all of them).
class StageOutput {
 public:
  StageOutput(const Settings& settings, const SurveyData& data)
      : settings_(settings), samples_(data.Samples()) {}

  std::vector<Figure>& figures() { return figures_; }
  std::vector<StudyNote>& notes() { return notes_; }

  void Add(Figure f);
  void Note(NoteKind kind, std::string text);
  // The figure of a quantity: its estimate and, when every input has a
  // known uncertainty, se and interval (jobs and yuan cut at 0).
  Result<Figure> Evaluate(Indicator indicator, const std::string& component,
                          const std::string& domain_type,
                          const std::string& domain, const Quantity& q,
                          const std::string& formula) const;
  Status AddEvaluated(Indicator indicator, const std::string& component,
                      const std::string& domain_type, const std::string& domain,
                      const Quantity& q, const std::string& formula);
  // num / den by the delta method, the interval kept within [0, 1]; nothing
  // when either has an input of unknown uncertainty or den is not > 0.
  Status AddShare(Indicator indicator, const std::string& component,
                  const std::string& domain_type, const std::string& domain,
                  const Quantity& num, const Quantity& den,
                  const std::string& formula);
  // jobs_top_probability of each domain of one breakdown: the probability
  // that its jobs are among the [study] top_n largest (survey/ranking.h,
  // full covariance by polarization). Nothing, with a note, when a domain's
  // jobs have no standard error; nothing when there are no more domains
  // than top_n (every probability would be 1).
  Status AddTopProbabilities(
      const std::string& component, const std::string& domain_type,
      const std::vector<std::pair<std::string, Quantity>>& domains);

 private:
  std::string FigureName(Indicator indicator, const std::string& component,
                         const std::string& domain_type,
                         const std::string& domain) const;
  Figure FigureOf(Indicator indicator, const std::string& component,
                  const std::string& domain_type, const std::string& domain,
                  const survey::CombinedEstimate& e, bool terms, bool unknown,
                  const std::string& formula) const;

  const Settings& settings_;
  std::vector<survey::Sample> samples_;
  std::vector<Figure> figures_;
  std::vector<StudyNote> notes_;
};

// "; stated range [LOW, HIGH] (DISTRIBUTION), in the total interval" for a
// ranged assumption, "" otherwise: method texts say where a range went.
std::string RangeText(const Assumption& a);

// A figure with no interval (published or exact numbers).
Figure Fig(Indicator indicator, std::string component, std::string domain_type,
           std::string domain, double estimate, std::string method);

// Stage 2: direct jobs by component, full-time/part-time and domains.
struct DirectJobs {
  Quantity total;
  std::map<std::string, Quantity> by_component, fulltime, parttime;
  // jobs_fte, jobs_main_income, jobs_active -> component id -> quantity,
  // for the components that have the measure.
  std::map<Indicator, std::map<std::string, Quantity>> measures;
  // Jobs / multiplicity of the components whose survey maps also_in.
  std::map<std::string, Quantity> unique;
};
Result<DirectJobs> EstimateDirectJobs(const Settings& settings,
                                      const SurveyData& data, StageOutput* out);

// Stage 3: consumption by category (empty without [consumption]).
struct Consumption {
  std::map<std::string, Quantity> by_category;
  Quantity total;
};
Result<Consumption> EstimateConsumption(const Settings& settings,
                                        const SurveyData& data,
                                        StageOutput* out);

// The input-output model, prepared once: the table, its solver and the
// column sums of B of the sectors the categories name (given, or solved).
struct PreparedInputOutput {
  std::optional<inputoutput::IoTable> table;
  std::optional<inputoutput::LeontiefSolver> solver;
  std::map<std::string, double> coefficients;  // Sector code -> sum of B.
  // [inputoutput] region: the sizes the coefficients were regionalised by.
  std::optional<inputoutput::RegionalSizes> region;
};
// Reads and solves the table when the study has [indirect] and
// [consumption]; adds the coefficient figures and fills the summary's
// solver fields.
Result<std::optional<PreparedInputOutput>> PrepareInputOutput(
    const Settings& settings, StageOutput* out, StudySummary* summary);

// Stage 4: indirect output, value added and jobs. Empty without
// [indirect]; `io` is the prepared model when there is consumption.
struct IndirectEffects {
  std::optional<Quantity> jobs;
  std::optional<Quantity> induced_jobs;  // closure = "household" only.
};
Result<IndirectEffects> EstimateIndirect(const Settings& settings,
                                         const Consumption& consumption,
                                         const PreparedInputOutput* io,
                                         StageOutput* out);

// Stage 5: jobs_total = direct + indirect.
Status EstimateTotals(const DirectJobs& direct, const IndirectEffects& indirect,
                      StageOutput* out);

// Stage 6: jobs_net by component and for the study, with [net]'s
// additionality factors (nothing without [net]).
Status EstimateNet(const Settings& settings, const DirectJobs& direct,
                   const IndirectEffects& indirect, StageOutput* out);

// The values the stages of a run passed on, kept so that the stages after
// the one an assumption enters can be re-run with another value of it.
struct Pipeline {
  SurveyData data;
  DirectJobs direct;
  Consumption consumption;
  std::optional<PreparedInputOutput> io;
  IndirectEffects indirect;
};

// Stage 7: the total-uncertainty interval of every figure that depends on
// an assumption with a range (study/uncertainty.h), set on out's figures
// (their method text says how), and the tornado rows. Nothing when
// settings.draws is 0 or no assumption has a range. Errors: a re-run at an
// assumption's low or high that fails, naming the assumption.
Status EstimateTotalUncertainty(const Settings& settings, const Pipeline& base,
                                std::vector<SensitivityRow>* sensitivity,
                                StageOutput* out, StudySummary* summary);

}  // namespace jobimpact::study::internal

#endif  // JOBIMPACT_SRC_STUDY_STAGES_H_
