// The policy lifecycle and the authz check endpoint over real HTTP, on SQLite
// and MariaDB: a tenant admin uploads a policy in shadow mode, sees where it
// disagrees, activates it, sees /authz/check answers change, rolls back; and
// another tenant can neither see nor trigger it.
#include <gtest/gtest.h>

#include <Poco/JSON/Array.h>

#include "integration/kernel_fixture.hpp"
#include "store/autocommit.hpp"
#include "store/open_database.hpp"

namespace sigid::testing {
namespace {

class PolicyApi : public KernelTest {
 protected:
  void SetUp() override {
    KernelTest::SetUp();
    provision("acme");
    provision("globex");
  }

  static std::string jsonString(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
      if (c == '"' || c == '\\') out += '\\';
      if (c == '\n') {
        out += "\\n";
        continue;
      }
      out += c;
    }
    return out + "\"";
  }

  HttpResult createPolicy(const std::string& tenant, const std::string& name, const std::string& source,
                          const std::string& rollout = "active") {
    return http().sendJson("POST", "/api/v1/tenants/" + tenant + "/policies",
                           R"({"name":")" + name + R"(","source":)" + jsonString(source) + R"(,"rollout":")" +
                               rollout + R"("})",
                           admin());
  }

  HttpResult check(const std::string& tenant, const std::string& roles, bool explain = false) {
    return http().sendJson("POST", "/api/v1/tenants/" + tenant + "/authz/check" + (explain ? "?explain=true" : ""),
                           R"({"application":"app-1","action":"read:invoice",
                               "subject":{"type":"user","id":"u-1","roles":)" + roles + R"(},
                               "resource":{"type":"invoice","id":"inv-9"}})",
                           admin());
  }

  std::string decisionOf(const HttpResult& res) {
    EXPECT_EQ(res.status, 200) << res.body;
    return res.json()->getValue<std::string>("decision");
  }
};

const char* kReaders = "function check(input)\n  if contains(input.subject.roles, 'reader') then\n"
                       "    return allow('readers read')\n  end\n  return deny('not a reader')\nend\n";
const char* kNobody = "function check(input)\n  return deny{reason = 'nobody today', rule = 'lockdown'}\nend\n";

TEST_P(PolicyApi, NoPolicyMeansThePlatformDefaultThenTheTenantDefault) {
  EXPECT_EQ(decisionOf(check("acme", R"(["reader"])")), "deny");
  auto set = http().sendJson("PUT", "/api/v1/tenants/acme/policy-settings", R"({"default_decision":"allow"})", admin());
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(decisionOf(check("acme", R"(["reader"])")), "allow");
  EXPECT_EQ(decisionOf(check("globex", R"(["reader"])")), "deny");  // globex kept the platform default
}

