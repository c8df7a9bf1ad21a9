#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::store {

struct AuditRecord;

// One webhook delivery: an event for one subscription (the outbox row).
struct DeliveryRecord {
  std::string id;  // sent as webhook-id: stable across attempts and replays
  std::string subscription_id;
  std::string event_id;
  std::string event_type;
  std::string body;
  std::string state;  // pending | paused | delivered | dead
  std::int64_t attempts = 0;
  std::int64_t next_attempt_at_ms = 0;
  std::int64_t last_status = 0;
  std::string last_error;
  std::int64_t created_at_ms = 0;
  std::optional<std::int64_t> completed_at_ms;
};

struct ClaimedDelivery {
  std::string tenant_id;
  DeliveryRecord record;
  std::string lease_token;
};

struct DeliveryAttemptRecord {
  std::string id;
  std::string delivery_id;
  std::int64_t attempt = 0;
  std::int64_t attempted_at_ms = 0;
  std::int64_t duration_ms = 0;
  std::int64_t status = 0;
  std::string outcome;  // delivered | retry | failed
  std::string detail;
};

// What the dispatcher decided after an attempt.
struct DeliveryUpdate {
  std::string state;  // pending (retry at next_attempt_at_ms) | delivered | dead
  std::int64_t attempts = 0;
  std::int64_t next_attempt_at_ms = 0;
  std::int64_t last_status = 0;
  std::string last_error;
  std::optional<std::int64_t> completed_at_ms;
};

// The transactional outbox of webhook deliveries (DESIGN.md §8).
class OutboxRepository {
 public:
  // One pending row per active subscription whose filter matches the event.
  // Called by AuditRepository::append on the same connection as the change.
  // Events about a subscription (webhook.*) are not sent to that subscription:
  // a failing receiver must not feed itself its own dead-letter alerts.
  Result<void> enqueueForEvent(const TenantScope& tenant, Connection& c, const AuditRecord& event);

  // Claims up to `limit` due rows of any tenant for `lease_ms` under `token`: a
  // claim moves next_attempt_at_ms to the lease's end, so a row whose worker
  // died becomes due again by itself. MySQL: FOR UPDATE SKIP LOCKED, so several
  // kernels never claim one row twice within a lease; SQLite: one writer.
  // A system task across tenants, the one unscoped query here (by design).
  static Result<std::vector<ClaimedDelivery>> claimDue(Database& db, std::int64_t now_ms, std::int64_t lease_ms,
                                                       std::size_t limit, const std::string& token);

  // False when the lease was lost (expired and claimed elsewhere): the other
  // claimant's outcome wins.
  Result<bool> complete(const TenantScope& tenant, Connection& c, const std::string& id, const std::string& token,
                        const DeliveryUpdate& update);
  // Gives a claimed row back untouched (destination busy), due at `next_at_ms`.
  Result<bool> release(const TenantScope& tenant, Connection& c, const std::string& id, const std::string& token,
                       std::int64_t next_at_ms);
  Result<void> recordAttempt(const TenantScope& tenant, Connection& c, const DeliveryAttemptRecord& attempt);

  Result<std::optional<DeliveryRecord>> find(const TenantScope& tenant, Connection& c, const std::string& id);
  // Newest first; before `before_id` when given.
  Result<std::vector<DeliveryRecord>> listForSubscription(const TenantScope& tenant, Connection& c,
                                                          const std::string& subscription_id,
                                                          const std::optional<std::string>& state,
                                                          const std::optional<std::string>& before_id,
                                                          std::size_t limit);
  Result<std::vector<DeliveryAttemptRecord>> attempts(const TenantScope& tenant, Connection& c,
                                                      const std::string& delivery_id);

  // Makes a delivered or dead delivery pending again, due now, with a fresh
  // retry schedule. False when there is no such delivery for the subscription.
  Result<bool> replay(const TenantScope& tenant, Connection& c, const std::string& subscription_id,
                      const std::string& id, std::int64_t now_ms);
  // The same for every delivered or dead delivery created in [from_ms, to_ms).
  Result<std::int64_t> replayRange(const TenantScope& tenant, Connection& c, const std::string& subscription_id,
                                   std::int64_t from_ms, std::int64_t to_ms, std::int64_t now_ms);

  // Subscription switched off / on: its pending rows wait instead of failing.
  Result<void> pause(const TenantScope& tenant, Connection& c, const std::string& subscription_id);
  Result<void> resume(const TenantScope& tenant, Connection& c, const std::string& subscription_id,
                      std::int64_t now_ms);
  Result<void> removeForSubscription(const TenantScope& tenant, Connection& c, const std::string& subscription_id);

  // Rows not yet delivered nor dead, across tenants (metrics, tests).
  static Result<std::int64_t> backlog(Database& db);
};

}  // namespace sigid::store
