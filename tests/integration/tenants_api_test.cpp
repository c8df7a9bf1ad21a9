// The system tenants API over real HTTP, on SQLite and MariaDB.
#include <gtest/gtest.h>

#include "integration/kernel_fixture.hpp"
#include "store/autocommit.hpp"
#include "store/open_database.hpp"
#include "store/repositories/audit_repository.hpp"

namespace sigid::testing {
namespace {

class TenantsApi : public KernelTest {};

void expectError(const HttpResult& res, int status, const std::string& error, const std::string& mentions = "") {
  EXPECT_EQ(res.status, status) << res.body;
  auto body = res.json();
  EXPECT_EQ(body->getValue<std::string>("error"), error) << res.body;
  EXPECT_TRUE(body->has("error_description")) << res.body;
  if (!mentions.empty()) {
    EXPECT_NE(body->getValue<std::string>("error_description").find(mentions), std::string::npos) << res.body;
  }
}

TEST_P(TenantsApi, HealthReadinessAndMetrics) {
  EXPECT_EQ(http().get("/healthz").status, 200);
  auto ready = http().get("/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;
  http().get("/no/such/route");
  auto metrics = http().get("/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.header("content-type").find("text/plain"), std::string::npos);
  EXPECT_NE(metrics.body.find(R"(sigid_http_requests_total{route="/readyz",method="GET",status="200"} 1)"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find(R"(route="unmatched")"), std::string::npos);
  EXPECT_NE(metrics.body.find("sigid_http_request_duration_seconds_bucket"), std::string::npos);
}

TEST_P(TenantsApi, ProvisionReadUpdateSuspendReactivate) {
  auto res = http().sendJson("POST", "/api/v1/system/tenants",
                             R"({"name":"Acme Corp","slug":"acme-corp","plan":"enterprise",
                                 "settings":{"session_timeout_minutes":30,"max_sessions_per_user":3}})",
                             admin());
  ASSERT_EQ(res.status, 201) << res.body;
  auto created = res.json();
  const std::string id = created->getValue<std::string>("id");
  EXPECT_EQ(id.size(), 36u);
  EXPECT_EQ(res.header("location"), "/api/v1/system/tenants/" + id);
  EXPECT_EQ(created->getValue<std::string>("status"), "active");
  EXPECT_EQ(created->getValue<std::string>("plan"), "enterprise");
  EXPECT_EQ(created->getValue<std::string>("issuer"), "http://127.0.0.1:8080/t/acme-corp");
  EXPECT_EQ(created->getObject("settings")->getValue<int>("session_timeout_minutes"), 30);

  // By id and by slug.
  EXPECT_EQ(http().get("/api/v1/system/tenants/" + id, admin()).jsonString("slug"), "acme-corp");
  EXPECT_EQ(http().get("/api/v1/system/tenants/acme-corp", admin()).jsonString("id"), id);

  auto renamed = http().sendJson("PATCH", "/api/v1/system/tenants/" + id, R"({"name":"Acme Inc."})", admin());
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.jsonString("name"), "Acme Inc.");

  auto settings = http().sendJson("PATCH", "/api/v1/system/tenants/" + id + "/settings",
                                  R"({"require_mfa":true,"password_policy":{"min_length":14},
                                      "allowed_domains":["acme.example"]})",
                                  admin());
  ASSERT_EQ(settings.status, 200) << settings.body;
  EXPECT_TRUE(settings.json()->getValue<bool>("require_mfa"));
  EXPECT_EQ(settings.json()->getValue<int>("session_timeout_minutes"), 30) << "PATCH keeps what it does not name";
  EXPECT_EQ(settings.json()->getObject("password_policy")->getValue<int>("min_length"), 14);

