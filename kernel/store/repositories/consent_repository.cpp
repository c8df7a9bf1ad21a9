#include "store/repositories/consent_repository.hpp"

namespace sigid::store {

Result<std::optional<ConsentRecord>> ConsentRepository::find(const TenantScope& tenant, Connection& c,
                                                             const std::string& user_id, const std::string& client_id) {
  SIGID_TRY(Rows rows, c.query("SELECT user_id, client_id, scopes, granted_at, updated_at FROM consents "
                               "WHERE tenant_id = ? AND user_id = ? AND client_id = ?",
                               {tenant.str(), user_id, client_id}));
  if (rows.empty()) return std::optional<ConsentRecord>{};
  const Row& r = rows.front();
  return std::optional<ConsentRecord>{ConsentRecord{r.text(0), r.text(1), r.text(2), r.integer(3), r.integer(4)}};
}

Result<void> ConsentRepository::save(const TenantScope& tenant, Connection& c, const ConsentRecord& record) {
  SIGID_TRY(auto changed, c.execute("UPDATE consents SET scopes = ?, updated_at = ? "
                                    "WHERE tenant_id = ? AND user_id = ? AND client_id = ?",
                                    {record.scopes, record.updated_at, tenant.str(), record.user_id, record.client_id}));
  if (changed > 0) return core::success();
  SIGID_CHECK(c.execute("INSERT INTO consents (tenant_id, user_id, client_id, scopes, granted_at, updated_at) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        {tenant.str(), record.user_id, record.client_id, record.scopes, record.granted_at,
                         record.updated_at}));
  return core::success();
}

Result<bool> ConsentRepository::remove(const TenantScope& tenant, Connection& c, const std::string& user_id,
                                       const std::string& client_id) {
  SIGID_TRY(auto n, c.execute("DELETE FROM consents WHERE tenant_id = ? AND user_id = ? AND client_id = ?",
                              {tenant.str(), user_id, client_id}));
  return n > 0;
}

}  // namespace sigid::store
