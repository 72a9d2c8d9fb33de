// Parts of LoadStudy kept in their own files (study/config.h).
#ifndef JOBIMPACT_SRC_STUDY_CONFIG_INTERNAL_H_
#define JOBIMPACT_SRC_STUDY_CONFIG_INTERNAL_H_

#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/base/toml_node.h"
#include "jobimpact/study/config.h"

namespace jobimpact::study::internal {

// {value = X, source = "..."} with lo <= X <= hi.
Result<Sourced> ParseSourced(const TomlNode& parent, const std::string& key,
                             double lo, double hi);
Result<std::optional<Sourced>> OptSourced(const TomlNode& parent,
                                          const std::string& key, double lo,
                                          double hi);

// {value, low, high, source} with lo <= low <= value <= high <= hi; low and
// high together or not at all.
Result<Assumption> ParseAssumption(const TomlNode& parent,
                                   const std::string& key, double lo,
                                   double hi);

// [net] of the study `root`, checked against its components.
Result<std::optional<NetSpec>> ParseNet(const TomlNode& root,
                                        const StudySpec& study);
// [inputoutput] region = {name, sizes, lq, delta, source}.
Result<std::optional<InputOutputSpec::Region>> ParseIoRegion(
    const TomlNode& io, const std::filesystem::path& study_file);

// The whole study file `doc` read from `path` (LoadStudy without reading it
// or applying overrides).
Result<StudySpec> ParseStudy(const toml::value& doc,
                             const std::filesystem::path& path);

// [[scenarios]] of the study `root`: ids, labels and their `set` tables
// flattened to dotted keys (the keys are checked when applied).
Result<std::vector<ScenarioSpec>> ParseScenarios(const TomlNode& root);

// Sets the value at o.key in `doc` (docs/study-format.md, "Scenarios"):
// tables by key, arrays of tables by an element's id (or index). Errors
// name `file`, o.origin and the key, listing the nearest existing keys.
Status ApplyOverride(const StudyOverride& o, const std::string& file,
                     toml::value* doc);

// [measures] of the study `root` (absent: every field unset).
Result<MeasuresSpec> ParseMeasures(const TomlNode& root);

// [[indicators]] of the study `root`, checked against its components and
// their surveys' column roles (`study` holds both). Errors name the file,
// line and key, and for an expression its own line and column.
Result<std::vector<UnitIndicatorSpec>> ParseUnitIndicators(
    const TomlNode& root, const StudySpec& study);

}  // namespace jobimpact::study::internal

#endif  // JOBIMPACT_SRC_STUDY_CONFIG_INTERNAL_H_
