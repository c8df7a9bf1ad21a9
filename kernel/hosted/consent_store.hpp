#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/repositories/consent_repository.hpp"
#include "tenancy/tenant_service.hpp"

namespace sigid::hosted {

// What a user has allowed each client to do, per tenant. Consent is remembered
// per (user, client) as the union of granted scopes: a request for scopes
// already granted goes through, a request for anything more asks again
// (the page lists every requested scope, so the user sees the whole picture).
class ConsentStore {
 public:
  ConsentStore(store::Database& db, const core::Clock& clock, tenancy::TenantService& tenants)
      : db_(db), clock_(clock), tenants_(tenants) {}

  // The requested scopes not yet granted; empty means no consent page is needed.
  core::Result<std::vector<std::string>> missing(const tenancy::Tenant& tenant, const std::string& user_id,
                                                 const std::string& client_id,
                                                 const std::vector<std::string>& requested);
  // Adds `scopes` to what the user has granted the client; audited.
  core::Result<void> grant(const core::Actor& actor, const tenancy::Tenant& tenant, const std::string& user_id,
                           const std::string& client_id, const std::vector<std::string>& scopes);
  core::Result<bool> revoke(const core::Actor& actor, const tenancy::Tenant& tenant, const std::string& user_id,
                            const std::string& client_id);

 private:
  store::Database& db_;
  const core::Clock& clock_;
  tenancy::TenantService& tenants_;
  store::ConsentRepository consents_;
};

}  // namespace sigid::hosted
