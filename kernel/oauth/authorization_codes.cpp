#include "oauth/authorization_codes.hpp"

#include "core/hashing.hpp"
#include "core/random.hpp"
#include "oauth/pkce.hpp"
#include "store/autocommit.hpp"

namespace sigid::oauth {

using core::Error;
using core::ErrorCode;
using core::Result;

namespace {

Error badCode() { return {ErrorCode::InvalidGrant, "code: invalid, expired or already used"}; }

}  // namespace

Result<std::string> AuthorizationCodes::issue(const tenancy::Tenant& tenant, const CodeBinding& b) {
  std::string code = core::randomToken(32);  // 256 bits (DESIGN.md §4)
  const auto now = clock_.nowSeconds();
  const UserAuthorization& a = b.authorization;
  store::AutoCommit c(db_);
  // Expired rows of this tenant go on the way (a replay after expiry is simply unknown): no sweeper needed.
  SIGID_CHECK(codes_.purgeExpired(store::TenantScope(tenant.id), c, now));
  SIGID_CHECK(codes_.insert(store::TenantScope(tenant.id), c,
                            {core::sha256Hex(code), a.client_id, b.redirect_uri, a.user_id, a.subject, a.scope,
                             b.nonce, b.code_challenge, a.auth_time, joinAmr(a.amr), a.acr, a.session_id, now,
                             now + ttl_, std::nullopt, std::nullopt, std::nullopt, std::nullopt}));
  return code;
}

Result<RedeemedCode> AuthorizationCodes::redeem(const tenancy::Tenant& tenant, std::string_view code,
                                                const CodeRedemption& presented) {
  if (code.empty() || code.size() > 256) return badCode();
  const std::string hash = core::sha256Hex(code);
  const store::TenantScope scope(tenant.id);
  const auto now = clock_.nowSeconds();
  store::AutoCommit c(db_);
  SIGID_TRY(auto row, codes_.find(scope, c, hash));
  // Another tenant's code is simply unknown here: every lookup carries tenant_id.
  if (!row) return badCode();
  if (row->redeemed_at) {
    SIGID_CHECK(revokeIssued(tenant, *row));
    return Error(ErrorCode::InvalidGrant, "code: already used; the tokens issued for it are revoked");
  }
  // RFC 6749 §4.1.3: "ensure that the authorization code was issued to the authenticated confidential client".
  if (row->client_id != presented.client_id || row->expires_at <= now) return badCode();
  SIGID_TRY(bool won, codes_.markRedeemed(scope, c, hash, now));
  if (!won) return badCode();  // a concurrent redemption got it; that one stands
  // §4.1.3: redirect_uri "REQUIRED, if included in the authorization request, and their values MUST be identical".
  if (presented.redirect_uri != row->redirect_uri)
    return Error(ErrorCode::InvalidGrant, "redirect_uri: does not match the authorization request");
  if (!row->code_challenge.empty()) {
    if (presented.code_verifier.empty()) return Error::invalidRequest("code_verifier: is required");
    if (!verifierMatches(presented.code_verifier, row->code_challenge))
      return Error(ErrorCode::InvalidGrant, "code_verifier: does not match the code_challenge");  // RFC 7636 §4.6
  } else if (!presented.code_verifier.empty()) {
    // A verifier for a request that had no challenge: someone is confused, or replaying.
    return Error(ErrorCode::InvalidGrant, "code_verifier: the authorization request had no code_challenge");
  }
  UserAuthorization a{row->client_id, row->user_id, row->subject,   row->scope,
                      row->auth_time, splitAmr(row->amr), row->acr, row->session_id};
  return RedeemedCode{CodeBinding{std::move(a), row->redirect_uri, row->nonce, row->code_challenge}, hash};
}

Result<void> AuthorizationCodes::recordIssued(const tenancy::Tenant& tenant, const std::string& code_sha256,
                                              const std::string& access_jti, std::int64_t access_expires_at,
                                              const std::string& refresh_family) {
  store::AutoCommit c(db_);
  return codes_.recordIssued(store::TenantScope(tenant.id), c, code_sha256, access_jti, access_expires_at,
                             refresh_family);
}

Result<void> AuthorizationCodes::revokeIssued(const tenancy::Tenant& tenant,
                                              const store::AuthorizationCodeRecord& row) {
  if (row.access_jti && row.access_expires_at)
    SIGID_CHECK(revocations_.revoke(tenant.id, *row.access_jti, row.client_id, *row.access_expires_at));
  if (row.refresh_family) {
    store::AutoCommit c(db_);
    SIGID_CHECK(refresh_.revokeFamily(store::TenantScope(tenant.id), c, *row.refresh_family, clock_.nowSeconds()));
  }
  return core::success();
}

}  // namespace sigid::oauth
