// Applications and tenant API keys on the control plane, over real HTTP on
// SQLite and MariaDB, including the cross-tenant attacks.
#include <gtest/gtest.h>

#include "integration/oauth_fixture.hpp"

namespace sigid::testing {
namespace {

class OAuthAdmin : public OAuthTest {
 protected:
  std::map<std::string, std::string> bearer(const std::string& key) { return {{"Authorization", "Bearer " + key}}; }
  std::string apiKey(const std::string& tenant, const std::string& scopes_json) {
    auto res = http().sendJson("POST", "/api/v1/tenants/" + tenant + "/api-keys",
                               R"({"name":"ci","scopes":)" + scopes_json + "}", admin());
    EXPECT_EQ(res.status, 201) << res.body;
    return res.status == 201 ? res.jsonString("key") : "";
  }
};

void expectApiError(const HttpResult& res, int status, const std::string& error) {
  EXPECT_EQ(res.status, status) << res.body;
  EXPECT_EQ(res.json()->getValue<std::string>("error"), error) << res.body;
}

TEST_P(OAuthAdmin, ApplicationLifecycle) {
  provision("acme");
  auto created = http().sendJson("POST", "/api/v1/tenants/acme/applications",
                                 R"({"name":"Billing","scopes":["invoices:read"],"audience":"https://billing.example"})",
                                 admin());
  ASSERT_EQ(created.status, 201) << created.body;
  auto app = created.json();
  const std::string id = app->getValue<std::string>("id");
  EXPECT_EQ(created.header("location").find("/api/v1/tenants/"), 0u);
  EXPECT_TRUE(app->getValue<std::string>("client_secret").starts_with("sigid_cs_"));
  EXPECT_EQ(app->getValue<std::string>("type"), "confidential");
  EXPECT_EQ(app->getValue<std::string>("signing_alg"), "ES256");
  EXPECT_EQ(app->getValue<std::string>("issuer"), "http://127.0.0.1:8080/t/acme");

  auto got = http().get("/api/v1/tenants/acme/applications/" + id, admin());
  ASSERT_EQ(got.status, 200);
  EXPECT_FALSE(got.json()->has("client_secret")) << "the secret is shown once";
  EXPECT_EQ(got.body.find("sha256"), std::string::npos);

  auto patched = http().sendJson("PATCH", "/api/v1/tenants/acme/applications/" + id,
                                 R"({"name":"Billing v2","access_token_ttl":300,"signing_alg":"EdDSA"})", admin());
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.jsonString("name"), "Billing v2");
  EXPECT_EQ(patched.json()->getValue<int>("access_token_ttl"), 300);

  for (int i = 0; i < 3; ++i) createApp("acme", R"({"name":"more"})");
  auto page = http().get("/api/v1/tenants/acme/applications?limit=2", admin());
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.json()->getArray("items")->size(), 2u);
  const std::string cursor = page.jsonString("next_cursor");
  auto rest = http().get("/api/v1/tenants/acme/applications?limit=2&cursor=" + cursor, admin());
  EXPECT_EQ(rest.json()->getArray("items")->size(), 2u);
  EXPECT_TRUE(rest.json()->get("next_cursor").isEmpty());

  EXPECT_EQ(http().request("DELETE", "/api/v1/tenants/acme/applications/" + id, "", admin()).status, 204);
  EXPECT_EQ(http().request("DELETE", "/api/v1/tenants/acme/applications/" + id, "", admin()).status, 204);
  EXPECT_EQ(http().get("/api/v1/tenants/acme/applications/" + id, admin()).jsonString("status"), "inactive");
  expectApiError(http().sendJson("PATCH", "/api/v1/tenants/acme/applications/" + id, R"({"name":"x"})", admin()), 409,
                 "conflict");
}

