#include "store/repositories/session_repository.hpp"

namespace sigid::store {
namespace {

constexpr std::string_view kColumns =
    "id, token_sha256, user_id, created_at, last_seen_at, auth_time, amr, acr, ip, user_agent";

SessionRecord fromRow(const Row& r) {
  return SessionRecord{r.text(0),    r.text(1),    r.text(2), r.integer(3), r.integer(4),
                       r.integer(5), r.text(6),    r.text(7), r.text(8),    r.text(9)};
}

}  // namespace

Result<void> SessionRepository::insert(const TenantScope& tenant, Connection& c, const SessionRecord& s) {
  SIGID_CHECK(c.execute("INSERT INTO sessions (tenant_id, id, token_sha256, user_id, created_at, last_seen_at, "
                        "auth_time, amr, acr, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        {tenant.str(), s.id, s.token_sha256, s.user_id, s.created_at, s.last_seen_at, s.auth_time,
                         s.amr, s.acr, s.ip, s.user_agent}));
  return core::success();
}

Result<std::optional<SessionRecord>> SessionRepository::findByTokenHash(const TenantScope& tenant, Connection& c,
                                                                        const std::string& token_sha256) {
  std::string sql = "SELECT " + std::string(kColumns) + " FROM sessions WHERE tenant_id = ? AND token_sha256 = ?";
  SIGID_TRY(Rows rows, c.query(sql, {tenant.str(), token_sha256}));
  if (rows.empty()) return std::optional<SessionRecord>{};
  return std::optional<SessionRecord>{fromRow(rows.front())};
}

Result<void> SessionRepository::touch(const TenantScope& tenant, Connection& c, const std::string& id,
                                      std::int64_t now) {
  SIGID_CHECK(c.execute("UPDATE sessions SET last_seen_at = ? WHERE tenant_id = ? AND id = ?", {now, tenant.str(), id}));
  return core::success();
}

Result<std::vector<SessionRecord>> SessionRepository::listByUser(const TenantScope& tenant, Connection& c,
                                                                 const std::string& user_id) {
  std::string sql = "SELECT " + std::string(kColumns) +
                    " FROM sessions WHERE tenant_id = ? AND user_id = ? ORDER BY created_at, id";
  SIGID_TRY(Rows rows, c.query(sql, {tenant.str(), user_id}));
  std::vector<SessionRecord> out;
  for (const auto& r : rows) out.push_back(fromRow(r));
  return out;
}

Result<bool> SessionRepository::remove(const TenantScope& tenant, Connection& c, const std::string& id) {
  SIGID_TRY(auto n, c.execute("DELETE FROM sessions WHERE tenant_id = ? AND id = ?", {tenant.str(), id}));
  return n > 0;
}

Result<std::int64_t> SessionRepository::removeByUser(const TenantScope& tenant, Connection& c,
                                                     const std::string& user_id) {
  return c.execute("DELETE FROM sessions WHERE tenant_id = ? AND user_id = ?", {tenant.str(), user_id});
}

Result<std::int64_t> SessionRepository::removeIdle(const TenantScope& tenant, Connection& c,
                                                   const std::string& user_id, std::int64_t last_seen_before) {
  return c.execute("DELETE FROM sessions WHERE tenant_id = ? AND user_id = ? AND last_seen_at < ?",
                   {tenant.str(), user_id, last_seen_before});
}

}  // namespace sigid::store
