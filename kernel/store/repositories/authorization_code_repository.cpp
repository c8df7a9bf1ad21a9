#include "store/repositories/authorization_code_repository.hpp"

namespace sigid::store {

namespace {

constexpr const char* kColumns =
    "code_sha256, client_id, redirect_uri, user_id, subject, scope, nonce, code_challenge, auth_time, amr, acr, "
    "session_id, created_at, expires_at, redeemed_at, access_jti, access_expires_at, refresh_family";

}  // namespace

Result<void> AuthorizationCodeRepository::insert(const TenantScope& tenant, Connection& c,
                                                 const AuthorizationCodeRecord& r) {
  SIGID_CHECK(c.execute(std::string("INSERT INTO authorization_codes (tenant_id, ") + kColumns +
                   ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL)",
               {tenant.str(), r.code_sha256, r.client_id, r.redirect_uri, r.user_id, r.subject, r.scope, r.nonce,
                r.code_challenge, r.auth_time, r.amr, r.acr, r.session_id, r.created_at, r.expires_at}));
  return core::success();
}

Result<std::optional<AuthorizationCodeRecord>> AuthorizationCodeRepository::find(const TenantScope& tenant,
                                                                                  Connection& c,
                                                                                  const std::string& code_sha256) {
  SIGID_TRY(Rows rows, c.query(std::string("SELECT ") + kColumns +
                                   " FROM authorization_codes WHERE tenant_id = ? AND code_sha256 = ?",
                               {tenant.str(), code_sha256}));
  if (rows.empty()) return std::optional<AuthorizationCodeRecord>{};
  const Row& x = rows.front();
  AuthorizationCodeRecord r{x.text(0),    x.text(1),    x.text(2),     x.text(3),
                            x.text(4),    x.text(5),    x.text(6),     x.text(7),
                            x.integer(8), x.text(9),    x.text(10),    x.text(11),
                            x.integer(12), x.integer(13), x.optionalInteger(14), x.optionalText(15),
                            x.optionalInteger(16), x.optionalText(17)};
  return std::optional<AuthorizationCodeRecord>{std::move(r)};
}

Result<bool> AuthorizationCodeRepository::markRedeemed(const TenantScope& tenant, Connection& c,
                                                       const std::string& code_sha256, std::int64_t now) {
  SIGID_TRY(auto changed, c.execute("UPDATE authorization_codes SET redeemed_at = ? "
                                    "WHERE tenant_id = ? AND code_sha256 = ? AND redeemed_at IS NULL",
                                    {now, tenant.str(), code_sha256}));
  return changed > 0;
}

Result<void> AuthorizationCodeRepository::recordIssued(const TenantScope& tenant, Connection& c,
                                                       const std::string& code_sha256, const std::string& access_jti,
                                                       std::int64_t access_expires_at,
                                                       const std::string& refresh_family) {
  SIGID_CHECK(c.execute("UPDATE authorization_codes SET access_jti = ?, access_expires_at = ?, refresh_family = ? "
               "WHERE tenant_id = ? AND code_sha256 = ?",
               {access_jti, access_expires_at, refresh_family.empty() ? null() : Value(refresh_family), tenant.str(),
                code_sha256}));
  return core::success();
}

Result<std::int64_t> AuthorizationCodeRepository::purgeExpired(const TenantScope& tenant, Connection& c,
                                                               std::int64_t cutoff) {
  return c.execute("DELETE FROM authorization_codes WHERE tenant_id = ? AND expires_at < ?", {tenant.str(), cutoff});
}

}  // namespace sigid::store
