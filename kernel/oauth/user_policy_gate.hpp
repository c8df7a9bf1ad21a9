#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "oauth/policy_input.hpp"
#include "oauth/tenant_directory.hpp"
#include "oauth/token_obligations.hpp"
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
// auth_age_seconds}, client, requested scopes, tenant, context {ip, time,
// request_id}.
class UserPolicyGate {
 public:
  UserPolicyGate(policy::PolicyEvaluator& evaluator, const core::Clock& clock)
      : evaluator_(evaluator), clock_(clock) {}

  // Before consent and code (/authorize). An approval obligation cannot be
  // met in a browser redirect: it is a Deny. Extra claims are not carried
  // from here: the `token` decision at redemption is the one that adds them.
  core::Result<UserPolicyOutcome> authorize(const TenantSnapshot& tenant, const ClientEntry& client,
                                            const UserAuthorization& authorization,
                                            const std::vector<std::string>& roles,
                                            const RequestContext& request = {}) const;

  // Before tokens are issued (authorization_code, refresh_token): the scope
  // and extra claims to issue, or access_denied (applyTokenDecision).
  core::Result<TokenGrant> token(const TenantSnapshot& tenant, const ClientEntry& client, std::string_view grant_type,
                                 const UserAuthorization& authorization, const std::vector<std::string>& roles,
                                 const RequestContext& request) const;

 private:
  core::Result<policy::Decision> decide(policy::AttachPoint point, const TenantSnapshot& tenant,
                                        const ClientEntry& client, std::string_view grant_type,
                                        const UserAuthorization& authorization, const std::vector<std::string>& roles,
                                        const RequestContext& request) const;

  policy::PolicyEvaluator& evaluator_;
  const core::Clock& clock_;
};

}  // namespace sigid::oauth
