#include "policy/lua_sandbox.hpp"

#include <gtest/gtest.h>

#include "unit/policy/policy_test_support.hpp"

namespace sigid::policy {
namespace {

using testing::sampleInput;
using testing::testLimits;

PolicyOutcome runOnce(const std::string& source, AttachPoint point = AttachPoint::Check,
                      const PolicyValue& input = sampleInput()) {
  auto sandbox = LuaSandbox::create(testLimits(), {{"p", source}});
  EXPECT_TRUE(sandbox.ok()) << (sandbox.ok() ? "" : sandbox.error().description());
  return (*sandbox)->run(0, point, input);
}

TEST(LuaSandbox, AllowDenyAndStepUpCarryReasonsAndLines) {
  auto allow = runOnce("function check(input)\n  return allow('fine')\nend");
  EXPECT_EQ(allow.verdict, Verdict::Allow);
  EXPECT_EQ(allow.reasons, std::vector<std::string>{"fine"});
  EXPECT_EQ(allow.line, 2);

  auto deny = runOnce("function check(input) return deny{reason = 'no', rule = 'r1'} end");
  EXPECT_EQ(deny.verdict, Verdict::Deny);
  EXPECT_EQ(deny.rule, "r1");
  EXPECT_EQ(deny.fault, Fault::None);

  auto step = runOnce("function check(input) return step_up('urn:sigid:acr:mfa', 'admins need MFA') end");
  EXPECT_EQ(step.verdict, Verdict::StepUp);
  EXPECT_EQ(step.acr, "urn:sigid:acr:mfa");
}

TEST(LuaSandbox, NilAndMissingHandlerAbstain) {
  EXPECT_EQ(runOnce("function check(input) end").verdict, Verdict::Abstain);
  auto missing = runOnce("function token(input) return deny('x') end", AttachPoint::Check);
  EXPECT_EQ(missing.verdict, Verdict::Abstain);
  EXPECT_FALSE(missing.handler_found);
}

TEST(LuaSandbox, HandlersAreChosenByAttachPoint) {
  const std::string source =
      "function token(input) return allow() end\n"
      "function check(input) return deny('check') end\n";
  EXPECT_EQ(runOnce(source, AttachPoint::Token).verdict, Verdict::Allow);
  EXPECT_EQ(runOnce(source, AttachPoint::Check).verdict, Verdict::Deny);
}

TEST(LuaSandbox, InputIsReadableAtEveryDepth) {
  auto outcome = runOnce(R"(
    function check(input)
      local s = input.subject
      assert(type(input) == "table" and type(s.roles) == "table")
      assert(s.id == "u-123" and s.auth_age_seconds == 120)
      assert(#s.roles == 2 and s.roles[1] == "support" and s.roles[3] == nil)
      local n = 0
      for _, role in ipairs(s.roles) do n = n + 1 end
      for k, v in pairs(input.client) do n = n + 1 end
      assert(n == 4, n)
      assert(input.subject == input.subject)
      assert(input.nothing == nil and input.subject.nothing == nil)
      return allow()
    end)");
  EXPECT_EQ(outcome.verdict, Verdict::Allow) << (outcome.reasons.empty() ? "" : outcome.reasons[0]);
}

TEST(LuaSandbox, InputIsReadOnlyAtEveryDepth) {
  for (const char* write : {"input.x = 1", "input.subject.id = 'admin'", "input.subject.roles[3] = 'admin'",
                            "input.subject.roles[1] = 'admin'"}) {
    auto outcome = runOnce(std::string("function check(input) ") + write + " return allow() end");
    EXPECT_EQ(outcome.verdict, Verdict::Deny) << write;
    EXPECT_EQ(outcome.fault, Fault::Error) << write;
    ASSERT_FALSE(outcome.reasons.empty());
    EXPECT_NE(outcome.reasons[0].find("input is read-only"), std::string::npos) << outcome.reasons[0];
  }
}

TEST(LuaSandbox, ScopesAndClaimsBecomeObligations) {
  auto outcome = runOnce(R"(
    function check(input)
      local granted = scopes.minus(input.requested_scopes, {"admin:write"})
      return allow{scopes = granted, claims = {department = "support", level = 2, tags = {"a", "b"}},
                   approval_required = true}
    end)");
  ASSERT_EQ(outcome.verdict, Verdict::Allow) << (outcome.reasons.empty() ? "" : outcome.reasons[0]);
  EXPECT_EQ(outcome.obligations.scopes, (std::vector<std::string>{"openid", "profile"}));
  EXPECT_EQ(outcome.obligations.claims.toJson(), R"({"department":"support","level":2,"tags":["a","b"]})");
  EXPECT_TRUE(outcome.obligations.approval_required);
}

TEST(LuaSandbox, InputListsPassStraightIntoObligations) {
  auto outcome = runOnce("function check(input) return allow{scopes = input.requested_scopes} end");
  EXPECT_EQ(outcome.obligations.scopes, (std::vector<std::string>{"openid", "profile", "admin:write"}));
}

TEST(LuaSandbox, ReservedClaimsAreAnInvalidDecision) {
  auto outcome = runOnce("function check(input) return allow{claims = {sub = 'someone-else'}} end");
  EXPECT_EQ(outcome.verdict, Verdict::Deny);
  EXPECT_EQ(outcome.fault, Fault::InvalidDecision);
  EXPECT_NE(outcome.reasons[0].find("claim 'sub' is reserved"), std::string::npos);
}

TEST(LuaSandbox, ReturningSomethingElseIsAnInvalidDecision) {
  for (const char* value : {"42", "'allow'", "{decision = 'maybe'}", "{decision = 'step_up'}", "function() end"}) {
    auto outcome = runOnce(std::string("function check(input) return ") + value + " end");
    EXPECT_EQ(outcome.fault, Fault::InvalidDecision) << value;
    EXPECT_EQ(outcome.verdict, Verdict::Deny) << value;
  }
}

TEST(LuaSandbox, ScopeSetFunctions) {
  auto outcome = runOnce(R"(
    function check(input)
      local a, b = {"x", "y", "z", "x"}, {"y", "w"}
      assert(table.concat(scopes.intersect(a, b), ",") == "y")
      assert(table.concat(scopes.union(a, b), ",") == "x,y,z,w")
      assert(table.concat(scopes.minus(a, b), ",") == "x,z")
      assert(scopes.contains(input.requested_scopes, "openid"))
      assert(not scopes.contains(input.requested_scopes, "email"))
      assert(scopes.any(input.requested_scopes, {"email", "profile"}))
      assert(contains(input.subject.roles, "support") and not contains(nil, "x"))
      return allow()
    end)");
  EXPECT_EQ(outcome.verdict, Verdict::Allow) << (outcome.reasons.empty() ? "" : outcome.reasons[0]);
}

TEST(LuaSandbox, CidrAndTimeWindowHelpers) {
  auto outcome = runOnce(R"(
    function check(input)
      assert(cidr_match(input.context.ip, "192.0.2.0/24"))
      assert(cidr_match("2001:db8::1", {"10.0.0.0/8", "2001:db8::/32"}))
      assert(not cidr_match("2001:db9::1", "2001:db8::/32"))
      assert(not cidr_match("not an ip", "10.0.0.0/8"))
      assert(cidr_match("::ffff:10.1.2.3", "10.0.0.0/8"))
      -- 2026-01-02 10:00 UTC is a Friday
      assert(in_time_window(input.context.time, {days = {"mon","tue","wed","thu","fri"}, from = "09:00", to = "17:00"}))
      assert(not in_time_window(input.context.time, {from = "09:00", to = "17:00", utc_offset = "-08:00"}))
      assert(in_time_window(input.context.time, {from = "22:00", to = "12:00", utc_offset = "+00:00"}))
      assert(not in_time_window(input.context.time, {days = {"sat", "sun"}}))
      return allow()
    end)");
  EXPECT_EQ(outcome.verdict, Verdict::Allow) << (outcome.reasons.empty() ? "" : outcome.reasons[0]);
}

TEST(LuaSandbox, InvalidCidrIsThePolicysError) {
  auto outcome = runOnce("function check(input) return cidr_match('10.0.0.1', '10.0.0.0/33') and allow() end");
  EXPECT_EQ(outcome.fault, Fault::Error);
  EXPECT_NE(outcome.reasons[0].find("invalid CIDR range"), std::string::npos);
}

TEST(LuaSandbox, RuntimeErrorsNameTheLine) {
  auto outcome = runOnce("function check(input)\n  local x = nil\n  return x.y\nend");
  EXPECT_EQ(outcome.fault, Fault::Error);
  EXPECT_NE(outcome.reasons[0].find("p:3:"), std::string::npos) << outcome.reasons[0];
}

TEST(LuaSandbox, OnlyALimitMakesTheSandboxUnhealthy) {
  auto sandbox = LuaSandbox::create(testLimits(), {{"p", "function check(input)\n"
                                                          "  if input.action == 'loop' then while true do end end\n"
                                                          "  error('boom')\nend"}});
  ASSERT_TRUE(sandbox.ok());
  EXPECT_TRUE((*sandbox)->healthy());
  EXPECT_EQ((*sandbox)->run(0, AttachPoint::Check, sampleInput()).fault, Fault::Error);
  EXPECT_TRUE((*sandbox)->healthy());  // nothing shared is writable, so an error leaves nothing behind
  PolicyValue looping = sampleInput();
  looping.set("action", "loop");
  EXPECT_EQ((*sandbox)->run(0, AttachPoint::Check, looping).fault, Fault::InstructionBudget);
  EXPECT_FALSE((*sandbox)->healthy());
}

TEST(LuaSandbox, SyntaxErrorsNameTheLine) {
  auto checked = checkPolicySyntax("p", "function check(input)\n  return allow(\nend\n");
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().code(), core::ErrorCode::InvalidRequest);
  EXPECT_EQ(checked.error().description().rfind("source: line 3:", 0), 0u) << checked.error().description();
}

TEST(LuaSandbox, BytecodeIsRefused) {
  const std::string bytecode = std::string("\x1bLua\x54\x00", 6) + "whatever";
  auto checked = checkPolicySyntax("p", bytecode);
  ASSERT_FALSE(checked.ok());
  EXPECT_NE(checked.error().description().find("binary (precompiled) chunks are not accepted"), std::string::npos);
  auto created = LuaSandbox::create(testLimits(), {{"p", bytecode}});
  EXPECT_FALSE(created.ok());
}

TEST(LuaSandbox, FixtureDataChunksReturnValues) {
  auto sandbox = LuaSandbox::create(testLimits(), {});
  ASSERT_TRUE(sandbox.ok());
  auto value = (*sandbox)->evaluateData("f", "return {cases = {{input = {}}}, n = 1.5}");
  ASSERT_TRUE(value.ok()) << value.error().description();
  ASSERT_NE(value->find("n"), nullptr);
  EXPECT_EQ(value->find("n")->asNumber(), 1.5);
  ASSERT_NE(value->find("cases"), nullptr);
  EXPECT_EQ(value->find("cases")->toJson(), R"([{"input":{}}])");
}

}  // namespace
}  // namespace sigid::policy
