#include "store/repositories/revoked_token_repository.hpp"

namespace sigid::store {

Result<void> RevokedTokenRepository::insert(const TenantScope& tenant, Connection& c, const RevokedTokenRecord& r) {
  auto inserted = c.execute(
      "INSERT INTO revoked_tokens (tenant_id, jti, client_id, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?)",
      {tenant.str(), r.jti, r.client_id, r.expires_at, r.revoked_at});
  // RFC 7009 §2.2: revoking an already revoked token succeeds.
  if (!inserted && inserted.error().code() != core::ErrorCode::Conflict) return std::move(inserted).error();
  return core::success();
}

Result<std::vector<RevokedTokenRecord>> RevokedTokenRepository::listUnexpired(const TenantScope& tenant,
                                                                               Connection& c, std::int64_t now) {
  SIGID_TRY(Rows rows, c.query("SELECT jti, client_id, expires_at, revoked_at FROM revoked_tokens "
                               "WHERE tenant_id = ? AND expires_at > ?",
                               {tenant.str(), now}));
  std::vector<RevokedTokenRecord> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back({r.text(0), r.text(1), r.integer(2), r.integer(3)});
  return out;
}

Result<std::int64_t> RevokedTokenRepository::deleteExpired(const TenantScope& tenant, Connection& c,
                                                           std::int64_t now) {
  return c.execute("DELETE FROM revoked_tokens WHERE tenant_id = ? AND expires_at <= ?", {tenant.str(), now});
}

}  // namespace sigid::store
