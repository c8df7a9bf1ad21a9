#include "policy/input_proxy.hpp"

#include "policy/sandbox_guard.hpp"

namespace sigid::policy {
namespace {

// The metatable is kept in a registry slot keyed by this variable's address:
// faster than a string key, and unreachable from Lua (no debug library).
char kMetatableKey;

const PolicyValue& checkedNode(lua_State* L, int index) {
  auto* ref = static_cast<InputRef*>(lua_touserdata(L, index));
  if (ref == nullptr || ref->generation != guardOf(L).generation || !guardOf(L).active)
    luaL_error(L, "input is only valid during the call that received it");
  return *ref->node;
}

// pushInputValue for a child of the proxy at index 1: a nested proxy takes its
// parent's metatable, one lookup cheaper than the registry (policies read many).
void pushChild(lua_State* L, const PolicyValue& value, std::uint64_t generation) {
  if (!value.isObject() && !value.isArray()) {
    pushInputValue(L, value, generation);
    return;
  }
  auto* ref = static_cast<InputRef*>(lua_newuserdatauv(L, sizeof(InputRef), 0));
  ref->node = &value;
  ref->generation = generation;
  lua_getmetatable(L, 1);
  lua_setmetatable(L, -2);
}

int proxyIndex(lua_State* L) {
  const PolicyValue& node = checkedNode(L, 1);
  const std::uint64_t generation = guardOf(L).generation;
  if (node.isObject()) {
    if (lua_type(L, 2) != LUA_TSTRING) return 0;  // nil, like a table without that key
    std::size_t len = 0;
    const char* key = lua_tolstring(L, 2, &len);
    if (const PolicyValue* member = node.find(std::string_view(key, len))) {
      pushChild(L, *member, generation);
      return 1;
    }
    return 0;
  }
  int isnum = 0;
  lua_Integer i = lua_tointegerx(L, 2, &isnum);
  const auto& items = node.asArray();
  if (!isnum || i < 1 || static_cast<std::size_t>(i) > items.size()) return 0;
  pushChild(L, items[static_cast<std::size_t>(i - 1)], generation);
  return 1;
}

int proxyNewIndex(lua_State* L) { return luaL_error(L, "input is read-only"); }

int proxyLen(lua_State* L) {
  const PolicyValue& node = checkedNode(L, 1);
  lua_pushinteger(L, node.isArray() ? static_cast<lua_Integer>(node.asArray().size()) : 0);
  return 1;
}

// pairs() iterator: upvalue 1 is the position already returned.
int proxyNext(lua_State* L) {
  const PolicyValue& node = checkedNode(L, 1);
  const std::uint64_t generation = guardOf(L).generation;
  lua_Integer position = lua_tointeger(L, lua_upvalueindex(1));
  if (node.isObject()) {
    const auto& members = node.asObject();
    if (static_cast<std::size_t>(position) >= members.size()) return 0;
    const auto& [key, value] = members[static_cast<std::size_t>(position)];
    lua_pushinteger(L, position + 1);
    lua_replace(L, lua_upvalueindex(1));
    lua_pushlstring(L, key.data(), key.size());
    pushChild(L, value, generation);
    return 2;
  }
  const auto& items = node.asArray();
  if (static_cast<std::size_t>(position) >= items.size()) return 0;
  lua_pushinteger(L, position + 1);
  lua_replace(L, lua_upvalueindex(1));
  lua_pushinteger(L, position + 1);
  pushChild(L, items[static_cast<std::size_t>(position)], generation);
  return 2;
}

int proxyPairs(lua_State* L) {
  checkedNode(L, 1);
  lua_pushinteger(L, 0);
  lua_pushcclosure(L, proxyNext, 1);
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

int proxyEq(lua_State* L) {
  const PolicyValue* a = inputNodeAt(L, 1);
  const PolicyValue* b = inputNodeAt(L, 2);
  lua_pushboolean(L, a != nullptr && a == b);
  return 1;
}

int proxyToString(lua_State* L) {
  const PolicyValue& node = checkedNode(L, 1);
  lua_pushstring(L, node.isArray() ? "input array" : "input table");
  return 1;
}

}  // namespace

void registerInputProxy(lua_State* L) {
  lua_createtable(L, 0, 8);
  const luaL_Reg methods[] = {{"__index", proxyIndex}, {"__newindex", proxyNewIndex}, {"__len", proxyLen},
                              {"__pairs", proxyPairs}, {"__eq", proxyEq},           {"__tostring", proxyToString},
                              {nullptr, nullptr}};
  luaL_setfuncs(L, methods, 0);
  lua_pushliteral(L, "read-only input");
  lua_setfield(L, -2, "__metatable");
  lua_rawsetp(L, LUA_REGISTRYINDEX, &kMetatableKey);
}

bool pushScalarValue(lua_State* L, const PolicyValue& value) {
  switch (value.kind()) {
    case PolicyValue::Kind::Null: lua_pushnil(L); return true;
    case PolicyValue::Kind::Bool: lua_pushboolean(L, value.asBool()); return true;
    case PolicyValue::Kind::Integer: lua_pushinteger(L, value.asInteger()); return true;
    case PolicyValue::Kind::Number: lua_pushnumber(L, value.asNumber()); return true;
    case PolicyValue::Kind::String: lua_pushlstring(L, value.asString().data(), value.asString().size()); return true;
    case PolicyValue::Kind::Array:
    case PolicyValue::Kind::Object: return false;
  }
  return false;
}

void pushInputValue(lua_State* L, const PolicyValue& value, std::uint64_t generation) {
  if (pushScalarValue(L, value)) return;
  auto* ref = static_cast<InputRef*>(lua_newuserdatauv(L, sizeof(InputRef), 0));
  ref->node = &value;
  ref->generation = generation;
  lua_rawgetp(L, LUA_REGISTRYINDEX, &kMetatableKey);
  lua_setmetatable(L, -2);
}

int createInputRoot(lua_State* L) {
  auto* ref = static_cast<InputRef*>(lua_newuserdatauv(L, sizeof(InputRef), 0));
  ref->node = nullptr;
  ref->generation = 0;  // no call has generation 0: valid for none until pointed
  lua_rawgetp(L, LUA_REGISTRYINDEX, &kMetatableKey);
  lua_setmetatable(L, -2);
  return luaL_ref(L, LUA_REGISTRYINDEX);
}

void pushInputRoot(lua_State* L, int root_ref, const PolicyValue& input) {
  if (!input.isObject() && !input.isArray()) {
    pushInputValue(L, input, 0);
    return;
  }
  lua_rawgeti(L, LUA_REGISTRYINDEX, root_ref);
  auto* ref = static_cast<InputRef*>(lua_touserdata(L, -1));
  ref->node = &input;
  ref->generation = 0;
}

void stampInputValue(lua_State* L, int index, std::uint64_t generation) {
  // What pushInputRoot pushed: the only userdata it pushes is a proxy.
  if (lua_type(L, index) == LUA_TUSERDATA) static_cast<InputRef*>(lua_touserdata(L, index))->generation = generation;
}

const PolicyValue* inputNodeAt(lua_State* L, int index) {
  if (lua_type(L, index) != LUA_TUSERDATA || !lua_getmetatable(L, index)) return nullptr;
  lua_rawgetp(L, LUA_REGISTRYINDEX, &kMetatableKey);
  const bool ours = lua_rawequal(L, -1, -2);
  lua_pop(L, 2);
  if (!ours) return nullptr;
  return static_cast<InputRef*>(lua_touserdata(L, index))->node;
}

const PolicyValue* liveInputNodeAt(lua_State* L, int index) {
  if (inputNodeAt(L, index) == nullptr) return nullptr;
  const auto* ref = static_cast<InputRef*>(lua_touserdata(L, index));
  const SandboxGuard& guard = guardOf(L);
  return guard.active && ref->generation == guard.generation ? ref->node : nullptr;
}

}  // namespace sigid::policy
