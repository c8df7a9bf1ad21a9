#pragma once

#include <lua.hpp>

namespace sigid::policy {

// Sets the helpers policies call into the table at `base` (docs/policies.md
// "Helpers"): allow, deny, step_up, contains, cidr_match, in_time_window.
void addPolicyHelpers(lua_State* L, int base);

// The scope set functions as a fresh table on the stack.
void pushScopeFunctions(lua_State* L);

}  // namespace sigid::policy
