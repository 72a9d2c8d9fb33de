#include "jobimpact/table/xlsx_reader.h"

#include <expat.h>
#include <fmt/format.h>
#include <zip.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "cell_text.h"
#include "jobimpact/base/file.h"
#include "jobimpact/base/quote.h"

namespace jobimpact::table {
namespace {

// ---------------------------------------------------------------------------
// The zip container (libzip).

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

std::string ZipErrorText(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

class Workbook {
 public:
  static Result<Workbook> Open(const std::filesystem::path& path) {
    JI_ASSIGN_OR_RETURN(std::uintmax_t size, RegularFileSize(path));
    int code = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
    if (z == nullptr) {
      // A zip archive starts with a local file header ("PK\3\4") and ends
      // with its directory: the start without the end is a cut-off file.
      char head[4] = {};
      std::ifstream(path, std::ios::binary).read(head, sizeof(head));
      const bool zip_start = std::string_view(head, 4) == "PK\x03\x04";
      if (code == ZIP_ER_NOZIP && !zip_start) {
        return InvalidArgumentError(fmt::format(
            "{}: not an Excel workbook: an .xlsx file is a zip archive and "
            "this is not one (a CSV or an old .xls saved with the wrong "
            "extension? re-save it as .xlsx, or name it .csv)",
            path.string()));
      }
      return InvalidArgumentError(fmt::format(
          "{}: the workbook's zip archive is damaged or truncated ({}); "
          "re-save it from Excel",
          path.string(), ZipErrorText(code)));
    }
    return Workbook(z, path.string(), static_cast<int64_t>(size));
  }

  const std::string& name() const { return name_; }
  int64_t bytes() const { return bytes_; }
  bool Has(const std::string& entry) const {
    return zip_name_locate(zip_.get(), entry.c_str(), 0) >= 0;
  }

  // Streams `entry` to `sink` in pieces.
  template <typename Sink>
  Status Stream(const std::string& entry, Sink&& sink) const {
    std::unique_ptr<zip_file_t, ZipFileCloser> f(
        zip_fopen(zip_.get(), entry.c_str(), 0));
    if (f == nullptr) {
      return InvalidArgumentError(fmt::format(
          "{}: the workbook has no part {} or it cannot be opened ({}); is "
          "the file an Excel workbook?",
          name_, entry, zip_strerror(zip_.get())));
    }
    std::string buf(size_t{1} << 18, '\0');
    for (;;) {
      zip_int64_t n = zip_fread(f.get(), buf.data(), buf.size());
      if (n < 0) {
        return InvalidArgumentError(fmt::format(
            "{}: part {} of the workbook is damaged ({}); re-save it from "
            "Excel",
            name_, entry, zip_file_strerror(f.get())));
      }
      JI_RETURN_IF_ERROR(
          sink(std::string_view(buf.data(), static_cast<size_t>(n)), n == 0));
      if (n == 0) break;
    }
    return Status::Ok();
  }

 private:
  Workbook(zip_t* z, std::string name, int64_t bytes)
      : zip_(z), name_(std::move(name)), bytes_(bytes) {}
  std::unique_ptr<zip_t, ZipCloser> zip_;
  std::string name_;
  int64_t bytes_ = 0;
};

// ---------------------------------------------------------------------------
// XML (expat), element names without their namespace prefix.

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void Start(std::string_view name, const char** attrs) = 0;
  virtual void End(std::string_view name) = 0;
  virtual void Text(std::string_view) {}
  // A handler that finds bad content sets this; parsing stops.
  Status error;
};

std::string_view LocalName(const char* name) {
  std::string_view n(name);
  size_t colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

const char* Attr(const char** attrs, std::string_view key) {
  for (size_t i = 0; attrs[i] != nullptr; i += 2) {
    if (LocalName(attrs[i]) == key) return attrs[i + 1];
  }
  return nullptr;
}

struct ParserCloser {
  void operator()(XML_Parser p) const { XML_ParserFree(p); }
};

Status ParseXmlPart(const Workbook& book, const std::string& entry,
                    XmlHandler* handler) {
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, ParserCloser> parser(
      XML_ParserCreate("UTF-8"));
  XML_Parser p = parser.get();
  struct Ctx {
    XML_Parser parser;
    XmlHandler* handler;
  } ctx{p, handler};
  XML_SetUserData(p, &ctx);
  XML_SetElementHandler(
      p,
      [](void* data, const char* name, const char** attrs) {
        auto* c = static_cast<Ctx*>(data);
        c->handler->Start(LocalName(name), attrs);
        if (!c->handler->error.ok()) XML_StopParser(c->parser, XML_FALSE);
      },
      [](void* data, const char* name) {
        auto* c = static_cast<Ctx*>(data);
        c->handler->End(LocalName(name));
        if (!c->handler->error.ok()) XML_StopParser(c->parser, XML_FALSE);
      });
  XML_SetCharacterDataHandler(p, [](void* data, const char* s, int len) {
    static_cast<Ctx*>(data)->handler->Text(
        std::string_view(s, static_cast<size_t>(len)));
  });
  Status streamed =
      book.Stream(entry, [&](std::string_view piece, bool last) -> Status {
        if (XML_Parse(p, piece.data(), static_cast<int>(piece.size()),
                      last ? XML_TRUE : XML_FALSE) != XML_STATUS_OK) {
          if (!handler->error.ok()) return handler->error;
          return InvalidArgumentError(fmt::format(
              "{}: part {} of the workbook is not well-formed XML (line {}: "
              "{}); re-save it from Excel",
              book.name(), entry, XML_GetCurrentLineNumber(p),
              XML_ErrorString(XML_GetErrorCode(p))));
        }
        return Status::Ok();
      });
  JI_RETURN_IF_ERROR(streamed);
  return handler->error;
}

// ---------------------------------------------------------------------------
// Workbook parts: sheets, relationships, shared strings, styles.

struct SheetRef {
  std::string name;
  std::string rel_id;
};

class WorkbookHandler : public XmlHandler {
 public:
  void Start(std::string_view name, const char** attrs) override {
    if (name == "sheet") {
      const char* n = Attr(attrs, "name");
      const char* id = Attr(attrs, "id");
      sheets.push_back({n ? n : "", id ? id : ""});
    } else if (name == "workbookPr") {
      const char* d = Attr(attrs, "date1904");
      date1904 = d != nullptr &&
                 (std::strcmp(d, "1") == 0 || std::strcmp(d, "true") == 0);
    }
  }
  void End(std::string_view) override {}
  std::vector<SheetRef> sheets;
  bool date1904 = false;
};

class RelsHandler : public XmlHandler {
 public:
  void Start(std::string_view name, const char** attrs) override {
    if (name != "Relationship") return;
    const char* id = Attr(attrs, "Id");
    const char* target = Attr(attrs, "Target");
    if (id && target) targets[id] = target;
  }
  void End(std::string_view) override {}
  std::unordered_map<std::string, std::string> targets;
};

// <si> items; the text of every <t> in an item except phonetic runs (<rPh>).
class SharedStringsHandler : public XmlHandler {
 public:
  void Start(std::string_view name, const char**) override {
    if (name == "si") {
      strings.emplace_back();
    } else if (name == "t") {
      in_t_ = true;
    } else if (name == "rPh") {
      in_phonetic_ = true;
    }
  }
  void End(std::string_view name) override {
    if (name == "t") in_t_ = false;
    if (name == "rPh") in_phonetic_ = false;
  }
  void Text(std::string_view s) override {
    if (in_t_ && !in_phonetic_ && !strings.empty()) strings.back().append(s);
  }
  std::vector<std::string> strings;

 private:
  bool in_t_ = false;
  bool in_phonetic_ = false;
};

// Which cell formats (<cellXfs><xf numFmtId>) show numbers as dates.
class StylesHandler : public XmlHandler {
 public:
  void Start(std::string_view name, const char** attrs) override {
    if (name == "numFmt") {
      const char* id = Attr(attrs, "numFmtId");
      const char* code = Attr(attrs, "formatCode");
      if (id && code) custom_[std::atoi(id)] = code;
    } else if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_) {
      const char* id = Attr(attrs, "numFmtId");
      xf_format_.push_back(id ? std::atoi(id) : 0);
    }
  }
  void End(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
  }
  std::vector<bool> DateStyles() const {
    std::vector<bool> out;
    out.reserve(xf_format_.size());
    for (int id : xf_format_) {
      auto it = custom_.find(id);
      out.push_back(it != custom_.end() ? IsDateFormatCode(it->second)
                                        : IsBuiltinDateFormat(id));
    }
    return out;
  }

 private:
  bool in_cell_xfs_ = false;
  std::unordered_map<int, std::string> custom_;
  std::vector<int> xf_format_;
};

// ---------------------------------------------------------------------------
// The worksheet: header row, then records of raw cells per column.

struct RawCell {
  CellKind kind = CellKind::kEmpty;
  double number = 0;
  uint32_t text = 0;  // Index into the shared strings or the local pool.
  bool shared = false;
};

class SheetHandler : public XmlHandler {
 public:
  SheetHandler(std::string source, int header_row,
               const std::vector<std::string>* shared,
               const std::vector<bool>* date_styles)
      : source_(std::move(source)),
        header_row_(header_row),
        shared_(shared),
        date_styles_(date_styles) {}

