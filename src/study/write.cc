#include "jobimpact/study/write.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace jobimpact::study {
namespace {

// A TOML basic string (TOML 1.0 §String): quotes, backslashes and control
// characters escaped; other UTF-8 text as it is.
std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += fmt::format("\\u{:04X}", c);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  return out + "\"";
}

// A key: bare where TOML allows it (A-Za-z0-9_-), quoted otherwise.
std::string Key(const std::string& k) {
  bool bare = !k.empty();
  for (char c : k) {
    bare = bare && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '_' || c == '-');
  }
  return bare ? k : Quote(k);
}

// Shortest text that reads back to the same double; TOML's inf and nan.
std::string Number(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, r.ptr);
}

std::string StringArray(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    out += (i ? ", " : "") + Quote(items[i]);
  }
  return out + "]";
}

std::string SourcedText(const Sourced& s) {
  return fmt::format("{{ value = {}, source = {} }}", Number(s.value),
                     Quote(s.source));
}

class Writer {
 public:
  explicit Writer(const WriteStudyOptions& options) : options_(options) {}

  std::string Path(const std::filesystem::path& p) const {
    std::error_code ec;
    const std::filesystem::path abs = std::filesystem::absolute(p, ec);
    if (options_.directory.empty()) return Quote(abs.generic_string());
    const std::filesystem::path rel = std::filesystem::relative(
        abs, std::filesystem::absolute(options_.directory, ec), ec);
    return Quote((ec || rel.empty() ? abs : rel).generic_string());
  }

  void Line(const std::string& key, const std::string& value) {
    text_ += Key(key) + " = " + value + "\n";
  }
  // "[name]" or "[[name]]", after a blank line and any comment for it.
  void Table(const std::string& header) {
    text_ += text_.empty() ? "" : "\n";
    const size_t open = header.find_first_not_of('[');
    const std::string name = header.substr(open, header.find(']') - open);
    auto comment = options_.comments.find(name);
    if (comment != options_.comments.end()) Comment(comment->second);
    text_ += header + "\n";
  }
  // Each line of `text` as a "# " comment ("#" for an empty line).
  void Comment(const std::string& text) {
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      const std::string line = text.substr(start, end - start);
      text_ += line.empty() ? "#\n" : "# " + line + "\n";
      start = end + 1;
    }
  }
  std::string& text() { return text_; }

 private:
  const WriteStudyOptions& options_;
  std::string text_;
};

void WriteDesign(const SurveySpec& s, Writer& w) {
  const SurveyDesignSpec& d = *s.design;
  w.Table("[surveys." + Key(s.key) + ".design]");
  if (!d.strata.empty()) w.Line("strata", Quote(d.strata));
  if (!d.clusters.empty()) w.Line("clusters", StringArray(d.clusters));
  if (!d.weights.empty()) w.Line("weights", Quote(d.weights));
  if (!d.probs.empty()) w.Line("probs", Quote(d.probs));
  if (!d.fpc.empty()) w.Line("fpc", StringArray(d.fpc));
  w.Line("lonely_psu", Quote(d.lonely_psu));
  if (d.variance != "linearization") w.Line("variance", Quote(d.variance));
  if (d.seed != 1) w.Line("seed", std::to_string(d.seed));
  if (d.confidence) w.Line("confidence", Number(*d.confidence));
  if (!d.replicate_weights.empty()) {
    w.Line("replicate_weights", StringArray(d.replicate_weights));
  }
  if (d.replicate_scale != 1.0) {
    w.Line("replicate_scale", Number(d.replicate_scale));
  }
  if (d.mse) w.Line("mse", "true");
  if (!d.calibration.empty()) {
    w.Line("calibration", Quote(d.calibration));
    w.Line("margins", w.Path(d.margins));
    if (std::isfinite(d.lower_bound) || std::isfinite(d.upper_bound)) {
      w.Line("bounds",
             "[" + Number(d.lower_bound) + ", " + Number(d.upper_bound) + "]");
    }
  }
}

void WriteSurvey(const SurveySpec& s, Writer& w) {
  w.Table("[surveys." + Key(s.key) + "]");
  w.Line("file", w.Path(s.file));
  if (s.format != table::FileFormat::kAuto) {
    w.Line("format",
           Quote(std::string(table::FileFormatInfoOf(s.format).name)));
  }
  if (!s.sheet.name.empty()) {
    w.Line("sheet", Quote(s.sheet.name));
  } else if (s.sheet.number != 1) {
    w.Line("sheet", std::to_string(s.sheet.number));
  }
  if (s.sheet.header_row != 1) {
    w.Line("header_row", std::to_string(s.sheet.header_row));
  }
  w.Line("encoding", Quote(table::EncodingName(s.encoding)));
  if (s.delimiter != ',') {
    w.Line("delimiter", s.delimiter == '\t'
                            ? Quote("\\t")
                            : Quote(std::string(1, s.delimiter)));
  }
  if (s.na_values != std::vector<std::string>{"NA"}) {
    w.Line("na_values", StringArray(s.na_values));
  }
  if (s.missing != survey::MissingPolicy::kFail) {
    w.Line("missing",
           Quote(std::string(survey::MissingPolicyInfoOf(s.missing).name)));
  }
  if (s.missing_label != survey::kNoAnswerLabel) {
    w.Line("missing_label", Quote(s.missing_label));
  }
  w.Table("[surveys." + Key(s.key) + ".columns]");
  for (const auto& [role, header] : s.columns) w.Line(role, Quote(header));
  for (const auto& [role, r] : s.roles) {
    w.Table("[surveys." + Key(s.key) + ".roles." + Key(role) + "]");
    if (r.missing) {
      w.Line("missing",
             Quote(std::string(survey::MissingPolicyInfoOf(*r.missing).name)));
    }
    if (!r.levels.empty()) w.Line("levels", StringArray(r.levels));
  }
  if (s.design) WriteDesign(s, w);
}

