#include "store/repositories/authorization_request_repository.hpp"

namespace sigid::store {

namespace {

constexpr const char* kColumns =
    "handle_sha256, client_id, redirect_uri, scope, state, nonce, code_challenge, max_age, acr_values, login_hint, "
    "auth_not_before, user_id, session_id, created_at, expires_at";

}  // namespace

Result<void> AuthorizationRequestRepository::insert(const TenantScope& tenant, Connection& c,
                                                    const AuthorizationRequestRecord& r) {
  SIGID_CHECK(c.execute(std::string("INSERT INTO authorization_requests (tenant_id, ") + kColumns +
                            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        {tenant.str(), r.handle_sha256, r.client_id, r.redirect_uri, r.scope, r.state, r.nonce,
                         r.code_challenge, r.max_age ? Value(*r.max_age) : null(), r.acr_values, r.login_hint,
                         r.auth_not_before, r.user_id, r.session_id, r.created_at, r.expires_at}));
  return core::success();
}

Result<std::optional<AuthorizationRequestRecord>> AuthorizationRequestRepository::find(
    const TenantScope& tenant, Connection& c, const std::string& handle_sha256) {
  SIGID_TRY(Rows rows, c.query(std::string("SELECT ") + kColumns +
                                   " FROM authorization_requests WHERE tenant_id = ? AND handle_sha256 = ?",
                               {tenant.str(), handle_sha256}));
  if (rows.empty()) return std::optional<AuthorizationRequestRecord>{};
  const Row& x = rows.front();
  AuthorizationRequestRecord r{x.text(0),  x.text(1),     x.text(2),     x.text(3),  x.text(4),
                               x.text(5),  x.text(6),     x.optionalInteger(7), x.text(8), x.text(9),
                               x.integer(10), x.text(11), x.text(12),    x.integer(13), x.integer(14)};
  return std::optional<AuthorizationRequestRecord>{std::move(r)};
}

Result<void> AuthorizationRequestRepository::bindUser(const TenantScope& tenant, Connection& c,
                                                      const std::string& handle_sha256, const std::string& user_id,
                                                      const std::string& session_id) {
  SIGID_CHECK(c.execute("UPDATE authorization_requests SET user_id = ?, session_id = ?, auth_not_before = 0 "
                        "WHERE tenant_id = ? AND handle_sha256 = ?",
                        {user_id, session_id, tenant.str(), handle_sha256}));
  return core::success();
}

Result<bool> AuthorizationRequestRepository::remove(const TenantScope& tenant, Connection& c,
                                                    const std::string& handle_sha256) {
  SIGID_TRY(auto n, c.execute("DELETE FROM authorization_requests WHERE tenant_id = ? AND handle_sha256 = ?",
                              {tenant.str(), handle_sha256}));
  return n > 0;
}

Result<std::int64_t> AuthorizationRequestRepository::purgeExpired(const TenantScope& tenant, Connection& c,
                                                                  std::int64_t now) {
  return c.execute("DELETE FROM authorization_requests WHERE tenant_id = ? AND expires_at < ?", {tenant.str(), now});
}

}  // namespace sigid::store
