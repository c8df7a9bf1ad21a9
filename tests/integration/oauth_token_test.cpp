// The token endpoint over real HTTP (RFC 6749 §4.4, RFC 9068), on SQLite and MariaDB:
// every error a client can reach, with its status and `error` code.
#include <gtest/gtest.h>

#include "integration/oauth_fixture.hpp"

namespace sigid::testing {
namespace {

class OAuthToken : public OAuthTest {};

TEST_P(OAuthToken, ClientSecretBasicIssuesAnRfc9068AccessToken) {
  auto tenant = provision("acme");
  TestClient client = createApp("acme");
  auto res = token("acme", client, "&scope=read");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.header("cache-control"), "no-store");
  EXPECT_EQ(res.header("pragma"), "no-cache");
  auto body = res.json();
  EXPECT_EQ(body->getValue<std::string>("token_type"), "Bearer");
  EXPECT_EQ(body->getValue<int>("expires_in"), 3600);
  EXPECT_EQ(body->getValue<std::string>("scope"), "read");

  const std::string jwt = body->getValue<std::string>("access_token");
  auto header = jwtSegment(jwt, 0);
  EXPECT_EQ(header->getValue<std::string>("typ"), "at+jwt");
  EXPECT_EQ(header->getValue<std::string>("alg"), "ES256");
  EXPECT_FALSE(header->getValue<std::string>("kid").empty());
  auto claims = jwtSegment(jwt, 1);
  EXPECT_EQ(claims->getValue<std::string>("iss"), "http://127.0.0.1:8080/t/acme");
  EXPECT_EQ(claims->getValue<std::string>("sub"), client.client_id);
  EXPECT_EQ(claims->getValue<std::string>("client_id"), client.client_id);
  EXPECT_EQ(claims->getValue<std::string>("aud"), client.client_id);
  EXPECT_EQ(claims->getValue<std::string>("scope"), "read");
  EXPECT_EQ(claims->getValue<std::string>("tid"), tenant->getValue<std::string>("id"));
  EXPECT_EQ(claims->getValue<std::int64_t>("exp") - claims->getValue<std::int64_t>("iat"), 3600);
  EXPECT_FALSE(claims->getValue<std::string>("jti").empty());

  // The key that signed it is in the tenant's JWKS.
  auto jwks = http().get("/t/acme/jwks");
  ASSERT_EQ(jwks.status, 200);
  EXPECT_NE(jwks.body.find(header->getValue<std::string>("kid")), std::string::npos);
  EXPECT_EQ(jwks.body.find("\"d\""), std::string::npos) << "no private members";
}

TEST_P(OAuthToken, ClientSecretPostAndPerAppSettings) {
  provision("acme");
  TestClient client = createApp("acme", R"({"name":"rs","scopes":["a","b"],"audience":"https://api.example",
                                           "access_token_ttl":600,"signing_alg":"RS256"})");
  auto res = postForm("acme", "token",
                      "grant_type=client_credentials&client_id=" + client.client_id + "&client_secret=" + client.secret);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.json()->getValue<std::string>("scope"), "a b") << "no scope parameter: every registered scope";
  EXPECT_EQ(res.json()->getValue<int>("expires_in"), 600);
  const std::string jwt = res.jsonString("access_token");
  EXPECT_EQ(jwtSegment(jwt, 0)->getValue<std::string>("alg"), "RS256");
  EXPECT_EQ(jwtSegment(jwt, 1)->getValue<std::string>("aud"), "https://api.example");

  TestClient ed = createApp("acme", R"({"name":"ed","signing_alg":"EdDSA"})");
  EXPECT_EQ(jwtSegment(accessToken("acme", ed), 0)->getValue<std::string>("alg"), "EdDSA");
}

