#pragma once

#include <optional>
#include <string>

#include "policy/attach_point.hpp"
#include "policy/decision.hpp"
#include "policy/policy_set.hpp"
#include "policy/policy_value.hpp"
#include "policy/sandbox_limits.hpp"
#include "policy/shadow_report.hpp"
#include "policy/state_pool.hpp"

namespace sigid::policy {

// Composes decisions (DESIGN.md §7): the platform baseline first — its deny is
// final and no tenant policy can override it — then the tenant's active
// policies in order. Deny wins (evaluation stops at the first one); otherwise
// the first step-up; otherwise allow if any policy allowed, with obligations
// merged (scopes intersected, claims first-writer-wins, approval OR-ed);
// otherwise the default: the tenant's choice if it made one; else, at the
// protocol attach points (signin, authorize, token, token_exchange), allow —
// the protocol's own checks already passed, and a tenant without policies must
// keep working — and at check and admin the platform default
// (policy.default_decision). A fault is a deny naming the limit or error.
// Shadow candidates run after the active policies and never change the result.
class PolicyEngine {
 public:
  PolicyEngine(SandboxLimits limits, std::optional<PolicyUnit> baseline, DecisionObserver* observer = nullptr,
               Verdict platform_default = Verdict::Deny);

  Decision evaluate(const TenantPolicySet& set, AttachPoint point, const PolicyValue& input);
  // Whether evaluating `set` runs any Lua (a baseline, an active or a shadow policy).
  bool runsAnything(const TenantPolicySet& set) const;

  // One policy alone, no baseline and no composition: `sigid policy test`.
  PolicyOutcome evaluateOne(const PolicyUnit& unit, AttachPoint point, const PolicyValue& input);

  const SandboxLimits& limits() const { return limits_; }
  // Idle states of a tenant's older policy sets are dropped early.
  void forgetTenant(const std::string& tenant_id) { pool_.evictPrefix(tenant_id + "|"); }
  std::size_t idleStates() const { return pool_.idleCount(); }

  // What answers when no policy has an opinion, and the name used in the reason.
  struct DefaultDecision {
    Verdict verdict;
    const char* source;  // "tenant default", "platform default", ...
  };

 private:
  DefaultDecision defaultFor(const TenantPolicySet& set, AttachPoint point) const;
  core::Result<std::unique_ptr<LuaSandbox>> checkout(const TenantPolicySet& set);
  void runShadows(const TenantPolicySet& set, AttachPoint point, const PolicyValue& input, LuaSandbox& sandbox,
                  const std::vector<std::optional<PolicyOutcome>>& active_outcomes);

  SandboxLimits limits_;
  std::optional<PolicyUnit> baseline_;
  DecisionObserver* observer_;
  Verdict platform_default_;
  StatePool pool_;
};

}  // namespace sigid::policy