  auto suspended = http().request("POST", "/api/v1/system/tenants/" + id + "/suspend", "", admin());
  ASSERT_EQ(suspended.status, 200) << suspended.body;
  EXPECT_EQ(suspended.jsonString("status"), "suspended");
  expectError(http().get("/api/v1/tenants/acme-corp/settings", admin()), 403, "tenant_suspended");
  expectError(http().get("/api/v1/tenants/" + id, admin()), 403, "tenant_suspended");
  expectError(http().sendJson("PATCH", "/api/v1/tenants/acme-corp/settings", R"({"require_mfa":false})", admin()),
              403, "tenant_suspended");
  // The operator still sees it, data intact.
  EXPECT_EQ(http().get("/api/v1/system/tenants/" + id, admin()).jsonString("status"), "suspended");

  auto reactivated = http().request("POST", "/api/v1/system/tenants/" + id + "/reactivate", "", admin());
  ASSERT_EQ(reactivated.status, 200) << reactivated.body;
  auto after = http().get("/api/v1/tenants/acme-corp/settings", admin());
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_TRUE(after.json()->getValue<bool>("require_mfa"));
  EXPECT_EQ(after.json()->getObject("password_policy")->getValue<int>("min_length"), 14);
  EXPECT_EQ(after.json()->getArray("allowed_domains")->getElement<std::string>(0), "acme.example");

  // PUT replaces: what it does not name returns to its default.
  auto replaced = http().sendJson("PUT", "/api/v1/system/tenants/" + id + "/settings",
                                  R"({"max_sessions_per_user":2})", admin());
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  EXPECT_FALSE(replaced.json()->getValue<bool>("require_mfa"));
  EXPECT_EQ(replaced.json()->getValue<int>("max_sessions_per_user"), 2);
}

TEST_P(TenantsApi, EveryChangeWritesAnAuditRow) {
  auto tenant = provision("audited");
  const std::string id = tenant->getValue<std::string>("id");
  http().request("POST", "/api/v1/system/tenants/audited/suspend", "", admin());
  http().request("POST", "/api/v1/system/tenants/audited/suspend", "", admin());  // idempotent: no second row
  http().request("POST", "/api/v1/system/tenants/audited/reactivate", "", admin());
  http().sendJson("PATCH", "/api/v1/system/tenants/audited/settings", R"({"require_mfa":true})", admin());

  auto db = store::openDatabase(store::DatabaseOptions{databaseUrl()});
  ASSERT_TRUE(db.ok()) << db.error().detail();
  store::AutoCommit c(**db);
  auto rows = store::AuditRepository{}.recent(store::TenantScope(core::TenantId(id)), c, 10);
  ASSERT_TRUE(rows.ok());
  std::vector<std::string> types;
  for (auto it = rows->rbegin(); it != rows->rend(); ++it) types.push_back(it->type);
  EXPECT_EQ(types, (std::vector<std::string>{"tenant.provisioned", "tenant.suspended", "tenant.reactivated",
                                             "tenant.settings_updated"}));
  EXPECT_EQ(rows->front().actor_type, "system_credential");
  EXPECT_EQ(rows->front().source_ip, "127.0.0.1");
  EXPECT_FALSE(rows->front().request_id.empty());
}

TEST_P(TenantsApi, ListPagesWithACursor) {
  for (auto slug : {"page-one", "page-two", "page-three"}) provision(slug);
  auto first = http().get("/api/v1/system/tenants?limit=2", admin());
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json()->getArray("items")->size(), 2u);  // system + page-one
  auto cursor = first.json()->getValue<std::string>("next_cursor");
  auto second = http().get("/api/v1/system/tenants?limit=2&cursor=" + cursor, admin());
  ASSERT_EQ(second.status, 200) << second.body;
  auto items = second.json()->getArray("items");
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ(items->getObject(0)->getValue<std::string>("slug"), "page-two");
  EXPECT_EQ(items->getObject(1)->getValue<std::string>("slug"), "page-three");
  EXPECT_TRUE(second.json()->get("next_cursor").isEmpty());

  expectError(http().get("/api/v1/system/tenants?limit=0", admin()), 400, "invalid_request", "limit");
  expectError(http().get("/api/v1/system/tenants?limit=abc", admin()), 400, "invalid_request", "limit");
  expectError(http().get("/api/v1/system/tenants?cursor=%%%", admin()), 400, "invalid_request", "cursor");
  expectError(http().get("/api/v1/system/tenants?limit=1&limit=2", admin()), 400, "invalid_request", "limit");
  expectError(http().get("/api/v1/system/tenants?sort=name", admin()), 400, "invalid_request", "query parameter");
}