TEST_P(OAuthToken, BasicCredentialsAreFormDecodedAfterBase64) {
  provision("acme");
  TestClient client = createApp("acme");
  // RFC 6749 §2.3.1: the id and secret are form-urlencoded before base64.
  std::string encoded_id;
  for (char c : client.client_id) encoded_id += c == '_' || c == '-' ? (c == '_' ? "%5F" : "%2D") : std::string(1, c);
  auto res = postForm("acme", "token", "grant_type=client_credentials", basicAuth(encoded_id, client.secret));
  EXPECT_EQ(res.status, 200) << res.body;
}

TEST_P(OAuthToken, ClientAuthenticationFailuresAreInvalidClient401) {
  provision("acme");
  TestClient client = createApp("acme");
  auto wrong = postForm("acme", "token", "grant_type=client_credentials", basicAuth(client.client_id, "sigid_cs_nope"));
  expectOAuthError(wrong, 401, "invalid_client");
  EXPECT_EQ(wrong.header("www-authenticate"), "Basic realm=\"sigid\"");
  auto unknown = postForm("acme", "token", "grant_type=client_credentials", basicAuth("nobody", client.secret));
  expectOAuthError(unknown, 401, "invalid_client");
  EXPECT_EQ(unknown.header("www-authenticate"), "Basic realm=\"sigid\"");
  auto none = postForm("acme", "token", "grant_type=client_credentials");
  expectOAuthError(none, 401, "invalid_client");
  EXPECT_EQ(none.header("www-authenticate"), "Basic realm=\"sigid\"");
  expectOAuthError(postForm("acme", "token", "grant_type=client_credentials&client_id=" + client.client_id), 401,
                   "invalid_client");
  expectOAuthError(postForm("acme", "token", "grant_type=client_credentials",
                            {{"Authorization", "Basic !!not-base64!!"}}),
                   401, "invalid_client");
  expectOAuthError(postForm("acme", "token", "grant_type=client_credentials&client_id=" + client.client_id +
                                                 "&client_secret=wrong"),
                   401, "invalid_client");

  // Counted and audited (batched).
  auto metrics = http().get("/metrics");
  EXPECT_NE(metrics.body.find(R"(sigid_oauth_client_auth_failures_total{reason="wrong_secret"})"), std::string::npos);
  EXPECT_NE(metrics.body.find(R"(sigid_oauth_client_auth_failures_total{reason="unknown_client"})"), std::string::npos);
  EXPECT_NE(metrics.body.find(R"(sigid_oauth_client_auth_failures_total{reason="no_credentials"})"), std::string::npos);
}

TEST_P(OAuthToken, RequestErrorsAreInvalidRequest) {
  provision("acme");
  TestClient client = createApp("acme");
  auto auth = basicAuth(client.client_id, client.secret);
  // Two authentication methods at once (RFC 6749 §2.3).
  expectOAuthError(postForm("acme", "token", "grant_type=client_credentials&client_id=" + client.client_id +
                                                 "&client_secret=" + client.secret, auth),
                   400, "invalid_request");
  // Missing and duplicated parameters (§3.2).
  expectOAuthError(postForm("acme", "token", "scope=read", auth), 400, "invalid_request");
  expectOAuthError(postForm("acme", "token", "grant_type=client_credentials&grant_type=client_credentials", auth), 400,
                   "invalid_request");
  expectOAuthError(postForm("acme", "token", "grant_type=client_credentials&scope=read&scope=write", auth), 400,
                   "invalid_request");
  // Wrong content type, and parameters in the URI.
  auto json = auth;
  json["Content-Type"] = "application/json";
  expectOAuthError(http().request("POST", "/t/acme/token", R"({"grant_type":"client_credentials"})", json), 400,
                   "invalid_request");
  expectOAuthError(http().request("POST", "/t/acme/token", "grant_type=client_credentials", auth), 400,
                   "invalid_request");
  auto form = auth;
  form["Content-Type"] = "application/x-www-form-urlencoded";
  expectOAuthError(http().request("POST", "/t/acme/token?client_secret=x", "grant_type=client_credentials", form), 400,
                   "invalid_request");
}