TEST_P(OAuthAdmin, ApplicationValidation) {
  provision("acme");
  const std::string base = "/api/v1/tenants/acme/applications";
  auto bad = [&](const std::string& json) {
    auto res = http().sendJson("POST", base, json, admin());
    expectApiError(res, 400, "invalid_request");
  };
  bad(R"({})");
  bad(R"({"name":"x","unknown":1})");
  bad(R"({"name":"x","signing_alg":"HS256"})");
  bad(R"({"name":"x","signing_alg":"none"})");
  bad(R"({"name":"x","access_token_ttl":5})");
  bad(R"({"name":"x","access_token_ttl":999999})");
  bad(R"({"name":"x","scopes":["has space"]})");
  bad(R"({"name":"x","scopes":"read"})");
  bad(R"({"name":"x","grant_types":["implicit"]})");
  bad(R"({"name":"x","type":"public","grant_types":["client_credentials"]})");
  bad(R"({"name":"x","grant_types":["authorization_code"]})");
  bad(R"({"name":"x","grant_types":["authorization_code"],"redirect_uris":["https://a.example/cb#frag"]})");
  bad(R"({"name":"x","grant_types":["authorization_code"],"redirect_uris":["http://app.example/cb"]})");
  bad(R"({"name":"x","grant_types":["authorization_code"],"redirect_uris":["/relative"]})");
  bad(R"({"name":"x","allowed_origins":["https://app.example/path"]})");
  // Dev mode: http on loopback is fine; exact strings are kept.
  auto ok = http().sendJson("POST", base,
                            R"({"name":"spa","type":"public","grant_types":["authorization_code"],
                                "redirect_uris":["http://localhost:3000/cb","https://app.example/cb?x=1"],
                                "allowed_origins":["http://127.0.0.1:3000"]})",
                            admin());
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_FALSE(ok.json()->has("client_secret")) << "public clients have no secret";
  expectApiError(http().request("POST", base + "/" + ok.jsonString("id") + "/regenerate-secret", "", admin()), 400,
                 "invalid_request");
  expectApiError(http().request("POST", base, "name=x", {{"Authorization", "Bearer " + credential_},
                                                         {"Content-Type", "application/x-www-form-urlencoded"}}),
                 415, "unsupported_media_type");
}

TEST_P(OAuthAdmin, AnotherTenantsApplicationIdIs404LikeAMissingOne) {
  provision("tenant-a");
  provision("tenant-b");
  TestClient a = createApp("tenant-a");
  const std::string b = "/api/v1/tenants/tenant-b/applications/";
  auto foreign = http().get(b + a.id, admin());
  auto missing = http().get(b + "01890000-0000-7000-8000-000000000000", admin());
  auto malformed = http().get(b + "not-a-uuid", admin());
  EXPECT_EQ(foreign.status, 404);
  EXPECT_EQ(foreign.body, missing.body);
  EXPECT_EQ(foreign.body, malformed.body);
  EXPECT_EQ(http().sendJson("PATCH", b + a.id, R"({"name":"pwned"})", admin()).body, missing.body);
  EXPECT_EQ(http().request("DELETE", b + a.id, "", admin()).body, missing.body);
  EXPECT_EQ(http().request("POST", b + a.id + "/regenerate-secret", "", admin()).body, missing.body);
  // A's application is untouched and still works.
  EXPECT_EQ(token("tenant-a", a).status, 200);
}

TEST_P(OAuthAdmin, ApiKeysAuthenticateOnlyForTheirTenantAndScope) {
  provision("tenant-a");
  provision("tenant-b");
  const std::string key = apiKey("tenant-a", R"(["admin:applications","admin:settings"])");
  ASSERT_TRUE(key.starts_with("sigid_ak_"));
  auto created = http().sendJson("POST", "/api/v1/tenants/tenant-a/applications", R"({"name":"by-key"})", bearer(key));
  EXPECT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(http().get("/api/v1/tenants/tenant-a/settings", bearer(key)).status, 200);
  // Wrong scope: 403. Another tenant's path: 401, like an unknown key.
  expectApiError(http().get("/api/v1/tenants/tenant-a/api-keys", bearer(key)), 403, "forbidden");
  auto cross = http().get("/api/v1/tenants/tenant-b/applications", bearer(key));
  expectApiError(cross, 401, "unauthenticated");
  auto unknown = http().get("/api/v1/tenants/tenant-b/applications", bearer("sigid_ak_nope"));
  EXPECT_EQ(cross.body, unknown.body);
  expectApiError(http().get("/api/v1/tenants/no-such/applications", bearer(key)), 401, "unauthenticated");
  expectApiError(http().get("/api/v1/tenants/tenant-a/applications"), 401, "unauthenticated");
  // A key cannot mint a key more powerful than itself.
  const std::string keys_admin = apiKey("tenant-a", R"(["admin:api-keys"])");
  expectApiError(http().sendJson("POST", "/api/v1/tenants/tenant-a/api-keys",
                                 R"({"name":"escalate","scopes":["admin:applications"]})", bearer(keys_admin)),
                 403, "forbidden");
  EXPECT_EQ(http().sendJson("POST", "/api/v1/tenants/tenant-a/api-keys", R"({"name":"same","scopes":["admin:api-keys"]})",
                            bearer(keys_admin))
                .status,
            201);
}

TEST_P(OAuthAdmin, ApiKeyLifecycleIntrospectionUsageAndExpiry) {
  provision("acme");
  const std::string base = "/api/v1/tenants/acme/api-keys";
  auto created = http().sendJson("POST", base, R"({"name":"deploy","scopes":["admin:applications"],
                                                  "expires_at":"2099-01-01T00:00:00Z"})", admin());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string key = created.jsonString("key");
  const std::string id = created.jsonString("id");
  EXPECT_EQ(created.jsonString("expires_at"), "2099-01-01T00:00:00Z");

  auto got = http().get(base + "/" + id, admin());
  ASSERT_EQ(got.status, 200);
  EXPECT_FALSE(got.json()->has("key"));
  EXPECT_EQ(got.body.find(key), std::string::npos);

  auto active = http().sendJson("POST", base + "/introspect", R"({"key":")" + key + R"("})", admin());
  ASSERT_EQ(active.status, 200) << active.body;
  EXPECT_TRUE(active.json()->getValue<bool>("active"));
  EXPECT_EQ(active.json()->getArray("scopes")->getElement<std::string>(0), "admin:applications");
  auto inactive = http().sendJson("POST", base + "/introspect", R"({"key":"sigid_ak_unknown"})", admin());
  EXPECT_EQ(inactive.body, R"({"active":false})");

  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(http().get("/api/v1/tenants/acme/applications", {{"Authorization", "Bearer " + key}}).status, 200);
  auto usage = http().get(base + "/" + id + "/usage", admin());
  ASSERT_EQ(usage.status, 200) << usage.body;
  EXPECT_EQ(usage.json()->getValue<int>("usage_count"), 3);
  EXPECT_FALSE(usage.json()->get("last_used_at").isEmpty());

  EXPECT_EQ(http().get(base + "?limit=1", admin()).json()->getArray("items")->size(), 1u);
  EXPECT_EQ(http().request("DELETE", base + "/" + id, "", admin()).status, 204);
  expectApiError(http().request("DELETE", base + "/" + id, "", admin()), 404, "not_found");
  expectApiError(http().get("/api/v1/tenants/acme/applications", {{"Authorization", "Bearer " + key}}), 401,
                 "unauthenticated");

  // Validation.
  auto bad = [&](const std::string& json) { expectApiError(http().sendJson("POST", base, json, admin()), 400, "invalid_request"); };
  bad(R"({"name":"x","scopes":["admin:everything"]})");
  bad(R"({"name":"x","scopes":[]})");
  bad(R"({"name":"x"})");
  bad(R"({"name":"x","scopes":["admin:applications"],"expires_at":"2001-01-01T00:00:00Z"})");
  bad(R"({"name":"x","scopes":["admin:applications"],"expires_at":"tomorrow"})");
}

TEST_P(OAuthAdmin, ExpiredKeyIsRefusedEvenWhenCached) {
  provision("acme");
  // Expires two seconds from now (RFC 3339 has whole seconds).
  const auto soon = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + std::chrono::seconds(2));
  char at[32];
  std::tm tm{};
  gmtime_r(&soon, &tm);
  std::strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
  auto created = http().sendJson("POST", "/api/v1/tenants/acme/api-keys",
                                 std::string(R"({"name":"short","scopes":["admin:settings"],"expires_at":")") + at + "\"}",
                                 admin());
  ASSERT_EQ(created.status, 201) << created.body;
  const auto auth = std::map<std::string, std::string>{{"Authorization", "Bearer " + created.jsonString("key")}};
  EXPECT_EQ(http().get("/api/v1/tenants/acme/settings", auth).status, 200);  // now cached
  std::this_thread::sleep_for(std::chrono::milliseconds(3100));
  expectApiError(http().get("/api/v1/tenants/acme/settings", auth), 401, "unauthenticated");
}

INSTANTIATE_TEST_SUITE_P(Backends, OAuthAdmin, ::testing::Values(Backend::Sqlite, Backend::Mariadb), backendName);

}  // namespace
}  // namespace sigid::testing
