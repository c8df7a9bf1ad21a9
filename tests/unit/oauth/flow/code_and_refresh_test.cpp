// Authorization codes and refresh-token rotation on SQLite, no sockets.
#include <gtest/gtest.h>

#include "oauth/authorization_codes.hpp"
#include "oauth/pkce.hpp"
#include "oauth/refresh_tokens.hpp"
#include "store/autocommit.hpp"
#include "unit/hosted/hosted_test_db.hpp"

namespace sigid::testing {
namespace {

using namespace std::chrono_literals;

class CodeFlowTest : public HostedDbTest {
 protected:
  void SetUp() override {
    HostedDbTest::SetUp();
    revocations_ = std::make_unique<oauth::RevocationList>(*db_, clock_, 1000ms);
    codes_ = std::make_unique<oauth::AuthorizationCodes>(*db_, clock_, *revocations_, 60);
    refresh_ = std::make_unique<oauth::RefreshTokens>(*db_, clock_, *tenants_, 86400);
    users_->addRevocationHook(*refresh_);
  }

  oauth::UserAuthorization authorization(const tenancy::Member& m) {
    return {"client-1", m.user_id, m.subject, "openid offline_access", clock_.nowSeconds(), {"pwd"}, "urn:sigid:loa:1",
            "session-1"};
  }
  oauth::CodeBinding binding(const tenancy::Member& m) {
    return {authorization(m), "https://app.example/cb", "nonce-1", oauth::s256Challenge(verifier_)};
  }
  oauth::CodeRedemption presented(std::string verifier = "") {
    return {"client-1", "https://app.example/cb", verifier.empty() ? verifier_ : verifier};
  }
  std::int64_t auditCount(const std::string& type) {
    auto rows = db_->query("SELECT COUNT(*) FROM audit_events WHERE tenant_id = ? AND type = ?",
                           {tenant_.id.str(), type});
    return rows.ok() ? rows->front().integer(0) : -1;
  }

  const std::string verifier_ = std::string(64, 'v');
  std::unique_ptr<oauth::RevocationList> revocations_;
  std::unique_ptr<oauth::AuthorizationCodes> codes_;
  std::unique_ptr<oauth::RefreshTokens> refresh_;
};

TEST_F(CodeFlowTest, ACodeIsStoredHashedAndRedeemsOnce) {
  auto m = member(tenant_, "ann@example.com");
  auto code = codes_->issue(tenant_, binding(m));
  ASSERT_TRUE(code.ok());
  EXPECT_GE(code->size(), 43u) << "256 bits";
  auto stored = db_->query("SELECT COUNT(*) FROM authorization_codes WHERE code_sha256 = ?", {*code});
  EXPECT_EQ(stored->front().integer(0), 0) << "the code itself is never stored";
  auto redeemed = codes_->redeem(tenant_, *code, presented());
  ASSERT_TRUE(redeemed.ok()) << redeemed.error().description();
  EXPECT_EQ(redeemed->binding.authorization.subject, m.subject);
  EXPECT_EQ(redeemed->binding.nonce, "nonce-1");
  auto again = codes_->redeem(tenant_, *code, presented());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), core::ErrorCode::InvalidGrant);
}

TEST_F(CodeFlowTest, AReplayedCodeRevokesWhatItIssued) {
  auto m = member(tenant_, "ann@example.com");
  auto code = *codes_->issue(tenant_, binding(m));
  auto redeemed = codes_->redeem(tenant_, code, presented());
  ASSERT_TRUE(redeemed.ok());
  auto rt = refresh_->issue(tenant_, redeemed->binding.authorization);
  ASSERT_TRUE(rt.ok());
  ASSERT_TRUE(codes_->recordIssued(tenant_, redeemed->code_sha256, "jti-1", clock_.nowSeconds() + 600, rt->family_id).ok());
  EXPECT_FALSE(*revocations_->isRevoked(tenant_.id, "jti-1"));
  EXPECT_FALSE(codes_->redeem(tenant_, code, presented()).ok());
  EXPECT_TRUE(*revocations_->isRevoked(tenant_.id, "jti-1")) << "RFC 6749 §4.1.2: the access token is revoked";
  EXPECT_FALSE(refresh_->rotate(tenant_, "client-1", rt->token).ok()) << "and the refresh token too";
}

