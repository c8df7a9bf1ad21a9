#include "core/crypto/jws.hpp"

#include <gtest/gtest.h>

#include "core/crypto/jwk.hpp"
#include "core/encoding.hpp"
#include "rfc_vectors.hpp"

namespace sigid::core::crypto {
namespace {

constexpr std::string_view kPayload = R"({"iss":"https://id.example/t/acme","sub":"client-1","exp":1900000000})";

class JwsRoundTrip : public ::testing::TestWithParam<JwsAlgorithm> {};

TEST_P(JwsRoundTrip, ASignedTokenVerifiesWithItsKeyAndCarriesHeaderAndPayload) {
  auto key = SigningKey::generate(GetParam(), "kid-1");
  ASSERT_TRUE(key.ok()) << key.error().detail();
  auto token = signJws(*key, "at+jwt", kPayload);
  ASSERT_TRUE(token.ok()) << token.error().detail();

  auto verified = verifyJws(*token, key->publicKey());
  ASSERT_TRUE(verified.ok()) << verified.error().description();
  EXPECT_EQ(verified->payload, kPayload);
  EXPECT_EQ(verified->alg, GetParam());
  EXPECT_EQ(verified->kid, "kid-1");
  EXPECT_EQ(verified->typ, "at+jwt");
}

TEST_P(JwsRoundTrip, ATokenVerifiesWithThePublishedJwkParsedBackIntoAKey) {
  // A second code path: the verifier never sees the signing EVP_PKEY, only the JWK text.
  auto key = SigningKey::generate(GetParam(), "kid-2");
  ASSERT_TRUE(key.ok());
  auto jwk = publicJwkJson(key->publicKey());
  ASSERT_TRUE(jwk.ok());
  auto reparsed = verificationKeyFromJwk(*jwk);
  ASSERT_TRUE(reparsed.ok()) << reparsed.error().description();
  EXPECT_EQ(reparsed->algorithm(), GetParam());
  EXPECT_EQ(reparsed->kid(), "kid-2");
  auto token = signJws(*key, "", kPayload);
  ASSERT_TRUE(token.ok());
  EXPECT_TRUE(verifyJws(*token, *reparsed).ok());
}

TEST_P(JwsRoundTrip, ATokenDoesNotVerifyWithAnotherKeyOfTheSameAlgorithm) {
  auto key = SigningKey::generate(GetParam(), "a");
  auto other = SigningKey::generate(GetParam(), "a");
  ASSERT_TRUE(key.ok() && other.ok());
  auto token = signJws(*key, "", kPayload);
  ASSERT_TRUE(token.ok());
  auto verified = verifyJws(*token, other->publicKey());
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code(), ErrorCode::InvalidToken);
}

TEST_P(JwsRoundTrip, AChangedPayloadDoesNotVerify) {
  auto key = SigningKey::generate(GetParam(), "a");
  ASSERT_TRUE(key.ok());
  auto token = signJws(*key, "", kPayload);
  ASSERT_TRUE(token.ok());
  auto first = token->find('.');
  auto second = token->find('.', first + 1);
  std::string forged = token->substr(0, first + 1) + base64UrlEncode(R"({"sub":"admin"})") + token->substr(second);
  EXPECT_FALSE(verifyJws(forged, key->publicKey()).ok());
}

TEST_P(JwsRoundTrip, APrivateKeySurvivesPkcs8DerAndPem) {
  auto key = SigningKey::generate(GetParam(), "k");
  ASSERT_TRUE(key.ok());
  auto der = key->toPkcs8Der();
  auto pem = key->toPem();
  ASSERT_TRUE(der.ok() && pem.ok());
  EXPECT_NE(pem->find("BEGIN PRIVATE KEY"), std::string::npos);
  auto from_der = SigningKey::fromPkcs8Der(GetParam(), "k", *der);
  auto from_pem = SigningKey::fromPem(GetParam(), "k", *pem);
  ASSERT_TRUE(from_der.ok() && from_pem.ok());
  for (const auto* restored : {&*from_der, &*from_pem}) {
    auto token = signJws(*restored, "", kPayload);
    ASSERT_TRUE(token.ok());
    EXPECT_TRUE(verifyJws(*token, key->publicKey()).ok());
  }
}

INSTANTIATE_TEST_SUITE_P(Algorithms, JwsRoundTrip,
                         ::testing::Values(JwsAlgorithm::ES256, JwsAlgorithm::RS256, JwsAlgorithm::EdDSA),
                         [](const auto& info) { return std::string(toString(info.param)); });

TEST(JwsRfcVectors, Rfc7515AppendixA3Es256Verifies) {
  auto key = verificationKeyFromJwk(testing::rfc::kA3PublicJwk);
  ASSERT_TRUE(key.ok()) << key.error().description();
  auto verified = verifyJws(testing::rfc::kA3Jws, *key);
  ASSERT_TRUE(verified.ok()) << verified.error().description();
  EXPECT_NE(verified->payload.find("\"iss\":\"joe\""), std::string::npos);
  EXPECT_FALSE(verified->kid.has_value());
}

TEST(JwsRfcVectors, Rfc8037AppendixA4Ed25519Verifies) {
  auto key = verificationKeyFromJwk(testing::rfc::kEd25519PublicJwk);
  ASSERT_TRUE(key.ok()) << key.error().description();
  auto verified = verifyJws(testing::rfc::kEd25519Jws, *key);
  ASSERT_TRUE(verified.ok()) << verified.error().description();
  EXPECT_EQ(verified->payload, "Example of Ed25519 signing");
}

TEST(JwsRfcVectors, Rfc8037AppendixA4SigningReproducesTheSignature) {
  // Ed25519 is deterministic (RFC 8032 §5.1.6): our signer must produce the RFC's bytes.
  // PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410 §7).
  auto seed = hexDecode(testing::rfc::kEd25519PrivateHex);
  auto prefix = hexDecode("302e020100300506032b657004220420");
  ASSERT_TRUE(seed && prefix);
  auto key = SigningKey::fromPkcs8Der(JwsAlgorithm::EdDSA, "", *prefix + *seed);
  ASSERT_TRUE(key.ok()) << key.error().description();
  std::string_view vector = testing::rfc::kEd25519Jws;
  auto input = vector.substr(0, vector.rfind('.'));
  auto signature = key->sign(input);
  ASSERT_TRUE(signature.ok());
  EXPECT_EQ(base64UrlEncode(*signature), vector.substr(vector.rfind('.') + 1));
}

TEST(JwsRfcVectors, Rfc7515AppendixA3FailsWhenOneSignatureBitFlips) {
  auto key = verificationKeyFromJwk(testing::rfc::kA3PublicJwk);
  ASSERT_TRUE(key.ok());
  std::string token(testing::rfc::kA3Jws);
  token[token.size() - 3] = token[token.size() - 3] == 'N' ? 'M' : 'N';
  EXPECT_FALSE(verifyJws(token, *key).ok());
}

}  // namespace
}  // namespace sigid::core::crypto
