#pragma once

#include "admin/application_routes.hpp"
#include "http/router.hpp"

namespace sigid::admin {

// /api/v1/tenants/{tenant}/api-keys[/{api_key}[/usage] | /introspect]: tenant
// API keys. Callers: a system credential or an API key of the tenant with
// admin:api-keys (which can grant only scopes it holds itself).
void addApiKeyRoutes(http::Router& router, OAuthAdminContext& ctx);

}  // namespace sigid::admin
