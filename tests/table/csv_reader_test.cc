#include "jobimpact/table/csv_reader.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <random>

#include "test_util.h"

namespace jobimpact::table {
namespace {

using ::testing::HasSubstr;

Table MustRead(const std::string& data, CsvReadOptions opts = {}) {
  auto t = ReadCsvString(data, "t.csv", opts);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? std::move(t).value() : Table();
}

std::string ErrorOf(const std::string& data, CsvReadOptions opts = {}) {
  auto t = ReadCsvString(data, "t.csv", opts);
  EXPECT_FALSE(t.ok());
  return t.ok() ? "" : t.status().message();
}

TEST(CsvReaderTest, InfersNumericAndTextColumns) {
  Table t = MustRead("id,x,name\n1,2.5,a\n2,-3e2,b\n");
  ASSERT_EQ(t.num_rows(), 2u);
  EXPECT_EQ(t.Find("id")->type(), ColumnType::kDouble);
  EXPECT_EQ(t.Find("x")->doubles()[1], -300.0);
  EXPECT_EQ(t.Find("name")->type(), ColumnType::kString);
  EXPECT_EQ(t.Find("name")->text(0), "a");
}

TEST(CsvReaderTest, QuotedFieldsWithDelimitersQuotesAndNewlines) {
  Table t =
      MustRead("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",3\nplain,4\n");
  ASSERT_EQ(t.num_rows(), 3u);
  const Column& a = *t.Find("a");
  EXPECT_EQ(a.text(0), "x, y");
  EXPECT_EQ(t.Find("b")->text(0), "say \"hi\"");
  EXPECT_EQ(a.text(1), "two\nlines");
  // The record after a two-line record starts on line 5.
  EXPECT_EQ(t.LineOfRow(2), 5);
}

TEST(CsvReaderTest, CrLfBomAndBlankLines) {
  Table t = MustRead("\xEF\xBB\xBFk,v\r\n1,2\r\n\r\n3,4\r\n");
  ASSERT_EQ(t.num_rows(), 2u);
  EXPECT_NE(t.Find("k"), nullptr) << "BOM must not stick to the first header";
  EXPECT_EQ(t.Find("v")->doubles()[1], 4.0);
  EXPECT_EQ(t.LineOfRow(1), 4);
}

TEST(CsvReaderTest, NaAndEmptyAreMissing) {
  Table t = MustRead("x,s\n1,a\nNA,NA\n,\n 2 , b \n");
  const Column& x = *t.Find("x");
  EXPECT_FALSE(x.IsMissing(0));
  EXPECT_TRUE(x.IsMissing(1));
  EXPECT_TRUE(x.IsMissing(2));
  EXPECT_EQ(x.doubles()[3], 2.0);
  const Column& s = *t.Find("s");
  EXPECT_TRUE(s.IsMissing(1));
  EXPECT_TRUE(s.IsMissing(2));
  EXPECT_EQ(s.text(3), "b");
}

TEST(CsvReaderTest, DetectsGb18030) {
  auto gb = EncodeGb18030("省份,人数\n广东,12\n北京,3\n");
  ASSERT_TRUE(gb.ok());
  CsvReadSummary summary;
  auto t = ReadCsvString(*gb, "gb.csv", {}, &summary);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(summary.encoding, Encoding::kGb18030);
  EXPECT_EQ(t->Find("省份")->text(0), "广东");
  EXPECT_EQ(t->Find("人数")->doubles()[1], 3.0);
}

TEST(CsvReaderTest, DeclaredUtf8RejectsGbBytesWithLine) {
  auto gb = EncodeGb18030("a,b\n1,2\n3,广东\n");
  ASSERT_TRUE(gb.ok());
  CsvReadOptions opts;
  opts.encoding = Encoding::kUtf8;
  EXPECT_THAT(ErrorOf(*gb, opts), HasSubstr("t.csv:3: invalid UTF-8"));
}

TEST(CsvReaderTest, InvalidGb18030IsRejected) {
  CsvReadOptions opts;
  opts.encoding = Encoding::kGb18030;
  // 0x81 0x20: a GB18030 lead byte followed by an invalid trail byte.
  EXPECT_THAT(ErrorOf("a\n1\n\x81\x20\n", opts), HasSubstr("t.csv:3:"));
}

TEST(CsvReaderTest, ChunkBoundariesDoNotChangeTheResult) {
  std::string text = "名称,x,note\n";
  for (int i = 0; i < 40; ++i) {
    text += "广东省" + std::to_string(i) + "," + std::to_string(i * 1.5) +
            ",\"q \"\"" + std::to_string(i) + "\"\"\nline\"\r\n";
  }
  auto gb = EncodeGb18030(text);
  ASSERT_TRUE(gb.ok());
  for (const std::string* data : {&text, &gb.value()}) {
    Table ref = MustRead(*data);
    ASSERT_EQ(ref.num_rows(), 40u);
    for (size_t chunk = 16; chunk < 90; ++chunk) {
      CsvReadOptions opts;
      opts.chunk_bytes = chunk;
      Table t = MustRead(*data, opts);
      ASSERT_EQ(t.num_rows(), 40u) << "chunk " << chunk;
      for (size_t r = 0; r < 40; ++r) {
        ASSERT_EQ(t.Find("名称")->text(r), ref.Find("名称")->text(r));
        ASSERT_EQ(t.Find("x")->doubles()[r], ref.Find("x")->doubles()[r]);
        ASSERT_EQ(t.Find("note")->text(r), ref.Find("note")->text(r));
        ASSERT_EQ(t.LineOfRow(r), ref.LineOfRow(r));
      }
    }
    EXPECT_EQ(ref.Find("note")->text(3), "q \"3\"\nline");
    EXPECT_EQ(ref.LineOfRow(3), 8);
  }
}

TEST(CsvReaderTest, ColumnThatTurnsTextLaterIsReadAsText) {
  std::string data = "code,v\n";
  for (int i = 0; i < 100; ++i) data += std::to_string(i) + ",1\n";
  data += "A1,2\n";
  CsvReadOptions opts;
  opts.chunk_bytes = 64;
  Table t = MustRead(data, opts);
  ASSERT_EQ(t.Find("code")->type(), ColumnType::kString);
  EXPECT_EQ(t.Find("code")->text(0), "0");
  EXPECT_EQ(t.Find("code")->text(100), "A1");
  EXPECT_EQ(t.Find("v")->type(), ColumnType::kDouble);
}

TEST(CsvReaderTest, ManyColumnsTurningTextAreFoundInOnePass) {
  // Every column but the last turns text on a different row: all are found
  // in one pass and read again together (two passes, not one per column).
  const int kColumns = 2000;
  std::string data;
  for (int c = 0; c < kColumns; ++c)
    data += (c ? ",c" : "c") + std::to_string(c);
  data += "\n";
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < kColumns; ++c) {
      if (c) data += ',';
      data += (c != kColumns - 1 && c % 3 == r) ? "x" + std::to_string(c)
                                                : std::to_string(r);
    }
    data += "\n";
  }
  Table t = MustRead(data);
  ASSERT_EQ(t.num_columns(), static_cast<size_t>(kColumns));
  EXPECT_EQ(t.Find("c0")->type(), ColumnType::kString);
  EXPECT_EQ(t.Find("c0")->text(0), "x0");
  EXPECT_EQ(t.Find("c0")->text(1), "1");
  EXPECT_EQ(t.Find("c1999")->type(), ColumnType::kDouble);
}

TEST(CsvReaderTest, TextLevelsKeepTheOrderOfFirstAppearance) {
  Table t = MustRead("p\n北京\n上海\n北京\n云南\n内蒙古\n");
  EXPECT_THAT(t.Find("p")->levels(),
              ::testing::ElementsAre("北京", "上海", "云南", "内蒙古"));
}

TEST(CsvReaderTest, DeclaredNumericColumnNamesLineColumnAndValue) {
  CsvReadOptions opts;
  opts.column_types["employees"] = ColumnType::kDouble;
  EXPECT_EQ(ErrorOf("id,employees\n1,5\n2,many\n", opts),
            "t.csv:3: column 2 (\"employees\"): expected a number, found "
            "\"many\"");
}

TEST(CsvReaderTest, RaggedRowsAreRejected) {
  EXPECT_EQ(ErrorOf("a,b,c\n1,2,3\n4,5\n"),
            "t.csv:3: the record has 2 fields but the header has 3 (check the "
            "delimiter ',' and quoting)");
}

TEST(CsvReaderTest, WrongDelimiterIsNamed) {
  EXPECT_THAT(
      ErrorOf("a;b;c\n1;2;3\n"),
      HasSubstr("the file looks ';'-delimited but the delimiter is ','"));
  CsvReadOptions opts;
  opts.delimiter = ';';
  Table t = MustRead("a;b\n1;2\n", opts);
  EXPECT_EQ(t.Find("b")->doubles()[0], 2.0);
}

TEST(CsvReaderTest, EmptyAndHeaderOnlyFiles) {
  EXPECT_THAT(ErrorOf(""), HasSubstr("the file is empty"));
  EXPECT_THAT(ErrorOf("\n \r\n"), HasSubstr("the file is empty"));
  EXPECT_THAT(ErrorOf("\xEF\xBB\xBF"), HasSubstr("the file is empty"));
  EXPECT_EQ(ErrorOf("a,b\n"),
            "t.csv:1: the file has a header but no data rows");
  CsvReadOptions opts;
  opts.allow_no_rows = true;
  EXPECT_EQ(MustRead("a,b\n", opts).num_rows(), 0u);
}

TEST(CsvReaderTest, HeaderProblems) {
  EXPECT_THAT(ErrorOf("a,a\n1,2\n"), HasSubstr("duplicate column name \"a\""));
  EXPECT_THAT(ErrorOf("a,,c\n1,2,3\n"),
              HasSubstr("column 2 has an empty name"));
  CsvReadOptions opts;
  opts.required_columns = {"staff"};
  auto t = ReadCsvString("a,b\n1,2\n", "t.csv", opts);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(t.status().message(), HasSubstr("no column \"staff\""));
}

TEST(CsvReaderTest, QuotingErrors) {
  EXPECT_THAT(ErrorOf("a,b\n1,\"open\n2,3\n"),
              HasSubstr("t.csv:2: column 2: quoted field is never closed"));
  EXPECT_THAT(ErrorOf("a,b\n\"x\"y,1\n"),
              HasSubstr("unexpected character after a closing quote"));
}

TEST(CsvReaderTest, Utf16IsRejected) {
  EXPECT_THAT(ErrorOf(std::string("\xFF\xFE"
                                  "a\0,\0",
                                  6)),
              HasSubstr("UTF-16"));
}

TEST(CsvReaderTest, MissingFileIsNotFound) {
  auto t = ReadCsvFile("/nonexistent/x.csv", {});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(t.status().message(), HasSubstr("/nonexistent/x.csv"));
}

TEST(CsvReaderTest, ReadsFromDisk) {
  testing::TempDir dir;
  auto path = dir.Write("f.csv", "x,y\n1,2\n3,4\n");
  CsvReadSummary summary;
  auto t = ReadCsvFile(path, {}, &summary);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(summary.rows, 2);
  EXPECT_EQ(summary.bytes, 12);
  EXPECT_EQ(t->Find("y")->doubles()[1], 4.0);
}

TEST(ParseNumberTest, AcceptsAndRejects) {
  double v;
  EXPECT_TRUE(ParseNumber("1.5", &v));
  EXPECT_EQ(v, 1.5);
  EXPECT_TRUE(ParseNumber(" +2e3 ", &v));
  EXPECT_EQ(v, 2000.0);
  EXPECT_TRUE(ParseNumber("-0.25", &v));
  EXPECT_EQ(v, -0.25);
  for (const char* bad : {"", "abc", "1,5", "inf", "nan", "1e999", "+-1",
                          "0x10", "1.2.3", "--1"}) {
    EXPECT_FALSE(ParseNumber(bad, &v)) << bad;
  }
}

TEST(ParseNumberTest, FastPathIsBitIdenticalToFromChars) {
  // Short decimals take a fast path; every result must be the double
  // std::from_chars (correctly rounded) gives.
  std::mt19937_64 rng(7);
  for (int i = 0; i < 200000; ++i) {
    int int_digits = static_cast<int>(rng() % 9);
    int frac_digits = static_cast<int>(rng() % 9);
    std::string s = (rng() & 1) ? "-" : "";
    for (int d = 0; d < int_digits; ++d)
      s += static_cast<char>('0' + rng() % 10);
    if (frac_digits) {
      s += '.';
      for (int d = 0; d < frac_digits; ++d)
        s += static_cast<char>('0' + rng() % 10);
    }
    if (int_digits + frac_digits == 0) continue;
    double expected;
    auto res = std::from_chars(s.data(), s.data() + s.size(), expected);
    double got;
    ASSERT_EQ(ParseNumber(s, &got), res.ec == std::errc()) << s;
    if (res.ec == std::errc()) {
      ASSERT_EQ(std::memcmp(&got, &expected, sizeof(double)), 0) << s;
    }
  }
}

}  // namespace
}  // namespace jobimpact::table

