#pragma once

#include "core/result.hpp"
#include "policy/policy_set.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::policy {

// Where a tenant's active policies come from (the database in the kernel, a
// fixture in tests).
class PolicySetSource {
 public:
  virtual ~PolicySetSource() = default;
  virtual core::Result<TenantPolicySet> load(const store::TenantScope& tenant) = 0;
};

}  // namespace sigid::policy
