#include "policy/frozen_table.hpp"

#include <cstring>

#include "policy/sandbox_guard.hpp"

// Functions called from Lua may raise Lua errors (longjmp): only trivially
// destructible objects live in their frames.

namespace sigid::policy {
namespace {

// Registry and metatable slots keyed by these addresses: light userdata keys
// cannot be made from Lua, so policies can neither forge nor read them.
char kLibraryTablesKey;  // registry: set of library tables freezing leaves alone
char kHiddenToProxyKey;  // registry: hidden table → its frozen table (for getmetatable)
char kHiddenKey;         // in a frozen table's metatable: the hidden contents
char kVisibleKey;        // in a frozen table's metatable: what getmetatable returns

// Metamethods of a frozen table that never come from the policy's own
// metatable: reading and writing are ours, __gc is refused by setmetatable
// anyway and __mode would let the collector change frozen contents.
bool isReservedMetamethod(const char* name) {
  for (const char* reserved : {"__index", "__newindex", "__metatable", "__gc", "__mode"})
    if (std::strcmp(name, reserved) == 0) return true;
  return false;
}

// Pushes the hidden contents of the frozen table at `index` and returns true;
// pushes nothing and returns false for anything else.
bool pushHidden(lua_State* L, int index) {
  if (lua_type(L, index) != LUA_TTABLE || !lua_getmetatable(L, index)) return false;
  if (lua_rawgetp(L, -1, &kHiddenKey) != LUA_TTABLE) {
    lua_pop(L, 2);
    return false;
  }
  lua_remove(L, -2);
  return true;
}

int frozenNewIndex(lua_State* L) {
  if (lua_type(L, 2) == LUA_TSTRING)
    return luaL_error(L,
                      "attempt to modify frozen top-level table (field '%s'): top-level tables are read-only once "
                      "the policy has loaded; copy into a local table to change it",
                      lua_tostring(L, 2));
  return luaL_error(L,
                    "attempt to modify frozen top-level table: top-level tables are read-only once the policy has "
                    "loaded; copy into a local table to change it");
}

int frozenLen(lua_State* L) {
  if (!pushHidden(L, 1)) return luaL_error(L, "not a frozen table");
  lua_pushinteger(L, static_cast<lua_Integer>(lua_rawlen(L, -1)));
  return 1;
}

// The iterator __pairs returns: next() over the hidden contents, with the
// frozen table (never the hidden one) as the loop's state value.
int frozenNextStep(lua_State* L) {
  lua_settop(L, 2);
  if (!pushHidden(L, 1)) return luaL_error(L, "not a frozen table");
  lua_pushvalue(L, 2);
  if (lua_next(L, 3) != 0) return 2;
  lua_pushnil(L);
  return 1;
}

int frozenPairs(lua_State* L) {
  lua_pushcfunction(L, frozenNextStep);
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

// __index of a frozen table whose own metatable had a function __index: the
// function gets the frozen table, never the hidden one.
int frozenIndexWithFallback(lua_State* L) {
  lua_pushvalue(L, 2);
  if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) return 1;
  lua_pop(L, 1);
  lua_pushvalue(L, lua_upvalueindex(2));
  lua_pushvalue(L, 1);
  lua_pushvalue(L, 2);
  lua_call(L, 2, 1);
  return 1;
}

// __newindex of a frozen environment. Upvalues: 1 its metatable, 2 the frozen
// globals, 3 the metatable of per-call tables ({__index = frozen globals}).
int environmentWrite(lua_State* L) {
  lua_settop(L, 3);
  if (lua_isnil(L, 3) && lua_type(L, 2) == LUA_TSTRING) {
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(2)) != LUA_TNIL)
      return luaL_error(L, "attempt to remove top-level global '%s': top-level globals are read-only once the "
                        "policy has loaded", lua_tostring(L, 2));
    lua_pop(L, 1);
  }
  lua_pushliteral(L, "__index");
  lua_rawget(L, lua_upvalueindex(1));  // 4: where reads go now
  if (lua_rawequal(L, 4, lua_upvalueindex(2))) {  // first write of this call
    lua_pop(L, 1);
    lua_createtable(L, 0, 4);
    lua_pushvalue(L, lua_upvalueindex(3));
    lua_setmetatable(L, -2);
    lua_pushliteral(L, "__index");
    lua_pushvalue(L, 4);
    lua_rawset(L, lua_upvalueindex(1));
    guardOf(L).globals_written = true;
  }
  lua_pushvalue(L, 2);
  lua_pushvalue(L, 3);
  lua_rawset(L, 4);  // a nil or NaN key raises, as for any table
  return 0;
}

