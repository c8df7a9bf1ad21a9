#include "policy/cached_policy_evaluator.hpp"

#include <gtest/gtest.h>

#include "unit/policy/policy_test_support.hpp"

namespace sigid::policy {
namespace {

using testing::sampleInput;
using testing::setOf;
using testing::testLimits;
using testing::unit;

class FixedSource final : public PolicySetSource {
 public:
  explicit FixedSource(TenantPolicySet set) : set_(std::move(set)) {}
  core::Result<TenantPolicySet> load(const store::TenantScope&) override { return set_; }

 private:
  TenantPolicySet set_;
};

TEST(CachedPolicyEvaluator, BuildsTheInputOnlyWhenAPolicyWillRun) {
  PolicyEngine engine(testLimits(), std::nullopt);
  const TenantRef tenant{core::TenantId(core::Uuid::v7()), 1};
  int built = 0;
  auto build = [&] {
    ++built;
    return sampleInput();
  };

  FixedSource empty(setOf(tenant.id.str(), {}, Verdict::Allow));
  CachedPolicyEvaluator without_policies(engine, empty);
  auto by_default = without_policies.evaluate(tenant, AttachPoint::Token, build);
  ASSERT_TRUE(by_default.ok());
  EXPECT_EQ(by_default->verdict, Verdict::Allow);
  EXPECT_EQ(built, 0);  // the token hot path pays nothing for a tenant without policies

  FixedSource one(setOf(tenant.id.str(), {unit("deny", "function token(input) return deny('no') end")}));
  CachedPolicyEvaluator with_policy(engine, one);
  auto denied = with_policy.evaluate(tenant, AttachPoint::Token, build);
  ASSERT_TRUE(denied.ok());
  EXPECT_EQ(denied->verdict, Verdict::Deny);
  EXPECT_EQ(built, 1);
}

TEST(CachedPolicyEvaluator, BaselineAloneStillGetsTheInput) {
  PolicyEngine engine(testLimits(), unit("baseline", "function token(input) return deny('baseline') end"));
  const TenantRef tenant{core::TenantId(core::Uuid::v7()), 1};
  FixedSource empty(setOf(tenant.id.str(), {}, Verdict::Allow));
  CachedPolicyEvaluator evaluator(engine, empty);
  int built = 0;
  auto decision = evaluator.evaluate(tenant, AttachPoint::Token, [&] {
    ++built;
    return sampleInput();
  });
  ASSERT_TRUE(decision.ok());
  EXPECT_EQ(decision->verdict, Verdict::Deny);
  EXPECT_EQ(built, 1);
}

}  // namespace
}  // namespace sigid::policy
