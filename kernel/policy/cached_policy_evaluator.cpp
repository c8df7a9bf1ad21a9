#include "policy/cached_policy_evaluator.hpp"

#include <mutex>

namespace sigid::policy {

core::Result<std::shared_ptr<const TenantPolicySet>> CachedPolicyEvaluator::policySet(const TenantRef& tenant) {
  {
    std::shared_lock lock(mutex_);
    auto it = cache_.find(tenant.id.str());
    // A caller holding an older tenant snapshot still gets the newer set: versions only move forward.
    if (it != cache_.end() && it->second.config_version >= tenant.config_version) return it->second.set;
  }
  SIGID_TRY(TenantPolicySet loaded, source_.load(store::TenantScope(tenant.id)));
  loaded.fingerprint = fingerprintOf(loaded);
  auto set = std::make_shared<const TenantPolicySet>(std::move(loaded));
  std::string previous_fingerprint;
  {
    std::unique_lock lock(mutex_);
    Cached& cached = cache_[tenant.id.str()];
    if (cached.set && cached.config_version > tenant.config_version) return cached.set;  // someone loaded newer meanwhile
    if (cached.set) previous_fingerprint = cached.set->fingerprint;
    cached = Cached{tenant.config_version, set};
  }
  if (!previous_fingerprint.empty() && previous_fingerprint != set->fingerprint) engine_.forgetTenant(tenant.id.str());
  return set;
}

core::Result<Decision> CachedPolicyEvaluator::evaluate(const TenantRef& tenant, AttachPoint point,
                                                       const PolicyValue& input) {
  SIGID_TRY(auto set, policySet(tenant));
  return engine_.evaluate(*set, point, input);
}

core::Result<Decision> CachedPolicyEvaluator::evaluate(const TenantRef& tenant, AttachPoint point,
                                                       const std::function<PolicyValue()>& build_input) {
  SIGID_TRY(auto set, policySet(tenant));
  // With nothing to run the engine reads no input: composing the default is all.
  if (!engine_.runsAnything(*set)) return engine_.evaluate(*set, point, PolicyValue());
  return engine_.evaluate(*set, point, build_input());
}

}  // namespace sigid::policy