int sandboxRawget(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checkany(L, 2);
  lua_settop(L, 2);
  if (!pushHidden(L, 1)) {
    lua_rawget(L, 1);
    return 1;
  }
  // 3: hidden. An environment that was written this call reads the call's table first.
  lua_getmetatable(L, 1);
  lua_pushliteral(L, "__index");
  lua_rawget(L, 4);
  if (lua_type(L, 5) == LUA_TTABLE && !lua_rawequal(L, 5, 3)) {
    lua_pushvalue(L, 2);
    if (lua_rawget(L, 5) != LUA_TNIL) return 1;
    lua_pop(L, 1);
  }
  lua_pushvalue(L, 2);
  lua_rawget(L, 3);
  return 1;
}

int sandboxRawlen(lua_State* L) {
  const int type = lua_type(L, 1);
  luaL_argexpected(L, type == LUA_TTABLE || type == LUA_TSTRING, 1, "table or string");
  if (pushHidden(L, 1)) lua_replace(L, 1);
  lua_pushinteger(L, static_cast<lua_Integer>(lua_rawlen(L, 1)));
  return 1;
}

int sandboxNext(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 2);
  if (pushHidden(L, 1)) lua_replace(L, 1);
  if (lua_next(L, 1) != 0) return 2;
  lua_pushnil(L);
  return 1;
}

int sandboxGetmetatable(lua_State* L) {
  luaL_checkany(L, 1);
  if (pushHidden(L, 1)) {
    lua_getmetatable(L, 1);
    lua_rawgetp(L, -1, &kVisibleKey);
    return 1;
  }
  if (!lua_getmetatable(L, 1)) {
    lua_pushnil(L);
    return 1;
  }
  if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL) return 1;
  // A table given a frozen metatable holds its hidden contents: show the frozen table.
  if (lua_rawgetp(L, LUA_REGISTRYINDEX, &kHiddenToProxyKey) != LUA_TTABLE) {
    lua_pop(L, 1);
    return 1;
  }
  lua_pushvalue(L, -2);
  if (lua_rawget(L, -2) != LUA_TNIL) return 1;
  lua_pop(L, 2);
  return 1;
}

// Collects what freezing must hollow. Iterative (an explicit work list), so
// deep nesting cannot overflow the C stack. Returns an error for values that
// carry state freezing cannot capture.
std::optional<std::string> collectReachable(lua_State* L, int env, int seen, int tables, int& table_count) {
  lua_rawgetp(L, LUA_REGISTRYINDEX, &kLibraryTablesKey);
  const int library = lua_gettop(L);
  lua_newtable(L);
  const int todo = lua_gettop(L);
  lua_Integer pending = 0;
  auto push = [&](int value) {
    const int type = lua_type(L, value);
    if (type != LUA_TTABLE && type != LUA_TFUNCTION && type != LUA_TTHREAD && type != LUA_TUSERDATA) return;
    lua_pushvalue(L, value);
    lua_rawseti(L, todo, ++pending);
  };
  push(env);
  while (pending > 0) {
    lua_rawgeti(L, todo, pending);
    lua_pushnil(L);
    lua_rawseti(L, todo, pending--);
    const int value = lua_gettop(L);
    lua_pushvalue(L, value);
    const bool visited = lua_rawget(L, seen) != LUA_TNIL;
    lua_pop(L, 1);
    if (visited) {
      lua_pop(L, 1);
      continue;
    }
    lua_pushvalue(L, value);
    lua_pushboolean(L, 1);
    lua_rawset(L, seen);
    switch (lua_type(L, value)) {
      case LUA_TTABLE: {
        lua_pushvalue(L, value);
        const bool is_library = lua_type(L, library) == LUA_TTABLE && lua_rawget(L, library) != LUA_TNIL;
        lua_pop(L, 1);
        if (is_library) break;
        lua_pushvalue(L, value);
        lua_rawseti(L, tables, ++table_count);
        lua_pushnil(L);
        while (lua_next(L, value) != 0) {
          push(lua_gettop(L) - 1);
          push(lua_gettop(L));
          lua_pop(L, 1);
        }
        if (lua_getmetatable(L, value)) {
          push(lua_gettop(L));
          lua_pop(L, 1);
        }
        break;
      }
      case LUA_TFUNCTION: {
        const bool c_function = lua_iscfunction(L, value);
        for (int i = 1; lua_getupvalue(L, value, i) != nullptr; ++i) {
          const int type = lua_type(L, -1);
          if (c_function && (type == LUA_TTABLE || type == LUA_TUSERDATA || type == LUA_TTHREAD)) {
            lua_settop(L, todo - 2);
            return "the top level keeps an iterator or coroutine.wrap function, which has hidden state that "
                   "would carry from one call to the next; create it inside the handler";
          }
          if (!c_function) push(lua_gettop(L));
          lua_pop(L, 1);
        }
        break;
      }
      case LUA_TTHREAD:
        lua_settop(L, todo - 2);
        return "the top level keeps a coroutine, which would carry its state from one call to the next; create it "
               "inside the handler";
      default:
        lua_settop(L, todo - 2);
        return "the top level keeps a value that cannot be frozen (userdata)";
    }
    lua_pop(L, 1);
  }
  lua_settop(L, todo - 2);
  return std::nullopt;
}

