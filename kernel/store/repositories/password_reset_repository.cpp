#include "store/repositories/password_reset_repository.hpp"

namespace sigid::store {

Result<void> PasswordResetRepository::insert(const TenantScope& tenant, Connection& c, const PasswordResetRecord& r) {
  SIGID_CHECK(c.execute("INSERT INTO password_reset_tokens (tenant_id, token_sha256, user_id, expires_at, used_at, "
                        "created_at) VALUES (?, ?, ?, ?, NULL, ?)",
                        {tenant.str(), r.token_sha256, r.user_id, r.expires_at, r.created_at}));
  return core::success();
}

Result<std::optional<PasswordResetRecord>> PasswordResetRepository::find(const TenantScope& tenant, Connection& c,
                                                                         const std::string& token_sha256) {
  SIGID_TRY(Rows rows, c.query("SELECT token_sha256, user_id, expires_at, used_at, created_at FROM "
                               "password_reset_tokens WHERE tenant_id = ? AND token_sha256 = ?",
                               {tenant.str(), token_sha256}));
  if (rows.empty()) return std::optional<PasswordResetRecord>{};
  const Row& r = rows.front();
  return std::optional<PasswordResetRecord>{
      PasswordResetRecord{r.text(0), r.text(1), r.integer(2), r.optionalInteger(3), r.integer(4)}};
}

Result<bool> PasswordResetRepository::markUsed(const TenantScope& tenant, Connection& c,
                                               const std::string& token_sha256, std::int64_t now) {
  SIGID_TRY(auto n, c.execute("UPDATE password_reset_tokens SET used_at = ? "
                              "WHERE tenant_id = ? AND token_sha256 = ? AND used_at IS NULL",
                              {now, tenant.str(), token_sha256}));
  return n > 0;
}

Result<std::optional<SignInFailureRecord>> SignInFailureRepository::find(const TenantScope& tenant, Connection& c,
                                                                         const std::string& key) {
  SIGID_TRY(Rows rows, c.query("SELECT lock_key, failures, window_started_at, locked_until FROM sign_in_failures "
                               "WHERE tenant_id = ? AND lock_key = ?",
                               {tenant.str(), key}));
  if (rows.empty()) return std::optional<SignInFailureRecord>{};
  const Row& r = rows.front();
  return std::optional<SignInFailureRecord>{SignInFailureRecord{r.text(0), r.integer(1), r.integer(2), r.integer(3)}};
}

Result<void> SignInFailureRepository::save(const TenantScope& tenant, Connection& c, const SignInFailureRecord& r) {
  SIGID_TRY(auto n, c.execute("UPDATE sign_in_failures SET failures = ?, window_started_at = ?, locked_until = ? "
                              "WHERE tenant_id = ? AND lock_key = ?",
                              {r.failures, r.window_started_at, r.locked_until, tenant.str(), r.lock_key}));
  if (n > 0) return core::success();
  SIGID_CHECK(c.execute("INSERT INTO sign_in_failures (tenant_id, lock_key, failures, window_started_at, locked_until) "
                        "VALUES (?, ?, ?, ?, ?)",
                        {tenant.str(), r.lock_key, r.failures, r.window_started_at, r.locked_until}));
  return core::success();
}

Result<void> SignInFailureRepository::remove(const TenantScope& tenant, Connection& c, const std::string& key) {
  SIGID_CHECK(c.execute("DELETE FROM sign_in_failures WHERE tenant_id = ? AND lock_key = ?", {tenant.str(), key}));
  return core::success();
}

}  // namespace sigid::store
