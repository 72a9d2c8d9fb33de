#include "jobimpact/table/stat_reader.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <readstat.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "cell_text.h"
#include "jobimpact/base/file.h"
#include "jobimpact/base/quote.h"

namespace jobimpact::table {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// How a numeric variable's display format says to read its values.
enum class DateKind { kNone, kDays, kSeconds, kMilliseconds };

struct DateFormat {
  DateKind kind = DateKind::kNone;
  int64_t epoch_days = 0;  // The day that value 0 stands for, since 1970.
  bool with_time = false;  // A datetime format, not a date.
};

bool StartsWithAny(std::string_view s,
                   std::initializer_list<std::string_view> prefixes) {
  for (auto p : prefixes) {
    if (s.substr(0, p.size()) == p) return true;
  }
  return false;
}

// Date display formats: SPSS counts seconds from 1582-10-14 (Gregorian
// calendar start), Stata days (%td) or milliseconds (%tc) and SAS days or
// seconds from 1960-01-01 (IBM SPSS Statistics "Date and time formats";
// Stata [D] datetime; SAS "Dates, Times and Intervals").
DateFormat DateFormatOf(FileFormat file, std::string_view format) {
  std::string f;
  for (char c : format) f.push_back(static_cast<char>(std::toupper(c)));
  constexpr int64_t k1960 = -3653;
  constexpr int64_t k1582 = -141428;
  switch (file) {
    case FileFormat::kSav:
    case FileFormat::kPor:
      if (StartsWithAny(f, {"DATETIME", "YMDHMS", "DTIME"})) {
        return {DateKind::kSeconds, k1582, true};
      }
      if (StartsWithAny(f, {"DATE", "ADATE", "EDATE", "JDATE", "SDATE", "QYR",
                            "MOYR", "WKYR"})) {
        return {DateKind::kSeconds, k1582, false};
      }
      break;
    case FileFormat::kDta:
      if (StartsWithAny(f, {"%TC"})) {
        return {DateKind::kMilliseconds, k1960, true};
      }
      if (StartsWithAny(f, {"%TD", "%D"})) {
        return {DateKind::kDays, k1960, false};
      }
      break;
    case FileFormat::kSas7bdat:
    case FileFormat::kXpt:
      if (StartsWithAny(f, {"DATETIME", "E8601DT", "DATEAMPM"})) {
        return {DateKind::kSeconds, k1960, true};
      }
      if (StartsWithAny(
              f, {"DATE", "MMDDYY", "DDMMYY", "YYMMDD", "E8601DA", "WEEKDATE",
                  "WORDDATE", "MONYY", "NLDATE", "YYMON", "MINGUO"})) {
        return {DateKind::kDays, k1960, false};
      }
      break;
    default:
      break;
  }
  return {};
}

std::string DateText(double v, const DateFormat& f) {
  const bool date_only = !f.with_time;
  const double epoch = static_cast<double>(f.epoch_days) * 86400.0;
  switch (f.kind) {
    case DateKind::kDays:
      return IsoFromUnixSeconds(epoch + v * 86400.0, true);
    case DateKind::kSeconds:
      return IsoFromUnixSeconds(epoch + v, date_only);
    case DateKind::kMilliseconds:
      return IsoFromUnixSeconds(epoch + v / 1000.0, false);
    case DateKind::kNone:
      break;
  }
  return NumberText(v);
}

struct Variable {
  std::string name;
  std::string label;
  std::string format;
  std::string label_set;
  bool is_string = false;
  // SPSS user-defined missing values and ranges [lo, hi] of a numeric
  // variable: labels of these values name kinds of missing, not levels.
  std::vector<std::pair<double, double>> missing_ranges;
  // Numeric variables: one value a case, NaN when missing.
  std::vector<double> numbers;
  // String variables: level index a case.
  std::vector<int32_t> codes;
  LevelIndex levels;

