#include "oauth/token_obligations.hpp"

#include "oauth/policy_input.hpp"

namespace sigid::oauth {

core::Result<TokenGrant> applyTokenDecision(const policy::Decision& decision, const std::string& granted_scope) {
  if (decision.verdict == policy::Verdict::StepUp)
    return core::Error(core::ErrorCode::AccessDenied, "the request requires a stronger authentication");
  if (!decision.allowed()) return core::Error(core::ErrorCode::AccessDenied, "the request was denied by policy");
  if (decision.obligations.approval_required)
    return core::Error(core::ErrorCode::AccessDenied, "the request requires an approval");
  TokenGrant grant;
  grant.scope = decision.obligations.scopes ? narrowScopes(granted_scope, *decision.obligations.scopes) : granted_scope;
  const policy::PolicyValue& claims = decision.obligations.claims;
  if (claims.isObject() && claims.asObject().empty()) return grant;  // the common case: nothing to check or encode
  if (auto problem = policy::extraClaimsProblem(claims))
    return core::Error(core::ErrorCode::AccessDenied, "the request was denied by policy")
        .withDetail("policy extra claims refused: " + *problem);
  // Members only, without the braces: the token encoders splice them in after their own.
  grant.extra_claims = claims.toJson();
  grant.extra_claims = grant.extra_claims.substr(1, grant.extra_claims.size() - 2);
  return grant;
}

}  // namespace sigid::oauth
