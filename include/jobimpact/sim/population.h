// A synthetic platform ecosystem with known truth: service-provider firms and
// operator accounts of a WeChat-like platform, calibrated to the marginals
// the reports publish (docs/method.md §1 and "What the reports publish") for
// 2019 or 2020.
//
// Calibration is by quota, not by chance: every published share (city tier
// by component, education, age 18-24 by tier, uninsured by age band, women,
// full-time share of jobs) is met exactly up to rounding of counts, by
// sequential selection sampling (Knuth, TAOCP vol. 2, Algorithm 3.4.2 S) in
// each group; component job totals are met exactly by systematic rounding of
// heavy-tailed (lognormal) staff weights. Figures the reports do not publish
// (the split of service-provider jobs by kind, numbers of mini-program and
// short-video accounts, age bands other than 18-24, job types) are stated
// assumptions in PublishedMarginals and docs/simulator.md.
//
// Determinism: every random number is a hash of (seed, stream, unit index)
// (SplitMix64), so the population is identical for any thread count.
#ifndef JOBIMPACT_SIM_POPULATION_H_
#define JOBIMPACT_SIM_POPULATION_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/sim/consumers.h"

namespace jobimpact::sim {

constexpr int kTiers = 3;  // tier 1, tier 2, tier 3+
constexpr int kEducation =
    4;                        // graduate+, bachelor, junior college, secondary-
constexpr int kAgeBands = 4;  // 18-24, 25-34, 35-54, 55+
constexpr int kJobTypes = 4;  // content, development, design, functional

extern const char* const kTierLabels[kTiers];
extern const char* const kEducationLabels[kEducation];
extern const char* const kAgeBandLabels[kAgeBands];
extern const char* const kJobTypeLabels[kJobTypes];

struct ProviderKindTarget {
  std::string id, name_zh;
  int64_t firms = 0;
  int64_t jobs = 0;  // Platform jobs (employees x platform share).
  std::array<double, kTiers> tier_shares{};  // Of firms.
  std::string source;
  // Of the kind's firms and jobs by province (GB/T 2260 order of the 31
  // mainland divisions); all zero = placed by province weights alone.
  std::array<double, 31> province_shares{};
  std::string name_en{};  // For English documents (study name_en).
};

struct OperatorTarget {
  std::string id, name_zh;
  int64_t accounts = 0;
  int64_t jobs = 0;                          // Staff summed over accounts.
  std::array<double, kTiers> tier_shares{};  // Of accounts.
  // Education of the account's operator, by tier (rows) when the report
  // gives it by tier, else the same row three times.
  std::array<std::array<double, kEducation>, kTiers> education{};
  std::array<double, kAgeBands> uninsured_by_age{};  // Share NOT insured.
  std::string source;
  // Of the component's accounts and jobs by province (as for providers).
  std::array<double, 31> province_shares{};
  std::string name_en{};  // For English documents (study name_en).
};

// The published (and the assumed) marginals of one year.
struct Marginals {
  int year = 0;
  std::vector<ProviderKindTarget> providers;
  std::vector<OperatorTarget> operators;
  double fulltime_share = 0.0;  // Of all direct jobs.
  std::array<double, kTiers> age_18_24_by_tier{};
  std::array<double, kAgeBands - 1>
      other_age_bands{};  // 25-34, 35-54 (assumed); 55+ = rest.
  double women_share = 0.0;
  std::array<double, kJobTypes> job_type_shares{};
  std::array<double, kJobTypes> remote_by_job_type{};
  // Province weights (GB/T 2260 order of the 31 mainland divisions): a
  // tier-2 city has its province's weight, tier-3+ cities share it (tier-1
  // cities weigh alike). Assumption.
  std::array<double, 31> province_weights{};
  ConsumerTargets
      consumers;  // Platform-driven consumption (docs/method.md §2).
  std::vector<std::string> notes;  // Every assumption, in words.
};

// 2019 or 2020; InvalidArgument for another year.
Result<Marginals> PublishedMarginals(int year);

// Checks that the marginals can be met together; InvalidArgument naming the
// marginal (e.g. "operators[mini_programs].tier_shares sum to 1.2") for
// shares outside [0, 1] or not summing to 1, age bands over 100% in a tier,
// counts that are not positive, jobs per firm outside [1, 10000] or per
// account above 1000 (a firm has at least one employee; the generator's
// size model), or province weights that leave a tier with published units
// but no city of positive weight.
Status ValidateMarginals(const Marginals& marginals);

struct PopulationOptions {
  int year = 2020;
  // Replaces the published marginals of `year` (a simulation config's
  // overrides); its year must equal `year`.
  std::optional<Marginals> marginals;
  uint64_t seed = 1;
  // Multiplies every count (firms, accounts, jobs); 1 = the published size.
  double scale = 1.0;
  int threads = 0;  // 0 = hardware concurrency.
  Status Validate() const;
};

// Columnar units. Indices: province into geo::Gazetteer::Default().provinces(),
// city into its cities().
struct ProviderFirms {
  std::vector<uint8_t> kind, province, tier;
  std::vector<uint16_t> city;
  std::vector<int32_t> employees;
  std::vector<float> platform_share, fulltime_share;
  size_t size() const { return kind.size(); }
};

struct OperatorAccounts {
  std::vector<uint8_t> component, province, tier, age_band, education, woman,
      insured, job_type, remote;
  std::vector<uint16_t> city;
  std::vector<int32_t> staff, fulltime_staff;
  // Job measures (docs/simulator.md): average weekly hours of the account's
  // staff, 1 if the work is their main income, days active in the year.
  std::vector<uint8_t> hours, main_income;
  std::vector<uint16_t> active_days;
  // Bit k set: the account's staff also work in operator component k.
  std::vector<uint8_t> also_in;
  size_t size() const { return component.size(); }
};

struct Population {
  int year = 0;
  uint64_t seed = 0;
  double scale = 1.0;
  Marginals marginals;  // Scaled targets the population was built to.
  ProviderFirms providers;
  OperatorAccounts operators;
  ConsumerPopulation consumers;
};

struct PopulationSummary {
  int64_t units = 0;
  double seconds = 0.0;
  int threads = 0;
};

Result<Population> GeneratePopulation(const PopulationOptions& options,
                                      PopulationSummary* summary = nullptr);

// One published marginal against the population: target and achieved value
// (shares as fractions, totals as counts).
struct MarginalCheck {
  std::string indicator;  // E.g. "tier_share".
  std::string component;  // Component id, or "" for all.
  std::string domain;     // E.g. "tier 3+", "18-24".
  double target = 0.0;
  double achieved = 0.0;
  bool is_share = true;
};

std::vector<MarginalCheck> CheckMarginals(const Population& population);

}  // namespace jobimpact::sim

#endif  // JOBIMPACT_SIM_POPULATION_H_
