#pragma once

#include <string>

#include "core/actor.hpp"
#include "core/result.hpp"
#include "http/request.hpp"
#include "tenancy/system_authenticator.hpp"
#include "tenancy/tenant_service.hpp"

namespace sigid::admin {

// What the control-plane handlers share: the services they call and the
// configured public base URL (issuers derive from it, never from Host).
struct AdminContext {
  tenancy::TenantService& tenants;
  tenancy::SystemAuthenticator& system_auth;
  std::string public_base_url;
};

// Authenticates `Authorization: Bearer <system credential>` and returns the
// actor to record in audit events.
core::Result<core::Actor> authenticateSystemCaller(AdminContext& ctx, const http::Request& request);

}  // namespace sigid::admin
