#pragma once

#include "admin/admin_context.hpp"
#include "http/router.hpp"
#include "tenancy/api_key_service.hpp"
#include "tenancy/application_service.hpp"

namespace sigid::admin {

// What the application and API-key handlers need beyond the shared admin context.
struct OAuthAdminContext {
  AdminContext& admin;
  tenancy::ApplicationService& applications;
  tenancy::ApiKeyService& api_keys;
};

// /api/v1/tenants/{tenant}/applications[/{application}[/regenerate-secret]]:
// OAuth clients. Callers: a system credential or an API key of the tenant with
// admin:applications. Another tenant's application id is 404, exactly as a
// missing one.
void addApplicationRoutes(http::Router& router, OAuthAdminContext& ctx);

}  // namespace sigid::admin
