// A policy's top level runs once per state; what it built is frozen and its
// handlers are called directly (kernel/policy/frozen_table.*,
// upvalue_write_check.*). These tests pin what policies can still do and what
// can no longer carry over from one call to the next. The hostile suite
// (hostile/*.lua) attacks the same surface from inside Lua.

#include <gtest/gtest.h>

#include "policy/lua_sandbox.hpp"
#include "unit/policy/policy_test_support.hpp"

namespace sigid::policy {
namespace {

using testing::sampleInput;
using testing::testLimits;

std::unique_ptr<LuaSandbox> sandboxOf(std::vector<ChunkSource> chunks) {
  auto sandbox = LuaSandbox::create(testLimits(), chunks);
  EXPECT_TRUE(sandbox.ok()) << (sandbox.ok() ? "" : sandbox.error().description());
  return sandbox.ok() ? std::move(*sandbox) : nullptr;
}

std::string firstReason(const PolicyOutcome& outcome) { return outcome.reasons.empty() ? "" : outcome.reasons[0]; }

TEST(TopLevelFreeze, HandlersReadTopLevelTablesThroughHelpers) {
  auto sandbox = sandboxOf({{"p", R"(
local ROLE_SCOPES = {support = {"openid", "admin:read"}, viewer = {"openid", "profile"}}
function token(input)
  local granted = {}
  for _, role in ipairs(input.subject.roles) do granted = scopes.union(granted, ROLE_SCOPES[role] or {}) end
  return allow{scopes = scopes.intersect(input.requested_scopes, granted)}
end)"}});
  ASSERT_NE(sandbox, nullptr);
  for (int i = 0; i < 3; ++i) {
    auto outcome = sandbox->run(0, AttachPoint::Token, sampleInput());
    ASSERT_EQ(outcome.verdict, Verdict::Allow) << firstReason(outcome);
    EXPECT_EQ(outcome.obligations.scopes, (std::vector<std::string>{"openid", "profile"}));
  }
}

TEST(TopLevelFreeze, FrozenTablesCanBeReturnedAsDecisionsAndObligations) {
  auto sandbox = sandboxOf({{"whole", R"(
local OK = {decision = "allow", scopes = {"openid"}, claims = {tier = "gold", tags = {"a", "b"}}, rule = "static"}
function check(input) return OK end)"},
                            {"part", R"(
local SCOPES = {"openid", "email"}
function check(input) return allow{scopes = SCOPES} end)"}});
  ASSERT_NE(sandbox, nullptr);
  auto whole = sandbox->run(0, AttachPoint::Check, sampleInput());
  ASSERT_EQ(whole.verdict, Verdict::Allow) << firstReason(whole);
  EXPECT_EQ(whole.rule, "static");
  EXPECT_EQ(whole.obligations.scopes, std::vector<std::string>{"openid"});
  EXPECT_EQ(whole.obligations.claims.toJson(), R"({"tags":["a","b"],"tier":"gold"})");
  auto part = sandbox->run(1, AttachPoint::Check, sampleInput());
  ASSERT_EQ(part.verdict, Verdict::Allow) << firstReason(part);
  EXPECT_EQ(part.obligations.scopes, (std::vector<std::string>{"openid", "email"}));
}

// The helpers read frozen tables and input lists directly (no metamethod call
// per item) and everything else through metamethods: same answers either way.
TEST(TopLevelFreeze, HelpersReadFrozenTablesInputListsAndMetatables) {
  auto sandbox = sandboxOf({{"p", R"(
local OPTS = {reason = "from a frozen table", rule = "frozen-opts"}
local ADMIN = {"admin", "root"}
local SCOPES = {"openid", "email"}
local BIG = {}
for i = 1, 40 do BIG[i] = "s" .. i end
local Virtual = setmetatable({}, {__len = function() return 2 end, __index = function(t, i) return ({"x", "y"})[i] end})
function check(input)
  if not contains(ADMIN, "root") or contains(ADMIN, "nobody") then return deny("contains on a frozen list") end
  if not contains(input.subject.roles, "viewer") or contains(input.subject.roles, "admin") then
    return deny("contains on an input list")
  end
  if not contains(Virtual, "y") then return deny("contains skipped metamethods") end
  local u = scopes.union(SCOPES, input.requested_scopes)
  if table.concat(u, ",") ~= "openid,email,profile,admin:write" then return deny("union: " .. table.concat(u, ",")) end
  if table.concat(scopes.intersect(Virtual, {"y", "z"}), ",") ~= "y" then return deny("intersect skipped metamethods") end
  if table.concat(scopes.minus(input.requested_scopes, SCOPES), ",") ~= "profile,admin:write" then return deny("minus") end
  local big = scopes.union(BIG, {"s1", "new"})
  if #big ~= 41 or big[41] ~= "new" or not scopes.any(big, {"nope", "s40"}) then return deny("long lists") end
  return allow(OPTS)
end)"}});
  ASSERT_NE(sandbox, nullptr);
  auto outcome = sandbox->run(0, AttachPoint::Check, sampleInput());
  ASSERT_EQ(outcome.verdict, Verdict::Allow) << firstReason(outcome);
  EXPECT_EQ(firstReason(outcome), "from a frozen table");
  EXPECT_EQ(outcome.rule, "frozen-opts");
}

TEST(TopLevelFreeze, TopLevelMetatablesKeepTheirMetamethods) {
  auto sandbox = sandboxOf({{"p", R"(
local Money = {}
Money.__index = Money
Money.__eq = function(a, b) return a.cents == b.cents end
Money.__tostring = function(m) return m.cents .. "c" end
function Money.new(cents) return setmetatable({cents = cents}, Money) end
function Money:double() return Money.new(self.cents * 2) end
local LIMIT = Money.new(500)
local Doubler = setmetatable({}, {__call = function(self, x) return x * 2 end, __len = function() return 7 end})
local Defaults = setmetatable({}, {__index = function(t, k) return "default " .. k end})
function check(input)
  local per_call = Money.new(250):double()
  if not (per_call == LIMIT) then return deny("__eq lost") end
  if tostring(LIMIT) ~= "500c" or tostring(per_call) ~= "500c" then return deny("__tostring lost") end
  if Doubler(21) ~= 42 or #Doubler ~= 7 then return deny("__call or __len lost") end
  if Defaults.color ~= "default color" then return deny("function __index lost") end
  if getmetatable(per_call) ~= Money or getmetatable(LIMIT) ~= Money then return deny("metatable identity lost") end
  return allow()
end)"}});
  ASSERT_NE(sandbox, nullptr);
  for (int i = 0; i < 2; ++i) {
    auto outcome = sandbox->run(0, AttachPoint::Check, sampleInput());
    EXPECT_EQ(outcome.verdict, Verdict::Allow) << firstReason(outcome);
  }
}

TEST(TopLevelFreeze, ClosuresMayWriteTheirHandlersLocals) {
  auto sandbox = sandboxOf({{"p", R"(
local STEP = 2
function check(input)
  local total = 0
  local function add() total = total + STEP end
  local function twice() local function inner() add() end inner() inner() end
  twice()
  return allow(tostring(total))
end)"}});
  ASSERT_NE(sandbox, nullptr);
  for (int i = 0; i < 2; ++i) {
    auto outcome = sandbox->run(0, AttachPoint::Check, sampleInput());
    ASSERT_EQ(outcome.verdict, Verdict::Allow) << firstReason(outcome);
    EXPECT_EQ(firstReason(outcome), "4");
  }
}

TEST(TopLevelFreeze, UploadRefusesFunctionsAssigningTopLevelLocalsWithTheLine) {
  auto counter = checkPolicySyntax("p", "local n = 0\nfunction check(input)\n  n = n + 1\n  return allow()\nend\n");
  ASSERT_FALSE(counter.ok());
  EXPECT_EQ(counter.error().code(), core::ErrorCode::InvalidRequest);
  EXPECT_EQ(counter.error().description().rfind("source: line 3: assignment to top-level variable 'n'", 0), 0u)
      << counter.error().description();

  auto deep = checkPolicySyntax("p",
                                "local cache\nfunction check(input)\n  local function f()\n"
                                "    local function g()\n      cache = input\n    end\n    g()\n  end\n  f()\nend\n");
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.error().description().rfind("source: line 5: assignment to top-level variable 'cache'", 0), 0u)
      << deep.error().description();

  // A helper defined at top level and called at top level is refused too: the
  // check cannot tell when a function runs. Documented in docs/policies.md.
  auto helper = checkPolicySyntax("p", "local n = 0\nlocal function bump() n = n + 1 end\nbump()\n");
  ASSERT_FALSE(helper.ok());
  EXPECT_NE(helper.error().description().find("line 2:"), std::string::npos) << helper.error().description();
}

// The check parses Lua's binary chunk format: every constant type, nested
// prototypes, and line numbers that need absolute line info (jumps of more than
// 127 lines) must come out right.
TEST(TopLevelFreeze, UpvalueCheckReadsEveryConstantKindAndFarLines) {
  std::string source =
      "local LONG = 'a constant longer than forty characters, stored as a long string'\n"
      "local F, I, T, N = 1.5, 42, true, nil\n"
      "local count = 0\n"
      "function check(input)\n"
      "  local function inner() return LONG .. F .. I .. tostring(T) .. tostring(N) .. 2^53 .. -0.0 end\n"
      "  return allow(inner())\n"
      "end\n";
  source += std::string(300, '\n');  // lines 8..307 empty
  source += "function bump()\n  local x = {1, 2.5, 'three', false}\n  count = count + #x\nend\n";  // 308..311
  auto checked = checkPolicySyntax("p", source);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().description().rfind("source: line 310: assignment to top-level variable 'count'", 0), 0u)
      << checked.error().description();
}

TEST(TopLevelFreeze, TopLevelAssignmentsReadsAndShadowingAreFine) {
  EXPECT_TRUE(checkPolicySyntax("p", R"(
local n = 0
n = n + 1
for i = 1, 3 do n = n + i end
local function get() return n end
function check(input)
  local n = get() + 1
  local copy = {}
  for i = 1, n do copy[i] = i end
  return allow(tostring(n))
end)").ok());
}

TEST(TopLevelFreeze, ARefusedChunkDeniesWithTheLineAndLeavesTheOthersWorking) {
  auto sandbox = sandboxOf({{"counter", "local n = 0\nfunction check(input)\n  n = n + 1\n  return allow()\nend\n"},
                            {"fine", "function check(input) return allow('fine') end"}});
  ASSERT_NE(sandbox, nullptr);
  auto refused = sandbox->run(0, AttachPoint::Check, sampleInput());
  EXPECT_EQ(refused.fault, Fault::Error);
  EXPECT_EQ(firstReason(refused).rfind("policy refused: counter: line 3: assignment to top-level variable 'n'", 0), 0u)
      << firstReason(refused);
  EXPECT_EQ(sandbox->run(1, AttachPoint::Check, sampleInput()).verdict, Verdict::Allow);
  EXPECT_TRUE(sandbox->healthy());
}

TEST(TopLevelFreeze, ATopLevelFaultAnswersEveryCallWithoutRerunning) {
  auto sandbox = sandboxOf({{"loops", "while true do end\nfunction check() return allow() end"},
                            {"fine", "function check(input) return allow('fine') end"}});
  ASSERT_NE(sandbox, nullptr);
  for (int i = 0; i < 3; ++i) {
    auto outcome = sandbox->run(0, AttachPoint::Check, sampleInput());
    EXPECT_EQ(outcome.fault, Fault::InstructionBudget);
    EXPECT_NE(firstReason(outcome).find("instruction budget exceeded"), std::string::npos);
  }
  EXPECT_TRUE(sandbox->healthy());  // the fault belongs to that chunk; the state itself is fine
  EXPECT_EQ(sandbox->run(1, AttachPoint::Check, sampleInput()).verdict, Verdict::Allow);
}

TEST(TopLevelFreeze, ARuntimeErrorLeavesTheStateHealthyAndClean) {
  auto sandbox = sandboxOf({{"p", R"(
CONFIG = {mode = "strict"}
function check(input)
  if stash ~= nil or CONFIG.mode ~= "strict" then return allow("state from an earlier call") end
  stash = input
  pcall(function() CONFIG.mode = "open" end)
  error("boom")
end)"}});
  ASSERT_NE(sandbox, nullptr);
  for (int i = 0; i < 3; ++i) {
    auto outcome = sandbox->run(0, AttachPoint::Check, sampleInput());
    EXPECT_EQ(outcome.fault, Fault::Error) << firstReason(outcome);
    EXPECT_NE(firstReason(outcome).find("boom"), std::string::npos) << firstReason(outcome);
    EXPECT_TRUE(sandbox->healthy());
  }
}

TEST(TopLevelFreeze, ALimitMakesTheStateUnhealthy) {
  auto sandbox = sandboxOf({{"p", "function check() while true do end end"}});
  ASSERT_NE(sandbox, nullptr);
  EXPECT_EQ(sandbox->run(0, AttachPoint::Check, sampleInput()).fault, Fault::InstructionBudget);
  EXPECT_FALSE(sandbox->healthy());  // the owner (StatePool) discards it
}

TEST(TopLevelFreeze, CoroutinesAndStatefulIteratorsAtTopLevelAreRefused) {
  // Only what stays reachable counts: a top-level local no function uses is gone after loading.
  EXPECT_EQ(sandboxOf({{"p", "local co = coroutine.create(function() end)\nfunction check() return allow() end"}})
                ->run(0, AttachPoint::Check, sampleInput())
                .verdict,
            Verdict::Allow);
  for (const char* source : {"local co = coroutine.create(function() end)\n"
                             "function check() return allow(coroutine.status(co)) end",
                             "local w = coroutine.wrap(function() end)\nfunction check() w() return allow() end",
                             "ITER = string.gmatch('a b', '%a')\nfunction check() return allow() end"}) {
    auto sandbox = sandboxOf({{"p", source}});
    ASSERT_NE(sandbox, nullptr);
    auto outcome = sandbox->run(0, AttachPoint::Check, sampleInput());
    EXPECT_EQ(outcome.fault, Fault::Error) << source;
    EXPECT_EQ(firstReason(outcome).rfind("policy refused: p: the top level keeps", 0), 0u) << firstReason(outcome);
  }
}

TEST(TopLevelFreeze, GlobalsAssignedInACallDoNotReachTheNext) {
  auto sandbox = sandboxOf({{"p", R"(
LEVEL = 1
function check(input)
  local before = tostring(seen) .. "/" .. LEVEL
  seen = true
  LEVEL = LEVEL + 1
  return allow(before .. " -> " .. tostring(seen) .. "/" .. LEVEL)
end)"}});
  ASSERT_NE(sandbox, nullptr);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(firstReason(sandbox->run(0, AttachPoint::Check, sampleInput())), "nil/1 -> true/2");
}

}  // namespace
}  // namespace sigid::policy
