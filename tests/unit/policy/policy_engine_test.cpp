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

TEST(PolicyEngine, StatesAreReusedAndStatesThatHitALimitDiscarded) {
  PolicyEngine engine(testLimits(), std::nullopt);
  auto set = setOf("t1", {unit("a", kAllowAll)});
  engine.evaluate(set, AttachPoint::Check, sampleInput());
  EXPECT_EQ(engine.idleStates(), 1u);
  engine.evaluate(set, AttachPoint::Check, sampleInput());
  EXPECT_EQ(engine.idleStates(), 1u);
  auto erroring = setOf("t2", {unit("boom", "function check() error('boom') end")});
  engine.evaluate(erroring, AttachPoint::Check, sampleInput());
  EXPECT_EQ(engine.idleStates(), 2u);  // an error leaves the state clean: kept
  auto looping = setOf("t3", {unit("loop", "function check() while true do end end")});
  engine.evaluate(looping, AttachPoint::Check, sampleInput());
  EXPECT_EQ(engine.idleStates(), 2u);  // t3's state was not kept
  engine.forgetTenant("t1");
  EXPECT_EQ(engine.idleStates(), 1u);
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

// One pooled state holds all of a tenant's policies, each loaded once: what one
// writes (or tries to) never reaches another, nor the next call.
TEST(PolicyEngine, PoliciesSharingAPooledStateShareNothing) {
  PolicyEngine engine(testLimits(), std::nullopt);
  auto writer = unit("w", R"(
SHARED = {flag = "w"}
function check(input)
  marker = "from w"
  pcall(function() SHARED.flag = "changed" end)
  pcall(function() string.stash = SHARED end)
  return allow()
end)");
  auto reader = unit("r", R"(
SHARED = {flag = "r"}
function check(input)
  if marker ~= nil then return deny("saw marker " .. tostring(marker)) end
  if SHARED.flag ~= "r" then return deny("saw SHARED.flag " .. SHARED.flag) end
  if string.stash ~= nil then return deny("saw string.stash") end
  return allow()
end)");
  auto set = setOf("tenant-a", {writer, reader});
  for (int i = 0; i < 4; ++i) {
    auto decision = engine.evaluate(set, AttachPoint::Check, sampleInput());
    EXPECT_EQ(decision.verdict, Verdict::Allow) << decision.reasons[0];
  }
  EXPECT_EQ(engine.idleStates(), 1u);  // every round reused the same state
}

TEST(PolicyEngine, TenantsRunningTheSamePolicyOnPooledStatesShareNothing) {
  PolicyEngine engine(testLimits(), std::nullopt);
  auto policy = unit("same", R"(
SEEN = {}
function check(input)
  if last_tenant ~= nil then return deny("saw a global from " .. last_tenant) end
  if next(SEEN) ~= nil then return deny("saw a top-level table entry") end
  last_tenant = input.client.id
  if pcall(function() SEEN[input.client.id] = true end) then return deny("wrote a top-level table") end
  return allow()
end)");
  PolicyValue from_a = sampleInput();
  PolicyValue from_b = sampleInput();
  PolicyValue client = PolicyValue::object();
  client.set("id", "tenant-b-app");
  from_b.set("client", client);
  for (int i = 0; i < 3; ++i) {
    auto a = engine.evaluate(setOf("tenant-a", {policy}), AttachPoint::Check, from_a);
    EXPECT_EQ(a.verdict, Verdict::Allow) << a.reasons[0];
    auto b = engine.evaluate(setOf("tenant-b", {policy}), AttachPoint::Check, from_b);
    EXPECT_EQ(b.verdict, Verdict::Allow) << b.reasons[0];
  }
  EXPECT_EQ(engine.idleStates(), 2u);  // one state per tenant, each reused
}

}  // namespace
}  // namespace sigid::policy
