#include <gtest/gtest.h>

#include "hosted/consent_store.hpp"
#include "hosted/sign_in_lockout.hpp"
#include "unit/hosted/hosted_test_db.hpp"

namespace sigid::testing {
namespace {

using namespace std::chrono_literals;

class LockoutTest : public HostedDbTest {
 protected:
  void SetUp() override {
    HostedDbTest::SetUp();
    tenant_.settings.lockout_policy = {3, 15, 60};
    lockout_ = std::make_unique<hosted::SignInLockout>(*db_, clock_);
  }
  std::int64_t lockedFor(const std::string& account, const std::string& ip = "10.0.0.1") {
    return *lockout_->lockedFor(tenant_, account, ip);
  }
  void fail(const std::string& account, const std::string& ip = "10.0.0.1") {
    ASSERT_TRUE(lockout_->recordFailure(tenant_, account, ip).ok());
  }
  std::unique_ptr<hosted::SignInLockout> lockout_;
};

TEST_F(LockoutTest, LocksAfterMaxAttemptsForTheDuration) {
  fail("ann@example.com");
  fail("ann@example.com");
  EXPECT_EQ(lockedFor("ann@example.com"), 0);
  fail("ann@example.com");
  EXPECT_EQ(lockedFor("ann@example.com"), 15 * 60);
  EXPECT_EQ(lockedFor("ann@example.com", "10.9.9.9"), 15 * 60) << "per account, from any address";
  EXPECT_EQ(lockedFor("bob@example.com", "10.9.9.9"), 0);
  clock_.advance(15min);
  EXPECT_EQ(lockedFor("ann@example.com"), 0);
}

TEST_F(LockoutTest, OldFailuresAreForgottenAfterTheResetWindow) {
  fail("ann@example.com");
  fail("ann@example.com");
  clock_.advance(61min);
  fail("ann@example.com");
  EXPECT_EQ(lockedFor("ann@example.com"), 0);
}

TEST_F(LockoutTest, SuccessClearsTheAccount) {
  fail("ann@example.com");
  fail("ann@example.com");
  ASSERT_TRUE(lockout_->recordSuccess(tenant_, "ann@example.com").ok());
  fail("ann@example.com");
  EXPECT_EQ(lockedFor("ann@example.com"), 0);
}

TEST_F(LockoutTest, OneSourceSprayingManyAccountsIsLocked) {
  const int limit = 3 * hosted::SignInLockout::kSourceFactor;
  for (int i = 0; i < limit; ++i) fail("user" + std::to_string(i) + "@example.com", "10.6.6.6");
  EXPECT_GT(lockedFor("fresh@example.com", "10.6.6.6"), 0);
  EXPECT_EQ(lockedFor("fresh@example.com", "10.0.0.2"), 0);
}

TEST_F(LockoutTest, TenantsCountSeparately) {
  auto beta = provision("beta");
  for (int i = 0; i < 3; ++i) fail("ann@example.com");
  EXPECT_EQ(*lockout_->lockedFor(beta, "ann@example.com", "10.0.0.1"), 0);
}

class ConsentStoreTest : public HostedDbTest {
 protected:
  void SetUp() override {
    HostedDbTest::SetUp();
    consents_ = std::make_unique<hosted::ConsentStore>(*db_, clock_, *tenants_);
  }
  std::unique_ptr<hosted::ConsentStore> consents_;
};

TEST_F(ConsentStoreTest, AsksAgainOnlyForScopesNotYetGranted) {
  auto ann = member(tenant_, "ann@example.com");
  using V = std::vector<std::string>;
  EXPECT_EQ(*consents_->missing(tenant_, ann.user_id, "app", {"openid", "email"}), (V{"openid", "email"}));
  ASSERT_TRUE(consents_->grant(core::Actor::system(), tenant_, ann.user_id, "app", {"openid", "email"}).ok());
  EXPECT_TRUE(consents_->missing(tenant_, ann.user_id, "app", {"email"})->empty());
  EXPECT_EQ(*consents_->missing(tenant_, ann.user_id, "app", {"openid", "profile"}), V{"profile"});
  EXPECT_EQ(*consents_->missing(tenant_, ann.user_id, "other-app", {"openid"}), V{"openid"}) << "per client";
  ASSERT_TRUE(consents_->grant(core::Actor::system(), tenant_, ann.user_id, "app", {"profile"}).ok());
  EXPECT_TRUE(consents_->missing(tenant_, ann.user_id, "app", {"openid", "email", "profile"})->empty());
  auto beta = provision("beta");
  EXPECT_EQ(*consents_->missing(beta, ann.user_id, "app", {"openid"}), V{"openid"}) << "per tenant";
  EXPECT_TRUE(*consents_->revoke(core::Actor::system(), tenant_, ann.user_id, "app"));
  EXPECT_EQ(consents_->missing(tenant_, ann.user_id, "app", {"email"})->size(), 1u);
}

}  // namespace
}  // namespace sigid::testing
