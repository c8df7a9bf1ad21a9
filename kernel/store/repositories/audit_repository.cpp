#include "store/repositories/audit_repository.hpp"

#include "store/repositories/audit_chain.hpp"

namespace sigid::store {
namespace {

// Beyond this many lost races for one tenant's head something is wrong (or the
// tenant is absurdly hot): give up with a retryable error instead of spinning.
constexpr int kMaxHeadRaces = 200;

constexpr const char* kColumns =
    "id, occurred_at_ms, type, actor_type, actor_id, target_type, target_id, source_ip, request_id, outcome, data";

AuditRecord recordFrom(const Row& r) {
  return AuditRecord{r.text(0), r.integer(1), r.text(2), r.text(3), r.text(4), r.text(5),
                     r.text(6), r.text(7), r.text(8), r.text(9), r.text(10)};
}

void addFilter(std::string& sql, Params& params, const char* column, const std::optional<std::string>& value) {
  if (!value) return;
  sql += std::string(" AND ") + column + " = ?";
  params.emplace_back(*value);
}

}  // namespace

Result<AuditRepository::NewLink> AuditRepository::claimNextLink(const TenantScope& tenant, Connection& c, const AuditRecord& record) {
  for (int race = 0; race < kMaxHeadRaces; ++race) {
    SIGID_TRY(Rows heads, c.query("SELECT seq, hash FROM audit_chain_heads WHERE tenant_id = ?", {tenant.str()}));
    if (heads.empty()) {
      std::string hash = auditRowHash(tenant.str(), 1, record, kAuditGenesisHash);
      auto inserted = c.execute("INSERT INTO audit_chain_heads (tenant_id, seq, hash, updated_at_ms) VALUES (?, 1, ?, ?)",
                                {tenant.str(), hash, record.occurred_at_ms});
      if (inserted) return NewLink{1, std::string(kAuditGenesisHash), std::move(hash)};
      if (inserted.error().code() != core::ErrorCode::Conflict) return std::move(inserted).error();
      continue;  // another writer started the chain first
    }
    const std::int64_t prev_seq = heads[0].integer(0);
    const std::string prev_hash = heads[0].text(1);
    std::string hash = auditRowHash(tenant.str(), prev_seq + 1, record, prev_hash);
    // Conditional: only moves the head we read. Under MySQL this also takes the
    // row lock that every later writer of the tenant waits on until we commit.
    SIGID_TRY(std::int64_t moved,
              c.execute("UPDATE audit_chain_heads SET seq = ?, hash = ?, updated_at_ms = ? WHERE tenant_id = ? AND seq = ?",
                        {prev_seq + 1, hash, record.occurred_at_ms, tenant.str(), prev_seq}));
    if (moved == 1) return NewLink{prev_seq + 1, prev_hash, std::move(hash)};
  }
  return core::Error::unavailable("audit chain head of tenant " + tenant.str() + " stayed contended");
}

Result<void> AuditRepository::append(const TenantScope& tenant, Connection& c, const AuditRecord& r) {
  SIGID_TRY(NewLink link, claimNextLink(tenant, c, r));
  SIGID_CHECK(c.execute(
      "INSERT INTO audit_events (tenant_id, id, occurred_at_ms, type, actor_type, actor_id, target_type, target_id, "
      "source_ip, request_id, outcome, data, chain_seq, prev_hash, hash) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {tenant.str(), r.id, r.occurred_at_ms, r.type, r.actor_type, r.actor_id, r.target_type, r.target_id,
       r.source_ip, r.request_id, r.outcome, r.data, link.seq, link.prev_hash, link.hash}));
  return outbox_.enqueueForEvent(tenant, c, r);
}

Result<std::vector<AuditRecord>> AuditRepository::recent(const TenantScope& tenant, Connection& c, std::size_t limit) {
  return query(tenant, c, AuditFilter{}, std::nullopt, false, limit);
}

Result<std::vector<AuditRecord>> AuditRepository::query(const TenantScope& tenant, Connection& c,
                                                        const AuditFilter& f,
                                                        const std::optional<std::string>& cursor_id, bool ascending,
                                                        std::size_t limit) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM audit_events WHERE tenant_id = ?";
  Params params{tenant.str()};
  if (f.from_ms) {
    sql += " AND occurred_at_ms >= ?";
    params.emplace_back(*f.from_ms);
  }
  if (f.to_ms) {
    sql += " AND occurred_at_ms < ?";
    params.emplace_back(*f.to_ms);
  }
  if (f.type && f.type->ends_with(".*")) {
    // A prefix as a range: index-friendly and free of LIKE's wildcard escaping.
    std::string prefix = f.type->substr(0, f.type->size() - 1);  // "user."
    std::string upper = prefix;
    upper.back() = '/';  // the character after '.'
    sql += " AND type >= ? AND type < ?";
    params.emplace_back(prefix);
    params.emplace_back(upper);
  } else {
    addFilter(sql, params, "type", f.type);
  }
  addFilter(sql, params, "actor_type", f.actor_type);
  addFilter(sql, params, "actor_id", f.actor_id);
  addFilter(sql, params, "target_type", f.target_type);
  addFilter(sql, params, "target_id", f.target_id);
  addFilter(sql, params, "outcome", f.outcome);
  if (cursor_id) {
    sql += ascending ? " AND id > ?" : " AND id < ?";
    params.emplace_back(*cursor_id);
  }
  sql += ascending ? " ORDER BY id ASC LIMIT ?" : " ORDER BY id DESC LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(limit));
  SIGID_TRY(Rows rows, c.query(sql, params));
  std::vector<AuditRecord> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(recordFrom(r));
  return out;
}

