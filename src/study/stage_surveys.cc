// Stage 1 of a study run: read and check every survey the study uses, the
// region scheme and the places in them, and set up one variance context per
// declared design or assumed simple random sample (stages.h).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>

#include "jobimpact/geo/gazetteer.h"
#include "jobimpact/study/component_kind.h"
#include "jobimpact/survey/calibration.h"
#include "jobimpact/survey/missing.h"
#include "jobimpact/table/csv_reader.h"
#include "jobimpact/table/read.h"
#include "stages.h"

namespace jobimpact::study::internal {
namespace {

using table::Column;
using table::ColumnType;
using table::Table;

// Column roles read as numbers (every kind's, from component_kind.h); every
// other mapped role is read as text.
std::set<std::string> NumericRoles() {
  const std::vector<std::string> roles = KindNumericRoles();
  return {roles.begin(), roles.end()};
}

class SurveyLoader {
 public:
  explicit SurveyLoader(const Settings& settings)
      : settings_(settings), spec_(*settings.spec) {}

  Result<SurveyData> Load() {
    JI_RETURN_IF_ERROR(LoadRegions());
    for (const auto& c : spec_.components) {
      if (c.survey_based()) JI_RETURN_IF_ERROR(PrepareComponent(c));
    }
    JI_RETURN_IF_ERROR(PrepareConsumption());
    return std::move(data_);
  }

 private:
  // A component's rows (its filter), its context and its domain labels.
  Status PrepareComponent(const ComponentSpec& c) {
    JI_ASSIGN_OR_RETURN(const LoadedSurvey* s, Survey(c.survey));
    ComponentSample cs;
    cs.survey = s;
    if (c.filter) {
      // Filter roles are text: a level matches by its text or, in a
      // labelled file, its code.
      const Column& f = s->ByRole(c.filter->role);
      const int32_t level = f.FindLevel(c.filter->equals);
      const auto& codes = f.codes();
      for (size_t r = 0; r < codes.size(); ++r) {
        if (level != Column::kMissingCode && codes[r] == level) {
          cs.rows.push_back(r);
        }
      }
    } else {
      for (size_t r = 0; r < s->table.num_rows(); ++r) cs.rows.push_back(r);
    }
    if (cs.rows.empty()) {
      return InvalidArgumentError(
          fmt::format("{}: component \"{}\" has no rows in {}{}",
                      spec_.file.string(), c.id, s->table.source(),
                      c.filter ? fmt::format(" with {} = \"{}\"",
                                             c.filter->role, c.filter->equals)
                               : ""));
    }
    // Positions of the component's rows in its context: all rows of a
    // declared design (the component is a domain of it), or just its own.
    cs.pos.resize(cs.rows.size());
    cs.declared = s->spec->design.has_value();
    if (cs.declared) {
      JI_ASSIGN_OR_RETURN(cs.ctx, DeclaredContext(*s));
      cs.ctx_rows = s->table.num_rows();
      cs.pos = cs.rows;
    } else {
      JI_ASSIGN_OR_RETURN(
          cs.ctx, AssumedSrsContext(*s, cs.rows.size(), c.population->value,
                                    "component " + c.id));
      cs.ctx_rows = cs.rows.size();
      for (size_t i = 0; i < cs.rows.size(); ++i) cs.pos[i] = i;
    }
    for (const auto& dom : c.DomainRoles()) {
      JI_ASSIGN_OR_RETURN(auto labels,
                          DomainLabels(*s, cs.rows, dom, &cs.label_order[dom]));
      auto& l = cs.labels[dom];
      l.assign(cs.ctx_rows, "");
      for (size_t i = 0; i < cs.rows.size(); ++i) l[cs.pos[i]] = labels[i];
    }
    data_.components.emplace(c.id, std::move(cs));
    return Status::Ok();
  }

