#include "policy/lua_value_reader.hpp"

#include <algorithm>

#include "policy/frozen_table.hpp"
#include "policy/input_proxy.hpp"

namespace sigid::policy {
namespace {

constexpr int kMaxClaimDepth = 4;
constexpr std::size_t kMaxReasons = 16;
constexpr std::size_t kMaxTextBytes = 1024;  // reasons and rule names are for people, not payloads

bool rawString(lua_State* L, int table, const char* key, std::string& out, bool& present, std::string& error) {
  lua_pushstring(L, key);
  lua_rawget(L, table);
  present = !lua_isnil(L, -1);
  bool ok = true;
  if (present) {
    if (lua_type(L, -1) != LUA_TSTRING) {
      error = std::string("field '") + key + "' must be a string";
      ok = false;
    } else {
      std::size_t len = 0;
      const char* text = lua_tolstring(L, -1, &len);
      out.assign(text, len < kMaxTextBytes ? len : kMaxTextBytes);
    }
  }
  lua_pop(L, 1);
  return ok;
}

bool readTable(lua_State* L, int index, int depth, bool empty_as_object, PolicyValue& out, std::string& error) {
  index = lua_absindex(L, index);
  const lua_Unsigned n = lua_rawlen(L, index);
  std::size_t keys = 0;
  bool all_strings = true;
  lua_pushnil(L);
  while (lua_next(L, index) != 0) {
    ++keys;
    if (lua_type(L, -2) != LUA_TSTRING) all_strings = false;
    lua_pop(L, 1);
  }
  if (keys == 0) {
    out = empty_as_object ? PolicyValue::object() : PolicyValue::array();
    return true;
  }
  if (n > 0 && keys == n) {
    PolicyValue::Array items;
    items.reserve(n);
    for (lua_Unsigned i = 1; i <= n; ++i) {
      lua_rawgeti(L, index, static_cast<lua_Integer>(i));
      PolicyValue item;
      bool ok = readLuaValue(L, -1, depth - 1, empty_as_object, item, error);
      lua_pop(L, 1);
      if (!ok) return false;
      items.push_back(std::move(item));
    }
    out = PolicyValue(std::move(items));
    return true;
  }
  if (!all_strings) {
    error = "a table must be a list or have only string keys";
    return false;
  }
  PolicyValue::Object members;
  lua_pushnil(L);
  while (lua_next(L, index) != 0) {
    std::size_t len = 0;
    const char* key = lua_tolstring(L, -2, &len);  // a string key: converting it cannot disturb lua_next
    PolicyValue value;
    if (!readLuaValue(L, -1, depth - 1, empty_as_object, value, error)) {
      lua_pop(L, 2);
      return false;
    }
    members.emplace_back(std::string(key, len), std::move(value));
    lua_pop(L, 1);
  }
  // Sorted: table traversal order is arbitrary, and equal decisions must compare
  // (and print) equal in shadow mode and explain output.
  std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  out = PolicyValue(std::move(members));
  return true;
}

// A plain table holding only strings at 1..n, read straight into `out`; false
// (and nothing read) for anything else, which then takes the general path.
bool readPlainStringList(lua_State* L, int list, std::vector<std::string>& out) {
  list = lua_absindex(L, list);
  const bool frozen = pushFrozenContents(L, list);
  if (frozen) list = lua_gettop(L);
  const lua_Unsigned n = lua_rawlen(L, list);
  bool ok = n > 0;
  std::vector<std::string> items;
  if (ok) {
    items.reserve(n);
    for (lua_Unsigned i = 1; i <= n && ok; ++i) {
      ok = lua_rawgeti(L, list, static_cast<lua_Integer>(i)) == LUA_TSTRING;
      if (ok) {
        std::size_t len = 0;
        const char* text = lua_tolstring(L, -1, &len);
        items.emplace_back(text, len);
      }
      lua_pop(L, 1);
    }
  }
  if (ok) {  // and nothing but 1..n: a hash key would make it something else
    lua_pushnil(L);
    std::size_t keys = 0;
    while (lua_next(L, list) != 0) {
      lua_pop(L, 1);
      if (++keys > n) {
        lua_pop(L, 1);  // the key: traversal stops here
        ok = false;
        break;
      }
    }
  }
  if (frozen) lua_pop(L, 1);
  if (ok) out = std::move(items);
  return ok;
}

bool readStringList(lua_State* L, int table, const char* key, std::optional<std::vector<std::string>>& out,
                    std::string& error) {
  lua_pushstring(L, key);
  lua_rawget(L, table);
  std::vector<std::string> plain;
  if (lua_type(L, -1) == LUA_TTABLE && readPlainStringList(L, -1, plain)) {
    out = std::move(plain);
    lua_pop(L, 1);
    return true;
  }
  bool ok = true;
  if (!lua_isnil(L, -1)) {
    PolicyValue value;
    ok = readLuaValue(L, -1, 2, false, value, error);
    if (ok && lua_type(L, -1) == LUA_TSTRING) value = PolicyValue::Array{value};
    if (ok && !value.isArray()) ok = false;
    std::vector<std::string> items;
    if (ok) {
      for (const auto& item : value.asArray()) {
        if (!item.isString()) {
          ok = false;
          break;
        }
        items.push_back(item.asString());
      }
    }
    if (ok) out = std::move(items);
    else error = std::string("field '") + key + "' must be a list of strings";
  }
  lua_pop(L, 1);
  return ok;
}

}  // namespace

bool readLuaValue(lua_State* L, int index, int max_depth, bool empty_as_object, PolicyValue& out, std::string& error) {
  if (max_depth < 0) {
    error = "value nested too deeply";
    return false;
  }
  if (!lua_checkstack(L, 4)) {
    error = "value nested too deeply";
    return false;
  }
  switch (lua_type(L, index)) {
    case LUA_TNIL: out = PolicyValue(); return true;
    case LUA_TBOOLEAN: out = PolicyValue(static_cast<bool>(lua_toboolean(L, index))); return true;
    case LUA_TNUMBER:
      if (lua_isinteger(L, index)) out = PolicyValue(static_cast<std::int64_t>(lua_tointeger(L, index)));
      else out = PolicyValue(static_cast<double>(lua_tonumber(L, index)));
      return true;
    case LUA_TSTRING: {
      std::size_t len = 0;
      const char* text = lua_tolstring(L, index, &len);
      out = PolicyValue(std::string(text, len));
      return true;
    }
    case LUA_TTABLE:
      if (pushFrozenContents(L, index)) {  // a top-level table: what the policy sees is its hidden contents
        const bool ok = readTable(L, -1, max_depth, empty_as_object, out, error);
        lua_pop(L, 1);
        return ok;
      }
      return readTable(L, index, max_depth, empty_as_object, out, error);
    case LUA_TUSERDATA:
      if (const PolicyValue* node = inputNodeAt(L, index)) {
        out = *node;
        return true;
      }
      [[fallthrough]];
    default: error = std::string("a ") + lua_typename(L, lua_type(L, index)) + " cannot be part of a decision"; return false;
  }
}

namespace {

bool readDecisionTable(lua_State* L, int index, PolicyOutcome& out, std::string& error);

}  // namespace

bool readOutcome(lua_State* L, int index, PolicyOutcome& out, std::string& error) {
  index = lua_absindex(L, index);
  if (!lua_checkstack(L, 8)) {
    error = "out of stack space reading the decision";
    return false;
  }
  if (pushFrozenContents(L, index)) {  // a decision built at top level and returned as is
    const bool ok = readDecisionTable(L, lua_gettop(L), out, error);
    lua_pop(L, 1);
    return ok;
  }
  return readDecisionTable(L, index, out, error);
}

namespace {

bool readDecisionTable(lua_State* L, int index, PolicyOutcome& out, std::string& error) {
  if (lua_isnil(L, index)) {
    out.verdict = Verdict::Abstain;
    return true;
  }
  if (lua_type(L, index) != LUA_TTABLE) {
    error = std::string("handler returned a ") + luaL_typename(L, index) +
            "; return allow(), deny(...), step_up(...) or nil";
    return false;
  }
  std::string decision;
  bool present = false;
  if (!rawString(L, index, "decision", decision, present, error)) return false;
  if (decision == "allow") out.verdict = Verdict::Allow;
  else if (decision == "deny") out.verdict = Verdict::Deny;
  else if (decision == "step_up") out.verdict = Verdict::StepUp;
  else {
    error = "field 'decision' must be \"allow\", \"deny\" or \"step_up\"";
    return false;
  }
  if (!rawString(L, index, "acr", out.acr, present, error)) return false;
  if (out.verdict == Verdict::StepUp && out.acr.empty()) {
    error = "step_up needs the acr to reach";
    return false;
  }
  if (!rawString(L, index, "rule", out.rule, present, error)) return false;
  std::string reason;
  if (!rawString(L, index, "reason", reason, present, error)) return false;
  if (present) out.reasons.push_back(reason);
  std::optional<std::vector<std::string>> reasons;
  if (!readStringList(L, index, "reasons", reasons, error)) return false;
  if (reasons)
    for (auto& r : *reasons)
      if (out.reasons.size() < kMaxReasons) out.reasons.push_back(r.substr(0, kMaxTextBytes));
  if (!readStringList(L, index, "scopes", out.obligations.scopes, error)) return false;

  lua_pushliteral(L, "claims");
  lua_rawget(L, index);
  if (!lua_isnil(L, -1)) {
    PolicyValue claims;
    bool ok = readLuaValue(L, -1, kMaxClaimDepth, true, claims, error);
    lua_pop(L, 1);
    if (!ok) return false;
    if (!claims.isObject()) {
      error = "field 'claims' must be a table of claim names to values";
      return false;
    }
    for (const auto& [name, value] : claims.asObject()) {
      if (isReservedClaim(name)) {
        error = "claim '" + name.substr(0, 64) + "' is reserved and cannot be set by a policy";
        return false;
      }
    }
    out.obligations.claims = std::move(claims);
  } else {
    lua_pop(L, 1);
  }

  lua_pushliteral(L, "approval_required");
  lua_rawget(L, index);
  out.obligations.approval_required = lua_toboolean(L, -1);
  lua_pop(L, 1);
  lua_pushliteral(L, "line");
  lua_rawget(L, index);
  out.line = lua_isinteger(L, -1) ? static_cast<int>(lua_tointeger(L, -1)) : 0;
  lua_pop(L, 1);
  return true;
}

}  // namespace

}  // namespace sigid::policy
