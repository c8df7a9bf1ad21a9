#pragma once

#include <optional>
#include <string>

struct lua_State;

namespace sigid::policy {

// A policy's top level runs once per Lua state and its handlers are then called
// many times, so a handler assigning to a top-level local (`local n = 0;
// function check() n = n + 1 end`) or to the chunk's `_ENV` would carry state
// from one call into the next. Such functions are refused before they ever run.
//
// Reads the compiled main chunk on top of the stack (left there) through
// lua_dump — the Lua 5.4 binary format carries every prototype's upvalue
// descriptors, opcodes and line info — and finds the first OP_SETUPVAL whose
// upvalue resolves to a main-chunk local or upvalue. Closures created inside a
// handler may still assign to that handler's own locals.
//
// Returns "line N: <why>" for the first offending assignment, nullopt when
// there is none.
std::optional<std::string> findTopLevelUpvalueWrite(lua_State* L);

}  // namespace sigid::policy