  std::string Display() const {
    return label.empty() ? QuoteForMessage(name)
                         : QuoteForMessage(name) + " (" + label + ")";
  }
};

struct ValueLabel {
  double value = 0;
  std::string label;
};

struct ParseState {
  std::vector<Variable> vars;
  std::unordered_map<std::string, std::vector<ValueLabel>> label_sets;
  int64_t rows = 0;
  int64_t expected_rows = -1;
  std::string file_encoding;
  std::string error_text;
};

int OnMetadata(readstat_metadata_t* metadata, void* ctx) {
  auto* s = static_cast<ParseState*>(ctx);
  s->expected_rows = readstat_get_row_count(metadata);
  const int vars = readstat_get_var_count(metadata);
  if (vars > 0) s->vars.reserve(static_cast<size_t>(vars));
  const char* enc = readstat_get_file_encoding(metadata);
  if (enc != nullptr) s->file_encoding = enc;
  return READSTAT_HANDLER_OK;
}

int OnVariable(int index, readstat_variable_t* variable, const char* val_labels,
               void* ctx) {
  auto* s = static_cast<ParseState*>(ctx);
  if (static_cast<size_t>(index) >= s->vars.size()) {
    s->vars.resize(static_cast<size_t>(index) + 1);
  }
  Variable& v = s->vars[static_cast<size_t>(index)];
  const char* name = readstat_variable_get_name(variable);
  const char* label = readstat_variable_get_label(variable);
  const char* format = readstat_variable_get_format(variable);
  v.name = name ? name : "";
  v.label = label ? label : "";
  v.format = format ? format : "";
  v.label_set = val_labels ? val_labels : "";
  v.is_string =
      readstat_variable_get_type_class(variable) == READSTAT_TYPE_CLASS_STRING;
  if (!v.is_string) {
    const int ranges = readstat_variable_get_missing_ranges_count(variable);
    for (int i = 0; i < ranges; ++i) {
      v.missing_ranges.emplace_back(
          readstat_double_value(
              readstat_variable_get_missing_range_lo(variable, i)),
          readstat_double_value(
              readstat_variable_get_missing_range_hi(variable, i)));
    }
  }
  if (s->expected_rows > 0) {
    const auto n = static_cast<size_t>(s->expected_rows);
    if (v.is_string) {
      v.codes.reserve(n);
    } else {
      v.numbers.reserve(n);
    }
  }
  return READSTAT_HANDLER_OK;
}

int OnValue(int obs_index, readstat_variable_t* variable,
            readstat_value_t value, void* ctx) {
  auto* s = static_cast<ParseState*>(ctx);
  const auto index = static_cast<size_t>(readstat_variable_get_index(variable));
  Variable& v = s->vars[index];
  const auto row = static_cast<size_t>(obs_index);
  if (static_cast<int64_t>(row) >= s->rows) s->rows = obs_index + 1;
  const bool missing = readstat_value_is_missing(value, variable) != 0;
  if (v.is_string) {
    if (v.codes.size() <= row) v.codes.resize(row + 1, Column::kMissingCode);
    const char* str = missing ? nullptr : readstat_string_value(value);
    std::string_view t = str ? TrimCellText(str) : std::string_view();
    v.codes[row] = t.empty() ? Column::kMissingCode : v.levels.Intern(t);
  } else {
    if (v.numbers.size() <= row) v.numbers.resize(row + 1, kNaN);
    v.numbers[row] = missing ? kNaN : readstat_double_value(value);
  }
  return READSTAT_HANDLER_OK;
}

int OnValueLabel(const char* val_labels, readstat_value_t value,
                 const char* label, void* ctx) {
  auto* s = static_cast<ParseState*>(ctx);
  // Labels of string values (rare) are not applied; tagged-missing labels
  // (Stata .a, SAS .A) label missing values, which stay missing.
  if (readstat_value_type_class(value) != READSTAT_TYPE_CLASS_NUMERIC ||
      readstat_value_is_tagged_missing(value) ||
      readstat_value_is_system_missing(value)) {
    return READSTAT_HANDLER_OK;
  }
  s->label_sets[val_labels ? val_labels : ""].push_back(
      {readstat_double_value(value), label ? label : ""});
  return READSTAT_HANDLER_OK;
}

void OnError(const char* message, void* ctx) {
  auto* s = static_cast<ParseState*>(ctx);
  if (s->error_text.empty() && message != nullptr) {
    s->error_text = TrimCellText(message);
    while (!s->error_text.empty() &&
           (s->error_text.back() == '\n' || s->error_text.back() == '\r')) {
      s->error_text.pop_back();
    }
  }
}

struct ParserCloser {
  void operator()(readstat_parser_t* p) const { readstat_parser_free(p); }
};

// ReadStat's own I/O reads a Stata file one record at a time (a read(2) per
// case: 1 M system calls for 1 M cases); these handlers serve its reads from
// the file mapped into memory instead.
struct MappedFile {
  const char* data = nullptr;
  size_t size = 0;
  size_t pos = 0;
};

int MappedOpen(const char* path, void* io_ctx) {
  auto* m = static_cast<MappedFile*>(io_ctx);
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return -1;
  }
  m->size = static_cast<size_t>(st.st_size);
  m->pos = 0;
  if (m->size > 0) {
    void* p = ::mmap(nullptr, m->size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      ::close(fd);
      return -1;
    }
    ::madvise(p, m->size, MADV_SEQUENTIAL);
    m->data = static_cast<const char*>(p);
  }
  ::close(fd);  // The mapping stays valid.
  return 0;
}