void WriteComponent(const ComponentSpec& c, Writer& w) {
  w.Table("[[components]]");
  w.Line("id", Quote(c.id));
  w.Line("name", Quote(c.name));
  if (!c.name_en.empty()) w.Line("name_en", Quote(c.name_en));
  w.Line("kind", Quote(ComponentKindName(c.kind)));
  if (c.survey_based()) {
    w.Line("survey", Quote(c.survey));
    if (c.filter) {
      w.Line("filter",
             fmt::format("{{ column = {}, equals = {} }}",
                         Quote(c.filter->role), Quote(c.filter->equals)));
    }
    w.Line("population", SourcedText(*c.population));
    if (!c.domains.empty() || !c.crossed_domains.empty()) {
      std::string items;
      for (const auto& d : c.domains) {
        items += (items.empty() ? "" : ", ") + Quote(d);
      }
      for (const auto& [first, second] : c.crossed_domains) {
        items += (items.empty() ? "" : ", ") + StringArray({first, second});
      }
      w.Line("domains", "[" + items + "]");
    }
    return;
  }
  std::string pub = "{ jobs = " + Number(c.published_jobs->value);
  if (c.published_fulltime_share) {
    pub += ", fulltime_share = " + Number(c.published_fulltime_share->value);
  }
  w.Line("published",
         pub + ", source = " + Quote(c.published_jobs->source) + " }");
}

// {value, low, high, source}, or {value, source} for a fixed value.
std::string AssumptionText(const Assumption& a) {
  if (!a.ranged()) return SourcedText({a.value, a.source});
  std::string d;
  if (a.distribution != Distribution::kTriangular) {
    d = fmt::format(", distribution = \"{}\"",
                    DistributionName(a.distribution));
  }
  if (a.distribution == Distribution::kNormal) {
    d += ", sd = " + Number(a.sd);
  }
  return fmt::format("{{ value = {}, low = {}, high = {}{}, source = {} }}",
                     Number(a.value), Number(a.low), Number(a.high), d,
                     Quote(a.source));
}

void WriteNet(const NetSpec& net, Writer& w) {
  w.Table("[net]");
  for (const auto& [factor, name] : AdditionalityFactors()) {
    w.Line(name, AssumptionText(net.study.at(factor)));
  }
  for (const auto& [id, factors] : net.components) {
    w.Table("[net.components." + id + "]");
    for (const auto& [factor, a] : factors) {
      w.Line(AdditionalityFactorName(factor), AssumptionText(a));
    }
  }
}

void WriteConsumption(const ConsumptionSpec& c, Writer& w) {
  w.Table("[consumption]");
  if (!c.survey.empty()) {
    w.Line("survey", Quote(c.survey));
    w.Line("population", SourcedText(*c.population));
  }
  for (const CategorySpec& k : c.categories) {
    w.Table("[[consumption.categories]]");
    w.Line("id", Quote(k.id));
    w.Line("name", Quote(k.name));
    if (!k.name_en.empty()) w.Line("name_en", Quote(k.name_en));
    if (!k.sector.empty()) w.Line("sector", Quote(k.sector));
    if (k.amount) w.Line("amount", SourcedText(*k.amount));
    if (!k.column.empty()) w.Line("column", Quote(k.column));
  }
}

void WriteInputOutput(const InputOutputSpec& io, Writer& w) {
  if (!io.table && io.coefficients.empty()) return;
  w.Table("[inputoutput]");
  if (io.table) w.Line("table", w.Path(*io.table));
  w.Line("layout", Quote(inputoutput::IoLayoutName(io.layout)));
  if (io.solver != inputoutput::LeontiefMethod::kAuto) {
    w.Line("solver", Quote(inputoutput::LeontiefMethodName(io.solver)));
  }
  if (io.region) {
    const InputOutputSpec::Region& r = *io.region;
    w.Line("region",
           fmt::format("{{ name = {}, sizes = {}, lq = {}, delta = {}, "
                       "source = {} }}",
                       Quote(r.name), w.Path(r.sizes),
                       Quote(inputoutput::LqMethodName(r.lq)), Number(r.delta),
                       Quote(r.source)));
  }
  if (!io.coefficients.empty()) {
    w.Line("coefficients_source", Quote(io.coefficients_source));
    w.Table("[inputoutput.coefficients]");
    for (const auto& [code, v] : io.coefficients) w.Line(code, Number(v));
  }
}

