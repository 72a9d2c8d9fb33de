#include "jobimpact/table/csv_reader.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>

#include "jobimpact/base/file.h"
#include "jobimpact/base/quote.h"
#include "jobimpact/base/threads.h"

namespace jobimpact::table {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

std::string Quoted(std::string_view s) { return QuoteForMessage(s); }

std::string DelimiterName(char c) {
  if (c == '\t') return "tab";
  return std::string("'") + c + "'";
}

// A source of raw bytes that can be read twice (prescan, then parse).
class RawSource {
 public:
  virtual ~RawSource() = default;
  virtual Result<size_t> Read(char* dst, size_t n) = 0;
  virtual Status Rewind() = 0;
  // Reads up to `n` bytes at `offset` without moving the position of Read;
  // safe to call from several threads at once.
  virtual Result<size_t> ReadAt(int64_t offset, char* dst, size_t n) const = 0;
};

class FileSource : public RawSource {
 public:
  static Result<std::unique_ptr<FileSource>> Open(
      const std::filesystem::path& path) {
    auto size = RegularFileSize(path);
    if (!size.ok()) return size.status();
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      return IoError(path.string() + ": cannot open: " + std::strerror(errno));
    }
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    return std::unique_ptr<FileSource>(new FileSource(fd, path.string()));
  }
  ~FileSource() override { ::close(fd_); }

  // Sequential reads go through ReadAt too (the file is a regular file, so
  // positioned reads work), keeping one read loop.
  Result<size_t> Read(char* dst, size_t n) override {
    JI_ASSIGN_OR_RETURN(size_t k, ReadAt(pos_, dst, n));
    pos_ += static_cast<int64_t>(k);
    return k;
  }
  Status Rewind() override {
    pos_ = 0;
    return Status::Ok();
  }
  Result<size_t> ReadAt(int64_t offset, char* dst, size_t n) const override {
    size_t total = 0;
    while (total < n) {
      ssize_t r =
          ::pread(fd_, dst + total, n - total,
                  static_cast<off_t>(offset) + static_cast<off_t>(total));
      if (r < 0) {
        if (errno == EINTR) continue;
        return IoError(name_ + ": read failed: " + std::strerror(errno));
      }
      if (r == 0) break;
      total += static_cast<size_t>(r);
    }
    return total;
  }

 private:
  FileSource(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}
  int fd_;
  std::string name_;
  int64_t pos_ = 0;
};

