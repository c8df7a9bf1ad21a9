#pragma once

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>

#include "policy/policy_engine.hpp"
#include "policy/policy_evaluator.hpp"
#include "policy/policy_set_source.hpp"

namespace sigid::policy {

// PolicyEvaluator over a PolicyEngine: keeps each tenant's policy set (sources,
// order, default) by config_version and reloads it from the source when the
// caller presents a newer version. Thread-safe; readers share a lock.
class CachedPolicyEvaluator final : public PolicyEvaluator {
 public:
  CachedPolicyEvaluator(PolicyEngine& engine, PolicySetSource& source) : engine_(engine), source_(source) {}

  core::Result<Decision> evaluate(const TenantRef& tenant, AttachPoint point, const PolicyValue& input) override;
  core::Result<Decision> evaluate(const TenantRef& tenant, AttachPoint point,
                                  const std::function<PolicyValue()>& build_input) override;

  // The tenant's current set (loading it when stale): for explain and tests.
  core::Result<std::shared_ptr<const TenantPolicySet>> policySet(const TenantRef& tenant);

 private:
  struct Cached {
    std::int64_t config_version = 0;
    std::shared_ptr<const TenantPolicySet> set;
  };
  PolicyEngine& engine_;
  PolicySetSource& source_;
  std::shared_mutex mutex_;
  std::map<std::string, Cached, std::less<>> cache_;
};

}  // namespace sigid::policy
