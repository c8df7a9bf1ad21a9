#include "events/audit_log.hpp"

#include "core/page_cursor.hpp"
#include "core/encoding.hpp"
#include "core/ids.hpp"
#include "events/event_types.hpp"
#include "store/autocommit.hpp"
#include "store/repositories/webhook_payload.hpp"

namespace sigid::events {

using core::Error;
using core::Result;

Result<AuditPage> AuditLog::read(const store::TenantScope& tenant, const store::AuditFilter& filter,
                                 const std::optional<std::string>& cursor, std::size_t limit, bool ascending) {
  SIGID_TRY(std::optional<std::string> after, core::decodePageCursor(cursor));
  store::AutoCommit c(db_);
  SIGID_TRY(auto rows, audit_.query(tenant, c, filter, after, ascending, limit + 1));
  AuditPage page;
  if (rows.size() > limit) {
    rows.resize(limit);
    page.next_cursor = core::encodePageCursor(rows.back().id);
  }
  page.items = std::move(rows);
  return page;
}

Result<AuditPage> AuditLog::page(const store::TenantScope& tenant, const store::AuditFilter& filter,
                                 const std::optional<std::string>& cursor, std::size_t limit) {
  if (limit == 0 || limit > kMaxAuditPage) return Error::invalidRequest("limit: expected 1 to 500");
  return read(tenant, filter, cursor, limit, false);
}

Result<AuditPage> AuditLog::exportChunk(const store::TenantScope& tenant, const store::AuditFilter& filter,
                                        const std::optional<std::string>& cursor, std::size_t limit) {
  if (limit == 0 || limit > kMaxAuditExport) return Error::invalidRequest("limit: expected 1 to 50000");
  return read(tenant, filter, cursor, limit, true);
}

std::string auditEventJson(const store::AuditRecord& r) {
  std::string out = "{\"id\":" + store::jsonQuote(r.id);
  out += ",\"type\":" + store::jsonQuote(r.type);
  out += ",\"occurred_at\":" + store::jsonQuote(store::rfc3339Millis(r.occurred_at_ms));
  out += ",\"actor\":{\"type\":" + store::jsonQuote(r.actor_type) + ",\"id\":" + store::jsonQuote(r.actor_id) + "}";
  out += ",\"target\":{\"type\":" + store::jsonQuote(r.target_type) + ",\"id\":" + store::jsonQuote(r.target_id) + "}";
  out += ",\"outcome\":" + store::jsonQuote(r.outcome);
  out += ",\"source_ip\":" + store::jsonQuote(r.source_ip);
  out += ",\"request_id\":" + store::jsonQuote(r.request_id);
  out += ",\"data\":" + (r.data.empty() ? std::string("{}") : r.data);
  return out + "}";
}

Result<std::int64_t> AuditRetention::pruneAll() {
  if (retention_days_ == 0) return std::int64_t{0};
  const std::int64_t now = clock_.nowMillis();
  const std::int64_t cutoff = now - static_cast<std::int64_t>(retention_days_) * 86'400'000;
  store::AutoCommit reader(db_);
  SIGID_TRY(auto tenants, audit_.chainedTenants(reader));
  std::int64_t total = 0;
  for (const auto& id : tenants) {
    const store::TenantScope tenant{core::TenantId(id)};
    // Bounded batches keep each transaction (and the chain head lock) short.
    while (true) {
      std::int64_t removed = 0;
      SIGID_CHECK(db_.transaction([&](store::Connection& c) -> Result<void> {
        SIGID_TRY(removed, audit_.pruneBefore(tenant, c, cutoff, 5000, now));
        if (removed == 0) return core::success();
        return recorder_.record(c, tenant, core::Actor{"system", "audit-retention", "", ""},
                                DomainEvent{std::string(types::kAuditPruned), "tenant", id, Outcome::Success,
                                            "{\"rows\":" + std::to_string(removed) + ",\"retention_days\":" +
                                                std::to_string(retention_days_) + "}"});
      }));
      total += removed;
      if (removed < 5000) break;
    }
  }
  if (total > 0) logger_.info("audit retention pruned events", {{"rows", total}});
  return total;
}

}  // namespace sigid::events
