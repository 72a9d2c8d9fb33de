// [net] and [inputoutput] region of a study file (study/config.h NetSpec,
// InputOutputSpec::Region).
#include <fmt/format.h>

#include <cassert>

#include "config_internal.h"

namespace jobimpact::study {

const std::vector<std::pair<AdditionalityFactor, const char*>>&
AdditionalityFactors() {
  static const std::vector<std::pair<AdditionalityFactor, const char*>> table =
      {{AdditionalityFactor::kDeadweight, "deadweight"},
       {AdditionalityFactor::kLeakage, "leakage"},
       {AdditionalityFactor::kDisplacement, "displacement"},
       {AdditionalityFactor::kSubstitution, "substitution"}};
  return table;
}

const char* AdditionalityFactorName(AdditionalityFactor factor) {
  for (const auto& [f, name] : AdditionalityFactors()) {
    if (f == factor) return name;
  }
  return "?";
}

const Assumption& NetSpec::For(const std::string& component,
                               AdditionalityFactor factor) const {
  auto c = components.find(component);
  if (c != components.end()) {
    auto f = c->second.find(factor);
    if (f != c->second.end()) return f->second;
  }
  assert(study.count(factor) == 1 && "LoadStudy requires every factor");
  return study.at(factor);
}

namespace internal {
namespace {

// The factors present in `node` (all of them when `all`).
Result<std::map<AdditionalityFactor, Assumption>> ParseFactors(
    const TomlNode& node, bool all) {
  std::map<AdditionalityFactor, Assumption> out;
  for (const auto& [factor, name] : AdditionalityFactors()) {
    if (!node.Has(name)) {
      if (!all) continue;
      return node.ChildError(
          name,
          "missing: [net] states every factor study-wide (deadweight, "
          "leakage, displacement, substitution), each {value, low, high, "
          "source}; write value = 0 with its source where none is assumed");
    }
    JI_ASSIGN_OR_RETURN(out[factor], ParseAssumption(node, name, 0, 1));
  }
  return out;
}

}  // namespace

Result<std::optional<NetSpec>> ParseNet(const TomlNode& root,
                                        const StudySpec& study) {
  JI_ASSIGN_OR_RETURN(auto node, root.OptTable("net"));
  if (!node) return std::optional<NetSpec>();
  JI_RETURN_IF_ERROR(node->CheckKeys(
      {"deadweight", "leakage", "displacement", "substitution", "components"}));
  NetSpec net;
  JI_ASSIGN_OR_RETURN(net.study, ParseFactors(*node, true));
  JI_ASSIGN_OR_RETURN(auto comps, node->OptTable("components"));
  if (comps) {
    for (const std::string& id : comps->Keys()) {
      bool known = false;
      std::string ids;
      for (const auto& c : study.components) {
        known = known || c.id == id;
        ids += (ids.empty() ? "" : ", ") + c.id;
      }
      if (!known) {
        return comps->ChildError(
            id,
            fmt::format("\"{}\" is not a component (components: {})", id, ids));
      }
      JI_ASSIGN_OR_RETURN(TomlNode c, comps->GetTable(id));
      JI_RETURN_IF_ERROR(c.CheckKeys(
          {"deadweight", "leakage", "displacement", "substitution"}));
      JI_ASSIGN_OR_RETURN(net.components[id], ParseFactors(c, false));
    }
  }
  return std::optional<NetSpec>(std::move(net));
}

Result<std::optional<InputOutputSpec::Region>> ParseIoRegion(
    const TomlNode& io, const std::filesystem::path& study_file) {
  if (!io.Has("region")) return std::optional<InputOutputSpec::Region>();
  JI_ASSIGN_OR_RETURN(TomlNode r, io.GetTable("region"));
  JI_RETURN_IF_ERROR(r.CheckKeys({"name", "sizes", "lq", "delta", "source"}));
  InputOutputSpec::Region region;
  JI_ASSIGN_OR_RETURN(region.name, r.GetString("name"));
  JI_ASSIGN_OR_RETURN(region.sizes, r.GetInputPath("sizes", study_file));
  JI_ASSIGN_OR_RETURN(region.source, r.GetString("source"));
  JI_ASSIGN_OR_RETURN(auto lq, r.OptString("lq"));
  if (lq) {
    auto m = inputoutput::ParseLqMethod(*lq);
    if (!m.ok()) return r.ChildError("lq", m.status().message());
    region.lq = *m;
  }
  JI_ASSIGN_OR_RETURN(auto delta, r.OptNumber("delta"));
  if (delta) {
    if (!(*delta >= 0 && *delta < 1)) {
      return r.ChildError(
          "delta",
          fmt::format("expected a number in [0, 1), got {:g}", *delta));
    }
    region.delta = *delta;
  }
  return std::optional<InputOutputSpec::Region>(std::move(region));
}

}  // namespace internal
}  // namespace jobimpact::study
