#include "store/repositories/outbox_repository.hpp"

#include "core/ids.hpp"
#include "store/repositories/audit_repository.hpp"
#include "store/repositories/webhook_payload.hpp"
#include "store/repositories/webhook_subscription_repository.hpp"

namespace sigid::store {
namespace {

constexpr const char* kColumns =
    "id, subscription_id, event_id, event_type, body, state, attempts, next_attempt_at_ms, last_status, last_error, "
    "created_at_ms, completed_at_ms";

DeliveryRecord recordFrom(const Row& r, std::size_t at = 0) {
  return DeliveryRecord{r.text(at + 0),    r.text(at + 1),    r.text(at + 2),    r.text(at + 3),
                        r.text(at + 4),    r.text(at + 5),    r.integer(at + 6), r.integer(at + 7),
                        r.integer(at + 8), r.text(at + 9),    r.integer(at + 10), r.optionalInteger(at + 11)};
}

Value optional(const std::optional<std::int64_t>& v) { return v ? Value(*v) : null(); }

}  // namespace

Result<void> OutboxRepository::enqueueForEvent(const TenantScope& tenant, Connection& c, const AuditRecord& event) {
  SIGID_TRY(auto subscriptions, WebhookSubscriptionRepository{}.active(tenant, c));
  std::string body;
  for (const auto& s : subscriptions) {
    if (!anyEventTypeMatches(s.event_types, event.type)) continue;
    if (event.type.starts_with("webhook.") && event.target_id == s.id) continue;
    if (body.empty()) body = webhookPayload(tenant.str(), event);
    SIGID_CHECK(c.execute(std::string("INSERT INTO webhook_deliveries (tenant_id, ") + kColumns +
                              ", lease_token) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, 0, '', ?, NULL, '')",
                          {tenant.str(), core::Uuid::v7().str(), s.id, event.id, event.type, body,
                           event.occurred_at_ms, event.occurred_at_ms}));
  }
  return core::success();
}

Result<std::vector<ClaimedDelivery>> OutboxRepository::claimDue(Database& db, std::int64_t now_ms,
                                                                std::int64_t lease_ms, std::size_t limit,
                                                                const std::string& token) {
  std::vector<ClaimedDelivery> claimed;
  const bool mysql = db.dialect() == Dialect::Mysql;
  SIGID_CHECK(db.transaction([&](Connection& c) -> Result<void> {
    claimed.clear();  // a retried transaction starts over
    std::string sql = std::string("SELECT tenant_id, ") + kColumns +
                      " FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at_ms <= ? "
                      "ORDER BY next_attempt_at_ms LIMIT ?";
    if (mysql) sql += " FOR UPDATE SKIP LOCKED";
    SIGID_TRY(Rows rows, c.query(sql, {now_ms, static_cast<std::int64_t>(limit)}));
    for (const Row& r : rows) {
      ClaimedDelivery d{r.text(0), recordFrom(r, 1), token};
      SIGID_CHECK(c.execute("UPDATE webhook_deliveries SET lease_token = ?, next_attempt_at_ms = ? WHERE tenant_id = ? "
                            "AND id = ?",
                            {token, now_ms + lease_ms, d.tenant_id, d.record.id}));
      claimed.push_back(std::move(d));
    }
    return core::success();
  }));
  return claimed;
}

Result<bool> OutboxRepository::complete(const TenantScope& tenant, Connection& c, const std::string& id,
                                        const std::string& token, const DeliveryUpdate& u) {
  SIGID_TRY(std::int64_t changed,
            c.execute("UPDATE webhook_deliveries SET state = ?, attempts = ?, next_attempt_at_ms = ?, lease_token = '', "
                      "last_status = ?, last_error = ?, completed_at_ms = ? WHERE tenant_id = ? AND id = ? AND "
                      "lease_token = ? AND state = 'pending'",
                      {u.state, u.attempts, u.next_attempt_at_ms, u.last_status, u.last_error.substr(0, 500),
                       optional(u.completed_at_ms), tenant.str(), id, token}));
  return changed > 0;
}

Result<bool> OutboxRepository::release(const TenantScope& tenant, Connection& c, const std::string& id,
                                       const std::string& token, std::int64_t next_at_ms) {
  SIGID_TRY(std::int64_t changed,
            c.execute("UPDATE webhook_deliveries SET lease_token = '', next_attempt_at_ms = ? WHERE tenant_id = ? AND "
                      "id = ? AND lease_token = ? AND state = 'pending'",
                      {next_at_ms, tenant.str(), id, token}));
  return changed > 0;
}

Result<void> OutboxRepository::recordAttempt(const TenantScope& tenant, Connection& c, const DeliveryAttemptRecord& a) {
  SIGID_CHECK(c.execute("INSERT INTO webhook_delivery_attempts (tenant_id, id, delivery_id, attempt, attempted_at_ms, "
                        "duration_ms, status, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        {tenant.str(), a.id, a.delivery_id, a.attempt, a.attempted_at_ms, a.duration_ms, a.status,
                         a.outcome, a.detail.substr(0, 500)}));
  return core::success();
}

