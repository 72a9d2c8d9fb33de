// [measures] of a study file (study/config.h MeasuresSpec).
#include <fmt/format.h>

#include <cmath>

#include "config_internal.h"

namespace jobimpact::study {

Sourced DefaultFulltimeHours() {
  return {40,
          "default: 40 hours a week, China's standard working week (State "
          "Council, Provisions on Working Hours of Employees, 1995, art. 3)"};
}

Sourced FulltimeHours(const MeasuresSpec& m) {
  return m.fulltime_hours ? *m.fulltime_hours : DefaultFulltimeHours();
}

const char* DistributionName(Distribution d) {
  switch (d) {
    case Distribution::kTriangular:
      return "triangular";
    case Distribution::kUniform:
      return "uniform";
    case Distribution::kNormal:
      return "normal";
  }
  return "?";
}

Result<Distribution> ParseDistribution(const std::string& name) {
  for (Distribution d : {Distribution::kTriangular, Distribution::kUniform,
                         Distribution::kNormal}) {
    if (name == DistributionName(d)) return d;
  }
  return InvalidArgumentError(fmt::format(
      "unknown distribution \"{}\" (expected triangular, uniform or normal)",
      name));
}

namespace internal {
namespace {

// `distribution` and `sd` of an assumption whose value and range are read.
Status ParseDistributionKeys(const TomlNode& t, Assumption* a) {
  JI_ASSIGN_OR_RETURN(auto name, t.OptString("distribution"));
  JI_ASSIGN_OR_RETURN(auto sd, t.OptNumber("sd"));
  if (name) {
    auto d = ParseDistribution(*name);
    if (!d.ok()) return t.ChildError("distribution", d.status().message());
    a->distribution = *d;
    if (!a->ranged()) {
      return t.ChildError("distribution",
                          "a distribution needs its range: give low and high "
                          "(low < high)");
    }
  }
  if (a->distribution == Distribution::kNormal) {
    if (!sd) {
      return t.ChildError("distribution",
                          "a normal distribution needs sd, its standard "
                          "deviation (it is cut to [low, high])");
    }
    if (!(*sd > 0 && std::isfinite(*sd))) {
      return t.ChildError(
          "sd", fmt::format("expected a positive number, got {:g}", *sd));
    }
    a->sd = *sd;
  } else if (sd) {
    return t.ChildError("sd", "sd belongs to distribution = \"normal\" only");
  }
  return Status::Ok();
}

}  // namespace

Result<Assumption> ParseAssumption(const TomlNode& parent,
                                   const std::string& key, double lo,
                                   double hi) {
  JI_ASSIGN_OR_RETURN(TomlNode t, parent.GetTable(key));
  JI_RETURN_IF_ERROR(
      t.CheckKeys({"value", "low", "high", "source", "distribution", "sd"}));
  Assumption a;
  JI_ASSIGN_OR_RETURN(a.value, t.GetNumber("value"));
  JI_ASSIGN_OR_RETURN(a.source, t.GetString("source"));
  if (a.source.empty()) return t.ChildError("source", "must not be empty");
  JI_ASSIGN_OR_RETURN(auto low, t.OptNumber("low"));
  JI_ASSIGN_OR_RETURN(auto high, t.OptNumber("high"));
  if (low.has_value() != high.has_value()) {
    return t.ChildError(low ? "low" : "high",
                        "give low and high together (the range of the "
                        "assumption), or neither");
  }
  a.low = low.value_or(a.value);
  a.high = high.value_or(a.value);
  for (const auto& [name, v] :
       {std::pair<const char*, double>{"value", a.value},
        {"low", a.low},
        {"high", a.high}}) {
    if (!(v >= lo && v <= hi)) {
      return t.ChildError(
          name, fmt::format("expected a number in [{:g}, {:g}], got {:g}", lo,
                            hi, v));
    }
  }
  if (!(a.low <= a.value && a.value <= a.high)) {
    return t.ChildError("value",
                        fmt::format("expected low <= value <= high, got low "
                                    "{:g}, value {:g}, high {:g}",
                                    a.low, a.value, a.high));
  }
  JI_RETURN_IF_ERROR(ParseDistributionKeys(t, &a));
  return a;
}

Result<MeasuresSpec> ParseMeasures(const TomlNode& root) {
  MeasuresSpec m;
  JI_ASSIGN_OR_RETURN(auto node, root.OptTable("measures"));
  if (!node) return m;
  JI_RETURN_IF_ERROR(
      node->CheckKeys({"fulltime_hours", "parttime_fte", "min_active_days"}));
  // A full-time week of more than 168 hours or of none is not a norm.
  JI_ASSIGN_OR_RETURN(m.fulltime_hours,
                      OptSourced(*node, "fulltime_hours", 1, 168));
  if (node->Has("parttime_fte")) {
    JI_ASSIGN_OR_RETURN(Assumption a,
                        ParseAssumption(*node, "parttime_fte", 0, 1));
    m.parttime_fte = a;
  }
  if (node->Has("min_active_days")) {
    JI_ASSIGN_OR_RETURN(int64_t days, node->GetInt("min_active_days"));
    if (days < 1 || days > 366) {
      return node->ChildError(
          "min_active_days",
          fmt::format("expected a number of days in [1, 366], got {}", days));
    }
    m.min_active_days = static_cast<int>(days);
  }
  return m;
}

}  // namespace internal
}  // namespace jobimpact::study
