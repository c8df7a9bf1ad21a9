#include "policy/policy_helpers.hpp"

#include <string_view>

#include "policy/network_match.hpp"
#include "policy/time_window.hpp"

// Called from Lua: they may raise Lua errors (longjmp), so only trivially
// destructible objects live in these frames.

namespace sigid::policy {
namespace {

std::string_view viewAt(lua_State* L, int index) {
  std::size_t len = 0;
  const char* text = lua_tolstring(L, index, &len);
  return {text, len};
}

// The decision table: {decision=..., line=<caller's line>, ...opts}.
int makeDecision(lua_State* L, const char* decision, int opts) {
  lua_createtable(L, 0, 6);
  const int result = lua_gettop(L);
  if (opts != 0 && lua_type(L, opts) == LUA_TSTRING) {
    lua_pushvalue(L, opts);
    lua_setfield(L, result, "reason");
  } else if (opts != 0 && lua_type(L, opts) == LUA_TTABLE) {
    lua_pushnil(L);
    while (lua_next(L, opts) != 0) {  // a shallow copy: later writes to opts change nothing
      lua_pushvalue(L, -2);
      lua_insert(L, -2);
      lua_rawset(L, result);
    }
  } else if (opts != 0 && !lua_isnoneornil(L, opts)) {
    return luaL_error(L, "%s: expected a reason string or an options table", decision);
  }
  lua_pushstring(L, decision);
  lua_setfield(L, result, "decision");
  lua_Debug ar;
  if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar) && ar.currentline > 0) {
    lua_pushinteger(L, ar.currentline);
    lua_setfield(L, result, "line");
  }
  return 1;
}

int helperAllow(lua_State* L) { return makeDecision(L, "allow", lua_gettop(L) >= 1 ? 1 : 0); }
int helperDeny(lua_State* L) { return makeDecision(L, "deny", lua_gettop(L) >= 1 ? 1 : 0); }

int helperStepUp(lua_State* L) {
  luaL_checkstring(L, 1);
  makeDecision(L, "step_up", lua_gettop(L) >= 2 ? 2 : 0);
  lua_pushvalue(L, 1);
  lua_setfield(L, -2, "acr");
  return 1;
}

// Lists may be Lua tables or input proxies: read them through lua_geti/luaL_len,
// which honour the proxies' __index and __len.
bool listContains(lua_State* L, int list, int value) {
  const lua_Integer n = luaL_len(L, list);
  for (lua_Integer i = 1; i <= n; ++i) {
    lua_geti(L, list, i);
    const bool equal = lua_rawequal(L, -1, value);
    lua_pop(L, 1);
    if (equal) return true;
  }
  return false;
}

int helperContains(lua_State* L) {
  if (lua_isnoneornil(L, 1)) {
    lua_pushboolean(L, 0);
    return 1;
  }
  lua_pushboolean(L, listContains(L, 1, 2));
  return 1;
}

// scopes.any(list, candidates): true when any candidate is in list.
int scopesAny(lua_State* L) {
  if (lua_isnoneornil(L, 1) || lua_isnoneornil(L, 2)) {
    lua_pushboolean(L, 0);
    return 1;
  }
  const lua_Integer n = luaL_len(L, 2);
  for (lua_Integer i = 1; i <= n; ++i) {
    lua_geti(L, 2, i);
    const bool found = listContains(L, 1, lua_gettop(L));
    lua_pop(L, 1);
    if (found) {
      lua_pushboolean(L, 1);
      return 1;
    }
  }
  lua_pushboolean(L, 0);
  return 1;
}

// A set (value → true) of the list at `list`, pushed on the stack.
void pushSet(lua_State* L, int list) {
  lua_newtable(L);
  if (lua_isnoneornil(L, list)) return;
  const lua_Integer n = luaL_len(L, list);
  for (lua_Integer i = 1; i <= n; ++i) {
    lua_geti(L, list, i);
    if (lua_isnil(L, -1)) {
      lua_pop(L, 1);
      continue;
    }
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);
  }
}

enum class SetOp { Intersect, Union, Minus };

// Keeps the order of the first list, then (for union) of the second; no duplicates.
int setOperation(lua_State* L, SetOp op) {
  lua_settop(L, 2);
  pushSet(L, 2);  // 3: members of b
  lua_newtable(L);  // 4: already emitted
  lua_newtable(L);  // 5: result
  lua_Integer out = 0;
  auto emitFrom = [&](int list, bool filter, bool want_in_b) {
    if (lua_isnil(L, list)) return;
    const lua_Integer n = luaL_len(L, list);
    for (lua_Integer i = 1; i <= n; ++i) {
      lua_geti(L, list, i);
      const int v = lua_gettop(L);
      bool keep = !lua_isnil(L, v);
      if (keep && filter) {
        lua_pushvalue(L, v);
        keep = (lua_rawget(L, 3) != LUA_TNIL) == want_in_b;
        lua_pop(L, 1);
      }
      if (keep) {
        lua_pushvalue(L, v);
        keep = lua_rawget(L, 4) == LUA_TNIL;
        lua_pop(L, 1);
      }
      if (keep) {
        lua_pushvalue(L, v);
        lua_pushboolean(L, 1);
        lua_rawset(L, 4);
        lua_pushvalue(L, v);
        lua_rawseti(L, 5, ++out);
      }
      lua_pop(L, 1);
    }
  };
  switch (op) {
    case SetOp::Intersect: emitFrom(1, true, true); break;
    case SetOp::Minus: emitFrom(1, true, false); break;
    case SetOp::Union:
      emitFrom(1, false, false);
      emitFrom(2, false, false);
      break;
  }
  return 1;
}