Result<std::optional<DeliveryRecord>> OutboxRepository::find(const TenantScope& tenant, Connection& c,
                                                             const std::string& id) {
  SIGID_TRY(Rows rows, c.query(std::string("SELECT ") + kColumns + " FROM webhook_deliveries WHERE tenant_id = ? AND id = ?",
                               {tenant.str(), id}));
  if (rows.empty()) return std::optional<DeliveryRecord>{};
  return std::optional<DeliveryRecord>(recordFrom(rows[0]));
}

Result<std::vector<DeliveryRecord>> OutboxRepository::listForSubscription(const TenantScope& tenant, Connection& c,
                                                                          const std::string& subscription_id,
                                                                          const std::optional<std::string>& state,
                                                                          const std::optional<std::string>& before_id,
                                                                          std::size_t limit) {
  std::string sql = std::string("SELECT ") + kColumns +
                    " FROM webhook_deliveries WHERE tenant_id = ? AND subscription_id = ?";
  Params params{tenant.str(), subscription_id};
  if (state) {
    sql += " AND state = ?";
    params.emplace_back(*state);
  }
  if (before_id) {
    sql += " AND id < ?";
    params.emplace_back(*before_id);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(limit));
  SIGID_TRY(Rows rows, c.query(sql, params));
  std::vector<DeliveryRecord> out;
  for (const Row& r : rows) out.push_back(recordFrom(r));
  return out;
}

Result<std::vector<DeliveryAttemptRecord>> OutboxRepository::attempts(const TenantScope& tenant, Connection& c,
                                                                      const std::string& delivery_id) {
  SIGID_TRY(Rows rows, c.query("SELECT id, delivery_id, attempt, attempted_at_ms, duration_ms, status, outcome, detail "
                               "FROM webhook_delivery_attempts WHERE tenant_id = ? AND delivery_id = ? "
                               "ORDER BY attempted_at_ms, id",
                               {tenant.str(), delivery_id}));
  std::vector<DeliveryAttemptRecord> out;
  for (const Row& r : rows)
    out.push_back(DeliveryAttemptRecord{r.text(0), r.text(1), r.integer(2), r.integer(3), r.integer(4), r.integer(5),
                                        r.text(6), r.text(7)});
  return out;
}

Result<bool> OutboxRepository::replay(const TenantScope& tenant, Connection& c, const std::string& subscription_id,
                                      const std::string& id, std::int64_t now_ms) {
  SIGID_TRY(std::int64_t changed,
            c.execute("UPDATE webhook_deliveries SET state = 'pending', attempts = 0, next_attempt_at_ms = ?, "
                      "lease_token = '', completed_at_ms = NULL WHERE tenant_id = ? AND subscription_id = ? AND id = ? "
                      "AND state IN ('delivered', 'dead')",
                      {now_ms, tenant.str(), subscription_id, id}));
  return changed > 0;
}

Result<std::int64_t> OutboxRepository::replayRange(const TenantScope& tenant, Connection& c,
                                                   const std::string& subscription_id, std::int64_t from_ms,
                                                   std::int64_t to_ms, std::int64_t now_ms) {
  return c.execute("UPDATE webhook_deliveries SET state = 'pending', attempts = 0, next_attempt_at_ms = ?, "
                   "lease_token = '', completed_at_ms = NULL WHERE tenant_id = ? AND subscription_id = ? AND "
                   "created_at_ms >= ? AND created_at_ms < ? AND state IN ('delivered', 'dead')",
                   {now_ms, tenant.str(), subscription_id, from_ms, to_ms});
}

Result<void> OutboxRepository::pause(const TenantScope& tenant, Connection& c, const std::string& subscription_id) {
  SIGID_CHECK(c.execute("UPDATE webhook_deliveries SET state = 'paused', lease_token = '' WHERE tenant_id = ? AND "
                        "subscription_id = ? AND state = 'pending'",
                        {tenant.str(), subscription_id}));
  return core::success();
}

Result<void> OutboxRepository::resume(const TenantScope& tenant, Connection& c, const std::string& subscription_id,
                                      std::int64_t now_ms) {
  SIGID_CHECK(c.execute("UPDATE webhook_deliveries SET state = 'pending', next_attempt_at_ms = ? WHERE tenant_id = ? "
                        "AND subscription_id = ? AND state = 'paused'",
                        {now_ms, tenant.str(), subscription_id}));
  return core::success();
}

Result<void> OutboxRepository::removeForSubscription(const TenantScope& tenant, Connection& c,
                                                     const std::string& subscription_id) {
  SIGID_CHECK(c.execute("DELETE FROM webhook_delivery_attempts WHERE tenant_id = ? AND delivery_id IN (SELECT id FROM "
                        "webhook_deliveries WHERE tenant_id = ? AND subscription_id = ?)",
                        {tenant.str(), tenant.str(), subscription_id}));
  SIGID_CHECK(c.execute("DELETE FROM webhook_deliveries WHERE tenant_id = ? AND subscription_id = ?",
                        {tenant.str(), subscription_id}));
  return core::success();
}

Result<std::int64_t> OutboxRepository::backlog(Database& db) {
  SIGID_TRY(Rows rows, db.query("SELECT COUNT(*) FROM webhook_deliveries WHERE state IN ('pending', 'paused')"));
  return rows.empty() ? 0 : rows[0].integer(0);
}

}  // namespace sigid::store
