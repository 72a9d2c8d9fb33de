#include "jobimpact/sim/config.h"

#include <fmt/format.h>

#include <array>
#include <set>
#include <string>
#include <vector>

// The same TOML reader as study files, so config errors read alike: file,
// line, key path.
#include "jobimpact/base/toml_node.h"
#include "jobimpact/geo/gazetteer.h"

namespace jobimpact::sim {
namespace {

// An array of exactly n numbers (integers or floats).
template <size_t N>
Status ReadNumbers(const TomlNode& node, const std::string& key,
                   std::array<double, N>* out) {
  if (!node.Has(key)) return Status::Ok();
  const toml::value& v = node.Child(key);
  if (!v.is_array() || v.as_array().size() != N) {
    return node.ChildError(key,
                           fmt::format("expected an array of {} numbers", N));
  }
  for (size_t i = 0; i < N; ++i) {
    const toml::value& x = v.as_array()[i];
    if (x.is_integer()) {
      (*out)[i] = static_cast<double>(x.as_integer());
    } else if (x.is_floating()) {
      (*out)[i] = x.as_floating();
    } else {
      return node.ChildError(key, fmt::format("element {} is not a number", i));
    }
  }
  return Status::Ok();
}

Status ReadNumber(const TomlNode& node, const std::string& key, double* out) {
  JI_ASSIGN_OR_RETURN(auto v, node.OptNumber(key));
  if (v) *out = *v;
  return Status::Ok();
}

Status ReadCount(const TomlNode& node, const std::string& key, int64_t* out) {
  if (!node.Has(key)) return Status::Ok();
  JI_ASSIGN_OR_RETURN(*out, node.GetInt(key));
  if (*out < 0) return node.ChildError(key, "expected a count >= 0");
  return Status::Ok();
}

// Finds the entry with `id` among `items`, or names the ids there are.
template <typename T>
Result<T*> FindById(const TomlNode& node, std::vector<T>& items,
                    const std::string& what) {
  JI_ASSIGN_OR_RETURN(std::string id, node.GetString("id"));
  std::string known;
  for (T& item : items) {
    if (item.id == id) return &item;
    known += (known.empty() ? "" : ", ") + item.id;
  }
  return node.ChildError(
      "id",
      fmt::format("unknown {} \"{}\" (expected one of: {})", what, id, known));
}

// A table province name -> number (any spelling the gazetteer matches):
// replaces the given provinces' values, or all of them with `replace_all`
// (provinces not named become 0). Values are multiplied by `scale`.
Status ReadProvinceTable(const TomlNode& node, const std::string& key,
                         bool replace_all, double scale,
                         std::array<double, 31>* out) {
  JI_ASSIGN_OR_RETURN(auto table, node.OptTable(key));
  if (!table) return Status::Ok();
  if (replace_all) out->fill(0.0);
  const auto& g = geo::Gazetteer::Default();
  for (const std::string& name : table->Keys()) {
    size_t index = 0;
    const auto match = g.MatchProvince(name, &index);
    if (match != geo::Gazetteer::Match::kFound || index >= 31) {
      return table->ChildError(
          name, match == geo::Gazetteer::Match::kAmbiguous
                    ? "ambiguous province name"
                    : "not one of the 31 mainland provinces (the gazetteer "
                      "knows names such as 广东, 广东省, Guangdong)");
    }
    JI_ASSIGN_OR_RETURN(double v, table->GetNumber(name));
    (*out)[index] = v * scale;
  }
  return Status::Ok();
}

Status ReadPopulation(const TomlNode& node, SimConfig* config) {
  JI_RETURN_IF_ERROR(
      node.CheckKeys({"year", "seed", "scale", "threads", "providers",
                      "operators", "shares", "province_weights", "consumers"}));
  PopulationOptions& p = config->population;
  JI_ASSIGN_OR_RETURN(int64_t year, node.GetInt("year"));
  p.year = static_cast<int>(year);
  if (node.Has("seed")) {
    JI_ASSIGN_OR_RETURN(int64_t seed, node.GetInt("seed"));
    p.seed = static_cast<uint64_t>(seed);
  }
  JI_RETURN_IF_ERROR(ReadNumber(node, "scale", &p.scale));
  if (node.Has("threads")) {
    JI_ASSIGN_OR_RETURN(int64_t t, node.GetInt("threads"));
    p.threads = static_cast<int>(t);
  }
  Result<Marginals> published = PublishedMarginals(p.year);
  if (!published.ok())
    return node.ChildError("year", published.status().message());
  Marginals m = std::move(*published);
  std::set<std::string> seen;
  JI_ASSIGN_OR_RETURN(auto providers, node.ArrayOfTables("providers"));
  for (const TomlNode& t : providers) {
    JI_RETURN_IF_ERROR(
        t.CheckKeys({"id", "firms", "jobs", "tier_shares", "province_shares"}));
    JI_ASSIGN_OR_RETURN(ProviderKindTarget * k,
                        FindById(t, m.providers, "provider kind"));
    if (!seen.insert("p:" + k->id).second) {
      return t.ChildError("id", "provider kind \"" + k->id + "\" given twice");
    }
    JI_RETURN_IF_ERROR(ReadCount(t, "firms", &k->firms));
    JI_RETURN_IF_ERROR(ReadCount(t, "jobs", &k->jobs));
    JI_RETURN_IF_ERROR(ReadNumbers(t, "tier_shares", &k->tier_shares));
    JI_RETURN_IF_ERROR(ReadProvinceTable(t, "province_shares", true, 0.01,
                                         &k->province_shares));
    k->source = "simulation config " + t.Where();
  }
  JI_ASSIGN_OR_RETURN(auto operators, node.ArrayOfTables("operators"));
  for (const TomlNode& t : operators) {
    JI_RETURN_IF_ERROR(
        t.CheckKeys({"id", "accounts", "jobs", "tier_shares", "education",
                     "uninsured_by_age", "province_shares"}));
    JI_ASSIGN_OR_RETURN(OperatorTarget * o,
                        FindById(t, m.operators, "operator component"));
    if (!seen.insert("o:" + o->id).second) {
      return t.ChildError("id", "component \"" + o->id + "\" given twice");
    }
    JI_RETURN_IF_ERROR(ReadCount(t, "accounts", &o->accounts));
    JI_RETURN_IF_ERROR(ReadCount(t, "jobs", &o->jobs));
    JI_RETURN_IF_ERROR(ReadNumbers(t, "tier_shares", &o->tier_shares));
    JI_RETURN_IF_ERROR(ReadProvinceTable(t, "province_shares", true, 0.01,
                                         &o->province_shares));
    std::array<double, kEducation> edu{};
    if (t.Has("education")) {
      JI_RETURN_IF_ERROR(ReadNumbers(t, "education", &edu));
      o->education = {edu, edu, edu};
    }
    JI_RETURN_IF_ERROR(
        ReadNumbers(t, "uninsured_by_age", &o->uninsured_by_age));
    o->source = "simulation config " + t.Where();
  }
  JI_ASSIGN_OR_RETURN(auto shares, node.OptTable("shares"));
  if (shares) {
    const TomlNode& s = *shares;
    JI_RETURN_IF_ERROR(
        s.CheckKeys({"fulltime", "women", "age_18_24_by_tier", "age_25_34",
                     "age_35_54", "job_types", "remote_by_job_type"}));
    JI_RETURN_IF_ERROR(ReadNumber(s, "fulltime", &m.fulltime_share));
    JI_RETURN_IF_ERROR(ReadNumber(s, "women", &m.women_share));
    JI_RETURN_IF_ERROR(
        ReadNumbers(s, "age_18_24_by_tier", &m.age_18_24_by_tier));
    JI_RETURN_IF_ERROR(ReadNumber(s, "age_25_34", &m.other_age_bands[0]));
    JI_RETURN_IF_ERROR(ReadNumber(s, "age_35_54", &m.other_age_bands[1]));
    JI_RETURN_IF_ERROR(ReadNumbers(s, "job_types", &m.job_type_shares));
    JI_RETURN_IF_ERROR(
        ReadNumbers(s, "remote_by_job_type", &m.remote_by_job_type));
  }
  JI_RETURN_IF_ERROR(ReadProvinceTable(node, "province_weights", false, 1.0,
                                       &m.province_weights));
  JI_ASSIGN_OR_RETURN(auto consumers, node.OptTable("consumers"));
  if (consumers) {
    JI_RETURN_IF_ERROR(consumers->CheckKeys({"count", "tier_shares"}));
    JI_RETURN_IF_ERROR(ReadCount(*consumers, "count", &m.consumers.consumers));
    JI_RETURN_IF_ERROR(
        ReadNumbers(*consumers, "tier_shares", &m.consumers.tier_shares));
  }
  m.notes.push_back("marginals replaced by the simulation config " +
                    node.file());
  p.marginals = std::move(m);
  // Validates the marginals (ValidateMarginals) and the other settings.
  if (Status st = p.Validate(); !st.ok()) return node.Error(st.message());
  return Status::Ok();
}

Status ReadDraw(const TomlNode& node, const std::filesystem::path& file,
                SimConfig* config) {
  JI_RETURN_IF_ERROR(node.CheckKeys(
      {"seed", "providers_n", "operators_n", "provider_design",
       "operator_design", "units_per_city", "consumers", "consumer_cities",
       "nonresponse", "informative", "encoding", "dirty_rows", "io_table"}));
  DrawOptions& d = config->draw;
  if (node.Has("seed")) {
    JI_ASSIGN_OR_RETURN(int64_t seed, node.GetInt("seed"));
    d.seed = static_cast<uint64_t>(seed);
  }
  JI_RETURN_IF_ERROR(ReadCount(node, "providers_n", &d.providers_n));
  JI_RETURN_IF_ERROR(ReadCount(node, "operators_n", &d.operators_n));
  JI_RETURN_IF_ERROR(ReadCount(node, "units_per_city", &d.units_per_city));
  JI_RETURN_IF_ERROR(ReadCount(node, "consumers", &d.consumers_n));
  JI_RETURN_IF_ERROR(ReadCount(node, "consumer_cities", &d.consumer_cities));
  JI_RETURN_IF_ERROR(ReadCount(node, "dirty_rows", &d.dirty_rows));
  JI_RETURN_IF_ERROR(ReadNumber(node, "nonresponse", &d.nonresponse));
  if (node.Has("informative")) {
    JI_ASSIGN_OR_RETURN(d.informative, node.GetBool("informative"));
  }
  for (const auto& [key, out] :
       {std::pair{"provider_design", &d.providers_design},
        std::pair{"operator_design", &d.operators_design}}) {
    JI_ASSIGN_OR_RETURN(auto name, node.OptString(key));
    if (!name) continue;
    Result<SampleDesign> design = ParseSampleDesign(*name);
    if (!design.ok()) return node.ChildError(key, design.status().message());
    *out = *design;
  }
  JI_ASSIGN_OR_RETURN(auto encoding, node.OptString("encoding"));
  if (encoding) {
    if (*encoding != "gb18030" && *encoding != "utf-8") {
      return node.ChildError("encoding", "expected \"gb18030\" or \"utf-8\"");
    }
    d.gb18030 = *encoding == "gb18030";
  }
  JI_ASSIGN_OR_RETURN(auto table, node.OptString("io_table"));
  if (table) d.io_table = file.parent_path() / *table;
  if (Status st = d.Validate(); !st.ok()) return node.Error(st.message());
  return Status::Ok();
}

}  // namespace

Result<SimConfig> LoadSimConfig(const std::filesystem::path& path) {
  JI_ASSIGN_OR_RETURN(toml::value doc, ParseTomlFile(path));
  const TomlNode root(&doc, "", path.string());
  JI_RETURN_IF_ERROR(root.CheckKeys({"population", "draw"}));
  SimConfig config;
  JI_ASSIGN_OR_RETURN(TomlNode population, root.GetTable("population"));
  JI_RETURN_IF_ERROR(ReadPopulation(population, &config));
  JI_ASSIGN_OR_RETURN(auto draw, root.OptTable("draw"));
  if (draw) JI_RETURN_IF_ERROR(ReadDraw(*draw, path, &config));
  return config;
}

}  // namespace jobimpact::sim
