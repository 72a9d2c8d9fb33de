#include "jobimpact/sim/population.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cmath>
#include <functional>
#include <map>
#include <numeric>
#include <thread>

#include "cities.h"
#include "jobimpact/base/hash_random.h"
#include "jobimpact/base/parallel.h"
#include "jobimpact/geo/gazetteer.h"
#include "sim_data.h"

namespace jobimpact::sim {

const char* const kTierLabels[kTiers] = {"tier 1", "tier 2", "tier 3+"};
const char* const kEducationLabels[kEducation] = {
    "graduate+", "bachelor", "junior college", "secondary-"};
const char* const kAgeBandLabels[kAgeBands] = {"18-24", "25-34", "35-54",
                                               "55+"};
const char* const kJobTypeLabels[kJobTypes] = {"content", "development",
                                               "design", "functional"};

namespace {

// Counter-based random numbers (base/hash_random.h): the same numbers for
// any thread count.
using Stream = HashStream;

// Units below which a loop runs on one thread.
constexpr size_t kMinParallel = 100000;

enum StreamId : uint64_t {
  kTierStream = 1,
  kCityStream,
  kStaffStream,
  kFulltimeStream,
  kAgeStream,
  kEducationStream,
  kInsuredStream,
  kWomanStream,
  kJobTypeStream,
  kRemoteStream,
  kEmployeesStream,
  kShareStream,
  kFulltimeShareStream,
  kOffsetStream,
  kProvinceStream,
  kHoursStream,
  kMainIncomeStream,
  kActiveDaysStream,
  kAlsoInStream,
};

// Hours, main income and active days of each account, driven by its
// full-time share r (no published marginal exists; docs/simulator.md):
// hours ~ r N(42, 4^2) + (1 - r) U(6, 24), rounded, in [1, 80]; main income
// with probability 0.15 + 0.7 r; active on U(200, 365) days when r >= 0.5,
// else on 1 + 200 u^2 days (most part-time accounts are active rarely).
void AssignJobMeasures(uint64_t seed, OperatorAccounts* o) {
  const size_t n = o->size();
  o->hours.resize(n);
  o->main_income.resize(n);
  o->active_days.resize(n);
  const Stream hours(seed, kHoursStream), main(seed, kMainIncomeStream),
      days(seed, kActiveDaysStream);
  for (size_t i = 0; i < n; ++i) {
    const double r =
        o->staff[i] > 0
            ? static_cast<double>(o->fulltime_staff[i]) / o->staff[i]
            : 0.0;
    const double h = r * (42 + 4 * hours.Normal(i)) +
                     (1 - r) * (6 + 18 * hours.Uniform(2 * n + i));
    o->hours[i] = static_cast<uint8_t>(std::clamp(std::lround(h), 1L, 80L));
    o->main_income[i] = main.Uniform(i) < 0.15 + 0.7 * r ? 1 : 0;
    const double u = days.Uniform(i);
    o->active_days[i] = static_cast<uint16_t>(
        r >= 0.5 ? 200 + std::floor(166 * u) : 1 + std::floor(200 * u * u));
  }
}

// Multi-homing: the staff of an account also work in each other operator
// component with probability 0.12, independently (no report publishes the
// overlap; docs/simulator.md).
void AssignMultiHoming(uint64_t seed, size_t components, OperatorAccounts* o) {
  const size_t n = o->size();
  o->also_in.assign(n, 0);
  const Stream s(seed, kAlsoInStream);
  for (size_t i = 0; i < n; ++i) {
    for (size_t k = 0; k < components && k < 8; ++k) {
      if (k == o->component[i]) continue;
      if (s.Uniform(i * 8 + k) < 0.12) {
        o->also_in[i] = static_cast<uint8_t>(o->also_in[i] | (1u << k));
      }
    }
  }
}

// Largest-remainder rounding of n * shares (shares summing to ~1).
std::vector<int64_t> Counts(int64_t n, const double* shares, int k) {
  double total = 0;
  for (int j = 0; j < k; ++j) total += shares[j];
  std::vector<int64_t> c(k);
  std::vector<std::pair<double, int>> rest;
  int64_t used = 0;
  for (int j = 0; j < k; ++j) {
    const double exact = static_cast<double>(n) * shares[j] / total;
    c[j] = static_cast<int64_t>(std::floor(exact));
    used += c[j];
    rest.push_back({exact - static_cast<double>(c[j]), j});
  }
  std::sort(rest.begin(), rest.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  for (int64_t r = 0; r < n - used; ++r)
    ++c[rest[static_cast<size_t>(r)].second];
  return c;
}

// Assigns out[i] in [0, k) so that, within each group, the counts equal
// counts[group]: sequential selection sampling, exact and unbiased.
void QuotaAssign(const std::vector<uint32_t>& group,
                 std::vector<std::vector<int64_t>> counts, const Stream& s,
                 std::vector<uint8_t>* out) {
  std::vector<int64_t> left(counts.size(), 0);
  for (size_t g = 0; g < counts.size(); ++g) {
    for (int64_t c : counts[g]) left[g] += c;
  }
  out->resize(group.size());
  for (size_t i = 0; i < group.size(); ++i) {
    const uint32_t g = group[i];
    auto& c = counts[g];
    double u = s.Uniform(i) * static_cast<double>(left[g]);
    size_t k = 0;
    while (k + 1 < c.size() && u >= static_cast<double>(c[k])) {
      u -= static_cast<double>(c[k]);
      ++k;
    }
    while (c[k] == 0) ++k;  // Guards rounding at the boundary.
    --c[k];
    --left[g];
    (*out)[i] = static_cast<uint8_t>(k);
  }
}

// Group sizes, then quota counts per group from shares_of(group).
template <typename SharesFn>
std::vector<std::vector<int64_t>> GroupCounts(
    const std::vector<uint32_t>& group, size_t groups, int k,
    SharesFn shares_of) {
  std::vector<int64_t> size(groups, 0);
  for (uint32_t g : group) ++size[g];
  std::vector<std::vector<int64_t>> counts(groups);
  for (size_t g = 0; g < groups; ++g) {
    counts[g] = Counts(size[g], shares_of(g), k);
  }
  return counts;
}

// Systematic rounding of total * w_i / sum(w): integers summing to total.
void SystematicAllocation(const std::vector<double>& w, int64_t total,
                          double offset, std::vector<int32_t>* out) {
  const double sum = std::accumulate(w.begin(), w.end(), 0.0);
  out->resize(w.size());
  double cum = offset;
  int64_t prev = static_cast<int64_t>(std::floor(cum));
  for (size_t i = 0; i < w.size(); ++i) {
    cum += static_cast<double>(total) * w[i] / sum;
    const int64_t now = static_cast<int64_t>(std::floor(cum));
    (*out)[i] = static_cast<int32_t>(now - prev);
    prev = now;
  }
}

// Tier x province masses M with row sums = tier shares and column sums =
// province shares (both normalised), by iterative proportional fitting
// (Deming & Stephan 1940) from the city table's weights, whose zeros (no
// city of that tier in that province) it keeps. Converges exactly when
// such an M exists; otherwise the margins cannot be met together and the
// error names the province with the largest gap.
using TierProvince = std::array<std::array<double, 31>, kTiers>;

// The city table's weights summed by (tier, province).
TierProvince CellWeights(const internal::CityTable& cities) {
  const auto& g = geo::Gazetteer::Default();
  TierProvince m{};
  for (int t = 0; t < kTiers; ++t) {
    for (size_t j = 0; j < cities.cities[t].size(); ++j) {
      m[t][g.cities()[cities.cities[t][j]].province] += cities.weights[t][j];
    }
  }
  return m;
}

Result<TierProvince> FitTierProvince(const std::array<double, kTiers>& tier,
                                     const std::array<double, 31>& province,
                                     const internal::CityTable& cities,
                                     const std::string& who) {
  const auto& g = geo::Gazetteer::Default();
  TierProvince m = CellWeights(cities);
  double tsum = 0, psum = 0;
  for (double v : tier) tsum += v;
  for (double v : province) psum += v;
  double gap = 0;
  for (int it = 0; it < 20000; ++it) {
    for (int t = 0; t < kTiers; ++t) {
      double row = 0;
      for (double v : m[t]) row += v;
      const double f = row > 0 ? tier[t] / tsum / row : 0.0;
      for (double& v : m[t]) v *= f;
    }
    gap = 0;
    for (size_t p = 0; p < 31; ++p) {
      double col = 0;
      for (int t = 0; t < kTiers; ++t) col += m[t][p];
      const double want = province[p] / psum;
      gap = std::max(gap, std::fabs(col - want));
      const double f = col > 0 ? want / col : 0.0;
      for (int t = 0; t < kTiers; ++t) m[t][p] *= f;
    }
    if (gap < 1e-13) break;
  }
  // After the column step, rows carry the remaining error.
  // A province with a share but no cell left (no city in a tier with
  // units) cannot be met; name it.
  for (size_t p = 0; p < 31; ++p) {
    double col = 0;
    for (int t = 0; t < kTiers; ++t) col += m[t][p];
    if (province[p] > 0 && col == 0) {
      return InvalidArgumentError(fmt::format(
          "{}: {} has {:.4g}% of the jobs but no city in a tier with units: "
          "the tier shares and the province shares cannot be met together",
          who, g.provinces()[p].short_zh, 100 * province[p] / psum));
    }
  }
  // Otherwise the fit ends with the columns met; the tier whose share it
  // misses most says how far apart the margins are.
  double worst = 0, achieved = 0;
  int worst_tier = 0;
  for (int t = 0; t < kTiers; ++t) {
    double row = 0;
    for (double v : m[t]) row += v;
    if (std::fabs(row - tier[t] / tsum) > worst) {
      worst = std::fabs(row - tier[t] / tsum);
      worst_tier = t;
      achieved = row;
    }
  }
  if (worst > 1e-9) {
    return InvalidArgumentError(fmt::format(
        "{}: the tier shares and the province shares cannot be met together "
        "({} gets {:.4g}% instead of {:.4g}%; e.g. 北京 and 上海 have only "
        "tier-1 cities, so their shares cannot exceed the tier-1 share)",
        who, kTierLabels[worst_tier], 100 * achieved,
        100 * tier[worst_tier] / tsum));
  }
  return m;
}

bool HasProvinceShares(const std::array<double, 31>& s) {
  for (double v : s) {
    if (v != 0) return true;
  }
  return false;
}

// Per (tier, province): the cities and their cumulative weights.
struct CityCells {
  std::array<std::array<std::vector<uint16_t>, 31>, kTiers> cities;
  std::array<std::array<std::vector<double>, 31>, kTiers> cumulative;
};

CityCells BuildCityCells(const internal::CityTable& t) {
  const auto& g = geo::Gazetteer::Default();
  CityCells cells;
  for (int tier = 0; tier < kTiers; ++tier) {
    for (size_t j = 0; j < t.cities[tier].size(); ++j) {
      const uint16_t c = t.cities[tier][j];
      const size_t p = g.cities()[c].province;
      auto& cum = cells.cumulative[tier][p];
      cells.cities[tier][p].push_back(c);
      cum.push_back((cum.empty() ? 0.0 : cum.back()) + t.weights[tier][j]);
    }
  }
  return cells;
}

uint16_t PickCityIn(const CityCells& cells, int tier, size_t province,
                    double u) {
  const auto& cum = cells.cumulative[tier][province];
  const double x = u * cum.back();
  const size_t k = static_cast<size_t>(
      std::upper_bound(cum.begin(), cum.end(), x) - cum.begin());
  return cells.cities[tier][province][std::min(k, cum.size() - 1)];
}

// Places units (grouped by kind/component g, with tier[i]) in provinces
// and cities: province by quota within (g, tier) from the fitted tier x
// province masses (without province shares: the city weights summed by
// province), then a city by weight within the (tier, province) cell.
// `targets`: the ProviderKindTarget or OperatorTarget of each group
// (tier_shares, province_shares, id); `what` names them in errors.
template <typename Target>
Status PlaceUnits(const std::vector<uint8_t>& kind,
                  const std::vector<uint8_t>& tier,
                  const std::vector<Target>& targets, const std::string& what,
                  const internal::CityTable& cities, uint64_t seed,
                  uint64_t stream_base, int threads,
                  std::vector<uint8_t>* province, std::vector<uint16_t>* city) {
  const auto& gaz = geo::Gazetteer::Default();
  const size_t n = kind.size(), groups = targets.size();
  province->resize(n);
  city->resize(n);
  // Province shares within each (group, tier): the fitted tier x province
  // table, or without province shares the city weights alone.
  const TierProvince weights = CellWeights(cities);
  std::vector<std::array<double, 31>> cell_shares(groups * kTiers);
  for (size_t g = 0; g < groups; ++g) {
    const Target& t = targets[g];
    TierProvince m = weights;
    if (HasProvinceShares(t.province_shares)) {
      JI_ASSIGN_OR_RETURN(m, FitTierProvince(t.tier_shares, t.province_shares,
                                             cities, what + "[" + t.id + "]"));
    }
    for (int r = 0; r < kTiers; ++r) cell_shares[g * kTiers + r] = m[r];
  }
  std::vector<uint32_t> group(n);
  for (size_t i = 0; i < n; ++i) group[i] = kind[i] * kTiers + tier[i];
  std::vector<uint8_t> quota;
  QuotaAssign(group,
              GroupCounts(group, groups * kTiers, 31,
                          [&](size_t g) { return cell_shares[g].data(); }),
              Stream(seed, stream_base + kProvinceStream), &quota);
  const CityCells cells = BuildCityCells(cities);
  const Stream pick(seed, stream_base + kCityStream);
  ParallelFor(n, threads, kMinParallel, [&](size_t b, size_t e) {
    for (size_t i = b; i < e; ++i) {
      (*city)[i] = PickCityIn(cells, tier[i], quota[i], pick.Uniform(i));
      (*province)[i] = static_cast<uint8_t>(gaz.cities()[(*city)[i]].province);
    }
  });
  return Status::Ok();
}

// Jobs of a kind/component by province: largest-remainder rounding of
// jobs x province shares (exact totals), or empty without shares.
std::vector<int64_t> JobsByProvince(int64_t jobs,
                                    const std::array<double, 31>& shares) {
  if (!HasProvinceShares(shares)) return {};
  return Counts(jobs, shares.data(), 31);
}

// The embedded province shares of 2020 (data/sim/province_shares_2020.csv),
// as fractions by component id.
std::map<std::string, std::array<double, 31>> PublishedProvinceShares() {
  const auto& g = geo::Gazetteer::Default();
  std::map<std::string, std::array<double, 31>> out;
  std::string_view csv = internal::kProvinceShares2020Csv;
  bool header = true;
  while (!csv.empty()) {
    const size_t eol = csv.find('\n');
    const std::string_view line = csv.substr(0, eol);
    csv = eol == std::string_view::npos ? "" : csv.substr(eol + 1);
    if (header || line.empty()) {
      header = false;
      continue;
    }
    const size_t a = line.find(','), b = line.find(',', a + 1),
                 c = line.find(',', b + 1);
    size_t p = 0;
    const auto found = g.MatchProvince(line.substr(a + 1, b - a - 1), &p);
    assert(found == geo::Gazetteer::Match::kFound && p < 31);
    (void)found;
    out[std::string(line.substr(0, a))][p] =
        std::stod(std::string(line.substr(b + 1, c - b - 1))) / 100.0;
  }
  return out;
}

int64_t Scaled(int64_t v, double scale) {
  return std::max<int64_t>(1, std::llround(static_cast<double>(v) * scale));
}

}  // namespace

Result<Marginals> PublishedMarginals(int year) {
  if (year != 2019 && year != 2020) {
    return InvalidArgumentError(fmt::format(
        "the simulator knows the published marginals of 2019 and 2020, not {}",
        year));
  }
  Marginals m;
  m.year = year;
  const bool y20 = year == 2020;
  // Service providers: 290万 jobs (2020), 292万 (2019); about 60,000 firms.
  // The split by kind is not published (assumption).
  const int64_t sp = y20 ? 2'900'000 : 2'920'000;
  m.providers = {{"enterprise_messaging",
                  "企业微信服务商",
                  22'000,
                  sp * 38 / 100,
                  {0.30, 0.40, 0.30},
                  "split of service-provider jobs assumed"},
                 {"payment",
                  "微信支付服务商",
                  20'000,
                  sp * 34 / 100,
                  {0.18, 0.314, 0.506},
                  "tier 3+ share 50.6% (2021 report)"},
                 {"mini_program_provider",
                  "小程序服务商",
                  18'000,
                  sp - sp * 38 / 100 - sp * 34 / 100,
                  {0.30, 0.40, 0.30},
                  "split of service-provider jobs assumed"}};
  const std::array<double, kEducation> official_t1 = {0.246, 0.541, 0.146,
                                                      0.067};
  const std::array<double, kEducation> official_t2 = {0.150, 0.523, 0.262,
                                                      0.064};
  const std::array<double, kEducation> official_t3 = {0.080, 0.434, 0.329,
                                                      0.158};
  const std::array<double, kEducation> mini_edu = {0.062, 0.468, 0.325, 0.145};
  const std::array<double, kEducation> video_edu = {0.128, 0.404, 0.273, 0.195};
  // Direct jobs except mini-programs: 2415万 (2020) = providers 290 + short
  // video 334 + official accounts 1791; 2065万 (2019) = 292 + 1773.
  m.operators.push_back(
      {"official_accounts",
       "公众号",
       20'000'000,
       y20 ? 17'910'000 : 17'730'000,
       {0.349, 0.327, 0.324},
       {official_t1, official_t2, official_t3},
       {0.576, 0.306, 0.174, 0.091},
       "jobs = direct except mini-program minus providers and short video"});
  m.operators.push_back({"mini_programs",
                         "小程序",
                         y20 ? 1'100'000 : 1'000'000,
                         y20 ? 7'810'000 : 5'360'000,
                         {0.304, 0.376, 0.320},
                         {mini_edu, mini_edu, mini_edu},
                         {0.493, 0.266, 0.263, 0.250},
                         "mini-program jobs 781万 (2020), 536万 (2019)"});
  if (y20) {
    m.operators.push_back({"short_video",
                           "视频号",
                           3'000'000,
                           3'340'000,
                           {0.275, 0.304, 0.421},
                           {video_edu, video_edu, video_edu},
                           {0.619, 0.346, 0.188, 0.095},
                           "short-video jobs 334万 (2021 report body)"});
  }
  m.fulltime_share = y20 ? 0.517 : 0.416;
  m.age_18_24_by_tier = {0.108, 0.159, 0.179};
  m.other_age_bands = {0.46, 0.33};
  m.women_share = 0.475;
  m.job_type_shares = {0.40, 0.20, 0.10, 0.30};
  m.remote_by_job_type = {0.60, 0.60, 0.60, 0.174};
  // Consumption: 2019's published totals (information consumption 3238亿 =
  // traffic 2736 + information services 503; traditional consumption
  // 5966亿, whose split is not published); 2020 scales every category by
  // the growth of the published indirect GDP (15278.2 / 11301).
  const double grow = y20 ? 15278.2 / 11301.0 : 1.0;
  const double kYi = 1e8;
  const double traditional = 5966 * kYi * grow;
  m.consumers.consumers = y20 ? 1'225'000'000 : 1'165'000'000;
  m.consumers.tier_shares = {0.09, 0.28, 0.63};
  m.consumers.tier_factor = {1.35, 1.12, 0.90};
  m.consumers.city_sigma = 0.25;
  const std::string kPub = y20 ? "2019 published total x 15278.2/11301"
                               : "published (2019-2020 report)";
  const std::string kAssumed = y20 ? "assumed share of traditional consumption "
                                     "(2019 total x 15278.2/11301)"
                                   : "assumed share of the published 5966亿 "
                                     "traditional consumption";
  m.consumers.categories = {
      {"traffic", "流量消费", "互联网和相关服务", 2736 * kYi * grow, 0.92, 0.8,
       kPub},
      {"information_services", "信息服务消费", "互联网和相关服务",
       503 * kYi * grow, 0.35, 1.2, kPub},
      {"catering", "餐饮", "餐饮", 0.20 * traditional, 0.55, 1.0, kAssumed},
      {"shopping", "购物", "零售", 0.38 * traditional, 0.65, 1.1, kAssumed},
      {"home_services", "家居", "居民服务", 0.07 * traditional, 0.20, 1.0,
       kAssumed},
      {"transport", "交通出行", "多式联运和运输代理", 0.12 * traditional, 0.45,
       0.9, kAssumed},
      {"education", "教育", "教育", 0.06 * traditional, 0.12, 1.0, kAssumed},
      {"entertainment", "文娱", "商务服务", 0.10 * traditional, 0.30, 1.1,
       kAssumed},
      {"health", "医疗", "卫生", 0.07 * traditional, 0.18, 1.0, kAssumed}};
  // English names, by id (the reports' own English terms where they have
  // them: WeCom, WeChat Pay, Channels).
  const std::map<std::string, std::string> english = {
      {"enterprise_messaging", "WeCom service providers"},
      {"payment", "WeChat Pay service providers"},
      {"mini_program_provider", "Mini-program service providers"},
      {"official_accounts", "Official accounts"},
      {"mini_programs", "Mini programs"},
      {"short_video", "Channels (short video)"},
      {"traffic", "Mobile data"},
      {"information_services", "Information services"},
      {"catering", "Catering"},
      {"shopping", "Shopping"},
      {"home_services", "Home services"},
      {"transport", "Transport"},
      {"education", "Education"},
      {"entertainment", "Culture and entertainment"},
      {"health", "Health care"}};
  for (auto& p : m.providers) p.name_en = english.at(p.id);
  for (auto& o : m.operators) o.name_en = english.at(o.id);
  for (auto& c : m.consumers.categories) c.name_en = english.at(c.id);
  // Province shares of every component (2020 report's top-10 orders and
  // classes; the rest assumed); 2019 reuses them.
  const auto shares = PublishedProvinceShares();
  for (auto& p : m.providers) p.province_shares = shares.at(p.id);
  for (auto& o : m.operators) o.province_shares = shares.at(o.id);
  // Province weights (GB/T 2260 order of the 31 mainland divisions): a
  // rough digital-economy size, where tier-2/3 units are placed.
  m.province_weights = {3.0, 1.5, 4.0, 2.0, 1.5, 2.5, 1.5, 1.8,  3.0, 7.0, 7.0,
                        4.0, 4.0, 3.0, 7.0, 6.0, 4.5, 4.5, 12.0, 3.0, 0.8, 2.5,
                        6.0, 2.0, 2.5, 0.2, 3.0, 1.2, 0.3, 0.4,  1.2};
  m.notes = {
      "service-provider jobs split by kind 38/34/28% (not published)",
      "tier shares of enterprise-messaging and mini-program providers "
      "30/40/30% and of payment providers in tiers 1/2 (not published)",
      "mini-program accounts 1.1 million (2020: 'over 1 million'), 1.0 "
      "million (2019); short-video creator accounts 3 million (not published)",
      "age bands 25-34 and 35-54 at 46% and 33% of operators (only 18-24 is "
      "published, by tier)",
      "women 47.5% (published for 2019) in both years",
      "job types content/development/design/functional 40/20/10/30%, remote "
      "feasible 60% for the first three and 17.4% for functional roles",
      "2019 tier, education and insurance shares reuse the 2020 report's "
      "(2019's are not published)",
      "province weights for placing units (a rough digital-economy size)",
      "consumers = monthly active users, 1.165 billion (2019) and 1.225 "
      "billion (2020); 9/28/63% in tiers 1/2/3+, spending x1.35/1.12/0.90 by "
      "tier and a lognormal city effect (sigma 0.25)",
      "traditional consumption split catering 20%, shopping 38%, home "
      "services 7%, transport 12%, education 6%, entertainment 10%, health "
      "7%; 2020 consumption = 2019's x 15278.2/11301 (the growth of the "
      "published indirect GDP)",
      "province shares of every component: the 2021 report's top-10 orders "
      "and map classes, values assumed (data/sim/README.md); 2019 reuses "
      "them",
      "share of consumers spending on each category (traffic 92% ... "
      "education 12%) and lognormal spending shapes (not published)"};
  return m;
}

Status ValidateMarginals(const Marginals& m) {
  auto share = [](const std::string& what, double v) -> Status {
    if (!(v >= 0.0 && v <= 1.0)) {
      return InvalidArgumentError(
          fmt::format("{} = {} is not a share in [0, 1]", what, v));
    }
    return Status::Ok();
  };
  auto shares = [&](const std::string& what, const double* v, int k) -> Status {
    double sum = 0;
    for (int j = 0; j < k; ++j) {
      JI_RETURN_IF_ERROR(share(fmt::format("{}[{}]", what, j), v[j]));
      sum += v[j];
    }
    // Published shares are rounded to 0.1 percentage point (official
    // accounts' education in tier 2 sums to 0.999); the generator
    // normalises, so only a larger gap is an error.
    if (std::fabs(sum - 1.0) > 0.005) {
      return InvalidArgumentError(fmt::format(
          "{} sum to {:.6g}, not 1 (within 0.005): the shares cannot be met "
          "together",
          what, sum));
    }
    return Status::Ok();
  };
  if (m.providers.empty() && m.operators.empty()) {
    return InvalidArgumentError("no providers and no operators to simulate");
  }
  if (m.providers.size() > 8 || m.operators.size() > 8) {
    return InvalidArgumentError("at most 8 provider kinds and 8 components");
  }
  std::array<bool, kTiers> tier_used{};
  for (const auto& p : m.providers) {
    const std::string at = "providers[" + p.id + "]";
    if (p.firms <= 0 || p.jobs <= 0) {
      return InvalidArgumentError(
          fmt::format("{}: firms ({}) and jobs ({}) must be positive", at,
                      p.firms, p.jobs));
    }
    const double per =
        static_cast<double>(p.jobs) / static_cast<double>(p.firms);
    if (per < 1.0 || per > 10000.0) {
      return InvalidArgumentError(fmt::format(
          "{}: {} platform jobs in {} firms is {:.4g} per firm; the firm "
          "sizes cannot meet that (a firm has at least one employee; jobs per "
          "firm must lie in [1, 10000])",
          at, p.jobs, p.firms, per));
    }
    JI_RETURN_IF_ERROR(
        shares(at + ".tier_shares", p.tier_shares.data(), kTiers));
    for (int t = 0; t < kTiers; ++t) tier_used[t] |= p.tier_shares[t] > 0;
    if (HasProvinceShares(p.province_shares)) {
      JI_RETURN_IF_ERROR(
          shares(at + ".province_shares", p.province_shares.data(), 31));
    }
  }
  for (const auto& o : m.operators) {
    const std::string at = "operators[" + o.id + "]";
    if (o.accounts <= 0 || o.jobs < 0) {
      return InvalidArgumentError(fmt::format(
          "{}: accounts ({}) must be positive and jobs ({}) not negative", at,
          o.accounts, o.jobs));
    }
    if (static_cast<double>(o.jobs) >
        1000.0 * static_cast<double>(o.accounts)) {
      return InvalidArgumentError(fmt::format(
          "{}: {} jobs in {} accounts is more than 1000 per account", at,
          o.jobs, o.accounts));
    }
    JI_RETURN_IF_ERROR(
        shares(at + ".tier_shares", o.tier_shares.data(), kTiers));
    for (int t = 0; t < kTiers; ++t) {
      tier_used[t] |= o.tier_shares[t] > 0;
      JI_RETURN_IF_ERROR(
          shares(fmt::format("{}.education[{}]", at, kTierLabels[t]),
                 o.education[t].data(), kEducation));
    }
    if (HasProvinceShares(o.province_shares)) {
      JI_RETURN_IF_ERROR(
          shares(at + ".province_shares", o.province_shares.data(), 31));
    }
    for (int a = 0; a < kAgeBands; ++a) {
      JI_RETURN_IF_ERROR(
          share(fmt::format("{}.uninsured_by_age[{}]", at, kAgeBandLabels[a]),
                o.uninsured_by_age[a]));
    }
  }
  JI_RETURN_IF_ERROR(share("fulltime_share", m.fulltime_share));
  JI_RETURN_IF_ERROR(share("women_share", m.women_share));
  for (int t = 0; t < kTiers; ++t) {
    JI_RETURN_IF_ERROR(
        share(fmt::format("age_18_24_by_tier[{}]", kTierLabels[t]),
              m.age_18_24_by_tier[t]));
    const double sum =
        m.age_18_24_by_tier[t] + m.other_age_bands[0] + m.other_age_bands[1];
    if (sum > 1.0 + 1e-9) {
      return InvalidArgumentError(fmt::format(
          "age bands cannot be met together in {}: 18-24 ({}) + 25-34 ({}) + "
          "35-54 ({}) = {:.4g} > 1",
          kTierLabels[t], m.age_18_24_by_tier[t], m.other_age_bands[0],
          m.other_age_bands[1], sum));
    }
  }
  JI_RETURN_IF_ERROR(
      shares("job_type_shares", m.job_type_shares.data(), kJobTypes));
  for (int j = 0; j < kJobTypes; ++j) {
    JI_RETURN_IF_ERROR(
        share(fmt::format("remote_by_job_type[{}]", kJobTypeLabels[j]),
              m.remote_by_job_type[j]));
  }
  for (size_t p = 0; p < m.province_weights.size(); ++p) {
    if (!(m.province_weights[p] >= 0.0) ||
        !std::isfinite(m.province_weights[p])) {
      return InvalidArgumentError(
          fmt::format("province weight of {} = {} must be finite and >= 0",
                      geo::Gazetteer::Default().provinces()[p].short_zh,
                      m.province_weights[p]));
    }
  }
  const auto& c = m.consumers;
  if (c.consumers > 0) {
    JI_RETURN_IF_ERROR(
        shares("consumers.tier_shares", c.tier_shares.data(), kTiers));
    for (int t = 0; t < kTiers; ++t) tier_used[t] |= c.tier_shares[t] > 0;
    for (const auto& k : c.categories) {
      JI_RETURN_IF_ERROR(
          share("consumption[" + k.id + "].participation", k.participation));
      if (!(k.total >= 0) || !(k.sigma >= 0 && k.sigma <= 3)) {
        return InvalidArgumentError(fmt::format(
            "consumption[{}]: total must be >= 0 and sigma in [0, 3]", k.id));
      }
    }
  }
  const internal::CityTable cities =
      internal::BuildCityTable(m.province_weights);
  for (int t = 0; t < kTiers; ++t) {
    if (tier_used[t] &&
        (cities.cumulative[t].empty() || !(cities.cumulative[t].back() > 0))) {
      return InvalidArgumentError(fmt::format(
          "the province weights give no {} city a positive weight, but the "
          "tier shares put units in {}: the marginals cannot be met together",
          kTierLabels[t], kTierLabels[t]));
    }
  }
  // Tier and province shares together: a tier x province table must exist.
  for (const auto& p : m.providers) {
    if (!HasProvinceShares(p.province_shares)) continue;
    JI_RETURN_IF_ERROR(FitTierProvince(p.tier_shares, p.province_shares, cities,
                                       "providers[" + p.id + "]")
                           .status());
  }
  for (const auto& o : m.operators) {
    if (!HasProvinceShares(o.province_shares)) continue;
    JI_RETURN_IF_ERROR(FitTierProvince(o.tier_shares, o.province_shares, cities,
                                       "operators[" + o.id + "]")
                           .status());
  }
  return Status::Ok();
}

Status PopulationOptions::Validate() const {
  if (marginals) {
    if (marginals->year != year) {
      return InvalidArgumentError(
          fmt::format("the marginals are for {}, the population for {}",
                      marginals->year, year));
    }
    JI_RETURN_IF_ERROR(ValidateMarginals(*marginals));
  } else {
    JI_RETURN_IF_ERROR(PublishedMarginals(year).status());
  }
  if (!(scale > 0) || scale > 4) {
    return InvalidArgumentError(
        fmt::format("population scale must lie in (0, 4], got {}", scale));
  }
  if (threads < 0) {
    return InvalidArgumentError("threads must not be negative");
  }
  return Status::Ok();
}

Result<Population> GeneratePopulation(const PopulationOptions& options,
                                      PopulationSummary* summary) {
  JI_RETURN_IF_ERROR(options.Validate());
  const auto t0 = std::chrono::steady_clock::now();
  const int threads =
      options.threads > 0
          ? options.threads
          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  Population pop;
  pop.year = options.year;
  pop.seed = options.seed;
  pop.scale = options.scale;
  if (options.marginals) {
    pop.marginals = *options.marginals;
  } else {
    JI_ASSIGN_OR_RETURN(pop.marginals, PublishedMarginals(options.year));
  }
  Marginals& m = pop.marginals;
  for (auto& p : m.providers) {
    p.firms = Scaled(p.firms, options.scale);
    p.jobs = Scaled(p.jobs, options.scale);
  }
  for (auto& o : m.operators) {
    o.accounts = Scaled(o.accounts, options.scale);
    o.jobs = Scaled(o.jobs, options.scale);
  }
  m.consumers.consumers = Scaled(m.consumers.consumers, options.scale);
  for (auto& c : m.consumers.categories) c.total *= options.scale;
  const uint64_t seed = options.seed;
  const internal::CityTable cities =
      internal::BuildCityTable(m.province_weights);

  // ---- Service-provider firms. ----
  ProviderFirms& f = pop.providers;
  for (size_t k = 0; k < m.providers.size(); ++k) {
    f.kind.insert(f.kind.end(), static_cast<size_t>(m.providers[k].firms),
                  static_cast<uint8_t>(k));
  }
  const size_t nf = f.size();
  std::vector<uint32_t> group(f.kind.begin(), f.kind.end());
  QuotaAssign(
      group,
      GroupCounts(group, m.providers.size(), kTiers,
                  [&](size_t g) { return m.providers[g].tier_shares.data(); }),
      Stream(seed, 100 + kTierStream), &f.tier);
  JI_RETURN_IF_ERROR(PlaceUnits(f.kind, f.tier, m.providers, "providers",
                                cities, seed, 100, threads, &f.province,
                                &f.city));
  f.employees.resize(nf);
  f.platform_share.resize(nf);
  f.fulltime_share.resize(nf);
  {
    const Stream emp(seed, 100 + kEmployeesStream),
        share(seed, 100 + kShareStream), ft(seed, 100 + kFulltimeShareStream);
    std::vector<double> raw(nf);
    ParallelFor(nf, threads, kMinParallel, [&](size_t b, size_t e) {
      for (size_t i = b; i < e; ++i) {
        // Heavy-tailed firm size: lognormal, median 25 employees.
        raw[i] =
            std::min(20000.0, std::exp(std::log(25.0) + 1.1 * emp.Normal(i)));
        f.platform_share[i] = static_cast<float>(
            std::clamp(0.45 + 0.22 * share.Normal(i), 0.05, 1.0));
        f.fulltime_share[i] =
            static_cast<float>(std::clamp(0.6 + 0.25 * ft.Normal(i), 0.0, 1.0));
      }
    });
    // Scale sizes so each kind's platform jobs meet its target, in each
    // province when the kind has province shares.
    for (size_t k = 0; k < m.providers.size(); ++k) {
      const std::vector<int64_t> target =
          JobsByProvince(m.providers[k].jobs, m.providers[k].province_shares);
      const size_t cells = target.empty() ? 1 : 31;
      std::vector<double> jobs(cells, 0.0);
      for (size_t i = 0; i < nf; ++i) {
        if (f.kind[i] != k) continue;
        jobs[target.empty() ? 0 : f.province[i]] +=
            raw[i] * f.platform_share[i];
      }
      for (size_t i = 0; i < nf; ++i) {
        if (f.kind[i] != k) continue;
        const size_t cell = target.empty() ? 0 : f.province[i];
        const double want = target.empty()
                                ? static_cast<double>(m.providers[k].jobs)
                                : static_cast<double>(target[cell]);
        f.employees[i] = static_cast<int32_t>(
            std::max(1.0, std::round(raw[i] * want / jobs[cell])));
      }
    }
    // Full-time shares calibrated to the published share of jobs.
    for (int it = 0; it < 50; ++it) {
      double jobs = 0, full = 0;
      for (size_t i = 0; i < nf; ++i) {
        const double j =
            f.employees[i] * static_cast<double>(f.platform_share[i]);
        jobs += j;
        full += j * f.fulltime_share[i];
      }
      const double factor = m.fulltime_share / (full / jobs);
      if (std::fabs(factor - 1.0) < 1e-9) break;
      for (auto& s : f.fulltime_share) {
        s = static_cast<float>(std::min(1.0, s * factor));
      }
    }
  }

  // ---- Operator accounts. ----
  OperatorAccounts& o = pop.operators;
  for (size_t c = 0; c < m.operators.size(); ++c) {
    o.component.insert(o.component.end(),
                       static_cast<size_t>(m.operators[c].accounts),
                       static_cast<uint8_t>(c));
  }
  const size_t no = o.size();
  const size_t nc = m.operators.size();
  group.assign(o.component.begin(), o.component.end());
  QuotaAssign(
      group,
      GroupCounts(group, nc, kTiers,
                  [&](size_t g) { return m.operators[g].tier_shares.data(); }),
      Stream(seed, kTierStream), &o.tier);
  JI_RETURN_IF_ERROR(PlaceUnits(o.component, o.tier, m.operators, "operators",
                                cities, seed, 0, threads, &o.province,
                                &o.city));
  std::vector<double> weight(no);
  {
    const Stream staff(seed, kStaffStream);
    ParallelFor(no, threads, kMinParallel, [&](size_t b, size_t e) {
      for (size_t i = b; i < e; ++i) {
        // Heavy-tailed staff weights (lognormal, sigma 1.2).
        weight[i] = std::exp(1.2 * staff.Normal(i));
      }
    });
  }
  // Staff: each component's jobs exactly (in each province, with province
  // shares), by systematic rounding of the weights.
  o.staff.resize(no);
  {
    const Stream offset(seed, kOffsetStream);
    size_t begin = 0;
    for (size_t c = 0; c < nc; ++c) {
      const size_t n = static_cast<size_t>(m.operators[c].accounts);
      const std::vector<int64_t> target =
          JobsByProvince(m.operators[c].jobs, m.operators[c].province_shares);
      const size_t cells = target.empty() ? 1 : 31;
      std::vector<std::vector<size_t>> members(cells);
      for (size_t i = begin; i < begin + n; ++i) {
        members[target.empty() ? 0 : o.province[i]].push_back(i);
      }
      for (size_t cell = 0; cell < cells; ++cell) {
        const int64_t jobs =
            target.empty() ? m.operators[c].jobs : target[cell];
        if (members[cell].empty()) {
          if (jobs > 0) {
            return InternalError(fmt::format(
                "operators[{}]: {} jobs in a province without accounts",
                m.operators[c].id, jobs));
          }
          continue;
        }
        std::vector<double> w;
        for (size_t i : members[cell]) w.push_back(weight[i]);
        std::vector<int32_t> s;
        SystematicAllocation(w, jobs, offset.Uniform(c * 32 + cell), &s);
        for (size_t j = 0; j < s.size(); ++j) o.staff[members[cell][j]] = s[j];
      }
      begin += n;
    }
  }
  // Full-time staff: the published share of all operator jobs, chosen among
  // staff slots by selection sampling (so ft <= staff in every account).
  o.fulltime_staff.assign(no, 0);
  {
    const Stream s(seed, kFulltimeStream);
    int64_t slots = 0;
    for (int32_t v : o.staff) slots += v;
    int64_t need = std::llround(m.fulltime_share * static_cast<double>(slots));
    int64_t slot = 0;
    for (size_t i = 0; i < no; ++i) {
      for (int32_t j = 0; j < o.staff[i]; ++j, ++slot) {
        const int64_t left = slots - slot;
        if (s.Uniform(static_cast<uint64_t>(slot)) * static_cast<double>(left) <
            static_cast<double>(need)) {
          ++o.fulltime_staff[i];
          --need;
        }
      }
    }
  }
  // Age band by tier; education by component x tier; insurance by
  // component x age band; women; job type; remote by job type.
  group.assign(o.tier.begin(), o.tier.end());
  std::array<std::array<double, kAgeBands>, kTiers> age{};
  for (int t = 0; t < kTiers; ++t) {
    age[t] = {m.age_18_24_by_tier[t], m.other_age_bands[0],
              m.other_age_bands[1],
              1.0 - m.age_18_24_by_tier[t] - m.other_age_bands[0] -
                  m.other_age_bands[1]};
  }
  QuotaAssign(group,
              GroupCounts(group, kTiers, kAgeBands,
                          [&](size_t g) { return age[g].data(); }),
              Stream(seed, kAgeStream), &o.age_band);
  group.resize(no);
  for (size_t i = 0; i < no; ++i)
    group[i] = o.component[i] * kTiers + o.tier[i];
  QuotaAssign(
      group,
      GroupCounts(group, nc * kTiers, kEducation,
                  [&](size_t g) {
                    return m.operators[g / kTiers].education[g % kTiers].data();
                  }),
      Stream(seed, kEducationStream), &o.education);
  std::vector<std::array<double, 2>> insured(nc * kAgeBands);
  for (size_t c = 0; c < nc; ++c) {
    for (int a = 0; a < kAgeBands; ++a) {
      const double un = m.operators[c].uninsured_by_age[a];
      insured[c * kAgeBands + a] = {un, 1.0 - un};  // 0 = not insured.
    }
  }
  for (size_t i = 0; i < no; ++i) {
    group[i] = o.component[i] * kAgeBands + o.age_band[i];
  }
  QuotaAssign(group,
              GroupCounts(group, nc * kAgeBands, 2,
                          [&](size_t g) { return insured[g].data(); }),
              Stream(seed, kInsuredStream), &o.insured);
  std::fill(group.begin(), group.end(), 0u);
  const std::array<double, 2> women = {1.0 - m.women_share, m.women_share};
  QuotaAssign(group,
              GroupCounts(group, 1, 2, [&](size_t) { return women.data(); }),
              Stream(seed, kWomanStream), &o.woman);
  QuotaAssign(group,
              GroupCounts(group, 1, kJobTypes,
                          [&](size_t) { return m.job_type_shares.data(); }),
              Stream(seed, kJobTypeStream), &o.job_type);
  group.assign(o.job_type.begin(), o.job_type.end());
  std::array<std::array<double, 2>, kJobTypes> remote{};
  for (int j = 0; j < kJobTypes; ++j) {
    remote[j] = {1.0 - m.remote_by_job_type[j], m.remote_by_job_type[j]};
  }
  QuotaAssign(group,
              GroupCounts(group, kJobTypes, 2,
                          [&](size_t g) { return remote[g].data(); }),
              Stream(seed, kRemoteStream), &o.remote);
  AssignJobMeasures(seed, &o);
  AssignMultiHoming(seed, nc, &o);

  pop.consumers = ConsumerPopulation(m.consumers, m.province_weights, seed);

  if (summary != nullptr) {
    summary->units = static_cast<int64_t>(nf + no);
    summary->threads = threads;
    summary->seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
            .count();
  }
  return pop;
}

namespace {

// Province shares of a component's jobs against its targets (provinces
// with a target of at least 1%, the ones the reports rank).
void AddProvinceChecks(const std::string& id,
                       const std::array<double, 31>& target,
                       const std::array<double, 31>& jobs, double total,
                       std::vector<MarginalCheck>* out) {
  if (!HasProvinceShares(target) || total <= 0) return;
  for (size_t p = 0; p < 31; ++p) {
    if (target[p] < 0.01) continue;
    out->push_back({"province_share", id,
                    geo::Gazetteer::Default().provinces()[p].short_zh,
                    target[p], jobs[p] / total});
  }
}

}  // namespace

std::vector<MarginalCheck> CheckMarginals(const Population& pop) {
  const Marginals& m = pop.marginals;
  std::vector<MarginalCheck> out;
  const ProviderFirms& f = pop.providers;
  const OperatorAccounts& o = pop.operators;
  double jobs_all = 0, full_all = 0;
  for (size_t k = 0; k < m.providers.size(); ++k) {
    double jobs = 0, full = 0;
    int64_t firms = 0;
    std::array<int64_t, kTiers> tiers{};
    std::array<double, 31> by_province{};
    for (size_t i = 0; i < f.size(); ++i) {
      if (f.kind[i] != k) continue;
      const double j =
          f.employees[i] * static_cast<double>(f.platform_share[i]);
      jobs += j;
      by_province[f.province[i]] += j;
      full += j * f.fulltime_share[i];
      ++firms;
      ++tiers[f.tier[i]];
    }
    jobs_all += jobs;
    full_all += full;
    const auto& t = m.providers[k];
    out.push_back({"firms", t.id, "", static_cast<double>(t.firms),
                   static_cast<double>(firms), false});
    out.push_back({"jobs", t.id, "", static_cast<double>(t.jobs), jobs, false});
    for (int r = 0; r < kTiers; ++r) {
      out.push_back(
          {"tier_share", t.id, kTierLabels[r], t.tier_shares[r],
           static_cast<double>(tiers[r]) / static_cast<double>(firms)});
    }
    AddProvinceChecks(t.id, t.province_shares, by_province, jobs, &out);
  }
  const size_t nc = m.operators.size();
  std::array<int64_t, kTiers> tier_n{}, young{};
  int64_t women = 0;
  for (size_t c = 0; c < nc; ++c) {
    const auto& t = m.operators[c];
    int64_t accounts = 0;
    double jobs = 0, full = 0;
    std::array<int64_t, kTiers> tiers{};
    std::array<std::array<int64_t, kEducation>, kTiers> edu{};
    std::array<int64_t, kAgeBands> band{}, uninsured{};
    std::array<double, 31> by_province{};
    for (size_t i = 0; i < o.size(); ++i) {
      if (o.component[i] != c) continue;
      ++accounts;
      jobs += o.staff[i];
      by_province[o.province[i]] += o.staff[i];
      full += o.fulltime_staff[i];
      ++tiers[o.tier[i]];
      ++edu[o.tier[i]][o.education[i]];
      ++band[o.age_band[i]];
      if (o.insured[i] == 0) ++uninsured[o.age_band[i]];
    }
    jobs_all += jobs;
    full_all += full;
    out.push_back({"accounts", t.id, "", static_cast<double>(t.accounts),
                   static_cast<double>(accounts), false});
    out.push_back({"jobs", t.id, "", static_cast<double>(t.jobs), jobs, false});
    AddProvinceChecks(t.id, t.province_shares, by_province, jobs, &out);
    for (int r = 0; r < kTiers; ++r) {
      out.push_back(
          {"tier_share", t.id, kTierLabels[r], t.tier_shares[r],
           static_cast<double>(tiers[r]) / static_cast<double>(accounts)});
      for (int e = 0; e < kEducation; ++e) {
        out.push_back(
            {"education_share", t.id,
             std::string(kTierLabels[r]) + " " + kEducationLabels[e],
             t.education[r][e],
             static_cast<double>(edu[r][e]) / static_cast<double>(tiers[r])});
      }
    }
    for (int a = 0; a < kAgeBands; ++a) {
      out.push_back(
          {"uninsured_share", t.id, kAgeBandLabels[a], t.uninsured_by_age[a],
           static_cast<double>(uninsured[a]) / static_cast<double>(band[a])});
    }
  }
  for (size_t i = 0; i < o.size(); ++i) {
    ++tier_n[o.tier[i]];
    if (o.age_band[i] == 0) ++young[o.tier[i]];
    women += o.woman[i];
  }
  for (int r = 0; r < kTiers; ++r) {
    out.push_back(
        {"age_18_24_share", "", kTierLabels[r], m.age_18_24_by_tier[r],
         static_cast<double>(young[r]) / static_cast<double>(tier_n[r])});
  }
  out.push_back({"women_share", "", "", m.women_share,
                 static_cast<double>(women) / static_cast<double>(o.size())});
  out.push_back(
      {"fulltime_share", "", "", m.fulltime_share, full_all / jobs_all});
  // Consumption: the exact population totals against the targets (they
  // differ by the rounding of every consumer's spending to cents).
  const auto& cats = m.consumers.categories;
  if (!cats.empty()) {
    out.push_back({"consumers", "", "",
                   static_cast<double>(m.consumers.consumers),
                   static_cast<double>(pop.consumers.size()), false});
    for (size_t k = 0; k < cats.size(); ++k) {
      out.push_back({"consumption", "", cats[k].id, cats[k].total,
                     pop.consumers.Total(k), false});
    }
  }
  return out;
}

}  // namespace jobimpact::sim
