#pragma once

#include "core/clock.hpp"
#include "hosted/sign_in_rules.hpp"
#include "oauth/pending_authorizations.hpp"
#include "oauth/tenant_directory.hpp"
#include "policy/policy_evaluator.hpp"

namespace sigid::oauth {

// hosted::SignInRules on the protocol side: after a first factor, before the
// session exists, (1) the tenant's `signin` policies (DESIGN.md §7) with the
// subject as proved so far and, when the browser is signing in for a parked
// /authorize request, that request's client and scopes; (2) the request's own
// demand (acr_values, or a step-up an `authorize` policy recorded there).
// Deny wins; otherwise the stronger acr of the two is required.
class SignInGate final : public hosted::SignInRules {
 public:
  SignInGate(TenantDirectory& directory, PendingAuthorizations& pending, const core::Clock& clock)
      : directory_(directory), pending_(pending), clock_(clock) {}
  // null: no policies (only the request's demand counts).
  void setEvaluator(policy::PolicyEvaluator* evaluator) { evaluator_ = evaluator; }

  core::Result<hosted::SignInRuling> evaluate(const hosted::SignInFacts& facts) override;

 private:
  TenantDirectory& directory_;
  PendingAuthorizations& pending_;
  const core::Clock& clock_;
  policy::PolicyEvaluator* evaluator_ = nullptr;
};

// The handle of a parked request when `return_to` is its resume path
// ("/t/{slug}/authorize?request_handle=H"), else "".
std::string parkedHandle(const tenancy::Tenant& tenant, std::string_view return_to);

}  // namespace sigid::oauth
