#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "oauth/tenant_directory.hpp"
#include "policy/policy_value.hpp"

namespace sigid::oauth {

// The parts of a policy input that every attach point on the protocol side
// shares (docs/policies.md, "Input"): the client, the tenant, the context.
policy::PolicyValue clientPolicyInput(const ClientEntry& client);
policy::PolicyValue tenantPolicyInput(const TenantSnapshot& snapshot);
policy::PolicyValue contextPolicyInput(std::int64_t now);

// `granted` (space-separated) keeping only scopes a policy allows, in the
// granted order: an obligation narrows, it never adds a scope.
std::string narrowScopes(const std::string& granted, const std::vector<std::string>& allowed);

}  // namespace sigid::oauth