TEST_P(OAuthToken, GrantAndScopeErrors) {
  provision("acme");
  TestClient client = createApp("acme");
  auto auth = basicAuth(client.client_id, client.secret);
  expectOAuthError(postForm("acme", "token", "grant_type=password&username=a&password=b", auth), 400,
                   "unsupported_grant_type");
  // Served since issue 7, but this client is registered for client_credentials only.
  expectOAuthError(postForm("acme", "token", "grant_type=authorization_code&code=x", auth), 400,
                   "unauthorized_client");
  expectOAuthError(token("acme", client, "&scope=admin"), 400, "invalid_scope");
  expectOAuthError(token("acme", client, "&scope=read%20admin"), 400, "invalid_scope");
  expectOAuthError(token("acme", client, "&scope=read%20%20write"), 400, "invalid_scope");
  expectOAuthError(token("acme", client, "&scope=%22quoted%22"), 400, "invalid_scope");
  auto both = token("acme", client, "&scope=write%20read");
  ASSERT_EQ(both.status, 200) << both.body;
  EXPECT_EQ(both.json()->getValue<std::string>("scope"), "write read");

  // A confidential client configured for another grant only.
  TestClient web = createApp("acme", R"({"name":"web","grant_types":["authorization_code"],
                                        "redirect_uris":["http://127.0.0.1:3000/cb"]})");
  expectOAuthError(token("acme", web), 400, "unauthorized_client");
}

TEST_P(OAuthToken, WrongMethodIs405WithAllow) {
  provision("acme");
  for (const char* endpoint : {"token", "introspect", "revoke"}) {
    for (const char* method : {"GET", "PUT", "DELETE"}) {
      auto res = http().request(method, std::string("/t/acme/") + endpoint);
      EXPECT_EQ(res.status, 405) << method << " " << endpoint;
      EXPECT_EQ(res.header("allow"), "POST") << method << " " << endpoint;
    }
  }
  for (const char* path : {"/t/acme/jwks", "/t/acme/.well-known/oauth-authorization-server"}) {
    auto res = http().request("POST", path, "x=1", {{"Content-Type", "application/x-www-form-urlencoded"}});
    EXPECT_EQ(res.status, 405) << path;
    EXPECT_EQ(res.header("allow"), "GET") << path;
  }
}

TEST_P(OAuthToken, UnknownAndSuspendedTenantsAreRefused) {
  auto tenant = provision("acme");
  TestClient client = createApp("acme");
  expectOAuthError(token("no-such-tenant", client), 404, "not_found");
  ASSERT_EQ(http().request("POST", "/api/v1/system/tenants/acme/suspend", "", admin()).status, 200);
  // This node drops its cached tenant at once (other nodes converge within
  // cache.refresh_interval_ms): the very next token request is refused.
  HttpResult res = token("acme", client);
  expectOAuthError(res, 403, "tenant_suspended");
  expectOAuthError(http().get("/t/acme/.well-known/oauth-authorization-server"), 403, "tenant_suspended");
  expectOAuthError(http().get("/t/acme/jwks"), 403, "tenant_suspended");
  expectOAuthError(postForm("acme", "introspect", "token=x", basicAuth(client.client_id, client.secret)), 403,
                   "tenant_suspended");
  expectOAuthError(postForm("acme", "revoke", "token=x", basicAuth(client.client_id, client.secret)), 403,
                   "tenant_suspended");
  ASSERT_EQ(http().request("POST", "/api/v1/system/tenants/acme/reactivate", "", admin()).status, 200);
  for (int i = 0; i < 50 && res.status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    res = token("acme", client);
  }
  EXPECT_EQ(res.status, 200) << res.body;
}

TEST_P(OAuthToken, AClientCannotBeUsedAtAnotherTenant) {
  provision("tenant-a");
  provision("tenant-b");
  TestClient a = createApp("tenant-a");
  createApp("tenant-b");
  expectOAuthError(token("tenant-b", a), 401, "invalid_client");
  EXPECT_EQ(token("tenant-a", a).status, 200);
}

