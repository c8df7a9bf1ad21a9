#include "store/repositories/webhook_subscription_repository.hpp"

namespace sigid::store {
namespace {

constexpr const char* kColumns =
    "id, url, description, event_types, transport, active, secret_sealed, previous_secret_sealed, "
    "previous_expires_at_ms, failing_since_ms, disabled_reason, created_at, updated_at";

WebhookSubscriptionRecord recordFrom(const Row& r) {
  return WebhookSubscriptionRecord{r.text(0),  r.text(1),          r.text(2),          r.text(3),
                                   r.text(4),  r.integer(5) != 0,  r.text(6),          r.optionalText(7),
                                   r.optionalInteger(8), r.optionalInteger(9), r.text(10), r.integer(11),
                                   r.integer(12)};
}

Value optional(const std::optional<std::string>& v) { return v ? Value(*v) : null(); }
Value optional(const std::optional<std::int64_t>& v) { return v ? Value(*v) : null(); }

}  // namespace

bool eventTypeMatches(std::string_view pattern, std::string_view type) {
  if (pattern == "*") return true;
  if (pattern.ends_with(".*")) return type.starts_with(pattern.substr(0, pattern.size() - 1));
  return pattern == type;
}

bool anyEventTypeMatches(std::string_view patterns, std::string_view type) {
  while (!patterns.empty()) {
    auto space = patterns.find(' ');
    std::string_view one = patterns.substr(0, space);
    if (!one.empty() && eventTypeMatches(one, type)) return true;
    if (space == std::string_view::npos) break;
    patterns.remove_prefix(space + 1);
  }
  return false;
}

Result<void> WebhookSubscriptionRepository::insert(const TenantScope& tenant, Connection& c,
                                                   const WebhookSubscriptionRecord& r) {
  SIGID_CHECK(c.execute(std::string("INSERT INTO webhook_subscriptions (tenant_id, ") + kColumns +
                            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        {tenant.str(), r.id, r.url, r.description, r.event_types, r.transport,
                         std::int64_t{r.active ? 1 : 0}, r.secret_sealed, optional(r.previous_secret_sealed),
                         optional(r.previous_expires_at_ms), optional(r.failing_since_ms), r.disabled_reason,
                         r.created_at, r.updated_at}));
  return core::success();
}

Result<std::optional<WebhookSubscriptionRecord>> WebhookSubscriptionRepository::find(const TenantScope& tenant,
                                                                                     Connection& c,
                                                                                     const std::string& id) {
  SIGID_TRY(Rows rows, c.query(std::string("SELECT ") + kColumns +
                                   " FROM webhook_subscriptions WHERE tenant_id = ? AND id = ?",
                               {tenant.str(), id}));
  if (rows.empty()) return std::optional<WebhookSubscriptionRecord>{};
  return std::optional<WebhookSubscriptionRecord>(recordFrom(rows[0]));
}

Result<std::vector<WebhookSubscriptionRecord>> WebhookSubscriptionRepository::list(
    const TenantScope& tenant, Connection& c, std::size_t limit, const std::optional<std::string>& after_id) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM webhook_subscriptions WHERE tenant_id = ?";
  Params params{tenant.str()};
  if (after_id) {
    sql += " AND id > ?";
    params.emplace_back(*after_id);
  }
  sql += " ORDER BY id LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(limit));
  SIGID_TRY(Rows rows, c.query(sql, params));
  std::vector<WebhookSubscriptionRecord> out;
  for (const Row& r : rows) out.push_back(recordFrom(r));
  return out;
}

Result<std::vector<WebhookSubscriptionRecord>> WebhookSubscriptionRepository::active(const TenantScope& tenant,
                                                                                     Connection& c) {
  SIGID_TRY(Rows rows, c.query(std::string("SELECT ") + kColumns +
                                   " FROM webhook_subscriptions WHERE tenant_id = ? AND active = 1 ORDER BY id",
                               {tenant.str()}));
  std::vector<WebhookSubscriptionRecord> out;
  for (const Row& r : rows) out.push_back(recordFrom(r));
  return out;
}

Result<bool> WebhookSubscriptionRepository::update(const TenantScope& tenant, Connection& c,
                                                   const WebhookSubscriptionRecord& r) {
  SIGID_TRY(std::int64_t changed,
            c.execute("UPDATE webhook_subscriptions SET url = ?, description = ?, event_types = ?, transport = ?, "
                      "active = ?, secret_sealed = ?, previous_secret_sealed = ?, previous_expires_at_ms = ?, "
                      "failing_since_ms = ?, disabled_reason = ?, updated_at = ? WHERE tenant_id = ? AND id = ?",
                      {r.url, r.description, r.event_types, r.transport, std::int64_t{r.active ? 1 : 0},
                       r.secret_sealed, optional(r.previous_secret_sealed), optional(r.previous_expires_at_ms),
                       optional(r.failing_since_ms), r.disabled_reason, r.updated_at, tenant.str(), r.id}));
  return changed > 0;
}

Result<bool> WebhookSubscriptionRepository::remove(const TenantScope& tenant, Connection& c, const std::string& id) {
  SIGID_TRY(std::int64_t changed,
            c.execute("DELETE FROM webhook_subscriptions WHERE tenant_id = ? AND id = ?", {tenant.str(), id}));
  return changed > 0;
}

Result<void> WebhookSubscriptionRepository::markFailing(const TenantScope& tenant, Connection& c,
                                                        const std::string& id, std::int64_t since_ms) {
  SIGID_CHECK(c.execute("UPDATE webhook_subscriptions SET failing_since_ms = ? WHERE tenant_id = ? AND id = ? AND "
                        "failing_since_ms IS NULL",
                        {since_ms, tenant.str(), id}));
  return core::success();
}

Result<void> WebhookSubscriptionRepository::clearFailing(const TenantScope& tenant, Connection& c,
                                                         const std::string& id) {
  SIGID_CHECK(c.execute("UPDATE webhook_subscriptions SET failing_since_ms = NULL WHERE tenant_id = ? AND id = ? AND "
                        "failing_since_ms IS NOT NULL",
                        {tenant.str(), id}));
  return core::success();
}

Result<bool> WebhookSubscriptionRepository::disable(const TenantScope& tenant, Connection& c, const std::string& id,
                                                    const std::string& reason, std::int64_t now) {
  SIGID_TRY(std::int64_t changed,
            c.execute("UPDATE webhook_subscriptions SET active = 0, disabled_reason = ?, updated_at = ? WHERE "
                      "tenant_id = ? AND id = ? AND active = 1",
                      {reason, now, tenant.str(), id}));
  return changed > 0;
}

}  // namespace sigid::store
