#include "policy/repository_policy_source.hpp"

#include "store/autocommit.hpp"

namespace sigid::policy {

core::Result<TenantPolicySet> RepositoryPolicySource::load(const store::TenantScope& tenant) {
  store::AutoCommit c(db_);
  SIGID_TRY(auto loaded, policies_.loadEvaluated(tenant, c));
  SIGID_TRY(auto chosen, policies_.defaultDecision(tenant, c));
  TenantPolicySet set;
  set.tenant_id = tenant.str();
  if (chosen) set.default_verdict = *chosen == "allow" ? Verdict::Allow : Verdict::Deny;
  for (const auto& row : loaded) {
    std::optional<std::size_t> active_index;
    if (row.active) {
      active_index = set.active.size();
      set.active.push_back(PolicyUnit{row.policy.id, row.policy.name, row.active->version, row.active->source});
    }
    if (row.shadow && (!row.active || row.shadow->version != row.active->version))
      set.shadows.push_back(
          ShadowUnit{PolicyUnit{row.policy.id, row.policy.name, row.shadow->version, row.shadow->source}, active_index});
  }
  return set;
}

}  // namespace sigid::policy
