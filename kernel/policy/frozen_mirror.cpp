#include "policy/frozen_mirror.hpp"

namespace sigid::policy {
namespace {

// The hidden contents at `hidden` as a list of strings: false when any key is
// not 1..n or any value not a string, or when it is too long.
bool readStringList(lua_State* L, int hidden, std::vector<std::string_view>& items) {
  const lua_Unsigned n = lua_rawlen(L, hidden);
  if (n > FrozenMirror::kMaxListItems) return false;
  items.reserve(n);
  for (lua_Unsigned i = 1; i <= n; ++i) {
    const bool is_string = lua_rawgeti(L, hidden, static_cast<lua_Integer>(i)) == LUA_TSTRING;
    if (is_string) {
      std::size_t len = 0;
      const char* text = lua_tolstring(L, -1, &len);
      items.emplace_back(text, len);
    }
    lua_pop(L, 1);
    if (!is_string) return false;
  }
  lua_Unsigned keys = 0;  // and nothing but 1..n
  lua_pushnil(L);
  while (lua_next(L, hidden) != 0) {
    lua_pop(L, 1);
    ++keys;
  }
  return keys == n;
}

bool readStringMap(lua_State* L, int hidden, FrozenMirror::Map& map) {
  lua_pushnil(L);
  while (lua_next(L, hidden) != 0) {
    if (lua_type(L, -2) != LUA_TSTRING || map.entries.size() == FrozenMirror::kMaxMapEntries) {
      lua_pop(L, 2);
      return false;
    }
    std::size_t len = 0;
    const char* key = lua_tolstring(L, -2, &len);
    map.entries.emplace(std::string_view(key, len),
                        lua_type(L, -1) == LUA_TTABLE ? lua_topointer(L, -1) : FrozenMirror::kNotATable);
    lua_pop(L, 1);
  }
  return !map.entries.empty();
}

}  // namespace

void FrozenMirror::record(lua_State* L, int table, int hidden) {
  table = lua_absindex(L, table);
  hidden = lua_absindex(L, hidden);
  if (!lua_checkstack(L, 4)) return;
  const void* identity = lua_topointer(L, table);
  lua_pushnil(L);
  if (lua_next(L, hidden) == 0) {  // empty: an empty list (`guest = {}`)
    lists_.emplace(identity, List{});
    return;
  }
  lua_pop(L, 2);
  if (lua_rawlen(L, hidden) > 0) {
    List list;
    if (!readStringList(L, hidden, list.items)) return;
    lua_pushvalue(L, hidden);
    list.contents_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lists_.emplace(identity, std::move(list));
    return;
  }
  Map map;
  if (readStringMap(L, hidden, map)) maps_.emplace(identity, std::move(map));
}

const FrozenMirror::List* FrozenMirror::list(const void* table) const {
  auto it = lists_.find(table);
  return it == lists_.end() ? nullptr : &it->second;
}

const FrozenMirror::Map* FrozenMirror::map(const void* table) const {
  auto it = maps_.find(table);
  return it == maps_.end() ? nullptr : &it->second;
}

}  // namespace sigid::policy
