// Webhooks and the audit log over real HTTP on SQLite and MariaDB: signed
// deliveries that the receiver guide's own code verifies, cross-tenant
// isolation, audit query/export, and `sigid audit verify` catching tampering.
#include <gtest/gtest.h>

#include <Poco/JSON/Array.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>

#include "events/webhook_signer.hpp"
#include "integration/events_fixture.hpp"
#include "store/open_database.hpp"

namespace sigid::testing {
namespace {

using EventsApi = EventsKernelTest;

// Runs the Python block of docs/webhooks.md on one received delivery.
int runDocumentedVerifier(const std::string& secret, const ReceivedWebhook& webhook, const std::filesystem::path& dir) {
  std::ifstream doc(std::string(SIGID_TEST_SOURCE_DIR) + "/docs/webhooks.md");
  std::stringstream text;
  text << doc.rdbuf();
  std::smatch block;
  const std::string all = text.str();
  std::regex pattern("<!-- verified-example:start -->\n```python\n([\\s\\S]*?)```\n<!-- verified-example:end -->");
  if (!std::regex_search(all, block, pattern)) return -1;
  std::ofstream(dir / "body.bin", std::ios::binary) << webhook.body;
  std::ofstream script(dir / "verify.py");
  script << block[1].str() << "\n"
         << "import sys\n"
         << "headers = {'webhook-id': sys.argv[2], 'webhook-timestamp': sys.argv[3], 'webhook-signature': sys.argv[4]}\n"
         << "body = open(sys.argv[5], 'rb').read()\n"
         << "first = handle(sys.argv[1], headers, body)\n"
         << "again = handle(sys.argv[1], headers, body)\n"
         << "forged = handle(sys.argv[1], headers, body + b' ')\n"
         << "stale = dict(headers); stale['webhook-timestamp'] = str(int(headers['webhook-timestamp']) - 3600)\n"
         << "try:\n    verify(sys.argv[1], stale, body); sys.exit(5)\nexcept InvalidWebhook:\n    pass\n"
         << "sys.exit(0 if (first, again, forged) == (204, 200, 400) else 3)\n";
  script.close();
  const std::string command = "python3 " + (dir / "verify.py").string() + " '" + secret + "' '" +
                              webhook.headers.at("webhook-id") + "' '" + webhook.headers.at("webhook-timestamp") +
                              "' '" + webhook.headers.at("webhook-signature") + "' " + (dir / "body.bin").string();
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -2;
}

TEST_P(EventsApi, DeliversSignedEventsThatTheDocumentedReceiverVerifies) {
  provision("acme");
  auto [id, secret] = subscribe("acme", R"(["tenant.*"])");
  ASSERT_TRUE(secret.starts_with("whsec_"));
  touch("acme", 1);
  ASSERT_TRUE(receiver_->waitForIds(1, std::chrono::seconds(20))) << kernel_->logText();
  auto webhook = receiver_->received().front();
  EXPECT_NE(webhook.body.find("\"type\":\"tenant.updated\""), std::string::npos) << webhook.body;
  EXPECT_TRUE(events::verifyWebhookSignature(secret, webhook.headers["webhook-id"],
                                             std::stoll(webhook.headers["webhook-timestamp"]), webhook.body,
                                             webhook.headers["webhook-signature"]));
  EXPECT_EQ(runDocumentedVerifier(secret, webhook, kernel_->workDir()), 0);
  // The secret is never shown again, and the delivery is in the history.
  auto got = http().get("/api/v1/tenants/acme/webhooks/" + id, admin());
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body.find("whsec_"), std::string::npos);
  auto history = http().get("/api/v1/tenants/acme/webhooks/" + id + "/deliveries", admin());
  ASSERT_EQ(history.status, 200) << history.body;
  auto first = history.json()->getArray("items")->getObject(0);
  EXPECT_EQ(first->getValue<std::string>("state"), "delivered");
  EXPECT_EQ(first->getValue<std::string>("id"), webhook.headers["webhook-id"]);
  auto one = http().get("/api/v1/tenants/acme/webhooks/" + id + "/deliveries/" + first->getValue<std::string>("id"), admin());
  EXPECT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.json()->getArray("attempts_history")->size(), 1u);
  // Replay: the same webhook-id arrives again.
  auto replay = http().sendJson("POST", "/api/v1/tenants/acme/webhooks/" + id + "/deliveries/" +
                                            first->getValue<std::string>("id") + "/replay", "{}", admin());
  EXPECT_EQ(replay.status, 202) << replay.body;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (receiver_->received().size() < 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_GE(receiver_->received().size(), 2u);
  EXPECT_EQ(receiver_->received()[1].headers.at("webhook-id"), webhook.headers["webhook-id"]);
}

TEST_P(EventsApi, RejectsBadSubscriptions) {
  provision("acme");
  auto post = [&](const std::string& body) {
    return http().sendJson("POST", "/api/v1/tenants/acme/webhooks", body, admin());
  };
  EXPECT_EQ(post(R"({"url":"ftp://x.example/","event_types":["*"]})").status, 400);
  EXPECT_EQ(post(R"({"url":"http://10.1.2.3/","event_types":["*"]})").status, 400);
  EXPECT_EQ(post(R"({"url":"https://x.example/","event_types":[]})").status, 400);
  EXPECT_EQ(post(R"({"url":"https://x.example/","event_types":["User.*"]})").status, 400);
  EXPECT_EQ(post(R"({"url":"https://x.example/","event_types":["*"],"transport":"no.such.plugin"})").status, 400);
  EXPECT_EQ(post(R"({"url":"https://x.example/","event_types":["*"],"secret":"mine"})").status, 400);
  EXPECT_EQ(post(R"({"url":"https://x.example/","event_types":["*"]})").status, 201);
}

TEST_P(EventsApi, AnotherTenantsWebhooksAndAuditAreInvisible) {
  provision("acme");
  provision("beta");
  auto [id, secret] = subscribe("acme", R"(["*"])");
  touch("acme", 1);
  ASSERT_TRUE(receiver_->waitForIds(1, std::chrono::seconds(20)));
  auto history = http().get("/api/v1/tenants/acme/webhooks/" + id + "/deliveries", admin());
  const std::string delivery = history.json()->getArray("items")->getObject(0)->getValue<std::string>("id");
  const std::string missing = "01a21243-0000-7000-8000-000000000000";
  for (const std::string& suffix : {std::string(""), std::string("/deliveries"), "/deliveries/" + delivery}) {
    auto theirs = http().get("/api/v1/tenants/beta/webhooks/" + id + suffix, admin());
    auto none = http().get("/api/v1/tenants/beta/webhooks/" + missing + suffix, admin());
    EXPECT_EQ(theirs.status, 404) << suffix;
    EXPECT_EQ(theirs.body, none.body) << suffix;
  }
  EXPECT_EQ(http().request("DELETE", "/api/v1/tenants/beta/webhooks/" + id, "", admin()).status, 404);
  EXPECT_EQ(http().sendJson("PATCH", "/api/v1/tenants/beta/webhooks/" + id, R"({"active":false})", admin()).status, 404);
  EXPECT_EQ(http().sendJson("POST", "/api/v1/tenants/beta/webhooks/" + id + "/rotate-secret", "{}", admin()).status, 404);
  EXPECT_EQ(http().sendJson("POST", "/api/v1/tenants/beta/webhooks/" + id + "/deliveries/" + delivery + "/replay", "{}",
                            admin()).status, 404);
  auto list = http().get("/api/v1/tenants/beta/webhooks", admin());
  EXPECT_EQ(list.json()->getArray("items")->size(), 0u);
  auto audit = http().get("/api/v1/tenants/beta/audit?target_id=" + id, admin());
  EXPECT_EQ(audit.json()->getArray("items")->size(), 0u);
  EXPECT_EQ(http().get("/api/v1/tenants/no-such-tenant/audit", admin()).status, 404);
  EXPECT_EQ(http().get("/api/v1/tenants/acme/audit").status, 401);
}

TEST_P(EventsApi, AuditLogQueriesPagesAndExports) {
  provision("acme");
  for (int i = 0; i < 5; ++i) touch("acme", i);
  auto page = http().get("/api/v1/tenants/acme/audit?type=tenant.updated&limit=2", admin());
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.json()->getArray("items")->size(), 2u);
  std::string cursor = page.json()->getValue<std::string>("next_cursor");
  std::size_t seen = 2;
  while (!cursor.empty()) {
    auto next = http().get("/api/v1/tenants/acme/audit?type=tenant.updated&limit=2&cursor=" + cursor, admin());
    ASSERT_EQ(next.status, 200);
    seen += next.json()->getArray("items")->size();
    cursor = next.json()->isNull("next_cursor") ? "" : next.json()->getValue<std::string>("next_cursor");
  }
  EXPECT_EQ(seen, 5u);
  auto prefix = http().get("/api/v1/tenants/acme/audit?type=tenant.*&outcome=success&actor_type=system_credential", admin());
  EXPECT_EQ(prefix.json()->getArray("items")->size(), 6u);  // provisioned + 5 updates
  auto exported = http().get("/api/v1/tenants/acme/audit/export", admin());
  ASSERT_EQ(exported.status, 200);
  EXPECT_EQ(exported.header("content-type"), "application/x-ndjson");
  EXPECT_EQ(std::count(exported.body.begin(), exported.body.end(), '\n'), 6);
  EXPECT_EQ(exported.body.find("tenant.provisioned"), exported.body.find("\"type\"") + 8);  // oldest first
  EXPECT_EQ(http().get("/api/v1/tenants/acme/audit?outcome=maybe", admin()).status, 400);
  EXPECT_EQ(http().get("/api/v1/tenants/acme/audit?cursor=bogus", admin()).status, 400);
  EXPECT_EQ(http().get("/api/v1/tenants/acme/audit?from=yesterday", admin()).status, 400);
  EXPECT_EQ(http().get("/api/v1/tenants/acme/audit?colour=red", admin()).status, 400);
  auto verified = http().get("/api/v1/tenants/acme/audit/verify", admin());
  EXPECT_TRUE(verified.json()->getValue<bool>("intact")) << verified.body;
}

TEST_P(EventsApi, AuditVerifyCommandDetectsATamperedRow) {
  auto tenant = provision("acme");
  for (int i = 0; i < 3; ++i) touch("acme", i);
  std::string out;
  EXPECT_EQ(kernel_->runCommand("audit verify --tenant acme", &out), 0) << out;
  EXPECT_NE(out.find("audit chain intact"), std::string::npos) << out;
  {
    auto db = store::openDatabase({databaseUrl()});
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->execute("UPDATE audit_events SET actor_id = 'someone-else' WHERE tenant_id = ? AND chain_seq = 2",
                               {tenant->getValue<std::string>("id")}).ok());
  }
  EXPECT_EQ(kernel_->runCommand("audit verify --tenant acme", &out), 1) << out;
  EXPECT_NE(out.find("row 2"), std::string::npos) << out;
  EXPECT_EQ(kernel_->runCommand("audit verify --tenant nobody-here", &out), 2) << out;
  EXPECT_EQ(kernel_->runCommand("audit verify", &out), 64) << out;
}

TEST_P(EventsApi, ApiKeysSeeOnlyTheirTenantAndNeedTheScope) {
  provision("acme");
  provision("beta");
  auto key = [&](const std::string& tenant, const std::string& scopes) {
    auto res = http().sendJson("POST", "/api/v1/tenants/" + tenant + "/api-keys",
                               R"({"name":"ci","scopes":)" + scopes + "}", admin());
    EXPECT_EQ(res.status, 201) << res.body;
    return std::map<std::string, std::string>{{"Authorization", "Bearer " + res.jsonString("key")}};
  };
  auto acme_auditor = key("acme", R"(["admin:audit"])");
  auto beta_all = key("beta", R"(["admin:audit","admin:webhooks"])");
  EXPECT_EQ(http().get("/api/v1/tenants/acme/audit", acme_auditor).status, 200);
  EXPECT_EQ(http().get("/api/v1/tenants/acme/audit/export", acme_auditor).status, 200);
  EXPECT_EQ(http().get("/api/v1/tenants/acme/webhooks", acme_auditor).status, 403);
  // Another tenant's key is refused exactly like a wrong key.
  auto theirs = http().get("/api/v1/tenants/acme/audit", beta_all);
  auto wrong = http().get("/api/v1/tenants/acme/audit", {{"Authorization", "Bearer sigid_ak_not-a-key"}});
  EXPECT_EQ(theirs.status, 401);
  EXPECT_EQ(theirs.body, wrong.body);
  EXPECT_EQ(http().get("/api/v1/tenants/acme/webhooks", beta_all).status, 401);
  EXPECT_EQ(http().sendJson("POST", "/api/v1/tenants/acme/webhooks",
                            R"({"url":"https://x.example/","event_types":["*"]})", beta_all).status, 401);
}

INSTANTIATE_TEST_SUITE_P(Backends, EventsApi, ::testing::Values(Backend::Sqlite, Backend::Mariadb), backendName);

}  // namespace
}  // namespace sigid::testing