TEST_P(PolicyApi, ShadowActivateRollBack) {
  auto created = createPolicy("acme", "readers", kReaders);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.json()->getValue<std::string>("id");
  EXPECT_EQ(created.json()->getValue<int>("active_version"), 1);
  EXPECT_EQ(decisionOf(check("acme", R"(["reader"])")), "allow");
  EXPECT_EQ(decisionOf(check("acme", R"(["guest"])")), "deny");

  // Version 2 in shadow: it disagrees for readers, and the answers do not change.
  auto v2 = http().sendJson("POST", "/api/v1/tenants/acme/policies/readers/versions",
                            R"({"source":)" + jsonString(kNobody) + R"(,"rollout":"shadow"})", admin());
  ASSERT_EQ(v2.status, 201) << v2.body;
  EXPECT_EQ(v2.json()->getValue<int>("version"), 2);
  EXPECT_EQ(decisionOf(check("acme", R"(["reader"])")), "allow");
  EXPECT_EQ(decisionOf(check("acme", R"(["guest"])")), "deny");
  auto shadow = http().get("/api/v1/tenants/acme/policies/" + id + "/shadow", admin());
  ASSERT_EQ(shadow.status, 200) << shadow.body;
  EXPECT_EQ(shadow.json()->getValue<int>("shadow_version"), 2);
  EXPECT_EQ(shadow.json()->getValue<int>("disagreed"), 1);
  EXPECT_EQ(shadow.json()->getValue<int>("agreed"), 1);
  auto sample = shadow.json()->getArray("recent_disagreements")->getObject(0);
  EXPECT_EQ(sample->getValue<std::string>("active"), "allow");
  EXPECT_EQ(sample->getValue<std::string>("candidate"), "deny");
  EXPECT_EQ(sample->getValue<std::string>("candidate_reason"), "nobody today");
  auto metrics = http().get("/metrics");
  EXPECT_NE(metrics.body.find(R"(sigid_policy_shadow_comparisons_total{attach="check",result="disagreed"} 1)"),
            std::string::npos);

  // Activate v2: readers are now refused; explain names policy, version, rule and line.
  auto activated = http().sendJson("POST", "/api/v1/tenants/acme/policies/readers/activate", R"({"version":2})", admin());
  ASSERT_EQ(activated.status, 200) << activated.body;
  EXPECT_TRUE(activated.json()->isNull("shadow_version"));
  auto explained = check("acme", R"(["reader"])", true);
  EXPECT_EQ(decisionOf(explained), "deny");
  auto why = explained.json()->getObject("explain");
  auto by = why->getObject("decided_by");
  EXPECT_EQ(by->getValue<std::string>("policy"), "readers");
  EXPECT_EQ(by->getValue<int>("version"), 2);
  EXPECT_EQ(by->getValue<std::string>("rule"), "lockdown");
  EXPECT_EQ(by->getValue<int>("line"), 2);
  EXPECT_EQ(why->getObject("input")->getObject("subject")->getValue<std::string>("id"), "u-1");
  EXPECT_EQ(why->getObject("input")->getObject("client")->getValue<std::string>("id"), "app-1");
  EXPECT_EQ(why->getArray("evaluations")->size(), 1u);
  EXPECT_FALSE(check("acme", R"(["reader"])").json()->has("explain"));

  // Roll back to v1.
  auto rolled = http().sendJson("POST", "/api/v1/tenants/acme/policies/readers/rollback", "", admin());
  ASSERT_EQ(rolled.status, 200) << rolled.body;
  EXPECT_EQ(rolled.json()->getValue<int>("active_version"), 1);
  EXPECT_EQ(decisionOf(check("acme", R"(["reader"])")), "allow");

  auto got = http().get("/api/v1/tenants/acme/policies/readers", admin());
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.json()->getArray("versions")->size(), 2u);
  auto source = http().get("/api/v1/tenants/acme/policies/readers/versions/2", admin());
  EXPECT_EQ(source.json()->getValue<std::string>("source"), kNobody);

  // Every change was audited.
  auto db = store::openDatabase({databaseUrl(), 2, std::chrono::milliseconds(5000), std::chrono::seconds(5)});
  ASSERT_TRUE(db.ok());
  auto rows = (*db)->query("SELECT type FROM audit_events WHERE type LIKE 'policy.%' ORDER BY chain_seq");
  ASSERT_TRUE(rows.ok());
  std::vector<std::string> types;
  for (const auto& row : *rows) types.push_back(row.text(0));
  EXPECT_EQ(types, (std::vector<std::string>{"policy.created", "policy.version_created", "policy.activated",
                                             "policy.rolled_back"}));
}

TEST_P(PolicyApi, SyntaxErrorsAreRejectedWithTheLine) {
  auto res = createPolicy("acme", "broken", "function check(input)\n  return allow(\nend\n");
  EXPECT_EQ(res.status, 400) << res.body;
  EXPECT_EQ(res.jsonString("error"), "invalid_request");
  EXPECT_EQ(res.jsonString("error_description").rfind("source: line 3:", 0), 0u) << res.body;
  auto bytecode = createPolicy("acme", "binary", std::string("\x1bLua", 4) + "T");
  EXPECT_EQ(bytecode.status, 400) << bytecode.body;
  EXPECT_EQ(http().get("/api/v1/tenants/acme/policies", admin()).json()->getArray("items")->size(), 0u);
}