class MemorySource : public RawSource {
 public:
  explicit MemorySource(std::string_view data) : data_(data) {}
  Result<size_t> Read(char* dst, size_t n) override {
    size_t k = std::min(n, data_.size() - pos_);
    std::memcpy(dst, data_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  Status Rewind() override {
    pos_ = 0;
    return Status::Ok();
  }
  Result<size_t> ReadAt(int64_t offset, char* dst, size_t n) const override {
    const size_t at = std::min(static_cast<size_t>(offset), data_.size());
    const size_t k = std::min(n, data_.size() - at);
    std::memcpy(dst, data_.data() + at, k);
    return k;
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

// Bytes [begin, end) of another source, read through its ReadAt, so that
// slices of one file can be read on different threads.
class SliceSource : public RawSource {
 public:
  SliceSource(const RawSource& base, int64_t begin, int64_t end)
      : base_(base), begin_(begin), end_(end), pos_(begin) {}
  Result<size_t> Read(char* dst, size_t n) override {
    JI_ASSIGN_OR_RETURN(size_t k, ReadAt(pos_ - begin_, dst, n));
    pos_ += static_cast<int64_t>(k);
    return k;
  }
  Status Rewind() override {
    pos_ = begin_;
    return Status::Ok();
  }
  Result<size_t> ReadAt(int64_t offset, char* dst, size_t n) const override {
    const int64_t at = begin_ + offset;
    if (at >= end_) return size_t{0};
    return base_.ReadAt(at, dst, std::min(n, static_cast<size_t>(end_ - at)));
  }

 private:
  const RawSource& base_;
  int64_t begin_;
  int64_t end_;
  int64_t pos_;
};

// Offset of the first byte >= 0x80 in `s`, or s.size(): eight bytes at a
// time, since most survey files are ASCII throughout and this runs over every
// byte of them.
size_t FirstNonAscii(std::string_view s) {
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    if (word & kHigh) break;
  }
  while (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80) ++i;
  return i;
}

struct Prescan {
  int64_t bytes = 0;
  int64_t newlines = 0;
  bool utf8_bom = false;
  bool valid_utf8 = true;
  int64_t invalid_utf8_line = 0;
  // Line of the first non-ASCII character while the file was still valid
  // UTF-8 (0: none): UTF-8 text such as Chinese before any invalid byte.
  int64_t utf8_text_line = 0;
  bool only_whitespace = true;
  // A '"' anywhere: without one, every line end ends a record.
  bool has_quote = false;
};

// One pass over the raw bytes: size, newline count (an upper bound on the
// number of records, used to size the columns once), BOM, UTF-8 validity.
Result<Prescan> PrescanSource(RawSource& src, const std::string& name,
                              size_t chunk_bytes) {
  Prescan p;
  std::string chunk(chunk_bytes, '\0');
  Utf8Validator validator;
  bool first = true;
  for (;;) {
    JI_ASSIGN_OR_RETURN(size_t n, src.Read(chunk.data(), chunk.size()));
    if (n == 0) break;
    std::string_view view(chunk.data(), n);
    if (first) {
      first = false;
      if (view.size() >= 2 && ((static_cast<unsigned char>(view[0]) == 0xFF &&
                                static_cast<unsigned char>(view[1]) == 0xFE) ||
                               (static_cast<unsigned char>(view[0]) == 0xFE &&
                                static_cast<unsigned char>(view[1]) == 0xFF))) {
        return InvalidArgumentError(
            name +
            ":1: the file is UTF-16 (byte-order mark FF FE/FE FF); "
            "expected UTF-8 or GB18030 — re-save it as UTF-8 CSV");
      }
      if (view.substr(0, 3) == "\xEF\xBB\xBF") {
        p.utf8_bom = true;
        view.remove_prefix(3);
      }
    }
    if (p.only_whitespace) {
      for (char c : view) {
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
          p.only_whitespace = false;
          break;
        }
      }
    }
    if (p.valid_utf8) {
      size_t bad = validator.Feed(view);
      if (p.utf8_text_line == 0) {
        // In a valid prefix every byte >= 0x80 belongs to a multi-byte
        // character.
        auto valid_end =
            bad == std::string_view::npos ? view.end() : view.begin() + bad;
        auto it =
            view.begin() +
            FirstNonAscii(std::string_view(
                view.data(), static_cast<size_t>(valid_end - view.begin())));
        if (it != valid_end) {
          p.utf8_text_line =
              p.newlines + 1 + std::count(view.begin(), it, '\n');
        }
      }
      if (bad != std::string_view::npos) {
        p.valid_utf8 = false;
        p.invalid_utf8_line =
            p.newlines + 1 + std::count(view.begin(), view.begin() + bad, '\n');
      }
    }
    p.newlines += std::count(view.begin(), view.end(), '\n');
    if (!p.has_quote) {
      p.has_quote = std::memchr(view.data(), '"', view.size()) != nullptr;
    }
    p.bytes += static_cast<int64_t>(n);
  }
  if (p.valid_utf8 && validator.HasIncompleteTail()) {
    p.valid_utf8 = false;
    p.invalid_utf8_line = p.newlines + 1;
  }
  return p;
}

// Yields the file as UTF-8 text, chunk by chunk.
class TextStream {
 public:
  // `detected`: the encoding was chosen by detection, not declared.
  TextStream(RawSource* src, std::string name, bool skip_bom,
             std::unique_ptr<Gb18030Decoder> decoder, size_t chunk_bytes,
             bool detected)
      : src_(src),
        name_(std::move(name)),
        skip_bom_(skip_bom),
        detected_(detected),
        decoder_(std::move(decoder)),
        raw_(chunk_bytes, '\0') {}

  // Appends the next piece of text to `buf`. Returns false at end of input.
  Result<bool> Next(std::string* buf) {
    if (done_) return false;
    JI_ASSIGN_OR_RETURN(size_t n, src_->Read(raw_.data(), raw_.size()));
    std::string_view view(raw_.data(), n);
    if (skip_bom_) {
      skip_bom_ = false;
      view.remove_prefix(std::min<size_t>(3, view.size()));
    }
    bool last = n == 0;
    if (decoder_) {
      size_t error_offset = 0;
      Status s = decoder_->Decode(view, last, buf, &error_offset);
      if (!s.ok()) {
        // Line of the offending byte: newlines in earlier chunks plus those
        // before it in this one (an offset held over from the previous chunk
        // is reported at the chunk start).
        size_t chunk_start = raw_offset_;
        int64_t line = raw_newlines_ + 1;
        if (error_offset >= chunk_start) {
          size_t k = std::min(error_offset - chunk_start, view.size());
          line += std::count(view.begin(), view.begin() + k, '\n');
        }
        return InvalidArgumentError(
            name_ + ":" + std::to_string(line) + ": " + s.message() +
            (detected_ ? " (the file is neither valid UTF-8 nor GB18030)"
                       : " (the encoding is declared as gb18030)"));
      }
    } else {
      buf->append(view);
    }
    raw_offset_ += view.size();
    raw_newlines_ += std::count(view.begin(), view.end(), '\n');
    if (last) done_ = true;
    return !last || !buf->empty();
  }

 private:
  RawSource* src_;
  std::string name_;
  bool skip_bom_;
  bool detected_;
  std::unique_ptr<Gb18030Decoder> decoder_;
  std::string raw_;
  size_t raw_offset_ = 0;
  int64_t raw_newlines_ = 0;
  bool done_ = false;
};

// Splits the text stream into records of fields (RFC 4180).
class RecordParser {
 public:
  RecordParser(TextStream* stream, std::string name, char delimiter)
      : stream_(stream), name_(std::move(name)), delim_(delimiter) {}

  // Reads the next record. Returns false at end of input.
  Result<bool> Next() {
    for (;;) {
      JI_ASSIGN_OR_RETURN(Step step, TryParse());
      if (step == Step::kRecord) return true;
      if (step == Step::kEof) return false;
      // Need more text: drop what was consumed, then append a chunk.
      buf_.erase(0, pos_);
      pos_ = 0;
      JI_ASSIGN_OR_RETURN(bool more, stream_->Next(&buf_));
      if (!more) eof_ = true;
    }
  }

  const std::vector<std::string_view>& fields() const { return fields_; }
  int64_t record_line() const { return record_line_; }
  // Line the next record starts on.
  int64_t next_line() const { return line_; }
  // True if the record was a blank line (a single empty unquoted field).
  bool blank() const { return blank_; }

 private:
  enum class Step { kRecord, kNeedMore, kEof };

  // RFC 4180: a quote may appear only in a quoted field (doubled), and a
  // NUL byte in no field at all (it would be copied into outputs).
  Status StrayByte(char c, int64_t newlines, std::string_view field) const {
    const std::string where = name_ + ":" + std::to_string(line_ + newlines) +
                              ": column " + std::to_string(fields_.size() + 1) +
                              ": ";
    if (c == '"') {
      return InvalidArgumentError(
          where + "a '\"' inside an unquoted field " + QuoteForMessage(field) +
          " (RFC 4180: quote the whole field and double the quote: "
          "\"p\"\"3\")");
    }
    return InvalidArgumentError(where + "a NUL byte in field " +
                                QuoteForMessage(field) +
                                " (a text file has none; is it binary?)");
  }

  Result<Step> TryParse() {
    fields_.clear();
    unescaped_.clear();
    blank_ = false;
    const char* begin = buf_.data();
    const char* end = begin + buf_.size();
    const char* p = begin + pos_;
    if (p == end) return eof_ ? Step::kEof : Step::kNeedMore;
    int64_t newlines = 0;
    bool any_quoted = false;
    for (;;) {
      if (p < end && *p == '"') {
        any_quoted = true;
        const char* q = p + 1;
        bool escaped = false;
        const char* close = nullptr;
        for (;;) {
          const char* r = static_cast<const char*>(
              std::memchr(q, '"', static_cast<size_t>(end - q)));
          if (r == nullptr) {
            if (!eof_) return Step::kNeedMore;
            return InvalidArgumentError(
                name_ + ":" + std::to_string(line_ + newlines) + ": column " +
                std::to_string(fields_.size() + 1) +
                ": quoted field is never closed (missing '\"')");
          }
          if (r + 1 == end && !eof_) return Step::kNeedMore;
          if (r + 1 < end && r[1] == '"') {
            escaped = true;
            q = r + 2;
            continue;
          }
          close = r;
          break;
        }
        std::string_view content(p + 1, static_cast<size_t>(close - p - 1));
        newlines += std::count(content.begin(), content.end(), '\n');
        if (content.find('\0') != std::string_view::npos) {
          return StrayByte('\0', newlines, content);
        }
        if (escaped) {
          std::string& s = unescaped_.emplace_back();
          s.reserve(content.size());
          for (size_t i = 0; i < content.size(); ++i) {
            s.push_back(content[i]);
            if (content[i] == '"') ++i;  // Skip the second quote of a pair.
          }
          fields_.emplace_back(s);
        } else {
          fields_.push_back(content);
        }
        p = close + 1;
        if (p == end) {
          if (!eof_) return Step::kNeedMore;
          break;
        }
        if (*p == delim_) {
          ++p;
          continue;
        }
        if (*p != '\n' && *p != '\r') {
          return InvalidArgumentError(
              name_ + ":" + std::to_string(line_ + newlines) + ": column " +
              std::to_string(fields_.size()) +
              ": unexpected character after a closing quote (expected the "
              "delimiter " +
              DelimiterName(delim_) + " or end of line)");
        }
      } else {
        const char* q = p;
        const char d = delim_;
        // Most bytes (digits, letters, '.', '-') sort above every special
        // byte when the delimiter is ',' or a tab: one comparison skips them.
        const char above = std::max({d, '\r', '"'});
        while (q < end) {
          const char ch = *q;
          if (ch > above) {
            ++q;
            continue;
          }
          if (ch == d || ch == '\n' || ch == '\r') break;
          if (ch == '"' || ch == '\0') {
            const char* e = q;
            while (e < end && *e != d && *e != '\n' && *e != '\r') ++e;
            return StrayByte(ch, newlines,
                             std::string_view(p, static_cast<size_t>(e - p)));
          }
          ++q;
        }
        if (q == end && !eof_) return Step::kNeedMore;
        fields_.emplace_back(p, static_cast<size_t>(q - p));
        p = q;
        if (p == end) break;
        if (*p == d) {
          ++p;
          continue;
        }
      }
      // Line terminator: LF, CRLF or a lone CR.
      if (*p == '\r') {
        if (p + 1 == end && !eof_) return Step::kNeedMore;
        ++p;
        if (p < end && *p == '\n') ++p;
      } else {
        ++p;
      }
      ++newlines;
      break;
    }
    blank_ = !any_quoted && fields_.size() == 1 && fields_[0].empty();
    record_line_ = line_;
    line_ += newlines;
    pos_ = static_cast<size_t>(p - begin);
    return Step::kRecord;
  }

  TextStream* stream_;
  std::string name_;
  char delim_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  int64_t line_ = 1;
  int64_t record_line_ = 1;
  bool blank_ = false;
  std::vector<std::string_view> fields_;
  std::deque<std::string> unescaped_;  // Stable addresses for the views.
};

bool IsNa(std::string_view trimmed, const std::vector<std::string>& na) {
  if (trimmed.empty()) return true;
  for (const auto& v : na) {
    if (trimmed == v) return true;
  }
  return false;
}

struct ColumnBuilder {
  std::string name;
  ColumnType type = ColumnType::kDouble;
  bool declared = false;
  // An inferred numeric column that met text: it is read again as text.
  bool demoted = false;
  // Numbers parsed so far: an inferred column that meets text before any
  // number turns text on the spot (its earlier cells were all missing).
  int64_t numbers = 0;
  std::vector<double> doubles;
  std::vector<int32_t> codes;
  LevelIndex levels;
};

// The inferred numeric columns that met text in a pass: all are re-read as
// text in one more pass.
struct Demotion {
  std::set<std::string> columns;
};

// Gives every column its type (declared, forced to text by an earlier pass,
// or inferred numeric until a non-number shows up) and room for `capacity`
// cells.
void SetTypes(const CsvReadOptions& options,
              const std::set<std::string>& forced_text, size_t capacity,
              std::vector<ColumnBuilder>* cols) {
  for (auto& c : *cols) {
    auto it = options.column_types.find(c.name);
    if (it != options.column_types.end()) {
      c.type = it->second;
      c.declared = true;
    } else if (forced_text.count(c.name)) {
      c.type = ColumnType::kString;
    }
    if (c.type == ColumnType::kDouble) {
      c.doubles.reserve(capacity);
    } else {
      c.codes.reserve(capacity);
    }
  }
}

// Reads the header record (skipping leading blank lines) into `cols` and
// checks the names. Header checks are linear in the number of columns: a
// name index, not a scan per column.
Status ReadHeader(RecordParser& parser, const std::string& name,
                  const CsvReadOptions& options,
                  std::vector<ColumnBuilder>* cols, int64_t* header_line) {
  bool have_header = false;
  for (;;) {
    JI_ASSIGN_OR_RETURN(bool more, parser.Next());
    if (!more) break;
    if (!parser.blank()) {
      have_header = true;
      break;
    }
  }
  if (!have_header) {
    return InvalidArgumentError(
        name + ":1: the file is empty (expected a header line)");
  }
  *header_line = parser.record_line();
  const std::string at = name + ":" + std::to_string(*header_line) + ": ";
  std::unordered_map<std::string, size_t> position;
  for (size_t i = 0; i < parser.fields().size(); ++i) {
    std::string col_name(TrimSpaces(parser.fields()[i]));
    if (col_name.empty()) {
      return InvalidArgumentError(at + "column " + std::to_string(i + 1) +
                                  " has an empty name in the header");
    }
    if (!position.emplace(col_name, i).second) {
      return InvalidArgumentError(at + "column " + std::to_string(i + 1) +
                                  ": duplicate column name " +
                                  Quoted(col_name));
    }
    ColumnBuilder b;
    b.name = std::move(col_name);
    cols->push_back(std::move(b));
  }
  if (cols->size() == 1) {
    const std::string& only = cols->front().name;
    for (char cand : {',', ';', '\t', '|'}) {
      if (cand != options.delimiter && only.find(cand) != std::string::npos) {
        return InvalidArgumentError(at + "the header is a single column " +
                                    Quoted(only) + "; the file looks " +
                                    DelimiterName(cand) +
                                    "-delimited but the delimiter is " +
                                    DelimiterName(options.delimiter));
      }
    }
  }
  std::vector<std::string> required = options.required_columns;
  for (const auto& [col, type] : options.column_types) required.push_back(col);
  for (const auto& r : required) {
    if (position.count(r) != 0) continue;
    std::string list;
    for (const auto& c : *cols) {
      if (!list.empty()) list += ", ";
      list += Quoted(c.name);
    }
    return NotFoundError(at + "no column " + Quoted(r) +
                         " in the header (columns are: " + list + ")");
  }
  return Status::Ok();
}

// Adds one cell to its column. An inferred numeric column that meets text
// turns text if it has no number yet, and is marked for a re-read as text
// otherwise. Returns false if a declared numeric column meets text.
bool AddCell(std::string_view field, const CsvReadOptions& options,
             size_t capacity, ColumnBuilder& c, int64_t* missing_cells,
             Demotion* demotion) {
  if (c.demoted) return true;
  if (c.type == ColumnType::kDouble) {
    double v;
    if (ParseNumber(field, &v)) {
      c.doubles.push_back(v);
      ++c.numbers;
      return true;
    }
    std::string_view t = TrimSpaces(field);
    if (IsNa(t, options.na_values)) {
      c.doubles.push_back(kMissing);
      ++*missing_cells;
      return true;
    }
    if (c.declared) return false;
    if (c.numbers == 0) {
      c.type = ColumnType::kString;
      c.codes.assign(c.doubles.size(), Column::kMissingCode);
      c.codes.reserve(capacity);
      std::vector<double>().swap(c.doubles);
      c.codes.push_back(c.levels.Intern(t));
      return true;
    }
    c.demoted = true;
    demotion->columns.insert(c.name);
    std::vector<double>().swap(c.doubles);
    return true;
  }
  std::string_view t = TrimSpaces(field);
  const bool is_missing = IsNa(t, options.na_values);
  c.codes.push_back(is_missing ? Column::kMissingCode : c.levels.Intern(t));
  *missing_cells += is_missing;
  return true;
}

// What a run of data records held besides the cells.
struct RecordStats {
  int64_t rows = 0;
  int64_t blank_lines = 0;
  int64_t missing_cells = 0;
  // Set once a row is not on the line after the previous row's (blank lines,
  // line breaks inside quotes); `row_lines` then has every row's line.
  bool irregular = false;
  std::vector<int64_t> row_lines;
};

// Parses data records into `cols` until the end of input; the rows are
// expected on consecutive lines from `first_line`.
Status ReadRecords(RecordParser& parser, const std::string& name,
                   const CsvReadOptions& options, size_t capacity,
                   int64_t first_line, std::vector<ColumnBuilder>& cols,
                   RecordStats* stats, Demotion* demotion) {
  const size_t ncols = cols.size();
  for (;;) {
    JI_ASSIGN_OR_RETURN(bool more, parser.Next());
    if (!more) break;
    if (parser.blank() && ncols > 1) {
      ++stats->blank_lines;
      continue;
    }
    const auto& f = parser.fields();
    const int64_t line = parser.record_line();
    if (f.size() != ncols) {
      return InvalidArgumentError(
          name + ":" + std::to_string(line) + ": the record has " +
          std::to_string(f.size()) + " fields but the header has " +
          std::to_string(ncols) + " (check the delimiter " +
          DelimiterName(options.delimiter) + " and quoting)");
    }
    for (size_t i = 0; i < ncols; ++i) {
      if (!AddCell(f[i], options, capacity, cols[i], &stats->missing_cells,
                   demotion)) {
        return InvalidArgumentError(
            name + ":" + std::to_string(line) + ": column " +
            std::to_string(i + 1) + " (" + Quoted(cols[i].name) +
            "): expected a number, found " + Quoted(f[i]));
      }
    }
    if (!stats->irregular && line != stats->rows + first_line) {
      stats->irregular = true;
      stats->row_lines.reserve(capacity);
      for (int64_t r = 0; r < stats->rows; ++r)
        stats->row_lines.push_back(r + first_line);
    }
    if (stats->irregular) stats->row_lines.push_back(line);
    ++stats->rows;
  }
  return Status::Ok();
}

// Moves the parsed columns into a table; `stats.row_lines` (or consecutive
// lines after the header) become the rows' line numbers.
Result<Table> BuildTable(const std::string& name,
                         std::vector<ColumnBuilder>& cols, RecordStats& stats,
                         int64_t header_line) {
  Table table(name);
  for (auto& c : cols) {
    Column column =
        c.type == ColumnType::kDouble
            ? Column::Doubles(std::move(c.name), std::move(c.doubles))
            : Column::Coded(std::move(c.name), std::move(c.codes),
                            c.levels.TakeLevels());
    JI_RETURN_IF_ERROR(table.AddColumn(std::move(column)));
  }
  if (stats.irregular) {
    table.SetRowLines(std::move(stats.row_lines));
  } else if (header_line != 1) {
    std::vector<int64_t> lines(static_cast<size_t>(stats.rows));
    for (int64_t r = 0; r < stats.rows; ++r) lines[r] = r + header_line + 1;
    table.SetRowLines(std::move(lines));
  }
  return table;
}

void FillSummary(const Prescan& pre, Encoding encoding,
                 const RecordStats& stats, int threads,
                 CsvReadSummary* summary) {
  if (summary == nullptr) return;
  summary->threads = threads;
  summary->encoding = encoding;
  summary->had_bom = pre.utf8_bom;
  summary->bytes = pre.bytes;
  summary->rows = stats.rows;
  summary->blank_lines = stats.blank_lines;
  summary->missing_cells = stats.missing_cells;
}

// Offset just past the first line end at or after the middle of the file,
// or 0 if there is none in the next MiB (a file of very long lines is not
// worth splitting).
Result<int64_t> SplitPoint(const RawSource& src, int64_t bytes) {
  std::string probe(size_t{1} << 20, '\0');
  const int64_t middle = bytes / 2;
  JI_ASSIGN_OR_RETURN(size_t n, src.ReadAt(middle, probe.data(), probe.size()));
  const void* nl = std::memchr(probe.data(), '\n', n);
  if (nl == nullptr) return int64_t{0};
  const int64_t split =
      middle + (static_cast<const char*>(nl) - probe.data()) + 1;
  return split < bytes ? split : int64_t{0};
}

// Appends the rows of `tail` (parsed from the second half of the file) to
// `head`. False if a column has a different type in the two halves: the
// sequential read decides then.
bool AppendColumns(std::vector<ColumnBuilder>& head,
                   std::vector<ColumnBuilder>& tail) {
  for (size_t i = 0; i < head.size(); ++i) {
    if (head[i].type != tail[i].type) return false;
  }
  for (size_t i = 0; i < head.size(); ++i) {
    ColumnBuilder& h = head[i];
    ColumnBuilder& t = tail[i];
    if (h.type == ColumnType::kDouble) {
      h.doubles.insert(h.doubles.end(), t.doubles.begin(), t.doubles.end());
      std::vector<double>().swap(t.doubles);
      continue;
    }
    // The tail's levels follow the head's, so the merged order is still
    // that of first appearance in the file.
    std::vector<std::string> levels = t.levels.TakeLevels();
    std::vector<int32_t> to_head(levels.size());
    for (size_t j = 0; j < levels.size(); ++j)
      to_head[j] = h.levels.Intern(levels[j]);
    for (int32_t code : t.codes) {
      h.codes.push_back(code == Column::kMissingCode ? code : to_head[code]);
    }
    std::vector<int32_t>().swap(t.codes);
  }
  return true;
}

// Joins the row statistics of the two halves; the tail's lines were counted
// from 1 and its first line is `tail_line` of the file.
RecordStats JoinStats(RecordStats head, RecordStats tail, int64_t first_line,
                      int64_t tail_line) {
  const bool regular =
      !head.irregular && !tail.irregular && tail_line == first_line + head.rows;
  if (!regular) {
    if (!head.irregular) {
      head.row_lines.resize(static_cast<size_t>(head.rows));
      for (int64_t r = 0; r < head.rows; ++r)
        head.row_lines[r] = first_line + r;
    }
    head.row_lines.reserve(static_cast<size_t>(head.rows + tail.rows));
    for (int64_t r = 0; r < tail.rows; ++r) {
      const int64_t rel = tail.irregular ? tail.row_lines[r] : 1 + r;
      head.row_lines.push_back(rel + tail_line - 1);
    }
    head.irregular = true;
  }
  head.rows += tail.rows;
  head.blank_lines += tail.blank_lines;
  head.missing_cells += tail.missing_cells;
  return head;
}

// Reads a quote-free UTF-8 file as two halves on two threads, split at a
// line end (without quotes every line end ends a record). Returns nullopt
// whenever the result might differ from a sequential read — either half
// has something to report, a column is typed differently in the halves or
// must be re-read as text — and the caller then reads sequentially, which
// gives the same table, or the message with its line, exactly as before.
Result<std::optional<Table>> ReadInHalves(
    RawSource& src, const std::string& name, const CsvReadOptions& options,
    const std::set<std::string>& forced_text, const Prescan& pre,
    CsvReadSummary* summary) {
  JI_ASSIGN_OR_RETURN(int64_t split, SplitPoint(src, pre.bytes));
  if (split == 0) return std::optional<Table>();
  SliceSource head_src(src, 0, split), tail_src(src, split, pre.bytes);
  TextStream head_text(&head_src, name, pre.utf8_bom, nullptr,
                       options.chunk_bytes, false);
  TextStream tail_text(&tail_src, name, false, nullptr, options.chunk_bytes,
                       false);
  RecordParser head_parser(&head_text, name, options.delimiter);
  RecordParser tail_parser(&tail_text, name, options.delimiter);
  std::vector<ColumnBuilder> head;
  int64_t header_line = 0;
  if (!ReadHeader(head_parser, name, options, &head, &header_line).ok()) {
    return std::optional<Table>();
  }
  const size_t capacity =
      static_cast<size_t>(std::max<int64_t>(pre.newlines, 1));
  std::vector<ColumnBuilder> tail(head.size());
  for (size_t i = 0; i < head.size(); ++i) tail[i].name = head[i].name;
  SetTypes(options, forced_text, capacity, &head);
  SetTypes(options, forced_text, capacity, &tail);
  RecordStats head_stats, tail_stats;
  Demotion head_demotion, tail_demotion;
  Status tail_status;
  std::thread worker([&] {
    tail_status = ReadRecords(tail_parser, name, options, capacity, 1, tail,
                              &tail_stats, &tail_demotion);
  });
  Status head_status =
      ReadRecords(head_parser, name, options, capacity, header_line + 1, head,
                  &head_stats, &head_demotion);
  worker.join();
  if (!head_status.ok() || !tail_status.ok() ||
      !head_demotion.columns.empty() || !tail_demotion.columns.empty() ||
      !AppendColumns(head, tail)) {
    return std::optional<Table>();
  }
  RecordStats stats = JoinStats(std::move(head_stats), std::move(tail_stats),
                                header_line + 1, head_parser.next_line());
  if (stats.rows == 0 && !options.allow_no_rows) return std::optional<Table>();
  Result<Table> table = BuildTable(name, head, stats, header_line);
  if (!table.ok()) return std::optional<Table>();
  FillSummary(pre, Encoding::kUtf8, stats, 2, summary);
  return std::optional<Table>(std::move(*table));
}

// Threads for reading a file of `bytes` bytes.
int ReadThreads(const CsvReadOptions& options, int64_t bytes) {
  if (bytes < static_cast<int64_t>(options.parallel_min_bytes)) return 1;
  return options.threads > 0 ? options.threads : AvailableCores();
}

// Checks the encoding the prescan found against the declared one.
Result<Encoding> ChooseEncoding(const std::string& name, const Prescan& pre,
                                Encoding encoding) {
  if (pre.utf8_bom && encoding == Encoding::kGb18030) {
    return InvalidArgumentError(
        name +
        ":1: the file starts with a UTF-8 byte-order mark but the "
        "encoding is declared as gb18030");
  }
  // UTF-8 text on whole lines before the first invalid byte: a UTF-8 file
  // with a bad line, not a GB18030 file (whose Chinese text is almost never
  // valid UTF-8 for a whole line).
  const bool utf8_with_bad_line = !pre.valid_utf8 && pre.utf8_text_line > 0 &&
                                  pre.utf8_text_line < pre.invalid_utf8_line;
  if (encoding == Encoding::kAuto && utf8_with_bad_line) {
    return InvalidArgumentError(fmt::format(
        "{}:{}: invalid UTF-8 byte sequence; the lines before it are UTF-8 "
        "(non-ASCII text from line {}), so the file is read as UTF-8: fix "
        "that line, or declare the encoding",
        name, pre.invalid_utf8_line, pre.utf8_text_line));
  }
  if (encoding == Encoding::kGb18030 && pre.valid_utf8 &&
      pre.utf8_text_line > 0) {
    return InvalidArgumentError(fmt::format(
        "{}:{}: the encoding is declared as gb18030, but the file is valid "
        "UTF-8 with non-ASCII (e.g. Chinese) text from this line on; "
        "declare encoding = \"utf-8\" or \"auto\"",
        name, pre.utf8_text_line));
  }
  if (encoding == Encoding::kAuto) {
    return pre.valid_utf8 ? Encoding::kUtf8 : Encoding::kGb18030;
  }
  if (encoding == Encoding::kUtf8 && !pre.valid_utf8) {
    return InvalidArgumentError(
        name + ":" + std::to_string(pre.invalid_utf8_line) +
        ": invalid UTF-8 byte sequence (declare the encoding as gb18030 or "
        "auto if the file is a GBK/GB18030 export)");
  }
  return encoding;
}

Result<Table> ReadOnce(RawSource& src, const std::string& name,
                       const CsvReadOptions& options,
                       const std::set<std::string>& forced_text,
                       CsvReadSummary* summary, Demotion* demotion) {
  JI_RETURN_IF_ERROR(src.Rewind());
  JI_ASSIGN_OR_RETURN(Prescan pre,
                      PrescanSource(src, name, options.chunk_bytes));
  if (pre.bytes == 0 || pre.only_whitespace) {
    return InvalidArgumentError(
        name + ":1: the file is empty (expected a header line)");
  }
  JI_ASSIGN_OR_RETURN(Encoding encoding,
                      ChooseEncoding(name, pre, options.encoding));
  if (encoding == Encoding::kUtf8 && !pre.has_quote &&
      ReadThreads(options, pre.bytes) >= 2) {
    JI_ASSIGN_OR_RETURN(auto halves, ReadInHalves(src, name, options,
                                                  forced_text, pre, summary));
    if (halves.has_value()) return std::move(*halves);
  }
  std::unique_ptr<Gb18030Decoder> decoder;
  if (encoding == Encoding::kGb18030) {
    JI_ASSIGN_OR_RETURN(decoder, Gb18030Decoder::Create());
  }
  JI_RETURN_IF_ERROR(src.Rewind());
  TextStream stream(&src, name, pre.utf8_bom, std::move(decoder),
                    options.chunk_bytes, options.encoding == Encoding::kAuto);
  RecordParser parser(&stream, name, options.delimiter);
  std::vector<ColumnBuilder> cols;
  int64_t header_line = 0;
  JI_RETURN_IF_ERROR(ReadHeader(parser, name, options, &cols, &header_line));
  const size_t capacity =
      static_cast<size_t>(std::max<int64_t>(pre.newlines, 1));
  SetTypes(options, forced_text, capacity, &cols);
  RecordStats stats;
  JI_RETURN_IF_ERROR(ReadRecords(parser, name, options, capacity,
                                 header_line + 1, cols, &stats, demotion));
  if (!demotion->columns.empty()) return InternalError("demote");
  if (stats.rows == 0 && !options.allow_no_rows) {
    return InvalidArgumentError(name + ":" + std::to_string(header_line) +
                                ": the file has a header but no data rows");
  }
  JI_ASSIGN_OR_RETURN(Table table, BuildTable(name, cols, stats, header_line));
  FillSummary(pre, encoding, stats, 1, summary);
  return table;
}

Result<Table> ReadFromSource(RawSource& src, const std::string& name,
                             const CsvReadOptions& options,
                             CsvReadSummary* summary) {
  JI_RETURN_IF_ERROR(options.Validate());
  std::set<std::string> forced_text;
  for (;;) {
    Demotion demotion;
    Result<Table> r =
        ReadOnce(src, name, options, forced_text, summary, &demotion);
    if (r.ok() || demotion.columns.empty()) return r;
    // Columns that looked numeric hold text further down: read once more
    // with all of them as text (so at most two passes).
    forced_text.insert(demotion.columns.begin(), demotion.columns.end());
  }
}

}  // namespace

Status CsvReadOptions::Validate() const {
  if (delimiter == '"' || delimiter == '\n' || delimiter == '\r' ||
      delimiter == '\0') {
    return InvalidArgumentError(std::string("invalid CSV delimiter '") +
                                delimiter + "'");
  }
  if (chunk_bytes < 16) {
    return InvalidArgumentError("CSV chunk size must be at least 16 bytes");
  }
  if (threads < 0) {
    return InvalidArgumentError(
        "CSV reader threads must be >= 0 (0: all cores)");
  }
  return Status::Ok();
}

namespace {

// Clinger's fast path (W. D. Clinger, "How to read floating point numbers
// accurately", PLDI 1990): a decimal with at most 15 significant digits and
// no exponent is m / 10^k with m < 2^53 and 10^k (k <= 15) both exact
// doubles, so one IEEE division gives the correctly rounded result — the same
// double std::from_chars returns. Anything else takes the general path.
bool FastDecimal(const char* p, const char* end, double* value) {
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3, 1e4,  1e5,
                                      1e6,  1e7,  1e8,  1e9, 1e10, 1e11,
                                      1e12, 1e13, 1e14, 1e15};
  bool negative = false;
  if (p < end && *p == '-') {
    negative = true;
    ++p;
  }
  uint64_t mantissa = 0;
  int digits = 0;
  while (p < end && static_cast<unsigned>(*p - '0') <= 9) {
    mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
    ++digits;
    ++p;
  }
  int fraction = 0;
  if (p < end && *p == '.') {
    ++p;
    while (p < end && static_cast<unsigned>(*p - '0') <= 9) {
      mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
      ++digits;
      ++fraction;
      ++p;
    }
  }
  if (p != end || digits == 0 || digits > 15) return false;
  double v = static_cast<double>(mantissa) / kPow10[fraction];
  *value = negative ? -v : v;
  return true;
}

}  // namespace

