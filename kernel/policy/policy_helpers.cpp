#include "policy/policy_helpers.hpp"

#include <cstring>
#include <string_view>

#include "policy/frozen_table.hpp"
#include "policy/input_proxy.hpp"
#include "policy/network_match.hpp"
#include "policy/sandbox_guard.hpp"
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
    // Options built at top level are frozen: their fields are in the hidden contents.
    const int fields = pushFrozenContents(L, opts) ? lua_gettop(L) : opts;
    lua_pushnil(L);
    while (lua_next(L, fields) != 0) {  // a shallow copy: later writes to opts change nothing
      lua_pushvalue(L, -2);
      lua_insert(L, -2);
      lua_rawset(L, result);
    }
    if (fields != opts) lua_pop(L, 1);
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

// Lists may be Lua tables, frozen top-level tables or input proxies. The
// general path reads through lua_geti/luaL_len, which honour every metamethod;
// input arrays and plain (frozen or not) tables are read directly, which gives
// the same items without a metamethod call per item.
bool listContains(lua_State* L, int list, int value) {
  if (const PolicyValue* node = liveInputNodeAt(L, list)) {
    if (!node->isArray()) return false;  // an input object has length 0
    if (lua_type(L, value) == LUA_TSTRING) {
      const std::string_view wanted = viewAt(L, value);
      for (const auto& item : node->asArray())
        if (item.isString() && item.asString() == wanted) return true;
      return false;
    }
  }
  const int top = lua_gettop(L);
  int raw = 0;
  if (pushPlainFrozenContents(L, list)) raw = lua_gettop(L);
  else if (lua_type(L, list) == LUA_TTABLE && !lua_getmetatable(L, list)) raw = list;
  if (raw == 0) lua_settop(L, top);
  if (raw != 0) {
    const lua_Unsigned n = lua_rawlen(L, raw);
    bool found = false;
    for (lua_Unsigned i = 1; i <= n && !found; ++i) {
      lua_rawgeti(L, raw, static_cast<lua_Integer>(i));
      found = lua_rawequal(L, -1, value);
      lua_pop(L, 1);
    }
    lua_settop(L, top);
    return found;
  }
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

// Lists up to this long are compared item by item on the stack: for the few
// scopes a request carries that is several times cheaper than building hash
// sets (three tables and their rehashes per call). Longer lists take the hash
// path, whose cost grows linearly, so no list can make a helper quadratic.
constexpr lua_Integer kSmallList = 16;

// Pushes the items of the list at `list` (nil: none) and returns how many, or
// -1 with nothing pushed when it has more than kSmallList. Input arrays and
// plain tables are read directly (see listContains).
int pushSmallList(lua_State* L, int list) {
  if (lua_isnil(L, list)) return 0;
  if (const PolicyValue* node = liveInputNodeAt(L, list)) {
    if (!node->isArray()) return 0;
    const auto& items = node->asArray();
    if (items.size() > static_cast<std::size_t>(kSmallList)) return -1;
    luaL_checkstack(L, static_cast<int>(items.size()), "scope lists");
    const std::uint64_t generation = guardOf(L).generation;
    for (const auto& item : items) pushInputValue(L, item, generation);
    return static_cast<int>(items.size());
  }
  const int top = lua_gettop(L);
  int raw = 0;
  if (pushPlainFrozenContents(L, list)) raw = lua_gettop(L);
  else if (lua_type(L, list) == LUA_TTABLE && !lua_getmetatable(L, list)) raw = list;
  else lua_settop(L, top);
  const lua_Integer n = raw != 0 ? static_cast<lua_Integer>(lua_rawlen(L, raw)) : luaL_len(L, list);
  if (n > kSmallList) {
    lua_settop(L, top);
    return -1;
  }
  luaL_checkstack(L, static_cast<int>(n) + 1, "scope lists");
  for (lua_Integer i = 1; i <= n; ++i) {
    if (raw != 0) lua_rawgeti(L, raw, i);
    else lua_geti(L, list, i);
  }
  if (raw != 0 && raw != list) lua_remove(L, raw);  // the frozen contents, below the items
  return n > 0 ? static_cast<int>(n) : 0;
}

// setOperation for short lists: both lists' items are pushed, the result is
// built from stack positions. False (nothing pushed) when a list is longer.
bool smallSetOperation(lua_State* L, SetOp op) {
  const int base = lua_gettop(L);
  const int na = pushSmallList(L, 1);
  if (na < 0) return false;
  const int a_items = base + 1;
  const int b_items = lua_gettop(L) + 1;
  const int nb = pushSmallList(L, 2);
  if (nb < 0) {
    lua_settop(L, base);
    return false;
  }
  // Items are compared as strings where they are strings (scopes are): Lua
  // interns short strings, so equal ones usually share a pointer and the
  // memcmp only runs for equal lengths; other values go through lua_rawequal.
  struct Item {
    int at;
    const char* text;  // nullptr: not a string
    std::size_t len;
  };
  Item items[2 * kSmallList];
  for (int at = a_items; at < b_items + nb; ++at) {
    Item& item = items[at - a_items];
    item.at = at;
    item.len = 0;
    item.text = lua_type(L, at) == LUA_TSTRING ? lua_tolstring(L, at, &item.len) : nullptr;
  }
  auto same = [&](const Item& x, const Item& y) {
    if (x.text != nullptr && y.text != nullptr)
      return x.text == y.text || (x.len == y.len && std::memcmp(x.text, y.text, x.len) == 0);
    if ((x.text == nullptr) != (y.text == nullptr)) return false;
    return lua_rawequal(L, x.at, y.at) != 0;
  };
  const Item* a = items;
  const Item* b = items + na;
  auto inB = [&](const Item& x) {
    for (int j = 0; j < nb; ++j)
      if (same(x, b[j])) return true;
    return false;
  };
  int kept[2 * kSmallList];
  int count = 0;
  auto emit = [&](int index) {
    const Item& x = items[index];
    if (lua_isnil(L, x.at)) return;
    for (int j = 0; j < count; ++j)
      if (same(items[kept[j]], x)) return;
    kept[count++] = index;
  };
  for (int i = 0; i < na; ++i) {
    if (op == SetOp::Union || inB(a[i]) == (op == SetOp::Intersect)) emit(i);
  }
  if (op == SetOp::Union)
    for (int j = 0; j < nb; ++j) emit(na + j);
  lua_createtable(L, count, 0);
  for (int j = 0; j < count; ++j) {
    lua_pushvalue(L, items[kept[j]].at);
    lua_rawseti(L, -2, j + 1);
  }
  return true;
}

// Keeps the order of the first list, then (for union) of the second; no duplicates.
int setOperation(lua_State* L, SetOp op) {
  lua_settop(L, 2);
  if (smallSetOperation(L, op)) return 1;
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
