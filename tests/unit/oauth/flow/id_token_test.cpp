// OIDC Core §2 claims and the §3.1.3.6 at_hash.
#include "oauth/id_token.hpp"

#include <gtest/gtest.h>

#include "core/crypto/json_object.hpp"
#include "core/encoding.hpp"
#include "core/hashing.hpp"

using namespace sigid;
using namespace sigid::oauth;

TEST(IdToken, CarriesTheOidcClaims) {
  IdTokenClaims c;
  c.iss = "https://id.example/t/acme";
  c.sub = "pairwise-subject";
  c.aud = "client-1";
  c.exp = 2000;
  c.iat = 1000;
  c.auth_time = 990;
  c.nonce = "n-\"quoted\"";
  c.acr = "urn:sigid:loa:1";
  c.amr = {"pwd", "otp"};
  c.at_hash = "abc";
  c.azp = "client-1";
  auto parsed = core::crypto::JsonObject::parse(encodeIdTokenClaims(c));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(**parsed->optionalString("sub"), "pairwise-subject");
  EXPECT_EQ(**parsed->optionalString("nonce"), "n-\"quoted\"");
  EXPECT_EQ(parsed->find("auth_time")->value, "990");
  EXPECT_EQ(parsed->find("amr")->value, R"(["pwd","otp"])");
  EXPECT_EQ(parsed->find("sid"), nullptr) << "empty claims are left out";
}

TEST(IdToken, NonceIsOmittedWhenTheRequestHadNone) {
  IdTokenClaims c;
  c.iss = "i";
  c.sub = "s";
  c.aud = "a";
  auto parsed = core::crypto::JsonObject::parse(encodeIdTokenClaims(c));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->find("nonce"), nullptr);
  EXPECT_EQ(parsed->find("at_hash"), nullptr);
}

TEST(IdToken, AtHashIsTheLeftHalfOfTheAlgorithmsHash) {
  const std::string token = "jHkWEdUXMU1BwAsC4vtUsZwnNnPSFNR";
  const std::string full = core::sha256(token);
  const std::string expected = core::base64UrlEncode(full.substr(0, 16));
  EXPECT_EQ(leftHalfHash(token, core::crypto::JwsAlgorithm::RS256), expected);
  EXPECT_EQ(leftHalfHash(token, core::crypto::JwsAlgorithm::ES256), expected);
  EXPECT_EQ(leftHalfHash(token, core::crypto::JwsAlgorithm::EdDSA).size(), 43u) << "SHA-512: 32 bytes -> 43 chars";
}
