#include "jobimpact/base/sha256.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "jobimpact/base/file.h"

namespace jobimpact {
namespace {

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

std::string Hex(const unsigned char* digest, unsigned int size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * size);
  for (unsigned int i = 0; i < size; ++i) {
    out += kDigits[digest[i] >> 4];
    out += kDigits[digest[i] & 0xF];
  }
  return out;
}

MdCtx NewSha256() {
  MdCtx ctx(EVP_MD_CTX_new());
  // Allocation failure or a libcrypto without SHA-256 is not an input error.
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    std::abort();
  }
  return ctx;
}

std::string Finish(EVP_MD_CTX* ctx) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(ctx, digest, &size) != 1) std::abort();
  return Hex(digest, size);
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  MdCtx ctx = NewSha256();
  if (EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1) {
    std::abort();
  }
  return Finish(ctx.get());
}

Result<FileDigest> HashFile(const std::filesystem::path& path) {
  auto size = RegularFileSize(path);
  if (!size.ok()) return size.status();
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
  if (!f) {
    return IoError(path.string() + ": cannot open: " + std::strerror(errno));
  }
  MdCtx ctx = NewSha256();
  std::vector<char> buf(1 << 16);
  FileDigest d;
  size_t got = 0;
  while ((got = std::fread(buf.data(), 1, buf.size(), f.get())) > 0) {
    if (EVP_DigestUpdate(ctx.get(), buf.data(), got) != 1) std::abort();
    d.bytes += got;
  }
  if (std::ferror(f.get())) {
    return IoError(path.string() + ": read failed: " + std::strerror(errno));
  }
  d.sha256 = Finish(ctx.get());
  return d;
}

}  // namespace jobimpact
