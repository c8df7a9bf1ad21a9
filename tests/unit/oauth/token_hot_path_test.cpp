// DESIGN.md §10: issuing a client-credentials token (and introspecting one)
// reads no database row once the caches are warm; config_version changes are
// picked up within cache.refresh_interval_ms.
#include <gtest/gtest.h>

#include "core/log.hpp"
#include "crypto_store/data_key_service.hpp"
#include "oauth/access_token_verifier.hpp"
#include "oauth/client_authentication.hpp"
#include "oauth/introspection_service.hpp"
#include "oauth/keys/key_service.hpp"
#include "oauth/revocation_list.hpp"
#include "oauth/tenant_directory.hpp"
#include "oauth/token_policy_gate.hpp"
#include "oauth/token_service.hpp"
#include "tenancy/application_service.hpp"
#include "tenancy/tenant_service.hpp"
#include "unit/oauth/oauth_test_support.hpp"

using namespace sigid;
using namespace std::chrono_literals;

namespace {

class TokenHotPath : public ::testing::Test {
 protected:
  void SetUp() override {
    tenancy::NewTenant fresh;
    fresh.name = "Acme";
    fresh.slug = "acme";
    tenant_ = *tenants_.provision(core::Actor::system(), fresh);
    tenancy::NewApplication app;
    app.fields.name = "svc";
    app.fields.scopes = std::vector<std::string>{"read"};
    auto created = applications_.create(core::Actor::system(), tenant_, app);
    ASSERT_TRUE(created.ok()) << created.error().description();
    client_id_ = created->application.client_id;
    secret_ = *created->client_secret;
    sealer_ = std::move(*crypto_store::DataKeyService::open(scratch_.db(), clock_, log_, ""));
    keys_ = std::make_unique<oauth::KeyService>(counting_, *sealer_, clock_, log_);
    verifier_ = std::make_unique<oauth::AccessTokenVerifier>(*keys_, clock_);
    issuer_ = std::make_unique<oauth::AccessTokenIssuer>(*keys_, clock_);
  }

  // The token endpoint's protocol steps after HTTP parsing.
  core::Result<oauth::IssuedToken> issue(const std::string& secret, const oauth::TokenPolicyGate* gate = nullptr) {
    SIGID_TRY(auto snapshot, directory_.find("acme"));
    auto outcome = oauth::authenticateClient(*snapshot,
                                             {oauth::ClientAuthMethod::ClientSecretBasic, client_id_, secret},
                                             clock_.nowSeconds());
    if (!outcome.client) return oauth::invalidClient();
    oauth::TokenService tokens(*issuer_);
    tokens.setPolicyGate(gate);
    return tokens.grant(*snapshot, *outcome.client, "client_credentials", std::nullopt, {"127.0.0.1", "req-1"});
  }

