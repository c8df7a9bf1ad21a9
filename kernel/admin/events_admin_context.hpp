#pragma once

#include <string_view>

#include "admin/admin_context.hpp"
#include "events/audit_log.hpp"
#include "events/webhook_subscription_service.hpp"
#include "store/database.hpp"
#include "tenancy/api_key.hpp"

namespace sigid::admin {

// API key scopes for the routes below (system credentials hold every scope).
inline constexpr std::string_view kScopeAudit = tenancy::kScopeAudit;
inline constexpr std::string_view kScopeWebhooks = tenancy::kScopeWebhooks;

struct EventsAdminContext {
  AdminContext& admin;
  events::WebhookSubscriptionService& webhooks;
  events::AuditLog& audit_log;
  store::Database& db;
};

}  // namespace sigid::admin