  Status PrepareConsumption() {
    if (!spec_.consumption || spec_.consumption->survey.empty()) {
      return Status::Ok();
    }
    const ConsumptionSpec& cs = *spec_.consumption;
    JI_ASSIGN_OR_RETURN(const LoadedSurvey* s, Survey(cs.survey));
    if (s->spec->design) {
      JI_ASSIGN_OR_RETURN(data_.consumption_ctx, DeclaredContext(*s));
    } else {
      JI_ASSIGN_OR_RETURN(
          data_.consumption_ctx,
          AssumedSrsContext(*s, s->table.num_rows(), cs.population->value,
                            "consumer survey " + cs.survey));
    }
    return Status::Ok();
  }

  Result<const LoadedSurvey*> Survey(const std::string& key) {
    auto it = data_.surveys.find(key);
    if (it != data_.surveys.end()) return &it->second;
    const SurveySpec& s = spec_.surveys.at(key);
    table::TableReadOptions read;
    read.format = s.format;
    read.sheet = s.sheet;
    table::CsvReadOptions& opts = read.csv;
    opts.delimiter = s.delimiter;
    opts.encoding = s.encoding;
    opts.na_values = s.na_values;
    std::set<std::string> numeric = NumericRoles();
    if (s.design) {
      for (const std::string* r : {&s.design->weights, &s.design->probs}) {
        if (!r->empty()) numeric.insert(*r);
      }
      for (const auto& r : s.design->fpc) numeric.insert(r);
      for (const auto& r : s.design->replicate_weights) numeric.insert(r);
    }
    if (spec_.consumption && spec_.consumption->survey == key) {
      for (const auto& c : spec_.consumption->categories) {
        if (!c.column.empty()) numeric.insert(c.column);
      }
    }
    for (const auto& [role, header] : s.columns) {
      ColumnType type =
          numeric.count(role) ? ColumnType::kDouble : ColumnType::kString;
      auto [pos, inserted] = opts.column_types.emplace(header, type);
      if (!inserted && pos->second != type) {
        return InvalidArgumentError(fmt::format(
            "{}: [surveys.{}.columns] maps header \"{}\" to a numeric and a "
            "text role",
            spec_.file.string(), key, header));
      }
    }
    JI_ASSIGN_OR_RETURN(Table t, table::ReadTableFile(s.file, read));
    LoadedSurvey loaded{&s, std::move(t)};
    JI_RETURN_IF_ERROR(ValidateSurvey(loaded));
    return &data_.surveys.emplace(key, std::move(loaded)).first->second;
  }

  // Checks that hold for any survey: unique respondent ids, no missing or
  // negative values in numeric roles, shares within [0, 1].
  Status ValidateSurvey(const LoadedSurvey& s) {
    const Table& t = s.table;
    if (s.spec->columns.count("id")) {
      const Column& id = s.ByRole("id");
      std::map<std::string, size_t> seen;
      for (size_t r = 0; r < t.num_rows(); ++r) {
        if (id.IsMissing(r)) {
          return InvalidArgumentError(s.Cell(r, "id") +
                                      ": the respondent id is missing");
        }
        std::string key = id.CellText(r);
        auto [it, inserted] = seen.emplace(key, r);
        if (!inserted) {
          return InvalidArgumentError(fmt::format(
              "{}: duplicate respondent id \"{}\" (first on line {})",
              s.Cell(r, "id"), key, t.LineOfRow(it->second)));
        }
      }
    }
    JI_RETURN_IF_ERROR(CheckMissingAndLevels(s));
    for (const auto& [role, header] : s.spec->columns) {
      const Column* col = t.Find(header);
      if (col->type() != ColumnType::kDouble) continue;
      const bool share = IsKindShareRole(role);
      const auto& v = col->doubles();
      for (size_t r = 0; r < v.size(); ++r) {
        if (std::isnan(v[r])) continue;  // Checked by CheckMissingAndLevels.
        if (v[r] < 0) {
          return InvalidArgumentError(fmt::format(
              "{}: expected a value >= 0, found {:g}", s.Cell(r, role), v[r]));
        }
        if (share && v[r] > 1) {
          return InvalidArgumentError(fmt::format(
              "{}: expected a share in [0, 1], found {:g} (percentages must be "
              "given as fractions)",
              s.Cell(r, role), v[r]));
        }
        const MeasureRole* m = FindMeasureRole(role);
        if (m != nullptr && v[r] > m->max) {
          return InvalidArgumentError(
              fmt::format("{}: expected {} in [0, {:g}], found {:g}",
                          s.Cell(r, role), m->meaning, m->max, v[r]));
        }
      }
    }
    // A full-time count cannot exceed the unit's jobs (for every kind whose
    // roles the survey maps).
    for (const ComponentKindInfo& kind : ComponentKinds()) {
      JI_RETURN_IF_ERROR(CheckFullTimeCounts(s, kind));
    }
    return Status::Ok();
  }

