#include "oauth/revocation_list.hpp"

#include <vector>

#include "store/autocommit.hpp"

namespace sigid::oauth {

using core::Result;

Result<std::shared_ptr<const RevocationList::TenantSet>> RevocationList::current(const core::TenantId& tenant) {
  {
    std::shared_lock lock(mutex_);
    auto it = by_tenant_.find(tenant.str());
    if (it != by_tenant_.end() && clock_.nowMillis() - it->second->loaded_at_ms < refresh_ms_) return it->second;
  }
  std::lock_guard loading(load_mutex_);
  {
    std::shared_lock lock(mutex_);
    auto it = by_tenant_.find(tenant.str());
    if (it != by_tenant_.end() && clock_.nowMillis() - it->second->loaded_at_ms < refresh_ms_) return it->second;
  }
  auto set = std::make_shared<TenantSet>();
  set->loaded_at_ms = clock_.nowMillis();
  store::AutoCommit c(db_);
  SIGID_TRY(auto rows, repository_.listUnexpired(store::TenantScope(tenant), c, clock_.nowSeconds()));
  for (auto& row : rows) set->jtis.emplace(std::move(row.jti), row.expires_at);
  std::unique_lock lock(mutex_);
  by_tenant_[tenant.str()] = set;
  return std::shared_ptr<const TenantSet>(std::move(set));
}

Result<bool> RevocationList::isRevoked(const core::TenantId& tenant, std::string_view jti) {
  SIGID_TRY(auto set, current(tenant));
  return set->jtis.contains(std::string(jti));
}

Result<void> RevocationList::revoke(const core::TenantId& tenant, const std::string& jti, const std::string& client_id,
                                    std::int64_t expires_at) {
  const auto now = clock_.nowSeconds();
  store::AutoCommit c(db_);
  SIGID_CHECK(repository_.insert(store::TenantScope(tenant), c, {jti, client_id, expires_at, now}));
  // Copy-on-write: readers hold immutable sets without a lock while they look up.
  std::unique_lock lock(mutex_);
  auto it = by_tenant_.find(tenant.str());
  if (it != by_tenant_.end()) {
    auto updated = std::make_shared<TenantSet>(*it->second);
    updated->jtis.emplace(jti, expires_at);
    it->second = std::move(updated);
  }
  return core::success();
}

Result<void> RevocationList::purgeExpired() {
  std::vector<std::string> tenants;
  {
    std::shared_lock lock(mutex_);
    for (const auto& [id, set] : by_tenant_) tenants.push_back(id);
  }
  const auto now = clock_.nowSeconds();
  store::AutoCommit c(db_);
  for (const auto& id : tenants)
    SIGID_CHECK(repository_.deleteExpired(store::TenantScope(core::TenantId(id)), c, now));
  return core::success();
}

}  // namespace sigid::oauth