int scopesIntersect(lua_State* L) { return setOperation(L, SetOp::Intersect); }
int scopesUnion(lua_State* L) { return setOperation(L, SetOp::Union); }
int scopesMinus(lua_State* L) { return setOperation(L, SetOp::Minus); }

bool cidrContains(lua_State* L, const IpAddress& address, int range) {
  if (lua_type(L, range) != LUA_TSTRING) luaL_error(L, "cidr_match: ranges must be strings like \"10.0.0.0/8\"");
  auto cidr = parseCidr(viewAt(L, range));
  if (!cidr) luaL_error(L, "cidr_match: invalid CIDR range \"%s\"", lua_tostring(L, range));
  return cidr->contains(address);
}

// cidr_match(ip, "10.0.0.0/8") or cidr_match(ip, {"10.0.0.0/8", "2001:db8::/32"}).
// An unparsable address matches nothing; an invalid range is the policy's bug and raises.
int helperCidrMatch(lua_State* L) {
  if (lua_type(L, 1) != LUA_TSTRING) {
    lua_pushboolean(L, 0);
    return 1;
  }
  auto address = parseIp(viewAt(L, 1));
  if (lua_type(L, 2) == LUA_TSTRING) {
    const bool in = address && cidrContains(L, *address, 2);
    lua_pushboolean(L, in);
    return 1;
  }
  const lua_Integer n = luaL_len(L, 2);
  for (lua_Integer i = 1; i <= n; ++i) {
    lua_geti(L, 2, i);
    const bool in = address && cidrContains(L, *address, lua_gettop(L));
    lua_pop(L, 1);
    if (in) {
      lua_pushboolean(L, 1);
      return 1;
    }
  }
  lua_pushboolean(L, 0);
  return 1;
}

// in_time_window(epoch_seconds, {from="09:00", to="17:00", days={"mon",...}, utc_offset="+02:00"})
int helperInTimeWindow(lua_State* L) {
  const lua_Integer when = luaL_checkinteger(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  TimeWindow window;
  for (const char* field : {"from", "to", "utc_offset"}) {
    if (lua_getfield(L, 2, field) != LUA_TNIL) {
      if (lua_type(L, -1) != LUA_TSTRING) luaL_error(L, "in_time_window: '%s' must be a string", field);
      std::string_view text = viewAt(L, -1);
      std::optional<int> value = std::string_view(field) == "utc_offset" ? parseUtcOffset(text) : parseClock(text);
      if (!value) luaL_error(L, "in_time_window: invalid '%s' \"%s\" (HH:MM, offsets as +HH:MM)", field, lua_tostring(L, -1));
      if (field[0] == 'f') window.from_minute = *value;
      else if (field[0] == 't') window.to_minute = *value;
      else window.offset_minutes = *value;
    }
    lua_pop(L, 1);
  }
  if (lua_getfield(L, 2, "days") != LUA_TNIL) {
    window.days = 0;
    const lua_Integer n = luaL_len(L, -1);
    for (lua_Integer i = 1; i <= n; ++i) {
      lua_geti(L, -1, i);
      auto day = lua_type(L, -1) == LUA_TSTRING ? parseWeekday(viewAt(L, -1)) : std::nullopt;
      if (!day) luaL_error(L, "in_time_window: days must be names like \"mon\"");
      window.days = static_cast<std::uint8_t>(window.days | (1u << *day));
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 1);
  lua_pushboolean(L, window.contains(when));
  return 1;
}

}  // namespace

void addPolicyHelpers(lua_State* L, int base) {
  base = lua_absindex(L, base);
  const luaL_Reg helpers[] = {{"allow", helperAllow},
                              {"deny", helperDeny},
                              {"step_up", helperStepUp},
                              {"contains", helperContains},
                              {"cidr_match", helperCidrMatch},
                              {"in_time_window", helperInTimeWindow},
                              {nullptr, nullptr}};
  lua_pushvalue(L, base);
  luaL_setfuncs(L, helpers, 0);
  lua_pop(L, 1);
}

void pushScopeFunctions(lua_State* L) {
  const luaL_Reg functions[] = {{"contains", helperContains}, {"any", scopesAny},       {"intersect", scopesIntersect},
                                {"union", scopesUnion},       {"minus", scopesMinus},   {nullptr, nullptr}};
  luaL_newlib(L, functions);
}

}  // namespace sigid::policy