int MappedClose(void* io_ctx) {
  auto* m = static_cast<MappedFile*>(io_ctx);
  if (m->data != nullptr) ::munmap(const_cast<char*>(m->data), m->size);
  m->data = nullptr;
  m->size = m->pos = 0;
  return 0;
}

readstat_off_t MappedSeek(readstat_off_t offset, readstat_io_flags_t whence,
                          void* io_ctx) {
  auto* m = static_cast<MappedFile*>(io_ctx);
  const readstat_off_t base = whence == READSTAT_SEEK_SET ? 0
                              : whence == READSTAT_SEEK_CUR
                                  ? static_cast<readstat_off_t>(m->pos)
                                  : static_cast<readstat_off_t>(m->size);
  const readstat_off_t to = base + offset;
  if (to < 0 || to > static_cast<readstat_off_t>(m->size)) return -1;
  m->pos = static_cast<size_t>(to);
  return to;
}

ssize_t MappedRead(void* buf, size_t nbyte, void* io_ctx) {
  auto* m = static_cast<MappedFile*>(io_ctx);
  const size_t k = std::min(nbyte, m->size - m->pos);
  if (k > 0) std::memcpy(buf, m->data + m->pos, k);
  m->pos += k;
  return static_cast<ssize_t>(k);
}

readstat_error_t MappedUpdate(long, readstat_progress_handler, void*, void*) {
  return READSTAT_OK;
}

std::string FormatWord(FileFormat f) {
  switch (f) {
    case FileFormat::kSav:
    case FileFormat::kPor:
      return "SPSS";
    case FileFormat::kDta:
      return "Stata";
    default:
      return "SAS";
  }
}

