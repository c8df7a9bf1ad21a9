#include "policy/policy_helpers.hpp"

#include <cstring>
#include <string_view>

#include "policy/decision_values.hpp"
#include "policy/frozen_mirror.hpp"
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

int helperAllow(lua_State* L) { return pushNewDecision(L, Verdict::Allow, lua_gettop(L) >= 1 ? 1 : 0, 0); }
int helperDeny(lua_State* L) { return pushNewDecision(L, Verdict::Deny, lua_gettop(L) >= 1 ? 1 : 0, 0); }

int helperStepUp(lua_State* L) {
  luaL_checkstring(L, 1);
  return pushNewDecision(L, Verdict::StepUp, lua_gettop(L) >= 2 ? 2 : 0, 1);
}

// Lists may be Lua tables, frozen top-level tables or input proxies. The
// general path reads through lua_geti/luaL_len, which honour every metamethod;
// input arrays, mirrored frozen lists (frozen_mirror.hpp) and plain (frozen or
// not) tables are read directly, which gives the same items without a
// metamethod call per item.
bool listContains(lua_State* L, int list, int value) {
  if (lua_type(L, list) == LUA_TTABLE) {
    if (const FrozenMirror::List* mirrored = guardOf(L).frozen.list(lua_topointer(L, list))) {
      if (lua_type(L, value) != LUA_TSTRING) return false;  // mirrored lists hold only strings
      const std::string_view wanted = viewAt(L, value);
      for (const std::string_view item : mirrored->items)
        if (item == wanted) return true;
      return false;
    }
  }
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
  if (lua_type(L, list) == LUA_TTABLE) raw = lua_getmetatable(L, list) ? plainFrozenContentsIndex(L, list) : list;
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

// Lists up to this long are compared item by item: for the few scopes a
// request carries that is several times cheaper than building hash sets
// (three tables and their rehashes per call). Longer lists take the hash
// path, whose cost grows linearly, so no list can make a helper quadratic.
constexpr int kSmallList = 16;

// One item of a short list. Strings are compared by their bytes: Lua interns
// short strings, so equal ones usually share a pointer and memcmp only runs
// for equal lengths; other values are compared with lua_rawequal on the stack.
struct ListItem {
  const char* text;  // nullptr: not a string
  std::size_t len;
  int at;            // stack slot holding the value; 0 when it is not on the stack:
  int table;         // then the stack slot of the table holding it at `index` (a mirrored frozen list),
  int index;         // or 0 for an input string (pushed from `text` when needed)
  bool nil;
};

bool hasValue(const ListItem& item) { return item.at != 0 || item.table != 0; }

void pushItem(lua_State* L, const ListItem& item) {
  if (item.at != 0) lua_pushvalue(L, item.at);
  else if (item.table != 0) lua_rawgeti(L, item.table, item.index);
  else lua_pushlstring(L, item.text, item.len);
}

// The items of a mirrored frozen list: its contents pushed once, no per-item
// API call. -1 (nothing pushed) when it is longer than kSmallList.
int readMirroredList(lua_State* L, const FrozenMirror::List& list, ListItem* items) {
  if (list.items.size() > static_cast<std::size_t>(kSmallList)) return -1;
  lua_rawgeti(L, LUA_REGISTRYINDEX, list.contents_ref);
  const int contents = lua_gettop(L);
  int n = 0;
  for (const std::string_view text : list.items) {
    items[n] = ListItem{text.data(), text.size(), 0, contents, n + 1, false};
    ++n;
  }
  return n;
}

// The items of the list at `list` (nil: none), read as cheaply as its kind
// allows: input arrays straight from the tree (their strings are not pushed,
// so not interned, unless they are kept), plain and frozen tables with raw
// reads. Returns how many, or -1 (stack as it was) when the list is longer
// than kSmallList or is a table with a metatable of its own, which takes the
// general path so its metamethods are honoured.
int readSmallList(lua_State* L, int list, ListItem* items) {
  const int type = lua_type(L, list);
  if (type == LUA_TNIL) return 0;
  if (type == LUA_TUSERDATA) {
    const PolicyValue* node = liveInputNodeAt(L, list);
    if (node == nullptr) return -1;
    if (!node->isArray()) return 0;
    const auto& array = node->asArray();
    if (array.size() > static_cast<std::size_t>(kSmallList)) return -1;
    luaL_checkstack(L, static_cast<int>(array.size()), "scope lists");
    const std::uint64_t generation = guardOf(L).generation;
    int n = 0;
    for (const auto& value : array) {
      ListItem& item = items[n++];
      item.nil = value.isNull();
      item.table = 0;
      if (value.isString()) {
        item.text = value.asString().data();
        item.len = value.asString().size();
        item.at = 0;
      } else {
        item.text = nullptr;
        pushInputValue(L, value, generation);
        item.at = lua_gettop(L);
      }
    }
    return n;
  }
  if (type != LUA_TTABLE) return -1;
  if (const FrozenMirror::List* mirrored = guardOf(L).frozen.list(lua_topointer(L, list)))
    return readMirroredList(L, *mirrored, items);
  const int top = lua_gettop(L);
  int raw = list;
  if (lua_getmetatable(L, list)) {
    lua_settop(L, top);
    raw = plainFrozenContentsIndex(L, list);
    if (raw == 0) {
      lua_settop(L, top);
      return -1;
    }
  }
  const lua_Unsigned n = lua_rawlen(L, raw);
  if (n > static_cast<lua_Unsigned>(kSmallList)) {
    lua_settop(L, top);
    return -1;
  }
  luaL_checkstack(L, static_cast<int>(n) + 1, "scope lists");
  int at = lua_gettop(L);
  for (lua_Unsigned i = 1; i <= n; ++i) {
    ListItem& item = items[i - 1];
    const int item_type = lua_rawgeti(L, raw, static_cast<lua_Integer>(i));
    item.at = ++at;
    item.table = 0;
    item.nil = item_type == LUA_TNIL;
    item.text = item_type == LUA_TSTRING ? lua_tolstring(L, at, &item.len) : nullptr;
  }
  return static_cast<int>(n);
}

bool sameItem(lua_State* L, const ListItem& x, const ListItem& y) {
  if (x.text != nullptr && y.text != nullptr)
    return x.text == y.text || (x.len == y.len && std::memcmp(x.text, y.text, x.len) == 0);
  if (x.text != nullptr || y.text != nullptr) return false;
  return lua_rawequal(L, x.at, y.at) != 0;
}

// Adds `x` to kept[0, count) unless it is nil or an equal item is there;
// false when that would take the list past `capacity`.
bool keepDistinct(lua_State* L, ListItem* kept, int& count, int capacity, const ListItem& x) {
  if (x.nil) return true;
  for (int j = 0; j < count; ++j)
    if (sameItem(L, kept[j], x)) return true;
  if (count == capacity) return false;
  kept[count++] = x;
  return true;
}

// A new list of the items, pushed.
void pushList(lua_State* L, const ListItem* items, int count) {
  lua_createtable(L, count, 0);
  for (int j = 0; j < count; ++j) {
    pushItem(L, items[j]);
    lua_rawseti(L, -2, j + 1);
  }
}

// setOperation for short lists; false (stack as it was) when a list is longer
// or has a metatable of its own.
bool smallSetOperation(lua_State* L, SetOp op) {
  const int base = lua_gettop(L);
  ListItem items[2 * kSmallList];
  const int na = readSmallList(L, 1, items);
  if (na < 0) return false;
  ListItem* b = items + na;
  const int nb = readSmallList(L, 2, b);
  if (nb < 0) {
    lua_settop(L, base);
    return false;
  }
  // kept[j]: the item emitted j-th; source[j]: the equal item whose stack slot
  // is pushed (for an unpushed input string, its match in the other list).
  const ListItem* kept[2 * kSmallList];
  const ListItem* source[2 * kSmallList];
  int count = 0;
  auto emit = [&](const ListItem& x, const ListItem* match) {
    if (x.nil) return;
    for (int j = 0; j < count; ++j)
      if (sameItem(L, *kept[j], x)) return;
    kept[count] = &x;
    source[count++] = hasValue(x) || match == nullptr ? &x : match;
  };
  auto matchInB = [&](const ListItem& x) -> const ListItem* {
    for (int j = 0; j < nb; ++j)
      if (sameItem(L, x, b[j])) return &b[j];
    return nullptr;
  };
  for (int i = 0; i < na; ++i) {
    if (op == SetOp::Union) {
      emit(items[i], nullptr);
      continue;
    }
    const ListItem* match = matchInB(items[i]);
    if ((match != nullptr) == (op == SetOp::Intersect)) emit(items[i], match);
  }
  if (op == SetOp::Union)
    for (int j = 0; j < nb; ++j) emit(b[j], nullptr);
  lua_createtable(L, count, 0);
  for (int j = 0; j < count; ++j) {
    pushItem(L, *source[j]);
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

// scopes.for_roles for any lists and maps (metamethods honoured, any length):
// a seen-set beside the result, so the cost stays linear.
void forRolesGeneral(lua_State* L, int roles, int map) {
  lua_newtable(L);
  const int seen = lua_gettop(L);
  lua_newtable(L);
  const int result = lua_gettop(L);
  lua_Integer out = 0;
  const lua_Integer n = luaL_len(L, roles);
  for (lua_Integer i = 1; i <= n; ++i) {
    if (lua_geti(L, roles, i) == LUA_TNIL || lua_gettable(L, map) == LUA_TNIL) {
      lua_pop(L, 1);
      continue;
    }
    const int list = lua_gettop(L);
    const lua_Integer m = luaL_len(L, list);
    for (lua_Integer j = 1; j <= m; ++j) {
      if (lua_geti(L, list, j) != LUA_TNIL) {
        lua_pushvalue(L, -1);
        if (lua_rawget(L, seen) == LUA_TNIL) {
          lua_pushvalue(L, -2);
          lua_pushboolean(L, 1);
          lua_rawset(L, seen);
          lua_pushvalue(L, -2);
          lua_rawseti(L, result, ++out);
        }
        lua_pop(L, 1);
      }
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
}

// The fast path: short role lists and scope lists (input, plain or frozen),
// a plain or frozen map. False (stack as it was) when anything is otherwise.
bool forRolesSmall(lua_State* L, int roles, int map) {
  constexpr int kMaxScopes = 4 * kSmallList;
  const int base = lua_gettop(L);
  ListItem role_items[kSmallList];
  const int nroles = readSmallList(L, roles, role_items);
  int raw_map = map;
  if (nroles >= 0 && lua_getmetatable(L, map)) {
    lua_pop(L, 1);
    raw_map = plainFrozenContentsIndex(L, map);
  }
  if (nroles < 0 || raw_map == 0) {
    lua_settop(L, base);
    return false;
  }
  // items[0, count) are the scopes kept so far; each role's list is read in
  // after them, and its new scopes are moved down to extend the kept run.
  ListItem items[kMaxScopes + kSmallList];
  int count = 0;
  for (int r = 0; r < nroles; ++r) {
    const ListItem& role = role_items[r];
    if (role.nil) continue;
    luaL_checkstack(L, kSmallList + 4, "scope lists");
    if (role.at != 0) lua_pushvalue(L, role.at);
    else lua_pushlstring(L, role.text, role.len);
    if (lua_rawget(L, raw_map) == LUA_TNIL) continue;  // a role without scopes grants none
    const int start = count;
    const int n = readSmallList(L, lua_gettop(L), items + start);
    if (n < 0) {
      lua_settop(L, base);
      return false;
    }
    for (int i = 0; i < n; ++i) {
      if (!keepDistinct(L, items, count, kMaxScopes, ListItem(items[start + i]))) {
        lua_settop(L, base);
        return false;
      }
    }
  }
  pushList(L, items, count);
  return true;
}

// The fastest path, for a mirrored frozen map (ROLE_SCOPES at top level): roles
// are looked up and their lists read on the C++ side. False (stack as it was)
// when the map is not mirrored or a role's entry is not a mirrored list.
bool forRolesMirrored(lua_State* L, int roles, int map) {
  const FrozenMirror& frozen = guardOf(L).frozen;
  const FrozenMirror::Map* mirrored = frozen.map(lua_topointer(L, map));
  if (mirrored == nullptr) return false;
  constexpr int kMaxScopes = 4 * kSmallList;
  const int base = lua_gettop(L);
  ListItem role_items[kSmallList];
  const int nroles = readSmallList(L, roles, role_items);
  if (nroles < 0 || !lua_checkstack(L, kSmallList + 1)) {
    lua_settop(L, base);
    return false;
  }
  ListItem kept[kMaxScopes];
  int count = 0;
  for (int r = 0; r < nroles; ++r) {
    const ListItem& role = role_items[r];
    if (role.text == nullptr) continue;  // the map's keys are all strings: nothing for other values
    const auto entry = mirrored->entries.find(std::string_view(role.text, role.len));
    if (entry == mirrored->entries.end()) continue;  // a role without scopes grants none
    const FrozenMirror::List* list = frozen.list(entry->second);
    if (list == nullptr) {
      lua_settop(L, base);
      return false;
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, list->contents_ref);
    const int contents = lua_gettop(L);
    int index = 0;
    for (const std::string_view text : list->items) {
      if (!keepDistinct(L, kept, count, kMaxScopes, ListItem{text.data(), text.size(), 0, contents, ++index, false})) {
        lua_settop(L, base);
        return false;
      }
    }
  }
  pushList(L, kept, count);
  return true;
}

// scopes.for_roles(roles, role_scopes): the scopes the roles grant, i.e. the
// union of role_scopes[role] over roles, in first-seen order. Roles the map
// does not name grant nothing; a nil list or map grants nothing.
int scopesForRoles(lua_State* L) {
  lua_settop(L, 2);
  if (lua_isnil(L, 1) || lua_isnil(L, 2)) {
    lua_createtable(L, 0, 0);
    return 1;
  }
  luaL_checktype(L, 2, LUA_TTABLE);
  if (forRolesMirrored(L, 1, 2) || forRolesSmall(L, 1, 2)) return 1;
  forRolesGeneral(L, 1, 2);
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
                                {"union", scopesUnion},       {"minus", scopesMinus},   {"for_roles", scopesForRoles},
                                {nullptr, nullptr}};
  luaL_newlib(L, functions);
}

}  // namespace sigid::policy
