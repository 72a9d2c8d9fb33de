#include "jobimpact/base/quote.h"

#include <gtest/gtest.h>

namespace jobimpact {
namespace {

TEST(QuoteTest, EscapesControlBytesQuotesAndInvalidUtf8) {
  EXPECT_EQ(QuoteForMessage("广东"), "\"广东\"");
  EXPECT_EQ(QuoteForMessage("p\"3"), "\"p\\\"3\"");
  EXPECT_EQ(QuoteForMessage(std::string("x\0evil", 6)), "\"x\\0evil\"");
  EXPECT_EQ(QuoteForMessage("a\tb\nc\r\x1b\x7f\\"),
            "\"a\\tb\\nc\\r\\x1B\\x7F\\\\\"");
  // The GB18030 bytes of 中文 are not UTF-8.
  EXPECT_EQ(QuoteForMessage("\xD6\xD0\xCE\xC4"), "\"\\xD6\\xD0\\xCE\\xC4\"");
  EXPECT_EQ(QuoteForMessage("\xED\xA0\x80"), "\"\\xED\\xA0\\x80\"")
      << "a UTF-16 surrogate is not valid UTF-8";
}

TEST(QuoteTest, CutsLongTextOnACharacterBoundary) {
  EXPECT_EQ(QuoteForMessage(std::string(100, 'x'), 5),
            "\"xxxxx\"... (100 bytes)");
  EXPECT_EQ(QuoteForMessage("一二三四五六", 2), "\"一二\"... (18 bytes)");
  EXPECT_EQ(QuoteForMessage("abc", 3), "\"abc\"");
}

}  // namespace
}  // namespace jobimpact
