#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "oauth/tenant_directory.hpp"
#include "oauth/user_authorization.hpp"
#include "policy/policy_evaluator.hpp"

namespace sigid::oauth {

// A policy's answer to an authorization for a user.
struct UserPolicyOutcome {
  enum class Kind { Allow, Deny, StepUp } kind = Kind::Allow;
  std::string acr;    // StepUp: the acr the user must reach
  std::string scope;  // Allow: the scope to grant (possibly narrowed)
};

// The `authorize` and `token` attach points (DESIGN.md §7) for a signed-in
// user, next to TokenPolicyGate (which serves a client acting as itself).
// Input: subject {type = "user", id = the pairwise subject, roles, amr, acr,
// auth_age}, client, requested scopes, tenant, context.time.
class UserPolicyGate {
 public:
  UserPolicyGate(policy::PolicyEvaluator& evaluator, const core::Clock& clock)
      : evaluator_(evaluator), clock_(clock) {}

  // Before consent and code (/authorize). An approval obligation cannot be
  // met in a browser redirect: it is a Deny.
  core::Result<UserPolicyOutcome> authorize(const TenantSnapshot& tenant, const ClientEntry& client,
                                            const UserAuthorization& authorization,
                                            const std::vector<std::string>& roles) const;

  // Before tokens are issued (authorization_code, refresh_token): the scope
  // to issue, or access_denied.
  core::Result<std::string> token(const TenantSnapshot& tenant, const ClientEntry& client, std::string_view grant_type,
                                  const UserAuthorization& authorization, const std::vector<std::string>& roles) const;

 private:
  core::Result<UserPolicyOutcome> evaluate(policy::AttachPoint point, const TenantSnapshot& tenant,
                                           const ClientEntry& client, std::string_view grant_type,
                                           const UserAuthorization& authorization,
                                           const std::vector<std::string>& roles) const;

  policy::PolicyEvaluator& evaluator_;
  const core::Clock& clock_;
};

}  // namespace sigid::oauth