TEST_P(TenantsApi, ValidationErrorsName400sAndTheField) {
  const std::string path = "/api/v1/system/tenants";
  expectError(http().sendJson("POST", path, R"({"name":"X","slug":"Bad Slug"})", admin()), 400, "invalid_request",
              "slug");
  expectError(http().sendJson("POST", path, R"({"name":"X","slug":"ab"})", admin()), 400, "invalid_request", "slug");
  expectError(http().sendJson("POST", path, R"({"name":"X","slug":"system"})", admin()), 400, "invalid_request",
              "slug");
  expectError(http().sendJson("POST", path, R"({"slug":"no-name"})", admin()), 400, "invalid_request", "name");
  expectError(http().sendJson("POST", path, R"({"name":"","slug":"empty-name"})", admin()), 400, "invalid_request",
              "name");
  expectError(http().sendJson("POST", path, R"({"name":5,"slug":"typed"})", admin()), 400, "invalid_request", "name");
  expectError(http().sendJson("POST", path, R"({"name":"X","slug":"extra","colour":"red"})", admin()), 400,
              "invalid_request", "colour");
  expectError(http().sendJson("POST", path, R"({"name":"X","slug":"bad-settings","settings":{"require_mfa":"yes"}})",
                              admin()),
              400, "invalid_request", "settings.require_mfa");
  expectError(http().sendJson("POST", path,
                              R"({"name":"X","slug":"bad-nested","settings":{"password_policy":{"min_length":3}}})",
                              admin()),
              400, "invalid_request", "settings.password_policy.min_length");
  expectError(http().sendJson("POST", path,
                              R"({"name":"X","slug":"bad-url","settings":{"branding":{"logo_url":"javascript:x"}}})",
                              admin()),
              400, "invalid_request", "settings.branding.logo_url");
  expectError(http().sendJson("POST", path, R"({"name":"X","slug":"typo","settings":{"session_timeout":5}})", admin()),
              400, "invalid_request", "settings.session_timeout");
  expectError(http().sendJson("POST", path, R"({"name":"X",)", admin()), 400, "invalid_request", "JSON");
  expectError(http().sendJson("POST", path, R"(["not","an","object"])", admin()), 400, "invalid_request");
  expectError(http().request("POST", path, R"({"name":"X","slug":"form"})",
                             {{"Content-Type", "application/x-www-form-urlencoded"},
                              {"Authorization", admin().at("Authorization")}}),
              415, "unsupported_media_type");

  provision("taken");
  expectError(http().sendJson("POST", path, R"({"name":"Again","slug":"taken"})", admin()), 409, "conflict", "slug");
  expectError(http().sendJson("PATCH", path + "/taken", R"({"slug":"renamed"})", admin()), 400, "invalid_request",
              "slug");
  EXPECT_EQ(http().get(path + "/taken", admin()).jsonString("slug"), "taken") << "nothing changed";

  expectError(http().get(path + "/not_a_uuid!", admin()), 400, "invalid_request", "tenant");
  expectError(http().get(path + "/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", admin()), 404, "not_found");
  expectError(http().get(path + "/no-such-tenant", admin()), 404, "not_found");
  expectError(http().request("POST", path + "/system/suspend", "", admin()), 409, "conflict");
}