TEST_P(PolicyApi, AnotherTenantCannotReadOrActivateAPolicy) {
  auto created = createPolicy("acme", "lockdown", kNobody);
  ASSERT_EQ(created.status, 201);
  const std::string id = created.json()->getValue<std::string>("id");
  const std::string missing = "01890000-0000-7000-8000-000000000000";
  for (const std::string& policy : {id, std::string("lockdown")}) {
    for (const auto& [method, suffix, body] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"GET", "", ""},
             {"GET", "/versions/1", ""},
             {"POST", "/activate", R"({"version":1})"},
             {"POST", "/rollback", ""},
             {"PUT", "/shadow", R"({"version":1})"},
             {"POST", "/versions", R"({"source":"function check() return allow() end"})"}}) {
      auto theirs = http().sendJson(method, "/api/v1/tenants/globex/policies/" + policy + suffix, body, admin());
      auto nothing = http().sendJson(method, "/api/v1/tenants/globex/policies/" + missing + suffix, body, admin());
      EXPECT_EQ(theirs.status, 404) << method << suffix << theirs.body;
      EXPECT_EQ(theirs.body, nothing.body) << method << suffix;  // identical to a missing policy
    }
  }
  // acme's policy never runs for globex.
  EXPECT_EQ(decisionOf(check("acme", R"(["reader"])")), "deny");
  auto globex = check("globex", R"(["reader"])", true);
  EXPECT_EQ(globex.json()->getObject("explain")->getObject("decided_by")->getValue<std::string>("policy"), "default");
}

TEST_P(PolicyApi, AHostilePolicyDeniesWithTheLimitAndTheServerStaysUp) {
  ASSERT_EQ(createPolicy("acme", "spin", "function check() while true do end end").status, 201);
  auto res = check("acme", R"(["reader"])", true);
  EXPECT_EQ(decisionOf(res), "deny");
  EXPECT_NE(res.body.find("instruction budget exceeded"), std::string::npos) << res.body;
  EXPECT_EQ(http().get("/healthz").status, 200);
  EXPECT_EQ(decisionOf(check("globex", R"(["reader"])")), "deny");
}

TEST_P(PolicyApi, ClientErrorsAreCleanFourHundreds) {
  EXPECT_EQ(http().sendJson("POST", "/api/v1/tenants/acme/authz/check", R"({"action":"x"})", admin()).status, 400);
  EXPECT_EQ(http().sendJson("POST", "/api/v1/tenants/acme/authz/check?explain=maybe",
                            R"({"application":"a","action":"x","subject":{"type":"user","id":"u"}})", admin())
                .status,
            400);
  EXPECT_EQ(http().sendJson("POST", "/api/v1/tenants/acme/authz/check", "{}").status, 401);
  EXPECT_EQ(createPolicy("acme", "Bad Name!", kNobody).status, 400);
  ASSERT_EQ(createPolicy("acme", "dup", kNobody).status, 201);
  EXPECT_EQ(createPolicy("acme", "dup", kNobody).status, 409);
  EXPECT_EQ(http().sendJson("POST", "/api/v1/tenants/acme/policies/dup/rollback", "", admin()).status, 409);
  EXPECT_EQ(http().sendJson("POST", "/api/v1/tenants/acme/policies/dup/activate", R"({"version":9})", admin()).status, 404);
  EXPECT_EQ(http().sendJson("PUT", "/api/v1/tenants/acme/policy-settings", R"({"default_decision":"maybe"})", admin())
                .status,
            400);
}

INSTANTIATE_TEST_SUITE_P(Backends, PolicyApi, ::testing::Values(Backend::Sqlite, Backend::Mariadb), backendName);

}  // namespace
}  // namespace sigid::testing
