// Signing-key rotation through the admin API and `sigid keys rotate`: the next
// key was published before it signs, the retired key stays in JWKS, tokens
// signed before a rotation keep introspecting as active, and each rotation is
// audited.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "integration/oauth_fixture.hpp"

namespace sigid::testing {
namespace {

class KeyRotation : public OAuthTest {
 protected:
  std::set<std::string> publishedKids(const std::string& slug) {
    auto res = http().get("/t/" + slug + "/jwks");
    EXPECT_EQ(res.status, 200) << res.body;
    std::set<std::string> kids;
    auto keys = res.json()->getArray("keys");
    for (std::size_t i = 0; i < keys->size(); ++i) {
      auto key = keys->getObject(static_cast<unsigned>(i));
      EXPECT_FALSE(key->has("d")) << "no private members in JWKS";
      kids.insert(key->getValue<std::string>("kid"));
    }
    return kids;
  }
  std::string kidOf(const std::string& jwt) { return jwtSegment(jwt, 0)->getValue<std::string>("kid"); }
  bool active(const std::string& slug, const TestClient& client, const std::string& token) {
    auto res = postForm(slug, "introspect", "token=" + token, basicAuth(client.client_id, client.secret));
    EXPECT_EQ(res.status, 200) << res.body;
    return res.json()->getValue<bool>("active");
  }
};

TEST_P(KeyRotation, AdminApiRotatesAndOldTokensKeepVerifying) {
  provision("rotating");
  auto client = createApp("rotating");
  const std::string before = accessToken("rotating", client);
  const std::string first_kid = kidOf(before);
  auto kids_before = publishedKids("rotating");
  ASSERT_EQ(kids_before.size(), 2u) << "current + next";

  auto rotated = http().sendJson("POST", "/api/v1/tenants/rotating/keys/rotate", R"({"alg":"ES256"})", admin());
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  auto body = rotated.json();
  EXPECT_EQ(body->getValue<std::string>("retired_kid"), first_kid);
  const std::string new_current = body->getValue<std::string>("current_kid");
  EXPECT_TRUE(kids_before.count(new_current)) << "the promoted key was already published";

  auto kids_after = publishedKids("rotating");
  EXPECT_TRUE(kids_after.count(first_kid)) << "the retired key stays published for the overlap";
  EXPECT_TRUE(kids_after.count(body->getValue<std::string>("next_kid")));

  const std::string after = accessToken("rotating", client);
  EXPECT_EQ(kidOf(after), new_current);
  EXPECT_TRUE(active("rotating", client, before)) << "signed before the rotation, still valid";
  EXPECT_TRUE(active("rotating", client, after));

  auto audit = http().get("/api/v1/tenants/rotating/audit?type=signing_key.rotated", admin());
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_NE(audit.body.find(new_current), std::string::npos) << audit.body;
}

TEST_P(KeyRotation, BadInputAndOtherTenantsAreRefused) {
  provision("key-owner");
  provision("key-other");
  expectOAuthError(http().sendJson("POST", "/api/v1/tenants/key-owner/keys/rotate", R"({"alg":"HS256"})", admin()),
                   400, "invalid_request");
  expectOAuthError(http().sendJson("POST", "/api/v1/tenants/key-owner/keys/rotate", R"({"algo":"ES256"})", admin()),
                   400, "invalid_request");
  expectOAuthError(http().request("POST", "/api/v1/tenants/key-owner/keys/rotate"), 401, "unauthenticated");
  // An API key of another tenant, even one allowed to rotate keys there, is refused here.
  auto key = http().sendJson("POST", "/api/v1/tenants/key-other/api-keys",
                             R"({"name":"ops","scopes":["admin:keys"]})", admin());
  ASSERT_EQ(key.status, 201) << key.body;
  auto foreign = http().request("POST", "/api/v1/tenants/key-owner/keys/rotate", "",
                                {{"Authorization", "Bearer " + key.jsonString("key")}});
  EXPECT_EQ(foreign.status, 401) << foreign.body;
  auto own = http().request("POST", "/api/v1/tenants/key-other/keys/rotate", "",
                            {{"Authorization", "Bearer " + key.jsonString("key")}});
  EXPECT_EQ(own.status, 200) << own.body;
}

TEST_P(KeyRotation, CliRotatesTheSameKeys) {
  provision("cli-keys");
  auto before = publishedKids("cli-keys");
  std::string out;
  ASSERT_EQ(kernel_->runCommand("keys rotate --tenant cli-keys", &out), 0) << out;
  EXPECT_NE(out.find("current:"), std::string::npos) << out;
  // The running kernel sees the change within cache.refresh_interval_ms.
  std::set<std::string> after;
  for (int i = 0; i < 50; ++i) {
    after = publishedKids("cli-keys");
    if (after.size() == 3) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(after.size(), 3u) << "retired + current + new next";
  for (const auto& kid : before) EXPECT_TRUE(after.count(kid));
  EXPECT_NE(kernel_->runCommand("keys rotate --tenant no-such-tenant", &out), 0);
  EXPECT_NE(kernel_->runCommand("keys rotate", &out), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, KeyRotation, ::testing::Values(Backend::Sqlite, Backend::Mariadb), backendName);

}  // namespace
}  // namespace sigid::testing