  // Missing values of every mapped role under its policy (survey/missing.h),
  // and declared levels. Design roles (weights, strata, clusters, fpc) are
  // checked by the design itself: they are never excluded.
  Status CheckMissingAndLevels(const LoadedSurvey& s) {
    const std::set<std::string> numeric = NumericRoles();
    for (const auto& [role, header] : s.spec->columns) {
      const Column& col = *s.table.Find(header);
      const survey::MissingPolicy policy = s.spec->MissingFor(role);
      if (policy == survey::MissingPolicy::kLevel &&
          col.type() == ColumnType::kDouble) {
        return InvalidArgumentError(fmt::format(
            "{}: [surveys.{}.roles.{}] missing = \"level\": role {} is "
            "numeric; \"level\" applies to breakdown (text) roles",
            spec_.file.string(), s.spec->key, role, role));
      }
      JI_RETURN_IF_ERROR(CheckLevels(s, role, col));
      // An empty also_in says "in no other component" (docs/study-format.md).
      if (role == "id" || role == "also_in" || IsDesignRole(s, role)) continue;
      const std::vector<size_t> missing = survey::MissingRows(col);
      if (missing.empty()) continue;
      if (policy == survey::MissingPolicy::kFail) {
        const bool breakdown = numeric.count(role) == 0;
        return survey::MissingValuesError(
            s.table, header,
            "role " + role + " of survey " + s.spec->key +
                (breakdown ? ", a breakdown" : ""),
            missing,
            breakdown ? survey::MissingUse::kBreakdown
                      : survey::MissingUse::kAnalysis);
      }
      data_.missing_notes.push_back(fmt::format(
          "survey {}: column \"{}\" (role {}): {} of {} values missing; {}",
          s.spec->key, col.DisplayName(), role, missing.size(),
          s.table.num_rows(),
          policy == survey::MissingPolicy::kExclude
              ? "policy exclude: those rows are left out of the estimates "
                "that need this role (their weight there is zero and is not "
                "given to other rows)"
              : "policy level: shown as the level \"" + s.spec->missing_label +
                    "\" in its breakdowns"));
    }
    return Status::Ok();
  }

  static bool IsDesignRole(const LoadedSurvey& s, const std::string& role) {
    if (!s.spec->design) return false;
    const SurveyDesignSpec& d = *s.spec->design;
    if (role == d.strata || role == d.weights || role == d.probs) return true;
    for (const auto* list : {&d.clusters, &d.fpc, &d.replicate_weights}) {
      if (std::find(list->begin(), list->end(), role) != list->end()) {
        return true;
      }
    }
    return false;
  }

