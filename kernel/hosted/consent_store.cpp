#include "hosted/consent_store.hpp"

#include "core/log.hpp"
#include "store/autocommit.hpp"
#include "tenancy/user.hpp"

namespace sigid::hosted {

using core::Result;

namespace {

std::set<std::string> asSet(const std::string& words) {
  auto list = tenancy::splitWords(words);
  return {list.begin(), list.end()};
}

std::string auditData(const std::string& client_id, const std::string& scopes) {
  std::string data = "{\"client_id\":";
  core::appendJsonString(data, client_id);
  data += ",\"scopes\":";
  core::appendJsonString(data, scopes);
  return data + "}";
}

}  // namespace

Result<std::vector<std::string>> ConsentStore::missing(const tenancy::Tenant& tenant, const std::string& user_id,
                                                       const std::string& client_id,
                                                       const std::vector<std::string>& requested) {
  store::AutoCommit c(db_);
  SIGID_TRY(auto record, consents_.find(store::TenantScope(tenant.id), c, user_id, client_id));
  const std::set<std::string> granted = record ? asSet(record->scopes) : std::set<std::string>{};
  std::vector<std::string> out;
  for (const auto& scope : requested) {
    if (!granted.contains(scope) && std::find(out.begin(), out.end(), scope) == out.end()) out.push_back(scope);
  }
  return out;
}

Result<void> ConsentStore::grant(const core::Actor& actor, const tenancy::Tenant& tenant, const std::string& user_id,
                                 const std::string& client_id, const std::vector<std::string>& scopes) {
  return db_.transaction([&](store::Connection& c) -> Result<void> {
    const store::TenantScope scope(tenant.id);
    const auto now = clock_.nowSeconds();
    SIGID_TRY(auto record, consents_.find(scope, c, user_id, client_id));
    std::set<std::string> granted = record ? asSet(record->scopes) : std::set<std::string>{};
    granted.insert(scopes.begin(), scopes.end());
    const std::string joined = tenancy::joinWords({granted.begin(), granted.end()});  // sorted: std::set
    SIGID_CHECK(consents_.save(scope, c, {user_id, client_id, joined, record ? record->granted_at : now, now}));
    return tenants_.audit(c, actor, tenant, "consent.granted", auditData(client_id, joined));
  });
}

Result<bool> ConsentStore::revoke(const core::Actor& actor, const tenancy::Tenant& tenant, const std::string& user_id,
                                  const std::string& client_id) {
  bool removed = false;
  SIGID_CHECK(db_.transaction([&](store::Connection& c) -> Result<void> {
    SIGID_TRY(removed, consents_.remove(store::TenantScope(tenant.id), c, user_id, client_id));
    if (!removed) return core::success();
    return tenants_.audit(c, actor, tenant, "consent.revoked", auditData(client_id, ""));
  }));
  return removed;
}

}  // namespace sigid::hosted
