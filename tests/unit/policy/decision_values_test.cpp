// Decision values (kernel/policy/decision_values.*): what allow/deny/step_up
// return. The decision is read from its options when the helper is called and
// kept on the C++ side; Lua holds a handle it can read but not change.

#include <gtest/gtest.h>

#include "policy/lua_sandbox.hpp"
#include "unit/policy/policy_test_support.hpp"

namespace sigid::policy {
namespace {

using testing::sampleInput;
using testing::testLimits;

std::unique_ptr<LuaSandbox> sandboxOf(const std::string& source) {
  auto sandbox = LuaSandbox::create(testLimits(), {{"p", source}});
  EXPECT_TRUE(sandbox.ok()) << (sandbox.ok() ? "" : sandbox.error().description());
  return sandbox.ok() ? std::move(*sandbox) : nullptr;
}

PolicyOutcome runOnce(const std::string& source) { return sandboxOf(source)->run(0, AttachPoint::Check, sampleInput()); }

std::string firstReason(const PolicyOutcome& outcome) { return outcome.reasons.empty() ? "" : outcome.reasons[0]; }

TEST(DecisionValues, PoliciesReadADecisionsFields) {
  auto outcome = runOnce(R"(
function check(input)
  local d = allow{scopes = {"openid", "email"}, reason = "why", rule = "r", claims = {tier = "gold", n = 2},
                  approval_required = true}
  local s = step_up("urn:sigid:acr:mfa", "again")
  local checks = {
    d.decision == "allow", d.reason == "why", d.rule == "r", d.line == 3, d.approval_required == true,
    table.concat(d.scopes, ",") == "openid,email", #d.reasons == 1, d.claims.tier == "gold", d.claims.n == 2,
    d.acr == nil, d.nothing == nil, s.decision == "step_up", s.acr == "urn:sigid:acr:mfa", s.reason == "again",
    deny().reason == nil, deny().scopes == nil, type(d) == "userdata", tostring(d) == "decision: allow",
    getmetatable(d) == "decision",
  }
  for i, ok in ipairs(checks) do if not ok then return deny("check " .. i) end end
  return d
end)");
  ASSERT_EQ(outcome.verdict, Verdict::Allow) << firstReason(outcome);
  EXPECT_EQ(outcome.obligations.scopes, (std::vector<std::string>{"openid", "email"}));
  EXPECT_EQ(outcome.obligations.claims.toJson(), R"({"n":2,"tier":"gold"})");
  EXPECT_TRUE(outcome.obligations.approval_required);
  EXPECT_EQ(outcome.line, 3);
}

TEST(DecisionValues, AreSnapshotsOfTheirOptions) {
  auto outcome = runOnce(R"(
function check(input)
  local opts = {scopes = {"openid"}, reason = "first"}
  local d = allow(opts)
  opts.scopes[2] = "admin:write"
  opts.scopes = {"everything"}
  opts.reason = "changed"
  local copy = d.scopes
  copy[1] = "tampered"
  return d
end)");
  ASSERT_EQ(outcome.verdict, Verdict::Allow) << firstReason(outcome);
  EXPECT_EQ(outcome.obligations.scopes, std::vector<std::string>{"openid"});
  EXPECT_EQ(firstReason(outcome), "first");
}

TEST(DecisionValues, CannotBeChanged) {
  auto outcome = runOnce(R"(
function check(input)
  local d = deny("no")
  d.decision = "allow"
  return d
end)");
  EXPECT_EQ(outcome.verdict, Verdict::Deny);
  EXPECT_EQ(outcome.fault, Fault::Error);
  EXPECT_NE(firstReason(outcome).find("decisions are read-only"), std::string::npos) << firstReason(outcome);
}

TEST(DecisionValues, MadeAtTopLevelServeEveryCall) {
  auto sandbox = sandboxOf(R"(
local BLOCKED = deny{reason = "blocked network", rule = "networks"}
local FINE = allow{scopes = {"openid"}}
function check(input)
  if input.context.ip == "192.0.2.10" then return BLOCKED end
  return FINE
end)");
  ASSERT_NE(sandbox, nullptr);
  for (int i = 0; i < 3; ++i) {
    auto outcome = sandbox->run(0, AttachPoint::Check, sampleInput());
    EXPECT_EQ(outcome.verdict, Verdict::Deny);
    EXPECT_EQ(firstReason(outcome), "blocked network");
    EXPECT_EQ(outcome.rule, "networks");
    EXPECT_EQ(outcome.line, 2);
  }
  PolicyValue elsewhere = sampleInput();
  PolicyValue context = PolicyValue::object();
  context.set("ip", "198.51.100.1");
  elsewhere.set("context", std::move(context));
  auto outcome = sandbox->run(0, AttachPoint::Check, elsewhere);
  EXPECT_EQ(outcome.verdict, Verdict::Allow);
  EXPECT_EQ(outcome.obligations.scopes, std::vector<std::string>{"openid"});
}

TEST(DecisionValues, InvalidOptionsDenyOnlyWhenReturned) {
  auto returned = runOnce("function check(input) return allow{scopes = 5} end");
  EXPECT_EQ(returned.verdict, Verdict::Deny);
  EXPECT_EQ(returned.fault, Fault::InvalidDecision);
  EXPECT_NE(firstReason(returned).find("field 'scopes' must be a list of strings"), std::string::npos)
      << firstReason(returned);

  auto reserved = runOnce("function check(input) return allow{claims = {sub = 'someone-else'}} end");
  EXPECT_EQ(reserved.fault, Fault::InvalidDecision);
  EXPECT_NE(firstReason(reserved).find("claim 'sub' is reserved"), std::string::npos) << firstReason(reserved);

  auto dropped = runOnce("function check(input) local bad = allow{scopes = {1, 2}} return deny('fine') end");
  EXPECT_EQ(dropped.verdict, Verdict::Deny);
  EXPECT_EQ(dropped.fault, Fault::None);
  EXPECT_EQ(firstReason(dropped), "fine");

  auto wrong_type = runOnce("function check(input) return allow(42) end");
  EXPECT_EQ(wrong_type.fault, Fault::Error);
  EXPECT_NE(firstReason(wrong_type).find("expected a reason string or an options table"), std::string::npos);
}

TEST(DecisionValues, MadeInCoroutinesAndRuleTablesArePassedOn) {
  auto outcome = runOnce(R"(
local RULES = {
  function(input) if input.action == "delete" then return deny("no deletes") end end,
  function(input) return coroutine.wrap(function() coroutine.yield(allow{rule = "from-a-coroutine"}) end)() end,
}
function check(input)
  for _, rule in ipairs(RULES) do
    local d = rule(input)
    if d and d.decision ~= "allow" then return d end
    if d then return d end
  end
end)");
  ASSERT_EQ(outcome.verdict, Verdict::Allow) << firstReason(outcome);
  EXPECT_EQ(outcome.rule, "from-a-coroutine");
}

TEST(DecisionValues, ReasonsComeFirstThenTheReasonsList) {
  auto outcome = runOnce("function check(input) return deny{reasons = {'b', 'c'}, reason = 'a'} end");
  EXPECT_EQ(outcome.reasons, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(DecisionValues, DecisionTablesStillWork) {
  auto outcome = runOnce(R"(function check(input) return {decision = "allow", scopes = {"openid"}, reason = "raw"} end)");
  ASSERT_EQ(outcome.verdict, Verdict::Allow) << firstReason(outcome);
  EXPECT_EQ(outcome.obligations.scopes, std::vector<std::string>{"openid"});
  EXPECT_EQ(firstReason(outcome), "raw");
}

// Each call starts with no decisions: a state used many times keeps no
// garbage from earlier calls, and its memory use stays where it was.
TEST(DecisionValues, AreReleasedWithTheirCall) {
  auto sandbox = sandboxOf(R"(
function check(input)
  for i = 1, 200 do local d = allow{reason = string.rep("x", 1000)} end
  return allow("done")
end)");
  ASSERT_NE(sandbox, nullptr);
  for (int i = 0; i < 50; ++i) {
    auto outcome = sandbox->run(0, AttachPoint::Check, sampleInput());
    ASSERT_EQ(outcome.verdict, Verdict::Allow) << firstReason(outcome);
    ASSERT_EQ(outcome.fault, Fault::None);
  }
}

}  // namespace
}  // namespace sigid::policy
