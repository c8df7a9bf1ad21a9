#pragma once

#include <string>

#include <lua.hpp>

#include "policy/decision.hpp"
#include "policy/policy_value.hpp"

namespace sigid::policy {

// Reading what a policy returned, after its call has ended. Only raw accessors
// are used (no metamethods run, nothing the policy wrote can execute here) and
// errors come back as text, never as Lua errors.

// Lua value → PolicyValue: nil, booleans, numbers, strings, input proxies, and
// tables (a sequence 1..n becomes an array; string keys an object; an empty
// table an empty object when `empty_as_object`, else an empty array).
// Functions, userdata, threads, mixed keys and nesting deeper than `max_depth` fail.
bool readLuaValue(lua_State* L, int index, int max_depth, bool empty_as_object, PolicyValue& out, std::string& error);

// The handler's return value → PolicyOutcome (nil is Abstain). False with a
// message when it is not a decision (see docs/policies.md "Decisions").
bool readOutcome(lua_State* L, int index, PolicyOutcome& out, std::string& error);

// The options table of allow/deny/step_up (reason, reasons, rule, scopes,
// claims, approval_required; acr for step_up is the caller's) into `out`.
// False with a message saying which field is wrong. Makes no Lua errors.
bool readDecisionOptions(lua_State* L, int index, PolicyOutcome& out, std::string& error);

}  // namespace sigid::policy
