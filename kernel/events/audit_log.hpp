#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/log.hpp"
#include "core/result.hpp"
#include "events/event_recorder.hpp"
#include "store/database.hpp"
#include "store/repositories/audit_repository.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::events {

struct AuditPage {
  std::vector<store::AuditRecord> items;
  std::optional<std::string> next_cursor;  // opaque; absent on the last page
};

inline constexpr std::size_t kMaxAuditPage = 500;
inline constexpr std::size_t kMaxAuditExport = 50'000;

// Reading the audit log: newest-first pages for investigation, oldest-first
// chunks for export. Cursors are opaque (base64url of the last event id).
class AuditLog {
 public:
  explicit AuditLog(store::Database& db) : db_(db) {}

  // InvalidRequest for a cursor this API did not issue or a limit past kMaxAuditPage.
  core::Result<AuditPage> page(const store::TenantScope& tenant, const store::AuditFilter& filter,
                               const std::optional<std::string>& cursor, std::size_t limit);
  // Oldest first, up to kMaxAuditExport rows per call; next_cursor continues.
  core::Result<AuditPage> exportChunk(const store::TenantScope& tenant, const store::AuditFilter& filter,
                                      const std::optional<std::string>& cursor, std::size_t limit);

 private:
  core::Result<AuditPage> read(const store::TenantScope& tenant, const store::AuditFilter& filter,
                               const std::optional<std::string>& cursor, std::size_t limit, bool ascending);
  store::Database& db_;
  store::AuditRepository audit_;
};

// One event as a JSON object (the API item and one line of an export).
std::string auditEventJson(const store::AuditRecord& record);

// Retention: drops events older than `retention_days` (0 keeps everything),
// keeping each tenant's chain verifiable through a checkpoint, and records an
// audit.pruned event saying how many went.
class AuditRetention {
 public:
  AuditRetention(store::Database& db, const core::Clock& clock, core::Logger& logger, unsigned retention_days)
      : db_(db), clock_(clock), logger_(logger), retention_days_(retention_days), recorder_(clock) {}
  // One pass over every tenant. Returns rows removed.
  core::Result<std::int64_t> pruneAll();

 private:
  store::Database& db_;
  const core::Clock& clock_;
  core::Logger& logger_;
  unsigned retention_days_;
  EventRecorder recorder_;
  store::AuditRepository audit_;
};

}  // namespace sigid::events
