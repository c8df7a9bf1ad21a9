#include "store/repositories/refresh_token_repository.hpp"

namespace sigid::store {

namespace {

constexpr const char* kColumns =
    "token_sha256, family_id, client_id, user_id, subject, scope, auth_time, amr, acr, session_id, created_at, "
    "expires_at, used_at, revoked_at";

}  // namespace

Result<void> RefreshTokenRepository::insert(const TenantScope& tenant, Connection& c, const RefreshTokenRecord& r) {
  SIGID_CHECK(c.execute(std::string("INSERT INTO refresh_tokens (tenant_id, ") + kColumns +
                            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
                        {tenant.str(), r.token_sha256, r.family_id, r.client_id, r.user_id, r.subject, r.scope,
                         r.auth_time, r.amr, r.acr, r.session_id, r.created_at, r.expires_at}));
  return core::success();
}

Result<std::optional<RefreshTokenRecord>> RefreshTokenRepository::find(const TenantScope& tenant, Connection& c,
                                                                       const std::string& token_sha256) {
  SIGID_TRY(Rows rows, c.query(std::string("SELECT ") + kColumns +
                                   " FROM refresh_tokens WHERE tenant_id = ? AND token_sha256 = ?",
                               {tenant.str(), token_sha256}));
  if (rows.empty()) return std::optional<RefreshTokenRecord>{};
  const Row& x = rows.front();
  RefreshTokenRecord r{x.text(0),  x.text(1),     x.text(2),     x.text(3),  x.text(4),
                       x.text(5),  x.integer(6),  x.text(7),     x.text(8),  x.text(9),
                       x.integer(10), x.integer(11), x.optionalInteger(12), x.optionalInteger(13)};
  return std::optional<RefreshTokenRecord>{std::move(r)};
}

Result<bool> RefreshTokenRepository::markUsed(const TenantScope& tenant, Connection& c,
                                              const std::string& token_sha256, std::int64_t now) {
  SIGID_TRY(auto changed, c.execute("UPDATE refresh_tokens SET used_at = ? "
                                    "WHERE tenant_id = ? AND token_sha256 = ? AND used_at IS NULL",
                                    {now, tenant.str(), token_sha256}));
  return changed > 0;
}

Result<std::int64_t> RefreshTokenRepository::revokeFamily(const TenantScope& tenant, Connection& c,
                                                          const std::string& family_id, std::int64_t now) {
  return c.execute("UPDATE refresh_tokens SET revoked_at = ? "
                   "WHERE tenant_id = ? AND family_id = ? AND revoked_at IS NULL",
                   {now, tenant.str(), family_id});
}

Result<std::int64_t> RefreshTokenRepository::revokeUser(const TenantScope& tenant, Connection& c,
                                                        const std::string& user_id, std::int64_t now) {
  return c.execute("UPDATE refresh_tokens SET revoked_at = ? "
                   "WHERE tenant_id = ? AND user_id = ? AND revoked_at IS NULL",
                   {now, tenant.str(), user_id});
}

Result<std::int64_t> RefreshTokenRepository::purgeExpired(const TenantScope& tenant, Connection& c,
                                                          std::int64_t cutoff) {
  return c.execute("DELETE FROM refresh_tokens WHERE tenant_id = ? AND expires_at < ?", {tenant.str(), cutoff});
}

}  // namespace sigid::store
