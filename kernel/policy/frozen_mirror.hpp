#pragma once

#include <cstddef>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <lua.hpp>

namespace sigid::policy {

// C++ views of the constant data a policy's top level built: the frozen lists
// of strings (`ADMINS = {"alice", "bob"}`) and maps with string keys
// (`ROLE_SCOPES = {admin = {...}}`). Frozen tables never change, so the
// helpers (contains, the scope set functions, scopes.for_roles) can read them
// here instead of through a dozen Lua API calls per list. The views point
// into the Lua strings the frozen contents hold, which live (unmoved) as long
// as the state.
//
// Only tables that had no metatable of their own are mirrored, and only
// whole: a list of 1..n strings and nothing else, or a map whose keys are all
// strings. Anything else is left to the general paths.
class FrozenMirror {
 public:
  struct List {
    int contents_ref = LUA_NOREF;          // registry reference to the hidden contents (to push the values)
    std::vector<std::string_view> items;   // items[i] is contents[i + 1]
  };
  static inline const char kNotATableTag = 0;
  static constexpr const void* kNotATable = &kNotATableTag;
  struct Map {
    // key → the value's identity (lua_topointer) when it is a table; kNotATable otherwise.
    std::unordered_map<std::string_view, const void*> entries;
  };

  // Mirrors the frozen table at `table` whose hidden contents are at `hidden`,
  // when it has one of the shapes above.
  void record(lua_State* L, int table, int hidden);

  // The mirror of the table with identity `table` (lua_topointer), or nullptr.
  const List* list(const void* table) const;
  const Map* map(const void* table) const;

  // Mirrors at most this many items per list and entries per map: constant
  // lists beyond that are rare, and the general paths stay linear.
  static constexpr std::size_t kMaxListItems = 64;
  static constexpr std::size_t kMaxMapEntries = 1024;

 private:
  std::unordered_map<const void*, List> lists_;
  std::unordered_map<const void*, Map> maps_;
};

}  // namespace sigid::policy