  void Start(std::string_view name, const char** attrs) override {
    if (name == "row") {
      const char* r = Attr(attrs, "r");
      row_ = r ? std::atoll(r) : row_ + 1;
      next_col_ = 0;
      row_cells_.clear();
    } else if (name == "c") {
      StartCell(attrs);
    } else if (name == "v" || (name == "t" && in_is_)) {
      in_value_ = true;
      value_.clear();
    } else if (name == "is") {
      in_is_ = true;
      value_.clear();
    } else if (name == "f") {
      has_formula_ = true;
    } else if (name == "mergeCell") {
      const char* ref = Attr(attrs, "ref");
      if (ref) CheckMerge(ref);
    }
  }

  void End(std::string_view name) override {
    if (name == "v" || (name == "t" && in_is_)) {
      in_value_ = false;
      have_value_ = true;
    } else if (name == "is") {
      in_is_ = false;
    } else if (name == "c") {
      EndCell();
    } else if (name == "row") {
      EndRow();
    }
  }

  void Text(std::string_view s) override {
    if (in_value_) value_.append(s);
  }

  // Results.
  Status header_error;
  bool saw_header() const { return saw_header_; }
  std::string_view CellString(const RawCell& c) const { return TextOf(c); }
  std::vector<std::string> header;   // Names, column first_col_ + i.
  std::vector<int64_t> header_cols;  // Sheet column index of each name.
  std::vector<std::vector<RawCell>> columns;
  std::vector<int64_t> record_rows;  // Sheet row of each record.
  std::vector<std::string> pool;     // Inline and formula strings, errors.

