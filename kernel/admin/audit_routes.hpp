#pragma once

#include "admin/events_admin_context.hpp"
#include "http/router.hpp"

namespace sigid::admin {

// /api/v1/tenants/{tenant}/audit: query (newest first, cursor paging), export
// (JSON lines, oldest first) and verify the tenant's hash chain.
void addAuditRoutes(http::Router& router, EventsAdminContext& ctx);

}  // namespace sigid::admin
