#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "oauth/tenant_directory.hpp"
#include "policy/policy_value.hpp"

namespace sigid::oauth {

// The request a decision is made for, as the policy input's `context` shows it.
struct RequestContext {
  // The peer address exactly as the rate limits and the sign-in lockout key on
  // it (http::Request::remote_address): one rule for "the client's address".
  std::string ip;
  std::string request_id;  // correlates the decision with the request log
};

// The parts of a policy input that every attach point on the protocol side
// shares (docs/policies.md, "Input"): the client, the tenant, the context.
policy::PolicyValue clientPolicyInput(const ClientEntry& client);
policy::PolicyValue tenantPolicyInput(const TenantSnapshot& snapshot);
// context.time always; context.ip and context.request_id when known (a field
// that does not apply is absent, never an empty string).
policy::PolicyValue contextPolicyInput(std::int64_t now, const RequestContext& request = {});

// `granted` (space-separated) keeping only scopes a policy allows, in the
// granted order: an obligation narrows, it never adds a scope.
std::string narrowScopes(const std::string& granted, const std::vector<std::string>& allowed);

}  // namespace sigid::oauth
