#include "policy/policy_engine.hpp"

#include <gtest/gtest.h>

#include "unit/policy/policy_test_support.hpp"

namespace sigid::policy {
namespace {

using testing::sampleInput;
using testing::setOf;
using testing::testLimits;
using testing::unit;

class RecordingObserver final : public DecisionObserver {
 public:
  void shadowCompared(const ShadowComparison& c) override {
    comparisons.push_back(c.agreed);
    tallies.record(c);
  }
  void decided(AttachPoint, const Decision& d) override { decisions.push_back(d.verdict); }
  std::vector<bool> comparisons;
  std::vector<Verdict> decisions;
  ShadowTallies tallies;
};

const char* kAllowAll = "function check(input) return allow('ok') end";
const char* kDenyAll = "function check(input) return deny('tenant says no') end";

TEST(PolicyEngine, NoPolicyMeansTheTenantDefault) {
  PolicyEngine engine(testLimits(), std::nullopt);
  auto denied = engine.evaluate(setOf("t1", {}), AttachPoint::Check, sampleInput());
  EXPECT_EQ(denied.verdict, Verdict::Deny);
  EXPECT_EQ(denied.decided_by, "default");
  auto allowed = engine.evaluate(setOf("t1", {}, Verdict::Allow), AttachPoint::Check, sampleInput());
  EXPECT_EQ(allowed.verdict, Verdict::Allow);
  // Abstaining policies leave the default in charge too.
  auto abstained = engine.evaluate(setOf("t1", {unit("quiet", "function check() end")}, Verdict::Allow),
                                   AttachPoint::Check, sampleInput());
  EXPECT_EQ(abstained.verdict, Verdict::Allow);
  EXPECT_EQ(abstained.decided_by, "default");
}

TEST(PolicyEngine, WithoutATenantChoiceProtocolPointsAllowAndCheckUsesThePlatformDefault) {
  PolicyEngine engine(testLimits(), std::nullopt, nullptr, Verdict::Deny);
  auto unset = setOf("t1", {}, std::nullopt);
  EXPECT_EQ(engine.evaluate(unset, AttachPoint::Token, sampleInput()).verdict, Verdict::Allow);
  EXPECT_EQ(engine.evaluate(unset, AttachPoint::Signin, sampleInput()).verdict, Verdict::Allow);
  EXPECT_EQ(engine.evaluate(unset, AttachPoint::Check, sampleInput()).verdict, Verdict::Deny);
  EXPECT_EQ(engine.evaluate(unset, AttachPoint::Admin, sampleInput()).verdict, Verdict::Deny);
  // A tenant that chose deny gets deny everywhere.
  EXPECT_EQ(engine.evaluate(setOf("t1", {}, Verdict::Deny), AttachPoint::Token, sampleInput()).verdict, Verdict::Deny);
}

TEST(PolicyEngine, DenyWinsOverAllowWhateverTheOrder) {
  PolicyEngine engine(testLimits(), std::nullopt);
  for (auto order : {std::vector{unit("a", kAllowAll), unit("d", kDenyAll)},
                     std::vector{unit("d", kDenyAll), unit("a", kAllowAll)}}) {
    auto decision = engine.evaluate(setOf("t1", order), AttachPoint::Check, sampleInput());
    EXPECT_EQ(decision.verdict, Verdict::Deny);
    EXPECT_EQ(decision.decided_by, "d");
    EXPECT_EQ(decision.reasons, std::vector<std::string>{"tenant says no"});
  }
}

TEST(PolicyEngine, BaselineDenyCannotBeOverridden) {
  PolicyEngine engine(testLimits(),
                      unit("baseline", "function check(input) if input.subject.id == 'u-123' then "
                                       "return deny('blocked by the platform') end end"));
  auto decision = engine.evaluate(setOf("t1", {unit("a", kAllowAll)}), AttachPoint::Check, sampleInput());
  EXPECT_EQ(decision.verdict, Verdict::Deny);
  EXPECT_EQ(decision.decided_by, "baseline");
  ASSERT_EQ(decision.evaluations.size(), 1u);  // tenant policies never ran
}

TEST(PolicyEngine, StepUpBeatsAllowButNotDeny) {
  PolicyEngine engine(testLimits(), std::nullopt);
  auto step = unit("mfa", "function check() return step_up('urn:sigid:acr:mfa') end");
  auto decision = engine.evaluate(setOf("t1", {unit("a", kAllowAll), step}), AttachPoint::Check, sampleInput());
  EXPECT_EQ(decision.verdict, Verdict::StepUp);
  EXPECT_EQ(decision.acr, "urn:sigid:acr:mfa");
  decision = engine.evaluate(setOf("t1", {step, unit("d", kDenyAll)}), AttachPoint::Check, sampleInput());
  EXPECT_EQ(decision.verdict, Verdict::Deny);
}

TEST(PolicyEngine, AllowObligationsMerge) {
  PolicyEngine engine(testLimits(), std::nullopt);
  auto a = unit("a", "function check() return allow{scopes = {'openid', 'profile', 'email'}, claims = {x = 1}} end");
  auto b = unit("b", "function check() return allow{scopes = {'profile', 'openid'}, claims = {x = 2, y = 3}} end");
  auto decision = engine.evaluate(setOf("t1", {a, b}), AttachPoint::Check, sampleInput());
  EXPECT_EQ(decision.verdict, Verdict::Allow);
  EXPECT_EQ(decision.obligations.scopes, (std::vector<std::string>{"openid", "profile"}));
  EXPECT_EQ(decision.obligations.claims.toJson(), R"({"x":1,"y":3})");
}

TEST(PolicyEngine, ExplainRecordsEveryEvaluation) {
  PolicyEngine engine(testLimits(), std::nullopt);
  auto decision = engine.evaluate(setOf("t1", {unit("a", kAllowAll, 3), unit("quiet", "function check() end")}),
                                  AttachPoint::Check, sampleInput());
  ASSERT_EQ(decision.evaluations.size(), 2u);
  EXPECT_EQ(decision.decided_by, "a");
  EXPECT_EQ(decision.decided_version, 3);
  EXPECT_EQ(decision.decided_line, 1);
  EXPECT_EQ(decision.evaluations[1].outcome.verdict, Verdict::Abstain);
}

TEST(PolicyEngine, StatesAreReusedAndFaultedStatesDiscarded) {
  PolicyEngine engine(testLimits(), std::nullopt);
  auto set = setOf("t1", {unit("a", kAllowAll)});
  engine.evaluate(set, AttachPoint::Check, sampleInput());
  EXPECT_EQ(engine.idleStates(), 1u);
  engine.evaluate(set, AttachPoint::Check, sampleInput());
  EXPECT_EQ(engine.idleStates(), 1u);
  auto broken = setOf("t2", {unit("boom", "function check() error('boom') end")});
  engine.evaluate(broken, AttachPoint::Check, sampleInput());
  EXPECT_EQ(engine.idleStates(), 1u);  // t2's state was not kept
  engine.forgetTenant("t1");
  EXPECT_EQ(engine.idleStates(), 0u);
}

TEST(PolicyEngine, ShadowCandidatesAreComparedButNeverDecide) {
  RecordingObserver observer;
  PolicyEngine engine(testLimits(), std::nullopt, &observer);
  auto set = setOf("t1", {unit("p", kAllowAll, 1)});
  set.shadows.push_back(ShadowUnit{unit("p", kDenyAll, 2), 0});
  set.fingerprint = fingerprintOf(set);
  auto decision = engine.evaluate(set, AttachPoint::Check, sampleInput());
  EXPECT_EQ(decision.verdict, Verdict::Allow);
  ASSERT_EQ(observer.comparisons, std::vector<bool>{false});
  auto tally = observer.tallies.get("t1", "id-p", 2);
  EXPECT_EQ(tally.disagreed, 1u);
  ASSERT_EQ(tally.recent.size(), 1u);
  EXPECT_EQ(tally.recent[0].active, "allow");
  EXPECT_EQ(tally.recent[0].candidate, "deny");
  EXPECT_EQ(tally.recent[0].candidate_reason, "tenant says no");

  auto agreeing = setOf("t1", {unit("p", kAllowAll, 1)});
  agreeing.shadows.push_back(ShadowUnit{unit("p", kAllowAll, 3), 0});
  agreeing.fingerprint = fingerprintOf(agreeing);
  engine.evaluate(agreeing, AttachPoint::Check, sampleInput());
  EXPECT_EQ(observer.tallies.get("t1", "id-p", 3).agreed, 1u);
}

TEST(PolicyEngine, AFaultingShadowCandidateDoesNotChangeTheDecision) {
  RecordingObserver observer;
  PolicyEngine engine(testLimits(), std::nullopt, &observer);
  auto set = setOf("t1", {unit("p", kAllowAll, 1)});
  set.shadows.push_back(ShadowUnit{unit("p", "function check() while true do end end", 2), 0});
  set.fingerprint = fingerprintOf(set);
  auto decision = engine.evaluate(set, AttachPoint::Check, sampleInput());
  EXPECT_EQ(decision.verdict, Verdict::Allow);
  EXPECT_EQ(observer.comparisons, std::vector<bool>{false});
}

TEST(PolicyEngine, TenantsNeverShareState) {
  PolicyEngine engine(testLimits(), std::nullopt);
  auto writer = unit("w", "function check() marker = 'from A'; return allow() end");
  auto reader = unit("r", "function check() if marker then return deny('saw ' .. marker) end return allow() end");
  // Same policy id and version in two tenants: still two compiled states.
  auto a = setOf("tenant-a", {writer, reader});
  auto b = setOf("tenant-b", {reader});
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(engine.evaluate(a, AttachPoint::Check, sampleInput()).verdict, Verdict::Allow);
    EXPECT_EQ(engine.evaluate(b, AttachPoint::Check, sampleInput()).verdict, Verdict::Allow);
  }
}

}  // namespace
}  // namespace sigid::policy
