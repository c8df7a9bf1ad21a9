#include "oauth/refresh_tokens.hpp"

#include "core/actor.hpp"
#include "core/hashing.hpp"
#include "core/log.hpp"
#include "core/random.hpp"
#include "events/event_types.hpp"
#include "store/autocommit.hpp"

namespace sigid::oauth {

using core::Error;
using core::ErrorCode;
using core::Result;

namespace {

Error badToken() { return {ErrorCode::InvalidGrant, "refresh_token: invalid, expired or revoked"}; }

}  // namespace

store::RefreshTokenRecord RefreshTokens::record(const UserAuthorization& a, const std::string& hash,
                                                const std::string& family, std::int64_t now,
                                                std::int64_t expires_at) const {
  return {hash,        family,         a.client_id, a.user_id, a.subject, a.scope,    a.auth_time,
          joinAmr(a.amr), a.acr,       a.session_id, now,      expires_at, std::nullopt, std::nullopt};
}

Result<IssuedRefreshToken> RefreshTokens::issue(const tenancy::Tenant& tenant, const UserAuthorization& a) {
  IssuedRefreshToken issued{core::randomToken(32), core::randomToken(16)};
  const auto now = clock_.nowSeconds();
  store::AutoCommit c(db_);
  // Families past their lifetime go when a new one starts: no sweeper needed.
  SIGID_CHECK(tokens_.purgeExpired(store::TenantScope(tenant.id), c, now));
  SIGID_CHECK(tokens_.insert(store::TenantScope(tenant.id), c,
                             record(a, core::sha256Hex(issued.token), issued.family_id, now, now + ttl_)));
  return issued;
}

Result<RotatedRefreshToken> RefreshTokens::rotate(const tenancy::Tenant& tenant, const std::string& client_id,
                                                  std::string_view presented) {
  if (presented.empty() || presented.size() > 256) return badToken();
  const std::string hash = core::sha256Hex(presented);
  const store::TenantScope scope(tenant.id);
  std::optional<RotatedRefreshToken> rotated;
  bool reused = false;
  SIGID_CHECK(db_.transaction([&](store::Connection& c) -> Result<void> {
    const auto now = clock_.nowSeconds();
    SIGID_TRY(auto row, tokens_.find(scope, c, hash));
    // RFC 6749 §6: the token must have been issued to the authenticated client.
    if (!row || row->client_id != client_id || row->revoked_at || row->expires_at <= now) return core::success();
    bool won = false;
    if (!row->used_at) {
      SIGID_TRY(won, tokens_.markUsed(scope, c, hash, now));
    }
    if (!won) {
      reused = true;
      SIGID_TRY(auto revoked, tokens_.revokeFamily(scope, c, row->family_id, now));
      std::string data = "{\"client_id\":";
      core::appendJsonString(data, client_id);
      data += ",\"subject\":";
      core::appendJsonString(data, row->subject);
      data += ",\"revoked\":" + std::to_string(revoked) + "}";
      return tenants_.audit(c, core::Actor{"client", client_id, "", ""}, tenant,
                            std::string(events::types::kRefreshTokenReused), std::move(data));
    }
    UserAuthorization a{row->client_id, row->user_id, row->subject, row->scope,
                        row->auth_time, splitAmr(row->amr), row->acr, row->session_id};
    IssuedRefreshToken next{core::randomToken(32), row->family_id};
    SIGID_CHECK(tokens_.insert(scope, c, record(a, core::sha256Hex(next.token), next.family_id, now, row->expires_at)));
    rotated = RotatedRefreshToken{std::move(a), std::move(next)};
    return core::success();
  }));
  if (reused) return Error(ErrorCode::InvalidGrant, "refresh_token: already used; every token of its grant is revoked");
  if (!rotated) return badToken();
  return std::move(*rotated);
}

Result<void> RefreshTokens::revokeAccess(store::Connection& c, const tenancy::Tenant& tenant,
                                         const tenancy::Member& member) {
  SIGID_CHECK(tokens_.revokeUser(store::TenantScope(tenant.id), c, member.user_id, clock_.nowSeconds()));
  return core::success();
}

}  // namespace sigid::oauth
