// Text encodings of input files: UTF-8 (with or without BOM) and the Chinese
// national encodings GBK / GB18030 (GB18030 is a superset of GBK and GB2312,
// so all three are decoded as GB18030 by iconv).
#ifndef JOBIMPACT_TABLE_ENCODING_H_
#define JOBIMPACT_TABLE_ENCODING_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "jobimpact/base/status.h"

namespace jobimpact::table {

enum class Encoding {
  kAuto,  // UTF-8 if the whole file is valid UTF-8, else GB18030.
  kUtf8,
  kGb18030,  // Also used for GBK and GB2312 input.
};

// Accepts "auto", "utf-8"/"utf8", "gb18030", "gbk", "gb2312" (any case).
Result<Encoding> ParseEncoding(std::string_view name);
const char* EncodingName(Encoding encoding);

// Streaming UTF-8 validator. Feed chunks in order; it remembers an incomplete
// multi-byte sequence at a chunk boundary.
class Utf8Validator {
 public:
  // Returns the offset within `chunk` of the first byte of the first invalid
  // sequence, or npos if everything so far is valid.
  size_t Feed(std::string_view chunk);
  // True if the input ended in the middle of a multi-byte sequence.
  bool HasIncompleteTail() const { return pending_ > 0; }

 private:
  int pending_ = 0;         // Continuation bytes still expected.
  unsigned char lead_ = 0;  // Lead byte of the pending sequence.
  int seen_ = 0;            // Continuation bytes seen for the pending sequence.
};

// Streaming GB18030 → UTF-8 converter built on iconv(3).
class Gb18030Decoder {
 public:
  static Result<std::unique_ptr<Gb18030Decoder>> Create();
  ~Gb18030Decoder();
  Gb18030Decoder(const Gb18030Decoder&) = delete;
  Gb18030Decoder& operator=(const Gb18030Decoder&) = delete;

  // Converts `chunk` (plus bytes held back from the previous call) and
  // appends UTF-8 to `out`. A multi-byte sequence cut by the chunk boundary is
  // held back until the next call. With `last`, a held-back tail is an error.
  // On an invalid sequence returns InvalidArgument with the byte offset from
  // the start of the stream in *error_offset.
  Status Decode(std::string_view chunk, bool last, std::string* out,
                size_t* error_offset);

 private:
  explicit Gb18030Decoder(void* cd) : cd_(cd) {}
  void* cd_;
  std::string carry_;
  size_t consumed_ = 0;  // Input bytes converted so far.
};

// Converts UTF-8 text to GB18030 (for writing exports in the national
// encoding). InvalidArgument if `utf8` is not valid UTF-8.
Result<std::string> EncodeGb18030(std::string_view utf8);

}  // namespace jobimpact::table

#endif  // JOBIMPACT_TABLE_ENCODING_H_