  std::stringstream log_text_;
  core::Logger log_{log_text_, core::LogLevel::Warning};
  core::ManualClock clock_{std::chrono::system_clock::now()};
  sigid::testing::ScratchDatabase scratch_;
  sigid::testing::CountingDatabase counting_{scratch_.db()};
  tenancy::TenantService tenants_{scratch_.db(), clock_};
  tenancy::ApplicationService applications_{scratch_.db(), clock_, tenants_, false};
  oauth::TenantDirectory directory_{counting_, clock_, 1000ms, "https://id.example"};
  std::unique_ptr<crypto_store::DataKeyService> sealer_;
  std::unique_ptr<oauth::KeyService> keys_;
  std::unique_ptr<oauth::AccessTokenVerifier> verifier_;
  std::unique_ptr<oauth::AccessTokenIssuer> issuer_;
  tenancy::Tenant tenant_;
  std::string client_id_, secret_;
};

TEST_F(TokenHotPath, WarmIssuanceAndIntrospectionReadNoDatabaseRow) {
  ASSERT_TRUE(issue(secret_).ok());  // warms tenant, clients and keys
  oauth::RevocationList revocations(counting_, clock_, 1000ms);
  oauth::IntrospectionService introspection(*verifier_, revocations);
  auto snapshot = *directory_.find("acme");
  auto first = issue(secret_);
  ASSERT_TRUE(introspection.introspect(*snapshot, first->access_token).ok());  // warms the revocation set

  counting_.calls = 0;
  counting_.failing = true;  // and the database might as well be down
  for (int i = 0; i < 200; ++i) {
    auto token = issue(secret_);
    ASSERT_TRUE(token.ok()) << token.error().detail();
    auto active = introspection.introspect(*snapshot, token->access_token);
    ASSERT_TRUE(active.ok());
    ASSERT_TRUE(active->has_value());
  }
  EXPECT_EQ(counting_.calls, 0);
}

// Stands in for the policy engine: records the input, answers an allow with claims.
class ClaimingEvaluator final : public policy::PolicyEvaluator {
 public:
  using policy::PolicyEvaluator::evaluate;
  core::Result<policy::Decision> evaluate(const policy::TenantRef&, policy::AttachPoint,
                                          const policy::PolicyValue& input) override {
    seen = input;
    policy::Decision decision;
    decision.verdict = policy::Verdict::Allow;
    decision.obligations.claims.set("department", "support");
    decision.obligations.claims.set("tier", 2);
    return decision;
  }
  policy::PolicyValue seen;
};

TEST_F(TokenHotPath, PolicyClaimsAndRequestContextReachTheTokenAndIntrospectionWithNoDatabaseRow) {
  ClaimingEvaluator evaluator;
  oauth::TokenPolicyGate gate(evaluator, clock_);
  ASSERT_TRUE(issue(secret_, &gate).ok());  // warms tenant, clients and keys
  oauth::RevocationList revocations(counting_, clock_, 1000ms);
  oauth::IntrospectionService introspection(*verifier_, revocations);
  auto snapshot = *directory_.find("acme");
  ASSERT_TRUE(introspection.introspect(*snapshot, issue(secret_, &gate)->access_token).ok());

  counting_.calls = 0;
  counting_.failing = true;
  auto token = issue(secret_, &gate);
  ASSERT_TRUE(token.ok()) << token.error().detail();
  EXPECT_EQ(token->claims.extra, R"("department":"support","tier":2)");
  const policy::PolicyValue* context = evaluator.seen.find("context");
  ASSERT_NE(context, nullptr);
  EXPECT_EQ(context->find("ip")->asString(), "127.0.0.1");
  EXPECT_EQ(context->find("request_id")->asString(), "req-1");
  EXPECT_EQ(context->find("time")->asInteger(), clock_.nowSeconds());

  auto active = introspection.introspect(*snapshot, token->access_token);
  ASSERT_TRUE(active.ok());
  ASSERT_TRUE(active->has_value());
  EXPECT_EQ((*active)->extra, R"("department":"support","tier":2)") << "the verifier reads them back from the JWT";
  EXPECT_EQ(counting_.calls, 0);
}

TEST_F(TokenHotPath, ConfigVersionIsRecheckedAtMostOncePerInterval) {
  ASSERT_TRUE(issue(secret_).ok());  // creates the tenant's first keys, which bumps its version
  clock_.advance(1500ms);
  ASSERT_TRUE(issue(secret_).ok());  // picks up that version
  counting_.calls = 0;
  clock_.advance(1500ms);  // past the refresh interval: one tenant row read, nothing else (version unchanged)
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(issue(secret_).ok());
  EXPECT_EQ(counting_.calls, 1);

  // A change made elsewhere (another node): visible after the interval.
  auto regenerated = applications_.regenerateSecret(core::Actor::system(), tenant_,
                                                    (*applications_.list(tenant_, 1, {})).items[0].id, 0);
  ASSERT_TRUE(regenerated.ok());
  EXPECT_TRUE(issue(secret_).ok()) << "within the interval this node may still use the old snapshot";
  clock_.advance(1500ms);
  auto refused = issue(secret_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), core::ErrorCode::InvalidClient);
  EXPECT_TRUE(issue(*regenerated->client_secret).ok());
}

TEST_F(TokenHotPath, UnknownSlugsAreRememberedToo) {
  counting_.calls = 0;
  for (int i = 0; i < 20; ++i) EXPECT_FALSE(directory_.find("ghost").ok());
  EXPECT_EQ(counting_.calls, 1);
  EXPECT_FALSE(directory_.find("NOT A SLUG").ok());
  EXPECT_EQ(counting_.calls, 1) << "malformed slugs never reach the database";
}

}  // namespace