TEST_P(TenantsApi, OversizedBodiesAre413AndStoredDataSurvives) {
  provision("kept");
  std::string huge = R"({"name":"X","slug":"huge","pad":")" + std::string(2 * 1024 * 1024, 'a') + "\"}";
  expectError(http().sendJson("POST", "/api/v1/system/tenants", huge, admin()), 413, "payload_too_large");
  EXPECT_EQ(http().get("/api/v1/system/tenants/kept", admin()).status, 200);
  EXPECT_EQ(http().get("/api/v1/system/tenants/huge", admin()).status, 404);
}

TEST_P(TenantsApi, CallersWithoutAValidCredentialAre401) {
  auto none = http().get("/api/v1/system/tenants");
  expectError(none, 401, "unauthenticated");
  EXPECT_FALSE(none.header("www-authenticate").empty());
  expectError(http().get("/api/v1/system/tenants", {{"Authorization", "Bearer sigid_sys_wrong"}}), 401,
              "unauthenticated");
  expectError(http().get("/api/v1/system/tenants", {{"Authorization", "Basic " + credential_}}), 401,
              "unauthenticated");
  expectError(http().sendJson("POST", "/api/v1/system/tenants", R"({"name":"X","slug":"sneaky"})"), 401,
              "unauthenticated");
  EXPECT_EQ(http().get("/api/v1/system/tenants/sneaky", admin()).status, 404) << "nothing was created";
  // The scheme is case-insensitive.
  EXPECT_EQ(http().get("/api/v1/system/tenants", {{"Authorization", "bearer " + credential_}}).status, 200);
}

TEST_P(TenantsApi, UnknownRoutesAre404AndWrongMethods405WithSecurityHeaders) {
  auto missing = http().get("/nowhere");
  expectError(missing, 404, "not_found");
  auto wrong = http().request("DELETE", "/api/v1/system/tenants", "", admin());
  expectError(wrong, 405, "method_not_allowed");
  EXPECT_EQ(wrong.header("allow"), "GET, POST");
  for (const auto* res : {&missing, &wrong}) {
    EXPECT_EQ(res->header("x-content-type-options"), "nosniff");
    EXPECT_EQ(res->header("x-frame-options"), "DENY");
    EXPECT_FALSE(res->header("content-security-policy").empty());
    EXPECT_FALSE(res->header("x-request-id").empty());
  }
  auto echoed = http().get("/healthz", {{"X-Request-Id", "trace-abc.123"}});
  EXPECT_EQ(echoed.header("x-request-id"), "trace-abc.123");
  auto replaced = http().get("/healthz", {{"X-Request-Id", "bad\"id<script>"}});
  EXPECT_NE(replaced.header("x-request-id"), "bad\"id<script>");
}

TEST_P(TenantsApi, BootstrapCredentialIsShownOnceAndKeepsWorking) {
  provision("survivor");
  restart();
  EXPECT_TRUE(kernel_->bootstrapCredential().empty()) << kernel_->stdoutText();
  EXPECT_EQ(kernel_->stdoutText().find(credential_), std::string::npos);
  EXPECT_EQ(http().get("/api/v1/system/tenants/survivor", admin()).status, 200);
  EXPECT_EQ(kernel_->logText().find(credential_), std::string::npos) << "the credential never reaches the logs";
}

TEST_P(TenantsApi, MigrateIsSafeTwiceAndConcurrently) {
  std::string out;
  EXPECT_EQ(kernel_->runCommand("migrate", &out), 0) << out;
  int a = -1, b = -1;
  std::thread first([&] { a = kernel_->runCommand("migrate"); });
  std::thread second([&] { b = kernel_->runCommand("migrate"); });
  first.join();
  second.join();
  EXPECT_EQ(a, 0);
  EXPECT_EQ(b, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, TenantsApi, ::testing::Values(Backend::Sqlite, Backend::Mariadb), backendName);

}  // namespace
}  // namespace sigid::testing
