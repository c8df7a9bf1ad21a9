// RFC 6238 / RFC 4226 arithmetic of the signin-totp plugin.
#include "totp.hpp"

#include <gtest/gtest.h>

namespace signin_totp {
namespace {

// RFC 6238 Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
constexpr std::string_view kRfcSeed = "12345678901234567890";

TEST(Totp, MatchesRfc6238AppendixBSha1Vectors) {
  struct Vector {
    std::int64_t time;
    std::uint64_t step;
    const char* code;
  };
  const Vector vectors[] = {{59, 0x1, "94287082"},
                            {1111111109, 0x23523EC, "07081804"},
                            {1111111111, 0x23523ED, "14050471"},
                            {1234567890, 0x273EF07, "89005924"},
                            {2000000000, 0x3F940AA, "69279037"},
                            {20000000000, 0x27BC86AA, "65353130"}};
  for (const auto& v : vectors) {
    EXPECT_EQ(timeStep(v.time), static_cast<std::int64_t>(v.step)) << v.time;
    EXPECT_EQ(hotp(kRfcSeed, v.step, 8), v.code) << v.time;
    // Six digits are the low six of the eight (both are the value mod 10^n).
    EXPECT_EQ(hotp(kRfcSeed, v.step), std::string(v.code).substr(2)) << v.time;
  }
}

TEST(Totp, MatchesRfc4226AppendixDHotpValues) {
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (std::uint64_t counter = 0; counter < 10; ++counter) EXPECT_EQ(hotp(kRfcSeed, counter), expected[counter]);
}

TEST(Totp, AcceptsOneStepEitherSideAndNoFurther) {
  const std::int64_t now = 1111111111;  // step 0x23523ED
  const std::int64_t step = timeStep(now);
  EXPECT_EQ(matchingStep(kRfcSeed, hotp(kRfcSeed, step), now), step);
  EXPECT_EQ(matchingStep(kRfcSeed, hotp(kRfcSeed, step - 1), now), step - 1);
  EXPECT_EQ(matchingStep(kRfcSeed, hotp(kRfcSeed, step + 1), now), step + 1);
  EXPECT_EQ(matchingStep(kRfcSeed, hotp(kRfcSeed, step - 2), now), std::nullopt);
  EXPECT_EQ(matchingStep(kRfcSeed, hotp(kRfcSeed, step + 2), now), std::nullopt);
}

TEST(Totp, RefusesMalformedCodesAndOtherKeys) {
  const std::int64_t now = 1234567890;
  const std::string good = hotp(kRfcSeed, static_cast<std::uint64_t>(timeStep(now)));
  EXPECT_EQ(matchingStep(kRfcSeed, "", now), std::nullopt);
  EXPECT_EQ(matchingStep(kRfcSeed, good + "0", now), std::nullopt);
  EXPECT_EQ(matchingStep(kRfcSeed, good.substr(0, 5), now), std::nullopt);
  EXPECT_EQ(matchingStep(kRfcSeed, " " + good.substr(1), now), std::nullopt);
  EXPECT_EQ(matchingStep("another secret key!!", good, now), std::nullopt);
  EXPECT_EQ(matchingStep("", good, now), std::nullopt);
  EXPECT_FALSE(wellFormedCode("12345a"));
  EXPECT_TRUE(wellFormedCode("012345"));
}

TEST(Totp, EncodesBase32AsRfc4648WithoutPadding) {
  // RFC 4648 §10 vectors, padding removed.
  EXPECT_EQ(base32(""), "");
  EXPECT_EQ(base32("f"), "MY");
  EXPECT_EQ(base32("fo"), "MZXQ");
  EXPECT_EQ(base32("foo"), "MZXW6");
  EXPECT_EQ(base32("foob"), "MZXW6YQ");
  EXPECT_EQ(base32("fooba"), "MZXW6YTB");
  EXPECT_EQ(base32("foobar"), "MZXW6YTBOI");
  EXPECT_EQ(base32(kRfcSeed), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

TEST(Totp, ProvisioningUriFollowsTheKeyUriFormat) {
  EXPECT_EQ(otpauthUri("Acme Corp", "ann@example.com", kRfcSeed),
            "otpauth://totp/Acme%20Corp:ann%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            "&issuer=Acme%20Corp&algorithm=SHA1&digits=6&period=30");
  // A ':' in a name cannot split the label differently.
  EXPECT_NE(otpauthUri("a:b", "c", kRfcSeed).find("totp/a%3Ab:c?"), std::string::npos);
}

}  // namespace
}  // namespace signin_totp
