#include "policy/sandbox_library.hpp"

#include "policy/decision_values.hpp"
#include "policy/frozen_table.hpp"
#include "policy/input_proxy.hpp"
#include "policy/policy_helpers.hpp"
#include "policy/safe_string_lib.hpp"
#include "policy/sandbox_guard.hpp"

namespace sigid::policy {
namespace {

char kEnvironmentMetatableKey;

int readOnlyNewIndex(lua_State* L) { return luaL_error(L, "attempt to modify a read-only library table"); }

// Replaces the table on top of the stack with a read-only proxy of it.
void makeReadOnly(lua_State* L) {
  lua_newtable(L);                  // proxy
  lua_createtable(L, 0, 3);         // its metatable
  lua_pushvalue(L, -3);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, readOnlyNewIndex);
  lua_setfield(L, -2, "__newindex");
  lua_pushliteral(L, "locked");
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
  lua_remove(L, -2);
  markLibraryTable(L, -1);  // already read-only: freezing a policy's top level leaves it alone
}

// Copies the named fields of the table at `from` into a new table on the stack.
void pushCopy(lua_State* L, int from, std::initializer_list<const char*> names) {
  from = lua_absindex(L, from);
  lua_createtable(L, 0, static_cast<int>(names.size()));
  for (const char* name : names) {
    lua_getfield(L, from, name);
    lua_setfield(L, -2, name);
  }
}

// Calls the original function (upvalue 1) with this call's arguments, then
// re-raises a tripped limit: the policy may catch its own errors, not ours.
// Checked before the call too: a coroutine killed by a limit error raised in
// the count hook is left with hooks disabled (Lua restores them only at pcall
// boundaries), so its __close handlers must never get to run.
int callThenRethrow(lua_State* L) {
  rethrowIfTripped(L);
  const int args = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, args, LUA_MULTRET);
  rethrowIfTripped(L);
  return lua_gettop(L);
}

void wrapWithRethrow(lua_State* L, int table, const char* name) {
  table = lua_absindex(L, table);
  lua_getfield(L, table, name);
  lua_pushcclosure(L, callThenRethrow, 1);
  lua_setfield(L, table, name);
}

// xpcall's message handler runs before the stack unwinds, and after a limit
// error from the count hook it would run with hooks disabled: unmetered. So a
// tripped limit skips the policy's handler and passes the error through.
int guardedMessageHandler(lua_State* L) {
  if (guardOf(L).tripped != Fault::None) return 1;
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

int guardedXpcall(lua_State* L) {
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, guardedMessageHandler, 1);
  lua_replace(L, 2);
  return callThenRethrow(L);
}

// coroutine.wrap, rebuilt on lua_resume: stock wrap closes a failed coroutine
// (running its __close handlers) before re-raising, which after a hook-raised
// limit error would run them unmetered. Here a tripped limit is re-raised
// first; other errors propagate as in stock Lua.
int wrappedResume(lua_State* L) {
  rethrowIfTripped(L);
  lua_State* co = lua_tothread(L, lua_upvalueindex(1));
  const int args = lua_gettop(L);
  const int status = lua_status(co);
  if (status == LUA_OK && lua_gettop(co) == 0) return luaL_error(L, "cannot resume dead coroutine");
  if (status != LUA_OK && status != LUA_YIELD) return luaL_error(L, "cannot resume dead coroutine");
  if (!lua_checkstack(co, args)) return luaL_error(L, "too many arguments to resume");
  lua_xmove(L, co, args);
  int results = 0;
  const int resumed = lua_resume(co, L, args, &results);
  rethrowIfTripped(L);
  if (resumed == LUA_OK || resumed == LUA_YIELD) {
    if (!lua_checkstack(L, results + 1)) {
      lua_pop(co, results);
      return luaL_error(L, "too many results to resume");
    }
    lua_xmove(co, L, results);
    return results;
  }
  lua_xmove(co, L, 1);  // the error object
  if (lua_type(L, -1) == LUA_TSTRING) {  // add where the wrap was called, as stock Lua does
    luaL_where(L, 1);
    lua_insert(L, -2);
    lua_concat(L, 2);
  }
  return lua_error(L);
}

int guardedWrap(lua_State* L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_State* co = lua_newthread(L);
  lua_pushvalue(L, 1);
  lua_xmove(L, co, 1);
  lua_pushcclosure(L, wrappedResume, 1);
  return 1;
}