Status ParseError(const std::string& file, FileFormat format,
                  readstat_error_t code, const ParseState& s) {
  std::string detail = readstat_error_message(code);
  if (!s.error_text.empty()) detail += ": " + s.error_text;
  std::string hint;
  switch (code) {
    case READSTAT_ERROR_UNSUPPORTED_CHARSET:
    case READSTAT_ERROR_CONVERT:
    case READSTAT_ERROR_CONVERT_BAD_STRING:
    case READSTAT_ERROR_CONVERT_SHORT_STRING:
    case READSTAT_ERROR_CONVERT_LONG_STRING:
      hint = fmt::format(
          " — the text is not in the encoding the file declares{}; if it is "
          "an old Chinese export, declare the encoding as gb18030 "
          "(encoding = \"gb18030\" in a study, --encoding gb18030)",
          s.file_encoding.empty() ? "" : " (" + s.file_encoding + ")");
      break;
    case READSTAT_ERROR_OPEN:
      hint = " — check that the file exists and can be read";
      break;
    default:
      hint =
          fmt::format(" — is it a complete, undamaged {} file ({})?",
                      FormatWord(format), FileFormatInfoOf(format).extensions);
      break;
  }
  return InvalidArgumentError(fmt::format("{}: cannot read the {} file: {}{}",
                                          file, FormatWord(format), detail,
                                          hint));
}

std::string LabelList(const std::vector<ValueLabel>& labels) {
  std::string s;
  for (size_t i = 0; i < labels.size() && i < 12; ++i) {
    if (!s.empty()) s += ", ";
    s += NumberText(labels[i].value) + " = " + labels[i].label;
  }
  if (labels.size() > 12) s += ", ...";
  return s;
}

struct BuildContext {
  std::string file;
  FileFormat format;
  const CsvReadOptions* options;
  const ParseState* state;
};

// A labelled numeric variable as a text column of its labels.
Result<Column> LabelledColumn(const Variable& v,
                              const std::vector<ValueLabel>& labels,
                              bool declared_text, const BuildContext& b) {
  LevelIndex levels;
  std::vector<std::string> level_codes;
  std::unordered_map<double, int32_t> level_of;
  for (const ValueLabel& l : labels) {
    const size_t before = levels.size();
    const int32_t code = levels.Intern(l.label);
    if (levels.size() > before) level_codes.push_back(NumberText(l.value));
    level_of.emplace(l.value, code);
  }
  std::vector<int32_t> codes(v.numbers.size(), Column::kMissingCode);
  for (size_t r = 0; r < v.numbers.size(); ++r) {
    const double x = v.numbers[r];
    if (std::isnan(x)) continue;
    auto it = level_of.find(x);
    if (it == level_of.end()) {
      if (declared_text) {
        return InvalidArgumentError(fmt::format(
            "{}:{}: column {}: the value {} has no value label (the labels "
            "are: {}); label it in the file, or declare it missing",
            b.file, r + 1, v.Display(), NumberText(x), LabelList(labels)));
      }
      const int32_t code = levels.Intern(NumberText(x));
      if (static_cast<size_t>(code) == level_codes.size()) {
        level_codes.push_back(NumberText(x));
      }
      it = level_of.emplace(x, code).first;
    }
    codes[r] = it->second;
  }
  Column c = Column::Coded(v.name, std::move(codes), levels.TakeLevels());
  c.set_level_codes(std::move(level_codes));
  return c;
}

// The labels of a variable's set, without those of its user-defined missing
// values.
std::vector<ValueLabel> LevelLabels(const Variable& v, const ParseState& s) {
  std::vector<ValueLabel> out;
  if (v.label_set.empty()) return out;
  auto set = s.label_sets.find(v.label_set);
  if (set == s.label_sets.end()) return out;
  for (const ValueLabel& l : set->second) {
    bool missing = false;
    for (const auto& [lo, hi] : v.missing_ranges) {
      missing |= l.value >= lo && l.value <= hi;
    }
    if (!missing) out.push_back(l);
  }
  return out;
}

bool AllLabelled(const Variable& v, const std::vector<ValueLabel>& labels) {
  std::unordered_set<double> known;
  for (const ValueLabel& l : labels) known.insert(l.value);
  for (double x : v.numbers) {
    if (!std::isnan(x) && known.count(x) == 0) return false;
  }
  return true;
}

