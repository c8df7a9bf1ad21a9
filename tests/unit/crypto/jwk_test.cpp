#include "core/crypto/jwk.hpp"

#include <gtest/gtest.h>
#include <openssl/pem.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/crypto/ecdsa_signature.hpp"
#include "core/crypto/jws.hpp"
#include "core/encoding.hpp"
#include "core/random.hpp"
#include "rfc_vectors.hpp"

namespace sigid::core::crypto {
namespace {

TEST(Jwk, Rfc7638ThumbprintExampleMatches) {
  auto key = verificationKeyFromJwk(testing::rfc::kThumbprintJwk);
  ASSERT_TRUE(key.ok()) << key.error().description();
  auto thumbprint = jwkThumbprint(*key);
  ASSERT_TRUE(thumbprint.ok());
  EXPECT_EQ(*thumbprint, testing::rfc::kThumbprint);
}

TEST(Jwk, PublicJwksCarryTheRightMembersAndNoPrivateOnes) {
  struct Case {
    JwsAlgorithm alg;
    std::vector<std::string> members;
  };
  for (const auto& c : {Case{JwsAlgorithm::ES256, {R"("kty":"EC")", R"("crv":"P-256")", R"("x":)", R"("y":)"}},
                        Case{JwsAlgorithm::RS256, {R"("kty":"RSA")", R"("n":)", R"("e":"AQAB")"}},
                        Case{JwsAlgorithm::EdDSA, {R"("kty":"OKP")", R"("crv":"Ed25519")", R"("x":)"}}}) {
    auto key = SigningKey::generate(c.alg, "kid-7");
    ASSERT_TRUE(key.ok());
    auto jwk = publicJwkJson(key->publicKey());
    ASSERT_TRUE(jwk.ok());
    for (const auto& m : c.members) EXPECT_NE(jwk->find(m), std::string::npos) << *jwk;
    EXPECT_NE(jwk->find(R"("kid":"kid-7")"), std::string::npos);
    EXPECT_NE(jwk->find(R"("alg":")" + std::string(toString(c.alg)) + "\""), std::string::npos);
    EXPECT_NE(jwk->find(R"("use":"sig")"), std::string::npos);
    auto parsed = JsonObject::parse(*jwk);
    ASSERT_TRUE(parsed.ok());
    for (std::string_view secret : {"d", "p", "q", "dp", "dq", "qi", "k"}) EXPECT_FALSE(parsed->find(secret)) << secret;
  }
}

TEST(Jwk, Es256CoordinatesAreAlways32Bytes) {
  // RFC 7518 §6.2.1.2: leading zero bytes are kept. 1 key in 128 has one; try enough.
  for (int i = 0; i < 300; ++i) {
    auto key = SigningKey::generate(JwsAlgorithm::ES256, "k");
    ASSERT_TRUE(key.ok());
    auto jwk = JsonObject::parse(*publicJwkJson(key->publicKey()));
    ASSERT_TRUE(jwk.ok());
    EXPECT_EQ(base64UrlDecode(jwk->find("x")->value)->size(), 32u);
    EXPECT_EQ(base64UrlDecode(jwk->find("y")->value)->size(), 32u);
  }
}

TEST(Jwk, ImportRefusesPrivateMembersMismatchesAndBadKeys) {
  auto refused = [](std::string_view json, std::optional<JwsAlgorithm> alg = std::nullopt) {
    auto key = verificationKeyFromJwk(json, alg);
    EXPECT_FALSE(key.ok()) << json;
  };
  refused(R"({"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",)"
          R"("y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"})");
  refused(testing::rfc::kA3PublicJwk, JwsAlgorithm::RS256);
  refused(testing::rfc::kA3PublicJwk, JwsAlgorithm::EdDSA);
  refused(R"({"kty":"EC","crv":"P-256","alg":"RS256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",)"
          R"("y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"})");
  // A point off the curve (y changed) must not become a key (invalid-curve attacks).
  refused(R"({"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",)"
          R"("y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a1"})");
  refused(R"({"kty":"EC","crv":"P-384","x":"AA","y":"AA"})");
  refused(R"({"kty":"oct","k":"c2VjcmV0"})");
  refused(R"({"kty":"RSA","n":"AQAB","e":"AQAB"})");  // far below 2048 bits
  refused(R"({"kty":"OKP","crv":"Ed25519","x":"AAAA"})");
  refused(R"({"kty":"OKP","crv":"X25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})");
  refused(R"({"kty":"OKP","crv":"Ed25519","use":"enc","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})");
  refused("not json");
}

TEST(Jwk, AnEs256TokenVerifiesWithTheOpensslCommandLine) {
  // An independent verifier: the `openssl dgst` tool, given our public key as PEM
  // and our JOSE signature converted to DER.
  if (std::system("openssl version > /dev/null 2>&1") != 0) GTEST_SKIP() << "no openssl command";
  auto key = SigningKey::generate(JwsAlgorithm::ES256, "cli");
  ASSERT_TRUE(key.ok());
  auto token = signJws(*key, "at+jwt", R"({"sub":"x"})");
  ASSERT_TRUE(token.ok());
  std::string input = token->substr(0, token->rfind('.'));
  auto jose = base64UrlDecode(token->substr(token->rfind('.') + 1));
  ASSERT_TRUE(jose);
  auto der = ecdsaJoseToDer(*jose, 32);
  ASSERT_TRUE(der);

  auto dir = std::filesystem::temp_directory_path() / ("sigid-jwk-" + hexEncode(randomBytes(8)));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "input", std::ios::binary) << input;
  std::ofstream(dir / "sig.der", std::ios::binary) << *der;
  FILE* pem = std::fopen((dir / "pub.pem").c_str(), "w");
  ASSERT_TRUE(pem);
  ASSERT_EQ(PEM_write_PUBKEY(pem, key->publicKey().pkey()), 1);
  std::fclose(pem);

  std::string command = "openssl dgst -sha256 -verify " + (dir / "pub.pem").string() + " -signature " +
                        (dir / "sig.der").string() + " " + (dir / "input").string() + " > /dev/null 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0);
  std::ofstream(dir / "input", std::ios::binary) << input << "x";
  EXPECT_NE(std::system(command.c_str()), 0);
  std::filesystem::remove_all(dir);
}

TEST(EcdsaSignature, DerAndJoseFormsConvertBothWays) {
  auto key = SigningKey::generate(JwsAlgorithm::ES256, "k");
  ASSERT_TRUE(key.ok());
  auto jose = key->sign("message");
  ASSERT_TRUE(jose.ok());
  ASSERT_EQ(jose->size(), 64u);
  auto der = ecdsaJoseToDer(*jose, 32);
  ASSERT_TRUE(der);
  EXPECT_EQ(ecdsaDerToJose(*der, 32), *jose);
  EXPECT_FALSE(ecdsaDerToJose(*der + "x", 32));
  EXPECT_FALSE(ecdsaDerToJose("garbage", 32));
  EXPECT_FALSE(ecdsaJoseToDer(jose->substr(1), 32));
}

}  // namespace
}  // namespace sigid::core::crypto
