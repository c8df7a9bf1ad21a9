#include "oauth/pending_authorizations.hpp"

#include "core/hashing.hpp"
#include "core/random.hpp"
#include "store/autocommit.hpp"

namespace sigid::oauth {

using core::Result;

namespace {

bool plausibleHandle(std::string_view handle) { return handle.size() >= 32 && handle.size() <= 64; }

}  // namespace

Result<std::string> PendingAuthorizations::park(const tenancy::Tenant& tenant, const AuthorizationRequest& r,
                                                std::int64_t auth_not_before, const std::string& stale_session) {
  std::string handle = core::randomToken(32);
  const auto now = clock_.nowSeconds();
  store::AutoCommit c(db_);
  const store::TenantScope scope(tenant.id);
  // Expired rows of this tenant go on the way: no sweeper needed.
  SIGID_CHECK(requests_.purgeExpired(scope, c, now));
  SIGID_CHECK(requests_.insert(scope, c,
                               {core::sha256Hex(handle), r.client_id, r.redirect_uri, r.scope, r.state, r.nonce,
                                r.code_challenge, r.max_age, r.acr_values, r.login_hint, auth_not_before, "",
                                stale_session, now,
                                now + kLifetimeSeconds}));
  return handle;
}

Result<std::optional<ParkedAuthorization>> PendingAuthorizations::find(const tenancy::Tenant& tenant,
                                                                       std::string_view handle) {
  if (!plausibleHandle(handle)) return std::optional<ParkedAuthorization>{};
  store::AutoCommit c(db_);
  SIGID_TRY(auto row, requests_.find(store::TenantScope(tenant.id), c, core::sha256Hex(handle)));
  if (!row || row->expires_at <= clock_.nowSeconds()) return std::optional<ParkedAuthorization>{};
  ParkedAuthorization parked;
  AuthorizationRequest& r = parked.request;
  r.client_id = row->client_id;
  r.redirect_uri = row->redirect_uri;
  r.scope = row->scope;
  r.state = row->state;
  r.nonce = row->nonce;
  r.code_challenge = row->code_challenge;
  r.max_age = row->max_age;
  r.acr_values = row->acr_values;
  r.login_hint = row->login_hint;
  parked.auth_not_before = row->auth_not_before;
  parked.user_id = row->user_id;
  parked.session_id = row->session_id;
  return std::optional<ParkedAuthorization>{std::move(parked)};
}

Result<void> PendingAuthorizations::bindUser(const tenancy::Tenant& tenant, std::string_view handle,
                                             const std::string& user_id, const std::string& session_id) {
  store::AutoCommit c(db_);
  return requests_.bindUser(store::TenantScope(tenant.id), c, core::sha256Hex(handle), user_id, session_id);
}

Result<bool> PendingAuthorizations::finish(const tenancy::Tenant& tenant, std::string_view handle) {
  if (!plausibleHandle(handle)) return false;
  store::AutoCommit c(db_);
  return requests_.remove(store::TenantScope(tenant.id), c, core::sha256Hex(handle));
}

}  // namespace sigid::oauth