Result<std::vector<AuditRow>> AuditRepository::chain(const TenantScope& tenant, Connection& c, std::int64_t after_seq,
                                                     std::size_t limit) {
  SIGID_TRY(Rows rows, c.query(std::string("SELECT ") + kColumns +
                                   ", chain_seq, prev_hash, hash FROM audit_events WHERE tenant_id = ? AND "
                                   "chain_seq > ? ORDER BY chain_seq ASC LIMIT ?",
                               {tenant.str(), after_seq, static_cast<std::int64_t>(limit)}));
  std::vector<AuditRow> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(AuditRow{recordFrom(r), r.optionalInteger(11), r.text(12), r.text(13)});
  return out;
}

Result<std::int64_t> AuditRepository::unchainedCount(const TenantScope& tenant, Connection& c) {
  SIGID_TRY(Rows rows, c.query("SELECT COUNT(*) FROM audit_events WHERE tenant_id = ? AND chain_seq IS NULL",
                               {tenant.str()}));
  return rows.empty() ? 0 : rows[0].integer(0);
}

Result<std::optional<ChainLink>> AuditRepository::head(const TenantScope& tenant, Connection& c) {
  SIGID_TRY(Rows rows, c.query("SELECT seq, hash FROM audit_chain_heads WHERE tenant_id = ?", {tenant.str()}));
  if (rows.empty()) return std::optional<ChainLink>{};
  return std::optional<ChainLink>(ChainLink{rows[0].integer(0), rows[0].text(1)});
}

Result<std::optional<AuditCheckpoint>> AuditRepository::checkpoint(const TenantScope& tenant, Connection& c) {
  SIGID_TRY(Rows rows, c.query("SELECT seq, hash, pruned_rows, pruned_at_ms FROM audit_checkpoints WHERE tenant_id = ?",
                               {tenant.str()}));
  if (rows.empty()) return std::optional<AuditCheckpoint>{};
  return std::optional<AuditCheckpoint>(
      AuditCheckpoint{ChainLink{rows[0].integer(0), rows[0].text(1)}, rows[0].integer(2), rows[0].integer(3)});
}

Result<std::int64_t> AuditRepository::pruneBefore(const TenantScope& tenant, Connection& c, std::int64_t cutoff_ms,
                                                  std::size_t max_rows, std::int64_t now_ms) {
  // The prefix ends before the first row that must be kept: pruning by time
  // alone could punch holes where clocks of several nodes disagree.
  SIGID_TRY(Rows keep, c.query("SELECT MIN(chain_seq) FROM audit_events WHERE tenant_id = ? AND chain_seq IS NOT NULL "
                               "AND occurred_at_ms >= ?",
                               {tenant.str(), cutoff_ms}));
  SIGID_TRY(Rows first, c.query("SELECT MIN(chain_seq), MAX(chain_seq) FROM audit_events WHERE tenant_id = ? AND "
                                "chain_seq IS NOT NULL",
                                {tenant.str()}));
  if (first.empty() || first[0].isNull(0)) return std::int64_t{0};
  const std::int64_t lowest = first[0].integer(0);
  std::int64_t last = keep.empty() || keep[0].isNull(0) ? first[0].integer(1) : keep[0].integer(0) - 1;
  last = std::min<std::int64_t>(last, lowest + static_cast<std::int64_t>(max_rows) - 1);
  if (last < lowest) return std::int64_t{0};

  SIGID_TRY(Rows link, c.query("SELECT hash FROM audit_events WHERE tenant_id = ? AND chain_seq = ?", {tenant.str(), last}));
  if (link.empty()) return core::Error::internal("audit chain of tenant " + tenant.str() + " has a gap at " + std::to_string(last));
  SIGID_TRY(std::int64_t removed, c.execute("DELETE FROM audit_events WHERE tenant_id = ? AND chain_seq <= ?",
                                            {tenant.str(), last}));
  SIGID_TRY(std::int64_t updated,
            c.execute("UPDATE audit_checkpoints SET seq = ?, hash = ?, pruned_rows = pruned_rows + ?, pruned_at_ms = ? "
                      "WHERE tenant_id = ?",
                      {last, link[0].text(0), removed, now_ms, tenant.str()}));
  if (updated == 0)
    SIGID_CHECK(c.execute("INSERT INTO audit_checkpoints (tenant_id, seq, hash, pruned_rows, pruned_at_ms) "
                          "VALUES (?, ?, ?, ?, ?)",
                          {tenant.str(), last, link[0].text(0), removed, now_ms}));
  return removed;
}

Result<std::vector<std::string>> AuditRepository::chainedTenants(Connection& c) {
  SIGID_TRY(Rows rows, c.query("SELECT tenant_id FROM audit_chain_heads ORDER BY tenant_id"));
  std::vector<std::string> out;
  for (const Row& r : rows) out.push_back(r.text(0));
  return out;
}

}  // namespace sigid::store
