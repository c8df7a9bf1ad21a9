#pragma once

#include "admin/admin_context.hpp"
#include "http/router.hpp"

namespace sigid::admin {

// /api/v1/system/tenants...: platform operators provision and manage tenants.
void addSystemTenantRoutes(http::Router& router, AdminContext& ctx);

// /api/v1/tenants/{tenant}...: a tenant's own view. Suspended tenants are
// refused here (403 tenant_suspended) while their data stays intact.
void addTenantSelfRoutes(http::Router& router, AdminContext& ctx);

}  // namespace sigid::admin