Result<Column> NumericVariable(Variable& v, const BuildContext& b,
                               bool declared_numeric, bool declared_text) {
  const DateFormat date = DateFormatOf(b.format, v.format);
  if (date.kind != DateKind::kNone) {
    if (declared_numeric) {
      for (size_t r = 0; r < v.numbers.size(); ++r) {
        if (std::isnan(v.numbers[r])) continue;
        return InvalidArgumentError(fmt::format(
            "{}:{}: column {}: expected a number, found the date {} (format "
            "{})",
            b.file, r + 1, v.Display(), DateText(v.numbers[r], date),
            v.format));
      }
    } else {
      LevelIndex levels;
      std::vector<int32_t> codes(v.numbers.size(), Column::kMissingCode);
      for (size_t r = 0; r < v.numbers.size(); ++r) {
        if (std::isnan(v.numbers[r])) continue;
        codes[r] = levels.Intern(DateText(v.numbers[r], date));
      }
      return Column::Coded(v.name, std::move(codes), levels.TakeLevels());
    }
  }
  std::vector<ValueLabel> labels = LevelLabels(v, *b.state);
  // Labels make the variable categorical when it is declared text, or when
  // undeclared and every value has one; a partly labelled variable (an
  // income with a label on one special code) stays numeric.
  if (!declared_numeric && !labels.empty() &&
      (declared_text || AllLabelled(v, labels))) {
    return LabelledColumn(v, labels, declared_text, b);
  }
  if (declared_text) {
    LevelIndex levels;
    std::vector<int32_t> codes(v.numbers.size(), Column::kMissingCode);
    for (size_t r = 0; r < v.numbers.size(); ++r) {
      if (!std::isnan(v.numbers[r])) {
        codes[r] = levels.Intern(NumberText(v.numbers[r]));
      }
    }
    return Column::Coded(v.name, std::move(codes), levels.TakeLevels());
  }
  return Column::Doubles(v.name, std::move(v.numbers));
}

Result<Column> StringVariable(Variable& v, const BuildContext& b,
                              bool declared_numeric) {
  std::vector<std::string> levels = v.levels.TakeLevels();
  if (!declared_numeric) {
    return Column::Coded(v.name, std::move(v.codes), std::move(levels));
  }
  std::vector<double> numbers(levels.size());
  std::vector<uint8_t> bad(levels.size(), 0);
  for (size_t i = 0; i < levels.size(); ++i) {
    bad[i] = !ParseNumber(levels[i], &numbers[i]);
  }
  std::vector<double> out(v.codes.size(), kNaN);
  for (size_t r = 0; r < v.codes.size(); ++r) {
    const int32_t c = v.codes[r];
    if (c == Column::kMissingCode) continue;
    if (bad[static_cast<size_t>(c)]) {
      return InvalidArgumentError(fmt::format(
          "{}:{}: column {}: expected a number, found {}", b.file, r + 1,
          v.Display(), QuoteForMessage(levels[static_cast<size_t>(c)])));
    }
    out[r] = numbers[static_cast<size_t>(c)];
  }
  return Column::Doubles(v.name, std::move(out));
}

readstat_error_t Parse(readstat_parser_t* p, FileFormat format,
                       const char* path, ParseState* s) {
  switch (format) {
    case FileFormat::kSav:
      return readstat_parse_sav(p, path, s);
    case FileFormat::kPor:
      return readstat_parse_por(p, path, s);
    case FileFormat::kDta:
      return readstat_parse_dta(p, path, s);
    case FileFormat::kSas7bdat:
      return readstat_parse_sas7bdat(p, path, s);
    case FileFormat::kXpt:
      return readstat_parse_xport(p, path, s);
    default:
      assert(false && "not a statistical file format");
      return READSTAT_ERROR_PARSE;
  }
}

}  // namespace

