#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::store {

// A browser session. The cookie carries a random token; only its SHA-256 is here.
struct SessionRecord {
  std::string id;  // UUIDv7: the handle shown in session lists, never the cookie
  std::string token_sha256;
  std::string user_id;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  std::int64_t auth_time = 0;
  std::string amr;  // space-separated RFC 8176 values
  std::string acr;
  std::string ip;
  std::string user_agent;
};

class SessionRepository {
 public:
  Result<void> insert(const TenantScope& tenant, Connection& c, const SessionRecord& s);
  Result<std::optional<SessionRecord>> findByTokenHash(const TenantScope& tenant, Connection& c,
                                                       const std::string& token_sha256);
  Result<void> touch(const TenantScope& tenant, Connection& c, const std::string& id, std::int64_t now);
  // Oldest first.
  Result<std::vector<SessionRecord>> listByUser(const TenantScope& tenant, Connection& c, const std::string& user_id);
  Result<bool> remove(const TenantScope& tenant, Connection& c, const std::string& id);
  Result<std::int64_t> removeByUser(const TenantScope& tenant, Connection& c, const std::string& user_id);
  // Idle sessions of one user, past their timeout.
  Result<std::int64_t> removeIdle(const TenantScope& tenant, Connection& c, const std::string& user_id,
                                  std::int64_t last_seen_before);
};

}  // namespace sigid::store
