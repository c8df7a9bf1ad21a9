#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/repositories/outbox_repository.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::store {

// One event of the audit log (DESIGN.md §8). Written in the same transaction as
// the change it records.
struct AuditRecord {
  std::string id;  // UUIDv7: time-ordered
  std::int64_t occurred_at_ms = 0;
  std::string type;  // e.g. "tenant.suspended"
  std::string actor_type;
  std::string actor_id;
  std::string target_type;
  std::string target_id;
  std::string source_ip;
  std::string request_id;
  std::string outcome;  // success | failure
  std::string data;     // JSON object; never secrets
};

// A stored row with its place in the tenant's chain (seq is absent for rows
// written before the chain existed).
struct AuditRow {
  AuditRecord record;
  std::optional<std::int64_t> seq;
  std::string prev_hash;
  std::string hash;
};

struct ChainLink {
  std::int64_t seq = 0;
  std::string hash;
};

struct AuditCheckpoint {
  ChainLink link;  // the last pruned row
  std::int64_t pruned_rows = 0;
  std::int64_t pruned_at_ms = 0;
};

// Query filters; every set field must match. `type` ending in ".*" matches the prefix.
struct AuditFilter {
  std::optional<std::int64_t> from_ms;  // inclusive
  std::optional<std::int64_t> to_ms;    // exclusive
  std::optional<std::string> type;
  std::optional<std::string> actor_type;
  std::optional<std::string> actor_id;
  std::optional<std::string> target_type;
  std::optional<std::string> target_id;
  std::optional<std::string> outcome;
};

class AuditRepository {
 public:
  // Links the record into the tenant's chain and enqueues it for every matching
  // active webhook subscription, all on `c`. Inside a transaction the three
  // commit with the change or not at all. Concurrent appends of one tenant are
  // serialised by a conditional update of the chain head (retried when another
  // writer moved it), so the chain never forks on either backend.
  Result<void> append(const TenantScope& tenant, Connection& c, const AuditRecord& record);

  // Newest first.
  Result<std::vector<AuditRecord>> recent(const TenantScope& tenant, Connection& c, std::size_t limit);
  // Newest first, ids strictly before `before_id` (the cursor), or oldest first
  // after `after_id` when `ascending`.
  Result<std::vector<AuditRecord>> query(const TenantScope& tenant, Connection& c, const AuditFilter& filter,
                                         const std::optional<std::string>& cursor_id, bool ascending,
                                         std::size_t limit);

  // Chained rows with seq > after_seq, in chain order.
  Result<std::vector<AuditRow>> chain(const TenantScope& tenant, Connection& c, std::int64_t after_seq,
                                      std::size_t limit);
  Result<std::int64_t> unchainedCount(const TenantScope& tenant, Connection& c);
  Result<std::optional<ChainLink>> head(const TenantScope& tenant, Connection& c);
  Result<std::optional<AuditCheckpoint>> checkpoint(const TenantScope& tenant, Connection& c);

  // Retention: removes the longest prefix of the chain older than `cutoff_ms`
  // (at most `max_rows`) and records the last removed link as the checkpoint
  // the remaining chain verifies from. Returns the number of rows removed.
  Result<std::int64_t> pruneBefore(const TenantScope& tenant, Connection& c, std::int64_t cutoff_ms,
                                   std::size_t max_rows, std::int64_t now_ms);

  // Tenants with a chain: what retention walks. A system task, not tenant data.
  Result<std::vector<std::string>> chainedTenants(Connection& c);

 private:
  // The new row's place: prev_hash is what the head held, so it is stored with
  // the row and a verifier can name the exact row where a chain breaks.
  struct NewLink {
    std::int64_t seq;
    std::string prev_hash;
    std::string hash;
  };
  Result<NewLink> claimNextLink(const TenantScope& tenant, Connection& c, const AuditRecord& record);
  OutboxRepository outbox_;
};

}  // namespace sigid::store
