#include "jobimpact/table/encoding.h"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

namespace jobimpact::table {

Result<Encoding> ParseEncoding(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (lower == "auto") return Encoding::kAuto;
  if (lower == "utf-8" || lower == "utf8") return Encoding::kUtf8;
  if (lower == "gb18030" || lower == "gbk" || lower == "gb2312" ||
      lower == "cp936") {
    return Encoding::kGb18030;
  }
  return InvalidArgumentError("unknown encoding \"" + std::string(name) +
                              "\" (expected auto, utf-8, gb18030 or gbk)");
}

const char* EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kAuto:
      return "auto";
    case Encoding::kUtf8:
      return "utf-8";
    case Encoding::kGb18030:
      return "gb18030";
  }
  return "?";
}

// Validation follows RFC 3629 §4 (the UTF-8 byte-sequence grammar): it rejects
// overlong forms, surrogates (U+D800..U+DFFF) and code points above U+10FFFF.
size_t Utf8Validator::Feed(std::string_view chunk) {
  const auto* s = reinterpret_cast<const unsigned char*>(chunk.data());
  const size_t n = chunk.size();
  size_t i = 0;
  while (i < n) {
    if (pending_ == 0) {
      // Fast path over ASCII, eight bytes at a time.
      while (i + 8 <= n) {
        uint64_t word;
        std::memcpy(&word, s + i, 8);
        if (word & 0x8080808080808080ULL) break;
        i += 8;
      }
      if (i >= n) break;
      unsigned char c = s[i];
      if (c < 0x80) {
        ++i;
        continue;
      }
      if (c >= 0xC2 && c <= 0xDF) {
        pending_ = 1;
      } else if (c >= 0xE0 && c <= 0xEF) {
        pending_ = 2;
      } else if (c >= 0xF0 && c <= 0xF4) {
        pending_ = 3;
      } else {
        return i;
      }
      lead_ = c;
      seen_ = 0;
      ++i;
      continue;
    }
    unsigned char c = s[i];
    unsigned char lo = 0x80, hi = 0xBF;
    if (seen_ == 0) {
      // The second byte's range depends on the lead byte (RFC 3629 §4).
      if (lead_ == 0xE0) lo = 0xA0;
      if (lead_ == 0xED) hi = 0x9F;
      if (lead_ == 0xF0) lo = 0x90;
      if (lead_ == 0xF4) hi = 0x8F;
    }
    if (c < lo || c > hi) {
      pending_ = 0;
      return i;
    }
    ++seen_;
    --pending_;
    ++i;
  }
  return std::string_view::npos;
}

Result<std::unique_ptr<Gb18030Decoder>> Gb18030Decoder::Create() {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return InternalError(std::string("iconv cannot convert GB18030: ") +
                         std::strerror(errno));
  }
  return std::unique_ptr<Gb18030Decoder>(new Gb18030Decoder(cd));
}

Gb18030Decoder::~Gb18030Decoder() { iconv_close(static_cast<iconv_t>(cd_)); }

namespace {

// Runs iconv over all of `input`, appending output to `out`. Returns 0 when
// everything converted, else the errno iconv stopped with (EINVAL: an
// incomplete sequence at the end; EILSEQ: an invalid one) and sets *stop to
// the offset of the first unconverted byte.
int IconvAll(iconv_t cd, std::string& input, std::string* out, size_t* stop) {
  char* in_ptr = input.data();
  size_t in_left = input.size();
  char buffer[1 << 15];
  while (in_left > 0) {
    char* out_ptr = buffer;
    size_t out_left = sizeof(buffer);
    size_t rc = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
    out->append(buffer, static_cast<size_t>(out_ptr - buffer));
    if (rc != static_cast<size_t>(-1) || errno == E2BIG) continue;
    *stop = static_cast<size_t>(in_ptr - input.data());
    return errno;
  }
  *stop = input.size();
  return 0;
}

}  // namespace

Status Gb18030Decoder::Decode(std::string_view chunk, bool last,
                              std::string* out, size_t* error_offset) {
  std::string input = carry_;
  input.append(chunk);
  carry_.clear();
  size_t stop = 0;
  int err = IconvAll(static_cast<iconv_t>(cd_), input, out, &stop);
  const size_t offset = consumed_ + stop;
  if (err == EINVAL && !last) {
    // A sequence cut by the chunk boundary: keep it for the next call.
    carry_.assign(input, stop);
    consumed_ = offset;
    return Status::Ok();
  }
  if (err != 0) {
    *error_offset = offset;
    return InvalidArgumentError(err == EINVAL
                                    ? "file ends inside a GB18030 character"
                                    : "invalid GB18030 byte sequence");
  }
  consumed_ = offset;
  return Status::Ok();
}

Result<std::string> EncodeGb18030(std::string_view utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return InternalError(std::string("iconv cannot convert to GB18030: ") +
                         std::strerror(errno));
  }
  std::string input(utf8);
  std::string out;
  size_t stop = 0;
  int err = IconvAll(cd, input, &out, &stop);
  iconv_close(cd);
  if (err != 0) {
    return InvalidArgumentError("invalid UTF-8 at byte " +
                                std::to_string(stop));
  }
  return out;
}

}  // namespace jobimpact::table