bool ParseNumber(std::string_view text, double* value) {
  std::string_view t = text;
  if (!t.empty() && (t.front() == ' ' || t.back() == ' ' || t.front() == '\t' ||
                     t.back() == '\t')) {
    t = TrimSpaces(t);
  }
  if (t.empty()) return false;
  if (t.front() == '+') {
    t.remove_prefix(1);
    if (t.empty() || t.front() == '-' || t.front() == '+') return false;
  }
  const char* first = t.data();
  const char* last = first + t.size();
  if (FastDecimal(first, last, value)) return true;
  auto res = std::from_chars(first, last, *value, std::chars_format::general);
  if (res.ec != std::errc() || res.ptr != last) return false;
  return std::isfinite(*value);
}

Result<Table> ReadCsvFile(const std::filesystem::path& path,
                          const CsvReadOptions& options,
                          CsvReadSummary* summary) {
  JI_ASSIGN_OR_RETURN(auto source, FileSource::Open(path));
  return ReadFromSource(*source, path.string(), options, summary);
}

Result<Table> ReadCsvString(std::string_view data, const std::string& name,
                            const CsvReadOptions& options,
                            CsvReadSummary* summary) {
  MemorySource source(data);
  return ReadFromSource(source, name, options, summary);
}

}  // namespace jobimpact::table
