#include <gtest/gtest.h>

#include "core/crypto/jwk.hpp"
#include "core/crypto/jws.hpp"
#include "core/encoding.hpp"
#include "core/hashing.hpp"
#include "core/random.hpp"

namespace sigid::core::crypto {
namespace {

// Every input here is something an attacker can send as a bearer token or a
// client assertion. Each must be a clean InvalidToken, never a crash or a pass.
class JwsHostileInput : public ::testing::Test {
 protected:
  void SetUp() override {
    auto generated = SigningKey::generate(JwsAlgorithm::ES256, "k1");
    ASSERT_TRUE(generated.ok());
    key_ = std::make_unique<SigningKey>(std::move(generated).value());
    auto signed_token = signJws(*key_, "at+jwt", R"({"sub":"client"})");
    ASSERT_TRUE(signed_token.ok());
    token_ = *signed_token;
  }

  void expectRefused(std::string_view token) {
    auto result = verifyJws(token, key_->publicKey());
    ASSERT_FALSE(result.ok()) << "accepted: " << token.substr(0, 200);
    EXPECT_EQ(result.error().code(), ErrorCode::InvalidToken);
  }

  std::string withHeader(std::string_view header_json, std::string_view signature_b64) {
    return base64UrlEncode(header_json) + "." + base64UrlEncode(R"({"sub":"admin"})") + "." +
           std::string(signature_b64);
  }

  std::unique_ptr<SigningKey> key_;
  std::string token_;
};

TEST_F(JwsHostileInput, AlgNoneIsRefusedWithOrWithoutASignature) {
  expectRefused(withHeader(R"({"alg":"none","kid":"k1"})", ""));
  expectRefused(withHeader(R"({"alg":"none","kid":"k1"})", "AAAA"));
  expectRefused(withHeader(R"({"alg":"None","kid":"k1"})", "AAAA"));
  expectRefused(withHeader(R"({"kid":"k1"})", "AAAA"));
}

TEST_F(JwsHostileInput, Hs256WithThePublicKeyAsTheSecretIsRefused) {
  // The classic key-confusion attack: MAC the token with the public JWK text.
  auto jwk = publicJwkJson(key_->publicKey());
  ASSERT_TRUE(jwk.ok());
  std::string input = base64UrlEncode(R"({"alg":"HS256","kid":"k1"})") + "." + base64UrlEncode(R"({"sub":"admin"})");
  expectRefused(input + "." + base64UrlEncode(hmacSha256(*jwk, input)));
}

TEST_F(JwsHostileInput, AHeaderAlgThatDoesNotMatchTheKeyIsRefused) {
  auto rsa = SigningKey::generate(JwsAlgorithm::RS256, "k1");
  auto ed = SigningKey::generate(JwsAlgorithm::EdDSA, "k1");
  ASSERT_TRUE(rsa.ok() && ed.ok());
  for (const auto* other : {&*rsa, &*ed}) {
    auto token = signJws(*other, "", R"({"sub":"admin"})");
    ASSERT_TRUE(token.ok());
    expectRefused(*token);
  }
  // Our ES256 signature relabelled as EdDSA (same 64-byte length) must not pass either.
  auto dot = token_.find('.');
  expectRefused(base64UrlEncode(R"({"alg":"EdDSA","kid":"k1"})") + token_.substr(dot));
}

TEST_F(JwsHostileInput, WrongSegmentCountsAreRefused) {
  expectRefused("");
  expectRefused(".");
  expectRefused("..");
  expectRefused("...");
  expectRefused(token_.substr(0, token_.rfind('.')));
  expectRefused(token_ + ".");
  expectRefused(token_ + "." + token_.substr(token_.rfind('.') + 1));
}

TEST_F(JwsHostileInput, MalformedBase64UrlAndTrailingGarbageAreRefused) {
  expectRefused(token_ + " ");
  expectRefused(" " + token_);
  expectRefused(token_ + "\n");
  expectRefused(token_ + "=");
  expectRefused(token_ + "A");  // one more character: not a valid base64url length/value
  std::string plus = token_;
  plus[plus.find('.') + 2] = '+';  // base64 (not url) alphabet
  expectRefused(plus);
  std::string nul = token_;
  nul.insert(nul.begin() + 5, '\0');
  expectRefused(nul);
  // 65 bytes of signature for ES256: one trailing byte after R || S.
  auto sig = base64UrlDecode(token_.substr(token_.rfind('.') + 1));
  ASSERT_TRUE(sig);
  expectRefused(token_.substr(0, token_.rfind('.') + 1) + base64UrlEncode(*sig + "\x01"));
  expectRefused(token_.substr(0, token_.rfind('.') + 1) + base64UrlEncode(sig->substr(1)));
}

TEST_F(JwsHostileInput, HeadersThatAreNotOneCleanJsonObjectAreRefused) {
  for (std::string_view header :
       {R"(["ES256"])", R"("ES256")", R"({"alg":"ES256")", R"({"alg":"ES256"}x)", R"({"alg":"ES256"}{})",
        R"({"alg":"ES256","alg":"none"})", R"({"alg":"ES256","kid":1})", R"({"alg":["ES256"]})",
        R"({"alg":"ES256","crit":["exp"],"exp":1})", R"({"alg":"ES256","b64":false,"crit":["b64"]})",
        R"({"alg":"ES256\u0000"})", R"({"alg":"ES256","x":"\ud800"})", "", "{"}) {
    expectRefused(withHeader(header, token_.substr(token_.rfind('.') + 1)));
  }
}

TEST_F(JwsHostileInput, OversizedInputIsRefusedBeforeDecoding) {
  std::string huge = base64UrlEncode(R"({"alg":"ES256","kid":"k1"})") + "." + std::string(kMaxJwsSize, 'A') + ".AAAA";
  auto result = verifyJws(huge, key_->publicKey());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().description(), "the token is too large");
  std::string deep = base64UrlEncode(std::string(5000, '[') + std::string(5000, ']'));
  expectRefused(base64UrlEncode(R"({"alg":"ES256","x":)") + deep + ".e30.AAAA");
  std::string nested = R"({"alg":"ES256","x":)" + std::string(100, '[') + std::string(100, ']') + "}";
  expectRefused(withHeader(nested, "AAAA"));
}

TEST_F(JwsHostileInput, RandomBytesNeverCrashOrVerify) {
  for (int i = 0; i < 2000; ++i) {
    std::string noise = randomBytes(static_cast<std::size_t>(i % 300));
    if (i % 3 == 0) noise = token_.substr(0, static_cast<std::size_t>(i) % token_.size()) + noise;
    if (i % 5 == 0) noise = base64UrlEncode(noise) + "." + base64UrlEncode(noise) + "." + base64UrlEncode(noise);
    EXPECT_FALSE(verifyJws(noise, key_->publicKey()).ok());
  }
}

}  // namespace
}  // namespace sigid::core::crypto
