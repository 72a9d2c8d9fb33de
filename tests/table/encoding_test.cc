#include "jobimpact/table/encoding.h"

#include <gtest/gtest.h>

namespace jobimpact::table {
namespace {

TEST(EncodingTest, ParsesNames) {
  EXPECT_EQ(*ParseEncoding("UTF-8"), Encoding::kUtf8);
  EXPECT_EQ(*ParseEncoding("gbk"), Encoding::kGb18030);
  EXPECT_EQ(*ParseEncoding("GB2312"), Encoding::kGb18030);
  EXPECT_EQ(*ParseEncoding("auto"), Encoding::kAuto);
  EXPECT_FALSE(ParseEncoding("latin1").ok());
}

TEST(Utf8ValidatorTest, AcceptsValidAndRejectsMalformed) {
  Utf8Validator v;
  EXPECT_EQ(v.Feed("plain ascii, 中文, emoji \xF0\x9F\x98\x80"),
            std::string_view::npos);
  EXPECT_FALSE(v.HasIncompleteTail());
  // Overlong encoding of '/', a surrogate, a stray continuation byte,
  // >U+10FFFF.
  for (std::string bad :
       {"\xC0\xAF", "\xED\xA0\x80", "a\x80", "\xF4\x90\x80\x80"}) {
    Utf8Validator w;
    EXPECT_NE(w.Feed(bad), std::string_view::npos) << bad;
  }
}

TEST(Utf8ValidatorTest, SequenceSplitAcrossChunks) {
  std::string s = "中";  // E4 B8 AD
  Utf8Validator v;
  EXPECT_EQ(v.Feed(s.substr(0, 1)), std::string_view::npos);
  EXPECT_TRUE(v.HasIncompleteTail());
  EXPECT_EQ(v.Feed(s.substr(1)), std::string_view::npos);
  EXPECT_FALSE(v.HasIncompleteTail());
}

TEST(Gb18030Test, RoundTripsThroughIconv) {
  const std::string text = "广西壮族自治区, 𠀀 and ascii";
  auto gb = EncodeGb18030(text);
  ASSERT_TRUE(gb.ok());
  EXPECT_NE(*gb, text);
  auto dec = Gb18030Decoder::Create();
  ASSERT_TRUE(dec.ok());
  std::string out;
  size_t off = 0;
  // Feed one byte at a time: every multi-byte character is cut.
  for (size_t i = 0; i < gb->size(); ++i) {
    ASSERT_TRUE((*dec)->Decode(gb->substr(i, 1), false, &out, &off).ok());
  }
  ASSERT_TRUE((*dec)->Decode("", true, &out, &off).ok());
  EXPECT_EQ(out, text);
}

TEST(Gb18030Test, TruncatedInputIsAnError) {
  auto gb = EncodeGb18030("广");
  auto dec = Gb18030Decoder::Create();
  std::string out;
  size_t off = 0;
  Status s = (*dec)->Decode(gb->substr(0, 1), true, &out, &off);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(off, 0u);
}

}  // namespace
}  // namespace jobimpact::table
