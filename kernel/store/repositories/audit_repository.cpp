#include "store/repositories/audit_repository.hpp"

namespace sigid::store {

Result<void> AuditRepository::append(const TenantScope& tenant, Connection& c, const AuditRecord& r) {
  SIGID_CHECK(c.execute(
      "INSERT INTO audit_events (tenant_id, id, occurred_at_ms, type, actor_type, actor_id, target_type, target_id, "
      "source_ip, request_id, outcome, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {tenant.str(), r.id, r.occurred_at_ms, r.type, r.actor_type, r.actor_id, r.target_type, r.target_id,
       r.source_ip, r.request_id, r.outcome, r.data}));
  return core::success();
}

Result<std::vector<AuditRecord>> AuditRepository::recent(const TenantScope& tenant, Connection& c, std::size_t limit) {
  SIGID_TRY(Rows rows,
            c.query("SELECT id, occurred_at_ms, type, actor_type, actor_id, target_type, target_id, source_ip, "
                    "request_id, outcome, data FROM audit_events WHERE tenant_id = ? ORDER BY id DESC LIMIT ?",
                    {tenant.str(), static_cast<std::int64_t>(limit)}));
  std::vector<AuditRecord> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    out.push_back(AuditRecord{r.text(0), r.integer(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6),
                              r.text(7), r.text(8), r.text(9), r.text(10)});
  }
  return out;
}

}  // namespace sigid::store
