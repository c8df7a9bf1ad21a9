#pragma once

#include <optional>
#include <string>

#include <lua.hpp>

namespace sigid::policy {

// Freezing what a policy's top level built, so that its chunk can run once per
// Lua state and its handlers be called many times without any call seeing what
// an earlier one changed (docs/policies.md "Sandbox").
//
// A frozen table is hollowed in place: its contents move to a hidden table and
// it keeps only a metatable (one per frozen table) whose __index reads the
// hidden table, whose __newindex refuses, and whose __len/__pairs keep `#`,
// `pairs` and `ipairs` working. Identity is kept, so references already held
// in upvalues, keys and other tables stay valid. The metatable is protected
// (__metatable), and the base functions that bypass metamethods (rawget,
// rawlen, next, getmetatable, setmetatable) are replaced with versions that
// see through frozen tables without exposing the hidden one. rawset is not in
// the sandbox at all.
//
// The chunk's environment is frozen the same way except that writes do not
// fail: the first global assignment of a call switches the environment's
// __index to a fresh per-call table (whose own __index is the frozen globals),
// so the call reads its own writes; discardCallGlobals() switches back when
// the call ends. A call that writes no global pays nothing.

// Remembers a library table (read-only proxy, shared metatable) that freezing
// must leave alone because it is not the policy's and is already read-only.
void markLibraryTable(lua_State* L, int index);

// Freezes every table reachable from the environment at `env` — through
// values, keys, metatables and the upvalues of Lua functions — and the
// environment itself. Something that cannot be frozen (a coroutine, an
// iterator or coroutine.wrap function with hidden state) is reported as an
// error and nothing is frozen: the caller must not run the chunk's handlers.
// Runs unmetered: it only copies what the metered top level built.
std::optional<std::string> freezeTopLevel(lua_State* L, int env);

// Undoes the current call's global assignments on the frozen environment `env`.
void discardCallGlobals(lua_State* L, int env);

// When the value at `index` is a frozen table, pushes its hidden contents and
// returns true; otherwise pushes nothing. For C code that reads raw (the
// decision reader) and must see what the policy sees.
bool pushFrozenContents(lua_State* L, int index);

// For the helpers' fast paths: the absolute stack index of the hidden contents
// of the frozen table at `table` when it had no metatable of its own (there
// raw reads of the contents are exactly what `t[i]` and `#t` give, so helpers
// may skip the metamethod calls), or 0. Four API calls; either way it leaves
// what it pushed for the caller to drop (the caller resets the top).
int plainFrozenContentsIndex(lua_State* L, int table);

// Replaces rawget, rawlen, next and getmetatable in the table at `base` with
// frozen-aware versions. setmetatable is guarded in sandbox_library.cpp and
// calls substituteFrozenMetatable() first.
void installFrozenAwareBase(lua_State* L, int base);

// setmetatable(t, frozen): t gets the frozen table's hidden contents as its
// metatable (metamethods are looked up raw, and the proxy has none), replaced
// in place at `index`. getmetatable maps it back to the frozen table.
void substituteFrozenMetatable(lua_State* L, int index);

}  // namespace sigid::policy
