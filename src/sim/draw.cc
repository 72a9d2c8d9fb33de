#include "jobimpact/sim/draw.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <functional>
#include <map>
#include <numeric>
#include <optional>
#include <set>

#include "effects.h"
#include "jobimpact/base/hash_random.h"
#include "jobimpact/geo/gazetteer.h"
#include "jobimpact/inputoutput/io_table.h"
#include "jobimpact/inputoutput/leontief.h"
#include "jobimpact/inputoutput/multipliers.h"
#include "jobimpact/store/output_dir.h"
#include "jobimpact/study/indicator.h"
#include "jobimpact/study/write.h"
#include "jobimpact/table/csv_writer.h"
#include "jobimpact/table/encoding.h"
#include "sample_design.h"

namespace jobimpact::sim {
namespace {

double Uniform(uint64_t seed, uint64_t stream, uint64_t i) {
  return HashStream(seed, stream).Uniform(i);
}

// The 2021 report's East / Central / West (docs/method.md, "What the reports
// publish"), by province index of the gazetteer (GB/T 2260 order of the 31
// mainland divisions).
const char* RegionOf(size_t province) {
  static const char* const kRegion[31] = {
      "East",    "East",    "East", "Central", "Central", "East",
      "Central", "Central", "East", "East",    "East",    "Central",
      "East",    "Central", "East", "Central", "Central", "Central",
      "East",    "Central", "East", "West",    "West",    "West",
      "West",    "West",    "West", "West",    "West",    "West",
      "West"};
  return province < 31 ? kRegion[province] : "";
}

const char* const kKindZh[] = {"企业微信", "微信支付", "小程序"};
// Labels written to the operator survey (kEducationLabels, kJobTypeLabels in
// Chinese, as a questionnaire has them).
const char* const kEducationZh[kEducation] = {"研究生及以上", "本科", "大专",
                                              "高中及以下"};
const char* const kJobTypeZh[kJobTypes] = {"内容", "开发", "设计", "职能"};
// The reports' crossed breakdowns of operators (insurance by age band, age
// and education by city tier), as study domain pairs.
const std::pair<std::string, std::string> kCrossedDomains[] = {
    {"insured", "age_band"},
    {"education", "city_tier"},
    {"age_band", "city_tier"}};

// [measures] of the simulated study: operators' FTE from their hours (the
// default 40-hour norm), providers' from their full-time split at half a
// job per part-time job, and activity on at least 30 days.
study::MeasuresSpec SimulatedMeasures() {
  study::MeasuresSpec m;
  m.parttime_fte = study::Assumption{
      0.5, 0.3, 0.7,
      "assumed for the simulation: half a full-time job, plausibly 0.3-0.7"};
  m.min_active_days = 30;
  return m;
}

// Truth rows of the job measures ([measures], SimulatedMeasures): per
// component and, for FTE (the only measure every component has), the
// study. Providers' FTE applies the stated factor; operators' divides
// their staff's hours by the full-time norm.
void AppendJobMeasureTruth(const Population& pop, std::vector<Truth>* out) {
  const study::MeasuresSpec m = SimulatedMeasures();
  const double norm = study::FulltimeHours(m).value;
  const double factor = m.parttime_fte->value;
  const auto& f = pop.providers;
  const auto& o = pop.operators;
  const size_t np = pop.marginals.providers.size();
  const size_t no = pop.marginals.operators.size();
  std::vector<double> fte(np + no, 0), main(no, 0), active(no, 0);
  // Unique workers: providers at headcount (their survey has no also_in),
  // operators' staff divided by their multiplicity.
  double unique = 0;
  for (size_t i = 0; i < f.size(); ++i) {
    const double j = f.employees[i] * static_cast<double>(f.platform_share[i]);
    const double ft = j * f.fulltime_share[i];
    fte[f.kind[i]] += ft + factor * (j - ft);
    unique += j;
  }
  for (size_t i = 0; i < o.size(); ++i) {
    const double s = o.staff[i];
    fte[np + o.component[i]] += s * o.hours[i] / norm;
    main[o.component[i]] += s * o.main_income[i];
    if (o.active_days[i] >= *m.min_active_days) active[o.component[i]] += s;
    unique += s / (1.0 + std::popcount(static_cast<unsigned>(o.also_in[i])));
  }
  using I = study::Indicator;
  auto name = [](I i) { return std::string(study::IndicatorName(i)); };
  double all = 0;
  for (size_t c = 0; c < np + no; ++c) {
    const std::string& id = c < np ? pop.marginals.providers[c].id
                                   : pop.marginals.operators[c - np].id;
    out->push_back({name(I::kJobsFte), id, "", "", fte[c]});
    all += fte[c];
    if (c < np) continue;
    out->push_back({name(I::kJobsMainIncome), id, "", "", main[c - np]});
    out->push_back({name(I::kJobsActive), id, "", "", active[c - np]});
  }
  out->push_back({name(I::kJobsFte), "", "", "", all});
  out->push_back({name(I::kJobsUnique), "", "", "", unique});
}

// The operator components of bits `mask`, by Chinese name, joined by 、
// as a questionnaire's multiple choice is exported ("" for none).
std::string AlsoInText(const Population& pop, uint8_t mask) {
  std::string out;
  for (size_t k = 0; k < pop.marginals.operators.size() && k < 8; ++k) {
    if ((mask >> k & 1) == 0) continue;
    out += (out.empty() ? "" : "、") + pop.marginals.operators[k].name_zh;
  }
  return out;
}

// Entity-level indicators of the operator survey ([[indicators]] in the
// study), with the population truth of each computed here directly rather
// than through the study's expression language, so truth.csv checks it.
struct OperatorIndicator {
  const char* id;
  const char* name_zh;
  const char* name_en;
  const char* expression;
  // Whether it holds for account i; nullopt where the expression is
  // missing (an account without staff divides by zero).
  std::optional<bool> (*holds)(const OperatorAccounts& o, size_t i);
};
const OperatorIndicator kOperatorIndicators[] = {
    {"fulltime_majority", "全职为主的账号",
     "Accounts run mainly by full-time staff", "fulltime_staff / staff > 0.5",
     [](const OperatorAccounts& o, size_t i) -> std::optional<bool> {
       if (o.staff[i] == 0) return std::nullopt;
       return 2 * o.fulltime_staff[i] > o.staff[i];
     }},
    {"young_uninsured", "18-24岁且未参加社保的运营者",
     "Operators aged 18-24 without social insurance",
     "age_band == \"18-24\" and insured == \"否\"",
     [](const OperatorAccounts& o, size_t i) -> std::optional<bool> {
       return o.age_band[i] == 0 && o.insured[i] == 0;
     }}};

// Truth rows of kOperatorIndicators: per operator component, the share of
// its accounts for which the indicator holds, among those where it is
// defined (what the study's unit_share estimates).
void AppendOperatorIndicatorTruth(const Population& pop,
                                  std::vector<Truth>* out) {
  const auto& o = pop.operators;
  const size_t nc = pop.marginals.operators.size();
  for (const OperatorIndicator& u : kOperatorIndicators) {
    std::vector<double> holds(nc, 0), defined(nc, 0);
    for (size_t i = 0; i < o.size(); ++i) {
      const std::optional<bool> h = u.holds(o, i);
      if (!h) continue;
      defined[o.component[i]] += 1;
      holds[o.component[i]] += *h ? 1 : 0;
    }
    for (size_t c = 0; c < nc; ++c) {
      if (defined[c] == 0) continue;
      out->push_back(
          {std::string(study::IndicatorName(study::Indicator::kUnitShare)),
           pop.marginals.operators[c].id, "indicator", u.id,
           holds[c] / defined[c]});
    }
  }
}

// Size classes of the register: 1-19, 20-99, 100-499, 500+ employees. The
// top class holds few firms with much of the employment; allocation in
// proportion to size takes it whole, which removes the heaviest tail from
// the variance.
int SizeClass(int32_t employees) {
  return employees < 20 ? 0 : employees < 100 ? 1 : employees < 500 ? 2 : 3;
}

// The register's size measure of an account: its staff blurred by
// lognormal noise (a platform knows activity, not staff exactly).
double SizeMeasure(int32_t staff, uint64_t seed, size_t i) {
  return (staff + 0.5) * std::exp(0.5 * HashStream(seed, 31).Normal(i));
}

int StaffClass(double measure) {
  return measure < 2.0 ? 0 : measure < 10.0 ? 1 : measure < 50.0 ? 2 : 3;
}

// Which spelling row `row` gets: -1 (the clean one) except on every
// `dirty_every`-th row, which cycles through three variants 0, 1, 2.
int DirtyVariant(int64_t row, int64_t dirty_every) {
  if (dirty_every <= 0 || row % dirty_every != dirty_every - 1) return -1;
  return static_cast<int>((row / dirty_every) % 3);
}

// A province written the way messy exports do: short name, or on dirty rows
// the full name, the English name in spaces, "<pinyin> Province".
std::string ProvinceText(size_t province, int64_t row, int64_t dirty_every) {
  const geo::Province& p = geo::Gazetteer::Default().provinces()[province];
  switch (DirtyVariant(row, dirty_every)) {
    case 0:
      return p.name_zh;
    case 1:
      return " " + p.name_en + " ";
    case 2:
      return p.pinyin + " Province";
    default:
      return p.short_zh;
  }
}

// A city likewise: full name, or on dirty rows the short name, the English
// name in spaces (tier 1-2 cities; others the short name), the full name
// with a trailing space.
std::string CityText(size_t city, int64_t row, int64_t dirty_every) {
  const geo::City& c = geo::Gazetteer::Default().cities()[city];
  switch (DirtyVariant(row, dirty_every)) {
    case 0:
      return c.short_zh;
    case 1:
      return c.name_en.empty() ? c.short_zh : " " + c.name_en + " ";
    case 2:
      return c.name_zh + " ";
    default:
      return c.name_zh;
  }
}

std::string Num(double v) { return fmt::format("{:.6g}", v); }

// A survey-based component of the drawn study: its rows are those of
// `filter` in the survey of its kind ("providers" or "operators").
study::ComponentSpec SimulatedComponent(std::string id, std::string name,
                                        std::string name_en,
                                        study::ComponentKind kind,
                                        study::RowFilter filter,
                                        study::Sourced population,
                                        std::vector<std::string> domains) {
  study::ComponentSpec c;
  c.id = std::move(id);
  c.name = std::move(name);
  c.name_en = std::move(name_en);
  c.kind = kind;
  c.survey =
      kind == study::ComponentKind::kOperator ? "operators" : "providers";
  c.filter = std::move(filter);
  c.population = std::move(population);
  c.domains = std::move(domains);
  return c;
}

// The design columns of a survey and its declared design (the survey's
// columns map must already hold stratum, stratum_size and weight roles).
void AddDesign(SampleDesign d, study::SurveySpec* survey) {
  survey->columns["stratum"] = "抽样层";
  survey->columns["stratum_size"] = "层总数";
  survey->columns["weight"] = "权数";
  study::SurveyDesignSpec design;
  design.strata = "stratum";
  design.fpc = {"stratum_size"};
  switch (d) {
    case SampleDesign::kStratified:
    case SampleDesign::kPps:
      break;
    case SampleDesign::kCluster:
      design.clusters = {"city"};
      break;
    case SampleDesign::kTwoStagePps:
      survey->columns["psu"] = "初级单位";
      design.clusters = {"psu"};
      break;
    case SampleDesign::kTwoStage:
      survey->columns["psu_size"] = "城市单位数";
      design.clusters = {"city", "id"};
      design.fpc = {"stratum_size", "psu_size"};
      break;
  }
  design.weights = "weight";
  design.lonely_psu = "certainty";
  survey->design = std::move(design);
}

}  // namespace

Result<SampleDesign> ParseSampleDesign(const std::string& name) {
  for (SampleDesign d : {SampleDesign::kStratified, SampleDesign::kCluster,
                         SampleDesign::kTwoStage, SampleDesign::kTwoStagePps,
                         SampleDesign::kPps}) {
    if (name == SampleDesignName(d)) return d;
  }
  return InvalidArgumentError(
      "unknown sample design \"" + name +
      "\" (expected stratified, cluster, two-stage, two-stage-pps or pps)");
}

const char* SampleDesignName(SampleDesign design) {
  switch (design) {
    case SampleDesign::kCluster:
      return "cluster";
    case SampleDesign::kTwoStage:
      return "two-stage";
    case SampleDesign::kTwoStagePps:
      return "two-stage-pps";
    case SampleDesign::kPps:
      return "pps";
    case SampleDesign::kStratified:
      break;
  }
  return "stratified";
}

Status DrawOptions::Validate() const {
  if (operators_design == SampleDesign::kCluster) {
    return InvalidArgumentError(
        "a one-stage cluster design would take every account of each sampled "
        "city (about 57,000 at full size); use two-stage for accounts");
  }
  if (units_per_city < 2) {
    return InvalidArgumentError(fmt::format(
        "units per city must be at least 2, got {}", units_per_city));
  }
  if (providers_n < 2 || operators_n < 2) {
    return InvalidArgumentError("sample sizes must be at least 2");
  }
  if (!(nonresponse >= 0) || !(nonresponse < 0.95)) {
    return InvalidArgumentError(fmt::format(
        "non-response rate must lie in [0, 0.95), got {}", nonresponse));
  }
  if (dirty_rows < 0) {
    return InvalidArgumentError("dirty_rows must not be negative");
  }
  if (consumers_n < 0 || (consumers_n > 0 && consumer_cities < 6)) {
    return InvalidArgumentError(fmt::format(
        "the consumer survey needs consumers >= 0 and at least 6 cities (4 "
        "tier-1 cities and 2 in each other tier), got {} consumers in {} "
        "cities",
        consumers_n, consumer_cities));
  }
  if (consumers_n > 0 && consumers_n < 2 * consumer_cities) {
    return InvalidArgumentError(
        fmt::format("{} consumers cannot give 2 or more in each of {} cities",
                    consumers_n, consumer_cities));
  }
  return Status::Ok();
}

Result<IoMapping> MapConsumptionToTable(const Population& pop,
                                        const std::filesystem::path& path) {
  JI_ASSIGN_OR_RETURN(
      inputoutput::IoTable table,
      inputoutput::ReadIoTable(path, inputoutput::IoLayout::kNbs));
  JI_ASSIGN_OR_RETURN(Eigen::MatrixXd a,
                      inputoutput::TechnicalCoefficients(table));
  JI_ASSIGN_OR_RETURN(auto solver,
                      inputoutput::LeontiefSolver::Create(std::move(a), {}));
  JI_ASSIGN_OR_RETURN(Eigen::VectorXd cs, solver.TotalConsumptionColumnSums());
  IoMapping out;
  out.table = path;
  for (const ConsumptionTarget& cat : pop.marginals.consumers.categories) {
    const auto it =
        std::find(table.names_zh.begin(), table.names_zh.end(), cat.sector_zh);
    if (it == table.names_zh.end()) {
      return NotFoundError(fmt::format(
          "{}: no sector named \"{}\" (needed by consumption category {})",
          path.string(), cat.sector_zh, cat.id));
    }
    const auto k = static_cast<size_t>(it - table.names_zh.begin());
    out.codes.push_back(table.codes[k]);
    out.coefficients.push_back(cs(static_cast<Eigen::Index>(k)));
  }
  // One yuan of demand per category through the closed model: the effects
  // per yuan the study's value-added and induced figures estimate.
  const auto n = static_cast<Eigen::Index>(table.size());
  Eigen::MatrixXd demand = Eigen::MatrixXd::Zero(n, std::ssize(out.codes));
  for (size_t k = 0; k < out.codes.size(); ++k) {
    demand(static_cast<Eigen::Index>(*table.IndexOf(out.codes[k])),
           static_cast<Eigen::Index>(k)) = 1.0;
  }
  inputoutput::MultiplierOptions options;
  options.type_ii = true;
  options.imports = inputoutput::ImportTreatment::kDomestic;
  JI_ASSIGN_OR_RETURN(inputoutput::ShockEffects fx,
                      inputoutput::ComputeShock(table, demand, options));
  for (size_t k = 0; k < out.codes.size(); ++k) {
    const auto col = static_cast<Eigen::Index>(k);
    out.value_added.push_back(fx.value_added_indirect.col(col).sum());
    out.induced_output.push_back(fx.output_induced.col(col).sum());
    out.induced_value_added.push_back(fx.value_added_induced.col(col).sum());
  }
  return out;
}

std::vector<Truth> PopulationTruth(const Population& pop, const IoMapping* io) {
  // Accumulate by small integer keys first (one pass over the units), then
  // name them: component x {all, province, region, operator attributes,
  // crossed cells}.
  const auto& g = geo::Gazetteer::Default();
  const size_t np = pop.marginals.providers.size();
  const size_t nc = np + pop.marginals.operators.size();
  const size_t kAll = nc;  // Row for "all components".
  constexpr size_t kProv = 34;
  std::vector<double> jobs(nc + 1, 0), full(nc + 1, 0);
  std::vector<double> by_prov((nc + 1) * kProv, 0);
  std::vector<bool> is_operator(nc + 1, false);
  // Operator attributes that are study domains: (column role, labels as
  // written to operators.csv, the unit's value).
  struct Attribute {
    std::string role;
    std::vector<std::string> labels;
    const std::vector<uint8_t>* values;
  };
  const auto& o = pop.operators;
  const std::vector<Attribute> attributes = {
      {"city_tier", {kTierLabels, kTierLabels + kTiers}, &o.tier},
      {"age_band", {kAgeBandLabels, kAgeBandLabels + kAgeBands}, &o.age_band},
      {"education", {kEducationZh, kEducationZh + kEducation}, &o.education},
      {"gender", {"男", "女"}, &o.woman},
      {"insured", {"否", "是"}, &o.insured},
      {"job_type", {kJobTypeZh, kJobTypeZh + kJobTypes}, &o.job_type},
      {"remote", {"否", "是"}, &o.remote}};
  auto attribute = [&](const std::string& role) -> const Attribute& {
    for (const Attribute& a : attributes) {
      if (a.role == role) return a;
    }
    assert(false && "crossed domain of an unknown attribute");
    return attributes.front();
  };
  // Jobs by component x label of each attribute, and by component x cell
  // of each crossed pair (first label x second label).
  std::vector<std::vector<double>> by_attr(attributes.size()), by_pair;
  for (size_t a = 0; a < attributes.size(); ++a) {
    by_attr[a].assign((nc + 1) * attributes[a].labels.size(), 0);
  }
  std::vector<std::pair<const Attribute*, const Attribute*>> pairs;
  for (const auto& [first, second] : kCrossedDomains) {
    pairs.emplace_back(&attribute(first), &attribute(second));
    by_pair.emplace_back((nc + 1) * pairs.back().first->labels.size() *
                             pairs.back().second->labels.size(),
                         0.0);
  }
  auto add = [&](size_t c, size_t province, double j, double ft) {
    for (size_t k : {c, kAll}) {
      jobs[k] += j;
      full[k] += ft;
      by_prov[k * kProv + province] += j;
    }
  };
  const auto& f = pop.providers;
  for (size_t i = 0; i < f.size(); ++i) {
    const double j = f.employees[i] * static_cast<double>(f.platform_share[i]);
    add(f.kind[i], f.province[i], j, j * f.fulltime_share[i]);
  }
  for (size_t i = 0; i < o.size(); ++i) {
    const size_t c = np + o.component[i];
    add(c, o.province[i], o.staff[i], o.fulltime_staff[i]);
    for (size_t a = 0; a < attributes.size(); ++a) {
      by_attr[a][c * attributes[a].labels.size() +
                 (*attributes[a].values)[i]] += o.staff[i];
    }
    for (size_t k = 0; k < pairs.size(); ++k) {
      const size_t la = pairs[k].first->labels.size();
      const size_t lb = pairs[k].second->labels.size();
      by_pair[k][(c * la + (*pairs[k].first->values)[i]) * lb +
                 (*pairs[k].second->values)[i]] += o.staff[i];
    }
    is_operator[c] = true;
  }
  // Indicator names from the study's table, so truth rows key like results.
  using I = study::Indicator;
  auto Name = [](I i) { return std::string(study::IndicatorName(i)); };
  std::vector<Truth> out;
  for (size_t c = 0; c <= nc; ++c) {
    const std::string id = c == kAll ? ""
                           : c < np  ? pop.marginals.providers[c].id
                                     : pop.marginals.operators[c - np].id;
    out.push_back({Name(I::kJobsDirect), id, "", "", jobs[c]});
    out.push_back({Name(I::kJobsFulltime), id, "", "", full[c]});
    out.push_back({Name(I::kJobsParttime), id, "", "", jobs[c] - full[c]});
    std::map<std::string, double> region;
    for (size_t p = 0; p < kProv; ++p) {
      const double v = by_prov[c * kProv + p];
      if (v == 0) continue;
      const std::string& name = g.provinces()[p].short_zh;
      out.push_back({Name(I::kJobsDirect), id, "province", name, v});
      out.push_back({Name(I::kJobsShare), id, "province", name, v / jobs[c]});
      region[RegionOf(p)] += v;
    }
    for (const auto& [r, v] : region) {
      out.push_back({Name(I::kJobsDirect), id, "region", r, v});
      out.push_back({Name(I::kJobsShare), id, "region", r, v / jobs[c]});
    }
    if (c == kAll || !is_operator[c]) continue;
    for (size_t a = 0; a < attributes.size(); ++a) {
      const Attribute& at = attributes[a];
      for (size_t l = 0; l < at.labels.size(); ++l) {
        const double v = by_attr[a][c * at.labels.size() + l];
        out.push_back({Name(I::kJobsDirect), id, at.role, at.labels[l], v});
        out.push_back(
            {Name(I::kJobsShare), id, at.role, at.labels[l], v / jobs[c]});
      }
    }
    // Crossed cells: the study's domain type "FIRST|SECOND", domain "A|B",
    // and the share of A within level B of SECOND.
    for (size_t k = 0; k < pairs.size(); ++k) {
      const Attribute& a = *pairs[k].first;
      const Attribute& b = *pairs[k].second;
      const std::string type = a.role + "|" + b.role;
      const size_t la = a.labels.size(), lb = b.labels.size();
      for (size_t vb = 0; vb < lb; ++vb) {
        double group = 0;
        for (size_t va = 0; va < la; ++va) {
          group += by_pair[k][(c * la + va) * lb + vb];
        }
        for (size_t va = 0; va < la; ++va) {
          const double v = by_pair[k][(c * la + va) * lb + vb];
          const std::string cell = a.labels[va] + "|" + b.labels[vb];
          out.push_back({Name(I::kJobsDirect), id, type, cell, v});
          out.push_back({Name(I::kJobsShareWithin), id, type, cell,
                         group > 0 ? v / group : 0.0});
        }
      }
    }
  }
  // Consumption (exact population totals) and what the study derives.
  const auto& cats = pop.marginals.consumers.categories;
  if (!cats.empty()) {
    double direct = 0, indirect = 0;
    for (size_t k = 0; k < cats.size(); ++k) {
      const double v = pop.consumers.Total(k);
      out.push_back({Name(I::kConsumption), "", "category", cats[k].id, v});
      direct += v;
      if (io != nullptr) {
        const double ind = v * io->coefficients[k];
        indirect += ind;
        out.push_back(
            {Name(I::kOutputIndirect), "", "category", cats[k].id, ind});
        out.push_back({Name(I::kJobsIndirect), "", "category", cats[k].id,
                       ind / kReportsOutputPerJob});
      }
    }
    out.push_back({Name(I::kOutputDirect), "", "", "", direct});
    if (io != nullptr) {
      // The table's coefficients are not estimated, but the study reports
      // them, so the truth lists them too (one row per sector).
      std::map<std::string, double> coefficient;
      for (size_t k = 0; k < cats.size(); ++k) {
        coefficient[io->codes[k]] = io->coefficients[k];
      }
      for (const auto& [code, v] : coefficient) {
        out.push_back(
            {Name(I::kTotalConsumptionCoefficient), "", "sector", code, v});
      }
      const double ind_jobs = indirect / kReportsOutputPerJob;
      out.push_back({Name(I::kOutputIndirect), "", "", "", indirect});
      out.push_back({Name(I::kJobsIndirect), "", "", "", ind_jobs});
      out.push_back({Name(I::kJobsTotal), "", "", "", jobs[kAll] + ind_jobs});
    }
  }
  AppendOperatorIndicatorTruth(pop, &out);
  AppendJobMeasureTruth(pop, &out);
  if (io != nullptr && !cats.empty()) {
    internal::AppendEffectTruth(pop, *io, &out);
  }
  internal::AppendNetTruth(&out);
  return out;
}

struct DrawFrame::Impl {
  // Element designs: providers by province x size class, operators by
  // component x tier x size class; PPS: the same without size classes;
  // cluster designs: providers by tier, operators by component x tier,
  // then city.
  std::map<uint64_t, internal::Stratum> providers, operators;
  std::map<uint64_t, internal::Stratum> providers_pps, operators_pps;
  internal::CityGroups provider_cities, operator_cities;
  std::vector<float> operator_measure;
};

DrawFrame BuildDrawFrame(const Population& pop) {
  const auto& f = pop.providers;
  const auto& o = pop.operators;
  auto impl = std::make_shared<DrawFrame::Impl>();
  // ---- Providers: province x size class (firm sizes are in the official
  // register of service providers). ----
  for (size_t i = 0; i < f.size(); ++i) {
    const auto u = static_cast<uint32_t>(i);
    const uint64_t key = f.province[i];
    for (internal::Stratum* st :
         {&impl->providers[key * 4u +
                           static_cast<uint64_t>(SizeClass(f.employees[i]))],
          &impl->providers_pps[key]}) {
      st->units.push_back(u);
      st->measure += f.employees[i];
    }
    impl->provider_cities[f.tier[i]][f.city[i]].push_back(u);
  }
  // ---- Operators: component x tier x size class of the register's noisy
  // size measure (fixed by the population seed). ----
  impl->operator_measure.resize(o.size());
  for (size_t i = 0; i < o.size(); ++i) {
    const auto u = static_cast<uint32_t>(i);
    const double m = SizeMeasure(o.staff[i], pop.seed, i);
    impl->operator_measure[i] = static_cast<float>(m);
    const uint64_t key = o.component[i] * 4u + o.tier[i];
    for (internal::Stratum* st :
         {&impl->operators[key * 4u + static_cast<uint64_t>(StaffClass(m))],
          &impl->operators_pps[key]}) {
      st->units.push_back(u);
      st->measure += static_cast<float>(m);
    }
    impl->operator_cities[key][o.city[i]].push_back(u);
  }
  DrawFrame frame;
  frame.impl = std::move(impl);
  return frame;
}

Status WriteDraw(const Population& population, const DrawOptions& options,
                 const std::filesystem::path& dir, DrawSummary* summary) {
  return WriteDraw(population, BuildDrawFrame(population), options, dir,
                   summary);
}

Status WriteDraw(const Population& pop, const DrawFrame& frame,
                 const DrawOptions& options, const std::filesystem::path& dir,
                 DrawSummary* summary) {
  JI_RETURN_IF_ERROR(options.Validate());
  const auto& f = pop.providers;
  const auto& o = pop.operators;
  if (options.providers_n > static_cast<int64_t>(f.size()) ||
      options.operators_n > static_cast<int64_t>(o.size())) {
    return InvalidArgumentError(fmt::format(
        "the sample ({} firms, {} accounts) is larger than the population "
        "({} firms, {} accounts)",
        options.providers_n, options.operators_n, f.size(), o.size()));
  }
  const uint64_t seed = options.seed;
  DrawSummary sum;
  const DrawFrame::Impl& fr = *frame.impl;
  // The selected units of one population under a design.
  auto select = [&](SampleDesign design, const auto& strata, const auto& pps,
                    const internal::CityGroups& cities, int64_t n,
                    const std::function<double(size_t)>& size,
                    const std::string& prefix) {
    switch (design) {
      case SampleDesign::kCluster:
        return internal::DrawClusters(cities, n, 0, seed, prefix);
      case SampleDesign::kTwoStage:
        return internal::DrawClusters(cities, n, options.units_per_city, seed,
                                      prefix);
      case SampleDesign::kTwoStagePps:
        return internal::DrawTwoStagePps(cities, n, options.units_per_city,
                                         seed, prefix);
      case SampleDesign::kPps:
        return internal::DrawPps(pps, size, n, seed, prefix);
      case SampleDesign::kStratified:
        break;
    }
    return internal::DrawStratified(strata, n, seed, prefix);
  };
  const std::vector<internal::Selected> psel = select(
      options.providers_design, fr.providers, fr.providers_pps,
      fr.provider_cities, options.providers_n,
      [&](size_t i) { return static_cast<double>(f.employees[i]); }, "P");
  const std::vector<internal::Selected> osel = select(
      options.operators_design, fr.operators, fr.operators_pps,
      fr.operator_cities, options.operators_n,
      [&](size_t i) { return static_cast<double>(fr.operator_measure[i]); },
      "O");
  {
    std::set<std::string> strata;
    for (const auto& x : psel) strata.insert(x.stratum);
    for (const auto& x : osel) strata.insert(x.stratum);
    sum.strata = static_cast<int64_t>(strata.size());
  }

  // Response: MAR, or rising with size (logistic in log size).
  auto responds = [&](double size, uint64_t stream, uint64_t i, double median) {
    double p = 1.0 - options.nonresponse;
    if (options.informative && options.nonresponse > 0) {
      const double lo = std::log(1.0 / options.nonresponse - 1.0);
      p = 1.0 / (1.0 + std::exp(-(lo + 0.8 * std::log((size + 1) / median))));
    }
    return Uniform(seed, stream, i) < p;
  };

  const int64_t dirty_every =
      options.dirty_rows > 0
          ? std::max<int64_t>(2, options.providers_n / options.dirty_rows)
          : 0;
  const auto& g = geo::Gazetteer::Default();
  // Design columns: stratum, its population count (of units, or of PSUs in
  // cluster designs), for two stages the PSU's count of units, the weight.
  auto design_header = [](SampleDesign d) {
    switch (d) {
      case SampleDesign::kTwoStage:
        return std::string(",抽样层,层总数,城市单位数,权数\n");
      case SampleDesign::kTwoStagePps:
        return std::string(",抽样层,层总数,初级单位,权数\n");
      default:
        return std::string(",抽样层,层总数,权数\n");
    }
  };
  auto design_cells = [](SampleDesign d, const internal::Selected& x) {
    switch (d) {
      case SampleDesign::kTwoStage:
        return fmt::format(",{},{},{},{}\n", x.stratum, x.stratum_size,
                           x.psu_size, Num(x.weight));
      case SampleDesign::kTwoStagePps:
        return fmt::format(",{},{},{},{}\n", x.stratum, x.stratum_size, x.psu,
                           Num(x.weight));
      default:
        return fmt::format(",{},{},{}\n", x.stratum, x.stratum_size,
                           Num(x.weight));
    }
  };
  // Cities are respelled on dirty rows only where they are not a design's
  // cluster identifier (a PSU must be spelled one way).
  auto clustered = [](SampleDesign d) {
    return d == SampleDesign::kCluster || d == SampleDesign::kTwoStage;
  };
  const int64_t prov_city_dirt =
      clustered(options.providers_design) ? 0 : dirty_every;
  const int64_t ops_city_dirt =
      clustered(options.operators_design) ? 0 : dirty_every;
  std::string prov = "\xEF\xBB\xBF";  // UTF-8 BOM, as Excel writes it.
  prov +=
      "企业编号,服务商类型,省份,城市,员工人数,微信业务员工占比,全职员工占比" +
      design_header(options.providers_design);
  int64_t row = 0;
  sum.providers_drawn = static_cast<int64_t>(psel.size());
  for (const internal::Selected& x : psel) {
    const size_t i = x.unit;
    if (!responds(f.employees[i], 7, i, 25.0)) continue;
    ++sum.providers_responded;
    prov +=
        fmt::format(
            "SP{:07d},{},{},{},{},{:.3f},{:.3f}", i, kKindZh[f.kind[i]],
            table::QuoteCsvField(ProvinceText(f.province[i], row, dirty_every)),
            table::QuoteCsvField(CityText(f.city[i], row, prov_city_dirt)),
            f.employees[i], f.platform_share[i], f.fulltime_share[i]) +
        design_cells(options.providers_design, x);
    ++row;
  }
  std::string ops =
      "账号编号,账号类型,省份,城市,开发运营人数,全职人数,年龄段,学历,性别,"
      "是否参加社保,岗位类型,可远程办公,每周工作小时,主要收入来源(1=是),"
      "年活跃天数,同时参与" +
      design_header(options.operators_design);
  row = 0;
  sum.operators_drawn = static_cast<int64_t>(osel.size());
  for (const internal::Selected& x : osel) {
    const size_t i = x.unit;
    if (!responds(o.staff[i], 8, i, 1.0)) continue;
    ++sum.operators_responded;
    ops +=
        fmt::format(
            "OP{:08d},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}", i,
            pop.marginals.operators[o.component[i]].name_zh,
            table::QuoteCsvField(ProvinceText(o.province[i], row, dirty_every)),
            table::QuoteCsvField(CityText(o.city[i], row, ops_city_dirt)),
            o.staff[i], o.fulltime_staff[i], kAgeBandLabels[o.age_band[i]],
            kEducationZh[o.education[i]], o.woman[i] ? "女" : "男",
            o.insured[i] ? "是" : "否", kJobTypeZh[o.job_type[i]],
            o.remote[i] ? "是" : "否", o.hours[i], o.main_income[i],
            o.active_days[i], AlsoInText(pop, o.also_in[i])) +
        design_cells(options.operators_design, x);
    ++row;
  }
  if (options.gb18030) {
    JI_ASSIGN_OR_RETURN(ops, table::EncodeGb18030(ops));
  }
  // ---- Consumers: strata = tier; cities, then consumers. ----
  const auto& cats = pop.marginals.consumers.categories;
  const bool with_consumers = options.consumers_n > 0 && !cats.empty();
  std::string cons = "消费者编号,省份,城市,城市等级";
  for (const auto& c : cats) cons += "," + c.name_zh;
  cons += ",抽样层,层城市数,城市消费者数,权数\n";
  if (with_consumers) {
    std::array<std::vector<size_t>, kTiers> tier_cities;
    std::array<double, kTiers> tier_people{};
    const std::vector<int64_t>& count = pop.consumers.city_count();
    for (size_t c = 0; c < count.size(); ++c) {
      if (count[c] == 0) continue;
      const int t = g.cities()[c].tier - 1;
      tier_cities[static_cast<size_t>(t)].push_back(c);
      tier_people[static_cast<size_t>(t)] += static_cast<double>(count[c]);
    }
    const size_t n_cities =
        tier_cities[0].size() + tier_cities[1].size() + tier_cities[2].size();
    if (static_cast<size_t>(options.consumer_cities) > n_cities) {
      return InvalidArgumentError(fmt::format(
          "the consumer survey asks for {} cities; the population has {} "
          "cities with consumers",
          options.consumer_cities, n_cities));
    }
    // Tier 1 with certainty; the other cities split by consumers.
    std::array<int64_t, kTiers> m{};
    m[0] = static_cast<int64_t>(tier_cities[0].size());
    const int64_t rest = options.consumer_cities - m[0];
    const double p2 = tier_people[1] / (tier_people[1] + tier_people[2]);
    for (int t = 1; t < kTiers; ++t) {
      const double share = t == 1 ? p2 : 1.0 - p2;
      m[t] = std::clamp<int64_t>(
          std::llround(share * static_cast<double>(rest)), 2,
          static_cast<int64_t>(tier_cities[static_cast<size_t>(t)].size()));
    }
    const int64_t per_city = options.consumers_n / options.consumer_cities;
    row = 0;
    for (int t = 0; t < kTiers; ++t) {
      const std::vector<size_t>& all = tier_cities[static_cast<size_t>(t)];
      const auto n_all = static_cast<int64_t>(all.size());
      for (int64_t pick : internal::SampleIndices(
               n_all, m[t], seed, 3000 + static_cast<uint64_t>(t))) {
        const size_t c = all[static_cast<size_t>(pick)];
        const int64_t n_c = std::min(per_city, count[c]);
        const double w =
            static_cast<double>(n_all) / static_cast<double>(m[t]) *
            static_cast<double>(count[c]) / static_cast<double>(n_c);
        const geo::City& city = g.cities()[c];
        sum.consumers_drawn += n_c;
        for (int64_t j :
             internal::SampleIndices(count[c], n_c, seed, 4000 + c)) {
          const uint64_t id = c * 10'000'000'000ULL + static_cast<uint64_t>(j);
          double spend = 0;
          std::string line = fmt::format("C{:013d},{},{},{}", id,
                                         table::QuoteCsvField(ProvinceText(
                                             city.province, row, dirty_every)),
                                         city.name_zh, kTierLabels[t]);
          for (size_t k = 0; k < cats.size(); ++k) {
            const double v = pop.consumers.Spending(c, j, k);
            spend += v;
            line += fmt::format(",{:.2f}", v);
          }
          if (!responds(spend, 9, id, 500.0)) continue;
          ++sum.consumers_responded;
          cons += line + fmt::format(",T{},{},{},{}\n", t + 1, n_all, count[c],
                                     Num(w));
          ++row;
        }
      }
    }
  }
  std::string regions = "province,region\n";
  for (size_t p = 0; p < 31; ++p) {
    regions += g.provinces()[p].short_zh + "," + RegionOf(p) + "\n";
  }
  std::string truth = "indicator,component,domain_type,domain,value\n";
  // The study: every component a domain of its survey, the design declared.
  // The command that rewrites this directory, so the draw can be redone.
  std::string command = fmt::format(
      "jobimpact simulate draw --year {} --seed {} --scale {} --draw-seed {} "
      "--providers-n {} --operators-n {} --consumers {} --consumer-cities {} "
      "--provider-design {} --operator-design {} --units-per-city {} "
      "--nonresponse {}{}{} --dirty-rows {}",
      pop.year, pop.seed, Num(pop.scale), seed, options.providers_n,
      options.operators_n, options.consumers_n, options.consumer_cities,
      SampleDesignName(options.providers_design),
      SampleDesignName(options.operators_design), options.units_per_city,
      Num(options.nonresponse), options.informative ? " --informative" : "",
      options.gb18030 ? "" : " --utf8", options.dirty_rows);
  if (!options.io_table.empty()) {
    command += " --io-table " + options.io_table.generic_string();
  }
  // Marginals from a simulation config: only the config reproduces them.
  const std::string kFromConfig =
      "marginals replaced by the simulation config ";
  for (const std::string& note : pop.marginals.notes) {
    if (note.rfind(kFromConfig, 0) == 0) {
      command =
          "jobimpact simulate draw --config " + note.substr(kFromConfig.size());
    }
  }
  std::optional<IoMapping> io;
  if (with_consumers && !options.io_table.empty()) {
    if (frame.io != nullptr && frame.io->table == options.io_table) {
      io = *frame.io;
    } else {
      JI_ASSIGN_OR_RETURN(io, MapConsumptionToTable(pop, options.io_table));
    }
  }
  // The study, built as a spec and written by study::WriteStudy.
  study::StudySpec spec;
  spec.name = fmt::format(
      "Simulated ecosystem {} (population seed {}, draw "
      "seed {})",
      pop.year, pop.seed, seed);
  spec.platform = "simulated";
  spec.country = "CN";
  spec.year = pop.year;
  // A survey of the study: KEY.csv in the output directory.
  auto add_survey =
      [&](const std::string& key, table::Encoding encoding,
          std::map<std::string, std::string> columns) -> study::SurveySpec& {
    study::SurveySpec& survey = spec.surveys[key];
    survey.key = key;
    survey.file = dir / (key + ".csv");
    survey.encoding = encoding;
    survey.columns = std::move(columns);
    return survey;
  };
  study::SurveySpec& providers =
      add_survey("providers", table::Encoding::kAuto,
                 {{"id", "企业编号"},
                  {"kind", "服务商类型"},
                  {"province", "省份"},
                  {"city", "城市"},
                  {"employees", "员工人数"},
                  {"platform_share", "微信业务员工占比"},
                  {"fulltime_share", "全职员工占比"}});
  AddDesign(options.providers_design, &providers);
  study::SurveySpec& operators = add_survey(
      "operators",
      options.gb18030 ? table::Encoding::kGb18030 : table::Encoding::kUtf8,
      {{"id", "账号编号"},
       {"type", "账号类型"},
       {"province", "省份"},
       {"city", "城市"},
       {"staff", "开发运营人数"},
       {"fulltime_staff", "全职人数"},
       {"age_band", "年龄段"},
       {"education", "学历"},
       {"gender", "性别"},
       {"insured", "是否参加社保"},
       {"job_type", "岗位类型"},
       {"remote", "可远程办公"},
       {"hours_per_week", "每周工作小时"},
       {"main_income", "主要收入来源(1=是)"},
       {"active_days", "年活跃天数"},
       {"also_in", "同时参与"}});
  AddDesign(options.operators_design, &operators);
  spec.measures = SimulatedMeasures();
  spec.regions =
      study::RegionSpec{"east_central_west_2021", dir / "regions.csv"};
  for (size_t k = 0; k < pop.marginals.providers.size(); ++k) {
    const auto& p = pop.marginals.providers[k];
    spec.components.push_back(SimulatedComponent(
        p.id, p.name_zh, p.name_en, study::ComponentKind::kServiceProvider,
        {"kind", kKindZh[k]},
        {static_cast<double>(p.firms), "simulated official count"},
        {"province", "region"}));
  }
  for (const auto& op : pop.marginals.operators) {
    spec.components.push_back(SimulatedComponent(
        op.id, op.name_zh, op.name_en, study::ComponentKind::kOperator,
        {"type", op.name_zh},
        {static_cast<double>(op.accounts), "simulated count of accounts"},
        {"province", "region", "city_tier", "age_band", "education", "gender",
         "insured", "job_type", "remote"}));
    spec.components.back().crossed_domains = {std::begin(kCrossedDomains),
                                              std::end(kCrossedDomains)};
  }
  for (const OperatorIndicator& u : kOperatorIndicators) {
    study::UnitIndicatorSpec indicator;
    indicator.id = u.id;
    indicator.name = u.name_zh;
    indicator.name_en = u.name_en;
    indicator.expression = u.expression;
    for (const auto& op : pop.marginals.operators) {
      indicator.components.push_back(op.id);
    }
    spec.unit_indicators.push_back(std::move(indicator));
  }
  if (with_consumers) {
    study::SurveySpec& consumers =
        add_survey("consumers", table::Encoding::kUtf8,
                   {{"id", "消费者编号"},
                    {"city", "城市"},
                    {"stratum", "抽样层"},
                    {"cities_in_stratum", "层城市数"},
                    {"consumers_in_city", "城市消费者数"},
                    {"weight", "权数"}});
    for (const auto& c : cats) consumers.columns[c.id] = c.name_zh;
    study::SurveyDesignSpec design;
    design.strata = "stratum";
    design.clusters = {"city", "id"};
    design.weights = "weight";
    design.fpc = {"cities_in_stratum", "consumers_in_city"};
    design.lonely_psu = "certainty";
    consumers.design = std::move(design);
    study::ConsumptionSpec consumption;
    consumption.survey = "consumers";
    consumption.population =
        study::Sourced{static_cast<double>(pop.consumers.size()),
                       "simulated number of platform users"};
    for (size_t k = 0; k < cats.size(); ++k) {
      study::CategorySpec cat;
      cat.id = cats[k].id;
      cat.name = cats[k].name_zh;
      cat.name_en = cats[k].name_en;
      cat.column = cats[k].id;
      if (io) cat.sector = io->codes[k];
      consumption.categories.push_back(std::move(cat));
    }
    spec.consumption = std::move(consumption);
  }
  if (io) {
    spec.io.table = options.io_table;
    spec.io.layout = inputoutput::IoLayout::kNbs;
    study::IndirectSpec indirect;
    indirect.jobs_method = study::JobsMethod::kOutputPerJob;
    // The reports' ratio, as a study states an implied pair (the source
    // says so, as LoadStudy's implied_output form would).
    const double output = 11'301e8, jobs = 3'616'000;
    indirect.output_per_job.value = output / jobs;
    indirect.output_per_job.low = indirect.output_per_job.high = output / jobs;
    indirect.output_per_job.source = fmt::format(
        "the reports' ratio (11301 亿元 -> 361.6 万, 2019) (implied: {:.17g} "
        "yuan / {:.17g} jobs)",
        output, jobs);
    // Value added is the GDP measure of new studies; the household closure
    // adds the induced round, on domestic coefficients.
    indirect.value_added = true;
    indirect.imports = inputoutput::ImportTreatment::kDomestic;
    indirect.closure = study::Closure::kHousehold;
    // A scenario for the demo's side-by-side table (truth.csv is of the
    // study as written).
    spec.scenarios.push_back(
        {"productivity",
         "output per job +20%",
         {{"indirect.output_per_job.value",
           fmt::format("{:.17g}", 1.2 * indirect.output_per_job.value),
           "scenarios.productivity.set"}}});
    spec.indirect = std::move(indirect);
  }
  spec.net = internal::SimulatedNet();
  study::WriteStudyOptions write;
  write.directory = dir;
  write.header = fmt::format(
      "A synthetic {} ecosystem drawn by the jobimpact simulator; the data\n"
      "are simulated, not WeChat's. truth.csv holds the population value of\n"
      "every figure this study reports. Written by\n  {} --out DIR",
      pop.year, command);
  write.comments["surveys.providers.design"] =
      fmt::format("Design: {}.", SampleDesignName(options.providers_design));
  write.comments["surveys.operators.design"] =
      fmt::format("Design: {}.", SampleDesignName(options.operators_design));
  write.comments["surveys.consumers.design"] =
      "Two stages: cities (tier 1 with certainty), then consumers.";
  const std::string toml = study::WriteStudy(spec, write);
  if (options.write_truth) {
    truth = "indicator,component,domain_type,domain,value\n";
    for (const Truth& t : PopulationTruth(pop, io ? &*io : nullptr)) {
      truth +=
          fmt::format("{},{},{},{},{:.17g}\n", t.indicator, t.component,
                      t.domain_type, table::QuoteCsvField(t.domain), t.value);
    }
  }
  JI_ASSIGN_OR_RETURN(store::AtomicOutputDir out,
                      store::AtomicOutputDir::Create(dir, options.output));
  for (const auto& [name, text] :
       std::vector<std::pair<std::string, const std::string*>>{
           {"providers.csv", &prov},
           {"operators.csv", &ops},
           {"regions.csv", &regions},
           {"truth.csv", &truth},
           {"study.toml", &toml}}) {
    JI_RETURN_IF_ERROR(out.WriteFile(name, *text));
  }
  if (with_consumers) JI_RETURN_IF_ERROR(out.WriteFile("consumers.csv", cons));
  results::Provenance provenance = options.provenance;
  if (io) {
    JI_ASSIGN_OR_RETURN(auto table,
                        results::HashInputs({{"io_table", options.io_table}}));
    provenance.inputs.insert(provenance.inputs.end(), table.begin(),
                             table.end());
  }
  JI_RETURN_IF_ERROR(out.Commit("simulate draw", provenance));
  if (summary != nullptr) *summary = sum;
  return Status::Ok();
}

}  // namespace jobimpact::sim