  // A role with declared `levels`: every value must be one of them; the
  // message lists the values that are not, with their first row.
  Status CheckLevels(const LoadedSurvey& s, const std::string& role,
                     const Column& col) {
    auto it = s.spec->roles.find(role);
    if (it == s.spec->roles.end() || it->second.levels.empty()) {
      return Status::Ok();
    }
    if (col.type() != ColumnType::kString) {
      return InvalidArgumentError(fmt::format(
          "{}: [surveys.{}.roles.{}] levels: role {} is numeric; levels "
          "apply to text roles",
          spec_.file.string(), s.spec->key, role, role));
    }
    const std::set<std::string> known(it->second.levels.begin(),
                                      it->second.levels.end());
    std::vector<std::string> unknown;
    std::vector<int64_t> first(col.levels().size(), -1);
    for (size_t r = 0; r < col.size(); ++r) {
      const int32_t c = col.codes()[r];
      if (c >= 0 && first[static_cast<size_t>(c)] < 0) {
        first[static_cast<size_t>(c)] = static_cast<int64_t>(r);
      }
    }
    for (size_t k = 0; k < col.levels().size(); ++k) {
      if (first[k] < 0 || known.count(col.levels()[k])) continue;
      unknown.push_back(
          fmt::format("\"{}\" (row {})", col.levels()[k],
                      s.table.LineOfRow(static_cast<size_t>(first[k]))));
    }
    if (unknown.empty()) return Status::Ok();
    return InvalidArgumentError(fmt::format(
        "{}: column \"{}\" (role {}): {} value{} not in the declared levels "
        "[surveys.{}.roles.{}]: {}",
        s.table.source(), col.DisplayName(), role, unknown.size(),
        unknown.size() == 1 ? "" : "s", s.spec->key, role,
        fmt::join(unknown, ", ")));
  }

  Status CheckFullTimeCounts(const LoadedSurvey& s,
                             const ComponentKindInfo& kind) {
    const auto& columns = s.spec->columns;
    for (auto role : kind.jobs_roles) {
      if (!columns.count(std::string(role))) return Status::Ok();
    }
    for (const FullTimeRole& ft : kind.fulltime_roles) {
      if (ft.is_share || !columns.count(std::string(ft.role))) continue;
      const auto& count = s.ByRole(std::string(ft.role)).doubles();
      for (size_t r = 0; r < count.size(); ++r) {
        double jobs = 1;
        for (auto role : kind.jobs_roles) {
          jobs *= s.ByRole(std::string(role)).doubles()[r];
        }
        if (count[r] > jobs) {  // False when either is missing (NaN).
          return InvalidArgumentError(fmt::format(
              "{}: {} {:g} exceeds {} {:g}", s.Cell(r, std::string(ft.role)),
              ft.meaning, count[r],
              UnitFormulaText(kind, UnitMeasure::kJobs, nullptr), jobs));
        }
      }
    }
    return Status::Ok();
  }

  // Chinese studies read provinces and cities through the gazetteer
  // (geo/gazetteer.h): any spelling it knows becomes the canonical short name.
  bool UsesGazetteer() const { return IsChinaStudy(spec_); }

  // The canonical province label of a free-text value, or nullopt.
  std::optional<std::string> CanonicalProvince(const std::string& v,
                                               bool* ambiguous) const {
    const geo::Gazetteer& g = geo::Gazetteer::Default();
    size_t i = 0;
    const auto m = g.MatchProvince(v, &i);
    *ambiguous = m == geo::Gazetteer::Match::kAmbiguous;
    if (m != geo::Gazetteer::Match::kFound) return std::nullopt;
    return g.provinces()[i].short_zh;
  }

