#include "jobimpact/base/sha256.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace jobimpact {
namespace {

// FIPS 180-4 examples (NIST CSRC "SHA256.pdf" / "SHA2_Additional.pdf").
TEST(Sha256Test, KnownDigests) {
  EXPECT_EQ(Sha256Hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(
      Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256Test, FilesStreamInChunks) {
  testing::TempDir tmp;
  // 1,000,000 x 'a' spans many 64 KiB reads; digest from FIPS 180-4.
  auto p = tmp.Write("a.bin", std::string(1000000, 'a'));
  auto d = HashFile(p);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->bytes, 1000000u);
  EXPECT_EQ(d->sha256,
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  EXPECT_EQ(HashFile(tmp.path() / "none").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(HashFile(tmp.path()).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace jobimpact
