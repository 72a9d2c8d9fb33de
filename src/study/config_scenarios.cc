// Overrides of study values and [[scenarios]] (study/config.h): a study is
// changed as TOML before it is checked, so a scenario or `run --set` goes
// through every check the file itself does.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "config_internal.h"

namespace jobimpact::study {
namespace internal {
namespace {

// Levenshtein distance, for the nearest keys of a misspelt one.
size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// Up to three of `keys`, nearest to `key` first.
std::string Nearest(const std::string& key, std::vector<std::string> keys) {
  std::stable_sort(keys.begin(), keys.end(),
                   [&key](const std::string& a, const std::string& b) {
                     return EditDistance(key, a) < EditDistance(key, b);
                   });
  if (keys.size() > 3) keys.resize(3);
  return keys.empty() ? "none" : fmt::format("{}", fmt::join(keys, ", "));
}

std::vector<std::string> Split(const std::string& key) {
  std::vector<std::string> out;
  std::string part;
  std::istringstream in(key);
  while (std::getline(in, part, '.')) out.push_back(part);
  if (!key.empty() && key.back() == '.') out.push_back("");
  return out;
}

// Integers and floats are one kind here: either may replace the other.
const char* TypeName(const toml::value& v) {
  return v.is_integer() ? "a number" : TomlTypeName(v);
}

// The element of an array of tables whose id is `seg` (or index `seg`).
toml::value* Element(toml::array& a, const std::string& seg,
                     std::vector<std::string>* ids) {
  for (auto& e : a) {
    if (!e.is_table()) continue;
    auto it = e.as_table().find("id");
    if (it == e.as_table().end() || !it->second.is_string()) continue;
    ids->push_back(it->second.as_string());
    if (it->second.as_string() == seg) return &e;
  }
  const bool index = !seg.empty() && seg.size() <= 9 &&
                     std::all_of(seg.begin(), seg.end(),
                                 [](char c) { return c >= '0' && c <= '9'; });
  if (index) {
    const size_t k = std::stoul(seg);
    if (k < a.size()) return &a[k];
  }
  return nullptr;
}

// `text` as a TOML value on line `line` (so that errors about it name the
// line of the value it replaces); not TOML: the text as a string.
toml::value ParseValue(const std::string& text, size_t line,
                       const std::string& file) {
  try {
    std::istringstream in(std::string(line > 1 ? line - 1 : 0, '\n') +
                          "v = " + text + "\n");
    toml::value doc = toml::parse(in, file);
    return doc.at("v");
  } catch (const std::exception&) {
    return toml::value(text);
  }
}

// Flattens `set` (dotted keys written unquoted are nested tables in TOML),
// in key order: a TOML table has no order of its own.
void Flatten(const toml::value& v, const std::string& prefix,
             const std::string& origin, std::vector<StudyOverride>* out) {
  if (v.is_table()) {
    std::map<std::string, const toml::value*> sorted;
    for (const auto& [k, child] : v.as_table()) sorted[k] = &child;
    for (const auto& [k, child] : sorted) {
      Flatten(*child, prefix.empty() ? k : prefix + "." + k, origin, out);
    }
    return;
  }
  out->push_back({prefix, toml::format(v), origin});
}

}  // namespace

Status ApplyOverride(const StudyOverride& o, const std::string& file,
                     toml::value* doc) {
  auto fail = [&](const std::string& what) {
    return InvalidArgumentError(
        fmt::format("{}: {} {}: {}", file, o.origin, o.key, what));
  };
  const std::vector<std::string> segs = Split(o.key);
  if (segs.empty() || std::count(segs.begin(), segs.end(), "") > 0) {
    return fail(
        "expected a dotted key path such as indirect.output_per_job.value");
  }
  if (segs[0] == "scenarios") return fail("scenarios cannot be changed");
  toml::value* cur = doc;
  std::string at = "(top)";
  for (const std::string& seg : segs) {
    if (cur->is_table()) {
      auto& t = cur->as_table();
      auto it = t.find(seg);
      if (it == t.end()) {
        std::vector<std::string> keys;
        for (const auto& [k, v] : t) keys.push_back(k);
        return fail(fmt::format("{} has no key \"{}\" (nearest: {})", at, seg,
                                Nearest(seg, keys)));
      }
      cur = &it->second;
    } else if (cur->is_array()) {
      std::vector<std::string> ids;
      toml::value* e = Element(cur->as_array(), seg, &ids);
      if (e == nullptr) {
        return fail(
            fmt::format("{} has no element with id \"{}\" (nearest: {})", at,
                        seg, Nearest(seg, ids)));
      }
      cur = e;
    } else {
      return fail(fmt::format("{} is {}, not a table", at, TypeName(*cur)));
    }
    at = at == "(top)" ? seg : at + "." + seg;
  }
  if (cur->is_table() || cur->is_array()) {
    return fail(fmt::format("is {}; set one of its values", TypeName(*cur)));
  }
  toml::value v = ParseValue(o.value, cur->location().line(), file);
  const bool numbers = (cur->is_integer() || cur->is_floating()) &&
                       (v.is_integer() || v.is_floating());
  if (!numbers && v.type() != cur->type()) {
    return fail(fmt::format("expected {} like the study's value, got \"{}\"",
                            TypeName(*cur), o.value));
  }
  *cur = std::move(v);
  return Status::Ok();
}

Result<std::vector<ScenarioSpec>> ParseScenarios(const TomlNode& root) {
  JI_ASSIGN_OR_RETURN(auto nodes, root.ArrayOfTables("scenarios"));
  std::vector<ScenarioSpec> out;
  std::set<std::string> ids;
  for (const TomlNode& n : nodes) {
    JI_RETURN_IF_ERROR(n.CheckKeys({"id", "label", "set"}));
    ScenarioSpec sc;
    JI_ASSIGN_OR_RETURN(sc.id, n.GetString("id"));
    const bool word =
        !sc.id.empty() && std::all_of(sc.id.begin(), sc.id.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
                 c == '-';
        });
    if (!word || sc.id == "base") {
      return n.ChildError("id",
                          "expected letters, digits, _ or -, not \"base\" "
                          "(the study as written), got \"" +
                              sc.id + "\"");
    }
    if (!ids.insert(sc.id).second) {
      return n.ChildError("id", "duplicate scenario id \"" + sc.id + "\"");
    }
    JI_ASSIGN_OR_RETURN(auto label, n.OptString("label"));
    sc.label = label.value_or(sc.id);
    JI_ASSIGN_OR_RETURN(TomlNode set, n.GetTable("set"));
    Flatten(set.value(), "", "scenarios." + sc.id + ".set", &sc.set);
    if (sc.set.empty()) return n.ChildError("set", "changes nothing");
    out.push_back(std::move(sc));
  }
  return out;
}

}  // namespace internal

