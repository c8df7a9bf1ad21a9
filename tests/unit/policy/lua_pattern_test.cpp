// The metered string functions must behave exactly like stock Lua 5.4's:
// each expression runs in a plain, unsandboxed lua_State and in the sandbox,
// and the printed results (including error messages) must be identical.

#include <gtest/gtest.h>

#include <lua.hpp>

#include "policy/lua_sandbox.hpp"
#include "unit/policy/policy_test_support.hpp"

namespace sigid::policy {
namespace {

std::string wrap(const std::string& expression) {
  return "local r = table.pack(pcall(function() return " + expression +
         " end))\n"
         "local out = {}\n"
         "for i = 1, r.n do out[#out + 1] = tostring(r[i]) end\n"
         "return table.concat(out, '|')";
}

std::string stock(const std::string& expression) {
  lua_State* L = luaL_newstate();
  luaL_openlibs(L);
  std::string code = wrap(expression);
  std::string result;
  // Named as LuaSandbox names chunks, so error positions compare equal.
  if (luaL_loadbufferx(L, code.data(), code.size(), "=expr", "t") != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK)
    result = "!";
  result += lua_tostring(L, -1);
  lua_close(L);
  return result;
}

std::string sandboxed(const std::string& expression) {
  auto sandbox = LuaSandbox::create(testing::testLimits(), {});
  if (!sandbox) return "!create";
  auto value = (*sandbox)->evaluateData("expr", wrap(expression));
  if (!value) return "!" + value.error().description();
  return value->isString() ? value->asString() : value->toJson();
}

class MeteredStringFunction : public ::testing::TestWithParam<std::string> {};

TEST_P(MeteredStringFunction, MatchesStockLua) { EXPECT_EQ(sandboxed(GetParam()), stock(GetParam())); }

INSTANTIATE_TEST_SUITE_P(
    Expressions, MeteredStringFunction,
    ::testing::Values(
        R"L(string.find("hello world", "o w"))L",
        R"L(string.find("hello world", "o", 6))L",
        R"L(string.find("abc", "b", -1))L",
        R"L(string.find("abc", "", 10))L",
        R"L(string.find("abc", "", 4))L",
        R"L(string.find("a.b", ".", 1, true))L",
        R"L(string.find("a+b", "+", 1, true))L",
        R"L(string.find("a+b", "%+"))L",
        R"L(("hello"):match("(h)(e)(l+)"))L",
        R"L(string.match("hello", "()ll()"))L",
        R"L(string.match("  key = value  ", "^%s*(%S+)%s*=%s*(%S+)%s*$"))L",
        R"L(string.find("THE (quick) fox", "%((%a+)%)"))L",
        R"L(string.match("x [[inner]] y", "%b[]"))L",
        R"L(string.gsub("THE (quick) fox", "%f[%a]%a+", "W"))L",
        R"L(string.match("2024-01-02", "(%d+)-(%d+)-(%d+)"))L",
        R"L(string.gsub("hello world", "(%w+)", "<%1>"))L",
        R"L(string.gsub("abc", "%w", "%0%0"))L",
        R"L(string.gsub("hello world", "o", "0", 1))L",
        R"L(string.gsub("abc", "", "-"))L",
        R"L(string.gsub("hello", "(l)(l)", "%2%1"))L",
        R"L(string.gsub("$name is $age", "%$(%w+)", {name = "ann", age = 7}))L",
        R"L(string.gsub("a b c", "%a", function(c) if c == "b" then return false end return c:upper() end))L",
        R"L(string.gsub("abc", "b", "%%"))L",
        R"L(string.gsub("abc", "(b)", "%2"))L",
        R"L(string.gsub("abc", "b", "%x"))L",
        R"L(string.gsub("abc", "b", function() return {} end))L",
        R"L(string.gsub("hello", "^h", "H"))L",
        R"L(string.gsub("hello", "()", "%1"))L",
        R"L(string.match("aaa", "(a)%1%1"))L",
        R"L(string.match("x]", "[]]"))L",
        R"L(string.match("x]", "[%]]"))L",
        R"L(string.match("caaab", "ca-b"))L",
        R"L(string.match("hello", "l*"))L",
        R"L(string.match("hello", "^(h?)ello$"))L",
        R"L(string.match("a-z", "[a%-z]+"))L",
        R"L(string.match("Q9", "[^%l]+"))L",
        R"L(string.match("tab\there", "%c"))L",
        R"L(string.match("hello", ".-$"))L",
        R"L(string.match("end$", "d%$"))L",
        R"L(string.match("x$y", "x$y"))L",
        R"L(string.find("abc", "[a"))L",
        R"L(string.find("abc", "%"))L",
        R"L(string.find("abc", "(()"))L",
        R"L(string.find("abc", "a)"))L",
        R"L(string.find("abc", "%1"))L",
        R"L(string.find("abc", "%b"))L",
        R"L(string.find("abc", "%fx"))L",
        R"L((function() local t = {} for k, v in string.gmatch("a=1, b=2", "(%w+)=(%w+)") do t[#t + 1] = k .. v end return table.concat(t, ",") end)())L",
        R"L((function() local t = {} for w in ("one two  three"):gmatch("%a+") do t[#t + 1] = w end return table.concat(t, ",") end)())L",
        R"L((function() local t = {} for w in ("abc"):gmatch("") do t[#t + 1] = "[" .. w .. "]" end return table.concat(t) end)())L",
        R"L((function() local t = {} for p in ("abc"):gmatch("()") do t[#t + 1] = p end return table.concat(t, ",") end)())L",
        R"L((function() local t = {} for w in ("hello world"):gmatch("%a+", 3) do t[#t + 1] = w end return table.concat(t, ",") end)())L",
        R"L(string.rep("ab", 3, ","))L",
        R"L(string.rep("x", 0))L",
        R"L(string.rep("x", -1))L",
        R"L(string.rep("", 5, ""))L",
        R"L(string.rep("ab", 1))L"));

}  // namespace
}  // namespace sigid::policy