 private:
  std::string CellRef(int64_t col, int64_t row) const {
    return ColumnLetters(col) + std::to_string(row);
  }

  void Fail(std::string message) {
    if (error.ok()) error = InvalidArgumentError(std::move(message));
  }
  // Header problems are reported after the whole sheet is read, since the
  // merged cells that usually cause them are listed after the data.
  void HeaderFail(std::string message) {
    if (header_error.ok()) {
      header_error = InvalidArgumentError(std::move(message));
    }
  }

  void StartCell(const char** attrs) {
    const char* r = Attr(attrs, "r");
    col_ = next_col_;
    if (r != nullptr) {
      int64_t row = 0;
      if (!ParseCellReference(r, &col_, &row)) {
        Fail(fmt::format("{}:{}: invalid cell reference {}", source_, row_,
                         QuoteForMessage(r)));
        return;
      }
    }
    next_col_ = col_ + 1;
    const char* t = Attr(attrs, "t");
    type_ = t ? t : "n";
    const char* s = Attr(attrs, "s");
    style_ = s ? std::atoi(s) : 0;
    value_.clear();
    have_value_ = false;
    has_formula_ = false;
  }

  void EndCell() {
    RawCell cell;
    // Some writers (openpyxl) save a formula with an empty <v/>: no value.
    if (have_value_ && value_.empty() && type_ != "str" &&
        type_ != "inlineStr") {
      have_value_ = false;
    }
    if (!have_value_) {
      cell.kind =
          has_formula_ ? CellKind::kFormulaWithoutValue : CellKind::kEmpty;
    } else if (type_ == "s") {
      size_t index = 0;
      auto [p, ec] =
          std::from_chars(value_.data(), value_.data() + value_.size(), index);
      if (ec != std::errc() || index >= shared_->size()) {
        Fail(fmt::format(
            "{}:{}: cell {} refers to shared string {} of {}; "
            "the workbook is damaged",
            source_, row_, CellRef(col_, row_), value_, shared_->size()));
        return;
      }
      cell.kind = CellKind::kText;
      cell.shared = true;
      cell.text = static_cast<uint32_t>(index);
    } else if (type_ == "str" || type_ == "inlineStr" || type_ == "d" ||
               type_ == "e") {
      cell.kind = type_ == "e" ? CellKind::kError : CellKind::kText;
      cell.text = static_cast<uint32_t>(pool.size());
      pool.push_back(value_);
    } else if (type_ == "b") {
      cell.kind = CellKind::kBool;
      cell.number = value_ == "1" || value_ == "true" ? 1 : 0;
    } else {
      double v = 0;
      if (!ParseNumber(value_, &v)) {
        Fail(fmt::format(
            "{}:{}: cell {} holds {} where the workbook says a "
            "number; the workbook is damaged",
            source_, row_, CellRef(col_, row_), QuoteForMessage(value_)));
        return;
      }
      const bool date = style_ >= 0 &&
                        static_cast<size_t>(style_) < date_styles_->size() &&
                        (*date_styles_)[static_cast<size_t>(style_)];
      cell.kind = date ? CellKind::kDate : CellKind::kNumber;
      cell.number = v;
    }
    if (cell.kind != CellKind::kEmpty) row_cells_.emplace_back(col_, cell);
  }