Result<StudySpec> LoadStudy(const std::filesystem::path& path) {
  return LoadStudy(path, {});
}

Result<StudySpec> LoadStudy(const std::filesystem::path& path,
                            const std::vector<StudyOverride>& overrides) {
  JI_ASSIGN_OR_RETURN(toml::value doc, ParseTomlFile(path));
  for (const StudyOverride& o : overrides) {
    JI_RETURN_IF_ERROR(internal::ApplyOverride(o, path.string(), &doc));
  }
  auto with = [&overrides](const Status& s, const std::string& scenario) {
    std::string changed;
    for (const StudyOverride& o : overrides) {
      changed += fmt::format("{}{} {} = {}", changed.empty() ? "" : ", ",
                             o.origin, o.key, o.value);
    }
    if (!scenario.empty()) changed += (changed.empty() ? "" : ", ") + scenario;
    return changed.empty() ? s : s.WithPrefix("with " + changed);
  };
  auto spec = internal::ParseStudy(doc, path);
  if (!spec.ok()) return with(spec.status(), "");
  for (const ScenarioSpec& sc : spec->scenarios) {
    toml::value changed = doc;
    for (const StudyOverride& o : sc.set) {
      JI_RETURN_IF_ERROR(internal::ApplyOverride(o, path.string(), &changed));
    }
    auto checked = internal::ParseStudy(changed, path);
    if (!checked.ok()) return with(checked.status(), "scenario " + sc.id);
  }
  return spec;
}

}  // namespace jobimpact::study
