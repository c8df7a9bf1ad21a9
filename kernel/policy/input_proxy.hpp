#pragma once

#include <cstdint>

#include <lua.hpp>

#include "policy/policy_value.hpp"

namespace sigid::policy {

// `input` as policies see it: a read-only view of a PolicyValue tree. Each
// table-like node is a small userdata pointing into the caller's tree, made
// when first read, so a policy that reads three fields pays for three fields
// (no JSON round trip, no copy of the whole input). Writes raise "input is
// read-only" at any depth; the metatable is hidden behind __metatable; a
// proxy kept past its call (it cannot be, but in depth) raises instead of
// reading freed memory.
struct InputRef {
  const PolicyValue* node;
  std::uint64_t generation;
};

// Registers the proxy metatable in the registry; call once per state.
void registerInputProxy(lua_State* L);

// Pushes a scalar (nil, boolean, number, string) as its Lua value and returns
// true; pushes nothing and returns false for arrays and objects.
bool pushScalarValue(lua_State* L, const PolicyValue& value);

// Pushes `value` as Lua sees it: scalars as Lua values, arrays and objects as
// proxies valid during call `generation`.
void pushInputValue(lua_State* L, const PolicyValue& value, std::uint64_t generation);

// The proxy each call's `input` is: one userdata per state, pointed at the
// call's input and stamped with its generation, instead of a new one per call.
// Returns its registry reference.
int createInputRoot(lua_State* L);

// Pushes `input` through the root at `root_ref` (an object or array; anything
// else is pushed as pushInputValue would), valid for no call until stamped.
void pushInputRoot(lua_State* L, int root_ref, const PolicyValue& input);

// Makes what pushInputRoot left at `index`, if it is a proxy, valid during call `generation`.
void stampInputValue(lua_State* L, int index, std::uint64_t generation);

// The node behind a proxy at `index`, or nullptr when it is not one.
const PolicyValue* inputNodeAt(lua_State* L, int index);

// The same, but only for a proxy of the call in progress: helpers that read
// the node directly use it, and leave a stale proxy to the metamethods, which
// raise "input is only valid during the call that received it".
const PolicyValue* liveInputNodeAt(lua_State* L, int index);

}  // namespace sigid::policy