Result<Table> ReadStatFile(const std::filesystem::path& path, FileFormat format,
                           const TableReadOptions& options,
                           TableReadSummary* summary) {
  JI_RETURN_IF_ERROR(options.Validate());
  JI_ASSIGN_OR_RETURN(std::uintmax_t bytes, RegularFileSize(path));
  const std::string file = path.string();
  std::unique_ptr<readstat_parser_t, ParserCloser> parser(
      readstat_parser_init());
  readstat_parser_t* p = parser.get();
  readstat_set_metadata_handler(p, OnMetadata);
  readstat_set_variable_handler(p, OnVariable);
  readstat_set_value_handler(p, OnValue);
  readstat_set_value_label_handler(p, OnValueLabel);
  readstat_set_error_handler(p, OnError);
  readstat_set_handler_character_encoding(p, "UTF-8");
  MappedFile mapped;
  readstat_set_open_handler(p, MappedOpen);
  readstat_set_close_handler(p, MappedClose);
  readstat_set_seek_handler(p, MappedSeek);
  readstat_set_read_handler(p, MappedRead);
  readstat_set_update_handler(p, MappedUpdate);
  readstat_set_io_ctx(p, &mapped);
  if (options.csv.encoding == Encoding::kGb18030) {
    readstat_set_file_character_encoding(p, "GB18030");
  }
  ParseState state;
  const readstat_error_t rc = Parse(p, format, path.c_str(), &state);
  if (mapped.data != nullptr) MappedClose(&mapped);  // After a failed parse.
  if (rc != READSTAT_OK) return ParseError(file, format, rc, state);

  const CsvReadOptions& csv = options.csv;
  std::unordered_set<std::string> names;
  for (const Variable& v : state.vars) names.insert(v.name);
  std::vector<std::string> required = csv.required_columns;
  for (const auto& [col, type] : csv.column_types) required.push_back(col);
  for (const auto& r : required) {
    if (names.count(r) != 0) continue;
    std::string list;
    for (const Variable& v : state.vars) {
      if (!list.empty()) list += ", ";
      list += QuoteForMessage(v.name);
    }
    return NotFoundError(
        fmt::format("{}: no variable {} in the file (variables are: {})", file,
                    QuoteForMessage(r), list));
  }
  if (state.rows == 0 && !csv.allow_no_rows) {
    return InvalidArgumentError(
        fmt::format("{}: the file has variables but no cases", file));
  }
  BuildContext b{file, format, &csv, &state};
  Table table(file);
  int64_t missing = 0;
  for (Variable& v : state.vars) {
    // Cases after a variable's last value (never in a well-formed file) are
    // missing.
    if (v.is_string) {
      v.codes.resize(static_cast<size_t>(state.rows), Column::kMissingCode);
    } else {
      v.numbers.resize(static_cast<size_t>(state.rows), kNaN);
    }
    auto declared = csv.column_types.find(v.name);
    const bool declared_numeric = declared != csv.column_types.end() &&
                                  declared->second == ColumnType::kDouble;
    const bool declared_text = declared != csv.column_types.end() &&
                               declared->second == ColumnType::kString;
    Result<Column> c =
        v.is_string ? StringVariable(v, b, declared_numeric)
                    : NumericVariable(v, b, declared_numeric, declared_text);
    if (!c.ok()) return c.status();
    c->set_label(v.label);
    for (size_t r = 0; r < c->size(); ++r) missing += c->IsMissing(r);
    JI_RETURN_IF_ERROR(table.AddColumn(std::move(c).value()));
    std::vector<double>().swap(v.numbers);
    std::vector<int32_t>().swap(v.codes);
  }
  table.SetFirstRowNumber(1);
  if (summary != nullptr) {
    summary->format = format;
    summary->bytes = static_cast<int64_t>(bytes);
    summary->rows = state.rows;
    summary->missing_cells = missing;
    summary->file_encoding = state.file_encoding;
  }
  return table;
}

}  // namespace jobimpact::table
