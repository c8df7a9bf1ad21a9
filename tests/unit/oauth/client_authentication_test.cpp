// Client secrets, scope resolution and the claims codec: protocol logic without a socket.
#include "oauth/client_authentication.hpp"

#include <gtest/gtest.h>

#include "core/hashing.hpp"
#include "oauth/access_token.hpp"
#include "oauth/token_service.hpp"

using namespace sigid;

namespace {

oauth::TenantSnapshot snapshotWith(const std::string& secret) {
  oauth::TenantSnapshot snapshot;
  snapshot.issuer = "https://id.example/t/acme";
  oauth::ClientEntry client;
  client.client_id = "c1";
  client.secret_sha256 = core::sha256(secret);
  client.grant_types = {"client_credentials"};
  client.scopes = {"read", "write"};
  snapshot.clients.emplace("c1", client);
  oauth::ClientEntry spa;
  spa.client_id = "spa";
  spa.confidential = false;
  snapshot.clients.emplace("spa", spa);
  return snapshot;
}

}  // namespace

TEST(ClientAuthentication, MatchesOnlyTheRightSecretOfAKnownConfidentialClient) {
  auto s = snapshotWith("sigid_cs_right");
  using oauth::ClientAuthFailure;
  auto basic = oauth::ClientAuthMethod::ClientSecretBasic;
  EXPECT_NE(oauth::authenticateClient(s, {basic, "c1", "sigid_cs_right"}, 0).client, nullptr);
  EXPECT_EQ(oauth::authenticateClient(s, {basic, "c1", "sigid_cs_wrong"}, 0).failure, ClientAuthFailure::WrongSecret);
  EXPECT_EQ(oauth::authenticateClient(s, {basic, "c1", ""}, 0).failure, ClientAuthFailure::WrongSecret);
  EXPECT_EQ(oauth::authenticateClient(s, {basic, "nobody", "sigid_cs_right"}, 0).failure,
            ClientAuthFailure::UnknownClient);
  EXPECT_EQ(oauth::authenticateClient(s, {basic, "spa", ""}, 0).failure, ClientAuthFailure::PublicClient);
}

TEST(ClientAuthentication, AReplacedSecretWorksUntilItsGracePeriodEnds) {
  auto s = snapshotWith("sigid_cs_new");
  auto& c = s.clients.at("c1");
  c.previous_secret_sha256 = core::sha256("sigid_cs_old");
  c.previous_secret_expires_at = 1000;
  auto basic = oauth::ClientAuthMethod::ClientSecretBasic;
  EXPECT_NE(oauth::authenticateClient(s, {basic, "c1", "sigid_cs_old"}, 999).client, nullptr);
  EXPECT_EQ(oauth::authenticateClient(s, {basic, "c1", "sigid_cs_old"}, 1000).client, nullptr);
  EXPECT_NE(oauth::authenticateClient(s, {basic, "c1", "sigid_cs_new"}, 5000).client, nullptr);
}

TEST(ScopeResolution, DefaultsToEverythingAndRefusesWhatIsNotGranted) {
  auto s = snapshotWith("x");
  const auto& c = s.clients.at("c1");
  EXPECT_EQ(*oauth::resolveScope(c, std::nullopt), "read write");
  EXPECT_EQ(*oauth::resolveScope(c, std::string("write")), "write");
  EXPECT_EQ(*oauth::resolveScope(c, std::string("write read write")), "write read");
  for (std::string bad : {"admin", "read admin", " read", "read ", "read  write", "\"read\"", "read\twrite"}) {
    auto r = oauth::resolveScope(c, bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code(), core::ErrorCode::InvalidScope) << bad;
  }
}

TEST(AccessTokenClaims, RoundTripAndRefuseMissingClaims) {
  oauth::AccessTokenClaims claims{"https://id.example/t/a\"b", "c1", "aud", 2000, 1000, "jti1", "c1", "read", "tid", ""};
  auto decoded = oauth::decodeClaims(oauth::encodeClaims(claims));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->iss, claims.iss);
  EXPECT_EQ(decoded->exp, 2000);
  EXPECT_EQ(decoded->scope, "read");
  claims.scope.clear();
  EXPECT_EQ(oauth::encodeClaims(claims).find("scope"), std::string::npos);
  EXPECT_FALSE(oauth::decodeClaims(R"({"iss":"x","sub":"c","aud":"a","exp":"2000","iat":1,"jti":"j","client_id":"c","tid":"t"})"));
  EXPECT_FALSE(oauth::decodeClaims(R"({"iss":"x","sub":"c","aud":"a","exp":2000,"iat":1,"client_id":"c","tid":"t"})"));
  EXPECT_FALSE(oauth::decodeClaims("not json"));
}
