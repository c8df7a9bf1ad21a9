#pragma once

#include <lua.hpp>

namespace sigid::policy {

// Replaces the string library entries that can run unbounded in C, out of the
// count hook's sight, with metered versions: find, match, gmatch and gsub
// (lua_pattern.hpp), rep (its output is checked against the memory limit before
// it is built, and string.rep("", 1e15) no longer spins), and removes dump,
// pack, packsize and unpack. `string_table` is the index of the real library
// table, which is also the string metatable's __index, so ("x"):rep(...) takes
// the metered path too.
void installSafeStringFunctions(lua_State* L, int string_table);

}  // namespace sigid::policy
