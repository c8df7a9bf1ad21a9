#include "hosted/session_store.hpp"

#include <gtest/gtest.h>

#include "unit/hosted/hosted_test_db.hpp"

namespace sigid::testing {
namespace {

using namespace std::chrono_literals;

class SessionStoreTest : public HostedDbTest {
 protected:
  void SetUp() override {
    HostedDbTest::SetUp();
    sessions_ = std::make_unique<hosted::SessionStore>(*db_, clock_, *tenants_);
    users_->addRevocationHook(*sessions_);
  }
  hosted::IssuedSession open(const tenancy::Member& m) {
    auto s = sessions_->create(tenant_, {m.user_id, m.subject, {"pwd"}, "urn:sigid:loa:1", "10.0.0.1", "test"});
    EXPECT_TRUE(s.ok());
    clock_.advance(1s);  // creation order is observable
    return *s;
  }
  std::unique_ptr<hosted::SessionStore> sessions_;
};

TEST_F(SessionStoreTest, ResolvesItsOwnTokenAndRecordsHowTheUserSignedIn) {
  auto ann = member(tenant_, "ann@example.com");
  auto issued = open(ann);
  EXPECT_GE(issued.token.size(), 43u) << "256 bits, base64url";
  auto found = sessions_->resolve(tenant_, issued.token);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->user_id, ann.user_id);
  EXPECT_EQ((*found)->amr, std::vector<std::string>{"pwd"});
  EXPECT_EQ((*found)->acr, "urn:sigid:loa:1");
  EXPECT_EQ((*found)->auth_time, issued.session.auth_time);
  EXPECT_FALSE(sessions_->resolve(tenant_, issued.token + "x")->has_value());
}

TEST_F(SessionStoreTest, TokensOfOneTenantMeanNothingAtAnother) {
  auto other = provision("beta");
  auto issued = open(member(tenant_, "ann@example.com"));
  EXPECT_FALSE(sessions_->resolve(other, issued.token)->has_value());
}

TEST_F(SessionStoreTest, IdleSessionsExpire) {
  auto issued = open(member(tenant_, "ann@example.com"));
  clock_.advance(std::chrono::minutes(tenant_.settings.session_timeout_minutes - 1));
  EXPECT_TRUE(sessions_->resolve(tenant_, issued.token)->has_value()) << "use moves the idle clock";
  clock_.advance(std::chrono::minutes(tenant_.settings.session_timeout_minutes - 1));
  EXPECT_TRUE(sessions_->resolve(tenant_, issued.token)->has_value());
  clock_.advance(std::chrono::minutes(tenant_.settings.session_timeout_minutes + 1));
  EXPECT_FALSE(sessions_->resolve(tenant_, issued.token)->has_value());
}

TEST_F(SessionStoreTest, TheOldestSessionsGoPastTheLimit) {
  tenant_.settings.max_sessions_per_user = 2;
  auto ann = member(tenant_, "ann@example.com");
  auto first = open(ann);
  auto second = open(ann);
  auto third = open(ann);
  EXPECT_FALSE(sessions_->resolve(tenant_, first.token)->has_value());
  EXPECT_TRUE(sessions_->resolve(tenant_, second.token)->has_value());
  EXPECT_TRUE(sessions_->resolve(tenant_, third.token)->has_value());
  EXPECT_EQ(sessions_->listForUser(tenant_, ann.user_id)->size(), 2u);
}

TEST_F(SessionStoreTest, UsersRevokeOnlyTheirOwnSessions) {
  auto ann = member(tenant_, "ann@example.com");
  auto bob = member(tenant_, "bob@example.com");
  auto anns = open(ann);
  auto bobs = open(bob);
  EXPECT_FALSE(*sessions_->revoke(core::Actor::system(), tenant_, ann.user_id, bobs.session.id));
  EXPECT_TRUE(sessions_->resolve(tenant_, bobs.token)->has_value());
  EXPECT_TRUE(*sessions_->revoke(core::Actor::system(), tenant_, ann.user_id, anns.session.id));
  EXPECT_FALSE(sessions_->resolve(tenant_, anns.token)->has_value());
}

TEST_F(SessionStoreTest, SuspensionEndsEverySessionOfThatTenantOnly) {
  auto beta = provision("beta");
  auto ann = member(tenant_, "ann@example.com");
  auto ann_beta = member(beta, "ann@example.com");
  auto here = open(ann);
  auto there = sessions_->create(beta, {ann_beta.user_id, ann_beta.subject, {"pwd"}, "", "", ""});
  ASSERT_TRUE(users_->suspend(core::Actor::system(), tenant_, ann.subject).ok());
  EXPECT_FALSE(sessions_->resolve(tenant_, here.token)->has_value());
  EXPECT_TRUE(sessions_->resolve(beta, there->token)->has_value());
}

}  // namespace
}  // namespace sigid::testing
