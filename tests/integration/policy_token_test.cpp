// The `token` attach point over real HTTP: a tenant policy changes real token
// issuance (client_credentials) — a deny is access_denied, narrowed scopes and
// extra claims show in the token (and introspection), input.context carries
// the caller's address — and rolling back restores it.
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

// Extra claims (docs/policies.md "Extra claims"): in the JWT, and returned by
// introspection as RFC 7662 §2.2 extension members.
TEST_P(PolicyToken, ExtraClaimsReachTheJwtAndIntrospection) {
  provision("acme");
  TestClient client = createApp("acme");
  TestClient resource = createApp("acme");
  ASSERT_EQ(upload("acme", "tag",
                   "function token(input)\n"
                   "  return allow{claims = {department = 'support', tier = 2, tags = {'a', 'b'}, ratio = 0.5}}\n"
                   "end\n")
                .status,
            201);
  auto issued = token("acme", client);
  ASSERT_EQ(issued.status, 200) << issued.body;
  const std::string jwt = issued.json()->getValue<std::string>("access_token");
  auto claims = jwtSegment(jwt, 1);
  EXPECT_EQ(claims->getValue<std::string>("department"), "support");
  EXPECT_EQ(claims->getValue<int>("tier"), 2);
  EXPECT_EQ(claims->getArray("tags")->getElement<std::string>(1), "b");
  EXPECT_DOUBLE_EQ(claims->getValue<double>("ratio"), 0.5);
  EXPECT_EQ(claims->getValue<std::string>("sub"), client.client_id) << "registered claims are the server's";

  auto introspected = postForm("acme", "introspect", "token=" + jwt, basicAuth(resource.client_id, resource.secret));
  ASSERT_EQ(introspected.status, 200) << introspected.body;
  auto body = introspected.json();
  EXPECT_TRUE(body->getValue<bool>("active"));
  EXPECT_EQ(body->getValue<std::string>("department"), "support");
  EXPECT_EQ(body->getValue<int>("tier"), 2);
  EXPECT_EQ(body->getArray("tags")->size(), 2u);
  EXPECT_EQ(body->getValue<std::string>("client_id"), client.client_id);
}

// A policy cannot override what the server asserts: a reserved claim is an
// invalid decision (a deny whose reason names the claim), so no token at all.
TEST_P(PolicyToken, APolicyCannotSetRegisteredClaims) {
  provision("acme");
  TestClient client = createApp("acme");
  for (const std::string claim : {"sub", "iss", "tid", "active"}) {
    SCOPED_TRACE(claim);
    ASSERT_EQ(upload("acme", "forge-" + claim,
                     "function token(input) return allow{claims = {" + claim + " = 'forged'}} end\n"
                     "function check(input) return allow{claims = {" + claim + " = 'forged'}} end\n")
                  .status,
              201);
    auto refused = token("acme", client);
    expectOAuthError(refused, 403, "access_denied");
    EXPECT_EQ(refused.body.find("forged"), std::string::npos);
    // The author sees why, naming the claim (explain / check show policy reasons to the tenant's admins).
    auto checked = http().sendJson("POST", "/api/v1/tenants/acme/authz/check?explain=true",
                                   R"({"application":"app","action":"x","subject":{"type":"user","id":"u"}})",
                                   admin());
    ASSERT_EQ(checked.status, 200) << checked.body;
    EXPECT_EQ(checked.json()->getValue<std::string>("decision"), "deny");
    EXPECT_NE(checked.body.find("claim '" + claim + "' is reserved and cannot be set by a policy"), std::string::npos)
        << checked.body;
    ASSERT_EQ(http()
                  .sendJson("POST", "/api/v1/tenants/acme/policies/forge-" + claim + "/deactivate", "", admin())
                  .status,
              200);
    ASSERT_EQ(token("acme", client).status, 200) << "with the forging policy gone, issuance resumes";
  }
  // Too many claims for a token: denied as well, never truncated.
  ASSERT_EQ(upload("acme", "flood",
                   "function token(input)\n  local c = {}\n  for i = 1, 40 do c['c' .. i] = i end\n"
                   "  return allow{claims = c}\nend\n")
                .status,
            201);
  expectOAuthError(token("acme", client), 403, "access_denied");
}

// input.context.ip is the caller's address (loopback here), as the rate limits see it.
TEST_P(PolicyToken, ContextIpLetsAPolicyDenyANetwork) {
  provision("acme");
  provision("globex");
  TestClient client = createApp("acme");
  TestClient other = createApp("globex");
  // A range the caller is not in changes nothing: the policy really reads the address.
  ASSERT_EQ(upload("acme", "office-only",
                   "function token(input)\n"
                   "  if cidr_match(input.context.ip, {'10.0.0.0/8', '2001:db8::/32'}) then return deny('office') end\n"
                   "  if type(input.context.time) ~= 'number' or #input.context.request_id == 0 then\n"
                   "    return deny('no context')\n  end\nend\n")
                .status,
            201);
  ASSERT_EQ(token("acme", client).status, 200);
  ASSERT_EQ(upload("acme", "no-loopback",
                   "function token(input)\n"
                   "  if cidr_match(input.context.ip, {'127.0.0.0/8', '::1'}) then\n"
                   "    return deny('loopback callers get no tokens')\n  end\nend\n")
                .status,
            201);
  auto denied = token("acme", client);
  expectOAuthError(denied, 403, "access_denied");
  EXPECT_EQ(denied.body.find("loopback"), std::string::npos);
  // Tenant isolation: acme's network rule does not reach globex.
  EXPECT_EQ(token("globex", other).status, 200);
}

// Tenant B's claims and denials never touch tenant A's tokens, and the other way round.
TEST_P(PolicyToken, AnotherTenantsPoliciesNeverShapeThisTenantsTokens) {
  provision("acme");
  provision("globex");
  TestClient mine = createApp("acme");
  TestClient theirs = createApp("globex");
  ASSERT_EQ(upload("globex", "tag", "function token(input) return allow{claims = {owner = 'globex'}} end\n").status,
            201);
  auto ours = token("acme", mine);
  ASSERT_EQ(ours.status, 200) << ours.body;
  EXPECT_FALSE(jwtSegment(ours.json()->getValue<std::string>("access_token"), 1)->has("owner"));
  auto tagged = token("globex", theirs);
  ASSERT_EQ(tagged.status, 200) << tagged.body;
  EXPECT_EQ(jwtSegment(tagged.json()->getValue<std::string>("access_token"), 1)->getValue<std::string>("owner"),
            "globex");

  ASSERT_EQ(upload("acme", "deny-all", "function token(input) return deny('closed') end\n").status, 201);
  expectOAuthError(token("acme", mine), 403, "access_denied");
  EXPECT_EQ(token("globex", theirs).status, 200);
  // A token of one tenant introspected at the other is inactive, extra claims or not.
  auto foreign = postForm("acme", "introspect", "token=" + tagged.json()->getValue<std::string>("access_token"),
                          basicAuth(mine.client_id, mine.secret));
  ASSERT_EQ(foreign.status, 200) << foreign.body;
  EXPECT_EQ(foreign.body, R"({"active":false})");
}

INSTANTIATE_TEST_SUITE_P(Backends, PolicyToken, ::testing::Values(Backend::Sqlite, Backend::Mariadb), backendName);

}  // namespace
}  // namespace sigid::testing
