#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::store {

// A refresh token as stored: only its SHA-256 hex. `used_at` is set when it
// was rotated; `revoked_at` when its family, user or client lost access.
struct RefreshTokenRecord {
  std::string token_sha256;
  std::string family_id;
  std::string client_id;
  std::string user_id;
  std::string subject;
  std::string scope;
  std::int64_t auth_time = 0;
  std::string amr;
  std::string acr;
  std::string session_id;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
  std::optional<std::int64_t> used_at;
  std::optional<std::int64_t> revoked_at;
};

class RefreshTokenRepository {
 public:
  Result<void> insert(const TenantScope& tenant, Connection& c, const RefreshTokenRecord& record);
  Result<std::optional<RefreshTokenRecord>> find(const TenantScope& tenant, Connection& c,
                                                 const std::string& token_sha256);
  // false when the token was already used (a concurrent rotation won).
  Result<bool> markUsed(const TenantScope& tenant, Connection& c, const std::string& token_sha256, std::int64_t now);
  Result<std::int64_t> revokeFamily(const TenantScope& tenant, Connection& c, const std::string& family_id,
                                    std::int64_t now);
  Result<std::int64_t> revokeUser(const TenantScope& tenant, Connection& c, const std::string& user_id,
                                  std::int64_t now);
  Result<std::int64_t> purgeExpired(const TenantScope& tenant, Connection& c, std::int64_t cutoff);
};

}  // namespace sigid::store
