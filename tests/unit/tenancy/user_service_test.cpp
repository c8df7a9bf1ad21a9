// Users, memberships, pairwise subjects and invitations on SQLite.
#include "tenancy/user_service.hpp"

#include <gtest/gtest.h>

#include "tenancy/invitation_service.hpp"
#include "unit/hosted/hosted_test_db.hpp"

namespace sigid::testing {
namespace {

TEST(Email, IsNormalisedAndChecked) {
  EXPECT_EQ(*tenancy::normaliseEmail("  Ann.Lee+x@Example.COM "), "ann.lee+x@example.com");
  for (const char* bad : {"", "ann", "@example.com", "ann@", "ann@example", "a@b@c.com", "ann@exa mple.com",
                          "ann@.example.com", "ann@example..com", "<ann>@example.com"})
    EXPECT_FALSE(tenancy::normaliseEmail(bad).ok()) << bad;
}

TEST(Email, AllowedDomainsMatchExactly) {
  tenancy::TenantSettings s;
  EXPECT_TRUE(tenancy::emailDomainAllowed(s, "a@any.test"));
  s.allowed_domains = {"example.com"};
  EXPECT_TRUE(tenancy::emailDomainAllowed(s, "a@example.com"));
  EXPECT_FALSE(tenancy::emailDomainAllowed(s, "a@sub.example.com"));
  EXPECT_FALSE(tenancy::emailDomainAllowed(s, "a@example.com.evil.test"));
}

TEST(PasswordPolicy, NamesWhatIsMissing) {
  tenancy::PasswordPolicy p;
  p.min_length = 10;
  p.require_uppercase = p.require_numbers = p.require_special_chars = true;
  auto r = tenancy::checkPasswordPolicy(p, "short");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().description().find("at least 10 characters"), std::string::npos);
  EXPECT_NE(r.error().description().find("an upper-case letter"), std::string::npos);
  EXPECT_NE(r.error().description().find("a digit"), std::string::npos);
  EXPECT_NE(r.error().description().find("a symbol"), std::string::npos);
  EXPECT_TRUE(tenancy::checkPasswordPolicy(p, "Longer pass 1!").ok());
  // Ten Greek letters are ten characters, not twenty bytes' worth of strength.
  tenancy::PasswordPolicy lengthOnly;
  lengthOnly.min_length = 10;
  EXPECT_FALSE(tenancy::checkPasswordPolicy(lengthOnly, "αβγδεζη").ok());
  EXPECT_TRUE(tenancy::checkPasswordPolicy(lengthOnly, "αβγδεζηθικ").ok());
}

class UserServiceTest : public HostedDbTest {};

TEST_F(UserServiceTest, TheSamePersonHasAnUnrelatedSubjectPerTenant) {
  auto beta = provision("beta");
  auto in_acme = member(tenant_, "ann@example.com");
  auto in_beta = member(beta, "ANN@example.com");
  EXPECT_EQ(in_acme.user_id, in_beta.user_id) << "one global account";
  EXPECT_NE(in_acme.subject, in_beta.subject);
  EXPECT_EQ(in_acme.subject.find(in_acme.user_id), std::string::npos);
  EXPECT_EQ(users_->findBySubject(tenant_, in_acme.subject)->user_id, in_acme.user_id);
  auto foreign = users_->findBySubject(beta, in_acme.subject);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code(), core::ErrorCode::NotFound);
}

TEST_F(UserServiceTest, DuplicatesConflictAndRemovedMembersKeepTheirSubject) {
  auto ann = member(tenant_, "ann@example.com");
  auto again = users_->create(core::Actor::system(), tenant_, {"ann@example.com", "", {}});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), core::ErrorCode::Conflict);
  ASSERT_TRUE(users_->remove(core::Actor::system(), tenant_, ann.subject).ok());
  EXPECT_FALSE(users_->findBySubject(tenant_, ann.subject).ok());
  auto back = users_->create(core::Actor::system(), tenant_, {"ann@example.com", "", {"viewer"}});
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->subject, ann.subject);
  EXPECT_EQ(back->roles, std::vector<std::string>{"viewer"});
}

// Records what the revocation hook saw: the token side registers one like it.
struct RecordingHook : tenancy::AccessRevocationHook {
  std::vector<std::string> seen;
  core::Result<void> revokeAccess(store::Connection&, const tenancy::Tenant&, const tenancy::Member& m) override {
    seen.push_back(m.subject);
    return core::success();
  }
};

TEST_F(UserServiceTest, SuspensionAndRemovalRunTheRevocationHooks) {
  RecordingHook hook;
  users_->addRevocationHook(hook);
  auto ann = member(tenant_, "ann@example.com");
  ASSERT_TRUE(users_->suspend(core::Actor::system(), tenant_, ann.subject).ok());
  ASSERT_TRUE(users_->suspend(core::Actor::system(), tenant_, ann.subject).ok());  // idempotent
  ASSERT_TRUE(users_->reactivate(core::Actor::system(), tenant_, ann.subject).ok());
  ASSERT_TRUE(users_->remove(core::Actor::system(), tenant_, ann.subject).ok());
  EXPECT_EQ(hook.seen, (std::vector<std::string>{ann.subject, ann.subject}));
}

TEST_F(UserServiceTest, AllowedDomainsAreEnforcedOnCreate) {
  tenant_.settings.allowed_domains = {"example.com"};
  EXPECT_FALSE(users_->create(core::Actor::system(), tenant_, {"x@other.test", "", {}}).ok());
  EXPECT_TRUE(users_->create(core::Actor::system(), tenant_, {"x@example.com", "", {}}).ok());
}

struct CapturingDelivery : tenancy::InvitationDelivery {
  std::string last_token;
  core::Result<void> deliver(const tenancy::Tenant&, const tenancy::Invitation&, const std::string& token) override {
    last_token = token;
    return core::success();
  }
};

TEST_F(UserServiceTest, InvitationsAreSingleUseAndExpire) {
  CapturingDelivery delivery;
  tenancy::InvitationService invitations(*db_, clock_, *tenants_, *users_, delivery, std::chrono::hours(1));
  auto sent = invitations.create(core::Actor::system(), tenant_, {"new@example.com", {"editor"}, "hi"});
  ASSERT_TRUE(sent.ok());
  EXPECT_TRUE(sent->delivered);
  const std::string token = delivery.last_token;
  ASSERT_TRUE(invitations.open(tenant_, token).ok());
  auto beta = provision("beta");
  EXPECT_FALSE(invitations.open(beta, token).ok()) << "a token works only at its tenant";
  auto joined = invitations.accept(core::Actor::system(), tenant_, token, "New Person");
  ASSERT_TRUE(joined.ok());
  EXPECT_EQ(joined->roles, std::vector<std::string>{"editor"});
  EXPECT_FALSE(invitations.accept(core::Actor::system(), tenant_, token, "Again").ok());

  auto later = invitations.create(core::Actor::system(), tenant_, {"late@example.com", {}, ""});
  ASSERT_TRUE(later.ok());
  clock_.advance(std::chrono::hours(2));
  EXPECT_FALSE(invitations.open(tenant_, delivery.last_token).ok());
  EXPECT_EQ(invitations.get(tenant_, later->invitation.id)->status, tenancy::InvitationStatus::Expired);
}

}  // namespace
}  // namespace sigid::testing
