#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/result.hpp"
#include "http/request.hpp"
#include "tenancy/api_key_service.hpp"
#include "tenancy/system_authenticator.hpp"
#include "tenancy/tenant_service.hpp"

namespace sigid::admin {

// What the control-plane handlers share: the services they call and the
// configured public base URL (issuers derive from it, never from Host).
struct AdminContext {
  tenancy::TenantService& tenants;
  tenancy::SystemAuthenticator& system_auth;
  std::string public_base_url;
  // Tenant API keys (authenticateTenantCaller); null: only system credentials work.
  tenancy::ApiKeyService* api_keys = nullptr;
};

// Authenticates `Authorization: Bearer <system credential>` and returns the
// actor to record in audit events.
core::Result<core::Actor> authenticateSystemCaller(AdminContext& ctx, const http::Request& request);

// Who may act on /api/v1/tenants/{tenant}/...: a system credential, or an API
// key of that very tenant holding `scope` (tenancy/api_key.hpp lists them).
struct TenantCaller {
  core::Actor actor;
  tenancy::Tenant tenant;                        // active: suspended tenants are refused
  std::optional<std::vector<std::string>> key_scopes;  // set when an API key called
};

// Resolves the path's {tenant} and authenticates the caller for it. A key of
// another tenant, or any key for a tenant that does not exist, is 401 exactly
// like a wrong key (no tenant enumeration); a key without `scope` is 403; a
// system caller naming a missing tenant gets 404; a suspended tenant is 403
// tenant_suspended for everyone.
core::Result<TenantCaller> authenticateTenantCaller(AdminContext& ctx, const http::Request& request,
                                                    std::string_view scope);

}  // namespace sigid::admin
