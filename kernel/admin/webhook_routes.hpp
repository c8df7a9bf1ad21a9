#pragma once

#include "admin/events_admin_context.hpp"
#include "http/router.hpp"

namespace sigid::admin {

// /api/v1/tenants/{tenant}/webhooks: subscriptions (secret shown once, on
// create and rotate), delivery history, and replay of one delivery or a range.
void addWebhookRoutes(http::Router& router, EventsAdminContext& ctx);

}  // namespace sigid::admin