  Status LoadRegions() {
    if (!spec_.regions) return Status::Ok();
    table::CsvReadOptions opts;
    opts.column_types = {{"province", ColumnType::kString},
                         {"region", ColumnType::kString}};
    JI_ASSIGN_OR_RETURN(Table t, table::ReadCsvFile(spec_.regions->file, opts));
    const Column& p = *t.Find("province");
    const Column& r = *t.Find("region");
    std::vector<geo::Unmatched> unmatched;
    for (size_t i = 0; i < t.num_rows(); ++i) {
      if (p.IsMissing(i) || r.IsMissing(i)) {
        return InvalidArgumentError(
            fmt::format("{}:{}: province and region must both be given",
                        t.source(), t.LineOfRow(i)));
      }
      std::string province = p.text(i);
      if (UsesGazetteer()) {
        bool ambiguous = false;
        auto canonical = CanonicalProvince(province, &ambiguous);
        if (!canonical) {
          unmatched.push_back(
              {static_cast<size_t>(t.LineOfRow(i)), province, ambiguous});
          continue;
        }
        province = *canonical;
      }
      if (std::find(data_.region_order.begin(), data_.region_order.end(),
                    r.text(i)) == data_.region_order.end()) {
        data_.region_order.push_back(r.text(i));
      }
      if (!data_.region_of.emplace(province, r.text(i)).second) {
        return InvalidArgumentError(
            fmt::format("{}:{}: province \"{}\" is listed twice", t.source(),
                        t.LineOfRow(i), p.text(i)));
      }
    }
    if (!unmatched.empty()) {
      return InvalidArgumentError(
          fmt::format("{}: values that name no province of China: {}",
                      t.source(), geo::DescribeUnmatched(unmatched)));
    }
    return Status::Ok();
  }

  // Tier label of a city name (the 2021 report's tiers).
  static const char* TierLabel(int tier) {
    return tier == 1 ? "tier 1" : tier == 2 ? "tier 2" : "tier 3+";
  }

  // The order in which a breakdown lists its labels: declared levels, the
  // region scheme's order, tiers, the gazetteer's province order (official
  // code order), else the column's level order (file or first appearance);
  // only labels that occur, a missing-value level last.
  std::vector<std::string> LabelOrder(const LoadedSurvey& s,
                                      const std::string& role,
                                      const std::string& domain,
                                      bool tier_from_city,
                                      const std::vector<std::string>& labels) {
    std::vector<std::string> order;
    auto declared = s.spec->roles.find(role);
    if (domain == "region") {
      order = data_.region_order;
    } else if (tier_from_city) {
      order = {TierLabel(1), TierLabel(2), TierLabel(3)};
    } else if (declared != s.spec->roles.end() &&
               !declared->second.levels.empty()) {
      order = declared->second.levels;
    } else if (role == "province" && UsesGazetteer()) {
      for (const auto& p : geo::Gazetteer::Default().provinces()) {
        order.push_back(p.short_zh);
      }
    } else {
      const Column& col = s.ByRole(role);
      if (col.type() == ColumnType::kString) order = col.levels();
    }
    const std::set<std::string> present(labels.begin(), labels.end());
    std::vector<std::string> out;
    std::set<std::string> listed;
    for (const auto& l : order) {
      if (present.count(l) && listed.insert(l).second) out.push_back(l);
    }
    for (const auto& l : labels) {  // Anything the order did not name.
      if (!l.empty() && l != s.spec->missing_label && listed.insert(l).second) {
        out.push_back(l);
      }
    }
    if (present.count(s.spec->missing_label) &&
        !listed.count(s.spec->missing_label)) {
      out.push_back(s.spec->missing_label);
    }
    return out;
  }