TEST_F(CodeFlowTest, WrongVerifierRedirectClientOrExpiryFail) {
  auto m = member(tenant_, "ann@example.com");
  auto code = *codes_->issue(tenant_, binding(m));
  EXPECT_FALSE(codes_->redeem(tenant_, code, presented(std::string(64, 'w'))).ok());
  EXPECT_FALSE(codes_->redeem(tenant_, code, presented()).ok()) << "the failed attempt spent the code";

  code = *codes_->issue(tenant_, binding(m));
  auto other_client = presented();
  other_client.client_id = "client-2";
  EXPECT_FALSE(codes_->redeem(tenant_, code, other_client).ok());
  auto wrong_redirect = presented();
  wrong_redirect.redirect_uri = "https://app.example/other";
  EXPECT_FALSE(codes_->redeem(tenant_, code, wrong_redirect).ok());

  code = *codes_->issue(tenant_, binding(m));
  clock_.advance(61s);
  auto late = codes_->redeem(tenant_, code, presented());
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code(), core::ErrorCode::InvalidGrant);

  code = *codes_->issue(tenant_, binding(m));
  auto no_verifier = presented();
  no_verifier.code_verifier.clear();
  auto missing = codes_->redeem(tenant_, code, no_verifier);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), core::ErrorCode::InvalidRequest);
}

TEST_F(CodeFlowTest, AnotherTenantsCodeIsUnknown) {
  auto m = member(tenant_, "ann@example.com");
  auto beta = provision("beta");
  auto code = *codes_->issue(tenant_, binding(m));
  EXPECT_FALSE(codes_->redeem(beta, code, presented()).ok());
  EXPECT_TRUE(codes_->redeem(tenant_, code, presented()).ok()) << "and trying it there did not spend it";
}

TEST_F(CodeFlowTest, RefreshRotatesAndReuseRevokesTheFamily) {
  auto m = member(tenant_, "ann@example.com");
  auto first = *refresh_->issue(tenant_, authorization(m));
  auto second = refresh_->rotate(tenant_, "client-1", first.token);
  ASSERT_TRUE(second.ok());
  EXPECT_NE(second->next.token, first.token);
  EXPECT_EQ(second->next.family_id, first.family_id);
  EXPECT_EQ(second->authorization.subject, m.subject);
  auto third = refresh_->rotate(tenant_, "client-1", second->next.token);
  ASSERT_TRUE(third.ok());

  auto reused = refresh_->rotate(tenant_, "client-1", first.token);
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(reused.error().code(), core::ErrorCode::InvalidGrant);
  EXPECT_FALSE(refresh_->rotate(tenant_, "client-1", third->next.token).ok()) << "the newest token died with the family";
  EXPECT_EQ(auditCount("refresh_token.reuse_detected"), 1);
}

TEST_F(CodeFlowTest, RefreshIsBoundToClientTenantAndLifetime) {
  auto m = member(tenant_, "ann@example.com");
  auto token = *refresh_->issue(tenant_, authorization(m));
  EXPECT_FALSE(refresh_->rotate(tenant_, "client-2", token.token).ok());
  EXPECT_FALSE(refresh_->rotate(provision("beta"), "client-1", token.token).ok());
  auto next = refresh_->rotate(tenant_, "client-1", token.token);
  ASSERT_TRUE(next.ok()) << "the failed attempts did not spend it";
  clock_.advance(std::chrono::seconds(86401));
  EXPECT_FALSE(refresh_->rotate(tenant_, "client-1", next->next.token).ok()) << "rotation does not extend the family";
}

TEST_F(CodeFlowTest, SuspendingTheMemberRevokesTheirRefreshTokensAtOnce) {
  auto m = member(tenant_, "ann@example.com");
  auto token = *refresh_->issue(tenant_, authorization(m));
  ASSERT_TRUE(users_->suspend(core::Actor::system(), tenant_, m.subject).ok());
  EXPECT_FALSE(refresh_->rotate(tenant_, "client-1", token.token).ok());
}

}  // namespace
}  // namespace sigid::testing
