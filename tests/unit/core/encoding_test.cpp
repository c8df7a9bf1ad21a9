#include "core/encoding.hpp"

#include <gtest/gtest.h>

using namespace sigid::core;

TEST(Base64Url, RoundTripsEveryLength) {
  std::string bytes;
  for (int i = 0; i < 40; ++i) {
    auto encoded = base64UrlEncode(bytes);
    EXPECT_EQ(encoded.find('='), std::string::npos);
    auto decoded = base64UrlDecode(encoded);
    ASSERT_TRUE(decoded.has_value()) << i;
    EXPECT_EQ(*decoded, bytes);
    bytes += char(i * 37);
  }
}

TEST(Base64Url, MatchesRfc4648Vectors) {
  EXPECT_EQ(base64UrlEncode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(base64Encode("fo"), "Zm8=");
  EXPECT_EQ(base64UrlEncode("\xfb\xff"), "-_8");
}

TEST(Base64Url, RefusesForeignAndNonCanonicalText) {
  EXPECT_FALSE(base64UrlDecode("ab+c").has_value());
  EXPECT_FALSE(base64UrlDecode("a").has_value());
  EXPECT_FALSE(base64UrlDecode("Zm9=").has_value());
  EXPECT_EQ(base64UrlDecode("Zm8").value(), "fo");
  EXPECT_FALSE(base64UrlDecode("Zm9").has_value());  // stray low bits: "fo" has one spelling
  EXPECT_FALSE(base64UrlDecode("Zm9vYmFz8").has_value());  // length % 4 == 1
  EXPECT_FALSE(base64UrlDecode("Zh").has_value());         // stray low bits
}

TEST(Hex, RoundTripsAndRefusesOddInput) {
  EXPECT_EQ(hexEncode("\x01\xab"), "01ab");
  EXPECT_EQ(hexDecode("01AB").value(), "\x01\xab");
  EXPECT_FALSE(hexDecode("abc").has_value());
  EXPECT_FALSE(hexDecode("zz").has_value());
}