  std::string_view TextOf(const RawCell& c) const {
    return c.shared ? std::string_view((*shared_)[c.text])
                    : std::string_view(pool[c.text]);
  }

  void EndRow() {
    if (!error.ok() || !header_error.ok() || row_ < header_row_) return;
    if (!saw_header_) {
      if (row_ > header_row_ || row_cells_.empty()) return;
      TakeHeader();
      return;
    }
    if (row_cells_.empty()) return;
    const size_t record = record_rows.size();
    record_rows.push_back(row_);
    for (auto& col : columns) col.emplace_back();
    for (const auto& [col, cell] : row_cells_) {
      auto it = column_of_.find(col);
      if (it == column_of_.end()) {
        Fail(fmt::format(
            "{}:{}: cell {} holds a value but column {} has no name in the "
            "header row {}",
            source_, row_, CellRef(col, row_), ColumnLetters(col),
            header_row_));
        return;
      }
      columns[it->second][record] = cell;
    }
  }

  void TakeHeader() {
    saw_header_ = true;
    std::sort(row_cells_.begin(), row_cells_.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::unordered_set<std::string> seen;
    int64_t expect = row_cells_.front().first;
    for (const auto& [col, cell] : row_cells_) {
      if (col != expect) {
        HeaderFail(fmt::format(
            "{}:{}: column {} has an empty name in the header "
            "(cell {})",
            source_, row_, ColumnLetters(expect), CellRef(expect, row_)));
        return;
      }
      ++expect;
      std::string name = HeaderText(cell);
      if (name.empty()) {
        HeaderFail(
            fmt::format("{}:{}: column {} has an empty name in the header "
                        "(cell {})",
                        source_, row_, ColumnLetters(col), CellRef(col, row_)));
        return;
      }
      if (!seen.insert(name).second) {
        HeaderFail(fmt::format("{}:{}: column {}: duplicate column name {}",
                               source_, row_, ColumnLetters(col),
                               QuoteForMessage(name)));
        return;
      }
      column_of_[col] = header.size();
      header.push_back(std::move(name));
      header_cols.push_back(col);
    }
    columns.resize(header.size());
  }

  std::string HeaderText(const RawCell& c) const {
    switch (c.kind) {
      case CellKind::kText:
      case CellKind::kError:
        return std::string(TrimCellText(TextOf(c)));
      case CellKind::kNumber:
      case CellKind::kDate:
        return NumberText(c.number);
      case CellKind::kBool:
        return c.number != 0 ? "TRUE" : "FALSE";
      default:
        return "";
    }
  }

  void CheckMerge(const char* ref) {
    int64_t c1 = 0, r1 = 0, c2 = 0, r2 = 0;
    std::string_view s(ref);
    size_t colon = s.find(':');
    if (colon == std::string_view::npos ||
        !ParseCellReference(s.substr(0, colon), &c1, &r1) ||
        !ParseCellReference(s.substr(colon + 1), &c2, &r2)) {
      return;
    }
    if (r1 <= header_row_ && header_row_ <= r2) {
      Fail(fmt::format(
          "{}:{}: the header row has merged cells {} (each column needs its "
          "own name in one cell: unmerge them, or set the header row)",
          source_, header_row_, ref));
    }
  }

  std::string source_;
  int64_t header_row_;
  const std::vector<std::string>* shared_;
  const std::vector<bool>* date_styles_;
  int64_t row_ = 0;
  int64_t col_ = 0;
  int64_t next_col_ = 0;
  std::string type_;
  int style_ = 0;
  std::string value_;
  bool in_value_ = false;
  bool in_is_ = false;
  bool have_value_ = false;
  bool has_formula_ = false;
  bool saw_header_ = false;
  std::vector<std::pair<int64_t, RawCell>> row_cells_;
  std::unordered_map<int64_t, size_t> column_of_;
};

// ---------------------------------------------------------------------------
// Typing: raw cells to a numeric or text column.

struct ColumnContext {
  const SheetHandler* sheet;
  const std::string* source;
  const CsvReadOptions* options;
  bool date1904;
};

// "FILE[SHEET]:ROW: column "NAME" (CELL)" of record `r` in column `index`.
std::string CellWhere(const ColumnContext& ctx, const std::string& name,
                      size_t index, size_t r) {
  const int64_t row = ctx.sheet->record_rows[r];
  return fmt::format("{}:{}: column {} ({}{})", *ctx.source, row,
                     QuoteForMessage(name),
                     ColumnLetters(ctx.sheet->header_cols[index]), row);
}

bool IsNaText(std::string_view t, const std::vector<std::string>& na) {
  if (t.empty()) return true;
  return std::find(na.begin(), na.end(), t) != na.end();
}

// Whether every value of the column reads as a number.
bool AllNumeric(const std::vector<RawCell>& cells, const ColumnContext& ctx) {
  for (const RawCell& c : cells) {
    if (c.kind == CellKind::kNumber || c.kind == CellKind::kEmpty ||
        c.kind == CellKind::kFormulaWithoutValue) {
      continue;
    }
    if (c.kind != CellKind::kText) return false;
    std::string_view t = TrimCellText(ctx.sheet->CellString(c));
    double v = 0;
    if (!IsNaText(t, ctx.options->na_values) && !ParseNumber(t, &v)) {
      return false;
    }
  }
  return true;
}

// `declared`: the column's type is declared numeric; undeclared columns
// read a formula without a saved value as missing (nothing uses them).
Result<Column> NumericColumn(const std::string& name, size_t index,
                             const std::vector<RawCell>& cells,
                             const ColumnContext& ctx, bool declared) {
  std::vector<double> values(cells.size(),
                             std::numeric_limits<double>::quiet_NaN());
  for (size_t r = 0; r < cells.size(); ++r) {
    const RawCell& c = cells[r];
    auto where = [&]() { return CellWhere(ctx, name, index, r); };
    switch (c.kind) {
      case CellKind::kEmpty:
        break;
      case CellKind::kNumber:
      case CellKind::kBool:
        values[r] = c.number;
        break;
      case CellKind::kText: {
        std::string_view t = TrimCellText(ctx.sheet->CellString(c));
        if (IsNaText(t, ctx.options->na_values)) break;
        if (!ParseNumber(t, &values[r])) {
          return InvalidArgumentError(
              fmt::format("{}: expected a number, found {}", where(),
                          QuoteForMessage(ctx.sheet->CellString(c))));
        }
        break;
      }
      case CellKind::kDate:
        return InvalidArgumentError(fmt::format(
            "{}: expected a number, found the date {} (the cell has a date "
            "format: give it a number format in the workbook)",
            where(), ExcelSerialToIso(c.number, ctx.date1904)));
      case CellKind::kError:
        return InvalidArgumentError(
            fmt::format("{}: the cell holds the Excel error {}; expected a "
                        "number",
                        where(), ctx.sheet->CellString(c)));
      case CellKind::kFormulaWithoutValue:
        if (!declared) break;
        return InvalidArgumentError(fmt::format(
            "{}: the cell's formula has no saved value (the workbook was "
            "written by a program that does not compute formulas: open and "
            "save it in Excel or LibreOffice)",
            where()));
    }
  }
  return Column::Doubles(name, std::move(values));
}

// `declared`: the column's type is declared text; there an error value or
// a formula without a saved value is an error, not a level or a blank.
Result<Column> TextColumn(const std::string& name, size_t index,
                          const std::vector<RawCell>& cells,
                          const ColumnContext& ctx, bool declared,
                          int64_t* missing) {
  LevelIndex levels;
  std::vector<int32_t> codes(cells.size(), Column::kMissingCode);
  for (size_t r = 0; r < cells.size(); ++r) {
    const RawCell& c = cells[r];
    if (declared && (c.kind == CellKind::kError ||
                     c.kind == CellKind::kFormulaWithoutValue)) {
      return InvalidArgumentError(fmt::format(
          "{}: {}", CellWhere(ctx, name, index, r),
          c.kind == CellKind::kError
              ? "the cell holds the Excel error " +
                    std::string(ctx.sheet->CellString(c))
              : std::string("the cell's formula has no saved value (open and "
                            "save the workbook in Excel or LibreOffice)")));
    }
    std::string text;
    switch (c.kind) {
      case CellKind::kEmpty:
      case CellKind::kFormulaWithoutValue:
        break;
      case CellKind::kNumber:
        text = NumberText(c.number);
        break;
      case CellKind::kBool:
        text = c.number != 0 ? "TRUE" : "FALSE";
        break;
      case CellKind::kDate:
        text = ExcelSerialToIso(c.number, ctx.date1904);
        break;
      case CellKind::kText:
      case CellKind::kError: {
        std::string_view t = TrimCellText(ctx.sheet->CellString(c));
        if (!IsNaText(t, ctx.options->na_values)) text = t;
        break;
      }
    }
    if (text.empty()) {
      ++*missing;
    } else {
      codes[r] = levels.Intern(text);
    }
  }
  return Column::Coded(name, std::move(codes), levels.TakeLevels());
}

// ---------------------------------------------------------------------------

struct OpenedBook {
  Workbook book;
  std::vector<SheetRef> sheets;
  bool date1904 = false;
  std::unordered_map<std::string, std::string> targets;
};

Result<OpenedBook> OpenBook(const std::filesystem::path& path) {
  JI_ASSIGN_OR_RETURN(Workbook book, Workbook::Open(path));
  if (!book.Has("xl/workbook.xml")) {
    return InvalidArgumentError(fmt::format(
        "{}: a zip archive but not an Excel workbook (no xl/workbook.xml; an "
        ".xlsx saved by Excel, LibreOffice or WPS has one)",
        book.name()));
  }
  WorkbookHandler wb;
  JI_RETURN_IF_ERROR(ParseXmlPart(book, "xl/workbook.xml", &wb));
  RelsHandler rels;
  JI_RETURN_IF_ERROR(ParseXmlPart(book, "xl/_rels/workbook.xml.rels", &rels));
  return OpenedBook{std::move(book), std::move(wb.sheets), wb.date1904,
                    std::move(rels.targets)};
}

std::string SheetList(const std::vector<SheetRef>& sheets) {
  std::string s;
  for (const auto& sh : sheets) {
    if (!s.empty()) s += ", ";
    s += QuoteForMessage(sh.name);
  }
  return s;
}

Result<const SheetRef*> ChooseSheet(const OpenedBook& b,
                                    const SheetOptions& opts) {
  if (b.sheets.empty()) {
    return InvalidArgumentError(
        fmt::format("{}: the workbook has no sheets", b.book.name()));
  }
  if (!opts.name.empty()) {
    for (const auto& s : b.sheets) {
      if (s.name == opts.name) return &s;
    }
    return InvalidArgumentError(fmt::format(
        "{}: no sheet {} (the workbook's sheets are: {})", b.book.name(),
        QuoteForMessage(opts.name), SheetList(b.sheets)));
  }
  if (opts.number < 1 || static_cast<size_t>(opts.number) > b.sheets.size()) {
    return InvalidArgumentError(fmt::format(
        "{}: no sheet number {}: the workbook has {} sheet(s): {}",
        b.book.name(), opts.number, b.sheets.size(), SheetList(b.sheets)));
  }
  return &b.sheets[static_cast<size_t>(opts.number - 1)];
}

std::string PartOfTarget(const std::string& target) {
  if (!target.empty() && target.front() == '/') return target.substr(1);
  return "xl/" + target;
}

}  // namespace

Result<std::vector<std::string>> ListXlsxSheets(
    const std::filesystem::path& path) {
  JI_ASSIGN_OR_RETURN(OpenedBook b, OpenBook(path));
  std::vector<std::string> names;
  for (const auto& s : b.sheets) names.push_back(s.name);
  return names;
}

Result<Table> ReadXlsxFile(const std::filesystem::path& path,
                           const TableReadOptions& options,
                           TableReadSummary* summary) {
  JI_RETURN_IF_ERROR(options.Validate());
  JI_ASSIGN_OR_RETURN(OpenedBook b, OpenBook(path));
  JI_ASSIGN_OR_RETURN(const SheetRef* sheet, ChooseSheet(b, options.sheet));
  auto target = b.targets.find(sheet->rel_id);
  if (target == b.targets.end()) {
    return InvalidArgumentError(fmt::format(
        "{}: sheet {} has no part in the workbook's relationships; the "
        "workbook is damaged",
        b.book.name(), QuoteForMessage(sheet->name)));
  }
  SharedStringsHandler shared;
  if (b.book.Has("xl/sharedStrings.xml")) {
    JI_RETURN_IF_ERROR(ParseXmlPart(b.book, "xl/sharedStrings.xml", &shared));
  }
  StylesHandler styles;
  if (b.book.Has("xl/styles.xml")) {
    JI_RETURN_IF_ERROR(ParseXmlPart(b.book, "xl/styles.xml", &styles));
  }
  const std::vector<bool> date_styles = styles.DateStyles();
  const std::string source = b.book.name() + "[" + sheet->name + "]";
  SheetHandler sh(source, options.sheet.header_row, &shared.strings,
                  &date_styles);
  JI_RETURN_IF_ERROR(ParseXmlPart(b.book, PartOfTarget(target->second), &sh));
  JI_RETURN_IF_ERROR(sh.header_error);
  if (!sh.saw_header()) {
    return InvalidArgumentError(fmt::format(
        "{}:{}: the sheet is empty at its header row (expected the column "
        "names in row {})",
        source, options.sheet.header_row, options.sheet.header_row));
  }
  const CsvReadOptions& csv = options.csv;
  std::unordered_set<std::string> names(sh.header.begin(), sh.header.end());
  std::vector<std::string> required = csv.required_columns;
  for (const auto& [col, type] : csv.column_types) required.push_back(col);
  for (const auto& r : required) {
    if (names.count(r) == 0) {
      std::string list;
      for (const auto& h : sh.header) {
        if (!list.empty()) list += ", ";
        list += QuoteForMessage(h);
      }
      return NotFoundError(fmt::format(
          "{}:{}: no column {} in the header (columns are: {})", source,
          options.sheet.header_row, QuoteForMessage(r), list));
    }
  }
  if (sh.record_rows.empty() && !csv.allow_no_rows) {
    return InvalidArgumentError(
        fmt::format("{}:{}: the sheet has a header but no data rows", source,
                    options.sheet.header_row));
  }
  ColumnContext ctx{&sh, &source, &csv, b.date1904};
  Table table(source);
  int64_t missing = 0;
  for (size_t i = 0; i < sh.header.size(); ++i) {
    const std::string& name = sh.header[i];
    auto declared = csv.column_types.find(name);
    const bool numeric = declared != csv.column_types.end()
                             ? declared->second == ColumnType::kDouble
                             : AllNumeric(sh.columns[i], ctx);
    if (numeric) {
      JI_ASSIGN_OR_RETURN(Column c,
                          NumericColumn(name, i, sh.columns[i], ctx,
                                        declared != csv.column_types.end()));
      for (double v : c.doubles()) missing += std::isnan(v);
      JI_RETURN_IF_ERROR(table.AddColumn(std::move(c)));
    } else {
      JI_ASSIGN_OR_RETURN(
          Column c, TextColumn(name, i, sh.columns[i], ctx,
                               declared != csv.column_types.end(), &missing));
      JI_RETURN_IF_ERROR(table.AddColumn(std::move(c)));
    }
    std::vector<RawCell>().swap(sh.columns[i]);
  }
  table.SetRowLines(sh.record_rows);
  if (summary != nullptr) {
    summary->format = FileFormat::kXlsx;
    summary->bytes = b.book.bytes();
    summary->rows = static_cast<int64_t>(sh.record_rows.size());
    summary->missing_cells = missing;
    summary->sheet = sheet->name;
  }
  return table;
}

}  // namespace jobimpact::table
