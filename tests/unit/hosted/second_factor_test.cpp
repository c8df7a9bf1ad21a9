// The acr levels SigID issues and the store of sign-ins waiting for their
// second factor (the hosted code page's server side).
#include <gtest/gtest.h>

#include "hosted/acr.hpp"
#include "hosted/second_steps.hpp"
#include "unit/hosted/hosted_test_db.hpp"

namespace sigid::testing {
namespace {

using namespace std::chrono_literals;
using namespace sigid::hosted;

TEST(Acr, LevelsAreOrderedAndUnknownValuesSatisfyNothing) {
  EXPECT_EQ(acrLevel(kAcrPassword), 1);
  EXPECT_EQ(acrLevel(kAcrMfa), 2);
  EXPECT_EQ(acrLevel("urn:sigid:loa:2"), 0);
  EXPECT_TRUE(acrSatisfies(kAcrMfa, kAcrPassword));
  EXPECT_TRUE(acrSatisfies(kAcrMfa, kAcrMfa));
  EXPECT_FALSE(acrSatisfies(kAcrPassword, kAcrMfa));
  EXPECT_FALSE(acrSatisfies(kAcrMfa, "urn:example:gold"));
  EXPECT_FALSE(acrSatisfies("", kAcrPassword));
}

TEST(Acr, AcrValuesDemandTheWeakestListedValueSigIdIssues) {
  EXPECT_EQ(acrDemand("urn:sigid:acr:mfa"), std::string(kAcrMfa));
  EXPECT_EQ(acrDemand("urn:sigid:acr:mfa urn:sigid:acr:pwd"), std::string(kAcrPassword)) << "either would do";
  EXPECT_EQ(acrDemand("urn:example:gold urn:sigid:acr:mfa"), std::string(kAcrMfa));
  EXPECT_EQ(acrDemand("urn:example:gold"), std::nullopt) << "voluntary: OIDC Core §3.1.2.1";
  EXPECT_EQ(acrDemand(""), std::nullopt);
  EXPECT_EQ(acrDemand("urn:sigid:acr:mfa  "), std::string(kAcrMfa));
}

TEST(Acr, TheStrongerDemandWinsAndUnknownIsNeverLowered) {
  EXPECT_EQ(strongerAcr("", std::string(kAcrMfa)), kAcrMfa);
  EXPECT_EQ(strongerAcr(std::string(kAcrPassword), std::string(kAcrMfa)), kAcrMfa);
  EXPECT_EQ(strongerAcr(std::string(kAcrMfa), std::string(kAcrPassword)), kAcrMfa);
  EXPECT_EQ(strongerAcr(std::string(kAcrMfa), "urn:example:gold"), "urn:example:gold");
  EXPECT_EQ(acrForLevel(1), kAcrPassword);
  EXPECT_EQ(acrForLevel(3), kAcrMfa);
}

class SecondStepsTest : public HostedDbTest {
 protected:
  void SetUp() override {
    HostedDbTest::SetUp();
    steps_ = std::make_unique<SecondSteps>(*db_, clock_);
  }
  SecondStep step() {
    return SecondStep{"user-1", "ann@example.com", {"pwd"}, std::string(kAcrMfa), "io.sigid.signin-totp", "state",
                      "/t/acme/account"};
  }
  std::unique_ptr<SecondSteps> steps_;
};

TEST_F(SecondStepsTest, FindsTheStepForTheBrowserThatStartedIt) {
  auto token = steps_->start(tenant_, "csrf-cookie-of-browser-a", step());
  ASSERT_TRUE(token.ok());
  auto found = steps_->find(tenant_, "csrf-cookie-of-browser-a", *token);
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->user_id, "user-1");
  EXPECT_EQ((*found)->amr, std::vector<std::string>{"pwd"});
  EXPECT_EQ((*found)->return_to, "/t/acme/account");
  EXPECT_FALSE(steps_->find(tenant_, "csrf-cookie-of-browser-b", *token)->has_value()) << "bound to the browser";
  EXPECT_FALSE(steps_->find(tenant_, "csrf-cookie-of-browser-a", "guess")->has_value());
}

TEST_F(SecondStepsTest, IsSingleUse) {
  auto token = *steps_->start(tenant_, "cookie", step());
  EXPECT_TRUE(*steps_->finish(tenant_, token));
  EXPECT_FALSE(*steps_->finish(tenant_, token)) << "of two racing submissions only one wins";
  EXPECT_FALSE(steps_->find(tenant_, "cookie", token)->has_value());
}

TEST_F(SecondStepsTest, ExpiresAfterItsLifetime) {
  auto token = *steps_->start(tenant_, "cookie", step());
  clock_.advance(std::chrono::seconds(SecondSteps::kLifetimeSeconds - 1));
  EXPECT_TRUE(steps_->find(tenant_, "cookie", token)->has_value());
  clock_.advance(1s);
  EXPECT_FALSE(steps_->find(tenant_, "cookie", token)->has_value());
}

TEST_F(SecondStepsTest, AnotherTenantCannotSeeIt) {
  auto other = provision("globex");
  auto token = *steps_->start(tenant_, "cookie", step());
  EXPECT_FALSE(steps_->find(other, "cookie", token)->has_value());
  EXPECT_FALSE(*steps_->finish(other, token));
  EXPECT_TRUE(steps_->find(tenant_, "cookie", token)->has_value());
}

}  // namespace
}  // namespace sigid::testing
