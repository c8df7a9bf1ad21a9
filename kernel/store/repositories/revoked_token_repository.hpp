#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::store {

// Revoked JWT access tokens by jti (RFC 7009). A row matters only until the
// token would have expired anyway.
struct RevokedTokenRecord {
  std::string jti;
  std::string client_id;
  std::int64_t expires_at = 0;
  std::int64_t revoked_at = 0;
};

class RevokedTokenRepository {
 public:
  // Idempotent: revoking a revoked jti again changes nothing.
  Result<void> insert(const TenantScope& tenant, Connection& c, const RevokedTokenRecord& record);
  // Revocations of tokens that have not expired at `now`.
  Result<std::vector<RevokedTokenRecord>> listUnexpired(const TenantScope& tenant, Connection& c, std::int64_t now);
  Result<std::int64_t> deleteExpired(const TenantScope& tenant, Connection& c, std::int64_t now);
};

}  // namespace sigid::store