namespace jobimpact::table {
namespace {

// RFC 4180: quotes only in quoted fields; NUL bytes nowhere.
TEST(CsvReaderTest, StrayQuotesAndNulBytesAreErrorsWithLineAndColumn) {
  EXPECT_THAT(ErrorOf("a,b\n1,x\n2,p\"3\n"),
              HasSubstr("t.csv:3: column 2: a '\"' inside an unquoted field "
                        "\"p\\\"3\""));
  EXPECT_THAT(ErrorOf(std::string("a,b\n1,x\0evil\n", 13)),
              HasSubstr("t.csv:2: column 2: a NUL byte in field \"x\\0evil\""));
  EXPECT_THAT(ErrorOf(std::string("a,b\n1,\"x\0y\"\n", 12)),
              HasSubstr("t.csv:2: column 2: a NUL byte"));
  CsvReadOptions tab;
  tab.delimiter = '\t';
  EXPECT_THAT(ErrorOf("a\tb\n1\tp\"3\n", tab),
              HasSubstr("t.csv:2: column 2: a '\"' inside an unquoted field"));
  // Quoted fields keep their doubled quotes.
  EXPECT_EQ(MustRead("a,b\n1,\"p\"\"3\"\n").Find("b")->text(0), "p\"3");
}

TEST(CsvReaderTest, MessagesEscapeControlBytesAndLimitLongCells) {
  CsvReadOptions opts;
  opts.column_types["a"] = ColumnType::kDouble;
  const std::string msg =
      ErrorOf("a\n1\n" + std::string(100000, 'x') + "\x1b[2J\n", opts);
  EXPECT_THAT(msg, HasSubstr("t.csv:3: column 1 (\"a\"): expected a number, "
                             "found \"xxxx"));
  EXPECT_THAT(msg, HasSubstr("xxx\"... (100004 bytes)"));
  EXPECT_LT(msg.size(), 300u);
  EXPECT_EQ(msg.find('\x1b'), std::string::npos);
  EXPECT_THAT(ErrorOf("a\n1\nbad\x1b[2J\n", opts),
              HasSubstr("found \"bad\\x1B[2J\""));
}

// An invalid byte on line 5 of a GB18030 file is reported on line 5 however
// the file is cut into chunks, detected or declared.
TEST(CsvReaderTest, InvalidGb18030LineIsExactForAnyChunkSize) {
  auto head = EncodeGb18030("省份,y\n广东,1\n北京,2\n上海,3\n");
  auto tail = EncodeGb18030("四川,5\n");
  ASSERT_TRUE(head.ok() && tail.ok());
  const std::string data =
      *head + "a\x81\x20,4\n" + *tail + std::string(40, '\n') + *tail;
  for (Encoding e : {Encoding::kAuto, Encoding::kGb18030}) {
    for (size_t chunk : {16, 17, 19, 23, 29, 64, 4096}) {
      CsvReadOptions opts;
      opts.encoding = e;
      opts.chunk_bytes = chunk;
      EXPECT_THAT(ErrorOf(data, opts), HasSubstr("t.csv:5: invalid GB18030"))
          << chunk;
    }
  }
}

// A UTF-8 file with one bad line is not taken for GB18030 (which would
// report line 2, the first Chinese text, or read mojibake).
TEST(CsvReaderTest, Utf8FileWithABadLineNamesThatLine) {
  auto gb = EncodeGb18030("四川,5\n");
  ASSERT_TRUE(gb.ok());
  const std::string data = "省份,y\n广东,1\n北京,2\n上海,3\n" + *gb;
  EXPECT_THAT(ErrorOf(data),
              HasSubstr("t.csv:5: invalid UTF-8 byte sequence; the lines "
                        "before it are UTF-8 (non-ASCII text from line 1)"));
  // A real GB18030 file (invalid as UTF-8 on its first Chinese line) is
  // still detected.
  auto all_gb = EncodeGb18030("省份,y\n广东,1\n");
  ASSERT_TRUE(all_gb.ok());
  EXPECT_EQ(MustRead(*all_gb).Find("省份")->text(0), "广东");
}

TEST(CsvReaderTest, DeclaredGb18030ThatIsUtf8IsNamed) {
  CsvReadOptions opts;
  opts.encoding = Encoding::kGb18030;
  EXPECT_THAT(ErrorOf("a,b\n1,x\n2,中文\n", opts),
              HasSubstr("t.csv:3: the encoding is declared as gb18030, but "
                        "the file is valid UTF-8"));
  // Plain ASCII is both: accepted.
  EXPECT_EQ(MustRead("a\n1\n", opts).num_rows(), 1u);
  EXPECT_THAT(ErrorOf("a\n1\n\x81\x20\n", opts),
              HasSubstr("(the encoding is declared as gb18030)"));
}

// The two-halves read (quote-free UTF-8 files of parallel_min_bytes or more)
// must give exactly what the one-thread read gives: the table down to every
// bit and row line, the summary, and every message.
std::string Dump(const Result<Table>& t, const CsvReadSummary& summary) {
  if (!t.ok()) return "error: " + t.status().ToString();
  std::string out =
      fmt::format("rows {} blank {} missing {} bytes {}\n", summary.rows,
                  summary.blank_lines, summary.missing_cells, summary.bytes);
  for (const Column& c : t->columns()) {
    out += c.name() + (c.type() == ColumnType::kDouble ? " num:" : " text:");
    if (c.type() == ColumnType::kDouble) {
      for (double v : c.doubles()) {
        uint64_t bits;
        std::memcpy(&bits, &v, 8);
        out += fmt::format(" {:x}", bits);
      }
    } else {
      for (const auto& l : c.levels()) out += " [" + l + "]";
      for (int32_t k : c.codes()) out += fmt::format(" {}", k);
    }
    out += "\n";
  }
  for (size_t r = 0; r < t->num_rows(); ++r)
    out += fmt::format(" {}", t->LineOfRow(r));
  return out;
}

struct HalvesResult {
  std::string sequential, halves;
  int threads = 0;
};

HalvesResult ReadBothWays(const std::string& data, CsvReadOptions opts = {}) {
  HalvesResult r;
  CsvReadSummary one, two;
  opts.threads = 1;
  r.sequential = Dump(ReadCsvString(data, "t.csv", opts, &one), one);
  opts.threads = 2;
  opts.parallel_min_bytes = 0;
  r.halves = Dump(ReadCsvString(data, "t.csv", opts, &two), two);
  r.threads = two.threads;
  return r;
}

TEST(CsvReaderHalvesTest, SplitsQuoteFreeFilesAndGivesTheSameTable) {
  std::string data = "stratum,domain,y\n";
  for (int i = 0; i < 2000; ++i) {
    data += fmt::format("s{},d{},{}.{}\n", i % 7, (i * 13) % 31, i, i % 10);
  }
  HalvesResult r = ReadBothWays(data);
  EXPECT_EQ(r.threads, 2) << "a quote-free file is read as two halves";
  EXPECT_EQ(r.halves, r.sequential);
  // Levels keep the order of first appearance across the split.
  CsvReadOptions o;
  o.threads = 2;
  o.parallel_min_bytes = 0;
  Table t = MustRead(data, o);
  EXPECT_EQ(t.Find("domain")->levels()[1], "d13");
}

TEST(CsvReaderHalvesTest, QuotesOrOneThreadReadSequentially) {
  std::string data = "a,b\n";
  for (int i = 0; i < 100; ++i) data += fmt::format("{},\"q{}\"\n", i, i);
  HalvesResult r = ReadBothWays(data);
  EXPECT_EQ(r.threads, 1);
  EXPECT_EQ(r.halves, r.sequential);
  CsvReadSummary s;
  CsvReadOptions o;
  o.threads = 2;  // A file under parallel_min_bytes stays on one thread.
  ASSERT_TRUE(ReadCsvString("a\n1\n2\n", "t.csv", o, &s).ok());
  EXPECT_EQ(s.threads, 1);
  o.threads = -1;
  EXPECT_FALSE(ReadCsvString("a\n1\n", "t.csv", o).ok());
}

// Random files around the split: blank lines, CRLF and lone CR, a BOM,
// missing values, columns that turn text or must be re-read as text in
// either half, declared types, and errors in either half.
TEST(CsvReaderHalvesTest, RandomFilesReadTheSameBothWays) {
  std::mt19937 g(7);
  auto pick = [&g](int n) { return static_cast<int>(g() % n); };
  int split_reads = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const int ncols = 1 + pick(4);
    const char* eol[] = {"\n", "\r\n", "\r"};
    const std::string nl = eol[pick(10) < 8 ? 0 : 1 + pick(2)];
    std::string data = pick(5) == 0 ? "\xEF\xBB\xBF" : "";
    if (pick(6) == 0) data += nl;  // A blank line before the header.
    for (int c = 0; c < ncols; ++c)
      data += (c ? "," : "") + fmt::format("c{}", c);
    data += nl;
    const int rows = pick(40);
    // Per column: what its cells look like.
    std::vector<int> kind(ncols);
    for (int& k : kind) k = pick(5);
    for (int r = 0; r < rows; ++r) {
      if (pick(12) == 0) data += nl;  // Blank line.
      for (int c = 0; c < ncols; ++c) {
        if (c) data += ",";
        const int u = pick(100);
        if (u < 8) continue;  // Empty: missing.
        if (u < 11) {
          data += "NA";
          continue;
        }  // Missing.
        switch (kind[c]) {
          case 0:
            data += fmt::format("{}", pick(1000));
            break;
          case 1:
            data += fmt::format("t{}", pick(6));
            break;
          case 2:  // Numbers with text late in the file.
            data += r > rows * 3 / 4 && u > 90 ? "late"
                                               : fmt::format("{}.5", pick(9));
            break;
          case 3:  // Text, or a number, at random.
            data += u % 2 ? fmt::format("{}", pick(9))
                          : fmt::format("x{}", pick(3));
            break;
          default:
            data += fmt::format(" {} ", pick(50));
            break;
        }
      }
      if (pick(150) == 0) data += ",extra";  // Wrong field count.
      if (pick(300) == 0) data += std::string(1, '\0');
      data += nl;
    }
    if (pick(3) == 0 && !data.empty()) data.resize(data.size() - nl.size());
    CsvReadOptions o;
    if (pick(4) == 0) o.column_types["c0"] = ColumnType::kDouble;
    if (pick(4) == 0) o.allow_no_rows = true;
    HalvesResult r = ReadBothWays(data, o);
    EXPECT_EQ(r.halves, r.sequential) << "trial " << trial << ":\n" << data;
    split_reads += r.threads == 2;
  }
  // Most random files are read in halves; the rest fell back.
  EXPECT_GT(split_reads, 100);
}

}  // namespace
}  // namespace jobimpact::table