void WriteIndirect(const IndirectSpec& ind, Writer& w) {
  w.Table("[indirect]");
  w.Line("output", Quote(ind.output_method));
  if (ind.published_output) {
    w.Line("published_output", SourcedText(*ind.published_output));
  }
  w.Line("jobs", Quote(JobsMethodName(ind.jobs_method)));
  switch (ind.jobs_method) {
    case JobsMethod::kOutputPerJob:
      w.Line("output_per_job", AssumptionText(ind.output_per_job));
      break;
    case JobsMethod::kEmploymentCoefficients:
      w.Line("employment_coefficients",
             fmt::format("{{ file = {}, source = {} }}",
                         w.Path(ind.employment_file),
                         Quote(ind.employment_source)));
      break;
    case JobsMethod::kEmploymentTable:
      w.Line("employment_table",
             fmt::format("{{ file = {}, concordance = {}, year = {}, source "
                         "= {} }}",
                         w.Path(ind.employment_table),
                         w.Path(ind.employment_concordance),
                         ind.employment_year, Quote(ind.employment_source)));
      break;
  }
  if (ind.value_added) w.Line("value_added", "true");
  if (ind.imports) {
    w.Line("imports",
           Quote(*ind.imports == inputoutput::ImportTreatment::kDomestic
                     ? "domestic"
                     : "as_published"));
  }
  if (ind.closure != Closure::kOpen) {
    w.Line("closure", Quote(ClosureName(ind.closure)));
  }
}

}  // namespace

std::string WriteStudy(const StudySpec& spec,
                       const WriteStudyOptions& options) {
  Writer w(options);
  if (!options.header.empty()) w.Comment(options.header);
  w.Table("[study]");
  w.Line("name", Quote(spec.name));
  w.Line("platform", Quote(spec.platform));
  if (!spec.country.empty()) w.Line("country", Quote(spec.country));
  if (spec.currency != "CNY") w.Line("currency", Quote(spec.currency));
  w.Line("year", std::to_string(spec.year));
  if (!spec.description.empty()) {
    w.Line("description", Quote(spec.description));
  }
  if (spec.confidence) w.Line("confidence", Number(*spec.confidence));
  if (spec.top_n) w.Line("top_n", std::to_string(*spec.top_n));
  for (const auto& [key, survey] : spec.surveys) WriteSurvey(survey, w);
  if (spec.quality) {
    w.Table("[quality]");
    w.Line("min_n", std::to_string(spec.quality->min_n));
    std::string bounds;
    for (double b : spec.quality->cv_bounds) {
      bounds += (bounds.empty() ? "" : ", ") + Number(b);
    }
    w.Line("cv_bounds", "[" + bounds + "]");
  }
  if (spec.regions) {
    w.Table("[regions]");
    w.Line("name", Quote(spec.regions->name));
    w.Line("file", w.Path(spec.regions->file));
  }
  for (const auto& c : spec.components) WriteComponent(c, w);
  for (const auto& u : spec.unit_indicators) {
    w.Table("[[indicators]]");
    w.Line("id", Quote(u.id));
    w.Line("name", Quote(u.name));
    if (!u.name_en.empty()) w.Line("name_en", Quote(u.name_en));
    w.Line("expression", Quote(u.expression));
    // The components it applies to, always written: a study read back
    // must not depend on which surveys happen to have the roles.
    w.Line("components", StringArray(u.components));
  }
  if (spec.direct_fulltime_share) {
    w.Table("[direct]");
    w.Line("fulltime_share", SourcedText(*spec.direct_fulltime_share));
  }
  if (spec.measures != MeasuresSpec()) {
    const MeasuresSpec& m = spec.measures;
    w.Table("[measures]");
    if (m.fulltime_hours) {
      w.Line("fulltime_hours", SourcedText(*m.fulltime_hours));
    }
    if (m.parttime_fte) {
      w.Line("parttime_fte", AssumptionText(*m.parttime_fte));
    }
    if (m.min_active_days) {
      w.Line("min_active_days", std::to_string(*m.min_active_days));
    }
  }
  if (spec.consumption) WriteConsumption(*spec.consumption, w);
  WriteInputOutput(spec.io, w);
  if (spec.indirect) WriteIndirect(*spec.indirect, w);
  if (spec.net) WriteNet(*spec.net, w);
  for (const ScenarioSpec& sc : spec.scenarios) {
    w.Table("[[scenarios]]");
    w.Line("id", Quote(sc.id));
    w.Line("label", Quote(sc.label));
    std::string set;
    for (const StudyOverride& o : sc.set) {
      set += fmt::format("{}{} = {}", set.empty() ? "" : ", ", Quote(o.key),
                         o.value);
    }
    w.Line("set", "{ " + set + " }");
  }
  return w.text();
}

}  // namespace jobimpact::study
