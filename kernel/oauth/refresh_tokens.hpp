#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "oauth/user_authorization.hpp"
#include "store/database.hpp"
#include "store/repositories/refresh_token_repository.hpp"
#include "tenancy/tenant_service.hpp"
#include "tenancy/user_service.hpp"

namespace sigid::oauth {

struct IssuedRefreshToken {
  std::string token;  // opaque, 256 random bits; only its SHA-256 is stored
  std::string family_id;
};

struct RotatedRefreshToken {
  UserAuthorization authorization;  // as first granted (scope may be narrowed by the caller)
  IssuedRefreshToken next;
};

// Refresh tokens with rotation and reuse detection (OAuth 2.0 Security BCP
// §4.14.2): every use returns a new token and spends the old one; presenting
// a spent token means two parties hold the family, so the whole family is
// revoked and `refresh_token.reuse_detected` is audited. Suspending or
// removing a member revokes their refresh tokens in that tenant inside the
// same transaction (AccessRevocationHook).
class RefreshTokens final : public tenancy::AccessRevocationHook {
 public:
  RefreshTokens(store::Database& db, const core::Clock& clock, tenancy::TenantService& tenants,
                std::int64_t ttl_seconds)
      : db_(db), clock_(clock), tenants_(tenants), ttl_(ttl_seconds) {}

  // Starts a new family (an authorization code exchange).
  core::Result<IssuedRefreshToken> issue(const tenancy::Tenant& tenant, const UserAuthorization& authorization);

  // Spends `presented` and returns its successor in the same family, with the
  // family's original expiry unchanged: rotation does not extend a grant.
  // invalid_grant for an unknown, expired, revoked or other client's token;
  // a spent token revokes the family (and is invalid_grant too).
  core::Result<RotatedRefreshToken> rotate(const tenancy::Tenant& tenant, const std::string& client_id,
                                           std::string_view presented);

  core::Result<void> revokeAccess(store::Connection& c, const tenancy::Tenant& tenant,
                                  const tenancy::Member& member) override;

 private:
  store::RefreshTokenRecord record(const UserAuthorization& a, const std::string& hash, const std::string& family,
                                   std::int64_t now, std::int64_t expires_at) const;

  store::Database& db_;
  const core::Clock& clock_;
  tenancy::TenantService& tenants_;
  const std::int64_t ttl_;
  store::RefreshTokenRepository tokens_;
};

}  // namespace sigid::oauth
