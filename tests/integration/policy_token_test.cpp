// The `token` attach point over real HTTP: a tenant policy changes real token
// issuance (client_credentials) — a deny is access_denied, narrowed scopes
// show in the token — and rolling back restores it.
#include <gtest/gtest.h>

#include "integration/oauth_fixture.hpp"

namespace sigid::testing {
namespace {

class PolicyToken : public OAuthTest {
 protected:
  HttpResult upload(const std::string& slug, const std::string& name, const std::string& source) {
    std::string escaped;
    for (char c : source) {
      if (c == '"' || c == '\\') escaped += '\\';
      if (c == '\n') {
        escaped += "\\n";
        continue;
      }
      escaped += c;
    }
    return http().sendJson("POST", "/api/v1/tenants/" + slug + "/policies",
                           R"({"name":")" + name + R"(","rollout":"active","source":")" + escaped + R"("})", admin());
  }
};

TEST_P(PolicyToken, DenyIsAccessDeniedAndNarrowedScopesShowInTheToken) {
  provision("acme");
  provision("globex");
  TestClient client = createApp("acme");
  TestClient other = createApp("globex");
  auto before = token("acme", client, "&scope=read%20write");
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(before.json()->getValue<std::string>("scope"), "read write");

  // Narrow: this client never gets "write".
  ASSERT_EQ(upload("acme", "read-only",
                   "function token(input)\n"
                   "  return allow{scopes = scopes.minus(input.requested_scopes, {'write'}), reason = 'read only'}\n"
                   "end\n")
                .status,
            201);
  auto narrowed = token("acme", client, "&scope=read%20write");
  ASSERT_EQ(narrowed.status, 200) << narrowed.body;
  EXPECT_EQ(narrowed.json()->getValue<std::string>("scope"), "read");
  auto claims = jwtSegment(narrowed.json()->getValue<std::string>("access_token"), 1);
  EXPECT_EQ(claims->getValue<std::string>("scope"), "read");

  // Deny: a second policy refuses this client; deny wins over the first's allow.
  ASSERT_EQ(upload("acme", "block-client",
                   "function token(input)\n  if input.subject.id == '" + client.client_id +
                       "' then return deny('blocked client') end\nend\n")
                .status,
            201);
  auto denied = token("acme", client);
  expectOAuthError(denied, 403, "access_denied");
  EXPECT_EQ(denied.body.find("blocked client"), std::string::npos) << "policy reasons are not shown to clients";

  // Another tenant's tokens are untouched by acme's policies.
  auto theirs = token("globex", other, "&scope=read%20write");
  ASSERT_EQ(theirs.status, 200) << theirs.body;
  EXPECT_EQ(theirs.json()->getValue<std::string>("scope"), "read write");

  // Deactivating the blocking policy restores issuance (narrowed again).
  ASSERT_EQ(http().sendJson("POST", "/api/v1/tenants/acme/policies/block-client/deactivate", "", admin()).status, 200);
  auto restored = token("acme", client, "&scope=read%20write");
  ASSERT_EQ(restored.status, 200) << restored.body;
  EXPECT_EQ(restored.json()->getValue<std::string>("scope"), "read");
}

TEST_P(PolicyToken, AFaultingPolicyIsADenyNotAServerError) {
  provision("acme");
  TestClient client = createApp("acme");
  ASSERT_EQ(upload("acme", "boom", "function token(input) return input.nothing.here end").status, 201);
  expectOAuthError(token("acme", client), 403, "access_denied");
  auto metrics = http().get("/metrics");
  EXPECT_NE(metrics.body.find(R"(sigid_policy_faults_total{attach="token"} 1)"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, PolicyToken, ::testing::Values(Backend::Sqlite, Backend::Mariadb), backendName);

}  // namespace
}  // namespace sigid::testing
