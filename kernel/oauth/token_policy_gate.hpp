#pragma once

#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "oauth/policy_input.hpp"
#include "oauth/tenant_directory.hpp"
#include "oauth/token_obligations.hpp"
#include "policy/policy_evaluator.hpp"

namespace sigid::oauth {

// The `token` attach point (DESIGN.md §7): asks the tenant's policies before a
// token is issued. A deny — and a step-up or an approval, which no token grant
// can satisfy interactively — is access_denied; an allow may narrow the scopes
// (the intersection of what was granted and what the policies allow) and add
// claims (applyTokenDecision).
class TokenPolicyGate {
 public:
  TokenPolicyGate(policy::PolicyEvaluator& evaluator, const core::Clock& clock)
      : evaluator_(evaluator), clock_(clock) {}

  // The scope and extra claims to issue, or the error to answer.
  core::Result<TokenGrant> apply(const TenantSnapshot& tenant, const ClientEntry& client, std::string_view grant_type,
                                 const std::string& granted_scope, const RequestContext& request) const;

 private:
  policy::PolicyEvaluator& evaluator_;
  const core::Clock& clock_;
};

// The `token` input for a client acting as itself (client_credentials):
// subject = the client; no roles, amr or delegation.
policy::PolicyValue clientTokenInput(const TenantSnapshot& tenant, const ClientEntry& client,
                                     std::string_view grant_type, const std::string& granted_scope,
                                     std::int64_t now, const RequestContext& request);

}  // namespace sigid::oauth