// Moves the contents of the table at `table` into a new table, pushed.
void hollow(lua_State* L, int table) {
  lua_createtable(L, static_cast<int>(lua_rawlen(L, table)), 0);
  const int hidden = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, table) != 0) {
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, hidden);
    lua_pushvalue(L, -1);
    lua_pushnil(L);
    lua_rawset(L, table);  // clearing a field during traversal is allowed
  }
}

// Builds and sets the metatable of the hollowed table at `table`. `hidden` is
// its contents; `hidden_of` maps every frozen table to its contents.
void installFrozenMetatable(lua_State* L, int table, int hidden, int hidden_of, bool is_environment) {
  const int original = lua_getmetatable(L, table) ? lua_gettop(L) : 0;
  lua_createtable(L, 0, 8);
  const int meta = lua_gettop(L);
  lua_pushvalue(L, hidden);
  lua_rawsetp(L, meta, &kHiddenKey);
  lua_pushcfunction(L, frozenLen);
  lua_setfield(L, meta, "__len");
  lua_pushcfunction(L, frozenPairs);
  lua_setfield(L, meta, "__pairs");
  lua_pushvalue(L, hidden);
  lua_setfield(L, meta, "__index");

  if (is_environment) {
    // The environment kept the library behind it: that lookup moves to the globals.
    if (original != 0) {
      lua_pushvalue(L, original);
      lua_setmetatable(L, hidden);
    }
    lua_pushliteral(L, "locked");
    lua_setfield(L, meta, "__metatable");
    lua_pushliteral(L, "locked");
    lua_rawsetp(L, meta, &kVisibleKey);
    lua_createtable(L, 0, 1);  // the metatable of per-call global tables
    lua_pushvalue(L, hidden);
    lua_setfield(L, -2, "__index");
    const int call_meta = lua_gettop(L);
    lua_pushvalue(L, meta);
    lua_pushvalue(L, hidden);
    lua_pushvalue(L, call_meta);
    lua_pushcclosure(L, environmentWrite, 3);
    lua_setfield(L, meta, "__newindex");
    lua_pop(L, 1);
  } else {
    lua_pushcfunction(L, frozenNewIndex);
    lua_setfield(L, meta, "__newindex");
    lua_pushliteral(L, "frozen");
    lua_setfield(L, meta, "__metatable");  // setmetatable refuses; our getmetatable answers instead
    if (original != 0) {
      lua_pushvalue(L, original);
      const bool original_frozen = lua_rawget(L, hidden_of) == LUA_TTABLE;
      if (!original_frozen) lua_pop(L, 1);
      const int source = original_frozen ? lua_gettop(L) : original;  // the metamethods themselves
      // getmetatable shows the policy's metatable (itself frozen), or its __metatable.
      // Raw reads only: nothing of the policy's may run outside a call's limits.
      lua_pushliteral(L, "__metatable");
      if (lua_rawget(L, source) == LUA_TNIL) {
        lua_pop(L, 1);
        lua_pushvalue(L, original);
      }
      lua_rawsetp(L, meta, &kVisibleKey);
      lua_pushnil(L);
      while (lua_next(L, source) != 0) {
        if (lua_type(L, -2) == LUA_TSTRING) {
          const char* name = lua_tostring(L, -2);
          if (std::strncmp(name, "__", 2) == 0 && !isReservedMetamethod(name)) {
            lua_pushvalue(L, -2);
            lua_pushvalue(L, -2);
            lua_rawset(L, meta);
          }
        }
        lua_pop(L, 1);
      }
      lua_pushliteral(L, "__index");
      lua_rawget(L, source);
      if (lua_type(L, -1) == LUA_TTABLE) {  // misses fall through to it, as before
        lua_createtable(L, 0, 1);
        lua_insert(L, -2);
        lua_setfield(L, -2, "__index");
        lua_setmetatable(L, hidden);
      } else if (lua_type(L, -1) == LUA_TFUNCTION) {
        lua_pushvalue(L, hidden);
        lua_insert(L, -2);
        lua_pushcclosure(L, frozenIndexWithFallback, 2);
        lua_setfield(L, meta, "__index");
      } else {
        lua_pop(L, 1);
      }
    }
  }
  lua_pushvalue(L, meta);
  lua_setmetatable(L, table);
  lua_settop(L, meta - 1);
  if (original != 0) lua_pop(L, 1);
}

}  // namespace