int guardedSetmetatable(lua_State* L) {
  substituteFrozenMetatable(L, 2);  // a frozen table's metamethods live in its hidden contents
  if (lua_type(L, 2) == LUA_TTABLE) {
    lua_pushliteral(L, "__gc");
    if (lua_rawget(L, 2) != LUA_TNIL) return luaL_error(L, "__gc metamethods are not allowed in policies");
    lua_pop(L, 1);
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

int proxyAwareType(lua_State* L) {
  luaL_checkany(L, 1);
  if (inputNodeAt(L, 1) != nullptr) lua_pushliteral(L, "table");
  else lua_pushstring(L, luaL_typename(L, 1));
  return 1;
}

}  // namespace

void buildSandboxLibrary(lua_State* L) {
  luaL_requiref(L, "_G", luaopen_base, 0);
  const int globals = lua_gettop(L);
  luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 0);
  const int string_lib = lua_gettop(L);
  luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 0);
  const int table_lib = lua_gettop(L);
  luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 0);
  const int math_lib = lua_gettop(L);
  luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 0);
  const int utf8_lib = lua_gettop(L);
  luaL_requiref(L, LUA_COLIBNAME, luaopen_coroutine, 0);
  const int co_lib = lua_gettop(L);
  registerInputProxy(L);
  registerDecisionValues(L);

  // The real string table is the string metatable's __index: make it safe in
  // place (method calls use it), then lock the metatable.
  installSafeStringFunctions(L, string_lib);
  lua_pushliteral(L, "");
  lua_getmetatable(L, -1);
  lua_pushliteral(L, "locked");
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 2);

  pushCopy(L, globals, {"assert", "error", "ipairs", "next", "pairs", "rawequal", "rawget", "rawlen", "select",
                        "tonumber", "tostring", "getmetatable", "_VERSION", "pcall"});
  const int base = lua_gettop(L);
  wrapWithRethrow(L, base, "pcall");
  lua_getfield(L, globals, "xpcall");
  lua_pushcclosure(L, guardedXpcall, 1);
  lua_setfield(L, base, "xpcall");
  lua_getfield(L, globals, "setmetatable");
  lua_pushcclosure(L, guardedSetmetatable, 1);
  lua_setfield(L, base, "setmetatable");
  lua_pushcfunction(L, proxyAwareType);
  lua_setfield(L, base, "type");
  installFrozenAwareBase(L, base);

  pushCopy(L, string_lib, {"byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match", "rep",
                           "reverse", "sub", "upper"});
  makeReadOnly(L);
  lua_setfield(L, base, "string");
  pushCopy(L, table_lib, {"concat", "insert", "pack", "remove", "sort", "unpack"});
  makeReadOnly(L);
  lua_setfield(L, base, "table");
  pushCopy(L, math_lib, {"abs", "ceil", "cos", "deg", "exp", "floor", "fmod", "huge", "log", "max", "maxinteger",
                         "min", "mininteger", "modf", "pi", "rad", "sin", "sqrt", "tan", "tointeger", "type", "ult"});
  makeReadOnly(L);
  lua_setfield(L, base, "math");
  pushCopy(L, utf8_lib, {"char", "charpattern", "codepoint", "codes", "len", "offset"});
  makeReadOnly(L);
  lua_setfield(L, base, "utf8");
  pushCopy(L, co_lib, {"close", "create", "isyieldable", "resume", "running", "status", "wrap", "yield"});
  wrapWithRethrow(L, -1, "resume");
  wrapWithRethrow(L, -1, "close");
  lua_pushcfunction(L, guardedWrap);
  lua_setfield(L, -2, "wrap");
  makeReadOnly(L);
  lua_setfield(L, base, "coroutine");

  addPolicyHelpers(L, base);
  pushScopeFunctions(L);
  makeReadOnly(L);
  lua_setfield(L, base, "scopes");

  lua_createtable(L, 0, 2);  // the environment metatable, shared by every call's environment
  lua_pushvalue(L, base);
  lua_setfield(L, -2, "__index");
  lua_pushliteral(L, "locked");
  lua_setfield(L, -2, "__metatable");
  markLibraryTable(L, -1);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &kEnvironmentMetatableKey);
  lua_settop(L, globals - 1);
}

void pushFreshEnvironment(lua_State* L) {
  lua_createtable(L, 0, 4);
  lua_pushvalue(L, -1);
  lua_setfield(L, -2, "_G");
  lua_rawgetp(L, LUA_REGISTRYINDEX, &kEnvironmentMetatableKey);
  lua_setmetatable(L, -2);
}

}  // namespace sigid::policy
