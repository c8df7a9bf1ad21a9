#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::store {

struct WebhookSubscriptionRecord {
  std::string id;
  std::string url;
  std::string description;
  std::string event_types;  // space-separated patterns
  std::string transport;    // plugin id
  bool active = true;
  std::string secret_sealed;
  std::optional<std::string> previous_secret_sealed;
  std::optional<std::int64_t> previous_expires_at_ms;
  std::optional<std::int64_t> failing_since_ms;
  std::string disabled_reason;  // "" | "manual" | "failing"
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// "user.*" matches "user.created" and "user.mfa.enrolled"; "*" matches every
// type; anything else matches itself only.
bool eventTypeMatches(std::string_view pattern, std::string_view type);
// `patterns` space-separated, as stored.
bool anyEventTypeMatches(std::string_view patterns, std::string_view type);

class WebhookSubscriptionRepository {
 public:
  Result<void> insert(const TenantScope& tenant, Connection& c, const WebhookSubscriptionRecord& record);
  Result<std::optional<WebhookSubscriptionRecord>> find(const TenantScope& tenant, Connection& c, const std::string& id);
  // By id (UUIDv7, so creation order), after `after_id` when given.
  Result<std::vector<WebhookSubscriptionRecord>> list(const TenantScope& tenant, Connection& c, std::size_t limit,
                                                      const std::optional<std::string>& after_id);
  Result<std::vector<WebhookSubscriptionRecord>> active(const TenantScope& tenant, Connection& c);
  // Writes every mutable column of `record`; false when it does not exist.
  Result<bool> update(const TenantScope& tenant, Connection& c, const WebhookSubscriptionRecord& record);
  Result<bool> remove(const TenantScope& tenant, Connection& c, const std::string& id);

  // Starts the auto-disable clock at the first failure after a success.
  Result<void> markFailing(const TenantScope& tenant, Connection& c, const std::string& id, std::int64_t since_ms);
  Result<void> clearFailing(const TenantScope& tenant, Connection& c, const std::string& id);
  // Only an active subscription changes: true when this call disabled it.
  Result<bool> disable(const TenantScope& tenant, Connection& c, const std::string& id, const std::string& reason,
                       std::int64_t now);
};

}  // namespace sigid::store