void markLibraryTable(lua_State* L, int index) {
  index = lua_absindex(L, index);
  if (lua_rawgetp(L, LUA_REGISTRYINDEX, &kLibraryTablesKey) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &kLibraryTablesKey);
  }
  lua_pushvalue(L, index);
  lua_pushboolean(L, 1);
  lua_rawset(L, -3);
  lua_pop(L, 1);
}

std::optional<std::string> freezeTopLevel(lua_State* L, int env) {
  env = lua_absindex(L, env);
  const int base = lua_gettop(L);
  if (!lua_checkstack(L, 32)) return "out of stack space while freezing";
  lua_newtable(L);
  const int seen = lua_gettop(L);
  lua_newtable(L);
  const int tables = lua_gettop(L);
  int count = 0;
  if (auto error = collectReachable(L, env, seen, tables, count)) {
    lua_settop(L, base);
    return error;
  }
  if (lua_rawgetp(L, LUA_REGISTRYINDEX, &kHiddenToProxyKey) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &kHiddenToProxyKey);
  }
  const int hidden_to_proxy = lua_gettop(L);
  lua_newtable(L);
  const int hidden_of = lua_gettop(L);
  // Hollow everything first, so that building a metatable can find the
  // contents of the policy's own metatable whatever the visiting order.
  for (int i = 1; i <= count; ++i) {
    lua_rawgeti(L, tables, i);
    hollow(L, lua_gettop(L));
    lua_pushvalue(L, -2);
    lua_pushvalue(L, -2);
    lua_rawset(L, hidden_of);
    lua_pushvalue(L, -1);
    lua_pushvalue(L, -3);
    lua_rawset(L, hidden_to_proxy);
    lua_pop(L, 2);
  }
  for (int i = 1; i <= count; ++i) {
    lua_rawgeti(L, tables, i);
    const int table = lua_gettop(L);
    lua_pushvalue(L, table);
    lua_rawget(L, hidden_of);
    const bool is_environment = lua_rawequal(L, table, env) != 0;
    const bool had_metatable = lua_getmetatable(L, table) != 0;
    if (had_metatable) lua_pop(L, 1);
    installFrozenMetatable(L, table, table + 1, hidden_of, is_environment);
    if (!is_environment && !had_metatable) guardOf(L).frozen.record(L, table, table + 1);
    lua_pop(L, 2);
  }
  lua_settop(L, base);
  return std::nullopt;
}

void discardCallGlobals(lua_State* L, int env) {
  if (!lua_getmetatable(L, env)) return;
  lua_pushliteral(L, "__index");
  lua_rawgetp(L, -2, &kHiddenKey);
  lua_rawset(L, -3);
  lua_pop(L, 1);
}

bool pushFrozenContents(lua_State* L, int index) { return pushHidden(L, lua_absindex(L, index)); }

int plainFrozenContentsIndex(lua_State* L, int table) {
  if (!lua_getmetatable(L, table)) return 0;
  const int metatable = lua_gettop(L);
  // Only the environment and tables that had a metatable of their own set kVisibleKey.
  if (lua_rawgetp(L, metatable, &kVisibleKey) != LUA_TNIL) return 0;
  if (lua_rawgetp(L, metatable, &kHiddenKey) != LUA_TTABLE) return 0;
  return metatable + 2;
}

void installFrozenAwareBase(lua_State* L, int base) {
  base = lua_absindex(L, base);
  const luaL_Reg functions[] = {{"rawget", sandboxRawget},
                                {"rawlen", sandboxRawlen},
                                {"next", sandboxNext},
                                {"getmetatable", sandboxGetmetatable},
                                {nullptr, nullptr}};
  lua_pushvalue(L, base);
  luaL_setfuncs(L, functions, 0);
  lua_pop(L, 1);
}

void substituteFrozenMetatable(lua_State* L, int index) {
  index = lua_absindex(L, index);
  if (pushHidden(L, index)) lua_replace(L, index);
}

}  // namespace sigid::policy
