#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/ids.hpp"
#include "core/result.hpp"
#include "policy/attach_point.hpp"
#include "policy/decision.hpp"
#include "policy/policy_value.hpp"

namespace sigid::policy {

// The tenant a decision is for, with the config_version the caller already
// holds (tenancy::Tenant::config_version): compiled policies are cached per
// tenant and reloaded only when this version moves past the cached one, so a
// decision touches no database row on the hot path (DESIGN.md §10).
struct TenantRef {
  core::TenantId id;
  std::int64_t config_version = 0;
};

// What the protocol code calls at an attach point. The token endpoint, for
// example (see docs/policies.md "Attaching"):
//
//   auto decision = policies.evaluate({tenant.id, tenant.config_version},
//                                     AttachPoint::Token, tokenPolicyInput(request));
//   if (!decision) return decision.error();          // the policy store is down: 503
//   if (!decision->allowed()) return accessDenied(*decision);  // deny / step_up / approval
//   scopes = narrowScopes(scopes, decision->obligations);
//   claims += decision->obligations.claims;
//
// A policy that errors or breaks a limit is a Deny inside the Decision, never
// an Error: only infrastructure failures (loading policies) are Errors.
class PolicyEvaluator {
 public:
  virtual ~PolicyEvaluator() = default;
  virtual core::Result<Decision> evaluate(const TenantRef& tenant, AttachPoint point, const PolicyValue& input) = 0;

  // The same, with the input built only when some policy will read it: a tenant
  // without policies (and no baseline) pays for no input on the token hot path.
  virtual core::Result<Decision> evaluate(const TenantRef& tenant, AttachPoint point,
                                          const std::function<PolicyValue()>& build_input) {
    return evaluate(tenant, point, build_input());
  }
};

}  // namespace sigid::policy