  // Domain labels of the component's rows for one domain role ("" for a
  // row missing the value under the policy "exclude": it is in no domain),
  // and their breakdown order.
  Result<std::vector<std::string>> DomainLabels(
      const LoadedSurvey& s, const std::vector<size_t>& rows,
      const std::string& domain, std::vector<std::string>* order) {
    std::string role = domain == "region" ? "province" : domain;
    // A city_tier breakdown from a column of city names (Chinese studies).
    const bool tier_from_city = domain == "city_tier" &&
                                !s.spec->columns.count("city_tier") &&
                                s.spec->columns.count("city") > 0;
    if (tier_from_city) role = "city";
    const Column& col = s.ByRole(role);
    std::vector<std::string> labels;
    labels.reserve(rows.size());
    std::vector<std::string> unknown;
    std::vector<geo::Unmatched> unmatched;
    const survey::MissingPolicy policy = s.spec->MissingFor(role);
    for (size_t r : rows) {
      std::string v = col.IsMissing(r) ? "" : col.CellText(r);
      if (v.empty()) {
        if (policy == survey::MissingPolicy::kFail) {
          return InvalidArgumentError(s.Cell(r, role) +
                                      ": value is missing (needed for the \"" +
                                      domain + "\" breakdown)");
        }
        labels.push_back(policy == survey::MissingPolicy::kLevel
                             ? s.spec->missing_label
                             : std::string());
        continue;
      }
      if (tier_from_city) {
        const geo::Gazetteer& g = geo::Gazetteer::Default();
        size_t ci = 0;
        const auto m = g.MatchCity(v, std::nullopt, &ci);
        if (m != geo::Gazetteer::Match::kFound) {
          unmatched.push_back({static_cast<size_t>(s.table.LineOfRow(r)), v,
                               m == geo::Gazetteer::Match::kAmbiguous});
          continue;
        }
        labels.push_back(TierLabel(g.cities()[ci].tier));
        continue;
      }
      if (role == "province" && UsesGazetteer()) {
        bool ambiguous = false;
        auto canonical = CanonicalProvince(v, &ambiguous);
        if (!canonical) {
          unmatched.push_back(
              {static_cast<size_t>(s.table.LineOfRow(r)), v, ambiguous});
          continue;
        }
        v = *canonical;
      }
      if (domain == "region") {
        auto it = data_.region_of.find(v);
        if (it == data_.region_of.end()) {
          if (unknown.size() < 10) {
            unknown.push_back(
                fmt::format("\"{}\" (line {})", v, s.table.LineOfRow(r)));
          }
          continue;
        }
        v = it->second;
      }
      labels.push_back(std::move(v));
    }
    if (!unmatched.empty()) {
      return InvalidArgumentError(
          fmt::format("{}: column \"{}\": values that name no {} of China: {}",
                      s.table.source(), s.spec->columns.at(role),
                      tier_from_city ? "city" : "province",
                      geo::DescribeUnmatched(unmatched)));
    }
    if (!unknown.empty()) {
      std::string list;
      for (const auto& u : unknown) list += (list.empty() ? "" : ", ") + u;
      return InvalidArgumentError(fmt::format(
          "{}: column \"{}\": provinces not in the region scheme {} ({}): {}",
          s.table.source(), s.spec->columns.at(role), spec_.regions->name,
          spec_.regions->file.string(), list));
    }
    *order = LabelOrder(s, role, domain, tier_from_city, labels);
    return labels;
  }

  Result<survey::EstimationOptions> OptionsFor(const SurveyDesignSpec& d,
                                               const SurveySpec& s) const {
    survey::EstimationOptions o;
    o.confidence = d.confidence.value_or(settings_.default_confidence);
    o.replicates.threads = settings_.threads;
    o.replicates.seed = d.seed;
    o.replicates.mse = d.mse;
    o.replicates.scale = d.replicate_scale;
    for (const auto& r : d.replicate_weights)
      o.replicates.weight_columns.push_back(s.columns.at(r));
    JI_RETURN_IF_ERROR(survey::ParseVarianceMethod(d.variance, &o));
    return o;
  }

