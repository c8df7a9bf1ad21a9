#pragma once

#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "oauth/tenant_directory.hpp"
#include "policy/policy_evaluator.hpp"

namespace sigid::oauth {

// The `token` attach point (DESIGN.md §7): asks the tenant's policies before a
// token is issued. A deny — and a step-up or an approval, which no token grant
// can satisfy interactively — is access_denied; an allow may narrow the scopes
// (the intersection of what was granted and what the policies allow).
class TokenPolicyGate {
 public:
  TokenPolicyGate(policy::PolicyEvaluator& evaluator, const core::Clock& clock)
      : evaluator_(evaluator), clock_(clock) {}

  // Returns the scope to issue (space-separated), or the error to answer.
  core::Result<std::string> apply(const TenantSnapshot& tenant, const ClientEntry& client,
                                  std::string_view grant_type, const std::string& granted_scope) const;

 private:
  policy::PolicyEvaluator& evaluator_;
  const core::Clock& clock_;
};

// The `token` input for a client acting as itself (client_credentials):
// subject = the client; no roles, amr or delegation.
policy::PolicyValue clientTokenInput(const TenantSnapshot& tenant, const ClientEntry& client,
                                     std::string_view grant_type, const std::string& granted_scope,
                                     std::int64_t now);

}  // namespace sigid::oauth