TEST_P(OAuthToken, SecretRegenerationWithAndWithoutGrace) {
  provision("acme");
  TestClient client = createApp("acme");
  const std::string base = "/api/v1/tenants/acme/applications/" + client.id + "/regenerate-secret";
  auto fresh = http().request("POST", base, "", admin());
  ASSERT_EQ(fresh.status, 200) << fresh.body;
  const std::string second = fresh.jsonString("client_secret");
  ASSERT_TRUE(second.starts_with("sigid_cs_"));
  // Without a grace period the old secret stops working at once (this node invalidates immediately).
  expectOAuthError(token("acme", client), 401, "invalid_client");
  TestClient current{client.id, client.client_id, second};
  EXPECT_EQ(token("acme", current).status, 200);

  auto graced = http().sendJson("POST", base, R"({"grace_period_seconds":300})", admin());
  ASSERT_EQ(graced.status, 200) << graced.body;
  EXPECT_TRUE(graced.json()->has("previous_secret_expires_at"));
  TestClient third{client.id, client.client_id, graced.jsonString("client_secret")};
  EXPECT_EQ(token("acme", current).status, 200) << "the replaced secret works during the grace period";
  EXPECT_EQ(token("acme", third).status, 200);
  expectOAuthError(http().sendJson("POST", base, R"({"grace_period_seconds":9999999})", admin()), 400,
                   "invalid_request");
}

TEST_P(OAuthToken, DeactivatedApplicationCannotAuthenticate) {
  provision("acme");
  TestClient client = createApp("acme");
  std::string jwt = accessToken("acme", client);
  TestClient resource = createApp("acme", R"({"name":"resource-server"})");
  ASSERT_EQ(http().request("DELETE", "/api/v1/tenants/acme/applications/" + client.id, "", admin()).status, 204);
  expectOAuthError(token("acme", client), 401, "invalid_client");
  auto introspected = postForm("acme", "introspect", "token=" + jwt, basicAuth(resource.client_id, resource.secret));
  ASSERT_EQ(introspected.status, 200);
  EXPECT_EQ(introspected.body, R"({"active":false})") << "a deactivated client's tokens die with it";
}

class OAuthRateLimit : public OAuthTest {
 protected:
  std::map<std::string, std::string> extraEnv() const override {
    auto env = OAuthTest::extraEnv();
    env["SIGID_OAUTH_RATE_LIMIT_CLIENT_PER_SECOND"] = "1";
    env["SIGID_OAUTH_RATE_LIMIT_CLIENT_BURST"] = "3";
    env["SIGID_OAUTH_RATE_LIMIT_ADDRESS_PER_SECOND"] = "1";
    env["SIGID_OAUTH_RATE_LIMIT_ADDRESS_BURST"] = "8";
    return env;
  }
};

TEST_P(OAuthRateLimit, PerClientThenPerAddressLimitsAnswer429WithRetryAfter) {
  provision("acme");
  TestClient client = createApp("acme");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(token("acme", client).status, 200);
  auto limited = token("acme", client);
  expectOAuthError(limited, 429, "too_many_requests");
  EXPECT_GE(std::stoi(limited.header("retry-after")), 1);
  // Guessing secrets for many client ids from one address hits the address bucket.
  HttpResult res;
  for (int i = 0; i < 10; ++i)
    res = postForm("acme", "token", "grant_type=client_credentials", basicAuth("guess" + std::to_string(i), "x"));
  expectOAuthError(res, 429, "too_many_requests");
  EXPECT_FALSE(res.header("retry-after").empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, OAuthToken, ::testing::Values(Backend::Sqlite, Backend::Mariadb), backendName);
INSTANTIATE_TEST_SUITE_P(Backends, OAuthRateLimit, ::testing::Values(Backend::Sqlite, Backend::Mariadb),
                         backendName);

}  // namespace
}  // namespace sigid::testing
