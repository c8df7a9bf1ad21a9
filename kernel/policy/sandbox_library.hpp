#pragma once

#include <lua.hpp>

namespace sigid::policy {

// Opens the libraries a policy may use and builds what every call's fresh
// environment inherits from (docs/policies.md "Sandbox"):
//  - base: assert error ipairs pairs rawequal select tonumber tostring
//    _VERSION; rawget rawlen next getmetatable that see through frozen
//    top-level tables (frozen_table.hpp); guarded pcall xpcall setmetatable
//    (no __gc: finalizers would run outside any call's limits; a frozen
//    metatable is replaced by its contents) and type (input proxies report
//    "table");
//  - string (metered find/match/gmatch/gsub/rep; no dump/pack/unpack), table
//    (no move: table.move({}, 1, 1e15, 1) loops in C), math (no random/
//    randomseed: shared generator state), utf8, coroutine (resume and close
//    guarded), each behind a read-only proxy;
//  - the policy helpers and `scopes`.
// Not there: io, os, debug, package, require, load, loadstring, dofile,
// loadfile, collectgarbage, print, warn, rawset, string.dump.
// The string metatable is locked (__metatable), so getmetatable("") yields a
// string, never the shared table.
//
// Leaves nothing on the stack; the environment metatable is kept in the registry.
void buildSandboxLibrary(lua_State* L);

// Pushes a new environment for one chunk (a policy's top level, once per
// state, before it is frozen; or a fixture data chunk): an empty table whose
// reads fall through to the shared library (read-only) and whose writes stay
// in the table; _G and _ENV name it.
void pushFreshEnvironment(lua_State* L);

}  // namespace sigid::policy
