#pragma once

#include <string>

#include "core/result.hpp"
#include "policy/decision.hpp"

namespace sigid::oauth {

// What a `token` decision lets a grant issue.
struct TokenGrant {
  std::string scope;         // space-separated: the granted scope, narrowed by the policies
  std::string extra_claims;  // the policies' extra claims as JSON members ("a":1,"b":"x"); empty: none
};

// Acts on a `token` decision for both token gates: a deny, a step-up or an
// approval (none of which a token request can satisfy) is access_denied with
// a generic description (policy reasons are for the tenant's admins); an
// allow narrows `granted_scope` and carries the extra claims. Claims that
// break the contract (policy::extraClaimsProblem: reserved name, bounds, not
// JSON) deny too, the problem naming the claim in the error's detail, which
// the request log records: fail closed rather than issue a token the policy
// author did not mean.
core::Result<TokenGrant> applyTokenDecision(const policy::Decision& decision, const std::string& granted_scope);

}  // namespace sigid::oauth
