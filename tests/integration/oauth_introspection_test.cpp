// Introspection (RFC 7662), revocation (RFC 7009) and discovery (RFC 8414)
// over real HTTP, on SQLite and MariaDB.
#include <gtest/gtest.h>

#include "integration/oauth_fixture.hpp"

namespace sigid::testing {
namespace {

class OAuthIntrospection : public OAuthTest {};


TEST_P(OAuthIntrospection, ActiveTokenRevokedByItsClientTurnsInactive) {
  provision("acme");
  TestClient owner = createApp("acme");
  TestClient resource = createApp("acme", R"({"name":"api"})");
  const std::string jwt = accessToken("acme", owner, "&scope=read");

  auto active = postForm("acme", "introspect", "token=" + jwt + "&token_type_hint=access_token",
                         basicAuth(resource.client_id, resource.secret));
  ASSERT_EQ(active.status, 200) << active.body;
  EXPECT_EQ(active.header("cache-control"), "no-store");
  auto body = active.json();
  EXPECT_TRUE(body->getValue<bool>("active"));
  EXPECT_EQ(body->getValue<std::string>("client_id"), owner.client_id);
  EXPECT_EQ(body->getValue<std::string>("scope"), "read");
  EXPECT_EQ(body->getValue<std::string>("token_type"), "Bearer");
  EXPECT_EQ(body->getValue<std::string>("iss"), "http://127.0.0.1:8080/t/acme");
  EXPECT_GT(body->getValue<std::int64_t>("exp"), body->getValue<std::int64_t>("iat"));

  // RFC 7009 §2.1: another client's revocation is answered 200 and does nothing.
  auto foreign = postForm("acme", "revoke", "token=" + jwt, basicAuth(resource.client_id, resource.secret));
  EXPECT_EQ(foreign.status, 200) << foreign.body;
  auto still = postForm("acme", "introspect", "token=" + jwt, basicAuth(resource.client_id, resource.secret));
  EXPECT_TRUE(still.json()->getValue<bool>("active")) << "client X cannot revoke client Y's token";

  // The owner revokes it (client_secret_post this time); twice is fine (idempotent).
  const std::string post_auth = "&client_id=" + owner.client_id + "&client_secret=" + owner.secret;
  EXPECT_EQ(postForm("acme", "revoke", "token=" + jwt + post_auth).status, 200);
  EXPECT_EQ(postForm("acme", "revoke", "token=" + jwt + post_auth).status, 200);
  auto revoked = postForm("acme", "introspect", "token=" + jwt, basicAuth(resource.client_id, resource.secret));
  ASSERT_EQ(revoked.status, 200);
  EXPECT_EQ(revoked.body, R"({"active":false})");

  // Revocations live in the database: a restarted node still knows.
  restart();
  auto after = postForm("acme", "introspect", "token=" + jwt, basicAuth(resource.client_id, resource.secret));
  EXPECT_EQ(after.body, R"({"active":false})");
  // Another token of the same client is unaffected.
  const std::string other = accessToken("acme", owner);
  EXPECT_TRUE(postForm("acme", "introspect", "token=" + other, basicAuth(owner.client_id, owner.secret))
                  .json()
                  ->getValue<bool>("active"));
}

TEST_P(OAuthIntrospection, GarbageForeignAndTamperedTokensAreInactive) {
  provision("tenant-a");
  provision("tenant-b");
  TestClient a = createApp("tenant-a");
  TestClient b = createApp("tenant-b");
  const std::string jwt = accessToken("tenant-a", a);
  auto auth_b = basicAuth(b.client_id, b.secret);
  EXPECT_EQ(postForm("tenant-b", "introspect", "token=" + jwt, auth_b).body, R"({"active":false})")
      << "tenant A's token is inactive at tenant B";
  EXPECT_EQ(postForm("tenant-b", "revoke", "token=" + jwt, auth_b).status, 200);
  EXPECT_EQ(postForm("tenant-a", "introspect", "token=" + jwt, basicAuth(a.client_id, a.secret))
                .json()
                ->getValue<bool>("active"),
            true)
      << "B's revocation attempt had no effect at A";

  auto auth_a = basicAuth(a.client_id, a.secret);
  std::string tampered = jwt;
  tampered[tampered.find('.') + 5] = tampered[tampered.find('.') + 5] == 'A' ? 'B' : 'A';
  for (const std::string& token : {std::string("garbage"), tampered, jwt + "x", std::string("a.b.c")}) {
    auto res = postForm("tenant-a", "introspect", "token=" + token, auth_a);
    EXPECT_EQ(res.status, 200);
    EXPECT_EQ(res.body, R"({"active":false})") << token;
    EXPECT_EQ(postForm("tenant-a", "revoke", "token=" + token, auth_a).status, 200) << "RFC 7009 §2.2";
  }
}

TEST_P(OAuthIntrospection, ErrorsNeedAuthenticationAndAToken) {
  provision("acme");
  TestClient client = createApp("acme");
  for (const char* endpoint : {"introspect", "revoke"}) {
    auto none = postForm("acme", endpoint, "token=abc");
    expectOAuthError(none, 401, "invalid_client");
    EXPECT_EQ(none.header("www-authenticate"), "Basic realm=\"sigid\"");
    expectOAuthError(postForm("acme", endpoint, "token=abc", basicAuth(client.client_id, "wrong")), 401,
                     "invalid_client");
    expectOAuthError(postForm("acme", endpoint, "", basicAuth(client.client_id, client.secret)), 400,
                     "invalid_request");
    expectOAuthError(postForm("acme", endpoint, "token=a&token=b", basicAuth(client.client_id, client.secret)), 400,
                     "invalid_request");
    expectOAuthError(http().request("POST", std::string("/t/acme/") + endpoint, "token=a",
                                    basicAuth(client.client_id, client.secret)),
                     400, "invalid_request");
  }
}

TEST_P(OAuthIntrospection, DiscoveryComesFromConfigurationNotFromHeaders) {
  provision("acme");
  auto plain = http().get("/t/acme/.well-known/oauth-authorization-server");
  ASSERT_EQ(plain.status, 200) << plain.body;
  auto doc = plain.json();
  const std::string issuer = "http://127.0.0.1:8080/t/acme";
  EXPECT_EQ(doc->getValue<std::string>("issuer"), issuer);
  EXPECT_EQ(doc->getValue<std::string>("token_endpoint"), issuer + "/token");
  EXPECT_EQ(doc->getValue<std::string>("jwks_uri"), issuer + "/jwks");
  EXPECT_EQ(doc->getValue<std::string>("introspection_endpoint"), issuer + "/introspect");
  EXPECT_EQ(doc->getValue<std::string>("revocation_endpoint"), issuer + "/revoke");
  // Since issue 7: the code flow, refresh tokens and public clients (auth method none).
  EXPECT_EQ(doc->getArray("grant_types_supported")->size(), 3u);
  EXPECT_EQ(doc->getArray("grant_types_supported")->getElement<std::string>(2), "client_credentials");
  EXPECT_EQ(doc->getArray("response_types_supported")->getElement<std::string>(0), "code");
  EXPECT_EQ(doc->getValue<std::string>("authorization_endpoint"), issuer + "/authorize");
  EXPECT_EQ(doc->getArray("token_endpoint_auth_methods_supported")->size(), 3u);

  // A forged Host or X-Forwarded-* header changes no byte.
  auto forged = http().get("/t/acme/.well-known/oauth-authorization-server",
                           {{"Host", "evil.example"},
                            {"X-Forwarded-Host", "evil.example"},
                            {"X-Forwarded-Proto", "https"},
                            {"X-Forwarded-Prefix", "/evil"},
                            {"Forwarded", "host=evil.example;proto=https"}});
  ASSERT_EQ(forged.status, 200);
  EXPECT_EQ(forged.body, plain.body);

  // The OpenID Provider document is built the same way.
  auto oidc = http().get("/t/acme/.well-known/openid-configuration", {{"X-Forwarded-Host", "evil.example"}});
  ASSERT_EQ(oidc.status, 200);
  EXPECT_EQ(oidc.jsonString("issuer"), issuer);
  EXPECT_EQ(oidc.body.find("evil"), std::string::npos);
  expectOAuthError(http().get("/t/nobody-here/.well-known/oauth-authorization-server"), 404, "not_found");
  expectOAuthError(http().get("/t/nobody-here/jwks"), 404, "not_found");
}

INSTANTIATE_TEST_SUITE_P(Backends, OAuthIntrospection, ::testing::Values(Backend::Sqlite, Backend::Mariadb),
                         backendName);

}  // namespace
}  // namespace sigid::testing