  // The declared design of a survey, over all its rows (built once).
  Result<int> DeclaredContext(const LoadedSurvey& s) {
    auto it = survey_ctx_.find(s.spec->key);
    if (it != survey_ctx_.end()) return it->second;
    const SurveyDesignSpec& d = *s.spec->design;
    auto header = [&s](const std::string& role) {
      return role.empty() ? std::string() : s.spec->columns.at(role);
    };
    survey::DesignSpec ds;
    ds.strata = header(d.strata);
    for (const auto& c : d.clusters) ds.clusters.push_back(header(c));
    ds.weights = header(d.weights);
    ds.probs = header(d.probs);
    for (const auto& f : d.fpc) ds.fpc.push_back(header(f));
    JI_ASSIGN_OR_RETURN(ds.lonely_psu, survey::ParseLonelyPsu(d.lonely_psu));
    auto ctx = std::make_unique<Context>();
    ctx->label = "survey " + s.spec->key + " (declared design)";
    ctx->table = s.table;
    JI_ASSIGN_OR_RETURN(survey::Design design,
                        survey::Design::Create(ctx->table, ds));
    if (!d.calibration.empty()) {
      JI_ASSIGN_OR_RETURN(auto method,
                          survey::ParseCalibrationMethod(d.calibration));
      JI_ASSIGN_OR_RETURN(survey::CalibrationOptions cal,
                          survey::ReadMarginsCsv(d.margins.string(), method));
      // Margins name column roles; the table has the survey's headers.
      auto to_header = [&](std::string* column) -> Status {
        auto role = s.spec->columns.find(*column);
        if (role == s.spec->columns.end()) {
          return InvalidArgumentError(fmt::format(
              "{}: margin \"{}\" is not a column role of [surveys.{}.columns]",
              d.margins.string(), *column, s.spec->key));
        }
        *column = role->second;
        return Status::Ok();
      };
      for (auto& m : cal.margins) JI_RETURN_IF_ERROR(to_header(&m.column));
      for (auto& t : cal.totals) JI_RETURN_IF_ERROR(to_header(&t.column));
      cal.lower = d.lower_bound;
      cal.upper = d.upper_bound;
      JI_ASSIGN_OR_RETURN(design, survey::Calibrate(design, ctx->table, cal));
      ctx->label = "survey " + s.spec->key + " (declared design, " +
                   design.calibration()->description + ")";
    }
    ctx->design = std::move(design);
    JI_ASSIGN_OR_RETURN(ctx->options, OptionsFor(d, *s.spec));
    data_.contexts.push_back(std::move(ctx));
    survey_ctx_[s.spec->key] = static_cast<int>(data_.contexts.size()) - 1;
    return survey_ctx_[s.spec->key];
  }

  // The design the reports' formula implies: the `rows` are a simple random
  // sample without replacement of n units from N (weights N/n, fpc N).
  Result<int> AssumedSrsContext(const LoadedSurvey& s, size_t rows,
                                double population, const std::string& what) {
    if (static_cast<double>(rows) > population) {
      return InvalidArgumentError(fmt::format(
          "{}: {} has {} survey rows, more than its population count {:g}",
          spec_.file.string(), what, rows, population));
    }
    auto ctx = std::make_unique<Context>();
    ctx->label =
        what +
        fmt::format(" (assumed simple random sample of n={} from N={:g})", rows,
                    population);
    // The design holds everything; the table is only read for supplied
    // replicate weights, which an assumed design has not.
    ctx->table = Table(s.table.source());
    JI_ASSIGN_OR_RETURN(survey::Design design,
                        survey::Design::SimpleRandomSample(
                            static_cast<int64_t>(rows), population));
    ctx->design = std::move(design);
    // The reports' assumed design states no level: the study's default.
    ctx->options.confidence = settings_.default_confidence;
    data_.contexts.push_back(std::move(ctx));
    return static_cast<int>(data_.contexts.size()) - 1;
  }

  const Settings& settings_;
  const StudySpec& spec_;
  SurveyData data_;
  std::map<std::string, int> survey_ctx_;  // Declared design by survey key.
};

}  // namespace

Result<SurveyData> LoadSurveys(const Settings& settings) {
  return SurveyLoader(settings).Load();
}

}  // namespace jobimpact::study::internal
