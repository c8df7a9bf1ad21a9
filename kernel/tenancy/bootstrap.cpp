#include "tenancy/bootstrap.hpp"

#include "core/actor.hpp"
#include "core/hashing.hpp"
#include "core/ids.hpp"
#include "core/random.hpp"
#include "store/repositories/audit_repository.hpp"
#include "store/repositories/system_credential_repository.hpp"
#include "store/repositories/tenant_repository.hpp"
#include "tenancy/tenant_settings.hpp"

namespace sigid::tenancy {

core::Result<std::optional<std::string>> bootstrapSystemTenant(store::Database& db, const core::Clock& clock) {
  std::optional<std::string> credential;
  store::TenantRepository tenants;
  auto committed = db.transaction([&](store::Connection& c) -> core::Result<void> {
    SIGID_TRY(auto existing, tenants.findById(c, std::string(core::kSystemTenantId)));
    if (existing) return core::success();
    const auto now = clock.nowSeconds();
    SIGID_CHECK(tenants.insert(c, store::TenantRecord{std::string(core::kSystemTenantId),
                                                      std::string(core::kSystemTenantSlug), "System", "system",
                                                      "active", settingsToJson(TenantSettings{}), 1, now, now}));
    std::string secret = std::string(kSystemCredentialPrefix) + core::randomToken(32);
    store::SystemCredentialRecord record{core::Uuid::v7().str(), "bootstrap", core::sha256Hex(secret), now, {}};
    SIGID_CHECK(store::SystemCredentialRepository{}.insert(c, record));
    store::AuditRecord audit{core::Uuid::v7().str(), clock.nowMillis(), "system.bootstrapped", "system", "sigid",
                             "system_credential", record.id, "", "", "success", "{}"};
    SIGID_CHECK(store::AuditRepository{}.append(store::TenantScope(core::TenantId(std::string(core::kSystemTenantId))),
                                               c, audit));
    credential = std::move(secret);
    return core::success();
  });
  if (!committed) {
    if (committed.error().code() == core::ErrorCode::Conflict) return std::optional<std::string>{};
    return std::move(committed).error();
  }
  return credential;
}

}  // namespace sigid::tenancy
