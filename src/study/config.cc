#include "jobimpact/study/config.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "config_internal.h"
#include "jobimpact/base/file.h"
#include "jobimpact/base/toml_node.h"
#include "jobimpact/study/indicator.h"
#include "jobimpact/survey/calibration.h"
#include "jobimpact/survey/design.h"
#include "jobimpact/survey/estimators.h"

namespace jobimpact::study {
namespace internal {

Result<Sourced> ParseSourced(const TomlNode& parent, const std::string& key,
                             double lo, double hi) {
  JI_ASSIGN_OR_RETURN(TomlNode t, parent.GetTable(key));
  JI_RETURN_IF_ERROR(t.CheckKeys({"value", "source"}));
  Sourced s;
  JI_ASSIGN_OR_RETURN(s.value, t.GetNumber("value"));
  JI_ASSIGN_OR_RETURN(s.source, t.GetString("source"));
  if (s.value < lo || s.value > hi) {
    return t.ChildError("value",
                        fmt::format("expected a number in [{:g}, {:g}], "
                                    "got {:g}",
                                    lo, hi, s.value));
  }
  if (s.source.empty()) return t.ChildError("source", "must not be empty");
  return s;
}

Result<std::optional<Sourced>> OptSourced(const TomlNode& parent,
                                          const std::string& key, double lo,
                                          double hi) {
  if (!parent.Has(key)) return std::optional<Sourced>();
  JI_ASSIGN_OR_RETURN(Sourced s, ParseSourced(parent, key, lo, hi));
  return std::optional<Sourced>(std::move(s));
}

}  // namespace internal

namespace {

using internal::OptSourced;
using internal::ParseSourced;

bool IsIdentifier(const std::string& s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

constexpr double kInf = std::numeric_limits<double>::infinity();

// [surveys.NAME.design]: every column it names must be a mapped role.
Result<SurveyDesignSpec> ParseSurveyDesign(
    const TomlNode& node, const SurveySpec& survey,
    const std::filesystem::path& study_file) {
  JI_RETURN_IF_ERROR(node.CheckKeys(
      {"strata", "clusters", "weights", "probs", "fpc", "lonely_psu",
       "variance", "seed", "confidence", "replicate_weights", "replicate_scale",
       "mse", "calibration", "margins", "bounds"}));
  SurveyDesignSpec d;
  auto role = [&](const std::string& key, const std::string& r) -> Status {
    if (!survey.columns.count(r)) {
      return node.ChildError(key, "\"" + r +
                                      "\" is not a column role of [surveys." +
                                      survey.key + ".columns]");
    }
    return Status::Ok();
  };
  for (auto [key, target] : std::vector<std::pair<std::string, std::string*>>{
           {"strata", &d.strata},
           {"weights", &d.weights},
           {"probs", &d.probs}}) {
    JI_ASSIGN_OR_RETURN(auto v, node.OptString(key));
    if (v) {
      JI_RETURN_IF_ERROR(role(key, *v));
      *target = *v;
    }
  }
  for (auto [key, target] :
       std::vector<std::pair<std::string, std::vector<std::string>*>>{
           {"clusters", &d.clusters},
           {"fpc", &d.fpc},
           {"replicate_weights", &d.replicate_weights}}) {
    JI_ASSIGN_OR_RETURN(*target, node.OptStringArray(key));
    for (const auto& r : *target) JI_RETURN_IF_ERROR(role(key, r));
  }
  JI_ASSIGN_OR_RETURN(auto lonely, node.OptString("lonely_psu"));
  if (lonely) {
    auto l = survey::ParseLonelyPsu(*lonely);
    if (!l.ok()) return node.ChildError("lonely_psu", l.status().message());
    d.lonely_psu = *lonely;
  }
  JI_ASSIGN_OR_RETURN(auto variance, node.OptString("variance"));
  if (variance) d.variance = *variance;
  survey::EstimationOptions probe;
  probe.replicates.weight_columns = d.replicate_weights;
  Status vs = survey::ParseVarianceMethod(d.variance, &probe);
  if (!vs.ok()) return node.ChildError("variance", vs.message());
  if (node.Has("seed")) {
    JI_ASSIGN_OR_RETURN(int64_t seed, node.GetInt("seed"));
    d.seed = static_cast<uint64_t>(seed);
  }
  JI_ASSIGN_OR_RETURN(auto conf, node.OptNumber("confidence"));
  if (conf) {
    if (!(*conf > 0 && *conf < 1)) {
      return node.ChildError("confidence",
                             "expected a level in (0, 1), e.g. 0.95");
    }
    d.confidence = *conf;
  }
  JI_ASSIGN_OR_RETURN(auto scale, node.OptNumber("replicate_scale"));
  if (scale) d.replicate_scale = *scale;
  if (node.Has("mse")) {
    if (!node.Child("mse").is_boolean())
      return node.ChildError("mse", "expected true or false");
    d.mse = node.Child("mse").as_boolean();
  }
  JI_ASSIGN_OR_RETURN(auto cal, node.OptString("calibration"));
  if (cal) {
    auto m = survey::ParseCalibrationMethod(*cal);
    if (!m.ok()) return node.ChildError("calibration", m.status().message());
    d.calibration = *cal;
    JI_ASSIGN_OR_RETURN(d.margins, node.GetInputPath("margins", study_file));
    if (node.Has("bounds")) {
      const auto& b = node.Child("bounds");
      if (!b.is_array() || b.as_array().size() != 2 ||
          !(b.as_array()[0].is_floating() || b.as_array()[0].is_integer()) ||
          !(b.as_array()[1].is_floating() || b.as_array()[1].is_integer())) {
        return node.ChildError("bounds", "expected [lower, upper]");
      }
      auto num = [](const toml::value& v) {
        return v.is_integer() ? static_cast<double>(v.as_integer())
                              : v.as_floating();
      };
      d.lower_bound = num(b.as_array()[0]);
      d.upper_bound = num(b.as_array()[1]);
    }
  } else if (node.Has("margins") || node.Has("bounds")) {
    return node.Error("\"margins\" and \"bounds\" need \"calibration\"");
  }
  survey::DesignSpec probe_design;
  probe_design.weights = d.weights;
  probe_design.probs = d.probs;
  probe_design.clusters = d.clusters;
  probe_design.fpc = d.fpc;
  Status ds = probe_design.Validate();
  if (!ds.ok()) return node.Error(ds.message());
  return d;
}

// `format`, `sheet` and `header_row`: how the survey file is read.
Status ParseSurveyFileFormat(const TomlNode& node, SurveySpec* s) {
  JI_ASSIGN_OR_RETURN(auto format, node.OptString("format"));
  if (format) {
    auto f = table::ParseFileFormat(*format);
    if (!f.ok()) return node.ChildError("format", f.status().message());
    s->format = *f;
  }
  const table::FileFormat effective = s->format == table::FileFormat::kAuto
                                          ? table::FormatOfPath(s->file)
                                          : s->format;
  const bool workbook = effective == table::FileFormat::kXlsx;
  for (const char* key : {"sheet", "header_row"}) {
    if (node.Has(key) && !workbook) {
      return node.ChildError(
          key, fmt::format("applies to workbooks (.xlsx) only; the file is "
                           "read as {}",
                           table::FileFormatInfoOf(effective).name));
    }
  }
  if (node.Has("sheet")) {
    if (node.Child("sheet").is_string()) {
      JI_ASSIGN_OR_RETURN(s->sheet.name, node.GetString("sheet"));
      if (s->sheet.name.empty()) {
        return node.ChildError("sheet", "must not be empty");
      }
    } else {
      JI_ASSIGN_OR_RETURN(int64_t n, node.GetInt("sheet"));
      if (n < 1 || n > 100000) {
        return node.ChildError(
            "sheet", "expected a sheet name or a number from 1, got " +
                         std::to_string(n));
      }
      s->sheet.number = static_cast<int>(n);
    }
  }
  if (node.Has("header_row")) {
    JI_ASSIGN_OR_RETURN(int64_t n, node.GetInt("header_row"));
    if (n < 1 || n > 1048576) {
      return node.ChildError(
          "header_row",
          "expected a row number from 1 to 1048576, got " + std::to_string(n));
    }
    s->sheet.header_row = static_cast<int>(n);
  }
  return Status::Ok();
}

Result<survey::MissingPolicy> ParseMissingKey(const TomlNode& node) {
  JI_ASSIGN_OR_RETURN(std::string text, node.GetString("missing"));
  auto p = survey::ParseMissingPolicy(text);
  if (!p.ok()) return node.ChildError("missing", p.status().message());
  return *p;
}

// `missing`, `missing_label` and [surveys.KEY.roles.ROLE] tables.
Status ParseMissingAndRoles(const TomlNode& node, SurveySpec* s) {
  if (node.Has("missing")) {
    JI_ASSIGN_OR_RETURN(s->missing, ParseMissingKey(node));
    if (s->missing == survey::MissingPolicy::kLevel) {
      return node.ChildError(
          "missing",
          "\"level\" applies to breakdown roles only: set it for a role "
          "under [surveys." +
              s->key + ".roles.ROLE]");
    }
  }
  if (node.Has("missing_label")) {
    JI_ASSIGN_OR_RETURN(s->missing_label, node.GetString("missing_label"));
    if (s->missing_label.empty()) {
      return node.ChildError("missing_label", "must not be empty");
    }
  }
  JI_ASSIGN_OR_RETURN(auto roles, node.OptTable("roles"));
  if (!roles) return Status::Ok();
  for (const auto& role : roles->Keys()) {
    if (!s->columns.count(role)) {
      return roles->ChildError(
          role, "is not a column role of [surveys." + s->key + ".columns]");
    }
    JI_ASSIGN_OR_RETURN(TomlNode r, roles->GetTable(role));
    JI_RETURN_IF_ERROR(r.CheckKeys({"missing", "levels"}));
    RoleSpec spec;
    if (r.Has("missing")) {
      JI_ASSIGN_OR_RETURN(spec.missing, ParseMissingKey(r));
    }
    if (r.Has("levels")) {
      JI_ASSIGN_OR_RETURN(spec.levels, r.OptStringArray("levels"));
      if (spec.levels.empty()) return r.ChildError("levels", "is empty");
      std::set<std::string> seen;
      for (const auto& l : spec.levels) {
        if (l.empty()) return r.ChildError("levels", "has an empty level");
        if (!seen.insert(l).second) {
          return r.ChildError("levels", "lists \"" + l + "\" twice");
        }
      }
    }
    s->roles[role] = std::move(spec);
  }
  return Status::Ok();
}

Result<SurveySpec> ParseSurvey(const TomlNode& node, const std::string& key,
                               const std::filesystem::path& study_file) {
  JI_RETURN_IF_ERROR(node.CheckKeys(
      {"file", "format", "sheet", "header_row", "encoding", "delimiter",
       "na_values", "columns", "design", "missing", "missing_label", "roles"}));
  SurveySpec s;
  s.key = key;
  JI_ASSIGN_OR_RETURN(s.file, node.GetInputPath("file", study_file));
  JI_RETURN_IF_ERROR(ParseSurveyFileFormat(node, &s));
  JI_ASSIGN_OR_RETURN(auto enc, node.OptString("encoding"));
  if (enc) {
    auto e = table::ParseEncoding(*enc);
    if (!e.ok()) return node.ChildError("encoding", e.status().message());
    s.encoding = *e;
  }
  JI_ASSIGN_OR_RETURN(auto delim, node.OptString("delimiter"));
  if (delim) {
    if (*delim == "\\t" || *delim == "tab") *delim = "\t";
    if (delim->size() != 1 || *delim == "\"" || *delim == "\n") {
      return node.ChildError("delimiter",
                             "expected one character such as \",\", \";\" or "
                             "\"\\t\", got \"" +
                                 *delim + "\"");
    }
    s.delimiter = (*delim)[0];
  }
  if (node.Has("na_values")) {
    JI_ASSIGN_OR_RETURN(s.na_values, node.OptStringArray("na_values"));
  }
  JI_ASSIGN_OR_RETURN(TomlNode cols, node.GetTable("columns"));
  for (const auto& role : cols.Keys()) {
    JI_ASSIGN_OR_RETURN(std::string header, cols.GetString(role));
    if (header.empty()) return cols.ChildError(role, "must not be empty");
    s.columns[role] = header;
  }
  JI_ASSIGN_OR_RETURN(auto design, node.OptTable("design"));
  if (design) {
    JI_ASSIGN_OR_RETURN(SurveyDesignSpec d,
                        ParseSurveyDesign(*design, s, study_file));
    s.design = std::move(d);
  }
  JI_RETURN_IF_ERROR(ParseMissingAndRoles(node, &s));
  return s;
}

// domains = ["province", ["insured", "age_band"]]: roles, and pairs of
// roles for crossed breakdowns.
Status ParseDomains(const TomlNode& node, ComponentSpec* c) {
  if (!node.Has("domains")) return Status::Ok();
  const toml::value& v = node.Child("domains");
  const std::string expected =
      "expected an array of column roles and [first, second] pairs of roles, "
      "e.g. [\"province\", [\"insured\", \"age_band\"]]";
  if (!v.is_array()) return node.ChildError("domains", expected);
  for (const auto& item : v.as_array()) {
    if (item.is_string()) {
      c->domains.push_back(item.as_string().str);
      continue;
    }
    const bool pair = item.is_array() && item.as_array().size() == 2 &&
                      item.as_array()[0].is_string() &&
                      item.as_array()[1].is_string();
    if (!pair) return node.ChildError("domains", expected);
    std::string first = item.as_array()[0].as_string().str;
    std::string second = item.as_array()[1].as_string().str;
    if (first == second) {
      return node.ChildError("domains", "the pair [\"" + first + "\", \"" +
                                            second +
                                            "\"] crosses a role with itself");
    }
    c->crossed_domains.emplace_back(std::move(first), std::move(second));
  }
  return Status::Ok();
}

Result<ComponentSpec> ParseComponent(const TomlNode& node) {
  JI_RETURN_IF_ERROR(
      node.CheckKeys({"id", "name", "name_en", "kind", "survey", "filter",
                      "population", "domains", "published"}));
  ComponentSpec c;
  JI_ASSIGN_OR_RETURN(c.id, node.GetString("id"));
  if (!IsIdentifier(c.id)) {
    return node.ChildError("id",
                           "expected lowercase letters, digits, '_' or "
                           "'-', got \"" +
                               c.id + "\"");
  }
  JI_ASSIGN_OR_RETURN(auto name, node.OptString("name"));
  c.name = name.value_or(c.id);
  JI_ASSIGN_OR_RETURN(auto name_en, node.OptString("name_en"));
  c.name_en = name_en.value_or("");
  JI_ASSIGN_OR_RETURN(std::string kind, node.GetString("kind"));
  const std::optional<ComponentKind> parsed = ParseComponentKind(kind);
  if (!parsed) {
    return node.ChildError("kind", "expected " + ComponentKindChoices() +
                                       ", got \"" + kind + "\"");
  }
  c.kind = *parsed;
  const bool has_survey = node.Has("survey");
  const bool has_published = node.Has("published");
  if (has_survey == has_published) {
    return node.Error(
        "a component needs exactly one of \"survey\" (microdata) "
        "or \"published\" (a published aggregate)");
  }
  if (has_survey && !KindInfo(c.kind).survey_based) {
    std::string survey_kinds;
    for (const auto& k : ComponentKinds()) {
      if (!k.survey_based) continue;
      survey_kinds +=
          fmt::format("{}\"{}\"", survey_kinds.empty() ? "" : ", ", k.name);
    }
    return node.ChildError(
        "kind", fmt::format("\"{}\" is for published figures; survey-based "
                            "components are {}",
                            KindInfo(c.kind).name, survey_kinds));
  }
  if (has_survey) {
    JI_ASSIGN_OR_RETURN(c.survey, node.GetString("survey"));
    if (!node.Has("population")) {
      return node.ChildError("population",
                             "missing: a survey-based component needs the "
                             "official population count {value, source}");
    }
    JI_ASSIGN_OR_RETURN(auto pop, node.GetTable("population"));
    JI_ASSIGN_OR_RETURN(double pv, pop.GetNumber("value"));
    if (!(pv > 0)) {
      return pop.ChildError("value",
                            fmt::format("the official population count "
                                        "must be > 0, got {:g}",
                                        pv));
    }
    JI_ASSIGN_OR_RETURN(c.population, OptSourced(node, "population", 0, kInf));
    JI_ASSIGN_OR_RETURN(auto filter, node.OptTable("filter"));
    if (filter) {
      JI_RETURN_IF_ERROR(filter->CheckKeys({"column", "equals"}));
      RowFilter f;
      JI_ASSIGN_OR_RETURN(f.role, filter->GetString("column"));
      JI_ASSIGN_OR_RETURN(f.equals, filter->GetString("equals"));
      c.filter = f;
    }
    JI_RETURN_IF_ERROR(ParseDomains(node, &c));
  } else {
    if (node.Has("population") || node.Has("filter") || node.Has("domains")) {
      return node.Error(
          "\"population\", \"filter\" and \"domains\" apply to "
          "survey-based components only");
    }
    JI_ASSIGN_OR_RETURN(TomlNode pub, node.GetTable("published"));
    JI_RETURN_IF_ERROR(pub.CheckKeys({"jobs", "fulltime_share", "source"}));
    JI_ASSIGN_OR_RETURN(std::string source, pub.GetString("source"));
    JI_ASSIGN_OR_RETURN(double jobs, pub.GetNumber("jobs"));
    if (jobs < 0) {
      return pub.ChildError(
          "jobs", fmt::format("expected a number >= 0, got {:g}", jobs));
    }
    c.published_jobs = Sourced{jobs, source};
    JI_ASSIGN_OR_RETURN(auto share, pub.OptNumber("fulltime_share"));
    if (share) {
      if (*share < 0 || *share > 1) {
        return pub.ChildError(
            "fulltime_share",
            fmt::format("expected a share in [0, 1], got {:g}", *share));
      }
      c.published_fulltime_share = Sourced{*share, source};
    }
  }
  return c;
}

Status CheckComponentAgainstSurveys(const TomlNode& node,
                                    const ComponentSpec& c,
                                    const StudySpec& study) {
  auto it = study.surveys.find(c.survey);
  if (it == study.surveys.end()) {
    std::string known;
    for (const auto& [k, v] : study.surveys)
      known += (known.empty() ? "" : ", ") + k;
    return node.ChildError(
        "survey", "unknown survey \"" + c.survey + "\" (declared surveys: " +
                      (known.empty() ? "none" : known) + ")");
  }
  const SurveySpec& s = it->second;
  const ComponentKindInfo& kind = KindInfo(c.kind);
  for (const auto& role : kind.jobs_roles) {
    if (!s.columns.count(std::string(role))) {
      return node.Error(
          fmt::format("component kind \"{}\" needs column role \"{}\" in "
                      "[surveys.{}.columns]",
                      ComponentKindName(c.kind), role, c.survey));
    }
  }
  std::vector<std::string_view> fulltime;
  for (const auto& f : kind.fulltime_roles) {
    if (s.columns.count(std::string(f.role))) fulltime.push_back(f.role);
  }
  if (fulltime.size() > 1) {
    return node.Error(fmt::format(
        "[surveys.{}.columns] maps both {} and {}; a survey of kind \"{}\" "
        "gives one of them",
        c.survey, fulltime[0], fulltime[1], kind.name));
  }
  if (c.filter && !s.columns.count(c.filter->role)) {
    return node.ChildError("filter", "column role \"" + c.filter->role +
                                         "\" is not mapped in [surveys." +
                                         c.survey + ".columns]");
  }
  for (const auto& d : c.DomainRoles()) {
    if (d == "region") {
      if (!study.regions) {
        return node.ChildError("domains",
                               "domain \"region\" needs a [regions] "
                               "section");
      }
      if (!s.columns.count("province")) {
        return node.ChildError("domains",
                               "domain \"region\" needs column role "
                               "\"province\" in [surveys." +
                                   c.survey + ".columns]");
      }
    } else if (d == "city_tier" && !s.columns.count(d) &&
               s.columns.count("city")) {
      // Tiers from city names through the gazetteer (Chinese studies).
      if (!IsChinaStudy(study)) {
        return node.ChildError("domains",
                               "domain \"city_tier\" from column role "
                               "\"city\" needs country = \"CN\" (the city "
                               "tiers are China's)");
      }
    } else if (!s.columns.count(d)) {
      return node.ChildError("domains", "domain \"" + d +
                                            "\" is not a column role of "
                                            "[surveys." +
                                            c.survey + ".columns]");
    }
  }
  return Status::Ok();
}

Result<ConsumptionSpec> ParseConsumption(const TomlNode& node,
                                         const StudySpec& study) {
  JI_RETURN_IF_ERROR(node.CheckKeys({"survey", "population", "categories"}));
  ConsumptionSpec c;
  JI_ASSIGN_OR_RETURN(auto survey, node.OptString("survey"));
  if (survey) {
    c.survey = *survey;
    if (!study.surveys.count(c.survey)) {
      return node.ChildError("survey", "unknown survey \"" + c.survey + "\"");
    }
    if (!node.Has("population")) {
      return node.ChildError("population",
                             "missing: a consumer survey needs the number of "
                             "consumers {value, source}");
    }
    JI_ASSIGN_OR_RETURN(c.population,
                        OptSourced(node, "population", 1e-300, kInf));
  }
  JI_ASSIGN_OR_RETURN(auto cats, node.ArrayOfTables("categories"));
  if (cats.empty()) {
    return node.ChildError("categories",
                           "missing: at least one "
                           "[[consumption.categories]]");
  }
  std::set<std::string> ids;
  for (const auto& cat : cats) {
    JI_RETURN_IF_ERROR(
        cat.CheckKeys({"id", "name", "name_en", "sector", "amount", "column"}));
    CategorySpec k;
    JI_ASSIGN_OR_RETURN(k.id, cat.GetString("id"));
    if (!IsIdentifier(k.id)) {
      return cat.ChildError("id", "expected lowercase letters, digits or '_'");
    }
    if (!ids.insert(k.id).second) {
      return cat.ChildError("id", "duplicate category id \"" + k.id + "\"");
    }
    JI_ASSIGN_OR_RETURN(auto name, cat.OptString("name"));
    k.name = name.value_or(k.id);
    JI_ASSIGN_OR_RETURN(auto name_en, cat.OptString("name_en"));
    k.name_en = name_en.value_or("");
    JI_ASSIGN_OR_RETURN(auto sector, cat.OptString("sector"));
    k.sector = sector.value_or("");
    if (sector) k.sector_where = cat.ChildError("sector", "").message();
    if (cat.Has("amount") == cat.Has("column")) {
      return cat.Error(
          "a category needs exactly one of \"amount\" {value, "
          "source} (yuan) or \"column\" (a consumer-survey role)");
    }
    JI_ASSIGN_OR_RETURN(k.amount, OptSourced(cat, "amount", 0, kInf));
    if (cat.Has("column")) {
      JI_ASSIGN_OR_RETURN(k.column, cat.GetString("column"));
      if (c.survey.empty()) {
        return cat.ChildError("column", "needs [consumption] survey = \"...\"");
      }
      if (!study.surveys.at(c.survey).columns.count(k.column)) {
        return cat.ChildError("column", "role \"" + k.column +
                                            "\" is not mapped in [surveys." +
                                            c.survey + ".columns]");
      }
    }
    c.categories.push_back(std::move(k));
  }
  return c;
}

Result<IndirectSpec> ParseIndirect(const TomlNode& node,
                                   const std::filesystem::path& study_file) {
  JI_RETURN_IF_ERROR(
      node.CheckKeys({"output", "published_output", "jobs", "output_per_job",
                      "employment_coefficients", "employment_table",
                      "value_added", "imports", "closure"}));
  IndirectSpec s;
  JI_ASSIGN_OR_RETURN(auto method, node.OptString("output"));
  if (method && *method != "caict2020") {
    return node.ChildError("output",
                           "expected \"caict2020\" (consumption x "
                           "column sum of total consumption "
                           "coefficients), got \"" +
                               *method + "\"");
  }
  JI_ASSIGN_OR_RETURN(s.published_output,
                      OptSourced(node, "published_output", 0, kInf));
  JI_ASSIGN_OR_RETURN(std::string jobs, node.GetString("jobs"));
  if (jobs == "output_per_job") {
    s.jobs_method = JobsMethod::kOutputPerJob;
    JI_ASSIGN_OR_RETURN(TomlNode r, node.GetTable("output_per_job"));
    if (r.Has("value") == (r.Has("implied_output") || r.Has("implied_jobs"))) {
      return r.Error(
          "give either value (yuan per job, with low and high for a range) "
          "or implied_output and implied_jobs (a published pair whose ratio "
          "is used)");
    }
    if (r.Has("value")) {
      JI_ASSIGN_OR_RETURN(
          s.output_per_job,
          internal::ParseAssumption(node, "output_per_job", 0, kInf));
    } else {
      JI_RETURN_IF_ERROR(
          r.CheckKeys({"implied_output", "implied_jobs", "source"}));
      JI_ASSIGN_OR_RETURN(s.output_per_job.source, r.GetString("source"));
      JI_ASSIGN_OR_RETURN(double out, r.GetNumber("implied_output"));
      JI_ASSIGN_OR_RETURN(double n, r.GetNumber("implied_jobs"));
      if (!(n > 0)) return r.ChildError("implied_jobs", "must be > 0");
      const double v = out / n;
      s.output_per_job.value = s.output_per_job.low = s.output_per_job.high = v;
      s.output_per_job.source +=
          fmt::format(" (implied: {:.17g} yuan / {:.17g} jobs)", out, n);
    }
    if (!(s.output_per_job.low > 0)) {
      return r.Error("the output per job must be > 0 (its low too)");
    }
  } else if (jobs == "employment_coefficients") {
    s.jobs_method = JobsMethod::kEmploymentCoefficients;
    JI_ASSIGN_OR_RETURN(TomlNode e, node.GetTable("employment_coefficients"));
    JI_RETURN_IF_ERROR(e.CheckKeys({"file", "source"}));
    JI_ASSIGN_OR_RETURN(s.employment_file, e.GetInputPath("file", study_file));
    JI_ASSIGN_OR_RETURN(s.employment_source, e.GetString("source"));
  } else if (jobs == "employment_table") {
    s.jobs_method = JobsMethod::kEmploymentTable;
    JI_ASSIGN_OR_RETURN(TomlNode e, node.GetTable("employment_table"));
    JI_RETURN_IF_ERROR(e.CheckKeys({"file", "concordance", "year", "source"}));
    JI_ASSIGN_OR_RETURN(s.employment_table, e.GetInputPath("file", study_file));
    JI_ASSIGN_OR_RETURN(s.employment_concordance,
                        e.GetInputPath("concordance", study_file));
    JI_ASSIGN_OR_RETURN(int64_t year, e.GetInt("year"));
    if (year < 1900 || year > 2200) {
      return e.ChildError("year", "expected a year such as 2017");
    }
    s.employment_year = static_cast<int>(year);
    JI_ASSIGN_OR_RETURN(s.employment_source, e.GetString("source"));
  } else {
    return node.ChildError("jobs",
                           "expected \"output_per_job\", "
                           "\"employment_coefficients\" or "
                           "\"employment_table\", got \"" +
                               jobs + "\"");
  }
  if (node.Has("value_added")) {
    JI_ASSIGN_OR_RETURN(s.value_added, node.GetBool("value_added"));
  }
  JI_ASSIGN_OR_RETURN(auto imports, node.OptString("imports"));
  if (imports) {
    if (*imports == "domestic") {
      s.imports = inputoutput::ImportTreatment::kDomestic;
    } else if (*imports == "as_published") {
      s.imports = inputoutput::ImportTreatment::kAsPublished;
    } else {
      return node.ChildError("imports",
                             "expected \"domestic\" or \"as_published\", "
                             "got \"" +
                                 *imports + "\"");
    }
  }
  JI_ASSIGN_OR_RETURN(auto closure, node.OptString("closure"));
  if (closure) {
    if (*closure == "household") {
      s.closure = Closure::kHousehold;
    } else if (*closure != "none") {
      return node.ChildError("closure",
                             "expected \"household\" (Type II: induced "
                             "effects of household spending) or \"none\", "
                             "got \"" +
                                 *closure + "\"");
    }
  }
  if ((s.value_added || s.jobs_method == JobsMethod::kEmploymentTable ||
       s.closure == Closure::kHousehold) &&
      !s.imports) {
    return node.Error(
        "value_added, jobs = \"employment_table\" and closure = "
        "\"household\" need imports = "
        "\"domestic\" (imports removed by proportional import shares) or "
        "\"as_published\"");
  }
  return s;
}

// [quality] min_n = 30, cv_bounds = [0.05, 0.10, 0.15, 0.25, 0.35]
Result<survey::QualityOptions> ParseQuality(const TomlNode& node) {
  JI_RETURN_IF_ERROR(node.CheckKeys({"min_n", "cv_bounds"}));
  survey::QualityOptions q;
  if (node.Has("min_n")) {
    JI_ASSIGN_OR_RETURN(q.min_n, node.GetInt("min_n"));
  }
  if (node.Has("cv_bounds")) {
    JI_ASSIGN_OR_RETURN(std::vector<double> b,
                        node.OptNumberArray("cv_bounds"));
    if (b.size() != q.cv_bounds.size()) {
      return node.ChildError(
          "cv_bounds",
          fmt::format("expected {} upper CV bounds (classes A to E, e.g. "
                      "[0.05, 0.10, 0.15, 0.25, 0.35]), got {}",
                      q.cv_bounds.size(), b.size()));
    }
    std::copy(b.begin(), b.end(), q.cv_bounds.begin());
  }
  Status valid = q.Validate();
  if (!valid.ok()) return node.Error(valid.message());
  return q;
}

}  // namespace

survey::MissingPolicy SurveySpec::MissingFor(const std::string& role) const {
  auto it = roles.find(role);
  if (it != roles.end() && it->second.missing) return *it->second.missing;
  return missing;
}

const char* ClosureName(Closure closure) {
  return closure == Closure::kHousehold ? "household" : "none";
}

const char* JobsMethodName(JobsMethod method) {
  switch (method) {
    case JobsMethod::kOutputPerJob:
      return "output_per_job";
    case JobsMethod::kEmploymentCoefficients:
      return "employment_coefficients";
    case JobsMethod::kEmploymentTable:
      return "employment_table";
  }
  return "?";
}

std::vector<std::string> ComponentSpec::DomainRoles() const {
  std::vector<std::string> roles;
  auto add = [&roles](const std::string& r) {
    if (std::find(roles.begin(), roles.end(), r) == roles.end()) {
      roles.push_back(r);
    }
  };
  for (const auto& d : domains) add(d);
  for (const auto& [first, second] : crossed_domains) {
    add(first);
    add(second);
  }
  return roles;
}

bool IsChinaStudy(const StudySpec& spec) {
  return spec.country == "CN" || spec.country == "China" ||
         spec.country == "中国";
}

namespace internal {

Result<StudySpec> ParseStudy(const toml::value& doc,
                             const std::filesystem::path& path) {
  TomlNode root(&doc, "", path.string());
  JI_RETURN_IF_ERROR(root.CheckKeys(
      {"study", "surveys", "components", "indicators", "direct", "measures",
       "consumption", "inputoutput", "indirect", "net", "regions", "quality",
       "scenarios"}));
  StudySpec s;
  s.file = path;

  JI_ASSIGN_OR_RETURN(TomlNode st, root.GetTable("study"));
  JI_RETURN_IF_ERROR(
      st.CheckKeys({"name", "platform", "country", "currency", "year",
                    "description", "confidence", "top_n"}));
  JI_ASSIGN_OR_RETURN(s.name, st.GetString("name"));
  JI_ASSIGN_OR_RETURN(s.platform, st.GetString("platform"));
  JI_ASSIGN_OR_RETURN(auto country, st.OptString("country"));
  s.country = country.value_or("");
  JI_ASSIGN_OR_RETURN(auto currency, st.OptString("currency"));
  s.currency = currency.value_or("CNY");
  JI_ASSIGN_OR_RETURN(auto desc, st.OptString("description"));
  s.description = desc.value_or("");
  JI_ASSIGN_OR_RETURN(int64_t year, st.GetInt("year"));
  if (year < 1900 || year > 2200) {
    return st.ChildError(
        "year", fmt::format("expected a year such as 2020, got {}", year));
  }
  s.year = static_cast<int>(year);
  JI_ASSIGN_OR_RETURN(s.confidence, st.OptNumber("confidence"));
  if (s.confidence && !(*s.confidence > 0 && *s.confidence < 1)) {
    return st.ChildError("confidence", "expected a level in (0, 1), e.g. 0.95");
  }
  JI_ASSIGN_OR_RETURN(auto top_n, st.OptNumber("top_n"));
  if (top_n) {
    if (!(*top_n >= 1 && *top_n <= 100) || std::floor(*top_n) != *top_n) {
      return st.ChildError("top_n",
                           fmt::format("expected a whole number from 1 to "
                                       "100, got {:g}",
                                       *top_n));
    }
    s.top_n = static_cast<int>(*top_n);
  }

  JI_ASSIGN_OR_RETURN(auto surveys, root.OptTable("surveys"));
  if (surveys) {
    for (const auto& key : surveys->Keys()) {
      JI_ASSIGN_OR_RETURN(TomlNode sn, surveys->GetTable(key));
      JI_ASSIGN_OR_RETURN(SurveySpec spec, ParseSurvey(sn, key, path));
      s.surveys[key] = std::move(spec);
    }
  }

  JI_ASSIGN_OR_RETURN(auto quality, root.OptTable("quality"));
  if (quality) {
    JI_ASSIGN_OR_RETURN(s.quality, ParseQuality(*quality));
  }

  JI_ASSIGN_OR_RETURN(auto regions, root.OptTable("regions"));
  if (regions) {
    JI_RETURN_IF_ERROR(regions->CheckKeys({"name", "file"}));
    RegionSpec r;
    JI_ASSIGN_OR_RETURN(r.name, regions->GetString("name"));
    JI_ASSIGN_OR_RETURN(r.file, regions->GetInputPath("file", path));
    s.regions = r;
  }

  JI_ASSIGN_OR_RETURN(auto comps, root.ArrayOfTables("components"));
  if (comps.empty()) {
    return root.ChildError("components",
                           "missing: at least one [[components]]");
  }
  std::set<std::string> ids;
  for (const auto& cn : comps) {
    JI_ASSIGN_OR_RETURN(ComponentSpec c, ParseComponent(cn));
    if (!ids.insert(c.id).second) {
      return cn.ChildError("id", "duplicate component id \"" + c.id + "\"");
    }
    if (c.survey_based()) {
      JI_RETURN_IF_ERROR(CheckComponentAgainstSurveys(cn, c, s));
    }
    s.components.push_back(std::move(c));
  }

  JI_ASSIGN_OR_RETURN(s.unit_indicators,
                      internal::ParseUnitIndicators(root, s));

  JI_ASSIGN_OR_RETURN(auto direct, root.OptTable("direct"));
  if (direct) {
    JI_RETURN_IF_ERROR(direct->CheckKeys({"fulltime_share"}));
    JI_ASSIGN_OR_RETURN(s.direct_fulltime_share,
                        OptSourced(*direct, "fulltime_share", 0, 1));
  }

  JI_ASSIGN_OR_RETURN(s.measures, internal::ParseMeasures(root));

  JI_ASSIGN_OR_RETURN(auto consumption, root.OptTable("consumption"));
  if (consumption) {
    JI_ASSIGN_OR_RETURN(ConsumptionSpec c, ParseConsumption(*consumption, s));
    s.consumption = std::move(c);
  }

  JI_ASSIGN_OR_RETURN(auto io, root.OptTable("inputoutput"));
  if (io) {
    JI_RETURN_IF_ERROR(
        io->CheckKeys({"table", "layout", "solver", "coefficients",
                       "coefficients_source", "region"}));
    JI_ASSIGN_OR_RETURN(s.io.table, io->OptInputPath("table", path));
    JI_ASSIGN_OR_RETURN(auto layout, io->OptString("layout"));
    if (layout) {
      auto l = inputoutput::ParseIoLayout(*layout);
      if (!l.ok()) return io->ChildError("layout", l.status().message());
      s.io.layout = *l;
    }
    JI_ASSIGN_OR_RETURN(auto solver, io->OptString("solver"));
    if (solver) {
      auto m = inputoutput::ParseLeontiefMethod(*solver);
      if (!m.ok()) return io->ChildError("solver", m.status().message());
      s.io.solver = *m;
    }
    JI_ASSIGN_OR_RETURN(auto coefs, io->OptTable("coefficients"));
    if (coefs) {
      for (const auto& code : coefs->Keys()) {
        JI_ASSIGN_OR_RETURN(double v, coefs->GetNumber(code));
        s.io.coefficients[code] = v;
      }
      JI_ASSIGN_OR_RETURN(s.io.coefficients_source,
                          io->GetString("coefficients_source"));
    }
    JI_ASSIGN_OR_RETURN(s.io.region, internal::ParseIoRegion(*io, path));
    if (s.io.region && !s.io.table) {
      return io->ChildError("region",
                            "regionalising needs the full table ([inputoutput] "
                            "table), not only given column sums");
    }
  }

  JI_ASSIGN_OR_RETURN(auto indirect, root.OptTable("indirect"));
  if (indirect) {
    JI_ASSIGN_OR_RETURN(IndirectSpec ind, ParseIndirect(*indirect, path));
    // Without a published aggregate, indirect output is computed from the
    // consumption categories, each of which then needs a sector and a
    // coefficient for it (from the table or given).
    if (!ind.published_output) {
      if (!s.consumption) {
        return indirect->Error(
            "computing indirect output needs a "
            "[consumption] section (or give "
            "published_output)");
      }
      for (const auto& cat : s.consumption->categories) {
        if (cat.sector.empty()) {
          return indirect->Error("consumption category \"" + cat.id +
                                 "\" has no sector, so its indirect output "
                                 "cannot be computed (give its sector or a "
                                 "published_output)");
        }
        if (!s.io.table && !s.io.coefficients.count(cat.sector)) {
          return indirect->Error("no coefficient for sector \"" + cat.sector +
                                 "\" of category \"" + cat.id +
                                 "\": give [inputoutput] table or "
                                 "coefficients");
        }
      }
    }
    if (ind.jobs_method != JobsMethod::kOutputPerJob && !s.io.table) {
      return indirect->ChildError(
          "jobs", std::string("\"") + JobsMethodName(ind.jobs_method) +
                      "\" needs the full table ([inputoutput] table), not "
                      "only given column sums");
    }
    if (ind.value_added && (!s.io.table || !s.consumption)) {
      return indirect->ChildError(
          "value_added",
          "needs the full table ([inputoutput] table) and a [consumption] "
          "section");
    }
    if (ind.closure == Closure::kHousehold &&
        (!s.io.table || ind.published_output)) {
      return indirect->ChildError(
          "closure",
          "\"household\" needs the full table ([inputoutput] table) and "
          "consumption by category with sectors, not a published_output "
          "aggregate");
    }
    s.indirect = std::move(ind);
  }
  JI_ASSIGN_OR_RETURN(s.net, internal::ParseNet(root, s));
  JI_ASSIGN_OR_RETURN(s.scenarios, internal::ParseScenarios(root));
  return s;
}

}  // namespace internal

std::vector<InputFile> StudyInputFiles(const StudySpec& spec) {
  std::vector<InputFile> files = {{"study", spec.file}};
  for (const auto& [key, survey] : spec.surveys) {
    files.push_back({"survey:" + key, survey.file});
    if (survey.design && !survey.design->margins.empty()) {
      files.push_back({"margins:" + key, survey.design->margins});
    }
  }
  if (spec.io.table) files.push_back({"io_table", *spec.io.table});
  if (spec.indirect) {
    const IndirectSpec& ind = *spec.indirect;
    if (!ind.employment_file.empty()) {
      files.push_back({"employment_coefficients", ind.employment_file});
    }
    if (!ind.employment_table.empty()) {
      files.push_back({"employment_table", ind.employment_table});
    }
    if (!ind.employment_concordance.empty()) {
      files.push_back({"employment_concordance", ind.employment_concordance});
    }
  }
  if (spec.io.region) files.push_back({"io_region", spec.io.region->sizes});
  if (spec.regions) files.push_back({"regions", spec.regions->file});
  return files;
}

std::vector<std::pair<std::string, std::string>> StudyOptionsInForce(
    const StudySpec& spec, const StudyOptions& options) {
  std::vector<std::pair<std::string, std::string>> out;
  // The same precedence as the run: options, then the study file, then 0.95.
  const double level =
      options.confidence.value_or(spec.confidence.value_or(0.95));
  out.push_back({"study.confidence", fmt::format("{:g}", level)});
  out.push_back({"study.top_n", std::to_string(spec.top_n.value_or(10))});
  const survey::QualityOptions quality =
      spec.quality.value_or(survey::QualityOptions());
  out.push_back({"measures.fulltime_hours",
                 fmt::format("{:g}", FulltimeHours(spec.measures).value)});
  if (spec.measures.parttime_fte) {
    const Assumption& a = *spec.measures.parttime_fte;
    out.push_back({"measures.parttime_fte",
                   fmt::format("{:g} [{:g}, {:g}]", a.value, a.low, a.high)});
  }
  if (spec.measures.min_active_days) {
    out.push_back({"measures.min_active_days",
                   std::to_string(*spec.measures.min_active_days)});
  }
  out.push_back({"quality.min_n", std::to_string(quality.min_n)});
  out.push_back({"quality.cv_bounds",
                 fmt::format("{:g}", fmt::join(quality.cv_bounds, ", "))});
  for (const auto& [key, survey] : spec.surveys) {
    const std::string p = "survey." + key + ".";
    if (!survey.design) {
      out.push_back({p + "design", "simple random sample per component"});
      continue;
    }
    const SurveyDesignSpec& d = *survey.design;
    out.push_back({p + "variance", d.variance});
    out.push_back(
        {p + "confidence", fmt::format("{:g}", d.confidence.value_or(level))});
    out.push_back({p + "lonely_psu", d.lonely_psu});
    if (d.variance.rfind("bootstrap", 0) == 0) {
      out.push_back({p + "seed", std::to_string(d.seed)});
    }
    if (!d.calibration.empty())
      out.push_back({p + "calibration", d.calibration});
  }
  if (spec.io.table) {
    out.push_back(
        {"inputoutput.layout", inputoutput::IoLayoutName(spec.io.layout)});
    out.push_back(
        {"inputoutput.solver", inputoutput::LeontiefMethodName(
                                   options.solver.value_or(spec.io.solver))});
  }
  if (spec.io.region) {
    const InputOutputSpec::Region& r = *spec.io.region;
    out.push_back(
        {"inputoutput.region",
         fmt::format("{} ({}{})", r.name, inputoutput::LqMethodName(r.lq),
                     r.lq == inputoutput::LqMethod::kFlq
                         ? fmt::format(", delta {:g}", r.delta)
                         : "")});
  }
  if (spec.indirect) {
    out.push_back({"indirect.output", spec.indirect->output_method});
    out.push_back(
        {"indirect.jobs", JobsMethodName(spec.indirect->jobs_method)});
    out.push_back({"indirect.closure", ClosureName(spec.indirect->closure)});
  }
  if (spec.net) {
    for (const auto& [factor, name] : AdditionalityFactors()) {
      const Assumption& a = spec.net->study.at(factor);
      out.push_back({std::string("net.") + name,
                     fmt::format("{:g} [{:g}, {:g}]", a.value, a.low, a.high)});
    }
    for (const auto& [id, factors] : spec.net->components) {
      for (const auto& [factor, a] : factors) {
        out.push_back(
            {"net.components." + id + "." + AdditionalityFactorName(factor),
             fmt::format("{:g} [{:g}, {:g}]", a.value, a.low, a.high)});
      }
    }
  }
  for (auto& given : StudyOptionsGiven(options)) out.push_back(given);
  return out;
}

Result<bool> IsSeriesFile(const std::filesystem::path& path) {
  JI_ASSIGN_OR_RETURN(toml::value doc, ParseTomlFile(path));
  return doc.is_table() && doc.as_table().count("series") > 0;
}

Result<SeriesSpec> LoadSeries(const std::filesystem::path& path) {
  JI_ASSIGN_OR_RETURN(toml::value doc, ParseTomlFile(path));
  TomlNode root(&doc, "", path.string());
  JI_RETURN_IF_ERROR(root.CheckKeys({"series", "points"}));
  SeriesSpec s;
  s.file = path;
  JI_ASSIGN_OR_RETURN(TomlNode se, root.GetTable("series"));
  JI_RETURN_IF_ERROR(se.CheckKeys({"name", "indicators", "domains"}));
  JI_ASSIGN_OR_RETURN(s.name, se.GetString("name"));
  JI_ASSIGN_OR_RETURN(s.indicators, se.OptStringArray("indicators"));
  if (s.indicators.empty()) {
    return se.ChildError("indicators", "missing: e.g. [\"jobs_total\"]");
  }
  for (const std::string& key : s.indicators) {
    // A key is INDICATOR or INDICATOR:COMPONENT, INDICATOR from the table.
    const std::string name = key.substr(0, key.find(':'));
    if (!FindIndicator(name)) {
      return se.ChildError("indicators",
                           fmt::format("unknown indicator \"{}\" in \"{}\" "
                                       "(known: {})",
                                       name, key, IndicatorNames()));
    }
  }
  JI_ASSIGN_OR_RETURN(s.domains, se.OptStringArray("domains"));
  for (const std::string& type : s.domains) {
    if (type.empty() || type == "series" || type == "category" ||
        type == "sector") {
      return se.ChildError(
          "domains", fmt::format("\"{}\" is not a breakdown of jobs (e.g. "
                                 "\"region\", \"province\", "
                                 "\"city_tier\")",
                                 type));
    }
  }
  JI_ASSIGN_OR_RETURN(auto points, root.ArrayOfTables("points"));
  if (points.size() < 2) {
    return root.ChildError("points", "a series needs at least two [[points]]");
  }
  std::set<int> years;
  for (const auto& pn : points) {
    JI_RETURN_IF_ERROR(pn.CheckKeys({"year", "study", "published", "source"}));
    SeriesPoint p;
    JI_ASSIGN_OR_RETURN(int64_t year, pn.GetInt("year"));
    p.year = static_cast<int>(year);
    if (!years.insert(p.year).second) {
      return pn.ChildError("year", fmt::format("year {} appears twice", year));
    }
    JI_ASSIGN_OR_RETURN(p.study, pn.OptInputPath("study", path));
    JI_ASSIGN_OR_RETURN(auto pub, pn.OptTable("published"));
    if (pub) {
      JI_ASSIGN_OR_RETURN(std::string source, pn.GetString("source"));
      for (const auto& key : pub->Keys()) {
        if (std::find(s.indicators.begin(), s.indicators.end(), key) ==
            s.indicators.end()) {
          return pub->ChildError(key, "not one of the series indicators");
        }
        JI_ASSIGN_OR_RETURN(double v, pub->GetNumber(key));
        p.published[key] = Sourced{v, source};
      }
    } else if (pn.Has("source")) {
      return pn.ChildError("source", "only used with \"published\"");
    }
    if (!p.study && p.published.empty()) {
      return pn.Error(
          "a point needs \"study\" (a study file) or \"published\" "
          "values");
    }
    s.points.push_back(std::move(p));
  }
  std::sort(s.points.begin(), s.points.end(),
            [](const SeriesPoint& a, const SeriesPoint& b) {
              return a.year < b.year;
            });
  return s;
}

}  // namespace jobimpact::study
