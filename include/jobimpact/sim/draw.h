// Survey draws from a synthetic population, written as a research team
// receives them, with the population's true values.
//
// Designs of firms and accounts (SampleDesign; consumers below). The default
// design: stratified simple random sampling with
// allocation proportional to each stratum's total size measure, at least 2
// units per stratum (take-all below that):
//  * service-provider firms: strata = province x size class (1-19, 20-99,
//    100-499, 500+ employees, from the official register);
//  * operator accounts: strata = component x city tier x size class of the
//    platform register's size measure (staff blurred by lognormal noise:
//    < 2, 2-9, 10-49, 50+), so large accounts are sampled more heavily.
//  * consumers: two stages, strata = city tier; stage 1 a simple random
//    sample of cities (the four tier-1 cities with certainty), stage 2 the
//    same number of consumers in each sampled city, by simple random
//    sampling of the city's consumers; fpc for both stages.
// The other designs (`--provider-design`, `--operator-design`): one-stage
// cluster sampling of cities within tier strata (firms only), two-stage
// sampling (cities, then units_per_city units of each; strata tier for
// firms, component x tier for accounts; cities by simple random sampling
// or, two-stage-pps, with probability proportional to size, so that the
// sample is self-weighting) and systematic PPS within the
// strata without size classes (size = employees, or the register's size
// measure). Each writes its design into study.toml (clusters, fpc per
// stage, weights).
// Non-response: each sampled unit responds with probability 1 - rate
// (missing at random) or, with `informative`, with a probability that rises
// with its size (larger firms / accounts answer more), so the respondents
// over-represent large units and estimates are biased upward - the case a
// Monte Carlo check must expose.
//
// Files written into a directory (atomically):
//   providers.csv  UTF-8 with BOM, Chinese headers (企业编号, 服务商类型, ...)
//   operators.csv  GB18030 (or UTF-8), Chinese headers
//   consumers.csv  UTF-8, Chinese headers: spending by category
//   regions.csv    the 2021 report's East / Central / West
//   study.toml     a ready study over both files with the design declared
//   truth.csv      indicator, component, domain_type, domain, value: the
//                  population value of every figure the study reports
// Some rows spell the province differently (广东省, Guangdong, 廣東) as real
// exports do; the study reads them through the gazetteer.
#ifndef JOBIMPACT_SIM_DRAW_H_
#define JOBIMPACT_SIM_DRAW_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/results/provenance.h"
#include "jobimpact/sim/population.h"
#include "jobimpact/store/output_dir.h"

namespace jobimpact::sim {

// How firms and accounts are sampled (consumers: always two stages).
enum class SampleDesign {
  kStratified,   // Stratified simple random sampling (the default design).
  kCluster,      // One stage: cities by tier stratum, every unit in them.
  kTwoStage,     // Cities by stratum, then units_per_city units in each.
  kTwoStagePps,  // As kTwoStage, cities with probability ∝ their units.
  kPps,          // Probability proportional to size within strata.
};
Result<SampleDesign> ParseSampleDesign(const std::string& name);
const char* SampleDesignName(SampleDesign design);

struct DrawOptions {
  uint64_t seed = 1;
  int64_t providers_n = 3000;  // Firms drawn.
  int64_t operators_n = 9000;  // Accounts drawn.
  SampleDesign providers_design = SampleDesign::kStratified;
  // kCluster is refused for accounts: a city holds ~57,000 of them.
  SampleDesign operators_design = SampleDesign::kStratified;
  int64_t units_per_city = 30;  // Two-stage designs: units per sampled city.
  double nonresponse = 0.0;     // Share of drawn units not responding.
  bool informative = false;     // Response rises with unit size.
  bool gb18030 = true;          // Encoding of operators.csv.
  int64_t dirty_rows = 20;      // Rows with a differently spelled province.
  bool write_truth = true;      // truth.csv (the Monte Carlo check skips it).
  // Consumer survey (two-stage: cities, then consumers; 0 = none).
  int64_t consumers_n = 6000;     // Consumers interviewed in all.
  int64_t consumer_cities = 100;  // First-stage cities (tier 1: all four).
  // An NBS input-output table (path as the caller sees it); when set, the
  // study maps the categories to its sectors (by the Chinese sector names of
  // docs/method.md §2) and reports indirect output and jobs (caict2020, the
  // reports' output per job). study.toml refers to it relative to `dir`.
  std::filesystem::path io_table;
  // Where and how the directory is written (store/output_dir.h: --force,
  // inputs it may not contain) and the provenance its manifest records.
  store::OutputDirOptions output;
  results::Provenance provenance;
  Status Validate() const;
};

// The reports' indirect output per indirect job: 11301亿 -> 361.6万 (2019).
inline constexpr double kReportsOutputPerJob = 11301e8 / 3'616'000;

// The consumption categories mapped to a table: sector code and column sum
// of B = (I - A)^-1 - I per category of the population, and per yuan of the
// category's consumption the indirect value added and the induced output
// and value added of the Type II model closed for households (domestic
// coefficients, as the simulated study states).
struct IoMapping {
  std::filesystem::path table;
  std::vector<std::string> codes;
  std::vector<double> coefficients;
  std::vector<double> value_added, induced_output, induced_value_added;
};
// Errors: the table cannot be read or lacks a category's sector (named).
Result<IoMapping> MapConsumptionToTable(const Population& population,
                                        const std::filesystem::path& table);

struct DrawSummary {
  int64_t providers_drawn = 0, providers_responded = 0;
  int64_t operators_drawn = 0, operators_responded = 0;
  int64_t consumers_drawn = 0, consumers_responded = 0;
  int64_t strata = 0;
};

// One true population value.
struct Truth {
  std::string indicator, component, domain_type, domain;
  double value = 0.0;
};

// The population values of the figures the drawn study reports; with `io`,
// also indirect output, indirect jobs and total jobs.
std::vector<Truth> PopulationTruth(const Population& population,
                                   const IoMapping* io = nullptr);

// Draws a sample and writes the directory with its manifest (atomically;
// an existing directory only under the rules of store/output_dir.h). Errors:
// options out of range, a sample larger than the population, I/O.
Status WriteDraw(const Population& population, const DrawOptions& options,
                 const std::filesystem::path& dir,
                 DrawSummary* summary = nullptr);

// The strata of a population (units and size measures), built once for
// many draws (the Monte Carlo check); opaque.
struct DrawFrame {
  struct Impl;
  std::shared_ptr<const Impl> impl;
  // Optional: the consumption categories mapped to options.io_table, so
  // that many draws read and solve the table once (used when its `table`
  // equals the draw's io_table).
  std::shared_ptr<const IoMapping> io;
};
DrawFrame BuildDrawFrame(const Population& population);
Status WriteDraw(const Population& population, const DrawFrame& frame,
                 const DrawOptions& options, const std::filesystem::path& dir,
                 DrawSummary* summary = nullptr);

}  // namespace jobimpact::sim

#endif  // JOBIMPACT_SIM_DRAW_H_
