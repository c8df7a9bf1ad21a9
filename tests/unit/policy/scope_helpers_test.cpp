// scopes.for_roles and the fast paths of the scope helpers: input lists,
// mirrored frozen lists and maps (kernel/policy/frozen_mirror.*), plain and
// metatable'd tables all give the same answers.

#include <gtest/gtest.h>

#include "policy/lua_sandbox.hpp"
#include "unit/policy/policy_test_support.hpp"

namespace sigid::policy {
namespace {

using testing::sampleInput;
using testing::testLimits;

std::string firstReason(const PolicyOutcome& outcome) { return outcome.reasons.empty() ? "" : outcome.reasons[0]; }

// Runs `source` (a policy whose check handler returns allow or deny with a
// reason naming the failed check) three times on one state.
void expectAllows(const std::string& source) {
  auto sandbox = LuaSandbox::create(testLimits(), {{"p", source}});
  ASSERT_TRUE(sandbox.ok()) << sandbox.error().description();
  for (int i = 0; i < 3; ++i) {
    auto outcome = (*sandbox)->run(0, AttachPoint::Check, sampleInput());
    EXPECT_EQ(outcome.verdict, Verdict::Allow) << firstReason(outcome);
  }
}

// A handler prelude: same(list, "a,b") compares a list with a comma-joined string.
const std::string kSame = R"(
local function same(list, expected)
  return table.concat(list, ",") == expected
end
)";

TEST(ForRoles, UnitesTheRolesScopesInFirstSeenOrder) {
  expectAllows(kSame + R"(
local ROLE_SCOPES = {
  admin = {"openid", "admin:read", "admin:write"},
  support = {"openid", "profile", "admin:read"},
  viewer = {"openid", "profile"},
  guest = {},
}
function check(input)
  -- input.subject.roles is {"support", "viewer"}
  if not same(scopes.for_roles(input.subject.roles, ROLE_SCOPES), "openid,profile,admin:read") then return deny("input roles") end
  if not same(scopes.for_roles({"viewer", "admin"}, ROLE_SCOPES), "openid,profile,admin:read,admin:write") then return deny("lua roles") end
  if not same(scopes.for_roles({"nobody", "guest", 7, "viewer"}, ROLE_SCOPES), "openid,profile") then return deny("unknown roles") end
  if not same(scopes.for_roles({"admin", "admin"}, ROLE_SCOPES), "openid,admin:read,admin:write") then return deny("repeated role") end
  if #scopes.for_roles(nil, ROLE_SCOPES) ~= 0 or #scopes.for_roles({"admin"}, nil) ~= 0 then return deny("nil") end
  if #scopes.for_roles(input.subject.missing, ROLE_SCOPES) ~= 0 then return deny("absent input list") end
  local granted = scopes.for_roles({"viewer"}, ROLE_SCOPES)
  granted[#granted + 1] = "mine"  -- a new list, the policy's to change
  if not same(ROLE_SCOPES.viewer, "openid,profile") then return deny("result aliases the map") end
  return allow()
end)");
}

TEST(ForRoles, GivesTheSameAnswersForMapsBuiltInTheCallWithMetatablesOrLongLists) {
  expectAllows(kSame + R"(
local LONG = {}
for i = 1, 40 do LONG[i] = "s" .. i end
local WITH_LONG = {many = LONG, few = {"s1", "x"}}
function check(input)
  local local_map = {support = {"a", "b"}, viewer = {"b", "c"}}
  if not same(scopes.for_roles(input.subject.roles, local_map), "a,b,c") then return deny("call-time map") end
  local virtual = setmetatable({}, {__index = function(t, role) return {role .. ":read"} end})
  if not same(scopes.for_roles({"x", "y", "x"}, virtual), "x:read,y:read") then return deny("__index map") end
  local long = scopes.for_roles({"few", "many"}, WITH_LONG)
  if #long ~= 41 or long[1] ~= "s1" or long[2] ~= "x" or long[41] ~= "s40" then return deny("long lists") end
  local many_roles = {}
  for i = 1, 30 do many_roles[i] = (i % 2 == 0) and "few" or "many" end
  if #scopes.for_roles(many_roles, WITH_LONG) ~= 41 then return deny("many roles") end
  return allow()
end)");
}

TEST(ForRoles, RefusesAMapThatIsNotATable) {
  auto sandbox = LuaSandbox::create(testLimits(), {{"p", "function check(input) return allow{scopes = scopes.for_roles({'a'}, 'nope')} end"}});
  ASSERT_TRUE(sandbox.ok());
  auto outcome = (*sandbox)->run(0, AttachPoint::Check, sampleInput());
  EXPECT_EQ(outcome.fault, Fault::Error);
  EXPECT_NE(firstReason(outcome).find("table expected"), std::string::npos) << firstReason(outcome);
}

// The set functions read mirrored frozen lists, plain tables and input lists
// on their fast paths; results are fresh lists that keep the first list's order.
TEST(ScopeSets, AgreeAcrossListKinds) {
  expectAllows(kSame + R"(
local A = {"openid", "profile", "email"}
local EMPTY = {}
local MIXED = {"openid", 1, true}
function check(input)
  local a = {"openid", "profile", "email"}
  -- input.requested_scopes is {"openid", "profile", "admin:write"}
  for _, list in ipairs({A, a}) do
    if not same(scopes.intersect(input.requested_scopes, list), "openid,profile") then return deny("intersect") end
    if not same(scopes.intersect(list, input.requested_scopes), "openid,profile") then return deny("intersect reversed") end
    if not same(scopes.union(list, input.requested_scopes), "openid,profile,email,admin:write") then return deny("union") end
    if not same(scopes.minus(list, input.requested_scopes), "email") then return deny("minus") end
    if not contains(list, "email") or contains(list, "admin:write") then return deny("contains") end
  end
  if #scopes.union(EMPTY, EMPTY) ~= 0 or not same(scopes.union(EMPTY, A), "openid,profile,email") then return deny("empty") end
  if contains(A, 1) or not contains(MIXED, 1) or not contains(MIXED, true) then return deny("contains non-strings") end
  local m = scopes.union(MIXED, {1, "x"})
  if #m ~= 4 or m[2] ~= 1 or m[3] ~= true or m[4] ~= "x" then return deny("mixed values") end
  local r = scopes.intersect(A, {"email"})
  r[2] = "mine"
  if not same(A, "openid,profile,email") then return deny("result aliases a frozen list") end
  return allow()
end)");
}

}  // namespace
}  // namespace sigid::policy
