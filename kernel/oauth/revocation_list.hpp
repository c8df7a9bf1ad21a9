#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/repositories/revoked_token_repository.hpp"

namespace sigid::oauth {

// Revoked access-token ids (RFC 7009) shared by every node through the
// database. Each tenant's set is kept in memory and re-read at most every
// `refresh_interval` (so a revocation on another node takes effect within it);
// a revocation on this node takes effect here at once.
//
// Fails closed: when a stale set cannot be refreshed, isRevoked is an error
// (the caller answers 503), never "not revoked".
class RevocationList {
 public:
  RevocationList(store::Database& db, const core::Clock& clock, std::chrono::milliseconds refresh_interval)
      : db_(db), clock_(clock), refresh_ms_(refresh_interval.count()) {}

  core::Result<bool> isRevoked(const core::TenantId& tenant, std::string_view jti);
  // Idempotent. `expires_at` is the token's exp: the row is deleted after it.
  core::Result<void> revoke(const core::TenantId& tenant, const std::string& jti, const std::string& client_id,
                            std::int64_t expires_at);
  // Deletes rows of expired tokens for the tenants this node has seen (periodic task).
  core::Result<void> purgeExpired();

 private:
  struct TenantSet {
    std::unordered_map<std::string, std::int64_t> jtis;  // jti -> token exp
    std::int64_t loaded_at_ms = 0;
  };
  core::Result<std::shared_ptr<const TenantSet>> current(const core::TenantId& tenant);

  store::Database& db_;
  const core::Clock& clock_;
  const std::int64_t refresh_ms_;
  store::RevokedTokenRepository repository_;
  std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const TenantSet>> by_tenant_;
  std::mutex load_mutex_;
};

}  // namespace sigid::oauth
